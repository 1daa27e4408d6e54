"""``classiclink seed``: a large, valid state written straight through the store, in batches.

The rows have the shape the API gives them (domain/vpcs.py, vswitches.py, instances.py, disks.py,
classiclink.py): each VPC with its route table and System route entries, vSwitches inside the VPC's CIDR,
classic instances with region-unique inner addresses, VPC instances with vSwitch-unique private ones,
a system disk each, security groups, settled Running/Stopped statuses, and links that obey L1-L8.

Quotas are API limits, not state limits: seeding may go beyond them. They are server-wide switches
(settings.Behaviour), so the command prints the ``serve`` flags that make the API keep working on the
seeded account (``quota_flags``); nothing per account is stored.
"""

from __future__ import annotations

import argparse
import ipaddress
import math
import sys
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import TextIO

from .domain import disks
from .domain.identity import Account
from .domain.instances import CLASSIC_RANGE, CLASSICLINK_RANGE, instance_shape
from .domain.model import (
    Disk,
    Instance,
    Lifecycle,
    Link,
    NetworkInterface,
    RouteEntry,
    RouteTable,
    SecurityGroup,
    Vpc,
    VSwitch,
    new_ids,
)
from .domain.network_interfaces import primary_interface
from .domain.ports import Store, UnitOfWork
from .domain.regions import find_region
from .domain.routes import VSWITCH_HOP
from .domain.security_groups import CAPACITY
from .domain.vpcs import DEFAULT_VPC_CIDR, SYSTEM_ROUTE, default_resource_group
from .domain.vswitches import MAX_MASK, MIN_MASK, RESERVED_ADDRESSES
from .settings import DEFAULT_ACCOUNT_ID, Behaviour

INSTANCE_TYPE = "ecs.g6.large"
IMAGE_ID = "ubuntu_22_04_x64_20G_alibase_20230907.vhd"
BATCH = 20_000  # instances per batch (each with its disk): bounded memory, few round trips
STEP = 1e-4  # seconds between consecutive rows' created_at: store order is seeding order
GLOBAL = "global"
_DEFAULTS = Behaviour()


class SeedError(ValueError):
    """The requested state cannot be built (a region without classic network, a full vSwitch ...)."""


@dataclass(frozen=True)
class SeedPlan:
    vpcs: int
    vswitches_per_vpc: int
    instances: int
    linked: float  # fraction of the classic instances that get a link
    classic_share: float = 0.5  # fraction of the instances on the classic network
    # Links go round-robin over this many of the enabled VPCs (0: all of them); at least as many as the
    # links need at 1,000 a VPC. The scale benchmark concentrates them so one VPC is busy.
    link_vpcs: int = 0
    account_id: str = DEFAULT_ACCOUNT_ID
    region_id: str = "cn-hangzhou"


@dataclass
class SeedResult:
    rows: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0
    vpcs_in_region: int = 0
    max_vswitches_per_vpc: int = 0
    max_links_per_vpc: int = 0

    @property
    def total_rows(self) -> int:
        return sum(self.rows.values())

    def quota_flags(self, defaults: Behaviour = _DEFAULTS) -> list[str]:
        """``serve`` flags under which the API keeps working on the seeded account: a quota the state has
        reached is raised by its default, so there is as much room again as an empty account has."""

        def fit(used: int, default: int) -> int:
            return default if used < default else used + default

        return [
            "--vpc-quota", str(fit(self.vpcs_in_region, defaults.vpcs_per_region)),
            "--vswitch-quota", str(fit(self.max_vswitches_per_vpc, defaults.vswitches_per_vpc)),
            "--links-per-vpc", str(fit(self.max_links_per_vpc, defaults.links_per_vpc)),
        ]  # fmt: skip


# Members per seeded security group: half a normal group's capacity (2,000), so the API can still add to each.
GROUP_MEMBERS = CAPACITY["normal"] // 2
_ID_SOURCES = threading.local()  # a generator runs in one thread at a time


