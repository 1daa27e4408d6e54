"""The HTTP protocol of the edge (edge/protocols.py) in a real uvicorn server: TCP_NODELAY on every accepted
connection (checked with socket options, not timings), and the bounds on a connection's head and count.

With ``--workers N`` uvicorn binds the listening socket itself (``Config.bind_socket``) with ``proto`` 0, and
asyncio then leaves Nagle's algorithm on for the sockets it accepts: a kept-alive client waited about 40 ms
for every answer. These tests use that same socket.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import socket
from collections.abc import Iterator
from typing import Any

import pytest
import uvicorn

from classiclink import cli
from classiclink.edge.protocols import (
    DEFAULT_HTTP,
    MAX_HEAD_BYTES,
    PROTOCOLS,
    NoDelayH11Protocol,
    NoDelayHttpToolsProtocol,
)
from support.in_thread import serving

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


@contextlib.contextmanager
def _serving(protocol: type) -> Iterator[tuple[str, int]]:
    config = uvicorn.Config(_app, host="127.0.0.1", port=0, http=protocol, log_level="error", lifespan="off")
    with serving(config, _multi_worker_socket(config)) as address:
        yield address


def _serve_once(protocol: type) -> list[int]:
    SEEN.clear()
    with _serving(protocol) as address, socket.create_connection(address, timeout=5) as client:
        client.sendall(b"GET / HTTP/1.1\r\nHost: x\r\n\r\n")
        assert client.recv(1024).startswith(b"HTTP/1.1 200")
    return list(SEEN)


def _read_all(client: socket.socket) -> bytes:
    received = b""
    while chunk := client.recv(65536):
        received += chunk
    return received


def _envelope(answer: bytes) -> tuple[int, dict[str, Any]]:
    head, _, body = answer.partition(b"\r\n\r\n")
    assert b"content-type: application/json;charset=utf-8" in head
    return int(head.split()[1]), json.loads(body)


class _QuickHead(NoDelayH11Protocol):
    head_timeout = 0.3


class _TwoConnections(NoDelayH11Protocol):
    max_connections = 2


class _RecordingHttpTools(NoDelayHttpToolsProtocol):
    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        SEEN.append(transport.get_extra_info("socket").getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY))


class _QuickHeadHttpTools(NoDelayHttpToolsProtocol):
    head_timeout = 0.3


class _TwoConnectionsHttpTools(NoDelayHttpToolsProtocol):
    max_connections = 2


# Both parsers bound a connection alike: each bound's test runs against each.
QUICK_HEAD = pytest.mark.parametrize("quick", [_QuickHead, _QuickHeadHttpTools], ids=["h11", "httptools"])
TWO_CONNECTIONS = pytest.mark.parametrize("capped", [_TwoConnections, _TwoConnectionsHttpTools], ids=["h11", "httptools"])
PARSERS = pytest.mark.parametrize("protocol", [NoDelayH11Protocol, NoDelayHttpToolsProtocol], ids=["h11", "httptools"])


@pytest.mark.parametrize("recording", [_Recording, _RecordingHttpTools], ids=["h11", "httptools"])
def test_a_multi_worker_socket_accepts_connections_with_nodelay(recording: type) -> None:
    assert _serve_once(recording) == [1]


def test_the_default_parser_is_httptools() -> None:
    args = cli.parser().parse_args(["serve"])
    assert args.http == DEFAULT_HTTP == "httptools"
    assert cli.server_options(cli.settings_from(args), args)["http"] == PROTOCOLS["httptools"]


@PARSERS
def test_a_head_over_the_limit_is_answered_in_the_envelope(protocol: type) -> None:
    # One read holding the whole oversized head must be refused too, not only a head that arrives in pieces.
    with _serving(protocol) as address, socket.create_connection(address, timeout=10) as client:
        client.sendall(b"GET / HTTP/1.1\r\nHost: x\r\nX-Big: " + b"a" * MAX_HEAD_BYTES + b"\r\n\r\n")
        status, document = _envelope(_read_all(client))
    assert (status, document["Code"]) == (400, "InvalidParameter")
    assert document["Message"] == 'The specified parameter "RequestHeader" is not valid.'


@PARSERS
def test_a_request_line_over_the_limit_names_the_query_string(protocol: type) -> None:
    with _serving(protocol) as address, socket.create_connection(address, timeout=10) as client:
        client.sendall(b"GET /?Action=" + b"a" * MAX_HEAD_BYTES + b" HTTP/1.1\r\nHost: x\r\n\r\n")
        status, document = _envelope(_read_all(client))
    assert (status, document["Code"]) == (400, "InvalidParameter")
    assert document["Message"] == 'The specified parameter "QueryString" is not valid.'


def test_the_httptools_edge_answers_in_one_send() -> None:
    # The head is held back and leaves with the body: a client reading once gets the whole answer.
    with _serving(NoDelayHttpToolsProtocol) as address, socket.create_connection(address, timeout=10) as client:
        for _ in range(3):  # kept alive, every answer alike
            client.sendall(b"GET / HTTP/1.1\r\nHost: x\r\n\r\n")
            first = client.recv(65536)
            head, _, body = first.partition(b"\r\n\r\n")
            assert head.startswith(b"HTTP/1.1 200") and body == b"ok"


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


@QUICK_HEAD
def test_an_idle_connection_is_closed_once_the_head_deadline_passes(quick: type) -> None:
    with _serving(quick) as address, socket.create_connection(address, timeout=10) as client:
        assert _read_all(client) == b""  # closed, with nothing to say: the client sent nothing


@QUICK_HEAD
def test_a_trickling_head_is_answered_in_the_envelope_and_closed(quick: type) -> None:
    with _serving(quick) as address, socket.create_connection(address, timeout=10) as client:
        client.sendall(b"GET /?Action=DescribeVpcs HTTP/1.1\r\nHo")
        status, document = _envelope(_read_all(client))
    assert (status, document["Code"], document["Message"]) == (
        400, "InvalidParameter", 'The specified parameter "RequestHeader" is not valid.'
    )  # fmt: skip


@QUICK_HEAD
def test_a_kept_alive_connection_gets_a_new_deadline_after_each_answer(quick: type) -> None:
    with _serving(quick) as address, socket.create_connection(address, timeout=10) as client:
        for _ in range(2):
            client.sendall(b"GET / HTTP/1.1\r\nHost: x\r\n\r\n")
            answer = b""
            while not answer.endswith(b"ok"):
                answer += client.recv(1024)
            assert answer.startswith(b"HTTP/1.1 200")
        assert _read_all(client) == b""


@TWO_CONNECTIONS
def test_a_connection_over_the_cap_gets_service_unavailable(capped: type) -> None:
    with _serving(capped) as address:
        held = [socket.create_connection(address, timeout=10) for _ in range(2)]
        try:
            for conn in held:  # both are being served
                conn.sendall(b"GET / HTTP/1.1\r\nHost: x\r\n\r\n")
                assert conn.recv(1024).startswith(b"HTTP/1.1 200")
            with socket.create_connection(address, timeout=10) as extra:
                status, document = _envelope(_read_all(extra))
            assert (status, document["Code"]) == (503, "ServiceUnavailable")
            assert document["Message"] == "The request has failed due to a temporary failure of the server."
        finally:
            for conn in held:
                conn.close()


def test_every_worker_runs_the_loop_that_accepts_a_few_connections_per_wake_up() -> None:
    from uvicorn.importer import import_from_string

    from classiclink.edge.fair_accept import ACCEPTS_PER_WAKEUP, FairAcceptLoop

    for workers in ("1", "2"):
        args = cli.parser().parse_args(["serve", "--workers", workers])
        config = uvicorn.Config("classiclink.cli:create_app", **cli.server_options(cli.settings_from(args), args))
        assert import_from_string(config.loop) is FairAcceptLoop
        assert config.get_loop_factory() is FairAcceptLoop
    assert ACCEPTS_PER_WAKEUP == 4
