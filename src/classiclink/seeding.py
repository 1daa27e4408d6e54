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
import contextlib
import gc
import ipaddress
import itertools
import math
import sys
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from typing import TextIO

from .domain import disks
from .domain.identity import Account
from .domain.instances import CLASSIC_RANGE, CLASSICLINK_RANGE, instance_shape
from .domain.model import (
    Disk,
    Instance,
    Lifecycle,
    Link,
    RouteEntry,
    RouteTable,
    SecurityGroup,
    Vpc,
    VSwitch,
    new_ids,
)
from .domain.network_interfaces import primary_eni_id_of, primary_interface, primary_mac_address_of
from .domain.ports import Store, UnitOfWork
from .domain.regions import find_region
from .domain.routes import VSWITCH_HOP
from .domain.security_groups import CAPACITY
from .domain.vpcs import DEFAULT_VPC_CIDR, SYSTEM_ROUTE, default_resource_group
from .domain.vswitches import MAX_MASK, MIN_MASK, RESERVED_ADDRESSES
from .settings import DEFAULT_ACCOUNT_ID, Behaviour

INSTANCE_TYPE = "ecs.g6.large"
IMAGE_ID = "ubuntu_22_04_x64_20G_alibase_20230907.vhd"
BATCH = 20_000  # instances per batch (each with its disk): bounded memory, a progress step
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


def _id_source(region_id: str, prefix: str) -> Iterator[str]:
    """The thread's one long-lived stream of ``new_id``s for (region, prefix): seeding makes millions."""
    sources: dict[tuple[str, str], Iterator[str]] = _ID_SOURCES.__dict__.setdefault("by_prefix", {})
    source = sources.get((region_id, prefix))
    if source is None:
        source = sources[(region_id, prefix)] = new_ids(prefix, region_id, 1 << 62)
    return source


def _ids(region_id: str, prefix: str, count: int) -> Callable[[], str]:
    """``count`` new IDs of one (region, prefix), each as ``new_id`` makes it, handed out in ascending order
    by a bound ``next``. Drawn at random like the API's, then sorted: every index keyed by them (the primary
    keys, a disk's instance, a group's members) then grows at its end instead of at random places all over,
    which at a million rows is most of the cost of an insert."""
    return iter(sorted(itertools.islice(_id_source(region_id, prefix), count))).__next__


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


# The fields in which seeded rows of a kind differ; everything else is the prototype's (seed() builds them).
CLASSIC_FIELDS = ("id", "created_at", "zone_id", "name", "host_name", "security_group_ids", "lifecycle", "started_at",
                  "inner_ip")  # fmt: skip
VPC_FIELDS = ("id", "created_at", "zone_id", "name", "host_name", "security_group_ids", "lifecycle", "started_at",
              "vpc_id", "vswitch_id", "private_ip")  # fmt: skip
DISK_FIELDS = ("id", "created_at", "zone_id", "instance_id", "attached_at", "origin_instance_id")
ENI_FIELDS = ("id", "created_at", "zone_id", "vpc_id", "vswitch_id", "mac_address", "primary_ip", "security_group_ids",
              "instance_id", "attached_at")  # fmt: skip
