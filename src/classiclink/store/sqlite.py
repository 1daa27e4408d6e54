"""The embedded default store: one SQLite file in WAL mode, one transaction per unit of work.

Writers take the database lock at ``BEGIN IMMEDIATE`` so that check-then-act rules (one link per
instance, 1,000 links per VPC) hold across every worker process sharing the file. Each thread has
its own connection; SQLite connections must not be shared between threads.
"""

from __future__ import annotations

import dataclasses
import json
import sqlite3
import threading
import time
import typing
from pathlib import Path
from typing import Any, Generic

from ..domain.model import Lifecycle, Resource
from ..domain.ports import ENTITIES, Repository, Store, T, UnitOfWork
from .migrations import LATEST, MIGRATIONS


class SchemaTooNew(RuntimeError):
    pass


class _Mapper:
    """Dataclass <-> row, driven by the dataclass's field types."""

    def __init__(self, table: str, cls: type[Resource]) -> None:
        self.table = table
        self.cls = cls
        hints = typing.get_type_hints(cls)
        self.fields = [(f.name, hints[f.name]) for f in dataclasses.fields(cls)]
        self.columns = [name for name, _ in self.fields]
        self.select = f"SELECT {', '.join(self.columns)} FROM {table}"
        marks = ", ".join("?" for _ in self.columns)
        self.upsert = f"INSERT OR REPLACE INTO {table} ({', '.join(self.columns)}) VALUES ({marks})"

    def to_row(self, obj: Resource) -> tuple[Any, ...]:
        return tuple(_encode(getattr(obj, name)) for name in self.columns)

    def from_row(self, row: tuple[Any, ...]) -> Resource:
        values = {name: _decode(value, hint) for (name, hint), value in zip(self.fields, row, strict=True)}
        return self.cls(**values)


def _encode(value: Any) -> Any:
    if isinstance(value, Lifecycle):
        return value.encode()
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, (list, dict)):
        return json.dumps(value, ensure_ascii=False)
    return value


def _decode(value: Any, hint: Any) -> Any:
    if hint is Lifecycle:
        return Lifecycle.decode(value)
    if hint is bool:
        return bool(value)
    if typing.get_origin(hint) in (list, dict):
        return json.loads(value)
    return value


class _SqliteRepository(Repository[T], Generic[T]):
    def __init__(self, conn: sqlite3.Connection, mapper: _Mapper) -> None:
        self._conn = conn
        self._m = mapper

    def get(self, id: str, *, account_id: str | None) -> T | None:
        sql, args = f"{self._m.select} WHERE id = ?", [id]
        if account_id is not None:
            sql += " AND account_id = ?"
            args.append(account_id)
        row = self._conn.execute(sql, args).fetchone()
        return None if row is None else self._m.from_row(row)  # type: ignore[return-value]

    def _where(self, account_id: str | None, where: dict[str, Any]) -> tuple[str, list[Any]]:
        clauses, args = [], []
        if account_id is not None:
            clauses.append("account_id = ?")
            args.append(account_id)
        for name, value in where.items():
            if name not in self._m.columns:
                raise KeyError(f"{self._m.table} has no column {name}")
            clauses.append(f"{name} = ?")
            args.append(_encode(value))
        return (" WHERE " + " AND ".join(clauses)) if clauses else "", args

    def find(self, *, account_id: str | None, **where: Any) -> list[T]:
        sql, args = self._where(account_id, where)
        rows = self._conn.execute(f"{self._m.select}{sql} ORDER BY created_at, id", args).fetchall()
        return [self._m.from_row(r) for r in rows]  # type: ignore[misc]

    def count(self, *, account_id: str | None, **where: Any) -> int:
        sql, args = self._where(account_id, where)
        return int(self._conn.execute(f"SELECT COUNT(*) FROM {self._m.table}{sql}", args).fetchone()[0])

    def add(self, obj: T) -> None:
        self._conn.execute(self._m.upsert, self._m.to_row(obj))

    save = add

    def remove(self, obj: T) -> None:
        self._conn.execute(f"DELETE FROM {self._m.table} WHERE id = ?", (obj.id,))

    def purge_older_than(self, created_before: float) -> int:
        cur = self._conn.execute(f"DELETE FROM {self._m.table} WHERE created_at < ?", (created_before,))
        return cur.rowcount


