"""EIP and ENI rules (VPC AllocateEipAddress & co., ECS CreateNetworkInterface & co.) and their invariants."""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass

import pytest

from classiclink import errors
from classiclink.domain import eips, instances, network_interfaces, security_groups, vpcs, vswitches
from classiclink.domain.eips import EipRequest
from classiclink.domain.instances import InstanceRequest
from classiclink.domain.model import Instance, VSwitch
from classiclink.domain.network_interfaces import EniRequest
from classiclink.domain.ports import UnitOfWork
from classiclink.domain.scope import Scope
from classiclink.settings import Behaviour

from ..conftest import ACCOUNT, NOW, OTHER_ACCOUNT, REGION

IMAGE = "centos_7_9_x64_20G_alibase_20230718.vhd"


@dataclass
class World:
    scope: Scope
    vswitch: VSwitch
    group: str
    classic_group: str


@pytest.fixture
def world(uow: UnitOfWork, rules: Behaviour) -> World:
    scope = Scope(ACCOUNT, REGION, NOW, rules)
    vpc = vpcs.create(uow, scope, cidr_block="172.16.0.0/16")
    vswitch = vswitches.create(uow, scope, vpc_id=vpc.id, zone_id="cn-hangzhou-i", cidr_block="172.16.1.0/28")
    group = security_groups.create(uow, scope, vpc_id=vpc.id)
    classic = security_groups.create(uow, scope)
    return World(scope, vswitch, group.id, classic.id)


def vpc_instance(uow: UnitOfWork, world: World, run: bool = False, **fields: object) -> Instance:
    request = InstanceRequest(instance_type="ecs.g6.large", image_id=IMAGE, security_group_id=world.group,
                              vswitch_id=world.vswitch.id, **fields)  # type: ignore[arg-type]  # fmt: skip
    [instance] = instances.create(uow, world.scope, request=request, run=run)
    return instance


def classic_instance(uow: UnitOfWork, world: World) -> Instance:
    request = InstanceRequest(instance_type="ecs.g6.large", image_id=IMAGE, security_group_id=world.classic_group)
    [instance] = instances.create(uow, world.scope, request=request)
    return instance


def eni(uow: UnitOfWork, world: World, **fields: object) -> network_interfaces.NetworkInterface:
    return network_interfaces.create(uow, world.scope, EniRequest(vswitch_id=world.vswitch.id,
                                                                  security_group_ids=[world.group], **fields))  # type: ignore[arg-type]  # fmt: skip


# --- primary ENIs ------------------------------------------------------------------------------------------


def test_a_vpc_instance_has_a_primary_eni_with_its_address_and_a_classic_one_none(uow: UnitOfWork,
                                                                                 world: World) -> None:  # fmt: skip
    instance = vpc_instance(uow, world)
    [primary] = uow.network_interfaces.find(account_id=ACCOUNT, instance_id=instance.id)
    assert (primary.interface_type, primary.primary_ip, primary.security_group_ids, primary.status) == (
        "Primary", instance.private_ip, [world.group], "InUse")
    assert primary.mac_address.startswith("00:16:3e:")
    classic = classic_instance(uow, world)
    assert uow.network_interfaces.find(account_id=ACCOUNT, instance_id=classic.id) == []


def test_deleting_the_instance_deletes_its_primary_eni_and_detaches_secondary_ones(uow: UnitOfWork,
                                                                                  world: World) -> None:  # fmt: skip
    instance = vpc_instance(uow, world)
    secondary = eni(uow, world, secondary_count=1)
    network_interfaces.attach(uow, world.scope, secondary.id, instance.id)
    instances.delete(uow, world.scope, instance.id)
    remaining = uow.network_interfaces.find(account_id=ACCOUNT)
    assert [(e.id, e.status) for e in remaining] == [(secondary.id, "Available")]


# --- addresses ---------------------------------------------------------------------------------------------


def test_eni_addresses_never_clash_with_instance_addresses(uow: UnitOfWork, world: World) -> None:
    instance = vpc_instance(uow, world)
    made = eni(uow, world, secondary_count=3)
    other = vpc_instance(uow, world)
    held = [instance.private_ip, made.primary_ip, *made.secondary_ips, other.private_ip]
    assert len(set(held)) == len(held) == 6
    # An ENI's address is "already used by other resource" (CreateInstance: InvalidIPAddress.AlreadyUsed) ...
    with pytest.raises(errors.PrivateIpUsedByOther):
        vpc_instance(uow, world, private_ip=made.secondary_ips[0])
    with pytest.raises(errors.PrivateIpUsedByOther):
        vpc_instance(uow, world, private_ip=made.primary_ip)
    # ... an instance's is a duplicate (InvalidPrivateIpAddress.Duplicated), for instances and ENIs alike.
    with pytest.raises(errors.PrivateIpDuplicated):
        vpc_instance(uow, world, private_ip=other.private_ip)
    with pytest.raises(errors.PrivateIpDuplicated):
        eni(uow, world, primary_ip=instance.private_ip)


