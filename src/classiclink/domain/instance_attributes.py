"""The instance attribute actions' rules (ECS 2014-05-26): ModifyInstanceAttribute, ModifyInstanceVpcAttribute,
the charge-type, spec and network-spec changes, the auto-release, auto-renew, maintenance, attachment and
metadata settings, RAM roles, public IP allocation and resource groups.

Each function checks what the action's reference documents, in its order, then changes the instance; every
setting reads back through DescribeInstances / DescribeInstanceAttribute or the action's own Describe*.
"""

from __future__ import annotations

import base64
import binascii
import ipaddress
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, TypeVar

from .. import errors
from . import condition_checks, instance_options, instances, network_interfaces, resource_groups, text
from .identity import role_key
from .lookup import in_region
from .model import Disk, Instance, Resource, VSwitch
from .ports import Repository, UnitOfWork
from .scope import Scope

T = TypeVar("T", bound=Resource)


def _unlocked(uow: UnitOfWork, scope: Scope, instance_id: str) -> Instance:
    """The caller's instance, for a write its table refuses while the instance is locked for security reasons
    (InstanceLockedForSecurity; the account's conditions)."""
    instance = instances.get(uow, scope, instance_id)
    condition_checks.check_unlocked(uow, scope, instance.id)
    return instance


def _beside(repository: Repository[T], resource_id: str, instance: Instance, missing: type[errors.ApiError]) -> T:
    """The account's resource in the instance's region (these actions may name no region), or NotFound."""
    found = repository.get_in_region(resource_id, account_id=instance.account_id, region_id=instance.region_id)
    if found is None:
        raise missing()
    return found


# --- ModifyInstanceAttribute ------------------------------------------------------------------------------


@dataclass(frozen=True)
class AttributeChange:
    """The ModifyInstanceAttribute parameters given (None = not given)."""

    name: str | None = None
    description: str | None = None
    host_name: str | None = None
    password: str | None = None
    user_data: str | None = None
    security_group_ids: Sequence[str] = ()
    deletion_protection: bool | None = None
    credit_specification: str | None = None
    network_interface_queue_number: int | None = None
    enable_jumbo_frame: bool | None = None
    enable_network_encryption: bool | None = None
    recyclable: bool | None = None
    # CpuOptions.* and PrivateDnsNameOptions.*, by the view field they set (domain/launch_settings.py).
    options: Mapping[str, Any] = field(default_factory=dict)


# "The value of NetworkInterfaceQueueNumber cannot exceed the maximum number of queues per ENI" of the type:
# the emulator's types allow one queue per vCPU, at most 32 (-1 resets to the type's default).
MAX_QUEUES = 32
USER_DATA_LIMIT = 32 * 1024  # "The raw data before Base64 encoding can be up to 32 KB" (RunInstances, UserData)


