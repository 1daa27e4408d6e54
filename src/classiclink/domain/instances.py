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
import dataclasses
import ipaddress
import re
import secrets
from collections.abc import Sequence
from dataclasses import dataclass, field, replace

from .. import errors
from . import (
    addresses,
    classiclink,
    condition_checks,
    defaults,
    disks,
    image_catalogue,
    instance_checks,
    instance_network,
    instance_options,
    instance_types,
    key_pairs,
    launch_network,
    launch_roles,
    launch_settings,
    resource_groups,
    security_groups,
    snapshots,
    tags,
    text,
    vswitches,
)
from .image_catalogue import ImageFacts
from .lookup import in_region
from .model import Instance, Lifecycle, SecurityGroup, Snapshot, VSwitch, new_id
from .ports import UnitOfWork
from .regions import Region, classic_hint, find_region, zones_hint
from .scope import Scope
from .vpcs import default_resource_group

STATUSES = ("Pending", "Running", "Starting", "Stopping", "Stopped")
CLASSIC_RANGE = ipaddress.ip_network("10.0.0.0/8")
CLASSICLINK_RANGE = ipaddress.ip_network("10.111.0.0/16")

# The instance types the docs and hints name first (instance_types.NAMED_FIRST): (vCPUs, memory in MiB).
INSTANCE_TYPES: dict[str, tuple[int, int]] = {
    name: (instance_types.TYPES[name].cpus, instance_types.TYPES[name].memory_mib)
    for name in instance_types.NAMED_FIRST
}

INSTANCE_TYPES_HINT = (
    f"valid instance types: {', '.join(INSTANCE_TYPES)}; or any of the {len(instance_types.TYPES)} types "
    "DescribeInstanceTypes lists"
)


def instance_shape(instance_type: str) -> tuple[int, int]:
    """(vCPUs, MiB) of a catalogued instance type, or InvalidInstanceType.ValueNotSupported."""
    try:
        found = instance_types.get(instance_type)
    except errors.InstanceTypeNotSupported:
        raise errors.InstanceTypeNotSupported().hinted(INSTANCE_TYPES_HINT) from None
    return found.cpus, found.memory_mib


def instance_type_family(instance_type: str) -> str:
    return instance_types.family_of(instance_type)


def valid_host_name(name: str, windows: bool = False) -> bool:
    """Linux 2–64 characters of dot-separated segments, Windows 2–15 without dots (instance_options)."""
    return instance_options.valid_host_name(name, windows)


# "An instance can belong to up to five security groups" (security group limits; SecurityGroupIds.N).
MAX_SECURITY_GROUPS = 5
# Public addresses handed out by InternetMaxBandwidthOut > 0 (RunInstances) and AllocatePublicIpAddress.
PUBLIC_POOL = ipaddress.ip_network("47.96.0.0/11")


