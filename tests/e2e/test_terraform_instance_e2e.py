"""Terraform's alicloud_instance, replayed: Create -> Read -> Update -> Delete in the call order and with the
clients docs/consumers/terraform-alicloud_instance.md lists (Tea RPC where the provider uses RpcPost, the
legacy SDK where it uses typed requests), asserting on the fields it reads and the states it polls for."""

from __future__ import annotations

import json
import uuid
from typing import Any

from support.ecs_world import IMAGE, INSTANCE_TYPE, new_group
from support.sdk import REGION, Api, wait_for
from support.server import ServerProcess

ADDITIONAL = ["META_OPTIONS", "NETWORK_PRIMARY_ENI_IP", "LOGIN_AS_NON_ROOT", "DISK_HIGH_DENSITY_MODE"]


def token(action: str) -> str:
    return f"TF-{action}-{uuid.uuid4()}"[:64]


def describe_instance(legacy: Api, instance_id: str) -> dict[str, Any] | None:
    """SE 115: legacy DescribeInstances InstanceIds=["id"] with AdditionalAttributes; empty = not found."""
    found = legacy.call("DescribeInstances", RegionId=REGION, InstanceIds=json.dumps([instance_id]),
                        AdditionalAttributes=ADDITIONAL)["Instances"]["Instance"]  # fmt: skip
    return found[0] if found else None


def poll(legacy: Api, instance_id: str, pending: list[str], target: list[str]) -> None:
    """BuildStateConf: a state in neither list fails the wait (pending is non-empty)."""

    def done() -> bool:
        found = describe_instance(legacy, instance_id)
        if found is None:
            return not target
        assert found["Status"] in pending + target, found["Status"]
        return found["Status"] in target

    wait_for(done, what=f"{instance_id} {target or 'gone'}")


def read(tea: Api, legacy: Api, instance_id: str) -> dict[str, Any]:
    """RI 1297-1694, every call in order; what the provider reads from each."""
    instance = describe_instance(legacy, instance_id)
    assert instance is not None
    state: dict[str, Any] = {
        "instance_name": instance["InstanceName"], "description": instance["Description"],
        "status": instance["Status"], "instance_type": instance["InstanceType"],
        "internet_max_bandwidth_out": instance["InternetMaxBandwidthOut"],
        "deletion_protection": instance["DeletionProtection"], "cpu": instance["Cpu"], "memory": instance["Memory"],
        "public_ip": (instance["PublicIpAddress"]["IpAddress"] or [""])[0],
        "security_groups": sorted(instance["SecurityGroupIds"]["SecurityGroupId"]),
        "tags": {t["TagKey"]: t["TagValue"] for t in instance["Tags"]["Tag"]},
        "resource_group_id": instance["ResourceGroupId"],
    }  # fmt: skip
    # Classic: private_ip from InnerIpAddress joined by commas.
    state["private_ip"] = ",".join(instance["InnerIpAddress"]["IpAddress"])
    disks = tea.call("DescribeDisks", RegionId=REGION, InstanceId=instance_id, DiskType="system")["Disks"]["Disk"]
    assert disks and disks[0]["InstanceId"] == instance_id  # else "not found" fails a new resource
    state["user_data"] = legacy.call("DescribeUserData", RegionId=REGION, InstanceId=instance_id)["UserData"]
    # An empty list fails the Read (RI 1555-1558).
    maintenance = tea.call("DescribeInstanceMaintenanceAttributes", RegionId=REGION,
                           InstanceId=[instance_id])["MaintenanceAttributes"]["MaintenanceAttribute"]  # fmt: skip
    assert maintenance and maintenance[0]["ActionOnMaintenance"]["Value"]
    attribute = legacy.call("DescribeInstanceAttribute", RegionId=REGION, InstanceId=instance_id)
    assert attribute["InstanceId"] == instance_id and "EnableJumboFrame" in attribute
    attachment = tea.call("DescribeInstanceAttachmentAttributes", RegionId=REGION,
                          InstanceIds=json.dumps([instance_id]))["Instances"]["Instance"]  # fmt: skip
    assert attachment and "PrivatePoolOptionsMatchCriteria" in attachment[0]
    [tea_form] = tea.call("DescribeInstances", RegionId=REGION, InstanceIds=json.dumps([instance_id]),
                          AdditionalAttributes=ADDITIONAL)["Instances"]["Instance"]  # fmt: skip
    state["spot_interruption_behavior"] = tea_form["SpotInterruptionBehavior"]
    assert {"CoreCount", "ThreadsPerCore", "TopologyType"} <= set(tea_form["CpuOptions"])
    return state