def modify_attribute(uow: UnitOfWork, scope: Scope, instance_id: str, change: AttributeChange) -> Instance:
    instance = _unlocked(uow, scope, instance_id)
    status = instance.lifecycle.at(scope.now)
    windows = instance_options.operating_system(instance.image_id).os_type == "windows"
    if change.name is not None and not (change.name == "" or text.valid_name(change.name, colon=True)):
        raise errors.InstanceNameMalformed()
    if change.description is not None and not text.valid_description(change.description):
        raise errors.InstanceDescriptionMalformed()
    if change.host_name is not None and not instance_options.valid_host_name(change.host_name, windows):
        raise errors.HostNameMalformed()
    if change.password:
        instance_options.check_password(change.password, windows=windows, inherit=False)
        # "Reset the password: the instance cannot be in the Starting state."
        if status == "Starting":
            raise errors.IncorrectInstanceStatus()
    if change.user_data is not None:
        _check_user_data(change.user_data)
        # "Modify user data: the instance must be in the Stopped state."
        if status != "Stopped":
            raise errors.IncorrectInstanceStatus()
    if change.credit_specification:
        instance_options.check_credit_specification(change.credit_specification, instance.instance_type)
    if change.network_interface_queue_number is not None:
        queues = change.network_interface_queue_number
        # "The instance must be in the Stopped state"; -1 resets to the type's default.
        if queues != -1 and not 1 <= queues <= min(instance.cpu, MAX_QUEUES):
            raise errors.InvalidParameter(name="NetworkInterfaceQueueNumber")
        if status != "Stopped":
            raise errors.IncorrectInstanceStatus()
    if change.enable_jumbo_frame is not None:
        # "The instance must be Running or Stopped, and in a VPC."
        if instance.is_classic:
            raise errors.ClassicInstanceNotSupported()
        if status not in ("Running", "Stopped"):
            raise errors.IncorrectInstanceStatus()
    groups = _replacement_groups(uow, scope, instance, change.security_group_ids)

    if change.name is not None:
        # An empty InstanceName leaves the name as it is (the instance is named by its ID when created).
        instance.name = change.name or instance.name
    if change.description is not None:
        instance.description = change.description
    if change.host_name is not None:
        # Takes effect in the guest after RebootInstance; DescribeInstances shows the new name at once.
        instance.host_name = change.host_name
    if change.password:
        instance.password_set = True
    if change.user_data is not None:
        instance.user_data = change.user_data
    if groups is not None:
        instance.security_group_ids = groups
    if change.deletion_protection is not None:
        instance.deletion_protection = change.deletion_protection
    if change.credit_specification:
        instance.credit_specification = change.credit_specification
    if change.network_interface_queue_number is not None:
        instance.network_interface_queue_number = max(change.network_interface_queue_number, 0)
        _primary_queues(uow, instance)
    if change.options:
        instance.options = {**instance.options, **change.options}
    if change.enable_jumbo_frame is not None:
        instance.enable_jumbo_frame = change.enable_jumbo_frame
    if change.enable_network_encryption is not None:
        instance.enable_network_encryption = change.enable_network_encryption
    if change.recyclable is not None:
        instance.recyclable = change.recyclable
    uow.instances.save(instance)
    return instance


def _primary_queues(uow: UnitOfWork, instance: Instance) -> None:
    """The primary ENI shows the instance's NetworkInterfaceQueueNumber (0: the type's default)."""
    eni = uow.network_interfaces.get(network_interfaces.primary_eni_id(instance), account_id=instance.account_id)
    if eni is None:
        return
    eni.options = {k: v for k, v in eni.options.items() if k != "QueueNumber"}
    if instance.network_interface_queue_number > 0:
        eni.options["QueueNumber"] = instance.network_interface_queue_number
    uow.network_interfaces.save(eni)


def _check_user_data(user_data: str) -> None:
    try:
        raw = base64.b64decode(user_data, validate=True)
    except (binascii.Error, ValueError):
        raise errors.InvalidParameter(name="UserData") from None
    if len(raw) > USER_DATA_LIMIT:
        raise errors.InvalidParameter(name="UserData")


def _replacement_groups(uow: UnitOfWork, scope: Scope, instance: Instance, wanted: Sequence[str]) -> list[str] | None:
    """SecurityGroupIds.N replaces the instance's set: at most five, no repeats, all existing, all of the
    instance's VPC; "not supported for instances in the classic network"."""
    if not wanted:
        return None
    if instance.is_classic:
        raise errors.ClassicInstanceNotSupported()
    if len(wanted) > instances.MAX_SECURITY_GROUPS:
        raise errors.TooManySecurityGroups()
    if len(set(wanted)) != len(wanted):
        raise errors.InvalidParameter(name="SecurityGroupIds.N")
    groups = [_beside(uow.security_groups, g, instance, errors.SecurityGroupNotFound) for g in wanted]
    if any(g.vpc_id != instance.vpc_id for g in groups):
        raise errors.InstanceGroupMismatch()
    return [g.id for g in groups]


# --- ModifyInstanceVpcAttribute ---------------------------------------------------------------------------


