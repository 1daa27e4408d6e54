"""The disk lifecycle rules (CreateDisk, AttachDisk, DetachDisk, DeleteDisk, ResizeDisk, ModifyDiskAttribute,
ModifyDiskSpec, ReplaceSystemDisk) and automatic snapshot policies, each against its reference page."""

from __future__ import annotations

import pytest

from classiclink import errors
from classiclink.domain import auto_snapshot_policies as policies
from classiclink.domain import disk_lifecycle as lifecycle
from classiclink.domain import instances
from classiclink.domain.disk_lifecycle import DiskAttributes, NewDisk, NewSystemDisk
from classiclink.domain.model import Disk, Instance
from classiclink.domain.ports import UnitOfWork
from classiclink.domain.scope import Scope
from classiclink.settings import Behaviour

from ..conftest import ACCOUNT, NOW, OTHER_ACCOUNT, REGION
from .test_disks import attached, make


def scope(rules: Behaviour, account: str = ACCOUNT) -> Scope:
    return Scope(account, REGION, NOW, rules)


def new_disk(uow: UnitOfWork, rules: Behaviour, zone: str, **fields: object) -> Disk:
    wanted = NewDisk(zone_id=zone, **{"size": 20, "category": "cloud_efficiency", **fields})  # type: ignore[arg-type]
    return lifecycle.create(uow, scope(rules), wanted)


def fresh(uow: UnitOfWork, disk: Disk) -> Disk:
    """The disk as stored now (the memory store hands out copies)."""
    found = uow.disks.get(disk.id, account_id=disk.account_id)
    assert found is not None
    return found


def running(uow: UnitOfWork, rules: Behaviour, **fields: object) -> Instance:
    instance = make(uow, rules, **fields)
    instances.start(uow, scope(rules), instance.id)
    return instance


# --- CreateDisk ---


def test_a_new_disk_is_a_portable_pay_as_you_go_data_disk_that_deletes_its_auto_snapshots(
    uow: UnitOfWork, rules: Behaviour
) -> None:
    # "DeleteAutoSnapshot is automatically set to true … Portable is automatically set to true."
    disk = new_disk(uow, rules, "cn-hangzhou-b", tags=[{"Key": "team", "Value": "a"}])
    assert (disk.status, disk.disk_type, disk.portable, disk.delete_auto_snapshot) == ("Available", "data", True, True)
    assert (disk.charge_type, disk.delete_with_instance, disk.tags) == ("PostPaid", False, [{"Key": "team", "Value": "a"}])


def test_the_default_category_is_basic_and_an_essd_defaults_to_pl1(uow: UnitOfWork, rules: Behaviour) -> None:
    assert lifecycle.create(uow, scope(rules), NewDisk(zone_id="cn-hangzhou-b", size=5)).category == "cloud"
    assert new_disk(uow, rules, "cn-hangzhou-b", category="cloud_essd").performance_level == "PL1"


