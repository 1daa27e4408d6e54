"""Both stores honour the port: scoped reads, all-or-nothing units of work, and (SQLite) durability and migrations."""

from __future__ import annotations

import dataclasses
import sqlite3
import typing
from pathlib import Path
from typing import Any

import pytest

from classiclink.domain.faults import new_rule
from classiclink.domain.model import Disk, Instance, Lifecycle, Link, Resource, Vpc
from classiclink.domain.ports import ENTITIES, AnyOf, Store
from classiclink.store import open_store
from classiclink.store.memory import MemoryStore
from classiclink.store.migrations import LATEST, MIGRATIONS
from classiclink.store.sqlite import SchemaTooNew, SqliteStore

ACCOUNT, OTHER, REGION, NOW = "1000000000000001", "2000000000000002", "cn-hangzhou", 1_800_000_000.0


def vpc(vpc_id: str = "vpc-1", account: str = ACCOUNT, created: float = NOW) -> Vpc:
    return Vpc(vpc_id, account, REGION, created, cidr_block="172.16.0.0/12", name="n", description="",
               lifecycle=Lifecycle("Pending", [(NOW + 5, "Available")]), vrouter_id="vrt-1", route_table_id="vtb-1",
               tags=[{"Key": "k", "Value": "v"}], user_cidrs=["10.0.0.0/16"])  # fmt: skip


def sample_value(name: str, kind: Any) -> Any:
    """A value of the field's type that is not its default, so a field the store drops shows."""
    samples: dict[Any, Any] = {
        str: f"{name}-value", int: 4242, float: NOW + 17.25, bool: True,
        list[str]: [f"{name}-1", f"{name}-2"],
        list[dict[str, str]]: [{"Key": "k1", "Value": "v1"}, {"Key": "k2", "Value": ""}],
        dict[str, Any]: {"Arrearage": True, "Quotas": {"PostPaidInstances": 2}},
        dict[str, str]: {"Features.ImdsSupport": "v1", "SecureBootOptions.SecureBootSupport": "supported"},
        Lifecycle: Lifecycle("Starting", [(NOW + 5, "Running"), (NOW + 9, "Stopped")]),
    }  # fmt: skip
    if kind not in samples:
        raise AssertionError(f"no sample for a {kind} field ({name}); add one")
    return samples[kind]


def sample(entity: type[Resource]) -> Resource:
    """One instance of ``entity`` with every field set to a non-default value."""
    hints = typing.get_type_hints(entity)
    values: dict[str, Any] = {"id": f"{entity.__name__.lower()}-1", "account_id": ACCOUNT, "region_id": REGION,
                              "created_at": NOW}  # fmt: skip
    for f in dataclasses.fields(entity):
        if f.name not in values:
            value = sample_value(f.name, hints[f.name])
            values[f.name] = (f.default is not True) if hints[f.name] is bool else value
    built = entity(**values)
    for f in dataclasses.fields(entity):
        default = f.default_factory() if f.default_factory is not dataclasses.MISSING else f.default
        assert getattr(built, f.name) != default, f"{entity.__name__}.{f.name} keeps its default"
    return built


@pytest.mark.parametrize("repository", sorted(ENTITIES))
def test_round_trip_keeps_every_field(store: Store, repository: str) -> None:
    entity = ENTITIES[repository]
    with store.unit_of_work() as uow:
        getattr(uow, repository).add(sample(entity))
        uow.commit()
    with store.unit_of_work() as uow:
        loaded = getattr(uow, repository).get(f"{entity.__name__.lower()}-1", account_id=ACCOUNT)
    assert loaded == sample(entity)
    assert type(loaded) is entity


def test_round_trip_keeps_a_pending_vpc(store: Store) -> None:
    with store.unit_of_work() as uow:
        uow.vpcs.add(vpc())
        uow.commit()
    with store.unit_of_work() as uow:
        assert uow.vpcs.get("vpc-1", account_id=ACCOUNT) == vpc()


