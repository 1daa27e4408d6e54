"""Terraform's alicloud_security_group, replayed: Create -> Read -> Update (name, description, inner access,
resource group, tags) -> Delete through the Tea SDK in the order docs/consumers/terraform-alicloud_security_group.md
lists (all Tea RPC), asserting on the fields the provider reads and the answers it depends on."""

from __future__ import annotations

import uuid
from typing import Any

from support.ecs_world import IMAGE, INSTANCE_TYPE
from support.sdk import REGION, Api, make_vpc
from support.server import ServerProcess


def token() -> str:
    return f"TF-sg-{uuid.uuid4()}"[:64]


def read(tea: Api, group_id: str) -> dict[str, Any] | None:
    """Read (RG 149-197): DescribeSecurityGroups by id — the first item is taken without comparing its id, so
    the filter must filter — then DescribeSecurityGroupAttribute for InnerAccessPolicy."""
    groups = tea.call("DescribeSecurityGroups", RegionId=REGION, SecurityGroupId=group_id)["SecurityGroups"]
    found = groups["SecurityGroup"]
    if not found:
        return None  # NotFoundError: removed from state
    group = found[0]
    attribute = tea.call("DescribeSecurityGroupAttribute", RegionId=REGION, SecurityGroupId=group_id)
    return {
        "id": group["SecurityGroupId"], "name": group["SecurityGroupName"], "description": group["Description"],
        "vpc_id": group["VpcId"], "type": group["SecurityGroupType"], "resource_group_id": group["ResourceGroupId"],
        "create_time": group["CreationTime"], "tags": {t["TagKey"]: t["TagValue"] for t in group["Tags"]["Tag"]},
        "inner_access_policy": attribute["InnerAccessPolicy"],
    }  # fmt: skip


def test_alicloud_security_group_lifecycle(server: ServerProcess) -> None:
    tea = Api("tea", server.endpoint)
    vpc = make_vpc(tea)
    other = str(tea.call("CreateSecurityGroup", RegionId=REGION, VpcId=vpc)["SecurityGroupId"])  # a neighbour

    # Create: CreateSecurityGroup with a ClientToken and the tags; then DescribeSecurityGroupAttribute.
    # Terraform sends RpcPost with flat query parameters: the generic Tea call, as the provider does.
    created = tea.generic_call("CreateSecurityGroup", RegionId=REGION, ClientToken=token(), VpcId=vpc,
                               SecurityGroupName="tf-web", Description="web tier", SecurityGroupType="normal",
                               **{"Tag.1.Key": "team", "Tag.1.Value": "web"})  # fmt: skip
    group_id = created["SecurityGroupId"]
    state = read(tea, group_id)
    assert state is not None and state["id"] == group_id != other  # the id filter filtered
    assert (state["name"], state["description"], state["vpc_id"], state["type"]) == ("tf-web", "web tier", vpc,
                                                                                     "normal")  # fmt: skip
    assert state["tags"] == {"team": "web"} and state["create_time"].endswith("Z")
    assert state["inner_access_policy"] == "Accept"  # a normal group's default
    assert state["resource_group_id"].startswith("rg-")

    # Update name and description: ModifySecurityGroupAttribute; Read shows them.
    tea.call("ModifySecurityGroupAttribute", RegionId=REGION, SecurityGroupId=group_id,
             SecurityGroupName="tf-web-2", Description="web tier, renamed")  # fmt: skip
    state = read(tea, group_id)
    assert state is not None and (state["name"], state["description"]) == ("tf-web-2", "web tier, renamed")

    # inner_access_policy = Drop: DescribeSecurityGroupAttribute, then ModifySecurityGroupPolicy.
    tea.call("DescribeSecurityGroupAttribute", RegionId=REGION, SecurityGroupId=group_id)
    tea.call("ModifySecurityGroupPolicy", RegionId=REGION, SecurityGroupId=group_id, ClientToken=token(),
             InnerAccessPolicy="Drop")  # fmt: skip
    assert read(tea, group_id)["inner_access_policy"] == "Drop"  # type: ignore[index]

    # resource_group_id: JoinResourceGroup with the account's (only) group reads back.
    group = state["resource_group_id"]
    tea.call("JoinResourceGroup", RegionId=REGION, ResourceId=group_id, ResourceType="securitygroup",
             ResourceGroupId=group)  # fmt: skip
    assert read(tea, group_id)["resource_group_id"] == group  # type: ignore[index]

    # Tags: UntagResources of the removed keys, TagResources of the new ones (ResourceType securitygroup).
    tea.generic_call("UntagResources", RegionId=REGION, ResourceType="securitygroup", **{"ResourceId.1": group_id,
                                                                               "TagKey.1": "team"})  # fmt: skip
    tea.generic_call("TagResources", RegionId=REGION, ResourceType="securitygroup",
             **{"ResourceId.1": group_id, "Tag.1.Key": "env", "Tag.1.Value": "prod"})  # fmt: skip
    assert read(tea, group_id)["tags"] == {"env": "prod"}  # type: ignore[index]

    # Delete while an instance is in the group: a DependencyViolation code, which the provider retries.
    vswitch = str(tea.call("CreateVSwitch", RegionId=REGION, VpcId=vpc, ZoneId="cn-hangzhou-i",
                           CidrBlock="172.16.9.0/24")["VSwitchId"])  # fmt: skip
    member = tea.call("RunInstances", RegionId=REGION, InstanceType=INSTANCE_TYPE, ImageId=IMAGE,
                      SecurityGroupId=group_id, VSwitchId=vswitch)["InstanceIdSets"]["InstanceIdSet"][0]  # fmt: skip
    refused = tea.fail("DeleteSecurityGroup", RegionId=REGION, SecurityGroupId=group_id)
    assert refused.code.startswith("DependencyViolation")
    tea.call("DeleteInstance", InstanceId=member, Force=True)

    # Delete: DeleteSecurityGroup; the next Read gets an empty list and drops the resource.
    tea.call("DeleteSecurityGroup", RegionId=REGION, SecurityGroupId=group_id)
    assert read(tea, group_id) is None
    # A Delete of a group already gone: 404 with NotFound, which the provider counts as success.
    gone = tea.fail("DeleteSecurityGroup", RegionId=REGION, SecurityGroupId=group_id)
    assert gone.status == 404 and "NotFound" in gone.code
