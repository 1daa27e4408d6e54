"""The resources of the ClassicLink control plane, as plain dataclasses.

Every resource belongs to one account and one region; the store never lets one account read
another's rows. Status changes that take time on the real service (Pending -> Available,
Starting -> Running ...) are kept as a ``Lifecycle``: the status now, plus the scheduled steps still
to come, so that reading a resource never needs a background worker or a write.
"""

from __future__ import annotations

import json
import os
import secrets
import string
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from .regions import find_region

_ID_ALPHABET = string.ascii_lowercase + string.digits
_ID_TABLE = (_ID_ALPHABET * 8)[:256].encode("ascii")
_ID_DROPPED = bytes(range(252, 256))


def new_id(prefix: str, region_id: str) -> str:
    """An ID shaped like the real ones: prefix, the region's tag, lower-case alphanumerics (22 after the dash)."""
    region = find_region(region_id)
    tag = region.id_tag if region else "xx"
    length = 22 - len(tag)
    # Random bytes below 252 (= 7 x 36) mapped to the alphabet, the rest dropped: uniform like a choice per
    # character, done in C (bulk seeding makes millions of IDs).
    suffix = b""
    while len(suffix) < length:
        suffix += secrets.token_bytes(length + 8).translate(_ID_TABLE, _ID_DROPPED)
    return f"{prefix}-{tag}" + suffix[:length].decode("ascii")


def new_ids(prefix: str, region_id: str, count: int) -> Iterator[str]:
    """``count`` IDs as ``new_id`` makes them, from one draw of random bytes (bulk seeding makes millions)."""
    region = find_region(region_id)
    head = f"{prefix}-{region.id_tag if region else 'xx'}"
    length = 22 - (len(head) - len(prefix) - 1)
    pool, at = b"", 0
    for _ in range(count):
        if at + length > len(pool):
            pool, at = pool[at:] + secrets.token_bytes(length * 4096).translate(_ID_TABLE, _ID_DROPPED), 0
        yield head + pool[at : at + length].decode("ascii")
        at += length


def new_request_id() -> str:
    """A version-4 UUID in upper case, as the real service's RequestIds are; built from 16 random bytes
    directly (uuid.uuid4 and its str() cost twice as much, on every request)."""
    raw = bytearray(os.urandom(16))
    raw[6] = (raw[6] & 0x0F) | 0x40  # version 4
    raw[8] = (raw[8] & 0x3F) | 0x80  # RFC 4122 variant
    h = raw.hex().upper()
    return f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}"


@dataclass
class Lifecycle:
    """A status and the steps (epoch seconds, status) it will take next, in time order."""

    status: str
    steps: list[tuple[float, str]] = field(default_factory=list)

    def at(self, now: float) -> str:
        current = self.status
        for when, status in self.steps:
            if when <= now:
                current = status
        return current

    def settle(self, now: float) -> None:
        """Fold the steps that have happened into ``status``."""
        self.status = self.at(now)
        self.steps = [(when, status) for when, status in self.steps if when > now]

    def move(self, now: float, status: str, *later: tuple[float, str]) -> None:
        """Enter ``status`` now, then each (delay, status) in turn; with delay 0 the last status holds at once."""
        self.status = status
        self.steps = []
        at = now
        for delay, next_status in later:
            at += max(delay, 0.0)
            if at <= now:
                self.status = next_status
            else:
                self.steps.append((at, next_status))

    def encode(self) -> str:
        return json.dumps([self.status, self.steps])

    @classmethod
    def decode(cls, text: str) -> Lifecycle:
        status, steps = json.loads(text)
        return cls(status, [(float(w), str(s)) for w, s in steps])


@dataclass
class Resource:
    id: str
    account_id: str
    region_id: str
    created_at: float


