"""ECS 2014-05-26: AttachClassicLinkVpc, DetachClassicLinkVpc (seed 001), DescribeClassicLinkInstances (api-spec §4.1–4.3).

These three document their own region error (403 ``InvalidRegionId.Malformed``), answer a request with
neither InstanceId nor VpcId with ``InvalidParameter.InvalidInstanceIdAndVpcId``, and take no ClientToken.
"""

from __future__ import annotations

from typing import Any

from ... import errors
from ...domain import classiclink
from ...domain.ports import UnitOfWork
from ..spec import ECS_VERSION, Call, CommaList, Int, Param, RegionParam, Str, action, arn, page

REGION = Param("RegionId", RegionParam(errors.ClassicLinkRegionMalformed), required=True)
INSTANCE_ID = Param("InstanceId", Str(max_len=64), required=True)
VPC_ID = Param("VpcId", Str(max_len=64), required=True)
# Accepted on every ECS request class; a request naming another owner is answered NotBelong.
OWNER_ID = Param("OwnerId", Str(max_len=32))
BOTH_EMPTY = (("InstanceId", "VpcId"), errors.InstanceIdAndVpcIdEmpty)


def instance_and_vpc(call: Call) -> list[str]:
    """Attach and Detach are authorised on both the instance and the VPC (W-ATT, W-DET)."""
    return [arn("ecs", call, f"instance/{call['InstanceId']}"), arn("vpc", call, f"vpc/{call['VpcId']}")]


@action(
    ECS_VERSION, "AttachClassicLinkVpc", REGION, INSTANCE_ID, VPC_ID, OWNER_ID,
    resources=instance_and_vpc, one_of=BOTH_EMPTY,
)  # fmt: skip
def attach_classic_link_vpc(call: Call, uow: UnitOfWork) -> dict[str, Any]:
    classiclink.attach(
        uow, call.account_id, call.region_id, call["InstanceId"], call["VpcId"], call.now, call.behaviour,
        owner_id=call["OwnerId"],
    )  # fmt: skip
    return {}


@action(
    ECS_VERSION, "DetachClassicLinkVpc", REGION, INSTANCE_ID, VPC_ID, OWNER_ID,
    resources=instance_and_vpc, one_of=BOTH_EMPTY,
)  # fmt: skip
def detach_classic_link_vpc(call: Call, uow: UnitOfWork) -> dict[str, Any]:
    classiclink.detach(
        uow, call.account_id, call.region_id, call["InstanceId"], call["VpcId"], call.now, owner_id=call["OwnerId"]
    )
    return {}


@action(
    ECS_VERSION,
    "DescribeClassicLinkInstances",
    REGION,
    Param("VpcId", Str(max_len=64)),
    Param("InstanceId", CommaList(max_items=100, too_many=errors.TooManyInstanceIds), default=[]),
    Param("PageNumber", Int(minimum=1), default=1),
    Param("PageSize", Int(minimum=1, maximum=100), default=10),
    OWNER_ID,
    resources=lambda call: [arn("ecs", call, "instance/*")],
    one_of=BOTH_EMPTY,
)
def describe_classic_link_instances(call: Call, uow: UnitOfWork) -> dict[str, Any]:
    found = classiclink.links(
        uow, call.account_id, call.region_id, call["VpcId"], call["InstanceId"], owner_id=call["OwnerId"]
    )
    return {
        "PageNumber": call["PageNumber"],
        "TotalCount": len(found),
        "Links": {
            "Link": [
                {"InstanceId": link.instance_id, "VpcId": link.vpc_id}
                for link in page(found, call["PageNumber"], call["PageSize"])
            ]
        },
        "PageSize": call["PageSize"],
        "RequestId": "",  # the sample's place for it
    }
