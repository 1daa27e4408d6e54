"""Bulk seeding (classiclink.seeding) into the memory and SQLite stores: the rows have the API's shape and
every ClassicLink rule holds; quota flags fit the state; add_many equals add."""

from __future__ import annotations

import collections
import dataclasses
import ipaddress
import itertools
import json
import multiprocessing
import os
import signal
import sqlite3
import time
import uuid
from pathlib import Path
from typing import Any

import pytest

from classiclink.bootstrap import build_runtime
from classiclink.domain.instances import usable_inner_ip
from classiclink.domain.model import Lifecycle, Vpc, new_id
from classiclink.gateway.chain import Gateway
from classiclink.gateway.signature import v1_signature, v1_string_to_sign
from classiclink.http import HttpRequest
from classiclink.seeding import SeedError, SeedPlan, _inner_ips, seed
from classiclink.settings import Behaviour, Settings
from classiclink.store import sqlite as sqlite_store
from classiclink.store.memory import MemoryStore
from classiclink.store.sqlite import SqliteStore

ACCOUNT = "1000000000000001"


def test_seeded_rows_have_the_api_shape_and_obey_the_rules() -> None:
    store = MemoryStore()
    result = seed(store, SeedPlan(vpcs=4, vswitches_per_vpc=3, instances=300, linked=0.2))
    assert result.rows["instances"] == result.rows["disks"] == 300 and result.rows["links"] == 30
    with store.unit_of_work(read_only=True) as uow:
        vpcs = uow.vpcs.find(account_id=ACCOUNT)
        instances = uow.instances.find(account_id=ACCOUNT)
        links = uow.links.find(account_id=ACCOUNT)
        assert len(vpcs) == 4 and len(uow.route_tables.find(account_id=ACCOUNT)) == 4
        for vpc in vpcs:
            entries = {e.destination_cidr_block for e in uow.route_entries.find(account_id=ACCOUNT, vpc_id=vpc.id)}
            switches = uow.vswitches.find(account_id=ACCOUNT, vpc_id=vpc.id)
            assert entries == {"100.64.0.0/10", *(s.cidr_block for s in switches)} and len(switches) == 3
            blocks = [ipaddress.IPv4Network(s.cidr_block) for s in switches]
            assert all(b.subnet_of(ipaddress.IPv4Network(vpc.cidr_block)) for b in blocks)
            assert not any(a.overlaps(b) for a, b in itertools.combinations(blocks, 2))
        classic = [i for i in instances if i.is_classic]
        assert len(classic) == 150 and len({i.inner_ip for i in classic}) == 150
        assert all(usable_inner_ip(ipaddress.IPv4Address(i.inner_ip)) for i in classic)
        switch_of = {s.id: s for s in uow.vswitches.find(account_id=ACCOUNT)}
        in_vpc = [(i.vswitch_id, i.private_ip) for i in instances if not i.is_classic]
        assert len(set(in_vpc)) == 150
        assert all(ipaddress.IPv4Address(ip) in ipaddress.IPv4Network(switch_of[v].cidr_block) for v, ip in in_vpc)
        assert {i.lifecycle.at(0) for i in instances} == {"Running", "Stopped"}
        assert all(not i.lifecycle.steps for i in instances)
        # Each VPC instance has its Primary ENI holding its address, as CreateInstance makes it.
        interfaces = {eni.instance_id: eni for eni in uow.network_interfaces.find(account_id=ACCOUNT)}
        assert set(interfaces) == {i.id for i in instances if not i.is_classic}
        assert all(interfaces[i.id].interface_type == "Primary" and interfaces[i.id].primary_ip == i.private_ip
                   and interfaces[i.id].security_group_ids == i.security_group_ids
                   for i in instances if not i.is_classic)  # fmt: skip
        for instance in instances[:20]:
            (disk,) = uow.disks.find(account_id=ACCOUNT, instance_id=instance.id)
            assert (disk.disk_type, disk.device, disk.zone_id) == ("system", "/dev/xvda", instance.zone_id)
            group = uow.security_groups.get(instance.security_group_ids[0], account_id=ACCOUNT)
            assert group is not None and group.vpc_id == instance.vpc_id
        enabled = {v.id for v in vpcs if v.classic_link_enabled}
        classic_ids = {i.id for i in classic}
        assert all(link.vpc_id in enabled and link.id in classic_ids for link in links)  # L3, L5
        assert max(collections.Counter(link.vpc_id for link in links).values()) <= 1000  # L2
        assert 0 < len(enabled) < len(vpcs)


