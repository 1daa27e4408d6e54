"""VPC 2016-04-28: DescribeRouteTableList, CreateRouteEntry, DeleteRouteEntry, DescribeRouteEntryList (api-spec §3.11).

Response shapes follow the Tea models of alibabacloud_vpc20160428 (RouterTableList.RouterTableListType[],
RouteEntrys.RouteEntry[] with NextHops.NextHop[]) and the 2019 DescribeRouteTableList / DescribeRouteEntryList pages.
"""

from __future__ import annotations

import ipaddress
from typing import Any

from ...domain import routes
from ...domain.model import RouteEntry, RouteTable
from ...domain.ports import UnitOfWork
from ..spec import VPC_VERSION, Call, Int, Param, Str, action, arn, page
from ..timefmt import vpc_time
from .vpcs import CLIENT_TOKEN, DRY_RUN, REGION, TAGS

# DescribeRouteEntryList's DestCidrBlockList.N is a flat repeat list; the description names each slot.
DEST_CIDR_SLOTS = 20


def table_arn(call: Call) -> list[str]:
    return [arn("vpc", call, f"routetable/{call['RouteTableId'] or '*'}")]


def table_view(table: RouteTable, uow: UnitOfWork) -> dict[str, Any]:
    vpc = uow.vpcs.get(table.vpc_id, account_id=table.account_id)
    vswitch_ids = [s.id for s in uow.vswitches.find(account_id=table.account_id, vpc_id=table.vpc_id)]
    # The sample's keys first, then the model's (tests/data/response_order/Vpc/DescribeRouteTableList.json).
    return {
        "CreationTime": vpc_time(table.created_at),
        "RouterType": "VRouter",
        "Description": table.description,
        "VSwitchIds": {"VSwitchId": vswitch_ids},
        "RouterId": table.vrouter_id,
        "RouteTableId": table.id,
        "RouteTableName": table.name,
        "VpcId": table.vpc_id,
        "RouteTableType": table.table_type,
        # The System table serves every vSwitch of the VPC.
        "AssociateType": "VSwitch",
        "OwnerId": int(table.account_id),
        "ResourceGroupId": vpc.resource_group_id if vpc else "",
        "Status": "Available",
        "Tags": {"Tag": []},
    }


@action(
    VPC_VERSION,
    "DescribeRouteTableList",
    REGION,
    Param("PageNumber", Int(minimum=1), default=1),
    Param("PageSize", Int(minimum=1, maximum=50), default=10),
    Param("ResourceGroupId", Str(max_len=64)),
    Param("RouteTableId", Str(max_len=64)),
    Param("RouteTableName", Str(max_len=128)),
    Param("RouteTableType", Str(max_len=64)),
    Param("RouterId", Str(max_len=64)),
    Param("RouterType", Str(choices=("VRouter", "VBR"))),
    Param("VpcId", Str(max_len=64)),
    TAGS,
    resources=table_arn,
)
def describe_route_table_list(call: Call, uow: UnitOfWork) -> dict[str, Any]:
    found = uow.route_tables.find(account_id=call.account_id, region_id=call.region_id)
    if call["RouterType"] == "VBR" or call["Tag"]:
        found = []  # no border routers, and route tables carry no tags here
    equal = {"id": "RouteTableId", "name": "RouteTableName", "table_type": "RouteTableType",
             "vrouter_id": "RouterId", "vpc_id": "VpcId"}  # fmt: skip
    for attr, name in equal.items():
        if call[name]:
            found = [t for t in found if getattr(t, attr) == call[name]]
    views = [table_view(t, uow) for t in found]
    if call["ResourceGroupId"]:
        views = [v for v in views if v["ResourceGroupId"] == call["ResourceGroupId"]]
    # The 2019 page's sample carries Code, Message and Success besides the model's fields; this is its order.
    return {
        "PageNumber": call["PageNumber"],
        "TotalCount": len(views),
        "RouterTableList": {"RouterTableListType": page(views, call["PageNumber"], call["PageSize"])},
        "Message": "successful",
        "PageSize": call["PageSize"],
        "RequestId": "",
        "Success": True,
        "Code": "200",
    }


NEXT_HOP_LIST = Param("NextHopList", repeat_fields=("NextHopId", "NextHopType", "Weight"), max_repeat=16)


