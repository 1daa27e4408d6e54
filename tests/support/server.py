"""Start a real ``classiclink serve`` process on a free port, for end-to-end tests. Without a ``database``
of the test's own, the server's store is the suite's backend (``CLASSICLINK_TEST_BACKEND``): a SQLite file in
a temporary directory, or a PostgreSQL schema of its own; either is removed by ``close()``."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import requests

from .postgres import backend, create_schema, drop_schema


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class ServerProcess:
    """``classiclink serve`` in a child process; ``url`` and ``endpoint`` (host:port) point at it."""

    def __init__(self, *args: str, database: str | None = None, port: int | None = None) -> None:
        self.port = port or free_port()
        self._tmp = tempfile.TemporaryDirectory(prefix="classiclink-test-")
        self._schema = ""
        if database is None and backend() == "postgres":
            self._schema, database = create_schema()
        self.database = database or str(Path(self._tmp.name) / "state.db")
        self.args = list(args)
        self.log_path = Path(self._tmp.name) / "server.log"
        self.proc: subprocess.Popen[bytes] | None = None

    @property
    def endpoint(self) -> str:
        return f"127.0.0.1:{self.port}"

    @property
    def url(self) -> str:
        return f"http://{self.endpoint}/"

    def start(self) -> ServerProcess:
        log = open(self.log_path, "ab")  # noqa: SIM115 - handed to the child process
        cmd = [sys.executable, "-m", "classiclink", "serve", "--port", str(self.port),
               "--database", self.database, *self.args]  # fmt: skip
        self.proc = subprocess.Popen(cmd, stdout=log, stderr=subprocess.STDOUT, env={**os.environ})
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"server exited early:\n{self.log()}")
            try:
                requests.get(self.url, timeout=0.5)
                return self
            except requests.ConnectionError:
                time.sleep(0.05)
        raise RuntimeError(f"server did not start:\n{self.log()}")

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self.proc = None

    def log(self) -> str:
        return self.log_path.read_text(errors="replace") if self.log_path.exists() else ""

    def close(self) -> None:
        self.stop()
        self._tmp.cleanup()
        if self._schema:
            drop_schema(self._schema)
            self._schema = ""
