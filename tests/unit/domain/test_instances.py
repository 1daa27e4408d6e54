"""ECS instance rules (api-spec §4.4–4.6, §4.9): placement, addresses, states, filters."""

from __future__ import annotations

import ipaddress
from dataclasses import replace

import pytest

from classiclink import errors
from classiclink.domain import classiclink, instances, security_groups, vpcs, vswitches
from classiclink.domain.disks import DiskRequest
from classiclink.domain.instances import InstanceRequest
from classiclink.domain.model import Instance, SecurityGroup, Vpc, VSwitch
from classiclink.domain.ports import UnitOfWork
from classiclink.domain.scope import Scope
from classiclink.reads import instances as instance_reads
from classiclink.reads.instances import InstanceFilter
from classiclink.reads.paging import Paging
from classiclink.settings import Behaviour

from ..conftest import ACCOUNT, NOW, OTHER_ACCOUNT, REGION

VPC_ONLY_REGION = "cn-zhangjiakou"
SLOW = Behaviour(transition_delay=5)


def classic_group(uow: UnitOfWork, region: str = REGION) -> SecurityGroup:
    return security_groups.create(uow, Scope(ACCOUNT, region, NOW))


def make_vpc(uow: UnitOfWork, rules: Behaviour, region: str = REGION) -> Vpc:
    return vpcs.create(uow, Scope(ACCOUNT, region, NOW, rules), cidr_block="172.16.0.0/16")


def make_vswitch(uow: UnitOfWork, rules: Behaviour, vpc: Vpc, cidr: str = "172.16.1.0/24", zone: str = "") -> VSwitch:
    region = vpc.region_id
    return vswitches.create(uow, Scope(ACCOUNT, region, NOW, rules), vpc_id=vpc.id, cidr_block=cidr,
                            zone_id=zone or f"{region}-i" if region == REGION else zone or f"{region}-a")  # fmt: skip


def vpc_setup(uow: UnitOfWork, rules: Behaviour, cidr: str = "172.16.1.0/24") -> tuple[VSwitch, SecurityGroup]:
    vpc = make_vpc(uow, rules)
    vswitch = make_vswitch(uow, rules, vpc, cidr)
    group = security_groups.create(uow, Scope(ACCOUNT, REGION, NOW), vpc_id=vpc.id)
    return vswitch, group


def request(group: SecurityGroup, **kw: object) -> InstanceRequest:
    return InstanceRequest(instance_type="ecs.g6.large", image_id="ubuntu_22", security_group_id=group.id, **kw)  # type: ignore[arg-type]


def create_one(uow: UnitOfWork, rules: Behaviour, req: InstanceRequest, region: str = REGION, *, run: bool = False,
               now: float = NOW) -> Instance:  # fmt: skip
    [instance] = instances.create(uow, Scope(ACCOUNT, region, now, rules), request=req, run=run)
    return instance


def listed(uow: UnitOfWork, account: str, where: InstanceFilter) -> list[Instance]:
    return instance_reads.find(uow, Scope(account, REGION, NOW), where, Paging(page_size=100)).items


def status(uow: UnitOfWork, instance: Instance, at: float) -> str:
    stored = uow.instances.get(instance.id, account_id=ACCOUNT)
    assert stored is not None
    return stored.lifecycle.at(at)


