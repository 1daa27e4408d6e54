"""Fault rules, as stored: "make this action fail (or slow down) for this account", armed at run time.

A rule lives in the store, so every worker and every server on the database shares it and its count.
Which calls a rule hits is decided by its own call counter, never by chance, so a test can predict it:
``percent`` P hits call n exactly when floor(n * P / 100) grows, i.e. P of every 100 matching calls,
evenly spread (P = 50 hits every 2nd call, P = 25 every 4th), whichever worker serves them.
"""

from __future__ import annotations

from dataclasses import dataclass

from .. import errors
from .identity import GLOBAL
from .model import Resource

ANY = "*"  # a rule's action or account that matches every one
# The ids of --inject-fault rules: replaced at every startup, so a restart with other flags does not keep old ones.
STARTUP_PREFIX = "fault-startup-"

# What a fault answers, by wire code; "" = no error (latency only). Throttling and ServiceUnavailable are
# answered before the action runs, InternalError after it, its work rolled back.
BEFORE_ACTION: dict[str, type[errors.ApiError]] = {
    cls.code: cls for cls in (errors.Throttling, errors.ThrottlingUser, errors.ServiceUnavailable)
}
AFTER_ACTION = errors.InternalError.code
ERRORS = (*BEFORE_ACTION, AFTER_ACTION, "")


@dataclass
class FaultRule(Resource):
    """``id`` is ``fault-<n>``; ``account_id`` is the account it hits, or ``*`` for any account."""

    action: str = ANY
    error: str = AFTER_ACTION
    latency_ms: int = 0
    remaining: int = -1  # hits left; -1 = no limit
    percent: int = 100
    calls: int = 0  # matching calls seen so far
    hits: int = 0  # calls it has failed or delayed


@dataclass(frozen=True)
class Fault:
    """What one call gets: a delay, then an error code ("" = none)."""

    rule_id: str
    error: str
    latency_ms: int


def new_rule(rule_id: str, now: float, *, action: str, account_id: str = ANY, error: str = AFTER_ACTION,
             latency_ms: int = 0, count: int = -1, percent: int = 100) -> FaultRule:  # fmt: skip
    if error not in ERRORS:
        raise ValueError(f"unknown fault error {error!r}")
    if not error and latency_ms <= 0:
        raise ValueError("a fault needs an error, a latency or both")
    if latency_ms < 0 or not 1 <= percent <= 100 or count < -1 or count == 0:
        raise ValueError("latency_ms >= 0, 1 <= percent <= 100, count >= 1 or -1 (no limit)")
    return FaultRule(rule_id, account_id, GLOBAL, now, action=action, error=error, latency_ms=latency_ms,
                     remaining=count, percent=percent)  # fmt: skip


def matches(rule: FaultRule, action: str, account_id: str) -> bool:
    return rule.remaining != 0 and rule.action in (ANY, action) and rule.account_id in (ANY, account_id)


def take(rule: FaultRule) -> Fault | None:
    """Count one matching call on ``rule`` (changing it) and say whether this call is hit."""
    if rule.remaining == 0:
        return None
    rule.calls += 1
    n = rule.calls
    if (n * rule.percent) // 100 == ((n - 1) * rule.percent) // 100:
        return None
    if rule.remaining > 0:
        rule.remaining -= 1
    rule.hits += 1
    return Fault(rule.id, rule.error, rule.latency_ms)


def parse_startup(spec: str) -> tuple[str, int]:
    """``--inject-fault ACTION[=COUNT]``: the action and how many calls fail (-1 = every call)."""
    name, _, count = spec.partition("=")
    try:
        number = int(count) if count.strip() else -1
    except ValueError:
        number = 0
    if not name.strip() or (count.strip() and number < 1):
        raise ValueError(f"--inject-fault takes ACTION or ACTION=COUNT (COUNT >= 1), not {spec!r}")
    return name.strip(), number
