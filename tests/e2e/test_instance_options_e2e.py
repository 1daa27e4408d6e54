"""RunInstances / CreateInstance options through the Tea SDK, read back by DescribeInstances, and their
documented errors (RunInstances and DeleteInstance error tables)."""

from __future__ import annotations

import time
from typing import Any

import pytest
from alibabacloud_ecs20140526 import models as m
from alibabacloud_ecs20140526.client import Client as TeaEcs
from alibabacloud_tea_openapi.exceptions import ClientException

from support.ecs_world import IMAGE, INSTANCE_TYPE, new_group, new_vswitch
from support.sdk import REGION, Api, tea_ecs
from support.server import ServerProcess

# "at least 30 minutes later than the current time, at most three years" (AutoReleaseTime)
RELEASE = time.strftime("%Y-%m-%dT%H:%M:00Z", time.gmtime(time.time() + 86400))


@pytest.fixture
def tea(server: ServerProcess) -> TeaEcs:
    return tea_ecs(server.endpoint)


@pytest.fixture
def legacy(server: ServerProcess) -> Api:
    return Api("legacy", server.endpoint)


@pytest.fixture
def vpc(legacy: Api) -> tuple[str, str, str]:
    vpc_id, vswitch_id = new_vswitch(legacy)
    return vpc_id, vswitch_id, new_group(legacy, vpc_id)


def run(tea: TeaEcs, vswitch_id: str, **fields: Any) -> list[str]:
    fields.setdefault("instance_type", INSTANCE_TYPE)
    request = m.RunInstancesRequest(region_id=REGION, image_id=IMAGE, v_switch_id=vswitch_id, **fields)
    return list(tea.run_instances(request).body.instance_id_sets.instance_id_set)


def described(tea: TeaEcs, *ids: str, **filters: Any) -> list[dict[str, Any]]:
    request = m.DescribeInstancesRequest(region_id=REGION, instance_ids=str(list(ids)).replace("'", '"'), **filters)
    return list(tea.describe_instances(request).body.to_map()["Instances"]["Instance"])


def test_options_read_back(tea: TeaEcs, legacy: Api, vpc: tuple[str, str, str]) -> None:
    _, vswitch_id, group = vpc
    second = new_group(legacy, vpc[0])
    legacy.call("CreateKeyPair", RegionId=REGION, KeyPairName="deploy")
    [instance_id] = run(
        tea, vswitch_id, security_group_ids=[group, second], key_pair_name="deploy", deletion_protection=True,
        internet_max_bandwidth_out=5, http_tokens="required", http_put_response_hop_limit=3,
        spot_strategy="SpotWithPriceLimit", spot_price_limit=0.5, spot_duration=2, auto_release_time=RELEASE,
        password="EcsV587!",
    )  # fmt: skip
    [instance] = described(tea, instance_id)
    assert instance["SecurityGroupIds"]["SecurityGroupId"] == [group, second]  # SecurityGroupIds.N
    assert instance["KeyPairName"] == "deploy" and instance["DeletionProtection"] is True
    # RunInstances: InternetMaxBandwidthOut > 0 assigns a public IP
    [public] = instance["PublicIpAddress"]["IpAddress"]
    assert public.startswith("47.")
    assert instance["MetadataOptions"]["HttpTokens"] == "required"
    assert instance["MetadataOptions"]["HttpPutResponseHopLimit"] == 3
    assert (instance["SpotStrategy"], instance["SpotPriceLimit"], instance["SpotDuration"]) == (
        "SpotWithPriceLimit", 0.5, 2)
    assert instance["AutoReleaseTime"] == RELEASE[:16] + "Z"  # minute precision, like every ECS time
    assert instance["ResourceGroupId"].startswith("rg-")
    assert instance["OSType"] == "linux" and instance["OSNameEn"].startswith("Ubuntu")
    # the filters that were accepted and ignored now filter
    assert [i["InstanceId"] for i in described(tea, instance_id, key_pair_name="deploy")] == [instance_id]
    assert described(tea, instance_id, key_pair_name="other") == []
    assert [i["InstanceId"] for i in described(tea, instance_id, http_tokens="required")] == [instance_id]
    assert described(tea, instance_id, http_tokens="optional") == []
    assert described(tea, instance_id, lock_reason="financial") == []
    assert [i["InstanceId"] for i in described(tea, instance_id, public_ip_addresses=f'["{public}"]')] == [instance_id]
    group_id = instance["ResourceGroupId"]
    assert [i["InstanceId"] for i in described(tea, instance_id, resource_group_id=group_id)] == [instance_id]
    in_2000 = [m.DescribeInstancesRequestFilter(key="CreationEndTime", value="2000-01-01T00:00Z")]
    assert described(tea, instance_id, filter=in_2000) == []


