"""Races and crashes, on the SQLite file and on PostgreSQL (issue 7, item 5).

Races: 32 client threads hammer a small shared set of VPCs and classic instances with every ClassicLink
write (Attach, Detach, Enable, Disable, DeleteInstance, DeleteVpc, CreateInstance) against ``--workers 2``
(and, on PostgreSQL, two servers on one database); then the state read back through the API must keep
every rule, no answer may be a 5xx, and every 2xx must agree with the final state where that is decidable.

Crashes: the server is SIGKILLed in the middle of a write load (CreateVpc, Attach, Detach) and restarted on
the same database, five times; every acknowledged write must be there and nothing half applied.

Each load runs a few seconds by default; ``CLASSICLINK_RACE_SECONDS=60`` makes it a soak run. Select these
tests with ``-m races``; ``-s`` prints the measured numbers.
"""

from __future__ import annotations

import random
import sqlite3
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pytest
import requests

from classiclink import errors
from support.races import (
    SYSTEM_ROUTE,
    Call,
    Client,
    State,
    answer_mix,
    by_status,
    create_instance_params,
    make_classic_group,
    make_instance,
    make_vpc,
    race_seconds,
    read_state,
    rule_violations,
    run_threads,
)
from support.server import ServerProcess

pytestmark = [pytest.mark.e2e, pytest.mark.races]

CLIENTS = 32
LINKS_PER_VPC = 3
VPCS = 3
INSTANCES = 12
SERVER_FLAGS = ("--transition-delay", "0", "--vpc-quota", "100000", "--links-per-vpc", str(LINKS_PER_VPC))

# What each action may answer under contention besides 200: the documented errors of losing a race
# (compared by code and message: several share the code OperationDenied).
EXPECTED_REFUSALS: dict[str, tuple[type[errors.ApiError], ...]] = {
    "AttachClassicLinkVpc": (errors.InstanceAlreadyLinked, errors.LinkQuotaExceeded, errors.ClassicLinkInstanceNotFound,
                             errors.ClassicLinkVpcMalformed, errors.VpcClassicLinkDisabled),
    "DetachClassicLinkVpc": (errors.ClassicLinkInstanceNotFound, errors.ClassicLinkVpcMalformed, errors.DetachNotAllowed),
    "EnableVpcClassicLink": (errors.VpcNotFound, errors.ClassicLinkAlreadyEnabled),
    "DisableVpcClassicLink": (errors.VpcNotFound, errors.ClassicLinkInstancesExist),
    "DeleteInstance": (errors.InstanceNotFound,),
    "DeleteVpc": (errors.VpcNotFound, errors.VpcHasDependentInstances),
    "CreateInstance": (),
    "CreateVpc": (),
}  # fmt: skip


def expected_refusal(call: Call, allowed: tuple[type[errors.ApiError], ...]) -> bool:
    return any((call.status, call.code, call.body.get("Message")) == (e.status, e.code, e.message) for e in allowed)


def report(label: str, calls: list[Call], violations: list[str], extra: str = "") -> None:
    print(f"\n[{label}] requests={len(calls)} by status={by_status(calls)} violations={len(violations)} {extra}")
    for line, count in answer_mix(calls).items():
        print(f"[{label}]   {count:6d}  {line}")
    for violation in violations[:20]:
        print(f"[{label}] VIOLATION {violation}")


def server_log_problems(servers: list[ServerProcess]) -> list[str]:
    return [f"server log: {line.strip()}" for s in servers for line in s.log().splitlines()
            if "Traceback" in line or "internal error" in line or "database is locked" in line][:10]  # fmt: skip


# --- races ---------------------------------------------------------------------------------------------------


@dataclass
class Pool:
    """The shared set the clients pick from: every ID ever created, and the ones acknowledged as deleted."""

    group_id: str
    vpcs: list[str]
    instances: list[str]
    gone: set[str] = field(default_factory=set)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def pick(self, ids: list[str], rng: random.Random) -> str:
        with self.lock:
            live = [i for i in ids if i not in self.gone]
            # Mostly live resources; now and then one already deleted, which must be refused.
            return rng.choice(live if live and rng.random() < 0.9 else ids)

    def live(self, ids: list[str]) -> int:
        with self.lock:
            return sum(1 for i in ids if i not in self.gone)