def stop_then(tea: Api, legacy: Api, instance_id: str) -> None:
    legacy.call("StopInstance", InstanceId=instance_id, ForceStop=False)
    poll(legacy, instance_id, ["Pending", "Running", "Stopping"], ["Stopped"])


def start(legacy: Api, instance_id: str) -> None:
    legacy.call("StartInstance", InstanceId=instance_id)
    poll(legacy, instance_id, ["Pending", "Starting", "Stopped"], ["Running"])


def test_alicloud_instance_lifecycle(server: ServerProcess) -> None:
    tea, legacy = Api("tea", server.endpoint), Api("legacy", server.endpoint)
    first, second = new_group(legacy), new_group(legacy)
    old_key, new_key = f"tf-old-{uuid.uuid4().hex[:8]}", f"tf-new-{uuid.uuid4().hex[:8]}"
    for name in (old_key, new_key):  # alicloud_ecs_key_pair resources, applied first
        tea.call("CreateKeyPair", RegionId=REGION, KeyPairName=name)

    # Create: RunInstances with SecurityGroupId (classic: no vswitch_id, the first group only), KeyPairName.
    created = tea.call("RunInstances", RegionId=REGION, ClientToken=token("RunInstances"), InstanceType=INSTANCE_TYPE,
                       ImageId=IMAGE, ZoneId="cn-hangzhou-i", InstanceName="tf-web", InternetChargeType="PayByTraffic",
                       InstanceChargeType="PostPaid", SecurityGroupId=first, KeyPairName=old_key)  # fmt: skip
    instance_id = created["InstanceIdSets"]["InstanceIdSet"][0]
    poll(legacy, instance_id, ["Pending", "Starting", "Stopped"], ["Running"])
    state = read(tea, legacy, instance_id)
    assert state["instance_name"] == "tf-web" and state["security_groups"] == [first] and state["private_ip"]

    # Update instance_name / description: ModifyInstanceAttribute (Tea) with a ClientToken.
    tea.call("ModifyInstanceAttribute", InstanceId=instance_id, InstanceName="tf-web-2", Description="managed",
             ClientToken=token("ModifyInstanceAttribute"))  # fmt: skip
    state = read(tea, legacy, instance_id)
    assert (state["instance_name"], state["description"]) == ("tf-web-2", "managed")

    # security_groups: +second, -first (JoinSecurityGroup before the Leave, so the instance keeps one group).
    legacy.call("JoinSecurityGroup", InstanceId=instance_id, SecurityGroupId=second)
    legacy.call("LeaveSecurityGroup", InstanceId=instance_id, SecurityGroupId=first)
    assert read(tea, legacy, instance_id)["security_groups"] == [second]

    # deletion_protection.
    tea.call("ModifyInstanceAttribute", InstanceId=instance_id, DeletionProtection=True,
             ClientToken=token("ModifyInstanceAttribute"))  # fmt: skip
    assert read(tea, legacy, instance_id)["deletion_protection"] is True

    # tags: TagResources / UntagResources (legacy, ResourceType instance).
    legacy.generic_call("TagResources", RegionId=REGION, ResourceType="instance", **{"ResourceId.1": instance_id,
                        "Tag.1.Key": "env", "Tag.1.Value": "test"})  # fmt: skip
    assert read(tea, legacy, instance_id)["tags"] == {"env": "test"}

    # resource_group_id: JoinResourceGroup (the account's default group is its only one).
    group = read(tea, legacy, instance_id)["resource_group_id"]
    legacy.call("JoinResourceGroup", RegionId=REGION, ResourceType="instance", ResourceId=instance_id,
                ResourceGroupId=group)  # fmt: skip

    # instance_type (PostPaid): stop, ModifyInstanceSpec, start; cpu / memory follow the type.
    stop_then(tea, legacy, instance_id)
    tea.call("ModifyInstanceSpec", InstanceId=instance_id, InstanceType="ecs.g6.xlarge",
             ClientToken=token("ModifyInstanceSpec"))  # fmt: skip
    start(legacy, instance_id)
    state = read(tea, legacy, instance_id)
    assert (state["instance_type"], state["cpu"], state["memory"]) == ("ecs.g6.xlarge", 4, 16384)

    # internet_max_bandwidth_out 0 -> 5: ModifyInstanceNetworkSpec (a classic instance going from 0 must be
    # Stopped), then AllocatePublicIpAddress for PostPaid (RI 3254-3374).
    stop_then(tea, legacy, instance_id)
    tea.call("ModifyInstanceNetworkSpec", InstanceId=instance_id, InternetMaxBandwidthOut=5,
             ClientToken=token("ModifyInstanceNetworkSpec"))  # fmt: skip
    address = tea.call("AllocatePublicIpAddress", InstanceId=instance_id)["IpAddress"]
    start(legacy, instance_id)
    state = read(tea, legacy, instance_id)
    assert (state["internet_max_bandwidth_out"], state["public_ip"]) == (5, address)

    # key_name (RI 2441-2527): DescribeInstances, DetachKeyPair of the old pair, AttachKeyPair of the new one, then
    # RebootInstance (Running) and a poll for Running; the Read's KeyPairName gives key_name.
    assert describe_instance(legacy, instance_id)["KeyPairName"] == old_key  # type: ignore[index]
    detached = tea.call("DetachKeyPair", RegionId=REGION, KeyPairName=old_key, InstanceIds=json.dumps([instance_id]))
    assert str(detached["FailCount"]) == "0"
    attached = tea.call("AttachKeyPair", RegionId=REGION, KeyPairName=new_key, InstanceIds=json.dumps([instance_id]))
    assert str(attached["FailCount"]) == "0"
    legacy.call("RebootInstance", InstanceId=instance_id)
    poll(legacy, instance_id, ["Pending", "Starting", "Stopping", "Stopped"], ["Running"])
    assert describe_instance(legacy, instance_id)["KeyPairName"] == new_key  # type: ignore[index]

    # Delete: deletion protection off first (a plan would do it), then DeleteInstance Force=true while Running;
    # DescribeInstances until the list is empty, only known states in between.
    tea.call("ModifyInstanceAttribute", InstanceId=instance_id, DeletionProtection=False,
             ClientToken=token("ModifyInstanceAttribute"))  # fmt: skip
    legacy.call("DeleteInstance", InstanceId=instance_id, Force=True)
    poll(legacy, instance_id, ["Pending", "Running", "Stopped", "Stopping"], [])
    assert describe_instance(legacy, instance_id) is None


