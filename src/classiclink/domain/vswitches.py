"""vSwitch rules (api-spec §3.7–3.9; V-CVSW, V-DELVSW, V-DVSW).

A vSwitch's CIDR block lies inside its VPC's, has a mask of 16–29 bits, overlaps no sibling and is not
the destination of a route entry of the VPC. Creating one adds a System route entry for its CIDR to the
VPC's route table; deleting it removes that entry again.
"""

from __future__ import annotations

import ipaddress

from .. import errors
from . import routes, tags, text, vpcs
from .lookup import in_region
from .model import Lifecycle, VSwitch, new_id
from .ports import UnitOfWork
from .regions import find_region, zones_hint
from .scope import Scope

MIN_MASK, MAX_MASK = 16, 29
# V-CVSW: "the first and the last three IP addresses of each vSwitch CIDR block are reserved"
# (example 192.168.1.0/24: .0, .253, .254, .255).
RESERVED_ADDRESSES = 4


def parse_cidr(text: str) -> ipaddress.IPv4Network:
    """A vSwitch CidrBlock: an IPv4 network written without host bits, mask 16–29."""
    try:
        network = ipaddress.ip_network(text.strip(), strict=True)
    except ValueError:
        raise errors.CidrBlockMalformed() from None
    if not isinstance(network, ipaddress.IPv4Network) or "/" not in text:
        raise errors.CidrBlockMalformed()
    if not MIN_MASK <= network.prefixlen <= MAX_MASK:
        raise errors.VSwitchCidrMaskLength()
    return network


def create(
    uow: UnitOfWork,
    scope: Scope,
    *,
    vpc_id: str,
    zone_id: str,
    cidr_block: str,
    name: str = "",
    description: str = "",
    tags_: list[dict[str, str]] | None = None,
    is_default: bool = False,
) -> VSwitch:
    if name and not text.valid_name(name):
        raise errors.InvalidVSwitchName()
    if description and not text.valid_description(description):
        raise errors.InvalidVSwitchDescription()
    network = parse_cidr(cidr_block)
    vpc = vpcs.get(uow, scope, vpc_id)
    account_id, region_id, now, rules = scope.account_id, scope.region_id, scope.now, scope.rules
    region = find_region(region_id)
    if region is None or zone_id not in region.zones:
        raise errors.ZoneNotFound().hinted(zones_hint(region) if region else "")
    if vpc.lifecycle.at(now) != "Available":
        raise errors.IncorrectVpcStatus()
    # In the primary block or one of the secondary ones (AssociateVpcCidrBlock).
    if not any(network.subnet_of(ipaddress.IPv4Network(c)) for c in vpc.cidr_blocks):
        raise errors.VSwitchCidrNotInVpc()
    siblings = uow.vswitches.find(account_id=account_id, vpc_id=vpc.id)
    if any(network.overlaps(ipaddress.IPv4Network(s.cidr_block)) for s in siblings):
        raise errors.VSwitchCidrOverlapped()
    # V-CVSW: may be a subset of a route entry's destination, but not equal to it.
    if any(routes.same_network(e.destination_cidr_block, network)
           for e in uow.route_entries.find(account_id=account_id, vpc_id=vpc.id)):  # fmt: skip
        raise errors.VSwitchCidrOverlapsRoute()
    if len(siblings) >= rules.vswitches_per_vpc:
        raise errors.VSwitchQuotaExceeded()
    vswitch = VSwitch(
        id=new_id("vsw", region_id),
        account_id=account_id,
        region_id=region_id,
        created_at=now,
        vpc_id=vpc.id,
        zone_id=zone_id,
        cidr_block=str(network),
        name=name,
        description=description,
        lifecycle=Lifecycle("Pending"),
        resource_group_id=vpc.resource_group_id,
        tags=tags.checked(tags_ or [], tags.VPC_ERRORS),
        is_default=is_default,
    )
    vswitch.lifecycle.move(now, "Pending", (rules.transition_delay, "Available"))
    uow.vswitches.add(vswitch)
    routes.add_system_entry(uow, scope, vpc, cidr_block=str(network))
    return vswitch


