"""Response step: injected faults, for testing how callers survive a server-side failure.

A fault rule names an action and how many times it should fail. The action runs, then the step raises
an unexpected exception, so the gateway's own fault path answers: 500 ``InternalError`` in the normal
envelope, and the unit of work is rolled back — the same guarantees a real bug would get.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..domain.ports import UnitOfWork
    from .context import Answer, Exchange, Runtime


class InjectedFault(RuntimeError):
    pass


@dataclass
class FaultRules:
    """Remaining failures by action name (-1 = every call)."""

    remaining: dict[str, int] = field(default_factory=dict)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, action: str, count: int = -1) -> None:
        with self.lock:
            self.remaining[action] = count

    def clear(self) -> None:
        with self.lock:
            self.remaining.clear()

    def take(self, action: str) -> bool:
        with self.lock:
            left = self.remaining.get(action)
            if left is None or left == 0:
                return False
            if left > 0:
                self.remaining[action] = left - 1
            return True

    @classmethod
    def parse(cls, specs: list[str]) -> FaultRules:
        """``["DisableVpcClassicLink", "CreateVpc=2"]``: fail every call, or the next N calls."""
        rules = cls()
        for spec in specs:
            name, _, count = spec.partition("=")
            rules.add(name.strip(), int(count) if count else -1)
        return rules


def inject(ex: Exchange, answer: Answer, uow: UnitOfWork, rt: Runtime) -> None:
    if rt.faults.take(ex.spec.name):
        raise InjectedFault(f"injected fault for {ex.spec.name}")
