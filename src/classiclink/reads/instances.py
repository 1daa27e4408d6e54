"""Instances as DescribeInstances and DescribeInstanceAttribute show them: filters, query, paging, views."""

from __future__ import annotations

import re
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from ..domain import tags
from ..domain.instances import instance_type_family
from ..domain.model import EipAddress, Instance
from ..domain.ports import AnyOf, Contains, UnitOfWork
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


def find(uow: UnitOfWork, scope: Scope, where: InstanceFilter, paging: Paging) -> Page[Instance]:
    """The filters the store can answer are asked of it (equality, ID and address lists), and so is the
    page when nothing is left to match here: a request loads only the instances it shows."""
    if where.public_ips:
        return paginate([], paging)  # the emulator assigns no public addresses (EIPs are elastic ones)
    # A linked classic instance keeps an empty VpcId: links show only in DescribeClassicLinkInstances
    # (open question 10), so the VpcId filter never returns classic instances.
    query: dict[str, Any] = {"region_id": scope.region_id}
    equal = {
        "vpc_id": where.vpc_id,
        "vswitch_id": where.vswitch_id,
        "zone_id": where.zone_id,
        "network_type": where.network_type,
        "instance_type": where.instance_type,
        "image_id": where.image_id,
        "instance_charge_type": where.instance_charge_type,
        "internet_charge_type": where.internet_charge_type,
    }
    query.update({attribute: value for attribute, value in equal.items() if value})
    if where.instance_ids is not None:
        query["id"] = AnyOf(where.instance_ids)
    if where.eip_addresses:
        held = uow.eip_addresses.find(account_id=scope.account_id, region_id=scope.region_id,
                                      ip_address=AnyOf(where.eip_addresses), instance_type="EcsInstance")  # fmt: skip
        ids = {eip.instance_id for eip in held}
        query["id"] = AnyOf(sorted(ids & set(where.instance_ids) if where.instance_ids is not None else ids))
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
    if not (pattern or where.instance_type_family or where.status or where.tags):
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
    return paginate(found, paging)


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
        "ExpiredTime": ecs_time(instance.created_at + MONTH)
        if instance.instance_charge_type == "PrePaid"
        else NEVER_EXPIRES,
        "InstanceChargeType": instance.instance_charge_type,
        "InternetChargeType": instance.internet_charge_type,
        "InternetMaxBandwidthOut": instance.internet_max_bandwidth_out,
        "InternetMaxBandwidthIn": -1,
        "StoppedMode": "KeepCharging" if status == "Stopped" else "Not-applicable",
        "SerialNumber": str(uuid.uuid5(uuid.NAMESPACE_URL, instance.id)),
        "SecurityGroupIds": {"SecurityGroupId": list(instance.security_group_ids)},
        "InnerIpAddress": {"IpAddress": [instance.inner_ip] if instance.inner_ip else []},
        "PublicIpAddress": {"IpAddress": []},
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
)  # fmt: skip


def view(instance: Instance, now: float, eip: EipAddress | None = None) -> dict[str, Any]:
    """One entry of DescribeInstances' Instances.Instance[]; ``eip`` the EIP associated with it, if any."""
    shown = {
        **_common_view(instance, now, eip),
        "InstanceTypeFamily": instance_type_family(instance.instance_type),
        "IoOptimized": True,
        "DeviceAvailable": True,
        "Recyclable": False,
        "DeletionProtection": instance.deletion_protection,
        "OSType": "linux",
        "GPUAmount": 0,
        "GPUSpec": "",
        "SpotStrategy": "NoSpot",
        "SpotPriceLimit": 0.0,
        "OperationLocks": {"LockReason": []},
        "Tags": {"Tag": [{"TagKey": t.get("Key", ""), "TagValue": t.get("Value", "")} for t in instance.tags]},
    }
    return ordered(shown, INSTANCE_KEYS)


# DescribeInstanceAttribute's own order (tests/data/response_order/Ecs/DescribeInstanceAttribute.json).
ATTRIBUTE_KEYS = (
    "Status", "SerialNumber", "CreationTime", "RequestId", "Description", "InstanceName", "InstanceNetworkType",
    "Memory", "ImageId", "ClusterId", "VlanId", "StoppedMode", "HostName", "InstanceId", "Cpu", "CreditSpecification",
    "DedicatedHostAttribute", "EipAddress", "ExpiredTime", "InnerIpAddress", "InstanceChargeType", "InstanceType",
    "InternetChargeType", "InternetMaxBandwidthIn", "InternetMaxBandwidthOut", "IoOptimized", "OperationLocks",
    "PublicIpAddress", "RegionId", "SecurityGroupIds", "VpcAttributes", "ZoneId",
)  # fmt: skip


def attribute_view(instance: Instance, now: float, eip: EipAddress | None = None) -> dict[str, Any]:
    """DescribeInstanceAttribute's answer (with the sample's place for RequestId)."""
    shown = _common_view(instance, now, eip)
    shown.pop("StartTime")
    shown["VpcAttributes"] = ordered(shown["VpcAttributes"], ("NatIpAddress", "PrivateIpAddress", "VSwitchId", "VpcId"))
    shown["EipAddress"] = ordered(shown["EipAddress"], ("AllocationId", "InternetChargeType", "IpAddress"))
    # This API's model has its own shapes: IoOptimized is a word, lock reasons carry no message.
    shown.update({
        "RequestId": "",
        "IoOptimized": "optimized",
        "ClusterId": "",
        "CreditSpecification": "",
        "DedicatedHostAttribute": {"DedicatedHostId": "", "DedicatedHostName": ""},
        "OperationLocks": {"LockReason": []},
    })  # fmt: skip
    return ordered(shown, ATTRIBUTE_KEYS)