def modify_vpc_attribute(
    uow: UnitOfWork, scope: Scope, instance_id: str, *, vswitch_id: str, private_ip: str, vpc_id: str,
    security_group_ids: Sequence[str],
) -> Instance:  # fmt: skip
    """A VPC instance's vSwitch, private address or VPC. Classic instances are not VPC instances — a
    ClassicLinked one neither: its link gives it no vSwitch (OperationDenied). The instance must be Stopped."""
    instance = instances.get(uow, scope, instance_id)
    if instance.is_classic:
        raise errors.InstanceVpcOnly()
    if instance.lifecycle.at(scope.now) != "Stopped":
        raise errors.VpcInstanceStatusIncorrect()
    vswitch = _beside(uow.vswitches, vswitch_id, instance, errors.EcsVSwitchNotFound)
    target_vpc = vpc_id or instance.vpc_id
    if vpc_id:
        _beside(uow.vpcs, vpc_id, instance, errors.VpcNotFound)
    if vswitch.vpc_id != target_vpc:
        raise errors.VSwitchNotInInstanceVpc()
    if vswitch.zone_id != instance.zone_id:
        raise errors.VSwitchZoneMismatchForInstance()
    groups = list(instance.security_group_ids)
    if vpc_id and vpc_id != instance.vpc_id:
        # "SecurityGroupId.N: required when the VPC changes; the groups must be of the new VPC."
        if not security_group_ids:
            raise errors.MissingParameter(name="SecurityGroupId.N")
        if len(security_group_ids) > instances.MAX_SECURITY_GROUPS:
            raise errors.TooManySecurityGroups()
        found = [_beside(uow.security_groups, g, instance, errors.SecurityGroupNotFound) for g in security_group_ids]
        if any(g.vpc_id != vpc_id for g in found):
            raise errors.InstanceGroupMismatch()
        groups = [g.id for g in found]
    elif security_group_ids:
        found = [_beside(uow.security_groups, g, instance, errors.SecurityGroupNotFound) for g in security_group_ids]
        if any(g.vpc_id != instance.vpc_id for g in found):
            raise errors.InstanceGroupMismatch()
        groups = [g.id for g in found]
    address = _new_private_ip(
        uow, vswitch, private_ip, keep=instance.private_ip if vswitch.id == instance.vswitch_id else ""
    )
    instance.vpc_id, instance.vswitch_id, instance.private_ip = target_vpc, vswitch.id, address
    instance.security_group_ids = groups
    uow.instances.save(instance)
    return instance


def _new_private_ip(uow: UnitOfWork, vswitch: VSwitch, wanted: str, keep: str) -> str:
    """The given address (in the vSwitch, free), else the one kept on the same vSwitch, else a free one."""
    if not wanted:
        return keep or instances.private_ip(uow, vswitch, "")
    try:
        address = ipaddress.IPv4Address(wanted)
    except ValueError:
        raise errors.PrivateIpMalformed() from None
    if address not in ipaddress.ip_network(vswitch.cidr_block):
        raise errors.PrivateIpMismatch()
    if wanted == keep:
        return keep
    return instances.private_ip(uow, vswitch, wanted)


# --- public IP addresses and the network spec -------------------------------------------------------------


def allocate_public_ip(uow: UnitOfWork, scope: Scope, instance_id: str, wanted: str = "") -> Instance:
    """AllocatePublicIpAddress: Running or Stopped, one address per instance (AllocatedAlready), and some
    outbound bandwidth to carry it."""
    instance = _unlocked(uow, scope, instance_id)
    if instance.lifecycle.at(scope.now) not in ("Running", "Stopped"):
        raise errors.IncorrectInstanceStatus()
    if instance.public_ip:
        raise errors.PublicIpAllocatedAlready()
    if instance.internet_max_bandwidth_out <= 0:
        raise errors.PublicIpNoBandwidth()
    if wanted:
        try:
            address = ipaddress.IPv4Address(wanted)
        except ValueError:
            raise errors.InvalidParameter(name="IpAddress") from None
        if address not in instances.PUBLIC_POOL or uow.instances.exists(
            account_id=None, region_id=instance.region_id, public_ip=wanted
        ):
            raise errors.PublicIpInUse()
        instance.public_ip = wanted
    else:
        instance.public_ip = instances.public_ip(uow, instance.region_id)
    uow.instances.save(instance)
    return instance


