"""ECS 2014-05-26 images: DescribeImages, CreateImage, DeleteImage, DescribeImageFromFamily.

Public images come from the built-in catalogue (domain/image_catalogue.py); custom images are the
account's own (domain/images.py). Marketplace and shared ("others") images do not exist here: asking for
them answers an empty list.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ... import errors
from ...domain import images
from ...domain.ports import UnitOfWork
from ...domain.scope import Scope
from ...reads import images as image_reads
from ...reads.paging import Paging, paginate
from ..spec import ECS_VERSION, Bool, CommaList, Int, Request, Str, action, param, scope_arn
from .common import client_token, dry_run, ecs_region, tag_list
from .disks import _creation_range


def image_arn(request: Any, scope: Scope) -> list[str]:
    return [scope_arn("ecs", scope, f"image/{getattr(request, 'image_id', '') or '*'}")]


def _choices(values: list[str], allowed: tuple[str, ...], error: type[errors.ApiError]) -> list[str]:
    if any(v not in allowed for v in values):
        raise error()
    return values


@dataclass(frozen=True, kw_only=True)
class DescribeImages(Request):
    region_id: str = ecs_region()
    image_id: list[str] | None = param("ImageId", CommaList(max_items=100))
    image_name: str | None = param("ImageName", Str(max_len=128))
    image_owner_alias: list[str] | None = param("ImageOwnerAlias", CommaList(max_items=4))
    image_owner_id: int | None = param("ImageOwnerId", Int(minimum=0))
    status: list[str] | None = param("Status", CommaList(max_items=6))
    ostype: str | None = param("OSType", Str(choices=("linux", "windows", "Linux", "Windows")))
    architecture: str | None = param("Architecture", Str(choices=images.ARCHITECTURES))
    image_family: str | None = param("ImageFamily", Str(max_len=128))
    instance_type: str | None = param("InstanceType", Str(max_len=64))
    is_support_io_optimized: bool | None = param("IsSupportIoOptimized", Bool())
    is_support_cloudinit: bool | None = param("IsSupportCloudinit", Bool())
    is_public: bool | None = param("IsPublic", Bool())
    usage: str | None = param("Usage", Str(choices=images.USAGES, error=errors.ImageUsageNotSupported))
    action_type: str | None = param("ActionType", Str(choices=images.ACTION_TYPES,
                                                      error=errors.ImageActionTypeNotSupported))  # fmt: skip
    snapshot_id: str | None = param("SnapshotId", Str(max_len=64))
    resource_group_id: str | None = param("ResourceGroupId", Str(max_len=64))
    # Marketplace images only: every image here is usable and none has expired.
    usable: bool | None = param("Usable", Bool())
    show_expired: bool = param("ShowExpired", Bool(), default=False)
    filter: list[dict[str, str]] = param("Filter", repeat_fields=("Key", "Value"), max_repeat=2)
    tag: list[dict[str, str]] = tag_list()
    page_number: int = param("PageNumber", Int(minimum=1), default=1)
    page_size: int = param("PageSize", Int(minimum=1, maximum=100), default=10)
    dry_run: bool = dry_run()


@action(ECS_VERSION, "DescribeImages", DescribeImages, resources=image_arn)
def describe_images(request: DescribeImages, scope: Scope, uow: UnitOfWork) -> dict[str, Any]:
    aliases = _choices(request.image_owner_alias, images.OWNER_ALIASES, errors.ImageOwnerAliasNotSupported) \
        if request.image_owner_alias else None  # fmt: skip
    statuses = None
    if request.status and [s.lower() for s in request.status] == ["all"]:
        statuses = list(images.STATUSES)  # footmark's wait_for_image_status asks for Status=ALL
    elif request.status:
        statuses = _choices(request.status, images.STATUSES, errors.ImageStatusNotSupported)
    created_after, created_before = _creation_range(request.filter)
    where = image_reads.ImageFilter(
        image_ids=request.image_id or None, name=request.image_name, owner_aliases=aliases,
        owner_id=request.image_owner_id,
        # Asked for by id, an image is shown in any status (the reference: Status defaults to Available).
        statuses=statuses or (images.STATUSES if request.image_id else ("Available",)),
        os_type=request.ostype, architecture=request.architecture, family=request.image_family,
        instance_type=request.instance_type, io_optimized=request.is_support_io_optimized,
        cloudinit=request.is_support_cloudinit, is_public=request.is_public, usage=request.usage,
        snapshot_id=request.snapshot_id, resource_group_id=request.resource_group_id,
        created_after=created_after, created_before=created_before, tags=request.tag,
    )  # fmt: skip
    found = image_reads.find(uow, scope, where)
    if request.usable is False:
        found = []
    page = paginate(found, Paging(page_number=request.page_number, page_size=request.page_size))
    shown = [
        image_reads.view(v, uow.instances.exists(account_id=scope.account_id, region_id=scope.region_id, image_id=v.id))
        for v in page.items
    ]
    return {
        "RequestId": "", "PageNumber": request.page_number, "TotalCount": page.total,
        "PageSize": request.page_size, "RegionId": scope.region_id, "Images": {"Image": shown},
    }  # fmt: skip


@dataclass(frozen=True, kw_only=True)
class CreateImage(Request):
    region_id: str = ecs_region()
    instance_id: str = param("InstanceId", Str(max_len=64), default="")
    snapshot_id: str = param("SnapshotId", Str(max_len=64), default="")
    disk_device_mapping: list[dict[str, str]] = param(
        "DiskDeviceMapping", repeat_fields=("SnapshotId", "Size", "DiskType", "Device"), max_repeat=17
    )
    image_name: str = param("ImageName", Str(), default="")
    description: str = param("Description", Str(), default="")
    image_family: str = param("ImageFamily", Str(), default="")
    image_version: str = param("ImageVersion", Str(), default="")
    architecture: str = param("Architecture", Str(choices=("i386", "x86_64", "arm64")), default="")
    platform: str = param("Platform", Str(max_len=64), default="")
    boot_mode: str = param("BootMode", Str(choices=("BIOS", "UEFI", "UEFI-Preferred")), default="")
    resource_group_id: str | None = param("ResourceGroupId", Str(max_len=64))
    tag: list[dict[str, str]] = tag_list()
    client_token: str | None = client_token()
    dry_run: bool = dry_run()
    # The image's features, as DescribeImages shows them.
    imds_support: str | None = param("Features.ImdsSupport", Str(choices=("v1", "v2")))
    secure_boot_support: str | None = param("SecureBootOptions.SecureBootSupport",
                                            Str(choices=("supported", "unsupported")))  # fmt: skip
    # The image check's results are not modelled (docs/compatibility.md, "Settings that do not read back").
    ignored = ("DetectionStrategy",)


def all_images_arn(request: Any, scope: Scope) -> list[str]:
    return [scope_arn("ecs", scope, "image/*")]


@action(ECS_VERSION, "CreateImage", CreateImage, resources=all_images_arn, client_token=True)
def create_image(request: CreateImage, scope: Scope, uow: UnitOfWork) -> dict[str, Any]:
    if not (request.instance_id or request.snapshot_id or request.disk_device_mapping):
        raise errors.ImageSourceMissing()
    image = images.create(uow, scope, images.NewImage(
        instance_id=request.instance_id, snapshot_id=request.snapshot_id, mappings=request.disk_device_mapping,
        name=request.image_name, description=request.description, family=request.image_family,
        version=request.image_version, architecture=request.architecture, platform=request.platform,
        boot_mode=request.boot_mode, resource_group_id=request.resource_group_id, tags=request.tag,
        options={name: value for name, value in (("Features.ImdsSupport", request.imds_support),
                 ("SecureBootOptions.SecureBootSupport", request.secure_boot_support)) if value},
    ))  # fmt: skip
    return {"RequestId": "", "ImageId": image.id}


@dataclass(frozen=True, kw_only=True)
class DeleteImage(Request):
    region_id: str = ecs_region()
    image_id: str = param("ImageId", Str(max_len=128), required=True)
    force: bool = param("Force", Bool(), default=False)
    dry_run: bool = dry_run()


@action(ECS_VERSION, "DeleteImage", DeleteImage, resources=image_arn)
def delete_image(request: DeleteImage, scope: Scope, uow: UnitOfWork) -> dict[str, Any]:
    images.delete(uow, scope, request.image_id, force=request.force)
    return {}


@dataclass(frozen=True, kw_only=True)
class DescribeImageFromFamily(Request):
    region_id: str = ecs_region()
    image_family: str = param("ImageFamily", Str(max_len=128), required=True)


@action(ECS_VERSION, "DescribeImageFromFamily", DescribeImageFromFamily, resources=all_images_arn)
def describe_image_from_family(request: DescribeImageFromFamily, scope: Scope, uow: UnitOfWork) -> dict[str, Any]:
    found = images.latest_in_family(uow, scope, request.image_family)
    if found is None:
        return {"RequestId": "", "Image": {}}
    full = image_reads.view(found, False)
    keys = ("Architecture", "CreationTime", "Description", "DiskDeviceMappings", "ImageFamily", "ImageId",
            "ImageName", "ImageOwnerAlias", "ImageVersion", "IsCopied", "IsSelfShared", "IsSubscribed",
            "IsSupportCloudinit", "IsSupportIoOptimized", "OSName", "OSType", "Platform", "ProductCode", "Progress",
            "Size", "Status", "Tags", "Usage")  # fmt: skip
    image = {k: full[k] for k in keys}
    image["DiskDeviceMappings"] = {"DiskDeviceMapping": [
        {k: m[k] for k in ("Device", "Format", "ImportOSSBucket", "ImportOSSObject", "Size", "SnapshotId", "Type")}
        for m in full["DiskDeviceMappings"]["DiskDeviceMapping"]
    ]}  # fmt: skip
    return {"RequestId": "", "Image": image}
