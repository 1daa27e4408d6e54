"""vSwitch rules (api-spec §3.7–3.9; CreateVSwitch / DeleteVSwitch pages), without HTTP or SQL."""

from __future__ import annotations

from dataclasses import replace

import pytest

from classiclink import errors
from classiclink.domain import routes, vpcs, vswitches
from classiclink.domain.model import Instance, Lifecycle, RouteEntry, Vpc, VSwitch
from classiclink.domain.ports import UnitOfWork
from classiclink.domain.scope import Scope
from classiclink.reads import vswitches as vswitch_reads
from classiclink.reads.paging import Paging
from classiclink.reads.vswitches import VSwitchFilter
from classiclink.settings import Behaviour

from ..conftest import ACCOUNT, NOW, OTHER_ACCOUNT, REGION

ZONE = "cn-hangzhou-b"


def make_vpc(uow: UnitOfWork, rules: Behaviour, cidr: str = "172.16.0.0/16") -> Vpc:
    return vpcs.create(uow, Scope(ACCOUNT, REGION, NOW, rules), cidr_block=cidr)


def make_vswitch(uow: UnitOfWork, rules: Behaviour, vpc: Vpc, cidr: str, **kw: str) -> VSwitch:
    return vswitches.create(
        uow, Scope(ACCOUNT, REGION, NOW, rules), vpc_id=vpc.id, zone_id=kw.pop("zone", ZONE), cidr_block=cidr, **kw
    )


def put_instance(uow: UnitOfWork, vswitch: VSwitch, number: int = 0) -> Instance:
    instance = Instance(
        id=f"i-vsw{number:04d}", account_id=ACCOUNT, region_id=REGION, created_at=NOW, zone_id=vswitch.zone_id,
        name="", description="", host_name="", instance_type="ecs.t1.small", image_id="img", network_type="vpc",
        security_group_ids=["sg-1"], lifecycle=Lifecycle("Running"), vpc_id=vswitch.vpc_id, vswitch_id=vswitch.id,
    )  # fmt: skip
    uow.instances.add(instance)
    return instance


def system_destinations(uow: UnitOfWork, vpc: Vpc) -> list[str]:
    return sorted(
        e.destination_cidr_block
        for e in uow.route_entries.find(account_id=ACCOUNT, route_table_id=vpc.route_table_id, entry_type="System")
    )