BANDWIDTH_OUT_MAX = 100  # Mbit/s (RunInstances, InternetMaxBandwidthOut 0-100)
BANDWIDTH_IN_MAX = 200


def modify_network_spec(
    uow: UnitOfWork, scope: Scope, instance_id: str, *, bandwidth_out: int | None, bandwidth_in: int | None,
    charge_type: str | None, allocate_public_ip: bool,
) -> Instance:  # fmt: skip
    """ModifyInstanceNetworkSpec: "PrePaid: going from 0 Mbit/s to a non-zero value allocates a public IP;
    PostPaid: only with AllocatePublicIp. A classic instance going from 0 must be Stopped." """
    instance = _unlocked(uow, scope, instance_id)
    status = instance.lifecycle.at(scope.now)
    if status not in ("Running", "Stopped"):
        raise errors.IncorrectInstanceStatus()
    before = instance.internet_max_bandwidth_out
    after = before if bandwidth_out is None else bandwidth_out
    if instance.is_classic and before == 0 and after > 0 and status != "Stopped":
        raise errors.IncorrectInstanceStatus()
    if allocate_public_ip and after <= 0:
        raise errors.PublicIpNoBandwidth()
    if allocate_public_ip and instance.public_ip:
        raise errors.PublicIpAllocatedAlready()
    instance.internet_max_bandwidth_out = after
    if bandwidth_in is not None:
        instance.internet_max_bandwidth_in = bandwidth_in
    if charge_type:
        instance.internet_charge_type = charge_type
    rising = before == 0 and after > 0
    if not instance.public_ip and (allocate_public_ip or (rising and instance.instance_charge_type == "PrePaid")):
        instance.public_ip = instances.public_ip(uow, instance.region_id)
    uow.instances.save(instance)
    return instance


# --- charge type and spec --------------------------------------------------------------------------------


def modify_charge_type(
    uow: UnitOfWork, scope: Scope, instance_ids: Sequence[str], *, charge_type: str, period: int | None,
    period_unit: str, include_data_disks: bool,
) -> list[Instance]:  # fmt: skip
    """ModifyInstanceChargeType, PostPaid <-> PrePaid for up to 20 instances: each Running or Stopped and of
    the other charge type; PrePaid needs a Period in its unit's values, and ExpiredTime follows."""
    if not instance_ids:
        raise errors.MissingParameter(name="InstanceIds")
    if len(instance_ids) > 20:
        raise errors.InvalidParameter(name="InstanceIds")
    changed = [instances.get(uow, scope, i) for i in instance_ids]
    seconds = instance_options.subscription_seconds(charge_type, period, period_unit)
    for instance in changed:
        if instance.lifecycle.at(scope.now) not in ("Running", "Stopped"):
            raise errors.IncorrectInstanceStatus()
        if instance.instance_charge_type == charge_type:
            raise errors.ChargeTypeUnchanged()
        if charge_type == "PrePaid" and instance.spot_strategy != "NoSpot":
            raise errors.SpotPrepaid()
    for instance in changed:
        instance.instance_charge_type = charge_type
        if charge_type == "PrePaid":
            instance.expires_at = scope.now + seconds
            instance.auto_release_at = 0.0  # a subscription instance is never released automatically
            instance.renewal_status, instance.renewal_duration, instance.renewal_period_unit = "Normal", 0, "Month"
        else:
            instance.expires_at = 0.0
            instance.renewal_status, instance.renewal_duration, instance.renewal_period_unit = "Normal", 0, "Month"
        uow.instances.save(instance)
        for disk in uow.disks.find(account_id=scope.account_id, instance_id=instance.id):
            if disk.disk_type == "system" or include_data_disks or charge_type == "PostPaid":
                _follow_charge_type(uow, disk, instance)
    return changed


