"""VPC 2016-04-28: DescribeRegions and DescribeZones (api-spec §3.10; V-REG and the 2019 DescribeZones page)."""

from __future__ import annotations

import re
from typing import Any

from ...domain.ports import UnitOfWork
from ...domain.regions import REGIONS, Region
from ..spec import VPC_VERSION, Call, Param, Str, action
from .vpcs import REGION

LANGUAGES = ("zh-CN", "en-US", "ja")
ACCEPT_LANGUAGE = Param("AcceptLanguage", Str(choices=LANGUAGES), default="zh-CN")


@action(
    VPC_VERSION,
    "DescribeRegions",
    ACCEPT_LANGUAGE,
    Param("ProductType", Str(max_len=64)),
)
def describe_regions(call: Call, uow: UnitOfWork) -> dict[str, Any]:
    language = call["AcceptLanguage"]
    return {
        "Regions": {
            "Region": [
                {"RegionId": r.id, "RegionEndpoint": r.vpc_endpoint(), "LocalName": r.local_name(language)}
                for r in REGIONS.values()
            ]
        }
    }


def zone_local_name(region: Region, zone_id: str, language: str) -> str:
    """The page's sample names cn-hangzhou-b "华东 1 可用区 B": the region's short name and the zone letter."""
    letter = zone_id.rsplit("-", 1)[-1].upper()
    if language == "en-US":
        return f"{region.name_en} Zone {letter}"
    if language == "ja":
        return f"{region.name_ja} ゾーン {letter}"
    short = re.sub(r"(\D)(\d+)$", r"\1 \2", region.name_zh.split("（")[0])
    return f"{short} 可用区 {letter}"


@action(
    VPC_VERSION,
    "DescribeZones",
    REGION,
    ACCEPT_LANGUAGE,
    Param("ZoneType", Str(choices=("AvailabilityZone", "LocalZone"))),
)
def describe_zones(call: Call, uow: UnitOfWork) -> dict[str, Any]:
    region = REGIONS[call.region_id]  # RegionParam has checked it
    zones = [] if call["ZoneType"] == "LocalZone" else list(region.zones)  # the catalogue has no local zones
    return {
        "Zones": {
            "Zone": [
                {
                    "ZoneId": z,
                    "LocalName": zone_local_name(region, z, call["AcceptLanguage"]),
                    "ZoneType": "AvailabilityZone",
                }
                for z in zones
            ]
        }
    }
