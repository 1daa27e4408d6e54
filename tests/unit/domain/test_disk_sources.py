"""Where CreateInstance / RunInstances disks come from and what the instance takes: disks from snapshots, the
categories each instance type takes, local SSDs, image/type fit and I/O optimization (docs/errors.md rows).

Sources: the CreateInstance reference (2021 and, for local SSDs, 2020), the instance family pages ("Supports only
ESSDs", "Retired instance types"), the Limits page and the Encryption overview; each case names its code.
"""

from __future__ import annotations

import calendar
import dataclasses

import pytest

from classiclink import errors
from classiclink.domain import (
    disks,
    image_catalogue,
    instance_checks,
    instance_options,
    instance_types,
    instances,
    security_groups,
    snapshots,
    vpcs,
    vswitches,
)
from classiclink.domain.disks import DiskRequest
from classiclink.domain.instances import InstanceRequest
from classiclink.domain.model import Instance, Lifecycle, Snapshot
from classiclink.domain.ports import UnitOfWork
from classiclink.domain.scope import Scope
from classiclink.reads import disks as disk_reads
from classiclink.reads.paging import Paging
from classiclink.settings import Behaviour

from ..conftest import ACCOUNT, NOW, OTHER_ACCOUNT, REGION

IMAGE = "ubuntu_22_04_x64_20G_alibase_20240926.vhd"
LOCAL = "ephemeral_ssd"


def scope(rules: Behaviour, account: str = ACCOUNT, region: str = REGION) -> Scope:
    return Scope(account, region, NOW, rules)


def snapshot(uow: UnitOfWork, *, size: int = 100, disk_type: str = "data", encrypted: bool = False,
             status: str = "accomplished", created_at: float = NOW - 60, account: str = ACCOUNT,
             region: str = REGION) -> Snapshot:  # fmt: skip
    made = Snapshot(
        id=f"s-{len(uow.snapshots.find(account_id=account)) + 1:04d}{region[-2:]}", account_id=account,
        region_id=region, created_at=created_at, disk_id="d-source", source_disk_type=disk_type,
        source_disk_size=size, source_disk_category="cloud_efficiency", instance_id="", name="", description="",
        lifecycle=Lifecycle(status), encrypted=encrypted, kms_key_id="key-snap" if encrypted else "",
    )  # fmt: skip
    uow.snapshots.add(made)
    return made


def plan_with(uow: UnitOfWork, rules: Behaviour, data: list[DiskRequest], system: DiskRequest | None = None,
              ) -> disks.DisksPlan:  # fmt: skip
    def snapshot_of(snapshot_id: str) -> Snapshot:
        return snapshots.source_for_disk(uow, scope(rules), snapshot_id, not_found=errors.DataDiskSnapshotNotFound,
                                         too_old=errors.SnapshotTooOld)  # fmt: skip

    return disks.plan(system or DiskRequest(), data, IMAGE, snapshot_of=snapshot_of)


# --- DataDisk.N.SnapshotId -------------------------------------------------------------------------------------


def test_a_data_disk_takes_the_snapshots_size_and_encryption(uow: UnitOfWork, rules: Behaviour) -> None:
    plain, secret = snapshot(uow, size=60), snapshot(uow, size=80, encrypted=True)
    planned = plan_with(uow, rules, [DiskRequest(snapshot_id=plain.id), DiskRequest(snapshot_id=plain.id, size=100),
                                     DiskRequest(snapshot_id=secret.id)])  # fmt: skip
    assert [(d.size, d.source_snapshot_id, d.encrypted) for d in planned.data] == [
        (60, plain.id, False), (100, plain.id, False), (80, secret.id, True)]  # fmt: skip
    assert planned.data[2].kms_key_id == "key-snap"  # "these snapshots have the same encryption key as the disk"
    small = snapshot(uow, size=5)  # a basic disk's snapshot onto an ultra disk: the category's smallest size
    assert plan_with(uow, rules, [DiskRequest(snapshot_id=small.id)]).data[0].size == 20


