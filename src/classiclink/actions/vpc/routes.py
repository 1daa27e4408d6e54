"""VPC 2016-04-28: DescribeRouteTableList, CreateRouteEntry, DeleteRouteEntry, DescribeRouteEntryList (api-spec §3.11),
ModifyRouteTableAttributes, ModifyRouteEntry, DescribeRouteTables, DescribeVRouters.

Response shapes are in reads/routes.py.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ...domain import routes
from ...domain.ports import UnitOfWork
from ...domain.scope import Scope
from ...reads import routes as route_reads
from ...reads.paging import Paging, query_page
from ...reads.timefmt import vpc_time
from ..spec import VPC_VERSION, Bool, Int, Request, Str, action, param, scope_arn
from .vpcs import client_token, dry_run, region_id, tag_list


def table_arn(
    request: DescribeRouteTableList | CreateRouteEntry | DeleteRouteEntry | DescribeRouteEntryList
    | ModifyRouteTableAttributes | ModifyRouteEntry | DescribeRouteTables,
    scope: Scope,
) -> list[str]:
    return [scope_arn("vpc", scope, f"routetable/{request.route_table_id or '*'}")]


@dataclass(frozen=True, kw_only=True)
class DescribeRouteTableList(Request):
    region_id: str = region_id()
    page_number: int = param("PageNumber", Int(minimum=1), default=1)
    page_size: int = param("PageSize", Int(minimum=1, maximum=50), default=10)
    resource_group_id: str | None = param("ResourceGroupId", Str(max_len=64))
    route_table_id: str | None = param("RouteTableId", Str(max_len=64))
    route_table_name: str | None = param("RouteTableName", Str(max_len=128))
    route_table_type: str | None = param("RouteTableType", Str(max_len=64))
    router_id: str | None = param("RouterId", Str(max_len=64))
    router_type: str | None = param("RouterType", Str(choices=("VRouter", "VBR")))
    vpc_id: str | None = param("VpcId", Str(max_len=64))
    tag: list[dict[str, str]] = tag_list()


@action(VPC_VERSION, "DescribeRouteTableList", DescribeRouteTableList, resources=table_arn)
def describe_route_table_list(request: DescribeRouteTableList, scope: Scope, uow: UnitOfWork) -> dict[str, Any]:
    where = route_reads.TableFilter(
        route_table_id=request.route_table_id, name=request.route_table_name, table_type=request.route_table_type,
        router_id=request.router_id, router_type=request.router_type, vpc_id=request.vpc_id,
        resource_group_id=request.resource_group_id, tags=request.tag,
    )  # fmt: skip
    found = route_reads.find_tables(uow, scope, where, Paging(page_number=request.page_number,
                                                              page_size=request.page_size))  # fmt: skip
    info = route_reads.table_info(uow, found.items)
    # The 2019 page's sample carries Code, Message and Success besides the model's fields; this is its order.
    return {
        "PageNumber": request.page_number,
        "TotalCount": found.total,
        "RouterTableList": {"RouterTableListType": [route_reads.table_view(t, info[t.vpc_id]) for t in found.items]},
        "Message": "successful",
        "PageSize": request.page_size,
        "RequestId": "",
        "Success": True,
        "Code": "200",
    }


@dataclass(frozen=True, kw_only=True)
class CreateRouteEntry(Request):
    region_id: str = region_id()
    route_table_id: str = param("RouteTableId", Str(max_len=64), required=True)
    destination_cidr_block: str = param("DestinationCidrBlock", Str(max_len=64), required=True)
    next_hop_type: str | None = param("NextHopType", Str(max_len=64))
    next_hop_id: str | None = param("NextHopId", Str(max_len=64))
    next_hop_list: list[dict[str, str]] = param("NextHopList", repeat_fields=("NextHopId", "NextHopType", "Weight"),
                                                max_repeat=16)  # fmt: skip
    route_entry_name: str | None = param("RouteEntryName", Str(max_len=128))
    description: str | None = param("Description", Str(max_len=256))
    client_token: str | None = client_token()
    dry_run: bool = dry_run()


@action(VPC_VERSION, "CreateRouteEntry", CreateRouteEntry, resources=table_arn, client_token=True)
def create_route_entry(request: CreateRouteEntry, scope: Scope, uow: UnitOfWork) -> dict[str, Any]:
    entry = routes.create_entry(
        uow, scope, table_id=request.route_table_id, destination=request.destination_cidr_block,
        next_hop_type=request.next_hop_type, next_hop_id=request.next_hop_id, next_hop_list=request.next_hop_list,
        name=request.route_entry_name, description=request.description,
    )  # fmt: skip
    return {"RouteEntryId": entry.id}


@dataclass(frozen=True, kw_only=True)
class DeleteRouteEntry(Request):
    region_id: str = region_id()
    route_entry_id: str | None = param("RouteEntryId", Str(max_len=64))
    route_table_id: str | None = param("RouteTableId", Str(max_len=64))
    destination_cidr_block: str | None = param("DestinationCidrBlock", Str(max_len=64))
    next_hop_id: str | None = param("NextHopId", Str(max_len=64))
    next_hop_list: list[dict[str, str]] = param("NextHopList", repeat_fields=("NextHopId", "NextHopType"),
                                                max_repeat=16)  # fmt: skip
    dry_run: bool = dry_run()


@action(VPC_VERSION, "DeleteRouteEntry", DeleteRouteEntry, resources=table_arn)
def delete_route_entry(request: DeleteRouteEntry, scope: Scope, uow: UnitOfWork) -> dict[str, Any]:
    routes.delete_entry(
        uow, scope, entry_id=request.route_entry_id, table_id=request.route_table_id,
        destination=request.destination_cidr_block, next_hop_id=request.next_hop_id,
        next_hop_list=request.next_hop_list,
    )  # fmt: skip
    return {}


def _dest_cidr(n: int) -> Any:
    return param(f"DestCidrBlockList.{n}", Str(max_len=64))


@dataclass(frozen=True, kw_only=True)
class DescribeRouteEntryList(Request):
    region_id: str = region_id()
    route_table_id: str = param("RouteTableId", Str(max_len=64), required=True)
    route_entry_id: str | None = param("RouteEntryId", Str(max_len=64))
    destination_cidr_block: str | None = param("DestinationCidrBlock", Str(max_len=64))
    # DestCidrBlockList.N, at most 20 (docs/compatibility.md): one field per slot, so each value is checked
    # under its own name and a 21st is ignored like any undeclared parameter.
    dest_cidr_block_1: str | None = _dest_cidr(1)
    dest_cidr_block_2: str | None = _dest_cidr(2)
    dest_cidr_block_3: str | None = _dest_cidr(3)
    dest_cidr_block_4: str | None = _dest_cidr(4)
    dest_cidr_block_5: str | None = _dest_cidr(5)
    dest_cidr_block_6: str | None = _dest_cidr(6)
    dest_cidr_block_7: str | None = _dest_cidr(7)
    dest_cidr_block_8: str | None = _dest_cidr(8)
    dest_cidr_block_9: str | None = _dest_cidr(9)
    dest_cidr_block_10: str | None = _dest_cidr(10)
    dest_cidr_block_11: str | None = _dest_cidr(11)
    dest_cidr_block_12: str | None = _dest_cidr(12)
    dest_cidr_block_13: str | None = _dest_cidr(13)
    dest_cidr_block_14: str | None = _dest_cidr(14)
    dest_cidr_block_15: str | None = _dest_cidr(15)
    dest_cidr_block_16: str | None = _dest_cidr(16)
    dest_cidr_block_17: str | None = _dest_cidr(17)
    dest_cidr_block_18: str | None = _dest_cidr(18)
    dest_cidr_block_19: str | None = _dest_cidr(19)
    dest_cidr_block_20: str | None = _dest_cidr(20)
    route_entry_name: str | None = param("RouteEntryName", Str(max_len=128))
    route_entry_type: str | None = param("RouteEntryType", Str(max_len=32))
    next_hop_id: str | None = param("NextHopId", Str(max_len=64))
    next_hop_type: str | None = param("NextHopType", Str(max_len=64))
    ip_version: str | None = param("IpVersion", Str(max_len=8))
    service_type: str | None = param("ServiceType", Str(max_len=64))
    max_result: int = param("MaxResult", Int(minimum=20, maximum=100), default=50)
    next_token: str | None = param("NextToken", Str(max_len=64, pattern=r"\d{1,9}"))

    @property
    def dest_cidr_block_list(self) -> list[str]:
        """The DestCidrBlockList.N values given, in slot order."""
        slots = (getattr(self, f"dest_cidr_block_{n}") for n in range(1, 21))
        return [value for value in slots if value]


@action(VPC_VERSION, "DescribeRouteEntryList", DescribeRouteEntryList, resources=table_arn)
def describe_route_entry_list(request: DescribeRouteEntryList, scope: Scope, uow: UnitOfWork) -> dict[str, Any]:
    destinations = [request.destination_cidr_block] if request.destination_cidr_block else []
    where = route_reads.EntryFilter(
        route_table_id=request.route_table_id, route_entry_id=request.route_entry_id, name=request.route_entry_name,
        entry_type=request.route_entry_type, next_hop_id=request.next_hop_id, next_hop_type=request.next_hop_type,
        destinations=destinations + request.dest_cidr_block_list, ip_version=request.ip_version,
        service_type=request.service_type,
    )  # fmt: skip
    found = route_reads.find_entries(uow, scope, where,
                                     Paging(next_token=request.next_token, max_results=request.max_result, offset_tokens=True))  # fmt: skip
    return {
        "NextToken": found.next_token,
        "RouteEntrys": {"RouteEntry": [route_reads.entry_view(e) for e in found.items]},
        "RequestId": "",  # the sample's place for it
        "TotalCount": found.total,
    }


@dataclass(frozen=True, kw_only=True)
class ModifyRouteTableAttributes(Request):
    region_id: str = region_id()
    route_table_id: str = param("RouteTableId", Str(max_len=64), required=True)
    route_table_name: str | None = param("RouteTableName", Str(max_len=128))
    description: str | None = param("Description", Str(max_len=256))
    route_propagation_enable: bool | None = param("RoutePropagationEnable", Bool())


@action(VPC_VERSION, "ModifyRouteTableAttributes", ModifyRouteTableAttributes, resources=table_arn)
def modify_route_table_attributes(
    request: ModifyRouteTableAttributes, scope: Scope, uow: UnitOfWork
) -> dict[str, Any]:
    routes.modify_table(uow, scope, request.route_table_id, name=request.route_table_name,
                        description=request.description,
                        route_propagation_enable=request.route_propagation_enable)  # fmt: skip
    return {}


@dataclass(frozen=True, kw_only=True)
class ModifyRouteEntry(Request):
    region_id: str = region_id()
    route_entry_id: str | None = param("RouteEntryId", Str(max_len=64))
    route_table_id: str | None = param("RouteTableId", Str(max_len=64))
    destination_cidr_block: str | None = param("DestinationCidrBlock", Str(max_len=64))
    route_entry_name: str | None = param("RouteEntryName", Str(max_len=128))
    description: str | None = param("Description", Str(max_len=256))
    new_next_hop_id: str | None = param("NewNextHopId", Str(max_len=64))
    new_next_hop_type: str | None = param("NewNextHopType", Str(max_len=64))
    dry_run: bool = dry_run()


@action(VPC_VERSION, "ModifyRouteEntry", ModifyRouteEntry, resources=table_arn)
def modify_route_entry(request: ModifyRouteEntry, scope: Scope, uow: UnitOfWork) -> dict[str, Any]:
    routes.modify_entry(
        uow, scope, entry_id=request.route_entry_id, table_id=request.route_table_id,
        destination=request.destination_cidr_block, name=request.route_entry_name, description=request.description,
        new_next_hop_id=request.new_next_hop_id, new_next_hop_type=request.new_next_hop_type,
    )  # fmt: skip
    return {}


@dataclass(frozen=True, kw_only=True)
class DescribeRouteTables(Request):
    """The legacy route-table read (footmark's describe_route_tables / get_all_route_entries, Terraform's
    alicloud_route_entry): tables with their entries inline."""

    region_id: str = region_id()
    route_table_id: str | None = param("RouteTableId", Str(max_len=64))
    vrouter_id: str | None = param("VRouterId", Str(max_len=64))
    router_id: str | None = param("RouterId", Str(max_len=64))
    router_type: str | None = param("RouterType", Str(choices=("VRouter", "VBR")))
    route_table_name: str | None = param("RouteTableName", Str(max_len=128))
    resource_group_id: str | None = param("ResourceGroupId", Str(max_len=64))
    # The entries shown: System or Custom (the Tea model's "type of the route entry to query").
    type: str | None = param("Type", Str(choices=("System", "Custom")))
    page_number: int = param("PageNumber", Int(minimum=1), default=1)
    page_size: int = param("PageSize", Int(minimum=1, maximum=50), default=10)


@action(VPC_VERSION, "DescribeRouteTables", DescribeRouteTables, resources=table_arn)
def describe_route_tables(request: DescribeRouteTables, scope: Scope, uow: UnitOfWork) -> dict[str, Any]:
    where = route_reads.TableFilter(
        route_table_id=request.route_table_id, name=request.route_table_name,
        router_id=request.vrouter_id or request.router_id, router_type=request.router_type,
        resource_group_id=request.resource_group_id,
    )  # fmt: skip
    found = route_reads.find_tables(uow, scope, where, Paging(page_number=request.page_number,
                                                              page_size=request.page_size))  # fmt: skip
    info = route_reads.table_info(uow, found.items)
    shown = []
    for table in found.items:
        entries = uow.route_entries.find(account_id=scope.account_id, route_table_id=table.id)
        if request.type:
            entries = [e for e in entries if e.entry_type == request.type]
        shown.append(route_reads.legacy_table_view(table, info[table.vpc_id], entries))
    return {
        "PageNumber": request.page_number,
        "PageSize": request.page_size,
        "RequestId": "",
        "RouteTables": {"RouteTable": shown},
        "TotalCount": found.total,
    }


@dataclass(frozen=True, kw_only=True)
class DescribeVRouters(Request):
    region_id: str = region_id()
    vrouter_id: str | None = param("VRouterId", Str(max_len=64))
    page_number: int = param("PageNumber", Int(minimum=1), default=1)
    page_size: int = param("PageSize", Int(minimum=1, maximum=50), default=10)


def _vrouter_arn(request: DescribeVRouters, scope: Scope) -> list[str]:
    return [scope_arn("vpc", scope, f"vrouter/{request.vrouter_id or '*'}")]


@action(VPC_VERSION, "DescribeVRouters", DescribeVRouters, resources=_vrouter_arn)
def describe_vrouters(request: DescribeVRouters, scope: Scope, uow: UnitOfWork) -> dict[str, Any]:
    # One vRouter per VPC, made with it (CreateVpc's VRouterId); its name and description are the VPC's.
    query: dict[str, Any] = {"region_id": scope.region_id}
    if request.vrouter_id:
        query["vrouter_id"] = request.vrouter_id
    found = query_page(uow.vpcs, scope.account_id, Paging(page_number=request.page_number,
                                                           page_size=request.page_size), **query)  # fmt: skip
    routers = [{
        "CreationTime": vpc_time(v.created_at), "Description": v.description, "RegionId": v.region_id,
        "RouteTableIds": {"RouteTableId": [v.route_table_id]}, "VRouterId": v.vrouter_id, "VRouterName": v.name,
        "VpcId": v.id,
    } for v in found.items]  # fmt: skip
    return {"PageNumber": request.page_number, "PageSize": request.page_size, "RequestId": "",
            "TotalCount": found.total, "VRouters": {"VRouter": routers}}  # fmt: skip
