"""The instance attribute rules (domain/instance_attributes.py, domain/resource_groups.py); each case cites the
action's reference."""

from __future__ import annotations

import pytest

from classiclink import errors
from classiclink.domain import classiclink, instances, resource_groups, security_groups, vpcs
from classiclink.domain import instance_attributes as attrs
from classiclink.domain.model import Instance
from classiclink.domain.ports import UnitOfWork
from classiclink.domain.scope import Scope
from classiclink.settings import Behaviour

from ..conftest import ACCOUNT, NOW, OTHER_ACCOUNT, REGION
from .test_instances import classic_group, create_one, request, vpc_setup


def scope(rules: Behaviour, account: str = ACCOUNT) -> Scope:
    return Scope(account, REGION, NOW, rules)


def stopped_classic(uow: UnitOfWork, rules: Behaviour, **kw: object) -> Instance:
    return create_one(uow, rules, request(classic_group(uow), **kw))


def running_classic(uow: UnitOfWork, rules: Behaviour, **kw: object) -> Instance:
    return create_one(uow, rules, request(classic_group(uow), **kw), run=True)


def stopped_vpc(uow: UnitOfWork, rules: Behaviour) -> Instance:
    vswitch, group = vpc_setup(uow, rules)
    return create_one(uow, rules, request(group, vswitch_id=vswitch.id))


class TestModifyAttribute:
    def test_user_data_needs_a_stopped_instance(self, uow: UnitOfWork, rules: Behaviour) -> None:
        # "Modify user data: the instance must be in the Stopped state."
        instance = running_classic(uow, rules)
        with pytest.raises(errors.IncorrectInstanceStatus):
            attrs.modify_attribute(uow, scope(rules), instance.id, attrs.AttributeChange(user_data="ZWNobw=="))

    def test_security_groups_replace_the_set_of_a_vpc_instance(self, uow: UnitOfWork, rules: Behaviour) -> None:
        instance = stopped_vpc(uow, rules)
        other = security_groups.create(uow, scope(rules), vpc_id=instance.vpc_id)
        attrs.modify_attribute(uow, scope(rules), instance.id, attrs.AttributeChange(security_group_ids=[other.id]))
        assert instances.get(uow, scope(rules), instance.id).security_group_ids == [other.id]

    def test_security_groups_not_for_classic_instances(self, uow: UnitOfWork, rules: Behaviour) -> None:
        # "SecurityGroupIds.N: not supported for instances in the classic network."
        instance = stopped_classic(uow, rules)
        with pytest.raises(errors.ClassicInstanceNotSupported):
            change = attrs.AttributeChange(security_group_ids=[classic_group(uow).id])
            attrs.modify_attribute(uow, scope(rules), instance.id, change)

    def test_password_not_while_starting(self, uow: UnitOfWork) -> None:
        # "Reset the password: the instance cannot be in the Starting state."
        slow = Behaviour(transition_delay=5)
        instance = running_classic(uow, slow)
        with pytest.raises(errors.IncorrectInstanceStatus):
            attrs.modify_attribute(uow, Scope(ACCOUNT, REGION, NOW + 6, slow), instance.id,
                                   attrs.AttributeChange(password="EcsV587!"))  # fmt: skip

    def test_queue_number_needs_stopped_and_the_type_limit(self, uow: UnitOfWork, rules: Behaviour) -> None:
        instance = stopped_classic(uow, rules)  # ecs.g6.large: 2 vCPUs
        with pytest.raises(errors.InvalidParameter):
            attrs.modify_attribute(uow, scope(rules), instance.id, attrs.AttributeChange(network_interface_queue_number=3))
        attrs.modify_attribute(uow, scope(rules), instance.id, attrs.AttributeChange(network_interface_queue_number=2))


class TestVpcAttribute:
    def test_classic_and_linked_classic_instances_are_refused(self, uow: UnitOfWork, rules: Behaviour) -> None:
        vpc_instance = stopped_vpc(uow, rules)
        instance = running_classic(uow, rules)
        vpc = vpcs.get(uow, scope(rules), vpc_instance.vpc_id)
        classiclink.enable(uow, scope(rules), vpc.id)
        classiclink.attach(uow, scope(rules), instance.id, vpc.id)
        # ClassicLink: a classic instance is not a VPC instance, linked or not (OperationDenied).
        with pytest.raises(errors.InstanceVpcOnly):
            attrs.modify_vpc_attribute(uow, scope(rules), instance.id, vswitch_id=vpc_instance.vswitch_id,
                                       private_ip="", vpc_id="", security_group_ids=())  # fmt: skip

    def test_must_be_stopped(self, uow: UnitOfWork, rules: Behaviour) -> None:
        instance = stopped_vpc(uow, rules)
        instances.start(uow, scope(rules), instance.id)
        with pytest.raises(errors.VpcInstanceStatusIncorrect):
            attrs.modify_vpc_attribute(uow, scope(rules), instance.id, vswitch_id=instance.vswitch_id,
                                       private_ip="", vpc_id="", security_group_ids=())  # fmt: skip


