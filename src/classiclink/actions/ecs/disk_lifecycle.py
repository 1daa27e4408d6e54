"""ECS 2014-05-26: the disk lifecycle (CreateDisk, AttachDisk, DetachDisk, DeleteDisk, ResizeDisk,
ModifyDiskAttribute, ModifyDiskSpec, ReplaceSystemDisk) and automatic snapshot policies
(CreateAutoSnapshotPolicy, DescribeAutoSnapshotPolicyEx, DeleteAutoSnapshotPolicy, ApplyAutoSnapshotPolicy,
CancelAutoSnapshotPolicy). RAM actions and ARNs are each reference page's authorization table.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from ... import errors
from ...domain import auto_snapshot_policies as policies
from ...domain import condition_checks
from ...domain import disk_lifecycle as lifecycle
from ...domain import tags as tag_rules
from ...domain.model import AutoSnapshotPolicy, new_id
from ...domain.ports import UnitOfWork
from ...domain.scope import Scope
from ...reads.paging import Paging, paginate, query_page
from ...reads.timefmt import vpc_time
from ..spec import ECS_VERSION, Bool, Int, RegionParam, Request, Str, action, param, scope_arn
from .common import client_token, dry_run, ecs_region, optional_ecs_region
from .instances import instance_id

# The policy actions document regionId; either spelling names the region.
POLICY_REGION = (("regionId", "RegionId"), errors.MissingPolicyRegionId)
MULTI_ATTACH = Str(choices=("Disabled", "Enabled"), error=errors.InvalidMultiAttach)
ARN_IGNORED = ("Arn.N.AssumeRoleFor", "Arn.N.RoleType", "Arn.N.Rolearn")


def _disk(scope: Scope, disk_id: str) -> str:
    return scope_arn("ecs", scope, f"disk/{disk_id or '*'}")


def _instance(scope: Scope, instance_id: str) -> str:
    return scope_arn("ecs", scope, f"instance/{instance_id or '*'}")


def _policy(scope: Scope, policy_id: str | None) -> str:
    return scope_arn("ecs", scope, f"snapshotpolicy/{policy_id or '*'}")


def _tags(raw: list[dict[str, str]]) -> list[dict[str, str]]:
    """Tag.N.Key / Tag.N.Value, or the older lower-case Tag.N.key / Tag.N.value."""
    return [{"Key": t.get("Key", t.get("key", "")), "Value": t.get("Value", t.get("value", ""))} for t in raw]


# --- CreateDisk ---


@dataclass(frozen=True, kw_only=True)
class CreateDisk(Request):
    region_id: str = ecs_region()
    zone_id: str = param("ZoneId", Str(max_len=64), default="")
    snapshot_id: str = param("SnapshotId", Str(max_len=64), default="")
    disk_name: str = param("DiskName", Str(), default="")
    size: int | None = param("Size", Int())
    disk_category: str = param("DiskCategory", Str(max_len=64), default="cloud")
    description: str = param("Description", Str(), default="")
    encrypted: bool = param("Encrypted", Bool(), default=False)
    client_token: str | None = client_token()
    instance_id: str = param("InstanceId", Str(max_len=64), default="")
    resource_group_id: str = param("ResourceGroupId", Str(max_len=64), default="")
    kms_key_id: str = param("KMSKeyId", Str(max_len=128), default="")
    performance_level: str | None = param("PerformanceLevel", Str(max_len=16))
    multi_attach: str = param("MultiAttach", MULTI_ATTACH, default="Disabled")
    tag: list[dict[str, str]] = param("Tag", repeat_fields=("Key", "Value", "key", "value"), max_repeat=20)
    provisioned_iops: int | None = param("ProvisionedIops", Int())
    bursting_enabled: bool | None = param("BurstingEnabled", Bool())
    # Dedicated block storage clusters, storage sets and the unpublished parameters are not modelled.
    ignored = ("AdvancedFeatures", "StorageSetId", "EncryptAlgorithm", "StorageSetPartitionNumber",
               "StorageClusterId", *ARN_IGNORED)  # fmt: skip


def create_disk_arns(request: CreateDisk, scope: Scope) -> list[str]:
    arns = [_disk(scope, "")]
    if request.snapshot_id:
        arns.append(scope_arn("ecs", scope, f"snapshot/{request.snapshot_id}"))
    return arns


@action(ECS_VERSION, "CreateDisk", CreateDisk, resources=create_disk_arns, client_token=True)
def create_disk(request: CreateDisk, scope: Scope, uow: UnitOfWork) -> dict[str, Any]:
    disk = lifecycle.create(uow, scope, lifecycle.NewDisk(
        zone_id=request.zone_id, instance_id=request.instance_id, category=request.disk_category, size=request.size,
        snapshot_id=request.snapshot_id, name=request.disk_name, description=request.description,
        performance_level=request.performance_level, encrypted=request.encrypted, kms_key_id=request.kms_key_id,
        resource_group_id=request.resource_group_id, multi_attach=request.multi_attach,
        bursting_enabled=request.bursting_enabled, provisioned_iops=request.provisioned_iops, tags=_tags(request.tag),
    ))  # fmt: skip
    # The account's conditions (admin API); refused: rolled back. With InstanceId, KMSKeyId "is ignored".
    condition_checks.check_disk(uow, scope, disk, kms_key_id="" if request.instance_id else request.kms_key_id)
    # The sample's order: DiskId, RequestId, OrderId ("returned only when you create a subscription disk").
    body: dict[str, Any] = {"DiskId": disk.id, "RequestId": ""}
    if disk.charge_type == "PrePaid":
        body["OrderId"] = _order_id()
    return body


def _order_id() -> str:
    return str(int(new_id("o", "cn-hangzhou")[-8:], 36) % 10**15).rjust(15, "2")


# --- AttachDisk / DetachDisk / DeleteDisk ---


@dataclass(frozen=True, kw_only=True)
class AttachDisk(Request):
    region_id: str | None = optional_ecs_region()
    instance_id: str = instance_id()
    disk_id: str = param("DiskId", Str(max_len=64), required=True)
    device: str = param("Device", Str(max_len=64), default="")
    delete_with_instance: bool | None = param("DeleteWithInstance", Bool())
    bootable: bool = param("Bootable", Bool(), default=False)
    password: str = param("Password", Str(max_len=30), default="")
    key_pair_name: str = param("KeyPairName", Str(max_len=128), default="")
    force: bool = param("Force", Bool(), default=False)


def _disk_and_instance(request: AttachDisk | DetachDisk, scope: Scope) -> list[str]:
    return [_disk(scope, request.disk_id), _instance(scope, request.instance_id)]


@action(ECS_VERSION, "AttachDisk", AttachDisk, resources=_disk_and_instance)
def attach_disk(request: AttachDisk, scope: Scope, uow: UnitOfWork) -> dict[str, Any]:
    if request.force:
        # "You can set this parameter to true only for Regional ESSDs", which are not modelled.
        raise errors.ForceAttachCategoryNotSupported()
    lifecycle.attach(uow, scope, disk_id=request.disk_id, instance_id=request.instance_id,
                     delete_with_instance=request.delete_with_instance, bootable=request.bootable,
                     device=request.device, credentials=bool(request.password or request.key_pair_name),
                     key_pair_name=request.key_pair_name)  # fmt: skip
    return {}


@dataclass(frozen=True, kw_only=True)
class DetachDisk(Request):
    region_id: str | None = optional_ecs_region()
    instance_id: str = instance_id()
    disk_id: str = param("DiskId", Str(max_len=64), required=True)
    delete_with_instance: bool | None = param("DeleteWithInstance", Bool())


@action(ECS_VERSION, "DetachDisk", DetachDisk, resources=_disk_and_instance)
def detach_disk(request: DetachDisk, scope: Scope, uow: UnitOfWork) -> dict[str, Any]:
    lifecycle.detach(uow, scope, disk_id=request.disk_id, instance_id=request.instance_id,
                     delete_with_instance=request.delete_with_instance)  # fmt: skip
    return {}


@dataclass(frozen=True, kw_only=True)
class DeleteDisk(Request):
    region_id: str | None = optional_ecs_region()
    disk_id: str = param("DiskId", Str(max_len=64), required=True)


@action(ECS_VERSION, "DeleteDisk", DeleteDisk, resources=lambda r, s: [_disk(s, r.disk_id)])
def delete_disk(request: DeleteDisk, scope: Scope, uow: UnitOfWork) -> dict[str, Any]:
    lifecycle.delete(uow, scope, request.disk_id)
    return {}


# --- ResizeDisk / ModifyDiskAttribute / ModifyDiskSpec ---


@dataclass(frozen=True, kw_only=True)
class ResizeDisk(Request):
    region_id: str | None = optional_ecs_region()
    disk_id: str = param("DiskId", Str(max_len=64), required=True)
    type: str = param("Type", Str(max_len=16), default="offline")
    new_size: int = param("NewSize", Int(), required=True)
    client_token: str | None = client_token()


@action(ECS_VERSION, "ResizeDisk", ResizeDisk, resources=lambda r, s: [_disk(s, r.disk_id)], client_token=True)
def resize_disk(request: ResizeDisk, scope: Scope, uow: UnitOfWork) -> dict[str, Any]:
    disk = lifecycle.resize(uow, scope, disk_id=request.disk_id, new_size=request.new_size, how=request.type)
    # The sample: OrderId, RequestId; "OrderId … is returned only when you resize subscription disks".
    body: dict[str, Any] = {"OrderId": _order_id()} if disk.charge_type == "PrePaid" else {}
    body["RequestId"] = ""
    return body


@dataclass(frozen=True, kw_only=True)
class ModifyDiskAttribute(Request):
    region_id: str | None = optional_ecs_region()
    disk_id: str = param("DiskId", Str(max_len=64), default="")
    disk_ids: list[str] = param("DiskIds", Str(max_len=64), values=True, max_repeat=100)
    disk_name: str | None = param("DiskName", Str())
    description: str | None = param("Description", Str())
    delete_with_instance: bool | None = param("DeleteWithInstance", Bool())
    delete_auto_snapshot: bool | None = param("DeleteAutoSnapshot", Bool())
    enable_auto_snapshot: bool | None = param("EnableAutoSnapshot", Bool())
    bursting_enabled: bool | None = param("BurstingEnabled", Bool())


def _modify_arns(request: ModifyDiskAttribute, scope: Scope) -> list[str]:
    return [_disk(scope, d) for d in (request.disk_ids or [request.disk_id])]


@action(ECS_VERSION, "ModifyDiskAttribute", ModifyDiskAttribute, resources=_modify_arns)
def modify_disk_attribute(request: ModifyDiskAttribute, scope: Scope, uow: UnitOfWork) -> dict[str, Any]:
    if request.disk_id and request.disk_ids:
        raise errors.InvalidParameter(name="DiskIds")  # one of DiskId or DiskIds.N
    ids = request.disk_ids or ([request.disk_id] if request.disk_id else [])
    if not ids:
        raise errors.MissingParameter(name="DiskId")
    lifecycle.modify_attributes(uow, scope, ids, lifecycle.DiskAttributes(
        name=request.disk_name, description=request.description, delete_with_instance=request.delete_with_instance,
        delete_auto_snapshot=request.delete_auto_snapshot, enable_auto_snapshot=request.enable_auto_snapshot,
        bursting_enabled=request.bursting_enabled,
    ))  # fmt: skip
    return {}


@dataclass(frozen=True, kw_only=True)
class ModifyDiskSpec(Request):
    region_id: str | None = optional_ecs_region()
    disk_id: str = param("DiskId", Str(max_len=64), required=True)
    disk_category: str | None = param("DiskCategory", Str(max_len=64))
    performance_level: str | None = param("PerformanceLevel", Str(max_len=16))
    provisioned_iops: int | None = param("ProvisionedIops", Int())
    destination_zone_id: str | None = param("DestinationZoneId", Str(max_len=64))
    dry_run: bool = dry_run()
    # Dedicated block storage clusters only (not modelled).
    ignored = ("PerformanceControlOptions.IOPS", "PerformanceControlOptions.Recover",
               "PerformanceControlOptions.Throughput")  # fmt: skip


@action(ECS_VERSION, "ModifyDiskSpec", ModifyDiskSpec, resources=lambda r, s: [_disk(s, r.disk_id)])
def modify_disk_spec(request: ModifyDiskSpec, scope: Scope, uow: UnitOfWork) -> dict[str, Any]:
    disk = lifecycle.modify_spec(uow, scope, disk_id=request.disk_id, category=request.disk_category,
                                 performance_level=request.performance_level,
                                 provisioned_iops=request.provisioned_iops,
                                 destination_zone_id=request.destination_zone_id)  # fmt: skip
    body: dict[str, Any] = {"RequestId": "", "TaskId": new_id("t", disk.region_id)}
    if disk.charge_type == "PrePaid":
        body["OrderId"] = _order_id()
    return body


# --- ReplaceSystemDisk ---


@dataclass(frozen=True, kw_only=True)
class ReplaceSystemDisk(Request):
    region_id: str | None = optional_ecs_region()
    instance_id: str = instance_id()
    image_id: str = param("ImageId", Str(max_len=128), required=True)
    system_disk_size: int | None = param("SystemDisk.Size", Int())
    encrypted: bool | None = param("Encrypted", Bool())
    kms_key_id: str = param("KMSKeyId", Str(max_len=128), default="")
    client_token: str | None = client_token()
    key_pair_name: str = param("KeyPairName", Str(max_len=128), default="")
    # The guest's password, the image's platform (a public image's own), and what is unpublished change nothing the
    # emulator keeps (docs/compatibility.md, "Settings that do not read back").
    ignored = ("Architecture", "DiskId", "EncryptAlgorithm", "Password", "PasswordInherit", "Platform",
               "SecurityEnhancementStrategy", "UseAdditionalService", *ARN_IGNORED)  # fmt: skip


def _replace_arns(request: ReplaceSystemDisk, scope: Scope) -> list[str]:
    return [_instance(scope, request.instance_id), scope_arn("ecs", scope, f"image/{request.image_id}")]


@action(ECS_VERSION, "ReplaceSystemDisk", ReplaceSystemDisk, resources=_replace_arns, client_token=True)
def replace_system_disk(request: ReplaceSystemDisk, scope: Scope, uow: UnitOfWork) -> dict[str, Any]:
    if request.kms_key_id and request.encrypted is False:
        raise errors.EncryptedNotMatchKmsKeyId()
    disk = lifecycle.replace_system_disk(uow, scope, instance_id=request.instance_id, wanted=lifecycle.NewSystemDisk(
        image_id=request.image_id, size=request.system_disk_size, encrypted=request.encrypted,
        kms_key_id=request.kms_key_id, key_pair_name=request.key_pair_name,
    ))  # fmt: skip
    return {"DiskId": disk.id}


# --- automatic snapshot policies ---


@dataclass(frozen=True, kw_only=True)
class CreateAutoSnapshotPolicy(Request):
    # regionId as documented; Terraform's alicloud_instance sends RegionId (one_of: one of the two is needed).
    region_id: str | None = param("regionId", RegionParam(errors.PolicyRegionInvalid))
    region_id_upper: str | None = optional_ecs_region()
    auto_snapshot_policy_name: str = param("autoSnapshotPolicyName", Str(), default="")
    time_points: str = param("timePoints", Str(max_len=1024), required=True)
    repeat_weekdays: str = param("repeatWeekdays", Str(max_len=1024), required=True)
    retention_days: int = param("retentionDays", Int(), required=True)
    enable_cross_region_copy: bool = param("EnableCrossRegionCopy", Bool(), default=False)
    target_copy_regions: str = param("TargetCopyRegions", Str(max_len=1024), default="")
    copied_snapshots_retention_days: int = param("CopiedSnapshotsRetentionDays", Int(), default=-1)
    resource_group_id: str = param("ResourceGroupId", Str(max_len=64), default="")
    tag: list[dict[str, str]] = param("Tag", repeat_fields=("Key", "Value"), max_repeat=20)
    # What the policy shows of its copies' encryption and of the resources it matches by tag (DescribeAutoSnapshotPolicyEx).
    copy_encrypted: bool | None = param("CopyEncryptionConfiguration.Encrypted", Bool())
    copy_kms_key_id: str = param("CopyEncryptionConfiguration.KMSKeyId", Str(max_len=128), default="")
    target_tags: list[dict[str, str]] = param("TargetTags", repeat_fields=("Key", "Value"), max_repeat=20)
    association_type: str | None = param("AssociationType",
                                         Str(choices=("AssociatedWithDisk", "AssociatedWithInstanceTag")))  # fmt: skip
    # The KMS service roles of the copies and a storage location elsewhere are not modelled (docs/compatibility.md).
    ignored = ("CopyEncryptionConfiguration.Arn.N.AssumeRoleFor", "CopyEncryptionConfiguration.Arn.N.RoleType",
               "CopyEncryptionConfiguration.Arn.N.Rolearn", "StorageLocationArn")  # fmt: skip


@action(ECS_VERSION, "CreateAutoSnapshotPolicy", CreateAutoSnapshotPolicy, one_of=POLICY_REGION,
        resources=lambda r, s: [_policy(s, "")])  # fmt: skip
def create_auto_snapshot_policy(request: CreateAutoSnapshotPolicy, scope: Scope, uow: UnitOfWork) -> dict[str, Any]:
    policy = policies.create(uow, scope, policies.NewPolicy(
        time_points=request.time_points, repeat_weekdays=request.repeat_weekdays,
        retention_days=request.retention_days, name=request.auto_snapshot_policy_name,
        enable_cross_region_copy=request.enable_cross_region_copy, target_copy_regions=request.target_copy_regions,
        copied_snapshots_retention_days=request.copied_snapshots_retention_days,
        resource_group_id=request.resource_group_id, tags=_tags(request.tag),
    ))  # fmt: skip
    options = {
        "CopyEncryptionConfiguration.Encrypted": request.copy_encrypted,
        "CopyEncryptionConfiguration.KMSKeyId": request.copy_kms_key_id or None,
        "TargetTags": _tags(request.target_tags) or None,
        "AssociationType": request.association_type,
    }
    policy.options = {name: value for name, value in options.items() if value is not None}
    if policy.options:
        uow.auto_snapshot_policies.save(policy)
    return {"AutoSnapshotPolicyId": policy.id, "RequestId": ""}


@dataclass(frozen=True, kw_only=True)
class DescribeAutoSnapshotPolicyEx(Request):
    region_id: str = ecs_region()
    auto_snapshot_policy_id: str | None = param("AutoSnapshotPolicyId", Str(max_len=64))
    auto_snapshot_policy_name: str | None = param("AutoSnapshotPolicyName", Str(max_len=128))
    resource_group_id: str | None = param("ResourceGroupId", Str(max_len=64))
    page_number: int = param("PageNumber", Int(minimum=1), default=1)
    page_size: int = param("PageSize", Int(minimum=1, maximum=100), default=10)
    tag: list[dict[str, str]] = param("Tag", repeat_fields=("Key", "Value"), max_repeat=20)


def policy_view(uow: UnitOfWork, policy: AutoSnapshotPolicy) -> dict[str, Any]:
    """One AutoSnapshotPolicy entry; time points, weekdays and copy regions are JSON text, as documented."""
    return {
        "AutoSnapshotPolicyId": policy.id,
        "AutoSnapshotPolicyName": policy.name,
        "CreationTime": vpc_time(policy.created_at),
        "RegionId": policy.region_id,
        "Status": "Normal",
        "TimePoints": json.dumps(policy.time_points),
        "RepeatWeekdays": json.dumps(policy.repeat_weekdays),
        "RetentionDays": policy.retention_days,
        "DiskNums": policies.disk_count(uow, policy),
        "VolumeNums": 0,
        "EnableCrossRegionCopy": policy.enable_cross_region_copy,
        "TargetCopyRegions": json.dumps(policy.target_copy_regions) if policy.target_copy_regions else "",
        "CopiedSnapshotsRetentionDays": policy.copied_snapshots_retention_days,
        "ResourceGroupId": policy.resource_group_id,
        "Tags": {"Tag": [{"TagKey": t["Key"], "TagValue": t["Value"]} for t in policy.tags]},
        "Type": "Custom",
        "CopyEncryptionConfiguration": {
            "Encrypted": policy.options.get("CopyEncryptionConfiguration.Encrypted", False),
            "KMSKeyId": policy.options.get("CopyEncryptionConfiguration.KMSKeyId", ""),
            "Arns": {"Arn": []},
        },
        "TargetTags": {
            "TargetTag": [{"Key": t["Key"], "Value": t["Value"]} for t in policy.options.get("TargetTags", [])]
        },
        "AssociationType": policy.options.get("AssociationType", ""),
    }


@action(ECS_VERSION, "DescribeAutoSnapshotPolicyEx", DescribeAutoSnapshotPolicyEx,
        resources=lambda r, s: [_policy(s, r.auto_snapshot_policy_id)])  # fmt: skip
def describe_auto_snapshot_policy_ex(
    request: DescribeAutoSnapshotPolicyEx, scope: Scope, uow: UnitOfWork
) -> dict[str, Any]:
    where: dict[str, Any] = {"region_id": scope.region_id}
    if request.auto_snapshot_policy_id:
        where["id"] = request.auto_snapshot_policy_id
    if request.auto_snapshot_policy_name:
        where["name"] = request.auto_snapshot_policy_name
    if request.resource_group_id:
        where["resource_group_id"] = request.resource_group_id
    paging = Paging(page_number=request.page_number, page_size=request.page_size)
    if request.tag:
        wanted = [dict(t) for t in request.tag]
        found = [p for p in uow.auto_snapshot_policies.find(account_id=scope.account_id, **where)
                 if tag_rules.matches(p.tags, wanted)]  # fmt: skip
        page = paginate(found, paging)
    else:
        page = query_page(uow.auto_snapshot_policies, scope.account_id, paging, **where)
    return {
        "TotalCount": page.total,
        "PageSize": request.page_size,
        "RequestId": "",
        "PageNumber": request.page_number,
        "AutoSnapshotPolicies": {"AutoSnapshotPolicy": [policy_view(uow, p) for p in page.items]},
    }


@dataclass(frozen=True, kw_only=True)
class DeleteAutoSnapshotPolicy(Request):
    # regionId as documented; Terraform's alicloud_instance sends RegionId (one_of: one of the two is needed).
    region_id: str | None = param("regionId", RegionParam(errors.PolicyRegionInvalid))
    region_id_upper: str | None = optional_ecs_region()
    auto_snapshot_policy_id: str = param("autoSnapshotPolicyId", Str(max_len=64), required=True)


@action(ECS_VERSION, "DeleteAutoSnapshotPolicy", DeleteAutoSnapshotPolicy, one_of=POLICY_REGION,
        resources=lambda r, s: [_policy(s, r.auto_snapshot_policy_id)])  # fmt: skip
def delete_auto_snapshot_policy(request: DeleteAutoSnapshotPolicy, scope: Scope, uow: UnitOfWork) -> dict[str, Any]:
    policies.delete(uow, scope, request.auto_snapshot_policy_id)
    return {}


@dataclass(frozen=True, kw_only=True)
class ApplyAutoSnapshotPolicy(Request):
    # regionId as documented; Terraform's alicloud_instance sends RegionId (one_of: one of the two is needed).
    region_id: str | None = param("regionId", RegionParam(errors.PolicyRegionInvalid))
    region_id_upper: str | None = optional_ecs_region()
    auto_snapshot_policy_id: str = param("autoSnapshotPolicyId", Str(max_len=64), required=True)
    disk_ids: str = param("diskIds", Str(max_len=8192), required=True)


def _policy_and_disks(request: ApplyAutoSnapshotPolicy | CancelAutoSnapshotPolicy, scope: Scope) -> list[str]:
    try:
        ids = json.loads(request.disk_ids)
    except (ValueError, RecursionError):
        ids = []
    disks = [_disk(scope, str(d)) for d in ids] if isinstance(ids, list) else []
    return [*disks, _policy(scope, request.auto_snapshot_policy_id)]


@action(
    ECS_VERSION, "ApplyAutoSnapshotPolicy", ApplyAutoSnapshotPolicy, one_of=POLICY_REGION, resources=_policy_and_disks
)
def apply_auto_snapshot_policy(request: ApplyAutoSnapshotPolicy, scope: Scope, uow: UnitOfWork) -> dict[str, Any]:
    policies.apply(uow, scope, request.auto_snapshot_policy_id, request.disk_ids)
    return {}


@dataclass(frozen=True, kw_only=True)
class CancelAutoSnapshotPolicy(Request):
    # regionId as documented; Terraform's alicloud_instance sends RegionId (one_of: one of the two is needed).
    region_id: str | None = param("regionId", RegionParam(errors.PolicyRegionInvalid))
    region_id_upper: str | None = optional_ecs_region()
    disk_ids: str = param("diskIds", Str(max_len=8192), required=True)
    auto_snapshot_policy_id: str | None = param("autoSnapshotPolicyId", Str(max_len=64))


@action(
    ECS_VERSION, "CancelAutoSnapshotPolicy", CancelAutoSnapshotPolicy, one_of=POLICY_REGION, resources=_policy_and_disks
)
def cancel_auto_snapshot_policy(request: CancelAutoSnapshotPolicy, scope: Scope, uow: UnitOfWork) -> dict[str, Any]:
    policies.cancel(uow, scope, request.auto_snapshot_policy_id, request.disk_ids)
    return {}
