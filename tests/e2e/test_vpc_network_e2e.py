"""VPC 2016-04-28 vSwitches, route tables and entries, regions and zones, through the official SDKs.

Every call goes through the legacy typed request classes (aliyunsdkvpc.request.v20160428, signature V1) and
the Tea client alibabacloud_vpc20160428 (V3, and V1 with signature_algorithm="v2"); responses are read
back through what each SDK keeps (the Tea response models drop unknown fields). Expected codes, statuses
and messages are the documented ones (api-spec §3.7–3.11; the 2019 CreateVSwitch, DeleteVSwitch,
DescribeVSwitches, CreateRouteEntry, DeleteRouteEntry, DescribeRouteTableList, DescribeRouteEntryList,
DescribeRegions and DescribeZones pages).
"""

from __future__ import annotations

import importlib
import json
import re
import uuid
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from alibabacloud_vpc20160428 import models as vpc_models
from aliyunsdkcore.acs_exception.exceptions import ServerException
from aliyunsdkcore.client import AcsClient
from Tea.exceptions import TeaException

from support.sdk import ACCESS_KEY_ID, ACCESS_KEY_SECRET, FLAVOURS, REGION, Api, Failure, snake, tea_vpc, wait_for
from support.server import ServerProcess

pytestmark = pytest.mark.e2e

ZONE = "cn-hangzhou-b"
VPC_CIDR = "172.16.0.0/12"
VPC_TIME = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ")
NOT_VALID_CIDR = "Specified CIDR block is not valid."


class Vpc:
    """Any VPC 2016-04-28 action through one SDK flavour (the shared helper routes some of these names to ECS)."""

    def __init__(self, flavour: str, endpoint: str) -> None:
        self.flavour, self.endpoint = flavour, endpoint
        self._legacy = AcsClient(ACCESS_KEY_ID, ACCESS_KEY_SECRET, REGION, auto_retry=False)
        self._tea = tea_vpc(endpoint, v2=flavour == "tea-v2")

    def __repr__(self) -> str:
        return f"Vpc({self.flavour})"

    def call(self, action: str, **params: Any) -> dict[str, Any]:
        if self.flavour == "legacy":
            module = importlib.import_module(f"aliyunsdkvpc.request.v20160428.{action}Request")
            request = getattr(module, f"{action}Request")()
            for name, value in params.items():
                # Repeat lists have plural setters: set_Tags, set_DestCidrBlockLists, set_NextHopLists.
                setter = getattr(request, f"set_{name}s" if isinstance(value, list) else f"set_{name}", None)
                if setter is not None:
                    setter(value)
                else:
                    request.add_query_param(name, value)
            request.set_endpoint(self.endpoint)
            request.set_protocol_type("http")
            return json.loads(self._legacy.do_action_with_exception(request))  # type: ignore[no-any-return]
        request = getattr(vpc_models, f"{action}Request")().from_map(params)
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

    # --- small builders ---

    def new_vpc(self, cidr: str = VPC_CIDR, enable: bool = False) -> dict[str, Any]:
        created = self.call("CreateVpc", RegionId=REGION, CidrBlock=cidr)
        wait_for(lambda: self.vpc(created["VpcId"])["Status"] == "Available", what="VPC Available")
        if enable:
            self.call("EnableVpcClassicLink", RegionId=REGION, VpcId=created["VpcId"])
        return created

    def vpc(self, vpc_id: str) -> dict[str, Any]:
        return self.call("DescribeVpcAttribute", RegionId=REGION, VpcId=vpc_id)

    def new_vswitch(self, vpc_id: str, cidr: str, **extra: Any) -> str:
        return str(self.call("CreateVSwitch", RegionId=REGION, VpcId=vpc_id, ZoneId=ZONE, CidrBlock=cidr,
                             **extra)["VSwitchId"])  # fmt: skip

    def vswitches(self, **filters: Any) -> dict[str, Any]:
        return self.call("DescribeVSwitches", RegionId=REGION, **filters)

    def entries(self, table_id: str, **filters: Any) -> list[dict[str, Any]]:
        found = self.call("DescribeRouteEntryList", RegionId=REGION, RouteTableId=table_id, **filters)
        return found["RouteEntrys"]["RouteEntry"]  # type: ignore[no-any-return]

    def add_route(self, table_id: str, destination: str, hop_type: str = "HaVip", hop_id: str = "havip-1",
                  **extra: Any) -> dict[str, Any]:  # fmt: skip
        return self.call("CreateRouteEntry", RegionId=REGION, RouteTableId=table_id, DestinationCidrBlock=destination,
                         NextHopType=hop_type, NextHopId=hop_id, **extra)  # fmt: skip


