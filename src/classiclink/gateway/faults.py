"""Faults on demand: rules armed at startup (``--inject-fault``), through the admin interface or the pytest
plugin make an action slow down, be refused or fail, for one account or any.

Three steps share the work:

1. ``claim`` (a context step, after the nonce): if a rule may match the action and account, one short write
   transaction of its own counts the call on the rule and decides whether it is hit (before the request's
   unit of work, so the count survives the rollback a fault causes, and whichever worker serves the call).
   The added latency is slept here, holding no transaction.
2. ``refuse`` (the first request step): ``Throttling``, ``Throttling.User`` or ``ServiceUnavailable``, before
   the action runs.
3. ``inject`` (a response step): ``InternalError`` after the action did its work; the work is rolled back.

Cost: the rules are cached per process (``FaultBoard``), re-read from the store at most every
``REFRESH_SECONDS`` and at once after an admin change in this process. A request that no cached rule
matches costs a clock read and a loop over the (usually empty) cache: no database round trip.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ..domain import faults as rules
from ..domain.faults import Fault, FaultRule

if TYPE_CHECKING:
    from ..domain.ports import Store, UnitOfWork
    from .context import Answer, Exchange, RequestContext, Runtime

# How stale another worker's view of the rules may be: a rule armed through one worker reaches the others
# within this time (the worker that armed it sees it at once).
REFRESH_SECONDS = 0.25


class InjectedFault(RuntimeError):
    pass


@dataclass
class FaultBoard:
    """This process's cache of the stored rules. Deciding a hit always goes to the store, so a stale cache
    can only delay a rule, never hit a call the store would not."""

    refresh_seconds: float = REFRESH_SECONDS
    _rules: list[FaultRule] = field(default_factory=list)
    _loaded_at: float = float("-inf")
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def invalidate(self) -> None:
        with self._lock:
            self._loaded_at = float("-inf")

    def refresh(self, store: Store) -> None:
        now = time.monotonic()
        with store.unit_of_work(read_only=True) as uow:
            loaded = uow.fault_rules.find(account_id=None)
        with self._lock:
            self._rules, self._loaded_at = loaded, now

    def may_sleep(self, store: Store) -> bool:
        """Whether an armed rule adds latency: such a call sleeps, so the edge runs it on a store thread."""
        if time.monotonic() - self._loaded_at > self.refresh_seconds:
            self.refresh(store)
        return any(r.latency_ms > 0 for r in self._rules)

    def _candidates(self, store: Store, action: str, account_id: str) -> list[str]:
        if time.monotonic() - self._loaded_at > self.refresh_seconds:
            self.refresh(store)
        return [r.id for r in self._rules if rules.matches(r, action, account_id)]

    def may_match(self, store: Store, action: str, account_id: str) -> bool:
        """Whether a cached rule may count this call (then ``claim`` writes, in a transaction of its own)."""
        return bool(self._candidates(store, action, account_id))

    def claim(self, store: Store, action: str, account_id: str) -> Fault | None:
        """Count this call on the matching rules, oldest first, until one hits it."""
        candidates = self._candidates(store, action, account_id)
        if not candidates:
            return None
        fault: Fault | None = None
        seen: dict[str, FaultRule | None] = {}
        with store.unit_of_work() as uow:
            for rule_id in candidates:
                rule = seen[rule_id] = uow.fault_rules.get(rule_id, account_id=None)
                if rule is None or not rules.matches(rule, action, account_id):
                    continue
                fault = rules.take(rule)
                uow.fault_rules.save(rule)
                if fault is not None:
                    break
            uow.commit()
        with self._lock:  # the cache as fresh as the store: an exhausted or removed rule stops costing a transaction
            fresh = (seen.get(r.id, r) if r.id in seen else r for r in self._rules)
            self._rules = [r for r in fresh if r is not None]
        return fault


def claim(ctx: RequestContext, rt: Runtime) -> None:
    if ctx.spec is None or ctx.identity is None:
        raise AssertionError("faults.claim runs after authenticate.verify_signature")
    fault = rt.faults.claim(rt.store, ctx.spec.name, ctx.identity.account_id)
    if fault is None:
        return
    rt.log.info("fault rule %s hits %s (RequestId %s)", fault.rule_id, ctx.spec.name, ctx.request_id)
    if fault.latency_ms:
        time.sleep(fault.latency_ms / 1000)
    ctx.fault = fault


def refuse(ex: Exchange, uow: UnitOfWork, rt: Runtime) -> Answer | None:
    fault = ex.context.fault
    if fault is not None and fault.error in rules.BEFORE_ACTION:
        raise rules.BEFORE_ACTION[fault.error]()
    return None


def inject(ex: Exchange, answer: Answer, uow: UnitOfWork, rt: Runtime) -> None:
    fault = ex.context.fault
    if fault is not None and fault.error == rules.AFTER_ACTION:
        # Not an ApiError: the gateway's own guard answers, exactly as it would for a real bug.
        raise InjectedFault(f"fault rule {fault.rule_id} for {ex.spec.name}")
