"""Consumers' security-group rule calls replayed against a real server: Terraform's
alicloud_security_group_rule (create, read, delete through the Tea SDK, with the parameters the provider
sends and the fields it reads) and footmark 1.26.0's authorize_security_group / revoke_security_group.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import footmark.ecs
import pytest
from aliyunsdkcore.endpoint.default_endpoint_resolver import DefaultEndpointResolver
from aliyunsdkcore.profile import region_provider

from support.sdk import ACCESS_KEY_ID, ACCESS_KEY_SECRET, REGION, Api, make_classic_group, make_vpc
from support.server import ServerProcess

pytestmark = pytest.mark.e2e


def test_terraform_security_group_rule_create_read_delete(server: ServerProcess) -> None:
    tea = Api("tea", server.endpoint)
    vpc = make_vpc(tea)
    group = str(tea.call("CreateSecurityGroup", RegionId=REGION, VpcId=vpc)["SecurityGroupId"])
    # Create: the resource's arguments as the provider sends them (type ingress, nic_type intranet for a VPC
    # group, policy accept, priority 1, cidr_ip).
    rule = {"IpProtocol": "tcp", "PortRange": "22/22", "NicType": "intranet", "Policy": "accept", "Priority": "1",
            "SourceCidrIp": "0.0.0.0/0", "Description": "terraform"}  # fmt: skip
    tea.call("AuthorizeSecurityGroup", RegionId=REGION, SecurityGroupId=group, **rule)
    # Read: DescribeSecurityGroupAttribute filtered by Direction and NicType; the provider finds its rule by
    # protocol (compared case-insensitively), port range, CIDR, policy and priority, and reads them back.
    found = tea.call("DescribeSecurityGroupAttribute", RegionId=REGION, SecurityGroupId=group, Direction="ingress",
                     NicType="intranet")  # fmt: skip
    [permission] = [p for p in found["Permissions"]["Permission"]
                    if p["IpProtocol"].lower() == "tcp" and p["PortRange"] == "22/22"
                    and p["SourceCidrIp"] == "0.0.0.0/0" and p["Policy"].lower() == "accept" and p["Priority"] == "1"]  # fmt: skip
    assert (permission["NicType"], permission["Description"], permission["Direction"]) == ("intranet", "terraform", "ingress")
    assert permission["SecurityGroupRuleId"].startswith("sgr-")
    # Delete: RevokeSecurityGroup with the same parameters; the read after it finds nothing.
    tea.call("RevokeSecurityGroup", RegionId=REGION, SecurityGroupId=group,
             **{k: v for k, v in rule.items() if k != "Description"})  # fmt: skip
    found = tea.call("DescribeSecurityGroupAttribute", RegionId=REGION, SecurityGroupId=group, Direction="ingress",
                     NicType="intranet")  # fmt: skip
    assert found["Permissions"]["Permission"] == []


@pytest.fixture
def ecs(server: ServerProcess) -> Iterator[Any]:
    """footmark's ECSConnection, pointed at the server through aliyunsdkcore's endpoint resolver."""
    region_provider.modify_point("Ecs", REGION, f"http://{server.endpoint}")
    yield footmark.ecs.connect_to_region(REGION, acs_access_key_id=ACCESS_KEY_ID,
                                         acs_secret_access_key=ACCESS_KEY_SECRET, user_agent="Ansible-Provider-Alicloud")
    DefaultEndpointResolver.predefined_endpoint_resolver.endpoints_data.pop(f"ecs.{REGION}", None)


def test_footmark_authorize_and_revoke(server: ServerProcess, ecs: Any) -> None:
    group = make_classic_group(Api("legacy", server.endpoint))
    assert ecs.authorize_security_group(security_group_id=group, ip_protocol="tcp", port_range="80/80",
                                        source_cidr_ip="10.0.0.0/8", priority="1", policy="accept")  # fmt: skip
    assert ecs.authorize_security_group_egress(security_group_id=group, ip_protocol="all", port_range="-1/-1",
                                               dest_cidr_ip="0.0.0.0/0")  # fmt: skip
    attribute = ecs.describe_security_group_attribute(security_group_id=group)
    permissions = attribute.permissions
    assert [(p["direction"], p["ip_protocol"], p["port_range"]) for p in permissions] == [
        ("ingress", "TCP", "80/80"), ("egress", "ALL", "-1/-1")]
    assert ecs.revoke_security_group(security_group_id=group, ip_protocol="tcp", port_range="80/80",
                                     source_cidr_ip="10.0.0.0/8")  # fmt: skip
    assert ecs.revoke_security_group_egress(security_group_id=group, ip_protocol="all", port_range="-1/-1",
                                            dest_cidr_ip="0.0.0.0/0")  # fmt: skip
    assert ecs.describe_security_group_attribute(security_group_id=group).permissions == []