@pytest.mark.parametrize(
    ("fields", "error"),
    [
        ({"zone_id": ""}, errors.MissingZoneId),
        ({"instance_id": "i-x"}, errors.ZoneIdAndInstanceIdConflict),
        ({"zone_id": "cn-nowhere-z"}, errors.CreateDiskZoneNotFound),
        ({"snapshot_id": "s-1"}, errors.SnapshotNotFound),
        ({"size": None}, errors.MissingSnapshotOrSize),
        ({"category": "cloud", "size": 2001}, errors.CreateDiskSizeNotSupported),
        ({"category": "cloud_efficiency", "size": 19}, errors.CreateDiskSizeNotSupported),
        ({"category": "cloud_essd_entry", "size": 32769}, errors.CreateDiskSizeNotSupported),
        ({"category": "cloud_essd", "performance_level": "PL3", "size": 1260}, errors.ModifyDiskSpecSizeNotMatch),
        ({"category": "cloud_essd", "performance_level": "PL9"}, errors.PerformanceLevelMalformed),
        ({"category": "local_ssd"}, errors.CreateDiskCategoryNotSupported),
        ({"category": "cloud_regional_disk_auto"}, errors.CreateDiskCategoryUnavailable),
        ({"name": "1bad"}, errors.CreateDiskNameMalformed),
        ({"description": "http://x"}, errors.CreateDiskDescriptionMalformed),
        ({"kms_key_id": "key"}, errors.EncryptedNotMatchKmsKeyId),
        ({"bursting_enabled": True}, errors.BurstingEnabledCategoryUnsupported),
        ({"provisioned_iops": 100}, errors.ProvisionedIopsCategoryUnsupported),
        ({"category": "cloud_auto", "size": 40, "provisioned_iops": 40_001}, errors.ProvisionedIopsLimitExceed),
        ({"multi_attach": "Enabled"}, errors.MultiAttachNotWhitelisted),
        ({"tags": [{"Key": "a"}, {"Key": "a"}]}, errors.EcsDuplicateTagKey),
        ({"tags": [{"Key": "acs:x"}]}, errors.EcsInvalidTagKey),
    ],
)
def test_create_refuses_what_the_reference_refuses(
    uow: UnitOfWork, rules: Behaviour, fields: dict[str, object], error: type[errors.ApiError]
) -> None:
    with pytest.raises(error):
        new_disk(uow, rules, str(fields.pop("zone_id", "cn-hangzhou-b")), **fields)


def test_autopl_provisioned_iops_cap_follows_the_formula(uow: UnitOfWork, rules: Behaviour) -> None:
    # 40 GiB: min{1,000 × 40 − max{min{1,800 + 50 × 40, 50,000}, 3,000}, 50,000} = 40,000 − 3,800 = 36,200.
    assert new_disk(uow, rules, "cn-hangzhou-b", category="cloud_auto", size=40, provisioned_iops=36_200).provisioned_iops == 36_200
    with pytest.raises(errors.ProvisionedIopsLimitExceed):
        new_disk(uow, rules, "cn-hangzhou-b", category="cloud_auto", size=40, provisioned_iops=36_201)


def test_with_instance_id_a_subscription_disk_is_attached_to_a_subscription_instance(
    uow: UnitOfWork, rules: Behaviour
) -> None:
    prepaid = make(uow, rules, instance_charge_type="PrePaid", period=1)
    disk = lifecycle.create(uow, scope(rules), NewDisk(instance_id=prepaid.id, size=20, category="cloud_ssd"))
    assert (disk.instance_id, disk.device, disk.charge_type, disk.portable) == (prepaid.id, "/dev/xvdb", "PrePaid", False)
    with pytest.raises(errors.InstanceChargeTypeNotSupported):
        lifecycle.create(uow, scope(rules), NewDisk(instance_id=make(uow, rules).id, size=20))


# --- AttachDisk / DetachDisk / DeleteDisk ---


def test_attach_takes_the_next_free_device_and_detach_leaves_it_available(uow: UnitOfWork, rules: Behaviour) -> None:
    instance = make(uow, rules)
    first = new_disk(uow, rules, instance.zone_id)
    second = new_disk(uow, rules, instance.zone_id)
    assert lifecycle.attach(uow, scope(rules), disk_id=first.id, instance_id=instance.id).device == "/dev/xvdb"
    assert lifecycle.attach(uow, scope(rules), disk_id=second.id, instance_id=instance.id).device == "/dev/xvdc"
    # "DeleteWithInstance … Default value: false."
    assert fresh(uow, first).delete_with_instance is False and fresh(uow, first).status == "In_use"
    lifecycle.detach(uow, scope(rules), disk_id=first.id, instance_id=instance.id)
    assert (fresh(uow, first).status, fresh(uow, first).device) == ("Available", "")
    third = new_disk(uow, rules, instance.zone_id)
    assert lifecycle.attach(uow, scope(rules), disk_id=third.id, instance_id=instance.id).device == "/dev/xvdb"


