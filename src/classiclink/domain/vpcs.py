"""VPC rules (api-spec §3.3–3.6): CIDR blocks, names, lifecycle, and what blocks deletion."""

from __future__ import annotations

import hashlib
import ipaddress

from .. import errors
from . import resource_groups, tags, text
from .lookup import in_region
from .model import Lifecycle, RouteEntry, RouteTable, Vpc, new_id
from .ports import UnitOfWork
from .scope import Scope

DEFAULT_VPC_CIDR = "172.16.0.0/12"
# The private ranges a VPC may use, each with the shortest mask it allows.
VPC_RANGES = (
    ipaddress.ip_network("10.0.0.0/8"),
    ipaddress.ip_network("172.16.0.0/12"),
    ipaddress.ip_network("192.168.0.0/16"),
)
SYSTEM_ROUTE = "100.64.0.0/10"


def parse_vpc_cidr(cidr: str) -> str:
    """CreateVpc's CidrBlock: one of the private ranges or a subnet of it, mask 8–24."""
    try:
        network = ipaddress.ip_network(cidr, strict=True)
    except ValueError:
        raise errors.InvalidCidrBlock() from None
    if network.version != 4 or not 8 <= network.prefixlen <= 24:
        raise errors.InvalidCidrBlock()
    if not any(network.subnet_of(r) for r in VPC_RANGES):  # type: ignore[arg-type]
        raise errors.InvalidCidrBlock()
    return str(network)


MAX_USER_CIDRS = 3
SHARED_RANGE = ipaddress.ip_network("100.64.0.0/10")


def check_user_cidrs(user_cidrs: list[str]) -> list[str]:
    """UserCidr: at most three comma-separated IPv4 CIDR blocks, none overlapping 100.64.0.0/10 (the system
    route's range)."""
    if len(user_cidrs) > MAX_USER_CIDRS:
        raise errors.UserCidrQuota()
    parsed = []
    for cidr in user_cidrs:
        try:
            network = ipaddress.IPv4Network(cidr, strict=True)
        except ValueError:
            raise errors.UserCidrFormat() from None
        if network.overlaps(SHARED_RANGE):
            raise errors.UserCidrInSharedRange()
        parsed.append(str(network))
    return parsed


def create(
    uow: UnitOfWork,
    scope: Scope,
    *,
    cidr_block: str | None,
    name: str = "",
    description: str = "",
    resource_group_id: str = "",
    user_cidrs: list[str] | None = None,
    tags_: list[dict[str, str]] | None = None,
    enable_ipv6: bool = False,
    ipv6_cidr_block: str = "",
    is_default: bool = False,
    enable_dns_hostname: bool = False,
    ipv6_isp: str = "",
) -> Vpc:
    cidr = parse_vpc_cidr(cidr_block) if cidr_block else DEFAULT_VPC_CIDR
    user_cidrs = check_user_cidrs(user_cidrs or [])
    if name and not text.valid_name(name):
        raise errors.InvalidVpcName()
    if description and not text.valid_description(description):
        raise errors.InvalidVpcDescription()
    account_id, region_id, now = scope.account_id, scope.region_id, scope.now
    if uow.vpcs.count(account_id=account_id, region_id=region_id) >= scope.rules.vpcs_per_region:
        raise errors.VpcQuotaExceeded()
    vpc = Vpc(
        id=new_id("vpc", region_id),
        account_id=account_id,
        region_id=region_id,
        created_at=now,
        cidr_block=cidr,
        name=name,
        description=description,
        lifecycle=Lifecycle("Pending"),
        vrouter_id=new_id("vrt", region_id),
        route_table_id=new_id("vtb", region_id),
        resource_group_id=resource_group_id or default_resource_group(account_id),
        user_cidrs=user_cidrs or [],
        tags=tags.checked(tags_ or [], tags.VPC_ERRORS),
        is_default=is_default,
    )
    if enable_ipv6:
        vpc.ipv6_cidr_block = ipv6_cidr_block or ipv6_block_for(vpc.id)
        vpc.ipv6_isp = ipv6_isp or vpc.ipv6_isp
    if enable_dns_hostname:
        vpc.dns_hostname_status = "ENABLED"
    vpc.lifecycle.move(now, "Pending", (scope.rules.transition_delay, "Available"))
    uow.vpcs.add(vpc)
    uow.route_tables.add(
        RouteTable(vpc.route_table_id, account_id, region_id, now, vpc_id=vpc.id, vrouter_id=vpc.vrouter_id)
    )
    uow.route_entries.add(
        RouteEntry(
            new_id("rte", region_id), account_id, region_id, now,
            route_table_id=vpc.route_table_id, vpc_id=vpc.id, destination_cidr_block=SYSTEM_ROUTE,
            entry_type="System", next_hop_type="service",
        )
    )  # fmt: skip
    return vpc


