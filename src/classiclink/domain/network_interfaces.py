"""Elastic network interfaces (ECS CreateNetworkInterface & co., api reference of each action).

Every VPC instance has a ``Primary`` ENI, made with it and deleted with it; it carries the instance's own
private address and cannot be detached. ``Secondary`` ENIs are made by CreateNetworkInterface in a vSwitch
(``Available``), attached to one VPC instance of the same zone and VPC (``InUse``), detached again, and
deleted only while detached. Attach and detach take effect at once (the real service passes through
Attaching / Detaching; footmark and Terraform wait for InUse / Available, which they see on the first read).

Addresses: an ENI's primary address and its secondary private addresses are free addresses of its vSwitch
(domain/addresses.py). IPv6 addresses need IPv6 on the VPC (the vSwitch's own /64).
"""

from __future__ import annotations

import hashlib
import ipaddress
import secrets
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from .. import errors
from . import addresses, tags, text
from .lookup import in_region
from .model import Instance, NetworkInterface, SecurityGroup, VSwitch, new_id
from .ports import AnyOf, UnitOfWork
from .regions import find_region
from .scope import Scope
from .vpcs import default_resource_group

# "You can assign up to 49 secondary private IP addresses when you create an ENI" (CreateNetworkInterface).
MAX_SECONDARY_AT_CREATION = 49
# "When the ENI is Available, you can allocate up to 10 secondary private IP addresses" (AssignPrivateIpAddresses).
MAX_SECONDARY_DETACHED = 10
MAX_SECURITY_GROUPS = 5
STATUSES = ("Available", "Attaching", "InUse", "Detaching", "Deleting")
TYPES = ("Primary", "Secondary")
# Instances may have ENIs attached or detached only in these states (AttachNetworkInterface, Detach...).
SETTLED = ("Running", "Stopped")


def eni_limits(cpu: int) -> tuple[int, int]:
    """(ENIs an instance takes, primary included; private IPv4 addresses per ENI, primary included), by
    vCPUs, after the instance-type tables (e.g. ecs.g6.large: 2 ENIs of 6 addresses; g6.xlarge: 3 of 10)."""
    if cpu <= 2:
        return 2, 6
    if cpu <= 4:
        return 3, 10
    if cpu <= 8:
        return 4, 10
    if cpu <= 16:
        return 8, 20
    return 8, 30


def mac_address() -> str:
    # Alibaba Cloud's ENIs carry its OUI, 00:16:3e.
    return "00:16:3e:" + ":".join(f"{b:02x}" for b in secrets.token_bytes(3))


def _digest(instance_id: str, what: str) -> str:
    return hashlib.sha256(f"{instance_id}/{what}".encode()).hexdigest()


def primary_mac_address(instance: Instance) -> str:
    """The primary ENI's MAC: Alibaba's 00:16:3e prefix, the rest fixed by the instance id."""
    return primary_mac_address_of(instance.id)


def primary_mac_address_of(instance_id: str) -> str:
    tail = _digest(instance_id, "mac")[:6]
    return f"00:16:3e:{tail[0:2]}:{tail[2:4]}:{tail[4:6]}"


def primary_eni_id(instance: Instance) -> str:
    """The primary ENI's id, fixed by the instance id (so views made without the store agree with it)."""
    return primary_eni_id_of(instance.id, instance.region_id)


