"""The VPC surface around ClassicLink and tags on both products, through the official SDKs (legacy typed
requests, signature V1; Tea clients, V3 and V1): ModifyVSwitchAttribute, AssociateVpcCidrBlock /
UnassociateVpcCidrBlock, MoveResourceGroup, ModifyRouteTableAttributes, ModifyRouteEntry, DescribeRouteTables,
DescribeVRouters, VPC TagResources / UnTagResources / ListTagResources, ECS TagResources / UntagResources,
and Terraform's alicloud_vpc / alicloud_vswitch call sequences replayed through the Tea SDK.

Expected codes and messages are the documented ones (the VPC 2016-04-28 and ECS 2014-05-26 pages of each
action; the VPC tag pages' table, docs/compatibility.md).
"""

from __future__ import annotations

import importlib
import json
from typing import Any

import pytest
from alibabacloud_ecs20140526 import models as ecs_models
from alibabacloud_vpc20160428 import models as vpc_models
from aliyunsdkcore.acs_exception.exceptions import ServerException
from aliyunsdkcore.client import AcsClient
from Tea.exceptions import TeaException

from support.sdk import ACCESS_KEY_ID, ACCESS_KEY_SECRET, FLAVOURS, REGION, Failure, snake, tea_ecs, tea_vpc
from support.server import ServerProcess

pytestmark = pytest.mark.e2e

ZONE = "cn-hangzhou-b"


class Client:
    """Any action of one product (Vpc or Ecs) through one SDK flavour."""

    def __init__(self, product: str, flavour: str, endpoint: str) -> None:
        self.product, self.flavour, self.endpoint = product, flavour, endpoint
        self._legacy = AcsClient(ACCESS_KEY_ID, ACCESS_KEY_SECRET, REGION, auto_retry=False)
        make = tea_vpc if product == "Vpc" else tea_ecs
        self._tea = make(endpoint, v2=flavour == "tea-v2")

    def __repr__(self) -> str:
        return f"{self.product}({self.flavour})"

    def call(self, action: str, **params: Any) -> dict[str, Any]:
        if self.flavour == "legacy":
            package = "aliyunsdkvpc.request.v20160428" if self.product == "Vpc" else "aliyunsdkecs.request.v20140526"
            request = getattr(importlib.import_module(f"{package}.{action}Request"), f"{action}Request")()
            for name, value in params.items():
                setter = getattr(request, f"set_{name}s" if isinstance(value, list) else f"set_{name}", None)
                if setter is not None:
                    setter(value)
                else:
                    request.add_query_param(name, value)
            request.set_endpoint(self.endpoint)
            request.set_protocol_type("http")
            return json.loads(self._legacy.do_action_with_exception(request))  # type: ignore[no-any-return]
        models = vpc_models if self.product == "Vpc" else ecs_models
        request = getattr(models, f"{action}Request")().from_map(params)
        response = getattr(self._tea, snake(action))(request)
        assert response.status_code == 200
        return response.body.to_map()  # type: ignore[no-any-return]

    def fail(self, action: str, **params: Any) -> Failure:
        try:
            self.call(action, **params)
        except ServerException as e:
            return Failure(self.flavour, e.get_http_status(), e.get_error_code(), e.get_error_msg(),
                           e.get_request_id(), e.get_error_msg())  # fmt: skip
        except TeaException as e:
            data = dict(e.data or {})
            return Failure(self.flavour, e.status_code, e.code, data.get("Message", ""), e.request_id or "",
                           e.message, data)  # fmt: skip
        raise AssertionError(f"{self.flavour}: {action} succeeded; an error was expected")

    # --- builders ---

    def new_vpc(self, cidr: str = "172.16.0.0/12", **extra: Any) -> dict[str, Any]:
        return self.call("CreateVpc", RegionId=REGION, CidrBlock=cidr, **extra)

    def vpc(self, vpc_id: str) -> dict[str, Any]:
        return self.call("DescribeVpcAttribute", RegionId=REGION, VpcId=vpc_id)

    def new_vswitch(self, vpc_id: str, cidr: str, **extra: Any) -> str:
        return str(self.call("CreateVSwitch", RegionId=REGION, VpcId=vpc_id, ZoneId=ZONE, CidrBlock=cidr,
                             **extra)["VSwitchId"])  # fmt: skip

    def vswitch(self, vswitch_id: str) -> dict[str, Any]:
        return self.call("DescribeVSwitchAttributes", RegionId=REGION, VSwitchId=vswitch_id)