@dataclass
class Vpc(Resource):
    cidr_block: str
    name: str
    description: str
    lifecycle: Lifecycle
    vrouter_id: str
    route_table_id: str
    classic_link_enabled: bool = False
    is_default: bool = False
    resource_group_id: str = ""
    user_cidrs: list[str] = field(default_factory=list)
    ipv6_cidr_block: str = ""
    tags: list[dict[str, str]] = field(default_factory=list)
    # AssociateVpcCidrBlock's secondary IPv4 blocks, in the order added (schema version 11).
    secondary_cidr_blocks: list[str] = field(default_factory=list)
    dns_hostname_status: str = "DISABLED"  # ENABLED | DISABLED (ModifyVpcAttribute EnableDnsHostname)
    ipv6_isp: str = "BGP"  # the IPv6 block's line (CreateVpc / ModifyVpcAttribute Ipv6Isp; schema version 20)

    @property
    def cidr_blocks(self) -> list[str]:
        """The primary block, then the secondary ones: where the VPC's vSwitches may lie."""
        return [self.cidr_block, *self.secondary_cidr_blocks]


@dataclass
class VSwitch(Resource):
    vpc_id: str
    zone_id: str
    cidr_block: str
    name: str
    description: str
    lifecycle: Lifecycle
    is_default: bool = False
    resource_group_id: str = ""
    tags: list[dict[str, str]] = field(default_factory=list)
    ipv6_cidr_block: str = ""  # an IPv6 /64 of the VPC's /56 (schema version 11)


@dataclass
class RouteTable(Resource):
    vpc_id: str
    vrouter_id: str
    name: str = ""
    description: str = ""
    table_type: str = "System"
    tags: list[dict[str, str]] = field(default_factory=list)  # schema version 11
    route_propagation_enable: bool = True


@dataclass
class RouteEntry(Resource):
    route_table_id: str
    vpc_id: str
    destination_cidr_block: str
    entry_type: str  # System | Custom
    next_hop_type: str = ""
    next_hop_id: str = ""
    name: str = ""
    description: str = ""
    status: str = "Available"
    gmt_modified: float = 0.0  # the last ModifyRouteEntry; 0 = never modified (schema version 11)


@dataclass
class SecurityGroup(Resource):
    vpc_id: str  # "" for a classic-network group
    name: str
    description: str
    group_type: str = "normal"
    resource_group_id: str = ""
    tags: list[dict[str, str]] = field(default_factory=list)
    # How members of the group reach each other: Accept, or Drop (enterprise groups always; schema version 6).
    # "" = the group type's default (normal: Accept, enterprise: Drop).
    inner_access_policy: str = ""

    @property
    def network_type(self) -> str:
        return "vpc" if self.vpc_id else "classic"


@dataclass
class SecurityGroupRule(Resource):
    """One permission of a security group (AuthorizeSecurityGroup / AuthorizeSecurityGroupEgress; schema 6).

    Fields mirror DescribeSecurityGroupAttribute's ``Permission``: an ingress rule names its peer with the
    ``source_*`` fields, an egress rule with the ``dest_*`` fields. Protocols are stored upper-case as the
    API returns them (TCP, UDP, ICMP, ICMPV6, GRE, ALL); ``priority`` is 1 (highest) to 100.
    """

    security_group_id: str
    direction: str  # ingress | egress
    ip_protocol: str
    port_range: str
    policy: str = "Accept"  # Accept | Drop
    priority: int = 1
    nic_type: str = "internet"  # internet | intranet
    source_cidr_ip: str = ""
    ipv6_source_cidr_ip: str = ""
    source_group_id: str = ""
    source_group_owner_account: str = ""
    source_prefix_list_id: str = ""
    source_port_range: str = ""
    dest_cidr_ip: str = ""
    ipv6_dest_cidr_ip: str = ""
    dest_group_id: str = ""
    dest_group_owner_account: str = ""
    dest_prefix_list_id: str = ""
    description: str = ""

    @property
    def peer_group_id(self) -> str:
        """The group on the other side of the rule, if any: the source of an ingress rule, the destination
        of an egress one."""
        return self.source_group_id if self.direction == "ingress" else self.dest_group_id


