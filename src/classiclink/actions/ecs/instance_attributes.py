"""ECS 2014-05-26 instance attribute actions (Terraform's alicloud_instance Read and Update; issue 8):
ModifyInstanceAttribute, DescribeInstanceStatus, Describe/ModifyInstanceMaintenanceAttributes,
Describe/ModifyInstanceAttachmentAttributes, Describe/ModifyInstanceAutoRenewAttribute,
ModifyInstanceAutoReleaseTime, ModifyInstanceMetadataOptions, ModifyInstanceVpcAttribute,
ModifyInstanceChargeType, ModifyInstanceSpec, ModifyPrepayInstanceSpec, ModifyInstanceNetworkSpec,
ModifyInstanceDeployment, Attach/Detach/DescribeInstanceRamRole, AllocatePublicIpAddress, JoinResourceGroup.

Keys of each answer follow the documented sample (tests/data/response_order/Ecs/<Action>.json).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ... import errors
from ...domain import instance_attributes as attrs
from ...domain import instance_options, instances, launch_settings
from ...domain.model import Instance
from ...domain.ports import AnyOf, GreaterThan, UnitOfWork
from ...domain.scope import Scope
from ...reads.paging import Paging, paginate, query_page
from ..spec import ECS_VERSION, Bool, CommaList, Int, JsonList, Request, Str, action, param, scope_arn
from .common import client_token, dry_run, ecs_region, optional_ecs_region
from .instances import (
    CPU_TOPOLOGIES,
    HOSTNAME_TYPES,
    INSTANCE_CHARGE_TYPE,
    INTERNET_CHARGE_TYPE,
    all_instances_arn,
    instance_arn,
    instance_id,
)


def _arns(ids: list[str], scope: Scope) -> list[str]:
    return [scope_arn("ecs", scope, f"instance/{i}") for i in ids] or [scope_arn("ecs", scope, "instance/*")]


def instance_ids_arn(request: Any, scope: Scope) -> list[str]:
    return _arns(list(getattr(request, "instance_ids", None) or []), scope)


def instance_id_list_arn(request: Any, scope: Scope) -> list[str]:
    return _arns(list(getattr(request, "instance_id", None) or []), scope)


def _page(request: Any) -> Paging:
    return Paging(page_number=request.page_number, page_size=request.page_size)


def _page_fields(request: Any, total: int) -> dict[str, Any]:
    return {"PageSize": request.page_size, "PageNumber": request.page_number, "TotalCount": total}


def _listed(uow: UnitOfWork, scope: Scope, ids: list[str] | None, paging: Paging, **extra: Any) -> Any:
    """The region's instances (those named, when named), one page, in store order; released ones are gone."""
    query: dict[str, Any] = {"region_id": scope.region_id, "auto_release_at": GreaterThan(scope.now, unless=0.0)}
    if ids:
        query["id"] = AnyOf(ids)
    query.update(extra)
    return query_page(uow.instances, scope.account_id, paging, **query)


# --- ModifyInstanceAttribute ---


