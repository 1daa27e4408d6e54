"""``classiclink serve --seed FILE`` (docs/seed-files.md): the documented example gives its declared state,
seen through the SDK; each kind of broken file stops the server with one line naming the entry, exit 2."""

from __future__ import annotations

import re
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from support.sdk import Api
from support.server import ServerProcess, free_port

DOC = Path(__file__).resolve().parents[2] / "docs" / "seed-files.md"
EXAMPLE = re.findall(r"```yaml\n(.*?)```", DOC.read_text(), re.S)[0]


def write(tmp_path: Path, text: str) -> str:
    path = tmp_path / "seed.yaml"
    path.write_text(text)
    return str(path)


def by_name(items: list[dict[str, object]], key: str = "InstanceName") -> dict[object, dict[str, object]]:
    return {item[key]: item for item in items}


def test_the_documented_example_gives_its_state(make_server: Callable[..., ServerProcess], tmp_path: Path) -> None:
    server = make_server("--transition-delay", "5", "--seed", write(tmp_path, EXAMPLE))
    api = Api("tea", server.endpoint)
    vpcs = by_name(api.call("DescribeVpcs", RegionId="cn-hangzhou")["Vpcs"]["Vpc"], "VpcName")
    assert set(vpcs) == {"prod"}
    prod = vpcs["prod"]
    assert (prod["CidrBlock"], prod["Status"]) == ("192.168.0.0/16", "Available")
    assert api.call("DescribeVpcAttribute", RegionId="cn-hangzhou", VpcId=prod["VpcId"])["ClassicLinkEnabled"] is True
    staging = api.call("DescribeVpcs", RegionId="cn-beijing")["Vpcs"]["Vpc"]
    assert [(v["VpcName"], v["CidrBlock"]) for v in staging] == [("staging", "172.16.0.0/12")]
    (vswitch,) = api.call("DescribeVSwitches", RegionId="cn-hangzhou")["VSwitches"]["VSwitch"]
    assert (vswitch["VSwitchName"], vswitch["ZoneId"], vswitch["VpcId"]) == ("prod-b", "cn-hangzhou-b", prod["VpcId"])
    groups = by_name(api.call("DescribeSecurityGroups", RegionId="cn-hangzhou")["SecurityGroups"]["SecurityGroup"],
                     "SecurityGroupName")  # fmt: skip
    assert groups["classic-sg"]["VpcId"] == "" and groups["prod-sg"]["VpcId"] == prod["VpcId"]
    found = by_name(api.call("DescribeInstances", RegionId="cn-hangzhou", PageSize=100)["Instances"]["Instance"])
    assert {name: (i["Status"], i["InstanceNetworkType"], i["InstanceType"]) for name, i in found.items()} == {
        "web-1": ("Running", "classic", "ecs.g6.large"),
        "batch-1": ("Stopped", "classic", "ecs.t1.small"),
        "app-1": ("Running", "vpc", "ecs.c6.large"),
    }
    links = api.call("DescribeClassicLinkInstances", RegionId="cn-hangzhou", VpcId=prod["VpcId"])["Links"]["Link"]
    assert [link["InstanceId"] for link in links] == [found["web-1"]["InstanceId"]]


def test_a_restart_with_the_same_file_keeps_the_state(tmp_path: Path, database: str) -> None:
    seed = write(tmp_path, EXAMPLE)
    first = ServerProcess("--seed", seed, database=database).start()
    api = Api("legacy", first.endpoint)
    before = [v["VpcId"] for v in api.call("DescribeVpcs", RegionId="cn-hangzhou")["Vpcs"]["Vpc"]]
    first.close()
    second = ServerProcess("--seed", seed, database=database).start()
    try:
        after = [v["VpcId"] for v in Api("legacy", second.endpoint).call("DescribeVpcs", RegionId="cn-hangzhou")["Vpcs"]["Vpc"]]
        assert after == before and len(after) == 1
        assert "already has resources; the seed is not applied again" in second.log()
    finally:
        second.close()


def test_a_named_account(make_server: Callable[..., ServerProcess], tmp_path: Path) -> None:
    config = tmp_path / "accounts.toml"
    config.write_text('[[accounts]]\nid = "1234567890123456"\nname = "team"\n\n  [[accounts.access_keys]]\n'
                      '  id = "LTAIteamroot0000000001"\n  secret = "team-root-secret-0001"\n')  # fmt: skip
    seed = write(tmp_path, "account: '1234567890123456'\nregion: cn-shanghai\nvpcs:\n  - name: team-net\n")
    server = make_server("--config", str(config), "--seed", seed)
    team = Api("legacy", server.endpoint, key="LTAIteamroot0000000001", secret="team-root-secret-0001")
    assert [v["VpcName"] for v in team.call("DescribeVpcs", RegionId="cn-shanghai")["Vpcs"]["Vpc"]] == ["team-net"]
    assert Api("legacy", server.endpoint).call("DescribeVpcs", RegionId="cn-shanghai")["Vpcs"]["Vpc"] == []


def refused(tmp_path: Path, text: str, *extra: str) -> str:
    """Start with a broken file: it must exit 2 before listening, with exactly one line on stderr."""
    database = tmp_path / "state.db"
    done = subprocess.run([sys.executable, "-m", "classiclink", "serve", "--port", str(free_port()),
                           "--database", str(database), "--seed", write(tmp_path, text), *extra],
                          capture_output=True, text=True, timeout=30)  # fmt: skip
    assert done.returncode == 2, done
    lines = [line for line in done.stderr.splitlines() if line.startswith("classiclink: ")]
    assert len(lines) == 1, done.stderr
    return lines[0]