def _follow_charge_type(uow: UnitOfWork, disk: Disk, instance: Instance) -> None:
    disk.charge_type = instance.instance_charge_type
    disk.expires_at = instance.expires_at
    uow.disks.save(disk)


def modify_spec(
    uow: UnitOfWork, scope: Scope, instance_id: str, *, instance_type: str | None, bandwidth_out: int | None,
    bandwidth_in: int | None,
) -> Instance:  # fmt: skip
    """ModifyInstanceSpec (PostPaid instances): a new InstanceType needs the instance Stopped; vCPUs and
    memory follow the type. The bandwidths may change in any settled state."""
    instance = _unlocked(uow, scope, instance_id)
    if instance.instance_charge_type != "PostPaid":
        raise errors.ChargeTypeViolation()
    status = instance.lifecycle.at(scope.now)
    if instance_type:
        shape = instances.instance_shape(instance_type)
        if status != "Stopped":
            raise errors.IncorrectInstanceStatus()
        _retype(instance, instance_type, shape)
    if bandwidth_out is not None or bandwidth_in is not None:
        if status not in ("Running", "Stopped"):
            raise errors.IncorrectInstanceStatus()
        if bandwidth_out is not None:
            instance.internet_max_bandwidth_out = bandwidth_out
        if bandwidth_in is not None:
            instance.internet_max_bandwidth_in = bandwidth_in
    uow.instances.save(instance)
    return instance


def modify_prepay_spec(
    uow: UnitOfWork, scope: Scope, instance_id: str, *, instance_type: str, operator_type: str
) -> Instance:
    """ModifyPrepayInstanceSpec (PrePaid instances): OperatorType upgrade needs a larger type, downgrade a
    smaller one; a downgrade needs the instance Stopped, an upgrade Running or Stopped."""
    instance = instances.get(uow, scope, instance_id)
    if instance.instance_charge_type != "PrePaid":
        raise errors.ChargeTypeViolation()
    shape = instances.instance_shape(instance_type)
    status = instance.lifecycle.at(scope.now)
    bigger = shape > (instance.cpu, instance.memory)
    smaller = shape < (instance.cpu, instance.memory)
    if operator_type and (
        (operator_type == "upgrade" and not bigger) or (operator_type == "downgrade" and not smaller)
    ):
        raise errors.InstanceTypeUnchanged()
    if status not in ("Running", "Stopped") or (smaller and status != "Stopped"):
        raise errors.IncorrectInstanceStatus()
    _retype(instance, instance_type, shape)
    uow.instances.save(instance)
    return instance


def _retype(instance: Instance, instance_type: str, shape: tuple[int, int]) -> None:
    instance.instance_type = instance_type
    instance.cpu, instance.memory = shape
    if not instance_type.startswith(instance_options.BURSTABLE_FAMILIES):
        instance.credit_specification = ""  # only burstable types carry one


# --- auto-release and auto-renew -------------------------------------------------------------------------


def modify_auto_release_time(uow: UnitOfWork, scope: Scope, instance_id: str, release_time: str) -> Instance:
    """PostPaid instances only; the documented format and range; an empty AutoReleaseTime clears it."""
    instance = instances.get(uow, scope, instance_id)
    if instance.instance_charge_type != "PostPaid":
        raise errors.ChargeTypeViolation()
    instance.auto_release_at = instance_options.auto_release_at(release_time, scope.now)
    uow.instances.save(instance)
    return instance


RENEWAL_STATUSES = ("AutoRenewal", "Normal", "NotRenewal")
RENEW_DURATIONS = {"Week": (1, 2, 3), "Month": (1, 2, 3, 6, 12, 24, 36, 48, 60), "Year": (1, 2, 3, 4, 5)}


