"""VPC 2016-04-28: EnableVpcClassicLink and DisableVpcClassicLink (seed 000; api-spec §3.1, §3.2)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ...domain import classiclink
from ...domain.ports import UnitOfWork
from ...domain.scope import Scope
from ..spec import VPC_VERSION, Request, Str, action, param
from .vpcs import client_token, region_id, vpc_arn


@dataclass(frozen=True, kw_only=True)
class EnableVpcClassicLink(Request):
    region_id: str = region_id()
    vpc_id: str = param("VpcId", Str(max_len=64), required=True)
    client_token: str | None = client_token()


@action(VPC_VERSION, "EnableVpcClassicLink", EnableVpcClassicLink, resources=vpc_arn, client_token=True)
def enable_vpc_classic_link(request: EnableVpcClassicLink, scope: Scope, uow: UnitOfWork) -> dict[str, Any]:
    classiclink.enable(uow, scope, request.vpc_id)
    return {}


@dataclass(frozen=True, kw_only=True)
class DisableVpcClassicLink(Request):
    region_id: str = region_id()
    vpc_id: str = param("VpcId", Str(max_len=64), required=True)
    client_token: str | None = client_token()


@action(VPC_VERSION, "DisableVpcClassicLink", DisableVpcClassicLink, resources=vpc_arn, client_token=True)
def disable_vpc_classic_link(request: DisableVpcClassicLink, scope: Scope, uow: UnitOfWork) -> dict[str, Any]:
    classiclink.disable(uow, scope, request.vpc_id)
    return {}
