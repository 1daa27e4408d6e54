"""ECS 2014-05-26: CreateSecurityGroup, DescribeSecurityGroups, DeleteSecurityGroup (api-spec §4.8)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ...domain import security_groups
from ...domain.ports import UnitOfWork
from ...domain.scope import Scope
from ...reads import security_groups as group_reads
from ...reads.paging import Paging
from ..spec import ECS_VERSION, Bool, Int, JsonList, Request, Str, action, param, scope_arn
from .common import DEFAULT_MAX_RESULTS, client_token, dry_run, ecs_region, max_results, next_token, tag_list


def group_arn(request: Any, scope: Scope) -> list[str]:
    return [scope_arn("ecs", scope, f"securitygroup/{getattr(request, 'security_group_id', '') or '*'}")]


def all_groups_arn(request: Any, scope: Scope) -> list[str]:
    return [scope_arn("ecs", scope, "securitygroup/*")]


@dataclass(frozen=True, kw_only=True)
class CreateSecurityGroup(Request):
    region_id: str = ecs_region()
    vpc_id: str = param("VpcId", Str(max_len=64), default="")
    # Length and shape are checked in the domain, which answers the API's own error codes.
    security_group_name: str = param("SecurityGroupName", Str(), default="")
    description: str = param("Description", Str(), default="")
    security_group_type: str = param("SecurityGroupType", Str(choices=security_groups.GROUP_TYPES), default="normal")
    resource_group_id: str = param("ResourceGroupId", Str(max_len=64), default="")
    service_managed: bool = param("ServiceManaged", Bool(), default=False)
    client_token: str | None = client_token()
    tag: list[dict[str, str]] = tag_list()


@action(ECS_VERSION, "CreateSecurityGroup", CreateSecurityGroup, resources=all_groups_arn, client_token=True)
def create_security_group(request: CreateSecurityGroup, scope: Scope, uow: UnitOfWork) -> dict[str, Any]:
    group = security_groups.create(
        uow, scope, vpc_id=request.vpc_id, name=request.security_group_name, description=request.description,
        group_type=request.security_group_type, resource_group_id=request.resource_group_id, tags_=request.tag,
    )  # fmt: skip
    return {"SecurityGroupId": group.id, "RequestId": ""}  # RequestId last, as in the sample


@dataclass(frozen=True, kw_only=True)
class DescribeSecurityGroups(Request):
    region_id: str = ecs_region()
    vpc_id: str | None = param("VpcId", Str(max_len=64))
    network_type: str | None = param("NetworkType", Str(choices=security_groups.NETWORK_TYPES))
    security_group_id: str | None = param("SecurityGroupId", Str(max_len=64))
    security_group_ids: list[str] | None = param("SecurityGroupIds", JsonList(max_items=100))
    security_group_name: str | None = param("SecurityGroupName", Str(max_len=128))
    security_group_type: str | None = param("SecurityGroupType", Str(choices=security_groups.GROUP_TYPES))
    fuzzy_query: bool = param("FuzzyQuery", Bool(), default=False)
    is_query_ecs_count: bool = param("IsQueryEcsCount", Bool(), default=False)
    resource_group_id: str | None = param("ResourceGroupId", Str(max_len=64))
    service_managed: bool | None = param("ServiceManaged", Bool())
    page_number: int = param("PageNumber", Int(minimum=1), default=1)
    page_size: int = param("PageSize", Int(minimum=1, maximum=50), default=10)
    next_token: str | None = next_token()
    max_results: int | None = max_results()
    dry_run: bool = dry_run()
    tag: list[dict[str, str]] = tag_list()


@action(ECS_VERSION, "DescribeSecurityGroups", DescribeSecurityGroups, resources=all_groups_arn)
def describe_security_groups(request: DescribeSecurityGroups, scope: Scope, uow: UnitOfWork) -> dict[str, Any]:
    where = group_reads.GroupFilter(
        vpc_id=request.vpc_id, network_type=request.network_type, group_id=request.security_group_id,
        group_ids=request.security_group_ids, name=request.security_group_name, fuzzy=request.fuzzy_query,
        group_type=request.security_group_type, resource_group_id=request.resource_group_id,
        service_managed=request.service_managed, tags=request.tag,
    )  # fmt: skip
    paging = Paging(page_number=request.page_number, page_size=request.page_size, next_token=request.next_token,
                    max_results=request.max_results, default_max_results=DEFAULT_MAX_RESULTS)  # fmt: skip
    found = group_reads.find(uow, scope, where, paging)
    counts = group_reads.member_counts(uow, scope, found.items) if request.is_query_ecs_count else {}
    rule_counts = group_reads.rule_counts(uow, scope, found.items)
    # The sample's order: PageNumber, TotalCount, PageSize, RegionId, RequestId, SecurityGroups, NextToken.
    body: dict[str, Any] = {} if paging.by_token else {"PageNumber": request.page_number}
    body["TotalCount"] = found.total
    if not paging.by_token:
        body["PageSize"] = request.page_size
    body.update(RegionId=scope.region_id, RequestId="")
    body["SecurityGroups"] = {"SecurityGroup": [
        group_reads.view(g, counts.get(g.id), rule_counts[g.id]) for g in found.items]}
    body["NextToken"] = found.next_token
    return body


@dataclass(frozen=True, kw_only=True)
class DeleteSecurityGroup(Request):
    region_id: str = ecs_region()
    security_group_id: str = param("SecurityGroupId", Str(max_len=64), required=True)


@action(ECS_VERSION, "DeleteSecurityGroup", DeleteSecurityGroup, resources=group_arn)
def delete_security_group(request: DeleteSecurityGroup, scope: Scope, uow: UnitOfWork) -> dict[str, Any]:
    security_groups.delete(uow, scope, request.security_group_id)
    return {}
