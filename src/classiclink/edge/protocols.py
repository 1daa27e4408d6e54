"""uvicorn's HTTP protocols with ``TCP_NODELAY`` on every accepted connection, whatever the worker count,
and (h11) a request head the parser refuses answered in the Alibaba envelope.

asyncio sets ``TCP_NODELAY`` only on sockets whose ``proto`` is ``IPPROTO_TCP``. With one worker, uvicorn
lets asyncio bind the listening socket and accepted sockets qualify; with ``--workers N`` uvicorn binds it
itself as ``socket.socket(AF_INET)`` (``proto`` 0), so accepted sockets are left with Nagle's algorithm on,
and each answer written in two sends waits for the client's delayed ACK: about 40 ms a request on a
kept-alive connection. Setting the option where the connection is made covers both cases.

A request line or headers beyond the h11 limit (64 KiB together), or a head h11 cannot parse, used to get
uvicorn's plain-text 400 and a closed socket, so a client still sending a 2 MB query string saw a
connection reset. Now it gets 400 ``InvalidParameter`` in the JSON envelope (``QueryString`` when the
request line is what is too long, ``RequestHeader`` otherwise), and the rest of what it sends is read and
discarded, up to ``DISCARD_BYTES`` or ``DISCARD_SECONDS``, before the connection closes. A TLS handshake
sent to this plain-HTTP port is logged with what to change in the SDK's config, and the connection closed.

Connections are bounded in time and number (h11, the default parser): a head must arrive within
``HEAD_TIMEOUT`` seconds (an idle connection is then closed; a trickling head gets the envelope naming
``RequestHeader``), idle kept-alive connections close after uvicorn's keep-alive timeout (5 s), a stalled
body is cut off by the ASGI edge (60 s), and a worker holding ``MAX_CONNECTIONS`` open connections answers
the next one 503 ``ServiceUnavailable`` and closes it.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import socket
from typing import Any

from uvicorn.protocols.http.h11_impl import H11Protocol
from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol

from .. import errors
from ..domain.model import new_request_id
from ..gateway.context import RequestContext
from ..gateway.render import error
from ..http import HttpRequest

__all__ = ["DEFAULT_HTTP", "PROTOCOLS", "NoDelayH11Protocol", "NoDelayHttpToolsProtocol", "set_nodelay"]


def set_nodelay(transport: asyncio.BaseTransport) -> None:
    sock = transport.get_extra_info("socket")
    if sock is not None and sock.family in (socket.AF_INET, socket.AF_INET6):
        # The peer may already be gone; the connection then fails on its own.
        with contextlib.suppress(OSError):
            sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)


# Request line plus headers, at most. Counted here: h11's own limit only applies while it waits for more
# data, so a larger head that arrives in one read would pass it.
MAX_HEAD_BYTES = 64 * 1024
# A request head must arrive whole within this many seconds of the connection (or of the previous answer).
HEAD_TIMEOUT = 10.0
# Open connections per worker; one more is answered 503 ServiceUnavailable and closed.
MAX_CONNECTIONS = 1000
DISCARD_BYTES = 16 * 1024 * 1024
DISCARD_SECONDS = 5.0
PLAIN_HTTP_HINT = (
    "a TLS handshake arrived on this plain-HTTP port: this is plain HTTP; set protocol to http in your SDK "
    'config (Tea: Config(protocol="http"); legacy: request.set_protocol_type("http"))'
)
_log = logging.getLogger("classiclink")


def envelope(err: errors.ApiError) -> bytes:
    """A whole HTTP/1.1 answer carrying ``err`` in the JSON envelope, for answers given below the ASGI app."""
    ctx = RequestContext(
        http=HttpRequest("GET", "/", [], [], b"", {}), request_id=new_request_id(), now=0.0, host_id=""
    )
    answer = error(ctx, err)
    head = (
        f"HTTP/1.1 {answer.status} {'Bad Request' if answer.status == 400 else 'Service Unavailable'}\r\n"
        f"content-type: {answer.content_type}\r\ncontent-length: {len(answer.body)}\r\nconnection: close\r\n\r\n"
    )
    return head.encode("ascii") + answer.body


def refused_head_answer(received: bytes) -> bytes:
    """The envelope for a head that is refused, naming the part that is too long or malformed."""
    line_end = received.find(b"\r\n")
    too_long_line = line_end < 0 or line_end > MAX_HEAD_BYTES // 8
    return envelope(errors.InvalidParameter(name="QueryString" if too_long_line else "RequestHeader"))


class _HeadDeadline:
    """What both protocols do once a head is refused or too slow: answer in the envelope, then drain and close.
    The attributes are the protocol's own (uvicorn's transport and loop; the head the subclass keeps)."""

    transport: asyncio.Transport
    loop: asyncio.AbstractEventLoop
    head_timeout: float
    _head: bytearray
    _discarded: int
    _deadline: asyncio.TimerHandle | None
    connections: set[Any]
    client: Any
    max_connections: int

    def _admit(self) -> None:
        """After the connection is made: over the worker's cap it is answered ServiceUnavailable and drained;
        otherwise its first head must come within the deadline."""
        if len(self.connections) > self.max_connections:
            _log.warning("refusing a connection from %s: %d open, the cap is %d",
                         self.client, len(self.connections) - 1, self.max_connections)  # fmt: skip
            self._answer_and_drain(envelope(errors.ServiceUnavailable()))
            return
        self._arm_deadline()

    def _draining(self, data: bytes) -> bool:
        """Whether ``data`` arrived after a refused head was answered: then it is dropped (and the connection
        closed once too much comes)."""
        if self._discarded < 0:
            return False
        self._discarded += len(data)
        if self._discarded > DISCARD_BYTES:
            self.transport.close()
        return True

    def connection_lost(self, exc: Exception | None) -> None:
        self._disarm_deadline()
        super().connection_lost(exc)  # type: ignore[misc]

    def _answer_and_drain(self, answer: bytes) -> None:
        """Answer, then read and drop what the client still sends, so it reads the answer, not a reset."""
        self._disarm_deadline()
        self.transport.write(answer)
        self._discarded = 0
        with contextlib.suppress(OSError, RuntimeError, NotImplementedError):
            self.transport.write_eof()
        self.loop.call_later(DISCARD_SECONDS, self.transport.close)

    def _arm_deadline(self) -> None:
        self._disarm_deadline()
        self._deadline = self.loop.call_later(self.head_timeout, self._head_too_slow)

    def _disarm_deadline(self) -> None:
        if self._deadline is not None:
            self._deadline.cancel()
            self._deadline = None

    def _head_too_slow(self) -> None:
        self._deadline = None
        if self.transport.is_closing():
            return
        if self._head:  # part of a head, trickling: say why before closing
            self._answer_and_drain(envelope(errors.InvalidParameter(name="RequestHeader")))
        else:  # nothing sent at all: an idle connection is simply closed
            self.transport.close()


class NoDelayH11Protocol(_HeadDeadline, H11Protocol):
    """Also bounds each connection: its head in size and in time, and the worker's open connections."""

    head_timeout = HEAD_TIMEOUT
    max_connections = MAX_CONNECTIONS

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        set_nodelay(transport)
        self._head = bytearray()  # the current request's head, as far as the limit
        self._in_head = True
        self._discarded = -1  # >= 0 once the answer to a refused head is sent
        self._deadline: asyncio.TimerHandle | None = None
        super().connection_made(transport)
        self._admit()

    def data_received(self, data: bytes) -> None:
        if self._draining(data):
            return
        if not self._head and self._in_head and data[:2] == b"\x16\x03":
            _log.warning("%s (client %s)", PLAIN_HTTP_HINT, self.client)
            self.transport.close()
            return
        if self._in_head:
            self._head += data[: MAX_HEAD_BYTES + 4 - len(self._head)]
            end = self._head.find(b"\r\n\r\n")
            if (end < 0 and len(self._head) > MAX_HEAD_BYTES) or end + 4 > MAX_HEAD_BYTES:
                self.send_400_response("request head too large")
                return
            if end >= 0:
                self._in_head = False
                self._disarm_deadline()  # the body has its own deadline, in the ASGI edge
        super().data_received(data)

    def on_response_complete(self) -> None:
        self._head.clear()
        self._in_head = True
        super().on_response_complete()
        if not self.transport.is_closing():
            self._arm_deadline()  # the next head must come in time too (uvicorn's keep-alive ends idling sooner)

    def send_400_response(self, msg: str) -> None:
        # h11 could not read the head, or it is over the limit: answer in the envelope.
        self._answer_and_drain(refused_head_answer(bytes(self._head)))



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


class NoDelayHttpToolsProtocol(_HeadDeadline, HttpToolsProtocol):
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



# The parser `classiclink serve` uses unless --http says otherwise: the C parser, bounded like h11.
DEFAULT_HTTP = "httptools"
# --http choice -> import path uvicorn loads in every worker process.
PROTOCOLS = {
    "h11": "classiclink.edge.protocols:NoDelayH11Protocol",
    "httptools": "classiclink.edge.protocols:NoDelayHttpToolsProtocol",
}
