"""Security groups as DescribeSecurityGroups and DescribeSecurityGroupAttribute show them: filters,
query, paging, views."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from ..domain import tags
from ..domain.model import SecurityGroup
from ..domain.ports import UnitOfWork
from ..domain.scope import Scope
from ..domain.security_groups import CAPACITY
from .paging import Page, Paging, paginate
from .timefmt import vpc_time

# Enterprise groups isolate their members from each other (InnerAccessPolicy Drop); normal groups accept.
_INNER_ACCESS = {"normal": "Accept", "enterprise": "Drop"}


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
    found = uow.security_groups.find(account_id=scope.account_id, region_id=scope.region_id)
    if where.vpc_id:
        found = [g for g in found if g.vpc_id == where.vpc_id]
    if where.network_type:
        found = [g for g in found if g.network_type == where.network_type]
    if where.group_id:
        found = [g for g in found if g.id == where.group_id]
    if where.group_ids is not None:
        wanted = set(where.group_ids)
        found = [g for g in found if g.id in wanted]
    if where.name:
        name = where.name
        found = [g for g in found if (name in g.name if where.fuzzy else g.name == name)]
    if where.group_type:
        found = [g for g in found if g.group_type == where.group_type]
    if where.resource_group_id:
        found = [g for g in found if g.resource_group_id == where.resource_group_id]
    if where.tags:
        found = [g for g in found if tags.matches(g.tags, where.tags)]
    return found


def find(uow: UnitOfWork, scope: Scope, where: GroupFilter, paging: Paging) -> Page[SecurityGroup]:
    return paginate(matching(uow, scope, where), paging)


def member_counts(uow: UnitOfWork, scope: Scope, groups: Sequence[SecurityGroup]) -> dict[str, int]:
    """How many instances are in each group of the page, from one look-up of the region's instances."""
    if not groups:
        return {}
    shown = {g.id for g in groups}
    counts: Counter[str] = Counter()
    for instance in uow.instances.find(account_id=scope.account_id, region_id=scope.region_id):
        counts.update(g for g in set(instance.security_group_ids) if g in shown)
    return {g.id: counts[g.id] for g in groups}


def view(group: SecurityGroup, members: int | None) -> dict[str, Any]:
    """One group in DescribeSecurityGroups; ``members`` when IsQueryEcsCount asked for the counts."""
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
    # No rules are modelled: a new group has none.
    shown.update(GroupToGroupRuleCount=0, RuleCount=0, ServiceManaged=False)
    return shown


def attribute_view(group: SecurityGroup) -> dict[str, Any]:
    """DescribeSecurityGroupAttribute's answer. Key order: the reference page's response table (its
    generated example follows it). Rules are not modelled, so ``Permissions`` is always empty."""
    return {
        "VpcId": group.vpc_id,
        "InnerAccessPolicy": _INNER_ACCESS.get(group.group_type, "Accept"),
        "Description": group.description,
        "SecurityGroupId": group.id,
        "SecurityGroupName": group.name,
        "RegionId": group.region_id,
        "Permissions": {"Permission": []},
        "NextToken": "",
        "SnapshotPolicyIds": {"SnapshotPolicyId": []},
    }