@pytest.fixture(params=FLAVOURS)
def vpc_api(request: pytest.FixtureRequest, server: ServerProcess) -> Client:
    return Client("Vpc", request.param, server.endpoint)


@pytest.fixture(params=FLAVOURS)
def ecs_api(request: pytest.FixtureRequest, server: ServerProcess) -> Client:
    return Client("Ecs", request.param, server.endpoint)


@pytest.fixture
def tea(server: ServerProcess) -> Client:
    return Client("Vpc", "tea", server.endpoint)


def expect(failure: Failure, status: int, code: str, message: str) -> None:
    assert (failure.status, failure.code, failure.message) == (status, code, message), failure


# --- ModifyVSwitchAttribute ---


def test_modify_vswitch_attribute_reads_back(vpc_api: Client) -> None:
    vpc_id = vpc_api.new_vpc()["VpcId"]
    vsw = vpc_api.new_vswitch(vpc_id, "172.16.1.0/24")
    vpc_api.call("ModifyVSwitchAttribute", RegionId=REGION, VSwitchId=vsw, VSwitchName="web-1",
                 Description="the web tier")  # fmt: skip
    got = vpc_api.vswitch(vsw)
    assert (got["VSwitchName"], got["Description"]) == ("web-1", "the web tier")
    listed = vpc_api.call("DescribeVSwitches", RegionId=REGION, VSwitchId=vsw)["VSwitches"]["VSwitch"]
    assert listed[0]["VSwitchName"] == "web-1"


def test_modify_vswitch_attribute_errors(vpc_api: Client) -> None:
    vpc_id = vpc_api.new_vpc()["VpcId"]
    vsw = vpc_api.new_vswitch(vpc_id, "172.16.2.0/24")
    expect(vpc_api.fail("ModifyVSwitchAttribute", RegionId=REGION, VSwitchId="vsw-nope"),
           404, "InvalidVSwitchId.NotFound", "VSwitch not exist.")  # fmt: skip
    # "The name must be 2 to 128 characters ... must start with a letter."
    expect(vpc_api.fail("ModifyVSwitchAttribute", RegionId=REGION, VSwitchId=vsw, VSwitchName="1bad"),
           400, "InvalidVSwitchName.Malformed", "Specified virtual switch name is not valid.")  # fmt: skip
    # IPv6 "only when the IPv6 feature is enabled for the VPC".
    assert vpc_api.fail("ModifyVSwitchAttribute", RegionId=REGION, VSwitchId=vsw, EnableIPv6=True).status == 400


def test_ipv6_vpc_and_vswitch_read_back(vpc_api: Client) -> None:
    vpc_id = vpc_api.new_vpc(EnableIpv6=True)["VpcId"]
    vpc = vpc_api.vpc(vpc_id)
    assert vpc["Ipv6CidrBlock"].endswith("/56")  # CreateVpc EnableIpv6: an IPv6 /56 is allocated
    vsw = vpc_api.new_vswitch(vpc_id, "172.16.3.0/24")
    vpc_api.call("ModifyVSwitchAttribute", RegionId=REGION, VSwitchId=vsw, EnableIPv6=True, Ipv6CidrBlock=10)
    got = vpc_api.vswitch(vsw)
    assert got["Ipv6CidrBlock"].endswith("/64")
    if vpc_api.flavour != "legacy":  # the Tea models keep the field
        assert got["EnabledIpv6"] is True
    listed = vpc_api.call("DescribeVSwitches", RegionId=REGION, VpcId=vpc_id, EnableIpv6=True)
    assert [s["VSwitchId"] for s in listed["VSwitches"]["VSwitch"]] == [vsw]


