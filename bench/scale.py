"""Scale benchmark: request latency against a seeded store, compared with a near-empty one.

    .venv/bin/python bench/scale.py [--sizes 0 10000 100000] [--backends sqlite postgres]
                                    [--postgres postgresql://postgres@127.0.0.1:5432/test]

For each backend and size: ``classiclink.seeding`` writes 100,000 VPCs (one vSwitch each, ClassicLink on half),
the instances (half classic) and links for 10% of the classic ones, on 50 of the VPCs; size 0 is the near-empty
baseline (60 VPCs, 400 instances, 100 links in one VPC: pages as full as at any size). A real ``classiclink serve`` then starts on that
database (start-up time = process start to the first answered request) and each action is called in a bounded loop (a request count and a
time cap) from one keep-alive client on 127.0.0.1: p50/p99 in milliseconds, and the server's RSS at the end.
Results are printed as a Markdown table and written to bench/results/scale-<timestamp>.json.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
import uuid
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


def loop(calls: int, step: Any) -> list[float]:
    samples: list[float] = []
    deadline = time.monotonic() + MAX_SECONDS
    for n in range(calls):
        if time.monotonic() > deadline:
            break
        samples.append(step(n))
    return samples


def rss_kib(pid: int) -> tuple[int, int]:
    """(VmRSS, VmHWM) of a process in KiB, from /proc."""
    fields = dict(line.split(":", 1) for line in Path(f"/proc/{pid}/status").read_text().splitlines() if ":" in line)
    return int(fields["VmRSS"].split()[0]), int(fields["VmHWM"].split()[0])


def run_one(backend: str, size: int, database: str) -> dict[str, Any]:
    store = open_store(database)
    try:
        seeded = seed(store, plan_for(size))
    finally:
        store.close()
    ids = fixtures(database)
    port = free_port()
    cmd = [sys.executable, "-m", "classiclink", "serve", "--port", str(port), "--database", database,
           "--transition-delay", "0", "--request-log", "off", *seeded.quota_flags(),
           "--vpc-quota", str(seeded.vpcs_in_region + 1000)]  # fmt: skip  (the CreateVpc loop adds up to 400)
    import subprocess

    started = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
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
        startup = time.perf_counter() - started
        results: dict[str, list[float]] = {}
        free, vpc = ids["free"], ids["vpc"]
        attach: list[float] = []
        detach: list[float] = []
        deadline = time.monotonic() + MAX_SECONDS
        for n in range(CALLS["link"]):  # the unlinked instances in turn (each is free again once detached)
            if time.monotonic() > deadline:
                break
            instance = free[n % len(free)]
            attach.append(timed(client, "ecs", "AttachClassicLinkVpc", InstanceId=instance, VpcId=vpc))
            detach.append(timed(client, "ecs", "DetachClassicLinkVpc", InstanceId=instance, VpcId=vpc))
        results["AttachClassicLinkVpc"], results["DetachClassicLinkVpc"] = attach, detach
        last = max(1, -(-ids["instances"] // 100))
        reads = {
            "DescribeClassicLinkInstances (VpcId)": ("ecs", "DescribeClassicLinkInstances",
                                                     {"VpcId": vpc, "PageSize": "100"}),
            "DescribeInstances page 1": ("ecs", "DescribeInstances", {"PageSize": "100", "PageNumber": "1"}),
            f"DescribeInstances page {last} (last)": ("ecs", "DescribeInstances",
                                                      {"PageSize": "100", "PageNumber": str(last)}),
            "DescribeVpcs": ("vpc", "DescribeVpcs", {"PageSize": "50"}),
        }  # fmt: skip
        for name, (product, action, params) in reads.items():
            results[name] = loop(CALLS["read"], lambda n, p=product, a=action, q=params: timed(client, p, a, **q))
        results["CreateInstance (classic)"] = loop(CALLS["create"], lambda n: timed(
            client, "ecs", "CreateInstance", SecurityGroupId=ids["group"], InstanceType="ecs.g6.large",
            ImageId="ubuntu_22_04_x64_20G_alibase_20230907.vhd"))  # fmt: skip
        results["CreateVpc"] = loop(CALLS["create"], lambda n: timed(client, "vpc", "CreateVpc", CidrBlock="192.168.0.0/16"))
        rss, peak = rss_kib(proc.pid)
    finally:
        proc.terminate()
        proc.wait(10)
    return {
        "backend": backend, "size": size, "seeded_rows": seeded.total_rows, "seed_seconds": round(seeded.seconds, 2),
        "startup_seconds": round(startup, 2), "rss_mib": round(rss / 1024, 1), "peak_rss_mib": round(peak / 1024, 1),
        "actions": {name: {"calls": len(s), "p50_ms": round(statistics.median(s), 2),
                           "p99_ms": round(percentile(s, 0.99), 2)} for name, s in results.items() if s},
        "samples_ms": {name: [round(x, 3) for x in s] for name, s in results.items()},  # in call order
    }  # fmt: skip


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
        for size in args.sizes:
            with tempfile.TemporaryDirectory(prefix="classiclink-scale-") as tmp:
                schema = ""
                if backend == "sqlite":
                    database = str(Path(tmp) / "scale.db")
                else:
                    database, schema = postgres_database(args.postgres)
                try:
                    run = run_one(backend, size, database)
                finally:
                    if schema:
                        drop_schema(args.postgres, schema)
            print(json.dumps({k: v for k, v in run.items() if k != "samples_ms"}), flush=True)
            runs.append(run)
    print(table(runs))
    out = Path(__file__).resolve().parent / "results"
    out.mkdir(exist_ok=True)
    (out / f"scale-{time.strftime('%Y%m%dT%H%M%S')}.json").write_text(json.dumps(runs, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