class TestCreate:
    def test_a_new_vswitch_is_stored_with_what_was_asked(self, uow: UnitOfWork, rules: Behaviour) -> None:
        vpc = make_vpc(uow, rules)
        made = make_vswitch(uow, rules, vpc, "172.16.1.0/24", name="web", description="the web tier")
        stored = uow.vswitches.get(made.id, account_id=ACCOUNT)
        assert stored is not None
        assert stored.id.startswith("vsw-")
        assert (stored.vpc_id, stored.zone_id, stored.cidr_block) == (vpc.id, ZONE, "172.16.1.0/24")
        assert (stored.name, stored.description) == ("web", "the web tier")
        assert stored.lifecycle.at(NOW) == "Available"

    def test_it_is_pending_until_the_transition_delay_has_passed(self, uow: UnitOfWork, rules: Behaviour) -> None:
        vpc = make_vpc(uow, rules)
        slow = replace(rules, transition_delay=3)
        made = make_vswitch(uow, slow, vpc, "172.16.1.0/24")
        assert made.lifecycle.at(NOW) == "Pending"
        assert made.lifecycle.at(NOW + 2.9) == "Pending"
        assert made.lifecycle.at(NOW + 3) == "Available"

    def test_it_adds_a_system_route_entry_for_its_cidr(self, uow: UnitOfWork, rules: Behaviour) -> None:
        vpc = make_vpc(uow, rules)
        assert system_destinations(uow, vpc) == ["100.64.0.0/10"]
        make_vswitch(uow, rules, vpc, "172.16.1.0/24")
        assert system_destinations(uow, vpc) == ["100.64.0.0/10", "172.16.1.0/24"]

    @pytest.mark.parametrize("cidr", ["172.16.0.0/16", "172.16.0.0/29", "172.16.255.248/29"])
    def test_masks_16_to_29_inside_the_vpc_are_accepted(self, uow: UnitOfWork, rules: Behaviour, cidr: str) -> None:
        make_vswitch(uow, rules, make_vpc(uow, rules), cidr)

    @pytest.mark.parametrize("cidr", ["10.0.0.0/15", "172.16.0.0/30", "172.16.0.0/32"])
    def test_masks_outside_16_to_29_are_refused(self, uow: UnitOfWork, rules: Behaviour, cidr: str) -> None:
        vpc = make_vpc(uow, rules, "10.0.0.0/8")
        with pytest.raises(errors.VSwitchCidrMaskLength) as raised:
            make_vswitch(uow, rules, vpc, cidr)
        assert (raised.value.code, raised.value.status) == ("InvalidCirdrBlock.MaskLength", 400)

    @pytest.mark.parametrize("cidr", ["abc", "172.16.1.1/24", "172.16.1.0", "172.16.1.0/", "fd00::/64", ""])
    def test_malformed_cidr_blocks(self, uow: UnitOfWork, rules: Behaviour, cidr: str) -> None:
        with pytest.raises(errors.CidrBlockMalformed) as raised:
            make_vswitch(uow, rules, make_vpc(uow, rules), cidr)
        assert (raised.value.code, raised.value.status) == ("InvalidCidrBlock.Malformed", 400)

    @pytest.mark.parametrize("cidr", ["192.168.1.0/24", "172.17.0.0/24", "172.15.255.0/24"])
    def test_the_block_must_lie_inside_the_vpc(self, uow: UnitOfWork, rules: Behaviour, cidr: str) -> None:
        with pytest.raises(errors.VSwitchCidrNotInVpc) as raised:
            make_vswitch(uow, rules, make_vpc(uow, rules), cidr)
        assert (raised.value.code, raised.value.text) == (
            "InvalidParameter",
            "Specified CIDR block is not valid in VPC.",
        )

    @pytest.mark.parametrize("cidr", ["172.16.1.0/24", "172.16.1.128/25", "172.16.0.0/20", "172.16.0.0/16"])
    def test_overlapping_a_sibling_is_refused(self, uow: UnitOfWork, rules: Behaviour, cidr: str) -> None:
        vpc = make_vpc(uow, rules)
        make_vswitch(uow, rules, vpc, "172.16.1.0/24")
        with pytest.raises(errors.VSwitchCidrOverlapped) as raised:
            make_vswitch(uow, rules, vpc, cidr)
        assert raised.value.code == "InvalidCidrBlock.Overlapped"
        assert raised.value.text == "Specified CIDR block overlapped with other subnets."

    def test_siblings_in_other_vpcs_do_not_count(self, uow: UnitOfWork, rules: Behaviour) -> None:
        make_vswitch(uow, rules, make_vpc(uow, rules), "172.16.1.0/24")
        make_vswitch(uow, rules, make_vpc(uow, rules), "172.16.1.0/24")

    def test_equal_to_a_route_destination_is_refused_but_a_subset_is_not(
        self, uow: UnitOfWork, rules: Behaviour
    ) -> None:
        vpc = make_vpc(uow, rules)
        uow.route_entries.add(RouteEntry("rte-custom", ACCOUNT, REGION, NOW, route_table_id=vpc.route_table_id,
                                         vpc_id=vpc.id, destination_cidr_block="172.16.8.0/22", entry_type="Custom",
                                         next_hop_type="HaVip", next_hop_id="havip-1"))  # fmt: skip
        with pytest.raises(errors.VSwitchCidrOverlapsRoute) as raised:
            make_vswitch(uow, rules, vpc, "172.16.8.0/22")
        assert raised.value.text == "Specified CIDR block overlapped with other entry."
        make_vswitch(uow, rules, vpc, "172.16.8.0/24")

    def test_unknown_zone(self, uow: UnitOfWork, rules: Behaviour) -> None:
        with pytest.raises(errors.ZoneNotFound) as raised:
            make_vswitch(uow, rules, make_vpc(uow, rules), "172.16.1.0/24", zone="cn-beijing-a")
        assert (raised.value.code, raised.value.status) == ("InvalidZoneId.NotFound", 404)

    def test_unknown_vpc_and_another_accounts_vpc(self, uow: UnitOfWork, rules: Behaviour) -> None:
        theirs = vpcs.create(uow, Scope(OTHER_ACCOUNT, REGION, NOW, rules), cidr_block=None)
        for vpc_id in ("vpc-missing", theirs.id):
            with pytest.raises(errors.VpcNotFound):
                vswitches.create(
                    uow, Scope(ACCOUNT, REGION, NOW, rules), vpc_id=vpc_id, zone_id=ZONE, cidr_block="172.16.1.0/24"
                )

    def test_the_vpc_must_be_available(self, uow: UnitOfWork, rules: Behaviour) -> None:
        slow = replace(rules, transition_delay=5)
        vpc = vpcs.create(uow, Scope(ACCOUNT, REGION, NOW, slow), cidr_block="172.16.0.0/16")
        with pytest.raises(errors.IncorrectVpcStatus):
            vswitches.create(
                uow, Scope(ACCOUNT, REGION, NOW + 1, slow), vpc_id=vpc.id, zone_id=ZONE, cidr_block="172.16.1.0/24"
            )
        vswitches.create(
            uow, Scope(ACCOUNT, REGION, NOW + 5, slow), vpc_id=vpc.id, zone_id=ZONE, cidr_block="172.16.1.0/24"
        )

    @pytest.mark.parametrize("name", ["x", "1abc", "http://abc", "a" * 129, "bad name"])
    def test_bad_names(self, uow: UnitOfWork, rules: Behaviour, name: str) -> None:
        with pytest.raises(errors.InvalidVSwitchName) as raised:
            make_vswitch(uow, rules, make_vpc(uow, rules), "172.16.1.0/24", name=name)
        assert raised.value.code == "InvalidVSwitchName.Malformed"

    @pytest.mark.parametrize("description", ["x", "https://example.com/x", "d" * 257])
    def test_bad_descriptions(self, uow: UnitOfWork, rules: Behaviour, description: str) -> None:
        with pytest.raises(errors.InvalidVSwitchDescription) as raised:
            make_vswitch(uow, rules, make_vpc(uow, rules), "172.16.1.0/24", description=description)
        assert raised.value.code == "InvalidVSwitchDiscription.Malformed"

    def test_quota_per_vpc(self, uow: UnitOfWork, rules: Behaviour) -> None:
        tight = replace(rules, vswitches_per_vpc=2)
        vpc = make_vpc(uow, tight)
        make_vswitch(uow, tight, vpc, "172.16.1.0/24")
        make_vswitch(uow, tight, vpc, "172.16.2.0/24")
        with pytest.raises(errors.VSwitchQuotaExceeded) as raised:
            make_vswitch(uow, tight, vpc, "172.16.3.0/24")
        assert (raised.value.code, raised.value.status) == ("QuotaExceeded.VSwitch", 400)
        make_vswitch(uow, tight, make_vpc(uow, tight), "172.16.3.0/24")  # the quota is per VPC

    def test_a_refused_create_adds_no_route_entry(self, uow: UnitOfWork, rules: Behaviour) -> None:
        vpc = make_vpc(uow, rules)
        with pytest.raises(errors.VSwitchCidrNotInVpc):
            make_vswitch(uow, rules, vpc, "192.168.0.0/24")
        assert system_destinations(uow, vpc) == ["100.64.0.0/10"]
        assert uow.vswitches.count(account_id=ACCOUNT) == 0


