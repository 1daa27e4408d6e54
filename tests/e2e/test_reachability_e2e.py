""""Can A reach B?" and the migration view end to end: resources made through the official SDK on a real
server, security-group rules put in its store directly (the rule APIs are another change), and the answers read
through the admin interface and through the ``classiclink reach`` / ``migration-report`` commands.

Doc facts (docs/reachability.md): a linked classic instance reaches the VPC (api-spec §2.3); VPC instances reach
only linked classic instances (§2.4); inbound traffic needs a rule (ECS "Security group rules"); an instance not
Running is unreachable.
"""

from __future__ import annotations

import itertools
import json
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import requests

from classiclink.domain.model import SecurityGroupRule
from classiclink.testing import ThreadedServer
from support.sdk import REGION, Api, make_classic_group, make_instance, make_vpc, start, stop

TOKEN = "reach-token"
_RULE_NUMBERS = itertools.count(1)
SRC = str(Path(__file__).resolve().parents[2] / "src")


@pytest.fixture(scope="module")
def emulator() -> Iterator[ThreadedServer]:
    with ThreadedServer(admin_token=TOKEN) as server:
        yield server


@dataclass
class World:
    account: str
    api: Api
    vpc: str
    vpc_group: str
    classic_group: str
    linked: str  # a Running classic instance linked to the VPC
    unlinked: str  # a Running classic instance, not linked
    target: str  # a Running VPC instance
    target_ip: str
    rule_id: str  # sg(vpc) ingress TCP 22 from the classic group


def add_rule(server: ThreadedServer, account: str, group: str, direction: str, peer_group: str, ports: str,
             policy: str = "Accept") -> str:  # fmt: skip
    rule_id = f"sgr-reach{next(_RULE_NUMBERS):08d}"
    peer = {"source_group_id": peer_group} if direction == "ingress" else {"dest_group_id": peer_group}
    rule = SecurityGroupRule(rule_id, account, REGION, server.runtime.clock.now(), security_group_id=group,
                             direction=direction, ip_protocol="TCP", port_range=ports, policy=policy,
                             nic_type="intranet", **peer)  # fmt: skip
    with server.runtime.store.unit_of_work() as uow:
        uow.security_group_rules.add(rule)
        uow.commit()
    return rule_id


@pytest.fixture
def world(emulator: ThreadedServer) -> World:
    return build_world(emulator)


def build_world(emulator: ThreadedServer) -> World:
    account = emulator.create_account()
    api = Api("legacy", emulator.endpoint, account.access_key_id, account.access_key_secret)
    vpc = make_vpc(api, enable=True)
    vswitch = str(api.call("CreateVSwitch", RegionId=REGION, VpcId=vpc, ZoneId="cn-hangzhou-i",
                           CidrBlock="172.16.1.0/24")["VSwitchId"])  # fmt: skip
    vpc_group = str(api.call("CreateSecurityGroup", RegionId=REGION, VpcId=vpc)["SecurityGroupId"])
    classic_group = make_classic_group(api)
    target = make_instance(api, vpc_group, VSwitchId=vswitch)
    linked = make_instance(api, classic_group)
    unlinked = make_instance(api, make_classic_group(api))
    for instance in (target, linked, unlinked):
        start(api, instance)
    api.call("AttachClassicLinkVpc", RegionId=REGION, InstanceId=linked, VpcId=vpc)
    described = api.call("DescribeInstanceAttribute", RegionId=REGION, InstanceId=target)
    target_ip = described["VpcAttributes"]["PrivateIpAddress"]["IpAddress"][0]
    rule_id = add_rule(emulator, account.account_id, vpc_group, "ingress", classic_group, "22/22")
    return World(account.account_id, api, vpc, vpc_group, classic_group, linked, unlinked, target, target_ip, rule_id)


def admin(emulator: ThreadedServer, path: str, token: str = TOKEN, **query: Any) -> requests.Response:
    return requests.get(f"http://{emulator.endpoint}/_classiclink/admin{path}", params=query,
                        headers={"Authorization": f"Bearer {token}"}, timeout=30)  # fmt: skip


def ask(emulator: ThreadedServer, world: World, source: str, destination: str, protocol: str = "tcp",
        port: int | None = 22) -> requests.Response:  # fmt: skip
    query: dict[str, Any] = {"Source": source, "Destination": destination, "Protocol": protocol}
    if port is not None:
        query["Port"] = port
    return admin(emulator, f"/accounts/{world.account}/regions/{REGION}/reach", **query)