class TestNetworkAndPublicIp:
    def test_one_public_ip_and_bandwidth_needed(self, uow: UnitOfWork, rules: Behaviour) -> None:
        instance = stopped_classic(uow, rules)
        with pytest.raises(errors.PublicIpNoBandwidth):
            attrs.allocate_public_ip(uow, scope(rules), instance.id)
        attrs.modify_network_spec(uow, scope(rules), instance.id, bandwidth_out=5, bandwidth_in=None, charge_type=None,
                                  allocate_public_ip=False)  # fmt: skip
        assert instances.get(uow, scope(rules), instance.id).public_ip == ""  # PostPaid: only when asked
        attrs.allocate_public_ip(uow, scope(rules), instance.id)
        with pytest.raises(errors.PublicIpAllocatedAlready):
            attrs.allocate_public_ip(uow, scope(rules), instance.id)

    def test_prepaid_rising_from_zero_allocates(self, uow: UnitOfWork, rules: Behaviour) -> None:
        # "PrePaid: from 0 Mbit/s to a non-zero value, a public IP address is allocated automatically."
        instance = stopped_classic(uow, rules, instance_charge_type="PrePaid", period=1)
        attrs.modify_network_spec(uow, scope(rules), instance.id, bandwidth_out=5, bandwidth_in=None, charge_type=None,
                                  allocate_public_ip=False)  # fmt: skip
        assert instances.get(uow, scope(rules), instance.id).public_ip

    def test_classic_rising_from_zero_must_be_stopped(self, uow: UnitOfWork, rules: Behaviour) -> None:
        instance = running_classic(uow, rules)
        with pytest.raises(errors.IncorrectInstanceStatus):
            attrs.modify_network_spec(uow, scope(rules), instance.id, bandwidth_out=5, bandwidth_in=None,
                                      charge_type=None, allocate_public_ip=False)  # fmt: skip


class TestChargeAndSpec:
    def test_charge_type_round_trip_moves_expiry(self, uow: UnitOfWork, rules: Behaviour) -> None:
        instance = running_classic(uow, rules)
        attrs.modify_charge_type(uow, scope(rules), [instance.id], charge_type="PrePaid", period=1, period_unit="Month",
                                 include_data_disks=True)  # fmt: skip
        assert instances.get(uow, scope(rules), instance.id).expires_at > NOW
        with pytest.raises(errors.ChargeTypeUnchanged):
            attrs.modify_charge_type(uow, scope(rules), [instance.id], charge_type="PrePaid", period=1,
                                     period_unit="Month", include_data_disks=False)  # fmt: skip
        attrs.modify_charge_type(uow, scope(rules), [instance.id], charge_type="PostPaid", period=None,
                                 period_unit="Month", include_data_disks=False)  # fmt: skip
        assert instances.get(uow, scope(rules), instance.id).expires_at == 0.0

    def test_spec_follows_the_type_and_needs_stopped(self, uow: UnitOfWork, rules: Behaviour) -> None:
        instance = stopped_classic(uow, rules)
        attrs.modify_spec(uow, scope(rules), instance.id, instance_type="ecs.g6.xlarge", bandwidth_out=None,
                          bandwidth_in=None)  # fmt: skip
        changed = instances.get(uow, scope(rules), instance.id)
        assert (changed.cpu, changed.memory) == (4, 16384)
        running = running_classic(uow, rules)
        with pytest.raises(errors.IncorrectInstanceStatus):
            attrs.modify_spec(uow, scope(rules), running.id, instance_type="ecs.g6.xlarge", bandwidth_out=None,
                              bandwidth_in=None)  # fmt: skip

    def test_prepay_spec_operator_type(self, uow: UnitOfWork, rules: Behaviour) -> None:
        instance = stopped_classic(uow, rules, instance_charge_type="PrePaid", period=1)
        with pytest.raises(errors.InstanceTypeUnchanged):
            attrs.modify_prepay_spec(uow, scope(rules), instance.id, instance_type="ecs.n1.tiny", operator_type="upgrade")
        attrs.modify_prepay_spec(uow, scope(rules), instance.id, instance_type="ecs.n1.tiny", operator_type="downgrade")

    def test_auto_release_is_for_postpaid_and_clears(self, uow: UnitOfWork, rules: Behaviour) -> None:
        instance = stopped_classic(uow, rules)
        attrs.modify_auto_release_time(uow, scope(rules), instance.id, "2027-06-01T00:00:00Z")
        attrs.modify_auto_release_time(uow, scope(rules), instance.id, "")
        assert instances.get(uow, scope(rules), instance.id).auto_release_at == 0.0
        prepaid = stopped_classic(uow, rules, instance_charge_type="PrePaid", period=1)
        with pytest.raises(errors.ChargeTypeViolation):
            attrs.modify_auto_release_time(uow, scope(rules), prepaid.id, "2027-06-01T00:00:00Z")

    def test_auto_renew_durations(self, uow: UnitOfWork, rules: Behaviour) -> None:
        prepaid = stopped_classic(uow, rules, instance_charge_type="PrePaid", period=1)
        with pytest.raises(errors.AutoRenewDurationInvalid):
            attrs.modify_auto_renew(uow, scope(rules), [prepaid.id], auto_renew=True, duration=4, period_unit="Week",
                                    renewal_status=None)  # fmt: skip
        [renewed] = attrs.modify_auto_renew(uow, scope(rules), [prepaid.id], auto_renew=True, duration=2,
                                            period_unit="Week", renewal_status=None)  # fmt: skip
        assert (renewed.renewal_status, renewed.renewal_duration, renewed.renewal_period_unit) == ("AutoRenewal", 2, "Week")