def test_a_primary_ip_outside_the_vswitch_is_refused(uow: UnitOfWork, world: World) -> None:
    with pytest.raises(errors.EniIpNotInVSwitch):
        eni(uow, world, primary_ip="172.16.2.5")


def test_the_vswitch_running_out_of_addresses(uow: UnitOfWork, world: World) -> None:
    # A /28 holds 12 usable addresses: the vSwitch's first (network) address and its last three are reserved.
    eni(uow, world, secondary_count=11)
    with pytest.raises(errors.EniIpNotEnough):
        eni(uow, world)


def test_assign_and_unassign_private_ips_with_the_documented_limits(uow: UnitOfWork, world: World) -> None:
    made = eni(uow, world)
    # "When the ENI is Available, you can allocate up to 10 secondary private IP addresses."
    with pytest.raises(errors.EniIpv4CountExceeded):
        network_interfaces.assign_private_ips(uow, world.scope, made.id, [], 11)
    [address] = network_interfaces.assign_private_ips(uow, world.scope, made.id, [], 1)
    with pytest.raises(errors.EniIpUnassigned):
        network_interfaces.unassign_private_ips(uow, world.scope, made.id, [made.primary_ip])
    network_interfaces.unassign_private_ips(uow, world.scope, made.id, [address])
    assert network_interfaces.get(uow, world.scope, made.id).secondary_ips == []
    with pytest.raises(errors.EniParameterConflict):
        network_interfaces.assign_private_ips(uow, world.scope, made.id, [address], 1)


def test_ipv6_needs_ipv6_on_the_vswitch(uow: UnitOfWork, world: World) -> None:
    made = eni(uow, world)
    with pytest.raises(errors.EniIpv6NotTurnOn):
        network_interfaces.assign_ipv6(uow, world.scope, made.id, [], 1)
    vswitch = uow.vswitches.get(world.vswitch.id, account_id=ACCOUNT)
    assert vswitch is not None
    vswitch.ipv6_cidr_block = "2408:4005:3ac:e201::/64"
    uow.vswitches.save(vswitch)
    [address] = network_interfaces.assign_ipv6(uow, world.scope, made.id, [], 1)
    assert address.startswith("2408:4005:3ac:e201:")
    with pytest.raises(errors.EniIpAddressInvalid):  # outside the vSwitch's /64
        network_interfaces.assign_ipv6(uow, world.scope, made.id, ["2408:4005:3ac:e202::5"], 0)
    network_interfaces.unassign_ipv6(uow, world.scope, made.id, [address])
    assert network_interfaces.get(uow, world.scope, made.id).ipv6_addresses == []


# --- attach / detach / delete ------------------------------------------------------------------------------


def test_attach_rules(uow: UnitOfWork, world: World) -> None:
    instance = vpc_instance(uow, world)
    made = eni(uow, world)
    with pytest.raises(errors.EniInvalidEcsState):  # Pending: "Running or Stopped"
        pending = vpc_instance(uow, world)
        pending.lifecycle.status = "Pending"
        uow.instances.save(pending)
        network_interfaces.attach(uow, world.scope, made.id, pending.id)
    with pytest.raises(errors.EniVpcMismatch):
        network_interfaces.attach(uow, world.scope, made.id, classic_instance(uow, world).id)
    network_interfaces.attach(uow, world.scope, made.id, instance.id)
    with pytest.raises(errors.EniInvalidState):
        network_interfaces.attach(uow, world.scope, made.id, instance.id)
    # ecs.g6.large (2 vCPUs) takes 2 ENIs: the primary one and one more.
    with pytest.raises(errors.EniPerInstanceLimitExceeded):
        network_interfaces.attach(uow, world.scope, eni(uow, world).id, instance.id)
    with pytest.raises(errors.EniInvalidState):  # delete is refused while attached
        network_interfaces.delete(uow, world.scope, made.id)
    [primary] = [e for e in uow.network_interfaces.find(account_id=ACCOUNT, instance_id=instance.id)
                 if e.interface_type == "Primary"]  # fmt: skip
    with pytest.raises(errors.EniDetachPrimary):
        network_interfaces.detach(uow, world.scope, primary.id, instance.id)
    network_interfaces.detach(uow, world.scope, made.id, instance.id)
    network_interfaces.delete(uow, world.scope, made.id)
    assert uow.private_addresses.find(account_id=ACCOUNT, network_interface_id=made.id) == []


def test_a_zone_mismatch_is_refused(uow: UnitOfWork, world: World) -> None:
    other = vswitches.create(uow, world.scope, vpc_id=world.vswitch.vpc_id, zone_id="cn-hangzhou-h",
                             cidr_block="172.16.2.0/24")  # fmt: skip
    made = network_interfaces.create(uow, world.scope, EniRequest(vswitch_id=other.id, security_group_ids=[world.group]))
    with pytest.raises(errors.EniZoneMismatch):
        network_interfaces.attach(uow, world.scope, made.id, vpc_instance(uow, world).id)


