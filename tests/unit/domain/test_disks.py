"""Disk rules (CreateInstance / RunInstances SystemDisk.*, DataDisk.N.*; DescribeDisks filters) and user data."""

from __future__ import annotations

import base64
import dataclasses

import pytest

from classiclink import errors
from classiclink.domain import disks, instances, security_groups
from classiclink.domain.disks import DiskRequest
from classiclink.domain.instances import InstanceRequest
from classiclink.domain.model import Instance
from classiclink.domain.ports import UnitOfWork
from classiclink.domain.scope import Scope
from classiclink.reads import disks as disk_reads
from classiclink.reads.disks import DiskFilter
from classiclink.reads.paging import Paging
from classiclink.settings import Behaviour

from ..conftest import ACCOUNT, NOW, OTHER_ACCOUNT, REGION

IMAGE = "centos_7_9_x64_20G_alibase_20230718.vhd"


def make(uow: UnitOfWork, rules: Behaviour, account: str = ACCOUNT, **fields: object) -> Instance:
    group = security_groups.create(uow, Scope(account, REGION, NOW))
    request = InstanceRequest(instance_type="ecs.g6.large", image_id=IMAGE, security_group_id=group.id, **fields)  # type: ignore[arg-type]
    [instance] = instances.create(uow, Scope(account, REGION, NOW, rules), request=request)
    return instance


def attached(uow: UnitOfWork, instance: Instance) -> list[disks.Disk]:
    return uow.disks.find(account_id=instance.account_id, instance_id=instance.id)


# --- plan: defaults and documented ranges -------------------------------------------------------------------


def test_defaults_are_a_40_gib_ultra_system_disk_and_no_data_disks() -> None:
    planned = disks.plan(DiskRequest(), [], IMAGE)
    assert (planned.system.category, planned.system.size, planned.system.performance_level) == (
        "cloud_efficiency", 40, "")  # fmt: skip
    assert planned.data == []


def test_the_default_system_size_follows_a_larger_image() -> None:
    assert disks.plan(DiskRequest(), [], "win2019_x64_dtc_en-us_60G_alibase.vhd").system.size == 60
    with pytest.raises(errors.SystemDiskSizeLessThanImage):
        disks.plan(DiskRequest(size=40), [], "win2019_x64_dtc_en-us_60G_alibase.vhd")


@pytest.mark.parametrize(
    ("request_", "error"),
    [
        (DiskRequest(size=19), errors.SystemDiskSizeLessThanMin),
        (DiskRequest(size=2049), errors.SystemDiskSizeMoreThanMax),
        (DiskRequest(category="cloud", size=501), errors.SystemDiskSizeMoreThanMax),
        # An ESSD too small for its level: InvalidSystemDiskSize.ValueNotSupported (the level minima of ESSDs).
        (DiskRequest(category="cloud_essd", performance_level="PL2", size=460), errors.SystemDiskSizeLevelNotSupported),
        (DiskRequest(category="cloud_essd", performance_level="PL3"), errors.SystemDiskSizeLevelNotSupported),
        (DiskRequest(category="floppy"), errors.SystemDiskCategoryNotSupported),
        # CreateInstance: 404 InvalidSystemDiskSize "The specified parameter SystemDisk.Size is invalid."
        (DiskRequest(size=0), errors.SystemDiskSizeInvalid),
        (DiskRequest(size=-20), errors.SystemDiskSizeInvalid),
        # A data disk category (elastic ephemeral disks) named for the system disk: InvalidDiskCategory.ValueNotSupported.
        (DiskRequest(category="elastic_ephemeral_disk_standard"), errors.CreateDiskCategoryNotSupported),
        (DiskRequest(name="9lives"), errors.DiskNameMalformed),
        (DiskRequest(description="https://x"), errors.DiskDescriptionMalformed),
        (DiskRequest(performance_level="PL7", category="cloud_essd"), errors.InvalidParameter),
    ],
)
def test_system_disk_errors(request_: DiskRequest, error: type[errors.ApiError]) -> None:
    with pytest.raises(error):
        disks.plan(request_, [], IMAGE)


