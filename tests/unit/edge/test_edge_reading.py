"""The HTTP edge reading raw requests: body limits without buffering or waiting, strict UTF-8, stalled bodies.

The gateway is replaced by a recorder: these tests see exactly what the edge hands on."""

from __future__ import annotations

import asyncio
from typing import Any

from classiclink.edge.asgi import Edge
from classiclink.http import JSON_TYPE, HttpRequest, HttpResponse

LIMIT = 1024


class Recorder:
    def __init__(self) -> None:
        self.requests: list[HttpRequest] = []

    def handle(self, request: HttpRequest) -> HttpResponse:
        self.requests.append(request)
        return HttpResponse(400, b"{}", JSON_TYPE)

    def may_run_inline(self) -> bool:
        return False  # as for a store across the network: the edge hands the request to a store thread


def serve(chunks: list[bytes], headers: list[tuple[bytes, bytes]] | None = None, query: bytes = b"",
          body_timeout: float = 5.0, stall_after: bool = False) -> tuple[HttpRequest, int, list[dict[str, Any]]]:  # fmt: skip
    """Run one request through the edge: (what the gateway got, how many body messages were read, what was sent)."""
    recorder = Recorder()
    edge = Edge(recorder, LIMIT, body_timeout=body_timeout)  # type: ignore[arg-type]
    reads = 0
    sent: list[dict[str, Any]] = []

    async def receive() -> dict[str, Any]:
        nonlocal reads
        if reads >= len(chunks):
            await asyncio.sleep(3600 if stall_after else 0)
            return {"type": "http.disconnect"}
        reads += 1
        return {"type": "http.request", "body": chunks[reads - 1], "more_body": reads < len(chunks) or stall_after}

    async def send(message: dict[str, Any]) -> None:
        sent.append(message)

    scope = {"type": "http", "method": "POST", "path": "/", "query_string": query,
             "headers": [(b"content-type", b"application/x-www-form-urlencoded"), *(headers or [])]}  # fmt: skip
    asyncio.run(edge(scope, receive, send))
    assert len(recorder.requests) == 1
    return recorder.requests[0], reads, sent


def test_a_small_form_body_is_read_and_decoded() -> None:
    request, _, sent = serve([b"Action=Describe", b"Vpcs&VpcName=a+b%20c"])
    assert request.form == [("Action", "DescribeVpcs"), ("VpcName", "a b c")]
    assert not request.too_large and request.malformed is None
    assert sent[0]["status"] == 400 and sent[1]["body"] == b"{}"


def test_a_declared_length_over_the_limit_is_refused_without_reading_the_body() -> None:
    request, reads, _ = serve([b"x" * 10], headers=[(b"content-length", str(LIMIT + 1).encode())])
    assert request.too_large and request.body == b"" and reads == 0


def test_a_body_at_the_limit_is_accepted() -> None:
    request, _, _ = serve([b"a=" + b"b" * (LIMIT - 2)], headers=[(b"content-length", str(LIMIT).encode())])
    assert not request.too_large and request.form == [("a", "b" * (LIMIT - 2))]


def test_a_chunked_body_stops_being_read_once_over_the_limit() -> None:
    request, reads, _ = serve([b"x" * 600, b"x" * 600, b"x" * 600, b"x" * 600])
    assert request.too_large and request.body == b"" and reads == 2


def test_a_stalled_body_is_answered_as_malformed_after_the_timeout() -> None:
    request, _, sent = serve([b"Action=Desc"], body_timeout=0.05, stall_after=True)
    assert request.malformed == "RequestBody" and sent[0]["status"] == 400


def test_query_that_is_not_utf8_is_flagged() -> None:
    for query in (b"Action=%FF", b"VpcName=\xff\xfe", b"A=%C3%28", b"A=%ED%A0%80"):  # the last: a lone surrogate
        request, _, _ = serve([b""], query=query)
        assert request.malformed == "QueryString", query


def test_body_that_is_not_utf8_is_flagged() -> None:
    request, _, _ = serve([b"VpcName=%E4%B8"])
    assert request.malformed == "RequestBody"


def test_a_body_of_another_content_type_is_not_parsed_as_parameters() -> None:
    recorder = Recorder()
    edge = Edge(recorder, LIMIT)  # type: ignore[arg-type]

    async def receive() -> dict[str, Any]:
        return {"type": "http.request", "body": b"Action=DescribeVpcs", "more_body": False}

    async def send(message: dict[str, Any]) -> None:
        pass

    scope = {"type": "http", "method": "POST", "path": "/", "query_string": b"",
             "headers": [(b"content-type", b"application/json")]}  # fmt: skip
    asyncio.run(edge(scope, receive, send))
    assert recorder.requests[0].form == [] and recorder.requests[0].body == b"Action=DescribeVpcs"
