"""Security-group rules as plain domain rules (domain/rules.py; the current AuthorizeSecurityGroup,
RevokeSecurityGroup and JoinSecurityGroup reference pages)."""

from __future__ import annotations

import pytest

from classiclink import errors
from classiclink.domain import rules, security_groups
from classiclink.domain.model import Instance, Lifecycle, SecurityGroup
from classiclink.domain.ports import UnitOfWork
from classiclink.domain.rules import EGRESS, INGRESS, RuleSpec
from classiclink.domain.scope import Scope

from ..conftest import ACCOUNT, NOW, REGION

HERE = Scope(ACCOUNT, REGION, NOW)


def group(uow: UnitOfWork, **kw: str) -> SecurityGroup:
    return security_groups.create(uow, HERE, **kw)  # type: ignore[arg-type]


def ssh(**kw: str) -> RuleSpec:
    return RuleSpec(**{"ip_protocol": "tcp", "port_range": "22/22", "source_cidr_ip": "10.0.0.0/8", **kw})  # type: ignore[arg-type]


@pytest.mark.parametrize(("protocol", "ports", "error"), [
    ("tcp", "1/65535", None), ("udp", "53/53", None), ("gre", "-1/-1", None), ("all", "-1/-1", None),
    ("tcp", "-1/-1", errors.PortRangeMalformed),  # TCP/UDP: 1-65535
    ("tcp", "0/22", errors.PortRangeMalformed),
    ("gre", "1/2", errors.ProtocolPortMismatch),  # GRE, ICMP, ALL: -1/-1 only
    ("tcp", "22", errors.PortRangeFormat),
])  # fmt: skip
def test_port_ranges(uow: UnitOfWork, protocol: str, ports: str, error: type[errors.ApiError] | None) -> None:
    g = group(uow)
    spec = ssh(ip_protocol=protocol, port_range=ports)
    if error is None:
        assert rules.build(uow, HERE, g, INGRESS, spec).port_range == ports
    else:
        with pytest.raises(error):
            rules.build(uow, HERE, g, INGRESS, spec)


def test_cidr_wins_over_group_and_group_over_prefix_list(uow: UnitOfWork) -> None:
    # "If both SourceGroupId and SourceCidrIp are specified, SourceCidrIp prevails"; a prefix list is ignored
    # when any other source is given.
    g, peer = group(uow), group(uow)
    rule = rules.build(uow, HERE, g, INGRESS, ssh(source_group_id=peer.id, source_prefix_list_id="pl-x"))
    assert (rule.source_cidr_ip, rule.source_group_id, rule.source_prefix_list_id) == ("10.0.0.0/8", "", "")
    rule = rules.build(uow, HERE, g, INGRESS, ssh(source_cidr_ip="", source_group_id=peer.id, source_prefix_list_id="pl-x"))
    assert (rule.source_group_id, rule.nic_type) == (peer.id, "intranet")


def test_nic_type_defaults(uow: UnitOfWork) -> None:
    classic = group(uow)
    assert rules.build(uow, HERE, classic, INGRESS, ssh()).nic_type == "internet"
    assert rules.build(uow, HERE, classic, EGRESS, RuleSpec(ip_protocol="tcp", port_range="1/1",
                                                              dest_cidr_ip="1.1.1.1")).nic_type == "internet"


def test_authorize_is_idempotent_and_counts_the_quota(uow: UnitOfWork) -> None:
    g = group(uow)
    assert len(rules.authorize(uow, HERE, g, INGRESS, [ssh()])) == 1
    assert rules.authorize(uow, HERE, g, INGRESS, [ssh(ip_protocol="TCP")]) == []
    rules.authorize(uow, HERE, g, EGRESS, [RuleSpec(ip_protocol="tcp", port_range=f"{p}/{p}", dest_cidr_ip="1.1.1.1")
                                           for p in range(1, 200)])  # fmt: skip
    with pytest.raises(errors.RuleQuotaExceeded):
        rules.authorize(uow, HERE, g, INGRESS, [ssh(port_range="80/80")])


def test_revoke_matches_without_priority_or_nic_type_unless_given(uow: UnitOfWork) -> None:
    g = group(uow)
    rules.authorize(uow, HERE, g, INGRESS, [ssh(priority="5", nic_type="intranet")])
    assert rules.revoke(uow, HERE, g, INGRESS, specs=[ssh(priority="6")]) == 0
    assert rules.revoke(uow, HERE, g, INGRESS, specs=[ssh(nic_type="internet")]) == 0
    assert rules.revoke(uow, HERE, g, INGRESS, specs=[ssh()]) == 1


def test_deleting_a_group_removes_its_rules_and_is_refused_while_referenced(uow: UnitOfWork) -> None:
    g, peer = group(uow), group(uow)
    rules.authorize(uow, HERE, g, INGRESS, [ssh(source_cidr_ip="", source_group_id=peer.id)])
    with pytest.raises(errors.SecurityGroupReferenced):
        security_groups.delete(uow, HERE, peer.id)
    security_groups.delete(uow, HERE, g.id)
    assert uow.security_group_rules.count(account_id=ACCOUNT) == 0
    security_groups.delete(uow, HERE, peer.id)


@pytest.mark.parametrize("status", ["Pending", "Starting", "Stopping"])
def test_join_and_leave_need_running_or_stopped(uow: UnitOfWork, status: str) -> None:
    # "Before you add an instance to a security group, the instance must be in the Stopped or Running state."
    first, second = group(uow), group(uow)
    instance = Instance(
        id="i-member", account_id=ACCOUNT, region_id=REGION, created_at=NOW, zone_id=f"{REGION}-b", name="",
        description="", host_name="", instance_type="ecs.t1.small", image_id="img", network_type="classic",
        security_group_ids=[first.id, second.id], lifecycle=Lifecycle(status),
    )  # fmt: skip
    uow.instances.add(instance)
    with pytest.raises(errors.IncorrectInstanceStatus):
        security_groups.join(uow, HERE, group(uow).id, instance.id)
    with pytest.raises(errors.IncorrectInstanceStatus):
        security_groups.leave(uow, HERE, second.id, instance.id)


def test_enterprise_inner_access_policy_cannot_change(uow: UnitOfWork) -> None:
    enterprise = group(uow, group_type="enterprise")
    with pytest.raises(errors.EnterpriseInnerAccess):
        security_groups.modify_policy(uow, HERE, enterprise.id, "Accept")
    normal = group(uow)
    security_groups.modify_policy(uow, HERE, normal.id, "Drop")
    assert security_groups.inner_access_policy(security_groups.get(uow, HERE, normal.id)) == "Drop"