def test_system_disk_limits_are_inclusive() -> None:
    assert disks.plan(DiskRequest(size=20), [], IMAGE).system.size == 20
    assert disks.plan(DiskRequest(size=2048), [], IMAGE).system.size == 2048
    assert disks.plan(DiskRequest(category="cloud", size=500), [], IMAGE).system.size == 500
    essd = disks.plan(DiskRequest(category="cloud_essd", size=1261, performance_level="PL3"), [], IMAGE).system
    assert (essd.performance_level, essd.size) == ("PL3", 1261)


@pytest.mark.parametrize(
    ("category", "level", "smallest", "largest"),
    [
        ("cloud", None, 5, 2000),
        ("cloud_efficiency", None, 20, 32768),
        ("cloud_ssd", None, 20, 32768),
        ("cloud_auto", None, 1, 65536),
        ("cloud_essd_entry", None, 10, 32768),
        ("cloud_essd", "PL0", 1, 65536),
        ("cloud_essd", None, 20, 65536),  # PL1, the default level
        ("cloud_essd", "PL2", 461, 65536),
        ("cloud_essd", "PL3", 1261, 65536),
    ],
)
def test_data_disk_size_ranges(category: str, level: str | None, smallest: int, largest: int) -> None:
    for size in (smallest, largest):
        [disk] = disks.plan(DiskRequest(), [DiskRequest(category=category, size=size, performance_level=level)],
                            IMAGE).data  # fmt: skip
        assert disk.size == size
    for size in (smallest - 1, largest + 1):
        with pytest.raises(errors.DataDiskSizeNotSupported):
            disks.plan(DiskRequest(), [DiskRequest(category=category, size=size, performance_level=level)], IMAGE)


def test_data_disk_rules() -> None:
    with pytest.raises(errors.DataDiskCategoryNotSupported):
        disks.plan(DiskRequest(), [DiskRequest(category="local_ssd_pro", size=100)], IMAGE)
    with pytest.raises(errors.InstanceDiskNumberExceeded):
        disks.plan(DiskRequest(), [DiskRequest(size=20)] * 17, IMAGE)
    assert len(disks.plan(DiskRequest(), [DiskRequest(size=20)] * 16, IMAGE).data) == 16
    with pytest.raises(errors.DataDiskSnapshotNotFound):
        disks.plan(DiskRequest(), [DiskRequest(size=20, snapshot_id="s-1")], IMAGE)
    with pytest.raises(errors.MissingParameter):
        disks.plan(DiskRequest(), [DiskRequest()], IMAGE)
    with pytest.raises(errors.DeleteWithInstanceConflict):
        disks.plan(DiskRequest(), [DiskRequest(size=20, delete_with_instance=False)], IMAGE, prepaid=True)
    [plain] = disks.plan(DiskRequest(), [DiskRequest(size=20, performance_level="PL2")], IMAGE).data
    assert (plain.category, plain.performance_level, plain.delete_with_instance) == ("cloud_efficiency", "", True)


# --- instances get disks and keep user data -----------------------------------------------------------------


def test_an_instance_gets_its_disks_in_device_order(uow: UnitOfWork, rules: Behaviour) -> None:
    instance = make(uow, rules, data_disks=[DiskRequest(size=20), DiskRequest(size=30, encrypted=True)],
                    tags=[{"Key": "k", "Value": "v"}])  # fmt: skip
    system, first, second = attached(uow, instance)
    assert [d.device for d in (system, first, second)] == ["/dev/xvda", "/dev/xvdb", "/dev/xvdc"]
    assert [d.disk_type for d in (system, first, second)] == ["system", "data", "data"]
    assert system.id.startswith("d-bp") and len(system.id) == 24
    assert all(d.status == "In_use" and d.zone_id == instance.zone_id and d.tags == instance.tags
               for d in (system, first, second))  # fmt: skip
    assert (system.image_id, system.portable, first.portable, second.encrypted) == (IMAGE, False, True, True)


