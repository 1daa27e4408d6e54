"""The ``classiclink serve`` command line: binding, the development-key warning, startup errors."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import pytest
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


BAD_OPTIONS = [
    (["--log-level", "verbose"], "--log-level"),
    (["--port", "99999"], "--port"),
    (["--port", "http"], "--port"),
    (["--workers", "0"], "--workers"),
    (["--transition-delay", "-1"], "--transition-delay"),
    (["--transition-delay", "nan"], "--transition-delay"),
    (["--timestamp-skew", "-5"], "--timestamp-skew"),
    (["--vpc-quota", "0"], "--vpc-quota"),
    (["--links-per-vpc", "many"], "--links-per-vpc"),
    (["--database", "postgres://x"], "PostgreSQL"),
    (["--database", "mysql://x"], "unknown scheme"),
]


def run_serve(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "classiclink", "serve", *args],
                          capture_output=True, text=True, timeout=30)  # fmt: skip


@pytest.mark.parametrize(("args", "named"), BAD_OPTIONS)
def test_a_bad_option_is_one_line_and_exit_code_2(args: list[str], named: str) -> None:
    done = run_serve(*args)
    assert done.returncode == 2
    last = done.stderr.strip().splitlines()[-1]
    assert named in last and "Traceback" not in done.stderr


def test_a_database_in_a_missing_directory_is_refused_not_created(tmp_path: Path) -> None:
    target = tmp_path / "typo" / "dir" / "x.db"
    done = run_serve("--database", str(target))
    assert done.returncode == 2
    assert "does not exist" in done.stderr and "Traceback" not in done.stderr
    assert not (tmp_path / "typo").exists()