class TestDelete:
    def test_delete_removes_the_vswitch_and_its_system_route(self, uow: UnitOfWork, rules: Behaviour) -> None:
        vpc = make_vpc(uow, rules)
        keep = make_vswitch(uow, rules, vpc, "172.16.2.0/24")
        gone = make_vswitch(uow, rules, vpc, "172.16.1.0/24")
        vswitches.delete(uow, Scope(ACCOUNT, REGION, NOW), gone.id)
        assert uow.vswitches.get(gone.id, account_id=ACCOUNT) is None
        assert uow.vswitches.get(keep.id, account_id=ACCOUNT) is not None
        assert system_destinations(uow, vpc) == ["100.64.0.0/10", "172.16.2.0/24"]

    def test_the_cidr_can_be_used_again_after_delete(self, uow: UnitOfWork, rules: Behaviour) -> None:
        vpc = make_vpc(uow, rules)
        vswitches.delete(uow, Scope(ACCOUNT, REGION, NOW), make_vswitch(uow, rules, vpc, "172.16.1.0/24").id)
        make_vswitch(uow, rules, vpc, "172.16.1.0/24")

    def test_instances_in_it_block_deletion(self, uow: UnitOfWork, rules: Behaviour) -> None:
        vswitch = make_vswitch(uow, rules, make_vpc(uow, rules), "172.16.1.0/24")
        put_instance(uow, vswitch)
        with pytest.raises(errors.VSwitchHasDependencies) as raised:
            vswitches.delete(uow, Scope(ACCOUNT, REGION, NOW), vswitch.id)
        assert (raised.value.code, raised.value.status) == ("DependencyViolation", 400)
        assert raised.value.text == "Specified object has dependent resources."

    def test_a_pending_vswitch_cannot_be_deleted(self, uow: UnitOfWork, rules: Behaviour) -> None:
        vpc = make_vpc(uow, rules)
        slow = replace(rules, transition_delay=4)
        vswitch = make_vswitch(uow, slow, vpc, "172.16.1.0/24")
        with pytest.raises(errors.IncorrectVSwitchStatus) as raised:
            vswitches.delete(uow, Scope(ACCOUNT, REGION, NOW + 1), vswitch.id)
        assert raised.value.text == "The current virtual switch status does not support this operation."
        vswitches.delete(uow, Scope(ACCOUNT, REGION, NOW + 4), vswitch.id)

    def test_unknown_or_foreign_or_other_region(self, uow: UnitOfWork, rules: Behaviour) -> None:
        vswitch = make_vswitch(uow, rules, make_vpc(uow, rules), "172.16.1.0/24")
        for account, region, vswitch_id in ((ACCOUNT, REGION, "vsw-missing"), (OTHER_ACCOUNT, REGION, vswitch.id),
                                            (ACCOUNT, "cn-beijing", vswitch.id)):  # fmt: skip
            with pytest.raises(errors.VSwitchNotFound) as raised:
                vswitches.delete(uow, Scope(account, region, NOW), vswitch_id)
            assert (raised.value.code, raised.value.status, raised.value.text) == (
                "InvalidVSwitchId.NotFound", 404, "VSwitch not exist.")  # fmt: skip

    def test_the_vpc_cannot_be_deleted_while_it_has_a_vswitch(self, uow: UnitOfWork, rules: Behaviour) -> None:
        vpc = make_vpc(uow, rules)
        vswitch = make_vswitch(uow, rules, vpc, "172.16.1.0/24")
        with pytest.raises(errors.VpcHasDependentVSwitch):
            vpcs.delete(uow, Scope(ACCOUNT, REGION, NOW), vpc.id)
        vswitches.delete(uow, Scope(ACCOUNT, REGION, NOW), vswitch.id)
        vpcs.delete(uow, Scope(ACCOUNT, REGION, NOW), vpc.id)


