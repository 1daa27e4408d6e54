"""Security group rules (api-spec §4.8, E-CSG): classic vs VPC groups, names, filters, deletion."""

from __future__ import annotations

import pytest

from classiclink import errors
from classiclink.domain import security_groups, vpcs
from classiclink.domain.model import Instance, Lifecycle, SecurityGroup, Vpc
from classiclink.domain.ports import UnitOfWork
from classiclink.domain.scope import Scope
from classiclink.reads import security_groups as group_reads
from classiclink.reads.security_groups import GroupFilter
from classiclink.settings import Behaviour

from ..conftest import ACCOUNT, NOW, OTHER_ACCOUNT, REGION

VPC_ONLY_REGION = "cn-zhangjiakou"  # no classic network there (domain/regions.py)


def make_vpc(uow: UnitOfWork, rules: Behaviour, region: str = REGION) -> Vpc:
    return vpcs.create(uow, Scope(ACCOUNT, region, NOW, rules), cidr_block="172.16.0.0/16")


def create(uow: UnitOfWork, region: str = REGION, account: str = ACCOUNT, **kw: str) -> SecurityGroup:
    return security_groups.create(uow, Scope(account, region, NOW), **kw)  # type: ignore[arg-type]


HERE = Scope(ACCOUNT, REGION, NOW)


def put_member(uow: UnitOfWork, group: SecurityGroup) -> Instance:
    instance = Instance(
        id="i-member", account_id=group.account_id, region_id=group.region_id, created_at=NOW,
        zone_id=f"{group.region_id}-b", name="", description="", host_name="", instance_type="ecs.t1.small",
        image_id="img", network_type=group.network_type, security_group_ids=[group.id],
        lifecycle=Lifecycle("Stopped"),
    )  # fmt: skip
    uow.instances.add(instance)
    return instance


class TestCreate:
    def test_without_vpc_it_is_a_classic_group(self, uow: UnitOfWork) -> None:
        group = create(uow, name="web", description="front ends")
        stored = uow.security_groups.get(group.id, account_id=ACCOUNT)
        assert stored is not None
        assert (stored.vpc_id, stored.network_type, stored.name, stored.description) == ("", "classic", "web",
                                                                                         "front ends")  # fmt: skip
        assert stored.group_type == "normal"
        assert stored.id.startswith("sg-bp1")  # cn-hangzhou's tag

    def test_with_vpc_it_belongs_to_the_vpc(self, uow: UnitOfWork, rules: Behaviour) -> None:
        vpc = make_vpc(uow, rules)
        group = create(uow, vpc_id=vpc.id)
        assert (group.vpc_id, group.network_type) == (vpc.id, "vpc")

    def test_unknown_vpc_is_refused(self, uow: UnitOfWork) -> None:
        with pytest.raises(errors.VpcNotFound):
            create(uow, vpc_id="vpc-missing")
        assert uow.security_groups.find(account_id=ACCOUNT) == []

    def test_a_vpc_of_another_account_or_region_is_unknown(self, uow: UnitOfWork, rules: Behaviour) -> None:
        vpc = make_vpc(uow, rules, region="cn-beijing")
        with pytest.raises(errors.VpcNotFound):
            create(uow, vpc_id=vpc.id)
        with pytest.raises(errors.VpcNotFound):
            create(uow, account=OTHER_ACCOUNT, region="cn-beijing", vpc_id=vpc.id)

    def test_a_pending_vpc_is_refused(self, uow: UnitOfWork) -> None:
        vpc = vpcs.create(uow, Scope(ACCOUNT, REGION, NOW, Behaviour(transition_delay=5)), cidr_block=None)
        with pytest.raises(errors.IncorrectVpcStatus):
            create(uow, vpc_id=vpc.id)

    def test_a_region_without_classic_network_needs_a_vpc(self, uow: UnitOfWork, rules: Behaviour) -> None:
        with pytest.raises(errors.SecurityGroupVpcRequired) as raised:
            create(uow, region=VPC_ONLY_REGION)
        assert (raised.value.code, raised.value.status) == ("InvalidVpcId.NotFound", 403)
        vpc = make_vpc(uow, rules, region=VPC_ONLY_REGION)
        assert create(uow, region=VPC_ONLY_REGION, vpc_id=vpc.id).network_type == "vpc"

    @pytest.mark.parametrize("name", ["ab", "Web_server-1.a:b", "a" * 128, "安全组"])
    def test_valid_names(self, uow: UnitOfWork, name: str) -> None:
        assert create(uow, name=name).name == name

    @pytest.mark.parametrize("name", ["a", "1abc", "_abc", "a" * 129, "http://x", "has space", "a/b"])
    def test_invalid_names(self, uow: UnitOfWork, name: str) -> None:
        with pytest.raises(errors.InvalidSecurityGroupName):
            create(uow, name=name)

    @pytest.mark.parametrize("description", ["x", "d" * 257, "http://example.com", "https://example.com"])
    def test_invalid_descriptions(self, uow: UnitOfWork, description: str) -> None:
        with pytest.raises(errors.InvalidSecurityGroupDescription) as raised:
            create(uow, description=description)
        assert raised.value.code == "InvalidSecurityGroupDiscription.Malformed"

    def test_tags_are_kept(self, uow: UnitOfWork) -> None:
        group = security_groups.create(uow, HERE, tags_=[{"Key": "env", "Value": "t"}])
        assert group.tags == [{"Key": "env", "Value": "t"}]


