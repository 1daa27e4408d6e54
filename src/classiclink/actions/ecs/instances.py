"""ECS 2014-05-26 instances (api-spec §4.4–4.6): CreateInstance, RunInstances, DescribeInstances,
DescribeInstanceAttribute, StartInstance, StopInstance, RebootInstance, DeleteInstance.

Start/Stop/Reboot/Delete and DescribeInstanceAttribute document no RegionId, but the legacy SDK
always sends its client's region: when present it must be a known region holding the instance.
"""

from __future__ import annotations

import calendar
import time
from dataclasses import dataclass
from typing import Any

from ... import errors
from ...domain import (
    condition_checks,
    disks,
    eips,
    images,
    instance_checks,
    instance_options,
    instances,
    launch_network,
    launch_settings,
    network_interfaces,
)
from ...domain.ports import UnitOfWork
from ...domain.scope import Scope
from ...reads import instances as instance_reads
from ...reads.paging import Paging
from ..spec import ECS_VERSION, Bool, Float, Int, JsonList, ParamType, Request, Str, action, param, scope_arn
from .common import client_token, dry_run, ecs_region, max_results, next_token, optional_ecs_region, tag_list
from .network_interfaces import QUEUES, TRAFFIC_MODE, eni_options

# CpuOptions.TopologyType and PrivateDnsNameOptions.HostnameType (RunInstances, ModifyInstanceAttribute).
CPU_TOPOLOGIES = ("ContinuousCoreToHTMapping", "DiscreteCoreToHTMapping")
HOSTNAME_TYPES = ("Custom", "IpBased", "InstanceIdBased")
INSTANCE_CHARGE_TYPE = Str(choices=("PrePaid", "PostPaid"), error=errors.InstanceChargeTypeNotFound)
# CreateInstance and RunInstances word the same refusal without the final period.
NEW_INSTANCE_CHARGE_TYPE = Str(choices=("PrePaid", "PostPaid"), error=errors.CreateInstanceChargeTypeNotFound)
INTERNET_CHARGE_TYPE = Str(choices=("PayByTraffic", "PayByBandwidth"), error=errors.InternetChargeTypeNotSupported)


def instance_id() -> Any:
    return param("InstanceId", Str(max_len=64), required=True)


def instance_arn(request: Any, scope: Scope) -> list[str]:
    return [scope_arn("ecs", scope, f"instance/{getattr(request, 'instance_id', '') or '*'}")]


def all_instances_arn(request: Any, scope: Scope) -> list[str]:
    return [scope_arn("ecs", scope, "instance/*")]


# --- creation ---

# Every DataDisk.N.* field an SDK can send; the ones the emulator does not model are accepted and ignored.
DATA_DISK_FIELDS = (
    "Size", "Category", "SnapshotId", "DiskName", "Description", "DeleteWithInstance", "Encrypted", "KMSKeyId",
    "PerformanceLevel", "Device", "EncryptAlgorithm", "StorageClusterId", "AutoSnapshotPolicyId",
    "BurstingEnabled", "ProvisionedIops",
)  # fmt: skip

# Parameters the official SDKs can send that change nothing the emulator models: accepted and ignored,
# so no SDK call is refused as UnsupportedParameter (tests/unit/actions/test_sdk_parameter_coverage.py).
# Each is listed with its reason in docs/compatibility.md: billing, placement on hardware, or guest-side effects
# the control plane does not model.
CREATE_IGNORED = (
    "Affinity", "Arn.N.AssumeRoleFor", "Arn.N.RoleType", "Arn.N.Rolearn", "DeploymentSetGroupNo", "ManagedHostId",
    "SecurityEnhancementStrategy", "StorageSetId", "StorageSetPartitionNumber", "SystemDisk.StorageClusterId",
)  # fmt: skip
CREATE_INSTANCE_IGNORED = ("UseAdditionalService",)
RUN_INSTANCES_IGNORED = (
    "AutoPay", "Isp", "LaunchTemplateId", "LaunchTemplateName", "LaunchTemplateVersion",
    "SchedulerOptions.DedicatedHostClusterId", "SecurityOptions.ConfidentialComputingMode",
    "SecurityOptions.TrustedSystemMode", "SystemDisk.EncryptAlgorithm",
)  # fmt: skip
# Every NetworkInterface.N.* field of RunInstances; queues, network cards, traffic modes and the source/destination
# check are hardware or guest settings, accepted and ignored (docs/compatibility.md).
NETWORK_INTERFACE_FIELDS = (
    "VSwitchId", "NetworkInterfaceName", "Description", "SecurityGroupId", "SecurityGroupIds.N", "PrimaryIpAddress",
    "QueueNumber", "NetworkInterfaceTrafficMode", "QueuePairNumber", "InstanceType", "Ipv6AddressCount",
    "Ipv6Address.N", "NetworkCardIndex", "DeleteOnRelease", "NetworkInterfaceId", "RxQueueSize", "TxQueueSize",
    "SourceDestCheck", "SecondaryPrivateIpAddressCount",
)  # fmt: skip

