"""Every field of the official Tea SDK's response models is returned (the common rules: "every field of the
official Tea SDK response model"), checked against real answers of a real server.

The expected fields come from the installed models (support/tea_fields.model_field_paths), never from a
list written here. An action is added to ``COVERED`` with a call that makes a realistic answer and the
documented exceptions: fields the real service leaves out for that kind of resource, each with its reason.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import pytest
from alibabacloud_ecs20140526 import models as ecs_models
from alibabacloud_ecs20140526.client import Client as TeaEcs

from support.ecs_world import IMAGE, INSTANCE_TYPE, new_group, new_vswitch
from support.sdk import REGION, Api, tea_ecs
from support.server import ServerProcess
from support.tea_fields import missing_paths, model_field_paths


@dataclass(frozen=True)
class Covered:
    model: type
    call: Callable[[TeaEcs, Api], dict[str, Any]]
    under: str = ""  # where the model's object sits in the answer
    exceptions: dict[str, str] = field(default_factory=dict)  # path -> why the real service omits it


def _vpc_instance(tea: TeaEcs, legacy: Api) -> str:
    vpc_id, vswitch_id = new_vswitch(legacy)
    group = new_group(legacy, vpc_id)
    request = ecs_models.RunInstancesRequest(
        region_id=REGION, image_id=IMAGE, instance_type=INSTANCE_TYPE, security_group_id=group,
        v_switch_id=vswitch_id, internet_max_bandwidth_out=5, key_pair_name="deploy", deletion_protection=True,
        tag=[ecs_models.RunInstancesRequestTag(key="team", value="web")],
    )  # fmt: skip
    [instance_id] = tea.run_instances(request).body.instance_id_sets.instance_id_set
    return str(instance_id)


def _describe_instances(tea: TeaEcs, legacy: Api) -> dict[str, Any]:
    instance_id = _vpc_instance(tea, legacy)
    request = ecs_models.DescribeInstancesRequest(region_id=REGION, instance_ids=f'["{instance_id}"]')
    return tea.describe_instances(request).body.to_map()  # type: ignore[no-any-return]


def _describe_instance_attribute(tea: TeaEcs, legacy: Api) -> dict[str, Any]:
    instance_id = _vpc_instance(tea, legacy)
    request = ecs_models.DescribeInstanceAttributeRequest(instance_id=instance_id)
    return tea.describe_instance_attribute(request).body.to_map()  # type: ignore[no-any-return]


def _run_instances(tea: TeaEcs, legacy: Api) -> dict[str, Any]:
    vpc_id, vswitch_id = new_vswitch(legacy)
    request = ecs_models.RunInstancesRequest(
        region_id=REGION, image_id=IMAGE, instance_type=INSTANCE_TYPE, security_group_id=new_group(legacy, vpc_id),
        v_switch_id=vswitch_id, instance_charge_type="PrePaid", period=1, period_unit="Month",
    )  # fmt: skip
    return tea.run_instances(request).body.to_map()  # type: ignore[no-any-return]


def _create_instance(tea: TeaEcs, legacy: Api) -> dict[str, Any]:
    request = ecs_models.CreateInstanceRequest(
        region_id=REGION, image_id=IMAGE, instance_type=INSTANCE_TYPE, security_group_id=new_group(legacy),
        instance_charge_type="PrePaid", period=1,
    )  # fmt: skip
    return tea.create_instance(request).body.to_map()  # type: ignore[no-any-return]


NO_LOCKS = "an instance without an operation lock has an empty LockReason list"
COVERED: dict[str, Covered] = {
    "DescribeInstances": Covered(
        ecs_models.DescribeInstancesResponseBody, _describe_instances,
        exceptions={
            "Instances.Instance[].OperationLocks.LockReason[].LockMsg": NO_LOCKS,
            "Instances.Instance[].OperationLocks.LockReason[].LockReason": NO_LOCKS,
            # The primary ENI of an instance created without IPv6 or prefixes carries empty sets.
            "Instances.Instance[].NetworkInterfaces.NetworkInterface[].Ipv4PrefixSets.Ipv4PrefixSet[].Ipv4Prefix":
                "no IPv4 prefixes are assigned",
            "Instances.Instance[].NetworkInterfaces.NetworkInterface[].Ipv6PrefixSets.Ipv6PrefixSet[].Ipv6Prefix":
                "no IPv6 prefixes are assigned",
            "Instances.Instance[].NetworkInterfaces.NetworkInterface[].Ipv6Sets.Ipv6Set[].Ipv6Address":
                "no IPv6 addresses are assigned",
            "Instances.Instance[].NetworkInterfaces.NetworkInterface[].Ipv6Sets.Ipv6Set[].Primary":
                "no IPv6 addresses are assigned",
        },
    ),
    "DescribeInstanceAttribute": Covered(
        ecs_models.DescribeInstanceAttributeResponseBody, _describe_instance_attribute,
        exceptions={"OperationLocks.LockReason[].LockReason": NO_LOCKS},
    ),
    "RunInstances": Covered(ecs_models.RunInstancesResponseBody, _run_instances),
    "CreateInstance": Covered(ecs_models.CreateInstanceResponseBody, _create_instance),
}


@pytest.mark.parametrize("action", sorted(COVERED))
def test_every_model_field_is_returned(server: ServerProcess, action: str) -> None:
    covered = COVERED[action]
    body = covered.call(tea_ecs(server.endpoint), Api("legacy", server.endpoint))
    expected = model_field_paths(covered.model)
    assert set(covered.exceptions) <= set(expected), "an exception names a field the model does not have"
    missing = [p for p in missing_paths(body, expected, covered.under) if p not in covered.exceptions]
    assert missing == []


def test_the_walk_finds_nested_and_listed_fields() -> None:
    """The helper itself: nested models become dotted paths, lists end in []."""
    paths = model_field_paths(ecs_models.DescribeInstancesResponseBody)
    assert "Instances.Instance[].MetadataOptions.HttpTokens" in paths
    assert "Instances.Instance[].Tags.Tag[].TagKey" in paths
    assert "RequestId" in paths


def test_a_missing_field_is_reported() -> None:
    paths = ["A", "B.C", "L[].D"]
    assert missing_paths({"A": 1, "B": {}, "L": [{"D": 1}]}, paths) == ["B.C"]
    assert missing_paths({"A": 1, "B": {"C": 2}, "L": [{}]}, paths) == ["L[].D"]