@dataclass(frozen=True)
class InstanceRequest:
    """The business parameters of CreateInstance / RunInstances this emulator keeps."""

    instance_type: str
    image_id: str
    security_group_id: str = ""
    security_group_ids: Sequence[str] = ()
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
    unique_suffix: bool = False
    host_names: Sequence[str] = ()
    key_pair_name: str = ""
    deletion_protection: bool = False
    auto_release_time: str = ""
    resource_group_id: str = ""
    period: int | None = None
    period_unit: str = "Month"
    ram_role_name: str = ""
    http_endpoint: str = ""
    http_tokens: str = ""
    http_put_response_hop_limit: int | None = None
    spot_strategy: str = "NoSpot"
    spot_price_limit: float | None = None
    spot_duration: int | None = None
    spot_interruption_behavior: str = "Terminate"
    credit_specification: str = ""
    deployment_set_id: str = ""
    hpc_cluster_id: str = ""
    password: str = ""
    password_inherit: bool = False
    io_optimized: str = ""
    # RunInstances gives a public IP when InternetMaxBandwidthOut > 0; CreateInstance does not (E-RI).
    public_ip_with_bandwidth: bool = False
    placement: instance_checks.Placement = field(default_factory=instance_checks.Placement)
    auto_renew_period: int | None = None
    internet_max_bandwidth_in: int | None = None
    data_disk_devices: Sequence[str] = ()
    # CreateInstance refuses a key pair on Windows (DependencyViolation.WindowsInstance); RunInstances ignores it.
    refuse_windows_key_pair: bool = False
    # The code of an IoOptimized other than none / optimized: RunInstances' by default, CreateInstance's its own.
    io_optimized_error: type[errors.ApiError] = errors.IoOptimizeInvalid
    # RunInstances' NetworkInterface.N, Ipv6Address.N and Ipv6AddressCount (domain/launch_network.py).
    network: launch_network.LaunchNetwork = field(default_factory=launch_network.LaunchNetwork)
    # CreateInstance's table words some codes both actions answer differently (RAM role, spot price, default VPC).
    create_instance: bool = False
    # What only reads back: auto-renewal, launch options, jumbo frames, queues (domain/launch_settings.py).
    settings: launch_settings.LaunchSettings = field(default_factory=launch_settings.LaunchSettings)


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
    uow: UnitOfWork,
    scope: Scope,
    *,
    request: InstanceRequest,
    amount: int = 1,
    run: bool = False,
    image: ImageFacts | None = None,
) -> list[Instance]:
    """CreateInstance (``run`` False: ends Stopped) and RunInstances (``run`` True: ends Running). ``image`` is
    what the action found of ImageId (images.require_usable); without it, what the catalogue or the name says."""
    account_id, region_id, now = scope.account_id, scope.region_id, scope.now
    region = find_region(region_id)
    assert region is not None  # the RegionId parameter is checked before any handler runs
    request = _with_primary_eni(request)
    cpu, memory = instance_shape(request.instance_type)
    type_ = instance_types.get(request.instance_type)
    image = image or image_catalogue.facts_of(request.image_id)
    windows = image.os_type == "windows"
    names = _names(request, amount, windows)
    if request.description and not text.valid_description(request.description):
        raise errors.InstanceDescriptionMalformed()
    if request.zone_id and request.zone_id not in region.zones:
        raise errors.InstanceZoneNotFound().hinted(zones_hint(region))
    check_user_data(request.user_data)
    if len(request.tags) > tags.MAX_TAGS_PER_RESOURCE:
        raise errors.CreateTagQuotaExceeded()
    tags_ = tags.checked(request.tags, tags.ECS_ERRORS)
    instance_options.check_password(request.password, windows=windows, inherit=request.password_inherit)
    io_optimized = instance_options.io_optimized(request.io_optimized, request.instance_type,
                                                 invalid=request.io_optimized_error)  # fmt: skip
    instance_checks.check_image(image, type_)
    credit = instance_options.check_credit_specification(request.credit_specification, request.instance_type)
    release_at = instance_options.auto_release_at(request.auto_release_time, now)
    prepaid = request.instance_charge_type == "PrePaid"
    bought = instance_options.subscription_seconds(request.instance_charge_type, request.period, request.period_unit)
    if request.resource_group_id:
        resource_groups.check(account_id, request.resource_group_id)
    if request.deployment_set_id:
        raise errors.DeploymentSetNotFound()  # no deployment sets exist in the emulator
    classic = not request.vswitch_id
    instance_checks.check_placement(request.placement, instance_type=request.instance_type, classic=classic)
    instance_checks.check_auto_renew(request.auto_renew_period, request.period_unit)
    instance_checks.check_bandwidth_in(request.internet_max_bandwidth_in)
    instance_checks.check_devices(request.data_disk_devices)
    launch_settings.check_policies(uow, scope, [d.auto_snapshot_policy_id for d in (request.system_disk, *request.data_disks)
                                                if d.auto_snapshot_policy_id])  # fmt: skip
    instance_checks.check_kms([(d.kms_key_id, bool(d.encrypted)) for d in (request.system_disk, *request.data_disks)],
                              io_optimized=io_optimized)  # fmt: skip
    instance_checks.check_key_pair(
        request.key_pair_name, windows=windows, refuse_on_windows=request.refuse_windows_key_pair
    )
    if request.key_pair_name and not windows and not io_optimized:
        raise errors.KeyPairNeedsIoOptimized()
    instance_checks.check_user_data(request.user_data, io_optimized=io_optimized)
    instance_checks.check_spot_zone(request.spot_strategy, zone_id=request.zone_id, vswitch_id=request.vswitch_id)
    hop_limit = request.http_put_response_hop_limit
    if hop_limit is not None and not 1 <= hop_limit <= 64:
        raise errors.HopLimitNotSupported()
    disk_plan = _disk_plan(uow, scope, request, image, type_, prepaid=prepaid, io_optimized=io_optimized)
    groups = _security_groups(uow, scope, request)
    vswitch = _placement(uow, scope, region, request, groups[0].vpc_id)
    if vswitch is None and request.placement.private_pool_match == "Open":
        # "PrivatePoolOptions.MatchCriteria can be set only to None or left empty ... in the classic network."
        raise errors.NetworkTypeDenied(name="PrivatePoolOptions.MatchCriteria")
    spot = instance_options.check_spot(
        strategy=request.spot_strategy, price_limit=request.spot_price_limit, duration=request.spot_duration,
        behavior=request.spot_interruption_behavior, prepaid=prepaid, classic=vswitch is None,
    )  # fmt: skip
    if spot.strategy == "SpotWithPriceLimit" and 0 < spot.price_limit < instance_options.spot_market_price(cpu, memory):
        raise errors.SpotPriceBelowMarket() if request.create_instance else errors.RunSpotPriceBelowMarket()
    if request.key_pair_name and not windows:
        key_pairs.get(uow, scope, request.key_pair_name)  # InvalidKeyPairName.NotFound (RunInstances' table)
    if request.ram_role_name:
        launch_roles.check(uow, scope, request.ram_role_name, classic=vswitch is None,
                           create_instance=request.create_instance)  # fmt: skip
    launch = launch_network.plan(uow, scope, request.network, vswitch=vswitch, groups=groups,
                                 instance_type=request.instance_type, amount=amount)  # fmt: skip
    _check_group_capacity(uow, groups, amount, create_instance=request.create_instance)
    zone_id = vswitch.zone_id if vswitch else (request.zone_id or region.zones[0])
    wants_public_ip = request.public_ip_with_bandwidth and request.internet_max_bandwidth_out > 0
    condition_checks.check_instances(uow, scope, condition_checks.InstanceOrder(
        action=condition_checks.RUN_INSTANCES if run else condition_checks.CREATE_INSTANCE, zone_id=zone_id,
        instance_type=request.instance_type, cpus=cpu, amount=amount, prepaid=prepaid,
        vpc_id=vswitch.vpc_id if vswitch else "", vswitch_id=vswitch.id if vswitch else "",
        system_disk_category=disk_plan.system.category, data_disk_categories=[d.category for d in disk_plan.data],
        spot=spot.strategy != "NoSpot", spot_duration_given=request.spot_duration is not None,
        user_data=bool(request.user_data),
        kms_key_ids=[d.kms_key_id for d in (request.system_disk, *request.data_disks) if d.kms_key_id],
        encrypted_disks=any(d.encrypted for d in disk_plan.disks),
    ))  # fmt: skip  # the account's billing, authorizations, stock and quotas (admin API)

    created: list[Instance] = []
    for instance_name, host_name in names:
        instance_id = new_id("i", region_id)
        instance = Instance(
            id=instance_id,
            account_id=account_id,
            region_id=region_id,
            created_at=now,
            zone_id=zone_id,
            name=instance_name or instance_id,
            description=request.description,
            host_name=host_name or f"iZ{instance_id[2:]}Z",
            instance_type=request.instance_type,
            image_id=request.image_id,
            network_type="vpc" if vswitch else "classic",
            security_group_ids=[g.id for g in groups],
            lifecycle=Lifecycle("Pending"),
            vpc_id=vswitch.vpc_id if vswitch else "",
            vswitch_id=vswitch.id if vswitch else "",
            private_ip=_launch_private_ip(uow, vswitch, request.private_ip) if vswitch else "",
            inner_ip="" if vswitch else _inner_ip(uow, region_id, request.inner_ip),
            instance_charge_type=request.instance_charge_type,
            internet_charge_type=request.internet_charge_type,
            internet_max_bandwidth_out=request.internet_max_bandwidth_out,
            cpu=cpu,
            memory=memory,
            deletion_protection=request.deletion_protection,
            tags=[dict(tag) for tag in tags_],
            user_data=request.user_data,
            # "Windows instances: KeyPairName is ignored" (RunInstances, KeyPairName).
            key_pair_name="" if windows else request.key_pair_name,
            resource_group_id=request.resource_group_id or default_resource_group(account_id),
            public_ip=public_ip(uow, region_id) if wants_public_ip else "",
            auto_release_at=release_at,
            expires_at=now + bought if prepaid else 0.0,
            io_optimized=io_optimized,
            ram_role_name=request.ram_role_name,
            http_endpoint=request.http_endpoint or "enabled",
            http_tokens=request.http_tokens or "optional",
            http_put_response_hop_limit=hop_limit or 1,
            spot_strategy=spot.strategy,
            spot_price_limit=spot.price_limit,
            spot_duration=spot.duration,
            spot_interruption_behavior=spot.interruption_behavior,
            credit_specification=credit,
            password_set=bool(request.password),
        )
        launch_settings.apply(instance, request.settings, period_unit=request.period_unit,
                              auto_renew_period=request.auto_renew_period,
                              private_pool_match=request.placement.private_pool_match,
                              bandwidth_in=request.internet_max_bandwidth_in)  # fmt: skip
        delay = scope.rules.transition_delay
        if run:
            instance.lifecycle.move(now, "Pending", (delay, "Starting"), (delay, "Running"))
            instance.started_at = now + 2 * max(delay, 0.0)
        else:
            instance.lifecycle.move(now, "Pending", (delay, "Stopped"))
        uow.instances.add(instance)
        disks.attach_new(uow, scope, instance=instance, planned=disk_plan,
                         expires_at=instance.expires_at)  # fmt: skip
        instance_network.on_create(uow, scope, instance)  # a VPC instance's primary ENI
        launch_network.apply(uow, scope, launch, instance)  # its IPv6 addresses and secondary ENIs
        created.append(instance)
    return created