@dataclass(frozen=True, kw_only=True)
class ModifyInstanceAttribute(Request):
    region_id: str | None = optional_ecs_region()
    instance_id: str = instance_id()
    instance_name: str | None = param("InstanceName", Str())
    description: str | None = param("Description", Str())
    host_name: str | None = param("HostName", Str())
    password: str | None = param("Password", Str(max_len=64, error=errors.PasswordMalformed))
    user_data: str | None = param("UserData", Str())
    security_group_ids: list[str] = param("SecurityGroupIds", values=True, max_repeat=100)
    deletion_protection: bool | None = param("DeletionProtection", Bool())
    credit_specification: str | None = param("CreditSpecification", Str(max_len=32))
    network_interface_queue_number: int | None = param("NetworkInterfaceQueueNumber", Int())
    enable_jumbo_frame: bool | None = param("EnableJumboFrame", Bool())
    enable_network_encryption: bool | None = param("EnableNetworkEncryption", Bool())
    recyclable: bool | None = param("Recyclable", Bool())
    client_token: str | None = client_token()
    # The CPU options and private DNS names read back in DescribeInstances (domain/launch_settings.py).
    cpu_core: int | None = param("CpuOptions.Core", Int(minimum=1))
    cpu_threads_per_core: int | None = param("CpuOptions.ThreadsPerCore", Int(minimum=1, maximum=2))
    cpu_topology_type: str | None = param("CpuOptions.TopologyType", Str(choices=CPU_TOPOLOGIES))
    cpu_nested_virtualization: bool | None = param("CpuOptions.NestedVirtualization", Bool())
    cpu_enable_visst: bool | None = param("CpuOptions.EnableVISST", Bool())
    cpu_enable_vrdt: bool | None = param("CpuOptions.EnableVRDT", Bool())
    cpu_turbo_mode: str | None = param("CpuOptions.TurboMode", Str(max_len=32))
    dns_instance_id_aaaa: bool | None = param("PrivateDnsNameOptions.EnableInstanceIdDnsAAAARecord", Bool())
    dns_instance_id_a: bool | None = param("PrivateDnsNameOptions.EnableInstanceIdDnsARecord", Bool())
    dns_ip_a: bool | None = param("PrivateDnsNameOptions.EnableIpDnsARecord", Bool())
    dns_ip_ptr: bool | None = param("PrivateDnsNameOptions.EnableIpDnsPtrRecord", Bool())
    hostname_type: str | None = param("PrivateDnsNameOptions.HostnameType", Str(choices=HOSTNAME_TYPES))
    # Remote-connection (VNC / Workbench) settings are console-side: accepted and ignored (docs/compatibility.md).
    ignored = ("RemoteConnectionOptions.Password", "RemoteConnectionOptions.Type")

    def launch_options(self) -> dict[str, Any]:
        return {
            "CpuOptions.Core": self.cpu_core, "CpuOptions.ThreadsPerCore": self.cpu_threads_per_core,
            "CpuOptions.TopologyType": self.cpu_topology_type,
            "CpuOptions.NestedVirtualization": self.cpu_nested_virtualization,
            "CpuOptions.EnableVISST": self.cpu_enable_visst, "CpuOptions.EnableVRDT": self.cpu_enable_vrdt,
            "CpuOptions.TurboMode": self.cpu_turbo_mode,
            "PrivateDnsNameOptions.EnableInstanceIdDnsAAAARecord": self.dns_instance_id_aaaa,
            "PrivateDnsNameOptions.EnableInstanceIdDnsARecord": self.dns_instance_id_a,
            "PrivateDnsNameOptions.EnableIpDnsARecord": self.dns_ip_a,
            "PrivateDnsNameOptions.EnableIpDnsPtrRecord": self.dns_ip_ptr,
            "PrivateDnsNameOptions.HostnameType": self.hostname_type,
        }  # fmt: skip


@action(ECS_VERSION, "ModifyInstanceAttribute", ModifyInstanceAttribute, resources=instance_arn, client_token=True)
def modify_instance_attribute(request: ModifyInstanceAttribute, scope: Scope, uow: UnitOfWork) -> dict[str, Any]:
    attrs.modify_attribute(uow, scope, request.instance_id, attrs.AttributeChange(
        name=request.instance_name, description=request.description, host_name=request.host_name,
        password=request.password, user_data=request.user_data, security_group_ids=request.security_group_ids,
        deletion_protection=request.deletion_protection, credit_specification=request.credit_specification,
        network_interface_queue_number=request.network_interface_queue_number,
        enable_jumbo_frame=request.enable_jumbo_frame, enable_network_encryption=request.enable_network_encryption,
        recyclable=request.recyclable, options=launch_settings.options(request.launch_options()),
    ))  # fmt: skip
    return {}


# --- DescribeInstanceStatus ---


@dataclass(frozen=True, kw_only=True)
class DescribeInstanceStatus(Request):
    region_id: str = ecs_region()
    zone_id: str | None = param("ZoneId", Str(max_len=64))
    instance_id: list[str] = param("InstanceId", values=True, max_repeat=100)
    page_number: int = param("PageNumber", Int(minimum=1), default=1)
    page_size: int = param("PageSize", Int(minimum=1, maximum=50), default=10)
    # ClusterId: "this parameter is deprecated" — clusters are not modelled; accepted and ignored.
    ignored = ("ClusterId",)


@action(ECS_VERSION, "DescribeInstanceStatus", DescribeInstanceStatus, resources=all_instances_arn)
def describe_instance_status(request: DescribeInstanceStatus, scope: Scope, uow: UnitOfWork) -> dict[str, Any]:
    extra = {"zone_id": request.zone_id} if request.zone_id else {}
    found = _listed(uow, scope, request.instance_id, _page(request), **extra)
    shown = [{"Status": i.lifecycle.at(scope.now), "InstanceId": i.id} for i in found.items]
    return {"PageSize": request.page_size, "RequestId": "", "PageNumber": request.page_number,
            "TotalCount": found.total, "InstanceStatuses": {"InstanceStatus": shown}}  # fmt: skip