def hop(verdict: dict[str, Any], check: str) -> dict[str, Any]:
    return next(h for h in verdict["path"] if h["check"] == check)


# --- the admin interface ------------------------------------------------------------------------------------------


def test_a_linked_classic_instance_reaches_the_vpc_on_an_opened_port(emulator: ThreadedServer, world: World) -> None:
    answer = ask(emulator, world, world.linked, world.target)
    assert answer.status_code == 200, answer.text
    verdict = answer.json()
    assert verdict["reachable"] is True and verdict["blocked_by"] is None
    assert hop(verdict, "classiclink_link")["allowed"] is True  # §2.3: the ClassicLink connection
    assert hop(verdict, "ingress")["rule"]["id"] == world.rule_id  # the rule that let it in
    assert verdict["destination"]["address"] == world.target_ip


def test_a_port_no_rule_opens_is_blocked_at_ingress(emulator: ThreadedServer, world: World) -> None:
    # ECS "Security group rules": inbound traffic is denied unless a rule allows it.
    verdict = ask(emulator, world, world.linked, world.target, port=80).json()
    assert verdict["reachable"] is False and verdict["blocked_by"]["check"] == "ingress"


def test_a_drop_rule_at_the_same_priority_wins(emulator: ThreadedServer, world: World) -> None:
    # Rules that differ only in their action: the Drop (Forbid) one takes effect.
    drop = add_rule(emulator, world.account, world.vpc_group, "ingress", world.classic_group, "22/22", "Drop")
    verdict = ask(emulator, world, world.linked, world.target).json()
    assert verdict["reachable"] is False and hop(verdict, "ingress")["rule"]["id"] == drop


def test_vpc_instances_reach_only_linked_classic_instances(emulator: ThreadedServer, world: World) -> None:
    add_rule(emulator, world.account, world.classic_group, "ingress", world.vpc_group, "22/22")
    assert ask(emulator, world, world.target, world.linked).json()["reachable"] is True
    verdict = ask(emulator, world, world.target, world.unlinked).json()  # §2.4
    assert verdict["reachable"] is False and verdict["blocked_by"]["check"] == "classiclink_link"


def test_a_stopped_instance_is_unreachable(emulator: ThreadedServer, world: World) -> None:
    stop(world.api, world.target)
    verdict = ask(emulator, world, world.linked, world.target).json()
    assert verdict["blocked_by"]["check"] == "destination_running"


def test_a_destination_given_by_its_private_address(emulator: ThreadedServer, world: World) -> None:
    verdict = ask(emulator, world, world.linked, world.target_ip).json()
    assert verdict["destination"]["instance_id"] == world.target and verdict["reachable"] is True


def test_refusals(emulator: ThreadedServer, world: World) -> None:
    unknown = ask(emulator, world, world.linked, "i-missing")
    assert (unknown.status_code, unknown.json()["Code"]) == (404, "EntityNotExist.Instance")
    bad = ask(emulator, world, world.linked, world.target, protocol="gre")
    assert (bad.status_code, bad.json()["Code"]) == (400, "InvalidParameter")
    no_port = ask(emulator, world, world.linked, world.target, port=None)
    assert (no_port.status_code, no_port.json()["Code"]) == (400, "InvalidParameter")
    missing = admin(emulator, f"/accounts/{world.account}/regions/{REGION}/reach", Source=world.linked)
    assert (missing.status_code, missing.json()["Code"]) == (400, "MissingParameter")
    region = admin(emulator, f"/accounts/{world.account}/regions/xx-nowhere-1/migration")
    assert (region.status_code, region.json()["Code"]) == (404, "EntityNotExist.Region")
    assert admin(emulator, f"/accounts/{world.account}/regions/{REGION}/migration", token="wrong").status_code == 403


def test_another_accounts_instance_is_not_found(emulator: ThreadedServer, world: World) -> None:
    other = emulator.create_account().account_id
    answer = admin(emulator, f"/accounts/{other}/regions/{REGION}/reach", Source=world.linked,
                   Destination=world.target, Protocol="tcp", Port=22)  # fmt: skip
    assert (answer.status_code, answer.json()["Code"]) == (404, "EntityNotExist.Instance")