def default_resource_group(account_id: str) -> str:
    # Every account has a default resource group (domain/resource_groups.py, the one notion of groups).
    return resource_groups.default_group(account_id)


def get(uow: UnitOfWork, scope: Scope, vpc_id: str) -> Vpc:
    return in_region(uow.vpcs, vpc_id, scope, errors.VpcNotFound)


def delete(uow: UnitOfWork, scope: Scope, vpc_id: str) -> None:
    """DeleteVpc: only Available VPCs, and only once everything inside is gone (V-DELVPC)."""
    vpc = get(uow, scope, vpc_id)
    account_id = scope.account_id
    if vpc.lifecycle.at(scope.now) != "Available":
        raise errors.IncorrectVpcStatus()
    if uow.links.count(account_id=account_id, vpc_id=vpc.id):
        raise errors.VpcHasDependentInstances()
    if uow.instances.count(account_id=account_id, vpc_id=vpc.id):
        raise errors.VpcHasDependentInstances()
    if uow.vswitches.count(account_id=account_id, vpc_id=vpc.id):
        raise errors.VpcHasDependentVSwitch()
    if uow.route_entries.count(account_id=account_id, vpc_id=vpc.id, entry_type="Custom"):
        raise errors.VpcHasDependentRouteEntry()
    if uow.security_groups.count(account_id=account_id, vpc_id=vpc.id):
        raise errors.VpcHasDependentSecurityGroup()
    for entry in uow.route_entries.find(account_id=account_id, vpc_id=vpc.id):
        uow.route_entries.remove(entry)
    for table in uow.route_tables.find(account_id=account_id, vpc_id=vpc.id):
        uow.route_tables.remove(table)
    uow.vpcs.remove(vpc)


def ipv6_block_for(vpc_id: str) -> str:
    """The IPv6 /56 a VPC is given (CreateVpc EnableIpv6, the docs' 2408:XXXX:...::/56 shape): stable per VPC."""
    digest = hashlib.sha256(vpc_id.encode()).digest()
    return f"2408:4005:{digest[0] << 8 | digest[1]:x}:{digest[2]:x}00::/56"


def modify(
    uow: UnitOfWork,
    scope: Scope,
    vpc_id: str,
    *,
    name: str | None,
    description: str | None,
    enable_ipv6: bool | None = None,
    enable_dns_hostname: bool | None = None,
    cidr_block: str | None = None,
    ipv6_cidr_block: str = "",
    ipv6_isp: str = "",
) -> None:
    vpc = get(uow, scope, vpc_id)
    if ipv6_cidr_block and (vpc.ipv6_cidr_block or not enable_ipv6):
        # "For a VPC that already has IPv6 enabled, you cannot modify the IPv6 CIDR block"; it comes with EnableIPv6.
        raise errors.IllegalIpv6CidrBlock()
    if enable_ipv6 and not vpc.ipv6_cidr_block:
        vpc.ipv6_cidr_block = ipv6_cidr_block or ipv6_block_for(vpc.id)
    if ipv6_isp:
        vpc.ipv6_isp = ipv6_isp
    if cidr_block:
        vpc.cidr_block = _resized(uow, vpc, cidr_block)
    if enable_dns_hostname is not None:
        vpc.dns_hostname_status = "ENABLED" if enable_dns_hostname else "DISABLED"
    if name is not None:
        if not text.valid_name(name):
            raise errors.InvalidVpcName()
        vpc.name = name
    if description is not None:
        if not text.valid_description(description):
            raise errors.InvalidVpcDescription()
        vpc.description = description
    uow.vpcs.save(vpc)


def _resized(uow: UnitOfWork, vpc: Vpc, cidr_block: str) -> str:
    """ModifyVpcAttribute CidrBlock: "expand or shrink the CIDR block within the original" one — a block that holds
    it or lies in it, and still holds every vSwitch of the primary block."""
    new = ipaddress.IPv4Network(parse_vpc_cidr(cidr_block))
    old = ipaddress.IPv4Network(vpc.cidr_block)
    if not (new.subnet_of(old) or new.supernet_of(old)):
        raise errors.InvalidCidrBlock()
    for vswitch in uow.vswitches.find(account_id=vpc.account_id, vpc_id=vpc.id):
        block = ipaddress.IPv4Network(vswitch.cidr_block)
        if block.subnet_of(old) and not block.subnet_of(new):
            raise errors.InvalidCidrBlock()
    if any(new.overlaps(ipaddress.IPv4Network(c)) for c in vpc.secondary_cidr_blocks):
        raise errors.InvalidCidrBlock()
    return str(new)


