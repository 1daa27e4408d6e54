"""The store tests run against every backend: the memory store, SQLite on a temporary file and PostgreSQL in a
schema of its own (skipped, with the reason, when CLASSICLINK_TEST_POSTGRES_URL is not set)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from classiclink.domain.ports import Store
from classiclink.store.memory import MemoryStore
from classiclink.store.sqlite import SqliteStore


@pytest.fixture(params=["memory", "sqlite", "postgres"])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Store]:
    if request.param == "postgres":
        from classiclink.store.postgres import PostgresStore
        from support.postgres import fresh_schema

        with fresh_schema() as url:
            pg = PostgresStore(url)
            yield pg
            pg.close()
        return
    s: Store = MemoryStore() if request.param == "memory" else SqliteStore(str(tmp_path / "s.db"))
    yield s
    s.close()
