"""Benchmark: classiclink against a bare uvicorn server in the same run, reported as ratios.

    .venv/bin/python bench/run.py [--requests 2000] [--clients 1 4] [--workers 1]

Both servers get the same signed V1 requests over keep-alive HTTP/1.1 from the same client code, so
the client's own cost cancels out of the ratio. Loops are bounded by request count and by time; all
traffic stays on 127.0.0.1. Results are printed and written to bench/results/<timestamp>.json.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections.abc import Callable
from pathlib import Path
from urllib.parse import urlencode

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from classiclink.gateway.signature import v1_signature, v1_string_to_sign

KEY, SECRET = "testid", "testsecret"
VERSIONS = {"vpc": "2016-04-28", "ecs": "2014-05-26"}
MAX_SECONDS_PER_SCENARIO = 60.0


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def signed_query(product: str, action: str, params: dict[str, str]) -> str:
    full = {
        "Action": action, "Version": VERSIONS[product], "Format": "JSON", "AccessKeyId": KEY,
        "SignatureMethod": "HMAC-SHA1", "SignatureVersion": "1.0", "SignatureNonce": uuid.uuid4().hex,
        "Timestamp": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()), "RegionId": "cn-hangzhou", **params,
    }  # fmt: skip
    full["Signature"] = v1_signature(SECRET, v1_string_to_sign("POST", full.items()))
    return "/?" + urlencode(full)


class Client:
    def __init__(self, port: int) -> None:
        self.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)

    def call(self, product: str, action: str, **params: str) -> tuple[int, dict[str, object]]:
        self.conn.request("POST", signed_query(product, action, params), headers={"Content-Length": "0"})
        response = self.conn.getresponse()
        body = response.read()
        return response.status, json.loads(body)


def start(cmd: list[str], port: int) -> subprocess.Popen[bytes]:
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                return proc
        except OSError:
            time.sleep(0.05)
    proc.kill()
    raise RuntimeError(f"server did not start: {cmd}")


Scenario = Callable[[Client, int], tuple[str, str, dict[str, str]]]


def setup_resources(port: int) -> dict[str, str]:
    c = Client(port)
    status, vpc = c.call("vpc", "CreateVpc", CidrBlock="172.16.0.0/16")
    assert status == 200, vpc
    vpc_id = str(vpc["VpcId"])
    c.call("vpc", "EnableVpcClassicLink", VpcId=vpc_id)
    _, other = c.call("vpc", "CreateVpc", CidrBlock="192.168.0.0/16")
    _, sg = c.call("ecs", "CreateSecurityGroup")
    _, inst = c.call("ecs", "CreateInstance", InstanceType="ecs.t5-lc1m1.small", ImageId="centos_7_9_x64_20G_alibase_20240628.vhd",
                     SecurityGroupId=str(sg["SecurityGroupId"]))  # fmt: skip
    _, linked = c.call("ecs", "CreateInstance", InstanceType="ecs.t5-lc1m1.small", ImageId="centos_7_9_x64_20G_alibase_20240628.vhd",
                       SecurityGroupId=str(sg["SecurityGroupId"]))  # fmt: skip
    c.call("ecs", "AttachClassicLinkVpc", InstanceId=str(linked["InstanceId"]), VpcId=vpc_id)
    return {"vpc": vpc_id, "other_vpc": str(other["VpcId"]), "instance": str(inst["InstanceId"])}


def scenarios(ids: dict[str, str]) -> dict[str, Scenario]:
    def toggle(first: tuple[str, str, dict[str, str]], second: tuple[str, str, dict[str, str]]) -> Scenario:
        return lambda client, n: first if n % 2 == 0 else second

    return {
        "DescribeVpcs": lambda c, n: ("vpc", "DescribeVpcs", {}),
        "DescribeClassicLinkInstances": lambda c, n: ("ecs", "DescribeClassicLinkInstances", {"VpcId": ids["vpc"]}),
        "Enable/DisableVpcClassicLink": toggle(("vpc", "EnableVpcClassicLink", {"VpcId": ids["other_vpc"]}),
                                               ("vpc", "DisableVpcClassicLink", {"VpcId": ids["other_vpc"]})),
        "Attach/DetachClassicLinkVpc": toggle(
            ("ecs", "AttachClassicLinkVpc", {"InstanceId": ids["instance"], "VpcId": ids["vpc"]}),
            ("ecs", "DetachClassicLinkVpc", {"InstanceId": ids["instance"], "VpcId": ids["vpc"]})),
    }  # fmt: skip


def measure(port: int, scenario: Scenario, requests: int, clients: int) -> dict[str, float]:
    """Each client sends its share in turn; toggles stay ordered because each client owns one sequence."""
    latencies: list[float] = []
    failures = 0
    lock = threading.Lock()
    per_client = max(1, requests // clients)
    deadline = time.monotonic() + MAX_SECONDS_PER_SCENARIO

    def work(index: int) -> None:
        nonlocal failures
        client = Client(port)
        mine: list[float] = []
        bad = 0
        for n in range(per_client):
            if time.monotonic() > deadline:
                break
            product, action, params = scenario(client, n if clients == 1 else 0)
            t0 = time.perf_counter()
            status, _ = client.call(product, action, **params)
            mine.append(time.perf_counter() - t0)
            bad += status != 200
        with lock:
            latencies.extend(mine)
            failures += bad

    threads = [threading.Thread(target=work, args=(i,)) for i in range(clients)]
    t0 = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.perf_counter() - t0
    latencies.sort()
    return {
        "requests": len(latencies),
        "rps": len(latencies) / elapsed,
        "p50_ms": 1000 * statistics.median(latencies),
        "p99_ms": 1000 * latencies[min(len(latencies) - 1, int(0.99 * len(latencies)))],
        "non_200": failures,
    }


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--requests", type=int, default=2000)
    ap.add_argument("--clients", type=int, nargs="+", default=[1, 4])
    ap.add_argument("--workers", type=int, default=1)
    ap.add_argument("--http", choices=("h11", "httptools"), default="h11", help="HTTP parser, for both servers")
    args = ap.parse_args()
    here = Path(__file__).resolve().parent
    python = sys.executable
    results: dict[str, object] = {"requests": args.requests, "workers": args.workers, "http": args.http,
                                  "scenarios": {}}  # fmt: skip
    with tempfile.TemporaryDirectory() as tmp:
        bare_port, cl_port = free_port(), free_port()
        bare = start([python, "-m", "uvicorn", "bare_app:app", "--app-dir", str(here), "--port", str(bare_port),
                      "--log-level", "warning", "--workers", str(args.workers), "--http", args.http], bare_port)  # fmt: skip
        server = start([python, "-m", "classiclink", "serve", "--port", str(cl_port), "--database",
                        str(Path(tmp) / "bench.db"), "--transition-delay", "0", "--log-level", "warning",
                        "--workers", str(args.workers), "--http", args.http], cl_port)  # fmt: skip
        try:
            ids = setup_resources(cl_port)
            table = results["scenarios"]
            assert isinstance(table, dict)
            print(f"{'scenario':34} {'clients':>7} {'bare rps':>9} {'ours rps':>9} {'ratio':>6} "
                  f"{'p50 ms':>7} {'p99 ms':>7}")  # fmt: skip
            for name, scenario in scenarios(ids).items():
                for clients in args.clients:
                    if clients > 1 and "/" in name:
                        continue  # toggles need one ordered sequence
                    base = measure(bare_port, scenario, args.requests, clients)
                    ours = measure(cl_port, scenario, args.requests, clients)
                    ratio = ours["rps"] / base["rps"]
                    table[f"{name} x{clients}"] = {"bare": base, "classiclink": ours, "throughput_ratio": ratio}
                    print(f"{name:34} {clients:>7} {base['rps']:>9.0f} {ours['rps']:>9.0f} {ratio:>6.2f} "
                          f"{ours['p50_ms']:>7.2f} {ours['p99_ms']:>7.2f}"
                          + (f"  ({ours['non_200']:.0f} non-200!)" if ours["non_200"] else ""))  # fmt: skip
        finally:
            for proc in (bare, server):
                proc.terminate()
                proc.wait(10)
    out = here / "results"
    out.mkdir(exist_ok=True)
    path = out / time.strftime("%Y%m%dT%H%M%SZ.json", time.gmtime())
    path.write_text(json.dumps(results, indent=2))
    print(f"written to {path.relative_to(here.parent)} ({os.cpu_count()} CPUs)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
