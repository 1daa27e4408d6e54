"""VPCs as DescribeVpcs and DescribeVpcAttribute show them: filters, query, paging, view."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from ..domain import tags
from ..domain.model import Vpc
from ..domain.ports import AnyOf, UnitOfWork
from ..domain.scope import Scope
from .paging import Page, Paging, paginate
from .timefmt import vpc_time


@dataclass(frozen=True)
class VpcFilter:
    vpc_ids: Sequence[str] = ()
    name: str | None = None
    is_default: bool | None = None
    resource_group_id: str | None = None
    tags: Sequence[dict[str, str]] = field(default_factory=tuple)
    dhcp_options_set_id: str | None = None
    enable_ipv6: bool | None = None
    owner_id: int | None = None


def find(uow: UnitOfWork, scope: Scope, where: VpcFilter, paging: Paging) -> Page[Vpc]:
    """The filters the store can answer are asked of it, and so is the page: a request loads only the VPCs
    it shows. Tags are JSON, matched here (then the page is cut here too)."""
    query: dict[str, Any] = {"region_id": scope.region_id}
    if where.vpc_ids:
        query["id"] = AnyOf(where.vpc_ids)
    if where.name:
        query["name"] = where.name
    if where.is_default is not None:
        query["is_default"] = where.is_default
    if where.resource_group_id:
        query["resource_group_id"] = where.resource_group_id
    # No DHCP options set exists, so a VPC associated with one neither; another owner's VPCs are never shown.
    if where.dhcp_options_set_id or (where.owner_id is not None and str(where.owner_id) != scope.account_id):
        return paginate([], paging)
    if where.tags or paging.by_token or where.enable_ipv6 is not None:
        found = [v for v in uow.vpcs.find(account_id=scope.account_id, **query)
                 if tags.matches(v.tags, where.tags)
                 and (where.enable_ipv6 is None or bool(v.ipv6_cidr_block) == where.enable_ipv6)]  # fmt: skip
        return paginate(found, paging)
    start = (paging.page_number - 1) * paging.page_size
    shown = uow.vpcs.find(account_id=scope.account_id, limit=paging.page_size, offset=start, **query)
    # A first page that is not full holds every match: its length is the total, without a count.
    total = len(shown) if start == 0 and len(shown) < paging.page_size else uow.vpcs.count(account_id=scope.account_id, **query)
    return Page(shown, total, paging)


def vswitch_ids(uow: UnitOfWork, vpcs: Sequence[Vpc]) -> dict[str, list[str]]:
    """The vSwitches of each VPC, in one query for the whole page."""
    by_vpc: dict[str, list[str]] = {vpc.id: [] for vpc in vpcs}
    for account_id in {vpc.account_id for vpc in vpcs}:
        for vswitch in uow.vswitches.find(account_id=account_id, vpc_id=AnyOf(by_vpc)):
            by_vpc[vswitch.vpc_id].append(vswitch.id)
    return by_vpc


def view(vpc: Vpc, vswitches: list[str], now: float) -> dict[str, Any]:
    """One VPC, keys in the order of DescribeVpcs' sample (tests/data/response_order/Vpc/DescribeVpcs.json)."""
    return {
        "VpcName": vpc.name,
        "Description": vpc.description,
        "IsDefault": vpc.is_default,
        "ResourceGroupId": vpc.resource_group_id,
        "UserCidrs": {"UserCidr": list(vpc.user_cidrs)},
        "NatGatewayIds": {"NatGatewayIds": []},
        "RouterTableIds": {"RouterTableIds": [vpc.route_table_id]},
        "VpcId": vpc.id,
        "VRouterId": vpc.vrouter_id,
        "CreationTime": vpc_time(vpc.created_at),
        "Status": vpc.lifecycle.at(now),
        "CidrBlock": vpc.cidr_block,
        "VSwitchIds": {"VSwitchId": vswitches},
        "RegionId": vpc.region_id,
        "Ipv6CidrBlock": vpc.ipv6_cidr_block,
        "OwnerId": int(vpc.account_id),
        "SecondaryCidrBlocks": {"SecondaryCidrBlock": list(vpc.secondary_cidr_blocks)},
        "Tags": {"Tag": tags.normalised(vpc.tags)},
        # The Tea model's fields the 2019 sample lacks, in the model's order. No DHCP options sets or CEN
        # instances exist in the emulator: those read empty.
        "CenStatus": "",
        "DhcpOptionsSetId": "",
        "DhcpOptionsSetStatus": "",
        "DnsHostnameStatus": vpc.dns_hostname_status,
        "EnabledIpv6": bool(vpc.ipv6_cidr_block),
        "Ipv6CidrBlocks": {"Ipv6CidrBlock": ipv6_blocks(vpc)},
    }


def ipv6_blocks(vpc: Vpc) -> list[dict[str, str]]:
    return [{"Ipv6CidrBlock": vpc.ipv6_cidr_block, "Ipv6Isp": vpc.ipv6_isp}] if vpc.ipv6_cidr_block else []
