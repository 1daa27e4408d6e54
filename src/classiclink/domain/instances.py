"""ECS instance rules (api-spec §4.4–4.6, §4.9): network placement, addresses and the state machine.

There is no network-type parameter: an instance is a VPC instance when it is created with a vSwitch,
and a classic instance otherwise (which needs a classic security group and a region that still has
the classic network). Classic instances get an ``InnerIpAddress`` in 10.0.0.0/8, outside
10.111.0.0/16 (the range ClassicLink reserves for vSwitches of 10/8 VPCs, api-spec §2.2); VPC
instances a private address of their vSwitch.

States (E-STATES): CreateInstance Pending -> Stopped; RunInstances Pending -> Starting -> Running;
StartInstance Stopped -> Starting -> Running; StopInstance Running -> Stopping -> Stopped;
RebootInstance Running -> Stopping -> Starting -> Running. Each step takes ``transition_delay``.
"""

from __future__ import annotations

import base64
import binascii
import ipaddress
import re
import secrets
from collections.abc import Sequence
from dataclasses import dataclass, field

from .. import errors
from . import addresses, classiclink, disks, instance_network, tags, text
from .lookup import in_region
from .model import Instance, Lifecycle, VSwitch, new_id
from .ports import UnitOfWork
from .regions import Region, classic_hint, find_region, zones_hint
from .scope import Scope

STATUSES = ("Pending", "Running", "Starting", "Stopping", "Stopped")
CLASSIC_RANGE = ipaddress.ip_network("10.0.0.0/8")
CLASSICLINK_RANGE = ipaddress.ip_network("10.111.0.0/16")

# Instance types the emulator offers in every zone: (vCPUs, memory in MiB).
INSTANCE_TYPES: dict[str, tuple[int, int]] = {
    "ecs.t1.small": (1, 1024),
    "ecs.s2.large": (2, 4096),
    "ecs.n1.tiny": (1, 1024),
    "ecs.n1.small": (1, 2048),
    "ecs.n1.medium": (2, 4096),
    "ecs.n4.small": (1, 2048),
    "ecs.n4.large": (2, 4096),
    "ecs.sn1ne.large": (2, 4096),
    "ecs.sn2ne.large": (2, 8192),
    "ecs.c5.large": (2, 4096),
    "ecs.g5.large": (2, 8192),
    "ecs.r5.large": (2, 16384),
    "ecs.c6.large": (2, 4096),
    "ecs.g6.large": (2, 8192),
    "ecs.r6.large": (2, 16384),
    "ecs.g6.xlarge": (4, 16384),
    "ecs.g7.large": (2, 8192),
}
# Other well-formed type names are accepted too; their size follows the naming scheme.
_TYPE_NAME = re.compile(r"ecs\.([a-z][a-z0-9-]*)\.(nano|micro|tiny|small|medium|large|(\d*)xlarge)")
_SIZE_CPUS = {"nano": 1, "micro": 1, "tiny": 1, "small": 1, "medium": 2, "large": 2}
# GiB of memory per vCPU by the family's first letter (c compute, g general, r memory); others 2.
_GIB_PER_CPU = {"c": 2, "g": 4, "r": 8, "t": 1}

INSTANCE_TYPES_HINT = (
    f"valid instance types: {', '.join(INSTANCE_TYPES)}; or any ecs.<family>.<size> with size nano, micro, tiny, "
    "small, medium, large or <N>xlarge (at most 256 vCPUs)"
)

_HOST_SEGMENT = re.compile(r"[A-Za-z0-9]+(?:-[A-Za-z0-9]+)*")


