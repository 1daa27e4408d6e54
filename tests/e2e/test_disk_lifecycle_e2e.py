"""The disk lifecycle and automatic snapshot policies through the official SDKs (Tea and legacy), footmark
1.26.0, and the calls Terraform's alicloud_instance Update makes (resource_alicloud_instance.go).

Each test makes its own instances and disks on the shared server and reads them back by ID.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterator
from typing import Any

import footmark.ecs
import pytest
from aliyunsdkcore.endpoint.default_endpoint_resolver import DefaultEndpointResolver
from aliyunsdkcore.profile import region_provider

from support.sdk import ACCESS_KEY_ID, ACCESS_KEY_SECRET, REGION, Api, make_classic_group, make_instance, start, stop
from support.server import ServerProcess

pytestmark = pytest.mark.e2e

FLAVOURS = ("legacy", "tea")
RUNNING_IMAGE = "ubuntu_22_04_x64_20G_alibase_20230907.vhd"


@pytest.fixture(params=FLAVOURS)
def api(request: pytest.FixtureRequest, server: ServerProcess) -> Api:
    return Api(request.param, server.endpoint)


@pytest.fixture
def tea(server: ServerProcess) -> Api:
    return Api("tea", server.endpoint)


def zone_of(api: Api, instance_id: str) -> str:
    return str(api.call("DescribeInstanceAttribute", RegionId=REGION, InstanceId=instance_id)["ZoneId"])


def new_instance(api: Api, **extra: Any) -> str:
    return make_instance(api, make_classic_group(api), **extra)


def new_disk(api: Api, zone: str, **params: Any) -> str:
    return str(api.call("CreateDisk", RegionId=REGION, ZoneId=zone, **{"Size": 20, "DiskCategory": "cloud_efficiency",
                                                                       **params})["DiskId"])  # fmt: skip


def disk(api: Api, disk_id: str) -> dict[str, Any]:
    found = api.call("DescribeDisks", RegionId=REGION, DiskIds=json.dumps([disk_id]))["Disks"]["Disk"]
    assert len(found) == 1, found
    return dict(found[0])


def disks_of(api: Api, instance_id: str, **filters: Any) -> list[dict[str, Any]]:
    return list(api.call("DescribeDisks", RegionId=REGION, InstanceId=instance_id, **filters)["Disks"]["Disk"])


def system_disk(api: Api, instance_id: str) -> dict[str, Any]:
    [found] = disks_of(api, instance_id, DiskType="system")
    return found


# --- the lifecycle ------------------------------------------------------------------------------------------


def test_create_attach_detach_delete(api: Api) -> None:
    instance = new_instance(api)
    zone = zone_of(api, instance)
    disk_id = new_disk(api, zone, DiskName="data-1", Description="first data disk", DiskCategory="cloud_essd",
                       Size=40, PerformanceLevel="PL0", **{"Tag": [{"Key": "team", "Value": "disks"}]}
                       if api.flavour == "tea" else {})  # fmt: skip
    created = disk(api, disk_id)
    # CreateDisk: Portable and DeleteAutoSnapshot are set to true; a pay-as-you-go disk is Available.
    assert (created["Status"], created["Type"], created["Portable"], created["DeleteAutoSnapshot"]) == (
        "Available", "data", True, True)  # fmt: skip
    assert (created["Category"], created["PerformanceLevel"], created["Size"], created["ZoneId"]) == (
        "cloud_essd", "PL0", 40, zone)  # fmt: skip
    assert (created["DiskName"], created["Description"], created["DiskChargeType"]) == (
        "data-1", "first data disk", "PostPaid")  # fmt: skip

    api.call("AttachDisk", InstanceId=instance, DiskId=disk_id)
    attached = disk(api, disk_id)
    # Data disks are named /dev/xvdb onwards; AttachDisk's DeleteWithInstance defaults to false.
    assert (attached["Status"], attached["InstanceId"], attached["Device"]) == ("In_use", instance, "/dev/xvdb")
    assert attached["DeleteWithInstance"] is False and attached["AttachedTime"]
    assert [a["InstanceId"] for a in attached["Attachments"]["Attachment"]] == [instance]

    failure = api.fail("DeleteDisk", DiskId=disk_id)
    failure.expect(403, "IncorrectDiskStatus", "The current disk status does not support this operation.")

    api.call("DetachDisk", InstanceId=instance, DiskId=disk_id)
    detached = disk(api, disk_id)
    assert (detached["Status"], detached["InstanceId"], detached["Device"]) == ("Available", "", "")
    assert detached["DetachedTime"]

    api.call("DeleteDisk", DiskId=disk_id)
    assert api.call("DescribeDisks", RegionId=REGION, DiskIds=json.dumps([disk_id]))["TotalCount"] == 0
    api.fail("DeleteDisk", DiskId=disk_id).expect(404, "InvalidDiskId.NotFound", "The specified disk does not exist.")


def test_create_disk_is_idempotent_with_a_client_token(tea: Api) -> None:
    zone = zone_of(tea, new_instance(tea))
    token = str(uuid.uuid4())
    first = new_disk(tea, zone, ClientToken=token)
    assert new_disk(tea, zone, ClientToken=token) == first


def test_a_subscription_disk_is_created_on_its_instance(tea: Api) -> None:
    instance = new_instance(tea, InstanceChargeType="PrePaid", Period=1, PeriodUnit="Month")
    created = tea.call("CreateDisk", RegionId=REGION, InstanceId=instance, Size=20, DiskCategory="cloud_ssd")
    assert created["OrderId"]  # "returned only when you create a subscription disk"
    found = disk(tea, created["DiskId"])
    assert (found["InstanceId"], found["DiskChargeType"], found["Portable"], found["Device"]) == (
        instance, "PrePaid", False, "/dev/xvdb")  # fmt: skip
    tea.fail("DetachDisk", InstanceId=instance, DiskId=created["DiskId"]).expect(
        403, "DiskNotPortable", "The specified disk is not a portable disk.")  # fmt: skip


CREATE_ERRORS = [
    ({}, 400, "MissingParameter",
     "The input parameter ZoneId that is mandatory for processing this request is not supplied."),
    ({"ZoneId": "cn-hangzhou-b", "InstanceId": "i-x"}, 403, "InvalidParam.ZoneIdAndInstanceId.Conflict",
     "The specified parameter 'ZoneId' and 'InstanceId' are not blank at the same time."),
    ({"ZoneId": "cn-hangzhou-zz", "Size": 20}, 404, "InvalidZoneId.NotFound", "The specified zone does not exist."),
    ({"ZoneId": "cn-hangzhou-b", "SnapshotId": "s-bp1missing"}, 404, "InvalidSnapshotId.NotFound",
     "The specified SnapshotId does not exist."),
    ({"ZoneId": "cn-hangzhou-b"}, 400, "MissingParameter",
     'The input parameter either "SnapshotId" or "Size" should be specified.'),
    ({"ZoneId": "cn-hangzhou-b", "Size": 2001}, 400, "InvalidSize.ValueNotSupported",
     "The specified parameter Size is not valid."),
    ({"ZoneId": "cn-hangzhou-b", "Size": 20, "DiskCategory": "local_hdd"}, 400,
     "InvalidDiskCategory.ValueNotSupported", 'The specified parameter "DiskCategory" is not valid.'),
    ({"ZoneId": "cn-hangzhou-b", "Size": 20, "DiskCategory": "elastic_ephemeral_disk_standard"}, 400,
     "InvalidDiskCategory.NotSupported", "The specified disk category is not support."),
    ({"ZoneId": "cn-hangzhou-b", "Size": 20, "DiskCategory": "cloud_essd", "PerformanceLevel": "PL7"}, 400,
     "InvalidPerformanceLevel.Malformed", "The specified parameter PerformanceLevel is not valid."),
    ({"ZoneId": "cn-hangzhou-b", "Size": 100, "DiskCategory": "cloud_essd", "PerformanceLevel": "PL2"}, 403,
     "OperationDenied.PerformanceLevelNotMatch", "The specified PerformanceLevel and Size do not match."),
    ({"ZoneId": "cn-hangzhou-b", "Size": 20, "DiskName": "-no"}, 400, "InvalidDiskName.Malformed",
     "The specified disk name is wrongly formed."),
    ({"ZoneId": "cn-hangzhou-b", "Size": 20, "Description": "http://x"}, 400, "InvalidDescription.Malformed",
     "The specified description is wrongly formed."),
    ({"ZoneId": "cn-hangzhou-b", "Size": 20, "KMSKeyId": "0e478b7a-4262"}, 400, "InvalidEncrypted.NotMatchKmsKeyId",
     "The specified parameter Encrypted must be true when KmsKeyId is not empty."),
    ({"ZoneId": "cn-hangzhou-b", "Size": 20, "DiskCategory": "cloud_ssd", "BurstingEnabled": True}, 400,
     "BurstingEnabledForDiskCategoryUnsupported", "The specified disk category does not support bursting enabled."),
    ({"ZoneId": "cn-hangzhou-b", "Size": 20, "ProvisionedIops": 100}, 400,
     "ProvisionedIopsForDiskCategoryUnsupported", "The specified disk category does not support provisioned iops."),
    ({"ZoneId": "cn-hangzhou-b", "Size": 40, "DiskCategory": "cloud_auto", "ProvisionedIops": 50000}, 400,
     "InvalidProvisionedIops.LimitExceed", "The provisioned iops exceeds the limit."),
    ({"ZoneId": "cn-hangzhou-b", "Size": 20, "MultiAttach": "Enabled"}, 403, "UserNotInTheWhiteList",
     "User is not in multi attach disk white list, apply through the work order."),
    ({"InstanceId": "i-bp1missing", "Size": 20}, 404, "InvalidInstanceId.NotFound",
     "The specified InstanceId does not exist."),
]  # fmt: skip


@pytest.mark.parametrize(("params", "status", "code", "message"), CREATE_ERRORS, ids=[e[2] + str(i) for i, e in
                                                                                         enumerate(CREATE_ERRORS)])
def test_create_disk_errors(api: Api, params: dict[str, Any], status: int, code: str, message: str) -> None:
    api.fail("CreateDisk", RegionId=REGION, **params).expect(status, code, message)


def test_create_disk_on_a_pay_as_you_go_instance_is_refused(api: Api) -> None:
    api.fail("CreateDisk", RegionId=REGION, InstanceId=new_instance(api), Size=20).expect(
        403, "InvalidInstanceChargeType.ValueNotSupported", "The InstanceChargeType does not support this action.")


def test_attach_errors(api: Api) -> None:
    instance = new_instance(api)
    zone = zone_of(api, instance)
    free = new_disk(api, zone)
    api.fail("AttachDisk", InstanceId=instance, DiskId="d-bp1missing").expect(
        404, "InvalidDiskId.NotFound", "The specified disk does not exist.")
    api.fail("AttachDisk", InstanceId="i-bp1missing", DiskId=free).expect(
        404, "InvalidInstanceId.NotFound", "The specified InstanceId does not exist.")
    elsewhere = new_disk(api, "cn-hangzhou-k" if zone != "cn-hangzhou-k" else "cn-hangzhou-j")
    api.fail("AttachDisk", InstanceId=instance, DiskId=elsewhere).expect(
        403, "ResourcesNotInSameZone", "The specified instance and disk are not in the same zone.")
    api.fail("AttachDisk", InstanceId=instance, DiskId=free, Device="/dev/vdb").expect(
        400, "InvalidDevice.Malformed", "The specified device is not valid.")
    api.fail("AttachDisk", InstanceId=instance, DiskId=free, Bootable=True).expect(
        400, "InvalidDisk.DiskNotBootable", "The specified disk is not a bootable disk, can not be attached as system disk.")
    api.call("AttachDisk", InstanceId=instance, DiskId=free, Device="/dev/xvdf", DeleteWithInstance=True)
    assert (disk(api, free)["Device"], disk(api, free)["DeleteWithInstance"]) == ("/dev/xvdf", True)
    api.fail("AttachDisk", InstanceId=instance, DiskId=free).expect(
        403, "IncorrectDiskStatus",
        "The current status of the disk does not support this operation. The expected disk status is Available.")
    api.fail("AttachDisk", InstanceId=instance, DiskId=new_disk(api, zone), Device="/dev/xvdf").expect(
        403, "InvalidDevice.InUse", "The specified device has been occupied.")
    api.fail("AttachDisk", InstanceId=instance, DiskId=new_disk(api, zone), Force=True).expect(
        400, "InvalidParameterForce.DiskCategoryNotSupported",
        "The specified disk category does not support force attach operation.")


def test_an_instance_takes_at_most_16_data_disks(tea: Api) -> None:
    instance = new_instance(tea)
    zone = zone_of(tea, instance)
    for _ in range(16):
        tea.call("AttachDisk", InstanceId=instance, DiskId=new_disk(tea, zone))
    devices = sorted(d["Device"] for d in disks_of(tea, instance, DiskType="data", PageSize=50))
    assert devices == [f"/dev/xvd{c}" for c in "bcdefghijklmnopq"]
    tea.fail("AttachDisk", InstanceId=instance, DiskId=new_disk(tea, zone)).expect(
        403, "InstanceDiskLimitExceeded", "The amount of the disk on instance in question reach its limits.")


def test_detach_errors(api: Api) -> None:
    instance, other = new_instance(api), new_instance(api)
    zone = zone_of(api, instance)
    free = new_disk(api, zone)
    api.fail("DetachDisk", InstanceId=instance, DiskId=free).expect(
        404, "InvalidDisk.AlreadyDetached", "The specified disk has been detached.")
    api.call("AttachDisk", InstanceId=instance, DiskId=free)
    api.fail("DetachDisk", InstanceId=other, DiskId=free).expect(
        403, "DependencyViolation", "The specified disk has not been attached on the specified instance.")


def test_a_system_disk_is_detached_from_a_stopped_instance_and_attached_back(api: Api) -> None:
    instance = new_instance(api)
    system = system_disk(api, instance)["DiskId"]
    start(api, instance)
    # "The instance from which you want to detach a system disk must be in the Stopped state."
    api.fail("DetachDisk", InstanceId=instance, DiskId=system).expect(
        403, "IncorrectInstanceStatus", "The current status of the resource does not support this operation.")
    stop(api, instance)
    api.call("DetachDisk", InstanceId=instance, DiskId=system, DeleteWithInstance=False)
    assert (disk(api, system)["Status"], disk(api, system)["DeleteWithInstance"]) == ("Available", False)
    api.fail("ResizeDisk", DiskId=system, NewSize=100).expect(
        400, "InvalidDisk.DetachedSystemDisk",
        "The specified disk is a detached system disk, does not support this operation.")
    api.fail("AttachDisk", InstanceId=new_instance(api), DiskId=system, Bootable=True, Password="EcsV587!x").expect(
        400, "InvalidInstance.NotOriginInstance", "The specified disk can not attached to other instance as system disk.")
    api.fail("AttachDisk", InstanceId=instance, DiskId=system, Bootable=True).expect(
        403, "InvalidParameter.AllEmpty",
        "The current operation requires either a password or a keyPairName to must be provided. "
        "Please ensure that at least one of them is not empty.")
    api.call("AttachDisk", InstanceId=instance, DiskId=system, Bootable=True, Password="EcsV587!x")
    back = disk(api, system)
    assert (back["Status"], back["Type"], back["Device"]) == ("In_use", "system", "/dev/xvda")


def test_resize_disk(api: Api) -> None:
    instance = new_instance(api)
    zone = zone_of(api, instance)
    data = new_disk(api, zone, DiskCategory="cloud", Size=100)
    body = api.call("ResizeDisk", DiskId=data, NewSize=200)
    assert "OrderId" not in body  # "returned only when you resize subscription disks"
    assert disk(api, data)["Size"] == 200
    api.fail("ResizeDisk", DiskId=data, NewSize=200).expect(
        403, "InvalidDiskSize", "Specified new disk size is less than or equal the original disk size.")
    api.fail("ResizeDisk", DiskId=data, NewSize=2001).expect(
        403, "InvalidDiskSize.TooLarge", "Specified new disk size is beyond the permitted range.")
    api.fail("ResizeDisk", DiskId=data, NewSize=300, Type="hot").expect(
        400, "InvalidParam.Type", "The specified type is not supported.")
    api.fail("ResizeDisk", DiskId=data, NewSize=300, Type="online").expect(
        403, "InvalidDiskCategory.NotSupported", "The specified disk category does not support resize online.")
    ultra = new_disk(api, zone)
    api.fail("ResizeDisk", DiskId=ultra, NewSize=300, Type="online").expect(
        403, "IncorrectDiskStatus", "The current status of the resource does not support resize online.")
    api.call("AttachDisk", InstanceId=instance, DiskId=ultra)
    api.fail("ResizeDisk", DiskId=ultra, NewSize=300, Type="online").expect(
        403, "InvalidInstanceStatus.NotRunning",
        "The status of instance to which the disk attachs must be running when resizing online.")
    start(api, instance)
    api.call("ResizeDisk", DiskId=ultra, NewSize=300, Type="online")
    assert disk(api, ultra)["Size"] == 300
    api.fail("ResizeDisk", DiskId="d-bp1missing", NewSize=300).expect(
        404, "InvalidDiskId.NotFound", "The specified disk does not exist.")


def test_modify_disk_attribute_reads_back(api: Api) -> None:
    zone = zone_of(api, new_instance(api))
    one, two = new_disk(api, zone), new_disk(api, zone)
    api.call("ModifyDiskAttribute", DiskId=one, DiskName="renamed", Description="changed", DeleteWithInstance=True)
    got = disk(api, one)
    assert (got["DiskName"], got["Description"], got["DeleteWithInstance"]) == ("renamed", "changed", True)
    # The batch form: DiskIds.N.
    batch = {"DiskIdss": [one, two]} if api.flavour == "legacy" else {"DiskIds": [one, two]}
    api.call("ModifyDiskAttribute", DeleteAutoSnapshot=False, EnableAutoSnapshot=False, **batch)
    for disk_id in (one, two):
        assert (disk(api, disk_id)["DeleteAutoSnapshot"], disk(api, disk_id)["EnableAutoSnapshot"]) == (False, False)
    filtered = api.call("DescribeDisks", RegionId=REGION, DiskIds=json.dumps([one, two]), EnableAutoSnapshot=False,
                        DeleteAutoSnapshot=False)  # fmt: skip
    assert filtered["TotalCount"] == 2
    api.fail("ModifyDiskAttribute", DiskId=one, DiskName="_bad").expect(
        400, "InvalidDiskName.Malformed", "The specified disk name is wrongly formed.")
    api.fail("ModifyDiskAttribute", DiskId=one, Description="https://x").expect(
        400, "InvalidDescription.Malformed", "The specified description is wrongly formed.")
    api.fail("ModifyDiskAttribute", DiskId=one, BurstingEnabled=True).expect(
        400, "BurstingEnabledForDiskCategoryUnsupported", "The specified disk category does not support bursting enabled.")
    api.fail("ModifyDiskAttribute", DiskId="d-bp1missing", DiskName="x1").expect(
        404, "InvalidDiskId.NotFound", "The specified disk does not exist.")


def test_modify_disk_attribute_keeps_subscription_disks_with_their_instance(tea: Api) -> None:
    instance = new_instance(tea, InstanceChargeType="PrePaid", Period=1, PeriodUnit="Month")
    disk_id = tea.call("CreateDisk", RegionId=REGION, InstanceId=instance, Size=20)["DiskId"]
    tea.fail("ModifyDiskAttribute", DiskId=disk_id, DeleteWithInstance=False).expect(
        403, "DeleteWithInstance.Conflict",
        "The specified disk is not a portable disk and cannot be set to DeleteWithInstance attribute.")


def test_modify_disk_spec(api: Api) -> None:
    zone = zone_of(api, new_instance(api))
    disk_id = new_disk(api, zone, Size=500)
    body = api.call("ModifyDiskSpec", DiskId=disk_id, DiskCategory="cloud_essd", PerformanceLevel="PL2")
    assert body["TaskId"].startswith("t-")
    got = disk(api, disk_id)
    assert (got["Category"], got["PerformanceLevel"]) == ("cloud_essd", "PL2")
    api.fail("ModifyDiskSpec", DiskId=disk_id, PerformanceLevel="PL3").expect(
        403, "OperationDenied.PerformanceLevelNotMatch", "The specified PerformanceLevel and Size do not match.")
    api.fail("ModifyDiskSpec", DiskId=disk_id, DiskCategory="cloud").expect(
        400, "InvalidDiskCategory.ValueNotSupported", 'The specified parameter "DiskCategory" is not valid.')


def test_replace_system_disk(api: Api) -> None:
    instance = new_instance(api)
    old = system_disk(api, instance)["DiskId"]
    image = "win2019_x64_dtc_en-us_60G_alibase_20230915.vhd"
    new = api.call("ReplaceSystemDisk", InstanceId=instance, ImageId=image, ClientToken=str(uuid.uuid4()))["DiskId"]
    assert new != old
    got = system_disk(api, instance)
    assert (got["DiskId"], got["ImageId"], got["Size"], got["Device"]) == (new, image, 60, "/dev/xvda")
    assert api.call("DescribeDisks", RegionId=REGION, DiskIds=json.dumps([old]))["TotalCount"] == 0  # released
    described = api.call("DescribeInstances", RegionId=REGION, InstanceIds=json.dumps([instance]))
    assert described["Instances"]["Instance"][0]["ImageId"] == image
    size = {"SystemDisk.Size": 40} if api.flavour == "legacy" else {"SystemDisk": {"Size": 40}}
    api.fail("ReplaceSystemDisk", InstanceId=instance, ImageId=image, **size).expect(
        404, "InvalidSystemDiskSize.LessThanImageSize", "The specified parameter SystemDisk.Size is less than the image size.")
    start(api, instance)
    api.fail("ReplaceSystemDisk", InstanceId=instance, ImageId=image).expect(
        403, "IncorrectInstanceStatus", "The current status of the resource does not support this operation.")


# --- automatic snapshot policies ----------------------------------------------------------------------------


def test_auto_snapshot_policies(api: Api) -> None:
    zone = zone_of(api, new_instance(api))
    disk_id = new_disk(api, zone)
    policy = api.call("CreateAutoSnapshotPolicy", regionId=REGION, autoSnapshotPolicyName="nightly",
                      timePoints='["1","13"]', repeatWeekdays='["1","7"]', retentionDays=30)["AutoSnapshotPolicyId"]  # fmt: skip
    assert policy.startswith("sp-")
    api.call("ApplyAutoSnapshotPolicy", regionId=REGION, autoSnapshotPolicyId=policy, diskIds=json.dumps([disk_id]))
    got = disk(api, disk_id)
    assert (got["AutoSnapshotPolicyId"], got["EnableAutomatedSnapshotPolicy"]) == (policy, True)
    by_policy = api.call("DescribeDisks", RegionId=REGION, AutoSnapshotPolicyId=policy)
    assert [d["DiskId"] for d in by_policy["Disks"]["Disk"]] == [disk_id]
    [listed] = api.call("DescribeAutoSnapshotPolicyEx", RegionId=REGION,
                        AutoSnapshotPolicyId=policy)["AutoSnapshotPolicies"]["AutoSnapshotPolicy"]  # fmt: skip
    assert (listed["AutoSnapshotPolicyName"], listed["DiskNums"], listed["RetentionDays"]) == ("nightly", 1, 30)
    assert (json.loads(listed["TimePoints"]), json.loads(listed["RepeatWeekdays"])) == (["1", "13"], ["1", "7"])
    api.call("CancelAutoSnapshotPolicy", regionId=REGION, diskIds=json.dumps([disk_id]))
    assert disk(api, disk_id)["AutoSnapshotPolicyId"] == ""
    api.call("ApplyAutoSnapshotPolicy", regionId=REGION, autoSnapshotPolicyId=policy, diskIds=json.dumps([disk_id]))
    api.call("DeleteAutoSnapshotPolicy", regionId=REGION, autoSnapshotPolicyId=policy)
    assert disk(api, disk_id)["AutoSnapshotPolicyId"] == ""
    api.fail("ApplyAutoSnapshotPolicy", regionId=REGION, autoSnapshotPolicyId=policy,
             diskIds=json.dumps([disk_id])).expect(400, "InvalidAutoSnapshotPolicyId.NotFound",
                                                   "The specified AutoSnapshotPolicyId does not exist.")  # fmt: skip


POLICY_ERRORS = [
    ({"timePoints": '["25"]'}, "The specified TimePoints parameter is invalid."),
    ({"repeatWeekdays": '["8"]'}, "The specified RepeatWeekDays parameter is invalid."),
    ({"retentionDays": 0}, "The specified RetentionDays parameter is invalid."),
]


@pytest.mark.parametrize(("params", "message"), POLICY_ERRORS)
def test_create_policy_errors(api: Api, params: dict[str, Any], message: str) -> None:
    wanted = {"timePoints": '["1"]', "repeatWeekdays": '["1"]', "retentionDays": 7, **params}
    api.fail("CreateAutoSnapshotPolicy", regionId=REGION, **wanted).expect(403, "ParameterInvalid", message)


def test_policy_name_and_copy_settings_are_checked(tea: Api) -> None:
    base = {"regionId": REGION, "timePoints": '["1"]', "repeatWeekdays": '["1"]', "retentionDays": 7}
    tea.fail("CreateAutoSnapshotPolicy", **base, autoSnapshotPolicyName="1x").expect(
        400, "InvalidSnapshotPolicyName.Malformed", "The specified autoSnapshotPolicyName is wrongly formed.")
    tea.fail("CreateAutoSnapshotPolicy", **base, EnableCrossRegionCopy=True, TargetCopyRegions='["cn-nowhere"]').expect(
        403, "InvalidParameter.TargetCopyRegions", "The specified TargetCopyRegions is invalid.")
    policy = tea.call("CreateAutoSnapshotPolicy", **base)["AutoSnapshotPolicyId"]
    tea.fail("ApplyAutoSnapshotPolicy", regionId=REGION, autoSnapshotPolicyId=policy, diskIds='["d-bp1missing"]').expect(
        404, "InvalidDiskId.NotFound", "The specified disk does not exist in the region.")
    tea.fail("ApplyAutoSnapshotPolicy", regionId=REGION, autoSnapshotPolicyId=policy, diskIds="d-1").expect(
        403, "ParameterInvalid", "The specified DiskIds are invalid.")


# --- footmark -----------------------------------------------------------------------------------------------


@pytest.fixture
def footmark_ecs(server: ServerProcess) -> Iterator[Any]:
    """footmark's ECSConnection with the server as the Ecs endpoint of REGION (see test_footmark_e2e.py)."""
    region_provider.modify_point("Ecs", REGION, f"http://{server.endpoint}")
    yield footmark.ecs.connect_to_region(REGION, acs_access_key_id=ACCESS_KEY_ID,
                                         acs_secret_access_key=ACCESS_KEY_SECRET, user_agent="Ansible-Provider-Alicloud")  # fmt: skip
    DefaultEndpointResolver.predefined_endpoint_resolver.endpoints_data.pop(f"ecs.{REGION}", None)