class TestClassicInstances:
    def test_no_vswitch_makes_a_classic_instance(self, uow: UnitOfWork, rules: Behaviour) -> None:
        group = classic_group(uow)
        instance = create_one(uow, rules, request(group, name="web-1", host_name="web1", description="a server"))
        assert instance.network_type == "classic" and instance.is_classic
        assert (instance.vpc_id, instance.vswitch_id, instance.private_ip) == ("", "", "")
        assert instance.security_group_ids == [group.id]
        assert (instance.name, instance.host_name, instance.description) == ("web-1", "web1", "a server")
        assert instance.zone_id == "cn-hangzhou-b"  # the region's first zone
        assert instance.id.startswith("i-bp1")
        address = ipaddress.ip_address(instance.inner_ip)
        assert address in ipaddress.ip_network("10.0.0.0/8")
        assert address not in ipaddress.ip_network("10.111.0.0/16")

    def test_defaults_name_to_id_and_host_name_to_the_classic_shape(self, uow: UnitOfWork, rules: Behaviour) -> None:
        instance = create_one(uow, rules, request(classic_group(uow)))
        assert instance.name == instance.id
        assert instance.host_name == f"iZ{instance.id[2:]}Z"

    def test_a_given_inner_ip_is_used(self, uow: UnitOfWork, rules: Behaviour) -> None:
        group = classic_group(uow)
        assert create_one(uow, rules, request(group, inner_ip="10.20.30.40")).inner_ip == "10.20.30.40"
        with pytest.raises(errors.InnerIpUnusable):
            create_one(uow, rules, request(group, inner_ip="10.20.30.40"))

    @pytest.mark.parametrize("address", ["10.111.0.5", "192.168.0.5", "10.1.2.0", "10.1.2.255"])
    def test_unusable_inner_ips(self, uow: UnitOfWork, rules: Behaviour, address: str) -> None:
        with pytest.raises(errors.InnerIpUnusable):
            create_one(uow, rules, request(classic_group(uow), inner_ip=address))

    def test_malformed_inner_ip(self, uow: UnitOfWork, rules: Behaviour) -> None:
        with pytest.raises(errors.InnerIpMalformed):
            create_one(uow, rules, request(classic_group(uow), inner_ip="10.1.2"))

    def test_inner_ips_are_unique(self, uow: UnitOfWork, rules: Behaviour) -> None:
        created = instances.create(uow, Scope(ACCOUNT, REGION, NOW, rules), request=request(classic_group(uow)),
                                   amount=50)  # fmt: skip
        assert len({i.inner_ip for i in created}) == 50

    def test_a_zone_of_the_region_can_be_chosen(self, uow: UnitOfWork, rules: Behaviour) -> None:
        assert create_one(uow, rules, request(classic_group(uow), zone_id="cn-hangzhou-g")).zone_id == "cn-hangzhou-g"

    def test_a_zone_of_another_region_is_unknown(self, uow: UnitOfWork, rules: Behaviour) -> None:
        with pytest.raises(errors.InstanceZoneNotFound):
            create_one(uow, rules, request(classic_group(uow), zone_id="cn-beijing-a"))

    def test_a_vpc_group_without_vswitch_needs_one(self, uow: UnitOfWork, rules: Behaviour) -> None:
        _, group = vpc_setup(uow, rules)
        with pytest.raises(errors.VSwitchNecessary):
            create_one(uow, rules, request(group))

    def test_a_region_without_classic_network_needs_a_vswitch(self, uow: UnitOfWork, rules: Behaviour) -> None:
        vpc = make_vpc(uow, rules, VPC_ONLY_REGION)
        group = security_groups.create(uow, Scope(ACCOUNT, VPC_ONLY_REGION, NOW), vpc_id=vpc.id)
        with pytest.raises(errors.VSwitchNecessary) as raised:
            create_one(uow, rules, request(group), VPC_ONLY_REGION)
        assert (raised.value.code, raised.value.status) == ("InvalidVSwitchId.Necessary", 400)

    def test_private_ip_is_for_vpc_instances_only(self, uow: UnitOfWork, rules: Behaviour) -> None:
        # "PrivateIpAddress depends on VSwitchId and cannot be separately specified": 400 MissingParameter
        # 'The input parameter "VSwitchId" ...' (CreateInstance).
        with pytest.raises(errors.MissingParameter) as raised:
            create_one(uow, rules, request(classic_group(uow), private_ip="10.0.0.5"))
        assert raised.value.text == (
            'The input parameter "VSwitchId" that is mandatory for processing this request is not supplied.')

    def test_nothing_is_stored_when_refused(self, uow: UnitOfWork, rules: Behaviour) -> None:
        with pytest.raises(errors.SecurityGroupNotFound):
            create_one(uow, rules, InstanceRequest("ecs.g6.large", "img", "sg-missing"))
        assert uow.instances.find(account_id=ACCOUNT) == []

    def test_a_group_of_another_region_or_account_is_unknown(self, uow: UnitOfWork, rules: Behaviour) -> None:
        group = classic_group(uow, "cn-beijing")
        with pytest.raises(errors.SecurityGroupNotFound):
            create_one(uow, rules, request(group))
        with pytest.raises(errors.SecurityGroupNotFound):
            instances.create(uow, Scope(OTHER_ACCOUNT, "cn-beijing", NOW, rules), request=request(group))


