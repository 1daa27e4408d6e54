"""The network a new instance is launched with beyond its vSwitch: RunInstances' ``NetworkInterface.N.*``,
``Ipv6Address.N`` and ``Ipv6AddressCount``, and the default VPC CreateInstance / RunInstances use when no
``VSwitchId`` is given.

RunInstances (request parameters): ``NetworkInterface.N.InstanceType`` is ``Primary`` or ``Secondary``
(default). The primary entry describes the instance's own ENI: its ``VSwitchId``, ``SecurityGroupId(s)`` and
``PrimaryIpAddress`` stand for the top-level ``VSwitchId``, ``SecurityGroupId(s)`` and ``PrivateIpAddress``
(not both), its ``Ipv6Address.N`` / ``Ipv6AddressCount`` for the top-level ones. Each secondary entry is a
secondary ENI made for every new instance and attached to it (``VSwitchId`` and security groups default to the
instance's), or, with ``NetworkInterfaceId``, an existing detached ENI attached to the one new instance.
IPv6 addresses go to the primary ENI, from the vSwitch's IPv6 /64. The limits are the instance type's
(``eni_quantity``, ``ips_per_eni``, ``ipv6_per_eni``: DescribeInstanceTypes).

``plan`` checks everything before anything is made; ``apply`` makes it for one new instance.
"""

from __future__ import annotations

import dataclasses
import ipaddress
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from .. import errors
from . import addresses, instance_types, network_interfaces, text
from .lookup import in_region
from .model import Instance, NetworkInterface, SecurityGroup, VSwitch
from .ports import UnitOfWork
from .scope import Scope

ENI_KINDS = ("Primary", "Secondary")
MAX_GROUPS_PER_ENI = 5  # "an ENI can belong to up to five security groups" (CreateNetworkInterface)


@dataclass(frozen=True)
class EniSpec:
    """One ``NetworkInterface.N`` of RunInstances, as given (``position`` is its N)."""

    position: int
    kind: str = "Secondary"
    vswitch_id: str = ""
    security_group_id: str = ""
    security_group_ids: Sequence[str] = ()
    primary_ip: str = ""
    name: str = ""
    description: str = ""
    secondary_count: int | None = None
    ipv6_addresses: Sequence[str] = ()
    ipv6_count: int | None = None
    delete_on_release: bool | None = None
    network_interface_id: str = ""
    network_card_index: int | None = None  # 0 only (one network card per instance)
    # QueueNumber, QueuePairNumber, NetworkInterfaceTrafficMode, SourceDestCheck, as given: they only read back.
    options: Mapping[str, Any] = field(default_factory=dict)

    def field_name(self, name: str) -> str:
        return f"NetworkInterface.{self.position}.{name}"

    @property
    def groups(self) -> list[str]:
        return list(self.security_group_ids) or ([self.security_group_id] if self.security_group_id else [])


@dataclass(frozen=True)
class LaunchNetwork:
    """RunInstances' ENI and IPv6 parameters (CreateInstance has none: the default is empty)."""

    interfaces: Sequence[EniSpec] = ()
    ipv6_addresses: Sequence[str] = ()
    ipv6_count: int | None = None

    @property
    def given(self) -> bool:
        return bool(self.interfaces or self.ipv6_addresses or self.ipv6_count)

    @property
    def primary(self) -> EniSpec | None:
        return next((e for e in self.interfaces if e.kind == "Primary"), None)

    @property
    def secondaries(self) -> list[EniSpec]:
        return [e for e in self.interfaces if e.kind != "Primary"]


@dataclass(frozen=True)
class PrimaryFields:
    """What the primary entry says about the instance's own network, merged with the top-level parameters."""

    vswitch_id: str
    security_group_id: str
    security_group_ids: Sequence[str]
    private_ip: str