def instance_shape(instance_type: str) -> tuple[int, int]:
    """(vCPUs, MiB) of an instance type, or InvalidInstanceType.ValueNotSupported."""
    if instance_type in INSTANCE_TYPES:
        return INSTANCE_TYPES[instance_type]
    match = _TYPE_NAME.fullmatch(instance_type)
    if match is None:
        raise errors.InstanceTypeNotSupported().hinted(INSTANCE_TYPES_HINT)
    family, size, multiple = match.groups()
    cpus = 4 * int(multiple or 1) if size.endswith("xlarge") else _SIZE_CPUS[size]
    if cpus > 256:
        raise errors.InstanceTypeNotSupported().hinted(INSTANCE_TYPES_HINT)
    return cpus, cpus * _GIB_PER_CPU.get(family[0], 2) * 1024


def instance_type_family(instance_type: str) -> str:
    return instance_type.rsplit(".", 1)[0]


def valid_host_name(name: str) -> bool:
    """2–64 characters: dot-separated segments of letters, digits and single inner hyphens."""
    return 2 <= len(name) <= 64 and all(_HOST_SEGMENT.fullmatch(part) for part in name.split("."))


@dataclass(frozen=True)
class InstanceRequest:
    """The business parameters of CreateInstance / RunInstances this emulator keeps."""

    instance_type: str
    image_id: str
    security_group_id: str
    vswitch_id: str = ""
    zone_id: str = ""
    name: str = ""
    host_name: str = ""
    description: str = ""
    private_ip: str = ""
    inner_ip: str = ""
    instance_charge_type: str = "PostPaid"
    internet_charge_type: str = "PayByTraffic"
    internet_max_bandwidth_out: int = 0
    tags: Sequence[dict[str, str]] = ()
    system_disk: disks.DiskRequest = field(default_factory=disks.DiskRequest)
    data_disks: Sequence[disks.DiskRequest] = ()
    user_data: str = ""


# "The user data must be encoded in Base64. The maximum size of raw data is 32 KB." (CreateInstance, RunInstances)
USER_DATA_LIMIT = 32 * 1024
SUBSCRIPTION_MONTH = 30 * 24 * 3600


def check_user_data(text: str) -> None:
    if not text:
        return
    try:
        raw = base64.b64decode(text, validate=True)
    except (binascii.Error, ValueError):
        raise errors.UserDataNotBase64() from None
    if len(raw) > USER_DATA_LIMIT:
        raise errors.UserDataTooLarge()


def create(
    uow: UnitOfWork, scope: Scope, *, request: InstanceRequest, amount: int = 1, run: bool = False
) -> list[Instance]:
    """CreateInstance (``run`` False: ends Stopped) and RunInstances (``run`` True: ends Running)."""
    account_id, region_id, now = scope.account_id, scope.region_id, scope.now
    region = find_region(region_id)
    assert region is not None  # the RegionId parameter is checked before any handler runs
    cpu, memory = instance_shape(request.instance_type)
    if request.name and not text.valid_name(request.name, colon=True):
        raise errors.InstanceNameMalformed()
    if request.host_name and not valid_host_name(request.host_name):
        raise errors.HostNameMalformed()
    if request.description and not text.valid_description(request.description):
        raise errors.InstanceDescriptionMalformed()
    if request.zone_id and request.zone_id not in region.zones:
        raise errors.InstanceZoneNotFound().hinted(zones_hint(region))
    check_user_data(request.user_data)
    prepaid = request.instance_charge_type == "PrePaid"
    disk_plan = disks.plan(request.system_disk, request.data_disks, request.image_id, prepaid=prepaid)
    group = in_region(uow.security_groups, request.security_group_id, scope, errors.SecurityGroupNotFound)
    vswitch = _placement(uow, scope, region, request, group.vpc_id)
    zone_id = vswitch.zone_id if vswitch else (request.zone_id or region.zones[0])

    created: list[Instance] = []
    for _ in range(amount):
        instance_id = new_id("i", region_id)
        instance = Instance(
            id=instance_id,
            account_id=account_id,
            region_id=region_id,
            created_at=now,
            zone_id=zone_id,
            name=request.name or instance_id,
            description=request.description,
            host_name=request.host_name or f"iZ{instance_id[2:]}Z",
            instance_type=request.instance_type,
            image_id=request.image_id,
            network_type="vpc" if vswitch else "classic",
            security_group_ids=[group.id],
            lifecycle=Lifecycle("Pending"),
            vpc_id=vswitch.vpc_id if vswitch else "",
            vswitch_id=vswitch.id if vswitch else "",
            private_ip=_private_ip(uow, vswitch, request.private_ip) if vswitch else "",
            inner_ip="" if vswitch else _inner_ip(uow, region_id, request.inner_ip),
            instance_charge_type=request.instance_charge_type,
            internet_charge_type=request.internet_charge_type,
            internet_max_bandwidth_out=request.internet_max_bandwidth_out,
            cpu=cpu,
            memory=memory,
            tags=tags.normalised(request.tags),
            user_data=request.user_data,
        )
        delay = scope.rules.transition_delay
        if run:
            instance.lifecycle.move(now, "Pending", (delay, "Starting"), (delay, "Running"))
            instance.started_at = now + 2 * max(delay, 0.0)
        else:
            instance.lifecycle.move(now, "Pending", (delay, "Stopped"))
        uow.instances.add(instance)
        disks.attach_new(uow, scope, instance=instance, planned=disk_plan,
                         expires_at=now + SUBSCRIPTION_MONTH if prepaid else 0.0)  # fmt: skip
        instance_network.on_create(uow, scope, instance)  # a VPC instance's primary ENI
        created.append(instance)
    return created


