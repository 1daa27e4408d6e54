"""Seeing and saving state (README, "Seeing and saving state"): the admin resources listing, snapshots over HTTP and the
``classiclink state`` / ``classiclink snapshot`` commands, against real servers and their databases."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import requests

from classiclink.admin.state import KINDS, RESOURCE_TABLES
from support.raw import ECS, VPC, Rpc
from support.sdk import Api
from support.server import ServerProcess

pytestmark = pytest.mark.e2e

REGION = "cn-hangzhou"
TOKEN = "state-e2e-token"
ROOT = "1000000000000001"
IMAGE = "centos_7_9_x64_20G_alibase_20230718.vhd"
MakeServer = Callable[..., ServerProcess]


def admin(server: ServerProcess, method: str, path: str, body: Any = None, token: str = TOKEN) -> requests.Response:
    return requests.request(
        method, f"http://{server.endpoint}/_classiclink/admin{path}", headers={"Authorization": f"Bearer {token}"},
        data=None if body is None else json.dumps(body), timeout=30,
    )  # fmt: skip


def cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "classiclink", *args], capture_output=True, text=True, timeout=60)


def one_line_error(done: subprocess.CompletedProcess[str], code: int, *words: str) -> str:
    assert done.returncode == code, (done.stdout, done.stderr)
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in done.stderr, done.stderr
    for word in words:
        assert word in lines[0], lines[0]
    return lines[0]


def build_world(server: ServerProcess) -> dict[str, str]:
    """A VPC with a vSwitch and a custom route, ClassicLink on, a classic instance linked to it, a VPC
    instance with a data disk; made through the SDK."""
    api, rpc = Api("legacy", server.endpoint), Rpc(server.url)
    vpc = api.call("CreateVpc", RegionId=REGION, CidrBlock="172.16.0.0/12", VpcName="state-vpc")["VpcId"]
    vsw = api.call("CreateVSwitch", RegionId=REGION, VpcId=vpc, ZoneId="cn-hangzhou-h", CidrBlock="172.16.1.0/24")[
        "VSwitchId"
    ]
    api.call("EnableVpcClassicLink", RegionId=REGION, VpcId=vpc)
    table = rpc.ok("DescribeRouteTableList", VPC, RegionId=REGION, VpcId=vpc)["RouterTableList"]["RouterTableListType"]
    table_id = table[0]["RouteTableId"]
    classic_group = api.call("CreateSecurityGroup", RegionId=REGION)["SecurityGroupId"]
    vpc_group = api.call("CreateSecurityGroup", RegionId=REGION, VpcId=vpc)["SecurityGroupId"]
    classic = api.call("CreateInstance", RegionId=REGION, SecurityGroupId=classic_group, InstanceType="ecs.g6.large",
                       ImageId=IMAGE)["InstanceId"]  # fmt: skip
    api.call("StartInstance", InstanceId=classic)
    vpc_instance = rpc.ok("CreateInstance", ECS, RegionId=REGION, SecurityGroupId=vpc_group, VSwitchId=vsw,
                          InstanceType="ecs.g6.large", ImageId=IMAGE, **{"DataDisk.1.Size": "40"})["InstanceId"]  # fmt: skip
    rpc.ok("CreateRouteEntry", VPC, RegionId=REGION, RouteTableId=table_id, DestinationCidrBlock="10.9.0.0/16",
           NextHopType="Instance", NextHopId=vpc_instance)  # fmt: skip
    api.call("AttachClassicLinkVpc", RegionId=REGION, InstanceId=classic, VpcId=vpc)
    return {"vpc": vpc, "vswitch": vsw, "table": table_id, "classic": classic, "vpc_instance": vpc_instance}


def describe_everything(server: ServerProcess, world: dict[str, str]) -> dict[str, Any]:
    """Every Describe of the world's resources through the SDK, RequestIds aside."""
    api, rpc = Api("legacy", server.endpoint), Rpc(server.url)
    answers: dict[str, Any] = {
        "DescribeVpcs": api.call("DescribeVpcs", RegionId=REGION),
        "DescribeVpcAttribute": api.call("DescribeVpcAttribute", RegionId=REGION, VpcId=world["vpc"]),
        "DescribeVSwitches": api.call("DescribeVSwitches", RegionId=REGION),
        "DescribeVSwitchAttributes": api.call("DescribeVSwitchAttributes", RegionId=REGION, VSwitchId=world["vswitch"]),
        "DescribeRouteTableList": rpc.ok("DescribeRouteTableList", VPC, RegionId=REGION),
        "DescribeRouteEntryList": rpc.ok("DescribeRouteEntryList", VPC, RegionId=REGION, RouteTableId=world["table"]),
        "DescribeSecurityGroups": api.call("DescribeSecurityGroups", RegionId=REGION),
        "DescribeInstances": api.call("DescribeInstances", RegionId=REGION),
        "DescribeInstanceAttribute": api.call("DescribeInstanceAttribute", InstanceId=world["classic"]),
        "DescribeDisks": api.call("DescribeDisks", RegionId=REGION),
        "DescribeClassicLinkInstances": api.call("DescribeClassicLinkInstances", RegionId=REGION, VpcId=world["vpc"]),
    }
    for answer in answers.values():
        answer.pop("RequestId", None)
    return answers