@pytest.fixture(params=FLAVOURS)
def vpc_api(request: pytest.FixtureRequest, server: ServerProcess) -> Vpc:
    return Vpc(request.param, server.endpoint)


@pytest.fixture
def legacy(server: ServerProcess) -> Vpc:
    return Vpc("legacy", server.endpoint)


@pytest.fixture
def world(legacy: Vpc) -> Iterator[dict[str, Any]]:
    """A fresh Available VPC (172.16.0.0/12) made through the legacy SDK."""
    yield legacy.new_vpc()


def destinations(entries: list[dict[str, Any]], kind: str | None = None) -> list[str]:
    return sorted(e["DestinationCidrBlock"] for e in entries if kind is None or e["Type"] == kind)


class TestVSwitchLifecycle:
    def test_create_describe_delete(self, vpc_api: Vpc, world: dict[str, Any]) -> None:
        vpc_id = world["VpcId"]
        tags = [{"Key": "team", "Value": "net"}]
        vswitch_id = vpc_api.new_vswitch(vpc_id, "172.16.1.0/24", VSwitchName="web-1", Description="web tier",
                                         Tag=tags)  # fmt: skip
        assert vswitch_id.startswith("vsw-")

        found = vpc_api.vswitches(VpcId=vpc_id)
        assert (found["TotalCount"], found["PageNumber"], found["PageSize"]) == (1, 1, 10)
        [vsw] = found["VSwitches"]["VSwitch"]
        assert (vsw["VSwitchId"], vsw["VpcId"], vsw["ZoneId"], vsw["CidrBlock"]) == (
            vswitch_id, vpc_id, ZONE, "172.16.1.0/24")  # fmt: skip
        assert (vsw["Status"], vsw["VSwitchName"], vsw["Description"], vsw["IsDefault"]) == (
            "Available", "web-1", "web tier", False)  # fmt: skip
        # 256 addresses, less the first and the last three (V-CVSW).
        assert vsw["AvailableIpAddressCount"] == 252
        assert VPC_TIME.fullmatch(vsw["CreationTime"])
        assert vsw["RouteTable"] == {"RouteTableId": world["RouteTableId"], "RouteTableType": "System"}
        assert vsw["Tags"]["Tag"] == tags
        assert vsw["ResourceGroupId"] == world["ResourceGroupId"]

        assert vpc_api.vpc(vpc_id)["VSwitchIds"]["VSwitchId"] == [vswitch_id]
        # The vSwitch's CIDR becomes a System route of the VPC's table.
        assert destinations(vpc_api.entries(world["RouteTableId"]), "System") == ["100.64.0.0/10", "172.16.1.0/24"]

        vpc_api.call("DeleteVSwitch", RegionId=REGION, VSwitchId=vswitch_id)
        assert vpc_api.vswitches(VpcId=vpc_id)["VSwitches"]["VSwitch"] == []
        assert vpc_api.vpc(vpc_id)["VSwitchIds"]["VSwitchId"] == []
        assert destinations(vpc_api.entries(world["RouteTableId"]), "System") == ["100.64.0.0/10"]
        vpc_api.call("DeleteVpc", RegionId=REGION, VpcId=vpc_id)

    def test_delete_unknown_vswitch(self, vpc_api: Vpc) -> None:
        vpc_api.fail("DeleteVSwitch", RegionId=REGION, VSwitchId="vsw-bp1nothere000000000000").expect(
            404, "InvalidVSwitchId.NotFound", "VSwitch not exist.")  # fmt: skip

    def test_a_client_token_retry_makes_one_vswitch(self, vpc_api: Vpc, world: dict[str, Any]) -> None:
        token = uuid.uuid4().hex  # tokens are per account, and the session's server is shared
        first = vpc_api.new_vswitch(world["VpcId"], "172.16.2.0/24", ClientToken=token)
        again = vpc_api.new_vswitch(world["VpcId"], "172.16.2.0/24", ClientToken=token)
        assert first == again
        assert vpc_api.vswitches(VpcId=world["VpcId"])["TotalCount"] == 1