class TestAvailableAddresses:
    @pytest.mark.parametrize(("cidr", "count"), [("172.16.1.0/24", 252), ("172.16.0.0/16", 65532),
                                                 ("172.16.1.0/29", 4)])  # fmt: skip
    def test_block_size_less_the_four_reserved(self, uow: UnitOfWork, rules: Behaviour, cidr: str, count: int) -> None:
        vswitch = make_vswitch(uow, rules, make_vpc(uow, rules), cidr)
        assert vswitches.available_ip_count(uow, vswitch) == count

    def test_instances_use_addresses(self, uow: UnitOfWork, rules: Behaviour) -> None:
        vswitch = make_vswitch(uow, rules, make_vpc(uow, rules), "172.16.1.0/28")
        put_instance(uow, vswitch, 1)
        put_instance(uow, vswitch, 2)
        assert vswitches.available_ip_count(uow, vswitch) == 16 - 4 - 2


def test_route_helpers_find_the_vswitch_entry(uow: UnitOfWork, rules: Behaviour) -> None:
    """The System entry of a vSwitch cannot be deleted through DeleteRouteEntry."""
    vpc = make_vpc(uow, rules)
    make_vswitch(uow, rules, vpc, "172.16.1.0/24")
    with pytest.raises(errors.SystemRouteEntryDenied):
        routes.delete_entry(uow, Scope(ACCOUNT, REGION, NOW), table_id=vpc.route_table_id, destination="172.16.1.0/24")