def modify_auto_renew(
    uow: UnitOfWork, scope: Scope, instance_ids: Sequence[str], *, auto_renew: bool | None, duration: int | None,
    period_unit: str, renewal_status: str | None,
) -> list[Instance]:  # fmt: skip
    """ModifyInstanceAutoRenewAttribute (subscription instances only). RenewalStatus wins over AutoRenew;
    an automatic renewal needs a Duration in its unit's values."""
    if len(instance_ids) > 100:
        raise errors.InvalidParameter(name="InstanceId")
    found = [instances.get(uow, scope, i) for i in instance_ids]
    status = renewal_status or ("AutoRenewal" if auto_renew else "Normal" if auto_renew is False else None)
    if duration is not None and duration not in RENEW_DURATIONS[period_unit]:
        raise errors.AutoRenewDurationInvalid()
    for instance in found:
        if instance.instance_charge_type != "PrePaid":
            raise errors.ChargeTypeViolation()
    for instance in found:
        if status is not None:
            instance.renewal_status = status
        if status == "AutoRenewal":
            instance.renewal_duration = duration or instance.renewal_duration or 1
            instance.renewal_period_unit = period_unit
        elif duration is not None:
            instance.renewal_duration, instance.renewal_period_unit = duration, period_unit
        uow.instances.save(instance)
    return found


# --- maintenance, attachment and metadata settings -------------------------------------------------------

MAINTENANCE_ACTIONS = ("Stop", "AutoRecover", "AutoRedeploy")
_HOUR = re.compile(r"(\d\d):00:00(Z?)")


def modify_maintenance(
    uow: UnitOfWork, scope: Scope, instance_ids: Sequence[str], *, windows: Sequence[dict[str, str]],
    action: str | None, notify: bool | None,
) -> list[Instance]:  # fmt: skip
    """Windows on the hour, both ends given, the end 1–23 hours after the start (across midnight allowed)."""
    checked: list[dict[str, str]] = []
    for window in windows:
        start, end = window.get("StartTime", ""), window.get("EndTime", "")
        first, last = _HOUR.fullmatch(start), _HOUR.fullmatch(end)
        if first is None or last is None or int(first.group(1)) > 23 or int(last.group(1)) > 23:
            raise errors.MaintenanceWindowInvalid()
        if (int(last.group(1)) - int(first.group(1))) % 24 == 0:
            raise errors.MaintenanceWindowInvalid()
        checked.append({"StartTime": start, "EndTime": end})
    found = [instances.get(uow, scope, i) for i in instance_ids]
    for instance in found:
        if windows:
            instance.maintenance_windows = checked
        if action:
            instance.action_on_maintenance = action
        if notify is not None:
            instance.notify_on_maintenance = notify
        uow.instances.save(instance)
    return found


def modify_attachment(uow: UnitOfWork, scope: Scope, instance_id: str, *, match_criteria: str, pool_id: str) -> None:
    """PrivatePoolOptions: Open or None; Target needs a private pool Id, and none exist here."""
    instance = instances.get(uow, scope, instance_id)
    if match_criteria == "Target" or pool_id:
        if not pool_id:
            raise errors.MissingParameter(name="PrivatePoolOptions.Id")
        raise errors.PrivatePoolNotFound()
    instance.private_pool_match_criteria, instance.private_pool_id = match_criteria, ""
    uow.instances.save(instance)


def modify_metadata_options(
    uow: UnitOfWork, scope: Scope, instance_id: str, *, endpoint: str, tokens: str, hop_limit: int | None,
    metadata_tags: str,
) -> None:  # fmt: skip
    instance = instances.get(uow, scope, instance_id)
    if hop_limit is not None and not 1 <= hop_limit <= 64:
        raise errors.InvalidParameter(name="HttpPutResponseHopLimit")
    instance.http_endpoint = endpoint or instance.http_endpoint
    instance.http_tokens = tokens or instance.http_tokens
    instance.http_put_response_hop_limit = hop_limit or instance.http_put_response_hop_limit
    instance.instance_metadata_tags = metadata_tags or instance.instance_metadata_tags
    uow.instances.save(instance)


# --- RAM roles --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class RoleResult:
    instance_id: str
    error: errors.ApiError | None = None


