"""ECS 2014-05-26 instances (api-spec §4.4–4.6): CreateInstance, RunInstances, DescribeInstances,
DescribeInstanceAttribute, StartInstance, StopInstance, RebootInstance, DeleteInstance.

Start/Stop/Reboot/Delete and DescribeInstanceAttribute document no RegionId, but the legacy SDK
always sends its client's region: when present it must be a known region holding the instance.
"""

from __future__ import annotations

import uuid
from typing import Any

from ... import errors
from ...domain import disks, instances
from ...domain.model import Instance
from ...domain.ports import UnitOfWork
from ..spec import ECS_VERSION, Bool, Call, Int, JsonList, Param, ParamType, Str, accepted, action, arn, ordered, page
from ..timefmt import ecs_time
from .common import CLIENT_TOKEN, DRY_RUN, ECS_REGION, MAX_RESULTS, NEXT_TOKEN, OPTIONAL_ECS_REGION, TAGS, token_page

INSTANCE_ID = Param("InstanceId", Str(max_len=64), required=True)
# PostPaid instances never expire; the API prints this date for them.
NEVER_EXPIRES = "2099-12-31T15:59Z"
MONTH = 30 * 24 * 3600
INSTANCE_CHARGE_TYPE = Str(choices=("PrePaid", "PostPaid"), error=errors.InstanceChargeTypeNotFound)
INTERNET_CHARGE_TYPE = Str(choices=("PayByTraffic", "PayByBandwidth"), error=errors.InternetChargeTypeNotSupported)


def instance_arn(call: Call) -> list[str]:
    return [arn("ecs", call, f"instance/{call['InstanceId'] or '*'}")]


def all_instances_arn(call: Call) -> list[str]:
    return [arn("ecs", call, "instance/*")]


# --- creation ---

# Every DataDisk.N.* field an SDK can send; the ones the emulator does not model are accepted and ignored.
DATA_DISK_FIELDS = (
    "Size", "Category", "SnapshotId", "DiskName", "Description", "DeleteWithInstance", "Encrypted", "KMSKeyId",
    "PerformanceLevel", "Device", "EncryptAlgorithm", "StorageClusterId", "AutoSnapshotPolicyId",
    "BurstingEnabled", "ProvisionedIops",
)  # fmt: skip

CREATE_PARAMS = (
    ECS_REGION,
    Param("InstanceType", Str(max_len=64), required=True),
    Param("ImageId", Str(max_len=128), required=True),
    Param("SecurityGroupId", Str(max_len=64), required=True),
    Param("VSwitchId", Str(max_len=64), default=""),
    Param("ZoneId", Str(max_len=64), default=""),
    # Names, host names and descriptions are checked in the domain, which answers their own codes.
    Param("InstanceName", Str(), default=""),
    Param("HostName", Str(), default=""),
    Param("Description", Str(), default=""),
    Param("PrivateIpAddress", Str(max_len=64), default=""),
    Param("InstanceChargeType", INSTANCE_CHARGE_TYPE, default="PostPaid"),
    Param("InternetChargeType", INTERNET_CHARGE_TYPE, default="PayByTraffic"),
    Param("InternetMaxBandwidthOut", Int(minimum=0, maximum=100), default=0),
    CLIENT_TOKEN,
    DRY_RUN,
    TAGS,
    # Disks and user data: checked in the domain, which answers their documented codes.
    Param("SystemDisk.Category", Str(max_len=64)),
    Param("SystemDisk.Size", Int()),
    Param("SystemDisk.DiskName", Str(), default=""),
    Param("SystemDisk.Description", Str(), default=""),
    Param("SystemDisk.PerformanceLevel", Str(max_len=16)),
    Param("DataDisk", repeat_fields=DATA_DISK_FIELDS, max_repeat=100),
    Param("UserData", Str(), default=""),
)