def test_an_instance_holds_at_most_16_data_disks(uow: UnitOfWork, rules: Behaviour) -> None:
    instance = make(uow, rules)
    for _ in range(16):
        lifecycle.attach(uow, scope(rules), disk_id=new_disk(uow, rules, instance.zone_id).id, instance_id=instance.id)
    with pytest.raises(errors.InstanceDiskLimitExceeded):
        lifecycle.attach(uow, scope(rules), disk_id=new_disk(uow, rules, instance.zone_id).id, instance_id=instance.id)


def test_attach_refusals(uow: UnitOfWork, rules: Behaviour) -> None:
    instance = make(uow, rules)
    disk = new_disk(uow, rules, instance.zone_id)
    with pytest.raises(errors.ResourcesNotInSameZone):
        lifecycle.attach(uow, scope(rules), disk_id=new_disk(uow, rules, "cn-hangzhou-k").id, instance_id=instance.id)
    with pytest.raises(errors.DeviceMalformed):
        lifecycle.attach(uow, scope(rules), disk_id=disk.id, instance_id=instance.id, device="/dev/sdb")
    with pytest.raises(errors.DiskNotBootable):
        lifecycle.attach(uow, scope(rules), disk_id=disk.id, instance_id=instance.id, bootable=True)
    lifecycle.attach(uow, scope(rules), disk_id=disk.id, instance_id=instance.id, device="/dev/xvdk")
    with pytest.raises(errors.AttachIncorrectDiskStatus):
        lifecycle.attach(uow, scope(rules), disk_id=disk.id, instance_id=instance.id)
    with pytest.raises(errors.DeviceInUse):
        lifecycle.attach(uow, scope(rules), disk_id=new_disk(uow, rules, instance.zone_id).id,
                         instance_id=instance.id, device="/dev/xvdk")  # fmt: skip
    # Another account's disk is answered like a made-up ID.
    theirs = make(uow, rules, account=OTHER_ACCOUNT)
    with pytest.raises(errors.DiskNotFound):
        lifecycle.attach(uow, scope(rules, OTHER_ACCOUNT), disk_id=disk.id, instance_id=theirs.id)


def test_a_system_disk_detaches_from_a_stopped_instance_and_goes_back_only_to_it(
    uow: UnitOfWork, rules: Behaviour
) -> None:
    instance, other = make(uow, rules), make(uow, rules)
    [system] = [d for d in attached(uow, instance) if d.disk_type == "system"]
    system = lifecycle.detach(uow, scope(rules), disk_id=system.id, instance_id=instance.id)
    # DetachDisk DeleteWithInstance for a system disk: "Default value: true."
    assert (system.status, system.origin_instance_id, system.delete_with_instance) == ("Available", instance.id, True)
    with pytest.raises(errors.NotOriginInstance):
        lifecycle.attach(uow, scope(rules), disk_id=system.id, instance_id=other.id, bootable=True, credentials=True)
    with pytest.raises(errors.LogonCredentialsMissing):
        lifecycle.attach(uow, scope(rules), disk_id=system.id, instance_id=instance.id, bootable=True)
    with pytest.raises(errors.DetachedSystemDisk):
        lifecycle.resize(uow, scope(rules), disk_id=system.id, new_size=100)
    system = lifecycle.attach(uow, scope(rules), disk_id=system.id, instance_id=instance.id, bootable=True,
                              credentials=True)  # fmt: skip
    assert (system.device, system.disk_type) == ("/dev/xvda", "system")


def test_a_system_disk_stays_while_its_instance_runs(uow: UnitOfWork, rules: Behaviour) -> None:
    instance = running(uow, rules)
    [system] = [d for d in attached(uow, instance) if d.disk_type == "system"]
    with pytest.raises(errors.IncorrectInstanceStatus):
        lifecycle.detach(uow, scope(rules), disk_id=system.id, instance_id=instance.id)


def test_deleting_an_instance_releases_a_system_disk_detached_from_it(uow: UnitOfWork, rules: Behaviour) -> None:
    instance = make(uow, rules)
    [system] = [d for d in attached(uow, instance) if d.disk_type == "system"]
    lifecycle.detach(uow, scope(rules), disk_id=system.id, instance_id=instance.id)
    instances.delete(uow, scope(rules), instance.id)
    assert uow.disks.get(system.id, account_id=ACCOUNT) is None


