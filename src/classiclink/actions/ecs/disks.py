"""ECS 2014-05-26: DescribeDisks and DescribeUserData.

Disks are made by CreateInstance / RunInstances (domain/disks.py). Filters on attributes the emulator
does not model (snapshots, snapshot policies, locks, shared block storage, multi-attach) are validated
as documented and then match what a disk without them would: nothing, or every disk.
"""

from __future__ import annotations

import calendar
import json
import time
from typing import Any

from ... import errors
from ...domain import disks, instances
from ...domain.model import Disk
from ...domain.ports import UnitOfWork
from ...domain.regions import find_region
from ..spec import ECS_VERSION, Bool, Call, Int, Param, ParamType, Str, accepted, action, arn, page
from ..timefmt import ecs_time, vpc_time
from .common import DRY_RUN, ECS_REGION, NEXT_TOKEN, token_page
from .instances import instance_arn

# Pay-as-you-go disks never expire; the reference example prints this date for them.
NEVER_EXPIRES = "2999-09-08T16:00Z"
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


def disks_arn(call: Call) -> list[str]:
    ids = call["DiskIds"] or []
    return [arn("ecs", call, f"disk/{disk_id}") for disk_id in ids] or [arn("ecs", call, "disk/*")]


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


def disk_view(disk: Disk) -> dict[str, Any]:
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
        "EnableAutoSnapshot": disks.ENABLE_AUTO_SNAPSHOT,
        "StorageSetId": "",
        "StorageSetPartitionNumber": 0,
        "DiskId": disk.id,
        "DeleteAutoSnapshot": False,
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
        "SourceSnapshotId": "",
        "AutoSnapshotPolicyId": "",
        "EnableAutomatedSnapshotPolicy": False,
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
        "ProvisionedIops": 0,
        "BurstingEnabled": False,
        "Throughput": throughput,
        "ThroughputRead": throughput // 2,
        "ThroughputWrite": throughput // 2,
        # Fields of the SDK model the example leaves out. Placement is for regional ESSDs only, which
        # do not exist here (the reference returns it only when AdditionalAttributes asks for it).
        "SourceDiskId": "",
        "DataSource": {"Type": "", "Id": ""},
    }


@action(
    ECS_VERSION,
    "DescribeDisks",
    ECS_REGION,
    Param("ZoneId", Str(max_len=64)),
    Param("DiskIds", DiskIdList()),
    Param("InstanceId", Str(max_len=64)),
    Param("DiskType", Str(choices=disks.DISK_TYPES, error=errors.InvalidDiskTypeFilter), default="all"),
    Param("Category", Str(choices=disks.FILTER_CATEGORIES, error=errors.InvalidDiskCategoryFilter), default="all"),
    Param("Status", Str(choices=disks.FILTER_STATUSES, error=errors.InvalidDiskStatusFilter), default="All"),
    Param("SnapshotId", Str(max_len=64)),
    Param("Portable", Bool()),
    Param("DeleteWithInstance", Bool()),
    Param("DeleteAutoSnapshot", Bool()),
    Param("PageNumber", Int(minimum=1), default=1),
    Param("PageSize", Int(minimum=1, maximum=100), default=10),
    NEXT_TOKEN,
    # "Less than 10: 10; greater than 500: 500" (the reference): out-of-range values are clamped, not refused.
    Param("MaxResults", Int()),
    Param("DiskName", Str(max_len=128)),
    Param("AutoSnapshotPolicyId", Str(max_len=64)),
    Param("EnableAutoSnapshot", Bool()),
    Param("EnableAutomatedSnapshotPolicy", Bool()),
    Param("DiskChargeType", Str(choices=("PrePaid", "PostPaid"), error=errors.InvalidDiskChargeTypeFilter)),
    Param("LockReason", Str(choices=disks.LOCK_REASONS, error=errors.InvalidLockReasonFilter)),
    Param("Filter", repeat_fields=("Key", "Value"), max_repeat=2),
    Param("ResourceGroupId", Str(max_len=64)),
    Param("EnableShared", Bool()),
    Param("Encrypted", Bool()),
    Param("KMSKeyId", Str(max_len=128)),
    Param("MultiAttach", Str(choices=("Disabled", "Enabled", "LegacyShared"), error=errors.InvalidMultiAttach)),
    Param("PerformanceLevel", Str(max_len=16)),
    Param("Tag", repeat_fields=("Key", "Value", "key", "value"), max_repeat=20),
    DRY_RUN,
    # IOPS figures are always returned; Placement concerns regional ESSDs only (see disk_view).
    *accepted("AdditionalAttributes.N"),
    resources=disks_arn,
)
def describe_disks(call: Call, uow: UnitOfWork) -> dict[str, Any]:
    region = find_region(call.region_id)
    if call["ZoneId"] and region is not None and call["ZoneId"] not in region.zones:
        raise errors.DiskZoneNotFound()
    if call["EnableShared"] and call["MultiAttach"] in ("Disabled", "Enabled"):
        raise errors.MultiAttachAndEnableSharedMismatch()
    created_after, created_before = _creation_range(call["Filter"])
    where = disks.DiskFilter(
        zone_id=call["ZoneId"], disk_ids=call["DiskIds"], instance_id=call["InstanceId"],
        disk_type=call["DiskType"], category=call["Category"], status=call["Status"],
        snapshot_id=call["SnapshotId"], portable=call["Portable"], delete_with_instance=call["DeleteWithInstance"],
        delete_auto_snapshot=call["DeleteAutoSnapshot"], name=call["DiskName"],
        auto_snapshot_policy_id=call["AutoSnapshotPolicyId"], enable_auto_snapshot=call["EnableAutoSnapshot"],
        enable_automated_snapshot_policy=call["EnableAutomatedSnapshotPolicy"], charge_type=call["DiskChargeType"],
        lock_reason=call["LockReason"], created_after=created_after, created_before=created_before,
        resource_group_id=call["ResourceGroupId"], enable_shared=call["EnableShared"], encrypted=call["Encrypted"],
        kms_key_id=call["KMSKeyId"], multi_attach=call["MultiAttach"], performance_level=call["PerformanceLevel"],
        tags=_tags(call["Tag"]),
    )  # fmt: skip
    found = disks.find(uow, call.account_id, call.region_id, where)
    body: dict[str, Any] = {}
    if call["NextToken"] is not None or call["MaxResults"] is not None:
        size = min(max(call["MaxResults"] or 10, 10), 500)
        shown, body["NextToken"] = token_page(found, call["NextToken"], size)
    else:
        shown = page(found, call["PageNumber"], call["PageSize"])
        body.update(NextToken="", PageSize=call["PageSize"], PageNumber=call["PageNumber"])
    body["TotalCount"] = len(found)
    body["Disks"] = {"Disk": [disk_view(d) for d in shown]}
    return body


@action(
    ECS_VERSION,
    "DescribeUserData",
    ECS_REGION,
    Param("InstanceId", Str(max_len=64), required=True),
    resources=instance_arn,
)
def describe_user_data(call: Call, uow: UnitOfWork) -> dict[str, Any]:
    instance = instances.get(uow, call.account_id, call.region_id, call["InstanceId"])
    # Key order of the reference page's example; an instance without user data answers "".
    return {"UserData": instance.user_data, "InstanceId": instance.id, "RegionId": instance.region_id}