@pytest.mark.parametrize(("fields", "disk", "error"), [
    # 404 InvalidDataDiskSnapshotId.NotFound: unknown, another account's, another region's
    ({}, {"snapshot_id": "s-missing"}, errors.DataDiskSnapshotNotFound),
    ({"account": OTHER_ACCOUNT}, {}, errors.DataDiskSnapshotNotFound),
    ({"region": "cn-beijing"}, {}, errors.DataDiskSnapshotNotFound),
    # 400 InvalidSnapshotId.BasedSnapshotTooOld "The specified snapshot is created before 2013-07-15."
    ({"created_at": float(calendar.timegm((2013, 7, 1, 0, 0, 0)))}, {}, errors.SnapshotTooOld),
    # 403 InvalidSnapshotId.NotReady "The specified snapshot has not completed yet."
    ({"status": "progressing"}, {}, errors.SnapshotIdNotReady),
    # 403 InvalidSnapshotId.NotDataDiskSnapshot "The specified snapshot is system disk snapshot."
    ({"disk_type": "system"}, {}, errors.SnapshotNotDataDisk),
    # 403 InvalidDiskSize.TooSmall "Specified disk size is less than the size of snapshot"
    ({"size": 100}, {"size": 99}, errors.DiskSizeLessThanSnapshot),
    # a Size out of the category's range is that error first
    ({"size": 100}, {"size": 19}, errors.DataDiskSizeNotSupported),
    # 400 InstanceDiskCategoryLimitExceed: the snapshot is larger than a basic disk can be (2000 GiB)
    ({"size": 3000}, {"category": "cloud"}, errors.SnapshotTooLargeForCategory),
    # 403 OperationDenied "The specified snapshot is not allowed to create disk.": a local SSD from a snapshot
    ({}, {"category": LOCAL}, errors.SnapshotNotForDisk),
])  # fmt: skip
def test_data_disk_snapshot_errors(uow: UnitOfWork, rules: Behaviour, fields: dict[str, object],
                                   disk: dict[str, object], error: type[errors.ApiError]) -> None:  # fmt: skip
    made = snapshot(uow, **fields)  # type: ignore[arg-type]
    request = DiskRequest(**{"snapshot_id": made.id, **disk})  # type: ignore[arg-type]
    with pytest.raises(error):
        plan_with(uow, rules, [request], system=DiskRequest(category=LOCAL) if disk.get("category") == LOCAL else None)


def test_the_snapshot_day_boundary(uow: UnitOfWork, rules: Behaviour) -> None:
    # "Use snapshots created after July 15, 2013": from that day on (China Standard Time) a snapshot serves.
    on_the_day = snapshot(uow, created_at=snapshots.OLDEST_USABLE)
    assert plan_with(uow, rules, [DiskRequest(snapshot_id=on_the_day.id)]).data[0].size == 100
    before = snapshot(uow, created_at=snapshots.OLDEST_USABLE - 1)
    with pytest.raises(errors.SnapshotTooOld):
        plan_with(uow, rules, [DiskRequest(snapshot_id=before.id)])


def test_without_a_lookup_every_snapshot_is_unknown() -> None:
    with pytest.raises(errors.DataDiskSnapshotNotFound):
        disks.plan(DiskRequest(), [DiskRequest(size=40, snapshot_id="s-1")], IMAGE)


# --- local SSDs (CreateInstance, 2020: ephemeral_ssd) ------------------------------------------------------------


@pytest.mark.parametrize(("system", "data", "error"), [
    # "When data disks of an instance are local SSDs, the system disk must also be a local SSD."
    (DiskRequest(), [DiskRequest(category=LOCAL, size=100)], errors.DiskCategoriesMismatch),
    # "Excluding the system disk, the total capacity of local SSDs attached to an instance cannot exceed 1 TiB."
    (DiskRequest(category=LOCAL), [DiskRequest(category=LOCAL, size=800), DiskRequest(category=LOCAL, size=225)],
     errors.LocalSsdTotalExceeded),
    # "Valid values when DataDisk.N.Category is set to ephemeral_ssd: 5 to 800"
    (DiskRequest(category=LOCAL), [DiskRequest(category=LOCAL, size=801)], errors.DataDiskSizeNotSupported),
    # "Local disks cannot be encrypted." → InvalidParameter.EncryptedNotSupported
    (DiskRequest(category=LOCAL), [DiskRequest(category=LOCAL, size=100, encrypted=True)],
     errors.EncryptionNotSupported),
])  # fmt: skip
def test_local_ssd_rules(system: DiskRequest, data: list[DiskRequest], error: type[errors.ApiError]) -> None:
    with pytest.raises(error):
        disks.plan(system, data, IMAGE)