OPERATIONS = {"attach": 30, "detach": 24, "enable": 8, "disable": 10, "delete_instance": 5, "delete_vpc": 6,
              "create_instance": 6, "create_vpc": 4}  # fmt: skip


def race_client(pool: Pool, client: Client, deadline: float, seed: int) -> None:
    rng = random.Random(seed)
    names, weights = list(OPERATIONS), list(OPERATIONS.values())
    while time.monotonic() < deadline:
        operation = rng.choices(names, weights)[0]
        instance, vpc = pool.pick(pool.instances, rng), pool.pick(pool.vpcs, rng)
        try:
            if operation == "attach":
                client("AttachClassicLinkVpc", InstanceId=instance, VpcId=vpc)
            elif operation == "detach":
                client("DetachClassicLinkVpc", InstanceId=instance, VpcId=vpc)
            elif operation == "enable":
                client("EnableVpcClassicLink", VpcId=vpc)
            elif operation == "disable":
                client("DisableVpcClassicLink", VpcId=vpc)
            elif operation == "delete_instance":
                if client("DeleteInstance", InstanceId=instance).ok:
                    with pool.lock:
                        pool.gone.add(instance)
            elif operation == "delete_vpc":
                if client("DeleteVpc", VpcId=vpc).ok:
                    with pool.lock:
                        pool.gone.add(vpc)
            elif operation == "create_instance" and pool.live(pool.instances) < INSTANCES:
                created = client("CreateInstance", **create_instance_params(pool.group_id))
                if created.ok:
                    with pool.lock:
                        pool.instances.append(str(created.body["InstanceId"]))
            elif operation == "create_vpc" and pool.live(pool.vpcs) < VPCS:
                created = client("CreateVpc", CidrBlock="192.168.0.0/16")
                if created.ok:
                    with pool.lock:
                        pool.vpcs.append(str(created.body["VpcId"]))
        except requests.RequestException:
            pass  # recorded as a call without an answer, and reported as a violation


def race_violations(calls: list[Call], state: State) -> list[str]:
    found: list[str] = []
    for call in calls:
        if call.status is None:
            found.append(f"no answer to {call.action} {call.params} after {call.end - call.start:.1f}s")
        elif call.status >= 500:
            found.append(f"{call.status} {call.code} to {call.action} {call.params}")
        elif not call.ok and not expected_refusal(call, EXPECTED_REFUSALS[call.action]):
            found.append(f"unexpected {call.status} {call.code} to {call.action} {call.params}: {call.body}")
    writes = [c for c in calls if c.ok]
    deleted: dict[str, Call] = {}
    for call in writes:
        if call.action == "DeleteVpc":
            deleted[call.on("VpcId")] = call
            if call.on("VpcId") in state.vpcs:
                found.append(f"DeleteVpc {call.on('VpcId')} answered 200, the VPC still exists")
        elif call.action == "DeleteInstance":
            deleted[call.on("InstanceId")] = call
            if call.on("InstanceId") in state.instances:
                found.append(f"DeleteInstance {call.on('InstanceId')} answered 200, the instance still exists")
        elif (call.action == "CreateVpc" and call.body["VpcId"] not in state.vpcs
              and not any(c.action == "DeleteVpc" and c.on("VpcId") == call.body["VpcId"] for c in writes)):
            found.append(f"CreateVpc {call.body['VpcId']} answered 200, the VPC is missing")
        elif (call.action == "CreateInstance" and call.body["InstanceId"] not in state.instances
              and not any(c.action == "DeleteInstance" and c.on("InstanceId") == call.body["InstanceId"]
                          for c in writes)):  # fmt: skip
            found.append(f"CreateInstance {call.body['InstanceId']} answered 200, the instance is missing")
    # Nothing succeeds on a resource after its deletion was acknowledged.
    for call in writes:
        for key in ("VpcId", "InstanceId"):
            gone = deleted.get(call.on(key))
            if gone is not None and call.start > gone.end:
                found.append(f"{call.action} {call.params} answered 200 after {gone.action} of {call.on(key)}")
    found += _decided(writes, state) + _ordered(writes)
    return found


