"""The two reads footmark and the Ansible modules needed beyond the rest: VPC DescribeVSwitchAttributes
(footmark's create_vswitch and ali_vswitch read the new vSwitch back with it) and ECS ListTagResources
(footmark's tag_resources, so ali_instance with ``tags``, lists an instance's tags first). Through every
SDK flavour."""

from __future__ import annotations

from typing import Any

import pytest

from support.raw import ECS, Rpc
from support.sdk import FLAVOURS, Api, make_vpc, wait_for
from support.server import ServerProcess

pytestmark = pytest.mark.e2e

REGION = "cn-hangzhou"


@pytest.fixture(params=FLAVOURS)
def api(server: ServerProcess, request: pytest.FixtureRequest) -> Api:
    return Api(request.param, server.endpoint)


def repeat(api: Api, name: str, value: list[Any]) -> dict[str, Any]:
    """A repeat-list parameter under the name each flavour's request uses (legacy setters are plural)."""
    return {f"{name}s" if api.flavour == "legacy" else name: value}


def test_describe_vswitch_attributes_is_the_listed_vswitch(api: Api) -> None:
    vpc_id = make_vpc(api)
    vswitch_id = api.call("CreateVSwitch", RegionId=REGION, VpcId=vpc_id, ZoneId="cn-hangzhou-h",
                          CidrBlock="172.16.5.0/24", VSwitchName="attrs", Description="a vSwitch")["VSwitchId"]  # fmt: skip
    wait_for(lambda: api.call("DescribeVSwitchAttributes", RegionId=REGION, VSwitchId=vswitch_id)["Status"] == "Available")
    got = api.call("DescribeVSwitchAttributes", RegionId=REGION, VSwitchId=vswitch_id)
    [listed] = api.call("DescribeVSwitches", RegionId=REGION, VSwitchId=vswitch_id)["VSwitches"]["VSwitch"]
    assert got.pop("RequestId")
    assert got.pop("ShareType") == ""
    assert got == listed
    assert (got["VSwitchId"], got["VpcId"], got["CidrBlock"], got["VSwitchName"], got["AvailableIpAddressCount"]) == (
        vswitch_id, vpc_id, "172.16.5.0/24", "attrs", 252)  # fmt: skip


def test_describe_vswitch_attributes_refusals(api: Api) -> None:
    api.fail("DescribeVSwitchAttributes", RegionId=REGION, VSwitchId="vsw-bp1doesnotexist00000000").expect(
        404, "InvalidVSwitchId.NotFound", "VSwitch not exist.")  # fmt: skip
    missing = api.generic_fail("DescribeVSwitchAttributes", RegionId=REGION)
    assert (missing.status, missing.code) == (400, "MissingParameter")


def test_list_tag_resources_lists_an_instances_tags(api: Api) -> None:
    group = api.call("CreateSecurityGroup", RegionId=REGION, SecurityGroupName="tagged",
                     **repeat(api, "Tag", [{"Key": "team", "Value": "net"}]))["SecurityGroupId"]  # fmt: skip
    tags = [{"Key": "Name", "Value": f"tagged-{api.flavour}"}, {"Key": "env", "Value": "test"}]
    instance = api.call("CreateInstance", RegionId=REGION, InstanceType="ecs.t1.small", SecurityGroupId=group,
                        ImageId="centos_7_9_x64_20G_alibase_20230718.vhd", **repeat(api, "Tag", tags))["InstanceId"]  # fmt: skip

    def rows(resource_type: str, **params: Any) -> list[tuple[str, str, str, str]]:
        body = api.call("ListTagResources", RegionId=REGION, ResourceType=resource_type, **params)
        assert body["RequestId"] and body.get("NextToken", "") == ""
        found = body["TagResources"]["TagResource"]
        return [(r["ResourceType"], r["ResourceId"], r["TagKey"], r["TagValue"]) for r in found]

    by_id = rows("instance", **repeat(api, "ResourceId", [instance]))
    assert by_id == [("instance", instance, "Name", f"tagged-{api.flavour}"), ("instance", instance, "env", "test")]
    # Tag.N narrows to resources carrying every tag given; a tag no one has gives nothing.
    assert rows("instance", **repeat(api, "Tag", tags[:1])) == by_id
    assert rows("instance", **repeat(api, "ResourceId", [instance]), **repeat(api, "Tag", [{"Key": "env", "Value": "prod"}])) == []
    assert rows("securitygroup", **repeat(api, "ResourceId", [group])) == [("securitygroup", group, "team", "net")]
    assert rows("snapshot", **repeat(api, "ResourceId", [instance])) == []  # a type the emulator keeps none of


def test_list_tag_resources_refusals(api: Api) -> None:
    missing = api.generic_fail("ListTagResources", RegionId=REGION)
    assert (missing.status, missing.code, missing.message) == (
        400, "MissingParameter", 'The input parameter "ResourceType" that is mandatory for processing this request is not supplied.')  # fmt: skip
    bad_type = api.generic_fail("ListTagResources", RegionId=REGION, ResourceType="vpc")
    assert (bad_type.status, bad_type.code) == (400, "InvalidParameter")
    too_many = api.generic_fail("ListTagResources", RegionId=REGION, ResourceType="instance", **{"ResourceId.51": "i-x"})
    assert (too_many.status, too_many.code, too_many.message) == (
        400, "InvalidParameter", 'The specified parameter "ResourceId.51" is not valid.')  # fmt: skip


def test_list_tag_resources_tag_filters_narrow_the_list(server: ServerProcess) -> None:
    # TagFilter.N.TagKey matches the key; TagFilter.N.TagValues.N any of its values, or any value when none.
    rpc = Rpc(server.url)
    group = rpc.ok("CreateSecurityGroup", ECS, RegionId=REGION)["SecurityGroupId"]
    made = {}
    for name, env in (("a", "prod"), ("b", "test"), ("c", "dev")):
        made[name] = rpc.ok("CreateInstance", ECS, RegionId=REGION, InstanceType="ecs.t1.small", SecurityGroupId=group,
                            ImageId="centos_7_9_x64_20G_alibase_20230718.vhd", **{"Tag.1.Key": "env", "Tag.1.Value": env,
                            "Tag.2.Key": "filter-test", "Tag.2.Value": name})["InstanceId"]  # fmt: skip
    ids = {f"ResourceId.{n}": made[k] for n, k in enumerate("abc", 1)}

    def listed(**filters: str) -> set[str]:
        body = rpc.ok("ListTagResources", ECS, RegionId=REGION, ResourceType="instance", **ids, **filters)
        return {row["ResourceId"] for row in body["TagResources"]["TagResource"]}

    assert listed() == set(made.values())
    assert listed(**{"TagFilter.1.TagKey": "env", "TagFilter.1.TagValues.1": "prod",
                     "TagFilter.1.TagValues.2": "dev"}) == {made["a"], made["c"]}  # fmt: skip
    assert listed(**{"TagFilter.1.TagKey": "env"}) == set(made.values())
    assert listed(**{"TagFilter.1.TagKey": "env", "TagFilter.1.TagValues.1": "prod",
                     "TagFilter.2.TagKey": "filter-test", "TagFilter.2.TagValues.1": "c"}) == set()  # fmt: skip
    assert listed(**{"TagFilter.1.TagKey": "owner"}) == set()
    refused = rpc("ListTagResources", ECS, RegionId=REGION, ResourceType="instance", **{"TagFilter.1.Colour": "x"})
    assert (refused.status, refused.body["Code"]) == (400, "InvalidParameter")
