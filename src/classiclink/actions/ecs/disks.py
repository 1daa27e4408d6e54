"""ECS 2014-05-26: DescribeDisks and DescribeUserData.

Disks are made by CreateInstance / RunInstances (domain/disks.py) and CreateDisk (domain/disk_lifecycle.py).
Filters on attributes the emulator does not model (locks, shared block storage, multi-attach) are validated as
documented and then match what a disk without them would: nothing, or every disk.
"""

from __future__ import annotations

import calendar
import json
import time
from dataclasses import dataclass
from typing import Any

from ... import errors
from ...domain import disks, instances
from ...domain.ports import UnitOfWork
from ...domain.regions import find_region
from ...domain.scope import Scope
from ...reads import disks as disk_reads
from ...reads.paging import Paging
from ..spec import ECS_VERSION, Bool, Int, ParamType, Request, Str, action, param, scope_arn
from .common import dry_run, ecs_region, next_token
from .instances import instance_arn, instance_id

MAX_DISK_IDS = 100


class DiskIdList(ParamType):
    """DiskIds: a JSON array of at most 100 IDs, with DescribeDisks' own error codes."""

    def parse(self, name: str, raw: str) -> Any:
        try:
            value = json.loads(raw)
        except (ValueError, RecursionError):
            raise errors.InvalidDiskIds() from None
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise errors.InvalidDiskIds()
        if len(value) > MAX_DISK_IDS:
            raise errors.TooManyDiskIds()
        return value


def disks_arn(request: DescribeDisks, scope: Scope) -> list[str]:
    ids = request.disk_ids or []
    return [scope_arn("ecs", scope, f"disk/{disk_id}") for disk_id in ids] or [scope_arn("ecs", scope, "disk/*")]


def _filter_time(raw: str) -> float:
    """Filter.N.Value: ``yyyy-MM-ddTHH:mmZ`` (the reference's format), seconds allowed."""
    for pattern in ("%Y-%m-%dT%H:%MZ", "%Y-%m-%dT%H:%M:%SZ"):
        try:
            return float(calendar.timegm(time.strptime(raw, pattern)))
        except ValueError:
            continue
    raise errors.InvalidFilterValue()


def _creation_range(filters: list[dict[str, str]]) -> tuple[float | None, float | None]:
    after = before = None
    for entry in filters:
        key, value = entry.get("Key", ""), entry.get("Value", "")
        if key == "CreationStartTime":
            after = _filter_time(value)
        elif key == "CreationEndTime":
            before = _filter_time(value)
        else:
            raise errors.InvalidFilterKey()
    return after, before


def _tags(raw: list[dict[str, str]]) -> list[dict[str, str]]:
    """Tag.N.Key / Tag.N.Value, or the older lower-case Tag.N.key / Tag.N.value."""
    tags = []
    for entry in raw:
        tag = {"Key": entry.get("Key", entry.get("key", ""))}
        if "Value" in entry or "value" in entry:
            tag["Value"] = entry.get("Value", entry.get("value", ""))
        tags.append(tag)
    return tags