class TestVpcInstances:
    def test_vswitch_makes_a_vpc_instance_with_the_first_free_address(self, uow: UnitOfWork,
                                                                        rules: Behaviour) -> None:  # fmt: skip
        vswitch, group = vpc_setup(uow, rules)
        first = create_one(uow, rules, request(group, vswitch_id=vswitch.id))
        second = create_one(uow, rules, request(group, vswitch_id=vswitch.id))
        assert first.network_type == "vpc" and not first.is_classic
        assert (first.vpc_id, first.vswitch_id, first.zone_id) == (vswitch.vpc_id, vswitch.id, vswitch.zone_id)
        assert (first.private_ip, second.private_ip) == ("172.16.1.1", "172.16.1.2")
        assert first.inner_ip == ""

    def test_a_given_private_ip_inside_the_vswitch(self, uow: UnitOfWork, rules: Behaviour) -> None:
        vswitch, group = vpc_setup(uow, rules)
        assert create_one(uow, rules, request(group, vswitch_id=vswitch.id, private_ip="172.16.1.200")).private_ip == \
            "172.16.1.200"  # fmt: skip
        with pytest.raises(errors.PrivateIpDuplicated):
            create_one(uow, rules, request(group, vswitch_id=vswitch.id, private_ip="172.16.1.200"))

    def test_private_ip_outside_the_vswitch_block(self, uow: UnitOfWork, rules: Behaviour) -> None:
        # CreateInstance: 400 InvalidPrivateIpAddress "... not in the CIDR block of virtual switch."
        vswitch, group = vpc_setup(uow, rules)
        with pytest.raises(errors.PrivateIpNotInVSwitch):
            create_one(uow, rules, request(group, vswitch_id=vswitch.id, private_ip="172.16.2.5"))

    @pytest.mark.parametrize("address", ["172.16.1.0", "172.16.1.253", "172.16.1.254", "172.16.1.255"])
    def test_a_reserved_private_ip_is_invalid_in_the_vswitch(self, uow: UnitOfWork, rules: Behaviour,
                                                             address: str) -> None:  # fmt: skip
        # "The first and the last three IP addresses of each vSwitch are system reserved IP addresses and cannot
        # be specified" (RunInstances); inside the block, so 403 InvalidVSwitchId.IpInvalid (CreateInstance).
        vswitch, group = vpc_setup(uow, rules)
        with pytest.raises(errors.EniIpNotInVSwitch) as raised:
            create_one(uow, rules, request(group, vswitch_id=vswitch.id, private_ip=address))
        assert (raised.value.code, raised.value.status) == ("InvalidVSwitchId.IpInvalid", 403)

    def test_malformed_private_ip(self, uow: UnitOfWork, rules: Behaviour) -> None:
        vswitch, group = vpc_setup(uow, rules)
        with pytest.raises(errors.PrivateIpMalformed):
            create_one(uow, rules, request(group, vswitch_id=vswitch.id, private_ip="172.16.1"))

    def test_a_full_vswitch(self, uow: UnitOfWork, rules: Behaviour) -> None:
        vswitch, group = vpc_setup(uow, rules, "172.16.1.0/29")  # 8 addresses, 4 usable
        created = instances.create(uow, Scope(ACCOUNT, REGION, NOW, rules), request=request(group, vswitch_id=vswitch.id),
                                   amount=4)  # fmt: skip
        assert sorted(i.private_ip for i in created) == ["172.16.1.1", "172.16.1.2", "172.16.1.3", "172.16.1.4"]
        with pytest.raises(errors.PrivateIpExhausted):
            create_one(uow, rules, request(group, vswitch_id=vswitch.id))

    def test_unknown_vswitch(self, uow: UnitOfWork, rules: Behaviour) -> None:
        _, group = vpc_setup(uow, rules)
        with pytest.raises(errors.EcsVSwitchNotFound) as raised:
            create_one(uow, rules, request(group, vswitch_id="vsw-missing"))
        assert (raised.value.code, raised.value.status) == ("InvalidVSwitchId.NotFound", 404)

    def test_a_pending_vswitch_is_refused(self, uow: UnitOfWork, rules: Behaviour) -> None:
        vpc = make_vpc(uow, rules)
        vswitch = vswitches.create(uow, Scope(ACCOUNT, REGION, NOW, SLOW), vpc_id=vpc.id, zone_id="cn-hangzhou-i",
                                   cidr_block="172.16.1.0/24")
        group = security_groups.create(uow, Scope(ACCOUNT, REGION, NOW), vpc_id=vpc.id)
        with pytest.raises(errors.EcsIncorrectVSwitchStatus):
            create_one(uow, rules, request(group, vswitch_id=vswitch.id))
        assert create_one(uow, rules, request(group, vswitch_id=vswitch.id), now=NOW + 5).vswitch_id == vswitch.id

    def test_a_classic_group_does_not_fit_a_vswitch(self, uow: UnitOfWork, rules: Behaviour) -> None:
        vswitch, _ = vpc_setup(uow, rules)
        with pytest.raises(errors.SecurityGroupVSwitchMismatch) as raised:
            create_one(uow, rules, request(classic_group(uow), vswitch_id=vswitch.id))
        assert (raised.value.code, raised.value.status) == ("InvalidParameter.Mismatch", 400)

    def test_a_group_of_another_vpc_does_not_fit(self, uow: UnitOfWork, rules: Behaviour) -> None:
        vswitch, _ = vpc_setup(uow, rules)
        _, other_group = vpc_setup(uow, rules)
        with pytest.raises(errors.SecurityGroupVSwitchMismatch):
            create_one(uow, rules, request(other_group, vswitch_id=vswitch.id))

    def test_the_zone_must_be_the_vswitch_zone(self, uow: UnitOfWork, rules: Behaviour) -> None:
        vswitch, group = vpc_setup(uow, rules)
        with pytest.raises(errors.VSwitchZoneMismatch):
            create_one(uow, rules, request(group, vswitch_id=vswitch.id, zone_id="cn-hangzhou-b"))
        assert create_one(uow, rules, request(group, vswitch_id=vswitch.id, zone_id=vswitch.zone_id)).zone_id == \
            vswitch.zone_id  # fmt: skip

    def test_inner_ip_is_for_classic_instances_only(self, uow: UnitOfWork, rules: Behaviour) -> None:
        vswitch, group = vpc_setup(uow, rules)
        with pytest.raises(errors.InvalidParameter):
            create_one(uow, rules, request(group, vswitch_id=vswitch.id, inner_ip="10.1.1.1"))


