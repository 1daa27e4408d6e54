"""The httptools protocol of the edge (the default, ``--http httptools``: the C parser): see edge/protocols.py.

The direct lane: a request without a body, for the RPC endpoint of a local store (``Edge.direct_handler``),
is answered from the parser's own callbacks, on the event loop, in one write: no ASGI cycle, task, receive
or send messages, which cost as much as the whole gateway's parameter work. Everything else (a body to read
against its limit and deadline, ``Expect: 100-continue``, proxy headers for uvicorn's middleware to apply, a
mounted route, a store across the network, a request pipelined behind one still on the ASGI path) takes
the ASGI path of edge/asgi.py, as before. Both build the request with ``asgi.build_request`` and answer with
the same head: the status line, uvicorn's default headers (date, server), content type and length.
"""

from __future__ import annotations

import asyncio
import logging
import urllib.parse
from collections.abc import Callable
from typing import Any

import httptools
from uvicorn.middleware.proxy_headers import ProxyHeadersMiddleware
from uvicorn.protocols.http.httptools_impl import STATUS_LINE, HttpToolsProtocol

from .. import errors
from ..http import HttpRequest, HttpResponse
from .asgi import Edge, build_request
from .heads import HeadBounds, envelope, refused_head_answer, set_nodelay
from .protocols import HEAD_TIMEOUT, MAX_CONNECTIONS, MAX_HEAD_BYTES, PLAIN_HTTP_HINT

Handler = Callable[[HttpRequest], HttpResponse]
# Headers that send a request the ASGI way: a body to read, a 100 Continue to give, or proxy headers that
# uvicorn's middleware turns into the client's address and scheme.
_ASGI_HEADERS = frozenset({b"transfer-encoding", b"expect", b"x-forwarded-for", b"x-forwarded-proto", b"upgrade"})

_log = logging.getLogger("classiclink")


class _OneWrite:
    """The transport as one request's answer sees it: the response head is held back and sent with the first
    piece of the body, so an answer leaves in one send (uvicorn writes the head and the body apart; the
    client then wakes twice). ``100 Continue`` passes at once: the client waits for it."""

    def __init__(self, transport: asyncio.Transport) -> None:
        self._transport = transport
        self._held: bytes | None = None
        self._head_seen = False

    def write(self, data: bytes) -> None:
        if not self._head_seen and not data.startswith(b"HTTP/1.1 100 "):
            self._head_seen, self._held = True, bytes(data)
            return
        if self._held is not None:
            data, self._held = self._held + data, None
        self._transport.write(data)

    def close(self) -> None:
        if self._held is not None:
            self._transport.write(self._held)
            self._held = None
        self._transport.close()

    def __getattr__(self, name: str) -> Any:
        return getattr(self._transport, name)


