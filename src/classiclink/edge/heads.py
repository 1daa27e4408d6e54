"""What both HTTP protocols (edge/protocols.py) share: TCP_NODELAY on the accepted socket, the Alibaba envelope
for a head answered below the ASGI app, and the head's deadline, the connection cap and the drain after a
refused head (``HeadBounds``, a mixin over uvicorn's protocol)."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import socket
from typing import Any

from .. import errors
from ..domain.model import new_request_id
from ..gateway.context import RequestContext
from ..gateway.render import error
from ..http import HttpRequest
from .protocols import DISCARD_BYTES, DISCARD_SECONDS, MAX_HEAD_BYTES

_log = logging.getLogger("classiclink")


def set_nodelay(transport: asyncio.BaseTransport) -> None:
    sock = transport.get_extra_info("socket")
    if sock is not None and sock.family in (socket.AF_INET, socket.AF_INET6):
        # The peer may already be gone; the connection then fails on its own.
        with contextlib.suppress(OSError):
            sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)


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


class HeadBounds:
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