class TestCreateVSwitchErrors:
    @pytest.mark.parametrize(("cidr", "status", "code", "message"), [
        ("172.16.0.0/30", 400, "InvalidCirdrBlock.MaskLength", "Specified CIDR block is not valid ."),
        ("172.0.0.0/15", 400, "InvalidCirdrBlock.MaskLength", "Specified CIDR block is not valid ."),
        ("192.168.0.0/24", 400, "InvalidParameter", "Specified CIDR block is not valid in VPC."),
        ("172.16.1.0/25", 400, "InvalidCidrBlock.Overlapped", "Specified CIDR block overlapped with other subnets."),
        ("172.16.0.0/16", 400, "InvalidCidrBlock.Overlapped", "Specified CIDR block overlapped with other subnets."),
        ("not-a-cidr", 400, "InvalidCidrBlock.Malformed", NOT_VALID_CIDR),
        ("172.16.1.9/24", 400, "InvalidCidrBlock.Malformed", NOT_VALID_CIDR),
    ])  # fmt: skip
    def test_cidr_rules(self, vpc_api: Vpc, world: dict[str, Any], cidr: str, status: int, code: str,
                        message: str) -> None:  # fmt: skip
        vpc_api.new_vswitch(world["VpcId"], "172.16.1.0/24")
        vpc_api.fail("CreateVSwitch", RegionId=REGION, VpcId=world["VpcId"], ZoneId=ZONE, CidrBlock=cidr).expect(
            status, code, message)  # fmt: skip
        assert vpc_api.vswitches(VpcId=world["VpcId"])["TotalCount"] == 1  # nothing was added

    def test_equal_to_a_custom_route_destination(self, vpc_api: Vpc, world: dict[str, Any]) -> None:
        vpc_api.add_route(world["RouteTableId"], "172.16.8.0/22")
        vpc_api.fail("CreateVSwitch", RegionId=REGION, VpcId=world["VpcId"], ZoneId=ZONE,
                     CidrBlock="172.16.8.0/22").expect(
            400, "InvalidCidrBlock.Overlapped", "Specified CIDR block overlapped with other entry.")  # fmt: skip
        vpc_api.new_vswitch(world["VpcId"], "172.16.8.0/24")  # a subset of the destination is allowed

    def test_zone_of_another_region(self, vpc_api: Vpc, world: dict[str, Any]) -> None:
        vpc_api.fail("CreateVSwitch", RegionId=REGION, VpcId=world["VpcId"], ZoneId="cn-beijing-a",
                     CidrBlock="172.16.1.0/24").expect(404, "InvalidZoneId.NotFound", "Specified zone does not exist.")  # fmt: skip

    def test_unknown_vpc(self, vpc_api: Vpc) -> None:
        vpc_api.fail("CreateVSwitch", RegionId=REGION, VpcId="vpc-bp1nothere000000000000", ZoneId=ZONE,
                     CidrBlock="172.16.1.0/24").expect(404, "InvalidVpcId.NotFound", "Specified VPC does not exist.")  # fmt: skip

    @pytest.mark.parametrize(("field", "value", "code", "message"), [
        ("VSwitchName", "1starts-with-digit", "InvalidVSwitchName.Malformed",
         "Specified virtual switch name is not valid."),
        ("Description", "http://example.com", "InvalidVSwitchDiscription.Malformed",
         "Specified virtual switch description is not valid."),
    ])  # fmt: skip
    def test_bad_name_and_description(self, vpc_api: Vpc, world: dict[str, Any], field: str, value: str, code: str,
                                      message: str) -> None:  # fmt: skip
        vpc_api.fail("CreateVSwitch", RegionId=REGION, VpcId=world["VpcId"], ZoneId=ZONE, CidrBlock="172.16.1.0/24",
                     **{field: value}).expect(400, code, message)  # fmt: skip

    def test_missing_zone(self, vpc_api: Vpc, world: dict[str, Any]) -> None:
        vpc_api.fail("CreateVSwitch", RegionId=REGION, VpcId=world["VpcId"], CidrBlock="172.16.1.0/24").expect(
            400, "MissingParameter",
            'The input parameter "ZoneId" that is mandatory for processing this request is not supplied.')  # fmt: skip


