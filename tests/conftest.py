"""Shared fixtures. End-to-end tests use a real server process (tests/support/server.py)."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))

from support.postgres import fresh_schema
from support.server import ServerProcess

# The fixture users get from classiclink.testing (classiclink_server), tested like any user would use it.
pytest_plugins = ["classiclink.testing"]


@pytest.fixture(scope="session")
def server() -> Iterator[ServerProcess]:
    """One server for the session: transitions at once, a generous VPC quota. Tests use fresh resources."""
    proc = ServerProcess("--transition-delay", "0", "--vpc-quota", "100000").start()
    yield proc
    proc.close()


@pytest.fixture
def make_server() -> Iterator[Callable[..., ServerProcess]]:
    """Start servers of the test's own, with its own flags; all are stopped at teardown.
    ``make_server("--transition-delay", "2", database=path)``."""
    started: list[ServerProcess] = []

    def make(*args: str, database: str | None = None) -> ServerProcess:
        proc = ServerProcess(*args, database=database).start()
        started.append(proc)
        return proc

    yield make
    for proc in started:
        proc.close()


@pytest.fixture
def postgres_url() -> Iterator[str]:
    """A PostgreSQL URL with a schema of this test's own (skipped without CLASSICLINK_TEST_POSTGRES_URL)."""
    with fresh_schema() as url:
        yield url
