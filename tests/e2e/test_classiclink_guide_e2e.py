"""Alibaba's "Build a ClassicLink connection" guide, end to end, as the README walks it: enable ClassicLink on
the VPC, connect the classic instance, add ClassicLink rules, and ask "can it reach?".

Doc facts: traffic over a ClassicLink connection needs security-group rules (api-spec §2.4, the guide's third
step: Classic <=> VPC, Classic => VPC, VPC => Classic, up to five VPC groups); a rule between a classic group
and a VPC group needs ClassicLink enabled on that VPC (AuthorizeSecurityGroup:
InvalidSecurityGroup.InvalidNetworkType); inbound traffic is denied unless a rule allows it (ECS "Security
group rules"). The one-call helper is emulator-only; the rules it makes are plain inbound rules that read back
through DescribeSecurityGroupAttribute.
"""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import requests

from classiclink.testing import ThreadedServer
from support.sdk import REGION, Api, make_classic_group, make_instance, make_vpc, start

TOKEN = "guide-token"
SRC = str(Path(__file__).resolve().parents[2] / "src")


@pytest.fixture(scope="module")
def emulator() -> Iterator[ThreadedServer]:
    with ThreadedServer(admin_token=TOKEN) as server:
        yield server


def cli(emulator: ThreadedServer, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "classiclink", *args, "--server", f"http://{emulator.endpoint}", "--admin-token", TOKEN],
        capture_output=True, text=True, timeout=60, env={"PYTHONPATH": SRC, "PATH": "/usr/bin:/bin"},
    )  # fmt: skip


def add_rules(emulator: ThreadedServer, account: str, body: dict[str, Any]) -> requests.Response:
    return requests.post(
        f"http://{emulator.endpoint}/_classiclink/admin/accounts/{account}/regions/{REGION}/classiclink-rules",
        json=body, headers={"Authorization": f"Bearer {TOKEN}"}, timeout=30,
    )  # fmt: skip


def world(emulator: ThreadedServer, enable: bool = True) -> tuple[str, Api, dict[str, str]]:
    account = emulator.create_account()
    api = Api("legacy", emulator.endpoint, account.access_key_id, account.access_key_secret)
    vpc = make_vpc(api, enable=enable)
    vswitch = str(api.call("CreateVSwitch", RegionId=REGION, VpcId=vpc, ZoneId="cn-hangzhou-i",
                           CidrBlock="172.16.1.0/24")["VSwitchId"])  # fmt: skip
    vpc_group = str(api.call("CreateSecurityGroup", RegionId=REGION, VpcId=vpc)["SecurityGroupId"])
    classic_group = make_classic_group(api)
    target = make_instance(api, vpc_group, VSwitchId=vswitch)
    classic = make_instance(api, classic_group)
    for instance in (target, classic):
        start(api, instance)
    ids = {"vpc": vpc, "vpc_group": vpc_group, "classic_group": classic_group, "target": target, "classic": classic}
    return account.account_id, api, ids


def test_the_guide_blocked_before_the_rules_and_reachable_after(emulator: ThreadedServer) -> None:
    account, api, ids = world(emulator)
    api.call("AttachClassicLinkVpc", RegionId=REGION, InstanceId=ids["classic"], VpcId=ids["vpc"])
    reach = ["reach", ids["classic"], ids["target"], "--protocol", "tcp", "--port", "22", "--account", account,
             "--json"]  # fmt: skip

    before = cli(emulator, *reach)
    assert before.returncode == 1, before.stderr  # not reachable
    verdict = json.loads(before.stdout)
    assert verdict["reachable"] is False and verdict["blocked_by"]["check"] == "ingress"

    added = cli(emulator, "classiclink-rules", ids["classic_group"], ids["vpc_group"], "--mode", "both",
                "--account", account, "--json")  # fmt: skip
    assert added.returncode == 0, added.stderr
    rules = json.loads(added.stdout)["Rules"]
    # Classic <=> VPC: each group lets the other in.
    assert {(r["security_group_id"], r["source_group_id"]) for r in rules} == {
        (ids["classic_group"], ids["vpc_group"]), (ids["vpc_group"], ids["classic_group"])}  # fmt: skip

    after = cli(emulator, *reach)
    assert after.returncode == 0, after.stdout + after.stderr
    path = json.loads(after.stdout)["path"]
    assert all(hop["allowed"] for hop in path)
    assert next(h for h in path if h["check"] == "ingress")["rule"]["source_group_id"] == ids["classic_group"]

    # The rules are plain inbound rules, visible through the real API.
    permissions = api.call("DescribeSecurityGroupAttribute", RegionId=REGION, SecurityGroupId=ids["vpc_group"],
                           Direction="ingress")["Permissions"]["Permission"]  # fmt: skip
    assert [(p["SourceGroupId"], p["NicType"], p["IpProtocol"], p["PortRange"]) for p in permissions] == [
        (ids["classic_group"], "intranet", "ALL", "-1/-1")]  # fmt: skip


