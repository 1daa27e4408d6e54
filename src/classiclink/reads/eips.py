"""Elastic IP addresses as DescribeEipAddresses shows them: filters, query, paging, view."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from ..domain import tags
from ..domain.model import EipAddress
from ..domain.ports import AnyOf, UnitOfWork
from ..domain.scope import Scope
from .paging import Page, Paging, paginate, query_page
from .timefmt import vpc_time


@dataclass(frozen=True)
class EipFilter:
    """DescribeEipAddresses' filters; all given ones must hold. ``None`` = not given."""

    allocation_ids: Sequence[str] | None = None
    ip_addresses: Sequence[str] | None = None
    status: str | None = None
    associated_instance_type: str | None = None
    associated_instance_id: str | None = None
    charge_type: str | None = None
    isp: str | None = None
    name: str | None = None
    resource_group_id: str | None = None
    # Attributes no EIP here has (locks, segments, pools, reservation data, service-managed, protection).
    unmodelled: bool = False
    created_after: float | None = None
    created_before: float | None = None
    tags: Sequence[dict[str, str]] = ()


def find(uow: UnitOfWork, scope: Scope, where: EipFilter, paging: Paging) -> Page[EipAddress]:
    if where.unmodelled:
        return paginate([], paging)
    query: dict[str, Any] = {"region_id": scope.region_id}
    if where.allocation_ids is not None:
        query["id"] = AnyOf(where.allocation_ids)
    if where.ip_addresses is not None:
        query["ip_address"] = AnyOf(where.ip_addresses)
    equal = {
        "instance_type": where.associated_instance_type,
        "instance_id": where.associated_instance_id,
        "instance_charge_type": where.charge_type,
        "isp": where.isp,
        "name": where.name,
        "resource_group_id": where.resource_group_id,
    }
    query.update({attr: value for attr, value in equal.items() if value})
    # The status follows from the association: Available is no instance, InUse one; the passing states
    # (Associating, Unassociating, Releasing) take no time here and match nothing.
    if where.status == "Available":
        query["instance_id"] = AnyOf([]) if where.associated_instance_id else ""
    elif where.status and where.status != "InUse":
        return paginate([], paging)
    timed = where.created_after is not None or where.created_before is not None
    if not where.tags and where.status != "InUse" and not timed:
        return query_page(uow.eip_addresses, scope.account_id, paging, **query)
    found = uow.eip_addresses.find(account_id=scope.account_id, **query)
    if where.status == "InUse":
        found = [e for e in found if e.instance_id]
    if where.tags:
        found = [e for e in found if tags.matches(e.tags, where.tags)]
    if where.created_after is not None:
        found = [e for e in found if e.created_at >= where.created_after]
    if where.created_before is not None:
        found = [e for e in found if e.created_at <= where.created_before]
    return paginate(found, paging)


def view(eip: EipAddress) -> dict[str, Any]:
    """One entry of EipAddresses.EipAddress[], with every field of the Tea SDK model, in its order."""
    associated = bool(eip.instance_id)
    return {
        "AllocationId": eip.id,
        "AllocationTime": vpc_time(eip.created_at),
        "Bandwidth": str(eip.bandwidth),
        "BandwidthPackageBandwidth": "",
        "BandwidthPackageId": "",
        "BandwidthPackageType": "",
        "BizType": "",
        "BusinessStatus": "Normal",
        "ChargeType": eip.instance_charge_type,
        "DeletionProtection": False,
        "Description": eip.description,
        "EipBandwidth": str(eip.bandwidth),
        "ExpiredTime": vpc_time(eip.expires_at) if eip.instance_charge_type == "PrePaid" else "",
        "HDMonitorStatus": "OFF",
        "HasReservationData": "false",
        "ISP": eip.isp,
        "InstanceId": eip.instance_id,
        "InstanceRegionId": eip.region_id if associated else "",
        "InstanceType": eip.instance_type,
        "InternetChargeType": eip.internet_charge_type,
        "IpAddress": eip.ip_address,
        # NAT mode: the EIP maps to the private address (the default association mode).
        "Mode": "NAT" if associated else "",
        "Name": eip.name,
        "Netmode": eip.netmode,
        "OperationLocks": {"LockReason": []},
        "PrivateIpAddress": eip.private_ip,
        "PublicIpAddressPoolId": "",
        "RegionId": eip.region_id,
        "ReservationActiveTime": "",
        "ReservationBandwidth": "",
        "ReservationInternetChargeType": "",
        "ReservationOrderType": "",
        "ResourceGroupId": eip.resource_group_id,
        "SecondLimited": False,
        "SecurityProtectionTypes": {"SecurityProtectionType": []},
        "SegmentInstanceId": "",
        "ServiceID": 0,
        "ServiceManaged": 0,
        "Status": eip.status,
        "Tags": {"Tag": [{"Key": t.get("Key", ""), "Value": t.get("Value", "")} for t in eip.tags]},
        "VpcId": eip.vpc_id,
        "Zone": "",
    }
