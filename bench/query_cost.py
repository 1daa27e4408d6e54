"""What a request costs as state grows (issue 7): DescribeInstances (one page, PageSize 100; and one
InstanceIds entry) and a classic CreateInstance, with N instances in one SQLite database, seeded directly
through the store port. Run against any checkout to compare (PYTHONPATH=<checkout>/src).

    .venv/bin/python bench/query_cost.py [--instances 20000]
"""

from __future__ import annotations

import argparse
import tempfile
import time
from collections.abc import Callable

from classiclink.domain import instances, security_groups
from classiclink.domain.instances import InstanceRequest
from classiclink.domain.model import Instance, Lifecycle
from classiclink.domain.scope import Scope
from classiclink.reads import instances as instance_reads
from classiclink.reads.instances import InstanceFilter
from classiclink.reads.paging import Paging
from classiclink.settings import Behaviour
from classiclink.store.sqlite import SqliteStore

ACCOUNT, OTHER, REGION, NOW = "1000000000000001", "2000000000000002", "cn-hangzhou", 1_800_000_000.0


def best(call: Callable[[], object], repeat: int = 5) -> float:
    """Milliseconds, the best of ``repeat`` calls."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        call()
        times.append(time.perf_counter() - start)
    return min(times) * 1000


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--instances", type=int, default=20000)
    n = parser.parse_args().instances
    with tempfile.TemporaryDirectory() as tmp:
        store = SqliteStore(f"{tmp}/bench.db")
        with store.unit_of_work() as uow:
            group = security_groups.create(uow, Scope(ACCOUNT, REGION, NOW))
            for k in range(n):
                # Classic addresses spread over 10.0.0.0/8; every other instance is another account's.
                uow.instances.add(Instance(
                    f"i-{k:07d}", ACCOUNT if k % 2 else OTHER, REGION, NOW + k, zone_id=f"{REGION}-i",
                    name=f"web-{k}", description="", host_name="h", instance_type="ecs.g6.large",
                    image_id="ubuntu_22", network_type="classic", security_group_ids=[group.id],
                    lifecycle=Lifecycle("Running", []), inner_ip=f"10.{1 + k // 62500}.{k // 250 % 250}.{k % 250 + 1}",
                ))  # fmt: skip
            uow.commit()
        scope = Scope(ACCOUNT, REGION, NOW + n, Behaviour(transition_delay=0))

        def describe(where: InstanceFilter) -> Callable[[], object]:
            def call() -> object:
                with store.unit_of_work(read_only=True) as uow:
                    page = instance_reads.find(uow, scope, where, Paging(page_size=100))
                    return [instance_reads.view(i, scope.now) for i in page.items]

            return call

        def create() -> None:
            with store.unit_of_work() as uow:  # rolled back: every run sees the same state
                instances.create(uow, scope, request=InstanceRequest("ecs.g6.large", "ubuntu_22", group.id))

        print(f"{n} instances in one SQLite database (half of them the caller's):")
        print(f"  DescribeInstances, PageSize 100:      {best(describe(InstanceFilter())):8.1f} ms")
        one = InstanceFilter(instance_ids=[f"i-{n // 2 + 1:07d}"])
        print(f"  DescribeInstances, one InstanceIds:   {best(describe(one)):8.1f} ms")
        print(f"  CreateInstance (classic):             {best(create):8.1f} ms")
        store.close()


if __name__ == "__main__":
    main()