class TestSettings:
    @pytest.mark.parametrize(("start", "end"), [("02:30:00Z", "03:00:00Z"), ("02:00:00Z", "02:00:00Z"),
                                                ("25:00:00Z", "03:00:00Z")])  # fmt: skip
    def test_maintenance_windows_on_the_hour_1_to_23_hours(self, uow: UnitOfWork, rules: Behaviour, start: str,
                                                          end: str) -> None:  # fmt: skip
        instance = stopped_classic(uow, rules)
        with pytest.raises(errors.MaintenanceWindowInvalid):
            attrs.modify_maintenance(uow, scope(rules), [instance.id], windows=[{"StartTime": start, "EndTime": end}],
                                     action=None, notify=None)  # fmt: skip

    def test_private_pool_target_needs_a_pool(self, uow: UnitOfWork, rules: Behaviour) -> None:
        instance = stopped_classic(uow, rules)
        with pytest.raises(errors.MissingParameter):
            attrs.modify_attachment(uow, scope(rules), instance.id, match_criteria="Target", pool_id="")
        with pytest.raises(errors.PrivatePoolNotFound):
            attrs.modify_attachment(uow, scope(rules), instance.id, match_criteria="Target", pool_id="eap-1")

    def test_deployment_sets_and_hosts_do_not_exist(self, uow: UnitOfWork, rules: Behaviour) -> None:
        instance = stopped_classic(uow, rules)
        with pytest.raises(errors.DeploymentSetNotFound):
            attrs.modify_deployment(uow, scope(rules), instance.id, deployment_set_id="ds-1", dedicated_host_id="",
                                    remove_from_deployment_set=False)  # fmt: skip
        with pytest.raises(errors.DedicatedHostNotFound):
            attrs.modify_deployment(uow, scope(rules), instance.id, deployment_set_id="", dedicated_host_id="dh-1",
                                    remove_from_deployment_set=False)  # fmt: skip


class TestResourceGroups:
    def test_only_the_default_group_exists(self, uow: UnitOfWork, rules: Behaviour) -> None:
        instance = stopped_classic(uow, rules)
        default = resource_groups.default_group(ACCOUNT)
        attrs.join_resource_group(uow, scope(rules), resource_type="instance", resource_id=instance.id, group_id=default)
        with pytest.raises(errors.ResourceGroupNotFound):
            attrs.join_resource_group(uow, scope(rules), resource_type="instance", resource_id=instance.id,
                                      group_id=resource_groups.default_group(OTHER_ACCOUNT))  # fmt: skip

    def test_another_accounts_instance_is_unknown(self, uow: UnitOfWork, rules: Behaviour) -> None:
        instance = stopped_classic(uow, rules)
        with pytest.raises(errors.InstanceNotFound):
            attrs.join_resource_group(uow, scope(rules, OTHER_ACCOUNT), resource_type="instance",
                                      resource_id=instance.id, group_id=resource_groups.default_group(OTHER_ACCOUNT))  # fmt: skip
