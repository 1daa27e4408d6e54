"""What the fault steps cost a request (docs/faults.md): the cached check with no rule armed, with a rule
for another action, the periodic re-read of the rules, and the claim transaction of a matching rule.

    .venv/bin/python bench/faults_cost.py
"""

from __future__ import annotations

import os
import tempfile
import time
import timeit
from collections.abc import Callable

from classiclink.admin import faults as admin_faults
from classiclink.bootstrap import build_runtime
from classiclink.gateway.faults import REFRESH_SECONDS
from classiclink.settings import Behaviour, Settings

ACCOUNT = "1000000000000001"


def best(call: Callable[[], object], number: int) -> float:
    """Seconds per call, the best of five runs."""
    return min(timeit.repeat(call, number=number, repeat=5)) / number


def measure(database: str) -> str:
    runtime = build_runtime(Settings(database=database, behaviour=Behaviour(transition_delay=0)))
    board, store = runtime.faults, runtime.store
    board.refresh(store)
    idle = best(lambda: board.claim(store, "DescribeVpcs", ACCOUNT), 100_000)
    refresh = best(lambda: board.refresh(store), 1_000)
    with store.unit_of_work() as uow:
        admin_faults.arm(uow, {"Action": "CreateVpc", "Error": "Throttling"}, time.time())
        uow.commit()
    board.refresh(store)
    other = best(lambda: board.claim(store, "DescribeVpcs", ACCOUNT), 100_000)
    matching = best(lambda: board.claim(store, "CreateVpc", ACCOUNT), 1_000)
    store.close()
    return (f"no rule armed {idle * 1e9:.0f} ns/request; a rule for another action {other * 1e9:.0f} ns; "
            f"re-read of the rules {refresh * 1e6:.1f} us every {REFRESH_SECONDS} s per worker; "
            f"a matching rule's claim transaction {matching * 1e6:.1f} us")  # fmt: skip


def main() -> None:
    print("memory:", measure("memory://"))
    print("sqlite:", measure(os.path.join(tempfile.mkdtemp(), "bench.db")))


if __name__ == "__main__":
    main()