def merge_primary(network: LaunchNetwork, *, vswitch_id: str, security_group_id: str,
                  security_group_ids: Sequence[str], private_ip: str) -> PrimaryFields:  # fmt: skip
    """The top-level fields, completed from the ``Primary`` entry; the same thing named twice differently is
    refused."""
    kinds = [e.kind for e in network.interfaces]
    for spec in network.interfaces:
        if spec.kind not in ENI_KINDS:
            raise errors.LaunchNetworkInterfaceInvalid(name=spec.field_name("InstanceType"),
                                                       reason="valid values are Primary and Secondary")  # fmt: skip
    if kinds.count("Primary") > 1:
        raise errors.LaunchNetworkInterfaceInvalid(name="NetworkInterface.N.InstanceType",
                                                   reason="an instance has one primary ENI")  # fmt: skip
    primary = network.primary
    merged = PrimaryFields(vswitch_id, security_group_id, security_group_ids, private_ip)
    if primary is None:
        return merged
    if primary.network_interface_id or primary.delete_on_release is not None:
        name = "NetworkInterfaceId" if primary.network_interface_id else "DeleteOnRelease"
        raise errors.LaunchNetworkInterfaceInvalid(name=primary.field_name(name),
                                                   reason="it applies to secondary ENIs only")  # fmt: skip
    if primary.vswitch_id:
        if vswitch_id and vswitch_id != primary.vswitch_id:
            raise errors.LaunchNetworkInterfaceInvalid(name=primary.field_name("VSwitchId"),
                                                       reason="it differs from VSwitchId")  # fmt: skip
        merged = dataclasses.replace(merged, vswitch_id=primary.vswitch_id)
    if primary.primary_ip:
        if private_ip:
            raise errors.EniParameterConflict(name=f"PrivateIpAddress, {primary.field_name('PrimaryIpAddress')}")
        merged = dataclasses.replace(merged, private_ip=primary.primary_ip)
    if primary.security_group_id and primary.security_group_ids:
        raise errors.EniParameterConflict(
            name=f"{primary.field_name('SecurityGroupId')}, {primary.field_name('SecurityGroupIds.N')}"
        )
    if primary.groups:
        top = [security_group_id] if security_group_id else list(security_group_ids)
        if top and top != primary.groups:
            raise errors.EniParameterConflict(name=f"SecurityGroupIds.N, {primary.field_name('SecurityGroupIds.N')}")
        merged = dataclasses.replace(merged, security_group_id="", security_group_ids=primary.groups)
    return merged


@dataclass
class SecondaryPlan:
    """A secondary ENI to make (``vswitch`` set) or an existing one to attach (``existing`` set)."""

    spec: EniSpec
    vswitch: VSwitch | None = None
    groups: list[str] = field(default_factory=list)
    existing: NetworkInterface | None = None


@dataclass
class Plan:
    ipv6_addresses: list[str] = field(default_factory=list)
    ipv6_count: int = 0
    primary_secondary_count: int = 0
    primary_name: str = ""
    primary_description: str = ""
    primary_options: dict[str, Any] = field(default_factory=dict)
    secondaries: list[SecondaryPlan] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not (self.ipv6_addresses or self.ipv6_count or self.primary_secondary_count or self.secondaries
                    or self.primary_name or self.primary_description or self.primary_options)  # fmt: skip


def plan(uow: UnitOfWork, scope: Scope, network: LaunchNetwork, *, vswitch: VSwitch | None,
         groups: Sequence[SecurityGroup], instance_type: str, amount: int) -> Plan:  # fmt: skip
    """Every documented check of the launch network, in the order the request names things; nothing is made."""
    if not network.given:
        return Plan()
    if vswitch is None:
        # ENIs and IPv6 addresses live in a VPC: a classic instance has neither.
        name = "NetworkInterface.N" if network.interfaces else "Ipv6Address.N"
        raise errors.NetworkTypeDenied(name=name)
    kind = instance_types.get(instance_type)
    result = Plan()
    _plan_ipv6(uow, result, network, vswitch, kind, amount)
    primary = network.primary
    if primary is not None:
        _check_text(primary)
        result.primary_name, result.primary_description = primary.name, primary.description
        result.primary_options = dict(primary.options)
        result.primary_secondary_count = _secondary_count(primary, kind)
    secondaries = network.secondaries
    if secondaries and kind.eni_quantity < 2:
        raise errors.EniNotSupportedByType()
    if 1 + len(secondaries) > kind.eni_quantity:
        raise errors.EniPerInstanceLimitExceeded()
    for spec in secondaries:
        result.secondaries.append(_plan_secondary(uow, scope, spec, vswitch, groups, kind, amount))
    ids = [s.existing.id for s in result.secondaries if s.existing is not None]
    if len(set(ids)) != len(ids):
        raise errors.LaunchNetworkInterfaceInvalid(name="NetworkInterface.N.NetworkInterfaceId",
                                                   reason="an ENI can be attached once")  # fmt: skip
    return result


