"""Default VPC and default vSwitch rules (CreateDefaultVpc / CreateDefaultVSwitch pages), without HTTP or SQL."""

from __future__ import annotations

from dataclasses import replace

import pytest

from classiclink import errors
from classiclink.domain import defaults, vswitches
from classiclink.domain.ports import UnitOfWork
from classiclink.domain.scope import Scope
from classiclink.settings import Behaviour

from ..conftest import ACCOUNT, NOW, OTHER_ACCOUNT, REGION

ZONE = "cn-hangzhou-b"


def scope(rules: Behaviour, account: str = ACCOUNT, region: str = REGION) -> Scope:
    return Scope(account, region, NOW, replace(rules, transition_delay=0))


def test_default_vpc_gets_the_documented_block_router_and_table(uow: UnitOfWork, rules: Behaviour) -> None:
    vpc = defaults.create_default_vpc(uow, scope(rules))
    assert (vpc.is_default, vpc.cidr_block) == (True, "172.16.0.0/12")
    # "a vRouter and a route table are automatically created"
    assert [t.id for t in uow.route_tables.find(account_id=ACCOUNT, vpc_id=vpc.id)] == [vpc.route_table_id]


def test_one_default_vpc_per_region_and_account(uow: UnitOfWork, rules: Behaviour) -> None:
    defaults.create_default_vpc(uow, scope(rules))
    with pytest.raises(errors.DefaultVpcExists):
        defaults.create_default_vpc(uow, scope(rules))
    defaults.create_default_vpc(uow, scope(rules, region="cn-shanghai"))
    defaults.create_default_vpc(uow, scope(rules, account=OTHER_ACCOUNT))


def test_ipv6_block_needs_enable_ipv6_and_a_56(uow: UnitOfWork, rules: Behaviour) -> None:
    with pytest.raises(errors.IllegalIpv6CidrBlock):
        defaults.create_default_vpc(uow, scope(rules), ipv6_cidr_block="2408:4005:346:b600::/56")
    with pytest.raises(errors.IllegalIpv6CidrBlock):
        defaults.create_default_vpc(uow, scope(rules), enable_ipv6=True, ipv6_cidr_block="10.0.0.0/8")
    vpc = defaults.create_default_vpc(uow, scope(rules), enable_ipv6=True, ipv6_cidr_block="2408:4005:346:b600::/56")
    assert vpc.ipv6_cidr_block == "2408:4005:346:b600::/56"


def test_default_vswitch_needs_the_default_vpc(uow: UnitOfWork, rules: Behaviour) -> None:
    with pytest.raises(errors.DefaultVpcNotExist):
        defaults.create_default_vswitch(uow, scope(rules), zone_id=ZONE)


def test_one_default_vswitch_per_zone_each_a_free_20(uow: UnitOfWork, rules: Behaviour) -> None:
    s = scope(rules)
    vpc = defaults.create_default_vpc(uow, s)
    vswitches.create(uow, s, vpc_id=vpc.id, zone_id=ZONE, cidr_block="172.16.0.0/24")
    first = defaults.create_default_vswitch(uow, s, zone_id=ZONE)
    assert (first.is_default, first.vpc_id, first.cidr_block) == (True, vpc.id, "172.16.16.0/20")
    with pytest.raises(errors.DefaultVSwitchExists):
        defaults.create_default_vswitch(uow, s, zone_id=ZONE)
    assert defaults.create_default_vswitch(uow, s, zone_id="cn-hangzhou-i").cidr_block == "172.16.32.0/20"
