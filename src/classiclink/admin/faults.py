"""Fault rules through the admin interface (``/_classiclink/admin/faults``) and the pytest plugin.

Like the rest of the admin service, each operation takes an open unit of work and leaves committing to
the caller; the caller then tells its process's ``FaultBoard`` to re-read (other workers re-read within
``gateway.faults.REFRESH_SECONDS``).
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from typing import Any

from ..actions import is_action
from ..domain import faults
from ..domain.faults import ANY, STARTUP_PREFIX, FaultRule
from ..domain.ports import UnitOfWork
from .service import _iso, _only, get_account, invalid, not_found

_FIELDS = {"Action", "AccountId", "Error", "LatencyMs", "Count", "Percent"}


def view(rule: FaultRule) -> dict[str, Any]:
    return {
        "FaultId": rule.id,
        "Action": rule.action,
        "AccountId": rule.account_id,
        "Error": rule.error,
        "LatencyMs": rule.latency_ms,
        "Remaining": rule.remaining,
        "Percent": rule.percent,
        "Calls": rule.calls,
        "Hits": rule.hits,
        "CreateDate": _iso(rule.created_at),
    }


def list_faults(uow: UnitOfWork) -> dict[str, Any]:
    return {"Faults": [view(r) for r in uow.fault_rules.find(account_id=None)]}


def describe_fault(uow: UnitOfWork, fault_id: str) -> dict[str, Any]:
    return view(_get(uow, fault_id))


def _get(uow: UnitOfWork, fault_id: str) -> FaultRule:
    rule = uow.fault_rules.get(fault_id, account_id=None)
    if rule is None:
        raise not_found("Fault", fault_id)
    return rule


def arm(uow: UnitOfWork, body: Mapping[str, Any], now: float, rule_id: str | None = None) -> dict[str, Any]:
    """Body: ``Action`` (required; ``*`` = any), ``AccountId`` (default ``*``), ``Error`` (``InternalError``,
    ``Throttling``, ``Throttling.User``, ``ServiceUnavailable``, or ``""`` for latency only; default
    ``InternalError`` unless only a latency is given), ``LatencyMs``, ``Count`` (the next N hits; default no
    limit), ``Percent`` (1-100, every 100/P-th call; default 100)."""
    _only(body, _FIELDS)
    action = body.get("Action")
    if not isinstance(action, str) or not action:
        raise invalid("Action", "an action name, or * for any")
    if action != ANY and not is_action(action):
        raise invalid("Action", f"no action is named {action!r}")
    account_id = body.get("AccountId", ANY)
    if not isinstance(account_id, str):
        raise invalid("AccountId", "must be a string")
    if account_id != ANY:
        get_account(uow, account_id)
    latency = _integer(body, "LatencyMs", 0, 0, 600_000)
    default_error = "" if latency and "Error" not in body else faults.AFTER_ACTION
    error = body.get("Error", default_error)
    if error is None:
        error = ""
    if not isinstance(error, str) or error not in faults.ERRORS:
        raise invalid("Error", "one of " + ", ".join(repr(e) for e in faults.ERRORS))
    if not error and not latency:
        raise invalid("Error", "a fault needs an Error, a LatencyMs or both")
    count = _integer(body, "Count", -1, 1, 10**9) if body.get("Count") is not None else -1
    percent = _integer(body, "Percent", 100, 1, 100)
    rule = faults.new_rule(rule_id or f"fault-{uuid.uuid4().hex[:12]}", now, action=action, account_id=account_id,
                           error=error, latency_ms=latency, count=count, percent=percent)  # fmt: skip
    uow.fault_rules.add(rule)
    return view(rule)


def disarm(uow: UnitOfWork, fault_id: str) -> dict[str, Any]:
    rule = _get(uow, fault_id)
    uow.fault_rules.remove(rule)
    return view(rule)


def disarm_all(uow: UnitOfWork, prefix: str = "") -> dict[str, Any]:
    removed = [r for r in uow.fault_rules.find(account_id=None) if r.id.startswith(prefix)]
    for rule in removed:
        uow.fault_rules.remove(rule)
    return {"Removed": len(removed)}


def seed_startup(uow: UnitOfWork, specs: list[str], now: float) -> None:
    """``--inject-fault ACTION[=COUNT]``: InternalError on every call, or on the next COUNT calls."""
    disarm_all(uow, STARTUP_PREFIX)
    for n, spec in enumerate(specs):
        action, count = faults.parse_startup(spec)
        body: dict[str, Any] = {"Action": action} if count < 0 else {"Action": action, "Count": count}
        arm(uow, body, now, rule_id=f"{STARTUP_PREFIX}{n}")


def _integer(body: Mapping[str, Any], name: str, default: int, low: int, high: int) -> int:
    value = body.get(name, default)
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise invalid(name, f"an integer from {low} to {high}")
    return value