def test_one_way_modes_authorize_one_side(emulator: ThreadedServer) -> None:
    account, api, ids = world(emulator)
    answer = add_rules(emulator, account, {"ClassicSecurityGroupId": ids["classic_group"],
                                           "VpcSecurityGroupIds": [ids["vpc_group"]], "Mode": "Classic=>VPC",
                                           "IpProtocol": "tcp", "PortRange": "22/22"})  # fmt: skip
    assert answer.status_code == 200, answer.text
    # Classic => VPC: the VPC group lets the classic group in; nothing lets the VPC into the classic group.
    assert [(r["security_group_id"], r["port_range"]) for r in answer.json()["Rules"]] == [(ids["vpc_group"], "22/22")]
    classic_side = api.call("DescribeSecurityGroupAttribute", RegionId=REGION, SecurityGroupId=ids["classic_group"])
    assert classic_side["Permissions"]["Permission"] == []
    again = add_rules(emulator, account, {"ClassicSecurityGroupId": ids["classic_group"],
                                          "VpcSecurityGroupIds": [ids["vpc_group"]], "Mode": "VPC=>Classic"})  # fmt: skip
    assert [r["security_group_id"] for r in again.json()["Rules"]] == [ids["classic_group"]]


def test_rules_are_refused_until_classiclink_is_enabled(emulator: ThreadedServer) -> None:
    account, api, ids = world(emulator, enable=False)
    body = {"ClassicSecurityGroupId": ids["classic_group"], "VpcSecurityGroupIds": [ids["vpc_group"]]}
    refused = add_rules(emulator, account, body)
    # AuthorizeSecurityGroup's documented refusal, with its own status; nothing is added.
    assert (refused.status_code, refused.json()["Code"]) == (400, "InvalidSecurityGroup.InvalidNetworkType")
    vpc_side = api.call("DescribeSecurityGroupAttribute", RegionId=REGION, SecurityGroupId=ids["vpc_group"])
    assert vpc_side["Permissions"]["Permission"] == []
    api.call("EnableVpcClassicLink", RegionId=REGION, VpcId=ids["vpc"])
    assert add_rules(emulator, account, body).status_code == 200


def test_repeating_the_dialog_adds_nothing_twice(emulator: ThreadedServer) -> None:
    account, _, ids = world(emulator)
    body = {"ClassicSecurityGroupId": ids["classic_group"], "VpcSecurityGroupIds": [ids["vpc_group"]]}
    first = add_rules(emulator, account, body).json()["Rules"]
    second = add_rules(emulator, account, body).json()["Rules"]
    assert [r["id"] for r in first] == [r["id"] for r in second]


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"VpcSecurityGroupIds": ["sg-x"]}, "ClassicSecurityGroupId"),
        ({"ClassicSecurityGroupId": "CLASSIC"}, "VpcSecurityGroupIds"),
        ({"ClassicSecurityGroupId": "CLASSIC", "VpcSecurityGroupIds": ["VPC"] * 2}, "VpcSecurityGroupIds"),
        ({"ClassicSecurityGroupId": "VPC", "VpcSecurityGroupIds": ["VPC"]}, "ClassicSecurityGroupId"),
        ({"ClassicSecurityGroupId": "CLASSIC", "VpcSecurityGroupIds": ["VPC"], "Mode": "sideways"}, "Mode"),
    ],
)
def test_what_the_dialog_would_not_allow_is_refused(emulator: ThreadedServer, body: dict[str, Any], field: str) -> None:
    account, _, ids = world(emulator)
    names = {"CLASSIC": ids["classic_group"], "VPC": ids["vpc_group"]}
    concrete = {k: ([names.get(v, v) for v in value] if isinstance(value, list) else names.get(value, value))
                for k, value in body.items()}  # fmt: skip
    answer = add_rules(emulator, account, concrete)
    assert answer.status_code == 400 and field in answer.json()["Message"], answer.text


def test_six_vpc_groups_are_one_too_many(emulator: ThreadedServer) -> None:
    # "Select VPC Security Group: up to five security groups can be selected".
    account, api, ids = world(emulator)
    groups = [str(api.call("CreateSecurityGroup", RegionId=REGION, VpcId=ids["vpc"])["SecurityGroupId"])
              for _ in range(6)]  # fmt: skip
    body = {"ClassicSecurityGroupId": ids["classic_group"], "VpcSecurityGroupIds": groups}
    assert add_rules(emulator, account, body).status_code == 400
    body["VpcSecurityGroupIds"] = groups[:5]
    assert len(add_rules(emulator, account, body).json()["Rules"]) == 10


def test_an_unknown_group_is_the_apis_not_found(emulator: ThreadedServer) -> None:
    account, _, ids = world(emulator)
    answer = add_rules(emulator, account, {"ClassicSecurityGroupId": "sg-nosuchgroup",
                                           "VpcSecurityGroupIds": [ids["vpc_group"]]})  # fmt: skip
    assert (answer.status_code, answer.json()["Code"]) == (404, "InvalidSecurityGroupId.NotFound")
    run = cli(emulator, "classiclink-rules", "sg-nosuchgroup", ids["vpc_group"], "--account", account)
    assert run.returncode == 2 and "InvalidSecurityGroupId.NotFound" in run.stderr
