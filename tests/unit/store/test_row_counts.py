"""Unfiltered totals come from counts the store keeps with the rows (migration 15), and late pages are read from the
newest end: both must answer exactly what a scan and an offset from the start answer (issue 7)."""

from __future__ import annotations

import dataclasses
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from classiclink.domain.model import Instance, Lifecycle, Link
from classiclink.domain.ports import AnyOf, Contains, GreaterThan, Store
from classiclink.reads.paging import Paging, query_page
from classiclink.store import sql
from classiclink.store.memory import MemoryStore
from classiclink.store.migrations import MIGRATIONS
from classiclink.store.sqlite import SqliteStore

ACCOUNT, OTHER, REGION, ELSEWHERE, NOW = "1000000000000001", "2000000000000002", "cn-hangzhou", "cn-beijing", 1.8e9


def machine(n: int, *, account: str = ACCOUNT, region: str = REGION, created: float | None = None) -> Instance:
    return Instance(f"i-{n:04d}", account, region, NOW + n // 3 if created is None else created,
                    zone_id=f"{region}-b", name=f"m{n}", description="", host_name="h", instance_type="t",
                    image_id="img", network_type="classic", security_group_ids=["sg-1"],
                    lifecycle=Lifecycle("Running"))  # fmt: skip


def scanned(store: Store, account: str, region: str) -> int:
    """The total by a scan: a filter the counts do not answer (any instance id) forces one."""
    with store.unit_of_work(read_only=True) as uow:
        ids = [i.id for i in uow.instances.find(account_id=None)]
        return uow.instances.count(account_id=account, region_id=region, id=AnyOf(ids))


def counted(store: Store, account: str, region: str) -> int:
    with store.unit_of_work(read_only=True) as uow:
        return uow.instances.count(account_id=account, region_id=region)


def test_counts_follow_inserts_replacements_deletes_and_moves(store: Store) -> None:
    with store.unit_of_work() as uow:
        uow.instances.add_many([machine(n) for n in range(7)])  # the seeding path
        uow.instances.add(machine(7, account=OTHER))
        uow.instances.add(machine(8, region=ELSEWHERE))
        uow.commit()
    assert (counted(store, ACCOUNT, REGION), counted(store, OTHER, REGION), counted(store, ACCOUNT, ELSEWHERE)) == (
        7, 1, 1)  # fmt: skip
    with store.unit_of_work() as uow:
        uow.instances.save(dataclasses.replace(machine(1), name="renamed"))  # an upsert of a stored row: no new row
        uow.instances.remove(machine(2))
        uow.instances.save(dataclasses.replace(machine(3), region_id=ELSEWHERE))  # moved to another region
        uow.commit()
    with store.unit_of_work() as uow:
        uow.instances.remove(machine(4))
        uow.rollback()  # a rolled-back delete changes no count
    for account, region in ((ACCOUNT, REGION), (OTHER, REGION), (ACCOUNT, ELSEWHERE), (OTHER, ELSEWHERE)):
        assert counted(store, account, region) == scanned(store, account, region)
    assert counted(store, ACCOUNT, REGION) == 5


def test_links_and_the_vpc_quota_count_the_same(store: Store) -> None:
    with store.unit_of_work() as uow:
        uow.links.add_many([Link(f"i-{n}", ACCOUNT, REGION, NOW, vpc_id="vpc-1") for n in range(4)])
        uow.links.remove(Link("i-0", ACCOUNT, REGION, NOW, vpc_id="vpc-1"))
        uow.commit()
    with store.unit_of_work(read_only=True) as uow:
        assert uow.links.count(account_id=ACCOUNT, region_id=REGION) == 3
        assert uow.links.count(account_id=ACCOUNT, region_id=REGION, vpc_id="vpc-1") == 3
        assert uow.vpcs.count(account_id=ACCOUNT, region_id=REGION) == 0


