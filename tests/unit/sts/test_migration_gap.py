"""Migrations are applied by presence: a database made while the list read 1, 3 still gets 2 later."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from classiclink.store import migrations, sql
from classiclink.store.sqlite import SqliteStore


def test_a_gap_is_filled_when_the_missing_version_arrives(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = str(tmp_path / "gap.db")
    shipped = [m for m in migrations.MIGRATIONS if m[0] in (1, 3)]  # later ones may build on 2
    monkeypatch.setattr(sql, "MIGRATIONS", shipped)
    SqliteStore(path).close()
    with sqlite3.connect(path) as conn:
        assert [r[0] for r in conn.execute("SELECT version FROM schema_version ORDER BY version")] == [m[0] for m in shipped]
    merged = sorted([*shipped, (2, "another branch's", ["CREATE TABLE from_two (id TEXT PRIMARY KEY)"])])
    monkeypatch.setattr(sql, "MIGRATIONS", merged)
    SqliteStore(path).close()
    with sqlite3.connect(path) as conn:
        assert [r[0] for r in conn.execute("SELECT version FROM schema_version ORDER BY version")] == [m[0] for m in merged]
        assert conn.execute("SELECT COUNT(*) FROM from_two").fetchone() == (0,)


def test_roles_and_temporary_credentials_round_trip(tmp_path: Path) -> None:
    from classiclink.domain import sts
    from classiclink.domain.identity import GLOBAL, Role

    store = SqliteStore(str(tmp_path / "s.db"))
    role = Role("1:r", "1", GLOBAL, 0.0, name="R", role_id="42", trust_policy="{}", policy_names=["a", "b"],
                max_session_duration=7200)  # fmt: skip
    credential = sts.issue(role, session_name="session", session_policy='{"Version":"1"}', duration=900, now=10.0,
                           assumed_by="acs:ram::1:user/u")
    with store.unit_of_work() as uow:
        uow.roles.add(role)
        uow.sts_credentials.add(credential)
        uow.commit()
    with store.unit_of_work() as uow:
        assert uow.roles.get("1:r", account_id="1") == role
        assert uow.sts_credentials.get(credential.id, account_id=None) == credential
    store.close()
