"""VPC 2016-04-28: EnableVpcClassicLink and DisableVpcClassicLink (seed 000; api-spec §3.1, §3.2)."""

from __future__ import annotations

from typing import Any

from ...domain import classiclink
from ...domain.ports import UnitOfWork
from ..spec import VPC_VERSION, Call, Param, Str, action
from .vpcs import CLIENT_TOKEN, REGION, vpc_arn

VPC_ID = Param("VpcId", Str(max_len=64), required=True)


@action(VPC_VERSION, "EnableVpcClassicLink", REGION, VPC_ID, CLIENT_TOKEN, resources=vpc_arn, client_token=True)
def enable_vpc_classic_link(call: Call, uow: UnitOfWork) -> dict[str, Any]:
    classiclink.enable(uow, call.account_id, call.region_id, call["VpcId"], call.now, call.behaviour)
    return {}


@action(VPC_VERSION, "DisableVpcClassicLink", REGION, VPC_ID, CLIENT_TOKEN, resources=vpc_arn, client_token=True)
def disable_vpc_classic_link(call: Call, uow: UnitOfWork) -> dict[str, Any]:
    classiclink.disable(uow, call.account_id, call.region_id, call["VpcId"], call.now, call.behaviour)
    return {}