def test_detach_refusals(uow: UnitOfWork, rules: Behaviour) -> None:
    instance, other = make(uow, rules), make(uow, rules)
    disk = new_disk(uow, rules, instance.zone_id)
    with pytest.raises(errors.DiskAlreadyDetached):
        lifecycle.detach(uow, scope(rules), disk_id=disk.id, instance_id=instance.id)
    lifecycle.attach(uow, scope(rules), disk_id=disk.id, instance_id=instance.id)
    with pytest.raises(errors.DiskNotAttachedHere):
        lifecycle.detach(uow, scope(rules), disk_id=disk.id, instance_id=other.id)
    prepaid = make(uow, rules, instance_charge_type="PrePaid", period=1)
    subscription = lifecycle.create(uow, scope(rules), NewDisk(instance_id=prepaid.id, size=20))
    with pytest.raises(errors.DiskNotPortable):
        lifecycle.detach(uow, scope(rules), disk_id=subscription.id, instance_id=prepaid.id)


def test_delete_refuses_an_attached_disk(uow: UnitOfWork, rules: Behaviour) -> None:
    instance = make(uow, rules)
    disk = new_disk(uow, rules, instance.zone_id)
    lifecycle.attach(uow, scope(rules), disk_id=disk.id, instance_id=instance.id)
    with pytest.raises(errors.IncorrectDiskStatus):
        lifecycle.delete(uow, scope(rules), disk.id)
    lifecycle.detach(uow, scope(rules), disk_id=disk.id, instance_id=instance.id)
    lifecycle.delete(uow, scope(rules), disk.id)
    with pytest.raises(errors.DiskNotFound):
        lifecycle.delete(uow, scope(rules), disk.id)


# --- ResizeDisk ---


def test_resize_only_grows_within_the_category_maximum(uow: UnitOfWork, rules: Behaviour) -> None:
    disk = new_disk(uow, rules, "cn-hangzhou-b", category="cloud", size=100)
    with pytest.raises(errors.ResizeSizeNotLarger):
        lifecycle.resize(uow, scope(rules), disk_id=disk.id, new_size=100)
    with pytest.raises(errors.ResizeSizeTooLarge):
        lifecycle.resize(uow, scope(rules), disk_id=disk.id, new_size=2001)  # basic data disks: 5 to 2000
    assert lifecycle.resize(uow, scope(rules), disk_id=disk.id, new_size=2000).size == 2000
    with pytest.raises(errors.ResizeTypeNotSupported):
        lifecycle.resize(uow, scope(rules), disk_id=disk.id, new_size=3000, how="later")


def test_online_resize_needs_a_running_instance_and_an_online_category(uow: UnitOfWork, rules: Behaviour) -> None:
    instance = make(uow, rules)
    [system] = [d for d in attached(uow, instance) if d.disk_type == "system"]
    with pytest.raises(errors.ResizeOnlineNotRunning):
        lifecycle.resize(uow, scope(rules), disk_id=system.id, new_size=100, how="online")
    with pytest.raises(errors.ResizeOnlineDiskStatus):
        lifecycle.resize(uow, scope(rules), disk_id=new_disk(uow, rules, "cn-hangzhou-b").id, new_size=100, how="online")
    with pytest.raises(errors.ResizeOnlineCategoryNotSupported):
        lifecycle.resize(uow, scope(rules), disk_id=new_disk(uow, rules, "cn-hangzhou-b", category="cloud").id,
                         new_size=100, how="online")  # fmt: skip
    with pytest.raises(errors.ResizeSizeTooLarge):
        lifecycle.resize(uow, scope(rules), disk_id=system.id, new_size=2049)  # system disks: at most 2048
    instances.start(uow, scope(rules), instance.id)
    assert lifecycle.resize(uow, scope(rules), disk_id=system.id, new_size=100, how="online").size == 100


