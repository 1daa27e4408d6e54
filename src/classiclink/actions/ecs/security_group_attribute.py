"""ECS 2014-05-26: DescribeSecurityGroupAttribute (a group and its rules), ModifySecurityGroupAttribute,
ModifySecurityGroupPolicy, DescribeSecurityGroupReferences, JoinSecurityGroup, LeaveSecurityGroup."""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from ... import errors
from ...domain import security_groups
from ...domain.ports import UnitOfWork
from ...domain.scope import Scope
from ...reads import security_group_rules as rule_reads
from ...reads import security_groups as group_reads
from ..spec import ECS_VERSION, Int, Request, Str, action, param, scope_arn
from .common import client_token, ecs_region
from .security_groups import group_arn


@dataclass(frozen=True, kw_only=True)
class DescribeSecurityGroupAttribute(Request):
    region_id: str = ecs_region()
    security_group_id: str = param("SecurityGroupId", Str(max_len=64, error=errors.SecurityGroupIdMalformed),
                                   required=True)  # fmt: skip
    # The docs spell the values in lower case; older pages capitalise them (Internet, Egress, ALL).
    nic_type: str | None = param("NicType", Str(pattern=r"(?i)internet|intranet", error=errors.InvalidNicType))
    direction: str = param("Direction", Str(pattern=r"(?i)egress|ingress|all"), default="all")
    next_token: str | None = param("NextToken", Str(max_len=256))
    max_results: int = param("MaxResults", Int(minimum=10, maximum=1000), default=500)
    attribute: str | None = param("Attribute", Str(choices=("snapshotPolicyIds",)))


@action(ECS_VERSION, "DescribeSecurityGroupAttribute", DescribeSecurityGroupAttribute, resources=group_arn)
def describe_security_group_attribute(
    request: DescribeSecurityGroupAttribute, scope: Scope, uow: UnitOfWork
) -> dict[str, Any]:
    group = security_groups.get(uow, scope, request.security_group_id)
    found = rule_reads.page(uow, group, direction=request.direction.lower(),
                            nic_type=request.nic_type.lower() if request.nic_type else None,
                            next_token=request.next_token, max_results=request.max_results)  # fmt: skip
    names = rule_reads.group_names(uow, found.items)
    return group_reads.attribute_view(group, [rule_reads.view(r, names) for r in found.items], found.next_token)


@dataclass(frozen=True, kw_only=True)
class ModifySecurityGroupAttribute(Request):
    region_id: str = ecs_region()
    security_group_id: str = param("SecurityGroupId", Str(max_len=64), required=True)
    # Length and shape are checked in the domain, which answers the API's own error codes.
    security_group_name: str | None = param("SecurityGroupName", Str())
    description: str | None = param("Description", Str())


@action(ECS_VERSION, "ModifySecurityGroupAttribute", ModifySecurityGroupAttribute, resources=group_arn)
def modify_security_group_attribute(
    request: ModifySecurityGroupAttribute, scope: Scope, uow: UnitOfWork
) -> dict[str, Any]:
    security_groups.modify_attribute(uow, scope, request.security_group_id, name=request.security_group_name,
                                     description=request.description)  # fmt: skip
    return {}


@dataclass(frozen=True, kw_only=True)
class ModifySecurityGroupPolicy(Request):
    region_id: str = ecs_region()
    security_group_id: str = param("SecurityGroupId", Str(max_len=64), required=True)
    inner_access_policy: str = param("InnerAccessPolicy", Str(choices=security_groups.INNER_ACCESS_POLICIES),
                                     required=True)  # fmt: skip
    client_token: str | None = client_token()


@action(ECS_VERSION, "ModifySecurityGroupPolicy", ModifySecurityGroupPolicy, resources=group_arn, client_token=True)
def modify_security_group_policy(request: ModifySecurityGroupPolicy, scope: Scope, uow: UnitOfWork) -> dict[str, Any]:
    security_groups.modify_policy(uow, scope, request.security_group_id, request.inner_access_policy)
    return {}