# AdditionalAttributes.N asks for extra fields the answer always carries; NeedSaleCycle for SaleCycle, likewise.
DESCRIBE_INSTANCES_IGNORED = ("AdditionalAttributes.N", "NeedSaleCycle")


@dataclass(frozen=True, kw_only=True)
class _NewInstances(Request):
    """What CreateInstance and RunInstances both declare, in their order."""

    region_id: str = ecs_region()
    instance_type: str = param("InstanceType", Str(max_len=64), required=True)
    image_id: str = param("ImageId", Str(max_len=128), default="")
    image_family: str = param("ImageFamily", Str(max_len=128), default="")
    security_group_id: str = param("SecurityGroupId", Str(max_len=64), default="")
    vswitch_id: str = param("VSwitchId", Str(max_len=64), default="")
    zone_id: str = param("ZoneId", Str(max_len=64), default="")
    # Names, host names and descriptions are checked in the domain, which answers their own codes.
    instance_name: str = param("InstanceName", Str(), default="")
    host_name: str = param("HostName", Str(), default="")
    description: str = param("Description", Str(), default="")
    private_ip_address: str = param("PrivateIpAddress", Str(max_len=64), default="")
    instance_charge_type: str = param("InstanceChargeType", NEW_INSTANCE_CHARGE_TYPE, default="PostPaid")
    internet_charge_type: str = param("InternetChargeType", INTERNET_CHARGE_TYPE, default="PayByTraffic")
    internet_max_bandwidth_out: int = param("InternetMaxBandwidthOut", Int(minimum=0, maximum=100), default=0)
    client_token: str | None = client_token()
    dry_run: bool = dry_run()
    # More than the 20 tags a resource takes is the domain's QuotaExceed.Tags, not a malformed index.
    tag: list[dict[str, str]] = param("Tag", repeat_fields=("Key", "Value"), max_repeat=1000)
    # Disks and user data: checked in the domain, which answers their documented codes.
    system_disk_category: str | None = param("SystemDisk.Category", Str(max_len=64))
    system_disk_size: int | None = param("SystemDisk.Size", Int())
    system_disk_name: str = param("SystemDisk.DiskName", Str(), default="")
    system_disk_description: str = param("SystemDisk.Description", Str(), default="")
    system_disk_performance_level: str | None = param("SystemDisk.PerformanceLevel", Str(max_len=16))
    data_disk: list[dict[str, str]] = param("DataDisk", repeat_fields=DATA_DISK_FIELDS, max_repeat=100)
    user_data: str = param("UserData", Str(), default="")
    key_pair_name: str = param("KeyPairName", Str(max_len=128), default="")
    deletion_protection: bool = param("DeletionProtection", Bool(), default=False)
    resource_group_id: str = param("ResourceGroupId", Str(max_len=64), default="")
    period: int | None = param("Period", Int())
    period_unit: str = param("PeriodUnit", Str(choices=("Week", "Month"), error=errors.PeriodUnitNotSupported),
                             default="Month")  # fmt: skip
    ram_role_name: str = param("RamRoleName", Str(max_len=64), default="")
    http_endpoint: str = param("HttpEndpoint", Str(choices=("enabled", "disabled"), error=errors.HttpEndpointNotSupported),
                               default="")  # fmt: skip
    http_tokens: str = param("HttpTokens", Str(choices=("optional", "required"), error=errors.HttpTokensNotSupported),
                             default="")  # fmt: skip
    http_put_response_hop_limit: int | None = param("HttpPutResponseHopLimit", Int())
    spot_strategy: str = param("SpotStrategy", Str(max_len=32, error=errors.SpotStrategyInvalid), default="NoSpot")
    spot_price_limit: float | None = param("SpotPriceLimit", Float(error=errors.SpotPriceLimitInvalid))
    spot_duration: int | None = param("SpotDuration", Int())
    spot_interruption_behavior: str = param("SpotInterruptionBehavior", Str(max_len=32), default="Terminate")
    credit_specification: str = param("CreditSpecification", Str(max_len=32), default="")
    deployment_set_id: str = param("DeploymentSetId", Str(max_len=64), default="")
    hpc_cluster_id: str = param("HpcClusterId", Str(max_len=64), default="")
    password: str = param("Password", Str(max_len=64, error=errors.PasswordMalformed), default="")
    password_inherit: bool = param("PasswordInherit", Bool(), default=False)
    io_optimized: str = param("IoOptimized", Str(max_len=16), default="")
    # Placement on things the emulator does not keep: refused with their documented codes (instance_checks).
    dedicated_host_id: str = param("DedicatedHostId", Str(max_len=64), default="")
    tenancy: str = param("Tenancy", Str(max_len=16, error=errors.TenancyInvalid), default="")
    private_pool_id: str = param("PrivatePoolOptions.Id", Str(max_len=64), default="")
    private_pool_match: str = param("PrivatePoolOptions.MatchCriteria", Str(max_len=16), default="")
    auto_renew_period: int | None = param("AutoRenewPeriod", Int())
    internet_max_bandwidth_in: int | None = param("InternetMaxBandwidthIn", Int())
    # Settings that only read back (domain/launch_settings.py).
    auto_renew: bool = param("AutoRenew", Bool(), default=False)
    hibernation_configured: bool | None = param("HibernationOptions.Configured", Bool())

    def launch_options(self) -> dict[str, Any]:
        """The launch options given, by parameter (``None`` = not given)."""
        return {"HibernationOptions.Configured": self.hibernation_configured}

    def system_disk_settings(self) -> dict[str, Any]:
        """SystemDisk.* besides category, size, name, description and level (RunInstances has more)."""
        return {}