def _role_exists(uow: UnitOfWork, scope: Scope, name: str) -> None:
    if uow.roles.get(role_key(scope.account_id, name), account_id=scope.account_id) is None:
        raise errors.RamRoleNotFound()


def attach_ram_role(uow: UnitOfWork, scope: Scope, instance_ids: Sequence[str], role_name: str) -> list[RoleResult]:
    """The role must exist in the account; each instance gets its own result: not found, classic (no
    instance RAM roles), or already carrying a role (one per instance)."""
    _role_exists(uow, scope, role_name)
    results: list[RoleResult] = []
    for instance_id in instance_ids:
        try:
            instance = instances.get(uow, scope, instance_id)
            if instance.is_classic:
                raise errors.RamRoleClassicNotSupported()
            if instance.ram_role_name:
                raise errors.RamRoleAlreadyAttached()
        except errors.ApiError as failed:
            results.append(RoleResult(instance_id, failed))
            continue
        instance.ram_role_name = role_name
        uow.instances.save(instance)
        results.append(RoleResult(instance_id))
    return results


def detach_ram_role(uow: UnitOfWork, scope: Scope, instance_ids: Sequence[str], role_name: str) -> list[RoleResult]:
    """Each instance loses its role; a RamRoleName, when given, must be the one it carries."""
    if role_name:
        _role_exists(uow, scope, role_name)
    results: list[RoleResult] = []
    for instance_id in instance_ids:
        try:
            instance = instances.get(uow, scope, instance_id)
            if not instance.ram_role_name or (role_name and instance.ram_role_name.lower() != role_name.lower()):
                raise errors.RamRoleNotAttached()
        except errors.ApiError as failed:
            results.append(RoleResult(instance_id, failed))
            continue
        instance.ram_role_name = ""
        uow.instances.save(instance)
        results.append(RoleResult(instance_id))
    return results


# --- resource groups and deployment ----------------------------------------------------------------------

JOINABLE_TYPES = ("instance", "disk", "securitygroup")
# Documented ResourceType values whose resources the emulator does not keep: none can exist, so any ID of
# them is unknown.
UNKEPT_TYPES = ("snapshot", "image", "ddh", "ddhcluster", "eni", "keypair", "launchtemplate")


def join_resource_group(uow: UnitOfWork, scope: Scope, *, resource_type: str, resource_id: str, group_id: str) -> None:
    """ECS JoinResourceGroup: the resource moves to one of the account's groups (only its default exists)."""
    if resource_type not in JOINABLE_TYPES + UNKEPT_TYPES:
        raise errors.MoveResourceTypeInvalid()
    if resource_type == "instance":
        instance = instances.get(uow, scope, resource_id)
        instance.resource_group_id = resource_groups.check(scope.account_id, group_id)
        uow.instances.save(instance)
    elif resource_type == "securitygroup":
        group = in_region(uow.security_groups, resource_id, scope, errors.SecurityGroupNotFound)
        group.resource_group_id = resource_groups.check(scope.account_id, group_id)
        uow.security_groups.save(group)
    elif resource_type == "disk":
        disk = in_region(uow.disks, resource_id, scope, errors.EcsTaggedResourceNotFound)
        disk.resource_group_id = resource_groups.check(scope.account_id, group_id)
        uow.disks.save(disk)
    else:
        raise errors.EcsTaggedResourceNotFound()


def modify_deployment(
    uow: UnitOfWork, scope: Scope, instance_id: str, *, deployment_set_id: str, dedicated_host_id: str,
    remove_from_deployment_set: bool,
) -> None:  # fmt: skip
    """Neither deployment sets nor dedicated hosts exist in the emulator: naming one answers its NotFound."""
    instances.get(uow, scope, instance_id)
    if deployment_set_id:
        raise errors.DeploymentSetNotFound()
    if dedicated_host_id:
        raise errors.DedicatedHostNotFound()
    if not remove_from_deployment_set:
        raise errors.MissingParameter(name="DeploymentSetId")
    # RemoveFromDeploymentSet: the instance is in no deployment set, so nothing changes.
