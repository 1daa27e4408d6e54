"""The embedded default store: one SQLite file in WAL mode, one transaction per unit of work.

Writers take the database lock at ``BEGIN IMMEDIATE`` so that check-then-act rules (one link per
instance, 1,000 links per VPC) hold across every worker process sharing the file. Each thread has
its own connection; SQLite connections must not be shared between threads.

Writers queue for that lock on an advisory file lock first (``flock`` on ``<file>-writer``, one open file
per thread, so threads and worker processes exclude each other alike). SQLite's own wait for a busy
database polls with sleeps that grow from 1 ms to 100 ms: under load every write then waited several
milliseconds after the lock was free, and answers took 30 ms instead of 1. The kernel hands a file lock
to the next waiter the moment it is released. ``busy_timeout`` stays for writers that do not take the file
lock (another program on the file).

Bulk seeding (``bulk_unit_of_work``) writes millions of rows in one transaction. While it runs, the
connection has a cache of up to BULK_CACHE_KIB, which holds the index pages that random IDs touch all over,
and, when no other connection has the file open, a rollback journal instead of WAL: pages a transaction
appends to the file are then written once, where WAL writes them to the log and again at the checkpoint
(a third of a seed's time). ``synchronous`` stays NORMAL: the journal is synced before the file is changed,
the file at the commit. Killed midway, the seed leaves a hot journal that the next connection rolls back
before it reads: the file is as it was before the seed, and back in WAL at the next start. When the seed
ends, committed or not, the file is put back in WAL and the cache back to its size.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import sqlite3
import threading
import time
import urllib.parse
import weakref
from pathlib import Path
from typing import Any

from ..domain.identity import Nonce
from ..domain.ports import NonceClaim, Store, UnitOfWork
from . import sqlite_schema
from .migrations import NONCE_BUCKET_DIGITS, NONCE_BUCKET_SECONDS
from .sql import (
    SQLITE,
    DatabaseUnavailable,
    SchemaTooNew,
    SqlRepository,
    mappers,
    migrate,
    migration_rows,
    migrations_fingerprint,
    migrations_script,
    read_identity_version,
    schema_version,
    up_to_date,
)

# One statement records a nonce unless its key was claimed within the window (rowcount 0: a replay). Keys carry
# the period they were claimed in (migration 22): the window's periods are looked up, and a key of the same
# period older than the window is renewed.
_CLAIM_NONCE = (
    "INSERT INTO nonces (id, account_id, region_id, created_at) SELECT ?, ?, ?, ? "
    "WHERE NOT EXISTS (SELECT 1 FROM nonces WHERE id IN ({keys}) AND created_at >= ?) "
    "ON CONFLICT (id) DO UPDATE SET account_id = excluded.account_id, region_id = excluded.region_id, "
    "created_at = excluded.created_at"
)


_PURGE_NONCES = "DELETE FROM nonces WHERE id < ?"


def _claim_statement(nonce: Nonce, window_start: float) -> tuple[str, tuple[Any, ...]]:
    keys = _nonce_keys(nonce.id, window_start, nonce.created_at)
    key = f"{_period(nonce.created_at)}:{nonce.id}"
    return (
        _CLAIM_NONCE.format(keys=", ".join("?" * len(keys))),
        (key, nonce.account_id, nonce.region_id, nonce.created_at, *keys, window_start),
    )


def _period(at: float) -> str:
    return f"{int(at // NONCE_BUCKET_SECONDS):0{NONCE_BUCKET_DIGITS}d}"


def _nonce_keys(nonce_id: str, window_start: float, now: float) -> list[str]:
    """The keys ``nonce_id`` may have had within the window: one per period from the window's start to the
    period after ``now`` (a concurrent request's clock may already be in it)."""
    first, last = int(window_start // NONCE_BUCKET_SECONDS), int(now // NONCE_BUCKET_SECONDS) + 1
    return [f"{period:0{NONCE_BUCKET_DIGITS}d}:{nonce_id}" for period in range(first, last + 1)]


__all__ = ["DatabaseUnavailable", "SchemaTooNew", "SqliteStore"]

# SQLite's primary result codes for a database another connection holds (err.sqlite_errorcode & 0xFF).
_SQLITE_BUSY, _SQLITE_LOCKED = 5, 6


class _WriterQueue:
    """The writers' file lock of one thread (an open file of its own: flock excludes open files, not
    processes); a no-op for an in-memory database, which only one connection sees."""

    def __init__(self, path: str | None) -> None:
        self._fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644) if path is not None else -1
        self.held = False

    def acquire(self) -> None:
        if self._fd >= 0:
            fcntl.flock(self._fd, fcntl.LOCK_EX)
        self.held = True

    def release(self) -> None:
        if self.held:
            self.held = False
            if self._fd >= 0:
                fcntl.flock(self._fd, fcntl.LOCK_UN)

    def close(self) -> None:
        if self._fd >= 0:
            with contextlib.suppress(OSError):
                os.close(self._fd)
            self._fd = -1


CHECKPOINT_SECONDS = 0.25  # between the background checkpoints; one with nothing to copy costs no sync
BACKSTOP_PAGES = 10_000  # wal_autocheckpoint of serving connections (SQLite's default: 1,000)


class _Checkpointer:
    """The WAL checkpoints of one store, on a daemon thread: a PASSIVE checkpoint every CHECKPOINT_SECONDS, on a
    connection opened for it (read-write, never creating the file) and closed again, so that between passes it
    holds nothing open. ``lock`` is held during a pass, and by a bulk load for as long as it needs the file alone."""

    def __init__(self, path: str) -> None:
        self._uri = f"file:{urllib.parse.quote(path)}?mode=rw"
        self.lock = threading.Lock()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="classiclink-checkpoint", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while not self._stop.wait(CHECKPOINT_SECONDS):
            with self.lock:
                if not self._stop.is_set():
                    self.checkpoint()

    def checkpoint(self) -> None:
        try:
            conn = sqlite3.connect(self._uri, uri=True, isolation_level=None, check_same_thread=False)
        except sqlite3.Error:
            return  # the file is gone (a test's temporary directory): nothing to keep
        try:
            conn.execute("PRAGMA wal_checkpoint(PASSIVE)")
        except sqlite3.Error:
            pass  # an optimisation: the next pass, or a COMMIT past BACKSTOP_PAGES, catches up
        finally:
            conn.close()

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not threading.current_thread():
            self._thread.join()


class _SqliteUnitOfWork(UnitOfWork):
    def __init__(
        self,
        conn: sqlite3.Connection,
        repositories: dict[str, SqlRepository[Any]],
        read_only: bool,
        writers: _WriterQueue,
    ) -> None:
        self._conn = conn
        self._read_only = read_only
        self._writers = writers
        # Repositories hold nothing but the connection and the mapping: each thread's are built once.
        self.__dict__.update(repositories)

    def __enter__(self) -> UnitOfWork:
        # A reader sees one snapshot (WAL) and never takes the write lock; a writer takes it at once, so
        # check-then-act rules hold across every worker sharing the file.
        if self._read_only:
            self._conn.execute("BEGIN")
            return self
        self._writers.acquire()
        try:
            self._conn.execute("BEGIN IMMEDIATE")
        except BaseException:
            self._writers.release()
            raise
        return self

    def commit(self) -> None:
        try:
            if self._conn.in_transaction:
                self._conn.execute("COMMIT")
        finally:
            if not self._conn.in_transaction:
                self._end()

    def rollback(self) -> None:
        try:
            if self._conn.in_transaction:
                self._conn.execute("ROLLBACK")
        finally:
            self._end()

    def _end(self) -> None:
        """What ending the unit of work gives back: the writers' lock (the bulk unit of work adds its settings)."""
        self._writers.release()

    def identity_version(self) -> int:
        return read_identity_version(self._conn)

    def claim_nonce(self, nonce: Nonce, window_start: float, identity_version: int | None) -> NonceClaim:
        # Inside the write transaction (the write lock is held since BEGIN IMMEDIATE): read, then record.
        if identity_version is not None and read_identity_version(self._conn) != identity_version:
            return "stale"
        if self._conn.execute(*_claim_statement(nonce, window_start)).rowcount != 1:
            return "used"
        self._conn.execute("SAVEPOINT after_nonce")
        return "claimed"

    def keep_nonce_only(self) -> None:
        self._conn.execute("ROLLBACK TO after_nonce")

    def purge_nonces(self, created_before: float) -> None:
        self._conn.execute(_PURGE_NONCES, (f"{_period(created_before)}:",))


# The bulk unit of work's page cache (KiB, an upper bound: pages are taken as they are used). A seed of 1M
# instances touches about 1 GiB of index pages at random; whatever does not fit is spilled to the file.
BULK_CACHE_KIB = 1 << 20
_MODE_SWITCH_SECONDS = 30.0  # how long the end of a bulk write retries putting the file back in WAL


class _SqliteBulkUnitOfWork(_SqliteUnitOfWork):
    """``SqliteStore.bulk_unit_of_work``: the writers' lock, then the bulk settings, then ``BEGIN IMMEDIATE``;
    the settings are given back when it ends, before the lock is released."""

    _settings: tuple[str, int] | None = None
    _paused: threading.Lock | None = None  # the store's checkpointer, paused: it would hold the file open
    _pausing = False

    def __enter__(self) -> UnitOfWork:
        self._writers.acquire()
        try:
            if self._paused is not None:
                self._paused.acquire()
                self._pausing = True
            self._settings = _bulk_settings(self._conn)
            self._conn.execute("BEGIN IMMEDIATE")
        except BaseException:
            self._end()
            raise
        return self

    def _end(self) -> None:
        try:
            if self._settings is not None:
                settings, self._settings = self._settings, None
                _serving_settings(self._conn, *settings)
        finally:
            if self._paused is not None and self._pausing:
                self._pausing = False
                self._paused.release()
            self._writers.release()


def _bulk_settings(conn: sqlite3.Connection) -> tuple[str, int]:
    """A large cache, and the rollback journal if no other connection has the file open (the switch out of
    WAL needs the file alone, and says "database is locked" at once otherwise: the bulk write then runs in
    WAL). Returns what to put back: the journal mode and the cache size."""
    cache = int(conn.execute("PRAGMA cache_size").fetchone()[0])
    mode = str(conn.execute("PRAGMA journal_mode").fetchone()[0])
    conn.execute(f"PRAGMA cache_size = -{BULK_CACHE_KIB}")
    if mode == "wal":
        with contextlib.suppress(sqlite3.OperationalError):
            conn.execute("PRAGMA journal_mode = DELETE")
    return mode, cache


def _serving_settings(conn: sqlite3.Connection, mode: str, cache: int) -> None:
    """Back to WAL and the cache it had."""
    conn.execute(f"PRAGMA cache_size = {cache}")
    _journal_mode(conn, mode, _MODE_SWITCH_SECONDS)


def _journal_mode(conn: sqlite3.Connection, mode: str, seconds: float) -> None:
    """``PRAGMA journal_mode``, retried for up to ``seconds``: a switch into or out of WAL needs the file alone,
    and says "database is locked" at once (no busy wait) while another connection holds it, such as a seed
    writing with the rollback journal, or a connection opened while the seed ends."""
    deadline = time.monotonic() + seconds
    while str(conn.execute("PRAGMA journal_mode").fetchone()[0]) != mode:
        try:
            conn.execute(f"PRAGMA journal_mode = {mode}")
        except sqlite3.OperationalError as err:
            code = getattr(err, "sqlite_errorcode", _SQLITE_BUSY) & 0xFF
            if code not in (_SQLITE_BUSY, _SQLITE_LOCKED) or time.monotonic() > deadline:
                raise
            time.sleep(0.05)


def _statistics_stale(conn: sqlite3.Connection, floor: int = 10_000) -> bool:
    """A counted table holds ``floor`` rows or more and over twice (or under half) what ANALYZE last saw."""
    rows = dict(conn.execute("SELECT table_name, SUM(n) FROM row_counts GROUP BY table_name").fetchall())
    if not any(n >= floor for n in rows.values()):
        return False
    if conn.execute("SELECT 1 FROM sqlite_master WHERE name = 'sqlite_stat1'").fetchone() is None:
        return True
    # The first number of an index's stat is the table's row count as analysed: estimated from a sample
    # (analysis_limit) for most indexes, closest for the primary key's.
    seen = {table: int(stat.split()[0]) for table, stat in conn.execute(
        "SELECT tbl, stat FROM sqlite_stat1 WHERE idx = 'sqlite_autoindex_' || tbl || '_1'")}  # fmt: skip
    return any(n >= floor and not seen.get(table, 0) * 0.5 <= n <= seen.get(table, 0) * 2 for table, n in rows.items())


class SqliteStore(Store):
    inline_safe = True
    nonce_in_writes = True

    def __init__(self, path: str, busy_timeout_ms: int = 30_000) -> None:
        self.path = path
        self._busy_timeout_ms = busy_timeout_ms
        self._local = threading.local()
        self._all: list[sqlite3.Connection] = []
        self._queues: list[_WriterQueue] = []
        self._lock = threading.Lock()
        self._mappers = mappers(SQLITE)
        self._checkpointer: _Checkpointer | None = None
        if path != ":memory:":
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        self.migrate(self._connection())

    def _connection(self) -> sqlite3.Connection:
        conn: sqlite3.Connection | None = getattr(self._local, "conn", None)
        if conn is None:
            conn = sqlite3.connect(self.path, isolation_level=None, check_same_thread=False)
            conn.execute(f"PRAGMA busy_timeout = {self._busy_timeout_ms}")
            if self.path != ":memory:":
                self._into_wal(conn)
            # NORMAL in WAL mode never corrupts the file; a power cut may lose the last commits only.
            conn.execute("PRAGMA synchronous = NORMAL")
            conn.execute("PRAGMA foreign_keys = ON")
            # Checkpoints are the store's thread's (module docstring); a COMMIT makes one only past the backstop.
            conn.execute(f"PRAGMA wal_autocheckpoint = {BACKSTOP_PAGES}")
            self._local.conn = conn
            writers = self._local.writers = _WriterQueue(None if self.path == ":memory:" else f"{self.path}-writer")
            with self._lock:
                self._all.append(conn)
                self._queues.append(writers)
                if self._checkpointer is None and self.path != ":memory:":
                    self._checkpointer = _Checkpointer(self.path)
                    # A store dropped without close() stops its thread too.
                    weakref.finalize(self, self._checkpointer.stop)
        return conn

    def _into_wal(self, conn: sqlite3.Connection) -> None:
        """WAL for this connection, waiting as long as for any lock while a seed holds the file (it writes with
        the rollback journal when it finds the file alone: module docstring), then a one-line refusal."""
        try:
            _journal_mode(conn, "wal", self._busy_timeout_ms / 1000)
        except sqlite3.OperationalError as err:
            conn.close()
            raise DatabaseUnavailable(f"database {self.path} is held by another process (a classiclink seed still "
                                      f"writing?): {err}") from None  # fmt: skip

    def migrate(self, conn: sqlite3.Connection) -> None:
        if up_to_date(conn) or self._migrate_new(conn):
            return
        conn.execute("BEGIN IMMEDIATE")  # one migrator at a time, across every process on the file
        try:
            migrate(conn, SQLITE, f"database {self.path}")
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise

    def _migrate_new(self, conn: sqlite3.Connection) -> bool:
        """A database without a schema gets every migration at once, in one transaction (start-up, issue 11):
        the schema they make (sqlite_schema.py, generated from them) while it is theirs, else their statements,
        as one script either way. Its first statement creates schema_version: on a file another process has
        migrated a moment ago, or one that holds other tables, it fails, is rolled back and False returned,
        and the one-statement-at-a-time path then does what it always did. A database still locked after
        busy_timeout is an error here as there."""
        if conn.execute("SELECT 1 FROM sqlite_master WHERE name = 'schema_version'").fetchone() is not None:
            return False
        if migrations_fingerprint() == sqlite_schema.FINGERPRINT:
            script: str | None = "".join(f"{statement};\n" for statement in sqlite_schema.STATEMENTS)
        else:
            script = migrations_script()
        if script is None:
            return False
        try:
            # executescript commits an open transaction before it runs, so the script opens its own.
            conn.executescript("BEGIN IMMEDIATE;\n" + script)
            conn.executemany("INSERT INTO schema_version VALUES (?, ?, ?)", migration_rows(time.time()))
            conn.execute("COMMIT")
        except BaseException as err:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            code = getattr(err, "sqlite_errorcode", None)
            if not isinstance(err, sqlite3.Error) or (
                code is not None and code & 0xFF in (_SQLITE_BUSY, _SQLITE_LOCKED)
            ):
                raise
            return False
        return True

    def schema_version(self) -> int:
        return schema_version(self._connection())

    def unit_of_work(self, read_only: bool = False) -> UnitOfWork:
        conn = self._connection()
        repositories: dict[str, SqlRepository[Any]] | None = getattr(self._local, "repositories", None)
        if repositories is None:
            repositories = self._local.repositories = {
                name: SqlRepository(conn, m) for name, m in self._mappers.items()
            }
        return _SqliteUnitOfWork(conn, repositories, read_only, self._local.writers)

    def bulk_unit_of_work(self) -> UnitOfWork:
        self.unit_of_work(read_only=True)  # this thread's connection and repositories
        bulk = _SqliteBulkUnitOfWork(self._connection(), self._local.repositories, False, self._local.writers)
        bulk._paused = self._checkpointer.lock if self._checkpointer is not None else None
        return bulk

    def identity_version(self) -> int:
        return read_identity_version(self._connection())  # autocommit: one statement, no transaction

    def claim_nonce(self, nonce: Nonce, window_start: float, identity_version: int | None) -> NonceClaim:
        """Two autocommit statements instead of a transaction of four: the identity version, then the nonce.
        An identity change that commits between them is concurrent with this request, which may then be
        ordered before it; the nonce statement alone decides a replay, atomically."""
        conn = self._connection()
        if identity_version is not None and read_identity_version(conn) != identity_version:
            return "stale"
        writers: _WriterQueue = self._local.writers
        writers.acquire()
        try:
            cursor = conn.execute(*_claim_statement(nonce, window_start))
        finally:
            writers.release()
        return "claimed" if cursor.rowcount == 1 else "used"

    def purge_nonces(self, created_before: float) -> None:
        """The periods wholly before ``created_before``: one key range. Nonces of the period it falls in stay
        until the next (at most one period longer than the window)."""
        conn = self._connection()
        writers: _WriterQueue = self._local.writers
        writers.acquire()
        try:
            conn.execute(_PURGE_NONCES, (f"{_period(created_before)}:",))
        finally:
            writers.release()

    def refresh_statistics(self, *, if_stale: bool = False) -> None:
        # Without sqlite_stat1 the planner guesses ten rows per key, and on a large table it then walks an
        # account's whole (account, region) index for one VPC's rows; nothing re-analyses a SQLite file by
        # itself. A bounded sample per index keeps ANALYZE quick at any size.
        conn = self._connection()
        if if_stale and not _statistics_stale(conn):
            return
        conn.execute("PRAGMA analysis_limit = 1000")
        conn.execute("ANALYZE")

    def close(self) -> None:
        with self._lock:
            checkpointer, self._checkpointer = self._checkpointer, None
        if checkpointer is not None:
            checkpointer.stop()  # before the connections close: the last one to close checkpoints by itself
        with self._lock:
            for conn in self._all:
                conn.close()
            self._all.clear()
            for writers in self._queues:
                writers.close()
            self._queues.clear()
        self._local = threading.local()

    @property
    def description(self) -> str:
        return f"SQLite database {self.path} (WAL)"
