"""ECS 2014-05-26: AttachClassicLinkVpc, DetachClassicLinkVpc (seed 001), DescribeClassicLinkInstances (api-spec §4.1–4.3).

These three document their own region error (``InvalidRegionId.Malformed``: 403 for Attach and Detach, 400 with
its own wording for DescribeClassicLinkInstances), answer a request with
neither InstanceId nor VpcId with ``InvalidParameter.InvalidInstanceIdAndVpcId``, and take no ClientToken.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ... import errors
from ...domain import classiclink
from ...domain.ports import UnitOfWork
from ...domain.scope import Scope
from ...reads import links
from ...reads.paging import Paging
from ..spec import ECS_VERSION, CommaList, Int, RegionParam, Request, Str, action, param, scope_arn

BOTH_EMPTY = (("InstanceId", "VpcId"), errors.InstanceIdAndVpcIdEmpty)


def _region() -> Any:
    return param("RegionId", RegionParam(errors.ClassicLinkRegionMalformed), required=True)


def _owner_id() -> Any:
    # Accepted on every ECS request class; a request naming another owner is answered NotBelong.
    return param("OwnerId", Str(max_len=32))


@dataclass(frozen=True, kw_only=True)
class AttachClassicLinkVpc(Request):
    region_id: str = _region()
    instance_id: str = param("InstanceId", Str(max_len=64), required=True)
    vpc_id: str = param("VpcId", Str(max_len=64), required=True)
    owner_id: str | None = _owner_id()


@dataclass(frozen=True, kw_only=True)
class DetachClassicLinkVpc(Request):
    region_id: str = _region()
    instance_id: str = param("InstanceId", Str(max_len=64), required=True)
    vpc_id: str = param("VpcId", Str(max_len=64), required=True)
    owner_id: str | None = _owner_id()


def instance_and_vpc(request: AttachClassicLinkVpc | DetachClassicLinkVpc, scope: Scope) -> list[str]:
    """Attach and Detach are authorised on both the instance and the VPC (W-ATT, W-DET)."""
    return [scope_arn("ecs", scope, f"instance/{request.instance_id}"), scope_arn("vpc", scope, f"vpc/{request.vpc_id}")]


@action(ECS_VERSION, "AttachClassicLinkVpc", AttachClassicLinkVpc, resources=instance_and_vpc,
              one_of=BOTH_EMPTY)  # fmt: skip
def attach_classic_link_vpc(request: AttachClassicLinkVpc, scope: Scope, uow: UnitOfWork) -> dict[str, Any]:
    classiclink.attach(uow, scope, request.instance_id, request.vpc_id, owner_id=request.owner_id)
    return {}


@action(ECS_VERSION, "DetachClassicLinkVpc", DetachClassicLinkVpc, resources=instance_and_vpc,
              one_of=BOTH_EMPTY)  # fmt: skip
def detach_classic_link_vpc(request: DetachClassicLinkVpc, scope: Scope, uow: UnitOfWork) -> dict[str, Any]:
    classiclink.detach(uow, scope, request.instance_id, request.vpc_id, owner_id=request.owner_id)
    return {}


@dataclass(frozen=True, kw_only=True)
class DescribeClassicLinkInstances(Request):
    # Its own table's region error (400 "The specified RegionId is invalid."), not Attach/Detach's 403.
    region_id: str = param("RegionId", RegionParam(errors.DescribeLinksRegionMalformed), required=True)
    vpc_id: str | None = param("VpcId", Str(max_len=64))
    instance_id: list[str] = param("InstanceId", CommaList(max_items=100, too_many=errors.TooManyInstanceIds),
                                   default=[])  # fmt: skip
    page_number: int = param("PageNumber", Int(minimum=1), default=1)
    page_size: int = param("PageSize", Int(minimum=1, maximum=100), default=10)
    owner_id: str | None = _owner_id()


def _all_instances(request: DescribeClassicLinkInstances, scope: Scope) -> list[str]:
    return [scope_arn("ecs", scope, "instance/*")]


@action(ECS_VERSION, "DescribeClassicLinkInstances", DescribeClassicLinkInstances, resources=_all_instances,
              one_of=BOTH_EMPTY)  # fmt: skip
def describe_classic_link_instances(
    request: DescribeClassicLinkInstances, scope: Scope, uow: UnitOfWork
) -> dict[str, Any]:
    found = links.find(uow, scope, vpc_id=request.vpc_id, instance_ids=request.instance_id, owner_id=request.owner_id,
                       paging=Paging(page_number=request.page_number, page_size=request.page_size))  # fmt: skip
    return {
        "PageNumber": request.page_number,
        "TotalCount": found.total,
        "Links": {"Link": [links.view(link) for link in found.items]},
        "PageSize": request.page_size,
        "RequestId": "",  # the sample's place for it
    }