def _disk_plan(uow: UnitOfWork, scope: Scope, request: InstanceRequest, image: ImageFacts, type_: instance_types.InstanceType,
               *, prepaid: bool, io_optimized: bool) -> disks.DisksPlan:  # fmt: skip
    """The disks, checked: their shape and snapshots (disks.plan), a spot instance's local disks, then what the
    instance type takes. A custom image's encrypted system snapshot makes an encrypted system disk."""
    system = request.system_disk
    if image.encrypted:
        system = replace(system, encrypted=True, kms_key_id=image.kms_key_id)

    def snapshot_of(snapshot_id: str) -> Snapshot:
        return snapshots.source_for_disk(uow, scope, snapshot_id, not_found=errors.DataDiskSnapshotNotFound,
                                         too_old=errors.SnapshotTooOld)  # fmt: skip

    planned = disks.plan(system, request.data_disks, request.image_id, prepaid=prepaid, io_optimized=io_optimized,
                         image_gib=image.size, max_data_disks=type_.max_data_disks, snapshot_of=snapshot_of)  # fmt: skip
    if planned.local and request.spot_strategy not in ("", "NoSpot") and request.spot_interruption_behavior == "Stop":
        # A stopped spot instance is not kept on its host, and local disks live there.
        raise errors.SpotLocalDiskNotSupported()
    disks.check_offer(planned, type_, io_optimized=io_optimized)
    return planned