def _placement(
    uow: UnitOfWork, scope: Scope, region: Region, request: InstanceRequest, group_vpc_id: str
) -> VSwitch | None:
    """The vSwitch of a VPC instance, or None for a classic one; checks the group fits the network."""
    if not request.vswitch_id:
        if not region.classic:
            # No classic network here: the instance can only be a VPC instance.
            raise errors.VSwitchNecessary().hinted(classic_hint(region.id) + "; or give a VSwitchId")
        if group_vpc_id:
            raise errors.VSwitchNecessary().hinted(
                f"security group {request.security_group_id} belongs to {group_vpc_id}: a classic instance needs "
                "a classic security group (CreateSecurityGroup without VpcId), or give a VSwitchId of that VPC"
            )
        if request.private_ip:
            raise errors.InvalidParameter(name="PrivateIpAddress")
        return None
    vswitch = in_region(uow.vswitches, request.vswitch_id, scope, errors.EcsVSwitchNotFound)
    if vswitch.lifecycle.at(scope.now) != "Available":
        raise errors.EcsIncorrectVSwitchStatus()
    if request.zone_id and request.zone_id != vswitch.zone_id:
        raise errors.VSwitchZoneMismatch()
    if group_vpc_id != vswitch.vpc_id:
        raise errors.SecurityGroupVSwitchMismatch()
    if request.inner_ip:
        raise errors.InvalidParameter(name="InnerIpAddress")
    return vswitch


def _private_ip(uow: UnitOfWork, vswitch: VSwitch, wanted: str) -> str:
    """The given address if free, else the lowest free one. The vSwitch's first address and last
    three are reserved (V-CVSW)."""
    network = ipaddress.ip_network(vswitch.cidr_block, strict=False)
    first, last = int(network.network_address) + 1, int(network.broadcast_address) - 3
    if wanted:
        try:
            address = ipaddress.IPv4Address(wanted)
        except ValueError:
            raise errors.PrivateIpMalformed() from None
        if not first <= int(address) <= last:
            raise errors.PrivateIpNotInVSwitch()
        if addresses.taken(uow, vswitch, wanted):  # an instance's or an ENI's
            raise errors.PrivateIpDuplicated()
        return wanted
    return addresses.free(uow, vswitch, 1, exhausted=errors.PrivateIpExhausted)[0]


