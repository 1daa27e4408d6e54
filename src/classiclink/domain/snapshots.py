"""Snapshots of cloud disks (CreateSnapshot, DeleteSnapshot; CreateImage from an instance takes one per disk).

A snapshot is ``progressing`` for one transition delay, then ``accomplished``. Names: 2–128 characters,
the ECS name rule, and not starting with ``auto`` (kept for automatic snapshots, the reference says).
A snapshot an image was made from cannot be deleted (SnapshotCreatedImage); deleting one that does not
exist is ignored, as DeleteSnapshot's reference page says.

Data disks are made from snapshots (CreateDisk SnapshotId, CreateInstance / RunInstances DataDisk.N.SnapshotId):
the caller's snapshot in the region, ``accomplished``, of a data disk, taken after 2013-07-15. A snapshot disks
were made from is deleted only with Force (SnapshotCreatedDisk).
"""

from __future__ import annotations

import calendar

from .. import errors
from . import condition_checks, tags, text
from .lookup import in_region
from .model import Disk, Lifecycle, Snapshot, new_id
from .ports import Contains, UnitOfWork
from .scope import Scope
from .vpcs import default_resource_group

CATEGORIES = ("standard", "flash")
# "Use snapshots created after July 15, 2013" (CreateInstance DataDisk.N.SnapshotId; CreateDisk SnapshotId):
# that day's midnight in China Standard Time, as the service's dates are.
OLDEST_USABLE = float(calendar.timegm((2013, 7, 15, 0, 0, 0))) - 8 * 3600
STATUSES = ("progressing", "accomplished", "failed", "all")


def check_name(name: str) -> None:
    if name and (not text.valid_name(name, colon=True) or name.lower().startswith("auto")):
        raise errors.SnapshotNameMalformed()


def take(uow: UnitOfWork, scope: Scope, disk: Disk, *, name: str = "", description: str = "",
         category: str = "standard", retention_days: int = 0, instant_access: bool = False,
         resource_group_id: str | None = None, tag_list: list[dict[str, str]] | None = None,
         index: int = 0) -> Snapshot:  # fmt: skip
    lifecycle = Lifecycle("progressing")
    lifecycle.move(scope.now, "progressing", (scope.rules.transition_delay, "accomplished"))
    snapshot = Snapshot(
        id=new_id("s", scope.region_id), account_id=scope.account_id, region_id=scope.region_id,
        created_at=scope.now + index * 1e-6, disk_id=disk.id, source_disk_type=disk.disk_type,
        source_disk_size=disk.size, source_disk_category=disk.category, instance_id=disk.instance_id,
        name=name, description=description, lifecycle=lifecycle,
        image_id=disk.image_id if disk.disk_type == "system" else "", category=category,
        retention_days=retention_days, encrypted=disk.encrypted, kms_key_id=disk.kms_key_id,
        instant_access=instant_access,
        resource_group_id=resource_group_id or default_resource_group(scope.account_id),
        tags=tags.normalised(tag_list or []),
    )  # fmt: skip
    uow.snapshots.add(snapshot)
    return snapshot


def create(uow: UnitOfWork, scope: Scope, *, disk_id: str, name: str = "", description: str = "",
           category: str = "standard", retention_days: int = 0, instant_access: bool = False,
           resource_group_id: str | None = None, tag_list: list[dict[str, str]] | None = None) -> Snapshot:  # fmt: skip
    """CreateSnapshot of a disk of the caller's in this region; one never attached holds nothing to copy."""
    check_name(name)
    if description and not text.valid_description(description):
        raise errors.SnapshotDescriptionMalformed()
    disk = in_region(uow.disks, disk_id, scope, errors.SnapshotDiskNotFound)
    if not disk.attached_at:
        raise errors.SnapshotDiskNotAttached()
    if disk.instance_id:
        # "Returns an error only when the disk is attached to the instance and is in the In_use state."
        condition_checks.check_unlocked(uow, scope, disk.instance_id, errors.SnapshotInstanceLockedForSecurity)
    return take(uow, scope, disk, name=name, description=description, category=category,
                retention_days=retention_days, instant_access=instant_access,
                resource_group_id=resource_group_id, tag_list=tag_list)  # fmt: skip


def get(uow: UnitOfWork, scope: Scope, snapshot_id: str) -> Snapshot:
    return in_region(uow.snapshots, snapshot_id, scope, errors.SnapshotNotFound)


def source_for_disk(uow: UnitOfWork, scope: Scope, snapshot_id: str, *, not_found: type[errors.ApiError],
                    too_old: type[errors.ApiError]) -> Snapshot:  # fmt: skip
    """The snapshot a new data disk is made from: the caller's in this region (else ``not_found``), taken after
    2013-07-15 (else ``too_old``), accomplished and of a data disk. The two actions word the first two apart."""
    snapshot = in_region(uow.snapshots, snapshot_id, scope, not_found)
    if snapshot.created_at < OLDEST_USABLE:
        raise too_old()
    if snapshot.lifecycle.at(scope.now) != "accomplished":
        raise errors.SnapshotIdNotReady()
    if snapshot.source_disk_type == "system":
        raise errors.SnapshotNotDataDisk()
    return snapshot


def used_by_image(uow: UnitOfWork, snapshot: Snapshot) -> bool:
    return uow.images.exists(account_id=snapshot.account_id, snapshot_ids=Contains(snapshot.id))


def used_by_disk(uow: UnitOfWork, snapshot: Snapshot) -> bool:
    return uow.disks.exists(account_id=snapshot.account_id, source_snapshot_id=snapshot.id)


def delete(uow: UnitOfWork, scope: Scope, snapshot_id: str, *, force: bool = False) -> None:
    """DeleteSnapshot (no region parameter: the caller's snapshot in any region). Force deletes one disks were
    made from ("the disks created from the snapshot cannot be re-initialized"), never one an image uses."""
    snapshot = uow.snapshots.get(snapshot_id, account_id=scope.account_id)
    if snapshot is None or (scope.region_id and snapshot.region_id != scope.region_id):
        return  # "If the snapshot does not exist, the request is ignored."
    if used_by_image(uow, snapshot):
        raise errors.SnapshotCreatedImage()
    if not force and used_by_disk(uow, snapshot):
        raise errors.SnapshotCreatedDisk()
    uow.snapshots.remove(snapshot)