@dataclass(frozen=True, kw_only=True)
class CreateInstance(_NewInstances):
    inner_ip_address: str | None = param("InnerIpAddress", Str(max_len=64))
    node_controller_id: str = param("NodeControllerId", Str(max_len=64), default="")
    vlan_id: str = param("VlanId", Str(max_len=64), default="")
    cluster_id: str = param("ClusterId", Str(max_len=64), default="")
    ignored = CREATE_IGNORED + CREATE_INSTANCE_IGNORED


@dataclass(frozen=True, kw_only=True)
class RunInstances(_NewInstances):
    amount: int = param("Amount", Int(minimum=1, maximum=100), default=1)
    min_amount: int | None = param("MinAmount", Int(minimum=1, maximum=100))
    security_group_ids: list[str] = param("SecurityGroupIds", values=True, max_repeat=100)
    unique_suffix: bool = param("UniqueSuffix", Bool(), default=False)
    host_names: list[str] = param("HostNames", values=True, max_repeat=1000)
    auto_release_time: str = param("AutoReleaseTime", Str(max_len=32), default="")
    network_interface: list[dict[str, Any]] = param("NetworkInterface", repeat_fields=NETWORK_INTERFACE_FIELDS,
                                                    max_repeat=100)  # fmt: skip
    ipv6_address: list[str] = param("Ipv6Address", values=True, max_repeat=100)
    ipv6_address_count: int | None = param("Ipv6AddressCount", Int())
    # "Specifies whether to encrypt the system disk"; "The ID of the KMS key used for the system cloud disk".
    system_disk_encrypted: bool | None = param("SystemDisk.Encrypted", Bool())
    system_disk_kms_key_id: str = param("SystemDisk.KMSKeyId", Str(max_len=128), default="")
    system_disk_policy_id: str = param("SystemDisk.AutoSnapshotPolicyId", Str(max_len=64), default="")
    system_disk_bursting: bool | None = param("SystemDisk.BurstingEnabled", Bool())
    system_disk_iops: int | None = param("SystemDisk.ProvisionedIops", Int())
    # Launch options: they read back in DescribeInstances / DescribeInstanceAttribute (domain/launch_settings.py).
    cpu_core: int | None = param("CpuOptions.Core", Int(minimum=1))
    cpu_threads_per_core: int | None = param("CpuOptions.ThreadsPerCore", Int(minimum=1, maximum=2))
    cpu_numa: str | None = param("CpuOptions.Numa", Str(max_len=32))
    cpu_topology_type: str | None = param("CpuOptions.TopologyType", Str(choices=CPU_TOPOLOGIES))
    cpu_turbo_mode: str | None = param("CpuOptions.TurboMode", Str(max_len=32))
    cpu_enable_visst: bool | None = param("CpuOptions.EnableVISST", Bool())
    cpu_enable_vrdt: bool | None = param("CpuOptions.EnableVRDT", Bool())
    cpu_nested_virtualization: bool | None = param("CpuOptions.NestedVirtualization", Bool())
    login_as_non_root: bool | None = param("ImageOptions.LoginAsNonRoot", Bool())
    ptp_status: str | None = param("ClockOptions.PtpStatus", Str(choices=("enabled", "disabled")))
    enable_secure_boot: bool | None = param("SecurityOptions.EnableSecureBoot", Bool())
    dns_instance_id_aaaa: bool | None = param("PrivateDnsNameOptions.EnableInstanceIdDnsAAAARecord", Bool())
    dns_instance_id_a: bool | None = param("PrivateDnsNameOptions.EnableInstanceIdDnsARecord", Bool())
    dns_ip_a: bool | None = param("PrivateDnsNameOptions.EnableIpDnsARecord", Bool())
    dns_ip_ptr: bool | None = param("PrivateDnsNameOptions.EnableIpDnsPtrRecord", Bool())
    hostname_type: str | None = param("PrivateDnsNameOptions.HostnameType", Str(choices=HOSTNAME_TYPES))
    bandwidth_weighting: str | None = param("NetworkOptions.BandwidthWeighting", Str(max_len=32))
    enable_jumbo_frame: bool | None = param("NetworkOptions.EnableJumboFrame", Bool())
    enable_network_encryption: bool | None = param("NetworkOptions.EnableNetworkEncryption", Bool())
    network_interface_queue_number: int | None = param("NetworkInterfaceQueueNumber", Int(minimum=-1, maximum=2048))

    ignored = CREATE_IGNORED + RUN_INSTANCES_IGNORED

    def launch_options(self) -> dict[str, Any]:
        return {
            **super().launch_options(), "CpuOptions.Core": self.cpu_core,
            "CpuOptions.ThreadsPerCore": self.cpu_threads_per_core, "CpuOptions.Numa": self.cpu_numa,
            "CpuOptions.TopologyType": self.cpu_topology_type, "CpuOptions.TurboMode": self.cpu_turbo_mode,
            "CpuOptions.EnableVISST": self.cpu_enable_visst, "CpuOptions.EnableVRDT": self.cpu_enable_vrdt,
            "CpuOptions.NestedVirtualization": self.cpu_nested_virtualization,
            "ImageOptions.LoginAsNonRoot": self.login_as_non_root, "ClockOptions.PtpStatus": self.ptp_status,
            "SecurityOptions.EnableSecureBoot": self.enable_secure_boot,
            "PrivateDnsNameOptions.EnableInstanceIdDnsAAAARecord": self.dns_instance_id_aaaa,
            "PrivateDnsNameOptions.EnableInstanceIdDnsARecord": self.dns_instance_id_a,
            "PrivateDnsNameOptions.EnableIpDnsARecord": self.dns_ip_a,
            "PrivateDnsNameOptions.EnableIpDnsPtrRecord": self.dns_ip_ptr,
            "PrivateDnsNameOptions.HostnameType": self.hostname_type,
            "NetworkOptions.BandwidthWeighting": self.bandwidth_weighting,
        }  # fmt: skip

    def system_disk_settings(self) -> dict[str, Any]:
        return {"encrypted": self.system_disk_encrypted, "kms_key_id": self.system_disk_kms_key_id,
                "auto_snapshot_policy_id": self.system_disk_policy_id, "bursting_enabled": self.system_disk_bursting,
                "provisioned_iops": self.system_disk_iops}  # fmt: skip


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
        encrypted=value("Encrypted", Bool()),
        kms_key_id=fields.get("KMSKeyId", ""),
        snapshot_id=fields.get("SnapshotId", ""),
        device=fields.get("Device", ""),
        auto_snapshot_policy_id=fields.get("AutoSnapshotPolicyId", ""),
        bursting_enabled=value("BurstingEnabled", Bool()),
        provisioned_iops=value("ProvisionedIops", Int()),
    )