# Parameters the official SDKs can send that change nothing the emulator models: accepted and ignored,
# so no SDK call is refused as UnsupportedParameter (tests/unit/actions/test_sdk_parameter_coverage.py).
CREATE_ACCEPTED = accepted(
    "Affinity", "Arn.N.AssumeRoleFor", "Arn.N.RoleType", "Arn.N.Rolearn", "AutoRenew", "AutoRenewPeriod",
    "CreditSpecification", "DedicatedHostId", "DeletionProtection", "DeploymentSetGroupNo",
    "DeploymentSetId", "HibernationOptions.Configured", "HpcClusterId", "HttpEndpoint", "HttpPutResponseHopLimit",
    "HttpTokens", "ImageFamily", "InternetMaxBandwidthIn", "IoOptimized", "KeyPairName", "ManagedHostId",
    "Password", "PasswordInherit", "Period", "PeriodUnit", "PrivatePoolOptions.Id",
    "PrivatePoolOptions.MatchCriteria", "RamRoleName", "ResourceGroupId", "SecurityEnhancementStrategy",
    "SpotDuration", "SpotInterruptionBehavior", "SpotPriceLimit", "SpotStrategy", "StorageSetId",
    "StorageSetPartitionNumber", "SystemDisk.StorageClusterId", "Tenancy",
)  # fmt: skip
CREATE_INSTANCE_ACCEPTED = accepted("ClusterId", "NodeControllerId", "UseAdditionalService", "VlanId")
RUN_INSTANCES_ACCEPTED = accepted(
    "AutoPay", "AutoReleaseTime", "ClockOptions.PtpStatus", "CpuOptions.Core", "CpuOptions.EnableVISST",
    "CpuOptions.EnableVRDT", "CpuOptions.NestedVirtualization", "CpuOptions.Numa", "CpuOptions.ThreadsPerCore",
    "CpuOptions.TopologyType", "CpuOptions.TurboMode", "DataDisk.N.AutoSnapshotPolicyId",
    "DataDisk.N.BurstingEnabled", "DataDisk.N.ProvisionedIops", "HostNames.N", "ImageOptions.LoginAsNonRoot",
    "Ipv6Address.N", "Ipv6AddressCount", "Isp", "LaunchTemplateId", "LaunchTemplateName", "LaunchTemplateVersion",
    "NetworkInterface.N.DeleteOnRelease", "NetworkInterface.N.Description", "NetworkInterface.N.InstanceType",
    "NetworkInterface.N.Ipv6Address.N", "NetworkInterface.N.Ipv6AddressCount",
    "NetworkInterface.N.NetworkCardIndex", "NetworkInterface.N.NetworkInterfaceId",
    "NetworkInterface.N.NetworkInterfaceName", "NetworkInterface.N.NetworkInterfaceTrafficMode",
    "NetworkInterface.N.PrimaryIpAddress", "NetworkInterface.N.QueueNumber", "NetworkInterface.N.QueuePairNumber",
    "NetworkInterface.N.RxQueueSize", "NetworkInterface.N.SecondaryPrivateIpAddressCount",
    "NetworkInterface.N.SecurityGroupId", "NetworkInterface.N.SecurityGroupIds.N",
    "NetworkInterface.N.SourceDestCheck", "NetworkInterface.N.TxQueueSize", "NetworkInterface.N.VSwitchId",
    "NetworkInterfaceQueueNumber", "NetworkOptions.BandwidthWeighting", "NetworkOptions.EnableJumboFrame",
    "NetworkOptions.EnableNetworkEncryption", "PrivateDnsNameOptions.EnableInstanceIdDnsAAAARecord",
    "PrivateDnsNameOptions.EnableInstanceIdDnsARecord", "PrivateDnsNameOptions.EnableIpDnsARecord",
    "PrivateDnsNameOptions.EnableIpDnsPtrRecord", "PrivateDnsNameOptions.HostnameType",
    "SchedulerOptions.DedicatedHostClusterId", "SecurityGroupIds.N", "SecurityOptions.ConfidentialComputingMode",
    "SecurityOptions.EnableSecureBoot", "SecurityOptions.TrustedSystemMode", "SystemDisk.AutoSnapshotPolicyId",
    "SystemDisk.BurstingEnabled", "SystemDisk.EncryptAlgorithm", "SystemDisk.Encrypted", "SystemDisk.KMSKeyId",
    "SystemDisk.ProvisionedIops", "UniqueSuffix",
)  # fmt: skip
DESCRIBE_INSTANCES_ACCEPTED = accepted(
    "AdditionalAttributes.N", "DeviceAvailable", "Filter.N.Key", "Filter.N.Value", "HpcClusterId", "HttpEndpoint",
    "HttpPutResponseHopLimit", "HttpTokens", "IoOptimized", "Ipv6Address.N", "KeyPairName", "LockReason",
    "NeedSaleCycle", "RdmaIpAddresses", "ResourceGroupId",
)  # fmt: skip