@pytest.fixture
def admin_server(make_server: MakeServer) -> ServerProcess:
    return make_server("--transition-delay", "0", "--admin-token", TOKEN)


# --- the resources listing ---------------------------------------------------------------------------------------


def test_resources_of_one_account_by_kind_with_status(admin_server: ServerProcess) -> None:
    world = build_world(admin_server)
    answer = admin(admin_server, "GET", f"/accounts/{ROOT}/resources")
    assert answer.status_code == 200, answer.text
    body = answer.json()
    resources = body["Resources"]
    # Every kind of cloud resource the store holds, in KINDS' order (vpcs first, links last of the core ones).
    assert list(resources) == list(KINDS)
    assert {"vpcs", "vswitches", "route-tables", "route-entries", "security-groups", "instances", "disks",
            "links"} <= set(resources)  # fmt: skip
    assert [v["id"] for v in resources["vpcs"]["Items"]] == [world["vpc"]]
    vpc = resources["vpcs"]["Items"][0]
    assert vpc["status"] == "Available" and vpc["classic_link_enabled"] is True and vpc["name"] == "state-vpc"
    assert "lifecycle" not in vpc and vpc["created_at"].endswith("Z")
    statuses = {i["id"]: i["status"] for i in resources["instances"]["Items"]}
    assert statuses == {world["classic"]: "Running", world["vpc_instance"]: "Stopped"}
    assert resources["links"]["Items"] == [
        {"id": world["classic"], "account_id": ROOT, "region_id": REGION, "created_at": resources["links"]["Items"][0]
         ["created_at"], "vpc_id": world["vpc"]}
    ]  # fmt: skip
    assert resources["disks"]["TotalCount"] == 3 and {d["status"] for d in resources["disks"]["Items"]} == {"In_use"}
    custom = [e for e in resources["route-entries"]["Items"] if e["entry_type"] == "Custom"]
    assert [(e["destination_cidr_block"], e["next_hop_id"]) for e in custom] == [("10.9.0.0/16", world["vpc_instance"])]
    assert body["PageNumber"] == 1 and body["PageSize"] == 50

    page = admin(admin_server, "GET", f"/accounts/{ROOT}/resources/disks?PageSize=2&PageNumber=2").json()
    assert page["Kind"] == "disks" and page["TotalCount"] == 3 and len(page["Items"]) == 1
    first = admin(admin_server, "GET", f"/accounts/{ROOT}/resources/disks?PageSize=2").json()["Items"]
    assert {d["id"] for d in first} | {page["Items"][0]["id"]} == {d["id"] for d in resources["disks"]["Items"]}
    elsewhere = admin(admin_server, "GET", f"/accounts/{ROOT}/resources/vpcs?RegionId=cn-beijing").json()
    assert elsewhere["TotalCount"] == 0 and elsewhere["Items"] == []


