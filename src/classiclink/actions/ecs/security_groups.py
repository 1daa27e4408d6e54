"""ECS 2014-05-26: CreateSecurityGroup, DescribeSecurityGroups, DeleteSecurityGroup (api-spec §4.8)."""

from __future__ import annotations

from typing import Any

from ...domain import security_groups
from ...domain.model import SecurityGroup
from ...domain.ports import UnitOfWork
from ..spec import ECS_VERSION, Bool, Call, Int, JsonList, Param, Str, action, arn, page
from ..timefmt import vpc_time
from .common import CLIENT_TOKEN, DRY_RUN, ECS_REGION, MAX_RESULTS, NEXT_TOKEN, TAGS, token_page


def group_arn(call: Call) -> list[str]:
    return [arn("ecs", call, f"securitygroup/{call['SecurityGroupId'] or '*'}")]


def all_groups_arn(call: Call) -> list[str]:
    return [arn("ecs", call, "securitygroup/*")]


@action(
    ECS_VERSION,
    "CreateSecurityGroup",
    ECS_REGION,
    Param("VpcId", Str(max_len=64), default=""),
    # Length and shape are checked in the domain, which answers the API's own error codes.
    Param("SecurityGroupName", Str(), default=""),
    Param("Description", Str(), default=""),
    Param("SecurityGroupType", Str(choices=security_groups.GROUP_TYPES), default="normal"),
    Param("ResourceGroupId", Str(max_len=64), default=""),
    Param("ServiceManaged", Bool(), default=False),
    CLIENT_TOKEN,
    TAGS,
    resources=all_groups_arn,
    client_token=True,
)
def create_security_group(call: Call, uow: UnitOfWork) -> dict[str, Any]:
    group = security_groups.create(
        uow, call.account_id, call.region_id, call.now,
        security_groups.GroupRequest(
            vpc_id=call["VpcId"], name=call["SecurityGroupName"], description=call["Description"],
            group_type=call["SecurityGroupType"], resource_group_id=call["ResourceGroupId"], tags=call["Tag"],
        ),
    )  # fmt: skip
    return {"SecurityGroupId": group.id, "RequestId": ""}  # RequestId last, as in the sample


def group_view(group: SecurityGroup, uow: UnitOfWork, with_count: bool) -> dict[str, Any]:
    view: dict[str, Any] = {
        "CreationTime": vpc_time(group.created_at),
        "Tags": {"Tag": [{"TagKey": t.get("Key", ""), "TagValue": t.get("Value", "")} for t in group.tags]},
        "SecurityGroupId": group.id,
        "Description": group.description,
        "SecurityGroupName": group.name,
        "ResourceGroupId": group.resource_group_id,
        "SecurityGroupType": group.group_type,
        "VpcId": group.vpc_id,
    }
    if with_count:
        members = security_groups.members(uow, group)
        view["AvailableInstanceAmount"] = max(security_groups.CAPACITY.get(group.group_type, 2000) - members, 0)
        view["EcsCount"] = members
    # No rules are modelled: a new group has none.
    view.update(GroupToGroupRuleCount=0, RuleCount=0, ServiceManaged=False)
    return view


@action(
    ECS_VERSION,
    "DescribeSecurityGroups",
    ECS_REGION,
    Param("VpcId", Str(max_len=64)),
    Param("NetworkType", Str(choices=security_groups.NETWORK_TYPES)),
    Param("SecurityGroupId", Str(max_len=64)),
    Param("SecurityGroupIds", JsonList(max_items=100)),
    Param("SecurityGroupName", Str(max_len=128)),
    Param("SecurityGroupType", Str(choices=security_groups.GROUP_TYPES)),
    Param("FuzzyQuery", Bool(), default=False),
    Param("IsQueryEcsCount", Bool(), default=False),
    Param("ResourceGroupId", Str(max_len=64)),
    Param("ServiceManaged", Bool()),
    Param("PageNumber", Int(minimum=1), default=1),
    Param("PageSize", Int(minimum=1, maximum=50), default=10),
    NEXT_TOKEN,
    MAX_RESULTS,
    DRY_RUN,
    TAGS,
    resources=all_groups_arn,
)
def describe_security_groups(call: Call, uow: UnitOfWork) -> dict[str, Any]:
    found = security_groups.find(
        uow, call.account_id, call.region_id,
        security_groups.GroupFilter(
            vpc_id=call["VpcId"], network_type=call["NetworkType"], group_id=call["SecurityGroupId"],
            group_ids=call["SecurityGroupIds"], name=call["SecurityGroupName"], fuzzy=call["FuzzyQuery"],
            group_type=call["SecurityGroupType"], resource_group_id=call["ResourceGroupId"], tags=call["Tag"],
        ),
    )  # fmt: skip
    if call["ServiceManaged"]:
        found = []  # no group is managed by a cloud service here
    token_mode = call["NextToken"] is not None or call["MaxResults"] is not None
    if token_mode:
        shown, next_token = token_page(found, call["NextToken"], call["MaxResults"])
    else:
        shown, next_token = page(found, call["PageNumber"], call["PageSize"]), ""
    # The sample's order; RequestId sits between RegionId and SecurityGroups.
    body: dict[str, Any] = {} if token_mode else {"PageNumber": call["PageNumber"]}
    body["TotalCount"] = len(found)
    if not token_mode:
        body["PageSize"] = call["PageSize"]
    body.update(RegionId=call.region_id, RequestId="")
    body["SecurityGroups"] = {"SecurityGroup": [group_view(g, uow, call["IsQueryEcsCount"]) for g in shown]}
    body["NextToken"] = next_token
    return body


@action(
    ECS_VERSION,
    "DeleteSecurityGroup",
    ECS_REGION,
    Param("SecurityGroupId", Str(max_len=64), required=True),
    resources=group_arn,
)
def delete_security_group(call: Call, uow: UnitOfWork) -> dict[str, Any]:
    security_groups.delete(uow, call.account_id, call.region_id, call["SecurityGroupId"])
    return {}