class _SqliteUnitOfWork(UnitOfWork):
    def __init__(self, conn: sqlite3.Connection, mappers: dict[str, _Mapper], read_only: bool = False) -> None:
        self._conn = conn
        self._read_only = read_only
        for name, mapper in mappers.items():
            setattr(self, name, _SqliteRepository(conn, mapper))

    def __enter__(self) -> UnitOfWork:
        # A reader sees one snapshot (WAL) and never takes the write lock; a writer takes it at once, so
        # check-then-act rules hold across every worker sharing the file.
        self._conn.execute("BEGIN" if self._read_only else "BEGIN IMMEDIATE")
        return self

    def commit(self) -> None:
        if self._conn.in_transaction:
            self._conn.execute("COMMIT")

    def rollback(self) -> None:
        if self._conn.in_transaction:
            self._conn.execute("ROLLBACK")


class SqliteStore(Store):
    def __init__(self, path: str, busy_timeout_ms: int = 30_000) -> None:
        self.path = path
        self._busy_timeout_ms = busy_timeout_ms
        self._local = threading.local()
        self._all: list[sqlite3.Connection] = []
        self._lock = threading.Lock()
        self._mappers = {name: _Mapper(name, cls) for name, cls in ENTITIES.items()}
        if path != ":memory:":
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        self.migrate(self._connection())

    def _connection(self) -> sqlite3.Connection:
        conn: sqlite3.Connection | None = getattr(self._local, "conn", None)
        if conn is None:
            conn = sqlite3.connect(self.path, isolation_level=None, check_same_thread=False)
            conn.execute(f"PRAGMA busy_timeout = {self._busy_timeout_ms}")
            conn.execute("PRAGMA journal_mode = WAL")
            # NORMAL in WAL mode never corrupts the file; a power cut may lose the last commits only.
            conn.execute("PRAGMA synchronous = NORMAL")
            conn.execute("PRAGMA foreign_keys = ON")
            self._local.conn = conn
            with self._lock:
                self._all.append(conn)
        return conn

    def migrate(self, conn: sqlite3.Connection) -> None:
        conn.execute("BEGIN IMMEDIATE")
        try:
            conn.execute(
                "CREATE TABLE IF NOT EXISTS schema_version "
                "(version INTEGER PRIMARY KEY, description TEXT NOT NULL, applied_at DOUBLE PRECISION NOT NULL)"
            )
            # Applied by presence rather than "above the highest": branches number migrations apart
            # (a list may read 1, 3 until 2 is merged), and a database at 3 must still get 2.
            applied = {int(r[0]) for r in conn.execute("SELECT version FROM schema_version")}
            current = max(applied, default=0)
            if current > LATEST:
                raise SchemaTooNew(
                    f"database {self.path} has schema version {current}; this classiclink knows up to {LATEST}"
                )
            for version, description, statements in MIGRATIONS:
                if version not in applied:
                    for statement in statements:
                        conn.execute(statement)
                    conn.execute(
                        "INSERT INTO schema_version VALUES (?, ?, ?)", (version, description, time.time())
                    )
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise

    def schema_version(self) -> int:
        row = self._connection().execute("SELECT MAX(version) FROM schema_version").fetchone()
        return int(row[0] or 0)

    def unit_of_work(self, read_only: bool = False) -> UnitOfWork:
        return _SqliteUnitOfWork(self._connection(), self._mappers, read_only)

    def close(self) -> None:
        with self._lock:
            for conn in self._all:
                conn.close()
            self._all.clear()
        self._local = threading.local()

    @property
    def description(self) -> str:
        return f"SQLite database {self.path} (WAL)"