def family_image(family: str) -> str:
    """The newest public image of an ``acs:`` family (``acs:ubuntu_22_04_x64``) in the image catalogue; custom
    image families are not modelled here, so other names are refused."""
    name = family.removeprefix("acs:")
    if not family.startswith("acs:") or not re.fullmatch(r"[a-z0-9]+(?:_[a-z0-9-]+)*", name):
        raise errors.InvalidParameter(name="ImageFamily")
    members = [image for image in image_catalogue.PUBLIC_IMAGES if image.family == family]
    if not members:
        raise errors.InvalidParameter(name="ImageFamily")
    return max(members, key=lambda image: image.created_at).id


def _names(request: InstanceRequest, amount: int, windows: bool) -> list[tuple[str, str]]:
    """(InstanceName, HostName) of each new instance: ordered ``[begin,bits]`` names, UniqueSuffix, or
    HostNames.N (one per instance, instead of HostName)."""
    if request.host_names and request.host_name:
        raise errors.InvalidParameter(name="HostNames.N")
    if request.host_names and len(request.host_names) != amount:
        raise errors.InvalidParameter(name="HostNames.N")
    suffix = request.unique_suffix and amount > 1
    width = instance_options.UNIQUE_SUFFIX_WIDTH
    if suffix and request.name and "[" not in request.name and len(request.name) + width > 128:
        raise errors.InstanceNameSuffixExceed()
    if (
        suffix
        and request.host_name
        and "[" not in request.host_name
        and (len(request.host_name) + width > instance_options.host_name_limit(windows))
    ):
        raise errors.HostNameSuffixExceed()
    names = instance_options.ordered_names(request.name, amount, suffix)
    hosts = list(request.host_names) or instance_options.ordered_names(request.host_name, amount, suffix)
    for name in names:
        if name and not text.valid_name(name, colon=True):
            raise errors.InstanceNameMalformed()
    for host in hosts:
        if host and not valid_host_name(host, windows):
            raise errors.HostNameMalformed()
    return list(zip(names, hosts, strict=True))