def test_footmark_disk_methods(footmark_ecs: Any, tea: Api) -> None:
    instance = new_instance(tea)
    zone = zone_of(tea, instance)
    created = footmark_ecs.create_disk(zone_id=zone, disk_name="footmark-disk", description="by footmark",
                                       disk_category="cloud_efficiency", size=40)  # fmt: skip
    assert (created.name, created.size, created.status) == ("footmark-disk", 40, "available")  # footmark lower-cases statuses
    assert footmark_ecs.attach_disk(instance_id=instance, disk_id=created.id, delete_with_instance=False)
    assert disk(tea, created.id)["InstanceId"] == instance
    assert footmark_ecs.modify_disk_attribute(disk_id=created.id, disk_name="footmark-renamed")
    [seen] = footmark_ecs.describe_disks(disk_ids=[created.id])
    assert seen.name == "footmark-renamed"
    assert footmark_ecs.detach_disk(disk_id=created.id, instance_id=instance)
    assert footmark_ecs.delete_disk(disk_id=created.id)
    assert footmark_ecs.describe_disks(disk_ids=[created.id]) == []


# --- Terraform alicloud_instance Update ---------------------------------------------------------------------


def test_terraform_instance_update_disk_calls(tea: Api) -> None:
    """The requests resourceAliCloudInstanceUpdate builds, parameter for parameter: ResizeDisk with Type offline
    for a stopped instance (online otherwise), ApplyAutoSnapshotPolicy with RegionId (capital R) and diskIds a
    JSON list, ModifyDiskAttribute with DiskId, DiskName and Description, then ModifyDiskSpec and
    ReplaceSystemDisk for performance-level and image changes."""
    instance = new_instance(tea)
    system = system_disk(tea, instance)["DiskId"]
    tea.generic_call("ResizeDisk", RegionId=REGION, DiskId=system, NewSize=80, Type="offline")
    policy = tea.call("CreateAutoSnapshotPolicy", regionId=REGION, timePoints='["2"]', repeatWeekdays='["6"]',
                      retentionDays=-1)["AutoSnapshotPolicyId"]  # fmt: skip
    tea.generic_call("ApplyAutoSnapshotPolicy", RegionId=REGION, autoSnapshotPolicyId=policy,
                     diskIds=json.dumps([system]))  # fmt: skip
    tea.generic_call("ModifyDiskAttribute", DiskId=system, DiskName="system-disk", Description="the root")
    tea.generic_call("ModifyDiskSpec", DiskId=system, DiskCategory="cloud_essd", PerformanceLevel="PL1")
    got = system_disk(tea, instance)
    assert (got["Size"], got["AutoSnapshotPolicyId"], got["DiskName"], got["Description"]) == (
        80, policy, "system-disk", "the root")  # fmt: skip
    assert (got["Category"], got["PerformanceLevel"]) == ("cloud_essd", "PL1")
    start(tea, instance)
    tea.generic_call("ResizeDisk", RegionId=REGION, DiskId=system, NewSize=100, Type="online")
    assert system_disk(tea, instance)["Size"] == 100
    stop(tea, instance)
    replaced = tea.generic_call("ReplaceSystemDisk", InstanceId=instance, ImageId=RUNNING_IMAGE,
                                **{"SystemDisk.Size": 100}, ClientToken=str(uuid.uuid4()), Password="Tf-pass-123")  # fmt: skip
    assert system_disk(tea, instance)["DiskId"] == replaced["DiskId"] != system
