"""ECS 2014-05-26: AuthorizeSecurityGroup, AuthorizeSecurityGroupEgress, RevokeSecurityGroup,
RevokeSecurityGroupEgress, ModifySecurityGroupRule, ModifySecurityGroupEgressRule.

Each takes one rule in flat parameters (IpProtocol, PortRange, SourceCidrIp ...) or, as current SDKs send
them, up to 100 in ``Permissions.N.*``; the two forms may not be mixed (InvalidParam.Permissions). Revoke
also takes ``SecurityGroupRuleId.N``; Modify takes one ``SecurityGroupRuleId``. The checks are the
domain's (domain/rules.py).
"""

from __future__ import annotations

from dataclasses import dataclass, fields, replace
from typing import Any

from ... import errors
from ...domain import rules, security_groups
from ...domain.ports import UnitOfWork
from ...domain.rules import EGRESS, INGRESS, RuleSpec
from ...domain.scope import Scope
from ..spec import ECS_VERSION, Request, Str, action, param
from .common import client_token, ecs_region
from .security_groups import group_arn

# Wire name of each RuleSpec field (the same in the flat form and in Permissions.N.*).
_WIRE = {
    "ip_protocol": "IpProtocol", "port_range": "PortRange", "source_port_range": "SourcePortRange",
    "policy": "Policy", "priority": "Priority", "nic_type": "NicType", "description": "Description",
    "source_cidr_ip": "SourceCidrIp", "ipv6_source_cidr_ip": "Ipv6SourceCidrIp", "source_group_id": "SourceGroupId",
    "source_group_owner_account": "SourceGroupOwnerAccount", "source_group_owner_id": "SourceGroupOwnerId",
    "source_prefix_list_id": "SourcePrefixListId", "dest_cidr_ip": "DestCidrIp", "ipv6_dest_cidr_ip": "Ipv6DestCidrIp",
    "dest_group_id": "DestGroupId", "dest_group_owner_account": "DestGroupOwnerAccount",
    "dest_group_owner_id": "DestGroupOwnerId", "dest_prefix_list_id": "DestPrefixListId",
    "port_range_list_id": "PortRangeListId",
}  # fmt: skip
# The peer fields of the other direction are not parameters of an action (ingress has no DestGroupId ...).
_INGRESS_ONLY = ("source_group_id", "source_group_owner_account", "source_group_owner_id", "source_prefix_list_id")
_EGRESS_ONLY = ("dest_group_id", "dest_group_owner_account", "dest_group_owner_id", "dest_prefix_list_id")
_MAX_PERMISSIONS = 100


def _fields_for(direction: str) -> dict[str, str]:
    excluded = _EGRESS_ONLY if direction == INGRESS else _INGRESS_ONLY
    return {attr: wire for attr, wire in _WIRE.items() if attr not in excluded}


def _spec(values: dict[str, Any], label: str, direction: str) -> RuleSpec:
    given = {attr: str(values.get(wire, "") or "") for attr, wire in _fields_for(direction).items()}
    description = values.get("Description")
    spec = RuleSpec(label=label, **given)
    return replace(spec, description=None if description in (None, "") else str(description))


def _flat_values(request: Any, direction: str) -> dict[str, Any]:
    return {wire: getattr(request, attr) for attr, wire in _fields_for(direction).items()
            if getattr(request, attr, None) not in (None, "")}  # fmt: skip


def _specs(request: Any, direction: str) -> list[RuleSpec]:
    """The permissions of the request: the Permissions.N list or the one flat rule, never both."""
    flat = _flat_values(request, direction)
    permissions = getattr(request, "permissions", [])
    if permissions:
        if flat or getattr(request, "security_group_rule_id", None):
            raise errors.PermissionsWithFlat()
        return [_spec(p, f"Permissions.{n}", direction) for n, p in enumerate(permissions, start=1)]
    return [_spec(flat, "Permissions", direction)]


def _permissions(direction: str) -> Any:
    return param("Permissions", repeat_fields=tuple(_fields_for(direction).values()), max_repeat=_MAX_PERMISSIONS)


