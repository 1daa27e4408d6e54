"""Accounts are isolated: another account's resource ID is answered exactly as an ID that does not exist.

Account A builds a small world (a ClassicLink-enabled VPC with a vSwitch, a custom route, security groups,
a classic instance linked to the VPC and a VPC instance). Account B then names A's IDs in every action
that takes one. Each answer must equal, in status, code and message (or, for a success, the whole body
but the RequestId), the answer to the same call naming a made-up ID of the same shape, so B learns
nothing, not even that the ID exists; and A's world must be unchanged afterwards.
"""

from __future__ import annotations

import json
import random
import string
import textwrap
from collections.abc import Iterator
from typing import Any

import pytest

from support.raw import ECS, VPC, Answer, Rpc
from support.sdk import wait_for
from support.server import ServerProcess

pytestmark = pytest.mark.e2e

REGION = "cn-hangzhou"
ZONE = "cn-hangzhou-b"
ACCOUNT_A = "1000000000000101"
ACCOUNT_B = "1000000000000202"
INSTANCE_TYPE = "ecs.t1.small"
IMAGE_ID = "centos_7_9_x64_20G_alibase_20230718.vhd"

CONFIG = textwrap.dedent(
    f"""
    [[accounts]]
    id = "{ACCOUNT_A}"
    name = "tenant-a"
      [[accounts.access_keys]]
      id = "tenant-a-root"
      secret = "tenant-a-secret"
    [[accounts]]
    id = "{ACCOUNT_B}"
    name = "tenant-b"
      [[accounts.access_keys]]
      id = "tenant-b-root"
      secret = "tenant-b-secret"
    """
)


@pytest.fixture(scope="module")
def tenants(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[ServerProcess, Rpc, Rpc]]:
    path = tmp_path_factory.mktemp("isolation") / "identity.toml"
    path.write_text(CONFIG)
    proc = ServerProcess("--transition-delay", "0", "--config", str(path)).start()
    yield proc, Rpc(proc.url, "tenant-a-root", "tenant-a-secret"), Rpc(proc.url, "tenant-b-root", "tenant-b-secret")
    proc.close()


def _instance(rpc: Rpc, group: str, **extra: str) -> str:
    instance_id = str(rpc.ok("CreateInstance", ECS, InstanceType=INSTANCE_TYPE, ImageId=IMAGE_ID,
                             SecurityGroupId=group, **extra)["InstanceId"])  # fmt: skip
    rpc.ok("StartInstance", ECS, InstanceId=instance_id)
    wait_for(lambda: _status(rpc, instance_id) == "Running", what=f"{instance_id} Running")
    return instance_id


def _status(rpc: Rpc, instance_id: str) -> str:
    found = rpc.ok("DescribeInstances", ECS, InstanceIds=json.dumps([instance_id]))["Instances"]["Instance"]
    return str(found[0]["Status"]) if found else ""


def _vpc(rpc: Rpc) -> dict[str, str]:
    created = rpc.ok("CreateVpc", VPC, CidrBlock="172.16.0.0/12")
    vpc_id = created["VpcId"]
    wait_for(lambda: rpc.ok("DescribeVpcs", VPC, VpcId=vpc_id)["Vpcs"]["Vpc"][0]["Status"] == "Available")
    rpc.ok("EnableVpcClassicLink", VPC, VpcId=vpc_id)
    return {"vpc": vpc_id, "table": created["RouteTableId"]}


@pytest.fixture(scope="module")
def world(tenants: tuple[ServerProcess, Rpc, Rpc]) -> dict[str, str]:
    """A's resources by role, and B's own ones (``b_*``) that some calls need besides A's."""
    _, a, b = tenants
    ids = _vpc(a)
    ids["vswitch"] = a.ok("CreateVSwitch", VPC, VpcId=ids["vpc"], ZoneId=ZONE, CidrBlock="172.16.1.0/24")["VSwitchId"]
    wait_for(lambda: a.ok("DescribeVSwitches", VPC, VSwitchId=ids["vswitch"])["VSwitches"]["VSwitch"][0]["Status"]
             == "Available")  # fmt: skip
    ids["vpc_group"] = a.ok("CreateSecurityGroup", ECS, VpcId=ids["vpc"])["SecurityGroupId"]
    ids["vpc_instance"] = _instance(a, ids["vpc_group"], VSwitchId=ids["vswitch"])
    ids["entry"] = a.ok("CreateRouteEntry", VPC, RouteTableId=ids["table"], DestinationCidrBlock="192.168.0.0/16",
                        NextHopType="Instance", NextHopId=ids["vpc_instance"])["RouteEntryId"]  # fmt: skip
    ids["group"] = a.ok("CreateSecurityGroup", ECS, SecurityGroupName="classic")["SecurityGroupId"]
    ids["instance"] = _instance(a, ids["group"])
    a.ok("AttachClassicLinkVpc", ECS, InstanceId=ids["instance"], VpcId=ids["vpc"])
    [system] = a.ok("DescribeDisks", ECS, InstanceId=ids["instance"])["Disks"]["Disk"]
    ids["disk"] = system["DiskId"]
    b_world = _vpc(b)
    ids["b_vpc"] = b_world["vpc"]
    ids["b_group"] = b.ok("CreateSecurityGroup", ECS, SecurityGroupName="classic")["SecurityGroupId"]
    ids["b_instance"] = _instance(b, ids["b_group"])
    return ids


