"""ECS 2014-05-26: DescribeRegions and DescribeZones (api-spec §4.7, §5.12)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ... import errors
from ...domain.ports import UnitOfWork
from ...domain.regions import find_region
from ...domain.scope import Scope
from ...reads import regions
from ..spec import ECS_VERSION, Bool, Request, Str, action, param
from .common import ecs_region, optional_ecs_region


def _language() -> Any:
    return param("AcceptLanguage", Str(choices=("zh-CN", "en-US", "ja"), error=errors.InvalidAcceptLanguage),
                 default="zh-CN")  # fmt: skip


def _charge_type() -> Any:
    return param("InstanceChargeType", Str(choices=("PrePaid", "PostPaid")), default="PostPaid")


RESOURCE_TYPE = Str(choices=("instance", "disk", "reservedinstance", "scu"), error=errors.InvalidResourceType)


@dataclass(frozen=True, kw_only=True)
class DescribeRegions(Request):
    region_id: str | None = optional_ecs_region()
    accept_language: str = _language()
    instance_charge_type: str = _charge_type()
    resource_type: str = param("ResourceType", RESOURCE_TYPE, default="instance")


@action(ECS_VERSION, "DescribeRegions", DescribeRegions)
def describe_regions(request: DescribeRegions, scope: Scope, uow: UnitOfWork) -> dict[str, Any]:
    return {"Regions": {"Region": regions.ecs_regions(request.accept_language)}}


@dataclass(frozen=True, kw_only=True)
class DescribeZones(Request):
    region_id: str = ecs_region()
    accept_language: str = _language()
    instance_charge_type: str = _charge_type()
    spot_strategy: str = param("SpotStrategy", Str(choices=("NoSpot", "SpotWithPriceLimit", "SpotAsPriceGo")),
                               default="NoSpot")  # fmt: skip
    verbose: bool = param("Verbose", Bool(), default=True)


@action(ECS_VERSION, "DescribeZones", DescribeZones)
def describe_zones(request: DescribeZones, scope: Scope, uow: UnitOfWork) -> dict[str, Any]:
    region = find_region(request.region_id)
    assert region is not None  # RegionId is checked by its parameter type
    return {"Zones": {"Zone": regions.ecs_zones(region, request.accept_language, request.verbose)}}