def test_modify_vpc_attribute_dns_hostname_and_ipv6_read_back(vpc_api: Client) -> None:
    vpc_id = vpc_api.new_vpc()["VpcId"]
    assert vpc_api.vpc(vpc_id)["DnsHostnameStatus"] == "DISABLED"
    vpc_api.call("ModifyVpcAttribute", RegionId=REGION, VpcId=vpc_id, EnableDnsHostname=True, EnableIPv6=True)
    got = vpc_api.vpc(vpc_id)
    assert got["DnsHostnameStatus"] == "ENABLED"
    assert got["EnabledIpv6"] is True
    assert got["Ipv6CidrBlocks"]["Ipv6CidrBlock"][0]["Ipv6CidrBlock"] == got["Ipv6CidrBlock"]
    found = vpc_api.call("DescribeVpcs", RegionId=REGION, VpcId=vpc_id, EnableIpv6=False)
    assert found["TotalCount"] == 0


def test_describe_vpcs_dhcp_and_owner_filters(vpc_api: Client) -> None:
    vpc_id = vpc_api.new_vpc()["VpcId"]
    owner = vpc_api.vpc(vpc_id)["OwnerId"]
    assert vpc_api.call("DescribeVpcs", RegionId=REGION, VpcId=vpc_id, VpcOwnerId=owner)["TotalCount"] == 1
    assert vpc_api.call("DescribeVpcs", RegionId=REGION, VpcId=vpc_id, VpcOwnerId=1)["TotalCount"] == 0
    assert vpc_api.call("DescribeVpcs", RegionId=REGION, VpcId=vpc_id,
                        DhcpOptionsSetId="dopt-x")["TotalCount"] == 0  # fmt: skip


# --- Secondary CIDR blocks ---


def test_secondary_cidr_lifecycle(vpc_api: Client) -> None:
    vpc_id = vpc_api.new_vpc("192.168.0.0/16")["VpcId"]
    added = vpc_api.call("AssociateVpcCidrBlock", RegionId=REGION, VpcId=vpc_id, SecondaryCidrBlock="10.0.0.0/16")
    assert (added["CidrBlock"], added["IpVersion"]) == ("10.0.0.0/16", "IPV4")
    assert vpc_api.vpc(vpc_id)["SecondaryCidrBlocks"]["SecondaryCidrBlock"] == ["10.0.0.0/16"]
    listed = vpc_api.call("DescribeVpcs", RegionId=REGION, VpcId=vpc_id)["Vpcs"]["Vpc"][0]
    assert listed["SecondaryCidrBlocks"]["SecondaryCidrBlock"] == ["10.0.0.0/16"]
    # vSwitches may be created in a secondary block ...
    vsw = vpc_api.new_vswitch(vpc_id, "10.0.1.0/24")
    # ... which then cannot be removed: "delete the vSwitch which is created with the CIDR block" first.
    refused = vpc_api.fail("UnassociateVpcCidrBlock", RegionId=REGION, VpcId=vpc_id, SecondaryCidrBlock="10.0.0.0/16")
    assert (refused.status, refused.code) == (400, "DependencyViolation.VSwitch")
    vpc_api.call("DeleteVSwitch", RegionId=REGION, VSwitchId=vsw)
    vpc_api.call("UnassociateVpcCidrBlock", RegionId=REGION, VpcId=vpc_id, SecondaryCidrBlock="10.0.0.0/16")
    assert vpc_api.vpc(vpc_id)["SecondaryCidrBlocks"]["SecondaryCidrBlock"] == []