def test_local_ssds_in_the_rules_are_then_not_offered() -> None:
    planned = disks.plan(DiskRequest(category=LOCAL), [DiskRequest(category=LOCAL, size=800),
                                                       DiskRequest(category=LOCAL, size=224)], IMAGE)  # fmt: skip
    assert planned.local and planned.system.size == 40
    with pytest.raises(errors.DiskCategoryNotSupported):  # no catalogued instance type takes local SSDs
        disks.check_offer(planned, instance_types.get("ecs.g6.large"), io_optimized=True)


# --- the categories each instance type takes ---------------------------------------------------------------------


@pytest.mark.parametrize(("instance_type", "io_optimized", "system", "data", "error"), [
    ("ecs.g6.large", True, "cloud_essd", "cloud_efficiency", None),  # "Supports ESSDs, standard SSDs, and ultra disks"
    ("ecs.g7.large", True, "cloud_essd", "cloud_auto", None),
    ("ecs.g7.large", True, "cloud_efficiency", None, errors.SystemDiskCategoryNotForType),  # "Supports only ESSDs"
    ("ecs.g7.large", True, "cloud_essd", "cloud_ssd", errors.DiskCategoryNotForType),
    ("ecs.r7.large", True, "cloud_ssd", None, errors.SystemDiskCategoryNotForType),
    ("ecs.sn1ne.large", True, "cloud_ssd", "cloud_essd", errors.DiskCategoryNotForType),  # only SSDs and ultra disks
    ("ecs.g6.large", True, "cloud", None, errors.SystemDiskCategoryNotForType),  # basic disks: not I/O optimized only
    ("ecs.g6.large", True, "cloud_ssd", "cloud", errors.DiskCategoryNotForType),
    # "Non-I/O optimized instances support only basic disks"; I/O optimized Generation I: SSDs and ultra disks
    ("ecs.t1.small", False, "cloud", "cloud", None),
    ("ecs.t1.small", False, "cloud_efficiency", None, errors.SystemDiskCategoryNotForType),
    ("ecs.s2.large", False, "cloud", "cloud_ssd", errors.DiskCategoryNotForType),
    ("ecs.s2.large", True, "cloud_ssd", "cloud_efficiency", None),
    ("ecs.s2.large", True, "cloud_essd", None, errors.SystemDiskCategoryNotForType),
])  # fmt: skip
def test_categories_the_type_takes(instance_type: str, io_optimized: bool, system: str, data: str | None,
                                   error: type[errors.ApiError] | None) -> None:  # fmt: skip
    planned = disks.plan(DiskRequest(category=system), [DiskRequest(category=data, size=40)] if data else [], IMAGE,
                         io_optimized=io_optimized)  # fmt: skip
    if error is None:
        disks.check_offer(planned, instance_types.get(instance_type), io_optimized=io_optimized)
    else:
        with pytest.raises(error):
            disks.check_offer(planned, instance_types.get(instance_type), io_optimized=io_optimized)


def test_a_non_io_optimized_instance_defaults_to_basic_disks() -> None:
    # "For non-I/O optimized instances of retired instance types, the default value is cloud."
    planned = disks.plan(DiskRequest(), [DiskRequest(size=10)], IMAGE, io_optimized=False)
    assert (planned.system.category, planned.data[0].category) == ("cloud", "cloud")
    assert instance_types.get("ecs.t1.small").disk_quantity == 17 == 1 + disks.MAX_DATA_DISKS


def test_an_encrypted_snapshot_needs_an_io_optimized_instance(uow: UnitOfWork, rules: Behaviour) -> None:
    # 400 IncorrectImageStatus "Encrypted snapshots do not support this operation."
    secret = snapshot(uow, size=100, encrypted=True)
    planned = disks.plan(DiskRequest(), [DiskRequest(snapshot_id=secret.id, category="cloud")], IMAGE,
                         io_optimized=False, snapshot_of=lambda _: secret)  # fmt: skip
    with pytest.raises(errors.EncryptedSnapshotNotSupported):
        disks.check_offer(planned, instance_types.get("ecs.s2.large"), io_optimized=False)


# --- system disk sizes ---------------------------------------------------------------------------------------------