def _security_groups(uow: UnitOfWork, scope: Scope, request: InstanceRequest) -> list[SecurityGroup]:
    """SecurityGroupId, or SecurityGroupIds.N (not both, at most five, no repeats), all of one network:
    classic, or the same VPC."""
    if request.security_group_id and request.security_group_ids:
        raise errors.SecurityGroupIdsConflict()
    wanted = list(request.security_group_ids) or [request.security_group_id]
    if not wanted[0]:
        raise errors.MissingParameter(name="SecurityGroupId")
    if len(wanted) > MAX_SECURITY_GROUPS:
        raise errors.TooManySecurityGroups()
    if len(set(wanted)) != len(wanted):
        raise errors.InvalidParameter(name="SecurityGroupIds.N")
    groups = [in_region(uow.security_groups, g, scope, errors.SecurityGroupNotFound) for g in wanted]
    if len({g.vpc_id for g in groups}) > 1:
        raise errors.SecurityGroupVSwitchMismatch()
    if len({g.group_type for g in groups}) > 1:
        # "cannot belong to both a basic and an advanced security group" (EnterpriseGroupLimited.MutliGroupType).
        raise errors.MixedSecurityGroupTypes()
    return groups


def _with_primary_eni(request: InstanceRequest) -> InstanceRequest:
    """RunInstances' NetworkInterface.N with InstanceType Primary names the instance's own vSwitch, groups and
    address: the request as if they had been given at the top level."""
    if request.network.primary is None and not request.network.interfaces:
        return request
    merged = launch_network.merge_primary(
        request.network, vswitch_id=request.vswitch_id, security_group_id=request.security_group_id,
        security_group_ids=request.security_group_ids, private_ip=request.private_ip,
    )  # fmt: skip
    return dataclasses.replace(request, vswitch_id=merged.vswitch_id, security_group_id=merged.security_group_id,
                               security_group_ids=merged.security_group_ids, private_ip=merged.private_ip)  # fmt: skip


def _check_group_capacity(uow: UnitOfWork, groups: Sequence[SecurityGroup], amount: int, *,
                          create_instance: bool) -> None:  # fmt: skip
    """Each group holds at most its type's instances (normal 2,000, enterprise 65,536), the new ones included."""
    for group in groups:
        capacity = security_groups.CAPACITY.get(group.group_type, security_groups.CAPACITY["normal"])
        if security_groups.members(uow, group) + amount > capacity:
            raise errors.CreateGroupInstanceLimit() if create_instance else errors.RunGroupInstanceLimit()


def public_ip(uow: UnitOfWork, region_id: str) -> str:
    """A free address of the public pool, unique in the region across accounts (like classic addresses)."""
    while True:
        address = ipaddress.IPv4Address(int(PUBLIC_POOL.network_address) + secrets.randbelow(PUBLIC_POOL.num_addresses))
        if int(address) & 0xFF in (0, 255):
            continue
        if not uow.instances.exists(account_id=None, region_id=region_id, public_ip=str(address)):
            return str(address)


