"""PostgreSQL for the tests: ``CLASSICLINK_TEST_POSTGRES_URL`` names a database; each use gets a schema of
its own, dropped afterwards, so parallel and repeated runs never collide. Without the variable the
PostgreSQL tests skip with that reason; with it set and the server unreachable, they fail."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager

import pytest

URL_ENV = "CLASSICLINK_TEST_POSTGRES_URL"


def base_url() -> str:
    url = os.environ.get(URL_ENV, "")
    if not url:
        pytest.skip(f"{URL_ENV} is not set: the PostgreSQL half of the suite is skipped")
    return url


@contextmanager
def fresh_schema() -> Iterator[str]:
    """A URL whose tables live in a new schema; the schema is dropped on exit."""
    import psycopg

    url = base_url()
    schema = f"cl_test_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(url, autocommit=True, connect_timeout=5) as conn:  # fails loudly when unreachable
        conn.execute(f"CREATE SCHEMA {schema}")
    try:
        yield f"{url}{'&' if '?' in url else '?'}options=-csearch_path%3D{schema}"
    finally:
        with psycopg.connect(url, autocommit=True, connect_timeout=5) as conn:
            conn.execute(f"DROP SCHEMA {schema} CASCADE")
