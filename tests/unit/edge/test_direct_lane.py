"""The httptools protocol's direct lane (edge/httptools_protocol.py) in a real uvicorn server with the real edge:
a bodiless RPC request is answered without the ASGI cycle, and its answer is the one the ASGI path gives
(status, envelope, head); requests the lane leaves alone (a body, proxy headers, a mounted route) still reach
the ASGI edge; pipelined requests are answered in order; HTTP/1.0 without keep-alive is closed after its answer."""

from __future__ import annotations

import json
import socket
from collections.abc import Iterator
from typing import Any

import pytest
import uvicorn

from classiclink.bootstrap import build_runtime
from classiclink.edge.asgi import Edge
from classiclink.edge.protocols import NoDelayHttpToolsProtocol
from classiclink.gateway.chain import Gateway
from classiclink.settings import Settings
from support.in_thread import serving


class _CountingEdge(Edge):
    """The real edge, counting the requests that reach it the ASGI way."""

    asgi_requests = 0

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] == "http":
            type(self).asgi_requests += 1
        await super().__call__(scope, receive, send)


@pytest.fixture
def address() -> Iterator[tuple[str, int]]:
    runtime = build_runtime(Settings(database="memory://"))
    mounts = {"/mounted": lambda request: Gateway(runtime).handle(request)}
    edge = _CountingEdge(Gateway(runtime), runtime.settings.max_body_bytes, mounts=mounts)
    _CountingEdge.asgi_requests = 0
    config = uvicorn.Config(edge, host="127.0.0.1", port=0, http=NoDelayHttpToolsProtocol, log_level="error",
                            lifespan="off")  # fmt: skip
    try:
        with serving(config, config.bind_socket()) as served:
            yield served
    finally:
        runtime.store.close()


def _answers(client: socket.socket, count: int) -> list[tuple[bytes, dict[str, Any]]]:
    """``count`` answers read off a kept-alive connection: (head, JSON document) each."""
    buffer, answers = b"", []
    while len(answers) < count:
        chunk = client.recv(65536)
        assert chunk, "the connection closed early"
        buffer += chunk
        while b"\r\n\r\n" in buffer:
            head, _, rest = buffer.partition(b"\r\n\r\n")
            length = int(next(line.split(b":")[1] for line in head.split(b"\r\n") if line.lower().startswith(b"content-length")))
            if len(rest) < length:
                break
            answers.append((head, json.loads(rest[:length])))
            buffer = rest[length:]
    return answers


def _request(method: str, target: str, extra: str = "", body: bytes = b"") -> bytes:
    length = f"Content-Length: {len(body)}\r\n" if body else ""
    return f"{method} {target} HTTP/1.1\r\nHost: x\r\n{extra}{length}\r\n".encode() + body


GET = _request("GET", "/?Action=DescribeRegions&Version=2014-05-26&Format=JSON")
FORM = "Content-Type: application/x-www-form-urlencoded\r\n"


def _header_names(head: bytes) -> list[bytes]:
    return sorted(line.split(b":")[0].lower() for line in head.split(b"\r\n")[1:])


def test_a_bodiless_request_is_answered_without_the_asgi_cycle_as_the_asgi_path_answers(address: tuple[str, int]) -> None:
    with socket.create_connection(address, timeout=10) as client:
        client.sendall(GET)
        ((direct_head, direct),) = _answers(client, 1)
        assert _CountingEdge.asgi_requests == 0
        # The same request with its parameters in a form body: the ASGI path.
        client.sendall(_request("POST", "/", FORM, b"Action=DescribeRegions&Version=2014-05-26&Format=JSON"))
        ((asgi_head, asgi),) = _answers(client, 1)
        assert _CountingEdge.asgi_requests == 1
    # Unsigned: both are refused alike, in the envelope, with the same head.
    assert direct_head.split(b"\r\n")[0] == asgi_head.split(b"\r\n")[0] == b"HTTP/1.1 400 Bad Request"
    assert direct["Code"] == asgi["Code"] == "MissingParameter"
    assert direct["Message"] == asgi["Message"]
    assert _header_names(direct_head) == _header_names(asgi_head) == [b"content-length", b"content-type", b"date", b"server"]


@pytest.mark.parametrize(
    "request_bytes",
    [
        _request("GET", "/?Action=DescribeRegions", "X-Forwarded-For: 10.0.0.9\r\n"),  # for uvicorn's proxy middleware
        _request("GET", "/mounted/?Action=DescribeRegions"),  # a mounted route
        _request("POST", "/?Action=DescribeRegions", FORM, b"Version=2014-05-26&Format=JSON"),  # a body to read
    ],
    ids=["proxy-headers", "mounted", "body"],
)
def test_requests_the_lane_leaves_alone_reach_the_asgi_edge(address: tuple[str, int], request_bytes: bytes) -> None:
    with socket.create_connection(address, timeout=10) as client:
        client.sendall(request_bytes)
        ((head, document),) = _answers(client, 1)
    assert head.startswith(b"HTTP/1.1 400") and "Code" in document
    assert _CountingEdge.asgi_requests == 1


def test_pipelined_requests_are_answered_in_order(address: tuple[str, int]) -> None:
    versions = ["2014-05-26", "2016-04-28", "2099-01-01"]  # ECS, VPC, unknown: three different answers
    with socket.create_connection(address, timeout=10) as client:
        client.sendall(b"".join(_request("GET", f"/?Action=DescribeRegions&Version={v}&Format=JSON") for v in versions))
        answers = _answers(client, 3)
    assert [document["Code"] for _, document in answers] == ["MissingParameter", "MissingParameter", "InvalidVersion"]
    assert _CountingEdge.asgi_requests == 0


def test_http_1_0_without_keep_alive_is_closed_after_its_answer(address: tuple[str, int]) -> None:
    with socket.create_connection(address, timeout=10) as client:
        client.sendall(b"GET /?Action=DescribeRegions&Version=2014-05-26 HTTP/1.0\r\nHost: x\r\n\r\n")
        received = b""
        while chunk := client.recv(65536):
            received += chunk
    head = received.partition(b"\r\n\r\n")[0]
    assert head.startswith(b"HTTP/1.1 400") and b"connection: close" in head
    assert _CountingEdge.asgi_requests == 0
