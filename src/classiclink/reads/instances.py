"""Instances as DescribeInstances and DescribeInstanceAttribute show them: filters, query, paging, views."""

from __future__ import annotations

import ipaddress
import re
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from ..domain import launch_settings, tags
from ..domain.instance_options import operating_system
from ..domain.instances import instance_type_family
from ..domain.model import EipAddress, Instance, NetworkInterface
from ..domain.network_interfaces import primary_eni_id, primary_mac_address
from ..domain.ports import AnyOf, Contains, GreaterThan, UnitOfWork
from ..domain.scope import Scope
from .paging import Page, Paging, paginate, query_page
from .shape import ordered
from .timefmt import ecs_time

# PostPaid instances never expire; the API prints this date for them.
NEVER_EXPIRES = "2099-12-31T15:59Z"
MONTH = 30 * 24 * 3600


@dataclass(frozen=True)
class InstanceFilter:
    """DescribeInstances' filters (api-spec §4.4); all given ones must hold."""

    vpc_id: str | None = None
    vswitch_id: str | None = None
    zone_id: str | None = None
    network_type: str | None = None
    security_group_id: str | None = None
    instance_ids: Sequence[str] | None = None
    name: str | None = None
    status: str | None = None
    inner_ips: Sequence[str] | None = None
    private_ips: Sequence[str] | None = None
    public_ips: Sequence[str] | None = None
    eip_addresses: Sequence[str] | None = None
    instance_type: str | None = None
    instance_type_family: str | None = None
    image_id: str | None = None
    instance_charge_type: str | None = None
    internet_charge_type: str | None = None
    tags: Sequence[dict[str, str]] = ()
    resource_group_id: str | None = None
    key_pair_name: str | None = None
    io_optimized: bool | None = None
    device_available: bool | None = None
    http_endpoint: str | None = None
    http_tokens: str | None = None
    http_put_response_hop_limit: int | None = None
    # Ipv6Address.N: instances one of whose ENIs (the primary one or an attached one) holds one of them.
    ipv6_addresses: Sequence[str] = ()
    # LockReason: only "security" locks exist (the account's conditions), matched against these instance IDs.
    lock_reason: str | None = None
    security_locked: frozenset[str] = frozenset()
    # Nothing here carries these: given, they match no instance (no HPC clusters or RDMA addresses).
    hpc_cluster_id: str | None = None
    rdma_ip_addresses: Sequence[str] = ()
    # Filter.N: CreationStartTime / CreationEndTime, epoch seconds.
    created_from: float | None = None
    created_to: float | None = None

    def matches_nothing(self) -> bool:
        locked = self.lock_reason == "security" and self.security_locked
        return bool((self.lock_reason and not locked) or self.hpc_cluster_id or self.rdma_ip_addresses
                    or self.device_available is False)  # fmt: skip