def _network_interface(n: int, fields: dict[str, Any]) -> launch_network.EniSpec:
    def value(name: str, kind: ParamType) -> Any:
        raw = fields.get(name, "")
        return kind.parse(f"NetworkInterface.{n}.{name}", raw) if isinstance(raw, str) and raw != "" else None

    def listed(name: str) -> list[str]:
        raw = fields.get(name, [])
        return [v for v in raw if v] if isinstance(raw, list) else []

    return launch_network.EniSpec(
        position=n, kind=fields.get("InstanceType") or "Secondary", vswitch_id=fields.get("VSwitchId", ""),
        security_group_id=fields.get("SecurityGroupId", ""), security_group_ids=listed("SecurityGroupIds"),
        primary_ip=fields.get("PrimaryIpAddress", ""), name=fields.get("NetworkInterfaceName", ""),
        description=fields.get("Description", ""), secondary_count=value("SecondaryPrivateIpAddressCount", Int()),
        ipv6_addresses=listed("Ipv6Address"), ipv6_count=value("Ipv6AddressCount", Int()),
        delete_on_release=value("DeleteOnRelease", Bool()), network_interface_id=fields.get("NetworkInterfaceId", ""),
        # One network card per instance here (AttachNetworkInterface takes index 0 only): checked, nothing to keep.
        network_card_index=value("NetworkCardIndex", Int(minimum=0, maximum=0)),
        options=eni_options(
            QueueNumber=value("QueueNumber", QUEUES), QueuePairNumber=value("QueuePairNumber", Int(minimum=1)),
            NetworkInterfaceTrafficMode=value("NetworkInterfaceTrafficMode", TRAFFIC_MODE),
            SourceDestCheck=value("SourceDestCheck", Bool()),
        ),
    )  # fmt: skip


