"""VPC 2016-04-28: CreateVSwitch, DeleteVSwitch, DescribeVSwitches (api-spec §3.7–3.9), DescribeVSwitchAttributes."""

from __future__ import annotations

from typing import Any

from ... import errors
from ...domain import vswitches
from ...domain.model import VSwitch
from ...domain.ports import UnitOfWork
from ..spec import VPC_VERSION, Bool, Call, Int, Param, Str, accepted, action, arn, ordered, page
from ..timefmt import vpc_time
from .vpcs import CLIENT_TOKEN, DRY_RUN, REGION, TAGS


def vswitch_view(vswitch: VSwitch, uow: UnitOfWork, now: float) -> dict[str, Any]:
    """One VSwitches.VSwitch[] entry, with the fields of the Tea DescribeVSwitches model."""
    vpc = uow.vpcs.get(vswitch.vpc_id, account_id=vswitch.account_id)
    # The sample's keys first, then the model's (tests/data/response_order/Vpc/DescribeVSwitches.json).
    return {
        "CreationTime": vpc_time(vswitch.created_at),
        "Status": vswitch.lifecycle.at(now),
        "CidrBlock": vswitch.cidr_block,
        "Description": vswitch.description,
        "AvailableIpAddressCount": vswitches.available_ip_count(uow, vswitch),
        "VSwitchName": vswitch.name,
        "ZoneId": vswitch.zone_id,
        "VSwitchId": vswitch.id,
        "VpcId": vswitch.vpc_id,
        "EnabledIpv6": False,
        "Ipv6CidrBlock": "",
        "IsDefault": vswitch.is_default,
        "NetworkAclId": "",
        "OwnerId": int(vswitch.account_id),
        "ResourceGroupId": vswitch.resource_group_id,
        "RouteTable": {"RouteTableId": vpc.route_table_id if vpc else "", "RouteTableType": "System"},
        "Tags": {"Tag": [{"Key": t.get("Key", ""), "Value": t.get("Value", "")} for t in vswitch.tags]},
    }


@action(
    VPC_VERSION,
    "CreateVSwitch",
    REGION,
    Param("VpcId", Str(max_len=64), required=True),
    Param("ZoneId", Str(max_len=64), required=True),
    Param("CidrBlock", Str(max_len=64), required=True),
    Param("VSwitchName", Str(max_len=128, error=errors.InvalidVSwitchName), default=""),
    Param("Description", Str(max_len=256, error=errors.InvalidVSwitchDescription), default=""),
    # IPv6 is not modelled: the values are checked and otherwise ignored.
    Param("Ipv6CidrBlock", Int(minimum=0, maximum=255)),
    Param("VpcIpv6CidrBlock", Str(max_len=64)),
    # Sent by the Tea SDK (IPAM allocation); accepted and ignored.
    *accepted("CidrMask", "Ipv6CidrMask"),
    CLIENT_TOKEN,
    TAGS,
    resources=lambda call: [arn("vpc", call, "vswitch/*"), arn("vpc", call, f"vpc/{call['VpcId'] or '*'}")],
    client_token=True,
)
def create_vswitch(call: Call, uow: UnitOfWork) -> dict[str, Any]:
    vswitch = vswitches.create(
        uow, call.account_id, call.region_id, call.now, call.behaviour,
        call["VpcId"], call["ZoneId"], call["CidrBlock"], call["VSwitchName"], call["Description"], call["Tag"],
    )  # fmt: skip
    return {"VSwitchId": vswitch.id}


@action(
    VPC_VERSION,
    "DeleteVSwitch",
    REGION,
    Param("VSwitchId", Str(max_len=64), required=True),
    DRY_RUN,
    resources=lambda call: [arn("vpc", call, f"vswitch/{call['VSwitchId'] or '*'}")],
)
def delete_vswitch(call: Call, uow: UnitOfWork) -> dict[str, Any]:
    vswitches.delete(uow, call.account_id, call.region_id, call["VSwitchId"], call.now)
    return {}


