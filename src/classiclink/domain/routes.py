"""Route table and route entry rules (api-spec §3.11; V-CRE, DeleteRouteEntry and DescribeRouteEntryList pages).

Each VPC has one System route table, created with it (see vpcs.create). Its System entries are the
cloud-service range 100.64.0.0/10 and one entry per vSwitch CIDR; users add Custom entries. A Custom
destination is a valid IPv4 CIDR (a bare address means /32), unique in its table, not 100.64.0.0/10 or
inside it, not equal to a vSwitch CIDR nor inside one, and at most 48 Custom entries fit in a table.
While ClassicLink is enabled, a route that would block enabling it (rule L7) is refused as well.
"""

from __future__ import annotations

import ipaddress

from .. import errors
from .classiclink import blocks_classic_link
from .lookup import in_region
from .model import RouteEntry, RouteTable, Vpc, new_id
from .ports import UnitOfWork
from .scope import Scope
from .vpcs import SYSTEM_ROUTE

SERVICE_RANGE = ipaddress.IPv4Network(SYSTEM_ROUTE)
CUSTOM_ENTRIES_PER_TABLE = 48
DEFAULT_NEXT_HOP_TYPE = "Instance"
# NextHopType values of the 2019 page and the current one; only Instance next hops exist in the emulator,
# so only they are looked up. Any other type takes any non-empty NextHopId.
NEXT_HOP_TYPES = (
    "Instance", "HaVip", "RouterInterface", "NetworkInterface", "VpnGateway", "IPv6Gateway", "NatGateway",
    "Attachment", "VpcPeer", "Ipv4Gateway", "GatewayEndpoint", "CenBasic", "Ecr",
)  # fmt: skip
# Next hops of System entries as DescribeRouteEntryList shows them.
VSWITCH_HOP, SERVICE_HOP = "local", "service"
ECMP_MIN_HOPS, ECMP_MAX_HOPS = 2, 4


def parse_destination(text: str) -> ipaddress.IPv4Network:
    """A DestinationCidrBlock: an IPv4 CIDR without host bits, or a bare address meaning /32."""
    try:
        network = ipaddress.ip_network(text.strip(), strict=True)
    except ValueError:
        raise errors.CidrBlockMalformed() from None
    if not isinstance(network, ipaddress.IPv4Network):
        raise errors.CidrBlockMalformed()
    return network


def same_network(destination: str, network: ipaddress.IPv4Network) -> bool:
    try:
        return ipaddress.ip_network(destination, strict=False) == network
    except ValueError:
        return False


def get_table(uow: UnitOfWork, scope: Scope, table_id: str) -> RouteTable:
    return in_region(uow.route_tables, table_id, scope, errors.RouteTableNotFound)


def _table_vpc(uow: UnitOfWork, scope: Scope, table: RouteTable) -> Vpc:
    """The table's VPC, which must be Available for its routes to change."""
    vpc = uow.vpcs.get(table.vpc_id, account_id=table.account_id)
    if vpc is None:
        raise errors.RouteTableNotFound()
    if vpc.lifecycle.at(scope.now) != "Available":
        raise errors.IncorrectVpcStatus()
    return vpc


def add_system_entry(uow: UnitOfWork, scope: Scope, vpc: Vpc, *, cidr_block: str) -> RouteEntry:
    """The System entry a new vSwitch's CIDR gets in its VPC's route table."""
    entry = RouteEntry(
        new_id("rte", vpc.region_id), vpc.account_id, vpc.region_id, scope.now,
        route_table_id=vpc.route_table_id, vpc_id=vpc.id, destination_cidr_block=cidr_block,
        entry_type="System", next_hop_type=VSWITCH_HOP,
    )  # fmt: skip
    uow.route_entries.add(entry)
    return entry


def remove_system_entry(uow: UnitOfWork, vpc: Vpc, *, cidr_block: str) -> None:
    for entry in uow.route_entries.find(account_id=vpc.account_id, route_table_id=vpc.route_table_id,
                                        entry_type="System", destination_cidr_block=cidr_block):  # fmt: skip
        uow.route_entries.remove(entry)