# --- ModifyDiskAttribute / ModifyDiskSpec ---


def test_modify_attributes_sets_every_named_disk(uow: UnitOfWork, rules: Behaviour) -> None:
    one, two = new_disk(uow, rules, "cn-hangzhou-b"), new_disk(uow, rules, "cn-hangzhou-b")
    lifecycle.modify_attributes(uow, scope(rules), [one.id, two.id], DiskAttributes(
        name="data:1", description="shared", delete_auto_snapshot=False, enable_auto_snapshot=False,
        delete_with_instance=True))  # fmt: skip
    for disk in (fresh(uow, one), fresh(uow, two)):
        assert (disk.name, disk.description, disk.delete_auto_snapshot, disk.enable_auto_snapshot) == (
            "data:1", "shared", False, False)  # fmt: skip
        assert disk.delete_with_instance is True
    with pytest.raises(errors.ModifyDiskNameMalformed):
        lifecycle.modify_attributes(uow, scope(rules), [one.id], DiskAttributes(name="-x"))
    with pytest.raises(errors.ModifyDiskDescriptionMalformed):
        lifecycle.modify_attributes(uow, scope(rules), [one.id], DiskAttributes(description="https://x"))
    with pytest.raises(errors.BurstingEnabledCategoryUnsupported):
        lifecycle.modify_attributes(uow, scope(rules), [one.id], DiskAttributes(bursting_enabled=True))
    with pytest.raises(errors.DiskNotFound):
        lifecycle.modify_attributes(uow, scope(rules), [one.id, "d-missing"], DiskAttributes(name="zzz"))
    assert fresh(uow, one).name == "data:1"  # nothing changed when one of the disks is unknown


def test_a_subscription_data_disk_cannot_outlive_its_instance(uow: UnitOfWork, rules: Behaviour) -> None:
    prepaid = make(uow, rules, instance_charge_type="PrePaid", period=1)
    disk = lifecycle.create(uow, scope(rules), NewDisk(instance_id=prepaid.id, size=20))
    with pytest.raises(errors.DeleteWithInstanceConflict):
        lifecycle.modify_attributes(uow, scope(rules), [disk.id], DiskAttributes(delete_with_instance=False))


def test_modify_spec_changes_category_and_level_as_the_size_allows(uow: UnitOfWork, rules: Behaviour) -> None:
    disk = new_disk(uow, rules, "cn-hangzhou-b", size=500)
    disk = lifecycle.modify_spec(uow, scope(rules), disk_id=disk.id, category="cloud_essd", performance_level="PL2")
    assert (disk.category, disk.performance_level) == ("cloud_essd", "PL2")
    with pytest.raises(errors.ModifyDiskSpecSizeNotMatch):  # PL3 needs 1,261 GiB
        lifecycle.modify_spec(uow, scope(rules), disk_id=disk.id, performance_level="PL3")
    with pytest.raises(errors.ModifyDiskSpecCategoryNotSupported):
        lifecycle.modify_spec(uow, scope(rules), disk_id=disk.id, category="cloud")
    with pytest.raises(errors.ProvisionedIopsCategoryUnsupported):
        lifecycle.modify_spec(uow, scope(rules), disk_id=disk.id, provisioned_iops=10)
    disk = lifecycle.modify_spec(uow, scope(rules), disk_id=disk.id, category="cloud_auto", provisioned_iops=1000)
    assert (disk.category, disk.performance_level, disk.provisioned_iops) == ("cloud_auto", "", 1000)


# --- ReplaceSystemDisk ---


