"""Concurrent load, the emulated state read back through the API, and the ClassicLink rules checked on it,
for the race and crash tests (tests/e2e/test_races_e2e.py).

Every call is recorded with its start and end time (monotonic). A call that ended before another started
was committed before it (each request commits inside its own interval), which is what makes some final
states decidable from the answers alone.
"""

from __future__ import annotations

import os
import threading
import time
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

import requests

from .raw import ECS, VPC, v1_fields, v1_sign
from .sdk import IMAGE_ID, INSTANCE_TYPE, REGION

SECONDS_ENV = "CLASSICLINK_RACE_SECONDS"
SYSTEM_ROUTE = "100.64.0.0/10"
VERSIONS = {"CreateVpc": VPC, "DeleteVpc": VPC, "EnableVpcClassicLink": VPC, "DisableVpcClassicLink": VPC,
            "DescribeVpcAttribute": VPC, "DescribeVpcs": VPC, "DescribeRouteTableList": VPC,
            "DescribeRouteEntryList": VPC}  # fmt: skip


def race_seconds(default: float) -> float:
    """How long each race's load runs: ``CLASSICLINK_RACE_SECONDS`` (e.g. 60 for a soak run) or the default."""
    value = os.environ.get(SECONDS_ENV, "")
    return float(value) if value else default


@dataclass
class Call:
    """One request and its outcome; ``status`` is None when no answer came (connection refused or reset)."""

    action: str
    params: dict[str, str]
    start: float
    end: float = 0.0
    status: int | None = None
    code: str | None = None
    body: dict[str, Any] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return self.status is not None and 200 <= self.status < 300

    def on(self, key: str) -> str:
        return self.params.get(key, "")


class Client:
    """One thread's HTTP session; every request is V1-signed (fresh nonce) and recorded in ``log``."""

    def __init__(self, urls: Sequence[str], log: list[Call], timeout: float = 60.0) -> None:
        self.urls = list(urls)
        self.session = requests.Session()
        self.log = log
        self.timeout = timeout
        self._next = 0

    def __call__(self, action: str, **params: str) -> Call:
        url = self.urls[self._next % len(self.urls)]
        self._next += 1
        fields = v1_sign(v1_fields(action, VERSIONS.get(action, ECS), RegionId=REGION, **params))
        call = Call(action, params, time.monotonic())
        try:
            response = self.session.post(url, params=fields, timeout=self.timeout)
        except requests.RequestException:
            call.end = time.monotonic()
            self.log.append(call)
            raise
        call.end = time.monotonic()
        call.status = response.status_code
        call.body = response.json()
        call.code = call.body.get("Code")
        self.log.append(call)
        return call

    def ok(self, action: str, **params: str) -> dict[str, Any]:
        call = self(action, **params)
        assert call.ok, f"{action} {params} failed: {call.status} {call.body}"
        return call.body

    def close(self) -> None:
        self.session.close()


