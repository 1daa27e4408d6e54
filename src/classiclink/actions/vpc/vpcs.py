"""VPC 2016-04-28: CreateVpc, DeleteVpc, DescribeVpcs, DescribeVpcAttribute, ModifyVpcAttribute (api-spec §3.3–3.6)."""

from __future__ import annotations

from typing import Any

from ... import errors
from ...domain import vpcs
from ...domain.model import Vpc
from ...domain.ports import UnitOfWork
from ..spec import (
    VPC_VERSION,
    Bool,
    Call,
    CommaList,
    Int,
    Param,
    RegionParam,
    Str,
    accepted,
    action,
    arn,
    ordered,
    page,
)
from ..timefmt import vpc_time

REGION = Param("RegionId", RegionParam(errors.VpcRegionNotFound), required=True)
CLIENT_TOKEN = Param("ClientToken", Str(max_len=64, pattern=r"[\x20-\x7e]+"))
DRY_RUN = Param("DryRun", Bool(), default=False)
TAGS = Param("Tag", repeat_fields=("Key", "Value"), max_repeat=20)


def vpc_arn(call: Call) -> list[str]:
    return [arn("vpc", call, f"vpc/{call['VpcId'] or '*'}")]


def vpc_view(vpc: Vpc, uow: UnitOfWork, now: float) -> dict[str, Any]:
    vswitch_ids = [s.id for s in uow.vswitches.find(account_id=vpc.account_id, vpc_id=vpc.id)]
    # The order of DescribeVpcs' sample (tests/data/response_order/Vpc/DescribeVpcs.json).
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
        "VSwitchIds": {"VSwitchId": vswitch_ids},
        "RegionId": vpc.region_id,
        "Ipv6CidrBlock": vpc.ipv6_cidr_block,
        "OwnerId": int(vpc.account_id),
        "SecondaryCidrBlocks": {"SecondaryCidrBlock": []},
        "Tags": {"Tag": [{"Key": t.get("Key", ""), "Value": t.get("Value", "")} for t in vpc.tags]},
    }


@action(
    VPC_VERSION,
    "CreateVpc",
    REGION,
    Param("CidrBlock", Str(max_len=64)),
    Param("VpcName", Str(max_len=128, error=errors.InvalidVpcName), default=""),
    Param("Description", Str(max_len=256, error=errors.InvalidVpcDescription), default=""),
    Param("ResourceGroupId", Str(max_len=64), default=""),
    Param("UserCidr", CommaList(max_items=3)),
    Param("EnableIpv6", Bool(), default=False),
    Param("Ipv6CidrBlock", Str(max_len=64)),
    CLIENT_TOKEN,
    DRY_RUN,
    TAGS,
    # Sent by the official SDKs (DNS hostnames, IPAM pools, IPv6 ISP); accepted and ignored.
    *accepted("EnableDnsHostname", "Ipv4CidrMask", "Ipv4IpamPoolId", "Ipv6CidrMask", "Ipv6IpamPoolId", "Ipv6Isp"),
    resources=lambda call: [arn("vpc", call, "vpc/*")],
    client_token=True,
)
def create_vpc(call: Call, uow: UnitOfWork) -> dict[str, Any]:
    vpc = vpcs.create(
        uow, call.account_id, call.region_id, call.now, call.behaviour,
        call["CidrBlock"], call["VpcName"], call["Description"], call["ResourceGroupId"], call["UserCidr"],
    )  # fmt: skip
    if call["Tag"]:
        vpc.tags = call["Tag"]
        uow.vpcs.save(vpc)
    return {
        "ResourceGroupId": vpc.resource_group_id,
        "RouteTableId": vpc.route_table_id,
        "VpcId": vpc.id,
        "VRouterId": vpc.vrouter_id,
    }


@action(
    VPC_VERSION,
    "DeleteVpc",
    REGION,
    Param("VpcId", Str(max_len=64), required=True),
    Param("ForceDelete", Bool(), default=False),
    CLIENT_TOKEN,
    DRY_RUN,
    resources=vpc_arn,
    client_token=True,
)
def delete_vpc(call: Call, uow: UnitOfWork) -> dict[str, Any]:
    vpcs.delete(uow, call.account_id, call.region_id, call["VpcId"], call.now)
    return {}


