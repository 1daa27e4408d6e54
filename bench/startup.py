"""Start-up benchmark (issue 11: "ready to answer within 0.3 s of start on an empty database").

    .venv/bin/python bench/startup.py [--starts 10] [--workers 1] [--http httptools] [--bytecode] [--src DIR ...]

Each start runs a real ``classiclink serve`` (this checkout's ``src``, or each ``--src`` in turn: e.g. main's
beside this branch's) on a fresh temporary SQLite file and
measures, like bench/scale.py, process start to the first answered request: a signed DescribeRegions,
retried every 5 ms until a 200 comes back. It also times ``classiclink --help`` (process start to exit).
Prints the medians (and min/max) and the load average, and writes JSON to bench/results/startup-<time>.json.

``--bytecode`` runs a copy of ``src`` compiled to bytecode first, as an installed package is: with
PYTHONDONTWRITEBYTECODE set (as on this project's machines) every start otherwise compiles each module it
imports from source. The checkout itself is left as it is.
"""

from __future__ import annotations

import argparse
import compileall
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from run import Client, free_port

HERE = Path(__file__).resolve().parent
SRC = HERE.parent / "src"

TIMEOUT = 60.0


def environment(src: Path) -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(src), os.environ.get("PYTHONPATH")]))}


def compiled_copy(src: Path, into: Path) -> Path:
    """A copy of src with every module compiled (compileall writes whatever PYTHONDONTWRITEBYTECODE says)."""
    copy = into / "src"
    shutil.copytree(src, copy, ignore=shutil.ignore_patterns("__pycache__"))
    if not compileall.compile_dir(copy, quiet=1):
        raise RuntimeError(f"compileall failed on {copy}")
    return copy


def one_start(src: Path, workers: int, http: str) -> float:
    """Seconds from Popen to the first 200 answer of DescribeRegions, on a new database file."""
    with tempfile.TemporaryDirectory() as tmp:
        port = free_port()
        cmd = [sys.executable, "-m", "classiclink", "serve", "--port", str(port), "--database",
               str(Path(tmp) / "startup.db"), "--request-log", "off", "--log-level", "warning",
               "--workers", str(workers), "--http", http]  # fmt: skip
        started = time.perf_counter()
        proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=environment(src))
        try:
            while True:
                try:
                    if Client(port).call("ecs", "DescribeRegions")[0] == 200:
                        return time.perf_counter() - started
                except OSError:
                    pass
                if proc.poll() is not None:
                    raise RuntimeError(f"server exited with {proc.returncode}: {cmd}")
                if time.perf_counter() - started > TIMEOUT:
                    raise RuntimeError(f"server did not answer within {TIMEOUT} s: {cmd}")
                time.sleep(0.005)
        finally:
            proc.terminate()
            proc.wait(10)


def one_help(src: Path) -> float:
    started = time.perf_counter()
    subprocess.run([sys.executable, "-m", "classiclink", "--help"], check=True, stdout=subprocess.DEVNULL,
                   env=environment(src))  # fmt: skip
    return time.perf_counter() - started


def summary(samples: list[float]) -> dict[str, float]:
    return {
        "median": round(statistics.median(samples), 3),
        "min": round(min(samples), 3),
        "max": round(max(samples), 3),
    }


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--starts", type=int, default=10, help="server starts (and --help runs) to take the median of")
    ap.add_argument("--workers", type=int, default=1)
    ap.add_argument("--http", choices=("h11", "httptools"), default="httptools")
    ap.add_argument("--bytecode", action="store_true", help="run a copy of src compiled to bytecode first")
    ap.add_argument("--src", type=Path, nargs="+", default=[SRC],
                    help="the classiclink sources to run (default: this checkout's); several are measured in turns, "
                         "start by start, so load on the machine hits them alike")  # fmt: skip
    args = ap.parse_args()
    ready: dict[Path, list[float]] = {src: [] for src in args.src}
    helps: dict[Path, list[float]] = {src: [] for src in args.src}
    with tempfile.TemporaryDirectory() as tmp:
        runs = {src: compiled_copy(src, Path(tmp) / str(n)) if args.bytecode else src for n, src in enumerate(args.src)}
        load_before = os.getloadavg()
        for _ in range(args.starts):
            for src, run in runs.items():
                ready[src].append(one_start(run, args.workers, args.http))
                helps[src].append(one_help(run))
        load_after = os.getloadavg()
    result = {
        "starts": args.starts, "workers": args.workers, "http": args.http, "bytecode": args.bytecode,
        "load_average": {"before": load_before, "after": load_after}, "cpus": os.cpu_count(),
        "sources": {str(src): {"ready_seconds": summary(ready[src]), "help_seconds": summary(helps[src]),
                               "samples": {"ready": ready[src], "help": helps[src]}} for src in args.src},
    }  # fmt: skip
    print("bytecode compiled first" if args.bytecode else "no bytecode (compiled at each start)")
    for src in args.src:
        r, h = summary(ready[src]), summary(helps[src])
        print(f"{src}: ready median {r['median']} s (min {r['min']}, max {r['max']}) over {args.starts} starts; "
              f"--help median {h['median']} s (min {h['min']}, max {h['max']})")  # fmt: skip
    print(f"load average before {load_before[0]:.2f}, after {load_after[0]:.2f} ({os.cpu_count()} CPUs)")
    out = HERE / "results"
    out.mkdir(exist_ok=True)
    path = out / time.strftime("startup-%Y%m%dT%H%M%SZ.json", time.gmtime())
    path.write_text(json.dumps(result, indent=1))
    print(f"written to {path.relative_to(HERE.parent)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