def _valid_text(text: str, max_len: int) -> bool:
    # Route entries' own rule (the route entry pages: 1–128 / 1–256 characters, no http:// or https:// prefix),
    # not the 2-character, letter-first rule of domain/text.py that other resources' names follow.
    return 1 <= len(text) <= max_len and not text.startswith(("http://", "https://"))


def _check_next_hop_shape(
    next_hop_type: str | None, next_hop_id: str | None, next_hop_list: list[dict[str, str]]
) -> str:
    """The next-hop type the entry gets, after the checks on how the next hop was given."""
    if next_hop_type is not None and next_hop_type not in NEXT_HOP_TYPES:
        raise errors.InvalidNextHopType()
    if next_hop_list:
        if next_hop_type is not None or next_hop_id:
            raise errors.NextHopAndListBothSet()
        if not ECMP_MIN_HOPS <= len(next_hop_list) <= ECMP_MAX_HOPS:
            raise errors.NextHopListSize()
        if any(hop.get("NextHopType") != "RouterInterface" for hop in next_hop_list):
            raise errors.InvalidNextHopType()
        # ECMP routes point at router interfaces, and the emulator has none.
        raise errors.InvalidRouterInterface()
    if not next_hop_id:
        raise errors.VpcMissingParameter()
    return next_hop_type or DEFAULT_NEXT_HOP_TYPE


def create_entry(
    uow: UnitOfWork,
    scope: Scope,
    *,
    table_id: str,
    destination: str,
    next_hop_type: str | None = None,
    next_hop_id: str | None = None,
    next_hop_list: list[dict[str, str]] | None = None,
    name: str | None = None,
    description: str | None = None,
) -> RouteEntry:
    """CreateRouteEntry: a Custom entry in a VPC's route table."""
    account_id, region_id = scope.account_id, scope.region_id
    table = get_table(uow, scope, table_id)
    vpc = _table_vpc(uow, scope, table)
    network = parse_destination(destination)
    if name is not None and not _valid_text(name, 128):
        raise errors.InvalidParameter(name="RouteEntryName")
    if description is not None and not _valid_text(description, 256):
        raise errors.InvalidParameter(name="Description")
    hop_type = _check_next_hop_shape(next_hop_type, next_hop_id, next_hop_list or [])
    if network.subnet_of(SERVICE_RANGE):
        raise errors.RouteEntryCidrInvalid()
    # Open question 4: while ClassicLink is on, a route that would have blocked enabling it is refused.
    if vpc.classic_link_enabled and blocks_classic_link(str(network), scope.rules):
        raise errors.RouteEntryCidrInvalid()
    # A destination may contain a vSwitch's CIDR (0.0.0.0/0 to a NAT instance is the usual case),
    # but may not equal it or lie inside it.
    for vswitch in uow.vswitches.find(account_id=account_id, vpc_id=vpc.id):
        if network.subnet_of(ipaddress.IPv4Network(vswitch.cidr_block)):
            raise errors.RouteEntryCidrInvalid()
    entries = uow.route_entries.find(account_id=account_id, route_table_id=table.id)
    if any(same_network(e.destination_cidr_block, network) for e in entries):
        raise errors.RouteEntryDuplicate()
    if sum(e.entry_type == "Custom" for e in entries) >= CUSTOM_ENTRIES_PER_TABLE:
        raise errors.RouteEntryQuotaExceeded()
    assert next_hop_id  # checked by _check_next_hop_shape
    if hop_type == "Instance":
        instance = uow.instances.get_in_region(next_hop_id, account_id=account_id, region_id=region_id)
        if instance is None or instance.vpc_id != vpc.id:
            raise errors.NextHopNotFound()
    entry = RouteEntry(
        new_id("rte", region_id), account_id, region_id, scope.now,
        route_table_id=table.id, vpc_id=vpc.id, destination_cidr_block=str(network), entry_type="Custom",
        next_hop_type=hop_type, next_hop_id=next_hop_id, name=name or "", description=description or "",
    )  # fmt: skip
    uow.route_entries.add(entry)
    return entry