def _plan_ipv6(uow: UnitOfWork, result: Plan, network: LaunchNetwork, vswitch: VSwitch,
               kind: instance_types.InstanceType, amount: int) -> None:  # fmt: skip
    primary = network.primary
    wanted, count = list(network.ipv6_addresses), network.ipv6_count
    if primary is not None and (primary.ipv6_addresses or primary.ipv6_count):
        if wanted or count:
            raise errors.EniParameterConflict(name=f"Ipv6Address.N, {primary.field_name('Ipv6Address.N')}")
        wanted, count = list(primary.ipv6_addresses), primary.ipv6_count
    for spec in network.secondaries:
        if spec.ipv6_addresses or spec.ipv6_count:
            raise errors.LaunchNetworkInterfaceInvalid(name=spec.field_name("Ipv6Address.N"),
                                                       reason="IPv6 addresses go to the primary ENI only")  # fmt: skip
    if not wanted and not count:
        return
    if wanted and count:
        raise errors.EniParameterConflict(name="Ipv6Address.N, Ipv6AddressCount")
    if wanted and amount > 1:
        # "If Ipv6Address.N is specified, Amount must be set to 1" (RunInstances).
        raise errors.LaunchAmountInvalid(name="Ipv6Address.N")
    if kind.ipv6_per_eni == 0:
        raise errors.Ipv6NotSupported(type=kind.id)
    if not vswitch.ipv6_cidr_block:
        raise errors.EniIpv6NotTurnOn(vswitch=vswitch.id)
    asked = len(wanted) or (count or 0)
    if count is not None and count < 1:
        raise errors.InvalidParameter(name="Ipv6AddressCount")
    if asked > kind.ipv6_per_eni:
        raise errors.EniIpv6CountExceeded(eni="", limit=kind.ipv6_per_eni, type=kind.id, assigned=0, wanted=asked)
    block = ipaddress.IPv6Network(vswitch.ipv6_cidr_block, strict=False)
    normal: list[str] = []
    for raw in wanted:
        address = network_interfaces.requested_ipv6(raw, block)
        if address in normal:
            raise errors.EniIpRepeated(ip=raw)
        if addresses.taken(uow, vswitch, address):
            raise errors.Ipv6Assigned(ip=raw)
        normal.append(address)
    result.ipv6_addresses, result.ipv6_count = normal, 0 if normal else asked


def _check_text(spec: EniSpec) -> None:
    if spec.name and not text.valid_name(spec.name, colon=True):
        raise errors.InvalidParameter(name=spec.field_name("NetworkInterfaceName"))
    if spec.description and not text.valid_description(spec.description):
        raise errors.InvalidParameter(name=spec.field_name("Description"))


def _secondary_count(spec: EniSpec, kind: instance_types.InstanceType) -> int:
    count = spec.secondary_count or 0
    if count < 0:
        raise errors.InvalidParameter(name=spec.field_name("SecondaryPrivateIpAddressCount"))
    if 1 + count > kind.ips_per_eni:
        raise errors.EniIpv4CountExceeded(eni="", limit=kind.ips_per_eni, assigned=1, wanted=count)
    return count


def _plan_secondary(uow: UnitOfWork, scope: Scope, spec: EniSpec, vswitch: VSwitch, groups: Sequence[SecurityGroup],
                    kind: instance_types.InstanceType, amount: int) -> SecondaryPlan:  # fmt: skip
    if spec.network_interface_id:
        return _plan_existing(uow, scope, spec, vswitch, kind, amount)
    _check_text(spec)
    eni_vswitch = vswitch
    if spec.vswitch_id and spec.vswitch_id != vswitch.id:
        eni_vswitch = in_region(uow.vswitches, spec.vswitch_id, scope, errors.EcsVSwitchNotFound)
        if eni_vswitch.lifecycle.at(scope.now) != "Available":
            raise errors.EcsIncorrectVSwitchStatus()
    if spec.security_group_id and spec.security_group_ids:
        raise errors.EniParameterConflict(name=f"{spec.field_name('SecurityGroupId')}, "
                                               f"{spec.field_name('SecurityGroupIds.N')}")  # fmt: skip
    wanted = spec.groups or [g.id for g in groups]
    if len(wanted) > MAX_GROUPS_PER_ENI or len(set(wanted)) != len(wanted):
        raise errors.InvalidParameter(name=spec.field_name("SecurityGroupIds.N"))
    found = [in_region(uow.security_groups, g, scope, errors.SecurityGroupNotFound) for g in wanted]
    if any(g.vpc_id != eni_vswitch.vpc_id for g in found):
        raise errors.InconsistentNetwork()
    if eni_vswitch.vpc_id != vswitch.vpc_id:
        raise errors.EniVpcMismatch()
    if eni_vswitch.zone_id != vswitch.zone_id:
        raise errors.EniZoneMismatch()
    if spec.primary_ip:
        if amount > 1:
            raise errors.LaunchAmountInvalid(name=spec.field_name("PrimaryIpAddress"))
        _check_address(uow, eni_vswitch, spec.primary_ip)
    _secondary_count(spec, kind)
    return SecondaryPlan(spec, vswitch=eni_vswitch, groups=wanted)


