"""Security groups as DescribeSecurityGroups and DescribeSecurityGroupAttribute show them: filters,
query, paging, views."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from ..domain import tags
from ..domain.model import SecurityGroup
from ..domain.ports import AnyOf, Contains, UnitOfWork
from ..domain.scope import Scope
from ..domain.security_groups import CAPACITY, inner_access_policy
from .paging import Page, Paging, paginate, query_page
from .timefmt import vpc_time


@dataclass(frozen=True)
class GroupFilter:
    """DescribeSecurityGroups' filters; all given ones must hold."""

    vpc_id: str | None = None
    network_type: str | None = None
    group_id: str | None = None
    group_ids: Sequence[str] | None = None
    name: str | None = None
    fuzzy: bool = False
    group_type: str | None = None
    resource_group_id: str | None = None
    service_managed: bool | None = None
    tags: Sequence[dict[str, str]] = ()


def matching(uow: UnitOfWork, scope: Scope, where: GroupFilter) -> list[SecurityGroup]:
    """Every group of the account in the region that passes the filters, in store order."""
    if where.service_managed:
        return []  # no group is managed by a cloud service here
    query = _query(scope, where)
    found = uow.security_groups.find(account_id=scope.account_id, **query)
    if where.network_type and where.network_type != "classic":
        found = [g for g in found if g.network_type == where.network_type]
    if where.name and where.fuzzy:
        found = [g for g in found if where.name in g.name]
    if where.tags:
        found = [g for g in found if tags.matches(g.tags, where.tags)]
    return found


def _query(scope: Scope, where: GroupFilter) -> dict[str, Any]:
    """The filters the store answers: equality, and an ID list as ``AnyOf``."""
    query: dict[str, Any] = {"region_id": scope.region_id}
    equal = {"vpc_id": where.vpc_id, "group_type": where.group_type, "resource_group_id": where.resource_group_id}
    query.update({attr: value for attr, value in equal.items() if value})
    if where.network_type == "classic":  # a classic group is one without a VPC
        query["vpc_id"] = AnyOf([]) if where.vpc_id else ""
    if where.group_id and where.group_ids is not None:
        query["id"] = AnyOf([where.group_id] if where.group_id in where.group_ids else [])
    elif where.group_id:
        query["id"] = where.group_id
    elif where.group_ids is not None:
        query["id"] = AnyOf(where.group_ids)
    if where.name and not where.fuzzy:
        query["name"] = where.name
    return query


def find(uow: UnitOfWork, scope: Scope, where: GroupFilter, paging: Paging) -> Page[SecurityGroup]:
    """Only the page is loaded when the store answers every filter (no fuzzy name, no tags)."""
    in_python = where.tags or (where.name and where.fuzzy) or where.network_type not in (None, "", "classic")
    if not where.service_managed and not in_python:
        return query_page(uow.security_groups, scope.account_id, paging, **_query(scope, where))
    return paginate(matching(uow, scope, where), paging)


def member_counts(uow: UnitOfWork, scope: Scope, groups: Sequence[SecurityGroup]) -> dict[str, int]:
    """How many instances are in each group of the page, counted by the store (no instance is loaded)."""
    return {
        g.id: uow.instances.count(account_id=scope.account_id, region_id=scope.region_id,
                                  security_group_ids=Contains(g.id))
        for g in groups
    }  # fmt: skip


def rule_counts(uow: UnitOfWork, scope: Scope, groups: Sequence[SecurityGroup]) -> dict[str, tuple[int, int]]:
    """(rules, rules naming a group) of each group of the page: one query for the page's rules (a group
    holds at most 200)."""
    counts = {g.id: (0, 0) for g in groups}
    if not groups:
        return counts
    for rule in uow.security_group_rules.find(account_id=scope.account_id, security_group_id=AnyOf(counts)):
        total, to_groups = counts[rule.security_group_id]
        counts[rule.security_group_id] = (total + 1, to_groups + (1 if rule.peer_group_id else 0))
    return counts


def view(group: SecurityGroup, members: int | None, rules: tuple[int, int] = (0, 0)) -> dict[str, Any]:
    """One group in DescribeSecurityGroups; ``members`` when IsQueryEcsCount asked for the counts,
    ``rules`` its (RuleCount, GroupToGroupRuleCount)."""
    shown: dict[str, Any] = {
        "CreationTime": vpc_time(group.created_at),
        "Tags": {"Tag": [{"TagKey": t["Key"], "TagValue": t["Value"]} for t in tags.normalised(group.tags)]},
        "SecurityGroupId": group.id,
        "Description": group.description,
        "SecurityGroupName": group.name,
        "ResourceGroupId": group.resource_group_id,
        "SecurityGroupType": group.group_type,
        "VpcId": group.vpc_id,
    }
    if members is not None:
        shown["AvailableInstanceAmount"] = max(CAPACITY.get(group.group_type, 2000) - members, 0)
        shown["EcsCount"] = members
    shown.update(GroupToGroupRuleCount=rules[1], RuleCount=rules[0], ServiceManaged=False)
    return shown


def attribute_view(group: SecurityGroup, permissions: list[dict[str, Any]], next_token: str) -> dict[str, Any]:
    """DescribeSecurityGroupAttribute's answer. Key order: the reference page's response table (its
    generated example follows it)."""
    return {
        "VpcId": group.vpc_id,
        "InnerAccessPolicy": inner_access_policy(group),
        "Description": group.description,
        "SecurityGroupId": group.id,
        "SecurityGroupName": group.name,
        "RegionId": group.region_id,
        "Permissions": {"Permission": permissions},
        "NextToken": next_token,
        "SnapshotPolicyIds": {"SnapshotPolicyId": []},
    }