def _data_disk(n: int, fields: dict[str, str]) -> disks.DiskRequest:
    def value(name: str, kind: ParamType) -> Any:
        raw = fields.get(name, "")
        return kind.parse(f"DataDisk.{n}.{name}", raw) if raw != "" else None

    delete_with_instance = value("DeleteWithInstance", Bool())
    return disks.DiskRequest(
        category=fields.get("Category") or None,
        size=value("Size", Int()),
        name=fields.get("DiskName", ""),
        description=fields.get("Description", ""),
        performance_level=fields.get("PerformanceLevel") or None,
        delete_with_instance=True if delete_with_instance is None else delete_with_instance,
        encrypted=bool(value("Encrypted", Bool())),
        kms_key_id=fields.get("KMSKeyId", ""),
        snapshot_id=fields.get("SnapshotId", ""),
    )


def _request(call: Call) -> instances.InstanceRequest:
    return instances.InstanceRequest(
        instance_type=call["InstanceType"],
        image_id=call["ImageId"],
        security_group_id=call["SecurityGroupId"],
        vswitch_id=call["VSwitchId"],
        zone_id=call["ZoneId"],
        name=call["InstanceName"],
        host_name=call["HostName"],
        description=call["Description"],
        private_ip=call["PrivateIpAddress"],
        inner_ip=call["InnerIpAddress"] or "",
        instance_charge_type=call["InstanceChargeType"],
        internet_charge_type=call["InternetChargeType"],
        internet_max_bandwidth_out=call["InternetMaxBandwidthOut"],
        tags=call["Tag"],
        system_disk=disks.DiskRequest(
            category=call["SystemDisk.Category"], size=call["SystemDisk.Size"], name=call["SystemDisk.DiskName"],
            description=call["SystemDisk.Description"], performance_level=call["SystemDisk.PerformanceLevel"],
        ),
        data_disks=[_data_disk(n, fields) for n, fields in enumerate(call["DataDisk"], start=1)],
        user_data=call["UserData"],
    )


@action(
    ECS_VERSION,
    "CreateInstance",
    *CREATE_PARAMS,
    Param("InnerIpAddress", Str(max_len=64)),
    *CREATE_ACCEPTED,
    *CREATE_INSTANCE_ACCEPTED,
    resources=all_instances_arn,
    client_token=True,
)
def create_instance(call: Call, uow: UnitOfWork) -> dict[str, Any]:
    [instance] = instances.create(uow, call.account_id, call.region_id, call.now, call.behaviour, _request(call))
    return {"InstanceId": instance.id}


@action(
    ECS_VERSION,
    "RunInstances",
    *CREATE_PARAMS,
    Param("Amount", Int(minimum=1, maximum=100), default=1),
    Param("MinAmount", Int(minimum=1, maximum=100)),
    *CREATE_ACCEPTED,
    *RUN_INSTANCES_ACCEPTED,
    resources=all_instances_arn,
    client_token=True,
)
def run_instances(call: Call, uow: UnitOfWork) -> dict[str, Any]:
    if call["MinAmount"] is not None and call["MinAmount"] > call["Amount"]:
        raise errors.MinAmountMalformed()
    created = instances.create(
        uow, call.account_id, call.region_id, call.now, call.behaviour, _request(call), amount=call["Amount"], run=True
    )
    return {"InstanceIdSets": {"InstanceIdSet": [i.id for i in created]}}