def test_prepaid_delete_goes_through_modify_charge_type(server: ServerProcess) -> None:
    """Delete of a PrePaid instance with force_delete: ModifyInstanceChargeType to PostPaid, then DeleteInstance."""
    tea, legacy = Api("tea", server.endpoint), Api("legacy", server.endpoint)
    created = tea.call("RunInstances", RegionId=REGION, ClientToken=token("RunInstances"), InstanceType=INSTANCE_TYPE,
                       ImageId=IMAGE, InstanceChargeType="PrePaid", Period=1, PeriodUnit="Month",
                       SecurityGroupId=new_group(legacy))  # fmt: skip
    instance_id = created["InstanceIdSets"]["InstanceIdSet"][0]
    poll(legacy, instance_id, ["Pending", "Starting", "Stopped"], ["Running"])
    renew = tea.call("DescribeInstanceAutoRenewAttribute", RegionId=REGION, InstanceId=instance_id)
    assert renew["InstanceRenewAttributes"]["InstanceRenewAttribute"][0]["RenewalStatus"] == "Normal"
    tea.call("ModifyInstanceChargeType", RegionId=REGION, InstanceIds=json.dumps([instance_id]),
             InstanceChargeType="PostPaid", IncludeDataDisks=True, AutoPay=True, DryRun=False,
             ClientToken=token("ModifyInstanceChargeType"))  # fmt: skip
    assert describe_instance(legacy, instance_id)["InstanceChargeType"] == "PostPaid"  # type: ignore[index]
    legacy.call("DeleteInstance", InstanceId=instance_id, Force=True)
    poll(legacy, instance_id, ["Pending", "Running", "Stopped", "Stopping"], [])