@dataclass(frozen=True, kw_only=True)
class DescribeDisks(Request):
    region_id: str = ecs_region()
    zone_id: str | None = param("ZoneId", Str(max_len=64))
    disk_ids: list[str] | None = param("DiskIds", DiskIdList())
    instance_id: str | None = param("InstanceId", Str(max_len=64))
    disk_type: str = param("DiskType", Str(choices=disks.DISK_TYPES, error=errors.InvalidDiskTypeFilter), default="all")
    category: str = param("Category", Str(choices=disks.FILTER_CATEGORIES, error=errors.InvalidDiskCategoryFilter),
                          default="all")  # fmt: skip
    status: str = param("Status", Str(choices=disks.FILTER_STATUSES, error=errors.InvalidDiskStatusFilter),
                        default="All")  # fmt: skip
    snapshot_id: str | None = param("SnapshotId", Str(max_len=64))
    portable: bool | None = param("Portable", Bool())
    delete_with_instance: bool | None = param("DeleteWithInstance", Bool())
    delete_auto_snapshot: bool | None = param("DeleteAutoSnapshot", Bool())
    page_number: int = param("PageNumber", Int(minimum=1), default=1)
    page_size: int = param("PageSize", Int(minimum=1, maximum=100), default=10)
    next_token: str | None = next_token()
    # "Less than 10: 10; greater than 500: 500" (the reference): out-of-range values are clamped, not refused.
    max_results: int | None = param("MaxResults", Int())
    disk_name: str | None = param("DiskName", Str(max_len=128))
    auto_snapshot_policy_id: str | None = param("AutoSnapshotPolicyId", Str(max_len=64))
    enable_auto_snapshot: bool | None = param("EnableAutoSnapshot", Bool())
    enable_automated_snapshot_policy: bool | None = param("EnableAutomatedSnapshotPolicy", Bool())
    disk_charge_type: str | None = param(
        "DiskChargeType", Str(choices=("PrePaid", "PostPaid"), error=errors.InvalidDiskChargeTypeFilter)
    )
    lock_reason: str | None = param("LockReason", Str(choices=disks.LOCK_REASONS, error=errors.InvalidLockReasonFilter))
    filter: list[dict[str, str]] = param("Filter", repeat_fields=("Key", "Value"), max_repeat=2)
    resource_group_id: str | None = param("ResourceGroupId", Str(max_len=64))
    enable_shared: bool | None = param("EnableShared", Bool())
    encrypted: bool | None = param("Encrypted", Bool())
    kms_key_id: str | None = param("KMSKeyId", Str(max_len=128))
    multi_attach: str | None = param(
        "MultiAttach", Str(choices=("Disabled", "Enabled", "LegacyShared"), error=errors.InvalidMultiAttach)
    )
    performance_level: str | None = param("PerformanceLevel", Str(max_len=16))
    tag: list[dict[str, str]] = param("Tag", repeat_fields=("Key", "Value", "key", "value"), max_repeat=20)
    dry_run: bool = dry_run()
    # IOPS figures are always returned; Placement concerns regional ESSDs only (see reads/disks.view).
    ignored = ("AdditionalAttributes.N",)


@action(ECS_VERSION, "DescribeDisks", DescribeDisks, resources=disks_arn)
def describe_disks(request: DescribeDisks, scope: Scope, uow: UnitOfWork) -> dict[str, Any]:
    region = find_region(scope.region_id)
    if request.zone_id and region is not None and request.zone_id not in region.zones:
        raise errors.DiskZoneNotFound()
    if request.enable_shared and request.multi_attach in ("Disabled", "Enabled"):
        raise errors.MultiAttachAndEnableSharedMismatch()
    created_after, created_before = _creation_range(request.filter)
    where = disk_reads.DiskFilter(
        zone_id=request.zone_id, disk_ids=request.disk_ids, instance_id=request.instance_id,
        disk_type=request.disk_type, category=request.category, status=request.status,
        snapshot_id=request.snapshot_id, portable=request.portable, delete_with_instance=request.delete_with_instance,
        delete_auto_snapshot=request.delete_auto_snapshot, name=request.disk_name,
        auto_snapshot_policy_id=request.auto_snapshot_policy_id, enable_auto_snapshot=request.enable_auto_snapshot,
        enable_automated_snapshot_policy=request.enable_automated_snapshot_policy,
        charge_type=request.disk_charge_type, lock_reason=request.lock_reason, created_after=created_after,
        created_before=created_before, resource_group_id=request.resource_group_id,
        enable_shared=request.enable_shared, encrypted=request.encrypted, kms_key_id=request.kms_key_id,
        multi_attach=request.multi_attach, performance_level=request.performance_level, tags=_tags(request.tag),
    )  # fmt: skip
    by_token = request.next_token is not None or request.max_results is not None
    paging = Paging(
        page_number=request.page_number, page_size=request.page_size, next_token=request.next_token,
        max_results=min(max(request.max_results or 10, 10), 500) if by_token else None,
    )  # fmt: skip
    found = disk_reads.find(uow, scope, where, paging)
    body: dict[str, Any] = {}
    if by_token:
        body["NextToken"] = found.next_token
    else:
        body.update(NextToken="", PageSize=request.page_size, PageNumber=request.page_number)
    body["TotalCount"] = found.total
    body["Disks"] = {"Disk": [disk_reads.view(d) for d in found.items]}
    return body


@dataclass(frozen=True, kw_only=True)
class DescribeUserData(Request):
    region_id: str = ecs_region()
    instance_id: str = instance_id()


@action(ECS_VERSION, "DescribeUserData", DescribeUserData, resources=instance_arn)
def describe_user_data(request: DescribeUserData, scope: Scope, uow: UnitOfWork) -> dict[str, Any]:
    instance = instances.get(uow, scope, request.instance_id)
    # Key order of the reference page's example; an instance without user data answers "".
    return {"UserData": instance.user_data, "InstanceId": instance.id, "RegionId": instance.region_id}
