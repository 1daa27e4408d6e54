"""Images: the public catalogue (domain/image_catalogue.py) plus the account's custom images.

CreateImage makes a custom image from an instance (a snapshot of each of its disks, taken now, as the real
service does), from a system-disk snapshot, or from DiskDeviceMapping.N entries naming snapshots. A custom
image is ``Creating`` for one transition delay, then ``Available``; only an Available image (public, or the
caller's own in the region) starts instances. DeleteImage of an image that does not exist is ignored
(its reference page); one instances still use is refused unless Force.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from .. import errors
from . import condition_checks, instances, snapshots, tags, text
from .image_catalogue import BY_ID, ImageFacts, PublicImage
from .model import Image, Lifecycle, Snapshot, new_id
from .ports import UnitOfWork
from .scope import Scope
from .vpcs import default_resource_group

STATUSES = ("Creating", "Waiting", "Available", "UnAvailable", "CreateFailed", "Deprecated")
OWNER_ALIASES = ("system", "self", "others", "marketplace")
# Both actions an image can serve: every image here starts instances and replaces system disks.
ACTION_TYPES = ("CreateEcs", "ChangeOS")
USAGES = ("instance", "none")
ARCHITECTURES = ("i386", "x86_64", "arm64")
PLATFORMS_WINDOWS = ("Windows Server 2012", "Windows Server 2016", "Windows Server 2019", "Windows Server 2022")


@dataclass(frozen=True)
class ImageView:
    """One image as DescribeImages shows it, public or custom."""

    id: str
    name: str
    description: str
    owner_alias: str  # system | self
    owner_id: int
    status: str
    os_type: str
    platform: str
    os_name: str
    os_name_en: str
    architecture: str
    size: int
    created_at: float
    family: str
    version: str
    boot_mode: str
    resource_group_id: str = ""
    disk_device_mappings: list[dict[str, str]] = field(default_factory=list)
    snapshot_ids: list[str] = field(default_factory=list)
    tags: list[dict[str, str]] = field(default_factory=list)
    options: dict[str, str] = field(default_factory=dict)  # "Features.ImdsSupport", "SecureBootOptions...."


def public_view(image: PublicImage) -> ImageView:
    return ImageView(
        id=image.id, name=image.id, description="", owner_alias="system", owner_id=0, status="Available",
        os_type=image.os_type, platform=image.platform, os_name=image.os_name, os_name_en=image.os_name_en,
        architecture=image.architecture, size=image.size, created_at=image.created_at, family=image.family,
        version=image.version, boot_mode=image.boot_mode,
        disk_device_mappings=[{"Device": "/dev/xvda", "Type": "system", "Size": str(image.size), "SnapshotId": ""}],
    )  # fmt: skip


def custom_view(image: Image, now: float) -> ImageView:
    return ImageView(
        id=image.id, name=image.name, description=image.description, owner_alias="self",
        owner_id=int(image.account_id) if image.account_id.isdigit() else 0, status=image.lifecycle.at(now),
        os_type=image.os_type, platform=image.platform, os_name=image.os_name, os_name_en=image.os_name_en,
        architecture=image.architecture, size=image.size, created_at=image.created_at, family=image.image_family,
        version=image.image_version, boot_mode=image.boot_mode, resource_group_id=image.resource_group_id,
        disk_device_mappings=image.disk_device_mappings, snapshot_ids=image.snapshot_ids, tags=image.tags,
        options=image.options,
    )  # fmt: skip


def find_view(uow: UnitOfWork, scope: Scope, image_id: str) -> ImageView | None:
    public = BY_ID.get(image_id)
    if public is not None:
        return public_view(public)
    custom = uow.images.get_in_region(image_id, account_id=scope.account_id, region_id=scope.region_id)
    return custom_view(custom, scope.now) if custom is not None else None


def require_usable(uow: UnitOfWork, scope: Scope, image_id: str) -> ImageView:
    """CreateInstance / RunInstances: an Available public image, or the caller's own in this region."""
    view = find_view(uow, scope, image_id)
    if view is None:
        own = uow.images.get(image_id, account_id=scope.account_id)
        if own is not None and own.region_id != scope.region_id:
            raise errors.ImageNotInRegion().hinted(f"{image_id} is an image of {own.region_id}")
    if view is None or view.status != "Available":
        raise errors.ImageNotFound().hinted("DescribeImages lists the images this region offers")
    return view