@dataclass
class Instance(Resource):
    zone_id: str
    name: str
    description: str
    host_name: str
    instance_type: str
    image_id: str
    network_type: str  # classic | vpc
    security_group_ids: list[str]
    lifecycle: Lifecycle
    vpc_id: str = ""
    vswitch_id: str = ""
    private_ip: str = ""  # VPC instances
    inner_ip: str = ""  # classic instances
    instance_charge_type: str = "PostPaid"
    internet_charge_type: str = "PayByTraffic"
    internet_max_bandwidth_out: int = 0
    cpu: int = 1
    memory: int = 1024
    started_at: float = 0.0
    deletion_protection: bool = False
    tags: list[dict[str, str]] = field(default_factory=list)
    user_data: str = ""  # Base64, as given to CreateInstance / RunInstances (schema version 2)
    # Schema version 10: what CreateInstance / RunInstances set and DescribeInstances reads back.
    key_pair_name: str = ""
    resource_group_id: str = ""
    public_ip: str = ""  # InternetMaxBandwidthOut > 0 (RunInstances) or AllocatePublicIpAddress
    auto_release_at: float = 0.0  # epoch seconds; 0 = never (released when read after this time)
    expires_at: float = 0.0  # PrePaid: creation + Period
    stopped_mode: str = ""  # StopInstance's StoppedMode while stopped: KeepCharging | StopCharging
    io_optimized: bool = True
    ram_role_name: str = ""
    http_endpoint: str = "enabled"
    http_tokens: str = "optional"
    http_put_response_hop_limit: int = 1
    spot_strategy: str = "NoSpot"
    spot_price_limit: float = 0.0
    spot_duration: int = 0
    spot_interruption_behavior: str = "Terminate"
    credit_specification: str = ""
    password_set: bool = False  # whether a Password was given; the value itself is never kept
    # Schema version 12: the attribute actions (ModifyInstance*Attribute(s), the auto-renew, maintenance and
    # attachment settings), each read back by its Describe* action.
    maintenance_windows: list[dict[str, str]] = field(default_factory=list)  # [{"StartTime", "EndTime"}]
    action_on_maintenance: str = "AutoRecover"  # Stop | AutoRecover | AutoRedeploy
    notify_on_maintenance: bool = False
    renewal_status: str = "Normal"  # PrePaid: AutoRenewal | Normal | NotRenewal
    renewal_duration: int = 0
    renewal_period_unit: str = "Month"
    private_pool_match_criteria: str = "None"  # Open | Target | None
    private_pool_id: str = ""
    enable_jumbo_frame: bool = False
    enable_network_encryption: bool = False
    network_interface_queue_number: int = 0  # 0 = the instance type's default
    internet_max_bandwidth_in: int = -1  # -1 = the default (no inbound limit set)
    instance_metadata_tags: str = "disabled"
    recyclable: bool = False
    # Schema version 20: the launch options DescribeInstances / DescribeInstanceAttribute show, by their answer's
    # "Group.Field" ("CpuOptions.CoreCount": 2, "PrivateDnsNameOptions.HostnameType": "InstanceId" ...), as set by
    # RunInstances / CreateInstance and ModifyInstanceAttribute; a field not set shows its default.
    options: dict[str, Any] = field(default_factory=dict)

    @property
    def is_classic(self) -> bool:
        return self.network_type == "classic"


@dataclass
class Link(Resource):
    """A ClassicLink connection. Its id is the instance's id: one VPC per classic instance (rule L1)."""

    vpc_id: str

    @property
    def instance_id(self) -> str:
        return self.id


