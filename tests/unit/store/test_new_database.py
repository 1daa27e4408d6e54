"""A new SQLite database gets every migration as one script in one transaction (store/sqlite.py
``_migrate_new``; start-up, issue 11): the same schema and rows as migrating it one statement at a time."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from classiclink.store import sql
from classiclink.store.migrations import LATEST, MIGRATIONS
from classiclink.store.sqlite import SqliteStore


def contents(path: Path) -> tuple[list[tuple[str, str, str, str]], dict[str, list[tuple[object, ...]]]]:
    """The schema (every object's SQL) and every table's rows; schema_version without its applied_at."""
    with sqlite3.connect(path) as conn:
        schema = conn.execute("SELECT type, name, tbl_name, sql FROM sqlite_master ORDER BY type, name").fetchall()
        tables = [name for kind, name, _, _ in schema if kind == "table" and not name.startswith("sqlite_")]
        rows = {table: sorted(conn.execute(f"SELECT * FROM {table}").fetchall()) for table in tables}
    rows["schema_version"] = [(version, description) for version, description, _ in rows["schema_version"]]
    return schema, rows


def test_a_new_database_is_the_one_the_migrations_make_one_by_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    SqliteStore(str(tmp_path / "script.db")).close()
    monkeypatch.setattr(SqliteStore, "_migrate_new", lambda self, conn: False)
    SqliteStore(str(tmp_path / "each.db")).close()
    script, each = contents(tmp_path / "script.db"), contents(tmp_path / "each.db")
    assert script == each
    assert [v for v, _ in script[1]["schema_version"]] == [v for v, _, _ in MIGRATIONS]
    assert script[1]["identity_version"] == [(1, 0)]  # rows a migration writes are there too


def test_the_script_is_used_for_a_new_file_only(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    used: list[bool] = []
    real = SqliteStore._migrate_new
    monkeypatch.setattr(SqliteStore, "_migrate_new", lambda self, conn: used.append(real(self, conn)) or used[-1])
    path = str(tmp_path / "state.db")
    SqliteStore(path).close()
    assert used == [True]
    SqliteStore(path).close()  # up to date: neither path runs
    assert used == [True]


def test_a_database_that_is_partly_migrated_takes_the_statement_path(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = str(tmp_path / "old.db")
    monkeypatch.setattr(sql, "MIGRATIONS", MIGRATIONS[:4])
    SqliteStore(path).close()  # a version-4 file (made by the script, as an old classiclink's was by statements)
    monkeypatch.setattr(sql, "MIGRATIONS", MIGRATIONS)
    store = SqliteStore(path)
    assert store.schema_version() == LATEST
    store.close()


def test_a_failing_script_leaves_nothing_and_the_statement_path_reports_the_error(tmp_path: Path) -> None:
    path = tmp_path / "foreign.db"
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE vpcs (id TEXT)")  # someone else's file: migration 1 cannot create its vpcs
    with pytest.raises(sqlite3.OperationalError, match="vpcs already exists"):
        SqliteStore(str(path))
    with sqlite3.connect(path) as conn:
        names = [r[0] for r in conn.execute("SELECT name FROM sqlite_master")]
    assert names == ["vpcs"]  # the script's tables rolled back, and the statement path's too
