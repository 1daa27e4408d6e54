"""The default VPC and default vSwitches (CreateDefaultVpc, CreateDefaultVSwitch).

Documented rules: "Only one default VPC can exist in a region"; a default VPC gets a vRouter and a route table
like any VPC (so it is made by vpcs.create) and the 172.16.0.0/12 block; "Before you create a default vSwitch,
create a default VPC first"; "If a default vSwitch already exists in a zone of the specified region, the call
to this operation fails". The docs do not say which block a default vSwitch takes: ours is the first /20 of the
default VPC's block that no vSwitch of it overlaps (docs/compatibility.md).
"""

from __future__ import annotations

import ipaddress

from .. import errors
from . import routes, vpcs, vswitches
from .model import Vpc, VSwitch
from .ports import UnitOfWork
from .scope import Scope

DEFAULT_VSWITCH_MASK = 20


def find_default_vpc(uow: UnitOfWork, scope: Scope) -> Vpc | None:
    found = uow.vpcs.find(account_id=scope.account_id, region_id=scope.region_id, is_default=True)
    return found[0] if found else None


def parse_ipv6_block(block: str) -> str:
    """CreateDefaultVpc Ipv6CidrBlock: an IPv6 /56 (the docs' example 2408:XXXX:346:b600::/56)."""
    try:
        network = ipaddress.ip_network(block.strip(), strict=True)
    except ValueError:
        raise errors.IllegalIpv6CidrBlock() from None
    if not isinstance(network, ipaddress.IPv6Network) or network.prefixlen != 56:
        raise errors.IllegalIpv6CidrBlock()
    return str(network)


def create_default_vpc(
    uow: UnitOfWork,
    scope: Scope,
    *,
    resource_group_id: str = "",
    enable_ipv6: bool = False,
    ipv6_cidr_block: str | None = None,
) -> Vpc:
    # "This parameter is required when EnableIpv6 is set to true": a block without EnableIpv6 would be
    # silently dropped, so it is refused; EnableIpv6 without a block gets one allocated, as CreateVpc does.
    if ipv6_cidr_block and not enable_ipv6:
        raise errors.IllegalIpv6CidrBlock()
    block = parse_ipv6_block(ipv6_cidr_block) if ipv6_cidr_block else ""
    if find_default_vpc(uow, scope) is not None:
        raise errors.DefaultVpcExists()
    return vpcs.create(
        uow, scope, cidr_block=vpcs.DEFAULT_VPC_CIDR, resource_group_id=resource_group_id,
        enable_ipv6=enable_ipv6, ipv6_cidr_block=block, is_default=True,
    )  # fmt: skip


def default_vswitch_block(uow: UnitOfWork, vpc: Vpc) -> str:
    """The first /20 of the VPC's primary block overlapping no vSwitch and equal to no route destination."""
    taken = [ipaddress.IPv4Network(s.cidr_block) for s in uow.vswitches.find(account_id=vpc.account_id, vpc_id=vpc.id)]
    destinations = [e.destination_cidr_block for e in uow.route_entries.find(account_id=vpc.account_id, vpc_id=vpc.id)]
    for candidate in ipaddress.IPv4Network(vpc.cidr_block).subnets(new_prefix=DEFAULT_VSWITCH_MASK):
        if any(candidate.overlaps(t) for t in taken):
            continue
        if any(routes.same_network(d, candidate) for d in destinations):
            continue
        return str(candidate)
    raise errors.DefaultVSwitchCidrExhausted()


def create_default_vswitch(uow: UnitOfWork, scope: Scope, *, zone_id: str, ipv6_suffix: int | None = None) -> VSwitch:
    vpc = find_default_vpc(uow, scope)
    if vpc is None:
        raise errors.DefaultVpcNotExist()
    if uow.vswitches.count(account_id=scope.account_id, vpc_id=vpc.id, zone_id=zone_id, is_default=True):
        raise errors.DefaultVSwitchExists()
    vswitch = vswitches.create(
        uow, scope, vpc_id=vpc.id, zone_id=zone_id, cidr_block=default_vswitch_block(uow, vpc), is_default=True,
    )  # fmt: skip
    if ipv6_suffix is not None:
        vswitch = vswitches.modify(uow, scope, vswitch.id, name=None, description=None, ipv6_suffix=ipv6_suffix)
    return vswitch
