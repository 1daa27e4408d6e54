"""ECS 2014-05-26 instance types and capacity: DescribeInstanceTypes, DescribeInstanceTypeFamilies,
DescribeAvailableResource, over the catalogue in domain/instance_types.py (every type in every zone,
always WithStock)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from ... import errors
from ...domain import disks, instance_types
from ...domain.instance_types import InstanceType
from ...domain.ports import UnitOfWork
from ...domain.regions import find_region
from ...domain.scope import Scope
from ..spec import ECS_VERSION, Int, ParamType, Request, Str, action, param
from .common import ecs_region, next_token, optional_ecs_region

MAX_RESULTS = 1600


class Number(ParamType):
    """A non-negative decimal number (memory in GiB, frequencies in GHz: the SDKs send floats)."""

    def parse(self, name: str, raw: str) -> Any:
        try:
            value = float(raw)
        except ValueError:
            raise errors.InvalidParameter(name=name) from None
        if not value >= 0 or value == float("inf"):
            raise errors.InvalidParameter(name=name)
        return value


def _values(name: str, max_repeat: int = 10) -> Any:
    return param(name, Str(max_len=128), values=True, max_repeat=max_repeat)


@dataclass(frozen=True, kw_only=True)
class DescribeInstanceTypes(Request):
    region_id: str | None = optional_ecs_region()
    instance_type_family: str | None = param("InstanceTypeFamily", Str(max_len=64))
    instance_type_families: list[str] = _values("InstanceTypeFamilies")
    instance_types: list[str] = _values("InstanceTypes")
    instance_category: str | None = param("InstanceCategory", Str(max_len=64))
    instance_categories: list[str] = _values("InstanceCategories")
    cpu_architecture: str | None = param("CpuArchitecture", Str(choices=("X86", "ARM")))
    cpu_architectures: list[str] = _values("CpuArchitectures")
    instance_family_level: str | None = param(
        "InstanceFamilyLevel", Str(choices=("EntryLevel", "EnterpriseLevel", "CreditEntryLevel"))
    )
    gpu_spec: str | None = param("GPUSpec", Str(max_len=64))
    gpu_specs: list[str] = _values("GpuSpecs")
    local_storage_category: str | None = param("LocalStorageCategory", Str(max_len=64))
    local_storage_categories: list[str] = _values("LocalStorageCategories")
    physical_processor_model: str | None = param("PhysicalProcessorModel", Str(max_len=128))
    physical_processor_models: list[str] = _values("PhysicalProcessorModels")
    nvme_support: str | None = param("NvmeSupport", Str(choices=("unsupported", "supported", "required")))
    maximum_cpu_core_count: int | None = param("MaximumCpuCoreCount", Int(minimum=0))
    minimum_cpu_core_count: int | None = param("MinimumCpuCoreCount", Int(minimum=0))
    maximum_memory_size: float | None = param("MaximumMemorySize", Number())
    minimum_memory_size: float | None = param("MinimumMemorySize", Number())
    maximum_gpu_amount: int | None = param("MaximumGPUAmount", Int(minimum=0))
    minimum_gpu_amount: int | None = param("MinimumGPUAmount", Int(minimum=0))
    maximum_cpu_speed_frequency: float | None = param("MaximumCpuSpeedFrequency", Number())
    minimum_cpu_speed_frequency: float | None = param("MinimumCpuSpeedFrequency", Number())
    maximum_cpu_turbo_frequency: float | None = param("MaximumCpuTurboFrequency", Number())
    minimum_cpu_turbo_frequency: float | None = param("MinimumCpuTurboFrequency", Number())
    minimum_baseline_credit: int | None = param("MinimumBaselineCredit", Int(minimum=0))
    minimum_initial_credit: int | None = param("MinimumInitialCredit", Int(minimum=0))
    minimum_disk_quantity: int | None = param("MinimumDiskQuantity", Int(minimum=0))
    minimum_eni_quantity: int | None = param("MinimumEniQuantity", Int(minimum=0))
    minimum_eni_private_ip_address_quantity: int | None = param("MinimumEniPrivateIpAddressQuantity", Int(minimum=0))
    minimum_eni_ipv6_address_quantity: int | None = param("MinimumEniIpv6AddressQuantity", Int(minimum=0))
    minimum_eri_quantity: int | None = param("MinimumEriQuantity", Int(minimum=0))
    minimum_instance_bandwidth_rx: int | None = param("MinimumInstanceBandwidthRx", Int(minimum=0))
    minimum_instance_bandwidth_tx: int | None = param("MinimumInstanceBandwidthTx", Int(minimum=0))
    minimum_instance_pps_rx: int | None = param("MinimumInstancePpsRx", Int(minimum=0))
    minimum_instance_pps_tx: int | None = param("MinimumInstancePpsTx", Int(minimum=0))
    minimum_local_storage_amount: int | None = param("MinimumLocalStorageAmount", Int(minimum=0))
    minimum_local_storage_capacity: int | None = param("MinimumLocalStorageCapacity", Int(minimum=0))
    minimum_primary_eni_queue_number: int | None = param("MinimumPrimaryEniQueueNumber", Int(minimum=0))
    minimum_secondary_eni_queue_number: int | None = param("MinimumSecondaryEniQueueNumber", Int(minimum=0))
    minimum_queue_pair_number: int | None = param("MinimumQueuePairNumber", Int(minimum=0))
    next_token: str | None = next_token()
    max_results: int = param("MaxResults", Int(minimum=1, maximum=MAX_RESULTS), default=MAX_RESULTS)
    # Every attribute is always returned.
    additional_attributes: list[str] = _values("AdditionalAttributes")


def _bounds(request: DescribeInstanceTypes) -> list[tuple[float | None, float | None, Callable[[InstanceType], float]]]:
    r = request
    return [
        (r.minimum_cpu_core_count, r.maximum_cpu_core_count, lambda t: t.cpus),
        (r.minimum_memory_size, r.maximum_memory_size, lambda t: t.memory_gib),
        (r.minimum_gpu_amount, r.maximum_gpu_amount, lambda t: t.gpus),
        (r.minimum_cpu_speed_frequency, r.maximum_cpu_speed_frequency, lambda t: t.speed_ghz),
        (r.minimum_cpu_turbo_frequency, r.maximum_cpu_turbo_frequency, lambda t: t.turbo_ghz),
        (r.minimum_baseline_credit, None, lambda t: t.baseline_credit),
        (r.minimum_initial_credit, None, lambda t: t.initial_credit),
        (r.minimum_disk_quantity, None, lambda t: t.disk_quantity),
        (r.minimum_eni_quantity, None, lambda t: t.eni_quantity),
        (r.minimum_eni_private_ip_address_quantity, None, lambda t: t.ips_per_eni),
        (r.minimum_eni_ipv6_address_quantity, None, lambda t: t.ipv6_per_eni),
        (r.minimum_eri_quantity, None, lambda t: 0),
        (r.minimum_instance_bandwidth_rx, None, lambda t: t.bandwidth_kbps),
        (r.minimum_instance_bandwidth_tx, None, lambda t: t.bandwidth_kbps),
        (r.minimum_instance_pps_rx, None, lambda t: t.pps),
        (r.minimum_instance_pps_tx, None, lambda t: t.pps),
        (r.minimum_local_storage_amount, None, lambda t: 0),
        (r.minimum_local_storage_capacity, None, lambda t: 0),
        (r.minimum_primary_eni_queue_number, None, lambda t: t.queues),
        (r.minimum_secondary_eni_queue_number, None, lambda t: t.queues),
        (r.minimum_queue_pair_number, None, lambda t: 0 if t.category in ("Shared", "Burstable") else t.queues),
    ]


def _one_of(value: str, single: str | None, many: list[str]) -> bool:
    wanted = ([single] if single else []) + many
    return not wanted or value in wanted


def _matches(t: InstanceType, r: DescribeInstanceTypes) -> bool:
    if r.instance_types and t.id not in r.instance_types:
        return False
    checks = (
        _one_of(t.family, r.instance_type_family, r.instance_type_families),
        _one_of(t.category, r.instance_category, r.instance_categories),
        _one_of(t.architecture, r.cpu_architecture, r.cpu_architectures),
        _one_of(t.gpu_spec, r.gpu_spec, r.gpu_specs),
        _one_of(t.processor, r.physical_processor_model, r.physical_processor_models),
        # No type here has local disks: a local-storage filter matches none.
        not (r.local_storage_category or r.local_storage_categories),
        r.instance_family_level is None or t.level == r.instance_family_level,
        r.nvme_support is None or t.nvme == r.nvme_support,
    )
    if not all(checks):
        return False
    return all((low is None or get(t) >= low) and (high is None or get(t) <= high) for low, high, get in _bounds(r))


def type_view(t: InstanceType) -> dict[str, Any]:
    """One InstanceTypes.InstanceType[]; keys in the Tea SDK model's order."""
    shared = t.category in ("Shared", "Burstable")
    return {
        "Attributes": {"Attribute": []},
        "BaselineCredit": t.baseline_credit,
        "Clock": {"PtpSupport": "unsupported"},
        "CpuArchitecture": t.architecture,
        "CpuCoreCount": t.cpus,
        "CpuOptions": {"Core": max(1, t.cpus // 2), "CoreFactor": 2, "HyperThreadingAdjustable": not shared,
                       "NestedVirtualizationSupport": False,
                       "SupportedTopologyTypes": {"SupportedTopologyType": []},
                       "ThreadsPerCore": 1 if t.cpus == 1 else 2},
        "CpuSpeedFrequency": t.speed_ghz,
        "CpuTurboFrequency": t.turbo_ghz,
        "DiskQuantity": t.disk_quantity,
        "EnhancedNetwork": {"ExpressSupport": False, "RssSupport": not shared, "SriovSupport": False,
                            "VfQueueNumberPerEni": 0},
        "EniIpv6AddressQuantity": t.ipv6_per_eni,
        "EniPrivateIpAddressQuantity": t.ips_per_eni,
        "EniQuantity": t.eni_quantity,
        "EniTotalQuantity": t.eni_quantity,
        "EniTrunkSupported": t.generation >= "ecs-4",
        "EriQuantity": 0,
        "GPUAmount": t.gpus,
        "GPUMemorySize": t.gpu_memory_gib,
        "GPUSpec": t.gpu_spec,
        "InitialCredit": t.initial_credit,
        "InstanceBandwidthRx": t.bandwidth_kbps,
        "InstanceBandwidthTx": t.bandwidth_kbps,
        "InstanceCategory": t.category,
        "InstanceFamilyLevel": t.level,
        "InstancePpsRx": t.pps,
        "InstancePpsTx": t.pps,
        "InstanceTypeFamily": t.family,
        "InstanceTypeId": t.id,
        "JumboFrameSupport": False,
        "LocalStorageAmount": 0,
        "LocalStorageCapacity": 0,
        "LocalStorageCategory": "",
        "MaximumQueueNumberPerEni": t.queues,
        "MemorySize": t.memory_gib,
        "NetworkCardQuantity": 1,
        "NetworkCards": {"NetworkCardInfo": [{"NetworkCardIndex": 0}]},
        "NetworkEncryptionSupport": t.generation >= "ecs-5",
        "NetworkInfo": {"BandwidthWeighting": {"WeightingInfos": {"WeightingInfo": []}}},
        "NvmeSupport": t.nvme,
        "PhysicalProcessorModel": t.processor,
        "PrimaryEniQueueNumber": t.queues,
        "QueuePairNumber": 0 if shared else t.queues,
        "SecondaryEniQueueNumber": t.queues,
        "SecurityOptions": {"SecureBootSupport": "unsupported"},
        "SupportedBootModes": {"SupportedBootMode": ["BIOS", "UEFI"] if t.generation >= "ecs-5" else ["BIOS"]},
        "TotalEniQueueQuantity": t.queues * t.eni_quantity,
    }  # fmt: skip


@action(ECS_VERSION, "DescribeInstanceTypes", DescribeInstanceTypes)
def describe_instance_types(request: DescribeInstanceTypes, scope: Scope, uow: UnitOfWork) -> dict[str, Any]:
    found = [t for t in instance_types.TYPES.values() if _matches(t, request)]
    start = 0
    if request.next_token:
        if request.next_token not in instance_types.TYPES:
            raise errors.InvalidParameter(name="NextToken")
        start = next((n for n, t in enumerate(found) if t.id == request.next_token), len(found))
    shown = found[start : start + request.max_results]
    more = start + request.max_results < len(found)
    # The token names the first type of the next page.
    token = found[start + request.max_results].id if more else ""
    return {"RequestId": "", "NextToken": token, "InstanceTypes": {"InstanceType": [type_view(t) for t in shown]}}


@dataclass(frozen=True, kw_only=True)
class DescribeInstanceTypeFamilies(Request):
    region_id: str = ecs_region()
    generation: str | None = param("Generation", Str(max_len=32))


@action(ECS_VERSION, "DescribeInstanceTypeFamilies", DescribeInstanceTypeFamilies)
def describe_instance_type_families(request: DescribeInstanceTypeFamilies, scope: Scope,
                                    uow: UnitOfWork) -> dict[str, Any]:  # fmt: skip
    families = [
        {"InstanceTypeFamilyId": family, "Generation": generation}
        for family, generation in instance_types.FAMILIES.items()
        if request.generation is None or generation == request.generation
    ]
    return {"RequestId": "", "InstanceTypeFamilies": {"InstanceTypeFamily": families}}


DESTINATIONS = ("Zone", "IoOptimized", "InstanceType", "SystemDisk", "DataDisk", "Network", "ddh")
RESOURCE_TYPES = ("instance", "disk", "reservedinstance", "ddh")


@dataclass(frozen=True, kw_only=True)
class DescribeAvailableResource(Request):
    region_id: str = ecs_region()
    destination_resource: str = param("DestinationResource", Str(choices=DESTINATIONS,
                                                                 error=errors.DestinationResourceNotSupported),
                                      required=True)  # fmt: skip
    zone_id: str | None = param("ZoneId", Str(max_len=64))
    instance_charge_type: str = param("InstanceChargeType", Str(choices=("PrePaid", "PostPaid")), default="PostPaid")
    spot_strategy: str = param("SpotStrategy", Str(choices=("NoSpot", "SpotWithPriceLimit", "SpotAsPriceGo")),
                               default="NoSpot")  # fmt: skip
    spot_duration: int | None = param("SpotDuration", Int(minimum=0, maximum=6))
    resource_type: str = param("ResourceType", Str(choices=RESOURCE_TYPES), default="instance")
    instance_type: str | None = param("InstanceType", Str(max_len=64))
    io_optimized: str = param("IoOptimized", Str(choices=("none", "optimized")), default="optimized")
    system_disk_category: str | None = param("SystemDiskCategory", Str(max_len=64))
    data_disk_category: str | None = param("DataDiskCategory", Str(max_len=64))
    network_category: str | None = param("NetworkCategory", Str(choices=("vpc", "classic")))
    cores: int | None = param("Cores", Int(minimum=1))
    memory: float | None = param("Memory", Number())
    dedicated_host_id: str | None = param("DedicatedHostId", Str(max_len=64))
    scope: str | None = param("Scope", Str(choices=("Region", "Zone")))


def _supported(value: str, **extra: Any) -> dict[str, Any]:
    entry: dict[str, Any] = {"Value": value, "Status": "Available", "StatusCategory": "WithStock"}
    entry.update({"Min": 0, "Max": 0, "Unit": ""} | extra)
    return entry


def _disk_entries(categories: tuple[str, ...], sizes: dict[str, tuple[int, int]], only: str | None) -> list[Any]:
    return [_supported(c, Min=sizes.get(c, (20, 32768))[0], Max=sizes.get(c, (20, 32768))[1], Unit="GiB")
            for c in categories if only is None or c == only]  # fmt: skip


@action(ECS_VERSION, "DescribeAvailableResource", DescribeAvailableResource)
def describe_available_resource(request: DescribeAvailableResource, scope: Scope, uow: UnitOfWork) -> dict[str, Any]:
    region = find_region(scope.region_id)
    assert region is not None
    r = request
    wanted_type = instance_types.TYPES.get(r.instance_type) if r.instance_type else None
    io_ok = r.io_optimized == "optimized"
    system_sizes = {c: (disks.SYSTEM_MIN, disks.BASIC_SYSTEM_MAX if c == "cloud" else disks.SYSTEM_MAX)
                    for c in disks.SYSTEM_CATEGORIES}  # fmt: skip
    data_sizes = {**disks.DATA_SIZES, "cloud_essd": (20, 65536)}
    zones = []
    for zone in region.zones:
        if r.zone_id and zone != r.zone_id:
            continue
        nothing = (r.instance_type and wanted_type is None) or r.resource_type in ("ddh", "reservedinstance") \
            or r.dedicated_host_id or (r.network_category == "classic" and not region.classic) \
            or (r.system_disk_category and r.system_disk_category not in disks.SYSTEM_CATEGORIES) \
            or (r.data_disk_category and r.data_disk_category not in data_sizes)  # fmt: skip
        if nothing:
            continue
        # IoOptimized=none: the retired (generation I) types, which run either way; every type runs I/O optimized.
        types = [t for t in instance_types.TYPES.values() if (wanted_type is None or t is wanted_type)
                 and (r.cores is None or t.cpus == r.cores) and (r.memory is None or t.memory_gib == r.memory)
                 and (io_ok or not t.io_optimized)
                 and all(c is None or c in t.disk_categories for c in (r.system_disk_category, r.data_disk_category))]  # fmt: skip
        if not types:
            continue
        # The disks the types take (instance_types: each family's page), I/O optimized as these answers are.
        taken = {c for t in types for c in t.disk_categories}
        resources: dict[str, list[Any]] = {
            "Zone": [_supported(zone)],
            "IoOptimized": [_supported(r.io_optimized)],
            "InstanceType": [_supported(t.id) for t in types],
            "SystemDisk": _disk_entries(
                tuple(c for c in disks.SYSTEM_CATEGORIES if c in taken), system_sizes, r.system_disk_category
            ),
            "DataDisk": _disk_entries(tuple(c for c in data_sizes if c in taken), data_sizes, r.data_disk_category),
            "Network": [_supported(n) for n in (("vpc", "classic") if region.classic else ("vpc",))
                        if r.network_category is None or n == r.network_category],
            "ddh": [],
        }
        supported = resources[r.destination_resource]
        if not supported:
            continue
        zones.append({
            "ZoneId": zone, "Status": "Available", "StatusCategory": "WithStock", "RegionId": scope.region_id,
            "AvailableResources": {"AvailableResource": [
                {"Type": r.destination_resource, "SupportedResources": {"SupportedResource": supported}}
            ]},
        })  # fmt: skip
    return {"RequestId": "", "AvailableZones": {"AvailableZone": zones}}
