"""The instance attribute actions (issue 8) through the legacy and the Tea SDK: each setting reads back
through DescribeInstances / DescribeInstanceAttribute or its own Describe*, and each documented error."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from typing import Any

import pytest
import requests

from classiclink.domain.resource_groups import default_group
from classiclink.settings import DEFAULT_ACCOUNT_ID
from support.ecs_world import new_group, new_instance, new_vswitch
from support.sdk import REGION, Api, Failure, instance_status, wait_for
from support.server import ServerProcess

RELEASE = time.strftime("%Y-%m-%dT%H:%M:00Z", time.gmtime(time.time() + 86400))
ADMIN = "attrs-admin"


@pytest.fixture(params=["legacy", "tea"])
def api(request: pytest.FixtureRequest, server: ServerProcess) -> Api:
    return Api(request.param, server.endpoint)


@pytest.fixture
def legacy(server: ServerProcess) -> Api:
    return Api("legacy", server.endpoint)


def expect(failure: Failure, status: int, code: str) -> None:
    assert (failure.status, failure.code) == (status, code), failure


# The legacy SDK's setters of repeat lists are named apart from their wire names (set_InstanceIds writes
# InstanceId.N); Tea models take the wire name.
_LEGACY_LISTS = {"SecurityGroupIds": "SecurityGroupIdss", "InstanceId": "InstanceIds",
                 "MaintenanceWindow": "MaintenanceWindows"}  # fmt: skip


def lists(api: Api, **values: Any) -> dict[str, Any]:
    return {(_LEGACY_LISTS[k] if api.flavour == "legacy" else k): v for k, v in values.items()}


def described(api: Api, instance_id: str) -> dict[str, Any]:
    [found] = api.call("DescribeInstances", RegionId=REGION, InstanceIds=json.dumps([instance_id]))["Instances"]["Instance"]
    return found


def classic(legacy: Api, **setters: Any) -> str:
    return new_instance(legacy, new_group(legacy), **setters)


def vpc_instance(legacy: Api, **setters: Any) -> tuple[str, str, str]:
    vpc_id, vswitch_id = new_vswitch(legacy)
    return new_instance(legacy, new_group(legacy, vpc_id), vswitch_id, **setters), vpc_id, vswitch_id


def started(api: Api, instance_id: str) -> str:
    api.call("StartInstance", InstanceId=instance_id)
    wait_for(lambda: instance_status(api, instance_id) == "Running", what="Running")
    return instance_id


# --- ModifyInstanceAttribute ---


def test_modify_instance_attribute_reads_back(api: Api, legacy: Api) -> None:
    instance_id, vpc_id, _ = vpc_instance(legacy)
    other = new_group(legacy, vpc_id)
    user_data = "IyEvYmluL3NoCmVjaG8gaGk="
    api.call("ModifyInstanceAttribute", InstanceId=instance_id, InstanceName="web-1", Description="front",
             HostName="web-1.local", DeletionProtection=True, UserData=user_data, EnableJumboFrame=True,
             **lists(api, SecurityGroupIds=[other]))  # fmt: skip
    shown = described(api, instance_id)
    assert (shown["InstanceName"], shown["Description"], shown["HostName"]) == ("web-1", "front", "web-1.local")
    assert shown["DeletionProtection"] is True
    # "SecurityGroupIds.N: the instance is moved to these groups" (replaces the set).
    assert shown["SecurityGroupIds"]["SecurityGroupId"] == [other]
    assert api.call("DescribeUserData", RegionId=REGION, InstanceId=instance_id)["UserData"] == user_data
    assert api.call("DescribeInstanceAttribute", InstanceId=instance_id)["EnableJumboFrame"] is True


def test_modify_instance_attribute_errors(api: Api, legacy: Api) -> None:
    running = started(legacy, classic(legacy))
    # "Modify user data: the instance must be in the Stopped state."
    expect(api.fail("ModifyInstanceAttribute", InstanceId=running, UserData="ZWNobw=="), 403, "IncorrectInstanceStatus")
    # "SecurityGroupIds.N: not supported for instances in the classic network."
    expect(api.fail("ModifyInstanceAttribute", InstanceId=running, **lists(api, SecurityGroupIds=[new_group(legacy)])),
           403, "InvalidInstanceId.NotSupport")  # fmt: skip
    expect(api.fail("ModifyInstanceAttribute", InstanceId=running, HostName="-bad-"), 400, "InvalidHostName.Malformed")
    expect(api.fail("ModifyInstanceAttribute", InstanceId=running, Password="short"), 400, "InvalidPassword.Malformed")
    expect(api.fail("ModifyInstanceAttribute", InstanceId="i-nope"), 404, "InvalidInstanceId.NotFound")
    instance_id, vpc_id, _ = vpc_instance(legacy)
    elsewhere = new_group(legacy, new_vswitch(legacy)[0])
    expect(api.fail("ModifyInstanceAttribute", InstanceId=instance_id, **lists(api, SecurityGroupIds=[elsewhere])),
           400, "InvalidInstanceId.Mismatch")  # fmt: skip
    six = [new_group(legacy, vpc_id) for _ in range(6)]
    expect(api.fail("ModifyInstanceAttribute", InstanceId=instance_id, **lists(api, SecurityGroupIds=six)),
           400, "InvalidSecurityGroupId.LimitExceeded")  # fmt: skip


# --- DescribeInstanceStatus ---


def test_describe_instance_status_pages_and_filters(api: Api, legacy: Api) -> None:
    first, second = classic(legacy), started(legacy, classic(legacy))
    answer = api.call("DescribeInstanceStatus", RegionId=REGION, PageSize=1, **lists(api, InstanceId=[first, second]))
    assert answer["TotalCount"] == 2 and len(answer["InstanceStatuses"]["InstanceStatus"]) == 1
    both = api.call("DescribeInstanceStatus", RegionId=REGION, **lists(api, InstanceId=[first, second]))
    statuses = {s["InstanceId"]: s["Status"] for s in both["InstanceStatuses"]["InstanceStatus"]}
    assert statuses == {first: "Stopped", second: "Running"}
    none = api.call("DescribeInstanceStatus", RegionId=REGION, ZoneId="cn-hangzhou-k", **lists(api, InstanceId=[first]))
    assert none["TotalCount"] == 0


# --- maintenance and attachment attributes: never an empty list for an instance ---


def test_maintenance_attributes_default_and_modify(api: Api, legacy: Api) -> None:
    instance_id = classic(legacy)
    [entry] = api.call("DescribeInstanceMaintenanceAttributes", RegionId=REGION,
                       **lists(api, InstanceId=[instance_id]))["MaintenanceAttributes"]["MaintenanceAttribute"]  # fmt: skip
    assert entry["ActionOnMaintenance"]["Value"] == "AutoRecover" and entry["NotifyOnMaintenance"] is False
    api.call("ModifyInstanceMaintenanceAttributes", RegionId=REGION, ActionOnMaintenance="AutoRedeploy",
             NotifyOnMaintenance=True, **lists(api, InstanceId=[instance_id],
                                               MaintenanceWindow=[{"StartTime": "02:00:00Z", "EndTime": "03:00:00Z"}]))  # fmt: skip
    [entry] = api.call("DescribeInstanceMaintenanceAttributes", RegionId=REGION,
                       **lists(api, InstanceId=[instance_id]))["MaintenanceAttributes"]["MaintenanceAttribute"]  # fmt: skip
    assert entry["ActionOnMaintenance"]["Value"] == "AutoRedeploy" and entry["NotifyOnMaintenance"] is True
    assert entry["MaintenanceWindows"]["MaintenanceWindow"] == [{"EndTime": "03:00:00Z", "StartTime": "02:00:00Z"}]
    # "The time must be on the hour."
    expect(api.fail("ModifyInstanceMaintenanceAttributes", RegionId=REGION,
                    **lists(api, InstanceId=[instance_id],
                            MaintenanceWindow=[{"StartTime": "02:30:00Z", "EndTime": "03:00:00Z"}])),
           400, "InvalidParameter.MaintenanceWindow")  # fmt: skip


def test_attachment_attributes(api: Api, legacy: Api) -> None:
    instance_id = classic(legacy)
    ids = json.dumps([instance_id])
    [entry] = api.call("DescribeInstanceAttachmentAttributes", RegionId=REGION, InstanceIds=ids)["Instances"]["Instance"]
    assert entry == {"InstanceId": instance_id, "PrivatePoolOptionsMatchCriteria": "None", "PrivatePoolOptionsId": ""}
    api.generic_call("ModifyInstanceAttachmentAttributes", RegionId=REGION, InstanceId=instance_id,
                     **{"PrivatePoolOptions.MatchCriteria": "Open"})  # fmt: skip
    [entry] = api.call("DescribeInstanceAttachmentAttributes", RegionId=REGION, InstanceIds=ids)["Instances"]["Instance"]
    assert entry["PrivatePoolOptionsMatchCriteria"] == "Open"
    expect(api.generic_fail("ModifyInstanceAttachmentAttributes", RegionId=REGION, InstanceId=instance_id,
                            **{"PrivatePoolOptions.MatchCriteria": "Target", "PrivatePoolOptions.Id": "eap-nope"}),
           404, "InvalidPrivatePoolId.NotFound")  # fmt: skip


# --- auto-renew, auto-release, charge type ---


def test_auto_renew_of_subscription_instances(api: Api, legacy: Api) -> None:
    prepaid = classic(legacy, InstanceChargeType="PrePaid", Period=1)
    postpaid = classic(legacy)
    api.call("ModifyInstanceAutoRenewAttribute", RegionId=REGION, InstanceId=prepaid, RenewalStatus="AutoRenewal",
             Duration=3, PeriodUnit="Month")  # fmt: skip
    [entry] = api.call("DescribeInstanceAutoRenewAttribute", RegionId=REGION,
                       InstanceId=prepaid)["InstanceRenewAttributes"]["InstanceRenewAttribute"]  # fmt: skip
    assert (entry["RenewalStatus"], entry["Duration"], entry["PeriodUnit"], entry["AutoRenewEnabled"]) == (
        "AutoRenewal", 3, "Month", True)
    # Pay-as-you-go instances have no renewal: refused, and not listed.
    expect(api.fail("ModifyInstanceAutoRenewAttribute", RegionId=REGION, InstanceId=postpaid, AutoRenew=True,
                    Duration=1), 403, "ChargeTypeViolation")  # fmt: skip
    listed = api.call("DescribeInstanceAutoRenewAttribute", RegionId=REGION, InstanceId=postpaid)
    assert listed["TotalCount"] == 0
    expect(api.fail("ModifyInstanceAutoRenewAttribute", RegionId=REGION, InstanceId=prepaid, AutoRenew=True,
                    Duration=7), 400, "InvalidDuration.ValueNotSupported")  # fmt: skip


def test_auto_release_time_set_and_cleared(api: Api, legacy: Api) -> None:
    instance_id = classic(legacy)
    api.call("ModifyInstanceAutoReleaseTime", RegionId=REGION, InstanceId=instance_id, AutoReleaseTime=RELEASE)
    assert described(api, instance_id)["AutoReleaseTime"] == RELEASE.replace(":00Z", "Z")
    # "If AutoReleaseTime is not specified, the automatic release is cancelled."
    api.call("ModifyInstanceAutoReleaseTime", RegionId=REGION, InstanceId=instance_id)
    assert described(api, instance_id)["AutoReleaseTime"] == ""
    expect(api.fail("ModifyInstanceAutoReleaseTime", RegionId=REGION, InstanceId=instance_id,
                    AutoReleaseTime="tomorrow"), 400, "InvalidAutoReleaseTime.Malformed")  # fmt: skip
    prepaid = classic(legacy, InstanceChargeType="PrePaid", Period=1)
    expect(api.fail("ModifyInstanceAutoReleaseTime", RegionId=REGION, InstanceId=prepaid, AutoReleaseTime=RELEASE),
           403, "ChargeTypeViolation")  # fmt: skip


def test_charge_type_both_ways(api: Api, legacy: Api) -> None:
    instance_id = classic(legacy)
    api.call("ModifyInstanceChargeType", RegionId=REGION, InstanceIds=json.dumps([instance_id]),
             InstanceChargeType="PrePaid", Period=1, PeriodUnit="Month")  # fmt: skip
    shown = described(api, instance_id)
    assert shown["InstanceChargeType"] == "PrePaid" and shown["ExpiredTime"] != "2099-12-31T15:59Z"
    expect(api.fail("ModifyInstanceChargeType", RegionId=REGION, InstanceIds=json.dumps([instance_id]),
                    InstanceChargeType="PrePaid", Period=1), 403, "InvalidInstanceChargeType.ValueNotSupported")  # fmt: skip
    api.call("ModifyInstanceChargeType", RegionId=REGION, InstanceIds=json.dumps([instance_id]),
             InstanceChargeType="PostPaid")  # fmt: skip
    shown = described(api, instance_id)
    assert shown["InstanceChargeType"] == "PostPaid" and shown["ExpiredTime"] == "2099-12-31T15:59Z"
    expect(api.fail("ModifyInstanceChargeType", RegionId=REGION, InstanceIds=json.dumps([instance_id]),
                    InstanceChargeType="PrePaid", Period=10), 400, "InvalidPeriod")  # fmt: skip


# --- spec and network spec ---


def test_modify_instance_spec(api: Api, legacy: Api) -> None:
    instance_id = classic(legacy)
    api.call("ModifyInstanceSpec", InstanceId=instance_id, InstanceType="ecs.g6.xlarge")
    shown = described(api, instance_id)
    assert (shown["InstanceType"], shown["Cpu"], shown["Memory"]) == ("ecs.g6.xlarge", 4, 16384)
    running = started(legacy, classic(legacy))
    # The instance must be Stopped to change its type.
    expect(api.fail("ModifyInstanceSpec", InstanceId=running, InstanceType="ecs.g6.xlarge"), 403, "IncorrectInstanceStatus")
    prepaid = classic(legacy, InstanceChargeType="PrePaid", Period=1)
    expect(api.fail("ModifyInstanceSpec", InstanceId=prepaid, InstanceType="ecs.g6.xlarge"), 403, "ChargeTypeViolation")
    api.call("ModifyPrepayInstanceSpec", RegionId=REGION, InstanceId=prepaid, InstanceType="ecs.g6.xlarge",
             OperatorType="upgrade")  # fmt: skip
    assert described(api, prepaid)["InstanceType"] == "ecs.g6.xlarge"
    expect(api.fail("ModifyPrepayInstanceSpec", RegionId=REGION, InstanceId=prepaid, InstanceType="ecs.g6.large",
                    OperatorType="upgrade"), 400, "InvalidOperatorType.Mismatch")  # fmt: skip


def test_network_spec_and_public_ip(api: Api, legacy: Api) -> None:
    instance_id = classic(legacy)
    expect(api.fail("AllocatePublicIpAddress", InstanceId=instance_id), 403, "InvalidInternetMaxBandwidthOut.ValueNotSupported")
    api.call("ModifyInstanceNetworkSpec", InstanceId=instance_id, InternetMaxBandwidthOut=10)
    # PostPaid: going above 0 allocates no address unless asked.
    assert described(api, instance_id)["PublicIpAddress"]["IpAddress"] == []
    address = api.call("AllocatePublicIpAddress", InstanceId=instance_id)["IpAddress"]
    shown = described(api, instance_id)
    assert shown["PublicIpAddress"]["IpAddress"] == [address] and shown["InternetMaxBandwidthOut"] == 10
    expect(api.fail("AllocatePublicIpAddress", InstanceId=instance_id), 403, "AllocatedAlready")
    # "Classic instances going from 0 Mbit/s to a non-zero value must be Stopped."
    running = started(legacy, classic(legacy))
    expect(api.fail("ModifyInstanceNetworkSpec", InstanceId=running, InternetMaxBandwidthOut=5),
           403, "IncorrectInstanceStatus")  # fmt: skip


# --- ModifyInstanceVpcAttribute: VPC instances only ---


def test_modify_instance_vpc_attribute(api: Api, legacy: Api) -> None:
    instance_id, vpc_id, vswitch_id = vpc_instance(legacy)
    from aliyunsdkvpc.request.v20160428.CreateVSwitchRequest import CreateVSwitchRequest

    request = CreateVSwitchRequest()
    request.set_VpcId(vpc_id)
    request.set_ZoneId("cn-hangzhou-i")
    request.set_CidrBlock("172.16.2.0/24")
    second = str(legacy.call(request)["VSwitchId"])
    api.call("ModifyInstanceVpcAttribute", InstanceId=instance_id, VSwitchId=second, PrivateIpAddress="172.16.2.10")
    shown = described(api, instance_id)["VpcAttributes"]
    assert (shown["VSwitchId"], shown["PrivateIpAddress"]["IpAddress"]) == (second, ["172.16.2.10"])
    expect(api.fail("ModifyInstanceVpcAttribute", InstanceId=instance_id, VSwitchId=vswitch_id,
                    PrivateIpAddress="10.0.0.1"), 400, "InvalidPrivateIpAddress.Mismatch")  # fmt: skip
    # A classic instance, ClassicLinked or not, is not a VPC instance.
    linked = started(legacy, classic(legacy))
    legacy.generic_call("EnableVpcClassicLink", RegionId=REGION, VpcId=vpc_id)
    legacy.generic_call("AttachClassicLinkVpc", RegionId=REGION, InstanceId=linked, VpcId=vpc_id)
    expect(api.fail("ModifyInstanceVpcAttribute", InstanceId=linked, VSwitchId=vswitch_id), 400, "OperationDenied")
    running = started(legacy, vpc_instance(legacy)[0])
    expect(api.fail("ModifyInstanceVpcAttribute", InstanceId=running, VSwitchId=vswitch_id),
           400, "IncorrectInstanceStatus")  # fmt: skip


# --- metadata options, deployment, resource groups ---


def test_metadata_options_and_deployment(api: Api, legacy: Api) -> None:
    instance_id = classic(legacy)
    api.call("ModifyInstanceMetadataOptions", RegionId=REGION, InstanceId=instance_id, HttpTokens="required",
             HttpEndpoint="enabled", HttpPutResponseHopLimit=4)  # fmt: skip
    options = described(api, instance_id)["MetadataOptions"]
    assert (options["HttpTokens"], options["HttpPutResponseHopLimit"]) == ("required", 4)
    expect(api.fail("ModifyInstanceDeployment", RegionId=REGION, InstanceId=instance_id, DeploymentSetId="ds-nope"),
           404, "DeploymentSet.NotFound")  # fmt: skip
    expect(api.fail("ModifyInstanceDeployment", RegionId=REGION, InstanceId=instance_id, DedicatedHostId="dh-nope"),
           404, "InvalidDedicatedHostId.NotFound")  # fmt: skip


def test_join_resource_group(api: Api, legacy: Api) -> None:
    instance_id = classic(legacy)
    group = default_group(DEFAULT_ACCOUNT_ID)
    api.call("JoinResourceGroup", RegionId=REGION, ResourceType="instance", ResourceId=instance_id, ResourceGroupId=group)
    assert described(api, instance_id)["ResourceGroupId"] == group
    # Only the account's default resource group exists.
    expect(api.fail("JoinResourceGroup", RegionId=REGION, ResourceType="instance", ResourceId=instance_id,
                    ResourceGroupId="rg-aek2other"), 404, "InvalidResourceGroup.NotFound")  # fmt: skip
    expect(api.fail("JoinResourceGroup", RegionId=REGION, ResourceType="snapshot", ResourceId="s-nope",
                    ResourceGroupId=group), 404, "InvalidResourceId.NotFound")  # fmt: skip
    expect(api.fail("JoinResourceGroup", RegionId=REGION, ResourceType="widget", ResourceId=instance_id,
                    ResourceGroupId=group), 400, "InvalidParameter.ResourceType")  # fmt: skip


# --- RAM roles: a server with the admin API, to create a role ---


@pytest.fixture(scope="module")
def role_server() -> Iterator[ServerProcess]:
    proc = ServerProcess("--transition-delay", "0", "--admin-token", ADMIN).start()
    trust = {"Version": "1", "Statement": [{"Effect": "Allow", "Action": "sts:AssumeRole",
                                            "Principal": {"Service": ["ecs.aliyuncs.com"]}}]}  # fmt: skip
    created = requests.post(f"http://{proc.endpoint}/_classiclink/admin/accounts/{DEFAULT_ACCOUNT_ID}/roles",
                            headers={"Authorization": f"Bearer {ADMIN}"}, timeout=10,
                            json={"RoleName": "EcsRole", "AssumeRolePolicyDocument": trust})  # fmt: skip
    assert created.status_code in (200, 201), created.text
    yield proc
    proc.close()


@pytest.mark.parametrize("flavour", ["legacy", "tea"])
def test_instance_ram_roles(role_server: ServerProcess, flavour: str) -> None:
    api, legacy = Api(flavour, role_server.endpoint), Api("legacy", role_server.endpoint)
    instance_id = vpc_instance(legacy)[0]
    old = classic(legacy)
    ids = json.dumps([instance_id, old])
    attached = api.call("AttachInstanceRamRole", RegionId=REGION, InstanceIds=ids, RamRoleName="EcsRole")
    # Per-instance results: the classic instance cannot take a role.
    assert (attached["TotalCount"], attached["FailCount"]) == (2, 1)
    results = {r["InstanceId"]: r for r in attached["AttachInstanceRamRoleResults"]["AttachInstanceRamRoleResult"]}
    assert results[instance_id]["Success"] is True and results[old]["Code"] == "InvalidNetworkType.MismatchRamRole"
    sets = api.call("DescribeInstanceRamRole", RegionId=REGION, InstanceIds=json.dumps([instance_id]))
    assert sets["InstanceRamRoleSets"]["InstanceRamRoleSet"] == [{"RamRoleName": "EcsRole", "InstanceId": instance_id}]
    # One role per instance.
    again = api.call("AttachInstanceRamRole", RegionId=REGION, InstanceIds=json.dumps([instance_id]), RamRoleName="EcsRole")
    assert again["FailCount"] == 1
    expect(api.fail("AttachInstanceRamRole", RegionId=REGION, InstanceIds=json.dumps([instance_id]),
                    RamRoleName="NoSuchRole"), 404, "InvalidRamRole.NotFound")  # fmt: skip
    detached = api.call("DetachInstanceRamRole", RegionId=REGION, InstanceIds=json.dumps([instance_id]),
                        RamRoleName="EcsRole")  # fmt: skip
    assert detached["FailCount"] == 0
    assert described(api, instance_id).get("RamRoleName", "") == ""
    sets = api.call("DescribeInstanceRamRole", RegionId=REGION, InstanceIds=json.dumps([instance_id]))
    assert sets["InstanceRamRoleSets"]["InstanceRamRoleSet"][0]["RamRoleName"] == ""