def _decided(writes: list[Call], state: State) -> list[str]:
    """Where the last successful change to a link (or a VPC's switch) began after every other successful
    change to it had ended, it was committed last: the final state must be its result."""
    found: list[str] = []
    changes: dict[str, list[Call]] = {}
    switches: dict[str, list[Call]] = {}
    for call in writes:
        if call.action in ("AttachClassicLinkVpc", "DetachClassicLinkVpc", "DeleteInstance"):
            changes.setdefault(call.on("InstanceId"), []).append(call)
        elif call.action in ("EnableVpcClassicLink", "DisableVpcClassicLink"):
            switches.setdefault(call.on("VpcId"), []).append(call)
    for instance_id, calls in changes.items():
        last = max(calls, key=lambda c: c.start)
        if all(c.end < last.start for c in calls if c is not last):
            want = last.on("VpcId") if last.action == "AttachClassicLinkVpc" else None
            if state.link_of(instance_id) != want:
                found.append(f"{instance_id}: last acknowledged {last.action} {last.params} but linked to "
                             f"{state.link_of(instance_id)}")  # fmt: skip
    for vpc_id, calls in switches.items():
        last = max(calls, key=lambda c: c.start)
        decided = vpc_id in state.vpcs and all(c.end < last.start for c in calls if c is not last)
        if decided and state.vpcs[vpc_id] != (last.action == "EnableVpcClassicLink"):
            found.append(f"{vpc_id}: last acknowledged {last.action} but ClassicLinkEnabled={state.vpcs[vpc_id]}")
    return found


def _ordered(writes: list[Call]) -> list[str]:
    """What the answers imply about the order of commits. A call that ended before another began was
    committed first, so: an acknowledged link to a VPC that is later (successfully) disabled, deleted, or
    replaced by a link to another VPC, was removed by a Detach or DeleteInstance that could have committed
    in between; and an Attach acknowledged after a Disable needs an Enable that could lie in between."""
    found: list[str] = []
    attaches = [c for c in writes if c.action == "AttachClassicLinkVpc"]
    enables = [c for c in writes if c.action == "EnableVpcClassicLink"]

    def between(first: Call, later: Call, candidates: list[Call]) -> bool:
        return any(x.end > first.start and x.start < later.end for x in candidates)

    for attach in attaches:
        instance, vpc = attach.on("InstanceId"), attach.on("VpcId")
        unlinks = [x for x in writes if x.on("InstanceId") == instance
                   and (x.action == "DeleteInstance" or (x.action == "DetachClassicLinkVpc" and x.on("VpcId") == vpc))]  # fmt: skip
        for later in writes:
            if later.start <= attach.end:
                continue
            conflicts = (later.action in ("DisableVpcClassicLink", "DeleteVpc") and later.on("VpcId") == vpc) or (
                later.action == "AttachClassicLinkVpc" and later.on("InstanceId") == instance
                and later.on("VpcId") != vpc)  # fmt: skip
            if conflicts and not between(attach, later, unlinks):
                found.append(f"{later.action} {later.params} succeeded after Attach {attach.params}, unlinked by nothing")
    for disable in (c for c in writes if c.action == "DisableVpcClassicLink"):
        vpc = disable.on("VpcId")
        for attach in attaches:
            if attach.on("VpcId") == vpc and attach.start > disable.end and not between(
                disable, attach, [e for e in enables if e.on("VpcId") == vpc]
            ):
                found.append(f"Attach {attach.params} succeeded after Disable of {vpc}, re-enabled by nothing")
    return found


def race(label: str, servers: list[ServerProcess], seconds: float) -> None:
    setup = Client([servers[0].url], [])
    group_id = make_classic_group(setup)
    pool = Pool(group_id, [make_vpc(setup) for _ in range(VPCS)], [make_instance(setup, group_id) for _ in range(INSTANCES)])
    calls: list[Call] = []
    clients = [Client([s.url for s in servers[i % len(servers):] + servers[: i % len(servers)]], calls)
               for i in range(CLIENTS)]  # fmt: skip
    seed = random.randrange(1 << 30)
    deadline = time.monotonic() + seconds
    failures = run_threads(CLIENTS, lambda i: race_client(pool, clients[i], deadline, seed + i))
    for client in clients:
        client.close()
    assert not failures, failures
    state = read_state(setup, pool.vpcs)
    violations = rule_violations(state, LINKS_PER_VPC) + race_violations(calls, state) + server_log_problems(servers)
    slowest = max(c.end - c.start for c in calls)
    report(label, calls, violations, f"seed={seed} seconds={seconds} slowest={slowest:.2f}s "
                                     f"final: {len(state.vpcs)} VPCs, {len(state.instances)} instances, "
                                     f"{len(state.links)} links")  # fmt: skip
    assert violations == []
    assert sum(1 for c in calls if c.ok and "ClassicLink" in c.action) > 0  # the race did race


