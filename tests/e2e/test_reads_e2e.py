"""DescribeSecurityGroupAttribute, DescribeUserData and DescribeDisks through the official SDKs.

Each test makes its own resources on the shared server and filters by their IDs.
"""

from __future__ import annotations

import base64
import json
import re
from collections.abc import Callable
from typing import Any

import pytest
from alibabacloud_ecs20140526 import models as ecs_models
from alibabacloud_ecs20140526.client import Client as TeaEcs
from alibabacloud_tea_openapi.exceptions import ClientException
from aliyunsdkecs.request.v20140526.CreateInstanceRequest import CreateInstanceRequest
from aliyunsdkecs.request.v20140526.DescribeDisksRequest import DescribeDisksRequest
from aliyunsdkecs.request.v20140526.DescribeSecurityGroupAttributeRequest import DescribeSecurityGroupAttributeRequest
from aliyunsdkecs.request.v20140526.DescribeUserDataRequest import DescribeUserDataRequest

from support.ecs_world import new_group, new_vswitch
from support.raw import ECS, Rpc
from support.sdk import REGION, Api, tea_ecs
from support.server import ServerProcess

ISO_SECONDS = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ")


@pytest.fixture
def legacy(server: ServerProcess) -> Api:
    return Api("legacy", server.endpoint)


@pytest.fixture
def tea(server: ServerProcess) -> TeaEcs:
    return tea_ecs(server.endpoint)


def tea_error(call: Callable[[], Any]) -> ClientException:
    with pytest.raises(ClientException) as raised:
        call()
    return raised.value


# --- DescribeSecurityGroupAttribute -------------------------------------------------------------------------


def sg_attribute(legacy: Api, group_id: str, **setters: Any) -> Any:
    request = DescribeSecurityGroupAttributeRequest()
    request.set_SecurityGroupId(group_id)
    for name, value in setters.items():
        getattr(request, f"set_{name}")(value)
    return request


def test_security_group_attribute_with_both_sdks(legacy: Api, tea: TeaEcs) -> None:
    vpc_id, _ = new_vswitch(legacy)
    group = new_group(legacy, vpc_id=vpc_id, name="web-group")
    body = tea.describe_security_group_attribute(ecs_models.DescribeSecurityGroupAttributeRequest(
        region_id=REGION, security_group_id=group)).body  # fmt: skip
    assert (body.security_group_id, body.security_group_name, body.vpc_id, body.region_id) == (
        group, "web-group", vpc_id, REGION)  # fmt: skip
    assert body.inner_access_policy == "Accept" and body.description == ""
    assert body.permissions.permission == [] and body.next_token == ""
    assert body.snapshot_policy_ids.snapshot_policy_id == []

    raw = legacy.call(sg_attribute(legacy, group, NicType="intranet", Direction="ingress"))
    # The renderer puts RequestId first; the rest in the reference page's order.
    assert [k for k in raw if k != "RequestId"] == [
        "VpcId", "InnerAccessPolicy", "Description", "SecurityGroupId", "SecurityGroupName", "RegionId",
        "Permissions", "NextToken", "SnapshotPolicyIds"]  # fmt: skip
    assert raw["Permissions"] == {"Permission": []}

    classic = new_group(legacy)
    assert legacy.call(sg_attribute(legacy, classic, Direction="egress"))["VpcId"] == ""
    enterprise = tea.create_security_group(ecs_models.CreateSecurityGroupRequest(
        region_id=REGION, security_group_type="enterprise")).body.security_group_id  # fmt: skip
    assert legacy.call(sg_attribute(legacy, enterprise))["InnerAccessPolicy"] == "Drop"
    # Token paging: a page size in the documented range is accepted.
    page = tea.describe_security_group_attribute(ecs_models.DescribeSecurityGroupAttributeRequest(
        region_id=REGION, security_group_id=group, max_results=10)).body  # fmt: skip
    assert page.next_token == ""