def _image(request: _NewInstances) -> str:
    """ImageId, or the newest image of ImageFamily when no ImageId is given (E-RI: one of them is needed);
    "ImageFamily must be empty if ImageId is specified"."""
    if request.image_id and request.image_family:
        raise errors.ImageIdAndFamily()
    if request.image_id:
        return request.image_id
    if not request.image_family:
        raise errors.MissingParameter(name="ImageId")
    return instances.family_image(request.image_family)


def _placement(request: _NewInstances) -> instance_checks.Placement:
    return instance_checks.Placement(
        node_controller_id=getattr(request, "node_controller_id", ""), vlan_id=getattr(request, "vlan_id", ""),
        cluster_id=getattr(request, "cluster_id", ""), tenancy=request.tenancy,
        dedicated_host_id=request.dedicated_host_id, private_pool_id=request.private_pool_id,
        private_pool_match=request.private_pool_match, hpc_cluster_id=request.hpc_cluster_id,
    )  # fmt: skip


def _instance_request(request: _NewInstances, inner_ip: str = "", **run_only: Any) -> instances.InstanceRequest:
    return instances.InstanceRequest(
        instance_type=request.instance_type,
        image_id=_image(request),
        security_group_id=request.security_group_id,
        vswitch_id=request.vswitch_id,
        zone_id=request.zone_id,
        name=request.instance_name,
        host_name=request.host_name,
        description=request.description,
        private_ip=request.private_ip_address,
        inner_ip=inner_ip,
        instance_charge_type=request.instance_charge_type,
        internet_charge_type=request.internet_charge_type,
        internet_max_bandwidth_out=request.internet_max_bandwidth_out,
        tags=request.tag,
        system_disk=disks.DiskRequest(
            category=request.system_disk_category, size=request.system_disk_size, name=request.system_disk_name,
            description=request.system_disk_description, performance_level=request.system_disk_performance_level,
            **request.system_disk_settings(),
        ),
        data_disks=[_data_disk(n, fields) for n, fields in enumerate(request.data_disk, start=1)],
        user_data=request.user_data,
        key_pair_name=request.key_pair_name, deletion_protection=request.deletion_protection,
        resource_group_id=request.resource_group_id, period=request.period, period_unit=request.period_unit,
        ram_role_name=request.ram_role_name, http_endpoint=request.http_endpoint, http_tokens=request.http_tokens,
        http_put_response_hop_limit=request.http_put_response_hop_limit, spot_strategy=request.spot_strategy,
        spot_price_limit=request.spot_price_limit, spot_duration=request.spot_duration,
        spot_interruption_behavior=request.spot_interruption_behavior,
        credit_specification=request.credit_specification, deployment_set_id=request.deployment_set_id,
        hpc_cluster_id=request.hpc_cluster_id, password=request.password,
        password_inherit=request.password_inherit, io_optimized=request.io_optimized,
        placement=_placement(request), auto_renew_period=request.auto_renew_period,
        internet_max_bandwidth_in=request.internet_max_bandwidth_in,
        data_disk_devices=[fields.get("Device", "") for fields in request.data_disk],
        settings=launch_settings.LaunchSettings(
            auto_renew=request.auto_renew, options=launch_settings.options(request.launch_options()),
            network_interface_queue_number=getattr(request, "network_interface_queue_number", None),
            enable_jumbo_frame=getattr(request, "enable_jumbo_frame", None),
            enable_network_encryption=getattr(request, "enable_network_encryption", None),
        ),
        **run_only,
    )  # fmt: skip


