"""The versioned SQL schema. Append a migration; never edit one that has shipped.

The schema version lives in the ``schema_version`` table (not SQLite's user_version) so the same
list can later run on PostgreSQL. Types are kept to TEXT, INTEGER and DOUBLE PRECISION for the
same reason. Lists, tags and lifecycles are JSON text.
"""

from __future__ import annotations

_SCOPE = "id TEXT PRIMARY KEY, account_id TEXT NOT NULL, region_id TEXT NOT NULL, created_at DOUBLE PRECISION NOT NULL"

MIGRATIONS: list[tuple[int, str, list[str]]] = [
    (
        1,
        "initial schema: identity, VPCs, vSwitches, routes, security groups, instances, ClassicLink links",
        [
            f"CREATE TABLE accounts ({_SCOPE}, name TEXT NOT NULL)",
            f"CREATE TABLE users ({_SCOPE}, name TEXT NOT NULL, policy_names TEXT NOT NULL)",
            f"CREATE TABLE access_keys ({_SCOPE}, secret TEXT NOT NULL, status TEXT NOT NULL, user_name TEXT NOT NULL)",
            f"CREATE TABLE policies ({_SCOPE}, name TEXT NOT NULL, document TEXT NOT NULL)",
            f"""CREATE TABLE vpcs ({_SCOPE}, cidr_block TEXT NOT NULL, name TEXT NOT NULL, description TEXT NOT NULL,
                lifecycle TEXT NOT NULL, vrouter_id TEXT NOT NULL, route_table_id TEXT NOT NULL,
                classic_link_enabled INTEGER NOT NULL, is_default INTEGER NOT NULL, resource_group_id TEXT NOT NULL,
                user_cidrs TEXT NOT NULL, ipv6_cidr_block TEXT NOT NULL, tags TEXT NOT NULL)""",
            f"""CREATE TABLE vswitches ({_SCOPE}, vpc_id TEXT NOT NULL, zone_id TEXT NOT NULL, cidr_block TEXT NOT NULL,
                name TEXT NOT NULL, description TEXT NOT NULL, lifecycle TEXT NOT NULL, is_default INTEGER NOT NULL,
                resource_group_id TEXT NOT NULL, tags TEXT NOT NULL)""",
            f"""CREATE TABLE route_tables ({_SCOPE}, vpc_id TEXT NOT NULL, vrouter_id TEXT NOT NULL, name TEXT NOT NULL,
                description TEXT NOT NULL, table_type TEXT NOT NULL)""",
            f"""CREATE TABLE route_entries ({_SCOPE}, route_table_id TEXT NOT NULL, vpc_id TEXT NOT NULL,
                destination_cidr_block TEXT NOT NULL, entry_type TEXT NOT NULL, next_hop_type TEXT NOT NULL,
                next_hop_id TEXT NOT NULL, name TEXT NOT NULL, description TEXT NOT NULL, status TEXT NOT NULL)""",
            f"""CREATE TABLE security_groups ({_SCOPE}, vpc_id TEXT NOT NULL, name TEXT NOT NULL,
                description TEXT NOT NULL, group_type TEXT NOT NULL, resource_group_id TEXT NOT NULL,
                tags TEXT NOT NULL)""",
            f"""CREATE TABLE instances ({_SCOPE}, zone_id TEXT NOT NULL, name TEXT NOT NULL, description TEXT NOT NULL,
                host_name TEXT NOT NULL, instance_type TEXT NOT NULL, image_id TEXT NOT NULL,
                network_type TEXT NOT NULL, security_group_ids TEXT NOT NULL, lifecycle TEXT NOT NULL,
                vpc_id TEXT NOT NULL, vswitch_id TEXT NOT NULL, private_ip TEXT NOT NULL, inner_ip TEXT NOT NULL,
                instance_charge_type TEXT NOT NULL, internet_charge_type TEXT NOT NULL,
                internet_max_bandwidth_out INTEGER NOT NULL, cpu INTEGER NOT NULL, memory INTEGER NOT NULL,
                started_at DOUBLE PRECISION NOT NULL, deletion_protection INTEGER NOT NULL, tags TEXT NOT NULL)""",
            # id = the instance id: the primary key itself enforces one VPC per classic instance (rule L1).
            f"CREATE TABLE links ({_SCOPE}, vpc_id TEXT NOT NULL)",
            f"CREATE TABLE client_tokens ({_SCOPE}, fingerprint TEXT NOT NULL, response TEXT NOT NULL)",
            f"CREATE TABLE nonces ({_SCOPE})",
            "CREATE INDEX vpcs_account ON vpcs (account_id, region_id)",
            "CREATE INDEX vswitches_vpc ON vswitches (vpc_id)",
            "CREATE INDEX route_entries_table ON route_entries (route_table_id)",
            "CREATE INDEX instances_account ON instances (account_id, region_id)",
            "CREATE INDEX links_vpc ON links (vpc_id)",
            "CREATE INDEX nonces_created ON nonces (created_at)",
            "CREATE INDEX client_tokens_created ON client_tokens (created_at)",
            "CREATE INDEX access_keys_account ON access_keys (account_id)",
        ],
    ),
    (
        2,
        "disks of instances; instances keep their user data",
        [
            "ALTER TABLE instances ADD COLUMN user_data TEXT NOT NULL DEFAULT ''",
            f"""CREATE TABLE disks ({_SCOPE}, zone_id TEXT NOT NULL, disk_type TEXT NOT NULL, category TEXT NOT NULL,
                size INTEGER NOT NULL, instance_id TEXT NOT NULL, device TEXT NOT NULL, name TEXT NOT NULL,
                description TEXT NOT NULL, performance_level TEXT NOT NULL, delete_with_instance INTEGER NOT NULL,
                encrypted INTEGER NOT NULL, kms_key_id TEXT NOT NULL, portable INTEGER NOT NULL,
                image_id TEXT NOT NULL, charge_type TEXT NOT NULL, resource_group_id TEXT NOT NULL,
                attached_at DOUBLE PRECISION NOT NULL, detached_at DOUBLE PRECISION NOT NULL,
                expires_at DOUBLE PRECISION NOT NULL, tags TEXT NOT NULL)""",
            "CREATE INDEX disks_account ON disks (account_id, region_id)",
            "CREATE INDEX disks_instance ON disks (instance_id)",
        ],
    ),
    (
        3,
        "RAM roles and STS temporary credentials",
        [
            f"""CREATE TABLE roles ({_SCOPE}, name TEXT NOT NULL, role_id TEXT NOT NULL, trust_policy TEXT NOT NULL,
                policy_names TEXT NOT NULL, max_session_duration INTEGER NOT NULL)""",
            f"""CREATE TABLE sts_credentials ({_SCOPE}, secret TEXT NOT NULL, token TEXT NOT NULL,
                role_name TEXT NOT NULL, role_id TEXT NOT NULL, session_name TEXT NOT NULL,
                session_policy TEXT NOT NULL, expires_at DOUBLE PRECISION NOT NULL, assumed_by TEXT NOT NULL)""",
            "CREATE INDEX sts_credentials_created ON sts_credentials (created_at)",
        ],
    ),
    (
        4,
        "fault rules armed at run time, shared by every worker",
        [
            f"""CREATE TABLE fault_rules ({_SCOPE}, action TEXT NOT NULL, error TEXT NOT NULL,
                latency_ms INTEGER NOT NULL, remaining INTEGER NOT NULL, percent INTEGER NOT NULL,
                calls INTEGER NOT NULL, hits INTEGER NOT NULL)""",
        ],
    ),
    (
        5,
        "indexes for the queries requests make; addresses unique where the rules say so",
        [
            # The classic network is shared by every account of a region; a vSwitch's addresses are its own.
            "CREATE UNIQUE INDEX instances_inner_ip ON instances (region_id, inner_ip) WHERE inner_ip <> ''",
            "CREATE UNIQUE INDEX instances_private_ip ON instances (vswitch_id, private_ip) WHERE private_ip <> ''",
            # A page in store order straight from an index: no sort of the account's whole region.
            "CREATE INDEX instances_page ON instances (account_id, region_id, created_at, id)",
            # Look-ups by address bind it as a parameter, which cannot prove the partial indexes' condition
            # (address <> ''): these plain indexes answer them.
            "CREATE INDEX instances_region_inner_ip ON instances (region_id, inner_ip)",
            "CREATE INDEX instances_vswitch ON instances (vswitch_id, private_ip)",
            "CREATE INDEX instances_vpc ON instances (vpc_id)",
            "CREATE INDEX disks_page ON disks (account_id, region_id, created_at, id)",
            "CREATE INDEX links_account ON links (account_id, region_id)",
            "CREATE INDEX security_groups_account ON security_groups (account_id, region_id)",
            "CREATE INDEX security_groups_vpc ON security_groups (vpc_id)",
            "CREATE INDEX vswitches_account ON vswitches (account_id, region_id)",
            "CREATE INDEX route_tables_vpc ON route_tables (vpc_id)",
            "CREATE INDEX route_entries_vpc ON route_entries (vpc_id)",
        ],
    ),
    (
        6,
        "security-group rules; a group's inner-access policy",
        [
            "ALTER TABLE security_groups ADD COLUMN inner_access_policy TEXT NOT NULL DEFAULT ''",
            f"""CREATE TABLE security_group_rules ({_SCOPE}, security_group_id TEXT NOT NULL,
                direction TEXT NOT NULL, ip_protocol TEXT NOT NULL, port_range TEXT NOT NULL, policy TEXT NOT NULL,
                priority INTEGER NOT NULL, nic_type TEXT NOT NULL, source_cidr_ip TEXT NOT NULL,
                ipv6_source_cidr_ip TEXT NOT NULL, source_group_id TEXT NOT NULL,
                source_group_owner_account TEXT NOT NULL, source_prefix_list_id TEXT NOT NULL,
                source_port_range TEXT NOT NULL, dest_cidr_ip TEXT NOT NULL, ipv6_dest_cidr_ip TEXT NOT NULL,
                dest_group_id TEXT NOT NULL, dest_group_owner_account TEXT NOT NULL,
                dest_prefix_list_id TEXT NOT NULL, description TEXT NOT NULL)""",
            "CREATE INDEX security_group_rules_group ON security_group_rules (security_group_id, created_at, id)",
            # "Which rules reference this group?" (DeleteSecurityGroup's dependency, the references API).
            "CREATE INDEX security_group_rules_source ON security_group_rules (source_group_id)",
            "CREATE INDEX security_group_rules_dest ON security_group_rules (dest_group_id)",
        ],
    ),
    (
        11,
        "VPCs' secondary CIDR blocks and DNS hostname status; vSwitches' IPv6 blocks; route tables' tags and "
        "route propagation; when a route entry last changed",
        [
            "ALTER TABLE vpcs ADD COLUMN secondary_cidr_blocks TEXT NOT NULL DEFAULT '[]'",
            "ALTER TABLE vpcs ADD COLUMN dns_hostname_status TEXT NOT NULL DEFAULT 'DISABLED'",
            "ALTER TABLE vswitches ADD COLUMN ipv6_cidr_block TEXT NOT NULL DEFAULT ''",
            "ALTER TABLE route_tables ADD COLUMN tags TEXT NOT NULL DEFAULT '[]'",
            "ALTER TABLE route_tables ADD COLUMN route_propagation_enable INTEGER NOT NULL DEFAULT 1",
            "ALTER TABLE route_entries ADD COLUMN gmt_modified DOUBLE PRECISION NOT NULL DEFAULT 0",
            # DescribeRouteTables / DescribeVRouters look tables up by their router.
            "CREATE INDEX route_tables_vrouter ON route_tables (vrouter_id)",
        ],
    ),
    (
        14,
        "the identity version: raised by every write to accounts, users, keys, policies, roles or STS "
        "credentials, so workers cache identities and notice another's change with one cheap read",
        [
            "CREATE TABLE identity_version (id INTEGER PRIMARY KEY, version INTEGER NOT NULL)",
            "INSERT INTO identity_version (id, version) VALUES (1, 0)",
        ],
    ),
]

LATEST = max(version for version, _, _ in MIGRATIONS)