def made_up(real: str) -> str:
    """An ID of the same shape (prefix, region tag, length, alphabet) that names nothing."""
    prefix, _, rest = real.partition("-")
    tail = "".join(random.choice(string.ascii_lowercase + string.digits) for _ in range(len(rest) - 3))
    return f"{prefix}-{rest[:3]}{tail}"


# (action, version, parameters); "{role}" is replaced by A's ID, or by a made-up one for the comparison.
CASES: list[tuple[str, str, dict[str, str]]] = [
    ("DescribeVpcAttribute", VPC, {"VpcId": "{vpc}"}),
    ("ModifyVpcAttribute", VPC, {"VpcId": "{vpc}", "VpcName": "taken-over"}),
    ("DeleteVpc", VPC, {"VpcId": "{vpc}"}),
    ("EnableVpcClassicLink", VPC, {"VpcId": "{vpc}"}),
    ("DisableVpcClassicLink", VPC, {"VpcId": "{vpc}"}),
    ("DescribeVpcs", VPC, {"VpcId": "{vpc}"}),
    ("CreateVSwitch", VPC, {"VpcId": "{vpc}", "ZoneId": ZONE, "CidrBlock": "172.16.2.0/24"}),
    ("DescribeVSwitches", VPC, {"VpcId": "{vpc}"}),
    ("DescribeVSwitches", VPC, {"VSwitchId": "{vswitch}"}),
    ("DeleteVSwitch", VPC, {"VSwitchId": "{vswitch}"}),
    ("CreateRouteEntry", VPC, {"RouteTableId": "{table}", "DestinationCidrBlock": "192.169.0.0/16",
                               "NextHopType": "Instance", "NextHopId": "{vpc_instance}"}),
    ("DeleteRouteEntry", VPC, {"RouteTableId": "{table}", "DestinationCidrBlock": "192.168.0.0/16"}),
    ("DeleteRouteEntry", VPC, {"RouteEntryId": "{entry}"}),
    ("DescribeRouteEntryList", VPC, {"RouteTableId": "{table}"}),
    ("DescribeRouteTableList", VPC, {"RouteTableId": "{table}"}),
    ("DescribeRouteTableList", VPC, {"VpcId": "{vpc}"}),
    ("DescribeSecurityGroups", ECS, {"SecurityGroupId": "{group}"}),
    ("DescribeSecurityGroups", ECS, {"SecurityGroupIds": '["{vpc_group}"]'}),
    ("DescribeSecurityGroups", ECS, {"VpcId": "{vpc}"}),
    ("DeleteSecurityGroup", ECS, {"SecurityGroupId": "{group}"}),
    ("CreateSecurityGroup", ECS, {"VpcId": "{vpc}"}),
    ("CreateInstance", ECS, {"InstanceType": INSTANCE_TYPE, "ImageId": IMAGE_ID, "SecurityGroupId": "{group}"}),
    ("CreateInstance", ECS, {"InstanceType": INSTANCE_TYPE, "ImageId": IMAGE_ID, "SecurityGroupId": "{b_group}",
                             "VSwitchId": "{vswitch}"}),
    ("DescribeInstances", ECS, {"InstanceIds": '["{instance}"]'}),
    ("DescribeInstances", ECS, {"VpcId": "{vpc}"}),
    ("DescribeInstances", ECS, {"SecurityGroupId": "{group}"}),
    ("DescribeInstanceAttribute", ECS, {"InstanceId": "{instance}"}),
    ("StartInstance", ECS, {"InstanceId": "{instance}"}),
    ("StopInstance", ECS, {"InstanceId": "{instance}"}),
    ("RebootInstance", ECS, {"InstanceId": "{instance}"}),
    ("DeleteInstance", ECS, {"InstanceId": "{instance}"}),
    ("AttachClassicLinkVpc", ECS, {"InstanceId": "{instance}", "VpcId": "{b_vpc}"}),
    ("AttachClassicLinkVpc", ECS, {"InstanceId": "{b_instance}", "VpcId": "{vpc}"}),
    ("DetachClassicLinkVpc", ECS, {"InstanceId": "{instance}", "VpcId": "{vpc}"}),
    ("DetachClassicLinkVpc", ECS, {"InstanceId": "{b_instance}", "VpcId": "{vpc}"}),
    ("DescribeClassicLinkInstances", ECS, {"VpcId": "{vpc}"}),
    ("DescribeClassicLinkInstances", ECS, {"InstanceId": "{instance}"}),
    ("DescribeSecurityGroupAttribute", ECS, {"SecurityGroupId": "{group}"}),
    ("DescribeUserData", ECS, {"InstanceId": "{instance}"}),
    ("DescribeDisks", ECS, {"DiskIds": '["{disk}"]'}),
    ("DescribeDisks", ECS, {"InstanceId": "{instance}"}),
    # Naming the other account as owner must not reveal more either.
    ("AttachClassicLinkVpc", ECS, {"InstanceId": "{instance}", "VpcId": "{vpc}", "OwnerId": ACCOUNT_A}),
    ("DetachClassicLinkVpc", ECS, {"InstanceId": "{instance}", "VpcId": "{vpc}", "OwnerId": ACCOUNT_A}),
    ("DescribeClassicLinkInstances", ECS, {"VpcId": "{vpc}", "OwnerId": ACCOUNT_A}),
]  # fmt: skip