# --- maintenance attributes ---

MAINTENANCE_DEFAULT = "AutoRecover"


@dataclass(frozen=True, kw_only=True)
class DescribeInstanceMaintenanceAttributes(Request):
    region_id: str = ecs_region()
    instance_id: list[str] = param("InstanceId", values=True, max_repeat=100)
    page_number: int = param("PageNumber", Int(minimum=1), default=1)
    page_size: int = param("PageSize", Int(minimum=1, maximum=100), default=10)


def maintenance_view(instance: Instance) -> dict[str, Any]:
    """One MaintenanceAttribute: every instance has one, with the documented defaults until modified."""
    return {
        "NotifyOnMaintenance": instance.notify_on_maintenance,
        "InstanceId": instance.id,
        "MaintenanceWindows": {"MaintenanceWindow": [
            {"EndTime": w["EndTime"], "StartTime": w["StartTime"]} for w in instance.maintenance_windows
        ]},
        "ActionOnMaintenance": {
            "DefaultValue": MAINTENANCE_DEFAULT,
            "Value": instance.action_on_maintenance,
            "SupportedValues": {"SupportedValue": list(attrs.MAINTENANCE_ACTIONS)},
        },
    }  # fmt: skip


@action(ECS_VERSION, "DescribeInstanceMaintenanceAttributes", DescribeInstanceMaintenanceAttributes,
        resources=instance_id_list_arn)  # fmt: skip
def describe_instance_maintenance_attributes(
    request: DescribeInstanceMaintenanceAttributes, scope: Scope, uow: UnitOfWork
) -> dict[str, Any]:
    found = _listed(uow, scope, request.instance_id, _page(request))
    return {"PageSize": request.page_size, "RequestId": "", "PageNumber": request.page_number,
            "TotalCount": found.total,
            "MaintenanceAttributes": {"MaintenanceAttribute": [maintenance_view(i) for i in found.items]}}  # fmt: skip


@dataclass(frozen=True, kw_only=True)
class ModifyInstanceMaintenanceAttributes(Request):
    region_id: str = ecs_region()
    instance_id: list[str] = param("InstanceId", values=True, max_repeat=100)
    maintenance_window: list[dict[str, str]] = param("MaintenanceWindow", repeat_fields=("StartTime", "EndTime"),
                                                     max_repeat=10)  # fmt: skip
    action_on_maintenance: str | None = param("ActionOnMaintenance", Str(choices=attrs.MAINTENANCE_ACTIONS))
    notify_on_maintenance: bool | None = param("NotifyOnMaintenance", Bool())


@action(ECS_VERSION, "ModifyInstanceMaintenanceAttributes", ModifyInstanceMaintenanceAttributes,
        resources=instance_id_list_arn)  # fmt: skip
def modify_instance_maintenance_attributes(
    request: ModifyInstanceMaintenanceAttributes, scope: Scope, uow: UnitOfWork
) -> dict[str, Any]:
    if not request.instance_id:
        raise errors.MissingParameter(name="InstanceId.N")
    attrs.modify_maintenance(uow, scope, request.instance_id, windows=request.maintenance_window,
                             action=request.action_on_maintenance, notify=request.notify_on_maintenance)  # fmt: skip
    return {}


# --- attachment attributes (private pools) ---


@dataclass(frozen=True, kw_only=True)
class DescribeInstanceAttachmentAttributes(Request):
    region_id: str = ecs_region()
    instance_ids: list[str] = param("InstanceIds", JsonList(max_items=100), required=True)
    page_number: int = param("PageNumber", Int(minimum=1), default=1)
    page_size: int = param("PageSize", Int(minimum=1, maximum=100), default=10)


@action(ECS_VERSION, "DescribeInstanceAttachmentAttributes", DescribeInstanceAttachmentAttributes,
        resources=instance_ids_arn)  # fmt: skip
def describe_instance_attachment_attributes(
    request: DescribeInstanceAttachmentAttributes, scope: Scope, uow: UnitOfWork
) -> dict[str, Any]:
    found = _listed(uow, scope, request.instance_ids, _page(request))
    shown = [{"PrivatePoolOptionsMatchCriteria": i.private_pool_match_criteria,
              "PrivatePoolOptionsId": i.private_pool_id, "InstanceId": i.id} for i in found.items]  # fmt: skip
    return {"PageSize": request.page_size, "RequestId": "", "PageNumber": request.page_number,
            "TotalCount": found.total, "Instances": {"Instance": shown}}  # fmt: skip