def _group(uow: UnitOfWork, scope: Scope, request: Any) -> Any:
    return security_groups.get(uow, scope, request.security_group_id)


def _group_id() -> Any:
    return param("SecurityGroupId", Str(max_len=64, error=errors.SecurityGroupIdMalformed), required=True)


# --- the request types: the flat fields written out so the type checker sees them ---


@dataclass(frozen=True, kw_only=True)
class _IngressRule(Request):
    region_id: str = ecs_region()
    security_group_id: str = _group_id()
    client_token: str | None = client_token()
    ip_protocol: str | None = param("IpProtocol", Str(max_len=16))
    port_range: str | None = param("PortRange", Str(max_len=32))
    source_port_range: str | None = param("SourcePortRange", Str(max_len=32))
    policy: str | None = param("Policy", Str(max_len=16))
    priority: str | None = param("Priority", Str(max_len=8))
    nic_type: str | None = param("NicType", Str(max_len=16))
    description: str | None = param("Description", Str(max_len=1024))
    source_cidr_ip: str | None = param("SourceCidrIp", Str(max_len=64))
    ipv6_source_cidr_ip: str | None = param("Ipv6SourceCidrIp", Str(max_len=64))
    source_group_id: str | None = param("SourceGroupId", Str(max_len=64))
    source_group_owner_account: str | None = param("SourceGroupOwnerAccount", Str(max_len=128))
    source_group_owner_id: str | None = param("SourceGroupOwnerId", Str(max_len=64))
    source_prefix_list_id: str | None = param("SourcePrefixListId", Str(max_len=64))
    dest_cidr_ip: str | None = param("DestCidrIp", Str(max_len=64))
    ipv6_dest_cidr_ip: str | None = param("Ipv6DestCidrIp", Str(max_len=64))
    port_range_list_id: str | None = param("PortRangeListId", Str(max_len=64))


@dataclass(frozen=True, kw_only=True)
class _EgressRule(Request):
    region_id: str = ecs_region()
    security_group_id: str = _group_id()
    client_token: str | None = client_token()
    ip_protocol: str | None = param("IpProtocol", Str(max_len=16))
    port_range: str | None = param("PortRange", Str(max_len=32))
    source_port_range: str | None = param("SourcePortRange", Str(max_len=32))
    policy: str | None = param("Policy", Str(max_len=16))
    priority: str | None = param("Priority", Str(max_len=8))
    nic_type: str | None = param("NicType", Str(max_len=16))
    description: str | None = param("Description", Str(max_len=1024))
    source_cidr_ip: str | None = param("SourceCidrIp", Str(max_len=64))
    ipv6_source_cidr_ip: str | None = param("Ipv6SourceCidrIp", Str(max_len=64))
    dest_cidr_ip: str | None = param("DestCidrIp", Str(max_len=64))
    ipv6_dest_cidr_ip: str | None = param("Ipv6DestCidrIp", Str(max_len=64))
    dest_group_id: str | None = param("DestGroupId", Str(max_len=64))
    dest_group_owner_account: str | None = param("DestGroupOwnerAccount", Str(max_len=128))
    dest_group_owner_id: str | None = param("DestGroupOwnerId", Str(max_len=64))
    dest_prefix_list_id: str | None = param("DestPrefixListId", Str(max_len=64))
    port_range_list_id: str | None = param("PortRangeListId", Str(max_len=64))


@dataclass(frozen=True, kw_only=True)
class AuthorizeSecurityGroup(_IngressRule):
    permissions: list[dict[str, Any]] = _permissions(INGRESS)


@dataclass(frozen=True, kw_only=True)
class AuthorizeSecurityGroupEgress(_EgressRule):
    permissions: list[dict[str, Any]] = _permissions(EGRESS)


@dataclass(frozen=True, kw_only=True)
class RevokeSecurityGroup(_IngressRule):
    permissions: list[dict[str, Any]] = _permissions(INGRESS)
    security_group_rule_id: list[str] = param("SecurityGroupRuleId", values=True, max_repeat=_MAX_PERMISSIONS)