def find(uow: UnitOfWork, scope: Scope, where: InstanceFilter, paging: Paging) -> Page[Instance]:
    """The filters the store can answer are asked of it (equality, ID and address lists), and so is the
    page when nothing is left to match here: a request loads only the instances it shows."""
    if where.matches_nothing():
        return paginate([], paging)
    # A linked classic instance keeps an empty VpcId: links show only in DescribeClassicLinkInstances
    # (open question 10), so the VpcId filter never returns classic instances.
    # An instance past its AutoReleaseTime has been released (domain/instances.released).
    query: dict[str, Any] = {"region_id": scope.region_id, "auto_release_at": GreaterThan(scope.now, unless=0.0)}
    equal = {
        "vpc_id": where.vpc_id,
        "vswitch_id": where.vswitch_id,
        "zone_id": where.zone_id,
        "network_type": where.network_type,
        "instance_type": where.instance_type,
        "image_id": where.image_id,
        "instance_charge_type": where.instance_charge_type,
        "internet_charge_type": where.internet_charge_type,
        "resource_group_id": where.resource_group_id,
        "key_pair_name": where.key_pair_name,
        "http_endpoint": where.http_endpoint,
        "http_tokens": where.http_tokens,
        "http_put_response_hop_limit": where.http_put_response_hop_limit,
    }
    query.update({attribute: value for attribute, value in equal.items() if value})
    if where.io_optimized is not None:
        query["io_optimized"] = where.io_optimized
    if where.public_ips:
        query["public_ip"] = AnyOf(where.public_ips)
    ids: set[str] | None = set(where.instance_ids) if where.instance_ids is not None else None
    if where.lock_reason:  # "security" (matches_nothing answered the others)
        ids = set(where.security_locked) if ids is None else ids & where.security_locked
    if where.eip_addresses:
        held = uow.eip_addresses.find(account_id=scope.account_id, region_id=scope.region_id,
                                      ip_address=AnyOf(where.eip_addresses), instance_type="EcsInstance")  # fmt: skip
        found_ids = {eip.instance_id for eip in held}
        ids = found_ids if ids is None else ids & found_ids
    if where.ipv6_addresses:
        found_ids = _holding_ipv6(uow, scope, where.ipv6_addresses)
        ids = found_ids if ids is None else ids & found_ids
    if ids is not None:
        query["id"] = AnyOf(sorted(ids))
    if where.security_group_id:
        query["security_group_ids"] = Contains(where.security_group_id)
    if where.inner_ips:
        query["inner_ip"] = AnyOf(where.inner_ips)
    if where.private_ips:
        query["private_ip"] = AnyOf(where.private_ips)
    pattern = None
    if where.name and "*" not in where.name:
        query["name"] = where.name
    elif where.name:
        pattern = re.compile(".*".join(re.escape(part) for part in where.name.split("*")))
    # Matched here: the type family (derived), tags (JSON objects), the status (moves in time).
    created = where.created_from is not None or where.created_to is not None
    if not (pattern or where.instance_type_family or where.status or where.tags or created):
        return query_page(uow.instances, scope.account_id, paging, **query)
    found = uow.instances.find(account_id=scope.account_id, **query)
    if where.instance_type_family:
        found = [i for i in found if instance_type_family(i.instance_type) == where.instance_type_family]
    if pattern:
        found = [i for i in found if pattern.fullmatch(i.name)]
    if where.status:
        found = [i for i in found if i.lifecycle.at(scope.now) == where.status]
    if where.tags:
        found = [i for i in found if tags.matches(i.tags, where.tags)]
    if where.created_from is not None:
        found = [i for i in found if i.created_at >= where.created_from]
    if where.created_to is not None:
        found = [i for i in found if i.created_at <= where.created_to]
    return paginate(found, paging)


def _holding_ipv6(uow: UnitOfWork, scope: Scope, wanted: Sequence[str]) -> set[str]:
    """The instances whose attached ENIs hold any of these IPv6 addresses (compared in canonical form)."""
    normal = []
    for raw in wanted:
        try:
            normal.append(str(ipaddress.IPv6Address(raw)))
        except ValueError:
            normal.append(raw)
    rows = uow.private_addresses.find(account_id=scope.account_id, region_id=scope.region_id, address=AnyOf(normal))
    eni_ids = sorted({row.network_interface_id for row in rows})
    if not eni_ids:
        return set()
    enis = uow.network_interfaces.find(account_id=scope.account_id, id=AnyOf(eni_ids))
    return {eni.instance_id for eni in enis if eni.instance_id}


def _eni_entry(eni: NetworkInterface) -> dict[str, Any]:
    def dns(address: str) -> str:
        return "ip-" + address.replace(".", "-") + f".{eni.region_id}.ecs.internal"

    return {
        "Type": eni.interface_type,
        "MacAddress": eni.mac_address,
        "NetworkInterfaceId": eni.id,
        "PrimaryIpAddress": eni.primary_ip,
        "PrivateIpSets": {"PrivateIpSet": [
            {"PrivateIpAddress": address, "Primary": address == eni.primary_ip, "PrivateDnsName": dns(address)}
            for address in [eni.primary_ip, *eni.secondary_ips]
        ]},
        "Ipv6Sets": {"Ipv6Set": [{"Ipv6Address": address} for address in eni.ipv6_addresses]},
        "Ipv4PrefixSets": {"Ipv4PrefixSet": []},
        "Ipv6PrefixSets": {"Ipv6PrefixSet": []},
    }  # fmt: skip


def _network_interfaces(instance: Instance, enis: Sequence[NetworkInterface] | None) -> dict[str, Any]:
    """The instance's attached ENIs (the stored ones, primary first); without them, a VPC instance's primary
    ENI as the domain makes it (classic instances have none)."""
    if enis is not None:
        ordered_enis = sorted(enis, key=lambda e: (e.interface_type != "Primary", e.attached_at, e.id))
        return {"NetworkInterface": [_eni_entry(e) for e in ordered_enis]}
    if instance.is_classic:
        return {"NetworkInterface": []}
    primary = NetworkInterface(
        id=primary_eni_id(instance), account_id=instance.account_id, region_id=instance.region_id,
        created_at=instance.created_at, zone_id=instance.zone_id, vpc_id=instance.vpc_id,
        vswitch_id=instance.vswitch_id, interface_type="Primary", mac_address=primary_mac_address(instance),
        primary_ip=instance.private_ip, security_group_ids=list(instance.security_group_ids),
    )  # fmt: skip
    return {"NetworkInterface": [_eni_entry(primary)]}


