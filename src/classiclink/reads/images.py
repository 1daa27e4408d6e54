"""Images as DescribeImages shows them: the public catalogue and the caller's custom images, filtered and paged.

Custom images are few per account and region; they are read whole from the store (narrowed by the equality
filters it can answer) and joined to the catalogue. Order: the caller's custom images, newest first, then
the public images in catalogue order (newest releases of each system first).
"""

from __future__ import annotations

import fnmatch
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from ..domain import images, instance_types, tags
from ..domain.image_catalogue import PUBLIC_IMAGES
from ..domain.images import ImageView
from ..domain.ports import UnitOfWork
from ..domain.scope import Scope
from .timefmt import vpc_time


@dataclass(frozen=True)
class ImageFilter:
    image_ids: Sequence[str] | None = None
    name: str | None = None
    owner_aliases: Sequence[str] | None = None
    owner_id: int | None = None
    statuses: Sequence[str] = ("Available",)
    os_type: str | None = None
    architecture: str | None = None
    family: str | None = None
    instance_type: str | None = None
    io_optimized: bool | None = None
    cloudinit: bool | None = None
    is_public: bool | None = None
    usage: str | None = None
    snapshot_id: str | None = None
    resource_group_id: str | None = None
    created_after: float | None = None
    created_before: float | None = None
    tags: Sequence[dict[str, str]] = ()


def _cloudinit(view: ImageView) -> bool:
    return view.os_type == "linux"


def _matches(view: ImageView, where: ImageFilter, used: set[str]) -> bool:
    arch_of_type = None
    if where.instance_type is not None:
        wanted = instance_types.TYPES.get(where.instance_type)
        arch_of_type = "arm64" if wanted and wanted.architecture == "ARM" else "x86_64"
    checks = (
        where.image_ids is None or view.id in where.image_ids,
        # ImageName: "fuzzy search" (the reference): a substring, or a * / ? wildcard pattern.
        where.name is None or (fnmatch.fnmatchcase(view.name, where.name) if any(c in where.name for c in "*?")
                               else where.name in view.name),
        where.owner_aliases is None or view.owner_alias in where.owner_aliases,
        where.owner_id is None or view.owner_id == where.owner_id,
        view.status in where.statuses,
        where.os_type is None or view.os_type == where.os_type.lower(),
        where.architecture is None or view.architecture == where.architecture,
        where.family is None or view.family == where.family,
        arch_of_type is None or view.architecture == arch_of_type,
        where.io_optimized is None or where.io_optimized,  # every image here runs on I/O optimized types
        where.cloudinit is None or _cloudinit(view) == where.cloudinit,
        where.is_public is None or (view.owner_alias == "system") == where.is_public,
        where.usage is None or (view.id in used) == (where.usage == "instance"),
        where.snapshot_id is None or where.snapshot_id in view.snapshot_ids,
        where.resource_group_id is None or view.resource_group_id == where.resource_group_id,
        where.created_after is None or view.created_at >= where.created_after,
        where.created_before is None or view.created_at <= where.created_before,
        not where.tags or tags.matches(view.tags, where.tags),
    )  # fmt: skip
    return all(checks)


def find(uow: UnitOfWork, scope: Scope, where: ImageFilter) -> list[ImageView]:
    aliases = where.owner_aliases
    views: list[ImageView] = []
    if aliases is None or "self" in aliases:
        query: dict[str, Any] = {"region_id": scope.region_id}
        if where.family is not None:
            query["image_family"] = where.family
        own = uow.images.find(account_id=scope.account_id, **query)
        views += [images.custom_view(i, scope.now) for i in reversed(own)]
    # Public images carry no resource group or tags: such a filter leaves only custom images.
    if (aliases is None or "system" in aliases) and where.resource_group_id is None and not where.tags:
        views += [images.public_view(p) for p in PUBLIC_IMAGES]
    used: set[str] = set()
    if where.usage is not None:
        used = {v.id for v in views if uow.instances.exists(account_id=scope.account_id, region_id=scope.region_id,
                                                            image_id=v.id)}  # fmt: skip
    return [v for v in views if _matches(v, where, used)]


def view(image: ImageView, used: bool) -> dict[str, Any]:
    """One entry of Images.Image[]; keys in the Tea SDK model's order."""
    return {
        "Architecture": image.architecture,
        "BootMode": image.boot_mode,
        "CreationTime": vpc_time(image.created_at),
        "Description": image.description,
        "DetectionOptions": {"Items": {"Item": []}, "Status": ""},
        "DiskDeviceMappings": {"DiskDeviceMapping": [
            {"Device": m.get("Device", ""), "Encrypted": "off", "Format": "", "ImportOSSBucket": "",
             "ImportOSSObject": "", "Progress": "100%", "RemainTime": 0, "Size": m.get("Size", ""),
             "SnapshotId": m.get("SnapshotId", ""), "Type": m.get("Type", "")}
            for m in image.disk_device_mappings
        ]},
        "Features": {"CpuOnlineDowngrade": "unsupported", "CpuOnlineUpgrade": "unsupported",
                     "ImdsSupport": image.options.get("Features.ImdsSupport", "v2" if image.os_type == "linux" else "v1"),
                     "MemoryOnlineDowngrade": "unsupported", "MemoryOnlineUpgrade": "unsupported",
                     "NvmeSupport": "supported" if image.os_type == "linux" else "unsupported"},
        "ImageFamily": image.family,
        "ImageId": image.id,
        "ImageName": image.name,
        "ImageOwnerAlias": image.owner_alias,
        "ImageOwnerId": image.owner_id,
        "ImageVersion": image.version,
        "IsCopied": False,
        "IsPublic": image.owner_alias == "system",
        "IsSelfShared": "",
        "IsSubscribed": False,
        "IsSupportCloudinit": _cloudinit(image),
        "IsSupportIoOptimized": True,
        "LicenseType": "Auto",
        "LoginAsNonRootSupported": image.os_type == "linux" and image.owner_alias == "system",
        "OSName": image.os_name,
        "OSNameEn": image.os_name_en,
        "OSType": image.os_type,
        "Platform": image.platform,
        "ProductCode": "",
        "Progress": "100%" if image.status == "Available" else "50%",
        "ResourceGroupId": image.resource_group_id,
        "SecureBootOptions": {"SecureBootSupport": image.options.get("SecureBootOptions.SecureBootSupport",
                                                                     "unsupported")},
        "Size": image.size,
        "Status": image.status,
        "SupplierName": "",
        "Tags": {"Tag": [{"TagKey": t.get("Key", ""), "TagValue": t.get("Value", "")} for t in image.tags]},
        "Usable": True,
        "Usage": "instance" if used else "none",
    }  # fmt: skip
