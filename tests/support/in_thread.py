"""A uvicorn server in a thread of the test process, on a socket the test bound: for tests of the HTTP protocol
that need the real server loop but not a separate process."""

from __future__ import annotations

import contextlib
import socket
import threading
from collections.abc import Iterator

import uvicorn


@contextlib.contextmanager
def serving(config: uvicorn.Config, sock: socket.socket) -> Iterator[tuple[str, int]]:
    """Serve ``sock`` with ``config`` until the block ends; yields the address to connect to."""
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    try:
        for _ in range(500):
            if server.started:
                break
            threading.Event().wait(0.01)
        yield sock.getsockname()
    finally:
        server.should_exit = True
        thread.join(10)
        sock.close()