def _case_id(case: tuple[str, str, dict[str, str]]) -> str:
    action, _, params = case
    return f"{action}[{','.join(f'{k}={v}' for k, v in params.items())}]"


def _fill(params: dict[str, str], ids: dict[str, str]) -> dict[str, str]:
    return {k: v.format(**ids) for k, v in params.items()}


def _comparable(answer: Answer) -> tuple[int, dict[str, Any]]:
    # RequestId (and the Recommend URL carrying it) differ on every answer; nothing else may.
    return answer.status, {k: v for k, v in answer.body.items() if k not in ("RequestId", "Recommend")}


def _snapshot(a: Rpc, ids: dict[str, str]) -> list[dict[str, Any]]:
    """A's view of its world, without RequestIds."""
    calls = [
        ("DescribeVpcAttribute", VPC, {"VpcId": ids["vpc"]}),
        ("DescribeVSwitches", VPC, {"VpcId": ids["vpc"]}),
        ("DescribeRouteEntryList", VPC, {"RouteTableId": ids["table"]}),
        ("DescribeSecurityGroups", ECS, {"PageSize": "50"}),
        ("DescribeInstances", ECS, {"PageSize": "100"}),
        ("DescribeClassicLinkInstances", ECS, {"VpcId": ids["vpc"]}),
    ]
    calls.append(("DescribeDisks", ECS, {"MaxResults": "500"}))
    return [{k: v for k, v in a.ok(*call[:2], **call[2]).items() if k != "RequestId"} for call in calls]


@pytest.mark.parametrize("case", CASES, ids=[_case_id(c) for c in CASES])
def test_another_accounts_id_is_answered_as_a_missing_one(
    tenants: tuple[ServerProcess, Rpc, Rpc], world: dict[str, str], case: tuple[str, str, dict[str, str]]
) -> None:
    action, version, params = case
    _, a, b = tenants
    before = _snapshot(a, world)
    # B's own IDs stay as they are; each of A's is swapped for a made-up one of the same shape.
    fake = {role: (value if role.startswith("b_") else made_up(value)) for role, value in world.items()}

    with_foreign = b(action, version, **_fill(params, world))
    with_made_up = b(action, version, **_fill(params, fake))

    assert _comparable(with_foreign) == _comparable(with_made_up)
    assert _snapshot(a, world) == before


def test_the_world_is_visible_to_its_owner(tenants: tuple[ServerProcess, Rpc, Rpc], world: dict[str, str]) -> None:
    # Without this, every comparison above could pass on a world that was never built.
    _, a, _ = tenants
    assert a.ok("DescribeVpcAttribute", VPC, VpcId=world["vpc"])["ClassicLinkEnabled"] is True
    links = a.ok("DescribeClassicLinkInstances", ECS, VpcId=world["vpc"])["Links"]["Link"]
    assert [(link["InstanceId"], link["VpcId"]) for link in links] == [(world["instance"], world["vpc"])]
    assert (
        a.ok("DescribeInstanceAttribute", ECS, InstanceId=world["vpc_instance"])["InstanceId"] == world["vpc_instance"]
    )


def test_made_up_ids_keep_the_shape() -> None:
    for real in ("vpc-bp1abcdefghijklmnopqrst", "i-bp1abcdefghijklmnop", "sg-bp1abcdefghijklmno"):
        fake = made_up(real)
        assert fake != real and len(fake) == len(real) and fake[: real.index("-") + 4] == real[: real.index("-") + 4]


def test_same_client_token_in_two_accounts(tenants: tuple[ServerProcess, Rpc, Rpc]) -> None:
    # ClientToken scope is per account (api-spec §5.10 [INF]): B using A's token must neither see A's
    # answer nor disturb A's, so A's retry still gets its first answer and creates nothing new.
    _, a, b = tenants
    token = made_up("tok-bp1abcdefghijklmnopqrs")
    first = a.ok("CreateVpc", VPC, CidrBlock="192.168.0.0/16", ClientToken=token)["VpcId"]
    other = b.ok("CreateVpc", VPC, CidrBlock="192.168.0.0/16", ClientToken=token)["VpcId"]
    assert other != first
    assert a.ok("CreateVpc", VPC, CidrBlock="192.168.0.0/16", ClientToken=token)["VpcId"] == first
    assert b.ok("CreateVpc", VPC, CidrBlock="192.168.0.0/16", ClientToken=token)["VpcId"] == other