@pytest.mark.parametrize("size", [1, 4, 10])
def test_every_page_is_the_slice_of_the_store_order(store: Store, size: int) -> None:
    """Pages of the later half are read newest first and turned round: the same items as slicing the
    whole ordered list, ties in creation time broken by id (three instances share each second)."""
    with store.unit_of_work() as uow:
        uow.instances.add_many([machine(n) for n in reversed(range(23))])
        uow.instances.add(machine(99, account=OTHER))
        uow.commit()
    with store.unit_of_work(read_only=True) as uow:
        ordered = [i.id for i in uow.instances.find(account_id=ACCOUNT, region_id=REGION)]
        assert ordered == [f"i-{n:04d}" for n in range(23)]
        for number in range(1, 23 // size + 3):
            page = query_page(uow.instances, ACCOUNT, Paging(page_number=number, page_size=size), region_id=REGION)
            assert ([i.id for i in page.items], page.total) == (ordered[(number - 1) * size : number * size], 23)
        for start in range(0, 26, 3):  # DescribeRouteEntryList's offset tokens take the same path
            paging = Paging(next_token=str(start), max_results=size, offset_tokens=True)
            page = query_page(uow.instances, ACCOUNT, paging, region_id=REGION)
            assert [i.id for i in page.items] == ordered[start : start + size]
            assert page.next_token == (str(start + size) if start + size < 23 else "")


def add_as_of_then(path: str, instances: list[Instance]) -> None:
    """Instance rows as an older database holds them: the columns its schema has (later ones come with the
    migrations that add them, and their defaults)."""
    with sqlite3.connect(path) as conn:
        have = {row[1] for row in conn.execute("PRAGMA table_info(instances)")}
        for statement, values in _old_inserts(instances, have, sql.SQLITE):
            conn.execute(statement, values)


def add_as_of_then_on_postgresql(url: str, instances: list[Instance]) -> None:
    import psycopg

    with psycopg.connect(url) as conn:
        have = {row[0] for row in conn.execute("SELECT column_name FROM information_schema.columns "
                                               "WHERE table_name = 'instances' AND table_schema = current_schema()")}  # fmt: skip
        for statement, values in _old_inserts(instances, have, sql.POSTGRES):
            conn.execute(statement, values)


def _old_inserts(instances: list[Instance], have: set[str], dialect: sql.Dialect) -> Iterator[tuple[str, list[Any]]]:
    mapper = sql.Mapper("instances", Instance, dialect)
    kept = [i for i, column in enumerate(mapper.columns) if column in have]
    statement = (f"INSERT INTO instances ({', '.join(mapper.columns[i] for i in kept)}) "
                 f"VALUES ({', '.join(dialect.mark for _ in kept)})")  # fmt: skip
    for instance in instances:
        row = mapper.to_row(instance)
        yield statement, [row[i] for i in kept]


def test_migration_15_backfills_the_counts_of_a_database_with_rows(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = str(tmp_path / "v11.db")
    monkeypatch.setattr(sql, "MIGRATIONS", [m for m in MIGRATIONS if m[0] < 15])
    SqliteStore(path).close()
    add_as_of_then(path, [machine(n) for n in range(5)] + [machine(9, account=OTHER)])
    monkeypatch.setattr(sql, "MIGRATIONS", MIGRATIONS)
    store = SqliteStore(path)
    assert (counted(store, ACCOUNT, REGION), counted(store, OTHER, REGION)) == (5, 1)
    with store.unit_of_work() as uow:
        uow.instances.add(machine(6))
        uow.commit()
    assert counted(store, ACCOUNT, REGION) == 6
    store.close()
    with sqlite3.connect(path) as conn:
        rows = conn.execute("SELECT account_id, n FROM row_counts WHERE table_name = 'instances' ORDER BY 1").fetchall()
    assert rows == [(ACCOUNT, 6), (OTHER, 1)]


def test_migration_15_backfills_on_postgresql(monkeypatch: pytest.MonkeyPatch) -> None:
    from classiclink.store.postgres import PostgresStore
    from support.postgres import fresh_schema

    with fresh_schema() as url:
        monkeypatch.setattr(sql, "MIGRATIONS", [m for m in MIGRATIONS if m[0] < 15])
        PostgresStore(url).close()
        add_as_of_then_on_postgresql(url, [machine(n) for n in range(5)])
        monkeypatch.setattr(sql, "MIGRATIONS", MIGRATIONS)
        store = PostgresStore(url)
        try:
            assert counted(store, ACCOUNT, REGION) == 5
            with store.unit_of_work() as uow:
                uow.instances.remove(machine(0))
                uow.commit()
            assert counted(store, ACCOUNT, REGION) == 4 == scanned(store, ACCOUNT, REGION)
        finally:
            store.close()


def test_not_yet_released_count_is_the_kept_count_less_the_released(store: Store) -> None:
    """DescribeInstances' total hides instances past their AutoReleaseTime (released) and keeps the never
    scheduled (0) and the scheduled later; the store subtracts the few past it from the kept count."""
    release = [0.0, NOW - 10, NOW + 10, 0.0, NOW, NOW - 1]
    with store.unit_of_work() as uow:
        uow.instances.add_many([dataclasses.replace(machine(n), auto_release_at=at) for n, at in enumerate(release)])
        uow.instances.add(machine(50, account=OTHER))
        uow.instances.add(dataclasses.replace(machine(51, region=ELSEWHERE), auto_release_at=NOW - 5))
        uow.commit()
    not_released = GreaterThan(NOW, unless=0.0)
    with store.unit_of_work(read_only=True) as uow:
        shown = uow.instances.find(account_id=ACCOUNT, region_id=REGION, auto_release_at=not_released)
        assert sorted(i.id for i in shown) == ["i-0000", "i-0002", "i-0003"]
        assert uow.instances.count(account_id=ACCOUNT, region_id=REGION, auto_release_at=not_released) == 3
        assert uow.instances.count(account_id=ACCOUNT, region_id=ELSEWHERE, auto_release_at=not_released) == 0


def test_insert_many_counts_its_rows_and_refuses_a_stored_id(store: Store) -> None:
    """Bulk seeding's insert of fresh IDs keeps row_counts as add does; an ID already stored is an error,
    not a silent replacement."""
    with store.unit_of_work() as uow:
        uow.instances.insert_many([machine(n) for n in range(5)] + [machine(9, region=ELSEWHERE)])
        uow.commit()
    with store.unit_of_work(read_only=True) as uow:
        assert uow.instances.count(account_id=ACCOUNT, region_id=REGION) == 5
        assert uow.instances.count(account_id=ACCOUNT, region_id=ELSEWHERE) == 1
    if isinstance(store, MemoryStore):
        return  # the memory store's insert_many is add_many (no integrity errors to raise)
    with pytest.raises(Exception) as raised, store.unit_of_work() as uow:
        uow.instances.insert_many([machine(2)])
        uow.commit()
    assert "unique" in str(raised.value).lower() or "duplicate" in str(raised.value).lower()
    with store.unit_of_work(read_only=True) as uow:
        assert uow.instances.count(account_id=ACCOUNT, region_id=REGION) == 5


def grouped(n: int, *groups: str, account: str = ACCOUNT) -> Instance:
    return dataclasses.replace(machine(n, account=account), security_group_ids=list(groups))


def members(store: Store, group: str, account: str = ACCOUNT) -> list[str]:
    with store.unit_of_work(read_only=True) as uow:
        found = [
            i.id for i in uow.instances.find(account_id=account, region_id=REGION, security_group_ids=Contains(group))
        ]
        assert uow.instances.count(account_id=account, region_id=REGION, security_group_ids=Contains(group)) == len(
            found
        )
        return found


def test_group_members_follow_every_write(store: Store) -> None:
    """A security group's instances (its member count: the 2,000 cap; DescribeInstances SecurityGroupId) come
    from the members the store keeps as it writes: inserted, replaced with other groups, removed, rolled back."""
    with store.unit_of_work() as uow:
        uow.instances.insert_many([grouped(0, "sg-a"), grouped(1, "sg-a", "sg-b")])  # seeding
        uow.instances.add_many([grouped(2, "sg-b")])
        uow.instances.add(grouped(3, "sg-a"))
        uow.instances.add(grouped(4, "sg-a", account=OTHER))
        uow.commit()
    assert (members(store, "sg-a"), members(store, "sg-b")) == (["i-0000", "i-0001", "i-0003"], ["i-0001", "i-0002"])
    assert members(store, "sg-a", account=OTHER) == ["i-0004"]
    with store.unit_of_work() as uow:
        uow.instances.save(grouped(0, "sg-b"))  # LeaveSecurityGroup / JoinSecurityGroup rewrite the list
        uow.instances.remove(grouped(1, "sg-a", "sg-b"))
        uow.commit()
    with store.unit_of_work() as uow:
        uow.instances.save(grouped(3, "sg-c"))
        uow.rollback()
    assert (members(store, "sg-a"), members(store, "sg-b"), members(store, "sg-c")) == (
        ["i-0003"], ["i-0000", "i-0002"], [])  # fmt: skip
    # A group name that is a prefix of another's is its own group (no substring match).
    with store.unit_of_work() as uow:
        uow.instances.add(grouped(5, "sg-aa"))
        uow.commit()
    assert members(store, "sg-a") == ["i-0003"]


def test_migration_21_backfills_the_members_of_a_database_with_rows(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = str(tmp_path / "v20.db")
    monkeypatch.setattr(sql, "MIGRATIONS", [m for m in MIGRATIONS if m[0] < 21])
    SqliteStore(path).close()
    add_as_of_then(path, [grouped(0, "sg-a", "sg-b"), grouped(1, "sg-b"), grouped(2)])
    monkeypatch.setattr(sql, "MIGRATIONS", MIGRATIONS)
    store = SqliteStore(path)
    assert (members(store, "sg-a"), members(store, "sg-b")) == (["i-0000"], ["i-0000", "i-0001"])
    store.close()