# --- views ---


def _common_view(instance: Instance, now: float) -> dict[str, Any]:
    status = instance.lifecycle.at(now)
    started = instance.started_at and instance.started_at <= now and status != "Pending"
    return {
        "InstanceId": instance.id,
        "InstanceName": instance.name,
        "Description": instance.description,
        "RegionId": instance.region_id,
        "ZoneId": instance.zone_id,
        "Status": status,
        "InstanceNetworkType": instance.network_type,
        "InstanceType": instance.instance_type,
        "ImageId": instance.image_id,
        "HostName": instance.host_name,
        "Cpu": instance.cpu,
        "Memory": instance.memory,
        "CreationTime": ecs_time(instance.created_at),
        "StartTime": ecs_time(instance.started_at) if started else "",
        "ExpiredTime": ecs_time(instance.created_at + MONTH)
        if instance.instance_charge_type == "PrePaid"
        else NEVER_EXPIRES,
        "InstanceChargeType": instance.instance_charge_type,
        "InternetChargeType": instance.internet_charge_type,
        "InternetMaxBandwidthOut": instance.internet_max_bandwidth_out,
        "InternetMaxBandwidthIn": -1,
        "StoppedMode": "KeepCharging" if status == "Stopped" else "Not-applicable",
        "SerialNumber": str(uuid.uuid5(uuid.NAMESPACE_URL, instance.id)),
        "SecurityGroupIds": {"SecurityGroupId": list(instance.security_group_ids)},
        "InnerIpAddress": {"IpAddress": [instance.inner_ip] if instance.inner_ip else []},
        "PublicIpAddress": {"IpAddress": []},
        # A classic instance's VpcAttributes stay empty, even while ClassicLinked (api-spec §4.4).
        "VpcAttributes": {
            "PrivateIpAddress": {"IpAddress": [instance.private_ip] if instance.private_ip else []},
            "VpcId": instance.vpc_id,
            "VSwitchId": instance.vswitch_id,
            "NatIpAddress": "",
        },
        "EipAddress": {"AllocationId": "", "IpAddress": "", "InternetChargeType": ""},
        "VlanId": "",
    }


# The order of DescribeInstances' documented sample (tests/data/response_order/Ecs/DescribeInstances.json):
# some clients (footmark) read the keys in arrival order and break when PublicIpAddress precedes EipAddress.
INSTANCE_KEYS = (
    "ResourceGroupId", "Memory", "InstanceChargeType", "Cpu", "OSName", "InstanceNetworkType", "InnerIpAddress",
    "ExpiredTime", "ImageId", "EipAddress", "ImageOptions", "VlanId", "HostName", "Tags", "Status",
    "HibernationOptions", "AdditionalInfo", "MetadataOptions", "InstanceId", "StoppedMode", "CpuOptions",
    "StartTime", "DeletionProtection", "SecurityGroupIds", "VpcAttributes", "InternetChargeType", "InstanceName",
    "DeploymentSetId", "InternetMaxBandwidthOut", "SerialNumber", "OSType", "CreationTime", "AutoReleaseTime",
    "Description", "InstanceTypeFamily", "DedicatedInstanceAttribute", "PublicIpAddress", "GPUSpec",
    "NetworkInterfaces", "SpotPriceLimit", "DeviceAvailable", "SaleCycle", "InstanceType", "OSNameEn",
    "SpotStrategy", "IoOptimized", "ZoneId", "ClusterId", "EcsCapacityReservationAttr", "DedicatedHostAttribute",
    "GPUAmount", "OperationLocks", "InternetMaxBandwidthIn", "Recyclable", "RegionId", "CreditSpecification",
)  # fmt: skip


