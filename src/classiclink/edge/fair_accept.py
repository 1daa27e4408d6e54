"""The event loop every ``classiclink serve`` worker runs: asyncio's, accepting one connection per wake-up.

With ``--workers N`` every worker waits on the one listening socket uvicorn binds. asyncio accepts up to the
listen backlog (2048) at each wake-up, so when clients open their connections at once (a pool, a load
generator), the first worker to wake takes them all and the others idle: measured with 16 connections, all
16 went to one of two workers in two runs of three. Accepting one at a time, each worker goes back to its
loop between accepts, and the others, woken for the same socket, take their turn: the connections spread.
One worker loses nothing but a loop turn per accepted connection.
"""

from __future__ import annotations

import asyncio
from typing import Any

# Connections accepted per wake-up of the listening socket.
ACCEPTS_PER_WAKEUP = 1


class FairAcceptLoop(asyncio.SelectorEventLoop):
    def _accept_connection(
        self, protocol_factory: Any, sock: Any, sslcontext: Any = None, server: Any = None, backlog: int = 100,
        *args: Any, **kwargs: Any,
    ) -> None:  # fmt: skip
        # asyncio's own accept loop (a private method, the same in 3.11-3.13), told to take one connection.
        super()._accept_connection(protocol_factory, sock, sslcontext, server, ACCEPTS_PER_WAKEUP, *args, **kwargs)  # type: ignore[misc]
