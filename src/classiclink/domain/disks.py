"""Cloud disks (CreateInstance / RunInstances ``SystemDisk.*`` and ``DataDisk.N.*``, DescribeDisks).

Every instance gets a system disk (``/dev/xvda``) and up to 16 data disks (``/dev/xvdb`` on, in order).
The default category of both is ``cloud_efficiency`` for an I/O optimized instance and ``cloud`` (basic) for
one that is not (retired types). Sizes are in GiB; the ranges are the CreateInstance reference's. A data disk
may be made from a snapshot of the caller's (``DataDisk.N.SnapshotId``): at least the snapshot's size, encrypted
when the snapshot is. ``plan`` checks the request's shape; ``check_offer`` what the instance type takes.

Local SSDs (``ephemeral_ssd``), a category of the 2020 CreateInstance page, are checked as that page describes
(5–800 GiB, data ones only with a local SSD system disk, at most 1 TiB of them besides the system disk), and
then refused: no catalogued instance type takes them.

Deleting an instance releases its disks marked ``DeleteWithInstance``; the others stay, detached and
``Available``.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from .. import errors
from . import instance_types, text
from .instance_types import InstanceType
from .model import Disk, Instance, Snapshot, new_id
from .ports import UnitOfWork
from .scope import Scope
from .vpcs import default_resource_group

MAX_DATA_DISKS = 16
DEFAULT_CATEGORY = "cloud_efficiency"
BASIC_CATEGORY = "cloud"  # the default (and only) category of a non-I/O optimized instance's disks
LOCAL_SSD = "ephemeral_ssd"
LOCAL_SSD_SIZES = (5, 800)
LOCAL_SSD_TOTAL = 1024  # GiB of local SSD data disks per instance
# Data disk categories a system disk cannot be (elastic ephemeral disks, Regional ESSDs): InvalidDiskCategory.
DATA_ONLY_CATEGORIES = ("elastic_ephemeral_disk_standard", "elastic_ephemeral_disk_premium", "cloud_regional_disk_auto")
DEFAULT_PERFORMANCE_LEVEL = "PL1"
PERFORMANCE_LEVELS = ("PL0", "PL1", "PL2", "PL3")
SYSTEM_CATEGORIES = ("cloud", "cloud_efficiency", "cloud_ssd", "cloud_essd", "cloud_auto", "cloud_essd_entry")
# (smallest, largest) GiB of a data disk, by category; ESSDs by performance level.
DATA_SIZES: dict[str, tuple[int, int]] = {
    "cloud": (5, 2000),
    "cloud_efficiency": (20, 32768),
    "cloud_ssd": (20, 32768),
    "cloud_auto": (1, 65536),
    "cloud_essd_entry": (10, 32768),
}
ESSD_DATA_SIZES = {"PL0": (1, 65536), "PL1": (20, 65536), "PL2": (461, 65536), "PL3": (1261, 65536)}
# System disks: basic disks 20–500 GiB, others 20–2048; an ESSD's level raises the minimum.
SYSTEM_MIN, SYSTEM_MAX, BASIC_SYSTEM_MAX = 20, 2048, 500
# The retired categories keep the 500 GiB system disk limit of their time.
SYSTEM_MAX_BY_CATEGORY = {"cloud": BASIC_SYSTEM_MAX, LOCAL_SSD: BASIC_SYSTEM_MAX}
ESSD_MIN = {"PL0": 20, "PL1": 20, "PL2": 461, "PL3": 1261}
DEFAULT_SYSTEM_SIZE = 40
# DescribeDisks' filters (its request table); elastic ephemeral and local disks exist there but not here.
FILTER_CATEGORIES = (
    "all", "cloud", "cloud_efficiency", "cloud_ssd", "cloud_essd", "cloud_auto", "cloud_regional_disk_auto",
    "cloud_essd_entry", "elastic_ephemeral_disk_standard", "elastic_ephemeral_disk_premium", "local_ssd_pro",
    "local_hdd_pro", "ephemeral", "ephemeral_ssd",
)  # fmt: skip
FILTER_STATUSES = ("In_use", "Available", "Attaching", "Detaching", "Creating", "ReIniting", "All")
DISK_TYPES = ("all", "system", "data")
LOCK_REASONS = ("financial", "security", "recycling", "dedicatedhostfinancial")

_IMAGE_SIZE = re.compile(r"_(\d{1,4})G_")


def image_size(image_id: str) -> int:
    """GiB an image needs, read from public image names (``ubuntu_22_04_x64_20G_alibase_...``); else 20."""
    match = _IMAGE_SIZE.search(image_id)
    return int(match.group(1)) if match else 20


@dataclass(frozen=True)
class DiskRequest:
    """One disk as the caller asked for it; ``None`` = not given."""

    category: str | None = None
    size: int | None = None
    name: str = ""
    description: str = ""
    performance_level: str | None = None
    delete_with_instance: bool = True
    encrypted: bool | None = None
    kms_key_id: str = ""
    snapshot_id: str = ""
    device: str = ""  # a data disk's mount point (checked by instance_checks.check_devices)
    auto_snapshot_policy_id: str = ""  # checked by the caller, who can look policies up
    bursting_enabled: bool | None = None
    provisioned_iops: int | None = None


@dataclass(frozen=True)
class DiskPlan:
    """A checked disk, ready to be created for each instance."""

    disk_type: str
    category: str
    size: int
    name: str = ""
    description: str = ""
    performance_level: str = ""
    delete_with_instance: bool = True
    encrypted: bool = False
    kms_key_id: str = ""
    source_snapshot_id: str = ""
    from_encrypted_snapshot: bool = False  # an encrypted snapshot (or custom image) holds its data
    device: str = ""
    auto_snapshot_policy_id: str = ""
    bursting_enabled: bool = False
    provisioned_iops: int = 0


@dataclass(frozen=True)
class DisksPlan:
    system: DiskPlan
    data: list[DiskPlan] = field(default_factory=list)

    @property
    def disks(self) -> list[DiskPlan]:
        return [self.system, *self.data]

    @property
    def local(self) -> bool:
        """Whether the instance would have local disks."""
        return any(d.category == LOCAL_SSD for d in self.disks)


def _check_name_and_description(request: DiskRequest) -> None:
    if request.name and not text.valid_name(request.name, colon=True):
        raise errors.DiskNameMalformed()
    if request.description and not text.valid_description(request.description):
        raise errors.DiskDescriptionMalformed()


def _level(request: DiskRequest, category: str, parameter: str) -> str:
    """An ESSD's performance level (default PL1); other categories have none."""
    level = request.performance_level
    if level is not None and level not in PERFORMANCE_LEVELS:
        raise errors.InvalidParameter(name=parameter)
    if category != "cloud_essd":
        return ""
    return level or DEFAULT_PERFORMANCE_LEVEL