def facts(uow: UnitOfWork, scope: Scope, view: ImageView) -> ImageFacts:
    """What a new instance takes from its image: OS, architecture, size and, for a custom image, whether its
    system snapshot is encrypted (the system disk then is, with that snapshot's key)."""
    system = next((m.get("SnapshotId", "") for m in view.disk_device_mappings if m.get("Type") == "system"), "")
    snapshot = uow.snapshots.get(system, account_id=scope.account_id) if system else None
    return ImageFacts(view.id, view.os_type, view.architecture, view.size,
                      encrypted=bool(snapshot and snapshot.encrypted), kms_key_id=snapshot.kms_key_id if snapshot else "",
                      system_snapshot_id=system)  # fmt: skip


def os_type_of(uow: UnitOfWork, scope: Scope, image_id: str) -> str:
    """linux or windows: what the instance's image runs (an image since deleted: read from its name)."""
    view = find_view(uow, scope, image_id)
    if view is not None:
        return view.os_type
    return "windows" if image_id.lower().startswith("win") else "linux"


def _check_texts(name: str, description: str, family: str, version: str) -> None:
    if name and (not text.valid_name(name, colon=True) or name.lower().startswith(("aliyun", "acs:"))):
        raise errors.ImageNameMalformed()
    if description and not text.valid_description(description):
        raise errors.ImageDescriptionMalformed()
    if family and (not text.valid_name(family, colon=True) or family.lower().startswith(("aliyun", "acs:"))):
        raise errors.ImageFamilyMalformed()
    if version and (len(version) > 40 or not version.replace(".", "").replace("-", "").replace("_", "").isalnum()):
        raise errors.ImageVersionMalformed()


@dataclass(frozen=True)
class NewImage:
    instance_id: str = ""
    snapshot_id: str = ""
    mappings: Sequence[dict[str, str]] = ()  # DiskDeviceMapping.N: SnapshotId, Size, DiskType, Device
    name: str = ""
    description: str = ""
    family: str = ""
    version: str = ""
    architecture: str = ""
    platform: str = ""
    boot_mode: str = ""
    resource_group_id: str | None = None
    tags: Sequence[dict[str, str]] = ()
    options: Mapping[str, str] = field(default_factory=dict)  # Features.ImdsSupport, SecureBootOptions.*