@dataclass(frozen=True, kw_only=True)
class ModifyInstanceAttachmentAttributes(Request):
    region_id: str = ecs_region()
    instance_id: str = instance_id()
    match_criteria: str = param("PrivatePoolOptions.MatchCriteria", Str(choices=("Open", "Target", "None")),
                                required=True)  # fmt: skip
    pool_id: str = param("PrivatePoolOptions.Id", Str(max_len=64), default="")


@action(ECS_VERSION, "ModifyInstanceAttachmentAttributes", ModifyInstanceAttachmentAttributes, resources=instance_arn)
def modify_instance_attachment_attributes(
    request: ModifyInstanceAttachmentAttributes, scope: Scope, uow: UnitOfWork
) -> dict[str, Any]:
    attrs.modify_attachment(uow, scope, request.instance_id, match_criteria=request.match_criteria,
                            pool_id=request.pool_id)  # fmt: skip
    return {}


# --- auto-renew (subscription instances) ---


@dataclass(frozen=True, kw_only=True)
class DescribeInstanceAutoRenewAttribute(Request):
    region_id: str = ecs_region()
    instance_id: list[str] = param("InstanceId", CommaList(max_items=100), default=[])
    renewal_status: str | None = param("RenewalStatus", Str(choices=attrs.RENEWAL_STATUSES))
    page_number: int = param("PageNumber", Int(minimum=1), default=1)
    page_size: int = param("PageSize", Int(minimum=1, maximum=100), default=10)


def renew_view(instance: Instance) -> dict[str, Any]:
    return {
        "Duration": instance.renewal_duration,
        "InstanceId": instance.id,
        "AutoRenewEnabled": instance.renewal_status == "AutoRenewal",
        "RenewalStatus": instance.renewal_status,
        "PeriodUnit": instance.renewal_period_unit,
        "EnableExpectedRenewDay": False,
    }


@action(ECS_VERSION, "DescribeInstanceAutoRenewAttribute", DescribeInstanceAutoRenewAttribute,
        resources=instance_id_list_arn)  # fmt: skip
def describe_instance_auto_renew_attribute(
    request: DescribeInstanceAutoRenewAttribute, scope: Scope, uow: UnitOfWork
) -> dict[str, Any]:
    # "Queries the auto-renewal attributes of subscription instances": pay-as-you-go ones are not listed.
    extra: dict[str, Any] = {"instance_charge_type": "PrePaid"}
    if request.renewal_status:
        extra["renewal_status"] = request.renewal_status
    found = _listed(uow, scope, request.instance_id, _page(request), **extra)
    return {"PageNumber": request.page_number, "InstanceRenewAttributes": {
        "InstanceRenewAttribute": [renew_view(i) for i in found.items]},
        "TotalCount": found.total, "PageSize": request.page_size, "RequestId": ""}  # fmt: skip


@dataclass(frozen=True, kw_only=True)
class ModifyInstanceAutoRenewAttribute(Request):
    region_id: str = ecs_region()
    instance_id: list[str] = param("InstanceId", CommaList(max_items=100), required=True)
    duration: int | None = param("Duration", Int())
    period_unit: str = param("PeriodUnit", Str(choices=("Week", "Month", "Year")), default="Month")
    auto_renew: bool | None = param("AutoRenew", Bool())
    renewal_status: str | None = param("RenewalStatus", Str(choices=attrs.RENEWAL_STATUSES))


@action(ECS_VERSION, "ModifyInstanceAutoRenewAttribute", ModifyInstanceAutoRenewAttribute,
        resources=instance_id_list_arn)  # fmt: skip
def modify_instance_auto_renew_attribute(
    request: ModifyInstanceAutoRenewAttribute, scope: Scope, uow: UnitOfWork
) -> dict[str, Any]:
    attrs.modify_auto_renew(uow, scope, request.instance_id, auto_renew=request.auto_renew, duration=request.duration,
                            period_unit=request.period_unit, renewal_status=request.renewal_status)  # fmt: skip
    return {}


# --- auto-release time, metadata options ---


@dataclass(frozen=True, kw_only=True)
class ModifyInstanceAutoReleaseTime(Request):
    region_id: str | None = optional_ecs_region()
    instance_id: str = instance_id()
    auto_release_time: str = param("AutoReleaseTime", Str(max_len=32), default="")


