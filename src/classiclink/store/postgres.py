"""PostgreSQL, for servers on several hosts sharing one state: psycopg 3 with a connection pool.

Writers serialise on one transaction-scoped advisory lock taken right after ``BEGIN``: the same
guarantee SQLite's ``BEGIN IMMEDIATE`` gives, so check-then-act rules (one link per instance, 1,000 links
per VPC, unique addresses) hold across every server on the database. The lock is keyed by the schema the
tables live in: emulators in different schemas of one database (test runs) do not wait on each other. Readers run in ``REPEATABLE READ
READ ONLY`` transactions: one consistent snapshot, no lock. Migrations run under a second advisory lock,
so servers starting together migrate once.

``--database postgresql://user@host:port/dbname``; libpq's own URL parameters apply, e.g.
``?options=-csearch_path%3Dmyschema`` to keep the tables in a schema of their own.
"""

from __future__ import annotations

from typing import Any

from ..domain.ports import Store, UnitOfWork
from .sql import (
    POSTGRES,
    DatabaseUnavailable,
    Mapper,
    SchemaTooNew,
    SqlRepository,
    mappers,
    migrate,
    read_identity_version,
    schema_version,
    up_to_date,
)

__all__ = ["DatabaseUnavailable", "PostgresStore", "SchemaTooNew"]

# Arbitrary, fixed keys of pg_advisory_xact_lock: one for writers (with the schema's hash), one for migrators.
WRITE_LOCK = 7_300_501
MIGRATION_LOCK = 7_300_502


class _PostgresUnitOfWork(UnitOfWork):
    def __init__(self, store: PostgresStore, read_only: bool) -> None:
        self._store = store
        self._read_only = read_only
        self._conn: Any = None

    def __enter__(self) -> UnitOfWork:
        conn = self._store.pool.getconn()
        try:
            if self._read_only:
                conn.execute("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
            else:
                conn.execute("BEGIN")
                conn.execute("SELECT pg_advisory_xact_lock(%s, %s)", (WRITE_LOCK, self._store.schema_key))
        except BaseException:
            self._store.pool.putconn(conn)
            raise
        self._conn = conn
        for name, mapper in self._store.tables.items():
            setattr(self, name, SqlRepository(conn, mapper))
        return self

    def commit(self) -> None:
        if self._conn is not None:
            try:
                self._conn.execute("COMMIT")
            finally:
                self._release()

    def rollback(self) -> None:
        if self._conn is not None:
            try:
                self._conn.execute("ROLLBACK")
            finally:
                self._release()

    def identity_version(self) -> int:
        return read_identity_version(self._conn)

    def _release(self) -> None:
        conn, self._conn = self._conn, None
        self._store.pool.putconn(conn)


class PostgresStore(Store):
    def __init__(self, url: str, max_connections: int = 12) -> None:
        import psycopg
        from psycopg_pool import ConnectionPool

        self.url = url
        self.tables: dict[str, Mapper] = mappers(POSTGRES)
        try:
            # One plain connection first: an unreachable server is reported at once, with libpq's reason.
            psycopg.connect(url, connect_timeout=5).close()
            # autocommit: transactions are begun and ended explicitly, as the unit of work says.
            self.pool = ConnectionPool(url, min_size=1, max_size=max_connections, kwargs={"autocommit": True},
                                       open=True, timeout=30)  # fmt: skip
            self.pool.wait(timeout=10)
        except (psycopg.Error, Exception) as err:
            reason = (str(err).strip().splitlines() or ["unreachable"])[0]
            raise DatabaseUnavailable(f"cannot connect to PostgreSQL at {_redacted(url)}: {reason}") from None
        with self.pool.connection() as conn:
            key = conn.execute("SELECT hashtext(coalesce(current_schema(), ''))").fetchone()
            self.schema_key = int(key[0]) if key else 0
            if up_to_date(conn):
                return
            conn.execute("BEGIN")
            try:
                conn.execute("SELECT pg_advisory_xact_lock(%s)", (MIGRATION_LOCK,))
                migrate(conn, POSTGRES, f"PostgreSQL database {_redacted(url)}")
                conn.execute("COMMIT")
            except BaseException:
                conn.execute("ROLLBACK")
                raise

    def schema_version(self) -> int:
        with self.pool.connection() as conn:
            return schema_version(conn)

    def unit_of_work(self, read_only: bool = False) -> UnitOfWork:
        return _PostgresUnitOfWork(self, read_only)

    def close(self) -> None:
        self.pool.close()

    def refresh_statistics(self, *, if_stale: bool = False) -> None:
        # Autovacuum re-analyses tables as they grow; after a bulk load it comes too late for the next queries.
        # VACUUM too: until a page is marked all-visible, an "index-only" count (a VPC's links, a group's members)
        # visits the table for every entry, and the first reads of each new row write its hint bits (at 1M
        # instances AttachClassicLinkVpc took 2 ms more, its p99 twice the empty store's). The store's own tables
        # only (found on the search path), not every schema of the database.
        if if_stale:
            return
        tables = ", ".join([*self.tables, "row_counts", "security_group_members"])
        with self.pool.connection() as conn:
            conn.execute(f"VACUUM (ANALYZE) {tables}")

    @property
    def description(self) -> str:
        return f"PostgreSQL database {_redacted(self.url)}"


def _redacted(url: str) -> str:
    """The URL without a password, for messages and logs."""
    scheme, sep, rest = url.partition("://")
    credentials, at, host = rest.rpartition("@")
    if not at or ":" not in credentials:
        return url
    return f"{scheme}{sep}{credentials.split(':', 1)[0]}:***@{host}"