def test_security_group_attribute_errors(legacy: Api, tea: TeaEcs) -> None:
    group = new_group(legacy)
    missing = legacy.fail(sg_attribute(legacy, "sg-missing"))
    assert (missing.status, missing.code, missing.message) == (
        404, "InvalidSecurityGroupId.NotFound", "The specified SecurityGroupId does not exist.")  # fmt: skip
    other_region = tea_error(lambda: tea.describe_security_group_attribute(
        ecs_models.DescribeSecurityGroupAttributeRequest(region_id="cn-beijing", security_group_id=group)))
    assert (other_region.status_code, other_region.code) == (404, "InvalidSecurityGroupId.NotFound")
    nic = legacy.fail(sg_attribute(legacy, group, NicType="wifi"))
    assert (nic.status, nic.code, nic.message) == (
        400, "InvalidNicType.ValueNotSupported", "The specified NicType does not exist.")  # fmt: skip
    for setters in ({"Direction": "sideways"}, {"MaxResults": 9}, {"MaxResults": 1001}, {"NextToken": "abc"}):
        err = legacy.fail(sg_attribute(legacy, group, **setters))
        assert (err.status, err.code) == (400, "InvalidParameter"), setters
        assert next(iter(setters)) in err.message
    malformed = legacy.fail(sg_attribute(legacy, "sg-" + "x" * 80))
    assert (malformed.status, malformed.code) == (400, "InvalidSecurityGroupId.Malformed")
    region = tea_error(lambda: tea.describe_security_group_attribute(
        ecs_models.DescribeSecurityGroupAttributeRequest(region_id="xx-nowhere-1", security_group_id=group)))
    assert (region.status_code, region.code) == (404, "InvalidRegionId.NotFound")
    required = tea_error(lambda: tea.describe_security_group_attribute(
        ecs_models.DescribeSecurityGroupAttributeRequest(region_id=REGION)))
    assert (required.status_code, required.code) == (400, "MissingParameter")


# --- instances with disks and user data ---------------------------------------------------------------------

IMAGE = "ubuntu_22_04_x64_20G_alibase_20230907.vhd"


def legacy_instance(legacy: Api, group: str, **setters: Any) -> str:
    request = CreateInstanceRequest()
    request.set_InstanceType("ecs.g6.large")
    request.set_ImageId(IMAGE)
    request.set_SecurityGroupId(group)
    for name, value in setters.items():
        getattr(request, f"set_{name}")(value)
    return str(legacy.call(request)["InstanceId"])


def run(tea: TeaEcs, group: str, **fields: Any) -> list[str]:
    request = ecs_models.RunInstancesRequest(region_id=REGION, instance_type="ecs.g6.large", image_id=IMAGE,
                                             security_group_id=group, **fields)  # fmt: skip
    return list(tea.run_instances(request).body.instance_id_sets.instance_id_set)


def user_data(tea: TeaEcs, instance_id: str, region: str = REGION) -> Any:
    return tea.describe_user_data(ecs_models.DescribeUserDataRequest(region_id=region, instance_id=instance_id)).body


def test_user_data_is_kept_and_returned(legacy: Api, tea: TeaEcs) -> None:
    group = new_group(legacy)
    script = base64.b64encode(b"#!/bin/sh\necho hello ecs\n").decode()
    created = legacy_instance(legacy, group, UserData=script)
    body = user_data(tea, created)
    assert (body.user_data, body.instance_id, body.region_id) == (script, created, REGION)
    [ran] = run(tea, group, user_data=script)
    assert user_data(tea, ran).user_data == script
    request = DescribeUserDataRequest()
    request.set_InstanceId(created)
    raw = legacy.call(request)
    assert [k for k in raw if k != "RequestId"] == ["UserData", "InstanceId", "RegionId"]
    # Without user data: an empty string. At the documented limit (32 KB before encoding): accepted.
    assert user_data(tea, legacy_instance(legacy, group)).user_data == ""
    largest = base64.b64encode(b"x" * 32 * 1024).decode()
    assert user_data(tea, legacy_instance(legacy, group, UserData=largest)).user_data == largest


