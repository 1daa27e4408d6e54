"""VPC 2016-04-28: CreateVSwitch, DeleteVSwitch, DescribeVSwitches (api-spec §3.7–3.9), DescribeVSwitchAttributes."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ... import errors
from ...domain import defaults, vswitches
from ...domain.ports import UnitOfWork
from ...domain.scope import Scope
from ...reads import vswitches as vswitch_reads
from ...reads.paging import Paging
from ...reads.shape import ordered
from ..spec import VPC_VERSION, Bool, Int, Request, Str, action, param, scope_arn
from .vpcs import client_token, dry_run, region_id, tag_list


def vswitch_arn(request: DeleteVSwitch | DescribeVSwitchAttributes | ModifyVSwitchAttribute, scope: Scope) -> list[str]:
    return [scope_arn("vpc", scope, f"vswitch/{request.vswitch_id or '*'}")]


@dataclass(frozen=True, kw_only=True)
class CreateVSwitch(Request):
    region_id: str = region_id()
    vpc_id: str = param("VpcId", Str(max_len=64), required=True)
    zone_id: str = param("ZoneId", Str(max_len=64), required=True)
    cidr_block: str = param("CidrBlock", Str(max_len=64), required=True)
    vswitch_name: str = param("VSwitchName", Str(max_len=128, error=errors.InvalidVSwitchName), default="")
    description: str = param("Description", Str(max_len=256, error=errors.InvalidVSwitchDescription), default="")
    # The last 8 bits of the vSwitch's IPv6 /64 inside its VPC's /56 (the VPC must have IPv6).
    ipv6_cidr_block: int | None = param("Ipv6CidrBlock", Int(minimum=0, maximum=255))
    vpc_ipv6_cidr_block: str | None = param("VpcIpv6CidrBlock", Str(max_len=64))
    client_token: str | None = client_token()
    tag: list[dict[str, str]] = tag_list()
    # Sent by the Tea SDK (IPAM allocation); accepted and ignored.
    ignored = ("CidrMask", "Ipv6CidrMask")


def _new_vswitch_arns(request: CreateVSwitch, scope: Scope) -> list[str]:
    return [scope_arn("vpc", scope, "vswitch/*"), scope_arn("vpc", scope, f"vpc/{request.vpc_id or '*'}")]


@action(VPC_VERSION, "CreateVSwitch", CreateVSwitch, resources=_new_vswitch_arns, client_token=True)
def create_vswitch(request: CreateVSwitch, scope: Scope, uow: UnitOfWork) -> dict[str, Any]:
    vswitch = vswitches.create(
        uow, scope, vpc_id=request.vpc_id, zone_id=request.zone_id, cidr_block=request.cidr_block,
        name=request.vswitch_name, description=request.description, tags_=request.tag,
    )  # fmt: skip
    if request.ipv6_cidr_block is not None:
        vswitches.modify(uow, scope, vswitch.id, name=None, description=None, ipv6_suffix=request.ipv6_cidr_block,
                         vpc_ipv6_block=request.vpc_ipv6_cidr_block)  # fmt: skip
    return {"VSwitchId": vswitch.id}


@dataclass(frozen=True, kw_only=True)
class CreateDefaultVSwitch(Request):
    region_id: str = region_id()
    zone_id: str = param("ZoneId", Str(max_len=64), required=True)
    # The last 8 bits of the vSwitch's IPv6 /64 in the default VPC's /56 (the VPC must have IPv6).
    ipv6_cidr_block: int | None = param("Ipv6CidrBlock", Int(minimum=0, maximum=255))
    client_token: str | None = client_token()


def _all_vswitches_arn(request: CreateDefaultVSwitch, scope: Scope) -> list[str]:
    return [scope_arn("vpc", scope, "vswitch/*")]


@action(VPC_VERSION, "CreateDefaultVSwitch", CreateDefaultVSwitch, resources=_all_vswitches_arn, client_token=True)
def create_default_vswitch(request: CreateDefaultVSwitch, scope: Scope, uow: UnitOfWork) -> dict[str, Any]:
    """The docs' RAM row: vpc:CreateDefaultVSwitch on acs:vpc:{#regionid}:{#accountId}:vswitch/*."""
    vswitch = defaults.create_default_vswitch(uow, scope, zone_id=request.zone_id, ipv6_suffix=request.ipv6_cidr_block)
    return {"VSwitchId": vswitch.id}


@dataclass(frozen=True, kw_only=True)
class DeleteVSwitch(Request):
    region_id: str = region_id()
    vswitch_id: str = param("VSwitchId", Str(max_len=64), required=True)
    dry_run: bool = dry_run()


@action(VPC_VERSION, "DeleteVSwitch", DeleteVSwitch, resources=vswitch_arn)
def delete_vswitch(request: DeleteVSwitch, scope: Scope, uow: UnitOfWork) -> dict[str, Any]:
    vswitches.delete(uow, scope, request.vswitch_id)
    return {}