def test_resources_listing_errors(admin_server: ServerProcess, make_server: MakeServer) -> None:
    def refused(path: str, status: int, code: str, token: str = TOKEN) -> None:
        answer = admin(admin_server, "GET", path, token=token)
        assert answer.status_code == status, answer.text
        assert set(answer.json()) == {"Code", "Message"} and answer.json()["Code"] == code

    refused(f"/accounts/{ROOT}/resources", 403, "Forbidden", token="wrong")
    refused("/accounts/9999/resources", 404, "EntityNotExist.Account")
    refused(f"/accounts/{ROOT}/resources/nonces", 404, "NotFound")
    refused(f"/accounts/{ROOT}/resources/access_keys", 404, "NotFound")
    refused(f"/accounts/{ROOT}/resources?PageSize=0", 400, "InvalidParameter")
    refused(f"/accounts/{ROOT}/resources?PageSize=501", 400, "InvalidParameter")
    refused(f"/accounts/{ROOT}/resources?PageNumber=x", 400, "InvalidParameter")
    put = admin(admin_server, "POST", f"/accounts/{ROOT}/resources")
    assert put.status_code == 405 and set(put.headers["allow"].split(", ")) == {"GET", "DELETE"}
    off = make_server("--transition-delay", "0")
    assert admin(off, "GET", f"/accounts/{ROOT}/resources").status_code == 404


# --- snapshots over HTTP -----------------------------------------------------------------------------------------


def test_server_snapshot_restored_into_a_fresh_server_answers_every_describe_alike(make_server: MakeServer) -> None:
    source = make_server("--transition-delay", "0", "--admin-token", TOKEN)
    world = build_world(source)
    admin(source, "POST", "/accounts", {"AccountId": "2000000000000002"})
    key = admin(source, "POST", "/accounts/2000000000000002/access-keys", {}).json()
    before = describe_everything(source, world)
    snapshot = admin(source, "GET", "/snapshot").json()
    assert snapshot["format"] == "classiclink-snapshot" and snapshot["version"] == 1 and snapshot["scope"] == "server"
    assert "nonces" not in snapshot["tables"] and "client_tokens" not in snapshot["tables"]

    target = make_server("--transition-delay", "0", "--admin-token", TOKEN)
    restored = admin(target, "PUT", "/snapshot", snapshot)
    assert restored.status_code == 200, restored.text
    assert restored.json()["Restored"]["instances"] == 2
    assert describe_everything(target, world) == before
    # Identity came along, secrets included: the other account's key signs on the new server.
    theirs = Api("legacy", target.endpoint, key=key["AccessKeyId"], secret=key["AccessKeySecret"])
    assert theirs.call("DescribeVpcs", RegionId=REGION)["TotalCount"] == 0
    # And the restored state is live: it can be changed like any other.
    Api("legacy", target.endpoint).call("DetachClassicLinkVpc", RegionId=REGION, InstanceId=world["classic"],
                                        VpcId=world["vpc"])  # fmt: skip
    assert Api("legacy", target.endpoint).call(
        "DescribeClassicLinkInstances", RegionId=REGION, VpcId=world["vpc"])["TotalCount"] == 0  # fmt: skip


def test_account_snapshot_replaces_only_that_accounts_resources(admin_server: ServerProcess) -> None:
    world = build_world(admin_server)
    before = describe_everything(admin_server, world)
    admin(admin_server, "POST", "/accounts", {"AccountId": "2000000000000002"})
    key = admin(admin_server, "POST", "/accounts/2000000000000002/access-keys", {}).json()
    theirs = Api("legacy", admin_server.endpoint, key=key["AccessKeyId"], secret=key["AccessKeySecret"])
    kept = theirs.call("CreateVpc", RegionId=REGION)["VpcId"]

    snapshot = admin(admin_server, "GET", f"/accounts/{ROOT}/snapshot").json()
    assert snapshot["scope"] == "account" and snapshot["account_id"] == ROOT
    assert set(snapshot["tables"]) == set(RESOURCE_TABLES)
    assert {"vpcs", "vswitches", "route_tables", "route_entries", "security_groups", "instances", "disks",
            "links"} <= set(snapshot["tables"])  # fmt: skip
    mine = Api("legacy", admin_server.endpoint)
    mine.call("CreateVpc", RegionId=REGION, CidrBlock="192.168.0.0/16")  # a change after the save
    mine.call("DetachClassicLinkVpc", RegionId=REGION, InstanceId=world["classic"], VpcId=world["vpc"])
    assert describe_everything(admin_server, world) != before

    answer = admin(admin_server, "PUT", f"/accounts/{ROOT}/snapshot", snapshot)
    assert answer.status_code == 200, answer.text
    assert describe_everything(admin_server, world) == before
    assert [v["VpcId"] for v in theirs.call("DescribeVpcs", RegionId=REGION)["Vpcs"]["Vpc"]] == [kept]

    # The wrong account, the wrong scope: refused, and nothing changed.
    wrong = admin(admin_server, "PUT", "/accounts/2000000000000002/snapshot", snapshot)
    assert wrong.status_code == 400 and wrong.json()["Code"] == "InvalidSnapshot"
    scope = admin(admin_server, "PUT", "/snapshot", snapshot)
    assert scope.status_code == 400 and "per-account" in scope.json()["Message"]
    assert [v["VpcId"] for v in theirs.call("DescribeVpcs", RegionId=REGION)["Vpcs"]["Vpc"]] == [kept]