class TestVSwitchStatus:
    def test_pending_vpc_and_pending_vswitch(self, make_server: Callable[..., ServerProcess]) -> None:
        api = Vpc("legacy", make_server("--transition-delay", "1.5").endpoint)
        vpc_id = api.call("CreateVpc", RegionId=REGION, CidrBlock=VPC_CIDR)["VpcId"]
        api.fail("CreateVSwitch", RegionId=REGION, VpcId=vpc_id, ZoneId=ZONE, CidrBlock="172.16.1.0/24").expect(
            400, "IncorrectVpcStatus", "Current VPC status does not support this operation.")  # fmt: skip
        wait_for(lambda: api.vpc(vpc_id)["Status"] == "Available", what="VPC Available")
        vswitch_id = api.new_vswitch(vpc_id, "172.16.1.0/24")
        assert api.vswitches(VSwitchId=vswitch_id)["VSwitches"]["VSwitch"][0]["Status"] == "Pending"
        api.fail("DeleteVSwitch", RegionId=REGION, VSwitchId=vswitch_id).expect(
            400, "IncorrectVSwitchStatus", "The current virtual switch status does not support this operation.")  # fmt: skip
        wait_for(lambda: api.vswitches(VSwitchId=vswitch_id)["VSwitches"]["VSwitch"][0]["Status"] == "Available",
                 what="vSwitch Available")  # fmt: skip
        api.call("DeleteVSwitch", RegionId=REGION, VSwitchId=vswitch_id)

    def test_an_instance_in_the_vswitch_blocks_delete(self, legacy: Vpc, world: dict[str, Any],
                                                      server: ServerProcess) -> None:  # fmt: skip
        ecs = Api("legacy", server.endpoint)
        vswitch_id = legacy.new_vswitch(world["VpcId"], "172.16.3.0/24")
        group = ecs.call("CreateSecurityGroup", RegionId=REGION, VpcId=world["VpcId"])["SecurityGroupId"]
        instance = ecs.call("CreateInstance", RegionId=REGION, InstanceType="ecs.t1.small", VSwitchId=vswitch_id,
                            ImageId="centos_7_9_x64_20G_alibase_20230718.vhd", SecurityGroupId=group)["InstanceId"]  # fmt: skip
        legacy.fail("DeleteVSwitch", RegionId=REGION, VSwitchId=vswitch_id).expect(
            400, "DependencyViolation", "Specified object has dependent resources.")  # fmt: skip
        [vsw] = legacy.vswitches(VSwitchId=vswitch_id)["VSwitches"]["VSwitch"]
        assert vsw["AvailableIpAddressCount"] == 256 - 4 - 1  # the instance holds an address
        ecs.call("DeleteInstance", RegionId=REGION, InstanceId=instance, Force=True)
        legacy.call("DeleteVSwitch", RegionId=REGION, VSwitchId=vswitch_id)


class TestDescribeVSwitches:
    def test_filters_and_paging(self, vpc_api: Vpc, world: dict[str, Any]) -> None:
        vpc_id = world["VpcId"]
        first = vpc_api.new_vswitch(vpc_id, "172.16.1.0/24")
        second = vpc_api.call("CreateVSwitch", RegionId=REGION, VpcId=vpc_id, ZoneId="cn-hangzhou-g",
                              CidrBlock="172.16.2.0/24")["VSwitchId"]  # fmt: skip
        ids = [s["VSwitchId"] for s in vpc_api.vswitches(VpcId=vpc_id)["VSwitches"]["VSwitch"]]
        assert sorted(ids) == sorted([first, second])
        assert [
            s["VSwitchId"] for s in vpc_api.vswitches(VpcId=vpc_id, ZoneId="cn-hangzhou-g")["VSwitches"]["VSwitch"]
        ] == [second]
        assert [s["VSwitchId"] for s in vpc_api.vswitches(VSwitchId=first)["VSwitches"]["VSwitch"]] == [first]
        by_table = vpc_api.vswitches(RouteTableId=world["RouteTableId"])["VSwitches"]["VSwitch"]
        assert sorted(s["VSwitchId"] for s in by_table) == sorted([first, second])
        paged = vpc_api.vswitches(VpcId=vpc_id, PageSize=1, PageNumber=2)
        assert (paged["TotalCount"], paged["PageNumber"], paged["PageSize"]) == (2, 2, 1)
        assert len(paged["VSwitches"]["VSwitch"]) == 1

    def test_an_unknown_vswitch_id_gives_an_empty_list(self, vpc_api: Vpc) -> None:
        found = vpc_api.vswitches(VSwitchId="vsw-bp1nothere000000000000")
        assert (found["TotalCount"], found["VSwitches"]["VSwitch"]) == (0, [])

    def test_an_unknown_vpc_id(self, vpc_api: Vpc) -> None:
        vpc_api.fail("DescribeVSwitches", RegionId=REGION, VpcId="vpc-bp1nothere000000000000").expect(
            400, "Forbidden.VpcNotFound", "Specified VPC can not found.")  # fmt: skip

    def test_page_size_above_50(self, vpc_api: Vpc) -> None:
        vpc_api.fail("DescribeVSwitches", RegionId=REGION, PageSize=51).expect(
            400, "InvalidParameter", 'The specified parameter "PageSize" is not valid.')  # fmt: skip