class TestParameters:
    @pytest.mark.parametrize(("instance_type", "cpu", "memory"), [
        ("ecs.t1.small", 1, 1024), ("ecs.g6.large", 2, 8192), ("ecs.c6.2xlarge", 8, 16384),
        ("ecs.r7.xlarge", 4, 32768), ("ecs.sn1ne.large", 2, 4096),
    ])  # fmt: skip
    def test_instance_types(self, uow: UnitOfWork, rules: Behaviour, instance_type: str, cpu: int,
                            memory: int) -> None:  # fmt: skip
        # ecs.r7 "Supports only ESSDs" (General purpose / Memory optimized instance families).
        system = DiskRequest(category="cloud_essd") if instance_type.startswith("ecs.r7") else DiskRequest()
        instance = create_one(uow, rules, replace(request(classic_group(uow)), instance_type=instance_type,
                                                  system_disk=system))  # fmt: skip
        assert (instance.instance_type, instance.cpu, instance.memory) == (instance_type, cpu, memory)

    @pytest.mark.parametrize("instance_type", ["t1.small", "ecs.g6", "ecs.g6.huge", "g6.large", "ECS.G6.LARGE"])
    def test_unknown_instance_types(self, uow: UnitOfWork, rules: Behaviour, instance_type: str) -> None:
        with pytest.raises(errors.InstanceTypeNotSupported):
            create_one(uow, rules, replace(request(classic_group(uow)), instance_type=instance_type))

    @pytest.mark.parametrize("name", ["a", "1web", "-web", "a" * 129, "http://x", "web server"])
    def test_invalid_instance_names(self, uow: UnitOfWork, rules: Behaviour, name: str) -> None:
        with pytest.raises(errors.InstanceNameMalformed):
            create_one(uow, rules, request(classic_group(uow), name=name))

    @pytest.mark.parametrize("host", ["a", "-web", "web-", "we..b", "we--b", "web_1", "h" * 65, "web.-a"])
    def test_invalid_host_names(self, uow: UnitOfWork, rules: Behaviour, host: str) -> None:
        with pytest.raises(errors.HostNameMalformed):
            create_one(uow, rules, request(classic_group(uow), host_name=host))

    @pytest.mark.parametrize("host", ["ab", "web-1.example", "A1.b2.C3"])
    def test_valid_host_names(self, uow: UnitOfWork, rules: Behaviour, host: str) -> None:
        assert create_one(uow, rules, request(classic_group(uow), host_name=host)).host_name == host

    @pytest.mark.parametrize("text", ["x", "d" * 257, "https://x.y"])
    def test_invalid_descriptions(self, uow: UnitOfWork, rules: Behaviour, text: str) -> None:
        with pytest.raises(errors.InstanceDescriptionMalformed):
            create_one(uow, rules, request(classic_group(uow), description=text))


