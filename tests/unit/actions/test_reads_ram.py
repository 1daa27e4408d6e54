"""RAM descriptions of DescribeSecurityGroupAttribute, DescribeUserData and DescribeDisks (their reference pages)."""

from __future__ import annotations

import json

from classiclink.actions import load_all
from classiclink.actions.spec import ECS_VERSION, REGISTRY
from classiclink.domain.scope import Scope

load_all()
ACCOUNT = "1000000000000001"


def resources(action: str, **raw: str) -> tuple[str, list[str]]:
    spec = REGISTRY[(ECS_VERSION, action)]
    args = spec.parse({"RegionId": "cn-hangzhou", **raw})
    return spec.ram_action, spec.resources(spec.request(args), Scope(ACCOUNT, "cn-hangzhou", 0.0))


def test_security_group_attribute_names_the_group() -> None:
    assert resources("DescribeSecurityGroupAttribute", SecurityGroupId="sg-1") == (
        "ecs:DescribeSecurityGroupAttribute", [f"acs:ecs:cn-hangzhou:{ACCOUNT}:securitygroup/sg-1"])  # fmt: skip


def test_user_data_names_the_instance() -> None:
    assert resources("DescribeUserData", InstanceId="i-1") == (
        "ecs:DescribeUserData", [f"acs:ecs:cn-hangzhou:{ACCOUNT}:instance/i-1"])  # fmt: skip


def test_describe_disks_names_each_disk_or_all_disks() -> None:
    assert resources("DescribeDisks", DiskIds=json.dumps(["d-1", "d-2"])) == ("ecs:DescribeDisks", [
        f"acs:ecs:cn-hangzhou:{ACCOUNT}:disk/d-1", f"acs:ecs:cn-hangzhou:{ACCOUNT}:disk/d-2"])  # fmt: skip
    assert resources("DescribeDisks") == ("ecs:DescribeDisks", [f"acs:ecs:cn-hangzhou:{ACCOUNT}:disk/*"])