def _groups_arn(request: Any, scope: Scope) -> list[str]:
    return [scope_arn("ecs", scope, f"securitygroup/{g}") for g in request.security_group_id] or \
        [scope_arn("ecs", scope, "securitygroup/*")]  # fmt: skip


@dataclass(frozen=True, kw_only=True)
class DescribeSecurityGroupReferences(Request):
    region_id: str = ecs_region()
    # "SecurityGroupId.N: up to 10 security group IDs" (the reference page).
    security_group_id: list[str] = param("SecurityGroupId", values=True, max_repeat=10)


@action(ECS_VERSION, "DescribeSecurityGroupReferences", DescribeSecurityGroupReferences, resources=_groups_arn)
def describe_security_group_references(
    request: DescribeSecurityGroupReferences, scope: Scope, uow: UnitOfWork
) -> dict[str, Any]:
    if not request.security_group_id:
        raise errors.MissingParameter(name="SecurityGroupId.N")
    groups = [security_groups.get(uow, scope, g) for g in dict.fromkeys(request.security_group_id)]
    return {"RequestId": "", "SecurityGroupReferences": {
        "SecurityGroupReference": rule_reads.references(uow, scope, groups)}}  # fmt: skip


def _membership_arn(request: Any, scope: Scope) -> list[str]:
    return [scope_arn("ecs", scope, f"instance/{request.instance_id or '*'}"),
            scope_arn("ecs", scope, f"securitygroup/{request.security_group_id}")]  # fmt: skip


@dataclass(frozen=True, kw_only=True)
class JoinSecurityGroup(Request):
    region_id: str | None = param("RegionId", Str(max_len=64))
    security_group_id: str = param("SecurityGroupId", Str(max_len=64), required=True)
    instance_id: str | None = param("InstanceId", Str(max_len=64))
    network_interface_id: str | None = param("NetworkInterfaceId", Str(max_len=64))


@dataclass(frozen=True, kw_only=True)
class LeaveSecurityGroup(Request):
    region_id: str | None = param("RegionId", Str(max_len=64))
    security_group_id: str = param("SecurityGroupId", Str(max_len=64), required=True)
    instance_id: str | None = param("InstanceId", Str(max_len=64))
    network_interface_id: str | None = param("NetworkInterfaceId", Str(max_len=64))


def _member_scope(request: JoinSecurityGroup | LeaveSecurityGroup, scope: Scope, uow: UnitOfWork) -> Scope:
    """The documented checks of the ENI form (no ENI is modelled) and of the region, which the current
    pages make required (MissingParameter.RegionId) while older SDKs send none."""
    if request.instance_id and request.network_interface_id:
        raise errors.EniAndInstance()
    if request.network_interface_id:
        raise errors.EniNotFound()
    if not request.instance_id:
        raise errors.MissingParameter(name="InstanceId")
    if request.region_id:
        return scope
    group = uow.security_groups.get(request.security_group_id, account_id=scope.account_id)
    if group is None:
        raise errors.SecurityGroupNotFound()
    return replace(scope, region_id=group.region_id)


@action(ECS_VERSION, "JoinSecurityGroup", JoinSecurityGroup, resources=_membership_arn)
def join_security_group(request: JoinSecurityGroup, scope: Scope, uow: UnitOfWork) -> dict[str, Any]:
    security_groups.join(uow, _member_scope(request, scope, uow), request.security_group_id, request.instance_id or "")
    return {}


@action(ECS_VERSION, "LeaveSecurityGroup", LeaveSecurityGroup, resources=_membership_arn)
def leave_security_group(request: LeaveSecurityGroup, scope: Scope, uow: UnitOfWork) -> dict[str, Any]:
    security_groups.leave(uow, _member_scope(request, scope, uow), request.security_group_id, request.instance_id or "")
    return {}