class TestRouteTables:
    def test_the_vpcs_system_table(self, vpc_api: Vpc, world: dict[str, Any]) -> None:
        vswitch_id = vpc_api.new_vswitch(world["VpcId"], "172.16.1.0/24")
        found = vpc_api.call("DescribeRouteTableList", RegionId=REGION, VpcId=world["VpcId"])
        assert (found["TotalCount"], found["PageNumber"], found["PageSize"]) == (1, 1, 10)
        [table] = found["RouterTableList"]["RouterTableListType"]
        assert (table["RouteTableId"], table["VpcId"], table["RouterId"]) == (
            world["RouteTableId"], world["VpcId"], world["VRouterId"])  # fmt: skip
        assert (table["RouteTableType"], table["RouterType"], table["Status"]) == ("System", "VRouter", "Available")
        assert table["VSwitchIds"]["VSwitchId"] == [vswitch_id]
        assert table["ResourceGroupId"] == world["ResourceGroupId"]
        assert VPC_TIME.fullmatch(table["CreationTime"])
        by_id = vpc_api.call("DescribeRouteTableList", RegionId=REGION, RouteTableId=world["RouteTableId"])
        assert [t["RouteTableId"] for t in by_id["RouterTableList"]["RouterTableListType"]] == [world["RouteTableId"]]
        vbr = vpc_api.call("DescribeRouteTableList", RegionId=REGION, VpcId=world["VpcId"], RouterType="VBR")
        assert vbr["TotalCount"] == 0