def test_quota_flags_raise_what_the_state_reached(tmp_path: Path) -> None:
    store = SqliteStore(str(tmp_path / "s.db"))
    small = seed(store, SeedPlan(vpcs=2, vswitches_per_vpc=1, instances=10, linked=0.5))
    assert small.quota_flags() == ["--vpc-quota", "10", "--vswitch-quota", "150", "--links-per-vpc", "1000"]
    # 3,000 links over one VPC is beyond the API's 1,000 a VPC: allowed, and the flag is raised to fit.
    big = seed(store, SeedPlan(vpcs=1, vswitches_per_vpc=0, instances=3000, linked=1.0))
    assert big.vpcs_in_region == 3 and big.max_links_per_vpc == 3000
    assert big.quota_flags() == ["--vpc-quota", "10", "--vswitch-quota", "150", "--links-per-vpc", "4000"]
    with store.unit_of_work(read_only=True) as uow:
        inner = [i.inner_ip for i in uow.instances.find(account_id=None, region_id="cn-hangzhou") if i.is_classic]
    assert len(inner) == len(set(inner)) == 3005  # a second seed avoids the addresses the first took


def test_inner_addresses_follow_usable_inner_ip() -> None:
    taken = {"10.0.0.2"}
    first = list(itertools.islice(_inner_ips(taken), 300))
    assert first[:3] == ["10.0.0.1", "10.0.0.3", "10.0.0.4"] and "10.0.1.0" not in first and "10.0.0.255" not in first
    assert all(usable_inner_ip(ipaddress.IPv4Address(a)) for a in first)


def test_impossible_plans_are_refused() -> None:
    with pytest.raises(SeedError, match="no classic network"):
        seed(MemoryStore(), SeedPlan(vpcs=1, vswitches_per_vpc=1, instances=4, linked=0, region_id="cn-zhangjiakou"))
    with pytest.raises(SeedError, match="do not fit"):
        seed(MemoryStore(), SeedPlan(vpcs=1, vswitches_per_vpc=1, instances=200_000, linked=0, classic_share=0))


def test_add_many_writes_what_add_writes(tmp_path: Path) -> None:
    store = SqliteStore(str(tmp_path / "m.db"))
    vpcs = [Vpc(new_id("vpc", "cn-hangzhou"), ACCOUNT, "cn-hangzhou", float(n), cidr_block="10.0.0.0/8",
                name=f"n{n}", description="", lifecycle=Lifecycle("Pending", [(5.0, "Available")]),
                vrouter_id="vrt-x", route_table_id="vtb-x", tags=[{"Key": "k", "Value": "é"}])
            for n in range(3)]
    with store.unit_of_work() as uow:
        uow.vpcs.add_many(vpcs[:2])
        uow.vpcs.add(vpcs[2])
        uow.commit()
    with store.unit_of_work(read_only=True) as uow:
        assert uow.vpcs.find(account_id=ACCOUNT) == vpcs


VERSIONS = {"ecs": "2014-05-26", "vpc": "2016-04-28"}


