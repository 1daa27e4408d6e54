"""TCP_NODELAY on every accepted connection (edge/protocols.py), checked with socket options, not timings.

With ``--workers N`` uvicorn binds the listening socket itself (``Config.bind_socket``) with ``proto`` 0, and
asyncio then leaves Nagle's algorithm on for the sockets it accepts: a kept-alive client waited about 40 ms
for every answer. These tests use that same socket.
"""

from __future__ import annotations

import asyncio
import socket
import threading
from typing import Any

import uvicorn

from classiclink import cli
from classiclink.edge.protocols import PROTOCOLS, NoDelayH11Protocol

SEEN: list[int] = []


class _Recording(NoDelayH11Protocol):
    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        SEEN.append(transport.get_extra_info("socket").getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY))


async def _app(scope: dict[str, Any], receive: Any, send: Any) -> None:
    if scope["type"] != "http":
        return
    await send({"type": "http.response.start", "status": 200, "headers": [(b"content-length", b"2")]})
    await send({"type": "http.response.body", "body": b"ok"})


def _multi_worker_socket(config: uvicorn.Config) -> socket.socket:
    sock = config.bind_socket()  # what `uvicorn.run(..., workers=N)` hands every worker
    assert sock.proto == 0  # the premise: asyncio's own nodelay check skips such sockets
    return sock


def _serve_once(protocol: type) -> list[int]:
    SEEN.clear()
    config = uvicorn.Config(_app, host="127.0.0.1", port=0, http=protocol, log_level="error", lifespan="off")
    sock = _multi_worker_socket(config)
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    try:
        for _ in range(500):
            if server.started:
                break
            threading.Event().wait(0.01)
        with socket.create_connection(sock.getsockname(), timeout=5) as client:
            client.sendall(b"GET / HTTP/1.1\r\nHost: x\r\n\r\n")
            assert client.recv(1024).startswith(b"HTTP/1.1 200")
    finally:
        server.should_exit = True
        thread.join(10)
        sock.close()
    return list(SEEN)


def test_a_multi_worker_socket_accepts_connections_with_nodelay() -> None:
    assert _serve_once(_Recording) == [1]


def test_plain_asyncio_leaves_nagle_on_for_such_a_socket() -> None:
    # Why the protocol has to do it: the same socket served by a bare asyncio protocol has TCP_NODELAY off.
    config = uvicorn.Config(_app, host="127.0.0.1", port=0)
    sock = _multi_worker_socket(config)
    seen: list[int] = []

    class Bare(asyncio.Protocol):
        def connection_made(self, transport: asyncio.BaseTransport) -> None:
            seen.append(transport.get_extra_info("socket").getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY))
            transport.close()

    async def run() -> None:
        server = await asyncio.get_running_loop().create_server(Bare, sock=sock)
        with socket.create_connection(sock.getsockname(), timeout=5):
            for _ in range(100):
                if seen:
                    break
                await asyncio.sleep(0.01)
        server.close()

    asyncio.run(run())
    assert seen == [0]


def test_the_cli_serves_every_parser_choice_with_a_nodelay_protocol() -> None:
    assert PROTOCOLS == {
        "h11": "classiclink.edge.protocols:NoDelayH11Protocol",
        "httptools": "classiclink.edge.protocols:NoDelayHttpToolsProtocol",
    }
    for choice in ("h11", "httptools"):
        args = cli.parser().parse_args(["serve", "--http", choice, "--workers", "2"])
        options = cli.server_options(cli.settings_from(args), args)
        assert options["http"] == PROTOCOLS[choice]