class TestRouteEntries:
    def test_create_describe_delete(self, vpc_api: Vpc, world: dict[str, Any]) -> None:
        table = world["RouteTableId"]
        created = vpc_api.add_route(table, "192.168.0.0/24", "HaVip", "havip-bp1x", RouteEntryName="office",
                                    Description="to the office")  # fmt: skip
        assert created["RouteEntryId"].startswith("rte-")
        [entry] = vpc_api.entries(table, RouteEntryType="Custom")
        assert (entry["RouteEntryId"], entry["RouteTableId"], entry["DestinationCidrBlock"]) == (
            created["RouteEntryId"], table, "192.168.0.0/24")  # fmt: skip
        assert (entry["Type"], entry["Status"], entry["RouteEntryName"], entry["Description"]) == (
            "Custom", "Available", "office", "to the office")  # fmt: skip
        [hop] = entry["NextHops"]["NextHop"]
        assert (hop["NextHopType"], hop["NextHopId"]) == ("HaVip", "havip-bp1x")
        assert destinations(vpc_api.entries(table, RouteEntryType="System")) == ["100.64.0.0/10"]

        vpc_api.call("DeleteRouteEntry", RegionId=REGION, RouteEntryId=created["RouteEntryId"])
        assert vpc_api.entries(table, RouteEntryType="Custom") == []

    def test_delete_by_table_and_destination(self, vpc_api: Vpc, world: dict[str, Any]) -> None:
        table = world["RouteTableId"]
        vpc_api.add_route(table, "47.100.1.2")  # a bare address is a /32 route
        assert destinations(vpc_api.entries(table), "Custom") == ["47.100.1.2/32"]
        vpc_api.call("DeleteRouteEntry", RegionId=REGION, RouteTableId=table, DestinationCidrBlock="47.100.1.2/32")
        assert vpc_api.entries(table, RouteEntryType="Custom") == []

    def test_instance_next_hop_must_be_in_the_vpc(self, legacy: Vpc, world: dict[str, Any],
                                                  server: ServerProcess) -> None:  # fmt: skip
        ecs = Api("legacy", server.endpoint)
        vswitch_id = legacy.new_vswitch(world["VpcId"], "172.16.5.0/24")
        group = ecs.call("CreateSecurityGroup", RegionId=REGION, VpcId=world["VpcId"])["SecurityGroupId"]
        instance = ecs.call("CreateInstance", RegionId=REGION, InstanceType="ecs.t1.small", VSwitchId=vswitch_id,
                            ImageId="centos_7_9_x64_20G_alibase_20230718.vhd", SecurityGroupId=group)["InstanceId"]  # fmt: skip
        # NextHopType defaults to Instance.
        legacy.call("CreateRouteEntry", RegionId=REGION, RouteTableId=world["RouteTableId"],
                    DestinationCidrBlock="0.0.0.0/0", NextHopId=instance)  # fmt: skip
        [entry] = legacy.entries(world["RouteTableId"], RouteEntryType="Custom")
        assert entry["NextHops"]["NextHop"][0]["NextHopType"] == "Instance"
        assert entry["NextHops"]["NextHop"][0]["NextHopId"] == instance
        other = legacy.new_vpc()
        legacy.fail("CreateRouteEntry", RegionId=REGION, RouteTableId=other["RouteTableId"],
                    DestinationCidrBlock="0.0.0.0/0", NextHopId=instance).expect(
            404, "InvalidNextHopId.NotFound", "Specified next hop does not exist.")  # fmt: skip

    @pytest.mark.parametrize(("destination", "status", "code", "message"), [
        ("192.168.7.0/24", 400, "InvalidCIDRBlock.Duplicate", "Specified CIDR block is already exists."),
        ("100.64.0.0/10", 400, "InvalidCidrBlock", NOT_VALID_CIDR),
        ("100.100.2.0/24", 400, "InvalidCidrBlock", NOT_VALID_CIDR),
        ("172.16.1.0/24", 400, "InvalidCidrBlock", NOT_VALID_CIDR),
        ("172.16.1.64/26", 400, "InvalidCidrBlock", NOT_VALID_CIDR),
        ("192.168.7.1/24", 400, "InvalidCidrBlock.Malformed", NOT_VALID_CIDR),
        ("nowhere", 400, "InvalidCidrBlock.Malformed", NOT_VALID_CIDR),
    ])  # fmt: skip
    def test_destination_rules(self, vpc_api: Vpc, world: dict[str, Any], destination: str, status: int, code: str,
                               message: str) -> None:  # fmt: skip
        vpc_api.new_vswitch(world["VpcId"], "172.16.1.0/24")
        vpc_api.add_route(world["RouteTableId"], "192.168.7.0/24")
        vpc_api.fail("CreateRouteEntry", RegionId=REGION, RouteTableId=world["RouteTableId"],
                     DestinationCidrBlock=destination, NextHopType="HaVip", NextHopId="havip-2").expect(
            status, code, message)  # fmt: skip
        assert destinations(vpc_api.entries(world["RouteTableId"]), "Custom") == ["192.168.7.0/24"]

    def test_a_destination_containing_a_vswitch_is_allowed(self, vpc_api: Vpc, world: dict[str, Any]) -> None:
        vpc_api.new_vswitch(world["VpcId"], "172.16.1.0/24")
        vpc_api.add_route(world["RouteTableId"], "0.0.0.0/0")

    def test_unknown_table_and_missing_next_hop(self, vpc_api: Vpc, world: dict[str, Any]) -> None:
        vpc_api.fail("CreateRouteEntry", RegionId=REGION, RouteTableId="vtb-bp1nothere000000000000",
                     DestinationCidrBlock="192.168.1.0/24", NextHopType="HaVip", NextHopId="h-1").expect(
            404, "InvalidRouteTableId.NotFound", "Specified route table does not exist.")  # fmt: skip
        vpc_api.fail("CreateRouteEntry", RegionId=REGION, RouteTableId=world["RouteTableId"],
                     DestinationCidrBlock="192.168.1.0/24", NextHopType="HaVip").expect(
            400, "MissingParameter", "Miss mandatory parameter.")  # fmt: skip
        vpc_api.fail("CreateRouteEntry", RegionId=REGION, RouteTableId=world["RouteTableId"],
                     DestinationCidrBlock="192.168.1.0/24", NextHopType="Wormhole", NextHopId="w-1").expect(
            400, "InvalidNextHopType", 'Specified parameter "NextHopType" is not valid')  # fmt: skip

    def test_48_custom_entries_per_table(self, legacy: Vpc, world: dict[str, Any]) -> None:
        for n in range(48):
            legacy.add_route(world["RouteTableId"], f"192.168.{n}.0/24")
        legacy.fail("CreateRouteEntry", RegionId=REGION, RouteTableId=world["RouteTableId"],
                    DestinationCidrBlock="192.168.100.0/24", NextHopType="HaVip", NextHopId="havip-1").expect(
            400, "QuotaExceeded", "Route entry quota exceeded in this route table.")  # fmt: skip

    def test_delete_errors(self, vpc_api: Vpc, world: dict[str, Any]) -> None:
        table = world["RouteTableId"]
        vpc_api.fail("DeleteRouteEntry", RegionId=REGION, RouteEntryId="rte-bp1nothere000000000000").expect(
            400, "InvalidRouteEntry.NotFound", "Route entry not exists.")  # fmt: skip
        vpc_api.fail("DeleteRouteEntry", RegionId=REGION, RouteTableId=table,
                     DestinationCidrBlock="100.64.0.0/10").expect(
            400, "OperationDenied", "Specified operation is denied as route entry type is system.")  # fmt: skip
        vpc_api.fail("DeleteRouteEntry", RegionId=REGION, RouteTableId=table).expect(
            400, "MissingParameter", "Miss mandatory parameter.")  # fmt: skip
        assert destinations(vpc_api.entries(table), "System") == ["100.64.0.0/10"]

    def test_describe_filters_and_pages(self, legacy: Vpc, vpc_api: Vpc, world: dict[str, Any]) -> None:
        table = world["RouteTableId"]
        for n in range(24):
            legacy.add_route(table, f"192.168.{n}.0/24")
        first = vpc_api.call("DescribeRouteEntryList", RegionId=REGION, RouteTableId=table, MaxResult=20)
        assert first["TotalCount"] == 25  # the 24 custom entries and 100.64.0.0/10
        assert len(first["RouteEntrys"]["RouteEntry"]) == 20 and first["NextToken"]
        rest = vpc_api.call("DescribeRouteEntryList", RegionId=REGION, RouteTableId=table, MaxResult=20,
                            NextToken=first["NextToken"])  # fmt: skip
        assert len(rest["RouteEntrys"]["RouteEntry"]) == 5 and not rest.get("NextToken")
        seen = {e["RouteEntryId"] for e in first["RouteEntrys"]["RouteEntry"] + rest["RouteEntrys"]["RouteEntry"]}
        assert len(seen) == 25
        picked = vpc_api.entries(table, DestCidrBlockList=["192.168.3.0/24", "192.168.9.0/24"])
        assert destinations(picked) == ["192.168.3.0/24", "192.168.9.0/24"]
        assert destinations(vpc_api.entries(table, DestinationCidrBlock="192.168.4.0/24")) == ["192.168.4.0/24"]
        vpc_api.fail("DescribeRouteEntryList", RegionId=REGION, RouteTableId="vtb-bp1nothere000000000000").expect(
            404, "InvalidRouteTableId.NotFound", "Specified route table does not exist.")  # fmt: skip


