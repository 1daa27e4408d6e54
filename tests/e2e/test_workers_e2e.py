"""``--workers 2`` spreads connections opened at once over both workers (edge/fair_accept.py): asyncio's accept
takes every pending connection at each wake-up, so the first worker to wake used to take a whole burst (a pool,
a load generator) and the other idled. Who holds each server-side socket is read from /proc (Linux)."""

from __future__ import annotations

import os
import socket
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import pytest

from support.server import ServerProcess

pytestmark = [pytest.mark.e2e, pytest.mark.skipif(not Path("/proc/net/tcp").exists(), reason="reads Linux's /proc")]


def holders(port: int) -> Counter[int]:
    """Process id -> established server-side sockets on ``port``."""
    inodes = set()
    for line in Path("/proc/net/tcp").read_text().splitlines()[1:]:
        fields = line.split()
        if fields[3] == "01" and int(fields[1].split(":")[1], 16) == port:  # ESTABLISHED, local port
            inodes.add(f"socket:[{fields[9]}]")
    found: Counter[int] = Counter()
    for pid in filter(str.isdigit, os.listdir("/proc")):
        try:
            links = [os.readlink(f"/proc/{pid}/fd/{fd}") for fd in os.listdir(f"/proc/{pid}/fd")]
        except OSError:  # a process that ended, or one we may not look into
            continue
        found[int(pid)] += sum(link in inodes for link in links)
    return +found


def answered(port: int) -> int:
    """The process that answers a request on a new connection."""
    with socket.create_connection(("127.0.0.1", port), timeout=10) as client:
        client.sendall(b"GET /?Action=DescribeRegions HTTP/1.1\r\nHost: x\r\n\r\n")
        assert client.recv(65536).startswith(b"HTTP/1.1 400")
        (pid,) = holders(port)
        return pid


def test_a_burst_of_connections_is_spread_over_both_workers(make_server: Callable[..., ServerProcess]) -> None:
    server = make_server("--workers", "2")
    deadline = time.monotonic() + 20
    while len({answered(server.port) for _ in range(8)}) < 2:  # both workers serving (one may start later)
        assert time.monotonic() < deadline, "the second worker never answered"
        time.sleep(0.2)
    clients = [socket.create_connection(("127.0.0.1", server.port), timeout=10) for _ in range(32)]
    try:
        for client in clients:  # every connection accepted and answered before counting
            client.sendall(b"GET /?Action=DescribeRegions HTTP/1.1\r\nHost: x\r\n\r\n")
        for client in clients:
            assert client.recv(65536).startswith(b"HTTP/1.1 400")
        held = holders(server.port)
    finally:
        for client in clients:
            client.close()
    assert sum(held.values()) == 32
    assert len(held) == 2 and min(held.values()) >= 2, f"connections per worker: {dict(held)}"