def _new_id(region_id: str, prefix: str) -> str:
    """``new_id`` for millions: each (region, prefix) draws its IDs from one long-lived stream per thread."""
    sources: dict[tuple[str, str], Iterator[str]] = _ID_SOURCES.__dict__.setdefault("by_prefix", {})
    source = sources.get((region_id, prefix))
    if source is None:
        source = sources[(region_id, prefix)] = new_ids(prefix, region_id, 1 << 62)
    return next(source)


def _vswitch_prefix(count: int) -> int:
    """The widest mask that fits ``count`` disjoint vSwitches in the default VPC block (172.16.0.0/12)."""
    vpc_prefix = ipaddress.ip_network(DEFAULT_VPC_CIDR).prefixlen
    prefix = max(MIN_MASK, vpc_prefix + math.ceil(math.log2(max(count, 1))))
    if prefix > MAX_MASK:
        raise SeedError(f"{count} vSwitches do not fit in one VPC of {DEFAULT_VPC_CIDR}")
    return prefix


def _dotted(value: int) -> str:
    return f"{value >> 24}.{(value >> 16) & 255}.{(value >> 8) & 255}.{value & 255}"


def _inner_ips(used: set[str]) -> Iterator[str]:
    """Classic addresses in ascending order, skipping taken ones and those ``usable_inner_ip`` refuses
    (10.111.0.0/16, .0 and .255): the same rule in integer arithmetic, as seeding makes millions."""
    reserved = int(CLASSICLINK_RANGE.network_address) >> 16
    for value in range(int(CLASSIC_RANGE.network_address), int(CLASSIC_RANGE.broadcast_address) + 1):
        if value >> 16 == reserved or value & 0xFF in (0, 255):
            continue
        text = _dotted(value)
        if text not in used:
            yield text
    raise SeedError("the classic network of the region is full")


