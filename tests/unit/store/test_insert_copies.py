"""``Repository.insert_copies`` (bulk seeding's write: one prototype, a few fields per copy) stores exactly what
``insert_many`` of the same objects stores, on every backend: the rows, their row counts and their security-group
members. The SQL adapters write the shared columns as literals: values no literal can carry safely (quotes,
backslashes, '%', non-ASCII, fractions) must come out as they went in."""

from __future__ import annotations

import dataclasses
import sqlite3
from pathlib import Path
from typing import Any

import pytest

from classiclink.domain.model import Instance, Lifecycle
from classiclink.domain.ports import Contains, Store
from classiclink.store.sql import SQLITE, mappers
from classiclink.store.sqlite import SqliteStore

ACCOUNT, OTHER, REGION, ELSEWHERE, NOW = "1000000000000001", "2000000000000002", "cn-hangzhou", "cn-beijing", 1.8e9
FIELDS = ("id", "created_at", "name", "security_group_ids", "lifecycle", "started_at", "deletion_protection")


# Shared by every copy, so written as literals where that is safe: a quote, a backslash, a '%' (psycopg's
# placeholder), non-ASCII, a fraction, a bool, a list and a lifecycle with steps.
PROTOTYPE = Instance(
    "", ACCOUNT, REGION, 0.0, zone_id=f"{REGION}-b", name="", description="it's 100% odd \\ ok", host_name="O'Brien",
    instance_type="ecs.g6.large", image_id="img", network_type="classic", security_group_ids=[],
    lifecycle=Lifecycle("Running"), cpu=2, memory=8192, spot_price_limit=0.125, io_optimized=True,
    tags=[{"Key": "k'%", "Value": "é\\"}], options={"CpuOptions.CoreCount": 2}, user_data="%s %(x)s",
)  # fmt: skip


def copies(prefix: str) -> list[tuple[Any, ...]]:
    both, one = ["sg-1", "sg-2", "sg-1"], ["sg-1"]  # one list object per group set, as the seed shares them
    return [(f"i-{prefix}{n:03d}", NOW + n, f"m{n}'", both if n % 2 else one,
             Lifecycle("Running") if n % 3 else Lifecycle("Pending", [(NOW + 5, "Stopped")]), float(n), n % 4 == 0)
            for n in range(25)]  # fmt: skip


def test_insert_copies_writes_what_insert_many_writes(store: Store) -> None:
    with store.unit_of_work() as uow:
        assert uow.instances.insert_copies(PROTOTYPE, FIELDS, copies("c")) == 25
        uow.instances.insert_many([dataclasses.replace(PROTOTYPE, **dict(zip(FIELDS, r, strict=True)))
                                   for r in copies("o")])  # fmt: skip
        # Copies that set their own account and region (the scope as fields).
        uow.instances.insert_copies(PROTOTYPE, ("id", "account_id", "region_id", "security_group_ids"),
                                    [("i-cx", OTHER, ELSEWHERE, ["sg-3"])])  # fmt: skip
        uow.instances.insert_many([dataclasses.replace(PROTOTYPE, id="i-ox", account_id=OTHER, region_id=ELSEWHERE,
                                                       security_group_ids=["sg-3"])])  # fmt: skip
        uow.commit()
    with store.unit_of_work(read_only=True) as uow:
        found = {i.id: i for i in uow.instances.find(account_id=None)}
        assert len(found) == 52
        for copy_id in [f"i-c{n:03d}" for n in range(25)] + ["i-cx"]:
            original = found[copy_id.replace("i-c", "i-o")]
            assert found[copy_id] == dataclasses.replace(original, id=copy_id)
        assert found["i-c001"].security_group_ids == ["sg-1", "sg-2", "sg-1"]
        # Row counts and members as insert_many keeps them.
        assert uow.instances.count(account_id=ACCOUNT, region_id=REGION) == 50
        assert uow.instances.count(account_id=OTHER, region_id=ELSEWHERE) == 2
        for group, account, region, expected in (("sg-1", ACCOUNT, REGION, 25), ("sg-2", ACCOUNT, REGION, 12),
                                                 ("sg-3", OTHER, ELSEWHERE, 1)):  # fmt: skip
            members = uow.instances.find(account_id=account, region_id=region, security_group_ids=Contains(group))
            ids = [i.id for i in members]
            copied = {i.replace("i-c", "i-o") for i in ids if i.startswith("i-c")}
            assert copied == {i for i in ids if i.startswith("i-o")} and len(copied) == expected
            count = uow.instances.count(account_id=account, region_id=region, security_group_ids=Contains(group))
            assert count == 2 * expected


def test_sqlite_copies_store_the_same_values_with_the_same_types(tmp_path: Path) -> None:
    """A literal is stored with the storage class a bound value gets (REAL stays REAL, text stays text)."""
    path = str(tmp_path / "s.db")
    store = SqliteStore(path)
    with store.unit_of_work() as uow:
        uow.instances.insert_copies(PROTOTYPE, FIELDS, copies("c"))
        uow.instances.insert_many([dataclasses.replace(PROTOTYPE, **dict(zip(FIELDS, r, strict=True)))
                                   for r in copies("o")])  # fmt: skip
        uow.commit()
    store.close()
    columns = mappers(SQLITE)["instances"].columns
    quoted = ", ".join(f"quote({c})" for c in columns if c != "id")
    conn = sqlite3.connect(path)
    for n in range(25):
        copy, original = (conn.execute(f"SELECT {quoted} FROM instances WHERE id = ?", (f"i-{p}{n:03d}",)).fetchone()
                          for p in "co")  # fmt: skip
        assert copy == original
    members = conn.execute("SELECT group_id, table_name, account_id, region_id, substr(member_id, 4) FROM "
                           "security_group_members WHERE member_id LIKE ? ORDER BY 1, 5", ("i-c%",)).fetchall()  # fmt: skip
    assert members == conn.execute("SELECT group_id, table_name, account_id, region_id, substr(member_id, 4) FROM "
                                   "security_group_members WHERE member_id LIKE ? ORDER BY 1, 5", ("i-o%",)).fetchall()  # fmt: skip
    assert len(members) == 37  # 25 in sg-1, 12 in sg-2: a group named twice in a list is one membership
    conn.close()


def test_a_copy_with_the_wrong_number_of_values_is_refused(store: Store) -> None:
    with pytest.raises((ValueError, TypeError)), store.unit_of_work() as uow:
        uow.instances.insert_copies(PROTOTYPE, ("id", "name"), [("i-1", "a"), ("i-2",)])
    with pytest.raises((KeyError, TypeError)), store.unit_of_work() as uow:
        uow.instances.insert_copies(PROTOTYPE, ("id", "no_such_field"), [("i-1", "a")])