def test_secondary_cidr_errors(vpc_api: Client) -> None:
    vpc_id = vpc_api.new_vpc("192.168.0.0/16")["VpcId"]
    fail = vpc_api.fail
    expect(fail("AssociateVpcCidrBlock", RegionId=REGION, VpcId=vpc_id),
           400, "MissingParam.SecondaryCidrBlockOrIpv6CidrBlock",
           "Either SecondaryCidrBlock or Ipv6CidrBlock must be specified.")  # fmt: skip
    expect(fail("AssociateVpcCidrBlock", RegionId=REGION, VpcId=vpc_id, SecondaryCidrBlock="abc"),
           400, "InvalidCidrBlock.Malformed", "Specified CIDR block is not valid.")  # fmt: skip
    # Not 100.64.0.0/10, 224.0.0.0/4, 127.0.0.0/8, 169.254.0.0/16 or their subnets; mask 8 to 28.
    for bad in ("100.64.0.0/16", "224.0.0.0/8", "127.0.0.0/8", "169.254.0.0/16", "10.0.0.0/29", "0.0.0.0/8"):
        got = fail("AssociateVpcCidrBlock", RegionId=REGION, VpcId=vpc_id, SecondaryCidrBlock=bad)
        assert (got.status, got.code) == (400, "IllegalParam.SecondaryCidrBlock"), bad
    # "Cannot overlap with the primary CIDR block or an existing secondary CIDR block."
    got = fail("AssociateVpcCidrBlock", RegionId=REGION, VpcId=vpc_id, SecondaryCidrBlock="192.168.1.0/24")
    assert (got.status, got.code) == (400, "Duplicated.SecondaryCidrBlock")
    # "Each VPC can contain up to five secondary IPv4 CIDR blocks."
    for n in range(5):
        vpc_api.call("AssociateVpcCidrBlock", RegionId=REGION, VpcId=vpc_id, SecondaryCidrBlock=f"10.{n}.0.0/16")
    got = fail("AssociateVpcCidrBlock", RegionId=REGION, VpcId=vpc_id, SecondaryCidrBlock="10.9.0.0/16")
    assert (got.status, got.code) == (400, "QuotaExceeded.VpcMultiCidr")
    expect(fail("AssociateVpcCidrBlock", RegionId=REGION, VpcId="vpc-nope", SecondaryCidrBlock="10.20.0.0/16"),
           404, "InvalidVpcId.NotFound", "Specified VPC does not exist.")  # fmt: skip


# --- MoveResourceGroup ---


def test_move_resource_group_reads_back(vpc_api: Client) -> None:
    vpc_id = vpc_api.new_vpc()["VpcId"]
    vpc_api.call("MoveResourceGroup", RegionId=REGION, ResourceId=vpc_id, ResourceType="vpc",
                 NewResourceGroupId="rg-aek2moved")  # fmt: skip
    assert vpc_api.vpc(vpc_id)["ResourceGroupId"] == "rg-aek2moved"
    listed = vpc_api.call("DescribeVpcs", RegionId=REGION, ResourceGroupId="rg-aek2moved")["Vpcs"]["Vpc"]
    assert vpc_id in [v["VpcId"] for v in listed]
    expect(vpc_api.fail("MoveResourceGroup", RegionId=REGION, ResourceId="vpc-nope", ResourceType="Vpc",
                        NewResourceGroupId="rg-aek2moved"),
           404, "InvalidVpcId.NotFound", "Specified VPC does not exist.")  # fmt: skip


# --- Route tables and entries ---


def test_route_table_attributes_and_legacy_reads(vpc_api: Client) -> None:
    created = vpc_api.new_vpc()
    table, router = created["RouteTableId"], created["VRouterId"]
    vpc_api.call("ModifyRouteTableAttributes", RegionId=REGION, RouteTableId=table, RouteTableName="main",
                 Description="the main table", RoutePropagationEnable=False)  # fmt: skip
    listed = vpc_api.call("DescribeRouteTableList", RegionId=REGION, RouteTableId=table)
    row = listed["RouterTableList"]["RouterTableListType"][0]
    assert (row["RouteTableName"], row["Description"]) == ("main", "the main table")
    if vpc_api.flavour != "legacy":
        assert row["RoutePropagationEnable"] is False
    legacy = vpc_api.call("DescribeRouteTables", RegionId=REGION, VRouterId=router)
    assert legacy["TotalCount"] == 1
    entries = legacy["RouteTables"]["RouteTable"][0]["RouteEntrys"]["RouteEntry"]
    # The System entry for the cloud-service range comes with every VPC.
    assert [e["DestinationCidrBlock"] for e in entries] == ["100.64.0.0/10"]
    routers = vpc_api.call("DescribeVRouters", RegionId=REGION, VRouterId=router)
    assert routers["VRouters"]["VRouter"][0]["VpcId"] == created["VpcId"]
    assert routers["VRouters"]["VRouter"][0]["RouteTableIds"]["RouteTableId"] == [table]
    expect(vpc_api.fail("ModifyRouteTableAttributes", RegionId=REGION, RouteTableId="vtb-nope", RouteTableName="x"),
           404, "InvalidRouteTableId.NotFound", "Specified route table does not exist.")  # fmt: skip