def test_races_on_sqlite_with_two_workers(tmp_path: Path, make_server: Callable[..., ServerProcess]) -> None:
    server = make_server(*SERVER_FLAGS, "--workers", "2", database=str(tmp_path / "state.db"))
    race("sqlite --workers 2", [server], race_seconds(2.5))


def test_races_on_postgres_with_two_workers(postgres_url: str, make_server: Callable[..., ServerProcess]) -> None:
    server = make_server(*SERVER_FLAGS, "--workers", "2", database=postgres_url)
    race("postgres --workers 2", [server], race_seconds(2.5))


def test_races_on_postgres_with_two_servers(postgres_url: str, make_server: Callable[..., ServerProcess]) -> None:
    # Started at once on the fresh schema: both race to migrate and seed it too.
    servers: list[ServerProcess] = []
    assert run_threads(2, lambda _: servers.append(make_server(*SERVER_FLAGS, database=postgres_url))) == []
    race("postgres, two servers", servers, race_seconds(2.5))


# --- crashes -------------------------------------------------------------------------------------------------

CRASH_ROUNDS = 5
LINK_THREADS = 6  # each owns two instances, so the calls on one instance are sequential
VPC_THREADS = 2
CRASH_FLAGS = ("--transition-delay", "0", "--vpc-quota", "100000")


@dataclass
class Owned:
    """One thread's instances: their link as acknowledged, and the call that got no answer (it may or may
    not have been committed when the server died)."""

    instances: list[str]
    linked: dict[str, str | None]
    pending: dict[str, str | None] = field(default_factory=dict)  # instance -> its link if the call committed


def link_load(client: Client, owned: Owned, vpcs: list[str], stop: threading.Event, rng: random.Random) -> None:
    while not stop.is_set():
        instance = rng.choice(owned.instances)
        current = owned.linked[instance]
        if current is None:
            action, vpc = "AttachClassicLinkVpc", rng.choice(vpcs)
            after: str | None = vpc
        elif rng.random() < 0.85:
            action, vpc, after = "DetachClassicLinkVpc", current, None
        else:  # refused, and must change nothing
            action, vpc, after = "AttachClassicLinkVpc", rng.choice([v for v in vpcs if v != current]), current
        try:
            answer = client(action, InstanceId=instance, VpcId=vpc)
        except requests.RequestException:
            owned.pending[instance] = after
            return
        if answer.ok:
            owned.linked[instance] = after


def vpc_load(client: Client, stop: threading.Event) -> None:
    while not stop.is_set():
        try:
            client("CreateVpc", CidrBlock="10.0.0.0/8")
        except requests.RequestException:
            return


def crash_violations(calls: list[Call], owned: list[Owned], state: State, checked: set[str],
                     client: Client) -> list[str]:  # fmt: skip
    found = [f"{c.status} {c.code} to {c.action} {c.params}" for c in calls if c.status is not None and c.status >= 500]
    refused = [c for c in calls if c.status is not None and not c.ok]
    found += [f"refused {c.action} {c.params}: {c.body}" for c in refused
              if not expected_refusal(c, (errors.InstanceAlreadyLinked,))]  # fmt: skip
    for call in calls:
        if call.action == "CreateVpc" and call.ok and call.body["VpcId"] not in state.vpcs:
            found.append(f"CreateVpc {call.body['VpcId']} was acknowledged, the VPC is gone after the restart")
    for group in owned:
        for instance in group.instances:
            allowed = {group.linked[instance]}
            if instance in group.pending:
                allowed.add(group.pending.pop(instance))
            final = state.link_of(instance)
            if final not in allowed:
                found.append(f"{instance}: linked to {final} after the restart; acknowledged: {group.linked[instance]}")
            group.linked[instance] = final
    # Nothing half applied: every VPC (acknowledged or not) has its one route table and its system route.
    for vpc_id in state.vpcs:
        tables = state.route_tables.get(vpc_id, [])
        if len(tables) != 1:
            found.append(f"VPC {vpc_id} has route tables {tables}")
        elif vpc_id not in checked:
            entries = client.ok("DescribeRouteEntryList", RouteTableId=tables[0])["RouteEntrys"]["RouteEntry"]
            system = [e for e in entries if e["Type"] == "System" and e["DestinationCidrBlock"] == SYSTEM_ROUTE]
            if len(system) != 1:
                found.append(f"VPC {vpc_id}: route table {tables[0]} has entries {entries}")
            checked.add(vpc_id)
    found += [f"route table {t} of a missing VPC {v}" for v, ts in state.route_tables.items() if v not in state.vpcs
              for t in ts]  # fmt: skip
    return found