class TestLifecycle:
    def test_create_instance_ends_stopped(self, uow: UnitOfWork) -> None:
        instance = create_one(uow, SLOW, request(classic_group(uow)))
        assert [status(uow, instance, NOW + t) for t in (0, 4.9, 5)] == ["Pending", "Pending", "Stopped"]

    def test_run_instances_ends_running(self, uow: UnitOfWork) -> None:
        instance = create_one(uow, SLOW, request(classic_group(uow)), run=True)
        assert [status(uow, instance, NOW + t) for t in (0, 5, 9.9, 10)] == ["Pending", "Starting", "Starting",
                                                                              "Running"]  # fmt: skip
        assert instance.started_at == NOW + 10

    def test_with_no_delay_the_final_state_holds_at_once(self, uow: UnitOfWork, rules: Behaviour) -> None:
        group = classic_group(uow)
        assert status(uow, create_one(uow, rules, request(group)), NOW) == "Stopped"
        assert status(uow, create_one(uow, rules, request(group), run=True), NOW) == "Running"

    def test_start_stop_reboot(self, uow: UnitOfWork) -> None:
        instance = create_one(uow, SLOW, request(classic_group(uow)))
        with pytest.raises(errors.IncorrectInstanceStatus):
            instances.start(uow, Scope(ACCOUNT, REGION, NOW + 1, SLOW), instance.id)  # still Pending
        instances.start(uow, Scope(ACCOUNT, REGION, NOW + 5, SLOW), instance.id)
        assert [status(uow, instance, NOW + t) for t in (5, 10)] == ["Starting", "Running"]
        with pytest.raises(errors.IncorrectInstanceStatus):
            instances.stop(uow, Scope(ACCOUNT, REGION, NOW + 6, SLOW), instance.id)  # Starting
        instances.reboot(uow, Scope(ACCOUNT, REGION, NOW + 10, SLOW), instance.id)
        assert [status(uow, instance, NOW + t) for t in (10, 15, 20)] == ["Stopping", "Starting", "Running"]
        instances.stop(uow, Scope(ACCOUNT, REGION, NOW + 20, SLOW), instance.id)
        assert [status(uow, instance, NOW + t) for t in (20, 25)] == ["Stopping", "Stopped"]
        with pytest.raises(errors.IncorrectInstanceStatus):
            instances.reboot(uow, Scope(ACCOUNT, REGION, NOW + 25, SLOW), instance.id)
        with pytest.raises(errors.IncorrectInstanceStatus):
            instances.stop(uow, Scope(ACCOUNT, REGION, NOW + 25, SLOW), instance.id)

    def test_start_requires_stopped(self, uow: UnitOfWork, rules: Behaviour) -> None:
        instance = create_one(uow, rules, request(classic_group(uow)), run=True)
        with pytest.raises(errors.IncorrectInstanceStatus) as raised:
            instances.start(uow, Scope(ACCOUNT, REGION, NOW, rules), instance.id)
        assert (raised.value.code, raised.value.status) == ("IncorrectInstanceStatus", 403)

    def test_stop_charging_is_for_vpc_instances_only(self, uow: UnitOfWork, rules: Behaviour) -> None:
        classic = create_one(uow, rules, request(classic_group(uow)), run=True)
        with pytest.raises(errors.ClassicStopChargingNotSupported):
            instances.stop(uow, Scope(ACCOUNT, REGION, NOW, rules), classic.id, stopped_mode="StopCharging")
        assert status(uow, classic, NOW) == "Running"
        instances.stop(uow, Scope(ACCOUNT, REGION, NOW, rules), classic.id, stopped_mode="KeepCharging")
        vswitch, group = vpc_setup(uow, rules)
        in_vpc = create_one(uow, rules, request(group, vswitch_id=vswitch.id), run=True)
        instances.stop(uow, Scope(ACCOUNT, REGION, NOW, rules), in_vpc.id, stopped_mode="StopCharging")
        assert status(uow, in_vpc, NOW) == "Stopped"

    def test_stop_start_keep_the_classiclink_link(self, uow: UnitOfWork, rules: Behaviour) -> None:
        instance = create_one(uow, rules, request(classic_group(uow)), run=True)
        vpc = make_vpc(uow, rules)
        classiclink.enable(uow, Scope(ACCOUNT, REGION, NOW, rules), vpc.id)
        classiclink.attach(uow, Scope(ACCOUNT, REGION, NOW, rules), instance.id, vpc.id)
        instances.stop(uow, Scope(ACCOUNT, REGION, NOW, rules), instance.id)
        instances.start(uow, Scope(ACCOUNT, REGION, NOW, rules), instance.id)
        instances.reboot(uow, Scope(ACCOUNT, REGION, NOW, rules), instance.id)
        link = uow.links.get(instance.id, account_id=ACCOUNT)
        assert link is not None and link.vpc_id == vpc.id


