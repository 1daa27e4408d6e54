"""Cloud disks as DescribeDisks shows them: filters, query, paging, view.

Filters on attributes the emulator does not model (locks, shared block storage, multi-attach) match what a
disk without them would: nothing, or every disk. ``SnapshotId`` matches the disks made from that snapshot.
Automatic snapshot policies are stored.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from ..domain import disks, tags
from ..domain.model import Disk
from ..domain.ports import AnyOf, UnitOfWork
from ..domain.scope import Scope
from .paging import Page, Paging, paginate, query_page
from .timefmt import ecs_time, vpc_time

# Pay-as-you-go disks never expire; the reference example prints this date for them.
NEVER_EXPIRES = "2999-09-08T16:00Z"


@dataclass(frozen=True)
class DiskFilter:
    """DescribeDisks' filters; all given ones must hold. ``None`` = not given."""

    zone_id: str | None = None
    disk_ids: Sequence[str] | None = None
    instance_id: str | None = None
    disk_type: str = "all"
    category: str = "all"
    status: str = "All"
    snapshot_id: str | None = None
    portable: bool | None = None
    delete_with_instance: bool | None = None
    delete_auto_snapshot: bool | None = None
    name: str | None = None
    auto_snapshot_policy_id: str | None = None
    enable_auto_snapshot: bool | None = None
    enable_automated_snapshot_policy: bool | None = None
    charge_type: str | None = None
    lock_reason: str | None = None
    created_after: float | None = None
    created_before: float | None = None
    resource_group_id: str | None = None
    enable_shared: bool | None = None
    encrypted: bool | None = None
    kms_key_id: str | None = None
    multi_attach: str | None = None
    performance_level: str | None = None
    tags: Sequence[dict[str, str]] = ()


def find(uow: UnitOfWork, scope: Scope, where: DiskFilter, paging: Paging) -> Page[Disk]:
    # Attributes no disk here has: locks, shared block storage.
    if where.lock_reason or where.enable_shared:
        return paginate([], paging)
    if where.multi_attach is not None and where.multi_attach != disks.MULTI_ATTACH:
        return paginate([], paging)
    query: dict[str, Any] = {"region_id": scope.region_id}
    if where.disk_ids is not None:
        query["id"] = AnyOf(where.disk_ids)
    equal = {
        "zone_id": where.zone_id,
        "instance_id": where.instance_id,
        "name": where.name,
        "kms_key_id": where.kms_key_id,
        "charge_type": where.charge_type,
        "resource_group_id": where.resource_group_id,
        "portable": where.portable,
        "delete_with_instance": where.delete_with_instance,
        "delete_auto_snapshot": where.delete_auto_snapshot,
        "enable_auto_snapshot": where.enable_auto_snapshot,
        "auto_snapshot_policy_id": where.auto_snapshot_policy_id,
        "source_snapshot_id": where.snapshot_id,  # SnapshotId: the snapshot a disk was made from
        "encrypted": where.encrypted,
        "disk_type": None if where.disk_type == "all" else where.disk_type,
        "category": None if where.category == "all" else where.category,
        "performance_level": where.performance_level or None,
    }
    query.update({attr: value for attr, value in equal.items() if value is not None and value != ""})
    if where.enable_automated_snapshot_policy is False:
        query["auto_snapshot_policy_id"] = AnyOf([]) if where.auto_snapshot_policy_id else ""
    # The status follows from the attachment: Available is no instance; In_use is matched here.
    status_here = where.status not in ("All", "Available")
    if where.status == "Available":
        query["instance_id"] = AnyOf([]) if where.instance_id else ""
    in_python = status_here or bool(where.tags) or where.enable_automated_snapshot_policy is True
    if where.created_after is None and where.created_before is None and not in_python:
        return query_page(uow.disks, scope.account_id, paging, **query)
    found = uow.disks.find(account_id=scope.account_id, **query)
    if status_here:
        found = [d for d in found if d.status == where.status]
    if where.enable_automated_snapshot_policy is True:
        found = [d for d in found if d.auto_snapshot_policy_id]
    if where.created_after is not None:
        found = [d for d in found if d.created_at >= where.created_after]
    if where.created_before is not None:
        found = [d for d in found if d.created_at <= where.created_before]
    if where.tags:
        found = [d for d in found if tags.matches(d.tags, where.tags)]
    return paginate(found, paging)


def view(disk: Disk) -> dict[str, Any]:
    """One entry of Disks.Disk[], keys in the order of the reference page's example."""
    attached = disk.status == "In_use"
    iops = disks.iops(disk)
    throughput = disks.throughput(disk)
    return {
        "SerialNumber": disks.serial_number(disk),
        "CreationTime": vpc_time(disk.created_at),
        "Status": disk.status,
        "Type": disk.disk_type,
        "PerformanceLevel": disk.performance_level,
        "BdfId": "",
        "EnableAutoSnapshot": disk.enable_auto_snapshot,
        "StorageSetId": "",
        "StorageSetPartitionNumber": 0,
        "DiskId": disk.id,
        "DeleteAutoSnapshot": disk.delete_auto_snapshot,
        "StorageClusterId": "",
        "Encrypted": disk.encrypted,
        "IOPSRead": iops // 2,
        "MountInstanceNum": 0,
        "Description": disk.description,
        "Device": disk.device if attached else "",
        "DiskName": disk.name,
        "Portable": disk.portable,
        "ImageId": disk.image_id,
        "KMSKeyId": disk.kms_key_id,
        "DeleteWithInstance": disk.delete_with_instance,
        "DetachedTime": vpc_time(disk.detached_at) if disk.detached_at else "",
        "SourceSnapshotId": disk.source_snapshot_id,
        "AutoSnapshotPolicyId": disk.auto_snapshot_policy_id,
        "EnableAutomatedSnapshotPolicy": bool(disk.auto_snapshot_policy_id),
        "IOPSWrite": iops // 2,
        "InstanceId": disk.instance_id,
        "IOPS": iops,
        "RegionId": disk.region_id,
        "ExpiredTime": ecs_time(disk.expires_at) if disk.charge_type == "PrePaid" else NEVER_EXPIRES,
        "Size": disk.size,
        "ResourceGroupId": disk.resource_group_id,
        "DiskChargeType": disk.charge_type,
        "ZoneId": disk.zone_id,
        "AttachedTime": vpc_time(disk.attached_at) if disk.attached_at else "",
        "Category": disk.category,
        "ProductCode": "",
        "MultiAttach": disks.MULTI_ATTACH,
        "OperationLocks": {"OperationLock": []},
        "MountInstances": {"MountInstance": []},
        "Tags": {"Tag": [{"TagValue": t.get("Value", ""), "TagKey": t.get("Key", "")} for t in disk.tags]},
        "Attachments": {"Attachment": [
            {"InstanceId": disk.instance_id, "Device": disk.device, "AttachedTime": vpc_time(disk.attached_at)}
        ] if attached else []},
        "ProvisionedIops": disk.provisioned_iops,
        "BurstingEnabled": disk.bursting_enabled,
        "Throughput": throughput,
        "ThroughputRead": throughput // 2,
        "ThroughputWrite": throughput // 2,
        # Fields of the SDK model the example leaves out. Placement is for regional ESSDs only, which
        # do not exist here (the reference returns it only when AdditionalAttributes asks for it).
        "SourceDiskId": "",
        "DataSource": {"Type": "", "Id": ""},
    }
