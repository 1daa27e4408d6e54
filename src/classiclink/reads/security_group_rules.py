"""A group's rules as DescribeSecurityGroupAttribute shows them (Direction and NicType filters, token
paging), and the groups whose rules name a group (DescribeSecurityGroupReferences)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from ..domain import rules
from ..domain.model import SecurityGroup, SecurityGroupRule
from ..domain.ports import AnyOf, UnitOfWork
from ..domain.scope import Scope
from .paging import Page, Paging, query_page
from .timefmt import vpc_time


def page(
    uow: UnitOfWork, group: SecurityGroup, *, direction: str, nic_type: str | None, next_token: str | None,
    max_results: int,
) -> Page[SecurityGroupRule]:  # fmt: skip
    """The group's rules in creation order; ``direction`` ingress, egress or all."""
    query: dict[str, Any] = {"security_group_id": group.id}
    if direction != "all":
        query["direction"] = direction
    if nic_type:
        query["nic_type"] = nic_type
    paging = Paging(next_token=next_token or "", max_results=max_results, default_max_results=max_results)
    return query_page(uow.security_group_rules, group.account_id, paging, **query)


def group_names(uow: UnitOfWork, items: Sequence[SecurityGroupRule]) -> dict[str, str]:
    """The names of the groups the rules name (SourceGroupName / DestGroupName), any account's."""
    ids = sorted({rule.peer_group_id for rule in items if rule.peer_group_id})
    if not ids:
        return {}
    return {g.id: g.name for g in uow.security_groups.find(account_id=None, id=AnyOf(ids))}


def view(rule: SecurityGroupRule, names: dict[str, str]) -> dict[str, Any]:
    """One ``Permission``: every field of the Tea SDK model, in the reference page's sample order. Prefix
    lists and port lists are not modelled: their fields are empty."""
    return {
        "Direction": rule.direction,
        "SourceGroupId": rule.source_group_id,
        "DestGroupOwnerAccount": rule.dest_group_owner_account,
        "DestPrefixListId": rule.dest_prefix_list_id,
        "DestPrefixListName": "",
        "SourceCidrIp": rule.source_cidr_ip,
        "Ipv6DestCidrIp": rule.ipv6_dest_cidr_ip,
        "CreateTime": vpc_time(rule.created_at),
        "Ipv6SourceCidrIp": rule.ipv6_source_cidr_ip,
        "DestGroupId": rule.dest_group_id,
        "DestCidrIp": rule.dest_cidr_ip,
        "IpProtocol": rule.ip_protocol,
        "Priority": str(rule.priority),
        "DestGroupName": names.get(rule.dest_group_id, "") if rule.dest_group_id else "",
        "NicType": rule.nic_type,
        "Policy": rule.policy,
        "SecurityGroupRuleId": rule.id,
        "Description": rule.description,
        "PortRange": rule.port_range,
        "SourcePrefixListName": "",
        "SourcePrefixListId": rule.source_prefix_list_id,
        "SourceGroupOwnerAccount": rule.source_group_owner_account,
        "SourceGroupName": names.get(rule.source_group_id, "") if rule.source_group_id else "",
        "SourcePortRange": rule.source_port_range,
        "PortRangeListId": "",
        "PortRangeListName": "",
    }


def references(uow: UnitOfWork, scope: Scope, groups: Sequence[SecurityGroup]) -> list[dict[str, Any]]:
    """DescribeSecurityGroupReferences: for each group, the groups (with their owners) whose rules name it."""
    found = rules.referencing(uow, [g.id for g in groups])
    shown = []
    for group in groups:
        referrers: dict[str, str] = {}
        for rule in found:
            if rule.peer_group_id == group.id:
                referrers.setdefault(rule.security_group_id, rule.account_id)
        if referrers:
            shown.append({
                "SecurityGroupId": group.id,
                "ReferencingSecurityGroups": {"ReferencingSecurityGroup": [
                    {"AliUid": owner, "SecurityGroupId": referrer} for referrer, owner in referrers.items()]},
            })  # fmt: skip
    return shown
