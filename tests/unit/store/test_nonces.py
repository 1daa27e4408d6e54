"""The nonce store on every backend (``Store.claim_nonce``, ``purge_nonces``): a SignatureNonce is refused within
the window after its first use (api-spec: 15 minutes by default), whichever period of the SQLite keys it falls
in, and usable again once the window has passed; a purge drops what is older than the window and nothing newer."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from classiclink.domain.identity import GLOBAL, Nonce
from classiclink.domain.ports import Store
from classiclink.store.migrations import NONCE_BUCKET_SECONDS
from classiclink.store.sqlite import SqliteStore

WINDOW = 15 * 60.0
ACCOUNT = "1000000000000001"
# Just before a period of the SQLite keys ends, so that a replay a moment later falls in the next one.
EDGE = 1_800_000_000 // NONCE_BUCKET_SECONDS * NONCE_BUCKET_SECONDS + NONCE_BUCKET_SECONDS - 1.0


def claim(store: Store, nonce: str, at: float) -> str:
    return store.claim_nonce(Nonce(f"testid:{nonce}", ACCOUNT, GLOBAL, at), at - WINDOW, None)


def stored(store: Store) -> int:
    with store.unit_of_work(read_only=True) as uow:
        return len(uow.nonces.find(account_id=None))


def test_a_nonce_is_refused_within_the_window_across_a_period_boundary(store: Store) -> None:
    assert claim(store, "n1", EDGE) == "claimed"
    assert claim(store, "n1", EDGE) == "used"
    assert claim(store, "n1", EDGE + 2) == "used"  # the next period
    assert claim(store, "n1", EDGE + WINDOW - 1) == "used"  # the window's last second


def test_a_nonce_is_usable_again_once_the_window_has_passed(store: Store) -> None:
    assert claim(store, "n1", EDGE) == "claimed"
    assert claim(store, "n1", EDGE + WINDOW + 1) == "claimed"
    assert claim(store, "n1", EDGE + WINDOW + 2) == "used"


def test_the_same_nonce_of_another_key_is_another_nonce(store: Store) -> None:
    assert claim(store, "n1", EDGE) == "claimed"
    other = Nonce("otherkey:n1", ACCOUNT, GLOBAL, EDGE)
    assert store.claim_nonce(other, EDGE - WINDOW, None) == "claimed"


def test_a_purge_drops_nonces_older_than_the_window_and_keeps_newer_ones(store: Store) -> None:
    now = EDGE + 3 * WINDOW
    assert claim(store, "old", EDGE) == "claimed"
    assert claim(store, "new", now - 10) == "claimed"
    store.purge_nonces(now - WINDOW)
    assert stored(store) == 1
    assert claim(store, "new", now) == "used"


def test_sqlite_writes_one_b_tree_per_claim(tmp_path: Path) -> None:
    """Migration 22: the nonces table is its primary key alone (WITHOUT ROWID, no created_at index), so a claim
    writes one B-tree's page at commit, not three."""
    SqliteStore(str(tmp_path / "s.db")).close()
    conn = sqlite3.connect(tmp_path / "s.db")
    (sql,) = conn.execute("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = 'nonces'").fetchone()
    indexes = conn.execute("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'nonces'").fetchall()
    conn.close()
    assert sql.rstrip().endswith("WITHOUT ROWID")
    assert indexes == []