class TestRoutesAndClassicLink:
    def test_ten_slash_eight_route_and_enabling_classic_link(self, vpc_api: Vpc, world: dict[str, Any]) -> None:
        vpc_id, table = world["VpcId"], world["RouteTableId"]
        # L7: a custom 10.0.0.0/8 route blocks enabling ClassicLink.
        created = vpc_api.add_route(table, "10.0.0.0/8")
        vpc_api.fail("EnableVpcClassicLink", RegionId=REGION, VpcId=vpc_id).expect(
            400, "RouteConflict.AlreadyExist", "Route conflict exists in routing table.")  # fmt: skip
        assert vpc_api.vpc(vpc_id)["ClassicLinkEnabled"] is False
        vpc_api.call("DeleteRouteEntry", RegionId=REGION, RouteEntryId=created["RouteEntryId"])
        vpc_api.call("EnableVpcClassicLink", RegionId=REGION, VpcId=vpc_id)
        # Open question 4: while enabled, the same route is refused.
        vpc_api.fail("CreateRouteEntry", RegionId=REGION, RouteTableId=table, DestinationCidrBlock="10.0.0.0/8",
                     NextHopType="HaVip", NextHopId="havip-1").expect(400, "InvalidCidrBlock", NOT_VALID_CIDR)  # fmt: skip
        vpc_api.add_route(table, "10.1.0.0/16")  # a subnet of 10/8 is fine under the default "exact" rule

    def test_within_mode_refuses_subnets_of_ten(self, make_server: Callable[..., ServerProcess]) -> None:
        api = Vpc("legacy", make_server("--transition-delay", "0", "--route-conflict", "within").endpoint)
        created = api.new_vpc(enable=True)
        api.fail("CreateRouteEntry", RegionId=REGION, RouteTableId=created["RouteTableId"],
                 DestinationCidrBlock="10.1.0.0/16", NextHopType="HaVip", NextHopId="havip-1").expect(
            400, "InvalidCidrBlock", NOT_VALID_CIDR)  # fmt: skip
        api.add_route(created["RouteTableId"], "192.168.0.0/16")