@action(ECS_VERSION, "ModifyInstanceAutoReleaseTime", ModifyInstanceAutoReleaseTime, resources=instance_arn)
def modify_instance_auto_release_time(
    request: ModifyInstanceAutoReleaseTime, scope: Scope, uow: UnitOfWork
) -> dict[str, Any]:
    attrs.modify_auto_release_time(uow, scope, request.instance_id, request.auto_release_time)
    return {}


@dataclass(frozen=True, kw_only=True)
class ModifyInstanceMetadataOptions(Request):
    region_id: str | None = optional_ecs_region()
    instance_id: str = instance_id()
    http_endpoint: str = param("HttpEndpoint", Str(choices=("enabled", "disabled")), default="")
    http_tokens: str = param("HttpTokens", Str(choices=("optional", "required")), default="")
    http_put_response_hop_limit: int | None = param("HttpPutResponseHopLimit", Int())
    instance_metadata_tags: str = param("InstanceMetadataTags", Str(choices=("enabled", "disabled")), default="")


@action(ECS_VERSION, "ModifyInstanceMetadataOptions", ModifyInstanceMetadataOptions, resources=instance_arn)
def modify_instance_metadata_options(
    request: ModifyInstanceMetadataOptions, scope: Scope, uow: UnitOfWork
) -> dict[str, Any]:
    attrs.modify_metadata_options(uow, scope, request.instance_id, endpoint=request.http_endpoint,
                                  tokens=request.http_tokens, hop_limit=request.http_put_response_hop_limit,
                                  metadata_tags=request.instance_metadata_tags)  # fmt: skip
    return {}


# --- ModifyInstanceVpcAttribute ---


@dataclass(frozen=True, kw_only=True)
class ModifyInstanceVpcAttribute(Request):
    region_id: str | None = optional_ecs_region()
    instance_id: str = instance_id()
    vswitch_id: str = param("VSwitchId", Str(max_len=64), required=True)
    private_ip_address: str = param("PrivateIpAddress", Str(max_len=64), default="")
    vpc_id: str = param("VpcId", Str(max_len=64), default="")
    security_group_id: list[str] = param("SecurityGroupId", values=True, max_repeat=5)


def _vpc_attribute_arns(request: ModifyInstanceVpcAttribute, scope: Scope) -> list[str]:
    # "ecs:ModifyInstanceVpcAttribute: Instance and VSwitch" (the reference's authorization table).
    return [scope_arn("ecs", scope, f"instance/{request.instance_id}"),
            scope_arn("vpc", scope, f"vswitch/{request.vswitch_id}")]  # fmt: skip


@action(ECS_VERSION, "ModifyInstanceVpcAttribute", ModifyInstanceVpcAttribute, resources=_vpc_attribute_arns)
def modify_instance_vpc_attribute(request: ModifyInstanceVpcAttribute, scope: Scope, uow: UnitOfWork) -> dict[str, Any]:
    attrs.modify_vpc_attribute(uow, scope, request.instance_id, vswitch_id=request.vswitch_id,
                               private_ip=request.private_ip_address, vpc_id=request.vpc_id,
                               security_group_ids=request.security_group_id)  # fmt: skip
    return {}


# --- charge type and spec ---


@dataclass(frozen=True, kw_only=True)
class ModifyInstanceChargeType(Request):
    region_id: str = ecs_region()
    instance_ids: list[str] = param("InstanceIds", JsonList(max_items=100), required=True)
    instance_charge_type: str = param("InstanceChargeType", INSTANCE_CHARGE_TYPE, default="PrePaid")
    period: int | None = param("Period", Int())
    period_unit: str = param("PeriodUnit", Str(choices=("Week", "Month"), error=errors.PeriodInvalid), default="Month")
    include_data_disks: bool = param("IncludeDataDisks", Bool(), default=False)
    auto_pay: bool = param("AutoPay", Bool(), default=True)
    is_detail_fee: bool = param("IsDetailFee", Bool(), default=False)
    dry_run: bool = dry_run()
    client_token: str | None = client_token()


@action(ECS_VERSION, "ModifyInstanceChargeType", ModifyInstanceChargeType, resources=instance_ids_arn,
        client_token=True)  # fmt: skip
def modify_instance_charge_type(request: ModifyInstanceChargeType, scope: Scope, uow: UnitOfWork) -> dict[str, Any]:
    changed = attrs.modify_charge_type(
        uow, scope, request.instance_ids, charge_type=request.instance_charge_type, period=request.period,
        period_unit=request.period_unit, include_data_disks=request.include_data_disks,
    )  # fmt: skip
    fees = []
    for instance in changed:
        seconds = max(instance.expires_at - scope.now, 0.0)
        fee = instance_options.price(instance.cpu, instance.memory, seconds)
        fees.append({"Fee": str(fee), "InstanceId": instance.id, "Currency": "CNY"})
    body: dict[str, Any] = {"RequestId": "", "OrderId": _order_id(scope)}
    if request.is_detail_fee:
        body["FeeOfInstances"] = {"FeeOfInstance": fees}
    else:
        body["FeeOfInstances"] = {"FeeOfInstance": []}
    return body