def test_another_accounts_eni_is_not_found(uow: UnitOfWork, world: World) -> None:
    made = eni(uow, world)
    with pytest.raises(errors.EniNotFound):
        network_interfaces.get(uow, Scope(OTHER_ACCOUNT, REGION, NOW), made.id)


# --- EIPs --------------------------------------------------------------------------------------------------


def test_eip_addresses_come_from_the_regions_pool_and_are_unique(uow: UnitOfWork, world: World) -> None:
    made = [eips.allocate(uow, world.scope, EipRequest()) for _ in range(5)]
    assert len({e.ip_address for e in made}) == 5
    assert all(eips.usable(ipaddress.IPv4Address(e.ip_address), REGION) for e in made)
    with pytest.raises(errors.EipReserveFailed):
        eips.allocate(uow, world.scope, EipRequest(ip_address=made[0].ip_address))


def test_bandwidth_ranges_and_the_quota(uow: UnitOfWork, world: World) -> None:
    with pytest.raises(errors.EipBandwidthInvalid):  # PayByTraffic: 1-200
        eips.allocate(uow, world.scope, EipRequest(internet_charge_type="PayByTraffic", bandwidth=201))
    with pytest.raises(errors.EipInternetChargeTypeInvalid):
        eips.allocate(uow, world.scope, EipRequest(internet_charge_type="PayByHour"))
    for _ in range(eips.QUOTA):
        eips.allocate(uow, world.scope, EipRequest())
    with pytest.raises(errors.EipQuotaExceeded):
        eips.allocate(uow, world.scope, EipRequest())


def test_association_rules(uow: UnitOfWork, world: World) -> None:
    eip = eips.allocate(uow, world.scope, EipRequest())
    second = eips.allocate(uow, world.scope, EipRequest())
    with pytest.raises(errors.EipInstanceNotInVpc):  # classic instances cannot take an EIP
        eips.associate(uow, world.scope, eip.id, classic_instance(uow, world).id)
    instance = vpc_instance(uow, world)
    eip = eips.associate(uow, world.scope, eip.id, instance.id)
    assert (eip.status, eip.private_ip) == ("InUse", instance.private_ip)
    with pytest.raises(errors.AssociateIncorrectEipStatus):
        eips.associate(uow, world.scope, eip.id, instance.id)
    with pytest.raises(errors.EipAssociationDuplicated):  # one EIP per instance
        eips.associate(uow, world.scope, second.id, instance.id)
    with pytest.raises(errors.IncorrectEipStatus):  # "only an EIP that is in the Available state"
        eips.release(uow, world.scope, eip.id)
    eips.unassociate(uow, world.scope, eip.id, instance.id)
    eips.release(uow, world.scope, eip.id)
    with pytest.raises(errors.EipNotFound):
        eips.get(uow, world.scope, eip.id)


def test_an_eip_on_a_secondary_eni_maps_one_private_address(uow: UnitOfWork, world: World) -> None:
    made = eni(uow, world, secondary_count=1)
    eip = eips.allocate(uow, world.scope, EipRequest())
    other = eips.allocate(uow, world.scope, EipRequest())
    eips.associate(uow, world.scope, eip.id, made.id, instance_type="NetworkInterface")
    with pytest.raises(errors.EipAssociationDuplicated):
        eips.associate(uow, world.scope, other.id, made.id, instance_type="NetworkInterface")
    eips.associate(uow, world.scope, other.id, made.id, instance_type="NetworkInterface",
                   private_ip=made.secondary_ips[0])  # fmt: skip
    network_interfaces.delete(uow, world.scope, made.id)
    assert {e.status for e in uow.eip_addresses.find(account_id=ACCOUNT)} == {"Available"}


def test_deleting_an_instance_frees_its_eip(uow: UnitOfWork, world: World) -> None:
    # "Elastic IP addresses (EIPs) are not released along with the instance." (DeleteInstance)
    instance = vpc_instance(uow, world)
    eip = eips.allocate(uow, world.scope, EipRequest())
    eips.associate(uow, world.scope, eip.id, instance.id)
    instances.delete(uow, world.scope, instance.id)
    kept = eips.get(uow, world.scope, eip.id)
    assert (kept.status, kept.instance_id) == ("Available", "")


def test_a_prepaid_eip_cannot_be_released(uow: UnitOfWork, world: World) -> None:
    eip = eips.allocate(uow, world.scope, EipRequest(instance_charge_type="PrePaid"))
    with pytest.raises(errors.EipPrepaidRelease):
        eips.release(uow, world.scope, eip.id)


def test_modify_reads_back_and_checks_the_bandwidth(uow: UnitOfWork, world: World) -> None:
    eip = eips.allocate(uow, world.scope, EipRequest())
    eips.modify(uow, world.scope, eip.id, bandwidth=20, name="web", description="front door")
    kept = eips.get(uow, world.scope, eip.id)
    assert (kept.bandwidth, kept.name, kept.description) == (20, "web", "front door")
    with pytest.raises(errors.EipModifyBandwidthInvalid):
        eips.modify(uow, world.scope, eip.id, bandwidth=501, name=None, description=None)