class TestGetAndDelete:
    def test_region_given_must_hold_the_instance(self, uow: UnitOfWork, rules: Behaviour) -> None:
        instance = create_one(uow, rules, request(classic_group(uow)))
        assert instances.get(uow, Scope(ACCOUNT, "", NOW), instance.id).id == instance.id
        assert instances.get(uow, Scope(ACCOUNT, REGION, NOW), instance.id).id == instance.id
        with pytest.raises(errors.InstanceNotFound):
            instances.get(uow, Scope(ACCOUNT, "cn-beijing", NOW), instance.id)
        with pytest.raises(errors.InstanceNotFound):
            instances.get(uow, Scope(OTHER_ACCOUNT, "", NOW), instance.id)
        with pytest.raises(errors.InstanceNotFound) as raised:
            instances.start(uow, Scope(ACCOUNT, REGION, NOW, rules), "i-missing")
        assert (raised.value.code, raised.value.status) == ("InvalidInstanceId.NotFound", 404)

    def test_delete_a_stopped_instance(self, uow: UnitOfWork, rules: Behaviour) -> None:
        instance = create_one(uow, rules, request(classic_group(uow)))
        instances.delete(uow, Scope(ACCOUNT, REGION, NOW), instance.id)
        assert uow.instances.get(instance.id, account_id=ACCOUNT) is None

    def test_a_running_instance_needs_force(self, uow: UnitOfWork, rules: Behaviour) -> None:
        instance = create_one(uow, rules, request(classic_group(uow)), run=True)
        with pytest.raises(errors.IncorrectInstanceStatus):
            instances.delete(uow, Scope(ACCOUNT, REGION, NOW), instance.id)
        assert uow.instances.get(instance.id, account_id=ACCOUNT) is not None
        instances.delete(uow, Scope(ACCOUNT, REGION, NOW), instance.id, force=True)
        assert uow.instances.get(instance.id, account_id=ACCOUNT) is None

    def test_an_instance_being_created_cannot_be_released(self, uow: UnitOfWork) -> None:
        instance = create_one(uow, SLOW, request(classic_group(uow)))
        with pytest.raises(errors.InstanceInitializing) as raised:
            instances.delete(uow, Scope(ACCOUNT, REGION, NOW), instance.id, force=True)
        assert (raised.value.code, raised.value.status) == ("IncorrectInstanceStatus.Initializing", 403)

    def test_subscription_instances_need_terminate_subscription(self, uow: UnitOfWork, rules: Behaviour) -> None:
        instance = create_one(uow, rules, request(classic_group(uow), instance_charge_type="PrePaid", period=1))
        with pytest.raises(errors.ChargeTypeViolation):
            instances.delete(uow, Scope(ACCOUNT, REGION, NOW), instance.id)
        instances.delete(uow, Scope(ACCOUNT, REGION, NOW), instance.id, terminate_subscription=True)

    def test_deleting_a_linked_instance_removes_its_link(self, uow: UnitOfWork, rules: Behaviour) -> None:
        instance = create_one(uow, rules, request(classic_group(uow)))
        vpc = make_vpc(uow, rules)
        classiclink.enable(uow, Scope(ACCOUNT, REGION, NOW, rules), vpc.id)
        classiclink.attach(uow, Scope(ACCOUNT, REGION, NOW, rules), instance.id, vpc.id)
        instances.delete(uow, Scope(ACCOUNT, REGION, NOW), instance.id)
        assert uow.links.find(account_id=ACCOUNT) == []
        classiclink.disable(uow, Scope(ACCOUNT, REGION, NOW, rules), vpc.id)  # no link left to block it

    def test_a_deleted_member_frees_its_security_group(self, uow: UnitOfWork, rules: Behaviour) -> None:
        group = classic_group(uow)
        instance = create_one(uow, rules, request(group))
        with pytest.raises(errors.SecurityGroupInUse):
            security_groups.delete(uow, Scope(ACCOUNT, REGION, NOW), group.id)
        instances.delete(uow, Scope(ACCOUNT, REGION, NOW), instance.id)
        security_groups.delete(uow, Scope(ACCOUNT, REGION, NOW), group.id)