def _call(gateway: Gateway, product: str, action: str, **params: str) -> dict[str, Any]:
    fields = {"Action": action, "Version": VERSIONS[product], "Format": "JSON", "RegionId": "cn-hangzhou",
              "AccessKeyId": "testid", "SignatureMethod": "HMAC-SHA1", "SignatureVersion": "1.0",
              "SignatureNonce": uuid.uuid4().hex, "Timestamp": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
              **params}  # fmt: skip
    fields["Signature"] = v1_signature("testsecret", v1_string_to_sign("POST", fields.items()))
    response = gateway.handle(HttpRequest("POST", "/", list(fields.items()), [], b"",
                                          {"host": [f"{product}.aliyuncs.com"]}))  # fmt: skip
    body: dict[str, Any] = json.loads(response.body)
    assert response.status == 200, body
    return body


def _shape(obj: Any, *varying: str) -> dict[str, Any]:
    """A row's fields but those that differ from resource to resource (IDs, times, addresses, names ...)."""
    return {k: v for k, v in dataclasses.asdict(obj).items() if k not in {"id", "created_at", *varying}}


def test_seeded_rows_are_what_the_api_creates(tmp_path: Path) -> None:
    """Every kind of seeded row, written by the SQLite store's bulk path, equals the row the API writes for the
    same request (CreateVpc, CreateVSwitch, CreateSecurityGroup, CreateInstance and its system disk and Primary
    ENI, AttachClassicLinkVpc) in everything but what differs between any two such resources."""
    store = SqliteStore(str(tmp_path / "s.db"))
    seed(store, SeedPlan(vpcs=2, vswitches_per_vpc=1, instances=8, linked=0.5))
    settings = Settings(database=str(tmp_path / "s.db"), behaviour=Behaviour(transition_delay=0))
    gateway = Gateway(build_runtime(settings, store=store))
    with store.unit_of_work(read_only=True) as uow:
        seeded_vpcs = uow.vpcs.find(account_id=ACCOUNT)
        seeded_instances = uow.instances.find(account_id=ACCOUNT)
        link = uow.links.find(account_id=ACCOUNT)[0]
        enabled = next(v for v in seeded_vpcs if v.classic_link_enabled)
        group = uow.security_groups.get(seeded_instances[0].security_group_ids[0], account_id=ACCOUNT)
        seeded = {"vpc": seeded_vpcs[0], "group": group,
                  "vswitch": uow.vswitches.find(account_id=ACCOUNT, vpc_id=seeded_vpcs[0].id)[0],
                  "table": uow.route_tables.find(account_id=ACCOUNT, vpc_id=seeded_vpcs[0].id)[0],
                  "entries": uow.route_entries.find(account_id=ACCOUNT, vpc_id=seeded_vpcs[0].id),
                  "classic": next(i for i in seeded_instances if i.is_classic and i.lifecycle.status == "Stopped"),
                  "in_vpc": next(i for i in seeded_instances if not i.is_classic and i.lifecycle.status == "Stopped"),
                  "vpc_group": uow.security_groups.find(account_id=ACCOUNT, vpc_id=seeded_vpcs[0].id)[0]}  # fmt: skip
        seeded["disk"] = uow.disks.find(account_id=ACCOUNT, instance_id=seeded["in_vpc"].id)[0]
        seeded["eni"] = uow.network_interfaces.find(account_id=ACCOUNT, instance_id=seeded["in_vpc"].id)[0]
        free = next(i for i in seeded_instances if i.is_classic and i.id != link.id and i.lifecycle.status == "Running")
    vpc_id = _call(gateway, "vpc", "CreateVpc", CidrBlock="172.16.0.0/12", VpcName="seed-vpc-9")["VpcId"]
    vswitch_id = _call(gateway, "vpc", "CreateVSwitch", VpcId=vpc_id, CidrBlock=seeded["vswitch"].cidr_block,
                       ZoneId=seeded["vswitch"].zone_id, VSwitchName="seed-vsw-9-1")["VSwitchId"]  # fmt: skip
    group_id = _call(gateway, "ecs", "CreateSecurityGroup", SecurityGroupName="seed-g")["SecurityGroupId"]
    vpc_group_id = _call(gateway, "ecs", "CreateSecurityGroup", VpcId=vpc_id, SecurityGroupName="seed-g")["SecurityGroupId"]
    made = {"classic": {"SecurityGroupId": group_id}, "in_vpc": {"SecurityGroupId": vpc_group_id, "VSwitchId": vswitch_id}}
    created = {kind: _call(gateway, "ecs", "CreateInstance", InstanceType="ecs.g6.large",
                           ImageId="ubuntu_22_04_x64_20G_alibase_20230907.vhd", **params)["InstanceId"]
               for kind, params in made.items()}  # fmt: skip
    _call(gateway, "ecs", "AttachClassicLinkVpc", InstanceId=free.id, VpcId=enabled.id)
    with store.unit_of_work(read_only=True) as uow:
        api_vpc = uow.vpcs.get(vpc_id, account_id=ACCOUNT)
        assert api_vpc is not None
        api = {"vpc": api_vpc, "vswitch": uow.vswitches.get(vswitch_id, account_id=ACCOUNT),
               "group": uow.security_groups.get(group_id, account_id=ACCOUNT),
               "vpc_group": uow.security_groups.get(vpc_group_id, account_id=ACCOUNT),
               "table": uow.route_tables.get(api_vpc.route_table_id, account_id=ACCOUNT),
               "entries": uow.route_entries.find(account_id=ACCOUNT, vpc_id=vpc_id),
               **{kind: uow.instances.get(i, account_id=ACCOUNT) for kind, i in created.items()}}  # fmt: skip
        api["disk"] = uow.disks.find(account_id=ACCOUNT, instance_id=created["in_vpc"])[0]
        api["eni"] = uow.network_interfaces.find(account_id=ACCOUNT, instance_id=created["in_vpc"])[0]
        api_link = uow.links.get(free.id, account_id=ACCOUNT)
    # Statuses: the API's rows are created Pending and settle (transition delay 0); the seed's are settled.
    for kind in ("vpc", "vswitch", "classic", "in_vpc"):
        assert api[kind].lifecycle.at(time.time() + 60) == seeded[kind].lifecycle.status
    vpc_fields = ("name", "vrouter_id", "route_table_id", "classic_link_enabled", "lifecycle")
    assert _shape(api["vpc"], *vpc_fields) == _shape(seeded["vpc"], *vpc_fields)
    assert _shape(api["vswitch"], "vpc_id", "name", "lifecycle") == _shape(seeded["vswitch"], "vpc_id", "name", "lifecycle")
    for kind in ("group", "vpc_group"):
        assert _shape(api[kind], "vpc_id", "name") == _shape(seeded[kind], "vpc_id", "name")
    assert _shape(api["table"], "vpc_id", "vrouter_id") == _shape(seeded["table"], "vpc_id", "vrouter_id")
    entry_fields = ("route_table_id", "vpc_id")
    assert sorted(map(str, (_shape(e, *entry_fields) for e in api["entries"]))) == sorted(
        map(str, (_shape(e, *entry_fields) for e in seeded["entries"])))  # fmt: skip
    instance_fields = ("name", "host_name", "zone_id", "security_group_ids", "lifecycle", "started_at", "vpc_id",
                       "vswitch_id", "private_ip", "inner_ip")  # fmt: skip
    for kind in ("classic", "in_vpc"):
        assert _shape(api[kind], *instance_fields) == _shape(seeded[kind], *instance_fields)
    disk_fields = ("instance_id", "origin_instance_id", "attached_at", "zone_id")
    assert _shape(api["disk"], *disk_fields) == _shape(seeded["disk"], *disk_fields)
    assert seeded["disk"].origin_instance_id == seeded["in_vpc"].id and seeded["disk"].attached_at == seeded["in_vpc"].created_at
    eni_fields = ("zone_id", "vpc_id", "vswitch_id", "mac_address", "primary_ip", "security_group_ids", "instance_id",
                  "attached_at")  # fmt: skip
    assert _shape(api["eni"], *eni_fields) == _shape(seeded["eni"], *eni_fields)
    assert _shape(api_link, "vpc_id") == _shape(link, "vpc_id")


