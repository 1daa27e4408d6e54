"""The h11 protocol of the edge (``--http h11``, pure Python): see edge/protocols.py."""

from __future__ import annotations

import asyncio
import logging

from uvicorn.protocols.http.h11_impl import H11Protocol

from .heads import HeadBounds, refused_head_answer, set_nodelay
from .protocols import HEAD_TIMEOUT, MAX_CONNECTIONS, MAX_HEAD_BYTES, PLAIN_HTTP_HINT

_log = logging.getLogger("classiclink")


class NoDelayH11Protocol(HeadBounds, H11Protocol):
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