def test_reads_are_scoped_to_the_account(store: Store) -> None:
    with store.unit_of_work() as uow:
        uow.vpcs.add(vpc())
        uow.vpcs.add(vpc("vpc-2", OTHER))
        uow.commit()
    with store.unit_of_work() as uow:
        assert uow.vpcs.get("vpc-2", account_id=ACCOUNT) is None
        assert [v.id for v in uow.vpcs.find(account_id=ACCOUNT)] == ["vpc-1"]
        assert uow.vpcs.count(account_id=None) == 2


def test_leaving_without_commit_changes_nothing(store: Store) -> None:
    with store.unit_of_work() as uow:
        uow.vpcs.add(vpc())
        uow.commit()
    with pytest.raises(RuntimeError), store.unit_of_work() as uow:
        changed = uow.vpcs.get("vpc-1", account_id=ACCOUNT)
        assert changed is not None
        changed.classic_link_enabled = True
        uow.vpcs.save(changed)
        uow.links.add(Link("i-1", ACCOUNT, REGION, NOW, vpc_id="vpc-1"))
        raise RuntimeError("the request failed half-way")
    with store.unit_of_work() as uow:
        assert uow.vpcs.get("vpc-1", account_id=ACCOUNT).classic_link_enabled is False  # type: ignore[union-attr]
        assert uow.links.count(account_id=ACCOUNT) == 0


def test_find_filters_and_orders_oldest_first(store: Store) -> None:
    with store.unit_of_work() as uow:
        uow.vpcs.add(vpc("vpc-b", created=NOW + 1))
        uow.vpcs.add(vpc("vpc-a", created=NOW + 2))
        uow.vpcs.add(vpc("vpc-c", created=NOW))
        uow.commit()
    with store.unit_of_work() as uow:
        assert [v.id for v in uow.vpcs.find(account_id=ACCOUNT)] == ["vpc-c", "vpc-b", "vpc-a"]
        assert [v.id for v in uow.vpcs.find(account_id=ACCOUNT, name="n", classic_link_enabled=False)] == [
            "vpc-c", "vpc-b", "vpc-a"]  # fmt: skip
        assert uow.vpcs.find(account_id=ACCOUNT, classic_link_enabled=True) == []


def test_remove_and_purge(store: Store) -> None:
    with store.unit_of_work() as uow:
        uow.vpcs.add(vpc("vpc-old", created=NOW - 100))
        uow.vpcs.add(vpc("vpc-new", created=NOW))
        uow.commit()
    with store.unit_of_work() as uow:
        assert uow.vpcs.purge_older_than(NOW - 50) == 1
        uow.vpcs.remove(vpc("vpc-new"))
        uow.commit()
    with store.unit_of_work() as uow:
        assert uow.vpcs.count(account_id=None) == 0


def _sample(hint: Any, name: str) -> Any:
    """A value of the field's type that differs from its default, so a column the mapper drops shows."""
    origin = typing.get_origin(hint)
    if hint is Lifecycle:
        return Lifecycle("Pending", [(NOW + 5, "Available")])
    if hint is bool:
        return True
    if hint is int:
        return 7
    if hint is float:
        return NOW + 1.5
    if hint is str:
        return f"{name}-value"
    if origin is list:
        (item,) = typing.get_args(hint)
        return [{"Key": "k", "Value": "v"}] if typing.get_origin(item) is dict else [f"{name}-1", f"{name}-2"]
    if origin is dict:
        return {"k": "v"}
    raise AssertionError(f"no sample for {name}: {hint}")


@pytest.mark.parametrize("table", sorted(ENTITIES))
def test_every_entity_round_trips(store: Store, table: str) -> None:
    """Each table's columns match its dataclass (the SQL mapper is generic): every field, of every entity,
    set to a non-default value, reads back equal."""
    cls = ENTITIES[table]
    hints = typing.get_type_hints(cls)
    values = {f.name: _sample(hints[f.name], f.name) for f in dataclasses.fields(cls)}
    values.update(id=f"{table}-1", account_id=ACCOUNT, region_id=REGION, created_at=NOW)
    obj = cls(**values)
    with store.unit_of_work() as uow:
        getattr(uow, table).add(obj)
        uow.commit()
    with store.unit_of_work() as uow:
        assert getattr(uow, table).get(obj.id, account_id=ACCOUNT) == obj


