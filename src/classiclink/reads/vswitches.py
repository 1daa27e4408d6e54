"""vSwitches as DescribeVSwitches and DescribeVSwitchAttributes show them: filters, query, paging, view."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from .. import errors
from ..domain import tags, vswitches
from ..domain.lookup import in_region
from ..domain.model import VSwitch
from ..domain.ports import AnyOf, UnitOfWork
from ..domain.scope import Scope
from .paging import Page, Paging, paginate, query_page
from .timefmt import vpc_time


@dataclass(frozen=True)
class VSwitchFilter:
    vpc_id: str | None = None
    vswitch_id: str | None = None
    zone_id: str | None = None
    name: str | None = None
    is_default: bool | None = None
    resource_group_id: str | None = None
    route_table_id: str | None = None
    enable_ipv6: bool | None = None
    owner_id: int | None = None
    tags: Sequence[dict[str, str]] = field(default_factory=tuple)


def find(uow: UnitOfWork, scope: Scope, where: VSwitchFilter, paging: Paging) -> Page[VSwitch]:
    """V-DVSW: the filters are ANDed and not checked against each other; an unknown VSwitchId gives an
    empty list, a VpcId the account does not have is Forbidden.VpcNotFound."""
    if where.vpc_id:
        in_region(uow.vpcs, where.vpc_id, scope, errors.VSwitchVpcNotFound)
    if where.owner_id is not None and str(where.owner_id) != scope.account_id:
        return paginate([], paging)
    query: dict[str, Any] = {"region_id": scope.region_id}
    equal = {"vpc_id": where.vpc_id, "id": where.vswitch_id, "zone_id": where.zone_id, "name": where.name,
             "is_default": where.is_default, "resource_group_id": where.resource_group_id}  # fmt: skip
    query.update({attr: wanted for attr, wanted in equal.items() if wanted is not None and wanted != ""})
    if where.route_table_id:
        vpcs = uow.vpcs.find(account_id=scope.account_id, region_id=scope.region_id, route_table_id=where.route_table_id)
        vpc_ids = {v.id for v in vpcs}
        if "vpc_id" in query:
            vpc_ids &= {query["vpc_id"]}
        query["vpc_id"] = AnyOf(sorted(vpc_ids))
    if not where.tags and where.enable_ipv6 is None:
        return query_page(uow.vswitches, scope.account_id, paging, **query)
    found = uow.vswitches.find(account_id=scope.account_id, **query)
    return paginate([s for s in found if tags.matches(s.tags, where.tags)
                     and (where.enable_ipv6 is None or bool(s.ipv6_cidr_block) == where.enable_ipv6)], paging)  # fmt: skip


@dataclass(frozen=True)
class Related:
    """What the views of a page of vSwitches need from other resources, looked up once for the page."""

    route_tables: dict[str, str]  # VPC id -> its route table id
    used_addresses: Counter[str]  # vSwitch id -> instances in it


def related(uow: UnitOfWork, shown: Sequence[VSwitch]) -> Related:
    route_tables: dict[str, str] = {}
    used: Counter[str] = Counter()
    for account_id, vpc_id in {(s.account_id, s.vpc_id) for s in shown}:
        vpc = uow.vpcs.get(vpc_id, account_id=account_id)
        if vpc is not None:
            route_tables[vpc_id] = vpc.route_table_id
    # Counted in the store, one vSwitch of the page at a time: no instance row is loaded.
    for vswitch in shown:
        used[vswitch.id] = uow.instances.count(account_id=vswitch.account_id, vswitch_id=vswitch.id)
    return Related(route_tables, used)


def view(vswitch: VSwitch, related: Related, now: float) -> dict[str, Any]:
    """One VSwitches.VSwitch[] entry, with the fields of the Tea DescribeVSwitches model: the sample's keys
    first, then the model's (tests/data/response_order/Vpc/DescribeVSwitches.json)."""
    return {
        "CreationTime": vpc_time(vswitch.created_at),
        "Status": vswitch.lifecycle.at(now),
        "CidrBlock": vswitch.cidr_block,
        "Description": vswitch.description,
        "AvailableIpAddressCount": vswitches.available_ips(vswitch, related.used_addresses[vswitch.id]),
        "VSwitchName": vswitch.name,
        "ZoneId": vswitch.zone_id,
        "VSwitchId": vswitch.id,
        "VpcId": vswitch.vpc_id,
        "EnabledIpv6": bool(vswitch.ipv6_cidr_block),
        "Ipv6CidrBlock": vswitch.ipv6_cidr_block,
        "IsDefault": vswitch.is_default,
        "NetworkAclId": "",
        "OwnerId": int(vswitch.account_id),
        "ResourceGroupId": vswitch.resource_group_id,
        "RouteTable": {"RouteTableId": related.route_tables.get(vswitch.vpc_id, ""), "RouteTableType": "System"},
        "Tags": {"Tag": tags.normalised(vswitch.tags)},
    }
