"""The disk lifecycle (ECS 2014-05-26): CreateDisk, AttachDisk, DetachDisk, DeleteDisk, ResizeDisk,
ModifyDiskAttribute, ModifyDiskSpec, ReplaceSystemDisk. Each rule cites its action's reference page.

Devices: data disks take the lowest free of ``/dev/xvdb`` … ``/dev/xvdz`` (16 data disks at most per
instance); the system disk is ``/dev/xvda``. A detached system disk remembers its instance
(``origin_instance_id``): it can be attached back as the system disk (``Bootable``) to that instance only.
CreateDisk's ``SnapshotId`` makes the disk from the caller's snapshot (domain/snapshots.source_for_disk): at
least the snapshot's size ("the size of the created disk is equal to the specified snapshot size" when Size is
smaller), encrypted with the snapshot's key when the snapshot is.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from .. import errors
from . import condition_checks, disks, instances, key_pairs, snapshots, text
from .instance_options import operating_system
from .model import Disk, Instance, new_id
from .ports import UnitOfWork
from .regions import find_region
from .scope import Scope
from .vpcs import default_resource_group

# CreateDisk's DiskCategory values the emulator keeps; Regional ESSDs and elastic ephemeral disks are refused.
CREATE_CATEGORIES = ("cloud", "cloud_efficiency", "cloud_ssd", "cloud_essd", "cloud_auto", "cloud_essd_entry")
UNMODELLED_CATEGORIES = (
    "cloud_regional_disk_auto",
    "elastic_ephemeral_disk_standard",
    "elastic_ephemeral_disk_premium",
)
# ModifyDiskSpec: the categories a disk can be changed to (a basic disk cannot be the target).
SPEC_CATEGORIES = ("cloud_efficiency", "cloud_ssd", "cloud_essd", "cloud_auto", "cloud_essd_entry")
# ResizeDisk Type=online: "You can resize ultra disks, standard SSDs, ESSDs … online."
ONLINE_RESIZE_CATEGORIES = ("cloud_efficiency", "cloud_ssd", "cloud_essd", "cloud_auto", "cloud_essd_entry")
DATA_DEVICES = tuple(f"/dev/xvd{c}" for c in "bcdefghijklmnopqrstuvwxyz")
SYSTEM_DEVICE = "/dev/xvda"
_DEVICE = re.compile(r"/dev/xvd[b-z]")
# System disk sizes (ResizeDisk NewSize / ReplaceSystemDisk SystemDisk.Size): basic disks 20–500, others 20–2048.
SYSTEM_MAX = {"cloud": 500}


def get(uow: UnitOfWork, scope: Scope, disk_id: str) -> Disk:
    """The caller's disk in the request's region; anything else is InvalidDiskId.NotFound."""
    disk = uow.disks.get(disk_id, account_id=scope.account_id)
    if disk is None or (scope.region_id and disk.region_id != scope.region_id):
        raise errors.DiskNotFound()
    return disk


def check_tags(tags: Sequence[dict[str, str]]) -> list[dict[str, str]]:
    """Tag.N: keys 1–128 characters, not ``acs:`` / ``aliyun`` prefixed, no URLs; values up to 128; keys unique."""
    keys = [t.get("Key", "") for t in tags]
    for tag in tags:
        key, value = tag.get("Key", ""), tag.get("Value", "")
        if not key or len(key) > 128 or key.startswith(("acs:", "aliyun")) or "http://" in key or "https://" in key:
            raise errors.EcsInvalidTagKey()
        if len(value) > 128 or "http://" in value or "https://" in value:
            raise errors.EcsInvalidTagValue()
    if len(set(keys)) != len(keys):
        raise errors.EcsDuplicateTagKey()
    return [{"Key": t.get("Key", ""), "Value": t.get("Value", "")} for t in tags]


def _unlocked(uow: UnitOfWork, scope: Scope, instance_id: str) -> Instance:
    """The caller's instance, not locked for security reasons: AttachDisk, DetachDisk and ReplaceSystemDisk
    answer 403 InstanceLockedForSecurity "The instance is locked due to security." (the account's conditions)."""
    instance = instances.get(uow, scope, instance_id)
    condition_checks.check_unlocked(uow, scope, instance.id, errors.DiskInstanceLockedForSecurity)
    return instance


def _status(uow: UnitOfWork, scope: Scope, instance_id: str) -> str:
    instance = uow.instances.get(instance_id, account_id=scope.account_id)
    return instance.lifecycle.at(scope.now) if instance else ""


def _attached(uow: UnitOfWork, instance: Instance) -> list[Disk]:
    return uow.disks.find(account_id=instance.account_id, instance_id=instance.id)


def _free_device(attached: Sequence[Disk]) -> str:
    used = {d.device for d in attached}
    return next(device for device in DATA_DEVICES if device not in used)


# --- CreateDisk ---


@dataclass(frozen=True)
class NewDisk:
    zone_id: str = ""
    instance_id: str = ""
    category: str = "cloud"  # CreateDisk: "Default value: cloud."
    size: int | None = None
    snapshot_id: str = ""
    name: str = ""
    description: str = ""
    performance_level: str | None = None
    encrypted: bool = False
    kms_key_id: str = ""
    resource_group_id: str = ""
    multi_attach: str = "Disabled"
    bursting_enabled: bool | None = None
    provisioned_iops: int | None = None
    tags: Sequence[dict[str, str]] = ()


def create(uow: UnitOfWork, scope: Scope, wanted: NewDisk) -> Disk:
    region = find_region(scope.region_id)
    assert region is not None  # RegionId is checked before any handler runs
    if wanted.zone_id and wanted.instance_id:
        raise errors.ZoneIdAndInstanceIdConflict()
    if not wanted.zone_id and not wanted.instance_id:
        raise errors.MissingZoneId()
    if wanted.name and not text.valid_name(wanted.name, colon=True):
        raise errors.CreateDiskNameMalformed()
    if wanted.description and not text.valid_description(wanted.description):
        raise errors.CreateDiskDescriptionMalformed()
    category = wanted.category
    if category in UNMODELLED_CATEGORIES:
        raise errors.CreateDiskCategoryUnavailable()
    if category not in CREATE_CATEGORIES:
        raise errors.CreateDiskCategoryNotSupported()
    level = _level_for(category, wanted.performance_level)
    if wanted.multi_attach == "Enabled":
        raise errors.MultiAttachNotWhitelisted()
    if wanted.kms_key_id and not wanted.encrypted and not wanted.instance_id:
        raise errors.EncryptedNotMatchKmsKeyId()
    snapshot = None
    if wanted.snapshot_id:
        snapshot = snapshots.source_for_disk(uow, scope, wanted.snapshot_id, not_found=errors.SnapshotNotFound,
                                             too_old=errors.CreateDiskSnapshotTooOld)  # fmt: skip
    elif wanted.size is None:
        raise errors.MissingSnapshotOrSize()
    smallest, largest = disks.ESSD_DATA_SIZES[level] if category == "cloud_essd" else disks.DATA_SIZES[category]
    size = wanted.size if wanted.size is not None else smallest
    if snapshot is not None:
        if snapshot.source_disk_size > largest:
            # "InvalidSnapshot.TooLarge: The capacity of snapshot exceeds 2000GB." (a basic disk's limit)
            raise errors.CreateDiskSnapshotTooLarge() if category == "cloud" else errors.CreateDiskSizeNotSupported()
        size = max(size, snapshot.source_disk_size)
    if category == "cloud_essd" and 1 <= size <= largest and size < smallest:
        raise errors.ModifyDiskSpecSizeNotMatch()  # "The specified PerformanceLevel and Size do not match."
    if not smallest <= size <= largest:
        raise errors.CreateDiskSizeNotSupported()
    bursting, provisioned = disks.auto_performance(category, size, wanted.bursting_enabled, wanted.provisioned_iops)

    instance: Instance | None = None
    if wanted.instance_id:
        # "The ID of the subscription instance to which to attach the subscription disk."
        instance = instances.get(uow, scope, wanted.instance_id)
        if instance.instance_charge_type != "PrePaid":
            raise errors.InstanceChargeTypeNotSupported()
        attached = _attached(uow, instance)
        if sum(1 for d in attached if d.disk_type == "data") >= disks.max_data_disks(instance):
            raise errors.InstanceDiskLimitExceeded()
    elif wanted.zone_id not in region.zones:
        raise errors.CreateDiskZoneNotFound()

    disk = Disk(
        id=new_id("d", scope.region_id),
        account_id=scope.account_id,
        region_id=scope.region_id,
        created_at=scope.now,
        zone_id=instance.zone_id if instance else wanted.zone_id,
        disk_type="data",
        category=category,
        size=size,
        name=wanted.name,
        description=wanted.description,
        performance_level=level,
        # A pay-as-you-go disk is portable and outlives instances; a subscription disk lives with its instance.
        delete_with_instance=instance is not None,
        encrypted=wanted.encrypted,
        portable=instance is None,
        charge_type="PrePaid" if instance else "PostPaid",
        delete_auto_snapshot=True,  # "DeleteAutoSnapshot is automatically set to true when a disk is created."
        bursting_enabled=bursting,
        provisioned_iops=provisioned,
        source_snapshot_id=snapshot.id if snapshot else "",
    )
    if snapshot is not None and snapshot.encrypted:
        # "All disks created from the encrypted snapshots" are encrypted, with the snapshot's key.
        disk.encrypted, disk.kms_key_id = True, snapshot.kms_key_id
    if instance is None:
        # With InstanceId, "ResourceGroupId, Tag.N.Key, Tag.N.Value, ClientToken, and KMSKeyId are ignored".
        disk.kms_key_id = wanted.kms_key_id or disk.kms_key_id
        disk.resource_group_id = wanted.resource_group_id or default_resource_group(scope.account_id)
        disk.tags = check_tags(wanted.tags)
    else:
        disk.resource_group_id = default_resource_group(scope.account_id)
        disk.instance_id, disk.device, disk.attached_at = instance.id, _free_device(_attached(uow, instance)), scope.now
        system = [d for d in _attached(uow, instance) if d.disk_type == "system"]
        disk.expires_at = system[0].expires_at if system else 0.0
    uow.disks.add(disk)
    return disk


def _level_for(category: str, level: str | None) -> str:
    """PerformanceLevel: PL0–PL3, for ESSDs (default PL1); other categories have none."""
    if level is not None and level not in disks.PERFORMANCE_LEVELS:
        raise errors.PerformanceLevelMalformed()
    if category != "cloud_essd":
        return ""
    return level or disks.DEFAULT_PERFORMANCE_LEVEL


# --- AttachDisk / DetachDisk ---


def attach(uow: UnitOfWork, scope: Scope, *, disk_id: str, instance_id: str, delete_with_instance: bool | None = None,
           bootable: bool = False, device: str = "", credentials: bool = False,
           key_pair_name: str = "") -> Disk:  # fmt: skip
    instance = _unlocked(uow, scope, instance_id)
    disk = get(uow, scope, disk_id)
    if device and not _DEVICE.fullmatch(device):
        raise errors.DeviceMalformed()
    if disk.status != "Available":
        raise errors.AttachIncorrectDiskStatus()  # "The disk must be in the Available state."
    if disk.zone_id != instance.zone_id:
        raise errors.ResourcesNotInSameZone()
    status = instance.lifecycle.at(scope.now)
    attached = _attached(uow, instance)
    if bootable:
        # "The ECS instance must be the original instance from which the system disk was detached", Stopped,
        # with logon credentials; "Bootable true only if the instance does not have a system disk".
        if disk.disk_type != "system":
            raise errors.DiskNotBootable()
        if disk.origin_instance_id != instance.id:
            raise errors.NotOriginInstance()
        if status != "Stopped":
            raise errors.AttachIncorrectInstanceStatus()
        if any(d.disk_type == "system" for d in attached):
            raise errors.DeviceInUse()
        if not credentials:
            raise errors.LogonCredentialsMissing()
        _bind_key_pair(uow, scope, instance, key_pair_name, disk.image_id)
        disk.device = SYSTEM_DEVICE
    else:
        if status not in ("Running", "Stopped"):
            raise errors.AttachIncorrectInstanceStatus()
        # A separately bought disk must be pay-as-you-go; a detached system disk has no billing limit.
        if not disk.portable and disk.disk_type != "system":
            raise errors.DiskNotPortable()
        if sum(1 for d in attached if d.disk_type == "data") >= disks.max_data_disks(instance):
            raise errors.InstanceDiskLimitExceeded()
        if device and any(d.device == device for d in attached):
            raise errors.DeviceInUse()
        disk.device = device or _free_device(attached)
        if disk.disk_type == "system":
            disk.disk_type, disk.image_id, disk.origin_instance_id = "data", "", ""
    disk.instance_id, disk.attached_at = instance.id, scope.now
    # "DeleteWithInstance … Default value: false." (AttachDisk)
    disk.delete_with_instance = bool(delete_with_instance)
    uow.disks.save(disk)
    return disk


def detach(uow: UnitOfWork, scope: Scope, *, disk_id: str, instance_id: str,
           delete_with_instance: bool | None = None) -> Disk:  # fmt: skip
    instance = _unlocked(uow, scope, instance_id)
    disk = get(uow, scope, disk_id)
    if not disk.instance_id:
        raise errors.DiskAlreadyDetached()
    if disk.instance_id != instance.id:
        raise errors.DiskNotAttachedHere()
    status = instance.lifecycle.at(scope.now)
    if disk.disk_type == "system":
        # "The instance from which you want to detach a system disk must be in the Stopped state."
        if status != "Stopped":
            raise errors.IncorrectInstanceStatus()
        disk.origin_instance_id = instance.id
        # DeleteWithInstance: "whether to release the system disk when the instance … is released. Default: true."
        disk.delete_with_instance = True if delete_with_instance is None else delete_with_instance
    else:
        if not disk.portable:
            raise errors.DiskNotPortable()
        if status not in ("Running", "Stopped"):
            raise errors.IncorrectInstanceStatus()
    disk.instance_id, disk.device, disk.detached_at = "", "", scope.now
    uow.disks.save(disk)
    return disk


def delete(uow: UnitOfWork, scope: Scope, disk_id: str) -> None:
    """DeleteDisk: only a disk that is not attached (Available) can be released."""
    disk = get(uow, scope, disk_id)
    if disk.status != "Available":
        raise errors.IncorrectDiskStatus()
    uow.disks.remove(disk)


# --- ResizeDisk ---


def max_size(disk: Disk) -> int:
    if disk.disk_type == "system":
        return SYSTEM_MAX.get(disk.category, disks.SYSTEM_MAX)
    if disk.category == "cloud_essd":
        return disks.ESSD_DATA_SIZES[disk.performance_level or "PL1"][1]
    return disks.DATA_SIZES[disk.category][1]


def resize(uow: UnitOfWork, scope: Scope, *, disk_id: str, new_size: int, how: str = "offline") -> Disk:
    if how not in ("offline", "online"):
        raise errors.ResizeTypeNotSupported()
    disk = get(uow, scope, disk_id)
    if disk.disk_type == "system" and not disk.instance_id:
        raise errors.DetachedSystemDisk()
    if disk.instance_id:
        condition_checks.check_unlocked(uow, scope, disk.instance_id, errors.DiskInstanceLockedForSecurity)
    status = _status(uow, scope, disk.instance_id) if disk.instance_id else ""
    if disk.instance_id and status not in ("Running", "Stopped"):
        raise errors.IncorrectInstanceStatus()  # "The instance … must be in the Running or Stopped state."
    if how == "online":
        if disk.category not in ONLINE_RESIZE_CATEGORIES:
            raise errors.ResizeOnlineCategoryNotSupported()
        if not disk.instance_id:
            raise errors.ResizeOnlineDiskStatus()
        if status != "Running":
            raise errors.ResizeOnlineNotRunning()
    if new_size <= disk.size:
        raise errors.ResizeSizeNotLarger()  # "The new disk capacity must be larger than the original disk capacity."
    if new_size > max_size(disk):
        raise errors.ResizeSizeTooLarge()
    disk.size = new_size
    uow.disks.save(disk)
    return disk


# --- ModifyDiskAttribute ---


@dataclass(frozen=True)
class DiskAttributes:
    """ModifyDiskAttribute's settings; ``None`` = leave as it is."""

    name: str | None = None
    description: str | None = None
    delete_with_instance: bool | None = None
    delete_auto_snapshot: bool | None = None
    enable_auto_snapshot: bool | None = None
    bursting_enabled: bool | None = None


def modify_attributes(uow: UnitOfWork, scope: Scope, disk_ids: Sequence[str], wanted: DiskAttributes) -> list[Disk]:
    if wanted.name is not None and wanted.name != "" and not text.valid_name(wanted.name, colon=True):
        raise errors.ModifyDiskNameMalformed()
    if wanted.description is not None and wanted.description != "" and not text.valid_description(wanted.description):
        raise errors.ModifyDiskDescriptionMalformed()
    found = [get(uow, scope, disk_id) for disk_id in disk_ids]
    for disk in found:
        if wanted.delete_with_instance is not None and disk.disk_type == "data" and disk.charge_type == "PrePaid":
            raise errors.DeleteWithInstanceConflict()  # a subscription data disk lives and dies with its instance
        if wanted.bursting_enabled is not None and disk.category != "cloud_auto":
            raise errors.BurstingEnabledCategoryUnsupported()
    for disk in found:
        if wanted.name is not None:
            disk.name = wanted.name
        if wanted.description is not None:
            disk.description = wanted.description
        if wanted.delete_with_instance is not None:
            disk.delete_with_instance = wanted.delete_with_instance
        if wanted.delete_auto_snapshot is not None:
            disk.delete_auto_snapshot = wanted.delete_auto_snapshot
        if wanted.enable_auto_snapshot is not None:
            disk.enable_auto_snapshot = wanted.enable_auto_snapshot
        if wanted.bursting_enabled is not None:
            disk.bursting_enabled = wanted.bursting_enabled
        uow.disks.save(disk)
    return found


# --- ModifyDiskSpec ---


def modify_spec(uow: UnitOfWork, scope: Scope, *, disk_id: str, category: str | None = None,
                performance_level: str | None = None, provisioned_iops: int | None = None,
                destination_zone_id: str | None = None) -> Disk:  # fmt: skip
    disk = get(uow, scope, disk_id)
    target = category or disk.category
    if target not in SPEC_CATEGORIES:
        raise errors.ModifyDiskSpecCategoryNotSupported()
    if destination_zone_id and destination_zone_id != disk.zone_id:
        raise errors.InvalidParameter(name="DestinationZoneId")  # moving a disk between zones is not modelled
    if disk.instance_id and _status(uow, scope, disk.instance_id) not in ("Running", "Stopped"):
        raise errors.IncorrectInstanceStatus()
    if target == "cloud_essd":
        level = _level_for(target, performance_level or (disk.performance_level or None))
        if disk.size < disks.ESSD_DATA_SIZES[level][0] or (
            disk.disk_type == "system" and disk.size < disks.ESSD_MIN[level]
        ):
            raise errors.ModifyDiskSpecSizeNotMatch()
    else:
        level = _level_for(target, performance_level)
        smallest, largest = disks.DATA_SIZES[target]
        if not smallest <= disk.size <= largest and disk.disk_type == "data":
            raise errors.DataDiskSizeNotSupported()
    if provisioned_iops is not None:
        if target != "cloud_auto":
            raise errors.ProvisionedIopsCategoryUnsupported()
        if not 0 <= provisioned_iops <= disks.provisioned_iops_cap(disk.size):
            raise errors.ProvisionedIopsLimitExceed()
        disk.provisioned_iops = provisioned_iops
    elif target != "cloud_auto":
        disk.provisioned_iops = 0
    if target != "cloud_auto":
        disk.bursting_enabled = False
    disk.category, disk.performance_level = target, level
    uow.disks.save(disk)
    return disk


# --- ReplaceSystemDisk ---


def image_size_of(image_id: str) -> int:
    """The one image check: the GiB an image needs, or its documented NotFound. Every image the code base
    accepts today is accepted (the image catalogue can answer here)."""
    if not image_id:
        raise errors.ReplaceSystemDiskImageNotFound()
    return disks.image_size(image_id)


@dataclass(frozen=True)
class NewSystemDisk:
    image_id: str
    size: int | None = None
    encrypted: bool | None = None
    kms_key_id: str = ""
    key_pair_name: str = ""


def _bind_key_pair(uow: UnitOfWork, scope: Scope, instance: Instance, name: str, image_id: str) -> None:
    """The key pair a Linux system disk is attached (AttachDisk Bootable) or replaced (ReplaceSystemDisk) with is the
    instance's (DescribeInstances KeyPairName); "this parameter is ignored for Windows"."""
    if not name or operating_system(image_id).os_type == "windows":
        return
    key_pairs.get(uow, scope, name)  # InvalidKeyPairName.NotFound
    instance.key_pair_name = name
    uow.instances.save(instance)


def replace_system_disk(uow: UnitOfWork, scope: Scope, *, instance_id: str, wanted: NewSystemDisk) -> Disk:
    """A new system disk from the image (a new ID); the old one is released. The instance must be Stopped and
    not locked for security reasons ("The instance must not be locked for security reasons")."""
    instance = _unlocked(uow, scope, instance_id)
    if instance.lifecycle.at(scope.now) != "Stopped":
        raise errors.IncorrectInstanceStatus()
    needed = image_size_of(wanted.image_id)
    old = next((d for d in _attached(uow, instance) if d.disk_type == "system"), None)
    if old is None:
        raise errors.InstanceHasNoSystemDisk()
    size = wanted.size if wanted.size is not None else max(old.size, needed)
    smallest = disks.ESSD_MIN.get(old.performance_level, disks.SYSTEM_MIN) if old.category == "cloud_essd" else 20
    if size < smallest:
        raise errors.SystemDiskSizeLessThanMin()
    if size < needed:
        raise errors.SystemDiskSizeLessThanImage()
    if size > SYSTEM_MAX.get(old.category, disks.SYSTEM_MAX):
        raise errors.SystemDiskSizeMoreThanMax()
    new = Disk(
        id=new_id("d", instance.region_id),
        account_id=old.account_id, region_id=old.region_id, created_at=scope.now, zone_id=old.zone_id,
        disk_type="system", category=old.category, size=size, instance_id=instance.id, device=SYSTEM_DEVICE,
        name=old.name, description=old.description, performance_level=old.performance_level,
        delete_with_instance=old.delete_with_instance,
        encrypted=old.encrypted if wanted.encrypted is None else wanted.encrypted,
        kms_key_id=wanted.kms_key_id or (old.kms_key_id if wanted.encrypted is None else ""),
        image_id=wanted.image_id, charge_type=old.charge_type, resource_group_id=old.resource_group_id,
        attached_at=scope.now, expires_at=old.expires_at, tags=[dict(t) for t in old.tags],
        delete_auto_snapshot=old.delete_auto_snapshot, enable_auto_snapshot=old.enable_auto_snapshot,
        auto_snapshot_policy_id=old.auto_snapshot_policy_id, origin_instance_id=instance.id,
    )  # fmt: skip
    uow.disks.remove(old)
    uow.disks.add(new)
    instance.image_id = wanted.image_id
    uow.instances.save(instance)
    _bind_key_pair(uow, scope, instance, wanted.key_pair_name, wanted.image_id)
    return new