def test_fault_rules_round_trip(store: Store) -> None:
    rule = new_rule("fault-1", NOW, action="CreateVpc", account_id="*", error="Throttling.User", latency_ms=20,
                    count=3, percent=50)  # fmt: skip
    with store.unit_of_work() as uow:
        uow.fault_rules.add(rule)
        uow.commit()
    with store.unit_of_work(read_only=True) as uow:
        assert uow.fault_rules.find(account_id=None) == [rule]


def test_disks_and_user_data_round_trip(store: Store) -> None:
    instance = Instance("i-2", ACCOUNT, REGION, NOW, zone_id="cn-hangzhou-b", name="a", description="",
                        host_name="h", instance_type="t", image_id="img", network_type="classic",
                        security_group_ids=["sg-1"], lifecycle=Lifecycle("Running"), user_data="ZWNobyBoaQ==")  # fmt: skip
    disk = Disk("d-1", ACCOUNT, REGION, NOW, zone_id="cn-hangzhou-b", disk_type="data", category="cloud_essd",
                size=100, instance_id="i-2", device="/dev/xvdb", name="data1", description="logs",
                performance_level="PL2", delete_with_instance=False, encrypted=True, kms_key_id="key-1",
                portable=True, image_id="", charge_type="PostPaid", resource_group_id="rg-1", attached_at=NOW,
                detached_at=NOW + 1, expires_at=0.0, tags=[{"Key": "k", "Value": "v"}])  # fmt: skip
    with store.unit_of_work() as uow:
        uow.instances.add(instance)
        uow.disks.add(disk)
        uow.disks.add(Disk("d-2", OTHER, REGION, NOW, zone_id="cn-hangzhou-b", disk_type="system",
                           category="cloud_efficiency", size=40))  # fmt: skip
        uow.commit()
    with store.unit_of_work() as uow:
        assert uow.instances.get("i-2", account_id=ACCOUNT) == instance
        assert uow.disks.get("d-1", account_id=ACCOUNT) == disk
        assert uow.disks.get("d-2", account_id=ACCOUNT) is None
        assert [d.id for d in uow.disks.find(account_id=ACCOUNT, instance_id="i-2")] == ["d-1"]


def test_a_version_1_database_is_upgraded_to_disks(tmp_path: Path) -> None:
    """Migration 2 keeps version-1 rows: old instances get empty user data."""
    path = tmp_path / "v1.db"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE schema_version (version INTEGER PRIMARY KEY, description TEXT NOT NULL, "
                 "applied_at DOUBLE PRECISION NOT NULL)")  # fmt: skip
    version, description, statements = MIGRATIONS[0]
    for statement in statements:
        conn.execute(statement)
    conn.execute("INSERT INTO schema_version VALUES (?, ?, 0)", (version, description))
    conn.execute("INSERT INTO instances VALUES ('i-old', ?, ?, ?, 'cn-hangzhou-b', 'n', '', 'h', 't', 'img', "
                 "'classic', '[]', '[\"Stopped\", []]', '', '', '', '10.1.2.3', 'PostPaid', 'PayByTraffic', 0, 1, "
                 "1024, 0, 0, '[]')", (ACCOUNT, REGION, NOW))  # fmt: skip
    conn.commit()
    conn.close()
    store = SqliteStore(str(path))
    assert store.schema_version() == LATEST
    with store.unit_of_work() as uow:
        old = uow.instances.get("i-old", account_id=ACCOUNT)
        assert old is not None and old.user_data == "" and old.inner_ip == "10.1.2.3"
        assert uow.disks.find(account_id=ACCOUNT) == []
    store.close()


def test_sqlite_state_survives_reopening(tmp_path: Path) -> None:
    path = str(tmp_path / "state.db")
    first = SqliteStore(path)
    with first.unit_of_work() as uow:
        uow.vpcs.add(vpc())
        uow.commit()
    first.close()
    second = SqliteStore(path)
    with second.unit_of_work() as uow:
        assert uow.vpcs.get("vpc-1", account_id=ACCOUNT) == vpc()
    assert second.schema_version() == LATEST
    second.close()


