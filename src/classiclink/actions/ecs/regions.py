"""ECS 2014-05-26: DescribeRegions and DescribeZones (api-spec §4.7, §5.12)."""

from __future__ import annotations

from typing import Any

from ... import errors
from ...domain.instances import INSTANCE_TYPES
from ...domain.ports import UnitOfWork
from ...domain.regions import REGIONS, Region, find_region
from ..spec import ECS_VERSION, Bool, Call, Param, Str, action, ordered
from .common import ECS_REGION, OPTIONAL_ECS_REGION

LANGUAGE = Param("AcceptLanguage", Str(choices=("zh-CN", "en-US", "ja"), error=errors.InvalidAcceptLanguage),
                 default="zh-CN")  # fmt: skip
CHARGE_TYPE = Param("InstanceChargeType", Str(choices=("PrePaid", "PostPaid")), default="PostPaid")
RESOURCE_TYPE = Str(choices=("instance", "disk", "reservedinstance", "scu"), error=errors.InvalidResourceType)
DISK_CATEGORIES = ["cloud_efficiency", "cloud_ssd", "cloud_essd"]
# The order of DescribeZones' sample (tests/data/response_order/Ecs/DescribeZones.json).
ZONE_KEYS = (
    "AvailableDiskCategories", "AvailableResourceCreation", "LocalName", "ZoneId", "AvailableDedicatedHostTypes",
    "AvailableInstanceTypes", "AvailableResources", "AvailableVolumeCategories", "ZoneType",
)  # fmt: skip


def region_endpoint(region: Region) -> str:
    # The central regions answer on the global endpoint; the others on their own (api-spec §5.12).
    return "ecs.aliyuncs.com" if region.central else f"ecs.{region.id}.aliyuncs.com"


@action(
    ECS_VERSION,
    "DescribeRegions",
    OPTIONAL_ECS_REGION,
    LANGUAGE,
    CHARGE_TYPE,
    Param("ResourceType", RESOURCE_TYPE, default="instance"),
)
def describe_regions(call: Call, uow: UnitOfWork) -> dict[str, Any]:
    language = call["AcceptLanguage"]
    return {
        "Regions": {
            "Region": [
                {
                    "RegionId": region.id,
                    "RegionEndpoint": region_endpoint(region),
                    "LocalName": region.local_name(language),
                    "Status": "available",
                }
                for region in REGIONS.values()
            ]
        }
    }


def zone_name(region: Region, zone_id: str, language: str) -> str:
    """``China (Hangzhou)`` zone ``cn-hangzhou-b`` -> ``Hangzhou Zone B``, ``华东1 可用区 B``, ``杭州 ゾーン B``."""
    letter = zone_id.rsplit("-", 1)[-1].upper()
    if language == "en-US":
        name = region.name_en
        city = name[name.find("(") + 1 : name.rfind(")")] if "(" in name else name
        return f"{city} Zone {letter}"
    if language == "ja":
        name = region.name_ja
        city = name[name.find("(") + 1 : name.rfind(")")] if "(" in name else name
        return f"{city} ゾーン {letter}"
    return f"{region.name_zh.split('（')[0]} 可用区 {letter}"


def zone_view(region: Region, zone_id: str, language: str, verbose: bool) -> dict[str, Any]:
    view: dict[str, Any] = {"LocalName": zone_name(region, zone_id, language), "ZoneId": zone_id}
    if not verbose:
        return view
    types = sorted(INSTANCE_TYPES)
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
    return ordered(view, ZONE_KEYS)


@action(
    ECS_VERSION,
    "DescribeZones",
    ECS_REGION,
    LANGUAGE,
    CHARGE_TYPE,
    Param("SpotStrategy", Str(choices=("NoSpot", "SpotWithPriceLimit", "SpotAsPriceGo")), default="NoSpot"),
    Param("Verbose", Bool(), default=True),
)
def describe_zones(call: Call, uow: UnitOfWork) -> dict[str, Any]:
    region = find_region(call.region_id)
    assert region is not None  # RegionId is checked by its parameter type
    language = call["AcceptLanguage"]
    return {"Zones": {"Zone": [zone_view(region, z, language, call["Verbose"]) for z in region.zones]}}
