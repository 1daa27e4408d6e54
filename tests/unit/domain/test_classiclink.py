"""The ClassicLink rules L1–L8 (api-spec §1, §2, §3.1–3.2, §4.1–4.3), without HTTP or SQL."""

from __future__ import annotations

from dataclasses import replace

import pytest

from classiclink import errors
from classiclink.domain import classiclink, vpcs
from classiclink.domain.model import Instance, Lifecycle, Link, RouteEntry, Vpc
from classiclink.domain.ports import UnitOfWork
from classiclink.domain.scope import Scope
from classiclink.reads import links
from classiclink.reads.paging import Paging
from classiclink.settings import Behaviour

from ..conftest import ACCOUNT, NOW, OTHER_ACCOUNT, REGION

ALL = Paging(page_size=1000)


def make_vpc(uow: UnitOfWork, rules: Behaviour, *, enabled: bool = False, region: str = REGION,
             account: str = ACCOUNT) -> Vpc:  # fmt: skip
    vpc = vpcs.create(uow, Scope(account, region, NOW, rules), cidr_block="172.16.0.0/16")
    if enabled:
        classiclink.enable(uow, Scope(account, region, NOW, rules), vpc.id)
    return uow.vpcs.get(vpc.id, account_id=account)  # type: ignore[return-value]


def make_instance(uow: UnitOfWork, *, status: str = "Running", network: str = "classic", region: str = REGION,
                  account: str = ACCOUNT, number: int = 0) -> Instance:  # fmt: skip
    instance = Instance(
        id=f"i-test{number:06d}{region[-4:]}", account_id=account, region_id=region, created_at=NOW,
        zone_id=f"{region}-b", name="", description="", host_name="", instance_type="ecs.t1.small",
        image_id="img", network_type=network, security_group_ids=["sg-1"], lifecycle=Lifecycle(status),
        inner_ip="10.1.2.3" if network == "classic" else "",
    )  # fmt: skip
    uow.instances.add(instance)
    return instance


def attach(uow: UnitOfWork, rules: Behaviour, instance: Instance, vpc: Vpc, **kw: str) -> None:
    classiclink.attach(uow, Scope(ACCOUNT, REGION, NOW, rules), instance.id, vpc.id, **kw)


class TestEnable:
    def test_enable_sets_the_flag(self, uow: UnitOfWork, rules: Behaviour) -> None:
        vpc = make_vpc(uow, rules, enabled=True)
        assert vpc.classic_link_enabled

    def test_unknown_vpc(self, uow: UnitOfWork, rules: Behaviour) -> None:
        with pytest.raises(errors.VpcNotFound):
            classiclink.enable(uow, Scope(ACCOUNT, REGION, NOW, rules), "vpc-missing")

    def test_pending_vpc_is_refused(self, uow: UnitOfWork) -> None:
        slow = Behaviour(transition_delay=5)
        vpc = vpcs.create(uow, Scope(ACCOUNT, REGION, NOW, slow), cidr_block=None)
        with pytest.raises(errors.IncorrectVpcStatus):
            classiclink.enable(uow, Scope(ACCOUNT, REGION, NOW + 1, slow), vpc.id)
        classiclink.enable(uow, Scope(ACCOUNT, REGION, NOW + 5, slow), vpc.id)  # Available once the delay has passed

    def test_enabling_twice_is_the_2019_error_or_a_noop(self, uow: UnitOfWork, rules: Behaviour) -> None:
        vpc = make_vpc(uow, rules, enabled=True)
        with pytest.raises(errors.ClassicLinkAlreadyEnabled) as raised:
            classiclink.enable(uow, Scope(ACCOUNT, REGION, NOW, rules), vpc.id)
        assert (raised.value.code, raised.value.status) == ("IncorrectClassicLinkStatus", 404)
        classiclink.enable(uow, Scope(ACCOUNT, REGION, NOW, replace(rules, enable_when_enabled="noop")), vpc.id)

    @pytest.mark.parametrize(("destination", "rule", "blocked"), [
        ("10.0.0.0/8", "exact", True),
        ("10.1.0.0/16", "exact", False),
        ("10.1.0.0/16", "within", True),
        ("192.168.0.0/16", "within", False),
    ])  # fmt: skip
    def test_custom_route_to_the_classic_range_blocks_enabling_L7(
        self, uow: UnitOfWork, rules: Behaviour, destination: str, rule: str, blocked: bool
    ) -> None:
        vpc = make_vpc(uow, rules)
        uow.route_entries.add(RouteEntry("rte-1", ACCOUNT, REGION, NOW, route_table_id=vpc.route_table_id,
                                         vpc_id=vpc.id, destination_cidr_block=destination, entry_type="Custom"))  # fmt: skip
        behaviour = replace(rules, route_conflict=rule)  # type: ignore[arg-type]
        if blocked:
            with pytest.raises(errors.ClassicLinkRouteConflict):
                classiclink.enable(uow, Scope(ACCOUNT, REGION, NOW, behaviour), vpc.id)
            assert not uow.vpcs.get(vpc.id, account_id=ACCOUNT).classic_link_enabled  # type: ignore[union-attr]
        else:
            classiclink.enable(uow, Scope(ACCOUNT, REGION, NOW, behaviour), vpc.id)

    def test_system_route_never_blocks(self, uow: UnitOfWork, rules: Behaviour) -> None:
        vpc = make_vpc(uow, rules)
        uow.route_entries.add(RouteEntry("rte-1", ACCOUNT, REGION, NOW, route_table_id=vpc.route_table_id,
                                         vpc_id=vpc.id, destination_cidr_block="10.0.0.0/8", entry_type="System"))  # fmt: skip
        classiclink.enable(uow, Scope(ACCOUNT, REGION, NOW, rules), vpc.id)