def test_sqlite_uses_wal(tmp_path: Path) -> None:
    path = tmp_path / "wal.db"
    SqliteStore(str(path)).close()
    assert sqlite3.connect(path).execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_a_newer_schema_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "new.db"
    SqliteStore(str(path)).close()
    conn = sqlite3.connect(path)
    conn.execute("INSERT INTO schema_version VALUES (?, 'from the future', 0)", (LATEST + 1,))
    conn.commit()
    conn.close()
    with pytest.raises(SchemaTooNew):
        SqliteStore(str(path))


def test_open_store_urls(tmp_path: Path) -> None:
    assert isinstance(open_store("memory://"), MemoryStore)
    assert isinstance(open_store(f"sqlite:///{tmp_path}/a.db"), SqliteStore)
    assert isinstance(open_store(str(tmp_path / "b.db")), SqliteStore)


def test_queries_are_answered_by_the_store(store: Store) -> None:
    """AnyOf (IN), a slice in store order, counts and existence, scoped to the account."""
    with store.unit_of_work() as uow:
        for n in range(5):
            uow.vpcs.add(vpc(f"vpc-{n}", created=NOW + n))
        uow.vpcs.add(vpc("vpc-other", OTHER, NOW))
        uow.commit()
    with store.unit_of_work(read_only=True) as uow:
        assert [v.id for v in uow.vpcs.find(account_id=ACCOUNT, id=AnyOf(["vpc-3", "vpc-1", "vpc-other"]))] == [
            "vpc-1", "vpc-3"
        ]  # fmt: skip
        assert uow.vpcs.find(account_id=ACCOUNT, id=AnyOf([])) == []
        assert [v.id for v in uow.vpcs.find(account_id=ACCOUNT, limit=2, offset=1)] == ["vpc-1", "vpc-2"]
        assert uow.vpcs.count(account_id=ACCOUNT, id=AnyOf(["vpc-0", "vpc-4", "vpc-9"])) == 2
        assert uow.vpcs.exists(account_id=ACCOUNT, name="n")
        assert not uow.vpcs.exists(account_id=ACCOUNT, id="vpc-other")


def machine(n: int, *, created: float = NOW, inner_ip: str = "", private_ip: str = "", vswitch: str = "",
            groups: tuple[str, ...] = ("sg-1",), region: str = REGION, account: str = ACCOUNT) -> Instance:  # fmt: skip
    return Instance(f"i-{n}", account, region, created, zone_id="cn-hangzhou-b", name="a", description="",
                    host_name="h", instance_type="t", image_id="img", network_type="vpc" if vswitch else "classic",
                    security_group_ids=list(groups), lifecycle=Lifecycle("Running"), vswitch_id=vswitch,
                    vpc_id="vpc-1" if vswitch else "", inner_ip=inner_ip, private_ip=private_ip)  # fmt: skip


def test_keyset_pages_follow_store_order(store: Store) -> None:
    """``after=(created_at, id)``: rows later in (creation time, id) order, ties broken by id."""
    with store.unit_of_work() as uow:
        for n, created in enumerate([NOW, NOW, NOW + 1, NOW + 0.5, NOW + 1]):
            uow.vpcs.add(vpc(f"vpc-{n}", created=created))
        uow.vpcs.add(vpc("vpc-other", OTHER, NOW + 0.7))
        uow.commit()
    with store.unit_of_work(read_only=True) as uow:
        assert [v.id for v in uow.vpcs.find(account_id=ACCOUNT)] == ["vpc-0", "vpc-1", "vpc-3", "vpc-2", "vpc-4"]
        assert [v.id for v in uow.vpcs.find(account_id=ACCOUNT, after=(NOW, "vpc-0"))] == [
            "vpc-1", "vpc-3", "vpc-2", "vpc-4"
        ]  # fmt: skip
        assert [v.id for v in uow.vpcs.find(account_id=ACCOUNT, after=(NOW + 0.5, "vpc-3"), limit=1)] == ["vpc-2"]
        assert [v.id for v in uow.vpcs.find(account_id=ACCOUNT, after=(NOW + 1, "vpc-2"), name="n")] == ["vpc-4"]
        assert uow.vpcs.find(account_id=ACCOUNT, after=(NOW + 1, "vpc-4")) == []
        assert [v.id for v in uow.vpcs.find(account_id=None, after=(NOW + 0.6, ""))] == ["vpc-other", "vpc-2", "vpc-4"]