def _order(created: list[Any], request: _NewInstances) -> dict[str, Any]:
    """OrderId and TradePrice: a PrePaid purchase is an order with a price (E-RI response)."""
    if request.instance_charge_type != "PrePaid" or not created:
        return {}
    first = created[0]
    seconds = first.expires_at - first.created_at
    total = sum(instance_options.price(i.cpu, i.memory, seconds) for i in created)
    return {"OrderId": str(int(first.created_at * 1000) % 10**15).rjust(15, "2"), "TradePrice": round(total, 2)}


@action(ECS_VERSION, "CreateInstance", CreateInstance, resources=all_instances_arn, client_token=True)
def create_instance(request: CreateInstance, scope: Scope, uow: UnitOfWork) -> dict[str, Any]:
    image = images.facts(uow, scope, images.require_usable(uow, scope, _image(request)))  # InvalidImageId.NotFound
    wanted = _instance_request(request, inner_ip=request.inner_ip_address or "", refuse_windows_key_pair=True,
                               io_optimized_error=errors.IoOptimizedValueNotSupported, create_instance=True)  # fmt: skip
    [instance] = instances.create(uow, scope, request=wanted, image=image)
    return {"InstanceId": instance.id, **_order([instance], request)}


@action(ECS_VERSION, "RunInstances", RunInstances, resources=all_instances_arn, client_token=True)
def run_instances(request: RunInstances, scope: Scope, uow: UnitOfWork) -> dict[str, Any]:
    if request.min_amount is not None and request.min_amount > request.amount:
        raise errors.MinAmountMalformed()
    image = images.facts(uow, scope, images.require_usable(uow, scope, _image(request)))  # InvalidImageId.NotFound
    wanted = _instance_request(
        request, security_group_ids=request.security_group_ids, unique_suffix=request.unique_suffix,
        host_names=request.host_names, auto_release_time=request.auto_release_time, public_ip_with_bandwidth=True,
        network=launch_network.LaunchNetwork(
            interfaces=[_network_interface(n, f) for n, f in enumerate(request.network_interface, start=1)],
            ipv6_addresses=request.ipv6_address, ipv6_count=request.ipv6_address_count,
        ),
    )  # fmt: skip
    created = instances.create(uow, scope, request=wanted, amount=request.amount, run=True, image=image)
    return {"InstanceIdSets": {"InstanceIdSet": [i.id for i in created]}, **_order(created, request)}


# --- reads ---


@dataclass(frozen=True, kw_only=True)
class DescribeInstances(Request):
    region_id: str = ecs_region()
    vpc_id: str | None = param("VpcId", Str(max_len=64))
    vswitch_id: str | None = param("VSwitchId", Str(max_len=64))
    zone_id: str | None = param("ZoneId", Str(max_len=64))
    instance_network_type: str | None = param(
        "InstanceNetworkType", Str(choices=("classic", "vpc"), error=errors.InvalidNetworkTypeFilter)
    )
    security_group_id: str | None = param("SecurityGroupId", Str(max_len=64))
    instance_ids: list[str] | None = param("InstanceIds", JsonList(max_items=100))
    instance_name: str | None = param("InstanceName", Str(max_len=128))
    status: str | None = param("Status", Str(choices=instances.STATUSES, error=errors.InvalidStatusFilter))
    inner_ip_addresses: list[str] | None = param("InnerIpAddresses", JsonList(max_items=100))
    private_ip_addresses: list[str] | None = param("PrivateIpAddresses", JsonList(max_items=100))
    public_ip_addresses: list[str] | None = param("PublicIpAddresses", JsonList(max_items=100))
    eip_addresses: list[str] | None = param("EipAddresses", JsonList(max_items=100))
    instance_type: str | None = param("InstanceType", Str(max_len=64))
    instance_type_family: str | None = param("InstanceTypeFamily", Str(max_len=64))
    image_id: str | None = param("ImageId", Str(max_len=128))
    instance_charge_type: str | None = param("InstanceChargeType", INSTANCE_CHARGE_TYPE)
    internet_charge_type: str | None = param("InternetChargeType", INTERNET_CHARGE_TYPE)
    page_number: int = param("PageNumber", Int(minimum=1), default=1)
    page_size: int = param("PageSize", Int(minimum=1, maximum=100), default=10)
    next_token: str | None = next_token()
    max_results: int | None = max_results()
    dry_run: bool = dry_run()
    tag: list[dict[str, str]] = tag_list()
    resource_group_id: str | None = param("ResourceGroupId", Str(max_len=64))
    key_pair_name: str | None = param("KeyPairName", Str(max_len=128))
    lock_reason: str | None = param("LockReason", Str(choices=disks.LOCK_REASONS, error=errors.InvalidLockReasonFilter))
    hpc_cluster_id: str | None = param("HpcClusterId", Str(max_len=64))
    io_optimized: bool | None = param("IoOptimized", Bool())
    device_available: bool | None = param("DeviceAvailable", Bool())
    http_endpoint: str | None = param("HttpEndpoint", Str(choices=("enabled", "disabled")))
    http_tokens: str | None = param("HttpTokens", Str(choices=("optional", "required")))
    http_put_response_hop_limit: int | None = param("HttpPutResponseHopLimit", Int(minimum=1, maximum=64))
    ipv6_address: list[str] = param("Ipv6Address", values=True, max_repeat=100)
    rdma_ip_addresses: list[str] | None = param("RdmaIpAddresses", JsonList(max_items=100))
    filter: list[dict[str, str]] = param("Filter", repeat_fields=("Key", "Value"), max_repeat=10)
    ignored = DESCRIBE_INSTANCES_IGNORED

    @property
    def paging(self) -> Paging:
        return Paging(page_number=self.page_number, page_size=self.page_size, next_token=self.next_token,
                      max_results=self.max_results)  # fmt: skip