@dataclass(frozen=True, kw_only=True)
class DescribeVSwitches(Request):
    region_id: str = region_id()
    vpc_id: str | None = param("VpcId", Str(max_len=64))
    vswitch_id: str | None = param("VSwitchId", Str(max_len=64))
    zone_id: str | None = param("ZoneId", Str(max_len=64))
    vswitch_name: str | None = param("VSwitchName", Str(max_len=128))
    is_default: bool | None = param("IsDefault", Bool())
    resource_group_id: str | None = param("ResourceGroupId", Str(max_len=64))
    route_table_id: str | None = param("RouteTableId", Str(max_len=64))
    enable_ipv6: bool | None = param("EnableIpv6", Bool())
    vswitch_owner_id: int | None = param("VSwitchOwnerId", Int())
    page_number: int = param("PageNumber", Int(minimum=1), default=1)
    page_size: int = param("PageSize", Int(minimum=1, maximum=50), default=10)
    dry_run: bool = dry_run()
    tag: list[dict[str, str]] = tag_list()


def _all_vswitches(request: DescribeVSwitches, scope: Scope) -> list[str]:
    return [scope_arn("vpc", scope, "vswitch/*")]


@action(VPC_VERSION, "DescribeVSwitches", DescribeVSwitches, resources=_all_vswitches)
def describe_vswitches(request: DescribeVSwitches, scope: Scope, uow: UnitOfWork) -> dict[str, Any]:
    where = vswitch_reads.VSwitchFilter(
        vpc_id=request.vpc_id, vswitch_id=request.vswitch_id, zone_id=request.zone_id, name=request.vswitch_name,
        is_default=request.is_default, resource_group_id=request.resource_group_id,
        route_table_id=request.route_table_id, enable_ipv6=request.enable_ipv6, owner_id=request.vswitch_owner_id,
        tags=request.tag,
    )  # fmt: skip
    found = vswitch_reads.find(uow, scope, where, Paging(page_number=request.page_number, page_size=request.page_size))
    related = vswitch_reads.related(uow, found.items)
    return {
        "PageNumber": request.page_number,
        "VSwitches": {"VSwitch": [vswitch_reads.view(s, related, scope.now) for s in found.items]},
        "TotalCount": found.total,
        "PageSize": request.page_size,
        "RequestId": "",  # the sample's place for it
    }


@dataclass(frozen=True, kw_only=True)
class DescribeVSwitchAttributes(Request):
    region_id: str = region_id()
    vswitch_id: str = param("VSwitchId", Str(max_len=64), required=True)
    dry_run: bool = dry_run()


# The API reference's response table as far as it was readable, then the Tea model's order
# (tests/data/response_order/Vpc/DescribeVSwitchAttributes.json).
ATTRIBUTES_KEYS = (
    "VpcId", "Status", "CreationTime", "IsDefault", "AvailableIpAddressCount", "NetworkAclId", "OwnerId",
    "VSwitchId", "RequestId", "CidrBlock", "Description", "EnabledIpv6", "Ipv6CidrBlock", "ResourceGroupId",
    "RouteTable", "ShareType", "Tags", "VSwitchName", "ZoneId",
)  # fmt: skip


@action(VPC_VERSION, "DescribeVSwitchAttributes", DescribeVSwitchAttributes, resources=vswitch_arn)
def describe_vswitch_attributes(request: DescribeVSwitchAttributes, scope: Scope, uow: UnitOfWork) -> dict[str, Any]:
    # One vSwitch, flat, with the fields of the Tea DescribeVSwitchAttributes model; footmark's
    # create_vswitch and Terraform's alicloud_vswitch read a vSwitch back (and poll it) with this action.
    vswitch = vswitches.get(uow, scope, request.vswitch_id)
    view = vswitch_reads.view(vswitch, vswitch_reads.related(uow, [vswitch]), scope.now)
    return ordered({**view, "ShareType": "", "RequestId": ""}, ATTRIBUTES_KEYS)


@dataclass(frozen=True, kw_only=True)
class ModifyVSwitchAttribute(Request):
    region_id: str = region_id()
    vswitch_id: str = param("VSwitchId", Str(max_len=64), required=True)
    vswitch_name: str | None = param("VSwitchName", Str(max_len=128, error=errors.InvalidVSwitchName))
    description: str | None = param("Description", Str(max_len=256, error=errors.InvalidVSwitchDescription))
    enable_ipv6: bool | None = param("EnableIPv6", Bool())
    ipv6_cidr_block: int | None = param("Ipv6CidrBlock", Int(minimum=0, maximum=255))
    vpc_ipv6_cidr_block: str | None = param("VpcIpv6CidrBlock", Str(max_len=64))
    # IPAM masks are not modelled (docs/compatibility.md, "Settings that do not read back").
    ignored = ("Ipv6CidrMask",)


@action(VPC_VERSION, "ModifyVSwitchAttribute", ModifyVSwitchAttribute, resources=vswitch_arn)
def modify_vswitch_attribute(request: ModifyVSwitchAttribute, scope: Scope, uow: UnitOfWork) -> dict[str, Any]:
    vswitches.modify(uow, scope, request.vswitch_id, name=request.vswitch_name, description=request.description,
                     enable_ipv6=request.enable_ipv6, ipv6_suffix=request.ipv6_cidr_block,
                     vpc_ipv6_block=request.vpc_ipv6_cidr_block)  # fmt: skip
    return {}