def test_contains_matches_a_whole_element_of_a_list(store: Store) -> None:
    from classiclink.domain.ports import Contains

    with store.unit_of_work() as uow:
        uow.instances.add(machine(1, groups=("sg-1", "sg-2")))
        uow.instances.add(machine(2, groups=("sg-10",)))
        uow.instances.add(machine(3, groups=("SG-1",)))
        uow.instances.add(machine(4, groups=()))
        uow.commit()
    with store.unit_of_work(read_only=True) as uow:
        assert [i.id for i in uow.instances.find(account_id=ACCOUNT, security_group_ids=Contains("sg-1"))] == ["i-1"]
        assert uow.instances.count(account_id=ACCOUNT, security_group_ids=Contains("sg-2")) == 1
        assert uow.instances.count(account_id=ACCOUNT, security_group_ids=Contains("sg")) == 0
        assert uow.instances.exists(account_id=ACCOUNT, security_group_ids=Contains("SG-1"), id="i-3")


def _is_integrity_error(error: BaseException) -> bool:
    return any(cls.__name__ == "IntegrityError" for cls in type(error).__mro__)


def test_addresses_are_unique_where_the_rules_say(store: Store) -> None:
    """Classic addresses per region (across accounts), private ones per vSwitch; empty ones repeat freely.
    The SQL stores enforce it (a backstop for the domain's check); saving a row again is no clash."""
    with store.unit_of_work() as uow:
        uow.instances.add(machine(1, inner_ip="10.1.2.3"))
        uow.instances.add(machine(2, inner_ip="10.1.2.3", region="cn-beijing"))
        uow.instances.add(machine(3, private_ip="172.16.1.1", vswitch="vsw-1"))
        uow.instances.add(machine(4, private_ip="172.16.1.1", vswitch="vsw-2"))
        uow.instances.add(machine(5, private_ip="172.16.1.2", vswitch="vsw-1"))
        uow.instances.add(machine(6))
        uow.instances.save(machine(1, inner_ip="10.1.2.3"))
        uow.commit()
    if isinstance(store, MemoryStore):
        return  # one lock serialises its units of work: the domain's check is the whole guard
    for clash in (machine(7, inner_ip="10.1.2.3", account=OTHER), machine(8, private_ip="172.16.1.2", vswitch="vsw-1")):
        with store.unit_of_work() as uow, pytest.raises(Exception) as raised:
            uow.instances.add(clash)
        assert _is_integrity_error(raised.value)
    with store.unit_of_work(read_only=True) as uow:
        assert uow.instances.count(account_id=None) == 6  # nothing replaced, nothing lost


def test_a_version_4_database_is_upgraded_in_place(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Migration 5 adds unique addresses and indexes to a database with rows in it."""
    from classiclink.store import sql

    path = str(tmp_path / "v4.db")
    monkeypatch.setattr(sql, "MIGRATIONS", [m for m in MIGRATIONS if m[0] <= 4])
    old = SqliteStore(path)
    assert old.schema_version() == 4
    old.close()
    # Rows as a version-4 classiclink wrote them: only the columns that schema has (the model has grown since).
    mapper = sql.Mapper("instances", Instance, sql.SQLITE)
    with sqlite3.connect(path) as conn:
        columns = [r[1] for r in conn.execute("PRAGMA table_info(instances)")]
        for row in (machine(1, inner_ip="10.1.2.3"), machine(2, private_ip="172.16.1.1", vswitch="vsw-1")):
            values = dict(zip(mapper.columns, mapper.to_row(row), strict=True))
            marks = ", ".join("?" for _ in columns)
            conn.execute(f"INSERT INTO instances ({', '.join(columns)}) VALUES ({marks})", [values[c] for c in columns])
    monkeypatch.setattr(sql, "MIGRATIONS", MIGRATIONS)
    store = SqliteStore(path)
    assert store.schema_version() == LATEST
    with store.unit_of_work(read_only=True) as uow:
        assert [i.id for i in uow.instances.find(account_id=ACCOUNT)] == ["i-1", "i-2"]
    store.close()
    with sqlite3.connect(path) as conn:
        indexes = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'index'")}
    assert {"instances_inner_ip", "instances_private_ip", "instances_page", "instances_vpc"} <= indexes