@action(
    VPC_VERSION,
    "DescribeVSwitches",
    REGION,
    Param("VpcId", Str(max_len=64)),
    Param("VSwitchId", Str(max_len=64)),
    Param("ZoneId", Str(max_len=64)),
    Param("VSwitchName", Str(max_len=128)),
    Param("IsDefault", Bool()),
    Param("ResourceGroupId", Str(max_len=64)),
    Param("RouteTableId", Str(max_len=64)),
    Param("EnableIpv6", Bool()),
    Param("VSwitchOwnerId", Int()),
    Param("PageNumber", Int(minimum=1), default=1),
    Param("PageSize", Int(minimum=1, maximum=50), default=10),
    DRY_RUN,
    TAGS,
    resources=lambda call: [arn("vpc", call, "vswitch/*")],
)
def describe_vswitches(call: Call, uow: UnitOfWork) -> dict[str, Any]:
    # V-DVSW: the filters are ANDed and not checked against each other; an unknown VSwitchId gives an
    # empty list, a VpcId the account does not have is Forbidden.VpcNotFound.
    if call["VpcId"]:
        vpc = uow.vpcs.get_in_region(call["VpcId"], account_id=call.account_id, region_id=call.region_id)
        if vpc is None:
            raise errors.VSwitchVpcNotFound()
    found = uow.vswitches.find(account_id=call.account_id, region_id=call.region_id)
    equal = {"vpc_id": "VpcId", "id": "VSwitchId", "zone_id": "ZoneId", "name": "VSwitchName",
             "is_default": "IsDefault", "resource_group_id": "ResourceGroupId"}  # fmt: skip
    for attr, name in equal.items():
        if call[name] is not None and call[name] != "":
            found = [s for s in found if getattr(s, attr) == call[name]]
    if call["RouteTableId"]:
        tables = {v.id: v.route_table_id for v in uow.vpcs.find(account_id=call.account_id, region_id=call.region_id)}
        found = [s for s in found if tables.get(s.vpc_id) == call["RouteTableId"]]
    if call["EnableIpv6"]:
        found = []  # no vSwitch has IPv6 in the emulator
    if call["VSwitchOwnerId"] is not None and str(call["VSwitchOwnerId"]) != call.account_id:
        found = []
    for tag in call["Tag"]:
        found = [s for s in found if any(t.get("Key") == tag.get("Key") and
                                         ("Value" not in tag or t.get("Value") == tag["Value"]) for t in s.tags)]  # fmt: skip
    return {
        "PageNumber": call["PageNumber"],
        "VSwitches": {
            "VSwitch": [vswitch_view(s, uow, call.now) for s in page(found, call["PageNumber"], call["PageSize"])]
        },
        "TotalCount": len(found),
        "PageSize": call["PageSize"],
        "RequestId": "",  # the sample's place for it
    }


@action(
    VPC_VERSION,
    "DescribeVSwitchAttributes",
    REGION,
    Param("VSwitchId", Str(max_len=64), required=True),
    DRY_RUN,
    resources=lambda call: [arn("vpc", call, f"vswitch/{call['VSwitchId'] or '*'}")],
)
def describe_vswitch_attributes(call: Call, uow: UnitOfWork) -> dict[str, Any]:
    # One vSwitch, flat, with the fields of the Tea DescribeVSwitchAttributes model; footmark's
    # create_vswitch and Terraform's alicloud_vswitch read a vSwitch back (and poll it) with this action.
    view = vswitch_view(vswitches.get(uow, call.account_id, call.region_id, call["VSwitchId"]), uow, call.now)
    return ordered({**view, "ShareType": "", "RequestId": ""}, ATTRIBUTES_KEYS)


# The API reference's response table as far as it was readable, then the Tea model's order
# (tests/data/response_order/Vpc/DescribeVSwitchAttributes.json).
ATTRIBUTES_KEYS = (
    "VpcId", "Status", "CreationTime", "IsDefault", "AvailableIpAddressCount", "NetworkAclId", "OwnerId",
    "VSwitchId", "RequestId", "CidrBlock", "Description", "EnabledIpv6", "Ipv6CidrBlock", "ResourceGroupId",
    "RouteTable", "ShareType", "Tags", "VSwitchName", "ZoneId",
)  # fmt: skip