def _inner_ip(uow: UnitOfWork, region_id: str, wanted: str) -> str:
    """A classic address, unique in the region across accounts (the classic network is shared): each
    candidate is asked of the store, the region's instances are never loaded."""
    if wanted:
        try:
            address = ipaddress.IPv4Address(wanted)
        except ValueError:
            raise errors.InnerIpMalformed() from None
        if not usable_inner_ip(address) or _inner_ip_taken(uow, region_id, wanted):
            raise errors.InnerIpUnusable()
        return wanted
    while True:
        address = ipaddress.IPv4Address(
            int(CLASSIC_RANGE.network_address) + secrets.randbelow(CLASSIC_RANGE.num_addresses)
        )
        if usable_inner_ip(address) and not _inner_ip_taken(uow, region_id, str(address)):
            return str(address)


def _inner_ip_taken(uow: UnitOfWork, region_id: str, address: str) -> bool:
    return uow.instances.exists(account_id=None, region_id=region_id, inner_ip=address)


def usable_inner_ip(address: ipaddress.IPv4Address) -> bool:
    return address in CLASSIC_RANGE and address not in CLASSICLINK_RANGE and int(address) & 0xFF not in (0, 255)


def get(uow: UnitOfWork, scope: Scope, instance_id: str) -> Instance:
    """The caller's instance; when the call names a region it must be in that region (Start/Stop/Reboot/
    Delete and DescribeInstanceAttribute document none). Anything else is unknown."""
    instance = uow.instances.get(instance_id, account_id=scope.account_id)
    if instance is None or (scope.region_id and instance.region_id != scope.region_id):
        raise errors.InstanceNotFound()
    return instance


def start(uow: UnitOfWork, scope: Scope, instance_id: str) -> Instance:
    instance = get(uow, scope, instance_id)
    now = scope.now
    _require(instance, now, "Stopped")
    delay = scope.rules.transition_delay
    instance.lifecycle.move(now, "Starting", (delay, "Running"))
    instance.started_at = now + max(delay, 0.0)
    uow.instances.save(instance)
    return instance


def stop(uow: UnitOfWork, scope: Scope, instance_id: str, *, stopped_mode: str | None = None) -> Instance:
    instance = get(uow, scope, instance_id)
    if stopped_mode == "StopCharging" and instance.is_classic:
        # "No fees for stopped instances" exists for VPC instances only (E-STOP).
        raise errors.ClassicStopChargingNotSupported()
    _require(instance, scope.now, "Running")
    instance.lifecycle.move(scope.now, "Stopping", (scope.rules.transition_delay, "Stopped"))
    uow.instances.save(instance)
    return instance


def reboot(uow: UnitOfWork, scope: Scope, instance_id: str) -> Instance:
    instance = get(uow, scope, instance_id)
    now = scope.now
    _require(instance, now, "Running")
    delay = scope.rules.transition_delay
    instance.lifecycle.move(now, "Stopping", (delay, "Starting"), (delay, "Running"))
    instance.started_at = now + 2 * max(delay, 0.0)
    uow.instances.save(instance)
    return instance


def delete(uow: UnitOfWork, scope: Scope, instance_id: str, *, force: bool = False,
           terminate_subscription: bool = False) -> None:  # fmt: skip
    """DeleteInstance: Stopped instances only, any settled state with Force; a ClassicLink link goes with it."""
    instance = get(uow, scope, instance_id)
    status = instance.lifecycle.at(scope.now)
    if status == "Pending":
        raise errors.InstanceInitializing()
    if status != "Stopped" and not force:
        raise errors.IncorrectInstanceStatus()
    if instance.instance_charge_type == "PrePaid" and not terminate_subscription:
        raise errors.ChargeTypeViolation()
    classiclink.forget_instance(uow, instance)
    disks.release_with_instance(uow, scope, instance=instance)
    instance_network.on_delete(uow, scope, instance)  # its EIP stays (freed), its ENIs go or detach
    uow.instances.remove(instance)


def _require(instance: Instance, now: float, status: str) -> None:
    if instance.lifecycle.at(now) != status:
        raise errors.IncorrectInstanceStatus()