def test_replace_system_disk_makes_a_new_disk_and_releases_the_old(uow: UnitOfWork, rules: Behaviour) -> None:
    instance = make(uow, rules)
    [old] = [d for d in attached(uow, instance) if d.disk_type == "system"]
    image = "win2019_x64_dtc_en-us_60G_alibase.vhd"
    new = lifecycle.replace_system_disk(uow, scope(rules), instance_id=instance.id, wanted=NewSystemDisk(image))
    assert new.id != old.id and uow.disks.get(old.id, account_id=ACCOUNT) is None
    assert (new.image_id, new.size, new.device, new.instance_id) == (image, 60, "/dev/xvda", instance.id)
    assert instances.get(uow, scope(rules), instance.id).image_id == image
    with pytest.raises(errors.SystemDiskSizeLessThanImage):
        lifecycle.replace_system_disk(uow, scope(rules), instance_id=instance.id, wanted=NewSystemDisk(image, size=40))


def test_replace_system_disk_needs_a_stopped_instance(uow: UnitOfWork, rules: Behaviour) -> None:
    instance = running(uow, rules)
    with pytest.raises(errors.IncorrectInstanceStatus):
        lifecycle.replace_system_disk(uow, scope(rules), instance_id=instance.id, wanted=NewSystemDisk("img_20G_x"))


# --- automatic snapshot policies ---


@pytest.mark.parametrize(
    ("fields", "error"),
    [
        ({"time_points": '["24"]'}, errors.TimePointsInvalid),
        ({"time_points": "[]"}, errors.TimePointsInvalid),
        ({"repeat_weekdays": '["0"]'}, errors.RepeatWeekdaysInvalid),
        ({"repeat_weekdays": "1"}, errors.RepeatWeekdaysInvalid),
        ({"retention_days": 0}, errors.RetentionDaysInvalid),
        ({"retention_days": 65536}, errors.RetentionDaysInvalid),
        ({"name": "9lives"}, errors.SnapshotPolicyNameMalformed),
        ({"target_copy_regions": '["cn-hangzhou","cn-beijing"]'}, errors.TargetCopyRegionsInvalid),
        ({"copied_snapshots_retention_days": 0}, errors.CopiedSnapshotsRetentionDaysInvalid),
    ],
)
def test_policy_creation_refusals(
    uow: UnitOfWork, rules: Behaviour, fields: dict[str, object], error: type[errors.ApiError]
) -> None:
    wanted = {"time_points": '["1"]', "repeat_weekdays": '["1"]', "retention_days": 7, **fields}
    with pytest.raises(error):
        policies.create(uow, scope(rules), policies.NewPolicy(**wanted))  # type: ignore[arg-type]


def test_apply_cancel_and_delete_a_policy(uow: UnitOfWork, rules: Behaviour) -> None:
    policy = policies.create(uow, scope(rules), policies.NewPolicy('["1","13"]', '["1","7"]', -1, name="nightly"))
    disk = new_disk(uow, rules, "cn-hangzhou-b")
    policies.apply(uow, scope(rules), policy.id, f'["{disk.id}"]')
    assert fresh(uow, disk).auto_snapshot_policy_id == policy.id and policies.disk_count(uow, policy) == 1
    policies.cancel(uow, scope(rules), policy.id, f'["{disk.id}"]')
    assert fresh(uow, disk).auto_snapshot_policy_id == ""
    policies.apply(uow, scope(rules), policy.id, f'["{disk.id}"]')
    policies.delete(uow, scope(rules), policy.id)
    assert fresh(uow, disk).auto_snapshot_policy_id == ""
    with pytest.raises(errors.AutoSnapshotPolicyNotFound):
        policies.apply(uow, scope(rules), policy.id, f'["{disk.id}"]')


def test_apply_refuses_unknown_disks_and_bad_lists(uow: UnitOfWork, rules: Behaviour) -> None:
    policy = policies.create(uow, scope(rules), policies.NewPolicy('["1"]', '["1"]'))
    with pytest.raises(errors.PolicyDiskNotInRegion):
        policies.apply(uow, scope(rules), policy.id, '["d-nowhere"]')
    with pytest.raises(errors.PolicyDiskIdsInvalid):
        policies.apply(uow, scope(rules), policy.id, "d-1,d-2")
    with pytest.raises(errors.AutoSnapshotPolicyNotFound):
        policies.get(uow, scope(rules, OTHER_ACCOUNT), policy.id)
