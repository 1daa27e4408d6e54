"""Run the emulator inside a test process: a real server on a loopback port, in a background thread.

The official SDKs then talk to it over a real socket, exactly as they would to the standalone server, so
tests exercise the SDK's own signing and parsing::

    from classiclink.testing import ThreadedServer

    with ThreadedServer() as emulator:          # memory store, transitions at once, a free port
        client = AcsClient("testid", "testsecret", "cn-hangzhou")
        request.set_endpoint(emulator.endpoint)  # "127.0.0.1:<port>"
        request.set_protocol_type("http")

For pytest, ``pytest_plugins = ["classiclink.testing"]`` in a conftest.py provides the fixture
``classiclink_server``: one server per test session. Isolate tests by account (the admin interface
creates accounts and keys) or reset an account's resources between tests
(``DELETE /_classiclink/admin/accounts/<uid>/resources``), never the whole server.
"""

from __future__ import annotations

import dataclasses
import threading
import time
from collections.abc import Iterator
from types import TracebackType
from typing import Any

import uvicorn

from .bootstrap import build_app, build_runtime
from .settings import Behaviour, Settings


class ThreadedServer:
    def __init__(self, settings: Settings | None = None, **behaviour: Any) -> None:
        """``settings`` as for ``classiclink serve`` (default: memory store, port chosen by the OS);
        keyword arguments override ``Behaviour`` fields, e.g. ``transition_delay=2``."""
        base = settings or Settings(database="memory://", port=0, behaviour=Behaviour(transition_delay=0))
        if behaviour:
            base = dataclasses.replace(base, behaviour=dataclasses.replace(base.behaviour, **behaviour))
        self.settings = base
        self.runtime = build_runtime(base)
        config = uvicorn.Config(build_app(self.runtime), host=base.host, port=base.port, log_level="warning",
                                access_log=False, http="h11", lifespan="off")  # fmt: skip
        self._server = uvicorn.Server(config)
        self._thread = threading.Thread(target=self._server.run, name="classiclink", daemon=True)
        self.port = 0

    @property
    def endpoint(self) -> str:
        """``host:port`` as the SDKs' endpoint settings take it."""
        return f"127.0.0.1:{self.port}"

    @property
    def url(self) -> str:
        return f"http://{self.endpoint}/"

    def start(self, timeout: float = 10.0) -> ThreadedServer:
        self._thread.start()
        deadline = time.monotonic() + timeout
        while not self._server.started:
            if not self._thread.is_alive() or time.monotonic() > deadline:
                raise RuntimeError("the emulator did not start")
            time.sleep(0.01)
        self.port = int(self._server.servers[0].sockets[0].getsockname()[1])
        return self

    def stop(self) -> None:
        self._server.should_exit = True
        self._thread.join(10)
        self.runtime.store.close()

    def __enter__(self) -> ThreadedServer:
        return self.start()

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.stop()


try:
    import pytest
except ImportError:  # pytest is only needed for the fixture
    pass
else:

    @pytest.fixture(scope="session")
    def classiclink_server() -> Iterator[ThreadedServer]:
        """A running emulator for the test session (memory store, lifecycle transitions at once)."""
        with ThreadedServer() as server:
            yield server