def instance_view(instance: Instance, now: float) -> dict[str, Any]:
    """One entry of DescribeInstances' Instances.Instance[]."""
    view = {
        **_common_view(instance, now),
        "InstanceTypeFamily": instances.instance_type_family(instance.instance_type),
        "IoOptimized": True,
        "DeviceAvailable": True,
        "Recyclable": False,
        "DeletionProtection": instance.deletion_protection,
        "OSType": "linux",
        "GPUAmount": 0,
        "GPUSpec": "",
        "SpotStrategy": "NoSpot",
        "SpotPriceLimit": 0.0,
        "OperationLocks": {"LockReason": []},
        "Tags": {"Tag": [{"TagKey": t.get("Key", ""), "TagValue": t.get("Value", "")} for t in instance.tags]},
    }
    return ordered(view, INSTANCE_KEYS)


@action(
    ECS_VERSION,
    "DescribeInstances",
    ECS_REGION,
    Param("VpcId", Str(max_len=64)),
    Param("VSwitchId", Str(max_len=64)),
    Param("ZoneId", Str(max_len=64)),
    Param("InstanceNetworkType", Str(choices=("classic", "vpc"), error=errors.InvalidNetworkTypeFilter)),
    Param("SecurityGroupId", Str(max_len=64)),
    Param("InstanceIds", JsonList(max_items=100)),
    Param("InstanceName", Str(max_len=128)),
    Param("Status", Str(choices=instances.STATUSES, error=errors.InvalidStatusFilter)),
    Param("InnerIpAddresses", JsonList(max_items=100)),
    Param("PrivateIpAddresses", JsonList(max_items=100)),
    Param("PublicIpAddresses", JsonList(max_items=100)),
    Param("EipAddresses", JsonList(max_items=100)),
    Param("InstanceType", Str(max_len=64)),
    Param("InstanceTypeFamily", Str(max_len=64)),
    Param("ImageId", Str(max_len=128)),
    Param("InstanceChargeType", INSTANCE_CHARGE_TYPE),
    Param("InternetChargeType", INTERNET_CHARGE_TYPE),
    Param("PageNumber", Int(minimum=1), default=1),
    Param("PageSize", Int(minimum=1, maximum=100), default=10),
    NEXT_TOKEN,
    MAX_RESULTS,
    DRY_RUN,
    TAGS,
    *DESCRIBE_INSTANCES_ACCEPTED,
    resources=all_instances_arn,
)
def describe_instances(call: Call, uow: UnitOfWork) -> dict[str, Any]:
    where = instances.InstanceFilter(
        vpc_id=call["VpcId"], vswitch_id=call["VSwitchId"], zone_id=call["ZoneId"],
        network_type=call["InstanceNetworkType"], security_group_id=call["SecurityGroupId"],
        instance_ids=call["InstanceIds"], name=call["InstanceName"], status=call["Status"],
        inner_ips=call["InnerIpAddresses"], private_ips=call["PrivateIpAddresses"],
        public_ips=call["PublicIpAddresses"], eip_addresses=call["EipAddresses"],
        instance_type=call["InstanceType"], instance_type_family=call["InstanceTypeFamily"],
        image_id=call["ImageId"], instance_charge_type=call["InstanceChargeType"],
        internet_charge_type=call["InternetChargeType"], tags=call["Tag"],
    )  # fmt: skip
    found = instances.find(uow, call.account_id, call.region_id, where, call.now)
    body: dict[str, Any]
    if call["NextToken"] is not None or call["MaxResults"] is not None:
        shown, next_token = token_page(found, call["NextToken"], call["MaxResults"])
        body = {"NextToken": next_token}
    else:
        shown = page(found, call["PageNumber"], call["PageSize"])
        body = {"NextToken": "", "PageSize": call["PageSize"], "PageNumber": call["PageNumber"]}
    # The sample's order: RequestId sits between PageNumber and TotalCount.
    body.update(RequestId="", TotalCount=len(found))
    body["Instances"] = {"Instance": [instance_view(i, call.now) for i in shown]}
    return body