def test_modify_route_entry(vpc_api: Client) -> None:
    table = vpc_api.new_vpc()["RouteTableId"]
    entry = vpc_api.call("CreateRouteEntry", RegionId=REGION, RouteTableId=table, DestinationCidrBlock="10.1.0.0/16",
                         NextHopType="HaVip", NextHopId="havip-1")["RouteEntryId"]  # fmt: skip
    vpc_api.call("ModifyRouteEntry", RegionId=REGION, RouteEntryId=entry, RouteEntryName="to-havip",
                 Description="via the HaVip", NewNextHopType="HaVip", NewNextHopId="havip-2")  # fmt: skip
    got = vpc_api.call("DescribeRouteEntryList", RegionId=REGION, RouteTableId=table, RouteEntryId=entry)
    row = got["RouteEntrys"]["RouteEntry"][0]
    assert (row["RouteEntryName"], row["Description"]) == ("to-havip", "via the HaVip")
    assert row["NextHops"]["NextHop"][0]["NextHopId"] == "havip-2"
    expect(vpc_api.fail("ModifyRouteEntry", RegionId=REGION, RouteEntryId="rte-nope", RouteEntryName="x"),
           400, "InvalidRouteEntry.NotFound", "Route entry not exists.")  # the route entry pages' wording


# --- Tags ---


def test_vpc_tags_write_list_and_remove(vpc_api: Client) -> None:
    created = vpc_api.new_vpc()
    vpc_id, table = created["VpcId"], created["RouteTableId"]
    vsw = vpc_api.new_vswitch(vpc_id, "172.16.9.0/24")
    for kind, rid in (("VPC", vpc_id), ("VSWITCH", vsw), ("ROUTETABLE", table)):
        vpc_api.call("TagResources", RegionId=REGION, ResourceType=kind, ResourceId=[rid],
                     Tag=[{"Key": "env", "Value": "prod"}, {"Key": "team", "Value": "web"}])  # fmt: skip
        rows = vpc_api.call("ListTagResources", RegionId=REGION, ResourceType=kind,
                            ResourceId=[rid])["TagResources"]["TagResource"]  # fmt: skip
        assert sorted((r["ResourceId"], r["TagKey"], r["TagValue"]) for r in rows) == [
            (rid, "env", "prod"), (rid, "team", "web")
        ]
        vpc_api.call("UnTagResources", RegionId=REGION, ResourceType=kind, ResourceId=[rid], TagKey=["team"])
    assert vpc_api.vpc(vpc_id)["Tags"]["Tag"] == [{"Key": "env", "Value": "prod"}]
    assert vpc_api.vswitch(vsw)["Tags"]["Tag"] == [{"Key": "env", "Value": "prod"}]
    tables = vpc_api.call("DescribeRouteTableList", RegionId=REGION, Tag=[{"Key": "env", "Value": "prod"}],
                          VpcId=vpc_id)["RouterTableList"]["RouterTableListType"]  # fmt: skip
    assert [t["RouteTableId"] for t in tables] == [table]
    # Tag.N filters: the VPCs carrying every given tag.
    found = vpc_api.call("DescribeVpcs", RegionId=REGION, VpcId=vpc_id, Tag=[{"Key": "env", "Value": "prod"}])
    assert found["TotalCount"] == 1
    vpc_api.call("UnTagResources", RegionId=REGION, ResourceType="vpc", ResourceId=[vpc_id], All=True)
    assert vpc_api.vpc(vpc_id)["Tags"]["Tag"] == []