_ENI_ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789"
# Two base-36 digits at a time, the lower first (bulk seeding derives half a million of these ids).
_ENI_PAIRS = [_ENI_ALPHABET[n % 36] + _ENI_ALPHABET[n // 36] for n in range(36 * 36)]


def primary_eni_id_of(instance_id: str, region_id: str) -> str:
    """The digest's base-36 digits, least significant first, after the region's tag: 22 characters."""
    region = find_region(region_id)
    tag = region.id_tag if region else "xx"
    digest, length = int(_digest(instance_id, "eni"), 16), 22 - len(tag)
    suffix = []
    for _ in range(length // 2):
        digest, pair = divmod(digest, 36 * 36)
        suffix.append(_ENI_PAIRS[pair])
    if length % 2:
        suffix.append(_ENI_ALPHABET[digest % 36])
    return f"eni-{tag}{''.join(suffix)}"


def get(uow: UnitOfWork, scope: Scope, eni_id: str) -> NetworkInterface:
    return in_region(uow.network_interfaces, eni_id, scope, errors.EniNotFound)


def _instance(uow: UnitOfWork, scope: Scope, instance_id: str) -> Instance:
    return in_region(uow.instances, instance_id, scope, errors.EniInstanceNotFound)


def _groups(uow: UnitOfWork, scope: Scope, group_ids: Sequence[str], vpc_id: str) -> list[SecurityGroup]:
    if not group_ids or len(group_ids) > MAX_SECURITY_GROUPS or len(set(group_ids)) != len(group_ids):
        raise errors.InvalidParameter(name="SecurityGroupIds")
    groups = [in_region(uow.security_groups, g, scope, errors.EniSecurityGroupNotFound) for g in group_ids]
    for group in groups:
        if not group.vpc_id:
            raise errors.EniSecurityGroupNotVpc()
        if group.vpc_id != vpc_id:
            raise errors.EniVpcMismatch()
    return groups


def _check_text(name: str, description: str) -> None:
    if name and not text.valid_name(name, colon=True):
        raise errors.InvalidParameter(name="NetworkInterfaceName")
    if description and not text.valid_description(description):
        raise errors.InvalidParameter(name="Description")


@dataclass(frozen=True)
class EniRequest:
    """CreateNetworkInterface's business parameters."""

    vswitch_id: str
    security_group_ids: Sequence[str]
    primary_ip: str = ""
    secondary_ips: Sequence[str] = ()
    secondary_count: int = 0
    ipv6_addresses: Sequence[str] = ()
    ipv6_count: int = 0
    name: str = ""
    description: str = ""
    resource_group_id: str = ""
    delete_on_release: bool = True
    tags: Sequence[dict[str, str]] = ()
    options: Mapping[str, Any] = field(default_factory=dict)  # queues, traffic mode, source/destination check


def create(uow: UnitOfWork, scope: Scope, request: EniRequest) -> NetworkInterface:
    vswitch = in_region(uow.vswitches, request.vswitch_id, scope, errors.EniVSwitchNotFound)
    _groups(uow, scope, request.security_group_ids, vswitch.vpc_id)
    _check_text(request.name, request.description)
    if request.secondary_ips and request.secondary_count:
        raise errors.EniParameterConflict(name="PrivateIpAddress.N, SecondaryPrivateIpAddressCount")
    if request.ipv6_addresses and request.ipv6_count:
        raise errors.EniParameterConflict(name="Ipv6Address.N, Ipv6AddressCount")
    if max(len(request.secondary_ips), request.secondary_count) > MAX_SECONDARY_AT_CREATION:
        raise errors.EniIpv4CountExceeded(eni="", limit=MAX_SECONDARY_AT_CREATION + 1, assigned=1,
                                          wanted=max(len(request.secondary_ips), request.secondary_count))  # fmt: skip
    eni_id = new_id("eni", scope.region_id)
    if request.primary_ip:
        _check_wanted(uow, vswitch, [request.primary_ip])
        primary = request.primary_ip
    else:
        primary = addresses.free(uow, vswitch, 1, exhausted=errors.EniIpNotEnough)[0]
    eni = NetworkInterface(
        id=eni_id, account_id=scope.account_id, region_id=scope.region_id, created_at=scope.now,
        zone_id=vswitch.zone_id, vpc_id=vswitch.vpc_id, vswitch_id=vswitch.id, interface_type="Secondary",
        mac_address=mac_address(), primary_ip=primary, security_group_ids=list(request.security_group_ids),
        name=request.name, description=request.description,
        resource_group_id=request.resource_group_id or default_resource_group(scope.account_id),
        delete_on_release=request.delete_on_release, tags=tags.normalised(request.tags), options=dict(request.options),
    )  # fmt: skip
    addresses.hold(uow, vswitch, primary, eni_id, scope.now)
    _add_secondary(uow, scope, eni, vswitch, list(request.secondary_ips), request.secondary_count)
    if request.ipv6_addresses or request.ipv6_count:
        _add_ipv6(uow, scope, eni, vswitch, list(request.ipv6_addresses), request.ipv6_count)
    uow.network_interfaces.add(eni)
    return eni


def create_primary(uow: UnitOfWork, scope: Scope, instance: Instance) -> NetworkInterface:
    """The primary ENI of a new VPC instance: its address and security groups are the instance's."""
    eni = primary_interface(instance)
    uow.network_interfaces.add(eni)
    return eni


def primary_interface(instance: Instance) -> NetworkInterface:
    """The ``Primary`` ENI a VPC instance is made with (CreateInstance, RunInstances, bulk seeding)."""
    return NetworkInterface(
        id=primary_eni_id(instance), account_id=instance.account_id, region_id=instance.region_id,
        created_at=instance.created_at, zone_id=instance.zone_id, vpc_id=instance.vpc_id,
        vswitch_id=instance.vswitch_id, interface_type="Primary", mac_address=primary_mac_address(instance),
        primary_ip=instance.private_ip, security_group_ids=list(instance.security_group_ids),
        instance_id=instance.id, resource_group_id=default_resource_group(instance.account_id),
        attached_at=instance.created_at,
        # NetworkInterfaceQueueNumber (RunInstances, ModifyInstanceAttribute): the primary ENI's queues.
        options={"QueueNumber": instance.network_interface_queue_number} if instance.network_interface_queue_number > 0
        else {},
    )  # fmt: skip


def _check_wanted(uow: UnitOfWork, vswitch: VSwitch, wanted: Sequence[str]) -> None:
    seen: set[str] = set()
    for address in wanted:
        if not addresses.in_vswitch(vswitch, address):
            raise errors.EniIpNotInVSwitch(ip=address, cidr=vswitch.cidr_block)
        if address in seen:
            raise errors.EniIpRepeated(ip=address)
        seen.add(address)
        if addresses.taken(uow, vswitch, address):
            raise errors.PrivateIpDuplicated()


def _add_secondary(uow: UnitOfWork, scope: Scope, eni: NetworkInterface, vswitch: VSwitch,
                   wanted: list[str], count: int) -> list[str]:  # fmt: skip
    if wanted:
        _check_wanted(uow, vswitch, wanted)
        chosen = wanted
    elif count:
        chosen = addresses.free(uow, vswitch, count, exhausted=errors.EniIpNotEnough,
                                skip=frozenset([eni.primary_ip]))  # fmt: skip
    else:
        return []
    for address in chosen:
        addresses.hold(uow, vswitch, address, eni.id, scope.now)
    eni.secondary_ips = [*eni.secondary_ips, *chosen]
    return chosen


def add_secondary_ips(uow: UnitOfWork, scope: Scope, eni: NetworkInterface, vswitch: VSwitch, count: int) -> list[str]:
    """``count`` free addresses of the vSwitch added to the ENI (RunInstances' NetworkInterface.N
    SecondaryPrivateIpAddressCount); the caller saves the ENI."""
    return _add_secondary(uow, scope, eni, vswitch, [], count)


def add_ipv6(uow: UnitOfWork, scope: Scope, eni: NetworkInterface, vswitch: VSwitch, wanted: Sequence[str],
             count: int) -> list[str]:  # fmt: skip
    """The given IPv6 addresses, or ``count`` drawn from the vSwitch's /64 (RunInstances Ipv6Address.N,
    Ipv6AddressCount), added to the ENI; the caller has checked them and saves the ENI."""
    return _add_ipv6(uow, scope, eni, vswitch, list(wanted), count)


# --- attachment ---


def attach(uow: UnitOfWork, scope: Scope, eni_id: str, instance_id: str) -> NetworkInterface:
    eni = get(uow, scope, eni_id)
    instance = _instance(uow, scope, instance_id)
    if eni.interface_type == "Primary":
        raise errors.EniInvalidType()
    if eni.status != "Available":
        raise errors.EniInvalidState(expected="Available", current=eni.status)
    if instance.is_classic:
        # "An ENI can be attached only to a single instance that resides in a VPC."
        raise errors.EniVpcMismatch()
    if instance.lifecycle.at(scope.now) not in SETTLED:
        raise errors.EniInvalidEcsState()
    if instance.zone_id != eni.zone_id:
        raise errors.EniZoneMismatch()
    if instance.vpc_id != eni.vpc_id:
        raise errors.EniVpcMismatch()
    limit, _ = eni_limits(instance.cpu)
    if uow.network_interfaces.count(account_id=scope.account_id, instance_id=instance.id) >= limit:
        raise errors.EniPerInstanceLimitExceeded()
    ipv4_limit = eni_limits(instance.cpu)[1]
    if 1 + len(eni.secondary_ips) > ipv4_limit:
        raise errors.EniIpv4CountExceeded(eni=eni.id, limit=ipv4_limit, assigned=1 + len(eni.secondary_ips), wanted=0)
    eni.instance_id, eni.attached_at = instance.id, scope.now
    uow.network_interfaces.save(eni)
    return eni


def detach(uow: UnitOfWork, scope: Scope, eni_id: str, instance_id: str) -> NetworkInterface:
    eni = get(uow, scope, eni_id)
    instance = _instance(uow, scope, instance_id)
    if eni.interface_type == "Primary":
        raise errors.EniDetachPrimary()
    if eni.instance_id != instance.id:
        raise errors.EniInvalidState(expected="InUse", current=eni.status)
    if instance.lifecycle.at(scope.now) not in SETTLED:
        raise errors.EniInvalidEcsState()
    # Detached, an ENI RunInstances made is one like any other: it no longer goes with an instance.
    eni.instance_id, eni.attached_at, eni.created_with_instance = "", 0.0, False
    uow.network_interfaces.save(eni)
    return eni


def delete(uow: UnitOfWork, scope: Scope, eni_id: str) -> None:
    """Only a detached ENI can be deleted (a primary ENI goes with its instance)."""
    eni = get(uow, scope, eni_id)
    if eni.status != "Available":
        raise errors.EniInvalidState(expected="Available", current=eni.status)
    remove(uow, eni)


def remove(uow: UnitOfWork, eni: NetworkInterface) -> None:
    """The ENI, the addresses it holds, and any EIP association with it."""
    for row in uow.private_addresses.find(account_id=eni.account_id, network_interface_id=eni.id):
        uow.private_addresses.remove(row)
    for eip in uow.eip_addresses.find(account_id=eni.account_id, instance_id=eni.id):
        eip.instance_id = eip.instance_type = eip.private_ip = eip.vpc_id = ""
        uow.eip_addresses.save(eip)
    uow.network_interfaces.remove(eni)


def modify(uow: UnitOfWork, scope: Scope, eni_id: str, *, name: str | None, description: str | None,
           security_group_ids: Sequence[str] | None, delete_on_release: bool | None,
           options: Mapping[str, Any] | None = None) -> NetworkInterface:  # fmt: skip
    eni = get(uow, scope, eni_id)
    if options:
        eni.options = {**eni.options, **options}
    _check_text(name or "", description or "")
    if security_group_ids:
        _groups(uow, scope, security_group_ids, eni.vpc_id)
        eni.security_group_ids = list(security_group_ids)
        if eni.interface_type == "Primary":
            # The primary ENI's groups are its instance's (DescribeInstances shows them).
            instance = uow.instances.get(eni.instance_id, account_id=scope.account_id)
            if instance is not None:
                instance.security_group_ids = list(security_group_ids)
                uow.instances.save(instance)
    if name is not None:
        eni.name = name
    if description is not None:
        eni.description = description
    if delete_on_release is not None:
        if eni.interface_type == "Primary":
            raise errors.EniInvalidType()
        eni.delete_on_release = delete_on_release
    uow.network_interfaces.save(eni)
    return eni


# --- private addresses ---


def _attached_instance(uow: UnitOfWork, scope: Scope, eni: NetworkInterface) -> Instance | None:
    if not eni.instance_id:
        return None
    instance = uow.instances.get(eni.instance_id, account_id=scope.account_id)
    if instance is not None and eni.interface_type == "Primary" and instance.lifecycle.at(scope.now) not in SETTLED:
        # "When operating on a primary ENI, the attached instance must be Running or Stopped."
        raise errors.EniInvalidEcsState()
    return instance


def assign_private_ips(uow: UnitOfWork, scope: Scope, eni_id: str, wanted: Sequence[str], count: int) -> list[str]:
    eni = get(uow, scope, eni_id)
    if wanted and count:
        raise errors.EniParameterConflict(name="PrivateIpAddress.N, SecondaryPrivateIpAddressCount")
    if not wanted and not count:
        raise errors.MissingParameter(name="SecondaryPrivateIpAddressCount")
    instance = _attached_instance(uow, scope, eni)
    # Detached: up to 10 secondary addresses; attached: the instance type's addresses per ENI, primary included.
    limit = eni_limits(instance.cpu)[1] - 1 if instance else MAX_SECONDARY_DETACHED
    adding = len(wanted) or count
    if len(eni.secondary_ips) + adding > limit:
        raise errors.EniIpv4CountExceeded(eni=eni.id, limit=limit + 1, assigned=1 + len(eni.secondary_ips),
                                          wanted=adding)  # fmt: skip
    vswitch = in_region(uow.vswitches, eni.vswitch_id, scope, errors.EniVSwitchNotFound)
    chosen = _add_secondary(uow, scope, eni, vswitch, list(wanted), count)
    uow.network_interfaces.save(eni)
    return chosen


def unassign_private_ips(uow: UnitOfWork, scope: Scope, eni_id: str, wanted: Sequence[str]) -> None:
    eni = get(uow, scope, eni_id)
    if not wanted:
        raise errors.MissingParameter(name="PrivateIpAddress.1")
    _attached_instance(uow, scope, eni)
    for address in wanted:
        if address not in eni.secondary_ips:
            raise errors.EniIpUnassigned(ip=address)
    for address in wanted:
        addresses.release(uow, eni.account_id, eni.vswitch_id, address)
    eni.secondary_ips = [a for a in eni.secondary_ips if a not in wanted]
    # An EIP mapped to an address that is given back is freed with it.
    for eip in uow.eip_addresses.find(account_id=eni.account_id, instance_id=eni.id):
        if eip.private_ip in wanted:
            eip.instance_id = eip.instance_type = eip.private_ip = eip.vpc_id = ""
            uow.eip_addresses.save(eip)
    uow.network_interfaces.save(eni)


# --- IPv6 ---


def _ipv6_block(vswitch: VSwitch) -> ipaddress.IPv6Network:
    """The vSwitch's IPv6 /64 (CreateVSwitch / ModifyVSwitchAttribute Ipv6CidrBlock), or the documented refusal."""
    if not vswitch.ipv6_cidr_block:
        raise errors.EniIpv6NotTurnOn(vswitch=vswitch.id)
    return ipaddress.IPv6Network(vswitch.ipv6_cidr_block, strict=False)


def requested_ipv6(raw: str, block: ipaddress.IPv6Network) -> str:
    """An IPv6 address a caller names, in its normal form, if it is one of the vSwitch's block."""
    try:
        address = ipaddress.IPv6Address(raw)
    except ValueError:
        raise errors.EniIpAddressInvalid(ip=raw) from None
    if address not in block:
        raise errors.EniIpAddressInvalid(ip=raw)
    return str(address)


def _add_ipv6(uow: UnitOfWork, scope: Scope, eni: NetworkInterface, vswitch: VSwitch,
              wanted: list[str], count: int) -> list[str]:  # fmt: skip
    block = _ipv6_block(vswitch)
    chosen: list[str] = []
    for raw in wanted:
        address = requested_ipv6(raw, block)
        if address in chosen or addresses.taken(uow, vswitch, address):
            raise errors.EniIpRepeated(ip=raw)
        chosen.append(address)
    while len(chosen) < count:
        candidate = str(ipaddress.IPv6Address(int(block.network_address) + 16 + secrets.randbelow(2**48)))
        if candidate not in chosen and not addresses.taken(uow, vswitch, candidate):
            chosen.append(candidate)
    for held in chosen:
        addresses.hold(uow, vswitch, held, eni.id, scope.now)
    eni.ipv6_addresses = [*eni.ipv6_addresses, *chosen]
    return chosen


def assign_ipv6(uow: UnitOfWork, scope: Scope, eni_id: str, wanted: Sequence[str], count: int) -> list[str]:
    eni = get(uow, scope, eni_id)
    if wanted and count:
        raise errors.EniParameterConflict(name="Ipv6Address.N, Ipv6AddressCount")
    if not wanted and not count:
        raise errors.MissingParameter(name="Ipv6AddressCount")
    vswitch = in_region(uow.vswitches, eni.vswitch_id, scope, errors.EniVSwitchNotFound)
    _ipv6_block(vswitch)  # the documented precondition comes first
    instance = _attached_instance(uow, scope, eni)
    limit = eni_limits(instance.cpu)[1] if instance else MAX_SECONDARY_DETACHED
    adding = len(wanted) or count
    if len(eni.ipv6_addresses) + adding > limit:
        raise errors.EniIpv6CountExceeded(eni=eni.id, limit=limit, type=instance.instance_type if instance else "",
                                          assigned=len(eni.ipv6_addresses), wanted=adding)  # fmt: skip
    chosen = _add_ipv6(uow, scope, eni, vswitch, list(wanted), count)
    uow.network_interfaces.save(eni)
    return chosen


def unassign_ipv6(uow: UnitOfWork, scope: Scope, eni_id: str, wanted: Sequence[str]) -> None:
    eni = get(uow, scope, eni_id)
    if not wanted:
        raise errors.MissingParameter(name="Ipv6Address.1")
    vswitch = in_region(uow.vswitches, eni.vswitch_id, scope, errors.EniVSwitchNotFound)
    _ipv6_block(vswitch)
    normal = []
    for raw in wanted:
        try:
            normal.append(str(ipaddress.IPv6Address(raw)))
        except ValueError:
            raise errors.EniIpAddressInvalid(ip=raw) from None
        if normal[-1] not in eni.ipv6_addresses:
            raise errors.EniIpUnassigned(ip=raw)
    for address in normal:
        addresses.release(uow, eni.account_id, eni.vswitch_id, address)
    eni.ipv6_addresses = [a for a in eni.ipv6_addresses if a not in normal]
    uow.network_interfaces.save(eni)


# --- with the instance ---


def release_with_instance(uow: UnitOfWork, instance: Instance) -> None:
    """DeleteInstance: the primary ENI goes, and so does a secondary ENI RunInstances made with the instance
    unless it was launched with DeleteOnRelease=false ("true: the ENI is not retained"); other secondary ENIs
    are detached and stay (Available)."""
    for eni in uow.network_interfaces.find(account_id=instance.account_id, instance_id=instance.id):
        if eni.interface_type == "Primary" or (eni.created_with_instance and eni.delete_on_release):
            remove(uow, eni)
        else:
            eni.instance_id, eni.attached_at, eni.created_with_instance = "", 0.0, False
            uow.network_interfaces.save(eni)


def of_instances(uow: UnitOfWork, account_id: str, instance_ids: Sequence[str]) -> dict[str, list[NetworkInterface]]:
    """The ENIs attached to each of these instances, by instance id (one query); instances with none are absent."""
    found: dict[str, list[NetworkInterface]] = {}
    if instance_ids:
        for eni in uow.network_interfaces.find(account_id=account_id, instance_id=AnyOf(instance_ids)):
            found.setdefault(eni.instance_id, []).append(eni)
    return found