def _order_id(scope: Scope) -> str:
    return str(int(scope.now * 1000) % 10**15).rjust(15, "2")


@dataclass(frozen=True, kw_only=True)
class ModifyInstanceSpec(Request):
    region_id: str | None = optional_ecs_region()
    instance_id: str = instance_id()
    instance_type: str | None = param("InstanceType", Str(max_len=64))
    internet_max_bandwidth_out: int | None = param(
        "InternetMaxBandwidthOut", Int(minimum=0, maximum=attrs.BANDWIDTH_OUT_MAX)
    )
    internet_max_bandwidth_in: int | None = param(
        "InternetMaxBandwidthIn", Int(minimum=1, maximum=attrs.BANDWIDTH_IN_MAX)
    )
    allow_migrate_across_zone: bool = param("AllowMigrateAcrossZone", Bool(), default=False)
    async_: bool = param("Async", Bool(), default=False)
    client_token: str | None = client_token()
    dry_run: bool = dry_run()
    # Temporary bandwidth upgrades, disk category changes and ModifyMode are billing or storage operations
    # the emulator does not model (docs/compatibility.md).
    ignored = ("Temporary.StartTime", "Temporary.EndTime", "Temporary.InternetMaxBandwidthOut",
               "SystemDisk.Category", "Disk.N.DiskId", "Disk.N.Category", "Disk.N.PerformanceLevel", "ModifyMode")  # fmt: skip


@action(ECS_VERSION, "ModifyInstanceSpec", ModifyInstanceSpec, resources=instance_arn, client_token=True)
def modify_instance_spec(request: ModifyInstanceSpec, scope: Scope, uow: UnitOfWork) -> dict[str, Any]:
    attrs.modify_spec(uow, scope, request.instance_id, instance_type=request.instance_type,
                      bandwidth_out=request.internet_max_bandwidth_out,
                      bandwidth_in=request.internet_max_bandwidth_in)  # fmt: skip
    return {}


@dataclass(frozen=True, kw_only=True)
class ModifyPrepayInstanceSpec(Request):
    region_id: str = ecs_region()
    instance_id: str = instance_id()
    instance_type: str = param("InstanceType", Str(max_len=64), required=True)
    operator_type: str = param("OperatorType", Str(choices=("upgrade", "downgrade")), default="")
    auto_pay: bool = param("AutoPay", Bool(), default=True)
    client_token: str | None = client_token()
    migrate_across_zone: bool = param("MigrateAcrossZone", Bool(), default=False)
    reboot_when_finished: bool = param("RebootWhenFinished", Bool(), default=False)
    ignored = ("SystemDisk.Category", "Disk.N.DiskId", "Disk.N.Category", "Disk.N.PerformanceLevel", "EndTime",
               "ModifyMode", "RebootTime")  # fmt: skip


@action(ECS_VERSION, "ModifyPrepayInstanceSpec", ModifyPrepayInstanceSpec, resources=instance_arn, client_token=True)
def modify_prepay_instance_spec(request: ModifyPrepayInstanceSpec, scope: Scope, uow: UnitOfWork) -> dict[str, Any]:
    attrs.modify_prepay_spec(uow, scope, request.instance_id, instance_type=request.instance_type,
                             operator_type=request.operator_type)  # fmt: skip
    return {"RequestId": "", "OrderId": _order_id(scope)}


@dataclass(frozen=True, kw_only=True)
class ModifyInstanceNetworkSpec(Request):
    region_id: str | None = optional_ecs_region()
    instance_id: str = instance_id()
    internet_max_bandwidth_out: int | None = param(
        "InternetMaxBandwidthOut", Int(minimum=0, maximum=attrs.BANDWIDTH_OUT_MAX)
    )
    internet_max_bandwidth_in: int | None = param(
        "InternetMaxBandwidthIn", Int(minimum=1, maximum=attrs.BANDWIDTH_IN_MAX)
    )
    network_charge_type: str | None = param("NetworkChargeType", INTERNET_CHARGE_TYPE)
    allocate_public_ip: bool = param("AllocatePublicIp", Bool(), default=False)
    auto_pay: bool = param("AutoPay", Bool(), default=True)
    client_token: str | None = client_token()
    # StartTime / EndTime: temporary bandwidth upgrades of subscription instances; ISP: a billing line.
    ignored = ("StartTime", "EndTime", "ISP")