def seed(
    store: Store, plan: SeedPlan, *, now: float | None = None, progress: Callable[[int, int], None] | None = None
) -> SeedResult:
    """Write the planned state in one unit of work (all or nothing); ``progress(done, total)`` after each batch."""
    started = time.perf_counter()
    region = find_region(plan.region_id)
    if region is None:
        raise SeedError(f"unknown region {plan.region_id}")
    if plan.vpcs < 0 or plan.vswitches_per_vpc < 0 or plan.instances < 0:
        raise SeedError("counts must be 0 or more")
    if not 0 <= plan.linked <= 1 or not 0 <= plan.classic_share <= 1:
        raise SeedError("fractions must be between 0 and 1")
    n_classic = round(plan.instances * plan.classic_share) if plan.vpcs and plan.vswitches_per_vpc else plan.instances
    n_vpc_instances = plan.instances - n_classic
    if n_classic and not region.classic:
        raise SeedError(f"{plan.region_id} has no classic network; use --classic 0 or a classic region")
    n_links = round(n_classic * plan.linked)
    if n_links and not plan.vpcs:
        raise SeedError("links need at least one VPC")
    # Half the VPCs get ClassicLink (so both kinds exist), more if the links need them at 1,000 a VPC.
    linking = (
        min(plan.vpcs, max(math.ceil(plan.vpcs / 2), math.ceil(n_links / Behaviour.links_per_vpc))) if n_links else 0
    )
    targets = (
        min(linking, max(plan.link_vpcs, math.ceil(n_links / Behaviour.links_per_vpc))) if plan.link_vpcs else linking
    )
    prefix = _vswitch_prefix(plan.vswitches_per_vpc) if plan.vswitches_per_vpc else MIN_MASK
    per_vswitch = 2 ** (32 - prefix) - RESERVED_ADDRESSES
    n_vswitches = plan.vpcs * plan.vswitches_per_vpc
    if n_vswitches and math.ceil(n_vpc_instances / n_vswitches) > per_vswitch:
        raise SeedError(f"{n_vpc_instances} VPC instances do not fit in {n_vswitches} vSwitches of /{prefix}")

    account, rid = plan.account_id, plan.region_id
    rg = default_resource_group(account)
    total = plan.instances
    # In the past, so every status has settled; consecutive times keep store order = seeding order.
    clock = (time.time() if now is None else now) - 3600 - (plan.instances * 3 + n_vswitches * 2) * STEP
    result = SeedResult()

    def tick() -> float:
        nonlocal clock
        clock += STEP
        return clock

    def count(table: str, n: int) -> None:
        result.rows[table] = result.rows.get(table, 0) + n

    with store.unit_of_work() as uow:
        if uow.accounts.get(account, account_id=None) is None:
            # A non-default account gets its row; its AccessKeys come from the config file or admin API.
            uow.accounts.add(Account(account, account, GLOBAL, tick(), name="seeded"))
            count("accounts", 1)
        vpcs, vswitches = _network(uow, plan, prefix, linking, rg, tick, count)
        classic_groups, vpc_groups = _groups(uow, plan, vpcs, n_classic, n_vpc_instances, rg, tick, count)
        used = {i.inner_ip for i in uow.instances.find(account_id=None, region_id=rid) if i.inner_ip}
        inner = _inner_ips(used)
        cpu, memory = instance_shape(INSTANCE_TYPE)
        size = max(disks.DEFAULT_SYSTEM_SIZE, disks.image_size(IMAGE_ID))
        next_ip = [int(ipaddress.ip_network(v.cidr_block).network_address) + 1 for v in vswitches]
        # Links go to evenly spread classic instances, round-robin over the target VPCs.
        link_every = n_classic / n_links if n_links else 0.0
        next_link = 0
        links_per_vpc = [0] * max(targets, 1)
        done = 0
        for start in range(0, total, BATCH):
            instances: list[Instance] = []
            system_disks: list[Disk] = []
            interfaces: list[NetworkInterface] = []
            links: list[Link] = []
            for index in range(start, min(start + BATCH, total)):
                created = tick()
                instance_id = _new_id(rid, "i")
                running = index % 4 != 3  # three in four Running, the rest Stopped
                if index < n_classic:
                    k = index // GROUP_MEMBERS
                    zone, vpc_id, vsw_id, private, inner_ip = (
                        region.zones[index % len(region.zones)],
                        "",
                        "",
                        "",
                        next(inner),
                    )
                    group = classic_groups[k]
                else:
                    j = index - n_classic
                    v = j % n_vswitches
                    vsw = vswitches[v]
                    zone, vpc_id, vsw_id, inner_ip = vsw.zone_id, vsw.vpc_id, vsw.id, ""
                    private = _dotted(next_ip[v])
                    next_ip[v] += 1
                    in_vpc = j // n_vswitches * plan.vswitches_per_vpc + v % plan.vswitches_per_vpc
                    group = vpc_groups[vsw.vpc_id][in_vpc // GROUP_MEMBERS]
                instances.append(Instance(
                    id=instance_id, account_id=account, region_id=rid, created_at=created, zone_id=zone,
                    name=instance_id, description="", host_name=f"iZ{instance_id[2:]}Z", instance_type=INSTANCE_TYPE,
                    image_id=IMAGE_ID, network_type="vpc" if vsw_id else "classic", security_group_ids=[group],
                    lifecycle=Lifecycle("Running" if running else "Stopped"), vpc_id=vpc_id, vswitch_id=vsw_id,
                    private_ip=private, inner_ip=inner_ip, cpu=cpu, memory=memory,
                    started_at=created if running else 0.0,
                ))  # fmt: skip
                if vsw_id:
                    interfaces.append(primary_interface(instances[-1]))  # as CreateInstance makes it
                system_disks.append(Disk(
                    id=_new_id(rid, "d"), account_id=account, region_id=rid, created_at=created, zone_id=zone,
                    disk_type="system", category=disks.DEFAULT_CATEGORY, size=size, instance_id=instance_id,
                    device="/dev/xvda", image_id=IMAGE_ID, resource_group_id=rg, attached_at=created,
                ))  # fmt: skip
                if n_links and index < n_classic and next_link < n_links and index >= int(next_link * link_every):
                    slot = next_link % targets
                    links.append(Link(instance_id, account, rid, created, vpc_id=vpcs[slot].id))
                    links_per_vpc[slot] += 1
                    next_link += 1
            uow.instances.insert_many(instances)
            uow.disks.insert_many(system_disks)
            uow.network_interfaces.insert_many(interfaces)
            uow.links.insert_many(links)
            count("instances", len(instances))
            count("disks", len(system_disks))
            count("network_interfaces", len(interfaces))
            count("links", len(links))
            done += len(instances)
            if progress is not None:
                progress(done, total)
        result.vpcs_in_region = uow.vpcs.count(account_id=account, region_id=rid)
        result.max_vswitches_per_vpc = plan.vswitches_per_vpc
        result.max_links_per_vpc = max(links_per_vpc)
        uow.commit()
    store.refresh_statistics()
    result.seconds = time.perf_counter() - started
    return result


def _network(
    uow: UnitOfWork, plan: SeedPlan, prefix: int, linking: int, rg: str,
    tick: Callable[[], float], count: Callable[[str, int], None],
) -> tuple[list[Vpc], list[VSwitch]]:  # fmt: skip
    """VPCs (the first ``linking`` with ClassicLink enabled), each with its route table, the System entry
    to 100.64.0.0/10 and one System entry per vSwitch, as CreateVpc and CreateVSwitch leave them."""
    account, rid = plan.account_id, plan.region_id
    region = find_region(rid)
    assert region is not None
    subnets = ipaddress.ip_network(DEFAULT_VPC_CIDR).subnets(new_prefix=prefix)
    blocks = [str(next(subnets)) for _ in range(plan.vswitches_per_vpc)]
    vpcs: list[Vpc] = []
    vswitches: list[VSwitch] = []
    tables: list[RouteTable] = []
    entries: list[RouteEntry] = []
    for n in range(plan.vpcs):
        created = tick()
        vpc = Vpc(
            id=_new_id(rid, "vpc"), account_id=account, region_id=rid, created_at=created, cidr_block=DEFAULT_VPC_CIDR,
            name=f"seed-vpc-{n + 1}", description="", lifecycle=Lifecycle("Available"),
            vrouter_id=_new_id(rid, "vrt"), route_table_id=_new_id(rid, "vtb"), classic_link_enabled=n < linking,
            resource_group_id=rg,
        )  # fmt: skip
        vpcs.append(vpc)
        tables.append(RouteTable(vpc.route_table_id, account, rid, created, vpc_id=vpc.id, vrouter_id=vpc.vrouter_id))
        entries.append(RouteEntry(_new_id(rid, "rte"), account, rid, created, route_table_id=vpc.route_table_id,
                                  vpc_id=vpc.id, destination_cidr_block=SYSTEM_ROUTE, entry_type="System",
                                  next_hop_type="service"))  # fmt: skip
        for k, block in enumerate(blocks):
            at = tick()
            vsw = VSwitch(
                id=_new_id(rid, "vsw"), account_id=account, region_id=rid, created_at=at, vpc_id=vpc.id,
                zone_id=region.zones[k % len(region.zones)], cidr_block=block, name=f"seed-vsw-{n + 1}-{k + 1}",
                description="", lifecycle=Lifecycle("Available"), resource_group_id=rg,
            )  # fmt: skip
            vswitches.append(vsw)
            entries.append(RouteEntry(_new_id(rid, "rte"), account, rid, at, route_table_id=vpc.route_table_id,
                                      vpc_id=vpc.id, destination_cidr_block=block, entry_type="System",
                                      next_hop_type=VSWITCH_HOP))  # fmt: skip
    uow.vpcs.insert_many(vpcs)
    uow.route_tables.insert_many(tables)
    uow.route_entries.insert_many(entries)
    uow.vswitches.insert_many(vswitches)
    count("vpcs", len(vpcs))
    count("route_tables", len(tables))
    count("route_entries", len(entries))
    count("vswitches", len(vswitches))
    return vpcs, vswitches


def _groups(
    uow: UnitOfWork, plan: SeedPlan, vpcs: list[Vpc], n_classic: int, n_vpc_instances: int, rg: str,
    tick: Callable[[], float], count: Callable[[str, int], None],
) -> tuple[list[str], dict[str, list[str]]]:  # fmt: skip
    """Security groups of at most GROUP_MEMBERS members: classic ones, and per VPC."""
    account, rid = plan.account_id, plan.region_id
    capacity = GROUP_MEMBERS
    groups: list[SecurityGroup] = []

    def make(vpc_id: str, label: str) -> str:
        group = SecurityGroup(_new_id(rid, "sg"), account, rid, tick(), vpc_id=vpc_id, name=label, description="",
                              resource_group_id=rg)  # fmt: skip
        groups.append(group)
        return group.id

    classic = [make("", f"seed-classic-{k + 1}") for k in range(math.ceil(n_classic / capacity))]
    per_vpc = math.ceil(n_vpc_instances / len(vpcs)) if vpcs else 0
    by_vpc = {v.id: [make(v.id, f"seed-{v.name}-{k + 1}") for k in range(max(1, math.ceil(per_vpc / capacity)))]
              for v in vpcs}  # fmt: skip
    uow.security_groups.insert_many(groups)
    count("security_groups", len(groups))
    return classic, by_vpc


def progress_bar(out: TextIO, width: int = 30) -> Callable[[int, int], None]:
    """A one-line bar on ``out`` (stderr), redrawn after each batch, with the instance rate."""
    started = time.perf_counter()

    def draw(done: int, total: int) -> None:
        fraction = done / total if total else 1.0
        rate = done / max(time.perf_counter() - started, 1e-9)
        bar = "#" * int(width * fraction)
        out.write(f"\rseeding [{bar:<{width}}] {done:,}/{total:,} instances {rate:,.0f}/s")
        if done >= total:
            out.write("\n")
        out.flush()

    return draw


def main(args: argparse.Namespace) -> int:
    """The ``seed`` subcommand (cli.py parses): seed, then say what was written and how to serve it."""
    from .store import open_store
    from .store.postgres import DatabaseUnavailable
    from .store.sql import SchemaTooNew

    plan = SeedPlan(vpcs=args.vpcs, vswitches_per_vpc=args.vswitches_per_vpc, instances=args.instances,
                    linked=args.linked, classic_share=args.classic, account_id=args.account, region_id=args.region)  # fmt: skip
    try:
        store = open_store(args.database)
    except (DatabaseUnavailable, SchemaTooNew) as err:
        print(f"classiclink: {err}", file=sys.stderr)
        return 2
    try:
        result = seed(store, plan, progress=progress_bar(sys.stderr))
    except SeedError as err:
        print(f"classiclink: seed: {err}", file=sys.stderr)
        return 2
    finally:
        store.close()
    rows = ", ".join(f"{n:,} {table}" for table, n in result.rows.items())
    rate = result.total_rows / max(result.seconds, 1e-9)
    print(f"seeded {result.total_rows:,} rows in {result.seconds:.1f} s ({rate:,.0f} rows/s): {rows}", file=sys.stderr)
    print(
        f"serve it with: classiclink serve --database {args.database} {' '.join(result.quota_flags())}", file=sys.stderr
    )
    print(" ".join(result.quota_flags()))  # stdout: the flags alone, for scripts
    return 0