# Filter.N.Key: "CreationStartTime" / "CreationEndTime", values yyyy-MM-ddTHH:mmZ (or with seconds), UTC.
_FILTER_KEYS = {"CreationStartTime": "created_from", "CreationEndTime": "created_to"}


def _creation_filters(filters: list[dict[str, str]]) -> dict[str, float]:
    bounds: dict[str, float] = {}
    for n, entry in enumerate(filters, start=1):
        key, value = entry.get("Key", ""), entry.get("Value", "")
        if key not in _FILTER_KEYS:
            raise errors.InvalidParameter(name=f"Filter.{n}.Key")
        parsed = None
        for layout in ("%Y-%m-%dT%H:%MZ", "%Y-%m-%dT%H:%M:%SZ"):
            try:
                parsed = calendar.timegm(time.strptime(value, layout))
                break
            except ValueError:
                continue
        if parsed is None:
            raise errors.InvalidParameter(name=f"Filter.{n}.Value")
        bounds[_FILTER_KEYS[key]] = float(parsed)
    return bounds


def no_instances(request: DescribeInstances) -> dict[str, Any]:
    """What a RAM user denied DescribeInstances is answered: an empty list, in the paging style asked for."""
    if request.paging.by_token:
        return {"TotalCount": 0, "NextToken": "", "Instances": {"Instance": []}}
    paging = {"PageNumber": request.page_number, "PageSize": request.page_size, "NextToken": ""}
    return {"TotalCount": 0, **paging, "Instances": {"Instance": []}}


@action(ECS_VERSION, "DescribeInstances", DescribeInstances, resources=all_instances_arn,
              when_denied=no_instances)  # fmt: skip
def describe_instances(request: DescribeInstances, scope: Scope, uow: UnitOfWork) -> dict[str, Any]:
    locked = condition_checks.security_locked(uow, scope.account_id)  # the account's conditions (OperationLocks)
    where = instance_reads.InstanceFilter(
        vpc_id=request.vpc_id, vswitch_id=request.vswitch_id, zone_id=request.zone_id,
        network_type=request.instance_network_type, security_group_id=request.security_group_id,
        instance_ids=request.instance_ids, name=request.instance_name, status=request.status,
        inner_ips=request.inner_ip_addresses, private_ips=request.private_ip_addresses,
        public_ips=request.public_ip_addresses, eip_addresses=request.eip_addresses,
        instance_type=request.instance_type, instance_type_family=request.instance_type_family,
        image_id=request.image_id, instance_charge_type=request.instance_charge_type,
        internet_charge_type=request.internet_charge_type, tags=request.tag,
        resource_group_id=request.resource_group_id, key_pair_name=request.key_pair_name,
        io_optimized=request.io_optimized, device_available=request.device_available,
        http_endpoint=request.http_endpoint, http_tokens=request.http_tokens,
        http_put_response_hop_limit=request.http_put_response_hop_limit, lock_reason=request.lock_reason,
        hpc_cluster_id=request.hpc_cluster_id, ipv6_addresses=request.ipv6_address,
        rdma_ip_addresses=request.rdma_ip_addresses or (), **_creation_filters(request.filter),
        security_locked=locked,
    )  # fmt: skip
    found = instance_reads.find(uow, scope, where, request.paging)
    body: dict[str, Any]
    if request.paging.by_token:
        body = {"NextToken": found.next_token}
    else:
        body = {"NextToken": "", "PageSize": request.page_size, "PageNumber": request.page_number}
    # The sample's order: RequestId sits between PageNumber and TotalCount.
    body.update(RequestId="", TotalCount=found.total)
    ids = [i.id for i in found.items]
    held, attached = (
        eips.of_instances(uow, scope.account_id, ids),
        network_interfaces.of_instances(uow, scope.account_id, ids),
    )
    body["Instances"] = {"Instance": [instance_reads.view(i, scope.now, held.get(i.id), attached.get(i.id),
                                                         locked=i.id in locked)
                                      for i in found.items]}  # fmt: skip
    return body