def test_user_data_errors(legacy: Api, tea: TeaEcs) -> None:
    group = new_group(legacy)
    for bad in ("not base64!", "ZWNobw", "ZW=Nobw=="):
        err = legacy.fail(create_request(group, UserData=bad))
        assert (err.status, err.code, err.message) == (
            400, "InvalidUserData.Base64FormatInvalid", "The specified parameter UserData must be base64 encoded.")  # fmt: skip
    too_large = base64.b64encode(b"x" * (32 * 1024 + 1)).decode()
    err = legacy.fail(create_request(group, UserData=too_large))
    assert (err.status, err.code, err.message) == (
        400, "InvalidUserData.SizeExceeded", 'The specified parameter "UserData" exceeds the size.')  # fmt: skip
    missing = tea_error(lambda: user_data(tea, "i-missing"))
    assert (missing.status_code, missing.code) == (404, "InvalidInstanceId.NotFound")
    assert missing.data["Message"] == "The specified InstanceId does not exist."
    elsewhere = tea_error(lambda: user_data(tea, legacy_instance(legacy, group), region="cn-beijing"))
    assert (elsewhere.status_code, elsewhere.code) == (404, "InvalidInstanceId.NotFound")
    required = tea_error(lambda: tea.describe_user_data(ecs_models.DescribeUserDataRequest(region_id=REGION)))
    assert (required.status_code, required.code) == (400, "MissingParameter")


def create_request(group: str, **setters: Any) -> CreateInstanceRequest:
    request = CreateInstanceRequest()
    request.set_InstanceType("ecs.g6.large")
    request.set_ImageId(IMAGE)
    request.set_SecurityGroupId(group)
    for name, value in setters.items():
        getattr(request, f"set_{name}")(value)
    return request


# --- DescribeDisks ------------------------------------------------------------------------------------------


def disks_of(tea: TeaEcs, **fields: Any) -> list[Any]:
    request = ecs_models.DescribeDisksRequest(region_id=REGION, page_size=100, **fields)
    return list(tea.describe_disks(request).body.disks.disk)


def test_an_instance_gets_its_system_and_data_disks(legacy: Api, tea: TeaEcs) -> None:
    group = new_group(legacy)
    [instance] = run(
        tea, group, tag=[ecs_models.RunInstancesRequestTag(key="team", value="web")],
        system_disk=ecs_models.RunInstancesRequestSystemDisk(category="cloud_essd", size=60, disk_name="root",
                                                             description="boot disk", performance_level="PL0"),
        data_disk=[
            ecs_models.RunInstancesRequestDataDisk(size=100, category="cloud_ssd", disk_name="data1", encrypted=True),
            ecs_models.RunInstancesRequestDataDisk(size=50, delete_with_instance=False),
        ],
    )  # fmt: skip
    system, first, second = disks_of(tea, instance_id=instance)
    assert system.disk_id.startswith("d-bp") and len(system.disk_id) == 24
    assert (system.type, system.category, system.size, system.performance_level) == ("system", "cloud_essd", 60, "PL0")
    assert (system.disk_name, system.description, system.device, system.status) == (
        "root", "boot disk", "/dev/xvda", "In_use")  # fmt: skip
    assert (system.image_id, system.portable, system.delete_with_instance) == (IMAGE, False, True)
    assert (first.type, first.category, first.size, first.device, first.encrypted) == (
        "data", "cloud_ssd", 100, "/dev/xvdb", True)  # fmt: skip
    assert (first.performance_level, first.portable, first.image_id) == ("", True, "")
    assert (second.category, second.size, second.device, second.delete_with_instance) == (
        "cloud_efficiency", 50, "/dev/xvdc", False)  # fmt: skip
    for disk in (system, first, second):
        assert (disk.instance_id, disk.zone_id, disk.region_id, disk.disk_charge_type) == (
            instance, "cn-hangzhou-b", REGION, "PostPaid")  # fmt: skip
        assert ISO_SECONDS.fullmatch(disk.creation_time) and ISO_SECONDS.fullmatch(disk.attached_time)
        assert disk.detached_time == "" and disk.expired_time == "2999-09-08T16:00Z"
        assert [(t.tag_key, t.tag_value) for t in disk.tags.tag] == [("team", "web")]
        assert [(a.instance_id, a.device) for a in disk.attachments.attachment] == [(instance, disk.device)]
        assert disk.resource_group_id.startswith("rg-") and disk.multi_attach == "Disabled"
    assert first.iops == min(1800 + 50 * 100, 25000)

    # Defaults: a cloud_efficiency system disk of 40 GiB (or the image's size), no data disks.
    plain = legacy_instance(legacy, group)
    [only] = disks_of(tea, instance_id=plain)
    assert (only.category, only.size, only.type, only.performance_level) == ("cloud_efficiency", 40, "system", "")

    request = DescribeDisksRequest()
    request.set_InstanceId(instance)
    raw = legacy.call(request)
    assert [k for k in raw if k != "RequestId"] == ["NextToken", "PageSize", "PageNumber", "TotalCount", "Disks"]
    keys = list(raw["Disks"]["Disk"][0])
    assert keys[:6] == ["SerialNumber", "CreationTime", "Status", "Type", "PerformanceLevel", "BdfId"]
    assert keys.index("DiskId") < keys.index("Description") < keys.index("InstanceId") < keys.index("Category")