@action(
    VPC_VERSION,
    "DescribeVpcs",
    REGION,
    Param("VpcId", CommaList(max_items=20)),
    Param("VpcName", Str(max_len=128)),
    Param("IsDefault", Bool()),
    Param("ResourceGroupId", Str(max_len=64)),
    Param("PageNumber", Int(minimum=1), default=1),
    Param("PageSize", Int(minimum=1, maximum=50), default=10),
    Param("DhcpOptionsSetId", Str(max_len=64)),
    Param("EnableIpv6", Bool()),
    Param("VpcOwnerId", Int()),
    DRY_RUN,
    TAGS,
    resources=lambda call: [arn("vpc", call, "vpc/*")],
)
def describe_vpcs(call: Call, uow: UnitOfWork) -> dict[str, Any]:
    found = uow.vpcs.find(account_id=call.account_id, region_id=call.region_id)
    if call["VpcId"]:
        wanted = set(call["VpcId"])
        found = [v for v in found if v.id in wanted]
    if call["VpcName"]:
        found = [v for v in found if v.name == call["VpcName"]]
    if call["IsDefault"] is not None:
        found = [v for v in found if v.is_default == call["IsDefault"]]
    if call["ResourceGroupId"]:
        found = [v for v in found if v.resource_group_id == call["ResourceGroupId"]]
    for tag in call["Tag"]:
        found = [v for v in found if any(t.get("Key") == tag.get("Key") and
                                         ("Value" not in tag or t.get("Value") == tag["Value"]) for t in v.tags)]  # fmt: skip
    return {
        "PageNumber": call["PageNumber"],
        "TotalCount": len(found),
        "Vpcs": {"Vpc": [vpc_view(v, uow, call.now) for v in page(found, call["PageNumber"], call["PageSize"])]},
        "PageSize": call["PageSize"],
        "RequestId": "",  # the sample's place for it
    }


# DescribeVpcAttribute's own order (tests/data/response_order/Vpc/DescribeVpcAttribute.json).
ATTRIBUTE_KEYS = (
    "VpcName", "Description", "IsDefault", "ResourceGroupId", "UserCidrs", "ClassicLinkEnabled", "AssociatedCens",
    "VRouterId", "VpcId", "CreationTime", "CidrBlock", "Status", "VSwitchIds", "RegionId", "RequestId",
    "CloudResources", "Ipv6CidrBlock", "OwnerId", "SecondaryCidrBlocks", "Tags",
)  # fmt: skip


@action(
    VPC_VERSION,
    "DescribeVpcAttribute",
    REGION,
    Param("VpcId", Str(max_len=64), required=True),
    Param("IsDefault", Bool()),
    DRY_RUN,
    resources=vpc_arn,
)
def describe_vpc_attribute(call: Call, uow: UnitOfWork) -> dict[str, Any]:
    vpc = vpcs.get(uow, call.account_id, call.region_id, call["VpcId"])
    view = vpc_view(vpc, uow, call.now)
    view.pop("RouterTableIds")
    view.pop("NatGatewayIds")
    counts = {
        "VSwitch": len(view["VSwitchIds"]["VSwitchId"]),
        "VRouter": 1,
        "RouteTable": uow.route_tables.count(account_id=call.account_id, vpc_id=vpc.id),
    }
    view.update({
        "ClassicLinkEnabled": vpc.classic_link_enabled,
        "AssociatedCens": {"AssociatedCen": []},
        "RequestId": "",
        "CloudResources": {
            "CloudResourceSetType": [{"ResourceType": k, "ResourceCount": v} for k, v in counts.items()]
        },
    })  # fmt: skip
    return ordered(view, ATTRIBUTE_KEYS)


@action(
    VPC_VERSION,
    "ModifyVpcAttribute",
    REGION,
    Param("VpcId", Str(max_len=64), required=True),
    Param("VpcName", Str(max_len=128, error=errors.InvalidVpcName)),
    Param("Description", Str(max_len=256, error=errors.InvalidVpcDescription)),
    Param("EnableIPv6", Bool()),
    # Sent by the official SDKs; the emulator does not change a VPC's CIDR blocks or DNS settings.
    *accepted("CidrBlock", "EnableDnsHostname", "Ipv6CidrBlock", "Ipv6Isp"),
    resources=vpc_arn,
)
def modify_vpc_attribute(call: Call, uow: UnitOfWork) -> dict[str, Any]:
    vpcs.modify(uow, call.account_id, call.region_id, call["VpcId"], call["VpcName"], call["Description"])
    return {}
