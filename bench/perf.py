"""Benchmark of the request path (issue 11): throughput, latency and server CPU, as ratios of a floor, in one run.

    .venv/bin/python bench/perf.py [--seconds 3] [--repeats 3] [--connections 16 64] [--out FILE]

Servers, all started at once and measured interleaved (every repeat runs every server and scenario in turn):

- ``floor``: bare asyncio + httptools, the query parsed, a small JSON answer (bench/floor.py);
- ``uvicorn``: uvicorn (its default, httptools) with a bare ASGI app (bench/bare_app.py);
- ``cl-w1``, ``cl-w2``: ``classiclink serve --workers 1`` and ``--workers 2`` (SQLite, a fresh file each).

Load: wrk (Debian's ``wrk``), one thread, keep-alive, replaying pre-signed V1 requests (HMAC-SHA1, unique
SignatureNonce each, signed just before the run) from a file (bench/replay.lua), at each ``--connections``
count, plus one connection sending sequentially (``seq``). Scenarios against classiclink:

- ``read``: DescribeVpcs in a region holding 2 VPCs;
- ``write``: EnableVpcClassicLink / DisableVpcClassicLink alternating, over 8 x connections VPCs (so two
  requests in flight never toggle the same VPC);
- ``link``: AttachClassicLinkVpc / DetachClassicLinkVpc alternating, over as many classic instances;
- ``mixed``: 60% read, 20% write, 20% link.

The floor and uvicorn answer every request alike; they are measured with the read requests. Every figure
is also given as a ratio of the floor's req/s at the same connection count, in the same repeat. Server CPU
is the server's process tree's user+system time from /proc over the run, in cores. Results go to
bench/results/perf-<timestamp>.json; the table (medians over the repeats) is printed.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import random
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "src"))

from classiclink.gateway.signature import v1_signature, v1_string_to_sign  # noqa: E402

KEY, SECRET = "testid", "testsecret"
VERSIONS = {"vpc": "2016-04-28", "ecs": "2014-05-26"}
READ_REGION, WRITE_REGION = "cn-hangzhou", "cn-beijing"
IMAGE = "centos_7_9_x64_20G_alibase_20240628.vhd"  # a public image of the catalogue
CLK_HZ = os.sysconf("SC_CLK_TCK")

Call = tuple[str, str, dict[str, str]]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _pe(text: str) -> str:
    return quote(text, safe="-_.~")


def signed_path(call: Call, stamp: str) -> str:
    product, action, params = call
    full = {
        "Action": action, "Version": VERSIONS[product], "Format": "JSON", "AccessKeyId": KEY,
        "SignatureMethod": "HMAC-SHA1", "SignatureVersion": "1.0", "SignatureNonce": uuid.uuid4().hex,
        "Timestamp": stamp, **params,
    }  # fmt: skip
    full["Signature"] = v1_signature(SECRET, v1_string_to_sign("GET", full.items()))
    return "/?" + "&".join(f"{_pe(k)}={_pe(v)}" for k, v in full.items())


class Client:
    """A plain keep-alive client for setting the scene (not measured)."""

    def __init__(self, port: int) -> None:
        self.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)

    def call(self, product: str, action: str, **params: str) -> tuple[int, dict[str, object]]:
        self.conn.request("GET", signed_path((product, action, params), _stamp()))
        response = self.conn.getresponse()
        return response.status, json.loads(response.read())


def _stamp() -> str:
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())


@dataclass
class Server:
    name: str
    cmd: list[str]
    port: int
    classiclink: bool
    proc: subprocess.Popen[bytes] | None = None
    ready_seconds: float = 0.0
    vpcs: list[str] = field(default_factory=list)
    instances: list[str] = field(default_factory=list)
    link_vpc: str = ""


def start(server: Server) -> None:
    t0 = time.monotonic()
    # This checkout's sources, not whatever classiclink the interpreter has installed.
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(HERE.parent / "src"), os.environ.get("PYTHONPATH")]))}
    server.proc = subprocess.Popen(server.cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
    deadline = t0 + 30
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", server.port), timeout=0.2) as s:
                s.sendall(b"GET /?Action=DescribeRegions HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
                if s.recv(64).startswith(b"HTTP/1.1"):
                    server.ready_seconds = time.monotonic() - t0
                    return
        except OSError:
            time.sleep(0.01)
    server.proc.kill()
    raise RuntimeError(f"server did not start: {server.cmd}")


def set_scene(server: Server, slots: int) -> None:
    c = Client(server.port)
    for _ in range(2):
        status, body = c.call("vpc", "CreateVpc", RegionId=READ_REGION, CidrBlock="172.16.0.0/16")
        assert status == 200, body
    status, body = c.call("vpc", "CreateVpc", RegionId=WRITE_REGION, CidrBlock="172.16.0.0/16")
    assert status == 200, body
    server.link_vpc = str(body["VpcId"])
    status, body = c.call("vpc", "EnableVpcClassicLink", RegionId=WRITE_REGION, VpcId=server.link_vpc)
    assert status == 200, body
    status, sg = c.call("ecs", "CreateSecurityGroup", RegionId=WRITE_REGION)
    assert status == 200, sg
    for _ in range(slots):
        status, body = c.call("vpc", "CreateVpc", RegionId=WRITE_REGION, CidrBlock="192.168.0.0/16")
        assert status == 200, body
        server.vpcs.append(str(body["VpcId"]))
        status, body = c.call("ecs", "CreateInstance", RegionId=WRITE_REGION, InstanceType="ecs.t5-lc1m1.small",
                              ImageId=IMAGE, SecurityGroupId=str(sg["SecurityGroupId"]))  # fmt: skip
        assert status == 200, body
        server.instances.append(str(body["InstanceId"]))


def reset_scene(server: Server) -> None:
    """Every toggled VPC disabled, every instance unlinked, whatever a run left half-way."""
    c = Client(server.port)
    for vpc, instance in zip(server.vpcs, server.instances, strict=True):
        c.call("vpc", "DisableVpcClassicLink", RegionId=WRITE_REGION, VpcId=vpc)
        c.call("ecs", "DetachClassicLinkVpc", RegionId=WRITE_REGION, InstanceId=instance, VpcId=server.link_vpc)


Scenario = Callable[[Server, int, int], list[Call]]


def read_calls(server: Server, count: int, slots: int) -> list[Call]:
    return [("vpc", "DescribeVpcs", {"RegionId": READ_REGION})] * count


def _toggle(server: Server, n: int, slots: int, kind: str) -> Call:
    slot, first = n % slots, (n // slots) % 2 == 0
    if kind == "write":
        action = "EnableVpcClassicLink" if first else "DisableVpcClassicLink"
        return ("vpc", action, {"RegionId": WRITE_REGION, "VpcId": server.vpcs[slot]})
    action = "AttachClassicLinkVpc" if first else "DetachClassicLinkVpc"
    return ("ecs", action, {"RegionId": WRITE_REGION, "InstanceId": server.instances[slot], "VpcId": server.link_vpc})


def write_calls(server: Server, count: int, slots: int) -> list[Call]:
    return [_toggle(server, n, slots, "write") for n in range(count)]


def link_calls(server: Server, count: int, slots: int) -> list[Call]:
    return [_toggle(server, n, slots, "link") for n in range(count)]


def mixed_calls(server: Server, count: int, slots: int) -> list[Call]:
    rng = random.Random(11)
    counters = {"write": 0, "link": 0}
    calls: list[Call] = []
    for _ in range(count):
        pick = rng.random()
        if pick < 0.6:
            calls.append(("vpc", "DescribeVpcs", {"RegionId": READ_REGION}))
            continue
        kind = "write" if pick < 0.8 else "link"
        calls.append(_toggle(server, counters[kind], slots, kind))
        counters[kind] += 1
    return calls


SCENARIOS: dict[str, Scenario] = {"read": read_calls, "write": write_calls, "link": link_calls, "mixed": mixed_calls}


def tree_cpu_seconds(pid: int) -> float:
    """User+system seconds of pid and its descendants (uvicorn's workers), from /proc."""
    parents: dict[int, int] = {}
    times: dict[int, float] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            stat = Path(f"/proc/{entry}/stat").read_text()
        except OSError:
            continue
        fields = stat[stat.rindex(")") + 2 :].split()
        parents[int(entry)] = int(fields[1])
        times[int(entry)] = (int(fields[11]) + int(fields[12])) / CLK_HZ
    total, todo = 0.0, [pid]
    while todo:
        p = todo.pop()
        total += times.get(p, 0.0)
        todo.extend(c for c, parent in parents.items() if parent == p)
    return total


def run_wrk(server: Server, paths: list[str], connections: int, seconds: int, workdir: Path) -> dict[str, float]:
    file = workdir / f"{server.name}-{connections}.txt"
    file.write_text("\n".join(paths) + "\n")
    assert server.proc is not None
    cmd = ["wrk", "-t1", f"-c{connections}", f"-d{seconds}s", "--timeout", "10s", "-s", str(HERE / "replay.lua"),
           f"http://127.0.0.1:{server.port}", "--", str(file)]  # fmt: skip
    cpu0, wall0 = tree_cpu_seconds(server.proc.pid), time.monotonic()
    out = subprocess.run(cmd, capture_output=True, text=True, check=True).stdout
    cpu = (tree_cpu_seconds(server.proc.pid) - cpu0) / (time.monotonic() - wall0)
    line = next(line for line in out.splitlines() if line.startswith("RESULT "))
    raw = json.loads(line[len("RESULT ") :])
    return {
        "rps": raw["requests"] / (raw["duration_us"] / 1e6),
        "requests": raw["requests"],
        "p50_ms": raw["p50_us"] / 1000,
        "p99_ms": raw["p99_us"] / 1000,
        "cpu_cores": cpu,
        "non2xx": raw["non2xx"],
        "socket_errors": raw["connect"] + raw["read"] + raw["write"] + raw["timeout"],
        "sent_of_prepared": raw["requests"] / max(1, len(paths)),
    }


def loadavg() -> str:
    return Path("/proc/loadavg").read_text().split(" ", 3)[:3].__str__()


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--seconds", type=int, default=3, help="length of each wrk run")
    ap.add_argument("--repeats", type=int, default=3)
    ap.add_argument("--connections", type=int, nargs="+", default=[16, 64])
    ap.add_argument("--servers", nargs="+", default=["floor", "uvicorn", "cl-w1", "cl-w2"])
    ap.add_argument("--scenarios", nargs="+", default=list(SCENARIOS))
    ap.add_argument("--expect-rps", type=float, default=12000, help="first guess of the fastest classiclink rate")
    ap.add_argument("--out", help="JSON results file (default bench/results/perf-<time>.json)")
    args = ap.parse_args()
    if shutil.which("wrk") is None:
        print("wrk is not installed (apt-get install -y wrk)", file=sys.stderr)
        return 2
    python = sys.executable
    slots = 8 * max(args.connections)
    env_db = tempfile.mkdtemp(prefix="clperf-")
    work = Path(env_db)
    servers: list[Server] = []
    for name in args.servers:
        port = free_port()
        if name == "floor":
            cmd = [python, str(HERE / "floor.py"), str(port)]
        elif name == "uvicorn":
            cmd = [python, "-m", "uvicorn", "bare_app:app", "--app-dir", str(HERE), "--port", str(port),
                   "--log-level", "warning", "--no-access-log"]  # fmt: skip
        else:
            workers = name.removeprefix("cl-w")
            cmd = [python, "-m", "classiclink", "serve", "--port", str(port), "--database", str(work / f"{name}.db"),
                   "--transition-delay", "0", "--log-level", "warning", "--request-log", "off", "--workers", workers,
                   "--vpc-quota", str(slots + 10)]  # fmt: skip
        servers.append(Server(name, cmd, port, name.startswith("cl-")))
    results: list[dict[str, object]] = []
    started = time.time()
    try:
        for server in servers:
            start(server)
            if server.classiclink:
                set_scene(server, slots)
        print("ready (s): " + ", ".join(f"{s.name} {s.ready_seconds:.2f}" for s in servers), flush=True)
        rate: dict[tuple[str, str, int], float] = {}
        for repeat in range(args.repeats):
            for scenario in args.scenarios:
                for connections in [*args.connections, 1]:
                    for server in servers:
                        if not server.classiclink and scenario != "read":
                            continue
                        if server.classiclink and scenario != "read":
                            reset_scene(server)
                        guess = rate.get((server.name, scenario, connections), args.expect_rps)
                        count = int(max(2000, guess * args.seconds * 1.6))
                        stamp = _stamp()
                        calls = SCENARIOS[scenario](server, count, slots)
                        paths = [signed_path(call, stamp) for call in calls]
                        m = run_wrk(server, paths, connections, args.seconds, work)
                        rate[(server.name, scenario, connections)] = m["rps"]
                        row = {"repeat": repeat, "server": server.name, "scenario": scenario,
                               "connections": connections, "load": loadavg(), **m}  # fmt: skip
                        results.append(row)
                        print(json.dumps(row), flush=True)
    finally:
        for server in servers:
            if server.proc is not None:
                server.proc.terminate()
                server.proc.wait(10)
        shutil.rmtree(work, ignore_errors=True)
    table = summarise(results, args.repeats)
    print_table(table)
    out = Path(args.out) if args.out else HERE / "results" / time.strftime("perf-%Y%m%dT%H%M%SZ.json", time.gmtime())
    out.parent.mkdir(exist_ok=True)
    ready = {s.name: s.ready_seconds for s in servers}
    out.write_text(json.dumps({"started": started, "ready_seconds": ready, "runs": results, "table": table}, indent=1))
    print(f"ready (s): {ready}; written to {out}")
    return 0


def summarise(results: list[dict[str, object]], repeats: int) -> list[dict[str, object]]:
    floor = {(r["repeat"], r["connections"]): float(r["rps"]) for r in results if r["server"] == "floor"}  # type: ignore[arg-type]
    groups: dict[tuple[str, str, int], list[dict[str, object]]] = {}
    for r in results:
        groups.setdefault((str(r["server"]), str(r["scenario"]), int(r["connections"])), []).append(r)  # type: ignore[call-overload]
    table = []
    for (server, scenario, connections), rows in groups.items():
        ratios = [float(r["rps"]) / floor[(r["repeat"], connections)] for r in rows if (r["repeat"], connections) in floor]  # type: ignore[arg-type]

        def med(key: str, rows: list[dict[str, object]] = rows) -> float:
            return statistics.median(float(r[key]) for r in rows)  # type: ignore[arg-type]

        table.append({
            "server": server, "scenario": scenario, "connections": connections, "rps": med("rps"),
            "p50_ms": med("p50_ms"), "p99_ms": med("p99_ms"), "cpu_cores": med("cpu_cores"),
            "ratio": statistics.median(ratios) if ratios else None,
            "non2xx": sum(int(r["non2xx"]) for r in rows),  # type: ignore[call-overload]
        })  # fmt: skip
    return table


def print_table(table: list[dict[str, object]]) -> None:
    print(f"{'server':8} {'scenario':8} {'conns':>5} {'req/s':>8} {'p50 ms':>7} {'p99 ms':>7} {'cpu':>5} {'x floor':>7} {'non2xx':>6}")
    for row in table:
        ratio = row["ratio"]
        print(f"{row['server']:8} {row['scenario']:8} {row['connections']:>5} {row['rps']:>8.0f} {row['p50_ms']:>7.2f} "
              f"{row['p99_ms']:>7.2f} {row['cpu_cores']:>5.2f} {'' if ratio is None else f'{ratio:.3f}':>7} "
              f"{row['non2xx']:>6}")  # fmt: skip


if __name__ == "__main__":
    sys.exit(main())