def test_deleting_an_instance_releases_or_keeps_its_disks(legacy: Api, tea: TeaEcs) -> None:
    group = new_group(legacy)
    [instance] = run(tea, group, data_disk=[ecs_models.RunInstancesRequestDataDisk(size=20),
                                            ecs_models.RunInstancesRequestDataDisk(size=30, delete_with_instance=False)])
    ids = [d.disk_id for d in disks_of(tea, instance_id=instance)]
    tea.delete_instance(ecs_models.DeleteInstanceRequest(instance_id=instance, force=True))
    [kept] = disks_of(tea, disk_ids=json.dumps(ids))
    assert kept.disk_id == ids[2] and kept.size == 30
    assert (kept.status, kept.instance_id, kept.device, kept.attachments.attachment) == ("Available", "", "", [])
    assert ISO_SECONDS.fullmatch(kept.detached_time)
    assert disks_of(tea, instance_id=instance) == []


DISK_CREATION_ERRORS = [
    ({"SystemDiskCategory": "cloud_magic"}, 400, "InvalidSystemDiskCategory.ValueNotSupported",
     'The specified parameter "SystemDisk.Category" is not valid.'),
    ({"SystemDiskSize": 19}, 404, "InvalidSystemDiskSize.LessThanMinSize",
     "The specified parameter SystemDisk.Size is less than the min size."),
    ({"SystemDiskSize": 2049}, 404, "InvalidSystemDiskSize.MoreThanMaxSize",
     "The specified SystemDisk.Size parameter exceeds the maximum size."),
    ({"SystemDiskCategory": "cloud", "SystemDiskSize": 501}, 404, "InvalidSystemDiskSize.MoreThanMaxSize",
     "The specified SystemDisk.Size parameter exceeds the maximum size."),
    ({"ImageId": "win2019_1809_x64_dtc_en-us_60G_alibase_20230915.vhd", "SystemDiskSize": 40}, 404,
     "InvalidSystemDiskSize.LessThanImageSize", "The specified parameter SystemDisk.Size is less than the image size."),
    ({"SystemDiskDiskName": "1-digit-first"}, 400, "InvalidDiskName.Malformed",
     'The specified parameter "SystemDisk.DiskName or DataDisk.n.DiskName" is not valid.'),
    ({"SystemDiskDescription": "http://example.com"}, 400, "InvalidDiskDescription.Malformed",
     'The specified parameter "SystemDisk.DiskDescription or DataDisk.n.Description" is not valid.'),
    ({"DataDisks": [{"Size": 40, "Category": "floppy"}]}, 400, "InvalidDataDiskCategory.ValueNotSupported",
     'The specified parameter "DataDisk.n.Category" is not valid.'),
    ({"DataDisks": [{"Size": 40, "Category": "elastic_ephemeral_disk_standard"}]}, 400,
     "InvalidDataDiskCategory.ValueNotSupported", 'The specified parameter "DataDisk.n.Category" is not valid.'),
    ({"DataDisks": [{"Size": 19, "Category": "cloud_efficiency"}]}, 400, "InvalidDataDiskSize.ValueNotSupported",
     None),
    ({"DataDisks": [{"Size": 2001, "Category": "cloud"}]}, 400, "InvalidDataDiskSize.ValueNotSupported", None),
    ({"DataDisks": [{"Size": 32769, "Category": "cloud_ssd"}]}, 400, "InvalidDataDiskSize.ValueNotSupported", None),
    ({"DataDisks": [{"Size": 460, "Category": "cloud_essd", "PerformanceLevel": "PL2"}]}, 400,
     "InvalidDataDiskSize.ValueNotSupported", None),
    ({"DataDisks": [{"Size": 40, "SnapshotId": "s-bp1missing"}]}, 404, "InvalidDataDiskSnapshotId.NotFound",
     'The specified parameter "DataDisk.n.SnapshotId" is not valid.'),
    ({"DataDisks": [{"Size": 40, "DiskName": "x"}]}, 400, "InvalidDiskName.Malformed", None),
    ({"DataDisks": [{"Size": 40}] * 17}, 400, "InstanceDiskNumber.LimitExceed",
     "The total number of specified disk in an instance exceeds."),
    ({"InstanceChargeType": "PrePaid", "Period": 1, "DataDisks": [{"Size": 40, "DeleteWithInstance": False}]}, 403,
     "DeleteWithInstance.Conflict",
     "The specified disk is not a portable disk and cannot be set to DeleteWithInstance attribute."),
    ({"DataDisks": [{"Size": 40, "PerformanceLevel": "PL9", "Category": "cloud_essd"}]}, 400, "InvalidParameter",
     'The specified parameter "DataDisk.1.PerformanceLevel" is not valid.'),
    ({"DataDisks": [{"Size": "big"}]}, 400, "InvalidParameter", 'The specified parameter "DataDisk.1.Size" is not valid.'),
    ({"DataDisks": [{"Category": "cloud_ssd"}]}, 400, "MissingParameter", None),
]  # fmt: skip