def _placement(
    uow: UnitOfWork, scope: Scope, region: Region, request: InstanceRequest, group_vpc_id: str
) -> VSwitch | None:
    """The vSwitch of a VPC instance, or None for a classic one; checks the group fits the network. Without a
    VSwitchId a VPC instance goes to the default VPC, when the account has one in the region."""
    if not request.vswitch_id:
        if not region.classic or group_vpc_id:
            vswitch = _default_vswitch(uow, scope, region, request, group_vpc_id)
            if vswitch is None and not region.classic:
                # No classic network here: the instance can only be a VPC instance.
                raise errors.VSwitchNecessary().hinted(classic_hint(region.id) + "; or give a VSwitchId")
            if vswitch is None:
                raise errors.VSwitchNecessary().hinted(
                    f"security group {request.security_group_id or request.security_group_ids[0]} belongs to "
                    f"{group_vpc_id}: a classic instance needs a classic security group (CreateSecurityGroup without "
                    "VpcId), or give a VSwitchId of that VPC"
                )
            return vswitch
        if request.private_ip:
            # "The value of PrivateIpAddress depends on that of VSwitchId and cannot be separately specified."
            raise errors.MissingParameter(name="VSwitchId")
        return None
    vswitch = in_region(uow.vswitches, request.vswitch_id, scope, errors.EcsVSwitchNotFound)
    return _checked_vswitch(scope, request, vswitch, group_vpc_id)


def _checked_vswitch(scope: Scope, request: InstanceRequest, vswitch: VSwitch, group_vpc_id: str) -> VSwitch:
    """The vSwitch is ready, in the zone asked for and the group's VPC; InnerIpAddress is for classic instances."""
    if vswitch.lifecycle.at(scope.now) != "Available":
        raise errors.EcsIncorrectVSwitchStatus()
    if request.zone_id and request.zone_id != vswitch.zone_id:
        raise errors.VSwitchZoneMismatch()
    if group_vpc_id != vswitch.vpc_id:
        raise errors.SecurityGroupVSwitchMismatch()
    if request.inner_ip:
        raise errors.InvalidParameter(name="InnerIpAddress")
    return vswitch


def _default_vswitch(uow: UnitOfWork, scope: Scope, region: Region, request: InstanceRequest,
                     group_vpc_id: str) -> VSwitch | None:  # fmt: skip
    """The default vSwitch of the zone in the region's default VPC, made when the zone has none (CreateInstance's
    table: InvalidSecurityGroup.NotInDefaultVpc, IncorrectDefaultVpcStatus, InvalidVpcZone.NotSupported); None
    when the account has no default VPC here."""
    vpc = defaults.find_default_vpc(uow, scope)
    if vpc is None:
        return None
    if vpc.lifecycle.at(scope.now) != "Available":
        raise errors.IncorrectDefaultVpcStatus()
    if group_vpc_id != vpc.id:
        raise errors.SecurityGroupNotInDefaultVpc()
    present = uow.vswitches.find(account_id=scope.account_id, vpc_id=vpc.id, is_default=True)
    first = min(present, key=lambda v: (v.created_at, v.id)) if present else None
    zone_id = request.zone_id or (first.zone_id if first else region.zones[0])
    in_zone = [v for v in present if v.zone_id == zone_id]
    if in_zone:
        return _checked_vswitch(scope, request, in_zone[0], group_vpc_id)
    try:
        block = defaults.default_vswitch_block(uow, vpc)
    except errors.DefaultVSwitchCidrExhausted:
        raise (errors.DefaultVSwitchZoneUnavailable() if request.create_instance
               else errors.RunDefaultVSwitchZoneUnavailable()) from None  # fmt: skip
    vswitch = vswitches.create(uow, scope, vpc_id=vpc.id, zone_id=zone_id, cidr_block=block, is_default=True)
    # Made for this request, it is ready for the instance at once.
    vswitch.lifecycle.move(scope.now, "Available")
    uow.vswitches.save(vswitch)
    return _checked_vswitch(scope, request, vswitch, group_vpc_id)


def _launch_private_ip(uow: UnitOfWork, vswitch: VSwitch, wanted: str) -> str:
    """CreateInstance / RunInstances PrivateIpAddress: an address of the vSwitch's block that is reserved (the
    first and the last three) is InvalidVSwitchId.IpInvalid, one an ENI holds InvalidIPAddress.AlreadyUsed;
    otherwise as ``_private_ip``."""
    if wanted:
        try:
            address = ipaddress.IPv4Address(wanted)
        except ValueError:
            raise errors.PrivateIpMalformed() from None
        block = ipaddress.ip_network(vswitch.cidr_block, strict=False)
        if address in block and not addresses.in_vswitch(vswitch, wanted):
            raise errors.EniIpNotInVSwitch(ip=wanted, cidr=vswitch.cidr_block)
        if uow.private_addresses.get(addresses.key(vswitch.id, wanted), account_id=vswitch.account_id) is not None:
            raise errors.PrivateIpUsedByOther()
    return _private_ip(uow, vswitch, wanted)


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