def test_the_migration_view(emulator: ThreadedServer, world: World) -> None:
    answer = admin(emulator, f"/accounts/{world.account}/regions/{REGION}/migration")
    assert answer.status_code == 200, answer.text
    report = answer.json()
    entries = {e["instance_id"]: e for e in report["classic_instances"]}
    linked = entries[world.linked]
    assert linked["linked_vpc_id"] == world.vpc
    assert [(r["instance_id"], r["protocol"], r["port"]) for r in linked["reachable"]] == [(world.target, "tcp", 22)]
    unlinked = entries[world.unlinked]
    assert unlinked["linked_vpc_id"] is None and unlinked["reachable"] == [] and unlinked["note"]
    assert report["summary"] == {"classic_instances": 2, "linked": 1, "reachable": 1, "unreachable": 0}


def test_the_migration_view_names_the_blocking_reason(emulator: ThreadedServer, world: World) -> None:
    # 443 is opened by the classic group's egress rule, but no ingress rule of the VPC group lets it in.
    add_rule(emulator, world.account, world.classic_group, "egress", world.vpc_group, "443/443")
    report = admin(emulator, f"/accounts/{world.account}/regions/{REGION}/migration").json()
    linked = next(e for e in report["classic_instances"] if e["instance_id"] == world.linked)
    assert [(r["port"], r["check"]) for r in linked["unreachable"]] == [(443, "ingress")]
    assert "no ingress rule" in linked["unreachable"][0]["reason"]


def test_on_postgresql(postgres_url: str) -> None:
    # The read side's queries (ids by AnyOf, rules by group, custom routes by VPC) on the other backend.
    with ThreadedServer(admin_token=TOKEN, database=postgres_url) as server:
        world = build_world(server)
        assert ask(server, world, world.linked, world.target).json()["reachable"] is True
        report = admin(server, f"/accounts/{world.account}/regions/{REGION}/migration").json()
        assert report["summary"] == {"classic_instances": 2, "linked": 1, "reachable": 1, "unreachable": 0}


# --- the command line -----------------------------------------------------------------------------------------------


def cli(emulator: ThreadedServer, world: World, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "classiclink", *args, "--server", f"http://{emulator.endpoint}",
         "--admin-token", TOKEN, "--account", world.account, "--region", REGION],
        capture_output=True, text=True, timeout=60, env={"PYTHONPATH": SRC, "PATH": "/usr/bin:/bin"},
    )  # fmt: skip


def test_cli_reach_json_and_exit_codes(emulator: ThreadedServer, world: World) -> None:
    done = cli(emulator, world, "reach", world.linked, world.target, "--protocol", "tcp", "--port", "22", "--json")
    assert done.returncode == 0, done.stderr
    verdict = json.loads(done.stdout)
    assert verdict["reachable"] is True
    assert all({"check", "allowed"} <= set(h) and ("rule" in h or "reason" in h) for h in verdict["path"])
    blocked = cli(emulator, world, "reach", world.linked, world.target, "--protocol", "tcp", "--port", "80", "--json")
    assert blocked.returncode == 1 and json.loads(blocked.stdout)["reachable"] is False


def test_cli_reach_text(emulator: ThreadedServer, world: World) -> None:
    done = cli(emulator, world, "reach", world.target, world.unlinked, "--port", "22")
    assert done.returncode == 1
    assert "NOT REACHABLE (blocked by classiclink_link)" in done.stdout
    assert "[FAIL] classiclink_link" in done.stdout


def test_cli_usage_errors_exit_2(emulator: ThreadedServer, world: World) -> None:
    unknown = cli(emulator, world, "reach", world.linked, "i-missing", "--port", "22")
    assert unknown.returncode == 2 and "EntityNotExist.Instance" in unknown.stderr
    no_port = cli(emulator, world, "reach", world.linked, world.target)
    assert no_port.returncode == 2 and "--port" in no_port.stderr
    bad_protocol = cli(emulator, world, "reach", world.linked, world.target, "--protocol", "gre")
    assert bad_protocol.returncode == 2


def test_cli_migration_report(emulator: ThreadedServer, world: World) -> None:
    table = cli(emulator, world, "migration-report")
    assert table.returncode == 0, table.stderr
    assert world.linked in table.stdout and "tcp/22" in table.stdout and "reachable" in table.stdout
    assert "not linked" in table.stdout  # the unlinked classic instance
    as_json = cli(emulator, world, "migration-report", "--json")
    assert as_json.returncode == 0 and json.loads(as_json.stdout)["summary"]["linked"] == 1