@dataclass
class Disk(Resource):
    """A cloud disk: an instance's system disk or one of its data disks (schema version 2).

    ``instance_id`` and ``device`` are empty once the disk is detached (its instance was deleted and the
    disk outlived it); its status follows from that: ``In_use`` while attached, else ``Available``.
    """

    zone_id: str
    disk_type: str  # system | data
    category: str
    size: int  # GiB
    instance_id: str = ""
    device: str = ""
    name: str = ""
    description: str = ""
    performance_level: str = ""  # ESSDs only
    delete_with_instance: bool = True
    encrypted: bool = False
    kms_key_id: str = ""
    portable: bool = False
    image_id: str = ""
    charge_type: str = "PostPaid"
    resource_group_id: str = ""
    attached_at: float = 0.0
    detached_at: float = 0.0
    expires_at: float = 0.0  # PrePaid disks: the instance's expiry
    tags: list[dict[str, str]] = field(default_factory=list)
    # Schema version 9: the attributes ModifyDiskAttribute / ApplyAutoSnapshotPolicy set, and where a disk came from.
    delete_auto_snapshot: bool = False
    enable_auto_snapshot: bool = True
    bursting_enabled: bool = False
    provisioned_iops: int = 0
    auto_snapshot_policy_id: str = ""
    source_snapshot_id: str = ""
    # A system disk's instance: it may be attached back (AttachDisk Bootable) to that instance only.
    origin_instance_id: str = ""

    @property
    def status(self) -> str:
        return "In_use" if self.instance_id else "Available"


@dataclass
class AutoSnapshotPolicy(Resource):
    """An automatic snapshot policy (CreateAutoSnapshotPolicy; schema version 9). Its disks name it in
    ``Disk.auto_snapshot_policy_id``; snapshots themselves are not taken."""

    name: str
    time_points: list[str]
    repeat_weekdays: list[str]
    retention_days: int = -1
    enable_cross_region_copy: bool = False
    target_copy_regions: list[str] = field(default_factory=list)
    copied_snapshots_retention_days: int = -1
    resource_group_id: str = ""
    tags: list[dict[str, str]] = field(default_factory=list)
    # Schema version 20: "CopyEncryptionConfiguration.Encrypted" / ".KMSKeyId" and "TargetTags" ([{"Key", "Value"}]).
    options: dict[str, Any] = field(default_factory=dict)


@dataclass
class Image(Resource):
    """A custom image (CreateImage; schema version 7). Public images are a built-in catalogue
    (domain/image_catalogue.py), never stored.

    ``disk_device_mappings`` holds one entry per disk of the image (Device, Type system|data, Size in GiB,
    SnapshotId); ``snapshot_ids`` the same snapshots again, so "which images use this snapshot?" is one query.
    """

    name: str
    description: str
    lifecycle: Lifecycle
    os_type: str  # linux | windows
    platform: str
    os_name: str
    os_name_en: str
    architecture: str  # x86_64 | arm64
    size: int  # GiB: the system disk's
    boot_mode: str = "BIOS"
    image_family: str = ""
    image_version: str = ""
    source_instance_id: str = ""
    disk_device_mappings: list[dict[str, str]] = field(default_factory=list)
    snapshot_ids: list[str] = field(default_factory=list)
    resource_group_id: str = ""
    tags: list[dict[str, str]] = field(default_factory=list)
    # Schema version 20: the features CreateImage sets ("Features.ImdsSupport", "SecureBootOptions.SecureBootSupport").
    options: dict[str, str] = field(default_factory=dict)


@dataclass
class Snapshot(Resource):
    """A snapshot of a cloud disk (CreateSnapshot, or CreateImage from an instance; schema version 7)."""

    disk_id: str
    source_disk_type: str  # system | data (DescribeSnapshots answers them capitalised: System | Data)
    source_disk_size: int  # GiB
    source_disk_category: str
    instance_id: str
    name: str
    description: str
    lifecycle: Lifecycle  # progressing -> accomplished
    image_id: str = ""  # a system disk's image: what an image made from the snapshot runs
    category: str = "standard"  # standard | flash (instant access)
    retention_days: int = 0  # 0: kept until deleted
    encrypted: bool = False
    kms_key_id: str = ""
    instant_access: bool = False
    resource_group_id: str = ""
    tags: list[dict[str, str]] = field(default_factory=list)
    instant_access_retention_days: int = 0  # 0: as long as the snapshot (schema version 20)