class TestDescribe:
    """DescribeVSwitches' reads (V-DVSW): ANDed filters, paging, and the view's looked-up fields."""

    ALL = Paging(page_number=1, page_size=50)

    def ids(self, uow: UnitOfWork, **where: object) -> set[str]:
        found = vswitch_reads.find(uow, Scope(ACCOUNT, REGION, NOW), VSwitchFilter(**where), self.ALL)  # type: ignore[arg-type]
        return {s.id for s in found.items}

    def test_filters_are_anded(self, uow: UnitOfWork, rules: Behaviour) -> None:
        first, second = make_vpc(uow, rules), make_vpc(uow, rules)
        web = make_vswitch(uow, rules, first, "172.16.1.0/24", name="web")
        db = make_vswitch(uow, rules, first, "172.16.2.0/24", name="db", zone="cn-hangzhou-g")
        other = make_vswitch(uow, rules, second, "172.16.1.0/24", name="web")
        assert self.ids(uow) == {web.id, db.id, other.id}
        assert self.ids(uow, vpc_id=first.id) == {web.id, db.id}
        assert self.ids(uow, vpc_id=first.id, name="web") == {web.id}
        assert self.ids(uow, zone_id="cn-hangzhou-g") == {db.id}
        assert self.ids(uow, route_table_id=second.route_table_id) == {other.id}
        assert self.ids(uow, is_default=False) == {web.id, db.id, other.id}
        assert self.ids(uow, is_default=True) == set()
        assert self.ids(uow, vswitch_id="vsw-missing") == set()  # an unknown ID is an empty list, not an error
        assert self.ids(uow, enable_ipv6=True) == set()
        assert self.ids(uow, owner_id=int(OTHER_ACCOUNT)) == set()
        assert self.ids(uow, owner_id=int(ACCOUNT)) == {web.id, db.id, other.id}

    def test_a_vpc_the_account_lacks_is_an_error(self, uow: UnitOfWork, rules: Behaviour) -> None:
        theirs = vpcs.create(uow, Scope(OTHER_ACCOUNT, REGION, NOW, rules), cidr_block=None)
        for vpc_id in ("vpc-missing", theirs.id):
            with pytest.raises(errors.VSwitchVpcNotFound) as raised:
                self.ids(uow, vpc_id=vpc_id)
            assert (raised.value.code, raised.value.status) == ("Forbidden.VpcNotFound", 400)

    def test_tags_without_a_value_match_any_value(self, uow: UnitOfWork, rules: Behaviour) -> None:
        vpc = make_vpc(uow, rules)
        prod = vswitches.create(uow, Scope(ACCOUNT, REGION, NOW, rules), vpc_id=vpc.id, zone_id=ZONE,
                                cidr_block="172.16.1.0/24", tags_=[{"Key": "env", "Value": "prod"}])  # fmt: skip
        test = vswitches.create(uow, Scope(ACCOUNT, REGION, NOW, rules), vpc_id=vpc.id, zone_id=ZONE,
                                cidr_block="172.16.2.0/24", tags_=[{"Key": "env", "Value": "test"}])  # fmt: skip
        assert self.ids(uow, tags=[{"Key": "env"}]) == {prod.id, test.id}
        assert self.ids(uow, tags=[{"Key": "env", "Value": "test"}]) == {test.id}
        assert self.ids(uow, tags=[{"Key": "env"}, {"Key": "tier"}]) == set()

    def test_pages(self, uow: UnitOfWork, rules: Behaviour) -> None:
        vpc = make_vpc(uow, rules)
        for n in range(3):
            make_vswitch(uow, rules, vpc, f"172.16.{n}.0/24")
        scope = Scope(ACCOUNT, REGION, NOW)
        every = [s.id for s in vswitch_reads.find(uow, scope, VSwitchFilter(), self.ALL).items]
        second = vswitch_reads.find(uow, scope, VSwitchFilter(), Paging(page_number=2, page_size=2))
        assert ([s.id for s in second.items], second.total) == (every[2:], 3)

    def test_the_view_counts_instances_and_names_the_route_table(self, uow: UnitOfWork, rules: Behaviour) -> None:
        vpc = make_vpc(uow, rules)
        busy = make_vswitch(uow, rules, vpc, "172.16.1.0/28")
        idle = make_vswitch(uow, rules, vpc, "172.16.2.0/28")
        put_instance(uow, busy, 1)
        put_instance(uow, busy, 2)
        related = vswitch_reads.related(uow, [busy, idle])
        views = [vswitch_reads.view(s, related, NOW) for s in (busy, idle)]
        assert [v["AvailableIpAddressCount"] for v in views] == [16 - 4 - 2, 16 - 4]
        assert [v["RouteTable"] for v in views] == [
            {"RouteTableId": vpc.route_table_id, "RouteTableType": "System"}
        ] * 2

    def test_the_view_shows_every_tag_with_key_and_value(self, uow: UnitOfWork, rules: Behaviour) -> None:
        vswitch = vswitches.create(uow, Scope(ACCOUNT, REGION, NOW, rules), vpc_id=make_vpc(uow, rules).id,
                                   zone_id=ZONE, cidr_block="172.16.1.0/24", tags_=[{"Key": "k"}])  # fmt: skip
        view = vswitch_reads.view(vswitch, vswitch_reads.related(uow, [vswitch]), NOW)
        assert view["Tags"] == {"Tag": [{"Key": "k", "Value": ""}]}
