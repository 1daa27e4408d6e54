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
from aliyunsdkecs.request.v20140526.CreateSecurityGroupRequest import CreateSecurityGroupRequest
from aliyunsdkecs.request.v20140526.DescribeDisksRequest import DescribeDisksRequest
from aliyunsdkecs.request.v20140526.DescribeSecurityGroupAttributeRequest import DescribeSecurityGroupAttributeRequest
from aliyunsdkecs.request.v20140526.DescribeUserDataRequest import DescribeUserDataRequest
from aliyunsdkvpc.request.v20160428.CreateVpcRequest import CreateVpcRequest
from aliyunsdkvpc.request.v20160428.CreateVSwitchRequest import CreateVSwitchRequest

from support.clients import REGION, Legacy, tea_ecs
from support.server import ServerProcess

ISO_SECONDS = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ")


@pytest.fixture
def legacy(server: ServerProcess) -> Legacy:
    return Legacy(server.endpoint)


@pytest.fixture
def tea(server: ServerProcess) -> TeaEcs:
    return tea_ecs(server.endpoint)


def new_group(legacy: Legacy, vpc_id: str = "", name: str = "") -> str:
    request = CreateSecurityGroupRequest()
    if vpc_id:
        request.set_VpcId(vpc_id)
    if name:
        request.set_SecurityGroupName(name)
    return str(legacy.call(request)["SecurityGroupId"])


def new_vswitch(legacy: Legacy, zone: str = "cn-hangzhou-i") -> tuple[str, str]:
    vpc = CreateVpcRequest()
    vpc.set_CidrBlock("172.16.0.0/16")
    vpc_id = str(legacy.call(vpc)["VpcId"])
    vswitch = CreateVSwitchRequest()
    vswitch.set_VpcId(vpc_id)
    vswitch.set_ZoneId(zone)
    vswitch.set_CidrBlock("172.16.1.0/24")
    return vpc_id, str(legacy.call(vswitch)["VSwitchId"])


def tea_error(call: Callable[[], Any]) -> ClientException:
    with pytest.raises(ClientException) as raised:
        call()
    return raised.value


# --- DescribeSecurityGroupAttribute -------------------------------------------------------------------------


def sg_attribute(legacy: Legacy, group_id: str, **setters: Any) -> Any:
    request = DescribeSecurityGroupAttributeRequest()
    request.set_SecurityGroupId(group_id)
    for name, value in setters.items():
        getattr(request, f"set_{name}")(value)
    return request


def test_security_group_attribute_with_both_sdks(legacy: Legacy, tea: TeaEcs) -> None:
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


def test_security_group_attribute_errors(legacy: Legacy, tea: TeaEcs) -> None:
    group = new_group(legacy)
    missing = legacy.error(sg_attribute(legacy, "sg-missing"))
    assert (missing.status, missing.code, missing.message) == (
        404, "InvalidSecurityGroupId.NotFound", "The specified SecurityGroupId does not exist.")  # fmt: skip
    other_region = tea_error(lambda: tea.describe_security_group_attribute(
        ecs_models.DescribeSecurityGroupAttributeRequest(region_id="cn-beijing", security_group_id=group)))
    assert (other_region.status_code, other_region.code) == (404, "InvalidSecurityGroupId.NotFound")
    nic = legacy.error(sg_attribute(legacy, group, NicType="wifi"))
    assert (nic.status, nic.code, nic.message) == (
        400, "InvalidNicType.ValueNotSupported", "The specified NicType does not exist.")  # fmt: skip
    for setters in ({"Direction": "sideways"}, {"MaxResults": 9}, {"MaxResults": 1001}, {"NextToken": "abc"}):
        err = legacy.error(sg_attribute(legacy, group, **setters))
        assert (err.status, err.code) == (400, "InvalidParameter"), setters
        assert next(iter(setters)) in err.message
    malformed = legacy.error(sg_attribute(legacy, "sg-" + "x" * 80))
    assert (malformed.status, malformed.code) == (400, "InvalidSecurityGroupId.Malformed")
    region = tea_error(lambda: tea.describe_security_group_attribute(
        ecs_models.DescribeSecurityGroupAttributeRequest(region_id="xx-nowhere-1", security_group_id=group)))
    assert (region.status_code, region.code) == (404, "InvalidRegionId.NotFound")
    required = tea_error(lambda: tea.describe_security_group_attribute(
        ecs_models.DescribeSecurityGroupAttributeRequest(region_id=REGION)))
    assert (required.status_code, required.code) == (400, "MissingParameter")


# --- instances with disks and user data ---------------------------------------------------------------------

IMAGE = "ubuntu_22_04_x64_20G_alibase_20230907.vhd"


def legacy_instance(legacy: Legacy, group: str, **setters: Any) -> str:
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


def test_user_data_is_kept_and_returned(legacy: Legacy, tea: TeaEcs) -> None:
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


def test_user_data_errors(legacy: Legacy, tea: TeaEcs) -> None:
    group = new_group(legacy)
    for bad in ("not base64!", "ZWNobw", "ZW=Nobw=="):
        err = legacy.error(create_request(group, UserData=bad))
        assert (err.status, err.code, err.message) == (
            400, "InvalidUserData.Base64FormatInvalid", "The specified parameter UserData must be base64 encoded.")  # fmt: skip
    too_large = base64.b64encode(b"x" * (32 * 1024 + 1)).decode()
    err = legacy.error(create_request(group, UserData=too_large))
    assert (err.status, err.code, err.message) == (
        400, "InvalidUserData.SizeExceeded", "The specified parameter UserData exceeds the size.")  # fmt: skip
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


def test_an_instance_gets_its_system_and_data_disks(legacy: Legacy, tea: TeaEcs) -> None:
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


def test_deleting_an_instance_releases_or_keeps_its_disks(legacy: Legacy, tea: TeaEcs) -> None:
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