@action(ECS_VERSION, "ModifyInstanceNetworkSpec", ModifyInstanceNetworkSpec, resources=instance_arn, client_token=True)
def modify_instance_network_spec(request: ModifyInstanceNetworkSpec, scope: Scope, uow: UnitOfWork) -> dict[str, Any]:
    instance = attrs.modify_network_spec(
        uow, scope, request.instance_id, bandwidth_out=request.internet_max_bandwidth_out,
        bandwidth_in=request.internet_max_bandwidth_in, charge_type=request.network_charge_type,
        allocate_public_ip=request.allocate_public_ip,
    )  # fmt: skip
    # An order exists for subscription instances only.
    return {"RequestId": "", "OrderId": _order_id(scope) if instance.instance_charge_type == "PrePaid" else ""}


# --- deployment ---


@dataclass(frozen=True, kw_only=True)
class ModifyInstanceDeployment(Request):
    region_id: str = ecs_region()
    instance_id: str = instance_id()
    deployment_set_id: str = param("DeploymentSetId", Str(max_len=64), default="")
    dedicated_host_id: str = param("DedicatedHostId", Str(max_len=64), default="")
    remove_from_deployment_set: bool = param("RemoveFromDeploymentSet", Bool(), default=False)
    force: bool = param("Force", Bool(), default=False)
    ignored = ("Affinity", "DedicatedHostClusterId", "DeploymentSetGroupNo", "InstanceType", "MigrationType",
               "Tenancy")  # fmt: skip


@action(ECS_VERSION, "ModifyInstanceDeployment", ModifyInstanceDeployment, resources=instance_arn)
def modify_instance_deployment(request: ModifyInstanceDeployment, scope: Scope, uow: UnitOfWork) -> dict[str, Any]:
    attrs.modify_deployment(uow, scope, request.instance_id, deployment_set_id=request.deployment_set_id,
                            dedicated_host_id=request.dedicated_host_id,
                            remove_from_deployment_set=request.remove_from_deployment_set)  # fmt: skip
    return {}


# --- RAM roles ---


@dataclass(frozen=True, kw_only=True)
class AttachInstanceRamRole(Request):
    region_id: str = ecs_region()
    instance_ids: list[str] = param("InstanceIds", JsonList(max_items=100), required=True)
    ram_role_name: str = param("RamRoleName", Str(max_len=64), required=True)
    # Policy: an extra policy limiting the role's session; the emulator's instances run no guest to use it.
    ignored = ("Policy",)


def _results(results: list[attrs.RoleResult]) -> list[dict[str, Any]]:
    """Each instance's outcome: code "200" and "success", or the error it met."""
    return [{
        "Code": result.error.code if result.error else "200",
        "Message": result.error.text if result.error else "success",
        "InstanceId": result.instance_id,
        "Success": result.error is None,
    } for result in results]  # fmt: skip


@action(ECS_VERSION, "AttachInstanceRamRole", AttachInstanceRamRole, resources=instance_ids_arn)
def attach_instance_ram_role(request: AttachInstanceRamRole, scope: Scope, uow: UnitOfWork) -> dict[str, Any]:
    results = attrs.attach_ram_role(uow, scope, request.instance_ids, request.ram_role_name)
    failed = sum(1 for r in results if r.error)
    return {"RequestId": "", "TotalCount": len(results), "FailCount": failed, "RamRoleName": request.ram_role_name,
            "AttachInstanceRamRoleResults": {"AttachInstanceRamRoleResult": _results(results)}}  # fmt: skip


@dataclass(frozen=True, kw_only=True)
class DetachInstanceRamRole(Request):
    region_id: str = ecs_region()
    instance_ids: list[str] = param("InstanceIds", JsonList(max_items=100), required=True)
    ram_role_name: str = param("RamRoleName", Str(max_len=64), default="")