def _cpu_options(instance: Instance) -> dict[str, Any]:
    threads = 2 if instance.cpu >= 2 else 1
    return {
        "CoreCount": max(instance.cpu // threads, 1), "ThreadsPerCore": threads, "Numa": "",
        "TopologyType": "", "TurboMode": "", "EnableVISST": False, "EnableVRDT": False, "NestedVirtualization": False,
    }  # fmt: skip


def stopped_mode(instance: Instance, status: str) -> str:
    return (instance.stopped_mode or "KeepCharging") if status == "Stopped" else "Not-applicable"


def expired_time(instance: Instance) -> str:
    if instance.instance_charge_type != "PrePaid":
        return NEVER_EXPIRES
    return ecs_time(instance.expires_at or instance.created_at + MONTH)


def _common_view(instance: Instance, now: float, eip: EipAddress | None = None) -> dict[str, Any]:
    status = instance.lifecycle.at(now)
    started = instance.started_at and instance.started_at <= now and status != "Pending"
    return {
        "InstanceId": instance.id,
        "InstanceName": instance.name,
        "Description": instance.description,
        "RegionId": instance.region_id,
        "ZoneId": instance.zone_id,
        "Status": status,
        "InstanceNetworkType": instance.network_type,
        "InstanceType": instance.instance_type,
        "ImageId": instance.image_id,
        "HostName": instance.host_name,
        "Cpu": instance.cpu,
        "Memory": instance.memory,
        "CreationTime": ecs_time(instance.created_at),
        "StartTime": ecs_time(instance.started_at) if started else "",
        "ExpiredTime": expired_time(instance),
        "InstanceChargeType": instance.instance_charge_type,
        "InternetChargeType": instance.internet_charge_type,
        "InternetMaxBandwidthOut": instance.internet_max_bandwidth_out,
        "InternetMaxBandwidthIn": instance.internet_max_bandwidth_in,
        "StoppedMode": stopped_mode(instance, status),
        "SerialNumber": str(uuid.uuid5(uuid.NAMESPACE_URL, instance.id)),
        "SecurityGroupIds": {"SecurityGroupId": list(instance.security_group_ids)},
        "InnerIpAddress": {"IpAddress": [instance.inner_ip] if instance.inner_ip else []},
        "PublicIpAddress": {"IpAddress": [instance.public_ip] if instance.public_ip else []},
        # A classic instance's VpcAttributes stay empty, even while ClassicLinked (api-spec §4.4).
        "VpcAttributes": {
            "PrivateIpAddress": {"IpAddress": [instance.private_ip] if instance.private_ip else []},
            "VpcId": instance.vpc_id,
            "VSwitchId": instance.vswitch_id,
            "NatIpAddress": "",
        },
        "EipAddress": {
            "AllocationId": eip.id if eip else "",
            "IpAddress": eip.ip_address if eip else "",
            "InternetChargeType": eip.internet_charge_type if eip else "",
            "Bandwidth": eip.bandwidth if eip else 0,
        },
        "VlanId": "",
    }


# The order of DescribeInstances' documented sample (tests/data/response_order/Ecs/DescribeInstances.json):
# some clients (footmark) read the keys in arrival order and break when PublicIpAddress precedes EipAddress.
INSTANCE_KEYS = (
    "ResourceGroupId", "Memory", "InstanceChargeType", "Cpu", "OSName", "InstanceNetworkType", "InnerIpAddress",
    "ExpiredTime", "ImageId", "EipAddress", "ImageOptions", "VlanId", "HostName", "Tags", "Status",
    "HibernationOptions", "AdditionalInfo", "MetadataOptions", "InstanceId", "StoppedMode", "CpuOptions",
    "StartTime", "DeletionProtection", "SecurityGroupIds", "VpcAttributes", "InternetChargeType", "InstanceName",
    "DeploymentSetId", "InternetMaxBandwidthOut", "SerialNumber", "OSType", "CreationTime", "AutoReleaseTime",
    "Description", "InstanceTypeFamily", "DedicatedInstanceAttribute", "PublicIpAddress", "GPUSpec",
    "NetworkInterfaces", "SpotPriceLimit", "DeviceAvailable", "SaleCycle", "InstanceType", "OSNameEn",
    "SpotStrategy", "IoOptimized", "ZoneId", "ClusterId", "EcsCapacityReservationAttr", "DedicatedHostAttribute",
    "GPUAmount", "OperationLocks", "InternetMaxBandwidthIn", "Recyclable", "RegionId", "CreditSpecification",
    "ClockOptions", "DeploymentSetGroupNo", "EnableNVS", "HpcClusterId", "ISP", "KeyPairName", "LocalStorageAmount",
    "LocalStorageCapacity", "PrivateDnsNameOptions", "RdmaIpAddress", "SecurityOptions", "SpotDuration",
    "SpotInterruptionBehavior",
)  # fmt: skip


EIP_KEYS = ("Bandwidth", "AllocationId", "IpAddress", "IsSupportUnassociate", "InternetChargeType")


# DescribeInstances' documented LockMsg is the financial lock's ("The specified instance is locked due to
# financial reason."); the security lock's is worded after it.
SECURITY_LOCK = {"LockMsg": "The specified instance is locked due to security reason.", "LockReason": "security"}


def view(
    instance: Instance,
    now: float,
    eip: EipAddress | None = None,
    enis: Sequence[NetworkInterface] | None = None,
    *,
    locked: bool = False,
) -> dict[str, Any]:
    """One entry of DescribeInstances' Instances.Instance[]; ``eip`` its EIP, ``enis`` its attached ENIs,
    ``locked`` whether it is locked for security reasons (OperationLocks)."""
    system = operating_system(instance.image_id)
    common = _common_view(instance, now, eip)
    common["EipAddress"] = ordered({**common["EipAddress"], "IsSupportUnassociate": True}, EIP_KEYS)
    shown = {
        **common,
        "InstanceTypeFamily": instance_type_family(instance.instance_type),
        "IoOptimized": instance.io_optimized,
        "DeviceAvailable": True,
        "Recyclable": instance.recyclable,
        "DeletionProtection": instance.deletion_protection,
        "OSType": system.os_type,
        "OSName": system.name,
        "OSNameEn": system.name_en,
        "GPUAmount": 0,
        "GPUSpec": "",
        "SpotStrategy": instance.spot_strategy,
        "SpotPriceLimit": instance.spot_price_limit,
        "SpotDuration": instance.spot_duration,
        "SpotInterruptionBehavior": instance.spot_interruption_behavior,
        "OperationLocks": {"LockReason": [dict(SECURITY_LOCK)] if locked else []},
        "Tags": {"Tag": [{"TagKey": t.get("Key", ""), "TagValue": t.get("Value", "")} for t in instance.tags]},
        "ResourceGroupId": instance.resource_group_id,
        "KeyPairName": instance.key_pair_name,
        "AutoReleaseTime": ecs_time(instance.auto_release_at) if instance.auto_release_at else "",
        "MetadataOptions": {
            "HttpEndpoint": instance.http_endpoint,
            "HttpTokens": instance.http_tokens,
            "HttpPutResponseHopLimit": instance.http_put_response_hop_limit,
            "InstanceMetadataTags": instance.instance_metadata_tags,
        },
        "CpuOptions": _cpu_options(instance),
        "DeploymentSetId": "",
        "DeploymentSetGroupNo": 0,
        "CreditSpecification": instance.credit_specification,
        **_FIXED_PARTS,
        "NetworkInterfaces": _network_interfaces(instance, enis),
        "RdmaIpAddress": {"IpAddress": []},
        "ClusterId": "",
        "HpcClusterId": "",
        "ISP": "",
        "EnableNVS": False,
        "LocalStorageAmount": 0,
        "LocalStorageCapacity": 0,
        "SaleCycle": "",
    }
    if instance.options:
        launch_settings.overlay(shown, instance)  # the launch options set (RunInstances, ModifyInstanceAttribute)
    # Objects the sample lacks follow the Tea model's (alphabetical) order.
    for key in _MODEL_ORDERED:
        shown[key] = _alphabetical(shown[key])
    return ordered(shown, INSTANCE_KEYS)


_MODEL_ORDERED = ("MetadataOptions", "CpuOptions", "NetworkInterfaces")


def _alphabetical(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _alphabetical(value[k]) for k in sorted(value)}
    if isinstance(value, list):
        return [_alphabetical(v) for v in value]
    return value


# The parts of every instance's entry that are the same for all (what is not modelled: dedicated hosts,
# capacity reservations, hibernation, ...), built and ordered once; shared by every answer, never modified.
_FIXED_PARTS: dict[str, Any] = {
    "ImageOptions": {"LoginAsNonRoot": False, "CurrentOSNVMeSupported": True},
    "DedicatedHostAttribute": {"DedicatedHostId": "", "DedicatedHostName": "", "DedicatedHostClusterId": ""},
    "DedicatedInstanceAttribute": {"Tenancy": "", "Affinity": ""},
    "EcsCapacityReservationAttr": {"CapacityReservationId": "", "CapacityReservationPreference": ""},
    "HibernationOptions": {"Configured": False},
    "AdditionalInfo": {"EnableHighDensityMode": False, "ManagedHostId": "", "NodeSerialNumber": ""},
    "ClockOptions": {"PtpStatus": "disabled"},
    "SecurityOptions": {"EnableSecureBoot": False},
    "PrivateDnsNameOptions": {
        "HostnameType": "Custom",
        "EnableInstanceIdDnsARecord": False,
        "EnableInstanceIdDnsAAAARecord": False,
        "EnableIpDnsARecord": False,
        "EnableIpDnsPtrRecord": False,
    },
}
for _key in ("ImageOptions", "DedicatedHostAttribute", "DedicatedInstanceAttribute", "EcsCapacityReservationAttr",
             "AdditionalInfo", "PrivateDnsNameOptions"):  # fmt: skip
    _FIXED_PARTS[_key] = _alphabetical(_FIXED_PARTS[_key])


# DescribeInstanceAttribute's own order (tests/data/response_order/Ecs/DescribeInstanceAttribute.json).
ATTRIBUTE_KEYS = (
    "Status", "SerialNumber", "CreationTime", "RequestId", "Description", "InstanceName", "InstanceNetworkType",
    "Memory", "ImageId", "ClusterId", "VlanId", "StoppedMode", "HostName", "InstanceId", "Cpu",
    "CreditSpecification", "DedicatedHostAttribute", "EipAddress", "ExpiredTime", "InnerIpAddress",
    "InstanceChargeType", "InstanceType", "InternetChargeType", "InternetMaxBandwidthIn", "InternetMaxBandwidthOut",
    "IoOptimized", "OperationLocks", "PublicIpAddress", "RegionId", "SecurityGroupIds", "VpcAttributes", "ZoneId",
    "EnableJumboFrame", "EnableNetworkEncryption", "NetworkOptions", "SecurityOptions",
)  # fmt: skip


def attribute_view(
    instance: Instance, now: float, eip: EipAddress | None = None, *, locked: bool = False
) -> dict[str, Any]:
    """DescribeInstanceAttribute's answer (with the sample's place for RequestId); ``locked``: for security."""
    shown = _common_view(instance, now, eip)
    shown.pop("StartTime")
    shown["VpcAttributes"] = ordered(shown["VpcAttributes"], ("NatIpAddress", "PrivateIpAddress", "VSwitchId", "VpcId"))
    shown["EipAddress"] = ordered(shown["EipAddress"], ("AllocationId", "InternetChargeType", "IpAddress", "Bandwidth"))
    # This API's model has its own shapes: IoOptimized is a word, lock reasons carry no message.
    shown.update({
        "RequestId": "",
        "IoOptimized": "optimized" if instance.io_optimized else "none",
        "ClusterId": "",
        "CreditSpecification": instance.credit_specification,
        "DedicatedHostAttribute": {"DedicatedHostId": "", "DedicatedHostName": ""},
        "OperationLocks": {"LockReason": [{"LockReason": "security"}] if locked else []},
        "EnableJumboFrame": instance.enable_jumbo_frame,
        "EnableNetworkEncryption": instance.enable_network_encryption,
        "NetworkOptions": {"BandwidthWeighting": "", "EnableJumboFrame": instance.enable_jumbo_frame,
                           "EnableNetworkEncryption": instance.enable_network_encryption},
        "SecurityOptions": {"EnableSecureBoot": False},
    })  # fmt: skip
    if instance.options:
        launch_settings.overlay(shown, instance)
    return ordered(shown, ATTRIBUTE_KEYS)
