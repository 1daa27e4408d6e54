"""Scale benchmark: request latency against a seeded store, compared with a near-empty one.

    .venv/bin/python bench/scale.py [--sizes 0 10000 100000] [--backends sqlite postgres]
                                    [--postgres postgresql://postgres@127.0.0.1:5432/test]

For each backend and size: ``classiclink.seeding`` writes 100,000 VPCs (one vSwitch each, ClassicLink on half),
the instances (half classic) and links for 10% of the classic ones, on 50 of the VPCs; size 0 is the near-empty
baseline (60 VPCs, 400 instances, 100 links in one VPC: pages as full as at any size). The seed's writes are put on
disk (``settle``). A real ``classiclink serve`` then starts on each size's database (start-up time = process start to
the first answered request), all of a backend's servers side by side, and each action is called in a bounded loop
(400 calls, at most 30 s a server) from one keep-alive client per server on 127.0.0.1, interleaved: call n goes to
every server in turn, so the machine's bursts of load fall on every size alike. p50/p99 in milliseconds (p99: the
fourth slowest of 400), and each server's RSS at the end.
Results are printed as a Markdown table and written to bench/results/scale-<timestamp>.json.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import statistics
import sys
import tempfile
import time
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from run import Client, free_port

from classiclink.domain.ports import AnyOf
from classiclink.seeding import SeedPlan, seed
from classiclink.store import open_store

ACCOUNT = "1000000000000001"
MAX_SECONDS = 30.0  # per action: a slow action is measured on fewer calls, never for ever
VPCS = 100_000
# Calls per action: a p99 of 400 samples is their fourth slowest (of 40 it was the slowest but nothing).
CALLS = {"read": 400, "link": 400, "create": 400}


def percentile(samples: list[float], q: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def plan_for(size: int) -> SeedPlan:
    if size == 0:
        # The near-empty store shows pages as full as every other size's: 400 instances (DescribeInstances
        # pages of 100), 60 VPCs (DescribeVpcs pages of 50), 100 links in one VPC (DescribeClassicLinkInstances).
        return SeedPlan(vpcs=60, vswitches_per_vpc=1, instances=400, linked=0.5, link_vpcs=1)
    # The shape: 100k VPCs at every size, half with ClassicLink; the links (10% of the classic
    # instances) concentrated on 50 of them, so the busiest VPC holds 10, 100 or 1,000 links.
    return SeedPlan(vpcs=VPCS, vswitches_per_vpc=1, instances=size, linked=0.1, link_vpcs=50)


def fixtures(database: str) -> dict[str, Any]:
    """IDs the loops need, read straight from the store: an enabled VPC with room, unlinked classic instances."""
    store = open_store(database)
    try:
        with store.unit_of_work(read_only=True) as uow:
            vpcs = uow.vpcs.find(account_id=ACCOUNT)
            enabled = [v for v in vpcs if v.classic_link_enabled][:50]  # the link targets come first
            busiest = max(enabled, key=lambda v: uow.links.count(account_id=ACCOUNT, vpc_id=v.id))
            group = uow.security_groups.find(account_id=ACCOUNT, vpc_id="", limit=1)[0]
            linked = {link.id for link in uow.links.find(account_id=ACCOUNT)}
            free = [i.id for i in uow.instances.find(account_id=ACCOUNT, network_type="classic", limit=400)
                    if i.id not in linked]  # fmt: skip
            total = uow.instances.count(account_id=ACCOUNT)
            assert not uow.links.exists(account_id=ACCOUNT, id=AnyOf(free))
    finally:
        store.close()
    return {"vpc": busiest.id, "group": group.id, "free": free, "instances": total}


def timed(client: Client, product: str, action: str, **params: str) -> float:
    started = time.perf_counter()
    status, body = client.call(product, action, **params)
    elapsed = (time.perf_counter() - started) * 1000
    if status != 200:
        raise RuntimeError(f"{action} {params}: {status} {body}")
    return elapsed


def rss_kib(pid: int) -> tuple[int, int]:
    """(VmRSS, VmHWM) of a process in KiB, from /proc."""
    fields = dict(line.split(":", 1) for line in Path(f"/proc/{pid}/status").read_text().splitlines() if ":" in line)
    return int(fields["VmRSS"].split()[0]), int(fields["VmHWM"].split()[0])


def settle(backend: str, database: str) -> None:
    """The seed's writes on disk before anything is measured: PostgreSQL otherwise spends the next minutes
    writing a 3 GB load out in a spread checkpoint, and every commit's WAL flush queues behind it (Attach's p99
    at 1M was 25 ms for the first hundred calls, 6 ms after); the OS's dirty pages of a SQLite file likewise."""
    if backend == "postgres":
        import psycopg

        with psycopg.connect(database, autocommit=True) as conn:
            conn.execute("CHECKPOINT")  # the bench's user is the superuser of the test server
    else:
        os.sync()