def test_an_image_larger_than_the_category_takes() -> None:
    # No SystemDisk.Size: 403 InvalidDisk.SystemDiskSize; a given one: 404 InvalidSystemDiskSize.MoreThanMaxSize.
    with pytest.raises(errors.ImageSizeBeyondCategory):
        disks.plan(DiskRequest(category="cloud"), [], "m-custom", io_optimized=False, image_gib=600)
    with pytest.raises(errors.SystemDiskSizeMoreThanMax):
        disks.plan(DiskRequest(category="cloud", size=600), [], "m-custom", io_optimized=False, image_gib=600)
    assert disks.plan(DiskRequest(), [], "m-custom", image_gib=600).system.size == 600  # a custom image's own size


# --- images and instance types -----------------------------------------------------------------------------------


@pytest.mark.parametrize(("image", "instance_type", "error"), [
    ("aliyun_3_arm64_20G_alibase_20240819.vhd", "ecs.g6.large", errors.ImageNotSupportInstanceType),
    ("aliyun_3_x64_20G_alibase_20240819.vhd", "ecs.g8y.large", errors.ImageNotSupportInstanceType),
    ("aliyun_3_arm64_20G_alibase_20240819.vhd", "ecs.g8y.large", None),
    # "If the instance memory size is 512 MiB, you cannot use Windows Server images"
    ("win2022_21H2_x64_dtc_en-us_40G_alibase_20240816.vhd", "ecs.t5-lc2m1.nano", errors.ImageTypeConflict),
    ("win2022_21H2_x64_dtc_en-us_40G_alibase_20240816.vhd", "ecs.t5-lc1m1.small", None),
    # "If the instance memory size is 4 GiB or larger, you cannot use 32-bit OS images."
    ("centos_6_10_i386_20G_custom.vhd", "ecs.g6.large", errors.ImageTypeConflict),
    ("centos_6_10_i386_20G_custom.vhd", "ecs.t5-lc1m2.small", None),
])  # fmt: skip
def test_the_image_fits_the_instance_type(image: str, instance_type: str, error: type[errors.ApiError] | None) -> None:
    facts = image_catalogue.facts_of(image)
    if error is None:
        instance_checks.check_image(facts, instance_types.get(instance_type))
    else:
        with pytest.raises(error):
            instance_checks.check_image(facts, instance_types.get(instance_type))


@pytest.mark.parametrize(("value", "instance_type", "result"), [
    ("", "ecs.t1.small", False), ("none", "ecs.t1.small", False), ("", "ecs.s2.large", False),
    ("optimized", "ecs.s2.large", True), ("", "ecs.g6.large", True), ("optimized", "ecs.g6.large", True),
    # ecs.t1.small has no I/O optimized instances: 404 IoOptimized.NotSupported
    ("optimized", "ecs.t1.small", errors.IoOptimizedTypeNotSupported),
    ("none", "ecs.g6.large", errors.IoOptimizedRequired),
])  # fmt: skip
def test_io_optimization_by_type(value: str, instance_type: str, result: bool | type[errors.ApiError]) -> None:
    if isinstance(result, bool):
        assert instance_options.io_optimized(value, instance_type) is result
    else:
        with pytest.raises(result):
            instance_options.io_optimized(value, instance_type)


def test_create_instance_words_a_bad_io_optimized_its_own_way() -> None:
    # CreateInstance: 400 InvalidIoOptimizedValue.ValueNotSupported; RunInstances: 400 InvalidIoOptimize.ValueNotSupported
    with pytest.raises(errors.IoOptimizedValueNotSupported):
        instance_options.io_optimized("fast", "ecs.g6.large", invalid=errors.IoOptimizedValueNotSupported)
    with pytest.raises(errors.IoOptimizeInvalid):
        instance_options.io_optimized("fast", "ecs.g6.large")


# --- through instances.create --------------------------------------------------------------------------------------


def vpc_group(uow: UnitOfWork, rules: Behaviour) -> tuple[str, str]:
    vpc = vpcs.create(uow, scope(rules), cidr_block="172.16.0.0/16")
    vswitch = vswitches.create(uow, scope(rules), vpc_id=vpc.id, zone_id=f"{REGION}-i", cidr_block="172.16.1.0/24")
    group = security_groups.create(uow, scope(rules), vpc_id=vpc.id)
    return vswitch.id, group.id