class TestFind:
    def test_filters(self, uow: UnitOfWork, rules: Behaviour) -> None:
        vpc = make_vpc(uow, rules)
        classic = create(uow, name="alpha")
        in_vpc = create(uow, name="beta", vpc_id=vpc.id, group_type="enterprise")
        create(uow, region="cn-beijing", name="alpha")
        create(uow, account=OTHER_ACCOUNT, name="alpha")

        def ids(**kw: object) -> set[str]:
            # Created at the same moment: the store orders them by id.
            return {g.id for g in group_reads.matching(uow, HERE, GroupFilter(**kw))}  # type: ignore[arg-type]

        assert ids() == {classic.id, in_vpc.id}
        assert ids(vpc_id=vpc.id) == {in_vpc.id}
        assert ids(network_type="classic") == {classic.id}
        assert ids(network_type="vpc") == {in_vpc.id}
        assert ids(group_id=in_vpc.id) == {in_vpc.id}
        assert ids(group_ids=[classic.id, "sg-missing"]) == {classic.id}
        assert ids(group_ids=[]) == set()
        assert ids(name="alpha") == {classic.id}
        assert ids(name="lph") == set()
        assert ids(name="lph", fuzzy=True) == {classic.id}
        assert ids(group_type="enterprise") == {in_vpc.id}

    def test_tag_filter(self, uow: UnitOfWork) -> None:
        tagged = security_groups.create(uow, HERE, tags_=[{"Key": "env", "Value": "a"}])
        create(uow)
        found = group_reads.matching(uow, HERE, GroupFilter(tags=[{"Key": "env"}]))
        assert [g.id for g in found] == [tagged.id]
        assert group_reads.matching(uow, HERE, GroupFilter(tags=[{"Key": "env", "Value": "b"}])) == []


class TestDelete:
    def test_an_empty_group_is_deleted(self, uow: UnitOfWork) -> None:
        group = create(uow)
        security_groups.delete(uow, HERE, group.id)
        assert uow.security_groups.get(group.id, account_id=ACCOUNT) is None

    def test_a_group_in_use_is_kept(self, uow: UnitOfWork) -> None:
        group = create(uow)
        put_member(uow, group)
        with pytest.raises(errors.SecurityGroupInUse) as raised:
            security_groups.delete(uow, HERE, group.id)
        assert (raised.value.code, raised.value.status) == ("DependencyViolation", 403)
        assert uow.security_groups.get(group.id, account_id=ACCOUNT) is not None
        assert security_groups.members(uow, group) == 1

    def test_unknown_other_region_or_account(self, uow: UnitOfWork) -> None:
        group = create(uow)
        for account, region, group_id in ((ACCOUNT, REGION, "sg-missing"), (ACCOUNT, "cn-beijing", group.id),
                                          (OTHER_ACCOUNT, REGION, group.id)):  # fmt: skip
            with pytest.raises(errors.SecurityGroupNotFound):
                security_groups.delete(uow, Scope(account, region, NOW), group_id)
        assert uow.security_groups.get(group.id, account_id=ACCOUNT) is not None


class TestReads:
    def test_member_counts_per_group_of_the_page(self, uow: UnitOfWork) -> None:
        used, empty = create(uow), create(uow)
        put_member(uow, used)
        assert group_reads.member_counts(uow, HERE, [used, empty]) == {used.id: 1, empty.id: 0}
        assert group_reads.member_counts(uow, HERE, []) == {}

    def test_no_group_is_service_managed(self, uow: UnitOfWork) -> None:
        group = create(uow)
        assert group_reads.matching(uow, HERE, GroupFilter(service_managed=True)) == []
        assert [g.id for g in group_reads.matching(uow, HERE, GroupFilter(service_managed=False))] == [group.id]

    def test_views_count_members_only_when_asked(self, uow: UnitOfWork) -> None:
        group = create(uow, group_type="enterprise")
        assert "EcsCount" not in group_reads.view(group, None)
        counted = group_reads.view(group, 3)
        assert (counted["EcsCount"], counted["AvailableInstanceAmount"]) == (3, 65536 - 3)
        assert group_reads.attribute_view(group, [], "")["InnerAccessPolicy"] == "Drop"