class TestFind:
    def test_filters(self, uow: UnitOfWork, rules: Behaviour) -> None:
        group = classic_group(uow)
        classic = create_one(uow, rules, request(group, name="web-1"), run=True)
        stopped = create_one(uow, rules, request(group, name="db-1", zone_id="cn-hangzhou-g"))
        vswitch, vpc_group = vpc_setup(uow, rules)
        in_vpc = create_one(uow, rules, request(vpc_group, vswitch_id=vswitch.id, name="web-2"), run=True)
        create_one(uow, rules, request(classic_group(uow, "cn-beijing")), "cn-beijing")

        def ids(**kw: object) -> set[str]:
            # All were created at the same moment, so the store's order among them is by id.
            return {i.id for i in listed(uow, ACCOUNT, InstanceFilter(**kw))}  # type: ignore[arg-type]

        assert ids() == {classic.id, stopped.id, in_vpc.id}
        assert ids(network_type="classic") == {classic.id, stopped.id}
        assert ids(network_type="vpc") == {in_vpc.id}
        assert ids(vpc_id=vswitch.vpc_id) == {in_vpc.id}
        assert ids(vswitch_id=vswitch.id) == {in_vpc.id}
        assert ids(zone_id="cn-hangzhou-g") == {stopped.id}
        assert ids(security_group_id=group.id) == {classic.id, stopped.id}
        assert ids(instance_ids=[stopped.id, "i-missing"]) == {stopped.id}
        assert ids(instance_ids=[]) == set()
        assert ids(name="web*") == {classic.id, in_vpc.id}
        assert ids(name="*-1") == {classic.id, stopped.id}
        assert ids(name="web") == set()
        assert ids(name="w.b*") == set()  # only * is a wildcard
        assert ids(status="Stopped") == {stopped.id}
        assert ids(status="Running") == {classic.id, in_vpc.id}
        assert ids(inner_ips=[classic.inner_ip]) == {classic.id}
        assert ids(private_ips=[in_vpc.private_ip]) == {in_vpc.id}
        assert ids(public_ips=["1.2.3.4"]) == set()
        assert ids(instance_type_family="ecs.g6") == {classic.id, stopped.id, in_vpc.id}

    def test_a_linked_classic_instance_is_not_in_its_vpc(self, uow: UnitOfWork, rules: Behaviour) -> None:
        # Open question 10: links show only through DescribeClassicLinkInstances.
        instance = create_one(uow, rules, request(classic_group(uow)))
        vpc = make_vpc(uow, rules)
        classiclink.enable(uow, Scope(ACCOUNT, REGION, NOW, rules), vpc.id)
        classiclink.attach(uow, Scope(ACCOUNT, REGION, NOW, rules), instance.id, vpc.id)
        assert listed(uow, ACCOUNT, InstanceFilter(vpc_id=vpc.id)) == []
        stored = uow.instances.get(instance.id, account_id=ACCOUNT)
        assert stored is not None and stored.vpc_id == ""

    def test_other_accounts_are_never_seen(self, uow: UnitOfWork, rules: Behaviour) -> None:
        create_one(uow, rules, request(classic_group(uow)))
        assert listed(uow, OTHER_ACCOUNT, InstanceFilter()) == []