def crashes(label: str, database: str, make_server: Callable[..., ServerProcess], seconds: float) -> None:
    server = make_server(*CRASH_FLAGS, database=database)
    setup = Client([server.url], [])
    group_id = make_classic_group(setup)
    vpcs = [make_vpc(setup) for _ in range(VPCS)]
    instances = [make_instance(setup, group_id) for _ in range(2 * LINK_THREADS)]
    owned = [Owned(instances[2 * i : 2 * i + 2], dict.fromkeys(instances[2 * i : 2 * i + 2])) for i in range(LINK_THREADS)]
    seed = random.randrange(1 << 30)
    rng = random.Random(seed)
    calls: list[Call] = []
    violations: list[str] = []
    checked: set[str] = set()
    unanswered = 0
    for round_ in range(CRASH_ROUNDS):
        stop = threading.Event()
        clients = [Client([server.url], calls) for _ in range(LINK_THREADS + VPC_THREADS)]
        round_calls = len(calls)

        def load(i: int, clients: list[Client] = clients, stop: threading.Event = stop, r: int = round_) -> None:
            if i < LINK_THREADS:
                link_load(clients[i], owned[i], vpcs, stop, random.Random(seed + 100 * r + i))
            else:
                vpc_load(clients[i], stop)

        def kill(server: ServerProcess = server, stop: threading.Event = stop) -> None:
            time.sleep(rng.uniform(0.2, max(0.4, seconds / 4)))
            assert server.proc is not None
            server.proc.kill()  # SIGKILL: no shutdown, no rollback, connections cut mid-request
            server.proc.wait()
            stop.set()

        killer = threading.Thread(target=kill, daemon=True)
        killer.start()
        failures = run_threads(LINK_THREADS + VPC_THREADS, load)
        killer.join()
        for client in clients:
            client.close()
        assert not failures, failures
        unanswered += sum(1 for c in calls[round_calls:] if c.status is None)
        if not database.startswith("postgresql"):
            with sqlite3.connect(f"file:{database}?mode=ro", uri=True, timeout=10) as conn:
                integrity = conn.execute("PRAGMA integrity_check").fetchone()[0]
            if integrity != "ok":
                violations.append(f"round {round_}: integrity_check says {integrity}")
        server = make_server(*CRASH_FLAGS, database=database)  # restarted on the same database
        reader = Client([server.url], [])
        state = read_state(reader, vpcs, route_tables=True, every_vpc=False)
        violations += [f"round {round_}: {v}" for v in
                       crash_violations(calls[round_calls:], owned, state, checked, reader)
                       + rule_violations(state, 1000) + server_log_problems([server])]  # fmt: skip
        reader.close()
    report(label, calls, violations, f"seed={seed} rounds={CRASH_ROUNDS} unanswered at the kills={unanswered} "
                                     f"VPCs checked={len(checked)}")  # fmt: skip
    assert violations == []
    assert sum(1 for c in calls if c.ok and c.action != "CreateVpc") > 0


def test_crashes_on_sqlite(tmp_path: Path, make_server: Callable[..., ServerProcess]) -> None:
    crashes("sqlite crashes", str(tmp_path / "state.db"), make_server, race_seconds(2.5))


def test_crashes_on_postgres(postgres_url: str, make_server: Callable[..., ServerProcess]) -> None:
    crashes("postgres crashes", postgres_url, make_server, race_seconds(2.5))