LINK_FIELDS = ("id", "created_at", "vpc_id")


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

    # What every seeded instance, system disk, Primary ENI and link shares, as the API makes them (domain/
    # instances.py, disks.attach_new, network_interfaces.primary_interface); the loop varies the *_FIELDS.
    cpu, memory = instance_shape(INSTANCE_TYPE)
    running, stopped = Lifecycle("Running"), Lifecycle("Stopped")
    classic_proto = Instance(
        id="", account_id=account, region_id=rid, created_at=0.0, zone_id="", name="", description="", host_name="",
        instance_type=INSTANCE_TYPE, image_id=IMAGE_ID, network_type="classic", security_group_ids=[],
        lifecycle=running, cpu=cpu, memory=memory, resource_group_id=rg,
    )  # fmt: skip
    vpc_proto = replace(classic_proto, network_type="vpc")
    disk_proto = Disk(
        id="", account_id=account, region_id=rid, created_at=0.0, zone_id="", disk_type="system",
        category=disks.DEFAULT_CATEGORY, size=max(disks.DEFAULT_SYSTEM_SIZE, disks.image_size(IMAGE_ID)),
        device="/dev/xvda", image_id=IMAGE_ID, resource_group_id=rg,
    )  # fmt: skip
    eni_proto = primary_interface(vpc_proto)
    link_proto = Link("", account, rid, 0.0, vpc_id="")

    with store.bulk_unit_of_work() as uow, _cycles_uncollected():
        if uow.accounts.get(account, account_id=None) is None:
            # A non-default account gets its row; its AccessKeys come from the config file or admin API.
            uow.accounts.add(Account(account, account, GLOBAL, tick(), name="seeded"))
            count("accounts", 1)
        network = _network(uow, plan, prefix, linking, rg, tick, count)
        # VPC instances fill the vSwitches one after another (each vSwitch's share, the first ``extra`` one
        # more), so each vSwitch's and VPC's addresses and index entries are written in order.
        share, extra = divmod(n_vpc_instances, n_vswitches) if n_vswitches else (0, 0)
        per_vpc = plan.vswitches_per_vpc
        most = share * per_vpc + min(extra, per_vpc)  # the first VPC's instances: the most any VPC gets
        classic_groups, vpc_groups = _groups(uow, plan, network.vpc_ids, n_classic, most, rg, tick, count)
        used = {i.inner_ip for i in uow.instances.find(account_id=None, region_id=rid) if i.inner_ip}
        inner = _inner_ips(used)
        next_ip = list(network.vswitch_first_ips)
        placed = [0] * plan.vpcs  # instances placed in each VPC so far: their groups fill one after another
        # Links go to evenly spread classic instances, round-robin over the target VPCs.
        link_every = n_classic / n_links if n_links else 0.0
        next_link = 0
        links_per_vpc = [0] * max(targets, 1)
        instance_id, disk_id = _ids(rid, "i", total), _ids(rid, "d", total)
        zones, per_group, boundary = region.zones, GROUP_MEMBERS, extra * (share + 1)
        done = 0
        for start in range(0, total, BATCH):
            classic: list[tuple[object, ...]] = []
            in_vpc: list[tuple[object, ...]] = []
            system_disks: list[tuple[object, ...]] = []
            interfaces: list[tuple[object, ...]] = []
            links: list[tuple[object, ...]] = []
            for index in range(start, min(start + BATCH, total)):
                clock += STEP
                created, iid = clock, instance_id()
                on = index % 4 != 3  # three in four Running, the rest Stopped
                lifecycle, started_at = (running, created) if on else (stopped, 0.0)
                if index < n_classic:
                    zone = zones[index % len(zones)]
                    classic.append((iid, created, zone, iid, f"iZ{iid[2:]}Z", classic_groups[index // per_group],
                                    lifecycle, started_at, next(inner)))  # fmt: skip
                    if n_links and next_link < n_links and index >= int(next_link * link_every):
                        slot = next_link % targets
                        links.append((iid, created, network.vpc_ids[slot]))
                        links_per_vpc[slot] += 1
                        next_link += 1
                else:
                    j = index - n_classic
                    v = j // (share + 1) if j < boundary else extra + (j - boundary) // share
                    zone, vsw_id = network.vswitch_zones[v], network.vswitch_ids[v]
                    vpc_id = network.vpc_ids[v // per_vpc]
                    private = _dotted(next_ip[v])
                    next_ip[v] += 1
                    groups = vpc_groups[vpc_id][placed[v // per_vpc] // per_group]
                    placed[v // per_vpc] += 1
                    in_vpc.append((iid, created, zone, iid, f"iZ{iid[2:]}Z", groups, lifecycle, started_at, vpc_id,
                                   vsw_id, private))  # fmt: skip
                    # Its Primary ENI, as CreateInstance makes it (network_interfaces.primary_interface).
                    interfaces.append((primary_eni_id_of(iid, rid), created, zone, vpc_id, vsw_id,
                                       primary_mac_address_of(iid), private, groups, iid, created))  # fmt: skip
                system_disks.append((disk_id(), created, zone, iid, created, iid))
            uow.instances.insert_copies(classic_proto, CLASSIC_FIELDS, classic)
            uow.instances.insert_copies(vpc_proto, VPC_FIELDS, in_vpc)
            uow.disks.insert_copies(disk_proto, DISK_FIELDS, system_disks)
            uow.network_interfaces.insert_copies(eni_proto, ENI_FIELDS, interfaces)
            uow.links.insert_copies(link_proto, LINK_FIELDS, links)
            count("instances", len(classic) + len(in_vpc))
            count("disks", len(system_disks))
            count("network_interfaces", len(interfaces))
            count("links", len(links))
            done += len(classic) + len(in_vpc)
            if progress is not None:
                progress(done, total)
        result.vpcs_in_region = uow.vpcs.count(account_id=account, region_id=rid)
        result.max_vswitches_per_vpc = plan.vswitches_per_vpc
        result.max_links_per_vpc = max(links_per_vpc)
        uow.commit()
    store.refresh_statistics()
    result.seconds = time.perf_counter() - started
    return result


@contextlib.contextmanager
def _cycles_uncollected() -> Iterator[None]:
    """Python's cycle collector paused while the seed runs: it allocates millions of row tuples, none in a
    cycle (reference counting frees them), and every collection walked all those alive (a seventh of a seed's
    time at 1M instances)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


@dataclass
class _Network:
    """The seeded VPCs' IDs (link targets first) and their vSwitches', column by column (vSwitch ``v`` is
    in VPC ``v // vswitches_per_vpc``)."""

    vpc_ids: list[str] = field(default_factory=list)
    vswitch_ids: list[str] = field(default_factory=list)
    vswitch_zones: list[str] = field(default_factory=list)
    vswitch_first_ips: list[int] = field(default_factory=list)  # each block's first host address


def _network(
    uow: UnitOfWork, plan: SeedPlan, prefix: int, linking: int, rg: str,
    tick: Callable[[], float], count: Callable[[str, int], None],
) -> _Network:  # fmt: skip
    """VPCs (the first ``linking`` with ClassicLink enabled), each with its route table, the System entry
    to 100.64.0.0/10 and one System entry per vSwitch, as CreateVpc and CreateVSwitch leave them."""
    account, rid, n_vpcs, per_vpc = plan.account_id, plan.region_id, plan.vpcs, plan.vswitches_per_vpc
    region = find_region(rid)
    assert region is not None
    vpc_block = ipaddress.IPv4Network(DEFAULT_VPC_CIDR)
    blocks = [(str(block), int(block.network_address) + 1)
              for block in itertools.islice(vpc_block.subnets(new_prefix=prefix), per_vpc)]  # fmt: skip
    vpc_proto = Vpc(id="", account_id=account, region_id=rid, created_at=0.0, cidr_block=DEFAULT_VPC_CIDR, name="",
                    description="", lifecycle=Lifecycle("Available"), vrouter_id="", route_table_id="",
                    resource_group_id=rg)  # fmt: skip
    table_proto = RouteTable("", account, rid, 0.0, vpc_id="", vrouter_id="")
    entry_proto = RouteEntry("", account, rid, 0.0, route_table_id="", vpc_id="", destination_cidr_block="",
                             entry_type="System")  # fmt: skip
    vswitch_proto = VSwitch(id="", account_id=account, region_id=rid, created_at=0.0, vpc_id="", zone_id="",
                            cidr_block="", name="", description="", lifecycle=Lifecycle("Available"),
                            resource_group_id=rg)  # fmt: skip
    vpc_id, vrouter_id, table_id = (_ids(rid, p, n_vpcs) for p in ("vpc", "vrt", "vtb"))
    entry_id, vswitch_id = _ids(rid, "rte", n_vpcs * (1 + per_vpc)), _ids(rid, "vsw", n_vpcs * per_vpc)
    vpcs: list[tuple[object, ...]] = []
    tables: list[tuple[object, ...]] = []
    entries: list[tuple[object, ...]] = []
    vswitches: list[tuple[object, ...]] = []
    network = _Network()
    for n in range(n_vpcs):
        created, vid, vrt, vtb = tick(), vpc_id(), vrouter_id(), table_id()
        vpcs.append((vid, created, f"seed-vpc-{n + 1}", vrt, vtb, n < linking))
        network.vpc_ids.append(vid)
        tables.append((vtb, created, vid, vrt))
        entries.append((entry_id(), created, vtb, vid, SYSTEM_ROUTE, "service"))
        for k, (block, first_ip) in enumerate(blocks):
            at, sid, zone = tick(), vswitch_id(), region.zones[k % len(region.zones)]
            vswitches.append((sid, at, vid, zone, block, f"seed-vsw-{n + 1}-{k + 1}"))
            network.vswitch_ids.append(sid)
            network.vswitch_zones.append(zone)
            network.vswitch_first_ips.append(first_ip)
            entries.append((entry_id(), at, vtb, vid, block, VSWITCH_HOP))
    fields = ("id", "created_at", "name", "vrouter_id", "route_table_id", "classic_link_enabled")
    count("vpcs", uow.vpcs.insert_copies(vpc_proto, fields, vpcs))
    count("route_tables", uow.route_tables.insert_copies(table_proto, ("id", "created_at", "vpc_id", "vrouter_id"),
                                                         tables))  # fmt: skip
    fields = ("id", "created_at", "route_table_id", "vpc_id", "destination_cidr_block", "next_hop_type")
    count("route_entries", uow.route_entries.insert_copies(entry_proto, fields, entries))
    fields = ("id", "created_at", "vpc_id", "zone_id", "cidr_block", "name")
    count("vswitches", uow.vswitches.insert_copies(vswitch_proto, fields, vswitches))
    return network


def _groups(
    uow: UnitOfWork, plan: SeedPlan, vpc_ids: list[str], n_classic: int, most_in_vpc: int, rg: str,
    tick: Callable[[], float], count: Callable[[str, int], None],
) -> tuple[list[list[str]], dict[str, list[list[str]]]]:  # fmt: skip
    """Security groups of at most GROUP_MEMBERS members: classic ones, and per VPC (as many in each as the
    fullest VPC, ``most_in_vpc`` instances, needs). Each as its members' ``security_group_ids`` (one list a
    group, shared by its members' rows)."""
    account, rid = plan.account_id, plan.region_id
    capacity = GROUP_MEMBERS
    proto = SecurityGroup("", account, rid, 0.0, vpc_id="", name="", description="", resource_group_id=rg)
    n_classic_groups, per_vpc = math.ceil(n_classic / capacity), max(1, math.ceil(most_in_vpc / capacity))
    group_id = _ids(rid, "sg", n_classic_groups + per_vpc * len(vpc_ids))
    groups: list[tuple[object, ...]] = []

    def make(vpc_id: str, label: str) -> list[str]:
        gid = group_id()
        groups.append((gid, tick(), vpc_id, label))
        return [gid]

    classic = [make("", f"seed-classic-{k + 1}") for k in range(n_classic_groups)]
    by_vpc = {v: [make(v, f"seed-seed-vpc-{n + 1}-{k + 1}") for k in range(per_vpc)] for n, v in enumerate(vpc_ids)}
    count("security_groups", uow.security_groups.insert_copies(proto, ("id", "created_at", "vpc_id", "name"), groups))
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
