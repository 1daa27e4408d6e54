"""footmark 1.26.0's VPC connection methods around vSwitches, route tables, vRouters and tags, unchanged,
against a real server (docs/consumers/footmark.md lists what each sends; docs/clients/footmark-ansible.md how
footmark is pointed at the server)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import footmark.vpc
import pytest
from aliyunsdkcore.endpoint.default_endpoint_resolver import DefaultEndpointResolver
from aliyunsdkcore.profile import region_provider

from support.sdk import ACCESS_KEY_ID, ACCESS_KEY_SECRET, Api
from support.server import ServerProcess

pytestmark = pytest.mark.e2e

REGION = "cn-hangzhou"


@pytest.fixture
def vpc_connection(server: ServerProcess) -> Iterator[Any]:
    region_provider.modify_point("Vpc", REGION, f"http://{server.endpoint}")
    yield footmark.vpc.connect_to_region(REGION, acs_access_key_id=ACCESS_KEY_ID,
                                         acs_secret_access_key=ACCESS_KEY_SECRET,
                                         user_agent="Ansible-Provider-Alicloud")  # fmt: skip
    DefaultEndpointResolver.predefined_endpoint_resolver.endpoints_data.pop(f"vpc.{REGION}", None)


def test_vswitch_route_table_vrouter_and_tag_methods(server: ServerProcess, vpc_connection: Any) -> None:
    conn = vpc_connection
    legacy = Api("legacy", server.endpoint)
    created = conn.create_vpc(cidr_block="172.16.0.0/12", vpc_name="fm-vpc")
    vswitch = conn.create_vswitch(vpc_id=created.id, zone_id="cn-hangzhou-h", cidr_block="172.16.4.0/24",
                                  vswitch_name="fm-vsw")  # fmt: skip

    # modify_vswitch_attribute: ModifyVSwitchAttribute; the new name reads back.
    assert conn.modify_vswitch_attribute(vswitch_id=vswitch.id, vswitch_name="fm-vsw-2", description="renamed")
    attributes = legacy.call("DescribeVSwitchAttributes", RegionId=REGION, VSwitchId=vswitch.id)
    assert (attributes["VSwitchName"], attributes["Description"]) == ("fm-vsw-2", "renamed")

    # describe_route_tables / get_all_route_entries: DescribeRouteTables of the VPC's router; its system entries.
    vpc_attribute = legacy.call("DescribeVpcAttribute", RegionId=REGION, VpcId=created.id)
    router = vpc_attribute["VRouterId"]
    tables = conn.describe_route_tables(vrouter_id=router)
    assert [t.id for t in tables] and all(t.vrouter_id == router for t in tables)
    entries = conn.get_all_route_entries(vrouter_id=router)
    assert any(e.destination_cidr_block == "172.16.4.0/24" for e in entries)  # the vSwitch's system route

    # get_all_vrouters: DescribeVRouters. footmark returns (False, True) when the answer had a body, and
    # (False, [{"Error Code": ...}]) when the call failed; the router itself is checked through the SDK.
    assert conn.get_all_vrouters(vrouter_id=router) == (False, True)
    routers = legacy.call("DescribeVRouters", RegionId=REGION, VRouterId=router)["VRouters"]["VRouter"]
    assert [(r["VRouterId"], r["VpcId"]) for r in routers] == [(router, created.id)]

    # tag_resources / list_tag_resources / un_tag_resources on the VPC.
    tagged = conn.tag_resources(resource_ids=[created.id], resource_type="VPC", tags={"team": "fm"})
    assert tagged
    assert conn.list_tag_resources(resource_ids=[created.id], resource_type="VPC") == {"team": "fm"}
    assert conn.un_tag_resources(resource_ids=[created.id], resource_type="VPC", tags={"team": "fm"})
    assert conn.list_tag_resources(resource_ids=[created.id], resource_type="VPC") == {}