# DescribeInstanceAttribute's own order (tests/data/response_order/Ecs/DescribeInstanceAttribute.json).
ATTRIBUTE_KEYS = (
    "Status", "SerialNumber", "CreationTime", "RequestId", "Description", "InstanceName", "InstanceNetworkType",
    "Memory", "ImageId", "ClusterId", "VlanId", "StoppedMode", "HostName", "InstanceId", "Cpu", "CreditSpecification",
    "DedicatedHostAttribute", "EipAddress", "ExpiredTime", "InnerIpAddress", "InstanceChargeType", "InstanceType",
    "InternetChargeType", "InternetMaxBandwidthIn", "InternetMaxBandwidthOut", "IoOptimized", "OperationLocks",
    "PublicIpAddress", "RegionId", "SecurityGroupIds", "VpcAttributes", "ZoneId",
)  # fmt: skip


@action(ECS_VERSION, "DescribeInstanceAttribute", OPTIONAL_ECS_REGION, INSTANCE_ID, resources=instance_arn)
def describe_instance_attribute(call: Call, uow: UnitOfWork) -> dict[str, Any]:
    instance = instances.get(uow, call.account_id, call.region_id or None, call["InstanceId"])
    view = _common_view(instance, call.now)
    view.pop("StartTime")
    view["VpcAttributes"] = ordered(view["VpcAttributes"], ("NatIpAddress", "PrivateIpAddress", "VSwitchId", "VpcId"))
    view["EipAddress"] = ordered(view["EipAddress"], ("AllocationId", "InternetChargeType", "IpAddress"))
    # This API's model has its own shapes: IoOptimized is a word, lock reasons carry no message.
    view.update({
        "RequestId": "",
        "IoOptimized": "optimized",
        "ClusterId": "",
        "CreditSpecification": "",
        "DedicatedHostAttribute": {"DedicatedHostId": "", "DedicatedHostName": ""},
        "OperationLocks": {"LockReason": []},
    })  # fmt: skip
    return ordered(view, ATTRIBUTE_KEYS)


# --- state changes ---


@action(
    ECS_VERSION, "StartInstance", OPTIONAL_ECS_REGION, INSTANCE_ID,
    Param("InitLocalDisk", Bool(), default=False), DRY_RUN,
    resources=instance_arn,
)  # fmt: skip
def start_instance(call: Call, uow: UnitOfWork) -> dict[str, Any]:
    instances.start(uow, call.account_id, call.region_id or None, call["InstanceId"], call.now, call.behaviour)
    return {}


@action(
    ECS_VERSION, "StopInstance", OPTIONAL_ECS_REGION, INSTANCE_ID,
    Param("StoppedMode", Str(choices=("StopCharging", "KeepCharging"))),
    Param("ForceStop", Bool(), default=False),
    Param("ConfirmStop", Bool(), default=False),
    Param("Hibernate", Bool(), default=False),
    DRY_RUN,
    resources=instance_arn,
)  # fmt: skip
def stop_instance(call: Call, uow: UnitOfWork) -> dict[str, Any]:
    instances.stop(uow, call.account_id, call.region_id or None, call["InstanceId"], call.now, call.behaviour,
                   stopped_mode=call["StoppedMode"])  # fmt: skip
    return {}


@action(
    ECS_VERSION, "RebootInstance", OPTIONAL_ECS_REGION, INSTANCE_ID,
    Param("ForceStop", Bool(), default=False), DRY_RUN,
    resources=instance_arn,
)  # fmt: skip
def reboot_instance(call: Call, uow: UnitOfWork) -> dict[str, Any]:
    instances.reboot(uow, call.account_id, call.region_id or None, call["InstanceId"], call.now, call.behaviour)
    return {}


@action(
    ECS_VERSION, "DeleteInstance", OPTIONAL_ECS_REGION, INSTANCE_ID,
    Param("Force", Bool(), default=False),
    Param("ForceStop", Bool(), default=False),
    Param("TerminateSubscription", Bool(), default=False),
    DRY_RUN,
    resources=instance_arn,
)  # fmt: skip
def delete_instance(call: Call, uow: UnitOfWork) -> dict[str, Any]:
    instances.delete(uow, call.account_id, call.region_id or None, call["InstanceId"], call.now,
                     force=call["Force"], terminate_subscription=call["TerminateSubscription"])  # fmt: skip
    return {}
