"""``classiclink seed`` then a real server on that database: every Describe agrees with what was seeded,
every ClassicLink rule holds, and the API keeps working on the seeded account (SQLite and PostgreSQL)."""

from __future__ import annotations

import ipaddress
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from classiclink.domain.instances import usable_inner_ip
from support.raw import ECS, VPC, send
from support.server import ServerProcess

pytestmark = pytest.mark.e2e

REGION = "cn-hangzhou"
VPCS, VSWITCHES, INSTANCES, LINKED = 5, 2, 200, 0.1
CLASSIC = INSTANCES // 2  # the default --classic 0.5
LINKS = round(CLASSIC * LINKED)


def call(server: ServerProcess, version: str, action: str, **params: Any) -> dict[str, Any]:
    response = send(server.url, {"Action": action, "Version": version, "Format": "JSON", "RegionId": REGION,
                                 **{k: str(v) for k, v in params.items()}})  # fmt: skip
    body: dict[str, Any] = response.json()
    assert response.status_code < 500, body
    return {"status": response.status_code, **body}


def seed(database: str) -> list[str]:
    done = subprocess.run(
        [sys.executable, "-m", "classiclink", "seed", "--database", database, "--vpcs", str(VPCS),
         "--vswitches-per-vpc", str(VSWITCHES), "--instances", str(INSTANCES), "--linked", str(LINKED)],
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert "seeding [" in done.stderr and f"{INSTANCES:,}/{INSTANCES:,} instances" in done.stderr  # the bar
    return done.stdout.split()


def all_instances(server: ServerProcess) -> list[dict[str, Any]]:
    seen: list[dict[str, Any]] = []
    page = 1
    while True:
        answer = call(server, ECS, "DescribeInstances", PageSize=100, PageNumber=page)
        assert answer["TotalCount"] == INSTANCES and answer["PageNumber"] == page
        batch = answer["Instances"]["Instance"]
        if not batch:
            break
        seen.extend(batch)
        page += 1
    assert page == 3  # two full pages of 100, then an empty one
    return seen


def check_seeded_state(server: ServerProcess) -> None:
    vpcs = call(server, VPC, "DescribeVpcs", PageSize=50)
    assert vpcs["TotalCount"] == VPCS
    vpc_list = vpcs["Vpcs"]["Vpc"]
    enabled: dict[str, bool] = {}
    vswitch_cidr: dict[str, tuple[str, ipaddress.IPv4Network]] = {}
    for vpc in vpc_list:
        attribute = call(server, VPC, "DescribeVpcAttribute", VpcId=vpc["VpcId"])
        assert attribute["Status"] == "Available" and attribute["CidrBlock"] == vpc["CidrBlock"]
        assert len(attribute["VSwitchIds"]["VSwitchId"]) == VSWITCHES
        enabled[vpc["VpcId"]] = attribute["ClassicLinkEnabled"]
        table = vpc["RouterTableIds"]["RouterTableIds"][0]
        entries = call(server, VPC, "DescribeRouteEntryList", RouteTableId=table, MaxResult=100)
        destinations = {e["DestinationCidrBlock"] for e in entries["RouteEntrys"]["RouteEntry"]}
        switches = call(server, VPC, "DescribeVSwitches", VpcId=vpc["VpcId"], PageSize=50)["VSwitches"]["VSwitch"]
        assert len(switches) == VSWITCHES
        for vsw in switches:
            block = ipaddress.IPv4Network(vsw["CidrBlock"])
            assert block.subnet_of(ipaddress.IPv4Network(vpc["CidrBlock"])) and vsw["Status"] == "Available"
            assert vsw["CidrBlock"] in destinations  # each vSwitch's System route entry
            vswitch_cidr[vsw["VSwitchId"]] = (vpc["VpcId"], block)
        assert "100.64.0.0/10" in destinations
    assert any(enabled.values()) and not all(enabled.values())

    instances = all_instances(server)
    assert len({i["InstanceId"] for i in instances}) == INSTANCES
    assert {i["Status"] for i in instances} == {"Running", "Stopped"}
    classic = [i for i in instances if i["InstanceNetworkType"] == "classic"]
    assert len(classic) == CLASSIC
    inner = [i["InnerIpAddress"]["IpAddress"][0] for i in classic]
    assert len(set(inner)) == CLASSIC and all(usable_inner_ip(ipaddress.IPv4Address(a)) for a in inner)
    private: set[tuple[str, str]] = set()
    for i in instances:
        if i["InstanceNetworkType"] == "vpc":
            vpc_id, block = vswitch_cidr[i["VpcAttributes"]["VSwitchId"]]
            address = i["VpcAttributes"]["PrivateIpAddress"]["IpAddress"][0]
            assert i["VpcAttributes"]["VpcId"] == vpc_id and ipaddress.IPv4Address(address) in block
            private.add((i["VpcAttributes"]["VSwitchId"], address))
        assert i["SecurityGroupIds"]["SecurityGroupId"]
    assert len(private) == INSTANCES - CLASSIC  # unique in their vSwitch

    classic_ids = {i["InstanceId"] for i in classic}
    linked: list[str] = []
    for vpc_id, on in enabled.items():
        answer = call(server, ECS, "DescribeClassicLinkInstances", VpcId=vpc_id, PageSize=100)
        links = answer["Links"]["Link"]
        assert int(answer["TotalCount"]) == len(links) <= 1000
        assert on or not links  # links only to VPCs with ClassicLink enabled
        assert all(link["VpcId"] == vpc_id and link["InstanceId"] in classic_ids for link in links)
        linked.extend(link["InstanceId"] for link in links)
    assert len(linked) == len(set(linked)) == LINKS  # one link per instance

    disks = call(server, ECS, "DescribeDisks", InstanceId=instances[0]["InstanceId"])["Disks"]["Disk"]
    assert [(d["Type"], d["Status"]) for d in disks] == [("system", "In_use")]

    # A VPC instance has its Primary ENI with its address (DescribeNetworkInterfaces), as CreateInstance makes it.
    in_vpc = next(i for i in instances if i["InstanceNetworkType"] == "vpc")
    enis = call(server, ECS, "DescribeNetworkInterfaces", InstanceId=in_vpc["InstanceId"])["NetworkInterfaceSets"]
    (eni,) = enis["NetworkInterfaceSet"]
    assert (eni["Type"], eni["Status"], eni["PrivateIpAddress"]) == (
        "Primary", "InUse", in_vpc["VpcAttributes"]["PrivateIpAddress"]["IpAddress"][0])  # fmt: skip

    # The API keeps working on the seeded account: a new VPC, a new classic instance, one more link.
    assert call(server, VPC, "CreateVpc", CidrBlock="192.168.0.0/16")["status"] == 200
    group = next(i["SecurityGroupIds"]["SecurityGroupId"][0] for i in classic)
    created = call(server, ECS, "CreateInstance", SecurityGroupId=group, InstanceType="ecs.g6.large",
                   ImageId="ubuntu_22_04_x64_20G_alibase_20230907.vhd")  # fmt: skip
    assert created["status"] == 200, created
    unlinked = next(i for i in classic if i["InstanceId"] not in linked)
    target = next(v for v, on in enabled.items() if on)
    attached = call(server, ECS, "AttachClassicLinkVpc", InstanceId=unlinked["InstanceId"], VpcId=target)
    assert attached["status"] == 200, attached
    holder = next(v for v, on in enabled.items() if on and linked[0] not in links_of(server, v))
    again = call(server, ECS, "AttachClassicLinkVpc", InstanceId=linked[0], VpcId=holder)
    assert (again["status"], again["Code"]) == (403, "OperationDenied")  # L1: one VPC per instance
    refused = call(server, VPC, "DisableVpcClassicLink", VpcId=target)
    assert (refused["status"], refused["Code"]) == (404, "DependencyViolation.Instance")  # L8: links exist


def links_of(server: ServerProcess, vpc_id: str) -> list[str]:
    answer = call(server, ECS, "DescribeClassicLinkInstances", VpcId=vpc_id, PageSize=100)
    return [link["InstanceId"] for link in answer["Links"]["Link"]]


@pytest.fixture
def seeded_server(make_server: Callable[..., ServerProcess]) -> Callable[[str], ServerProcess]:
    def start(database: str) -> ServerProcess:
        flags = seed(database)
        assert flags[::2] == ["--vpc-quota", "--vswitch-quota", "--links-per-vpc"]
        return make_server("--transition-delay", "0", *flags, database=database)

    return start


def test_seeded_sqlite_answers_consistently(seeded_server: Callable[[str], ServerProcess], tmp_path: Path) -> None:
    check_seeded_state(seeded_server(str(tmp_path / "seeded.db")))


def test_seeded_postgres_answers_consistently(seeded_server: Callable[[str], ServerProcess], postgres_url: str) -> None:
    check_seeded_state(seeded_server(postgres_url))


def test_seed_refuses_what_cannot_be_built(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "classiclink", "seed", "--database", str(tmp_path / "x.db"), "--vpcs", "0",
         "--instances", "10", "--linked", "0.5"],
        capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert done.returncode == 2 and done.stderr.strip() == "classiclink: seed: links need at least one VPC"
