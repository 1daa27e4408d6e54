"""Regions and zones as both products' DescribeRegions and DescribeZones show them (api-spec §3.10,
§4.7, §5.12). The catalogue is fixed (domain/regions.py); only the wording differs per product."""

from __future__ import annotations

import re
from typing import Any

from ..domain.regions import REGIONS, Region

DISK_CATEGORIES = ["cloud_efficiency", "cloud_ssd", "cloud_essd"]
# The order of ECS DescribeZones' sample (tests/data/response_order/Ecs/DescribeZones.json).
ECS_ZONE_KEYS = (
    "AvailableDiskCategories", "AvailableResourceCreation", "LocalName", "ZoneId", "AvailableDedicatedHostTypes",
    "AvailableInstanceTypes", "AvailableResources", "AvailableVolumeCategories", "ZoneType",
)  # fmt: skip


def _letter(zone_id: str) -> str:
    return zone_id.rsplit("-", 1)[-1].upper()


def _city(name: str) -> str:
    return name[name.find("(") + 1 : name.rfind(")")] if "(" in name else name


# --- ECS ---------------------------------------------------------------------------------------------


def ecs_endpoint(region: Region) -> str:
    # The central regions answer on the global endpoint; the others on their own (api-spec §5.12).
    return "ecs.aliyuncs.com" if region.central else f"ecs.{region.id}.aliyuncs.com"


def ecs_regions(language: str) -> list[dict[str, Any]]:
    return [
        {
            "RegionId": region.id,
            "RegionEndpoint": ecs_endpoint(region),
            "LocalName": region.local_name(language),
            "Status": "available",
        }
        for region in REGIONS.values()
    ]


def ecs_zone_name(region: Region, zone_id: str, language: str) -> str:
    """``China (Hangzhou)`` zone ``cn-hangzhou-b`` -> ``Hangzhou Zone B``, ``华东1 可用区 B``, ``杭州 ゾーン B``."""
    if language == "en-US":
        return f"{_city(region.name_en)} Zone {_letter(zone_id)}"
    if language == "ja":
        return f"{_city(region.name_ja)} ゾーン {_letter(zone_id)}"
    return f"{region.name_zh.split('（')[0]} 可用区 {_letter(zone_id)}"


def ecs_zone(region: Region, zone_id: str, language: str, verbose: bool) -> dict[str, Any]:
    view: dict[str, Any] = {"LocalName": ecs_zone_name(region, zone_id, language), "ZoneId": zone_id}
    if not verbose:
        return view
    # The instance type catalogue, here and not at the top: DescribeRegions, often a client's first call (and
    # the one that waits for the server to start), does without it.
    from ..domain.instance_types import NAMED_FIRST

    types = sorted(NAMED_FIRST)
    networks = ["vpc", "classic"] if region.classic else ["vpc"]
    view.update(
        ZoneType="AvailabilityZone",
        AvailableResourceCreation={"ResourceTypes": ["VSwitch", "IoOptimized", "Instance", "Disk"]},
        AvailableInstanceTypes={"InstanceTypes": types},
        AvailableDiskCategories={"DiskCategories": DISK_CATEGORIES},
        AvailableVolumeCategories={"VolumeCategories": []},
        AvailableDedicatedHostTypes={"DedicatedHostType": []},
        AvailableResources={
            "ResourcesInfo": [
                {
                    "DataDiskCategories": {"supportedDataDiskCategory": DISK_CATEGORIES},
                    "InstanceGenerations": {"supportedInstanceGeneration": ["ecs-1", "ecs-2", "ecs-3", "ecs-4"]},
                    "InstanceTypeFamilies": {
                        "supportedInstanceTypeFamily": sorted({t.rsplit(".", 1)[0] for t in types})
                    },
                    "InstanceTypes": {"supportedInstanceType": types},
                    "IoOptimized": True,
                    "NetworkTypes": {"supportedNetworkCategory": networks},
                    "SystemDiskCategories": {"supportedSystemDiskCategory": DISK_CATEGORIES},
                }
            ]
        },
    )
    return {**{key: view[key] for key in ECS_ZONE_KEYS if key in view}, **view}


def ecs_zones(region: Region, language: str, verbose: bool) -> list[dict[str, Any]]:
    return [ecs_zone(region, zone_id, language, verbose) for zone_id in region.zones]


# --- VPC ---------------------------------------------------------------------------------------------


def vpc_regions(language: str) -> list[dict[str, Any]]:
    return [
        {"RegionId": r.id, "RegionEndpoint": r.vpc_endpoint(), "LocalName": r.local_name(language)}
        for r in REGIONS.values()
    ]


def vpc_zone_name(region: Region, zone_id: str, language: str) -> str:
    """The page's sample names cn-hangzhou-b "华东 1 可用区 B": the region's short name and the zone letter."""
    if language == "en-US":
        return f"{region.name_en} Zone {_letter(zone_id)}"
    if language == "ja":
        return f"{region.name_ja} ゾーン {_letter(zone_id)}"
    short = re.sub(r"(\D)(\d+)$", r"\1 \2", region.name_zh.split("（")[0])
    return f"{short} 可用区 {_letter(zone_id)}"


def vpc_zones(region: Region, language: str, zone_type: str | None) -> list[dict[str, Any]]:
    zones = [] if zone_type == "LocalZone" else list(region.zones)  # the catalogue has no local zones
    return [
        {"ZoneId": z, "LocalName": vpc_zone_name(region, z, language), "ZoneType": "AvailabilityZone"} for z in zones
    ]