def test_vpc_tag_errors(vpc_api: Client) -> None:
    vpc_id = vpc_api.new_vpc()["VpcId"]

    def tag(**extra: Any) -> Failure:
        params = {"RegionId": REGION, "ResourceType": "VPC", "ResourceId": [vpc_id], **extra}
        return vpc_api.fail("TagResources", **params)

    # The key cannot start with aliyun or acs: nor contain http:// or https://.
    expect(tag(Tag=[{"Key": "acs:x", "Value": "1"}]), 400, "InvalidTagKey", "The tag keys are not valid.")
    expect(tag(Tag=[{"Key": "k", "Value": "v" * 129}]), 400, "InvalidTagValue", "The tag values are not valid.")
    expect(tag(Tag=[{"Key": "k", "Value": "1"}, {"Key": "k", "Value": "2"}]),
           400, "Forbidden.TagKey.Duplicated", "The specified tag key already exists.")  # fmt: skip
    expect(tag(Tag=[{"Key": f"k{i}", "Value": ""} for i in range(21)]),
           400, "SizeLimitExceeded.TagNum", "The maximum number of tags is exceeded.")  # fmt: skip
    vpc_api.call("TagResources", RegionId=REGION, ResourceType="VPC", ResourceId=[vpc_id],
                 Tag=[{"Key": f"k{i}", "Value": ""} for i in range(20)])  # fmt: skip
    # "You can add up to 20 tags to each instance."
    expect(tag(Tag=[{"Key": "one-more", "Value": ""}]), 400, "QuotaExceeded.TagNum", "Custom Tags quota exceeded")
    expect(vpc_api.fail("TagResources", RegionId=REGION, ResourceType="VPC", ResourceId=["vpc-nope"],
                        Tag=[{"Key": "k", "Value": "v"}]),
           400, "InvalidInstanceIds.NotFound", "The instanceIds are not found")  # fmt: skip
    expect(vpc_api.fail("TagResources", RegionId=REGION, ResourceType="DISK", ResourceId=[vpc_id],
                        Tag=[{"Key": "k", "Value": "v"}]),
           400, "InvalidInstanceType.NotFound", "The instance type is not found")  # fmt: skip
    expect(vpc_api.fail("TagResources", RegionId=REGION, ResourceType="VPC",
                        ResourceId=[f"vpc-{i}" for i in range(51)], Tag=[{"Key": "k", "Value": "v"}]),
           400, "SizeLimitExceeded.ResourceId", "The maximum number of resource IDs is exceeded.")  # fmt: skip


def test_tag_rules_apply_to_create_actions(vpc_api: Client) -> None:
    got = vpc_api.fail("CreateVpc", RegionId=REGION, Tag=[{"Key": "aliyun-x", "Value": "1"}])
    assert (got.status, got.code) == (400, "InvalidTagKey")


def test_ecs_tags_write_and_remove(ecs_api: Client, server: ServerProcess) -> None:
    vpc = Client("Vpc", "tea", server.endpoint)
    vpc_id = vpc.new_vpc()["VpcId"]
    group = ecs_api.call("CreateSecurityGroup", RegionId=REGION, VpcId=vpc_id)["SecurityGroupId"]
    ecs_api.call("TagResources", RegionId=REGION, ResourceType="securitygroup", ResourceId=[group],
                 Tag=[{"Key": "env", "Value": "prod"}, {"Key": "team", "Value": "web"}])  # fmt: skip
    rows = ecs_api.call("ListTagResources", RegionId=REGION, ResourceType="securitygroup",
                        ResourceId=[group])["TagResources"]["TagResource"]  # fmt: skip
    assert sorted((r["TagKey"], r["TagValue"]) for r in rows) == [("env", "prod"), ("team", "web")]
    ecs_api.call("UntagResources", RegionId=REGION, ResourceType="securitygroup", ResourceId=[group],
                 TagKey=["env"])  # fmt: skip
    rows = ecs_api.call("ListTagResources", RegionId=REGION, ResourceType="securitygroup",
                        ResourceId=[group])["TagResources"]["TagResource"]  # fmt: skip
    assert [(r["TagKey"], r["TagValue"]) for r in rows] == [("team", "web")]
    ecs_api.call("UntagResources", RegionId=REGION, ResourceType="securitygroup", ResourceId=[group], All=True)
    assert ecs_api.call("ListTagResources", RegionId=REGION, ResourceType="securitygroup",
                        ResourceId=[group])["TagResources"]["TagResource"] == []  # fmt: skip