def _system_size(request: DiskRequest, category: str, level: str, needed: int) -> int:
    """SystemDisk.Size: given, at least 20 (an ESSD: its level's minimum), the image's size, at most the category's
    maximum; not given, 40 or the image's size, which must fit the category."""
    largest = SYSTEM_MAX_BY_CATEGORY.get(category, SYSTEM_MAX)
    if request.size is None:
        size = max(DEFAULT_SYSTEM_SIZE, needed)
        if size > largest:
            raise errors.ImageSizeBeyondCategory()
    else:
        size = request.size
        if size <= 0:
            raise errors.SystemDiskSizeInvalid()
        if size < SYSTEM_MIN:
            raise errors.SystemDiskSizeLessThanMin()
        if size < needed:
            raise errors.SystemDiskSizeLessThanImage()
        if size > largest:
            raise errors.SystemDiskSizeMoreThanMax()
    if category == "cloud_essd" and size < ESSD_MIN[level]:
        raise errors.SystemDiskSizeLevelNotSupported()
    return size


def _data_sizes(category: str, level: str) -> tuple[int, int]:
    if category == "cloud_essd":
        return ESSD_DATA_SIZES[level]
    return LOCAL_SSD_SIZES if category == LOCAL_SSD else DATA_SIZES[category]


def plan(
    system: DiskRequest,
    data: Sequence[DiskRequest],
    image_id: str,
    prepaid: bool = False,
    *,
    io_optimized: bool = True,
    image_gib: int | None = None,
    max_data_disks: int = MAX_DATA_DISKS,
    snapshot_of: Callable[[str], Snapshot] | None = None,
) -> DisksPlan:
    """Check the requested disks against the documented categories and ranges, before anything is created.
    ``snapshot_of`` finds a DataDisk.N.SnapshotId (or answers its error); without it every one is unknown."""
    if len(data) > max_data_disks:
        raise errors.InstanceDiskNumberExceeded()
    default = DEFAULT_CATEGORY if io_optimized else BASIC_CATEGORY
    category = system.category or default
    if category in DATA_ONLY_CATEGORIES:
        raise errors.CreateDiskCategoryNotSupported()  # a data disk category, not a system disk one
    if category not in (*SYSTEM_CATEGORIES, LOCAL_SSD):
        raise errors.SystemDiskCategoryNotSupported()
    _check_name_and_description(system)
    level = _level(system, category, "SystemDisk.PerformanceLevel")
    size = _system_size(system, category, level, image_size(image_id) if image_gib is None else image_gib)
    encrypted = bool(system.encrypted)
    if encrypted and category == LOCAL_SSD:
        raise errors.EncryptionNotSupported()
    bursting, iops = auto_performance(category, size, system.bursting_enabled, system.provisioned_iops)
    system_plan = DiskPlan("system", category, size, system.name, system.description, level,
                           delete_with_instance=True, encrypted=encrypted, kms_key_id=system.kms_key_id,
                           from_encrypted_snapshot=encrypted, auto_snapshot_policy_id=system.auto_snapshot_policy_id,
                           bursting_enabled=bursting, provisioned_iops=iops)  # fmt: skip

    planned = [_data_plan(n, disk, default, prepaid, snapshot_of) for n, disk in enumerate(data, start=1)]
    local = [d for d in planned if d.category == LOCAL_SSD]
    if local and category != LOCAL_SSD:
        raise errors.DiskCategoriesMismatch()  # local SSD data disks need a local SSD system disk
    if sum(d.size for d in local) > LOCAL_SSD_TOTAL:
        raise errors.LocalSsdTotalExceeded()
    return DisksPlan(system_plan, planned)