@pytest.mark.parametrize(("setters", "status", "code", "message"), DISK_CREATION_ERRORS,
                         ids=[case[2] + f"-{n}" for n, case in enumerate(DISK_CREATION_ERRORS)])  # fmt: skip
def test_disk_parameter_errors_on_create(legacy: Api, setters: dict[str, Any], status: int, code: str,
                                         message: str | None) -> None:  # fmt: skip
    group = new_group(legacy)
    before = len(disks_in_region(legacy))
    err = legacy.fail(create_request(group, **setters))
    assert (err.status, err.code) == (status, code)
    if message is not None:
        assert err.message == message
    assert len(disks_in_region(legacy)) == before  # nothing was created


def test_disk_limits_that_are_accepted(legacy: Api, tea: TeaEcs) -> None:
    group = new_group(legacy)
    instance = legacy_instance(legacy, group, DataDisks=[{"Size": 20}] * 15 + [
        {"Size": 1261, "Category": "cloud_essd", "PerformanceLevel": "PL3"}])  # fmt: skip
    found = disks_of(tea, instance_id=instance)
    assert len(found) == 17 and found[-1].device == "/dev/xvdq" and found[-1].performance_level == "PL3"
    essd = legacy_instance(legacy, group, DataDisks=[{"Size": 20, "Category": "cloud_essd"}])
    assert disks_of(tea, instance_id=essd, disk_type="data")[0].performance_level == "PL1"  # the default level


