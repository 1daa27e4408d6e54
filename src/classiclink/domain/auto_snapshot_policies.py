"""Automatic snapshot policies (CreateAutoSnapshotPolicy, DescribeAutoSnapshotPolicyEx, DeleteAutoSnapshotPolicy,
ApplyAutoSnapshotPolicy, CancelAutoSnapshotPolicy). Policies are stored and applied to disks (a disk has at
most one: applying another replaces it); no snapshot is ever taken.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from .. import errors
from . import text
from .disk_lifecycle import check_tags
from .model import AutoSnapshotPolicy, Disk, new_id
from .ports import UnitOfWork
from .regions import find_region
from .scope import Scope
from .vpcs import default_resource_group

# Policies per region of an account (the console's documented quota).
MAX_POLICIES = 100
MAX_DISKS_PER_CALL = 100


def _json_strings(raw: str, error: type[errors.ApiError]) -> list[str]:
    try:
        value: Any = json.loads(raw)
    except (ValueError, RecursionError):
        raise error() from None
    if not isinstance(value, list) or not value:
        raise error()
    return [str(v) for v in value]


def _numbers(raw: str, low: int, high: int, most: int, error: type[errors.ApiError]) -> list[str]:
    """timePoints ("0"–"23", up to 24) and repeatWeekdays ("1"–"7", up to 7): JSON arrays of distinct numbers."""
    values = _json_strings(raw, error)
    if len(values) > most or len(set(values)) != len(values):
        raise error()
    if not all(v.isdigit() and low <= int(v) <= high for v in values):
        raise error()
    return [str(int(v)) for v in values]


def _retention(days: int, error: type[errors.ApiError]) -> int:
    """-1 (kept until deleted) or 1–65535 days."""
    if days != -1 and not 1 <= days <= 65535:
        raise error()
    return days


@dataclass(frozen=True)
class NewPolicy:
    time_points: str
    repeat_weekdays: str
    retention_days: int = -1
    name: str = ""
    enable_cross_region_copy: bool = False
    target_copy_regions: str = ""
    copied_snapshots_retention_days: int = -1
    resource_group_id: str = ""
    tags: Sequence[dict[str, str]] = ()


def create(uow: UnitOfWork, scope: Scope, wanted: NewPolicy) -> AutoSnapshotPolicy:
    if wanted.name and not text.valid_name(wanted.name, colon=True):
        raise errors.SnapshotPolicyNameMalformed()
    time_points = _numbers(wanted.time_points, 0, 23, 24, errors.TimePointsInvalid)
    weekdays = _numbers(wanted.repeat_weekdays, 1, 7, 7, errors.RepeatWeekdaysInvalid)
    retention = _retention(wanted.retention_days, errors.RetentionDaysInvalid)
    copied = _retention(wanted.copied_snapshots_retention_days, errors.CopiedSnapshotsRetentionDaysInvalid)
    targets: list[str] = []
    if wanted.target_copy_regions:
        targets = _json_strings(wanted.target_copy_regions, errors.TargetCopyRegionsInvalid)
        # "You can specify only a single destination region."
        if len(targets) != 1 or find_region(targets[0]) is None:
            raise errors.TargetCopyRegionsInvalid()
    tags = check_tags(wanted.tags)
    if uow.auto_snapshot_policies.count(account_id=scope.account_id, region_id=scope.region_id) >= MAX_POLICIES:
        raise errors.AutoSnapshotPolicyQuotaExceed()
    policy = AutoSnapshotPolicy(
        id=new_id("sp", scope.region_id),
        account_id=scope.account_id,
        region_id=scope.region_id,
        created_at=scope.now,
        name=wanted.name,
        time_points=time_points,
        repeat_weekdays=weekdays,
        retention_days=retention,
        enable_cross_region_copy=wanted.enable_cross_region_copy,
        target_copy_regions=targets,
        copied_snapshots_retention_days=copied,
        resource_group_id=wanted.resource_group_id or default_resource_group(scope.account_id),
        tags=tags,
    )
    uow.auto_snapshot_policies.add(policy)
    return policy


def get(uow: UnitOfWork, scope: Scope, policy_id: str) -> AutoSnapshotPolicy:
    found = uow.auto_snapshot_policies.get_in_region(policy_id, account_id=scope.account_id, region_id=scope.region_id)
    if found is None:
        raise errors.AutoSnapshotPolicyNotFound()
    return found


def delete(uow: UnitOfWork, scope: Scope, policy_id: str) -> None:
    """The policy goes; the disks it was applied to are left without one."""
    policy = get(uow, scope, policy_id)
    for disk in uow.disks.find(account_id=scope.account_id, auto_snapshot_policy_id=policy.id):
        disk.auto_snapshot_policy_id = ""
        uow.disks.save(disk)
    uow.auto_snapshot_policies.remove(policy)


def _disks(uow: UnitOfWork, scope: Scope, raw_disk_ids: str) -> list[Disk]:
    ids = _json_strings(raw_disk_ids, errors.PolicyDiskIdsInvalid)
    if len(ids) > MAX_DISKS_PER_CALL:
        raise errors.PolicyDiskIdsInvalid()
    found = []
    for disk_id in dict.fromkeys(ids):
        disk = uow.disks.get_in_region(disk_id, account_id=scope.account_id, region_id=scope.region_id)
        if disk is None:
            raise errors.PolicyDiskNotInRegion()
        found.append(disk)
    return found


def apply(uow: UnitOfWork, scope: Scope, policy_id: str, disk_ids: str) -> None:
    policy = get(uow, scope, policy_id)
    for disk in _disks(uow, scope, disk_ids):
        disk.auto_snapshot_policy_id = policy.id
        uow.disks.save(disk)


def cancel(uow: UnitOfWork, scope: Scope, policy_id: str | None, disk_ids: str) -> None:
    """CancelAutoSnapshotPolicy: the named disks no longer use the policy (or, without one named, any policy)."""
    policy = get(uow, scope, policy_id) if policy_id else None
    for disk in _disks(uow, scope, disk_ids):
        if disk.auto_snapshot_policy_id and (policy is None or disk.auto_snapshot_policy_id == policy.id):
            disk.auto_snapshot_policy_id = ""
            uow.disks.save(disk)


def disk_count(uow: UnitOfWork, policy: AutoSnapshotPolicy) -> int:
    return uow.disks.count(account_id=policy.account_id, auto_snapshot_policy_id=policy.id)