def _data_plan(n: int, disk: DiskRequest, default: str, prepaid: bool,
               snapshot_of: Callable[[str], Snapshot] | None) -> DiskPlan:  # fmt: skip
    category = disk.category or default
    if category not in DATA_SIZES and category not in ("cloud_essd", LOCAL_SSD):
        raise errors.DataDiskCategoryNotSupported()
    _check_name_and_description(disk)
    level = _level(disk, category, f"DataDisk.{n}.PerformanceLevel")
    snapshot = None
    if disk.snapshot_id:
        if snapshot_of is None:
            raise errors.DataDiskSnapshotNotFound()
        snapshot = snapshot_of(disk.snapshot_id)
        if category == LOCAL_SSD:
            raise errors.SnapshotNotForDisk()  # a local disk holds no snapshot's data
    smallest, largest = _data_sizes(category, level)
    if disk.size is not None:
        if not smallest <= disk.size <= largest:
            raise errors.DataDiskSizeNotSupported()
        if snapshot is not None and disk.size < snapshot.source_disk_size:
            raise errors.DiskSizeLessThanSnapshot()
        size = disk.size
    elif snapshot is not None:
        # "The data disk is created based on the size of the specified snapshot."
        if snapshot.source_disk_size > largest:
            raise errors.SnapshotTooLargeForCategory()
        size = max(snapshot.source_disk_size, smallest)
    else:
        raise errors.MissingParameter(name=f"DataDisk.{n}.Size")
    encrypted, kms_key_id = bool(disk.encrypted), disk.kms_key_id
    if snapshot is not None and snapshot.encrypted:
        # "All disks created from the encrypted snapshots" are encrypted, whatever Encrypted says (Terraform and
        # other clients send Encrypted=false by default).
        encrypted, kms_key_id = True, kms_key_id or snapshot.kms_key_id
    if encrypted and category == LOCAL_SSD:
        raise errors.EncryptionNotSupported()  # "Local disks cannot be encrypted."
    if prepaid and not disk.delete_with_instance:
        # A subscription data disk is not portable: it lives and dies with its instance.
        raise errors.DeleteWithInstanceConflict()
    bursting, iops = auto_performance(category, size, disk.bursting_enabled, disk.provisioned_iops)
    return DiskPlan("data", category, size, disk.name, disk.description, level, disk.delete_with_instance,
                    encrypted, kms_key_id, source_snapshot_id=snapshot.id if snapshot else "",
                    from_encrypted_snapshot=bool(snapshot and snapshot.encrypted), device=disk.device,
                    auto_snapshot_policy_id=disk.auto_snapshot_policy_id, bursting_enabled=bursting,
                    provisioned_iops=iops)  # fmt: skip


