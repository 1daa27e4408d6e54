"""Route tables and route entries as DescribeRouteTableList and DescribeRouteEntryList show them.

Shapes follow the Tea models of alibabacloud_vpc20160428 (RouterTableList.RouterTableListType[],
RouteEntrys.RouteEntry[] with NextHops.NextHop[]) and the 2019 DescribeRouteTableList / DescribeRouteEntryList pages.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from ..domain import routes, tags
from ..domain.model import RouteEntry, RouteTable
from ..domain.ports import UnitOfWork
from ..domain.scope import Scope
from .paging import Page, Paging, paginate
from .timefmt import vpc_time


@dataclass(frozen=True)
class TableFilter:
    route_table_id: str | None = None
    name: str | None = None
    table_type: str | None = None
    router_id: str | None = None
    router_type: str | None = None
    vpc_id: str | None = None
    resource_group_id: str | None = None
    tags: Sequence[dict[str, str]] = field(default_factory=tuple)


@dataclass(frozen=True)
class TableInfo:
    """What a table's view needs from its VPC: the VPC's resource group and vSwitches."""

    resource_group_id: str
    vswitch_ids: list[str]


def find_tables(uow: UnitOfWork, scope: Scope, where: TableFilter, paging: Paging) -> Page[RouteTable]:
    found = uow.route_tables.find(account_id=scope.account_id, region_id=scope.region_id)
    if where.router_type == "VBR":
        found = []  # no border routers here
    if where.tags:
        found = [t for t in found if tags.matches(t.tags, where.tags)]
    equal = {"id": where.route_table_id, "name": where.name, "table_type": where.table_type,
             "vrouter_id": where.router_id, "vpc_id": where.vpc_id}  # fmt: skip
    for attr, wanted in equal.items():
        if wanted:
            found = [t for t in found if getattr(t, attr) == wanted]
    if where.resource_group_id:
        info = table_info(uow, found)
        found = [t for t in found if info[t.vpc_id].resource_group_id == where.resource_group_id]
    return paginate(found, paging)


def table_info(uow: UnitOfWork, tables: Sequence[RouteTable]) -> dict[str, TableInfo]:
    """Each table's VPC facts, by VPC id, looked up once per VPC and once per account for the vSwitches."""
    groups: dict[str, str] = {}
    for account_id, vpc_id in {(t.account_id, t.vpc_id) for t in tables}:
        vpc = uow.vpcs.get(vpc_id, account_id=account_id)
        groups[vpc_id] = vpc.resource_group_id if vpc else ""
    vswitches: dict[str, list[str]] = {vpc_id: [] for vpc_id in groups}
    for account_id in {t.account_id for t in tables}:
        for vswitch in uow.vswitches.find(account_id=account_id):
            if vswitch.vpc_id in vswitches:
                vswitches[vswitch.vpc_id].append(vswitch.id)
    return {vpc_id: TableInfo(groups[vpc_id], vswitches[vpc_id]) for vpc_id in groups}


def table_view(table: RouteTable, info: TableInfo) -> dict[str, Any]:
    # The sample's keys first, then the model's (tests/data/response_order/Vpc/DescribeRouteTableList.json).
    return {
        "CreationTime": vpc_time(table.created_at),
        "RouterType": "VRouter",
        "Description": table.description,
        "VSwitchIds": {"VSwitchId": list(info.vswitch_ids)},
        "RouterId": table.vrouter_id,
        "RouteTableId": table.id,
        "RouteTableName": table.name,
        "VpcId": table.vpc_id,
        "RouteTableType": table.table_type,
        # The System table serves every vSwitch of the VPC.
        "AssociateType": "VSwitch",
        "OwnerId": int(table.account_id),
        "ResourceGroupId": info.resource_group_id,
        "Status": "Available",
        "Tags": {"Tag": tags.normalised(table.tags)},
        # The Tea model's fields the sample lacks: no gateways are associated with tables here.
        "GatewayIds": {"GatewayIds": []},
        "RoutePropagationEnable": table.route_propagation_enable,
    }


@dataclass(frozen=True)
class EntryFilter:
    route_table_id: str
    route_entry_id: str | None = None
    name: str | None = None
    entry_type: str | None = None
    next_hop_id: str | None = None
    next_hop_type: str | None = None
    # DestinationCidrBlock and DestCidrBlockList.N together: entries to any of them.
    destinations: Sequence[str] = ()
    ip_version: str | None = None
    # ServiceType: the route's hosting type (TR, transit routers). Hosting is not modelled: no route is hosted.
    service_type: str | None = None