@dataclass(frozen=True, kw_only=True)
class DescribeInstanceAttribute(Request):
    region_id: str | None = optional_ecs_region()
    instance_id: str = instance_id()


@action(ECS_VERSION, "DescribeInstanceAttribute", DescribeInstanceAttribute, resources=instance_arn)
def describe_instance_attribute(request: DescribeInstanceAttribute, scope: Scope, uow: UnitOfWork) -> dict[str, Any]:
    instance = instances.get(uow, scope, request.instance_id)
    eip = eips.of_instances(uow, scope.account_id, [instance.id]).get(instance.id)
    locked = instance.id in condition_checks.security_locked(uow, scope.account_id)
    return instance_reads.attribute_view(instance, scope.now, eip, locked=locked)


# --- state changes ---


@dataclass(frozen=True, kw_only=True)
class StartInstance(Request):
    region_id: str | None = optional_ecs_region()
    instance_id: str = instance_id()
    init_local_disk: bool = param("InitLocalDisk", Bool(), default=False)
    dry_run: bool = dry_run()


@action(ECS_VERSION, "StartInstance", StartInstance, resources=instance_arn)
def start_instance(request: StartInstance, scope: Scope, uow: UnitOfWork) -> dict[str, Any]:
    instances.start(uow, scope, request.instance_id)
    return {}


@dataclass(frozen=True, kw_only=True)
class StopInstance(Request):
    region_id: str | None = optional_ecs_region()
    instance_id: str = instance_id()
    stopped_mode: str | None = param("StoppedMode", Str(choices=("StopCharging", "KeepCharging")))
    force_stop: bool = param("ForceStop", Bool(), default=False)
    confirm_stop: bool = param("ConfirmStop", Bool(), default=False)
    hibernate: bool = param("Hibernate", Bool(), default=False)
    dry_run: bool = dry_run()


@action(ECS_VERSION, "StopInstance", StopInstance, resources=instance_arn)
def stop_instance(request: StopInstance, scope: Scope, uow: UnitOfWork) -> dict[str, Any]:
    instances.stop(uow, scope, request.instance_id, stopped_mode=request.stopped_mode)
    return {}


@dataclass(frozen=True, kw_only=True)
class RebootInstance(Request):
    region_id: str | None = optional_ecs_region()
    instance_id: str = instance_id()
    force_stop: bool = param("ForceStop", Bool(), default=False)
    dry_run: bool = dry_run()


@action(ECS_VERSION, "RebootInstance", RebootInstance, resources=instance_arn)
def reboot_instance(request: RebootInstance, scope: Scope, uow: UnitOfWork) -> dict[str, Any]:
    instances.reboot(uow, scope, request.instance_id)
    return {}


@dataclass(frozen=True, kw_only=True)
class DeleteInstance(Request):
    region_id: str | None = optional_ecs_region()
    instance_id: str = instance_id()
    force: bool = param("Force", Bool(), default=False)
    force_stop: bool = param("ForceStop", Bool(), default=False)
    terminate_subscription: bool = param("TerminateSubscription", Bool(), default=False)
    dry_run: bool = dry_run()


@action(ECS_VERSION, "DeleteInstance", DeleteInstance, resources=instance_arn)
def delete_instance(request: DeleteInstance, scope: Scope, uow: UnitOfWork) -> dict[str, Any]:
    instances.delete(uow, scope, request.instance_id, force=request.force,
                     terminate_subscription=request.terminate_subscription)  # fmt: skip
    return {}