@action(ECS_VERSION, "DetachInstanceRamRole", DetachInstanceRamRole, resources=instance_ids_arn)
def detach_instance_ram_role(request: DetachInstanceRamRole, scope: Scope, uow: UnitOfWork) -> dict[str, Any]:
    # Each result lists the instance's role sets before the detach (the documented sample's InstanceRamRoleSets).
    before: dict[str, str] = {}
    for wanted in request.instance_ids:
        try:
            before[wanted] = instances.get(uow, scope, wanted).ram_role_name
        except errors.ApiError:
            before[wanted] = ""
    results = attrs.detach_ram_role(uow, scope, request.instance_ids, request.ram_role_name)
    shown = _results(results)
    for entry in shown:
        role = before.get(entry["InstanceId"], "")
        sets = [{"RamRoleName": role, "InstanceId": entry["InstanceId"]}] if role and entry["Success"] else []
        entry["InstanceRamRoleSets"] = {"InstanceRamRoleSet": sets}
    failed = sum(1 for r in results if r.error)
    return {"RequestId": "", "TotalCount": len(results), "FailCount": failed, "RamRoleName": request.ram_role_name,
            "DetachInstanceRamRoleResults": {"DetachInstanceRamRoleResult": shown}}  # fmt: skip


@dataclass(frozen=True, kw_only=True)
class DescribeInstanceRamRole(Request):
    region_id: str = ecs_region()
    instance_ids: list[str] | None = param("InstanceIds", JsonList(max_items=100))
    ram_role_name: str | None = param("RamRoleName", Str(max_len=64))
    page_number: int = param("PageNumber", Int(minimum=1), default=1)
    page_size: int = param("PageSize", Int(minimum=1, maximum=100), default=10)


@action(ECS_VERSION, "DescribeInstanceRamRole", DescribeInstanceRamRole, resources=instance_ids_arn)
def describe_instance_ram_role(request: DescribeInstanceRamRole, scope: Scope, uow: UnitOfWork) -> dict[str, Any]:
    # Named instances are listed with their role ("" when none); the RamRoleName filter keeps its carriers.
    if request.ram_role_name:
        named: dict[str, Any] = {"id": AnyOf(request.instance_ids)} if request.instance_ids else {}
        carriers = uow.instances.find(account_id=scope.account_id, region_id=scope.region_id, **named)
        matched = [i for i in carriers if i.ram_role_name.lower() == request.ram_role_name.lower()
                   and not instances.released(i, scope.now)]  # fmt: skip
        found = paginate(matched, _page(request))
    else:
        found = _listed(uow, scope, request.instance_ids, _page(request))
    sets = [{"RamRoleName": i.ram_role_name, "InstanceId": i.id} for i in found.items]
    return {"RegionId": scope.region_id, "RequestId": "", "TotalCount": found.total,
            "InstanceRamRoleSets": {"InstanceRamRoleSet": sets}}  # fmt: skip


# --- public IP, resource groups ---


@dataclass(frozen=True, kw_only=True)
class AllocatePublicIpAddress(Request):
    region_id: str | None = optional_ecs_region()
    instance_id: str = instance_id()
    ip_address: str = param("IpAddress", Str(max_len=64), default="")
    # VlanId: "will be removed in the future"; classic VLANs are not modelled.
    ignored = ("VlanId",)


@action(ECS_VERSION, "AllocatePublicIpAddress", AllocatePublicIpAddress, resources=instance_arn)
def allocate_public_ip_address(request: AllocatePublicIpAddress, scope: Scope, uow: UnitOfWork) -> dict[str, Any]:
    instance = attrs.allocate_public_ip(uow, scope, request.instance_id, request.ip_address)
    return {"IpAddress": instance.public_ip, "RequestId": ""}


@dataclass(frozen=True, kw_only=True)
class JoinResourceGroup(Request):
    region_id: str = ecs_region()
    resource_group_id: str = param("ResourceGroupId", Str(max_len=64), required=True)
    resource_id: str = param("ResourceId", Str(max_len=64), required=True)
    resource_type: str = param("ResourceType", Str(max_len=32), required=True)


_JOIN_ARN_KINDS = {"instance": "instance", "securitygroup": "securitygroup", "disk": "disk"}


def _joined_arn(request: JoinResourceGroup, scope: Scope) -> list[str]:
    kind = _JOIN_ARN_KINDS.get(request.resource_type, request.resource_type or "*")
    return [scope_arn("ecs", scope, f"{kind}/{request.resource_id or '*'}")]


@action(ECS_VERSION, "JoinResourceGroup", JoinResourceGroup, resources=_joined_arn)
def join_resource_group(request: JoinResourceGroup, scope: Scope, uow: UnitOfWork) -> dict[str, Any]:
    attrs.join_resource_group(uow, scope, resource_type=request.resource_type, resource_id=request.resource_id,
                              group_id=request.resource_group_id)  # fmt: skip
    return {}