def test_ecs_tag_errors(ecs_api: Client, server: ServerProcess) -> None:
    vpc_id = Client("Vpc", "tea", server.endpoint).new_vpc()["VpcId"]
    group = ecs_api.call("CreateSecurityGroup", RegionId=REGION, VpcId=vpc_id)["SecurityGroupId"]

    def tag(**extra: Any) -> Failure:
        params = {"RegionId": REGION, "ResourceType": "securitygroup", "ResourceId": [group], **extra}
        return ecs_api.fail("TagResources", **params)

    expect(tag(Tag=[{"Key": "aliyun", "Value": "1"}]), 400, "InvalidTagKey.Malformed",
           "The specified Tag.n.Key is not valid.")  # fmt: skip
    expect(tag(Tag=[{"Key": "k", "Value": "https://x"}]), 400, "InvalidTagValue.Malformed",
           "The specified Tag.n.Value is not valid.")  # fmt: skip
    expect(tag(Tag=[{"Key": "k", "Value": "1"}, {"Key": "k", "Value": "2"}]), 400, "Duplicate.TagKey",
           "The Tag.N.Key contain duplicate key.")  # fmt: skip
    expect(tag(Tag=[{"Key": f"k{i}", "Value": ""} for i in range(21)]), 400, "NumberExceed.Tags",
           "The Tags parameter's number is exceed , Valid : 20.")  # fmt: skip
    ecs_api.call("TagResources", RegionId=REGION, ResourceType="securitygroup", ResourceId=[group],
                 Tag=[{"Key": f"k{i}", "Value": ""} for i in range(20)])  # fmt: skip
    expect(tag(Tag=[{"Key": "one-more", "Value": ""}]), 400, "OperationDenied.QuotaExceed",
           "The quota of tags on resource is beyond permitted range.")  # fmt: skip
    expect(ecs_api.fail("TagResources", RegionId=REGION, ResourceType="securitygroup", ResourceId=["sg-nope"],
                        Tag=[{"Key": "k", "Value": "v"}]),
           404, "InvalidResourceId.NotFound", "The specified ResourceIds are not found in our records.")  # fmt: skip
    expect(ecs_api.fail("TagResources", RegionId=REGION, ResourceType="bogus", ResourceId=[group],
                        Tag=[{"Key": "k", "Value": "v"}]),
           404, "InvalidResourceType.NotFound", "The ResourceType provided does not exist in our records.")  # fmt: skip
    expect(ecs_api.fail("TagResources", RegionId=REGION, ResourceType="securitygroup",
                        ResourceId=[f"sg-{i}" for i in range(51)], Tag=[{"Key": "k", "Value": "v"}]),
           400, "NumberExceed.ResourceIds", "The ResourceIds parameter's number is exceed , Valid : 50.")  # fmt: skip
    expect(ecs_api.fail("UntagResources", RegionId=REGION, ResourceType="securitygroup", ResourceId=[group],
                        TagKey=["k1"], All=True),
           403, "Param.Conflict", "The specified all is true, but the specified TagKey.N is not empty.")  # fmt: skip


# --- Terraform's call sequences, as terraform-provider-alicloud sends them (Tea SDK) ---