def test_deletion_protection_refuses_delete(tea: TeaEcs, vpc: tuple[str, str, str]) -> None:
    [instance_id] = run(tea, vpc[1], security_group_id=vpc[2], deletion_protection=True)
    with pytest.raises(ClientException) as raised:
        tea.delete_instance(m.DeleteInstanceRequest(instance_id=instance_id, force=True))
    assert (raised.value.code, raised.value.status_code) == ("InvalidOperation.DeletionProtection", 403)


def test_ordered_names_and_host_names(tea: TeaEcs, vpc: tuple[str, str, str]) -> None:
    ids = run(tea, vpc[1], security_group_id=vpc[2], amount=2, instance_name="web-[1,4]", host_names=["h-a", "h-b"])
    shown = {i["InstanceId"]: (i["InstanceName"], i["HostName"]) for i in described(tea, *ids)}
    assert sorted(shown.values()) == [("web-0001", "h-a"), ("web-0002", "h-b")]
    ids = run(tea, vpc[1], security_group_id=vpc[2], amount=2, instance_name="db", host_name="db", unique_suffix=True)
    assert sorted(i["InstanceName"] for i in described(tea, *ids)) == ["db001", "db002"]


def test_prepaid_answers_an_order_and_an_expiry(tea: TeaEcs, vpc: tuple[str, str, str]) -> None:
    request = m.RunInstancesRequest(region_id=REGION, image_id=IMAGE, instance_type=INSTANCE_TYPE,
                                    v_switch_id=vpc[1], security_group_id=vpc[2], instance_charge_type="PrePaid",
                                    period=1, period_unit="Week")  # fmt: skip
    body = tea.run_instances(request).body
    assert body.order_id and body.trade_price > 0
    [instance] = described(tea, *body.instance_id_sets.instance_id_set)
    assert instance["ExpiredTime"] != "2099-12-31T15:59Z"


ERRORS = [
    ({"password": "short"}, 400, "InvalidPassword.Malformed"),
    ({"password": "EcsV587!", "password_inherit": True}, 400, "InvalidPasswordParam.Mismatch"),
    ({"auto_release_time": "2000-01-01T00:00:00Z"}, 400, "InvalidAutoReleaseTime.Malformed"),
    ({"instance_charge_type": "PrePaid"}, 400, "MissingParamter"),
    ({"instance_charge_type": "PrePaid", "period": 10}, 400, "InvalidPeriod"),
    ({"resource_group_id": "rg-unknown"}, 404, "InvalidResourceGroup.NotFound"),
    ({"deployment_set_id": "ds-unknown"}, 404, "DeploymentSet.NotFound"),
    ({"hpc_cluster_id": "hpc-unknown", "instance_type": "ecs.scch5.16xlarge"}, 400, "InvalidHpcClusterId.NotFound"),
    ({"ram_role_name": "NoSuchRole"}, 404, "InvalidRamRole.NotFound"),
    ({"spot_strategy": "Cheap"}, 400, "InvalidSpotStrategy"),
    ({"spot_strategy": "SpotAsPriceGo", "instance_charge_type": "PrePaid", "period": 1}, 400, "InvalidSpotPrepaid"),
    ({"spot_duration": 9}, 400, "InvalidSpotDuration"),
    ({"credit_specification": "Unlimited"}, 400, "InvalidParameter.CreditSpecification"),
    ({"io_optimized": "none"}, 404, "DependencyViolation.IoOptimized"),
    ({"tag": [m.RunInstancesRequestTag(key="acs:x", value="v")]}, 400, "InvalidTagKey.Malformed"),
    ({"tag": [m.RunInstancesRequestTag(key="a", value="1"), m.RunInstancesRequestTag(key="a", value="2")]}, 400,
     "Duplicate.TagKey"),
    ({"amount": 2, "instance_name": "x" * 127, "unique_suffix": True}, 403, "InvalidParams.InstanceNameExceed"),
    ({"amount": 2, "host_name": "h" * 63, "unique_suffix": True}, 403, "InvalidParams.HostnameExceed"),
    ({"security_group_ids": ["sg-x"]}, 400, "InvalidParameter.Conflict"),
]  # fmt: skip


@pytest.mark.parametrize(("fields", "status", "code"), ERRORS, ids=[f"{c}-{n}" for n, (_, _, c) in enumerate(ERRORS)])
def test_documented_errors(tea: TeaEcs, vpc: tuple[str, str, str], fields: dict[str, Any], status: int,
                           code: str) -> None:  # fmt: skip
    with pytest.raises(ClientException) as raised:
        run(tea, vpc[1], security_group_id=vpc[2], **fields)
    assert (raised.value.status_code, raised.value.code) == (status, code)


def test_an_unknown_key_pair_is_refused(tea: TeaEcs, vpc: tuple[str, str, str]) -> None:
    # RunInstances' error table: 404 InvalidKeyPairName.NotFound "The specified KeyPairName does not exist."
    with pytest.raises(Exception) as raised:
        run(tea, vpc[1], security_group_id=vpc[2], key_pair_name="nobody-made-this")
    assert getattr(raised.value, "code", "") == "InvalidKeyPairName.NotFound"