@dataclass(frozen=True, kw_only=True)
class RevokeSecurityGroupEgress(_EgressRule):
    permissions: list[dict[str, Any]] = _permissions(EGRESS)
    security_group_rule_id: list[str] = param("SecurityGroupRuleId", values=True, max_repeat=_MAX_PERMISSIONS)


@dataclass(frozen=True, kw_only=True)
class ModifySecurityGroupRule(_IngressRule):
    security_group_rule_id: str | None = param("SecurityGroupRuleId", Str(max_len=64))


@dataclass(frozen=True, kw_only=True)
class ModifySecurityGroupEgressRule(_EgressRule):
    security_group_rule_id: str | None = param("SecurityGroupRuleId", Str(max_len=64))


# Every request type declares exactly the rule fields of its direction.
assert {f.name for f in fields(_IngressRule)} >= set(_fields_for(INGRESS))
assert {f.name for f in fields(_EgressRule)} >= set(_fields_for(EGRESS))


def _authorize(request: Any, scope: Scope, uow: UnitOfWork, direction: str) -> dict[str, Any]:
    group = _group(uow, scope, request)
    rules.authorize(uow, scope, group, direction, _specs(request, direction))
    return {}


def _revoke(request: Any, scope: Scope, uow: UnitOfWork, direction: str) -> dict[str, Any]:
    group = _group(uow, scope, request)
    if request.security_group_rule_id:
        if request.permissions or _flat_values(request, direction):
            raise errors.PermissionsWithFlat()
        rules.revoke(uow, scope, group, direction, rule_ids=request.security_group_rule_id)
    else:
        rules.revoke(uow, scope, group, direction, specs=_specs(request, direction))
    return {}


def _modify(request: Any, scope: Scope, uow: UnitOfWork, direction: str) -> dict[str, Any]:
    group = _group(uow, scope, request)
    spec = _spec(_flat_values(request, direction), "Permissions", direction)
    rules.modify(uow, scope, group, direction, spec, rule_id=request.security_group_rule_id or "")
    return {}


@action(ECS_VERSION, "AuthorizeSecurityGroup", AuthorizeSecurityGroup, resources=group_arn, client_token=True)
def authorize_security_group(request: AuthorizeSecurityGroup, scope: Scope, uow: UnitOfWork) -> dict[str, Any]:
    return _authorize(request, scope, uow, INGRESS)


@action(ECS_VERSION, "AuthorizeSecurityGroupEgress", AuthorizeSecurityGroupEgress, resources=group_arn,
        client_token=True)  # fmt: skip
def authorize_security_group_egress(
    request: AuthorizeSecurityGroupEgress, scope: Scope, uow: UnitOfWork
) -> dict[str, Any]:
    return _authorize(request, scope, uow, EGRESS)


@action(ECS_VERSION, "RevokeSecurityGroup", RevokeSecurityGroup, resources=group_arn, client_token=True)
def revoke_security_group(request: RevokeSecurityGroup, scope: Scope, uow: UnitOfWork) -> dict[str, Any]:
    return _revoke(request, scope, uow, INGRESS)


@action(ECS_VERSION, "RevokeSecurityGroupEgress", RevokeSecurityGroupEgress, resources=group_arn, client_token=True)
def revoke_security_group_egress(request: RevokeSecurityGroupEgress, scope: Scope, uow: UnitOfWork) -> dict[str, Any]:
    return _revoke(request, scope, uow, EGRESS)


@action(ECS_VERSION, "ModifySecurityGroupRule", ModifySecurityGroupRule, resources=group_arn, client_token=True)
def modify_security_group_rule(request: ModifySecurityGroupRule, scope: Scope, uow: UnitOfWork) -> dict[str, Any]:
    return _modify(request, scope, uow, INGRESS)


@action(ECS_VERSION, "ModifySecurityGroupEgressRule", ModifySecurityGroupEgressRule, resources=group_arn,
        client_token=True)  # fmt: skip
def modify_security_group_egress_rule(
    request: ModifySecurityGroupEgressRule, scope: Scope, uow: UnitOfWork
) -> dict[str, Any]:
    return _modify(request, scope, uow, EGRESS)
