"""ECS 2014-05-26 snapshots: DescribeSnapshots, CreateSnapshot, DeleteSnapshot (domain/snapshots.py)."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Any

from ... import errors
from ...domain import snapshots, tags
from ...domain.model import Snapshot
from ...domain.ports import AnyOf, UnitOfWork
from ...domain.scope import Scope
from ...reads.paging import Page, Paging, paginate, query_page
from ...reads.timefmt import vpc_time
from ..spec import ECS_VERSION, Bool, Int, JsonList, Request, Str, action, param, scope_arn
from .common import client_token, dry_run, ecs_region, next_token, optional_ecs_region, tag_list
from .disks import _creation_range


def snapshot_arn(request: Any, scope: Scope) -> list[str]:
    return [scope_arn("ecs", scope, f"snapshot/{getattr(request, 'snapshot_id', '') or '*'}")]


def disk_arn(request: Any, scope: Scope) -> list[str]:
    return [scope_arn("ecs", scope, f"disk/{request.disk_id}"), scope_arn("ecs", scope, "snapshot/*")]


@dataclass(frozen=True, kw_only=True)
class DescribeSnapshots(Request):
    region_id: str = ecs_region()
    instance_id: str | None = param("InstanceId", Str(max_len=64))
    disk_id: str | None = param("DiskId", Str(max_len=64))
    snapshot_ids: list[str] | None = param("SnapshotIds", JsonList(max_items=100))
    snapshot_name: str | None = param("SnapshotName", Str(max_len=128))
    status: str = param("Status", Str(choices=snapshots.STATUSES), default="all")
    snapshot_type: str = param("SnapshotType", Str(choices=("auto", "user", "all")), default="all")
    source_disk_type: str | None = param("SourceDiskType", Str(choices=("System", "Data", "system", "data")))
    usage: str | None = param("Usage", Str(choices=("image", "disk", "image_disk", "none")))
    category: str | None = param("Category", Str(choices=snapshots.CATEGORIES))
    encrypted: bool | None = param("Encrypted", Bool())
    kms_key_id: str | None = param("KMSKeyId", Str(max_len=128))
    snapshot_link_id: str | None = param("SnapshotLinkId", Str(max_len=64))
    resource_group_id: str | None = param("ResourceGroupId", Str(max_len=64))
    filter: list[dict[str, str]] = param("Filter", repeat_fields=("Key", "Value"), max_repeat=2)
    tag: list[dict[str, str]] = tag_list()
    page_number: int = param("PageNumber", Int(minimum=1), default=1)
    page_size: int = param("PageSize", Int(minimum=1, maximum=100), default=10)
    next_token: str | None = next_token()
    max_results: int | None = param("MaxResults", Int(minimum=10, maximum=100))
    dry_run: bool = dry_run()


def _usage(uow: UnitOfWork, snapshot: Snapshot) -> str:
    """image, disk (disks were made from it), image_disk (both) or none."""
    image, disk = snapshots.used_by_image(uow, snapshot), snapshots.used_by_disk(uow, snapshot)
    return {(True, True): "image_disk", (True, False): "image", (False, True): "disk"}.get((image, disk), "none")


def snapshot_view(uow: UnitOfWork, snapshot: Snapshot, now: float) -> dict[str, Any]:
    """One Snapshots.Snapshot[]; keys in the Tea SDK model's order."""
    status = snapshot.lifecycle.at(now)
    return {
        "Available": status == "accomplished",
        "Category": snapshot.category,
        "CreationTime": vpc_time(snapshot.created_at),
        "Description": snapshot.description,
        "Encrypted": snapshot.encrypted,
        "FullSnapshotSizeInBytes": 0,  # nothing is written to a disk here
        "InstantAccess": snapshot.instant_access,
        # "Default value: the value of the RetentionDays parameter" (CreateSnapshot); no retention shows 1.
        "InstantAccessRetentionDays": (snapshot.instant_access_retention_days or snapshot.retention_days or 1)
        if snapshot.instant_access
        else 0,
        "KMSKeyId": snapshot.kms_key_id,
        "LastModifiedTime": vpc_time(snapshot.created_at),
        "ProductCode": "",
        "Progress": "100%" if status == "accomplished" else "50%",
        "RegionId": snapshot.region_id,
        "RemainTime": 0,
        "ResourceGroupId": snapshot.resource_group_id,
        "RetentionDays": snapshot.retention_days,
        "SnapshotId": snapshot.id,
        "SnapshotLinkId": "sl-" + snapshot.disk_id.split("-", 1)[-1],
        "SnapshotName": snapshot.name,
        "SnapshotSN": "64472-" + str(int(snapshot.created_at)),
        "SnapshotType": "user",
        "SourceDiskId": snapshot.disk_id,
        "SourceDiskSize": str(snapshot.source_disk_size),
        "SourceDiskType": snapshot.source_disk_type,
        "SourceRegionId": "",
        "SourceSnapshotId": "",
        "SourceStorageType": "disk",
        "Status": status,
        "Tags": {"Tag": [{"TagKey": t.get("Key", ""), "TagValue": t.get("Value", "")} for t in snapshot.tags]},
        "Usage": _usage(uow, snapshot),
    }