@dataclass
class KeyPair(Resource):
    """An SSH key pair (CreateKeyPair / ImportKeyPair; schema version 7): named uniquely per account and
    region; only the public half is kept (OpenSSH ``ssh-rsa AAAA...`` form)."""

    name: str
    fingerprint: str
    public_key: str
    resource_group_id: str = ""
    tags: list[dict[str, str]] = field(default_factory=list)


@dataclass
class EipAddress(Resource):
    """An elastic IP address (VPC AllocateEipAddress; schema version 8).

    ``instance_id`` names what it is associated with (``instance_type`` EcsInstance or NetworkInterface),
    empty while it is free; its status follows from that: ``InUse`` while associated, else ``Available``.
    """

    ip_address: str
    name: str = ""
    description: str = ""
    bandwidth: int = 5  # Mbit/s
    internet_charge_type: str = "PayByBandwidth"
    instance_charge_type: str = "PostPaid"
    isp: str = "BGP"
    netmode: str = "public"
    resource_group_id: str = ""
    instance_id: str = ""
    instance_type: str = ""
    private_ip: str = ""  # the private address of the instance or ENI it maps to
    vpc_id: str = ""
    expires_at: float = 0.0  # PrePaid only
    tags: list[dict[str, str]] = field(default_factory=list)

    @property
    def status(self) -> str:
        return "InUse" if self.instance_id else "Available"


@dataclass
class NetworkInterface(Resource):
    """An elastic network interface (ECS CreateNetworkInterface, or an instance's primary one; schema 8).

    A VPC instance's ``Primary`` ENI shares the instance's private address (``primary_ip`` = the instance's
    ``private_ip``); every other address an ENI holds is also a row of ``private_addresses``, whose id
    makes it unique in its vSwitch. ``instance_id`` is empty while detached (``Available``).
    """

    zone_id: str
    vpc_id: str
    vswitch_id: str
    interface_type: str  # Primary | Secondary
    mac_address: str
    primary_ip: str
    security_group_ids: list[str]
    secondary_ips: list[str] = field(default_factory=list)
    ipv6_addresses: list[str] = field(default_factory=list)
    instance_id: str = ""
    name: str = ""
    description: str = ""
    resource_group_id: str = ""
    attached_at: float = 0.0
    delete_on_release: bool = True
    tags: list[dict[str, str]] = field(default_factory=list)
    # Made by RunInstances (NetworkInterface.N) with its instance: DeleteOnRelease releases it with the instance
    # (schema version 19).
    created_with_instance: bool = False
    # Schema version 20: "QueueNumber", "QueuePairNumber", "NetworkInterfaceTrafficMode", "SourceDestCheck" as
    # CreateNetworkInterface, RunInstances NetworkInterface.N and ModifyNetworkInterfaceAttribute set them.
    options: dict[str, Any] = field(default_factory=dict)

    @property
    def status(self) -> str:
        return "InUse" if self.instance_id else "Available"


@dataclass
class PrivateAddress(Resource):
    """One address an ENI holds besides an instance's own private address. The id is ``<vSwitch>/<address>``,
    so the primary key keeps an address unique in its vSwitch (schema version 8)."""

    vswitch_id: str
    address: str
    network_interface_id: str


@dataclass
class AccountConditions(Resource):
    """One account's conditions (domain/account_conditions.py; migration 17): ``id`` and ``account_id`` are its
    UID, ``document`` the conditions as ``account_conditions.document`` writes them (one JSON column, so a new
    condition needs no migration)."""

    document: dict[str, Any] = field(default_factory=dict)
