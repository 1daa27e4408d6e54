"""The HTTP edge: an ASGI application that reads a request into an ``HttpRequest`` and writes the
gateway's ``HttpResponse``. It interprets nothing; the gateway decides every answer.

Limits (the gateway turns each flag into an Alibaba error in the normal envelope, never a hang):

- body: at most ``Settings.max_body_bytes`` (1 MiB). A declared ``Content-Length`` above it is refused
  before a byte of the body is read; a chunked body is read only until it passes the limit. The error
  is answered at once; the HTTP server discards whatever the client still sends.
- a body that stops arriving: after ``body_timeout`` seconds (60) the request is answered as malformed,
  so a stalled client holds nothing but its own connection (other connections are served meanwhile).
- query and form: strict UTF-8 after percent-decoding; anything else is flagged, not guessed at.
- request line and headers: bounded below this application, by the HTTP protocol (edge/protocols.py: 64 KiB,
  answered in the envelope).
"""

from __future__ import annotations

import asyncio
import dataclasses
from collections.abc import Awaitable, Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from typing import Any
from urllib.parse import unquote

from ..gateway.chain import Gateway
from ..http import HttpRequest, HttpResponse

Scope = dict[str, Any]
Message = dict[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
# Routes outside the RPC protocol (the admin interface) are mounted by path prefix.
Mounted = Callable[[HttpRequest], HttpResponse]


# The body is named "RequestBody" in the errors about it (errors.RequestTooLarge uses the same name).
BODY = "RequestBody"
BODY_TIMEOUT = 60.0


# Threads that run the gateway (and so the database work) off the event loop, one store connection each, for
# requests that may take a while: the admin interface, a store across the network (PostgreSQL), an armed
# fault that adds latency. Against a local store (SQLite, memory) the gateway runs on the event loop: its
# work is short, and waiting for another worker's write lock lasts one short transaction.
STORE_THREADS = 8


class Edge:
    def __init__(
        self,
        gateway: Gateway,
        max_body_bytes: int,
        mounts: dict[str, Mounted] | None = None,
        body_timeout: float = BODY_TIMEOUT,
        threads: int = STORE_THREADS,
    ) -> None:
        self.gateway = gateway
        self.max_body_bytes = max_body_bytes
        self.mounts = mounts or {}
        self.body_timeout = body_timeout
        self._pool = ThreadPoolExecutor(max_workers=threads, thread_name_prefix="classiclink-store")

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "lifespan":
            await _lifespan(receive, send)
            return
        if scope["type"] != "http":
            return
        body, too_large, stalled = await self._read_body(scope, receive)
        request = read_request(scope, body, too_large)
        if stalled and request.malformed is None:
            request = dataclasses.replace(request, malformed=BODY)
        handler = next((h for prefix, h in self.mounts.items() if request.path.startswith(prefix)), None)
        if handler is None and self.gateway.may_run_inline():
            # A local store answers an RPC request in well under a millisecond: answering it here saves two
            # thread hand-offs (and the scheduler's delay for each) per request.
            response = self.gateway.handle(request)
        else:
            response = await asyncio.get_running_loop().run_in_executor(
                self._pool, handler or self.gateway.handle, request
            )
        await _write(send, response)

    def direct_handler(self, path: str) -> Callable[[HttpRequest], HttpResponse] | None:
        """What answers a request for ``path`` on the caller's thread, at once, if anything may: the gateway,
        for an RPC path (not a mounted one) against a local store (``Gateway.may_run_inline``). The HTTP
        protocol's direct lane (edge/httptools_protocol.py) asks this for each request without a body."""
        if self.mounts and any(path.startswith(prefix) for prefix in self.mounts):
            return None
        return self.gateway.handle if self.gateway.may_run_inline() else None

    async def _read_body(self, scope: Scope, receive: Receive) -> tuple[bytes, bool, bool]:
        """(body, too large, stalled). Stops reading as soon as the body is known to be too large:
        nothing beyond the limit is ever buffered, and the client gets its answer without sending the rest."""
        if _declared_length(scope) > self.max_body_bytes:
            return b"", True, False
        chunks: list[bytes] = []
        size = 0
        while True:
            try:
                message = await asyncio.wait_for(receive(), self.body_timeout)
            except TimeoutError:
                return b"".join(chunks), False, True
            if message["type"] == "http.disconnect":
                break
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > self.max_body_bytes:
                return b"", True, False
            chunks.append(chunk)
            if not message.get("more_body", False):
                break
        return b"".join(chunks), False, False


def _declared_length(scope: Scope) -> int:
    for name, value in scope.get("headers", []):
        if name.lower() == b"content-length":
            try:
                return int(value)
            except ValueError:
                return 0  # the HTTP server refuses a malformed Content-Length before we see it
    return 0


def read_request(scope: Scope, body: bytes, too_large: bool = False) -> HttpRequest:
    client = scope.get("client") or ("127.0.0.1", 0)
    return build_request(
        scope.get("method", "GET"), scope.get("path", "/"), scope.get("query_string", b""),
        scope.get("headers", []), body, str(client[0]), scope.get("scheme") == "https", too_large,
    )  # fmt: skip


def build_request(
    method: str,
    path: str,
    query_string: bytes,
    raw_headers: Iterable[tuple[bytes, bytes]],
    body: bytes,
    client_ip: str,
    secure: bool,
    too_large: bool = False,
) -> HttpRequest:
    """An ``HttpRequest`` from what the HTTP parser read (the ASGI edge and the direct lane of
    edge/httptools_protocol.py build theirs here, so both read a request alike)."""
    headers: dict[str, list[str]] = {}
    malformed: str | None = None
    for raw_name, raw_value in raw_headers:
        name = raw_name.decode("latin-1").lower()
        headers.setdefault(name, []).append(raw_value.decode("latin-1"))
    try:
        query = _form_pairs(query_string)
    except UnicodeDecodeError:
        query, malformed = [], "QueryString"
    form: list[tuple[str, str]] = []
    content_type = (headers.get("content-type") or [""])[0].split(";")[0].strip().lower()
    if body and content_type == "application/x-www-form-urlencoded" and not too_large:
        try:
            form = _form_pairs(body)
        except UnicodeDecodeError:
            malformed = malformed or BODY
    return HttpRequest(
        method=method.upper(),
        path=path,
        query=query,
        form=form,
        body=body,
        headers=headers,
        client_ip=client_ip,
        secure=secure,
        malformed=malformed,
        too_large=too_large,
    )


def _form_pairs(raw: bytes) -> list[tuple[str, str]]:
    """Form rules ("+" is a space; empty pieces skipped; a piece without "=" has an empty value), strict
    UTF-8: a request that is not UTF-8 is refused, not guessed at. What ``parse_qsl(keep_blank_values=True,
    errors="strict")`` returns, at a third of its cost: only a piece holding "+" or "%" is decoded."""
    text = raw.decode("utf-8") if isinstance(raw, bytes) else raw
    pairs: list[tuple[str, str]] = []
    for piece in text.split("&") if text else ():
        if not piece:
            continue
        name, _, value = piece.partition("=")
        if "+" in piece:
            name, value = name.replace("+", " "), value.replace("+", " ")
        if "%" in piece:
            name, value = unquote(name, errors="strict"), unquote(value, errors="strict")
        pairs.append((name, value))
    return pairs


async def _write(send: Send, response: HttpResponse) -> None:
    headers = [
        (b"content-type", response.content_type.encode()),
        (b"content-length", str(len(response.body)).encode()),
        *((k.encode(), v.encode()) for k, v in response.headers),
    ]
    await send({"type": "http.response.start", "status": response.status, "headers": headers})
    await send({"type": "http.response.body", "body": response.body})


async def _lifespan(receive: Receive, send: Send) -> None:
    while True:
        message = await receive()
        if message["type"] == "lifespan.startup":
            await send({"type": "lifespan.startup.complete"})
        elif message["type"] == "lifespan.shutdown":
            await send({"type": "lifespan.shutdown.complete"})
            return