def create(uow: UnitOfWork, scope: Scope, request: NewImage) -> Image:
    _check_texts(request.name, request.description, request.family, request.version)
    if request.name and uow.images.exists(account_id=scope.account_id, region_id=scope.region_id, name=request.name):
        raise errors.ImageNameDuplicated()
    taken: list[tuple[Snapshot, str]] = []  # (snapshot, device)
    given: list[dict[str, str]] = []  # DiskDeviceMapping.N's Size and DiskType, when given
    if request.instance_id:
        instance = instances.get(uow, scope, request.instance_id)
        # CreateImage: "the instance is locked for security reasons and all operations are prohibited on it".
        condition_checks.check_unlocked(uow, scope, instance.id, errors.ImageInstanceLockedForSecurity)
        if instance.lifecycle.at(scope.now) not in ("Running", "Stopped"):
            raise errors.IncorrectInstanceStatus()
        disks = uow.disks.find(account_id=scope.account_id, instance_id=instance.id)
        for n, disk in enumerate(disks):
            snapshot = snapshots.take(uow, scope, disk, description=f"Created for image {request.name or ''}".strip(),
                                      index=n)  # fmt: skip
            taken.append((snapshot, disk.device))
    else:
        wanted = list(request.mappings) or [{"SnapshotId": request.snapshot_id, "DiskType": "system"}]
        letters = iter("abcdefghijklmnopq")
        for entry in wanted:
            snapshot = snapshots.get(uow, scope, entry.get("SnapshotId", ""))
            if snapshot.lifecycle.at(scope.now) != "accomplished":
                raise errors.SnapshotNotReady()
            taken.append((snapshot, entry.get("Device") or f"/dev/xvd{next(letters, 'z')}"))
            given.append(_mapping_size_and_type(len(taken), entry, snapshot))
        if taken[0][0].source_disk_type != "system":
            raise errors.SnapshotNotSystemDisk()
    system = taken[0][0]
    base = find_view(uow, scope, system.image_id)
    os_type = base.os_type if base else os_type_of(uow, scope, system.image_id)
    lifecycle = Lifecycle("Creating")
    lifecycle.move(scope.now, "Creating", (scope.rules.transition_delay, "Available"))
    image = Image(
        id=new_id("m", scope.region_id), account_id=scope.account_id, region_id=scope.region_id,
        created_at=scope.now, name=request.name, description=request.description, lifecycle=lifecycle,
        os_type=os_type, platform=request.platform or (base.platform if base else "Others Linux"),
        os_name=base.os_name if base else "", os_name_en=base.os_name_en if base else "",
        architecture=request.architecture or (base.architecture if base else "x86_64"),
        size=int(given[0].get("Size", system.source_disk_size)) if given else system.source_disk_size,
        boot_mode=request.boot_mode or (base.boot_mode if base else "BIOS"), image_family=request.family,
        image_version=request.version, source_instance_id=request.instance_id,
        disk_device_mappings=[
            {"Device": device, "Type": s.source_disk_type, "Size": str(s.source_disk_size), "SnapshotId": s.id,
             **(given[n] if given else {})}
            for n, (s, device) in enumerate(taken)
        ],
        snapshot_ids=[s.id for s, _ in taken],
        resource_group_id=request.resource_group_id or default_resource_group(scope.account_id),
        tags=tags.normalised(request.tags), options=dict(request.options),
    )  # fmt: skip
    if not image.name:
        image.name = image.id
    uow.images.add(image)
    return image


def _mapping_size_and_type(n: int, entry: dict[str, str], snapshot: Snapshot) -> dict[str, str]:
    """DiskDeviceMapping.N.Size ("not less than the snapshot's size", GiB) and .DiskType (system | data), as the
    image's mapping shows them."""
    shown: dict[str, str] = {}
    size = entry.get("Size", "")
    if size:
        if not size.isdigit() or int(size) < snapshot.source_disk_size:
            raise errors.InvalidParameter(name=f"DiskDeviceMapping.{n}.Size")
        shown["Size"] = str(int(size))
    kind = entry.get("DiskType", "")
    if kind:
        if kind not in ("system", "data"):
            raise errors.InvalidParameter(name=f"DiskDeviceMapping.{n}.DiskType")
        shown["Type"] = kind
    return shown


def delete(uow: UnitOfWork, scope: Scope, image_id: str, *, force: bool = False) -> None:
    image = uow.images.get_in_region(image_id, account_id=scope.account_id, region_id=scope.region_id)
    if image is None:
        return  # "If the specified custom image does not exist, the request is ignored."
    if image.lifecycle.at(scope.now) == "Creating":
        raise errors.ImageIsCreating()
    if not force and uow.instances.exists(account_id=scope.account_id, region_id=scope.region_id, image_id=image.id):
        raise errors.ImageUsingByInstance()
    uow.images.remove(image)


def latest_in_family(uow: UnitOfWork, scope: Scope, family: str) -> ImageView | None:
    """DescribeImageFromFamily: the newest Available image of the family (the caller's custom images first)."""
    own = [custom_view(i, scope.now) for i in uow.images.find(account_id=scope.account_id,
                                                              region_id=scope.region_id, image_family=family)]  # fmt: skip
    candidates = [v for v in own if v.status == "Available"]
    if not candidates:
        candidates = [public_view(p) for p in BY_ID.values() if p.family == family]
    return max(candidates, key=lambda v: v.created_at) if candidates else None
