"""DescribeSecurityGroupAttribute, DescribeUserData and DescribeDisks through the official SDKs.

Each test makes its own resources on the shared server and filters by their IDs.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from alibabacloud_ecs20140526 import models as ecs_models
from alibabacloud_ecs20140526.client import Client as TeaEcs
from alibabacloud_tea_openapi.exceptions import ClientException
from aliyunsdkecs.request.v20140526.CreateSecurityGroupRequest import CreateSecurityGroupRequest
from aliyunsdkecs.request.v20140526.DescribeSecurityGroupAttributeRequest import DescribeSecurityGroupAttributeRequest
from aliyunsdkvpc.request.v20160428.CreateVpcRequest import CreateVpcRequest
from aliyunsdkvpc.request.v20160428.CreateVSwitchRequest import CreateVSwitchRequest

from support.clients import REGION, Legacy, tea_ecs
from support.server import ServerProcess


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