class TestDisable:
    def test_disable_clears_the_flag(self, uow: UnitOfWork, rules: Behaviour) -> None:
        vpc = make_vpc(uow, rules, enabled=True)
        classiclink.disable(uow, Scope(ACCOUNT, REGION, NOW, rules), vpc.id)
        assert not uow.vpcs.get(vpc.id, account_id=ACCOUNT).classic_link_enabled  # type: ignore[union-attr]

    def test_links_block_disabling_L8(self, uow: UnitOfWork, rules: Behaviour) -> None:
        vpc = make_vpc(uow, rules, enabled=True)
        attach(uow, rules, make_instance(uow), vpc)
        with pytest.raises(errors.ClassicLinkInstancesExist) as raised:
            classiclink.disable(uow, Scope(ACCOUNT, REGION, NOW, rules), vpc.id)
        assert (raised.value.code, raised.value.status, raised.value.text) == (
            "DependencyViolation.Instance", 404, "ClassicLink Instances exist in VPC.")  # fmt: skip
        with pytest.raises(errors.ClassicLinkConnectedAction) as raised_2024:
            classiclink.disable(uow, Scope(ACCOUNT, REGION, NOW, replace(rules, disable_with_links="2024")), vpc.id)
        assert (raised_2024.value.code, raised_2024.value.status) == ("InvalidAction", 400)

    def test_disable_when_already_disabled_succeeds(self, uow: UnitOfWork, rules: Behaviour) -> None:
        vpc = make_vpc(uow, rules)
        classiclink.disable(uow, Scope(ACCOUNT, REGION, NOW, rules), vpc.id)

    def test_unknown_or_other_region_vpc(self, uow: UnitOfWork, rules: Behaviour) -> None:
        vpc = make_vpc(uow, rules, region="cn-beijing")
        for vpc_id in ("vpc-missing", vpc.id):
            with pytest.raises(errors.VpcNotFound):
                classiclink.disable(uow, Scope(ACCOUNT, REGION, NOW, rules), vpc_id)


