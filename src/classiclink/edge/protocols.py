"""uvicorn's HTTP protocols with ``TCP_NODELAY`` on every accepted connection, whatever the worker count.

asyncio sets ``TCP_NODELAY`` only on sockets whose ``proto`` is ``IPPROTO_TCP``. With one worker, uvicorn
lets asyncio bind the listening socket and accepted sockets qualify; with ``--workers N`` uvicorn binds it
itself as ``socket.socket(AF_INET)`` (``proto`` 0), so accepted sockets are left with Nagle's algorithm on,
and each answer written in two sends waits for the client's delayed ACK: about 40 ms a request on a
kept-alive connection. Setting the option where the connection is made covers both cases.
"""

from __future__ import annotations

import asyncio
import contextlib
import socket

from uvicorn.protocols.http.h11_impl import H11Protocol
from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol

__all__ = ["PROTOCOLS", "NoDelayH11Protocol", "NoDelayHttpToolsProtocol", "set_nodelay"]


def set_nodelay(transport: asyncio.BaseTransport) -> None:
    sock = transport.get_extra_info("socket")
    if sock is not None and sock.family in (socket.AF_INET, socket.AF_INET6):
        # The peer may already be gone; the connection then fails on its own.
        with contextlib.suppress(OSError):
            sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)


class NoDelayH11Protocol(H11Protocol):
    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        set_nodelay(transport)
        super().connection_made(transport)


class NoDelayHttpToolsProtocol(HttpToolsProtocol):
    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        set_nodelay(transport)
        super().connection_made(transport)


# --http choice -> import path uvicorn loads in every worker process.
PROTOCOLS = {
    "h11": "classiclink.edge.protocols:NoDelayH11Protocol",
    "httptools": "classiclink.edge.protocols:NoDelayHttpToolsProtocol",
}