def disks_in_region(legacy: Api) -> list[dict[str, Any]]:
    request = DescribeDisksRequest()
    request.set_MaxResults(500)
    found: list[dict[str, Any]] = []
    while True:
        body = legacy.call(request)
        found += body["Disks"]["Disk"]
        if not body["NextToken"]:
            return found
        request.set_NextToken(body["NextToken"])


DESCRIBE_ERRORS = [
    ({"disk_type": "root"}, 400, "InvalidDiskType.ValueNotSupported", "The specified disk type is not supported."),
    ({"category": "floppy"}, 400, "InvalidCategory.ValueNotSupported", "The specified disk category is not supported."),
    ({"status": "Broken"}, 400, "InvalidStatus.ValueNotSupported", "The specified disk status is not supported."),
    ({"disk_ids": json.dumps([f"d-{n}" for n in range(101)])}, 403, "InvalidDiskIds.Malformed",
     "The amount of specified disk Ids exceeds the limit."),
    ({"disk_ids": "d-1,d-2"}, 400, "InvalidParameter.DiskIds", "The specified parameter diskIds is not valid."),
    ({"disk_ids": "[1, 2]"}, 400, "InvalidParameter.DiskIds", "The specified parameter diskIds is not valid."),
    ({"disk_charge_type": "Free"}, 404, "InvalidDiskChargeType.NotFound",
     "The DiskChargeType does not exist in our records."),
    ({"lock_reason": "boredom"}, 404, "InvalidLockReason.NotFound", "The specified LockReason is not found."),
    ({"zone_id": "cn-beijing-a"}, 400, "InvalidZoneId.NotFound", "The zoneId provided does not exist in our records."),
    ({"multi_attach": "Sometimes"}, 403, "InvalidParameter.MultiAttach", "The specified param MultiAttach is not valid."),
    ({"enable_shared": True, "multi_attach": "Enabled"}, 403, "InvalidParameter.MultiAttachAndEnableSharedNotMatch",
     "The parameter MultiAttach and EnableShared are not match."),
    ({"filter": [ecs_models.DescribeDisksRequestFilter(key="Colour", value="red")]}, 404,
     "InvalidFilterKey.NotFound", "The filter key is not found."),
    ({"filter": [ecs_models.DescribeDisksRequestFilter(key="CreationStartTime", value="yesterday")]}, 404,
     "InvalidFilterValue", "The filter value is not valid."),
    ({"page_size": 101}, 400, "InvalidParameter", 'The specified parameter "PageSize" is not valid.'),
    ({"next_token": "not-a-token"}, 400, "InvalidParameter", 'The specified parameter "NextToken" is not valid.'),
    ({"region_id": "xx-nowhere-1"}, 404, "InvalidRegionId.NotFound", "The specified RegionId does not exist."),
]  # fmt: skip


@pytest.mark.parametrize(("fields", "status", "code", "message"), DESCRIBE_ERRORS,
                         ids=[case[2] + f"-{n}" for n, case in enumerate(DESCRIBE_ERRORS)])  # fmt: skip
def test_describe_disks_errors(tea: TeaEcs, fields: dict[str, Any], status: int, code: str, message: str) -> None:
    request = ecs_models.DescribeDisksRequest(**{"region_id": REGION, **fields})
    err = tea_error(lambda: tea.describe_disks(request))
    assert (err.status_code, err.code, err.data["Message"]) == (status, code, message)