def test_a_refused_disk_creates_no_instance(uow: UnitOfWork, rules: Behaviour) -> None:
    with pytest.raises(errors.DataDiskSizeNotSupported):
        make(uow, rules, data_disks=[DiskRequest(size=4, category="cloud")])
    assert uow.instances.find(account_id=ACCOUNT) == [] and uow.disks.find(account_id=ACCOUNT) == []


def test_deleting_the_instance_releases_or_detaches(uow: UnitOfWork, rules: Behaviour) -> None:
    instance = make(uow, rules, data_disks=[DiskRequest(size=20), DiskRequest(size=30, delete_with_instance=False)])
    instances.delete(uow, Scope(ACCOUNT, REGION, NOW + 60), instance.id, force=True)
    [kept] = uow.disks.find(account_id=ACCOUNT)
    assert (kept.size, kept.status, kept.instance_id, kept.device, kept.detached_at) == (30, "Available", "", "",
                                                                                        NOW + 60)  # fmt: skip


def test_user_data_is_base64_of_at_most_32_kb() -> None:
    instances.check_user_data("")
    instances.check_user_data(base64.b64encode(b"x" * 32 * 1024).decode())
    with pytest.raises(errors.UserDataTooLarge):
        instances.check_user_data(base64.b64encode(b"x" * (32 * 1024 + 1)).decode())
    for bad in ("abc", "ab!d", "YWJj\n"):
        with pytest.raises(errors.UserDataNotBase64):
            instances.check_user_data(bad)


def test_user_data_is_stored_with_the_instance(uow: UnitOfWork, rules: Behaviour) -> None:
    instance = make(uow, rules, user_data="ZWNobyBoaQ==")
    stored = uow.instances.get(instance.id, account_id=ACCOUNT)
    assert stored is not None and stored.user_data == "ZWNobyBoaQ=="


# --- DescribeDisks' filters ---------------------------------------------------------------------------------


def test_filters_scope_by_account_and_match_what_no_disk_has(uow: UnitOfWork, rules: Behaviour) -> None:
    mine = make(uow, rules, data_disks=[DiskRequest(size=20, category="cloud_essd")])
    make(uow, rules, account=OTHER_ACCOUNT)

    def ids(**where: object) -> list[str]:
        scope = Scope(ACCOUNT, REGION, NOW)
        found = disk_reads.find(uow, scope, DiskFilter(**where), Paging(page_size=100))  # type: ignore[arg-type]
        return [d.id for d in found.items]

    system, data = attached(uow, mine)
    assert ids() == [system.id, data.id]
    assert ids(disk_type="data") == [data.id] and ids(category="cloud_essd") == [data.id]
    assert ids(performance_level="PL1") == [data.id] and ids(disk_ids=[]) == []
    assert ids(status="Available") == [] and ids(status="In_use") == [system.id, data.id]
    for nothing in ({"snapshot_id": "s-1"}, {"lock_reason": "security"}, {"enable_shared": True},
                    {"multi_attach": "Enabled"}, {"enable_auto_snapshot": False}, {"delete_auto_snapshot": True},
                    {"auto_snapshot_policy_id": "sp-1"}, {"enable_automated_snapshot_policy": True}):  # fmt: skip
        assert ids(**nothing) == [], nothing
    assert ids(created_after=NOW + 1) == [] and ids(created_before=NOW + 1) == [system.id, data.id]
    assert ids(tags=[{"Key": "k"}]) == []


def test_iops_follow_the_category_formulas(uow: UnitOfWork, rules: Behaviour) -> None:
    instance = make(
        uow, rules, system_disk=DiskRequest(size=100), data_disks=[DiskRequest(size=2000, category="cloud_ssd")]
    )
    system, ssd = attached(uow, instance)
    assert disks.iops(system) == 1800 + 30 * 100
    assert disks.iops(ssd) == 25000  # capped
    assert disks.iops(dataclasses.replace(ssd, category="cloud")) == 0  # basic disks (non-I/O optimized instances)