def test_foreign_or_newer_or_broken_snapshots_are_refused_and_change_nothing(admin_server: ServerProcess) -> None:
    world = build_world(admin_server)
    before = describe_everything(admin_server, world)
    good = admin(admin_server, "GET", "/snapshot").json()
    broken_row = json.loads(json.dumps(good))
    broken_row["tables"]["vpcs"][0]["cidr_block"] = 42
    for document, code in (
        ({"format": "terraform-state", "version": 1, "tables": {}}, "InvalidSnapshot"),
        ({**good, "version": 2}, "SnapshotTooNew"),
        ({**good, "tables": {**good["tables"], "nonces": []}}, "InvalidSnapshot"),
        (broken_row, "InvalidSnapshot"),
    ):
        answer = admin(admin_server, "PUT", "/snapshot", document)
        assert answer.status_code == 400 and answer.json()["Code"] == code, answer.text
    assert describe_everything(admin_server, world) == before


# --- the commands ------------------------------------------------------------------------------------------------


def test_state_command_against_the_server_and_the_database(admin_server: ServerProcess) -> None:
    world = build_world(admin_server)
    server_opts = ("--server", admin_server.url, "--admin-token", TOKEN)
    tables = cli("state", "--account", ROOT, *server_opts)
    assert tables.returncode == 0, tables.stderr
    assert "vpcs (1)" in tables.stdout and world["vpc"] in tables.stdout and "links (1)" in tables.stdout
    assert "instances (2)" in tables.stdout and "Running" in tables.stdout

    over_http = json.loads(cli("state", "--account", ROOT, "--json", *server_opts).stdout)
    on_disk = cli("state", "--account", ROOT, "--json", "--database", admin_server.database)
    assert on_disk.returncode == 0, on_disk.stderr
    assert json.loads(on_disk.stdout) == over_http
    assert [i["id"] for i in over_http["Resources"]["links"]] == [world["classic"]]
    elsewhere = json.loads(cli("state", "--account", ROOT, "--region", "cn-beijing", "--json", *server_opts).stdout)
    assert all(items == [] for items in elsewhere["Resources"].values())


def test_snapshot_commands_round_trip_through_a_file(tmp_path: Path, make_server: MakeServer) -> None:
    source = make_server("--transition-delay", "0", "--admin-token", TOKEN)
    world = build_world(source)
    before = describe_everything(source, world)
    over_http, on_disk = tmp_path / "http.json", tmp_path / "disk.json"
    saved = cli("snapshot", "save", str(over_http), "--server", source.url, "--admin-token", TOKEN)
    assert saved.returncode == 0 and "saved" in saved.stdout, saved.stderr
    assert cli("snapshot", "save", str(on_disk), "--database", source.database).returncode == 0
    document = json.loads(over_http.read_text())
    assert document["format"] == "classiclink-snapshot" and document["version"] == 1
    assert json.loads(on_disk.read_text())["tables"] == document["tables"]

    fresh = make_server("--transition-delay", "0", "--admin-token", TOKEN)
    done = cli("snapshot", "restore", str(over_http), "--server", fresh.url, "--admin-token", TOKEN)
    assert done.returncode == 0 and "restored" in done.stdout, done.stderr
    assert describe_everything(fresh, world) == before

    # Into a stopped server's database, then started on it.
    database = str(tmp_path / "restored.db")
    done = cli("snapshot", "restore", str(on_disk), "--database", database)
    assert done.returncode == 0, done.stderr
    assert describe_everything(make_server("--transition-delay", "0", database=database), world) == before

    # One account's, by file.
    mine = tmp_path / "mine.json"
    assert cli("snapshot", "save", str(mine), "--account", ROOT, "--database", source.database).returncode == 0
    Api("legacy", source.endpoint).call("CreateVpc", RegionId=REGION)
    done = cli("snapshot", "restore", str(mine), "--account", ROOT, "--server", source.url, "--admin-token", TOKEN)
    assert done.returncode == 0, done.stderr
    assert describe_everything(source, world) == before