@action(
    VPC_VERSION,
    "CreateRouteEntry",
    REGION,
    Param("RouteTableId", Str(max_len=64), required=True),
    Param("DestinationCidrBlock", Str(max_len=64), required=True),
    Param("NextHopType", Str(max_len=64)),
    Param("NextHopId", Str(max_len=64)),
    NEXT_HOP_LIST,
    Param("RouteEntryName", Str(max_len=128)),
    Param("Description", Str(max_len=256)),
    CLIENT_TOKEN,
    DRY_RUN,
    resources=table_arn,
    client_token=True,
)
def create_route_entry(call: Call, uow: UnitOfWork) -> dict[str, Any]:
    entry = routes.create_entry(
        uow, call.account_id, call.region_id, call.now, call.behaviour, call["RouteTableId"],
        call["DestinationCidrBlock"], call["NextHopType"], call["NextHopId"], call["NextHopList"],
        call["RouteEntryName"], call["Description"],
    )  # fmt: skip
    return {"RouteEntryId": entry.id}


@action(
    VPC_VERSION,
    "DeleteRouteEntry",
    REGION,
    Param("RouteEntryId", Str(max_len=64)),
    Param("RouteTableId", Str(max_len=64)),
    Param("DestinationCidrBlock", Str(max_len=64)),
    Param("NextHopId", Str(max_len=64)),
    Param("NextHopList", repeat_fields=("NextHopId", "NextHopType"), max_repeat=16),
    DRY_RUN,
    resources=table_arn,
)
def delete_route_entry(call: Call, uow: UnitOfWork) -> dict[str, Any]:
    routes.delete_entry(
        uow, call.account_id, call.region_id, call.now, call["RouteEntryId"], call["RouteTableId"],
        call["DestinationCidrBlock"], call["NextHopId"], call["NextHopList"],
    )  # fmt: skip
    return {}


def entry_view(entry: RouteEntry) -> dict[str, Any]:
    # The sample's keys first, then the model's (tests/data/response_order/Vpc/DescribeRouteEntryList.json).
    return {
        "Status": entry.status,
        "NextHops": {
            "NextHop": [
                {
                    "NextHopId": entry.next_hop_id,
                    "NextHopRelatedInfo": {},
                    "NextHopType": entry.next_hop_type,
                    "Enabled": 1,
                    "NextHopRegionId": entry.region_id,
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
    }


def _network(text: str) -> ipaddress.IPv4Network | ipaddress.IPv6Network | None:
    try:
        return ipaddress.ip_network(text.strip(), strict=False)
    except ValueError:
        return None


@action(
    VPC_VERSION,
    "DescribeRouteEntryList",
    REGION,
    Param("RouteTableId", Str(max_len=64), required=True),
    Param("RouteEntryId", Str(max_len=64)),
    Param("DestinationCidrBlock", Str(max_len=64)),
    *(Param(f"DestCidrBlockList.{n}", Str(max_len=64)) for n in range(1, DEST_CIDR_SLOTS + 1)),
    Param("RouteEntryName", Str(max_len=128)),
    Param("RouteEntryType", Str(max_len=32)),
    Param("NextHopId", Str(max_len=64)),
    Param("NextHopType", Str(max_len=64)),
    Param("IpVersion", Str(max_len=8)),
    Param("ServiceType", Str(max_len=64)),
    Param("MaxResult", Int(minimum=20, maximum=100), default=50),
    Param("NextToken", Str(max_len=64, pattern=r"\d{1,9}")),
    resources=table_arn,
)
def describe_route_entry_list(call: Call, uow: UnitOfWork) -> dict[str, Any]:
    table = routes.get_table(uow, call.account_id, call.region_id, call["RouteTableId"])
    found = uow.route_entries.find(account_id=call.account_id, route_table_id=table.id)
    equal = {"id": "RouteEntryId", "name": "RouteEntryName", "entry_type": "RouteEntryType",
             "next_hop_id": "NextHopId", "next_hop_type": "NextHopType"}  # fmt: skip
    for attr, name in equal.items():
        if call[name]:
            found = [e for e in found if getattr(e, attr) == call[name]]
    destinations = [call["DestinationCidrBlock"]] if call["DestinationCidrBlock"] else []
    destinations += [
        call[f"DestCidrBlockList.{n}"] for n in range(1, DEST_CIDR_SLOTS + 1) if call[f"DestCidrBlockList.{n}"]
    ]
    if destinations:
        wanted = {_network(d) for d in destinations}
        found = [e for e in found if _network(e.destination_cidr_block) in wanted]
    if call["IpVersion"] and call["IpVersion"].lower() != "ipv4":
        found = []  # every entry here is IPv4
    start = int(call["NextToken"] or 0)
    chunk = found[start : start + call["MaxResult"]]
    more = start + call["MaxResult"] < len(found)
    return {
        "NextToken": str(start + call["MaxResult"]) if more else "",
        "RouteEntrys": {"RouteEntry": [entry_view(e) for e in chunk]},
        "RequestId": "",  # the sample's place for it
        "TotalCount": len(found),
    }
