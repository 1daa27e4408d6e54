"""What a new instance is launched with besides its vSwitch (domain/launch_network.py, domain/launch_roles.py):
RunInstances' NetworkInterface.N and IPv6 addresses, the default VPC without VSwitchId, the instance RAM role, and
the group, tag, key-pair and spot-price rules CreateInstance and RunInstances share. Each case cites its table."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

import pytest

from classiclink import errors
from classiclink.domain import defaults, instances, network_interfaces, security_groups, vpcs, vswitches
from classiclink.domain.identity import GLOBAL, Identity, Policy, Role, User, role_key, user_key
from classiclink.domain.instances import InstanceRequest
from classiclink.domain.launch_network import EniSpec, LaunchNetwork
from classiclink.domain.model import Instance, Lifecycle, NetworkInterface, SecurityGroup, VSwitch
from classiclink.domain.network_interfaces import EniRequest
from classiclink.domain.ports import UnitOfWork
from classiclink.domain.scope import Scope
from classiclink.settings import Behaviour

from ..conftest import ACCOUNT, NOW, REGION

IMAGE = "centos_7_9_x64_20G_alibase_20230718.vhd"
VPC_ONLY = "cn-zhangjiakou"


@dataclass
class World:
    scope: Scope
    vswitch: VSwitch
    group: SecurityGroup


@pytest.fixture
def world(uow: UnitOfWork, rules: Behaviour) -> World:
    scope = Scope(ACCOUNT, REGION, NOW, rules)
    vpc = vpcs.create(uow, scope, cidr_block="172.16.0.0/16", enable_ipv6=True)
    vswitch = vswitches.create(uow, scope, vpc_id=vpc.id, zone_id="cn-hangzhou-i", cidr_block="172.16.1.0/24")
    vswitch = vswitches.modify(uow, scope, vswitch.id, name=None, description=None, ipv6_suffix=1)
    return World(scope, vswitch, security_groups.create(uow, scope, vpc_id=vpc.id))


def launch(uow: UnitOfWork, world: World, *, amount: int = 1, scope: Scope | None = None,
           **fields: Any) -> list[Instance]:  # fmt: skip
    fields.setdefault("security_group_id", world.group.id)
    fields.setdefault("vswitch_id", world.vswitch.id)
    request = InstanceRequest(instance_type=fields.pop("instance_type", "ecs.g6.large"), image_id=IMAGE, **fields)
    return instances.create(uow, scope or world.scope, request=request, amount=amount, run=True)


def enis_of(uow: UnitOfWork, instance: Instance) -> list[NetworkInterface]:
    return sorted(uow.network_interfaces.find(account_id=ACCOUNT, instance_id=instance.id),
                  key=lambda e: e.interface_type != "Primary")  # fmt: skip


# --- RunInstances NetworkInterface.N and IPv6 ------------------------------------------------------------------


def test_a_secondary_eni_is_made_and_attached_with_each_instance(uow: UnitOfWork, world: World) -> None:
    # RunInstances: NetworkInterface.N.VSwitchId / SecurityGroupId default to the instance's.
    network = LaunchNetwork(interfaces=[EniSpec(1, name="data", description="second leg", secondary_count=2)])
    made = launch(uow, world, amount=2, network=network)
    for instance in made:
        primary, secondary = enis_of(uow, instance)
        assert (primary.interface_type, secondary.interface_type) == ("Primary", "Secondary")
        assert (secondary.vswitch_id, secondary.security_group_ids, secondary.status) == (
            world.vswitch.id, [world.group.id], "InUse")  # fmt: skip
        assert (secondary.name, secondary.description, len(secondary.secondary_ips)) == ("data", "second leg", 2)
        assert secondary.delete_on_release and secondary.created_with_instance
    addresses = [e.primary_ip for i in made for e in enis_of(uow, i)]
    assert len(set(addresses)) == 4


def test_the_primary_entry_names_the_instances_own_network(uow: UnitOfWork, world: World) -> None:
    network = LaunchNetwork(interfaces=[EniSpec(1, kind="Primary", vswitch_id=world.vswitch.id,
                                                security_group_ids=[world.group.id], primary_ip="172.16.1.50",
                                                ipv6_count=2, secondary_count=1)])  # fmt: skip
    [instance] = launch(uow, world, vswitch_id="", security_group_id="", network=network)
    assert (instance.vswitch_id, instance.security_group_ids, instance.private_ip) == (
        world.vswitch.id, [world.group.id], "172.16.1.50")  # fmt: skip
    [primary] = enis_of(uow, instance)
    assert len(primary.ipv6_addresses) == 2 and len(primary.secondary_ips) == 1


def test_ipv6_addresses_come_from_the_vswitch_block(uow: UnitOfWork, world: World) -> None:
    block = world.vswitch.ipv6_cidr_block.split("/")[0].rstrip(":")
    wanted = f"{block}::a"
    [instance] = launch(uow, world, network=LaunchNetwork(ipv6_addresses=[wanted]))
    assert enis_of(uow, instance)[0].ipv6_addresses == [wanted]
    # RunInstances: 403 InvalidIp.IpAssigned (the address is already assigned).
    with pytest.raises(errors.Ipv6Assigned):
        launch(uow, world, network=LaunchNetwork(ipv6_addresses=[wanted]))
    counted = launch(uow, world, amount=2, network=LaunchNetwork(ipv6_count=3))
    assert [len(enis_of(uow, i)[0].ipv6_addresses) for i in counted] == [3, 3]


def test_deleting_the_instance_releases_the_enis_made_with_it(uow: UnitOfWork, world: World) -> None:
    # "DeleteOnRelease: true: the ENI is not retained" (RunInstances NetworkInterface.N.DeleteOnRelease).
    network = LaunchNetwork(interfaces=[EniSpec(1), EniSpec(2, delete_on_release=False)])
    [instance] = launch(uow, world, instance_type="ecs.g6.xlarge", network=network)
    [kept] = [e for e in enis_of(uow, instance) if not e.delete_on_release]
    instances.delete(uow, world.scope, instance.id, force=True)
    remaining = uow.network_interfaces.find(account_id=ACCOUNT)
    assert [(e.id, e.status) for e in remaining] == [(kept.id, "Available")]


def test_an_existing_eni_is_attached_to_the_one_new_instance(uow: UnitOfWork, world: World) -> None:
    existing = network_interfaces.create(uow, world.scope, EniRequest(world.vswitch.id, [world.group.id]))
    network = LaunchNetwork(interfaces=[EniSpec(1, network_interface_id=existing.id)])
    with pytest.raises(errors.LaunchAmountInvalid):  # "After this parameter is specified, Amount can only be 1"
        launch(uow, world, amount=2, network=network)
    [instance] = launch(uow, world, network=network)
    attached = uow.network_interfaces.get(existing.id, account_id=ACCOUNT)
    assert attached is not None and attached.instance_id == instance.id and not attached.created_with_instance
    instances.delete(uow, world.scope, instance.id, force=True)  # an ENI made on its own stays, detached
    assert uow.network_interfaces.get(existing.id, account_id=ACCOUNT).status == "Available"  # type: ignore[union-attr]


def other_vpc_group(uow: UnitOfWork, world: World) -> SecurityGroup:
    other = vpcs.create(uow, world.scope, cidr_block="192.168.0.0/16")
    return security_groups.create(uow, world.scope, vpc_id=other.id)


# (NetworkInterface.N / IPv6 of the request, Amount, the error) — RunInstances' table.
LAUNCH_ERRORS: list[tuple[dict[str, Any], int, type[errors.ApiError]]] = [
    ({"interfaces": [EniSpec(1, kind="Tertiary")]}, 1, errors.LaunchNetworkInterfaceInvalid),
    ({"interfaces": [EniSpec(1, kind="Primary"), EniSpec(2, kind="Primary")]}, 1, errors.LaunchNetworkInterfaceInvalid),
    ({"interfaces": [EniSpec(1, ipv6_count=1)]}, 1, errors.LaunchNetworkInterfaceInvalid),
    ({"interfaces": [EniSpec(1, network_interface_id="eni-x", name="x1")]}, 1, errors.LaunchNetworkInterfaceInvalid),
    ({"interfaces": [EniSpec(1, network_interface_id="eni-missing")]}, 1, errors.EniNotFound),
    ({"interfaces": [EniSpec(1, vswitch_id="vsw-missing")]}, 1, errors.EcsVSwitchNotFound),
    ({"interfaces": [EniSpec(1, security_group_id="sg-missing")]}, 1, errors.SecurityGroupNotFound),
    ({"interfaces": [EniSpec(1, security_group_id="sg-a", security_group_ids=["sg-b"])]}, 1,
     errors.EniParameterConflict),
    ({"interfaces": [EniSpec(1, primary_ip="172.16.9.9")]}, 1, errors.EniIpNotInVSwitch),
    ({"interfaces": [EniSpec(1, primary_ip="172.16.1.9")]}, 2, errors.LaunchAmountInvalid),
    ({"interfaces": [EniSpec(1, secondary_count=6)]}, 1, errors.EniIpv4CountExceeded),
    ({"interfaces": [EniSpec(1), EniSpec(2)]}, 1, errors.EniPerInstanceLimitExceeded),  # ecs.g6.large: 2 ENIs
    ({"interfaces": [EniSpec(1, description="h")]}, 1, errors.InvalidParameter),
    ({"ipv6_addresses": ["2001:db8::1"], "ipv6_count": 1}, 1, errors.EniParameterConflict),
    ({"ipv6_addresses": ["not-an-address"]}, 1, errors.EniIpAddressInvalid),
    ({"ipv6_addresses": ["2001:db8::1"]}, 1, errors.EniIpAddressInvalid),  # outside the vSwitch's /64
    ({"ipv6_addresses": ["2001:db8::1"]}, 2, errors.LaunchAmountInvalid),  # "Amount must be set to 1"
    ({"ipv6_count": 7}, 1, errors.EniIpv6CountExceeded),  # ecs.g6.large: 6 per ENI
]  # fmt: skip


@pytest.mark.parametrize(("network", "amount", "error"), LAUNCH_ERRORS,
                         ids=[f"{e.__name__}-{n}" for n, (_, _, e) in enumerate(LAUNCH_ERRORS)])  # fmt: skip
def test_launch_network_errors(uow: UnitOfWork, world: World, network: dict[str, Any], amount: int,
                               error: type[errors.ApiError]) -> None:  # fmt: skip
    with pytest.raises(error):
        launch(uow, world, amount=amount, network=LaunchNetwork(**network))
    assert uow.instances.find(account_id=ACCOUNT) == []


def test_an_eni_group_of_another_vpc_is_an_inconsistent_network(uow: UnitOfWork, world: World) -> None:
    # RunInstances: 403 OperationDenied.InconsistentNetwork "The specified security group and vswitch are not in
    # the same vpc." (the ENI's group and its vSwitch).
    other = other_vpc_group(uow, world)
    with pytest.raises(errors.InconsistentNetwork):
        launch(uow, world, network=LaunchNetwork(interfaces=[EniSpec(1, security_group_id=other.id)]))


def test_classic_instances_take_no_enis_or_ipv6(uow: UnitOfWork, world: World) -> None:
    classic = security_groups.create(uow, world.scope)
    for network in (LaunchNetwork(interfaces=[EniSpec(1)]), LaunchNetwork(ipv6_count=1)):
        with pytest.raises(errors.NetworkTypeDenied):
            launch(uow, world, vswitch_id="", security_group_id=classic.id, network=network)


def test_ipv6_needs_the_type_and_the_vswitch(uow: UnitOfWork, world: World) -> None:
    with pytest.raises(errors.Ipv6NotSupported):  # generation I/II types have no IPv6 (DescribeInstanceTypes)
        launch(uow, world, instance_type="ecs.n1.small", network=LaunchNetwork(ipv6_count=1))
    plain = vswitches.create(uow, world.scope, vpc_id=world.vswitch.vpc_id, zone_id="cn-hangzhou-i",
                             cidr_block="172.16.2.0/24")  # fmt: skip
    with pytest.raises(errors.EniIpv6NotTurnOn):
        launch(uow, world, vswitch_id=plain.id, network=LaunchNetwork(ipv6_count=1))


def test_one_eni_types_take_no_secondary_eni(uow: UnitOfWork, world: World) -> None:
    with pytest.raises(errors.EniNotSupportedByType):
        launch(uow, world, instance_type="ecs.t5-lc2m1.nano", network=LaunchNetwork(interfaces=[EniSpec(1)]))


# --- the default VPC ---------------------------------------------------------------------------------------------


def test_without_vswitch_an_instance_goes_to_the_default_vswitch_of_its_zone(uow: UnitOfWork, rules: Behaviour) -> None:
    scope = Scope(ACCOUNT, VPC_ONLY, NOW, rules)
    vpc = defaults.create_default_vpc(uow, scope)
    group = security_groups.create(uow, scope, vpc_id=vpc.id)
    request = InstanceRequest("ecs.g6.large", IMAGE, security_group_id=group.id, zone_id="cn-zhangjiakou-b")
    [first] = instances.create(uow, scope, request=request)
    [second] = instances.create(uow, scope, request=request)
    [made] = uow.vswitches.find(account_id=ACCOUNT, vpc_id=vpc.id)
    assert made.is_default and made.zone_id == "cn-zhangjiakou-b" and made.lifecycle.at(NOW) == "Available"
    assert first.vswitch_id == second.vswitch_id == made.id and first.vpc_id == vpc.id


def test_default_vpc_errors(uow: UnitOfWork) -> None:
    slow = Scope(ACCOUNT, VPC_ONLY, NOW, Behaviour(transition_delay=5))
    vpc = vpcs.create(uow, slow, cidr_block="192.168.0.0/16")
    ready = Scope(ACCOUNT, VPC_ONLY, NOW + 5, Behaviour(transition_delay=5))
    group = security_groups.create(uow, ready, vpc_id=vpc.id)
    request = InstanceRequest("ecs.g6.large", IMAGE, security_group_id=group.id)
    defaults.create_default_vpc(uow, ready)
    # CreateInstance: 400 IncorrectDefaultVpcStatus while the default VPC is still Pending ...
    with pytest.raises(errors.IncorrectDefaultVpcStatus):
        instances.create(uow, ready, request=request)
    # ... and 400 InvalidSecurityGroup.NotInDefaultVpc once it is Available, for a group of another VPC.
    later = Scope(ACCOUNT, VPC_ONLY, NOW + 10, Behaviour(transition_delay=5))
    with pytest.raises(errors.SecurityGroupNotInDefaultVpc):
        instances.create(uow, later, request=request)


def test_a_full_default_vpc_has_no_room_for_a_default_vswitch(uow: UnitOfWork, rules: Behaviour) -> None:
    scope = Scope(ACCOUNT, VPC_ONLY, NOW, rules)
    vpc = defaults.create_default_vpc(uow, scope)
    for n in range(16):  # the /12 in sixteen /16s
        vswitches.create(uow, scope, vpc_id=vpc.id, zone_id="cn-zhangjiakou-a", cidr_block=f"172.{16 + n}.0.0/16")
    group = security_groups.create(uow, scope, vpc_id=vpc.id)
    request = InstanceRequest("ecs.g6.large", IMAGE, security_group_id=group.id, create_instance=True)
    with pytest.raises(errors.DefaultVSwitchZoneUnavailable):  # CreateInstance: 400 InvalidVpcZone.NotSupported
        instances.create(uow, scope, request=request)


# --- security groups, tags, key pairs, spot prices, addresses ---------------------------------------------------


def test_a_full_group_takes_no_more_instances(uow: UnitOfWork, world: World) -> None:
    # CreateInstance: 403 SecurityGroupInstanceLimitExceed; a basic group holds 2,000 instances.
    for n in range(security_groups.CAPACITY["normal"] - 1):
        uow.instances.add(Instance(f"i-filler{n}", ACCOUNT, REGION, NOW, zone_id="cn-hangzhou-i", name="f",
                                   description="", host_name="f", instance_type="ecs.g6.large", image_id=IMAGE,
                                   network_type="vpc", security_group_ids=[world.group.id],
                                   lifecycle=Lifecycle("Running")))  # fmt: skip
    with pytest.raises(errors.RunGroupInstanceLimit):
        launch(uow, world, amount=2)
    with pytest.raises(errors.CreateGroupInstanceLimit):
        launch(uow, world, create_instance=True, amount=2)
    launch(uow, world)  # the 2,000th fits


def test_basic_and_advanced_groups_do_not_mix(uow: UnitOfWork, world: World) -> None:
    enterprise = security_groups.create(uow, world.scope, vpc_id=world.vswitch.vpc_id, group_type="enterprise")
    with pytest.raises(errors.MixedSecurityGroupTypes):  # 403 EnterpriseGroupLimited.MutliGroupType
        launch(uow, world, security_group_id="", security_group_ids=[world.group.id, enterprise.id])


def test_more_than_twenty_tags_exceed_the_quota(uow: UnitOfWork, world: World) -> None:
    with pytest.raises(errors.CreateTagQuotaExceeded):  # 403 QuotaExceed.Tags; Tag.N: N is 1 to 20
        launch(uow, world, tags=[{"Key": f"k{n}", "Value": ""} for n in range(21)])


def test_key_pairs_need_an_io_optimized_instance(uow: UnitOfWork, world: World) -> None:
    # 400 InvalidInstanceType.ValueNotSupported 'The specified parameter "KeyPairName" only support IoOptimized
    # Instance.' (ecs.s2.large is a retired type, not I/O optimized by default).
    with pytest.raises(errors.KeyPairNeedsIoOptimized):
        launch(uow, world, instance_type="ecs.s2.large", io_optimized="none", key_pair_name="deploy")


@pytest.mark.parametrize(("limit", "refused"), [(0.01, True), (0.039, False), (0.98, False)])
def test_a_spot_price_limit_below_the_market_price(uow: UnitOfWork, world: World, limit: float,
                                                   refused: bool) -> None:  # fmt: skip
    # ecs.g6.large: 280 CNY a month pay-as-you-go, 0.389 an hour; the market price is a tenth: 0.039.
    spot = {"spot_strategy": "SpotWithPriceLimit", "spot_price_limit": limit, "zone_id": "cn-hangzhou-i"}
    if refused:
        with pytest.raises(errors.RunSpotPriceBelowMarket):
            launch(uow, world, **spot)
        with pytest.raises(errors.SpotPriceBelowMarket):
            launch(uow, world, create_instance=True, **spot)
    else:
        assert launch(uow, world, **spot)[0].spot_price_limit == limit


def test_private_pools_are_not_for_classic_instances(uow: UnitOfWork, world: World) -> None:
    from classiclink.domain.instance_checks import Placement

    classic = security_groups.create(uow, world.scope)
    with pytest.raises(errors.NetworkTypeDenied):  # 403 OperationDenied.InvalidNetworkType
        launch(uow, world, vswitch_id="", security_group_id=classic.id, placement=Placement(private_pool_match="Open"))


# --- the instance RAM role -----------------------------------------------------------------------------------------

ECS_TRUST = {"Version": "1", "Statement": [{"Effect": "Allow", "Action": "sts:AssumeRole",
                                            "Principal": {"Service": ["ecs.aliyuncs.com"]}}]}  # fmt: skip
USER_TRUST = {"Version": "1", "Statement": [{"Effect": "Allow", "Action": "sts:AssumeRole",
                                             "Principal": {"RAM": [f"acs:ram::{ACCOUNT}:root"]}}]}  # fmt: skip


def role(uow: UnitOfWork, name: str, trust: dict[str, Any]) -> None:
    uow.roles.add(Role(role_key(ACCOUNT, name), ACCOUNT, GLOBAL, NOW, name=name, role_id="3" * 16,
                       trust_policy=json.dumps(trust)))  # fmt: skip


def user(uow: UnitOfWork, name: str, *actions: str) -> Identity:
    document = {"Version": "1", "Statement": [{"Effect": "Allow", "Action": list(actions), "Resource": "*"}]}
    uow.policies.add(Policy(user_key(ACCOUNT, f"{name}-policy"), ACCOUNT, GLOBAL, NOW, name=f"{name}-policy",
                            document=json.dumps(document)))  # fmt: skip
    uow.users.add(User(user_key(ACCOUNT, name), ACCOUNT, GLOBAL, NOW, name=name, policy_names=[f"{name}-policy"]))
    return Identity(ACCOUNT, f"key-{name}", user_name=name)


def test_instance_ram_role_rules(uow: UnitOfWork, world: World) -> None:
    role(uow, "EcsRole", ECS_TRUST)
    role(uow, "PeopleRole", USER_TRUST)
    classic = security_groups.create(uow, world.scope)
    with pytest.raises(errors.CreateRamRoleClassic):  # CreateInstance's wording of MismatchRamRole
        launch(uow, world, vswitch_id="", security_group_id=classic.id, ram_role_name="EcsRole", create_instance=True)
    with pytest.raises(errors.RamRoleClassicNotSupported):
        launch(uow, world, vswitch_id="", security_group_id=classic.id, ram_role_name="EcsRole")
    with pytest.raises(errors.CreateRamRoleNotFound):
        launch(uow, world, ram_role_name="NoSuchRole", create_instance=True)
    with pytest.raises(errors.RamRoleNotFound):
        launch(uow, world, ram_role_name="NoSuchRole")
    with pytest.raises(errors.RamRoleNotEcsRole):  # 401: the trust policy names no ECS service
        launch(uow, world, ram_role_name="PeopleRole")
    assert launch(uow, world, ram_role_name="ecsrole")[0].ram_role_name == "ecsrole"  # root passes any role
    lacking = Scope(ACCOUNT, REGION, NOW, world.scope.rules, caller=user(uow, "dev", "ecs:*"))
    with pytest.raises(errors.PassRoleForbidden):  # 403 InvalidUser.PassRoleForbidden
        launch(uow, world, ram_role_name="EcsRole", scope=lacking)
    launch(
        uow,
        world,
        ram_role_name="EcsRole",
        scope=Scope(ACCOUNT, REGION, NOW, world.scope.rules, caller=user(uow, "ops", "ecs:*", "ram:PassRole")),
    )
    # With RAM off (--ram-mode off) no policy is asked.
    off = Scope(ACCOUNT, REGION, NOW, world.scope.rules, caller=lacking.caller, ram_enforced=False)
    launch(uow, world, ram_role_name="EcsRole", scope=off)