def test_commands_refuse_bad_options_and_files_in_one_line(tmp_path: Path, admin_server: ServerProcess) -> None:
    server_opts = ("--server", admin_server.url, "--admin-token", TOKEN)
    one_line_error(cli("state", "--account", ROOT), 2, "--server", "--database")
    one_line_error(cli("state", *server_opts), 2, "--account")
    one_line_error(cli("state", "--account", "01", *server_opts), 2, "--account")
    one_line_error(cli("state", "--account", ROOT, "--server", admin_server.url), 2, "--admin-token")
    one_line_error(cli("state", "--account", ROOT, "--server", "ftp://x", "--admin-token", "t"), 2, "--server")
    one_line_error(cli("state", "--account", ROOT, "--database", str(tmp_path / "none.db")), 2, "no such database")
    one_line_error(cli("state", "--account", ROOT, "--database", "memory://"), 2, "memory")
    one_line_error(cli("snapshot", "load", "x"), 2, "invalid choice")
    one_line_error(cli("state", "--account", ROOT, "--bogus", *server_opts), 2, "--bogus")

    # Refusals from the server or of the file: exit 1, one line.
    one_line_error(cli("state", "--account", "9999", *server_opts), 1, "EntityNotExist.Account")
    one_line_error(cli("state", "--account", ROOT, "--server", admin_server.url, "--admin-token", "wrong"), 1,
                   "Forbidden")  # fmt: skip
    unreachable = cli("state", "--account", ROOT, "--server", "http://127.0.0.1:9", "--admin-token", "t")
    one_line_error(unreachable, 1, "cannot reach")
    foreign = tmp_path / "foreign.json"
    foreign.write_text(json.dumps({"format": "something-else", "version": 1}))
    one_line_error(cli("snapshot", "restore", str(foreign), *server_opts), 1, "format", "something-else")
    newer = tmp_path / "newer.json"
    newer.write_text(json.dumps({"format": "classiclink-snapshot", "version": 7, "tables": {}}))
    one_line_error(cli("snapshot", "restore", str(newer), *server_opts), 1, "version 7")
    garbage = tmp_path / "garbage.json"
    garbage.write_text("{not json")
    one_line_error(cli("snapshot", "restore", str(garbage), *server_opts), 1, "not a JSON file")
    one_line_error(cli("snapshot", "restore", str(tmp_path / "missing.json"), *server_opts), 1, "missing.json")
    one_line_error(cli("snapshot", "save", str(tmp_path / "no" / "dir.json"), *server_opts), 1, "does not exist")


def test_a_snapshot_over_the_request_limit_is_refused_before_sending(
    tmp_path: Path, admin_server: ServerProcess, make_server: MakeServer
) -> None:
    build_world(admin_server)
    snapshot = admin(admin_server, "GET", "/snapshot").json()
    template = snapshot["tables"]["vpcs"][0]
    snapshot["tables"]["vpcs"] = [{**template, "id": f"vpc-copy{i:06d}"} for i in range(3000)]
    big = tmp_path / "big.json"
    big.write_text(json.dumps(snapshot))
    server_opts = ("--server", admin_server.url, "--admin-token", TOKEN)
    one_line_error(cli("snapshot", "restore", str(big), *server_opts), 1, "request limit", "--database")
    # The same file restores into a database, and a server started on it serves every copy.
    database = str(tmp_path / "big.db")
    assert cli("snapshot", "restore", str(big), "--database", database).returncode == 0
    served = Api("legacy", make_server("--transition-delay", "0", database=database).endpoint)
    assert served.call("DescribeVpcs", RegionId=REGION, PageSize=50)["TotalCount"] == 3000