class NoDelayHttpToolsProtocol(HeadBounds, HttpToolsProtocol):
    """The default edge: httptools' C parser, with the same bounds as the h11 protocol above (the head's
    size, counted as the parser reads the request line and each header; its deadline; open connections;
    the envelope for a refused head; a TLS handshake named in the log) and one send per answer."""

    head_timeout = HEAD_TIMEOUT
    max_connections = MAX_CONNECTIONS

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        set_nodelay(transport)
        self._edge = _find_edge(self.app)
        self._direct: Handler | None = None  # the handler of the current request, when it takes the direct lane
        self._head = bytearray()  # the bytes received since the last answer, as far as the limit
        self._head_size = 0  # request line and headers of the current request, as parsed
        self._refused: str | None = None  # the part named when the head is refused
        self._discarded = -1  # >= 0 once the answer to a refused head is sent
        self._deadline: asyncio.TimerHandle | None = None
        super().connection_made(transport)
        self._admit()

    def data_received(self, data: bytes) -> None:
        if self._draining(data):
            return
        if not self._head and data[:2] == b"\x16\x03" and self.cycle is None:
            _log.warning("%s (client %s)", PLAIN_HTTP_HINT, self.client)
            self.transport.close()
            return
        if len(self._head) <= MAX_HEAD_BYTES:
            self._head += data[: MAX_HEAD_BYTES + 4 - len(self._head)]
        super().data_received(data)

    # Parser callbacks: the head's size is counted as it is parsed, whatever the reads' sizes.
    def on_message_begin(self) -> None:
        self._head_size = 0
        super().on_message_begin()

    def on_url(self, url: bytes) -> None:
        self._count_head(len(url), "QueryString")
        super().on_url(url)

    def on_header(self, name: bytes, value: bytes) -> None:
        self._count_head(len(name) + len(value) + 4, "RequestHeader")
        super().on_header(name, value)

    def _count_head(self, size: int, part: str) -> None:
        self._head_size += size
        if self._head_size > MAX_HEAD_BYTES:
            self._refused = part
            raise ValueError("request head too large")  # httptools stops and raises HttpParserCallbackError

    def on_headers_complete(self) -> None:
        self._disarm_deadline()  # the body has its own deadline, in the ASGI edge
        self._direct = self._direct_lane()
        if self._direct is not None:
            return  # answered in on_message_complete, the moment the (empty) body is known to be complete
        super().on_headers_complete()
        if self.cycle is not None and not isinstance(self.cycle.transport, _OneWrite):
            self.cycle.transport = _OneWrite(self.transport)  # type: ignore[assignment]

    def _direct_lane(self) -> Handler | None:
        if self._edge is None or (self.cycle is not None and not self.cycle.response_complete):
            return None  # not our edge (tests mount plain ASGI apps), or answers must keep their order
        if self.parser.get_method() not in (b"GET", b"POST") or self.parser.should_upgrade():
            return None
        for name, value in self.headers:
            if name in _ASGI_HEADERS or (name == b"content-length" and value.strip() != b"0"):
                return None
        self._url = httptools.parse_url(self.url)
        path = self._url.path.decode("ascii")
        self._url_path = urllib.parse.unquote(path) if "%" in path else path
        return self._edge.direct_handler(self._url_path)

    def on_body(self, body: bytes) -> None:
        if self._direct is None:
            super().on_body(body)

    def on_message_complete(self) -> None:
        handler, self._direct = self._direct, None
        if handler is None:
            super().on_message_complete()
            return
        keep_alive = self.parser.get_http_version() != "1.0" and self.parser.should_keep_alive()
        client = self.client[0] if self.client else "127.0.0.1"
        request = build_request(self.parser.get_method().decode("ascii"), self._url_path, self._url.query or b"",
                                self.headers, b"", client, self.scheme == "https")  # fmt: skip
        self._answer(handler(request), keep_alive)

    def _answer(self, response: HttpResponse, keep_alive: bool) -> None:
        """One write: the head as uvicorn's ASGI path writes it, and the body."""
        head = [STATUS_LINE[response.status]]
        for name, value in self.server_state.default_headers:
            head += (name, b": ", value, b"\r\n")
        head += (b"content-type: ", response.content_type.encode(), b"\r\ncontent-length: ",
                 str(len(response.body)).encode(), b"\r\n")  # fmt: skip
        for header, text in response.headers:
            head += (header.lower().encode(), b": ", text.encode(), b"\r\n")
        if not keep_alive:
            head.append(b"connection: close\r\n")
        head += (b"\r\n", response.body)
        self.transport.write(b"".join(head))
        if not keep_alive:
            self.transport.close()
            return
        self.on_response_complete()
        if self.flow.write_paused:
            self.flow.pause_reading()  # a client that sends but does not read: stop reading until it drains

    def resume_writing(self) -> None:
        super().resume_writing()
        if self.cycle is None or self.cycle.response_complete:
            self.flow.resume_reading()

    def on_response_complete(self) -> None:
        self._head.clear()
        super().on_response_complete()
        if not self.transport.is_closing():
            self._arm_deadline()  # the next head must come in time too (uvicorn's keep-alive ends idling sooner)

    def send_400_response(self, msg: str) -> None:
        # httptools could not read the head, or it is over the limit: answer in the envelope.
        if self._refused is not None:
            answer = envelope(errors.InvalidParameter(name=self._refused))
        else:
            answer = refused_head_answer(bytes(self._head))
        self._answer_and_drain(answer)


def _find_edge(app: Any) -> Edge | None:
    """The classiclink edge, if that is the app, bare or under uvicorn's proxy-headers middleware (which the
    direct lane leaves requests with proxy headers to). Under any other wrapper (the message logger of
    ``--log-level trace``), None: every request then takes the ASGI path, for the wrapper to see."""
    if isinstance(app, ProxyHeadersMiddleware):
        app = app.app
    return app if isinstance(app, Edge) else None
