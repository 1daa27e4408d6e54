"""CreateDefaultVpc and CreateDefaultVSwitch (VPC 2016-04-28) through the legacy and the Tea SDKs.

Doc facts checked (alibabacloud.com/help/vpc/api-609152, api-609158): a default VPC gets a vRouter and a route
table; "Only one default VPC can exist in a region"; "Before you create a default vSwitch, create a default VPC
first"; "If a default vSwitch already exists in a zone of the specified region, the call to this operation
fails"; both read back `IsDefault` true. The error codes are ours (docs/compatibility.md).
"""

from __future__ import annotations

import uuid
from collections.abc import Callable

import pytest

from support.sdk import FLAVOURS, REGION, Api
from support.server import ServerProcess

pytestmark = pytest.mark.e2e

ZONE = "cn-hangzhou-b"


@pytest.fixture(params=FLAVOURS)
def api(request: pytest.FixtureRequest, make_server: Callable[..., ServerProcess]) -> Api:
    """A server of the test's own: the default VPC is one per account and region."""
    return Api(request.param, make_server("--transition-delay", "0").endpoint)


def test_default_vpc_reads_back(api: Api) -> None:
    created = api.call("CreateDefaultVpc", RegionId=REGION)
    assert set(created) >= {"RequestId", "VpcId", "VRouterId", "RouteTableId"}
    vpc = api.call("DescribeVpcAttribute", RegionId=REGION, VpcId=created["VpcId"])
    # "a vRouter and a route table are automatically created"; the 172.16.0.0/12 block.
    assert (vpc["IsDefault"], vpc["CidrBlock"], vpc["VRouterId"]) == (True, "172.16.0.0/12", created["VRouterId"])
    tables = api.call("DescribeRouteTableList", RegionId=REGION, VpcId=created["VpcId"])
    assert [t["RouteTableId"] for t in tables["RouterTableList"]["RouterTableListType"]] == [created["RouteTableId"]]
    api.call("CreateVpc", RegionId=REGION, CidrBlock="192.168.0.0/16")
    defaults = api.call("DescribeVpcs", RegionId=REGION, IsDefault=True)["Vpcs"]["Vpc"]
    assert [v["VpcId"] for v in defaults] == [created["VpcId"]] and defaults[0]["IsDefault"] is True


def test_one_default_vpc_per_region(api: Api) -> None:
    api.call("CreateDefaultVpc", RegionId=REGION)
    api.fail("CreateDefaultVpc", RegionId=REGION).expect(
        400, "OperationFailed.DefaultVpcExist", "The default VPC already exists in this region.")
    # Another region has its own.
    assert api.call("CreateDefaultVpc", RegionId="cn-shanghai")["VpcId"].startswith("vpc-")


def test_client_token_is_idempotent(api: Api) -> None:
    token = uuid.uuid4().hex
    first = api.call("CreateDefaultVpc", RegionId=REGION, ClientToken=token)
    assert api.call("CreateDefaultVpc", RegionId=REGION, ClientToken=token)["VpcId"] == first["VpcId"]
    made = api.call("CreateDefaultVSwitch", RegionId=REGION, ZoneId=ZONE, ClientToken=token)["VSwitchId"]
    assert api.call("CreateDefaultVSwitch", RegionId=REGION, ZoneId=ZONE, ClientToken=token)["VSwitchId"] == made


def test_ipv6(api: Api) -> None:
    block = "2408:4005:346:b600::/56"
    created = api.call("CreateDefaultVpc", RegionId=REGION, EnableIpv6=True, Ipv6CidrBlock=block)
    assert api.call("DescribeVpcAttribute", RegionId=REGION, VpcId=created["VpcId"])["Ipv6CidrBlock"] == block
    vswitch = api.call("CreateDefaultVSwitch", RegionId=REGION, ZoneId=ZONE, Ipv6CidrBlock=12)["VSwitchId"]
    attrs = api.call("DescribeVSwitchAttributes", RegionId=REGION, VSwitchId=vswitch)
    assert attrs["Ipv6CidrBlock"] == "2408:4005:346:b60c::/64"


def test_ipv6_block_must_be_a_56(api: Api) -> None:
    api.fail("CreateDefaultVpc", RegionId=REGION, EnableIpv6=True, Ipv6CidrBlock="2408:4005::/48").expect(
        400, "IllegalParam.Ipv6CidrBlock", "The parameter of Ipv6CidrBlock is illegal.")


def test_default_vswitch_per_zone(api: Api) -> None:
    vpc_id = api.call("CreateDefaultVpc", RegionId=REGION)["VpcId"]
    first = api.call("CreateDefaultVSwitch", RegionId=REGION, ZoneId=ZONE)["VSwitchId"]
    second = api.call("CreateDefaultVSwitch", RegionId=REGION, ZoneId="cn-hangzhou-i")["VSwitchId"]
    a = api.call("DescribeVSwitchAttributes", RegionId=REGION, VSwitchId=first)
    b = api.call("DescribeVSwitchAttributes", RegionId=REGION, VSwitchId=second)
    assert (a["IsDefault"], a["VpcId"], a["ZoneId"], a["CidrBlock"]) == (True, vpc_id, ZONE, "172.16.0.0/20")
    assert (b["IsDefault"], b["CidrBlock"]) == (True, "172.16.16.0/20")
    api.call("CreateVSwitch", RegionId=REGION, VpcId=vpc_id, ZoneId=ZONE, CidrBlock="172.16.32.0/24")
    found = api.call("DescribeVSwitches", RegionId=REGION, IsDefault=True)["VSwitches"]["VSwitch"]
    assert sorted(v["VSwitchId"] for v in found) == sorted([first, second])
    api.fail("CreateDefaultVSwitch", RegionId=REGION, ZoneId=ZONE).expect(
        400, "OperationFailed.DefaultVSwitchExist", "The default vSwitch already exists in this zone.")


def test_default_vswitch_needs_the_default_vpc(api: Api) -> None:
    api.call("CreateVpc", RegionId=REGION, CidrBlock="172.16.0.0/12")
    api.fail("CreateDefaultVSwitch", RegionId=REGION, ZoneId=ZONE).expect(
        400, "OperationFailed.DefaultVpcNotExist", "The default VPC does not exist in this region.")


def test_default_vswitch_unknown_zone(api: Api) -> None:
    api.call("CreateDefaultVpc", RegionId=REGION)
    api.fail("CreateDefaultVSwitch", RegionId=REGION, ZoneId="cn-hangzhou-z").expect(
        404, "InvalidZoneId.NotFound", "Specified zone does not exist.")