# AssociateVpcCidrBlock: ranges a secondary block may not use or lie inside; "each VPC can contain up to
# five secondary IPv4 CIDR blocks"; "the subnet mask must be 8 to 28 bits in length".
RESERVED_SECONDARY_RANGES = tuple(
    ipaddress.IPv4Network(r) for r in ("100.64.0.0/10", "224.0.0.0/4", "127.0.0.0/8", "169.254.0.0/16")
)
MAX_SECONDARY_CIDRS = 5
SECONDARY_MASKS = range(8, 29)


def parse_secondary_cidr(cidr: str) -> ipaddress.IPv4Network:
    try:
        network = ipaddress.ip_network(cidr.strip(), strict=True)
    except ValueError:
        raise errors.CidrBlockMalformed() from None
    if not isinstance(network, ipaddress.IPv4Network) or "/" not in cidr:
        raise errors.CidrBlockMalformed()
    # "The CIDR block cannot start with 0"; the reserved ranges "or their subnets".
    if network.prefixlen not in SECONDARY_MASKS or network.network_address.packed[0] == 0:
        raise errors.SecondaryCidrIllegal()
    if any(network.subnet_of(r) or network.overlaps(r) for r in RESERVED_SECONDARY_RANGES):
        raise errors.SecondaryCidrIllegal()
    return network


def associate_cidr(
    uow: UnitOfWork, scope: Scope, vpc_id: str, *, secondary: str | None, ipv6: str | None
) -> ipaddress.IPv4Network:
    """AssociateVpcCidrBlock: a secondary IPv4 block, overlapping none of the VPC's blocks."""
    if secondary and ipv6:
        raise errors.SecondaryCidrAndIpv6Exclusive()
    if not secondary and not ipv6:
        raise errors.SecondaryCidrMissing()
    vpc = get(uow, scope, vpc_id)
    if ipv6:
        raise errors.IllegalIpv6CidrBlock()
    assert secondary
    network = parse_secondary_cidr(secondary)
    if vpc.lifecycle.at(scope.now) != "Available":
        raise errors.AssociateVpcIncorrectStatus()
    if any(network.overlaps(ipaddress.IPv4Network(c)) for c in vpc.cidr_blocks):
        raise errors.SecondaryCidrDuplicated()
    if len(vpc.secondary_cidr_blocks) >= MAX_SECONDARY_CIDRS:
        raise errors.SecondaryCidrQuotaExceeded()
    entries = uow.route_entries.find(account_id=scope.account_id, vpc_id=vpc.id, entry_type="Custom")
    if any(ipaddress.ip_network(e.destination_cidr_block, strict=False) == network for e in entries):
        raise errors.SecondaryCidrConflictsWithEntry()
    vpc.secondary_cidr_blocks = [*vpc.secondary_cidr_blocks, str(network)]
    uow.vpcs.save(vpc)
    return network


def unassociate_cidr(uow: UnitOfWork, scope: Scope, vpc_id: str, *, secondary: str | None, ipv6: str | None) -> None:
    """UnassociateVpcCidrBlock: "before you delete a secondary CIDR block ... delete the vSwitch which is
    created with the CIDR block"."""
    if secondary and ipv6:
        raise errors.SecondaryCidrAndIpv6Exclusive()
    if not secondary and not ipv6:
        raise errors.SecondaryCidrMissing()
    vpc = get(uow, scope, vpc_id)
    if ipv6:
        raise errors.IllegalIpv6CidrBlock()
    assert secondary
    try:
        network = ipaddress.IPv4Network(secondary.strip(), strict=True)
    except ValueError:
        raise errors.CidrBlockMalformed() from None
    if str(network) not in vpc.secondary_cidr_blocks:
        raise errors.SecondaryCidrNotFound()
    if vpc.lifecycle.at(scope.now) != "Available":
        raise errors.AssociateVpcIncorrectStatus()
    for vswitch in uow.vswitches.find(account_id=scope.account_id, vpc_id=vpc.id):
        if ipaddress.IPv4Network(vswitch.cidr_block).subnet_of(network):
            raise errors.VpcHasDependentVSwitch()
    vpc.secondary_cidr_blocks = [c for c in vpc.secondary_cidr_blocks if c != str(network)]
    uow.vpcs.save(vpc)


def move_resource_group(uow: UnitOfWork, scope: Scope, vpc_id: str, group_id: str) -> None:
    """MoveResourceGroup for a VPC: the group reads back in DescribeVpcs / DescribeVpcAttribute; its
    vSwitches stay where they are (each resource has its own group)."""
    vpc = get(uow, scope, vpc_id)
    vpc.resource_group_id = resource_groups.check(scope.account_id, group_id)
    uow.vpcs.save(vpc)
