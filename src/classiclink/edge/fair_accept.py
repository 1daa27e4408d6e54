"""The event loop every ``classiclink serve`` worker runs: asyncio's, accepting at most four connections per
wake-up of the listening socket.

With ``--workers N`` every worker waits on the one listening socket uvicorn binds. asyncio accepts up to the
listen backlog (2048) at each wake-up, so when clients open their connections at once (a pool, a load
generator), the first worker to wake takes them all and the others idle: measured with 16 connections, all
16 went to one of two workers in two runs of three. Taking a few at a time, each worker goes back to its
loop between batches, and the others, woken for the same socket, take their turn: the connections spread
(tests/e2e/test_workers_e2e.py). One at a time spreads them as well but makes a burst wait: a worker serving
64 busy connections accepted the 64th after 64 turns of its loop (0.4 s); eight at a time no longer spread
16. A single worker loses nothing but a loop turn per batch.
"""

from __future__ import annotations

import asyncio
from typing import Any

# Connections accepted per wake-up of the listening socket (see above for why four).
ACCEPTS_PER_WAKEUP = 4


class FairAcceptLoop(asyncio.SelectorEventLoop):
    def _accept_connection(
        self, protocol_factory: Any, sock: Any, sslcontext: Any = None, server: Any = None, backlog: int = 100,
        *args: Any, **kwargs: Any,
    ) -> None:  # fmt: skip
        # asyncio's own accept loop (a private method, the same in 3.11-3.13), told to take a few connections.
        super()._accept_connection(protocol_factory, sock, sslcontext, server, ACCEPTS_PER_WAKEUP, *args, **kwargs)  # type: ignore[misc]
