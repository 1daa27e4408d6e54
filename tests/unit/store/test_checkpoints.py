"""WAL checkpoints off the request path (store/sqlite.py): a COMMIT leaves the log to the store's checkpoint thread,
which copies it into the database file by itself; past BACKSTOP_PAGES a COMMIT checkpoints after all, so the log
stays bounded when the thread cannot keep up. What a checkpoint copied is what the database file alone holds."""

from __future__ import annotations

import shutil
import sqlite3
import time
from pathlib import Path

import pytest

from classiclink.domain.model import Instance, Lifecycle
from classiclink.store import sqlite as sqlite_store
from classiclink.store.sqlite import SqliteStore

ACCOUNT, REGION = "1000000000000001", "cn-hangzhou"


def machines(start: int, count: int) -> list[Instance]:
    return [Instance(f"i-{n:06d}", ACCOUNT, REGION, float(n), zone_id=f"{REGION}-b", name=f"m{n}", description="x" * 2000,
                     host_name="h", instance_type="t", image_id="img", network_type="classic", security_group_ids=["sg-1"],
                     lifecycle=Lifecycle("Running")) for n in range(start, start + count)]  # fmt: skip


def write(store: SqliteStore, commits: int, per_commit: int = 500) -> None:
    for k in range(commits):
        with store.unit_of_work() as uow:
            uow.instances.insert_many(machines(k * per_commit, per_commit))
            uow.commit()


def in_the_file(path: Path, tmp_path: Path) -> int | None:
    """Instances the database file holds without its log (a copy of the file alone), None while a copy is torn."""
    copy = tmp_path / "copy.db"
    shutil.copyfile(path, copy)
    try:
        conn = sqlite3.connect(copy)
        try:
            return int(conn.execute("SELECT COUNT(*) FROM instances").fetchone()[0])
        finally:
            conn.close()
    except sqlite3.DatabaseError:
        return None
    finally:
        copy.unlink()


def test_commits_leave_the_checkpoint_to_the_stores_thread(tmp_path: Path) -> None:
    path = tmp_path / "c.db"
    store = SqliteStore(str(path))
    assert store._connection().execute("PRAGMA wal_autocheckpoint").fetchone() == (sqlite_store.BACKSTOP_PAGES,)
    checkpointer = store._checkpointer
    assert checkpointer is not None
    checkpointer.checkpoint()  # the schema in the file
    with checkpointer.lock:  # the thread paused: only a COMMIT could checkpoint now
        write(store, commits=6)  # 3,000 rows of 2 KB: past SQLite's default of 1,000 pages, short of the backstop
        assert in_the_file(path, tmp_path) == 0
    deadline = time.monotonic() + 60  # a guard against a hang, not a measurement
    while in_the_file(path, tmp_path) != 3000:
        assert time.monotonic() < deadline, "the checkpoint thread never copied the log"
        time.sleep(0.05)
    store.close()


def test_past_the_backstop_a_commit_checkpoints(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sqlite_store, "BACKSTOP_PAGES", 50)
    path = tmp_path / "b.db"
    store = SqliteStore(str(path))
    assert store._checkpointer is not None
    store._checkpointer.checkpoint()
    with store._checkpointer.lock:
        write(store, commits=2)
        assert in_the_file(path, tmp_path) == 1000  # the log bounded without the thread
    store.close()


def test_close_stops_the_thread_and_leaves_the_file_whole(tmp_path: Path) -> None:
    path = tmp_path / "z.db"
    store = SqliteStore(str(path))
    checkpointer = store._checkpointer
    assert checkpointer is not None
    write(store, commits=1)
    store.close()
    assert not checkpointer._thread.is_alive()
    assert in_the_file(path, tmp_path) == 500  # the last connection to close checkpointed