def provisioned_iops_cap(size: int) -> int:
    """ESSD AutoPL: [0, min{1,000 × size − baseline, 50,000}], baseline max{min{1,800 + 50 × size, 50,000}, 3,000};
    not configurable up to 3 GiB (CreateDisk ProvisionedIops)."""
    if size <= 3:
        return 0
    baseline = max(min(1800 + 50 * size, 50000), 3000)
    return max(min(1000 * size - baseline, 50000), 0)


def auto_performance(category: str, size: int, bursting: bool | None, provisioned: int | None) -> tuple[bool, int]:
    """BurstingEnabled and ProvisionedIops: "available only if you set DiskCategory to cloud_auto"."""
    if bursting is not None and category != "cloud_auto":
        raise errors.BurstingEnabledCategoryUnsupported()
    if provisioned is not None:
        if category != "cloud_auto":
            raise errors.ProvisionedIopsCategoryUnsupported()
        if not 0 <= provisioned <= provisioned_iops_cap(size):
            raise errors.ProvisionedIopsLimitExceed()
    return bool(bursting), provisioned or 0


def check_offer(planned: DisksPlan, instance_type: InstanceType, *, io_optimized: bool) -> None:
    """What the instance type takes: its family's categories (a non-I/O optimized instance: basic disks only);
    local SSDs no catalogued type takes. Encrypted snapshots need an I/O optimized instance, as KMS keys do."""
    system = planned.system.category
    if system == LOCAL_SSD:
        raise errors.DiskCategoryNotSupported()
    if not instance_type.takes_disk(system, io_optimized=io_optimized):
        raise errors.SystemDiskCategoryNotForType()
    for disk in planned.data:
        if disk.category == LOCAL_SSD:
            raise errors.DiskCategoryNotSupported()
        if not instance_type.takes_disk(disk.category, io_optimized=io_optimized):
            raise errors.DiskCategoryNotForType()
    if not io_optimized and any(d.from_encrypted_snapshot for d in planned.disks):
        raise errors.EncryptedSnapshotNotSupported()


def _devices(planned: DisksPlan) -> list[str]:
    """Each new disk's mount point: the system disk /dev/xvda, a data disk the DataDisk.N.Device it was given, or
    the first of /dev/xvdb on that no other disk of the instance takes."""
    taken = {d.device for d in planned.data if d.device}
    free = (f"/dev/xvd{letter}" for letter in "bcdefghijklmnopqrstuvwxyz" if f"/dev/xvd{letter}" not in taken)
    return ["/dev/xvda", *(d.device or next(free) for d in planned.data)]