@action(ECS_VERSION, "DescribeSnapshots", DescribeSnapshots, resources=snapshot_arn)
def describe_snapshots(request: DescribeSnapshots, scope: Scope, uow: UnitOfWork) -> dict[str, Any]:
    created_after, created_before = _creation_range(request.filter)
    query: dict[str, Any] = {"region_id": scope.region_id}
    if request.snapshot_ids is not None:
        query["id"] = AnyOf(request.snapshot_ids)
    equal = {"instance_id": request.instance_id, "disk_id": request.disk_id, "name": request.snapshot_name,
             "category": request.category, "encrypted": request.encrypted, "kms_key_id": request.kms_key_id,
             "resource_group_id": request.resource_group_id,
             "source_disk_type": request.source_disk_type.lower() if request.source_disk_type else None}  # fmt: skip
    query.update({k: v for k, v in equal.items() if v is not None and v != ""})
    by_token = request.next_token is not None or request.max_results is not None
    paging = Paging(page_number=request.page_number, page_size=request.page_size, next_token=request.next_token,
                    max_results=request.max_results)  # fmt: skip
    nothing = request.snapshot_type == "auto"  # no automatic snapshot is ever taken
    if request.snapshot_link_id is not None and request.disk_id is None:
        query["disk_id"] = "d-" + request.snapshot_link_id.removeprefix("sl-")
    in_python = request.status != "all" or request.tag or request.usage or created_after or created_before
    page: Page[Snapshot]
    if nothing:
        page = paginate([], paging)
    elif not in_python:
        page = query_page(uow.snapshots, scope.account_id, paging, **query)
    else:
        found = uow.snapshots.find(account_id=scope.account_id, **query)
        found = [s for s in found if request.status in ("all", s.lifecycle.at(scope.now))]
        found = [s for s in found if tags.matches(s.tags, request.tag)]
        if request.usage:
            found = [s for s in found if _usage(uow, s) == request.usage]
        found = [s for s in found if created_after is None or s.created_at >= created_after]
        found = [s for s in found if created_before is None or s.created_at <= created_before]
        page = paginate(found, paging)
    body: dict[str, Any] = {"RequestId": ""}
    if by_token:
        body["NextToken"] = page.next_token
    else:
        body.update(NextToken="", PageSize=request.page_size, PageNumber=request.page_number)
    body["TotalCount"] = page.total
    body["Snapshots"] = {"Snapshot": [snapshot_view(uow, s, scope.now) for s in page.items]}
    return body


@dataclass(frozen=True, kw_only=True)
class CreateSnapshot(Request):
    region_id: str | None = optional_ecs_region()
    disk_id: str = param("DiskId", Str(max_len=64), required=True)
    snapshot_name: str = param("SnapshotName", Str(), default="")
    description: str = param("Description", Str(), default="")
    category: str = param("Category", Str(choices=snapshots.CATEGORIES), default="standard")
    retention_days: int = param("RetentionDays", Int(minimum=1, maximum=65536), default=0)
    instant_access: bool = param("InstantAccess", Bool(), default=False)
    instant_access_retention_days: int | None = param("InstantAccessRetentionDays", Int(minimum=1, maximum=65535))
    resource_group_id: str | None = param("ResourceGroupId", Str(max_len=64))
    tag: list[dict[str, str]] = tag_list()
    client_token: str | None = client_token()
    # Snapshots are kept in the disk's region; a storage location elsewhere is not modelled.
    ignored = ("StorageLocationArn",)


@action(ECS_VERSION, "CreateSnapshot", CreateSnapshot, resources=disk_arn, client_token=True)
def create_snapshot(request: CreateSnapshot, scope: Scope, uow: UnitOfWork) -> dict[str, Any]:
    if not scope.region_id:
        # No RegionId: the disk's own region (the reference documents none for this action).
        disk = uow.disks.get(request.disk_id, account_id=scope.account_id)
        if disk is None:
            raise errors.SnapshotDiskNotFound()
        scope = dataclasses.replace(scope, region_id=disk.region_id)
    snapshot = snapshots.create(uow, scope, disk_id=request.disk_id, name=request.snapshot_name,
                                description=request.description, category=request.category,
                                retention_days=request.retention_days, instant_access=request.instant_access,
                                resource_group_id=request.resource_group_id, tag_list=request.tag)  # fmt: skip
    if request.instant_access and request.instant_access_retention_days:
        # "This parameter takes effect only when InstantAccess is set to true."
        snapshot.instant_access_retention_days = request.instant_access_retention_days
        uow.snapshots.save(snapshot)
    return {"RequestId": "", "SnapshotId": snapshot.id}


@dataclass(frozen=True, kw_only=True)
class DeleteSnapshot(Request):
    region_id: str | None = optional_ecs_region()
    snapshot_id: str = param("SnapshotId", Str(max_len=64), required=True)
    force: bool = param("Force", Bool(), default=False)


@action(ECS_VERSION, "DeleteSnapshot", DeleteSnapshot, resources=snapshot_arn)
def delete_snapshot(request: DeleteSnapshot, scope: Scope, uow: UnitOfWork) -> dict[str, Any]:
    snapshots.delete(uow, scope, request.snapshot_id, force=request.force)
    return {}