GOOD_START = """\
vpcs:
  - name: prod
    cidr_block: 192.168.0.0/16
security_groups:
  - name: classic-sg
"""
WEB = """\
instances:
  - name: web-1
    instance_type: ecs.t1.small
    image: centos_7_9_x64_20G_alibase_20240628.vhd
    security_group: classic-sg
"""

BROKEN = {
    "link to a VPC without ClassicLink": (
        GOOD_START + WEB + "links:\n  - instance: web-1\n    vpc: prod\n",
        "classiclink: seed.yaml: links[0] (web-1): OperationDenied: The specified vpc is disabled attach classic link.",
    ),
    "unknown instance type": (
        GOOD_START + WEB.replace("ecs.t1.small", "t1.small"),
        "classiclink: seed.yaml: instances[0] (web-1): InvalidInstanceType.ValueNotSupported: The specified "
        "InstanceType beyond the permitted range. (valid instance types: ecs.t1.small,",
    ),
    "vSwitch outside its VPC": (
        GOOD_START + "vswitches:\n  - name: net-a\n    vpc: prod\n    zone: cn-hangzhou-b\n    cidr_block: 10.0.0.0/24\n",
        "classiclink: seed.yaml: vswitches[0] (net-a): InvalidParameter: Specified CIDR block is not valid in VPC.",
    ),
    "malformed CIDR": (
        "vpcs:\n  - name: prod\n    cidr_block: 192.168.0.0/33\n",
        "classiclink: seed.yaml: vpcs[0] (prod): InvalidParameter: Specified CIDR block is not valid",
    ),
    "unknown zone": (
        GOOD_START + "vswitches:\n  - name: net-a\n    vpc: prod\n    zone: cn-hangzhou-a\n    cidr_block: 192.168.0.0/24\n",
        "classiclink: seed.yaml: vswitches[0] (net-a): InvalidZoneId.NotFound: Specified zone does not exist. "
        "(valid zones in cn-hangzhou: cn-hangzhou-b,",
    ),
    "reference to nothing declared": (
        GOOD_START + WEB.replace("security_group: classic-sg", "security_group: classic"),
        "classiclink: seed.yaml: instances[0] (web-1): security_group 'classic' is not the name of an entry "
        "declared before it in security_groups",
    ),
    "unknown key": (
        "vpcs:\n  - name: prod\n    cidr: 192.168.0.0/16\n",
        "classiclink: seed.yaml: vpcs[0] (prod): unknown key 'cidr'; vpcs entries take name, region, cidr_block,",
    ),
    "a name twice": (
        "vpcs:\n  - name: prod\n  - name: prod\n",
        "classiclink: seed.yaml: vpcs[1] (prod): the name 'prod' is used twice in vpcs",
    ),
    "unknown region": (
        "vpcs:\n  - name: prod\n    region: cn-nowhere\n",
        "classiclink: seed.yaml: vpcs[0] (prod): unknown region 'cn-nowhere'; valid regions: cn-qingdao,",
    ),
    "not YAML": ("vpcs: [\n", "classiclink: seed.yaml: line 2: not valid YAML"),
    "unknown account": ("account: '9999'\n", "classiclink: seed.yaml: account: account '9999' does not exist"),
}


@pytest.mark.parametrize("case", list(BROKEN))
def test_a_broken_file_is_one_line_and_exit_2(tmp_path: Path, case: str) -> None:
    text, start = BROKEN[case]
    line = refused(tmp_path, text)
    assert line.startswith(start), line


def test_a_missing_file(tmp_path: Path) -> None:
    done = subprocess.run([sys.executable, "-m", "classiclink", "serve", "--port", str(free_port()),
                           "--database", str(tmp_path / "state.db"), "--seed", str(tmp_path / "nothing.yaml")],
                          capture_output=True, text=True, timeout=30)  # fmt: skip
    assert done.returncode == 2
    assert done.stderr.strip().splitlines()[-1].startswith("classiclink: nothing.yaml: cannot be read: No such file")


def test_a_quota_holds_and_nothing_is_applied(tmp_path: Path) -> None:
    line = refused(tmp_path, "vpcs:\n  - name: vpc-a\n  - name: vpc-b\n", "--vpc-quota", "1")
    assert line.startswith("classiclink: seed.yaml: vpcs[1] (vpc-b): QuotaExceeded"), line
    # All or nothing: the first VPC, valid on its own, is not there either.
    server = ServerProcess(database=str(tmp_path / "state.db")).start()
    try:
        assert Api("legacy", server.endpoint).call("DescribeVpcs", RegionId="cn-hangzhou")["Vpcs"]["Vpc"] == []
    finally:
        server.close()


def test_the_threaded_server_takes_a_seed_file(tmp_path: Path) -> None:
    from classiclink.testing import ThreadedServer

    with ThreadedServer(seed_file=write(tmp_path, EXAMPLE)) as emulator:
        api = Api("legacy", emulator.endpoint)
        instances = api.call("DescribeInstances", RegionId="cn-hangzhou", PageSize=100)["Instances"]["Instance"]
        assert sorted(i["InstanceName"] for i in instances) == ["app-1", "batch-1", "web-1"]