def attach_new(
    uow: UnitOfWork, scope: Scope, *, instance: Instance, planned: DisksPlan, expires_at: float = 0.0
) -> list[Disk]:
    """Create the planned disks, attached to a new instance (system disk first)."""
    now = scope.now
    prepaid = instance.instance_charge_type == "PrePaid"
    created = []
    devices = _devices(planned)
    for index, p in enumerate([planned.system, *planned.data]):
        disk = Disk(
            id=new_id("d", instance.region_id),
            account_id=instance.account_id,
            region_id=instance.region_id,
            created_at=now + index * 1e-6,  # keeps the system disk first in store order
            zone_id=instance.zone_id,
            disk_type=p.disk_type,
            category=p.category,
            size=p.size,
            instance_id=instance.id,
            device=devices[index],
            name=p.name,
            description=p.description,
            performance_level=p.performance_level,
            delete_with_instance=p.delete_with_instance,
            encrypted=p.encrypted,
            kms_key_id=p.kms_key_id,
            source_snapshot_id=p.source_snapshot_id,
            auto_snapshot_policy_id=p.auto_snapshot_policy_id,
            bursting_enabled=p.bursting_enabled,
            provisioned_iops=p.provisioned_iops,
            # Pay-as-you-go data disks can be detached and reattached; system and subscription disks cannot.
            portable=p.disk_type == "data" and not prepaid,
            image_id=instance.image_id if p.disk_type == "system" else "",
            origin_instance_id=instance.id if p.disk_type == "system" else "",
            charge_type=instance.instance_charge_type,
            resource_group_id=default_resource_group(instance.account_id),
            attached_at=now,
            expires_at=expires_at if prepaid else 0.0,
            tags=[dict(t) for t in instance.tags],
        )
        uow.disks.add(disk)
        created.append(disk)
    return created


def release_with_instance(uow: UnitOfWork, scope: Scope, *, instance: Instance, every_attached: bool = False) -> None:
    """DeleteInstance: disks marked DeleteWithInstance go (``every_attached``: every attached disk, as for an
    instance locked for security reasons); the others stay, detached. A system disk detached from the instance
    (DetachDisk) goes with it when its DeleteWithInstance is true."""
    now = scope.now
    for disk in uow.disks.find(account_id=instance.account_id, instance_id=instance.id):
        if disk.delete_with_instance or every_attached:
            uow.disks.remove(disk)
        else:
            disk.instance_id, disk.device, disk.detached_at, disk.origin_instance_id = "", "", now, ""
            uow.disks.save(disk)
    for disk in uow.disks.find(account_id=instance.account_id, origin_instance_id=instance.id, instance_id=""):
        if disk.delete_with_instance:
            uow.disks.remove(disk)
        else:
            disk.origin_instance_id = ""
            uow.disks.save(disk)


def max_data_disks(instance: Instance) -> int:
    """The data disks the instance's type takes (instance_types; 16 for a type no longer catalogued)."""
    found = instance_types.TYPES.get(instance.instance_type)
    return found.max_data_disks if found else MAX_DATA_DISKS


def serial_number(disk: Disk) -> str:
    return uuid.uuid5(uuid.NAMESPACE_URL, disk.id).hex[:20]


def iops(disk: Disk) -> int:
    """The category's documented performance formula (min{1,800 + k × size, cap})."""
    per_gib, cap = {
        "cloud_efficiency": (30, 50_000),
        "cloud_ssd": (50, 25_000),
        "cloud_auto": (50, 50_000),
        "cloud_essd_entry": (50, 6_000),
    }.get(disk.category, (0, 0))
    if disk.category == "cloud_essd":
        per_gib, cap = {"PL0": (12, 10_000), "PL1": (50, 50_000), "PL2": (50, 100_000),
                        "PL3": (50, 1_000_000)}[disk.performance_level or "PL1"]  # fmt: skip
    if disk.category == "cloud":
        return 0  # basic disks have no guaranteed IOPS
    return min(1800 + per_gib * disk.size, cap)


def throughput(disk: Disk) -> int:
    """MB/s, by category (min{base + k × size, cap})."""
    base, per_gib, cap = {
        "cloud_efficiency": (100, 0.15, 140),
        "cloud_ssd": (120, 0.5, 300),
        "cloud_auto": (120, 0.5, 350),
        "cloud_essd_entry": (100, 0.5, 150),
    }.get(disk.category, (0, 0.0, 0))
    if disk.category == "cloud_essd":
        base, per_gib, cap = {"PL0": (100, 0.25, 180), "PL1": (120, 0.5, 350), "PL2": (120, 0.5, 750),
                              "PL3": (120, 0.5, 4000)}[disk.performance_level or "PL1"]  # fmt: skip
    return int(min(base + per_gib * disk.size, cap))


# Attributes the emulator keeps constant for every disk; a filter on another value matches nothing.
MULTI_ATTACH = "Disabled"
