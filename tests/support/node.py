"""Run the Node.js client scripts in tests/clients/node as subprocesses and read their JSON reports."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

from support.server import ServerProcess

CLIENT_DIR = Path(__file__).resolve().parents[1] / "clients" / "node"
ACCESS_KEY_ID = "testid"
ACCESS_KEY_SECRET = "testsecret"
REGION = "cn-hangzhou"


def node_binary() -> str:
    """The node on PATH; skip without one, except in CI (CI=true), where a missing node is a failure."""
    node = shutil.which("node")
    if node is None:
        if os.environ.get("CI") == "true":
            pytest.fail("node is not on PATH but CI=true: the Node.js client tests must run in CI")
        pytest.skip("node is not on PATH: the Node.js client tests need Node.js 18+ (and npm)")
    if not (CLIENT_DIR / "node_modules").is_dir():
        pytest.fail(f"{CLIENT_DIR}/node_modules is missing: run ./scripts/test (it runs npm ci there)")
    # scripts/test stamps the lock it installed; a different lock means the packages are stale.
    stamp = CLIENT_DIR / "node_modules" / ".lock-sha256"
    lock = hashlib.sha256((CLIENT_DIR / "package-lock.json").read_bytes()).hexdigest()
    if stamp.exists() and stamp.read_text().strip() != lock:
        pytest.fail(f"{CLIENT_DIR}/node_modules is older than package-lock.json: run ./scripts/test (it runs npm ci)")
    return node


def run_script(script: str, server: ServerProcess, *args: str, key: str = ACCESS_KEY_ID, secret: str = ACCESS_KEY_SECRET,
               env: dict[str, str] | None = None, timeout: float = 60) -> tuple[int, dict[str, Any]]:  # fmt: skip
    """``node <script> --endpoint ... <args>``; returns the exit code and the JSON report it printed."""
    cmd = [node_binary(), script, "--endpoint", server.endpoint, "--access-key-id", key,
           "--access-key-secret", secret, "--region", REGION, *args]  # fmt: skip
    done = subprocess.run(cmd, cwd=CLIENT_DIR, capture_output=True, text=True, timeout=timeout,
                          env={**os.environ, **(env or {})})  # fmt: skip
    lines = done.stdout.strip().splitlines()
    try:
        report: dict[str, Any] = json.loads(lines[-1]) if lines else {}
    except json.JSONDecodeError:
        report = {}
    if not report or "crashed" in report:
        pytest.fail(f"{' '.join(cmd[1:])} exited {done.returncode} without a report:\n"
                    f"stdout: {done.stdout}\nstderr: {done.stderr}\nserver log:\n{server.log()[-3000:]}")  # fmt: skip
    return done.returncode, report


def run_source(source: str, directory: Path, timeout: float = 60) -> subprocess.CompletedProcess[str]:
    """Run a JS snippet (a docs example) inside an async function, with tests/clients/node's packages."""
    script = directory / "example.js"
    script.write_text("(async () => {\n" + source + "\n})().catch((err) => { console.error(err); process.exit(1); });\n")
    env = {**os.environ, "NODE_PATH": str(CLIENT_DIR / "node_modules")}
    return subprocess.run([node_binary(), str(script)], cwd=directory, capture_output=True, text=True,
                          timeout=timeout, env=env)  # fmt: skip