def get(uow: UnitOfWork, scope: Scope, vswitch_id: str) -> VSwitch:
    return in_region(uow.vswitches, vswitch_id, scope, errors.VSwitchNotFound)


def delete(uow: UnitOfWork, scope: Scope, vswitch_id: str) -> None:
    """DeleteVSwitch: only Available vSwitches with nothing left in them (V-DELVSW)."""
    vswitch = get(uow, scope, vswitch_id)
    if vswitch.lifecycle.at(scope.now) != "Available":
        raise errors.IncorrectVSwitchStatus()
    if uow.instances.count(account_id=scope.account_id, vswitch_id=vswitch.id):
        raise errors.VSwitchHasDependencies()
    vpc = uow.vpcs.get(vswitch.vpc_id, account_id=scope.account_id)
    if vpc is not None:
        routes.remove_system_entry(uow, vpc, cidr_block=vswitch.cidr_block)
    uow.vswitches.remove(vswitch)


def available_ip_count(uow: UnitOfWork, vswitch: VSwitch) -> int:
    """Addresses of the block, less the reserved ones and those the vSwitch's instances hold."""
    return available_ips(vswitch, uow.instances.count(account_id=vswitch.account_id, vswitch_id=vswitch.id))


def available_ips(vswitch: VSwitch, used: int) -> int:
    """The same, when the caller has counted the instances (a page of vSwitches, counted at once)."""
    size = ipaddress.IPv4Network(vswitch.cidr_block).num_addresses
    return max(size - RESERVED_ADDRESSES - used, 0)


def modify(
    uow: UnitOfWork,
    scope: Scope,
    vswitch_id: str,
    *,
    name: str | None,
    description: str | None,
    enable_ipv6: bool | None = None,
    ipv6_suffix: int | None = None,
    vpc_ipv6_block: str | None = None,
) -> VSwitch:
    """ModifyVSwitchAttribute: name and description (the 2-character, letter-first rule of CreateVSwitch);
    IPv6 only where the VPC has an IPv6 block: the vSwitch's /64 is the VPC's /56 with the given last 8 bits."""
    vswitch = get(uow, scope, vswitch_id)
    if name is not None:
        if not text.valid_name(name):
            raise errors.InvalidVSwitchName()
        vswitch.name = name
    if description is not None:
        if not text.valid_description(description):
            raise errors.InvalidVSwitchDescription()
        vswitch.description = description
    if enable_ipv6 is False:
        vswitch.ipv6_cidr_block = ""
    elif enable_ipv6 or ipv6_suffix is not None:
        vpc = vpcs.get(uow, scope, vswitch.vpc_id)
        if not vpc.ipv6_cidr_block:
            raise errors.VSwitchIpv6NotEnabled()
        if vpc_ipv6_block and _ipv6(vpc_ipv6_block) != vpc.ipv6_cidr_block:
            # VpcIpv6CidrBlock picks one of the VPC's IPv6 blocks; a VPC has one here (AssociateVpcCidrBlock
            # adds none), so any other is not the VPC's.
            raise errors.InvalidParameter(name="VpcIpv6CidrBlock")
        vswitch.ipv6_cidr_block = ipv6_block(vpc.ipv6_cidr_block, ipv6_suffix or 0)
    uow.vswitches.save(vswitch)
    return vswitch


def _ipv6(block: str) -> str:
    try:
        return str(ipaddress.IPv6Network(block.strip(), strict=False))
    except ValueError:
        raise errors.InvalidParameter(name="VpcIpv6CidrBlock") from None


def ipv6_block(vpc_block: str, suffix: int) -> str:
    """The /64 of a VPC's /56 whose last 8 network bits are ``suffix`` (0–255)."""
    network = ipaddress.IPv6Network(vpc_block)
    return str(ipaddress.IPv6Network((int(network.network_address) + (suffix << 64), 64)))
