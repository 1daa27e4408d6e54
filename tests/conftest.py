"""Shared fixtures. End-to-end tests use a real server process (tests/support/server.py).

``CLASSICLINK_TEST_BACKEND`` (``sqlite``, the default, or ``postgres`` with ``CLASSICLINK_TEST_POSTGRES_URL``)
picks the store of every server these fixtures start: the session ``server``, ``make_server`` and
``ServerProcess`` without a database of the test's own, ``classiclink_server`` and the ``database`` fixture.
On PostgreSQL each gets a schema of its own, dropped when it closes (and any left over at session end), so
an e2e test written against these fixtures runs on both backends as it is. scripts/test runs the e2e tests
a second time on PostgreSQL when ``CLASSICLINK_TEST_BACKENDS`` names it (.ci/run does)."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))

from support.postgres import backend, drop_leftovers, fresh_schema
from support.server import ServerProcess

# The fixture users get from classiclink.testing (classiclink_server), tested like any user would use it.
pytest_plugins = ["classiclink.testing"]


def pytest_configure(config: pytest.Config) -> None:
    backend()  # an unknown backend, or PostgreSQL without a URL, stops the run before any test


E2E = Path(__file__).resolve().parent / "e2e"


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    # Every test under tests/e2e is an e2e test, marked or not: the PostgreSQL pass selects them by the mark.
    for item in items:
        if item.path.is_relative_to(E2E):
            item.add_marker(pytest.mark.e2e)


def pytest_report_header(config: pytest.Config) -> str:
    return f"classiclink test backend: {backend()}"


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    drop_leftovers()


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
        proc = ServerProcess(*args, database=database)
        started.append(proc)
        return proc.start()

    yield make
    for proc in started:
        proc.close()


@pytest.fixture
def database(tmp_path: Path) -> Iterator[str]:
    """A database of this test's own on the suite's backend, for servers started on it one after another
    (restarts): a SQLite file in tmp_path, or a PostgreSQL schema dropped afterwards."""
    if backend() == "postgres":
        with fresh_schema() as url:
            yield url
    else:
        yield str(tmp_path / "state.db")


@pytest.fixture(scope="session")
def classiclink_server_options() -> Iterator[dict[str, Any]]:
    """classiclink.testing's in-process server: its memory store on SQLite runs, the backend's otherwise."""
    if backend() == "postgres":
        with fresh_schema() as url:
            yield {"database": url}
    else:
        yield {}


@pytest.fixture
def postgres_url() -> Iterator[str]:
    """A PostgreSQL URL with a schema of this test's own (skipped without CLASSICLINK_TEST_POSTGRES_URL)."""
    with fresh_schema() as url:
        yield url