def _state(path: str) -> tuple[Any, ...]:
    conn = sqlite3.connect(path)
    try:
        return (conn.execute("PRAGMA journal_mode").fetchone()[0], conn.execute("PRAGMA integrity_check").fetchone()[0],
                conn.execute("SELECT COUNT(*) FROM instances").fetchone()[0],
                conn.execute("SELECT COUNT(*) FROM security_group_members").fetchone()[0],
                conn.execute("SELECT table_name, n FROM row_counts ORDER BY 1").fetchall())  # fmt: skip
    finally:
        conn.close()


def _seed_and_report(path: str, report: Any) -> None:  # in a child process, killed while it writes
    sqlite_store.BULK_CACHE_KIB = 1024  # a small cache: pages spill into the file while the seed runs
    seed(SqliteStore(path), SeedPlan(vpcs=20, vswitches_per_vpc=1, instances=400_000, linked=0.1),
         progress=lambda done, total: report.send(done))  # fmt: skip


def test_a_seed_killed_midway_leaves_the_file_as_it_was(tmp_path: Path) -> None:
    """The bulk unit of work writes a rollback journal instead of WAL: killed after some of its pages reached the
    file, the next store opened on it rolls them back and is in WAL again, with exactly the state before."""
    path = str(tmp_path / "k.db")
    first = SqliteStore(path)
    seed(first, SeedPlan(vpcs=2, vswitches_per_vpc=1, instances=100, linked=0.1))
    first.close()  # the file alone, as `classiclink seed` finds it
    before, size = _state(path), os.path.getsize(path)
    assert before[:3] == ("wal", "ok", 100)
    receiving, sending = multiprocessing.Pipe(duplex=False)
    child = multiprocessing.get_context("fork").Process(target=_seed_and_report, args=(path, sending))
    child.start()
    try:
        while receiving.recv() < 60_000:  # three batches of instances in the transaction
            pass
        assert os.path.exists(f"{path}-journal") and os.path.getsize(path) > size  # spilled pages in the file
    finally:
        os.kill(child.pid, signal.SIGKILL)
        child.join()
    store = SqliteStore(path)  # what `serve` does first
    assert _state(path) == before
    seed(store, SeedPlan(vpcs=1, vswitches_per_vpc=1, instances=10, linked=0.0))  # and it can be seeded again
    assert _state(path)[:3] == ("wal", "ok", 110)
    store.close()