def test_describe_disks_filters(legacy: Api, tea: TeaEcs) -> None:
    """Each documented filter: one disk that matches it and one that does not."""
    group = new_group(legacy)
    [instance] = run(tea, group, zone_id="cn-hangzhou-i",
                     tag=[ecs_models.RunInstancesRequestTag(key="tier", value="db")],
                     system_disk=ecs_models.RunInstancesRequestSystemDisk(category="cloud_ssd", disk_name="sysdisk"),
                     data_disk=[ecs_models.RunInstancesRequestDataDisk(
                         size=500, category="cloud_essd", performance_level="PL2", encrypted=True,
                         kmskey_id="key-1", delete_with_instance=False)])  # fmt: skip
    system, data = disks_of(tea, instance_id=instance)
    other = legacy_instance(legacy, group)  # zone b, defaults, no tags
    [other_system] = disks_of(tea, instance_id=other)
    scope = json.dumps([system.disk_id, data.disk_id, other_system.disk_id])

    def ids(**fields: Any) -> set[str]:
        return {d.disk_id for d in disks_of(tea, **{"disk_ids": scope, **fields})}

    created = system.creation_time
    minute = created[:16] + "Z"
    cases: list[tuple[dict[str, Any], set[str]]] = [
        ({}, {system.disk_id, data.disk_id, other_system.disk_id}),
        ({"disk_ids": json.dumps([data.disk_id])}, {data.disk_id}),
        ({"disk_ids": "[]"}, set()),
        ({"instance_id": other}, {other_system.disk_id}),
        ({"zone_id": "cn-hangzhou-i"}, {system.disk_id, data.disk_id}),
        ({"disk_type": "system"}, {system.disk_id, other_system.disk_id}),
        ({"disk_type": "data"}, {data.disk_id}),
        ({"disk_type": "all", "category": "all", "status": "All"}, {system.disk_id, data.disk_id, other_system.disk_id}),
        ({"category": "cloud_essd"}, {data.disk_id}),
        ({"category": "cloud_efficiency"}, {other_system.disk_id}),
        ({"status": "In_use"}, {system.disk_id, data.disk_id, other_system.disk_id}),
        ({"status": "Available"}, set()),
        ({"disk_name": "sysdisk"}, {system.disk_id}),
        ({"portable": True}, {data.disk_id}),
        ({"portable": False}, {system.disk_id, other_system.disk_id}),
        ({"delete_with_instance": False}, {data.disk_id}),
        ({"delete_with_instance": True}, {system.disk_id, other_system.disk_id}),
        ({"encrypted": True}, {data.disk_id}),
        ({"encrypted": False}, {system.disk_id, other_system.disk_id}),
        ({"kmskey_id": "key-1"}, {data.disk_id}),
        ({"performance_level": "PL2"}, {data.disk_id}),
        ({"disk_charge_type": "PostPaid"}, {system.disk_id, data.disk_id, other_system.disk_id}),
        ({"disk_charge_type": "PrePaid"}, set()),
        ({"tag": [ecs_models.DescribeDisksRequestTag(key="tier", value="db")]}, {system.disk_id, data.disk_id}),
        ({"tag": [ecs_models.DescribeDisksRequestTag(key="tier", value="web")]}, set()),
        ({"tag": [ecs_models.DescribeDisksRequestTag(key="tier")]}, {system.disk_id, data.disk_id}),
        ({"resource_group_id": system.resource_group_id}, {system.disk_id, data.disk_id, other_system.disk_id}),
        ({"resource_group_id": "rg-someone-else"}, set()),
        ({"snapshot_id": "s-bp1any"}, set()),
        ({"auto_snapshot_policy_id": "sp-bp1any"}, set()),
        ({"lock_reason": "security"}, set()),
        ({"enable_shared": True}, set()),
        ({"enable_shared": False}, {system.disk_id, data.disk_id, other_system.disk_id}),
        ({"multi_attach": "Enabled"}, set()),
        ({"multi_attach": "Disabled"}, {system.disk_id, data.disk_id, other_system.disk_id}),
        ({"enable_automated_snapshot_policy": True}, set()),
        ({"enable_auto_snapshot": False}, set()),
        ({"delete_auto_snapshot": True}, set()),
        ({"filter": [ecs_models.DescribeDisksRequestFilter(key="CreationStartTime", value="2000-01-01T00:00Z")]},
         {system.disk_id, data.disk_id, other_system.disk_id}),
        ({"filter": [ecs_models.DescribeDisksRequestFilter(key="CreationEndTime", value="2000-01-01T00:00Z")]}, set()),
        ({"filter": [ecs_models.DescribeDisksRequestFilter(key="CreationStartTime", value="2999-01-01T00:00:00Z")]},
         set()),
        ({"filter": [ecs_models.DescribeDisksRequestFilter(key="CreationStartTime", value=minute)]},
         {system.disk_id, data.disk_id, other_system.disk_id}),
    ]  # fmt: skip
    for fields, expected in cases:
        assert ids(**fields) == expected, fields

    # The legacy SDK's spellings: Tag.1.Key, Filter.1.Key.
    request = DescribeDisksRequest()
    request.set_DiskIds(scope)
    request.set_Tags([{"Key": "tier", "Value": "db"}])
    assert {d["DiskId"] for d in legacy.call(request)["Disks"]["Disk"]} == {system.disk_id, data.disk_id}
    request = DescribeDisksRequest()
    request.set_DiskIds(scope)
    request.set_Filter1Key("CreationEndTime")
    request.set_Filter1Value("2999-01-01T00:00Z")
    assert len(legacy.call(request)["Disks"]["Disk"]) == 3


