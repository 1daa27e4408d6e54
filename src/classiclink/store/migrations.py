"""The versioned SQL schema. Append a migration; never edit one that has shipped.

The schema version lives in the ``schema_version`` table (not SQLite's user_version) so the same
list can later run on PostgreSQL. Types are kept to TEXT, INTEGER and DOUBLE PRECISION for the
same reason. Lists, tags and lifecycles are JSON text.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

# Tables whose rows per (account, region) the store counts as it writes them (migration 15, store/sql.py):
# the totals of the paged reads without a filter (DescribeInstances' TotalCount ...) and the VPC quota.
COUNTED_TABLES = ("instances", "disks", "vpcs", "vswitches", "security_groups", "links")
ROW_COUNTS = 15  # the migration that adds row_counts

# List columns whose elements the store indexes in security_group_members (migration 21, store/sql.py): "the
# instances (ENIs) of group g" is then an index lookup, not a scan of every row's JSON list.
MEMBER_LISTS = {"instances": "security_group_ids", "network_interfaces": "security_group_ids"}
GROUP_MEMBERS = 21  # the migration that adds security_group_members

# Columns a partial unique index covers only where they are set (``WHERE column <> ''``, migrations 5 and 10): a
# look-up of a set value says so in a literal term (store/sql.py), which lets the planner use that index for it
# (a bound parameter cannot prove the index's condition). Migration 23 then dropped the plain indexes that
# answered those look-ups before.
SET_ONLY_UNIQUE = {"instances": ("inner_ip", "private_ip", "public_ip")}

Statement = str | Callable[[Any, str], None]  # SQL, or a step run with (connection, parameter mark)

_SCOPE = "id TEXT PRIMARY KEY, account_id TEXT NOT NULL, region_id TEXT NOT NULL, created_at DOUBLE PRECISION NOT NULL"


# SQLite's nonce keys begin with the number of the NONCE_BUCKET_SECONDS period they were claimed in, zero-padded
# so that keys sort by it (store/sqlite.py): a replay is looked up in the few periods the window spans, and
# the periods wholly before the window are one range of the primary key. The created_at index goes.
NONCE_BUCKET_SECONDS = 900
NONCE_BUCKET_DIGITS = 10


def _keyed_nonces(conn: Any, mark: str) -> None:
    if mark != "?":
        return  # PostgreSQL keeps its heap and indexes: no per-index page image is written at each commit
    conn.execute(
        "CREATE TABLE nonces_keyed (id TEXT PRIMARY KEY, account_id TEXT NOT NULL, region_id TEXT NOT NULL, "
        "created_at DOUBLE PRECISION NOT NULL) WITHOUT ROWID"
    )
    conn.execute(
        f"INSERT INTO nonces_keyed SELECT printf('%0{NONCE_BUCKET_DIGITS}d', "
        f"CAST(created_at / {NONCE_BUCKET_SECONDS} AS INTEGER)) || ':' || id, account_id, region_id, created_at "
        "FROM nonces"
    )
    conn.execute("DROP TABLE nonces")
    conn.execute("ALTER TABLE nonces_keyed RENAME TO nonces")


MIGRATIONS: list[tuple[int, str, list[Statement]]] = [
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
        7,
        "custom images, snapshots, SSH key pairs (the instance's key pair name: migration 10)",
        [
            f"""CREATE TABLE snapshots ({_SCOPE}, disk_id TEXT NOT NULL, source_disk_type TEXT NOT NULL,
                source_disk_size INTEGER NOT NULL, source_disk_category TEXT NOT NULL, instance_id TEXT NOT NULL,
                name TEXT NOT NULL, description TEXT NOT NULL, lifecycle TEXT NOT NULL, image_id TEXT NOT NULL,
                category TEXT NOT NULL,
                retention_days INTEGER NOT NULL, encrypted INTEGER NOT NULL, kms_key_id TEXT NOT NULL,
                instant_access INTEGER NOT NULL, resource_group_id TEXT NOT NULL, tags TEXT NOT NULL)""",
            f"""CREATE TABLE images ({_SCOPE}, name TEXT NOT NULL, description TEXT NOT NULL, lifecycle TEXT NOT NULL,
                os_type TEXT NOT NULL, platform TEXT NOT NULL, os_name TEXT NOT NULL, os_name_en TEXT NOT NULL,
                architecture TEXT NOT NULL, size INTEGER NOT NULL, boot_mode TEXT NOT NULL,
                image_family TEXT NOT NULL, image_version TEXT NOT NULL, source_instance_id TEXT NOT NULL,
                disk_device_mappings TEXT NOT NULL, snapshot_ids TEXT NOT NULL, resource_group_id TEXT NOT NULL,
                tags TEXT NOT NULL)""",
            f"""CREATE TABLE key_pairs ({_SCOPE}, name TEXT NOT NULL, fingerprint TEXT NOT NULL,
                public_key TEXT NOT NULL, resource_group_id TEXT NOT NULL, tags TEXT NOT NULL)""",
            "CREATE INDEX snapshots_page ON snapshots (account_id, region_id, created_at, id)",
            "CREATE INDEX snapshots_disk ON snapshots (disk_id)",
            "CREATE INDEX images_page ON images (account_id, region_id, created_at, id)",
            # Key pair names are unique per account and region (KeyPair.AlreadyExist).
            "CREATE UNIQUE INDEX key_pairs_name ON key_pairs (account_id, region_id, name)",
        ],
    ),
    (
        8,
        "elastic IP addresses, elastic network interfaces (every VPC instance's primary one) and their addresses",
        [
            f"""CREATE TABLE eip_addresses ({_SCOPE}, ip_address TEXT NOT NULL, name TEXT NOT NULL,
                description TEXT NOT NULL, bandwidth INTEGER NOT NULL, internet_charge_type TEXT NOT NULL,
                instance_charge_type TEXT NOT NULL, isp TEXT NOT NULL, netmode TEXT NOT NULL,
                resource_group_id TEXT NOT NULL, instance_id TEXT NOT NULL, instance_type TEXT NOT NULL,
                private_ip TEXT NOT NULL, vpc_id TEXT NOT NULL, expires_at DOUBLE PRECISION NOT NULL,
                tags TEXT NOT NULL)""",
            # Public addresses are the region's, whoever holds them.
            "CREATE UNIQUE INDEX eip_addresses_ip ON eip_addresses (region_id, ip_address)",
            "CREATE INDEX eip_addresses_page ON eip_addresses (account_id, region_id, created_at, id)",
            "CREATE INDEX eip_addresses_instance ON eip_addresses (instance_id)",
            f"""CREATE TABLE network_interfaces ({_SCOPE}, zone_id TEXT NOT NULL, vpc_id TEXT NOT NULL,
                vswitch_id TEXT NOT NULL, interface_type TEXT NOT NULL, mac_address TEXT NOT NULL,
                primary_ip TEXT NOT NULL, security_group_ids TEXT NOT NULL, secondary_ips TEXT NOT NULL,
                ipv6_addresses TEXT NOT NULL, instance_id TEXT NOT NULL, name TEXT NOT NULL,
                description TEXT NOT NULL, resource_group_id TEXT NOT NULL, attached_at DOUBLE PRECISION NOT NULL,
                delete_on_release INTEGER NOT NULL, tags TEXT NOT NULL)""",
            "CREATE INDEX network_interfaces_page ON network_interfaces (account_id, region_id, created_at, id)",
            "CREATE INDEX network_interfaces_instance ON network_interfaces (instance_id)",
            "CREATE INDEX network_interfaces_vswitch ON network_interfaces (vswitch_id, primary_ip)",
            f"""CREATE TABLE private_addresses ({_SCOPE}, vswitch_id TEXT NOT NULL, address TEXT NOT NULL,
                network_interface_id TEXT NOT NULL)""",
            "CREATE INDEX private_addresses_vswitch ON private_addresses (vswitch_id, address)",
            "CREATE INDEX private_addresses_interface ON private_addresses (network_interface_id)",
            # VPC instances made before this version get their primary ENI, named after the instance.
            """INSERT INTO network_interfaces (id, account_id, region_id, created_at, zone_id, vpc_id, vswitch_id,
                interface_type, mac_address, primary_ip, security_group_ids, secondary_ips, ipv6_addresses,
                instance_id, name, description, resource_group_id, attached_at, delete_on_release, tags)
                SELECT 'eni-' || substr(id, 3), account_id, region_id, created_at, zone_id, vpc_id, vswitch_id,
                'Primary', '00:16:3e:' || substr(id, 5, 2) || ':' || substr(id, 7, 2) || ':' || substr(id, 9, 2),
                private_ip, security_group_ids, '[]', '[]', id, '', '', '', created_at, 1, '[]'
                FROM instances WHERE network_type = 'vpc'""",
        ],
    ),
    (
        9,
        "the disk lifecycle: disk attributes; automatic snapshot policies",
        [
            "ALTER TABLE disks ADD COLUMN delete_auto_snapshot INTEGER NOT NULL DEFAULT 0",
            "ALTER TABLE disks ADD COLUMN enable_auto_snapshot INTEGER NOT NULL DEFAULT 1",
            "ALTER TABLE disks ADD COLUMN bursting_enabled INTEGER NOT NULL DEFAULT 0",
            "ALTER TABLE disks ADD COLUMN provisioned_iops INTEGER NOT NULL DEFAULT 0",
            "ALTER TABLE disks ADD COLUMN auto_snapshot_policy_id TEXT NOT NULL DEFAULT ''",
            "ALTER TABLE disks ADD COLUMN source_snapshot_id TEXT NOT NULL DEFAULT ''",
            "ALTER TABLE disks ADD COLUMN origin_instance_id TEXT NOT NULL DEFAULT ''",
            # Existing system disks belong to the instance they are attached to.
            "UPDATE disks SET origin_instance_id = instance_id WHERE disk_type = 'system'",
            f"""CREATE TABLE auto_snapshot_policies ({_SCOPE}, name TEXT NOT NULL, time_points TEXT NOT NULL,
                repeat_weekdays TEXT NOT NULL, retention_days INTEGER NOT NULL, enable_cross_region_copy INTEGER NOT NULL,
                target_copy_regions TEXT NOT NULL, copied_snapshots_retention_days INTEGER NOT NULL,
                resource_group_id TEXT NOT NULL, tags TEXT NOT NULL)""",
            "CREATE INDEX auto_snapshot_policies_page ON auto_snapshot_policies (account_id, region_id, created_at, id)",
            # DescribeDisks' AutoSnapshotPolicyId filter, DiskNums and DeleteAutoSnapshotPolicy's release of disks.
            "CREATE INDEX disks_auto_snapshot_policy ON disks (auto_snapshot_policy_id)",
            # DeleteInstance releases the system disks detached from it.
            "CREATE INDEX disks_origin_instance ON disks (origin_instance_id)",
        ],
    ),
    (
        10,
        "instances: key pair, resource group, public IP, auto-release, expiry, stopped mode, metadata and spot options",
        [
            *(
                f"ALTER TABLE instances ADD COLUMN {column}"
                for column in (
                    "key_pair_name TEXT NOT NULL DEFAULT ''",
                    "resource_group_id TEXT NOT NULL DEFAULT ''",
                    "public_ip TEXT NOT NULL DEFAULT ''",
                    "auto_release_at DOUBLE PRECISION NOT NULL DEFAULT 0",
                    "expires_at DOUBLE PRECISION NOT NULL DEFAULT 0",
                    "stopped_mode TEXT NOT NULL DEFAULT ''",
                    "io_optimized INTEGER NOT NULL DEFAULT 1",
                    "ram_role_name TEXT NOT NULL DEFAULT ''",
                    "http_endpoint TEXT NOT NULL DEFAULT 'enabled'",
                    "http_tokens TEXT NOT NULL DEFAULT 'optional'",
                    "http_put_response_hop_limit INTEGER NOT NULL DEFAULT 1",
                    "spot_strategy TEXT NOT NULL DEFAULT 'NoSpot'",
                    "spot_price_limit DOUBLE PRECISION NOT NULL DEFAULT 0",
                    "spot_duration INTEGER NOT NULL DEFAULT 0",
                    "spot_interruption_behavior TEXT NOT NULL DEFAULT 'Terminate'",
                    "credit_specification TEXT NOT NULL DEFAULT ''",
                    "password_set INTEGER NOT NULL DEFAULT 0",
                )
            ),
            # The public network is shared like the classic one: a public address is unique in a region.
            "CREATE UNIQUE INDEX instances_public_ip ON instances (region_id, public_ip) WHERE public_ip <> ''",
            "CREATE INDEX instances_region_public_ip ON instances (region_id, public_ip)",
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
        12,
        "instances: maintenance, auto-renew and private-pool attributes; jumbo frames, network encryption, queue "
        "number, inbound bandwidth, metadata tags, recyclable",
        [
            *(
                f"ALTER TABLE instances ADD COLUMN {column}"
                for column in (
                    "maintenance_windows TEXT NOT NULL DEFAULT '[]'",
                    "action_on_maintenance TEXT NOT NULL DEFAULT 'AutoRecover'",
                    "notify_on_maintenance INTEGER NOT NULL DEFAULT 0",
                    "renewal_status TEXT NOT NULL DEFAULT 'Normal'",
                    "renewal_duration INTEGER NOT NULL DEFAULT 0",
                    "renewal_period_unit TEXT NOT NULL DEFAULT 'Month'",
                    "private_pool_match_criteria TEXT NOT NULL DEFAULT 'None'",
                    "private_pool_id TEXT NOT NULL DEFAULT ''",
                    "enable_jumbo_frame INTEGER NOT NULL DEFAULT 0",
                    "enable_network_encryption INTEGER NOT NULL DEFAULT 0",
                    "network_interface_queue_number INTEGER NOT NULL DEFAULT 0",
                    "internet_max_bandwidth_in INTEGER NOT NULL DEFAULT -1",
                    "instance_metadata_tags TEXT NOT NULL DEFAULT 'disabled'",
                    "recyclable INTEGER NOT NULL DEFAULT 0",
                )
            ),
            # DescribeInstanceRamRole's RamRoleName filter.
            "CREATE INDEX instances_ram_role ON instances (account_id, ram_role_name)",
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
    (
        15,
        "row counts per account, region and table, kept by the store's writes: unfiltered totals without a scan",
        [
            """CREATE TABLE row_counts (account_id TEXT NOT NULL, region_id TEXT NOT NULL, table_name TEXT NOT NULL,
               n INTEGER NOT NULL, PRIMARY KEY (account_id, region_id, table_name))""",
            # Prefixes of instances_page / disks_page (migration 5): with them, a planner misled by stale
            # statistics (PostgreSQL after a bulk seed) scanned the whole region and sorted it for one page.
            "DROP INDEX instances_account",
            "DROP INDEX disks_account",
            # The backfill: what the tables held before this migration.
            *(
                f"""INSERT INTO row_counts (account_id, region_id, table_name, n)
                  SELECT account_id, region_id, '{table}', COUNT(*) FROM {table} GROUP BY account_id, region_id"""
                for table in COUNTED_TABLES
            ),
        ],
    ),
    (
        16,
        "page indexes (account, region, creation order) for every listed table, replacing the (account, region) "
        "ones, and the scheduled auto-releases: a page and its total cost the same at 100 rows and at a million",
        [
            # A page of DescribeVpcs walked (account, region) and sorted the whole region for 50 rows.
            *(
                f"CREATE INDEX {table}_page ON {table} (account_id, region_id, created_at, id)"
                for table in ("vpcs", "vswitches", "security_groups", "links", "route_tables", "route_entries")
            ),
            "DROP INDEX vpcs_account",
            "DROP INDEX vswitches_account",
            "DROP INDEX security_groups_account",
            "DROP INDEX links_account",
            # One VPC's rows in creation order (DescribeClassicLinkInstances, DescribeVSwitches, ... by VpcId):
            # the page is read off the index, not filtered out of the account's whole list.
            *(
                stmt
                for table in ("vswitches", "security_groups", "instances")
                for stmt in (f"DROP INDEX {table}_vpc", f"CREATE INDEX {table}_vpc ON {table} (vpc_id, created_at, id)")
            ),
            # A VPC's links with their account and region: AttachClassicLinkVpc's count of the VPC's links (the
            # 1,000 limit) is read off the index alone, and DescribeClassicLinkInstances' page too.
            "DROP INDEX links_vpc",
            "CREATE INDEX links_vpc ON links (vpc_id, account_id, region_id, created_at, id)",
            # Only instances with an AutoReleaseTime: the released ones are subtracted from the kept count.
            "CREATE INDEX instances_release ON instances (account_id, region_id, auto_release_at) "
            "WHERE auto_release_at > 0",
        ],
    ),
    (
        17,
        "account conditions (billing, authorizations, stock, quotas) set through the admin API: one JSON document "
        "per account",
        [f"CREATE TABLE account_conditions ({_SCOPE}, document TEXT NOT NULL)"],
    ),
    (
        19,
        "elastic network interfaces: whether RunInstances made one with its instance (DeleteOnRelease)",
        ["ALTER TABLE network_interfaces ADD COLUMN created_with_instance INTEGER NOT NULL DEFAULT 0"],
    ),
    (
        20,
        "settings that read back: instance launch options, ENI queues and traffic modes, image features, "
        "snapshot instant-access retention, policy copy encryption and target tags, a VPC's IPv6 line",
        [
            "ALTER TABLE instances ADD COLUMN options TEXT NOT NULL DEFAULT '{}'",
            "ALTER TABLE network_interfaces ADD COLUMN options TEXT NOT NULL DEFAULT '{}'",
            "ALTER TABLE images ADD COLUMN options TEXT NOT NULL DEFAULT '{}'",
            "ALTER TABLE auto_snapshot_policies ADD COLUMN options TEXT NOT NULL DEFAULT '{}'",
            "ALTER TABLE snapshots ADD COLUMN instant_access_retention_days INTEGER NOT NULL DEFAULT 0",
            "ALTER TABLE vpcs ADD COLUMN ipv6_isp TEXT NOT NULL DEFAULT 'BGP'",
        ],
    ),
    (
        GROUP_MEMBERS,
        "security group members (instances and ENIs per group), kept by the store's writes: a group's member "
        "count and the SecurityGroupId filters without reading every instance's list",
        [
            # The member's account and region in the key: a group's count is read off the key alone.
            """CREATE TABLE security_group_members (group_id TEXT NOT NULL, table_name TEXT NOT NULL,
               account_id TEXT NOT NULL, region_id TEXT NOT NULL, member_id TEXT NOT NULL,
               PRIMARY KEY (group_id, table_name, account_id, region_id, member_id))""",
            "CREATE INDEX security_group_members_member ON security_group_members (member_id)",
            lambda conn, mark: _backfill_members(conn, mark),
        ],
    ),
    (
        22,
        "nonces keyed by the quarter hour they were claimed in (SQLite, WITHOUT ROWID): a claim writes one "
        "B-tree, not three, and a purge deletes a key range",
        [_keyed_nonces],
    ),
    (
        23,
        "the plain (region, inner IP) and (region, public IP) indexes of instances dropped: look-ups of a set address "
        "read the partial unique indexes, which hold the same entries less the empty ones",
        [
            # A look-up by address now carries "address <> ''" as a literal (SET_ONLY_UNIQUE, store/sql.py), which
            # proves the partial index's condition. Every insert had paid for these entries twice.
            "DROP INDEX instances_region_inner_ip",
            "DROP INDEX instances_region_public_ip",
        ],
    ),
]


def _backfill_members(conn: Any, mark: str) -> None:
    """The members the tables held before migration 21, read in batches (the lists are JSON text)."""
    insert = (f"INSERT INTO security_group_members (group_id, table_name, account_id, region_id, member_id) "
              f"VALUES ({mark}, {mark}, {mark}, {mark}, {mark})")  # fmt: skip
    for table, column in MEMBER_LISTS.items():
        cursor = conn.execute(f"SELECT id, account_id, region_id, {column} FROM {table}")
        while rows := cursor.fetchmany(10_000):
            members = [(group, table, account, region, row_id) for row_id, account, region, groups in rows
                       for group in dict.fromkeys(json.loads(groups))]  # fmt: skip
            if members:
                conn.cursor().executemany(insert, members)


LATEST = max(version for version, _, _ in MIGRATIONS)