def find_entries(uow: UnitOfWork, scope: Scope, where: EntryFilter, paging: Paging) -> Page[RouteEntry]:
    table = routes.get_table(uow, scope, where.route_table_id)
    found = uow.route_entries.find(account_id=scope.account_id, route_table_id=table.id)
    equal = {"id": where.route_entry_id, "name": where.name, "entry_type": where.entry_type,
             "next_hop_id": where.next_hop_id, "next_hop_type": where.next_hop_type}  # fmt: skip
    for attr, wanted in equal.items():
        if wanted:
            found = [e for e in found if getattr(e, attr) == wanted]
    if where.destinations:
        networks = {_network(d) for d in where.destinations}
        found = [e for e in found if _network(e.destination_cidr_block) in networks]
    if (where.ip_version and where.ip_version.lower() != "ipv4") or where.service_type:
        found = []  # every entry here is IPv4, and none is hosted
    return paginate(found, paging)


def _network(text: str) -> ipaddress.IPv4Network | ipaddress.IPv6Network | None:
    try:
        return ipaddress.ip_network(text.strip(), strict=False)
    except ValueError:
        return None


def entry_view(entry: RouteEntry) -> dict[str, Any]:
    # The sample's keys first, then the model's (tests/data/response_order/Vpc/DescribeRouteEntryList.json).
    return {
        "Status": entry.status,
        "NextHops": {
            "NextHop": [
                {
                    "NextHopId": entry.next_hop_id,
                    "NextHopRelatedInfo": _related_info(entry),
                    "NextHopType": entry.next_hop_type,
                    "Enabled": 1,
                    "NextHopRegionId": entry.region_id,
                    "Weight": 0,
                }
            ]
        },
        "RouteEntryName": entry.name,
        "Type": entry.entry_type,
        "RouteEntryId": entry.id,
        "IpVersion": "ipv4",
        "RouteTableId": entry.route_table_id,
        "DestinationCidrBlock": entry.destination_cidr_block,
        "Description": entry.description,
        # The Tea model's fields the sample lacks. GmtModified: the last ModifyRouteEntry, else creation.
        "GmtModified": vpc_time(entry.gmt_modified or entry.created_at),
        "Origin": "Custom" if entry.entry_type == "Custom" else "System",
        "ServiceType": "",
    }


def _related_info(entry: RouteEntry) -> dict[str, Any]:
    """What the next hop is: for an instance, its id, type and region; System next hops name nothing."""
    if entry.next_hop_type == "Instance":
        return {"InstanceId": entry.next_hop_id, "InstanceType": "Instance", "RegionId": entry.region_id}
    return {}


def legacy_entry_view(entry: RouteEntry) -> dict[str, Any]:
    """One DescribeRouteTables RouteEntrys.RouteEntry[] (the Tea model's fields and order)."""
    return {
        "Description": entry.description,
        "DestinationCidrBlock": entry.destination_cidr_block,
        "InstanceId": entry.next_hop_id,
        "NextHopType": entry.next_hop_type,
        "NextHops": {"NextHop": [{"Enabled": 1, "NextHopId": entry.next_hop_id,
                                  "NextHopType": entry.next_hop_type, "Weight": 0}]},
        "RouteEntryId": entry.id,
        "RouteEntryName": entry.name,
        "RouteTableId": entry.route_table_id,
        "Status": entry.status,
        "Type": entry.entry_type,
    }


def legacy_table_view(table: RouteTable, info: TableInfo, entries: Sequence[RouteEntry]) -> dict[str, Any]:
    """One DescribeRouteTables RouteTables.RouteTable[] (the Tea model's fields and order)."""
    return {
        "CreationTime": vpc_time(table.created_at),
        "ResourceGroupId": info.resource_group_id,
        "RouteEntrys": {"RouteEntry": [legacy_entry_view(e) for e in entries]},
        "RouteTableId": table.id,
        "RouteTableType": table.table_type,
        "Status": "Available",
        "VRouterId": table.vrouter_id,
        "VSwitchIds": {"VSwitchId": list(info.vswitch_ids)},
    }
