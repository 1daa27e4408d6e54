"""A newcomer's mistake gets, in the server log only, one line saying what is valid; the answer is the real one."""

from __future__ import annotations

import pytest

from support.sdk import IMAGE_ID, INSTANCE_TYPE, Api, make_classic_group, make_instance, wait_for
from support.server import ServerProcess


def hint_logged(server: ServerProcess, request_id: str, text: str) -> bool:
    return any(request_id in line and text in line for line in server.log().splitlines())


@pytest.mark.parametrize("flavour", ["legacy", "tea"])
def test_unknown_instance_type(server: ServerProcess, flavour: str) -> None:
    api = Api(flavour, server.endpoint)
    group = make_classic_group(api)
    failure = api.fail("CreateInstance", RegionId="cn-hangzhou", InstanceType="t5.small", ImageId=IMAGE_ID,
                       SecurityGroupId=group)  # fmt: skip
    failure.expect(400, "InvalidInstanceType.ValueNotSupported", "The specified InstanceType beyond the permitted range.")
    assert "valid instance types" not in str(failure.body) and "ecs.g7" not in str(failure.body)
    wait_for(lambda: hint_logged(server, failure.request_id, "valid instance types: ecs.t1.small, ecs.s2.large"),
             timeout=5, what="the hint in the log")  # fmt: skip


def test_unknown_zone_of_an_instance(server: ServerProcess) -> None:
    api = Api("legacy", server.endpoint)
    failure = api.fail("CreateInstance", RegionId="cn-hangzhou", InstanceType=INSTANCE_TYPE, ImageId=IMAGE_ID,
                       SecurityGroupId=make_classic_group(api), ZoneId="cn-hangzhou-a")  # fmt: skip
    failure.expect(404, "InvalidZoneId.NotFound", "The specified ZoneId does not exist.")
    wait_for(lambda: hint_logged(server, failure.request_id, "valid zones in cn-hangzhou: cn-hangzhou-b, cn-hangzhou-e"),
             timeout=5, what="the hint in the log")  # fmt: skip


def test_unknown_zone_of_a_vswitch(server: ServerProcess) -> None:
    api = Api("legacy", server.endpoint)
    vpc = api.call("CreateVpc", RegionId="cn-beijing")["VpcId"]
    failure = api.fail("CreateVSwitch", RegionId="cn-beijing", VpcId=vpc, ZoneId="cn-beijing-z", CidrBlock="172.16.0.0/24")
    failure.expect(404, "InvalidZoneId.NotFound", "Specified zone does not exist.")
    wait_for(lambda: hint_logged(server, failure.request_id, "valid zones in cn-beijing: cn-beijing-a, cn-beijing-c"),
             timeout=5, what="the hint in the log")  # fmt: skip


def test_classic_group_where_there_is_no_classic_network(server: ServerProcess) -> None:
    api = Api("legacy", server.endpoint)
    failure = api.fail("CreateSecurityGroup", RegionId="eu-central-1")
    failure.expect(403, "InvalidVpcId.NotFound", "vpc id must not empty when only support vpc vm.")
    wait_for(lambda: hint_logged(server, failure.request_id,
                                 "eu-central-1 has no classic network; regions with one (classic instances and "
                                 "ClassicLink): cn-qingdao, cn-beijing"),
             timeout=5, what="the hint in the log")  # fmt: skip


def test_classic_instance_where_there_is_no_classic_network(server: ServerProcess) -> None:
    api = Api("legacy", server.endpoint)
    vpc = api.call("CreateVpc", RegionId="eu-central-1")["VpcId"]
    group = api.call("CreateSecurityGroup", RegionId="eu-central-1", VpcId=vpc)["SecurityGroupId"]
    failure = api.fail("CreateInstance", RegionId="eu-central-1", InstanceType=INSTANCE_TYPE, ImageId=IMAGE_ID,
                       SecurityGroupId=group)  # fmt: skip
    failure.expect(400, "InvalidVSwitchId.Necessary", "The VSwitchId is necessary.")
    wait_for(lambda: hint_logged(server, failure.request_id, "eu-central-1 has no classic network"),
             timeout=5, what="the hint in the log")  # fmt: skip


def test_classiclink_where_there_is_no_classic_network(server: ServerProcess) -> None:
    api = Api("legacy", server.endpoint)
    instance = make_instance(api, make_classic_group(api))
    failure = api.fail("AttachClassicLinkVpc", RegionId="eu-central-1", InstanceId=instance, VpcId="vpc-gw8x")
    failure.expect(403, "InvalidInstanceId.LimitedRegion",
                   "The specified instance does not support this operation due to the limitation of its region.")
    wait_for(lambda: hint_logged(server, failure.request_id, "eu-central-1 has no classic network"),
             timeout=5, what="the hint in the log")  # fmt: skip


def test_no_hint_for_other_errors(server: ServerProcess) -> None:
    api = Api("legacy", server.endpoint)
    failure = api.fail("DeleteVpc", RegionId="cn-hangzhou", VpcId="vpc-bp1doesnotexist")
    assert failure.code.startswith("InvalidVpcId")
    wait_for(lambda: failure.request_id in server.log(), timeout=5, what="the request line")
    assert [line for line in server.log().splitlines() if failure.request_id in line and "WARNING" in line] == []
