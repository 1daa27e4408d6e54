"""PostgreSQL for the tests: ``CLASSICLINK_TEST_POSTGRES_URL`` names a database; each use gets a schema of
its own, dropped afterwards, so parallel and repeated runs never collide. Without the variable the
PostgreSQL tests skip with that reason; with it set and the server unreachable, they fail.

``CLASSICLINK_TEST_BACKEND=postgres`` (scripts/test's second pass) moves every server the fixtures start
without a database of the test's own onto PostgreSQL, each in a schema of its own (see ``backend``)."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager

import pytest

URL_ENV = "CLASSICLINK_TEST_POSTGRES_URL"
BACKEND_ENV = "CLASSICLINK_TEST_BACKEND"
BACKENDS = ("sqlite", "postgres")

# Schemas made and not yet dropped: whatever a test left (a server never closed) is dropped at session end.
_live: set[str] = set()


def backend() -> str:
    """The backend of the servers the fixtures start: ``sqlite`` (the default) or ``postgres``."""
    name = os.environ.get(BACKEND_ENV, "") or "sqlite"
    if name not in BACKENDS:
        raise pytest.UsageError(f"{BACKEND_ENV}={name!r}: the backends are {', '.join(BACKENDS)}")
    if name == "postgres" and not os.environ.get(URL_ENV):
        raise pytest.UsageError(f"{BACKEND_ENV}=postgres needs {URL_ENV} (a database the tests may make schemas in)")
    return name


def base_url() -> str:
    url = os.environ.get(URL_ENV, "")
    if not url:
        pytest.skip(f"{URL_ENV} is not set: the PostgreSQL half of the suite is skipped")
    return url


def schema_url(url: str, schema: str) -> str:
    return f"{url}{'&' if '?' in url else '?'}options=-csearch_path%3D{schema}"


def create_schema() -> tuple[str, str]:
    """A new schema: its name and a URL whose tables live in it. ``drop_schema`` removes it."""
    import psycopg

    url = base_url()
    schema = f"cl_test_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(url, autocommit=True, connect_timeout=5) as conn:  # fails loudly when unreachable
        conn.execute(f"CREATE SCHEMA {schema}")
    _live.add(schema)
    return schema, schema_url(url, schema)


def drop_schema(schema: str) -> None:
    import psycopg

    if schema not in _live:
        return
    with psycopg.connect(base_url(), autocommit=True, connect_timeout=5) as conn:
        conn.execute(f"DROP SCHEMA IF EXISTS {schema} CASCADE")
    _live.discard(schema)


def drop_leftovers() -> None:
    for schema in sorted(_live):
        drop_schema(schema)


@contextmanager
def fresh_schema() -> Iterator[str]:
    """A URL whose tables live in a new schema; the schema is dropped on exit."""
    schema, url = create_schema()
    try:
        yield url
    finally:
        drop_schema(schema)