def _plan_existing(uow: UnitOfWork, scope: Scope, spec: EniSpec, vswitch: VSwitch,
                   kind: instance_types.InstanceType, amount: int) -> SecondaryPlan:  # fmt: skip
    """``NetworkInterfaceId``: "Amount can only be 1", and "you cannot configure other ENI creation parameters"."""
    if amount > 1:
        raise errors.LaunchAmountInvalid(name=spec.field_name("NetworkInterfaceId"))
    creating = (spec.vswitch_id, spec.security_group_id, spec.security_group_ids, spec.primary_ip, spec.name,
                spec.description, spec.secondary_count, spec.delete_on_release is not None)  # fmt: skip
    if any(creating):
        raise errors.LaunchNetworkInterfaceInvalid(name=spec.field_name("NetworkInterfaceId"),
                                                   reason="an existing ENI takes no creation parameters")  # fmt: skip
    eni = network_interfaces.get(uow, scope, spec.network_interface_id)
    if eni.interface_type == "Primary":
        raise errors.EniInvalidType()
    if eni.status != "Available":
        raise errors.EniInvalidState(expected="Available", current=eni.status)
    if eni.vpc_id != vswitch.vpc_id:
        raise errors.EniVpcMismatch()
    if eni.zone_id != vswitch.zone_id:
        raise errors.EniZoneMismatch()
    if 1 + len(eni.secondary_ips) > kind.ips_per_eni:
        raise errors.EniIpv4CountExceeded(eni=eni.id, limit=kind.ips_per_eni, assigned=1 + len(eni.secondary_ips),
                                          wanted=0)  # fmt: skip
    return SecondaryPlan(spec, existing=eni)


def _check_address(uow: UnitOfWork, vswitch: VSwitch, address: str) -> None:
    """A secondary ENI's PrimaryIpAddress: usable in its vSwitch and free (CreateNetworkInterface's rules)."""
    if not addresses.in_vswitch(vswitch, address):
        raise errors.EniIpNotInVSwitch(ip=address, cidr=vswitch.cidr_block)
    if addresses.taken(uow, vswitch, address):
        raise errors.PrivateIpDuplicated()


def apply(uow: UnitOfWork, scope: Scope, planned: Plan, instance: Instance) -> None:
    """The planned network of one new instance: its primary ENI's IPv6 and secondary addresses, name and
    description, then its secondary ENIs, made or attached."""
    if planned.empty:
        return
    primary = uow.network_interfaces.get(network_interfaces.primary_eni_id(instance), account_id=instance.account_id)
    if primary is not None:
        vswitch = in_region(uow.vswitches, instance.vswitch_id, scope, errors.EcsVSwitchNotFound)
        primary.name, primary.description = planned.primary_name, planned.primary_description
        primary.options = {**primary.options, **planned.primary_options}
        network_interfaces.add_secondary_ips(uow, scope, primary, vswitch, planned.primary_secondary_count)
        if planned.ipv6_addresses or planned.ipv6_count:
            network_interfaces.add_ipv6(uow, scope, primary, vswitch, planned.ipv6_addresses, planned.ipv6_count)
        uow.network_interfaces.save(primary)
    for secondary in planned.secondaries:
        eni = secondary.existing
        if eni is None:
            assert secondary.vswitch is not None
            spec = secondary.spec
            eni = network_interfaces.create(uow, scope, network_interfaces.EniRequest(
                vswitch_id=secondary.vswitch.id, security_group_ids=secondary.groups, primary_ip=spec.primary_ip,
                secondary_count=spec.secondary_count or 0, name=spec.name, description=spec.description,
                delete_on_release=True if spec.delete_on_release is None else spec.delete_on_release,
            ))  # fmt: skip
            eni.created_with_instance = True
        eni.options = {**eni.options, **secondary.spec.options}
        eni.instance_id, eni.attached_at = instance.id, scope.now
        uow.network_interfaces.save(eni)
