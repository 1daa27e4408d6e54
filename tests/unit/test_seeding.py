"""Bulk seeding (classiclink.seeding) into the memory and SQLite stores: the rows have the API's shape and
every ClassicLink rule holds; quota flags fit the state; add_many equals add."""

from __future__ import annotations

import collections
import ipaddress
import itertools
from pathlib import Path

import pytest

from classiclink.domain.instances import usable_inner_ip
from classiclink.domain.model import Lifecycle, Vpc, new_id
from classiclink.seeding import SeedError, SeedPlan, _inner_ips, seed
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