# A scenario: its actions' names, and one step of it (call n) giving one sample per action.
Step = Callable[[int], tuple[float, ...]]


class Target:
    """One backend and size: its seeded database, then its server and the steps of every scenario on it."""

    def __init__(self, backend: str, size: int, database: str) -> None:
        self.backend, self.size, self.database = backend, size, database
        self.samples: dict[str, list[float]] = {}
        self.proc: Any = None

    def prepare(self) -> None:
        store = open_store(self.database)
        try:
            self.seeded = seed(store, plan_for(self.size))
        finally:
            store.close()
        settle(self.backend, self.database)
        self.ids = fixtures(self.database)

    def start(self) -> None:
        import subprocess

        port = free_port()
        cmd = [sys.executable, "-m", "classiclink", "serve", "--port", str(port), "--database", self.database,
               "--transition-delay", "0", "--request-log", "off", *self.seeded.quota_flags(),
               "--vpc-quota", str(self.seeded.vpcs_in_region + 1000)]  # fmt: skip  (CreateVpc adds up to 400)
        started = time.perf_counter()
        self.proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        client: Client | None = None
        while client is None:
            try:
                probe = Client(port)
                probe.conn.timeout = 300  # a read over 1M instances takes over run.py's 30 s
                if probe.call("ecs", "DescribeRegions")[0] == 200:
                    client = probe
            except OSError:
                if time.perf_counter() - started > 60:
                    raise RuntimeError("server did not start") from None
                time.sleep(0.02)
        self.startup = time.perf_counter() - started
        self.client = client

    def stop(self) -> None:
        if self.proc is not None:
            self.rss, self.peak = rss_kib(self.proc.pid)
            self.proc.terminate()
            self.proc.wait(10)
            self.proc = None

    def scenarios(self) -> list[tuple[tuple[str, ...], Step]]:
        client, ids = self.client, self.ids
        free, vpc = ids["free"], ids["vpc"]

        def link(n: int) -> tuple[float, ...]:  # the unlinked instances in turn (free again once detached)
            instance = free[n % len(free)]
            return (timed(client, "ecs", "AttachClassicLinkVpc", InstanceId=instance, VpcId=vpc),
                    timed(client, "ecs", "DetachClassicLinkVpc", InstanceId=instance, VpcId=vpc))  # fmt: skip

        def call(product: str, action: str, **params: str) -> Step:
            return lambda n: (timed(client, product, action, **params),)

        last = max(1, -(-ids["instances"] // 100))
        return [
            (("AttachClassicLinkVpc", "DetachClassicLinkVpc"), link),
            (("DescribeClassicLinkInstances (VpcId)",), call("ecs", "DescribeClassicLinkInstances", VpcId=vpc,
                                                              PageSize="100")),
            (("DescribeInstances page 1",), call("ecs", "DescribeInstances", PageSize="100", PageNumber="1")),
            ((f"DescribeInstances page {last} (last)",), call("ecs", "DescribeInstances", PageSize="100",
                                                              PageNumber=str(last))),
            (("DescribeVpcs",), call("vpc", "DescribeVpcs", PageSize="50")),
            (("CreateInstance (classic)",), call("ecs", "CreateInstance", SecurityGroupId=ids["group"],
                                                 InstanceType="ecs.g6.large",
                                                 ImageId="ubuntu_22_04_x64_20G_alibase_20230907.vhd")),
            (("CreateVpc",), call("vpc", "CreateVpc", CidrBlock="192.168.0.0/16")),
        ]  # fmt: skip

    def result(self) -> dict[str, Any]:
        return {
            "backend": self.backend, "size": self.size, "seeded_rows": self.seeded.total_rows,
            "seed_seconds": round(self.seeded.seconds, 2), "startup_seconds": round(self.startup, 2),
            "rss_mib": round(self.rss / 1024, 1), "peak_rss_mib": round(self.peak / 1024, 1),
            "actions": {name: {"calls": len(s), "p50_ms": round(statistics.median(s), 2),
                               "p99_ms": round(percentile(s, 0.99), 2)} for name, s in self.samples.items() if s},
            "samples_ms": {name: [round(x, 3) for x in s] for name, s in self.samples.items()},  # in call order
        }  # fmt: skip


def measure(targets: list[Target]) -> None:
    """Every scenario on every target, interleaved: call n goes to each server in turn (the order reversed every
    other round), so a burst of load on this shared machine falls on all sizes alike instead of on whichever
    size was being measured then; each scenario stops after MAX_SECONDS per target."""
    plans = [t.scenarios() for t in targets]
    for k in range(len(plans[0])):
        kind = "link" if k == 0 else "create" if k >= len(plans[0]) - 2 else "read"
        deadline = time.monotonic() + MAX_SECONDS * len(targets)
        for n in range(CALLS[kind]):
            if time.monotonic() > deadline:
                break
            order = list(zip(targets, plans, strict=True))
            for target, plan in order if n % 2 == 0 else reversed(order):
                names, step = plan[k]
                for name, sample in zip(names, step(n), strict=True):
                    target.samples.setdefault(name, []).append(sample)


def postgres_database(base: str) -> tuple[str, str]:
    import psycopg

    schema = f"bench_scale_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(base, autocommit=True) as conn:
        conn.execute(f"CREATE SCHEMA {schema}")
    return f"{base}{'&' if '?' in base else '?'}options=-csearch_path%3D{schema}", schema


def drop_schema(base: str, schema: str) -> None:
    import psycopg

    with psycopg.connect(base, autocommit=True) as conn:
        conn.execute(f"DROP SCHEMA {schema} CASCADE")


def table(runs: list[dict[str, Any]]) -> str:
    lines = ["| backend | instances | action | calls | p50 ms | p99 ms |", "| --- | ---: | --- | ---: | ---: | ---: |"]
    for r in runs:
        for name, a in r["actions"].items():
            lines.append(f"| {r['backend']} | {r['size']:,} | {name} | {a['calls']} | {a['p50_ms']} | {a['p99_ms']} |")
    lines += ["", "| backend | instances | seeded rows | seed s | start-up s | RSS MiB (peak) |",
              "| --- | ---: | ---: | ---: | ---: | ---: |"]  # fmt: skip
    for r in runs:
        lines.append(f"| {r['backend']} | {r['size']:,} | {r['seeded_rows']:,} | {r['seed_seconds']} | "
                     f"{r['startup_seconds']} | {r['rss_mib']} ({r['peak_rss_mib']}) |")  # fmt: skip
    return "\n".join(lines)


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--sizes", type=int, nargs="+", default=[0, 10_000, 100_000])
    p.add_argument("--backends", nargs="+", choices=("sqlite", "postgres"), default=["sqlite", "postgres"])
    p.add_argument("--postgres", default="postgresql://postgres@127.0.0.1:5432/test")
    args = p.parse_args()
    runs = []
    for backend in args.backends:
        with contextlib.ExitStack() as cleanup:
            targets = []
            for size in args.sizes:  # every size seeded first: their servers then run side by side
                if backend == "sqlite":
                    tmp = cleanup.enter_context(tempfile.TemporaryDirectory(prefix="classiclink-scale-"))
                    database = str(Path(tmp) / "scale.db")
                else:
                    database, schema = postgres_database(args.postgres)
                    cleanup.callback(drop_schema, args.postgres, schema)
                target = Target(backend, size, database)
                target.prepare()
                targets.append(target)
            for target in targets:
                cleanup.callback(target.stop)
                target.start()
            measure(targets)
            for target in targets:
                target.stop()
                run = target.result()
                print(json.dumps({k: v for k, v in run.items() if k != "samples_ms"}), flush=True)
                runs.append(run)
    print(table(runs))
    out = Path(__file__).resolve().parent / "results"
    out.mkdir(exist_ok=True)
    (out / f"scale-{time.strftime('%Y%m%dT%H%M%S')}.json").write_text(json.dumps(runs, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