def create(uow: UnitOfWork, rules: Behaviour, **fields: object) -> Instance:
    vswitch, group = vpc_group(uow, rules)
    request = InstanceRequest(
        **{
            "instance_type": "ecs.g6.large",
            "image_id": IMAGE,
            "security_group_id": group,
            "vswitch_id": vswitch,
            **fields,
        }
    )  # type: ignore[arg-type]
    [instance] = instances.create(uow, scope(rules), request=request)
    return instance


def test_a_spot_instance_that_stops_cannot_have_local_disks(uow: UnitOfWork, rules: Behaviour) -> None:
    # 403 InvalidSpotInterruptionBehavior.LocalDiskNotSupport
    local = {"system_disk": DiskRequest(category=LOCAL), "data_disks": [DiskRequest(category=LOCAL, size=100)]}
    with pytest.raises(errors.SpotLocalDiskNotSupported):
        create(uow, rules, spot_strategy="SpotAsPriceGo", spot_interruption_behavior="Stop", **local)
    with pytest.raises(errors.DiskCategoryNotSupported):  # Terminate: the local disks themselves are refused
        create(uow, rules, spot_strategy="SpotAsPriceGo", **local)


def test_an_instance_keeps_its_disks_snapshot(uow: UnitOfWork, rules: Behaviour) -> None:
    made = snapshot(uow, size=70, encrypted=True)
    instance = create(uow, rules, data_disks=[DiskRequest(snapshot_id=made.id)])
    data = [d for d in uow.disks.find(account_id=ACCOUNT, instance_id=instance.id) if d.disk_type == "data"]
    assert [(d.size, d.source_snapshot_id, d.encrypted, d.kms_key_id) for d in data] == [
        (70, made.id, True, "key-snap")
    ]
    assert snapshots.used_by_disk(uow, made)
    with pytest.raises(errors.SnapshotCreatedDisk):  # DeleteSnapshot: "has been used to create disk(s)"
        snapshots.delete(uow, scope(rules), made.id)
    snapshots.delete(uow, scope(rules), made.id, force=True)
    assert uow.snapshots.get(made.id, account_id=ACCOUNT) is None


def test_a_custom_images_encrypted_system_snapshot_encrypts_the_system_disk(uow: UnitOfWork, rules: Behaviour) -> None:
    facts = dataclasses.replace(image_catalogue.facts_of(IMAGE), encrypted=True, kms_key_id="key-image")
    vswitch, group = vpc_group(uow, rules)
    request = InstanceRequest(instance_type="ecs.g6.large", image_id=IMAGE, security_group_id=group, vswitch_id=vswitch)
    [instance] = instances.create(uow, scope(rules), request=request, image=facts)
    [system] = [d for d in uow.disks.find(account_id=ACCOUNT, instance_id=instance.id) if d.disk_type == "system"]
    assert (system.encrypted, system.kms_key_id) == (True, "key-image")
    retired = dataclasses.replace(request, instance_type="ecs.s2.large", io_optimized="none")
    with pytest.raises(errors.EncryptedSnapshotNotSupported):
        instances.create(uow, scope(rules), request=retired, image=facts)


def test_windows_is_read_from_the_image_not_its_name(uow: UnitOfWork, rules: Behaviour) -> None:
    # A custom image (m-...) of a Windows instance runs Windows: CreateInstance refuses a key pair for it.
    facts = image_catalogue.ImageFacts("m-custom", "windows", "x86_64", 40)
    vswitch, group = vpc_group(uow, rules)
    request = InstanceRequest(instance_type="ecs.g6.large", image_id="m-custom", security_group_id=group,
                              vswitch_id=vswitch, key_pair_name="deploy", refuse_windows_key_pair=True)  # fmt: skip
    with pytest.raises(errors.WindowsKeyPair):
        instances.create(uow, scope(rules), request=request, image=facts)


def test_a_disk_made_from_a_snapshot_is_found_by_it(uow: UnitOfWork, rules: Behaviour) -> None:
    # DescribeDisks SnapshotId: the disks made from that snapshot.
    made = snapshot(uow, size=50)
    instance = create(uow, rules, data_disks=[DiskRequest(snapshot_id=made.id), DiskRequest(size=20)])
    found = disk_reads.find(uow, scope(rules), disk_reads.DiskFilter(snapshot_id=made.id), Paging())
    assert [(d.instance_id, d.source_snapshot_id) for d in found.items] == [(instance.id, made.id)]
