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


def _terraform_read(api: Api, group: str, direction: str, protocol: str, ports: str, cidr: str) -> dict[str, Any] | None:
    """The provider's DescribeSecurityGroupRule (docs/consumers/terraform-alicloud_security_group_rule.md): filter
    by Direction and NicType, then the first permission with the lower-cased protocol, the port range, the
    direction's CIDR, the lower-cased policy and the priority as a string."""
    found = api.call("DescribeSecurityGroupAttribute", RegionId=REGION, SecurityGroupId=group, Direction=direction,
                     NicType="intranet")  # fmt: skip
    side = "SourceCidrIp" if direction == "ingress" else "DestCidrIp"
    return next((p for p in found["Permissions"]["Permission"]
                 if p["IpProtocol"].lower() == protocol and p["PortRange"] == ports and p[side] == cidr
                 and p["Policy"].lower() == "accept" and p["Priority"] == "1"), None)  # fmt: skip


@pytest.mark.parametrize("direction", ["ingress", "egress"])
def test_terraform_security_group_rule_create_read_update_delete(server: ServerProcess, direction: str) -> None:
    """The replay sequence of docs/consumers/terraform-alicloud_security_group_rule.md: Authorize in the
    Permissions.1.* form through Tea, Read, Update of `description` (Modify sent twice, both must succeed),
    Delete (Revoke with the query parameters), and a Delete after the group is gone."""
    tea, legacy = Api("tea", server.endpoint), Api("legacy", server.endpoint)
    vpc = make_vpc(tea)
    group = str(tea.call("CreateSecurityGroup", RegionId=REGION, VpcId=vpc)["SecurityGroupId"])
    side = "SourceCidrIp" if direction == "ingress" else "DestCidrIp"
    suffix = "" if direction == "ingress" else "Egress"
    # 1. DescribeSecurityGroup: the group's VpcId decides that nic_type must be intranet.
    assert legacy.call("DescribeSecurityGroupAttribute", RegionId=REGION, SecurityGroupId=group)["VpcId"] == vpc
    # 2. Create: one permission flattened as Permissions.1.*, no ClientToken.
    permission = {"IpProtocol": "tcp", "PortRange": "22/22", side: "10.0.0.0/8", "Policy": "accept", "Priority": "1",
                  "NicType": "intranet", "Description": "terraform"}  # fmt: skip
    tea.generic_call(f"AuthorizeSecurityGroup{suffix}", RegionId=REGION, SecurityGroupId=group,
                     **{f"Permissions.1.{k}": v for k, v in permission.items()})  # fmt: skip
    # 3. Read: the fields the provider sets into its state.
    found = _terraform_read(legacy, group, direction, "tcp", "22/22", "10.0.0.0/8")
    assert found is not None
    assert (found["Direction"], found["NicType"], found["Description"]) == (direction, "intranet", "terraform")
    assert found["SecurityGroupRuleId"].startswith("sgr-") and int(found["Priority"]) == 1
    # 4. Update description: ModifySecurityGroup[Egress]Rule with the match parameters, sent twice.
    match = {k: v for k, v in permission.items() if k != "Description"}
    for _ in range(2):
        legacy.generic_call(f"ModifySecurityGroup{suffix}Rule", RegionId=REGION, SecurityGroupId=group,
                            Description="changed", **match)  # fmt: skip
    changed = _terraform_read(legacy, group, direction, "tcp", "22/22", "10.0.0.0/8")
    assert changed is not None and changed["Description"] == "changed"
    assert changed["SecurityGroupRuleId"] == found["SecurityGroupRuleId"]  # the same rule, modified in place
    # 6. Delete: Revoke with the same query parameters; the Read then finds nothing (Terraform: gone).
    legacy.generic_call(f"RevokeSecurityGroup{suffix}", RegionId=REGION, SecurityGroupId=group, **match)
    assert _terraform_read(legacy, group, direction, "tcp", "22/22", "10.0.0.0/8") is None
    # 7. A Delete after the group is gone: the describe's InvalidSecurityGroupId.NotFound counts as success.
    tea.call("DeleteSecurityGroup", RegionId=REGION, SecurityGroupId=group)
    gone = legacy.fail("DescribeSecurityGroupAttribute", RegionId=REGION, SecurityGroupId=group)
    assert gone.code == "InvalidSecurityGroupId.NotFound"


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