def test_describe_disks_paging(legacy: Api, tea: TeaEcs) -> None:
    group = new_group(legacy)
    instance = legacy_instance(legacy, group, DataDisks=[{"Size": 20 + n} for n in range(11)])
    everything = [d.disk_id for d in disks_of(tea, instance_id=instance)]
    assert len(everything) == 12

    def page(**fields: Any) -> Any:
        return tea.describe_disks(ecs_models.DescribeDisksRequest(region_id=REGION, instance_id=instance,
                                                                  **fields)).body  # fmt: skip

    first = page()
    assert (first.total_count, first.page_number, first.page_size, first.next_token) == (12, 1, 10, "")
    assert [d.disk_id for d in first.disks.disk] == everything[:10]
    second = page(page_number=2, page_size=5)
    assert [d.disk_id for d in second.disks.disk] == everything[5:10]
    assert page(page_number=4, page_size=5).disks.disk == []
    # Token paging: MaxResults below 10 counts as 10; the token leads to the rest.
    token = page(max_results=3)
    assert [d.disk_id for d in token.disks.disk] == everything[:10] and token.next_token
    rest = page(next_token=token.next_token, max_results=10)
    assert [d.disk_id for d in rest.disks.disk] == everything[10:] and rest.next_token == ""
    assert [d.disk_id for d in page(max_results=9999).disks.disk] == everything  # above 500 counts as 500


def test_describe_disks_takes_the_older_lower_case_tag_fields(server: ServerProcess, legacy: Api) -> None:
    group = new_group(legacy)
    tagged = legacy_instance(legacy, group, Tags=[{"Key": "env", "Value": "prod"}])
    untagged = legacy_instance(legacy, group)
    rpc = Rpc(server.url)
    scope = json.dumps([d["DiskId"] for i in (tagged, untagged)
                        for d in rpc.ok("DescribeDisks", ECS, InstanceId=i)["Disks"]["Disk"]])  # fmt: skip
    found = rpc.ok("DescribeDisks", ECS, DiskIds=scope, **{"Tag.1.key": "env", "Tag.1.value": "prod"})
    assert [d["InstanceId"] for d in found["Disks"]["Disk"]] == [tagged]
    assert rpc.ok("DescribeDisks", ECS, DiskIds=scope, **{"Tag.1.key": "env", "Tag.1.value": "dev"})["TotalCount"] == 0
