"""VPC 2016-04-28: DescribeRegions and DescribeZones (api-spec §3.10; V-REG and the 2019 DescribeZones page)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ...domain.ports import UnitOfWork
from ...domain.regions import REGIONS
from ...domain.scope import Scope
from ...reads import regions
from ..spec import VPC_VERSION, Request, Str, action, param
from .vpcs import region_id

LANGUAGES = ("zh-CN", "en-US", "ja")


def _language() -> Any:
    return param("AcceptLanguage", Str(choices=LANGUAGES), default="zh-CN")


@dataclass(frozen=True, kw_only=True)
class DescribeRegions(Request):
    accept_language: str = _language()
    product_type: str | None = param("ProductType", Str(max_len=64))


@action(VPC_VERSION, "DescribeRegions", DescribeRegions)
def describe_regions(request: DescribeRegions, scope: Scope, uow: UnitOfWork) -> dict[str, Any]:
    return {"Regions": {"Region": regions.vpc_regions(request.accept_language)}}


@dataclass(frozen=True, kw_only=True)
class DescribeZones(Request):
    region_id: str = region_id()
    accept_language: str = _language()
    zone_type: str | None = param("ZoneType", Str(choices=("AvailabilityZone", "LocalZone")))


@action(VPC_VERSION, "DescribeZones", DescribeZones)
def describe_zones(request: DescribeZones, scope: Scope, uow: UnitOfWork) -> dict[str, Any]:
    region = REGIONS[request.region_id]  # RegionParam has checked it
    return {"Zones": {"Zone": regions.vpc_zones(region, request.accept_language, request.zone_type)}}
