"""The httptools protocol of the edge (the default, ``--http httptools``: the C parser): see edge/protocols.py."""

from __future__ import annotations

import asyncio
import logging
from typing import Any

from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol

from .. import errors
from .heads import HeadBounds, envelope, refused_head_answer, set_nodelay
from .protocols import HEAD_TIMEOUT, MAX_CONNECTIONS, MAX_HEAD_BYTES, PLAIN_HTTP_HINT

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
        super().on_headers_complete()
        if self.cycle is not None and not isinstance(self.cycle.transport, _OneWrite):
            self.cycle.transport = _OneWrite(self.transport)  # type: ignore[assignment]

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