# ModifyInstanceVpcAttribute places an instance on a vSwitch by the same rule.
private_ip = _private_ip


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
    if instance is None or (scope.region_id and instance.region_id != scope.region_id) or released(instance, scope.now):
        raise errors.InstanceNotFound()
    return instance


def released(instance: Instance, now: float) -> bool:
    """An instance past its AutoReleaseTime is gone: every read treats it as released (no worker deletes it)."""
    return 0.0 < instance.auto_release_at <= now


def start(uow: UnitOfWork, scope: Scope, instance_id: str) -> Instance:
    instance = get(uow, scope, instance_id)
    condition_checks.check_unlocked(uow, scope, instance.id)  # InstanceLockedForSecurity (account conditions)
    now = scope.now
    _require(instance, now, "Stopped")
    condition_checks.check_start(uow, scope, instance)  # InsufficientBalance (account conditions)
    delay = scope.rules.transition_delay
    instance.stopped_mode = ""
    instance.lifecycle.move(now, "Starting", (delay, "Running"))
    instance.started_at = now + max(delay, 0.0)
    uow.instances.save(instance)
    return instance


def stop(uow: UnitOfWork, scope: Scope, instance_id: str, *, stopped_mode: str | None = None) -> Instance:
    instance = get(uow, scope, instance_id)
    condition_checks.check_unlocked(uow, scope, instance.id)
    if stopped_mode == "StopCharging" and instance.is_classic:
        # "No fees for stopped instances" exists for VPC instances only (E-STOP).
        raise errors.ClassicStopChargingNotSupported()
    _require(instance, scope.now, "Running")
    # "StopCharging" only when the VPC instance qualifies; KeepCharging is the default (E-STOP).
    instance.stopped_mode = stopped_mode or "KeepCharging"
    instance.lifecycle.move(scope.now, "Stopping", (scope.rules.transition_delay, "Stopped"))
    uow.instances.save(instance)
    return instance


def reboot(uow: UnitOfWork, scope: Scope, instance_id: str) -> Instance:
    instance = get(uow, scope, instance_id)
    condition_checks.check_unlocked(uow, scope, instance.id)
    now = scope.now
    _require(instance, now, "Running")
    delay = scope.rules.transition_delay
    instance.lifecycle.move(now, "Stopping", (delay, "Starting"), (delay, "Running"))
    instance.started_at = now + 2 * max(delay, 0.0)
    uow.instances.save(instance)
    return instance


def delete(uow: UnitOfWork, scope: Scope, instance_id: str, *, force: bool = False,
           terminate_subscription: bool = False) -> None:  # fmt: skip
    """DeleteInstance: Stopped instances only, any settled state with Force; a ClassicLink link goes with it.
    An instance locked for security reasons goes with every disk attached to it, or is refused (conditions)."""
    if not instance_id.startswith("i-"):
        raise errors.DeleteInstanceIdInvalid()
    instance = get(uow, scope, instance_id)
    locked = condition_checks.release_locked(uow, scope, instance.id)
    status = instance.lifecycle.at(scope.now)
    if status == "Pending":
        raise errors.InstanceInitializing()
    if status != "Stopped" and not force:
        raise errors.IncorrectInstanceStatus()
    if instance.instance_charge_type == "PrePaid" and not terminate_subscription:
        raise errors.ChargeTypeViolation()
    if instance.deletion_protection:
        raise errors.DeletionProtected()
    if instance.vpc_id and uow.route_entries.exists(account_id=instance.account_id, vpc_id=instance.vpc_id,
                                                    next_hop_id=instance.id):  # fmt: skip
        # A route whose next hop is the instance would point at nothing (E-DEL).
        raise errors.InstanceUsedByRouteEntry()
    classiclink.forget_instance(uow, instance)
    disks.release_with_instance(uow, scope, instance=instance, every_attached=locked)
    instance_network.on_delete(uow, scope, instance)  # its EIP stays (freed), its ENIs go or detach
    uow.instances.remove(instance)


def _require(instance: Instance, now: float, status: str) -> None:
    if instance.lifecycle.at(now) != status:
        raise errors.IncorrectInstanceStatus()