def run_threads(count: int, target: Any) -> list[BaseException]:
    """Run ``target(index)`` in ``count`` threads; the exceptions they raised, if any."""
    failures: list[BaseException] = []

    def wrapped(index: int) -> None:
        try:
            target(index)
        except BaseException as err:  # reported by the caller, not lost in a thread
            failures.append(err)

    threads = [threading.Thread(target=wrapped, args=(i,), daemon=True) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return failures


# --- setup ---------------------------------------------------------------------------------------------------


def make_vpc(client: Client, enable: bool = True) -> str:
    vpc_id = str(client.ok("CreateVpc", CidrBlock="172.16.0.0/12")["VpcId"])
    if enable:  # --transition-delay 0: the VPC is Available at once
        client.ok("EnableVpcClassicLink", VpcId=vpc_id)
    return vpc_id


def make_classic_group(client: Client) -> str:
    return str(client.ok("CreateSecurityGroup", SecurityGroupName="races")["SecurityGroupId"])


def create_instance_params(group_id: str) -> dict[str, str]:
    """A classic instance: no VSwitchId, a classic group (it is Stopped at once with --transition-delay 0)."""
    return {"InstanceType": INSTANCE_TYPE, "ImageId": IMAGE_ID, "SecurityGroupId": group_id}


def make_instance(client: Client, group_id: str) -> str:
    return str(client.ok("CreateInstance", **create_instance_params(group_id))["InstanceId"])


# --- the stored state, through the API ----------------------------------------------------------------------


@dataclass
class State:
    vpcs: dict[str, bool | None]  # live VPC -> ClassicLinkEnabled (None: not read)
    instances: dict[str, dict[str, Any]]  # live instance -> its DescribeInstances entry
    links: list[tuple[str, str]]  # (instance, VPC), as DescribeClassicLinkInstances lists them, both ways
    route_tables: dict[str, list[str]] = field(default_factory=dict)  # VPC -> its route tables

    def link_of(self, instance_id: str) -> str | None:
        vpcs = {v for i, v in self.links if i == instance_id}
        return vpcs.pop() if len(vpcs) == 1 else None


def _pages(client: Client, action: str, list_key: str, item_key: str, size: int, **params: str) -> list[Any]:
    items: list[Any] = []
    page = 1
    while True:
        body = client.ok(action, PageNumber=str(page), PageSize=str(size), **params)
        batch = body[list_key][item_key]
        items.extend(batch)
        if len(batch) < size or len(items) >= int(body["TotalCount"]):
            return items
        page += 1


def read_state(client: Client, known_vpcs: Iterable[str], route_tables: bool = False, every_vpc: bool = True) -> State:
    """Everything the rules speak about. Links are listed by instance (the live ones) and by VPC, for every
    VPC ever created, deleted ones included (a link to anything gone shows up); the two views must agree.
    ``every_vpc=False`` (no instance is ever deleted) reads links and ClassicLinkEnabled only of the known
    VPCs and of those the instances are linked to."""
    listed = [v["VpcId"] for v in _pages(client, "DescribeVpcs", "Vpcs", "Vpc", 50)]
    instances = {i["InstanceId"]: i for i in _pages(client, "DescribeInstances", "Instances", "Instance", 100)}
    # By instance, the live ones only: naming an instance that is gone is refused (InvalidInstanceId.NotFound).
    by_instance: list[tuple[str, str]] = []
    ids = sorted(instances)
    for start in range(0, len(ids), 100):
        chunk = ",".join(ids[start : start + 100])
        for link in _pages(client, "DescribeClassicLinkInstances", "Links", "Link", 100, InstanceId=chunk):
            by_instance.append((link["InstanceId"], link["VpcId"]))
    wanted = set(known_vpcs) | {v for _, v in by_instance} | (set(listed) if every_vpc else set())
    vpcs: dict[str, bool | None] = dict.fromkeys(listed)
    for vpc_id in wanted & set(listed):
        vpcs[vpc_id] = bool(client.ok("DescribeVpcAttribute", VpcId=vpc_id)["ClassicLinkEnabled"])
    links: set[tuple[str, str]] = set()
    for vpc_id in sorted(wanted):
        for link in _pages(client, "DescribeClassicLinkInstances", "Links", "Link", 100, VpcId=vpc_id):
            links.add((link["InstanceId"], link["VpcId"]))
    state = State(vpcs, instances, sorted(links))
    if {link for link in links if link[0] in instances} != set(by_instance):
        state.links.append(("<views differ>", repr(sorted(links ^ set(by_instance)))))
    # A link listed twice for one instance counts twice.
    state.links.extend(link for n, link in enumerate(by_instance) if link in by_instance[:n])
    if route_tables:
        for table in _pages(client, "DescribeRouteTableList", "RouterTableList", "RouterTableListType", 50):
            state.route_tables.setdefault(table["VpcId"], []).append(table["RouteTableId"])
    return state


def rule_violations(state: State, links_per_vpc: int) -> list[str]:
    """The ClassicLink rules on the final state: L1 one link per instance, L2 the per-VPC quota, links only
    between existing classic instances and existing ClassicLink-enabled VPCs; unique addresses."""
    found: list[str] = []
    per_instance = Counter(i for i, _ in state.links)
    per_vpc = Counter(v for _, v in state.links)
    found += [f"instance {i} has {n} links" for i, n in per_instance.items() if n > 1]
    found += [f"VPC {v} has {n} links (at most {links_per_vpc})" for v, n in per_vpc.items() if n > links_per_vpc]
    for instance_id, vpc_id in state.links:
        if vpc_id not in state.vpcs:
            found.append(f"link {instance_id} -> {vpc_id}: the VPC does not exist")
        elif state.vpcs[vpc_id] is not True:
            found.append(f"link {instance_id} -> {vpc_id}: ClassicLink is disabled on the VPC")
        instance = state.instances.get(instance_id)
        if instance is None:
            found.append(f"link {instance_id} -> {vpc_id}: the instance does not exist")
        elif instance["InstanceNetworkType"] != "classic":
            found.append(f"link {instance_id} -> {vpc_id}: not a classic instance")
    addresses = Counter(
        address
        for instance in state.instances.values()
        for address in [*instance["InnerIpAddress"]["IpAddress"], *instance["VpcAttributes"]["PrivateIpAddress"]["IpAddress"]]
    )
    found += [f"address {a} used by {n} instances" for a, n in addresses.items() if n > 1]
    return found


def answer_mix(calls: Iterable[Call]) -> dict[str, int]:
    """``"Action status code"`` -> count, e.g. ``"AttachClassicLinkVpc 400 InstanceAlreadyLinked"``."""
    return dict(sorted(Counter(f"{c.action} {c.status or 'no-answer'} {c.code or ''}".strip() for c in calls).items()))


def by_status(calls: Iterable[Call]) -> dict[str, int]:
    return dict(sorted(Counter(str(c.status or "no-answer") for c in calls).items()))