class TestAttach:
    def test_attach_creates_one_link(self, uow: UnitOfWork, rules: Behaviour) -> None:
        vpc, instance = make_vpc(uow, rules, enabled=True), make_instance(uow)
        attach(uow, rules, instance, vpc)
        assert [(link.instance_id, link.vpc_id) for link in uow.links.find(account_id=ACCOUNT)] == [
            (instance.id, vpc.id)]  # fmt: skip

    @pytest.mark.parametrize("status", ["Running", "Stopped"])
    def test_running_or_stopped_instances_attach_L4(self, uow: UnitOfWork, rules: Behaviour, status: str) -> None:
        attach(uow, rules, make_instance(uow, status=status), make_vpc(uow, rules, enabled=True))

    @pytest.mark.parametrize(("status", "error"), [
        ("Starting", errors.ClassicLinkStatusNotSupported),
        ("Stopping", errors.ClassicLinkStatusNotSupported),
        # still being created: busy with another task (E-ATT-19 InvalidStatus.InstanceLocked)
        ("Pending", errors.InstanceLocked),
    ])  # fmt: skip
    def test_other_statuses_are_refused_L4(
        self, uow: UnitOfWork, rules: Behaviour, status: str, error: type[errors.ApiError]
    ) -> None:
        with pytest.raises(error) as raised:
            attach(uow, rules, make_instance(uow, status=status), make_vpc(uow, rules, enabled=True))
        assert raised.value.code == ("InvalidStatus.InstanceLocked" if status == "Pending" else "InvalidStatus.InstanceStatus")

    def test_vpc_instances_are_refused_L3(self, uow: UnitOfWork, rules: Behaviour) -> None:
        with pytest.raises(errors.NotClassicInstance):
            attach(uow, rules, make_instance(uow, network="vpc"), make_vpc(uow, rules, enabled=True))

    def test_vpc_must_be_enabled_L5(self, uow: UnitOfWork, rules: Behaviour) -> None:
        with pytest.raises(errors.VpcClassicLinkDisabled):
            attach(uow, rules, make_instance(uow), make_vpc(uow, rules))

    def test_one_vpc_per_instance_L1(self, uow: UnitOfWork, rules: Behaviour) -> None:
        instance = make_instance(uow)
        first, second = make_vpc(uow, rules, enabled=True), make_vpc(uow, rules, enabled=True)
        attach(uow, rules, instance, first)
        with pytest.raises(errors.InstanceAlreadyLinked):
            attach(uow, rules, instance, second)
        attach(uow, rules, instance, first)  # the same VPC again is idempotent
        assert uow.links.count(account_id=ACCOUNT) == 1

    def test_quota_of_links_per_vpc_L2(self, uow: UnitOfWork, rules: Behaviour) -> None:
        small = replace(rules, links_per_vpc=2)
        vpc = make_vpc(uow, small, enabled=True)
        for n in range(2):
            attach(uow, small, make_instance(uow, number=n), vpc)
        with pytest.raises(errors.LinkQuotaExceeded):
            attach(uow, small, make_instance(uow, number=99), vpc)

    def test_default_quota_is_1000(self) -> None:
        assert Behaviour().links_per_vpc == 1000

    def test_other_account_and_other_region_L6(self, uow: UnitOfWork, rules: Behaviour) -> None:
        vpc = make_vpc(uow, rules, enabled=True)
        foreign = make_instance(uow, account=OTHER_ACCOUNT, number=1)
        with pytest.raises(errors.ClassicLinkInstanceNotFound):
            attach(uow, rules, foreign, vpc)
        elsewhere = make_instance(uow, region="cn-beijing", number=2)
        with pytest.raises(errors.ClassicLinkInstanceMissing):
            attach(uow, rules, elsewhere, vpc)
        foreign_vpc = make_vpc(uow, rules, enabled=True, account=OTHER_ACCOUNT)
        with pytest.raises(errors.ClassicLinkVpcMalformed):
            attach(uow, rules, make_instance(uow, number=3), foreign_vpc)

    def test_owner_of_another_account_is_not_belong(self, uow: UnitOfWork, rules: Behaviour) -> None:
        with pytest.raises(errors.InstanceNotBelong):
            attach(uow, rules, make_instance(uow), make_vpc(uow, rules, enabled=True), owner_id=OTHER_ACCOUNT)

    def test_region_without_classic_network(self, uow: UnitOfWork, rules: Behaviour) -> None:
        with pytest.raises(errors.ClassicLinkLimitedRegion):
            classiclink.attach(uow, Scope(ACCOUNT, "eu-central-1", NOW, rules), "i-x", "vpc-x")


