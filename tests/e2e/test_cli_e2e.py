"""The ``classiclink serve`` command line: binding, the development-key warning, startup errors."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import requests

from support.server import free_port


def serve(tmp_path: Path, *args: str) -> tuple[subprocess.Popen[str], int]:
    port = free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "classiclink", "serve", "--port", str(port), "--database", str(tmp_path / "db"), *args],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )  # fmt: skip
    return proc, port


def output_once_up(proc: subprocess.Popen[str], port: int) -> str:
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        try:
            requests.get(f"http://127.0.0.1:{port}/_classiclink/health", timeout=0.5)
            break
        except requests.ConnectionError:
            time.sleep(0.05)
    proc.terminate()
    out, _ = proc.communicate(timeout=10)
    return out


def test_binding_beyond_loopback_with_the_development_key_warns_loudly(tmp_path: Path) -> None:
    proc, port = serve(tmp_path, "--host", "0.0.0.0")
    out = output_once_up(proc, port)
    assert "WARNING" in out and "testid" in out and "0.0.0.0" in out
    assert "testsecret" not in out


def test_loopback_does_not_warn(tmp_path: Path) -> None:
    proc, port = serve(tmp_path)
    out = output_once_up(proc, port)
    assert "well-known development key" not in out


def test_a_bad_config_file_stops_startup_with_exit_code_2(tmp_path: Path) -> None:
    config = tmp_path / "bad.toml"
    config.write_text("[[accounts]]\nid = 'not-a-number'\n")
    proc, _ = serve(tmp_path, "--config", str(config))
    out, _ = proc.communicate(timeout=30)
    assert proc.returncode == 2
    assert "bad.toml" in out