def test_terraform_alicloud_vpc_and_vswitch_sequence(tea: Client) -> None:
    # alicloud_vpc create: CreateVpc, then DescribeVpcAttribute until Available; tags via TagResources.
    vpc_id = tea.call("CreateVpc", RegionId=REGION, CidrBlock="172.16.0.0/12", VpcName="tf-vpc",
                      Description="tf")["VpcId"]  # fmt: skip
    read = tea.vpc(vpc_id)
    assert (read["Status"], read["VpcName"], read["CidrBlock"]) == ("Available", "tf-vpc", "172.16.0.0/12")
    # update: tags, name, description, secondary CIDR blocks.
    tea.call("TagResources", RegionId=REGION, ResourceType="VPC", ResourceId=[vpc_id],
             Tag=[{"Key": "Created", "Value": "TF"}])  # fmt: skip
    tea.call("ModifyVpcAttribute", RegionId=REGION, VpcId=vpc_id, VpcName="tf-vpc-2", Description="tf2")
    tea.call("AssociateVpcCidrBlock", RegionId=REGION, VpcId=vpc_id, SecondaryCidrBlock="192.168.0.0/16")
    read = tea.vpc(vpc_id)
    assert (read["VpcName"], read["Description"]) == ("tf-vpc-2", "tf2")
    assert read["SecondaryCidrBlocks"]["SecondaryCidrBlock"] == ["192.168.0.0/16"]
    assert read["Tags"]["Tag"] == [{"Key": "Created", "Value": "TF"}]
    tags = tea.call("ListTagResources", RegionId=REGION, ResourceType="VPC", ResourceId=[vpc_id])
    assert [t["TagKey"] for t in tags["TagResources"]["TagResource"]] == ["Created"]
    # alicloud_vswitch: CreateVSwitch, DescribeVSwitchAttributes; ModifyVSwitchAttribute; tags.
    vsw = tea.new_vswitch(vpc_id, "192.168.1.0/24", VSwitchName="tf-vsw")
    assert tea.vswitch(vsw)["Status"] == "Available"
    tea.call("ModifyVSwitchAttribute", RegionId=REGION, VSwitchId=vsw, VSwitchName="tf-vsw-2", Description="tf vsw")
    tea.call("TagResources", RegionId=REGION, ResourceType="VSWITCH", ResourceId=[vsw],
             Tag=[{"Key": "Created", "Value": "TF"}])  # fmt: skip
    read_vsw = tea.vswitch(vsw)
    assert (read_vsw["VSwitchName"], read_vsw["Description"]) == ("tf-vsw-2", "tf vsw")
    assert read_vsw["Tags"]["Tag"] == [{"Key": "Created", "Value": "TF"}]
    # delete: vSwitch, then secondary block, then the VPC; a read afterwards is NotFound.
    tea.call("DeleteVSwitch", RegionId=REGION, VSwitchId=vsw)
    tea.call("UnassociateVpcCidrBlock", RegionId=REGION, VpcId=vpc_id, SecondaryCidrBlock="192.168.0.0/16")
    tea.call("DeleteVpc", RegionId=REGION, VpcId=vpc_id)
    assert tea.fail("DescribeVpcAttribute", RegionId=REGION, VpcId=vpc_id).code == "InvalidVpcId.NotFound"


def test_terraform_alicloud_route_entry_sequence(tea: Client) -> None:
    created = tea.new_vpc()
    table, router = created["RouteTableId"], created["VRouterId"]

    def custom_entries() -> list[dict[str, Any]]:
        found = tea.call("DescribeRouteTables", RegionId=REGION, RouteTableId=table, VRouterId=router)
        return [e for e in found["RouteTables"]["RouteTable"][0]["RouteEntrys"]["RouteEntry"] if e["Type"] == "Custom"]

    assert custom_entries() == []
    tea.call("CreateRouteEntry", RegionId=REGION, RouteTableId=table, DestinationCidrBlock="10.8.0.0/16",
             NextHopType="HaVip", NextHopId="havip-tf")  # fmt: skip
    [entry] = custom_entries()
    assert (entry["DestinationCidrBlock"], entry["NextHopType"], entry["InstanceId"]) == (
        "10.8.0.0/16", "HaVip", "havip-tf"
    )
    tea.call("DeleteRouteEntry", RegionId=REGION, RouteTableId=table, DestinationCidrBlock="10.8.0.0/16",
             NextHopId="havip-tf")  # fmt: skip
    assert custom_entries() == []