def delete_entry(
    uow: UnitOfWork,
    scope: Scope,
    *,
    entry_id: str | None = None,
    table_id: str | None = None,
    destination: str | None = None,
    next_hop_id: str | None = None,
    next_hop_list: list[dict[str, str]] | None = None,
) -> None:
    """DeleteRouteEntry: by RouteEntryId, or by RouteTableId + DestinationCidrBlock (+ NextHopId or NextHopList).
    No entry has ECMP next hops here, so a NextHopList never matches."""
    if entry_id:
        entry = in_region(uow.route_entries, entry_id, scope, errors.RouteEntryNotFound)
        if table_id and entry.route_table_id != table_id:
            raise errors.RouteEntryNotFound()
    else:
        if not table_id or not destination:
            raise errors.VpcMissingParameter()
        table = get_table(uow, scope, table_id)
        network = parse_destination(destination)
        matches = [
            e for e in uow.route_entries.find(account_id=scope.account_id, route_table_id=table.id)
            if same_network(e.destination_cidr_block, network) and (not next_hop_id or e.next_hop_id == next_hop_id)
            and not next_hop_list
        ]  # fmt: skip
        if not matches:
            raise errors.RouteEntryNotFound()
        entry = matches[0]
    if entry.entry_type != "Custom":
        raise errors.SystemRouteEntryDenied()
    _table_vpc(uow, scope, get_table(uow, scope, entry.route_table_id))
    uow.route_entries.remove(entry)


def modify_table(
    uow: UnitOfWork,
    scope: Scope,
    table_id: str,
    *,
    name: str | None,
    description: str | None,
    route_propagation_enable: bool | None,
) -> RouteTable:
    """ModifyRouteTableAttributes: name (1–128), description (1–256), neither starting with http(s)://."""
    table = get_table(uow, scope, table_id)
    if name is not None:
        if not _valid_text(name, 128):
            raise errors.InvalidRouteTableName()
        table.name = name
    if description is not None:
        if not _valid_text(description, 256):
            raise errors.InvalidRouteTableDescription()
        table.description = description
    if route_propagation_enable is not None:
        table.route_propagation_enable = route_propagation_enable
    uow.route_tables.save(table)
    return table


def modify_entry(
    uow: UnitOfWork,
    scope: Scope,
    *,
    entry_id: str | None,
    table_id: str | None,
    destination: str | None,
    name: str | None,
    description: str | None,
    new_next_hop_id: str | None,
    new_next_hop_type: str | None,
) -> RouteEntry:
    """ModifyRouteEntry: a Custom entry's name and description, and its next hop (NewNextHopId /
    NewNextHopType); found by RouteEntryId, or by RouteTableId + DestinationCidrBlock."""
    if entry_id:
        entry = in_region(uow.route_entries, entry_id, scope, errors.RouteEntryNotFound)
    else:
        if not table_id or not destination:
            raise errors.VpcMissingParameter()
        table = get_table(uow, scope, table_id)
        network = parse_destination(destination)
        found = [e for e in uow.route_entries.find(account_id=scope.account_id, route_table_id=table.id)
                 if same_network(e.destination_cidr_block, network)]  # fmt: skip
        if not found:
            raise errors.RouteEntryNotFound()
        entry = found[0]
    if name is not None:
        if not _valid_text(name, 128):
            raise errors.InvalidParameter(name="RouteEntryName")
        entry.name = name
    if description is not None:
        if not _valid_text(description, 256):
            raise errors.InvalidParameter(name="Description")
        entry.description = description
    if new_next_hop_id or new_next_hop_type:
        if entry.entry_type != "Custom":
            raise errors.SystemRouteEntryDenied()
        hop_type = new_next_hop_type or entry.next_hop_type or DEFAULT_NEXT_HOP_TYPE
        if hop_type not in NEXT_HOP_TYPES:
            raise errors.InvalidNextHopType()
        hop_id = new_next_hop_id or entry.next_hop_id
        if hop_type == "Instance":
            instance = uow.instances.get_in_region(hop_id, account_id=scope.account_id, region_id=scope.region_id)
            if instance is None or instance.vpc_id != entry.vpc_id:
                raise errors.NextHopNotFound()
        entry.next_hop_type, entry.next_hop_id = hop_type, hop_id
    entry.gmt_modified = scope.now
    uow.route_entries.save(entry)
    return entry
