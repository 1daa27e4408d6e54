"""RAM authorization decision over parsed policies (api-spec §6.2).

For every resource the request names, statements are scanned in policy order:
any applicable ``Deny`` gives an explicit deny, otherwise any applicable
``Allow`` allows, otherwise the resource is implicitly denied. The request is
allowed only when every resource is allowed (AttachClassicLinkVpc checks both
the instance ARN and the VPC ARN); an explicit deny on any resource outranks an
implicit deny on another, so the reported denial is the most decisive one.

A statement applies when its action, resource and whole Condition block match.
Action patterns compare case-insensitively, resource patterns case-sensitively
(api-spec §6.1 [INF]).

Condition semantics, including the choices the documentation leaves open:

* All operators of a block must hold; within an operator every key must hold; a
  key holds when ANY listed value matches the request value. A negated operator
  (``StringNotEquals``, ``StringNotEqualsIgnoreCase``, ``StringNotLike``,
  ``NumericNotEquals``, ``DateNotEquals``, ``NotIpAddress``) holds when the
  request value matches NONE of the listed values.
* **Absent key**: a key missing from the request context (or given an empty
  list) makes a positive operator false and a negated operator true. This keeps
  ``Allow`` statements fail-closed and makes ``Deny ... NotIpAddress`` deny a
  request whose origin is unknown.
* Multi-valued request keys: a positive operator holds if any request value
  matches any listed value; a negated operator holds if no request value does.
* A request value that cannot be read for the operator's family (e.g. a
  malformed ``acs:SourceIp``) matches nothing, with the same fail-closed effect
  as an absent key.
* Condition keys are case-insensitive (``acs:SourceIp`` == ``acs:sourceip``);
  ``Bool`` compares ``true``/``false`` case-insensitively.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Literal, TypeVar

from classiclink.ram.policy import (
    Condition,
    Family,
    Policy,
    Statement,
    Test,
    parse_bool,
    parse_date,
    parse_network,
    parse_number,
    wildcard_match,
)

__all__ = ["Context", "Decision", "DecisionKind", "evaluate", "evaluate_session"]

DecisionKind = Literal["Allow", "ExplicitDeny", "ImplicitDeny"]
Context = Mapping[str, str | Sequence[str]]
_NormalisedContext = Mapping[str, tuple[str, ...]]
_Ordered = TypeVar("_Ordered", Decimal, datetime)


@dataclass(frozen=True, slots=True)
class Decision:
    """Outcome of :func:`evaluate`.

    ``resource`` names the resource that caused a denial (None when allowed).
    ``policy_name``/``statement_index`` point at the deciding statement: the
    matching Deny, or for Allow the first matching Allow (of the first resource);
    both are None for an implicit deny.
    """

    allowed: bool
    kind: DecisionKind
    resource: str | None = None
    policy_name: str | None = None
    statement_index: int | None = None


def evaluate(policies: Sequence[Policy], action: str, resources: Sequence[str], context: Context) -> Decision:
    """Decide whether ``action`` on all of ``resources`` is allowed by ``policies``."""
    if isinstance(resources, str):
        # A bare string is a Sequence[str] too; iterating it per character would be a silent bug.
        raise TypeError("resources must be a sequence of ARNs, not a single string")
    if not resources:
        # "Every resource allowed" is vacuously true for none; refuse rather than grant.
        raise ValueError("at least one resource is required")
    ctx = _normalise_context(context)
    first_allow: Decision | None = None
    first_implicit: Decision | None = None
    for resource in resources:
        decision = _decide_one(policies, action, resource, ctx)
        if decision.kind == "ExplicitDeny":
            return decision
        if decision.kind == "ImplicitDeny":
            first_implicit = first_implicit or decision
        else:
            first_allow = first_allow or decision
    if first_implicit is not None:
        return first_implicit
    assert first_allow is not None  # resources is non-empty and nothing denied
    return first_allow


def evaluate_session(
    role_policies: Sequence[Policy],
    session_policy: Policy | None,
    action: str,
    resources: Sequence[str],
    context: Context,
) -> Decision:
    """A call made with a role's temporary credentials (api-spec §6.2: session policy, then identity).

    The role's attached policies are intersected with the inline ``Policy`` given to AssumeRole: the
    call is allowed only when both allow it; an explicit Deny in either denies it; with no inline
    policy the role's policies alone decide.
    """
    granted = evaluate(role_policies, action, resources, context)
    if session_policy is None or granted.kind == "ExplicitDeny":
        return granted
    limit = evaluate([session_policy], action, resources, context)
    if limit.kind == "ExplicitDeny" or not granted.allowed:
        return limit if limit.kind == "ExplicitDeny" else granted
    return granted if limit.allowed else limit


def _decide_one(policies: Sequence[Policy], action: str, resource: str, ctx: _NormalisedContext) -> Decision:
    allow: Decision | None = None
    for policy in policies:
        for index, statement in enumerate(policy.statements):
            # Once an Allow is known only a Deny can change the outcome, so skip further Allows.
            if statement.effect == "Allow" and allow is not None:
                continue
            if not _applies(statement, action, resource, ctx):
                continue
            if statement.effect == "Deny":
                return Decision(False, "ExplicitDeny", resource, policy.name, index)
            allow = Decision(True, "Allow", None, policy.name, index)
    return allow or Decision(False, "ImplicitDeny", resource, None, None)


def _applies(statement: Statement, action: str, resource: str, ctx: _NormalisedContext) -> bool:
    action_hit = any(wildcard_match(p, action, ignore_case=True) for p in statement.actions)
    if action_hit == statement.not_action:
        return False
    resource_hit = any(wildcard_match(p, resource) for p in statement.resources)
    if resource_hit == statement.not_resource:
        return False
    return all(_condition_holds(c, ctx) for c in statement.conditions)


def _normalise_context(context: Context) -> dict[str, tuple[str, ...]]:
    """Lower-case keys (keys are case-insensitive) and make every value a tuple."""
    normalised: dict[str, tuple[str, ...]] = {}
    for key, value in context.items():
        values = (value,) if isinstance(value, str) else tuple(value)
        lowered = key.lower()
        normalised[lowered] = normalised.get(lowered, ()) + values
    return normalised


def _condition_holds(condition: Condition, ctx: _NormalisedContext) -> bool:
    spec = condition.spec
    request_values = ctx.get(condition.key.lower(), ())
    if not request_values:
        return spec.negated
    matched = any(
        _value_matches(spec.family, spec.test, request, listed)
        for request in request_values
        for listed in condition.values
    )
    return not matched if spec.negated else matched


def _value_matches(family: Family, test: Test, request: str, listed: str) -> bool:
    """The positive test of one request value against one policy value."""
    if family == "string":
        if test == "ieq":
            return request.casefold() == listed.casefold()
        if test == "like":
            return wildcard_match(listed, request)
        return request == listed
    # Policy values were validated at parse time; only the request side can be malformed.
    try:
        if family == "numeric":
            return _compare(test, parse_number(request), parse_number(listed))
        if family == "date":
            return _compare(test, parse_date(request), parse_date(listed))
        if family == "bool":
            return parse_bool(request) == parse_bool(listed)
        if family == "ip":
            return ipaddress.ip_address(request.strip()) in parse_network(listed)
    except ValueError:
        return False
    raise AssertionError(f"unhandled operator family {family!r}")


def _compare(test: Test, left: _Ordered, right: _Ordered) -> bool:
    if test == "eq":
        return left == right
    if test == "lt":
        return left < right
    if test == "le":
        return left <= right
    if test == "gt":
        return left > right
    if test == "ge":
        return left >= right
    raise AssertionError(f"unhandled comparison {test!r}")