class TestRegionsAndZones:
    @pytest.mark.parametrize(("language", "hangzhou"), [
        (None, "华东1（杭州）"), ("zh-CN", "华东1（杭州）"), ("en-US", "China (Hangzhou)"), ("ja", "中国 (杭州)"),
    ])  # fmt: skip
    def test_describe_regions(self, vpc_api: Vpc, language: str | None, hangzhou: str) -> None:
        params = {"AcceptLanguage": language} if language else {}
        regions = {r["RegionId"]: r for r in vpc_api.call("DescribeRegions", **params)["Regions"]["Region"]}
        assert regions["cn-hangzhou"]["LocalName"] == hangzhou
        # V-REG: central regions answer on vpc.aliyuncs.com, the others on vpc.<region>.aliyuncs.com.
        assert regions["cn-qingdao"]["RegionEndpoint"] == "vpc.aliyuncs.com"
        assert regions["eu-central-1"]["RegionEndpoint"] == "vpc.eu-central-1.aliyuncs.com"
        assert {"cn-hangzhou", "cn-beijing", "ap-southeast-1", "us-east-1"} <= set(regions)

    def test_describe_zones(self, vpc_api: Vpc) -> None:
        zones = {z["ZoneId"]: z for z in vpc_api.call("DescribeZones", RegionId=REGION)["Zones"]["Zone"]}
        assert zones[ZONE]["LocalName"] == "华东 1 可用区 B"  # the page's own sample
        assert all(z.startswith("cn-hangzhou-") for z in zones)
        beijing = vpc_api.call("DescribeZones", RegionId="cn-beijing", AcceptLanguage="en-US")["Zones"]["Zone"]
        assert beijing and all(z["ZoneId"].startswith("cn-beijing-") for z in beijing)
        # Every zone listed takes a vSwitch, and only those do.
        assert "cn-beijing-a" not in zones

    def test_describe_zones_in_an_unknown_region(self, vpc_api: Vpc) -> None:
        vpc_api.fail("DescribeZones", RegionId="mars-north-1").expect(
            404, "InvalidRegionId.NotFound", 'Specified value of "regionId" is not supported.')  # fmt: skip

    def test_every_listed_zone_takes_a_vswitch(self, legacy: Vpc, world: dict[str, Any]) -> None:
        zones = [z["ZoneId"] for z in legacy.call("DescribeZones", RegionId=REGION)["Zones"]["Zone"]]
        for n, zone in enumerate(zones):
            legacy.call("CreateVSwitch", RegionId=REGION, VpcId=world["VpcId"], ZoneId=zone,
                        CidrBlock=f"172.16.{n}.0/24")  # fmt: skip
        assert legacy.vswitches(VpcId=world["VpcId"], PageSize=50)["TotalCount"] == len(zones)