def test_a_failed_seed_writes_nothing_and_gives_back_wal(tmp_path: Path) -> None:
    path = str(tmp_path / "f.db")
    store = SqliteStore(path)
    seed(store, SeedPlan(vpcs=2, vswitches_per_vpc=1, instances=100, linked=0.1))
    before = _state(path)

    def fail(done: int, total: int) -> None:
        raise RuntimeError("stop")

    with pytest.raises(RuntimeError):
        seed(store, SeedPlan(vpcs=3, vswitches_per_vpc=1, instances=30_000, linked=0.1), progress=fail)
    assert _state(path) == before
    conn = store._connection()
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert conn.execute("PRAGMA cache_size").fetchone()[0] == -2000  # SQLite's default, given back
    store.close()


def test_a_seed_beside_another_connection_runs_in_wal(tmp_path: Path) -> None:
    """Leaving WAL needs the file alone: with a reader open (a server), the seed stays in WAL and still works."""
    path = str(tmp_path / "r.db")
    store = SqliteStore(path)
    reader = sqlite3.connect(path)
    assert reader.execute("SELECT COUNT(*) FROM instances").fetchone() == (0,)
    seed(store, SeedPlan(vpcs=2, vswitches_per_vpc=1, instances=100, linked=0.1))
    assert reader.execute("SELECT COUNT(*) FROM instances").fetchone() == (100,)
    reader.close()
    assert _state(path)[:3] == ("wal", "ok", 100)
    store.close()