class TestDetach:
    def test_detach_removes_the_link(self, uow: UnitOfWork, rules: Behaviour) -> None:
        vpc, instance = make_vpc(uow, rules, enabled=True), make_instance(uow)
        attach(uow, rules, instance, vpc)
        classiclink.detach(uow, Scope(ACCOUNT, REGION, NOW), instance.id, vpc.id)
        assert uow.links.count(account_id=ACCOUNT) == 0
        classiclink.disable(uow, Scope(ACCOUNT, REGION, NOW, rules), vpc.id)

    def test_not_linked_or_linked_elsewhere_is_operation_denied(self, uow: UnitOfWork, rules: Behaviour) -> None:
        instance = make_instance(uow)
        first, second = make_vpc(uow, rules, enabled=True), make_vpc(uow, rules, enabled=True)
        with pytest.raises(errors.DetachNotAllowed):
            classiclink.detach(uow, Scope(ACCOUNT, REGION, NOW), instance.id, first.id)
        attach(uow, rules, instance, first)
        with pytest.raises(errors.DetachNotAllowed):
            classiclink.detach(uow, Scope(ACCOUNT, REGION, NOW), instance.id, second.id)

    def test_detach_checks_status_and_type(self, uow: UnitOfWork, rules: Behaviour) -> None:
        vpc = make_vpc(uow, rules, enabled=True)
        with pytest.raises(errors.ClassicLinkStatusNotSupported):
            classiclink.detach(uow, Scope(ACCOUNT, REGION, NOW), make_instance(uow, status="Stopping").id, vpc.id)
        with pytest.raises(errors.NotClassicInstance):
            classiclink.detach(uow, Scope(ACCOUNT, REGION, NOW), make_instance(uow, network="vpc", number=1).id, vpc.id)
        with pytest.raises(errors.ClassicLinkVpcMalformed):
            classiclink.detach(uow, Scope(ACCOUNT, REGION, NOW), make_instance(uow, number=2).id, "vpc-missing")

    def test_deleted_instance_loses_its_link(self, uow: UnitOfWork, rules: Behaviour) -> None:
        vpc, instance = make_vpc(uow, rules, enabled=True), make_instance(uow)
        attach(uow, rules, instance, vpc)
        classiclink.forget_instance(uow, instance)
        assert uow.links.count(account_id=ACCOUNT, vpc_id=vpc.id) == 0


class TestDescribeLinks:
    def test_needs_vpc_or_instance(self, uow: UnitOfWork) -> None:
        with pytest.raises(errors.InstanceIdAndVpcIdEmpty):
            links.find(uow, Scope(ACCOUNT, REGION, NOW), vpc_id=None, instance_ids=[], owner_id=None, paging=ALL)

    def test_filters_are_anded(self, uow: UnitOfWork, rules: Behaviour) -> None:
        first, second = make_vpc(uow, rules, enabled=True), make_vpc(uow, rules, enabled=True)
        a, b, c = (make_instance(uow, number=n) for n in range(3))
        attach(uow, rules, a, first)
        attach(uow, rules, b, first)
        attach(uow, rules, c, second)
        assert {link.id for link in links.find(uow, Scope(ACCOUNT, REGION, NOW), vpc_id=first.id, instance_ids=[], owner_id=None, paging=ALL).items} == {a.id, b.id}
        assert [link.id for link in links.find(uow, Scope(ACCOUNT, REGION, NOW), vpc_id=first.id, instance_ids=[b.id, c.id], owner_id=None, paging=ALL).items] == [b.id]
        assert [link.id for link in links.find(uow, Scope(ACCOUNT, REGION, NOW), vpc_id=None, instance_ids=[c.id], owner_id=None, paging=ALL).items] == [c.id]

    def test_unknown_instance_is_not_found(self, uow: UnitOfWork) -> None:
        with pytest.raises(errors.ClassicLinkInstanceNotFound):
            links.find(uow, Scope(ACCOUNT, REGION, NOW), vpc_id=None, instance_ids=["i-missing"], owner_id=None, paging=ALL)

    def test_other_accounts_links_are_invisible(self, uow: UnitOfWork, rules: Behaviour) -> None:
        vpc = make_vpc(uow, rules, enabled=True, account=OTHER_ACCOUNT)
        uow.links.add(Link("i-foreign", OTHER_ACCOUNT, REGION, NOW, vpc_id=vpc.id))
        assert links.find(uow, Scope(ACCOUNT, REGION, NOW), vpc_id=vpc.id, instance_ids=[], owner_id=None, paging=ALL).items == []
