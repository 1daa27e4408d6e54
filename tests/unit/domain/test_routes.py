"""Route entry rules (api-spec §3.11; CreateRouteEntry / DeleteRouteEntry pages) and how custom routes meet
ClassicLink: rule L7 when enabling (§2.2) and open question 4 while enabled (§9)."""

from __future__ import annotations

from dataclasses import replace

import pytest

from classiclink import errors
from classiclink.domain import classiclink, routes, vpcs, vswitches
from classiclink.domain.model import Instance, Lifecycle, RouteEntry, Vpc
from classiclink.domain.ports import UnitOfWork
from classiclink.domain.scope import Scope
from classiclink.reads import routes as route_reads
from classiclink.reads.paging import Page, Paging
from classiclink.reads.routes import EntryFilter, TableFilter
from classiclink.settings import Behaviour

from ..conftest import ACCOUNT, NOW, OTHER_ACCOUNT, REGION

ZONE = "cn-hangzhou-b"


def make_vpc(uow: UnitOfWork, rules: Behaviour, cidr: str = "172.16.0.0/16", *, enabled: bool = False) -> Vpc:
    vpc = vpcs.create(uow, Scope(ACCOUNT, REGION, NOW, rules), cidr_block=cidr)
    if enabled:
        classiclink.enable(uow, Scope(ACCOUNT, REGION, NOW, rules), vpc.id)
    return uow.vpcs.get(vpc.id, account_id=ACCOUNT)  # type: ignore[return-value]


def vpc_instance(uow: UnitOfWork, vpc: Vpc, number: int = 0, region: str = REGION) -> Instance:
    instance = Instance(
        id=f"i-route{number:04d}", account_id=vpc.account_id, region_id=region, created_at=NOW, zone_id=ZONE,
        name="", description="", host_name="", instance_type="ecs.t1.small", image_id="img", network_type="vpc",
        security_group_ids=["sg-1"], lifecycle=Lifecycle("Running"), vpc_id=vpc.id, vswitch_id="vsw-x",
    )  # fmt: skip
    uow.instances.add(instance)
    return instance


def add(uow: UnitOfWork, rules: Behaviour, vpc: Vpc, destination: str, hop_type: str | None = "HaVip",
        hop_id: str | None = "havip-1", **kw: str) -> RouteEntry:  # fmt: skip
    return routes.create_entry(uow, Scope(ACCOUNT, REGION, NOW, rules), table_id=vpc.route_table_id,
                               destination=destination, next_hop_type=hop_type, next_hop_id=hop_id,
                               **kw)  # type: ignore[arg-type]  # fmt: skip


def custom_destinations(uow: UnitOfWork, vpc: Vpc) -> list[str]:
    return [e.destination_cidr_block for e in
            uow.route_entries.find(account_id=ACCOUNT, route_table_id=vpc.route_table_id, entry_type="Custom")]  # fmt: skip


class TestCreateEntry:
    def test_a_custom_entry_is_stored(self, uow: UnitOfWork, rules: Behaviour) -> None:
        vpc = make_vpc(uow, rules)
        entry = add(uow, rules, vpc, "192.168.0.0/24", name="to-office", description="office range")
        stored = uow.route_entries.get(entry.id, account_id=ACCOUNT)
        assert stored is not None and stored.id.startswith("rte-")
        assert (stored.route_table_id, stored.vpc_id, stored.entry_type) == (vpc.route_table_id, vpc.id, "Custom")
        assert (stored.destination_cidr_block, stored.next_hop_type, stored.next_hop_id) == (
            "192.168.0.0/24", "HaVip", "havip-1")  # fmt: skip
        assert (stored.name, stored.description, stored.status) == ("to-office", "office range", "Available")

    def test_a_bare_address_means_slash_32(self, uow: UnitOfWork, rules: Behaviour) -> None:
        vpc = make_vpc(uow, rules)
        assert add(uow, rules, vpc, "47.100.1.2").destination_cidr_block == "47.100.1.2/32"
        with pytest.raises(errors.RouteEntryDuplicate):
            add(uow, rules, vpc, "47.100.1.2/32")

    @pytest.mark.parametrize("destination", ["abc", "10.0.0.1/8", "300.1.1.1", "fd00::/8", "10.0.0.0/33"])
    def test_malformed_destinations(self, uow: UnitOfWork, rules: Behaviour, destination: str) -> None:
        with pytest.raises(errors.CidrBlockMalformed) as raised:
            add(uow, rules, make_vpc(uow, rules), destination)
        assert (raised.value.code, raised.value.status) == ("InvalidCidrBlock.Malformed", 400)

    def test_duplicate_destination_in_the_table(self, uow: UnitOfWork, rules: Behaviour) -> None:
        vpc = make_vpc(uow, rules)
        add(uow, rules, vpc, "192.168.0.0/24")
        with pytest.raises(errors.RouteEntryDuplicate) as raised:
            add(uow, rules, vpc, "192.168.0.0/24", "VpnGateway", "vpn-1")
        assert (raised.value.code, raised.value.status, raised.value.text) == (
            "InvalidCIDRBlock.Duplicate", 400, "Specified CIDR block is already exists.")  # fmt: skip
        add(uow, rules, make_vpc(uow, rules), "192.168.0.0/24")  # another table may have it

    @pytest.mark.parametrize("destination", ["100.64.0.0/10", "100.64.1.0/24", "100.127.255.255"])
    def test_the_cloud_service_range_and_inside_it(self, uow: UnitOfWork, rules: Behaviour, destination: str) -> None:
        with pytest.raises(errors.RouteEntryCidrInvalid) as raised:
            add(uow, rules, make_vpc(uow, rules), destination)
        assert (raised.value.code, raised.value.status, raised.value.text) == (
            "InvalidCidrBlock", 400, "Specified CIDR block is not valid.")  # fmt: skip

    def test_a_block_containing_the_service_range_is_allowed(self, uow: UnitOfWork, rules: Behaviour) -> None:
        add(uow, rules, make_vpc(uow, rules), "100.0.0.0/8")

    @pytest.mark.parametrize("destination", ["172.16.1.0/24", "172.16.1.128/25", "172.16.1.7"])
    def test_equal_to_or_inside_a_vswitch_is_refused(self, uow: UnitOfWork, rules: Behaviour, destination: str) -> None:
        vpc = make_vpc(uow, rules)
        vswitches.create(
            uow, Scope(ACCOUNT, REGION, NOW, rules), vpc_id=vpc.id, zone_id=ZONE, cidr_block="172.16.1.0/24"
        )
        with pytest.raises(errors.RouteEntryCidrInvalid):
            add(uow, rules, vpc, destination)
        assert custom_destinations(uow, vpc) == []

    @pytest.mark.parametrize("destination", ["0.0.0.0/0", "172.16.0.0/20", "172.16.2.0/24"])
    def test_containing_or_beside_a_vswitch_is_allowed(
        self, uow: UnitOfWork, rules: Behaviour, destination: str
    ) -> None:
        vpc = make_vpc(uow, rules)
        vswitches.create(
            uow, Scope(ACCOUNT, REGION, NOW, rules), vpc_id=vpc.id, zone_id=ZONE, cidr_block="172.16.1.0/24"
        )
        add(uow, rules, vpc, destination)

    def test_48_custom_entries_per_table(self, uow: UnitOfWork, rules: Behaviour) -> None:
        vpc = make_vpc(uow, rules)
        for n in range(48):
            add(uow, rules, vpc, f"192.168.{n}.0/24")
        with pytest.raises(errors.RouteEntryQuotaExceeded) as raised:
            add(uow, rules, vpc, "192.168.200.0/24")
        assert (raised.value.code, raised.value.status, raised.value.text) == (
            "QuotaExceeded", 400, "Route entry quota exceeded in this route table.")  # fmt: skip

    def test_system_entries_do_not_count_towards_the_quota(self, uow: UnitOfWork, rules: Behaviour) -> None:
        vpc = make_vpc(uow, rules)
        for n in range(3):
            vswitches.create(
                uow, Scope(ACCOUNT, REGION, NOW, rules), vpc_id=vpc.id, zone_id=ZONE, cidr_block=f"172.16.{n}.0/24"
            )
        for n in range(48):
            add(uow, rules, vpc, f"192.168.{n}.0/24")
        assert len(custom_destinations(uow, vpc)) == 48

    def test_instance_is_the_default_next_hop_and_must_be_in_the_vpc(self, uow: UnitOfWork, rules: Behaviour) -> None:
        vpc, other = make_vpc(uow, rules), make_vpc(uow, rules)
        mine, theirs = vpc_instance(uow, vpc, 1), vpc_instance(uow, other, 2)
        entry = add(uow, rules, vpc, "192.168.1.0/24", None, mine.id)
        assert (entry.next_hop_type, entry.next_hop_id) == ("Instance", mine.id)
        for hop in (theirs.id, "i-missing"):
            with pytest.raises(errors.NextHopNotFound) as raised:
                add(uow, rules, vpc, "192.168.2.0/24", "Instance", hop)
            assert (raised.value.code, raised.value.status, raised.value.text) == (
                "InvalidNextHopId.NotFound", 404, "Specified next hop does not exist.")  # fmt: skip

    def test_next_hop_id_is_needed(self, uow: UnitOfWork, rules: Behaviour) -> None:
        with pytest.raises(errors.VpcMissingParameter) as raised:
            add(uow, rules, make_vpc(uow, rules), "192.168.1.0/24", "HaVip", None)
        assert (raised.value.code, raised.value.text) == ("MissingParameter", "Miss mandatory parameter.")

    def test_unknown_next_hop_type(self, uow: UnitOfWork, rules: Behaviour) -> None:
        with pytest.raises(errors.InvalidNextHopType) as raised:
            add(uow, rules, make_vpc(uow, rules), "192.168.1.0/24", "Teleporter", "x-1")
        assert raised.value.code == "InvalidNextHopType"

    def test_ecmp_next_hops(self, uow: UnitOfWork, rules: Behaviour) -> None:
        vpc = make_vpc(uow, rules)
        pair = [{"NextHopType": "RouterInterface", "NextHopId": "ri-1"},
                {"NextHopType": "RouterInterface", "NextHopId": "ri-2"}]  # fmt: skip
        with pytest.raises(errors.NextHopAndListBothSet):
            add(uow, rules, vpc, "192.168.1.0/24", "RouterInterface", None, next_hop_list=pair)  # type: ignore[arg-type]
        with pytest.raises(errors.NextHopListSize):
            add(uow, rules, vpc, "192.168.1.0/24", None, None, next_hop_list=pair[:1])  # type: ignore[arg-type]
        with pytest.raises(errors.InvalidRouterInterface):
            add(uow, rules, vpc, "192.168.1.0/24", None, None, next_hop_list=pair)  # type: ignore[arg-type]

    @pytest.mark.parametrize(("field", "value"), [("name", "http://x"), ("name", "n" * 129), ("description", "")])
    def test_bad_name_or_description(self, uow: UnitOfWork, rules: Behaviour, field: str, value: str) -> None:
        with pytest.raises(errors.InvalidParameter):
            add(uow, rules, make_vpc(uow, rules), "192.168.1.0/24", **{field: value})

    def test_unknown_or_foreign_table(self, uow: UnitOfWork, rules: Behaviour) -> None:
        theirs = vpcs.create(uow, Scope(OTHER_ACCOUNT, REGION, NOW, rules), cidr_block=None)
        for table_id in ("vtb-missing", theirs.route_table_id):
            with pytest.raises(errors.RouteTableNotFound) as raised:
                routes.create_entry(
                    uow,
                    Scope(ACCOUNT, REGION, NOW, rules),
                    table_id=table_id,
                    destination="192.168.1.0/24",
                    next_hop_type="HaVip",
                    next_hop_id="h-1",
                )
            assert (raised.value.code, raised.value.status) == ("InvalidRouteTableId.NotFound", 404)

    def test_the_vpc_must_be_available(self, uow: UnitOfWork) -> None:
        slow = Behaviour(transition_delay=5)
        vpc = vpcs.create(uow, Scope(ACCOUNT, REGION, NOW, slow), cidr_block=None)
        with pytest.raises(errors.IncorrectVpcStatus):
            routes.create_entry(
                uow,
                Scope(ACCOUNT, REGION, NOW + 1, slow),
                table_id=vpc.route_table_id,
                destination="192.168.1.0/24",
                next_hop_type="HaVip",
                next_hop_id="h",
            )


class TestClassicLinkOpenQuestion4:
    """A custom route to the classic network's range is refused while ClassicLink is enabled."""

    def test_ten_slash_eight_is_refused_while_enabled(self, uow: UnitOfWork, rules: Behaviour) -> None:
        vpc = make_vpc(uow, rules, enabled=True)
        with pytest.raises(errors.RouteEntryCidrInvalid) as raised:
            add(uow, rules, vpc, "10.0.0.0/8")
        assert (raised.value.code, raised.value.status, raised.value.text) == (
            "InvalidCidrBlock", 400, "Specified CIDR block is not valid.")  # fmt: skip
        assert custom_destinations(uow, vpc) == []

    def test_ten_slash_eight_is_fine_while_disabled(self, uow: UnitOfWork, rules: Behaviour) -> None:
        add(uow, rules, make_vpc(uow, rules), "10.0.0.0/8")

    @pytest.mark.parametrize(("rule", "refused"), [("exact", False), ("within", True)])
    def test_a_subnet_of_ten_depends_on_the_route_conflict_switch(
        self, uow: UnitOfWork, rules: Behaviour, rule: str, refused: bool
    ) -> None:
        behaviour = replace(rules, route_conflict=rule)  # type: ignore[arg-type]
        vpc = make_vpc(uow, behaviour, enabled=True)
        if refused:
            with pytest.raises(errors.RouteEntryCidrInvalid):
                add(uow, behaviour, vpc, "10.1.0.0/16")
        else:
            add(uow, behaviour, vpc, "10.1.0.0/16")


class TestEnableRouteConflictL7:
    """EnableVpcClassicLink against routes made through CreateRouteEntry's rules."""

    def test_a_custom_ten_slash_eight_route_blocks_enabling(self, uow: UnitOfWork, rules: Behaviour) -> None:
        vpc = make_vpc(uow, rules)
        add(uow, rules, vpc, "10.0.0.0/8")
        with pytest.raises(errors.ClassicLinkRouteConflict) as raised:
            classiclink.enable(uow, Scope(ACCOUNT, REGION, NOW, rules), vpc.id)
        assert (raised.value.code, raised.value.status, raised.value.text) == (
            "RouteConflict.AlreadyExist", 400, "Route conflict exists in routing table.")  # fmt: skip
        stored = uow.vpcs.get(vpc.id, account_id=ACCOUNT)
        assert stored is not None and not stored.classic_link_enabled

    def test_deleting_the_route_lifts_the_block(self, uow: UnitOfWork, rules: Behaviour) -> None:
        vpc = make_vpc(uow, rules)
        entry = add(uow, rules, vpc, "10.0.0.0/8")
        routes.delete_entry(uow, Scope(ACCOUNT, REGION, NOW), entry_id=entry.id)
        classiclink.enable(uow, Scope(ACCOUNT, REGION, NOW, rules), vpc.id)

    def test_a_system_entry_for_a_ten_vswitch_does_not_block(self, uow: UnitOfWork, rules: Behaviour) -> None:
        vpc = make_vpc(uow, rules, "10.0.0.0/8")
        vswitches.create(
            uow, Scope(ACCOUNT, REGION, NOW, rules), vpc_id=vpc.id, zone_id=ZONE, cidr_block="10.111.0.0/16"
        )
        # A System entry whose destination is exactly 10.0.0.0/8 (a vSwitch as large as the VPC's block is
        # impossible under the 16-bit mask floor, so it is written directly) does not block either.
        uow.route_entries.add(RouteEntry("rte-sys", ACCOUNT, REGION, NOW, route_table_id=vpc.route_table_id,
                                         vpc_id=vpc.id, destination_cidr_block="10.0.0.0/8", entry_type="System"))  # fmt: skip
        classiclink.enable(uow, Scope(ACCOUNT, REGION, NOW, rules), vpc.id)

    def test_a_subnet_of_ten_does_not_block_under_exact(self, uow: UnitOfWork, rules: Behaviour) -> None:
        vpc = make_vpc(uow, rules)
        add(uow, rules, vpc, "10.1.0.0/16")
        classiclink.enable(uow, Scope(ACCOUNT, REGION, NOW, replace(rules, route_conflict="exact")), vpc.id)

    def test_a_subnet_of_ten_blocks_under_within(self, uow: UnitOfWork, rules: Behaviour) -> None:
        within = replace(rules, route_conflict="within")
        vpc = make_vpc(uow, within)
        add(uow, within, vpc, "10.1.0.0/16")
        with pytest.raises(errors.ClassicLinkRouteConflict):
            classiclink.enable(uow, Scope(ACCOUNT, REGION, NOW, within), vpc.id)


class TestDeleteEntry:
    def test_by_id(self, uow: UnitOfWork, rules: Behaviour) -> None:
        vpc = make_vpc(uow, rules)
        entry = add(uow, rules, vpc, "192.168.1.0/24")
        routes.delete_entry(uow, Scope(ACCOUNT, REGION, NOW), entry_id=entry.id)
        assert uow.route_entries.get(entry.id, account_id=ACCOUNT) is None

    def test_by_table_and_destination_with_a_bare_address(self, uow: UnitOfWork, rules: Behaviour) -> None:
        vpc = make_vpc(uow, rules)
        add(uow, rules, vpc, "47.100.1.2")
        routes.delete_entry(uow, Scope(ACCOUNT, REGION, NOW), table_id=vpc.route_table_id, destination="47.100.1.2")
        assert custom_destinations(uow, vpc) == []

    def test_next_hop_id_must_match_when_given(self, uow: UnitOfWork, rules: Behaviour) -> None:
        vpc = make_vpc(uow, rules)
        add(uow, rules, vpc, "192.168.1.0/24", "HaVip", "havip-1")
        with pytest.raises(errors.RouteEntryNotFound):
            routes.delete_entry(uow, Scope(ACCOUNT, REGION, NOW), table_id=vpc.route_table_id,
                                destination="192.168.1.0/24", next_hop_id="havip-2")  # fmt: skip
        routes.delete_entry(uow, Scope(ACCOUNT, REGION, NOW), table_id=vpc.route_table_id,
                            destination="192.168.1.0/24", next_hop_id="havip-1")  # fmt: skip

    def test_unknown_entry(self, uow: UnitOfWork, rules: Behaviour) -> None:
        vpc = make_vpc(uow, rules)
        for kw in ({"entry_id": "rte-missing"}, {"table_id": vpc.route_table_id, "destination": "192.168.9.0/24"}):
            with pytest.raises(errors.RouteEntryNotFound) as raised:
                routes.delete_entry(uow, Scope(ACCOUNT, REGION, NOW), **kw)
            assert (raised.value.code, raised.value.status, raised.value.text) == (
                "InvalidRouteEntry.NotFound", 400, "Route entry not exists.")  # fmt: skip

    def test_another_accounts_entry_is_unknown(self, uow: UnitOfWork, rules: Behaviour) -> None:
        vpc = make_vpc(uow, rules)
        entry = add(uow, rules, vpc, "192.168.1.0/24")
        with pytest.raises(errors.RouteEntryNotFound):
            routes.delete_entry(uow, Scope(OTHER_ACCOUNT, REGION, NOW), entry_id=entry.id)

    def test_system_entries_cannot_be_deleted(self, uow: UnitOfWork, rules: Behaviour) -> None:
        vpc = make_vpc(uow, rules)
        with pytest.raises(errors.SystemRouteEntryDenied) as raised:
            routes.delete_entry(
                uow, Scope(ACCOUNT, REGION, NOW), table_id=vpc.route_table_id, destination="100.64.0.0/10"
            )
        assert (raised.value.code, raised.value.status, raised.value.text) == (
            "OperationDenied", 400, "Specified operation is denied as route entry type is system.")  # fmt: skip

    def test_id_or_table_and_destination_are_needed(self, uow: UnitOfWork, rules: Behaviour) -> None:
        vpc = make_vpc(uow, rules)
        for kw in ({}, {"table_id": vpc.route_table_id}, {"destination": "192.168.1.0/24"}):
            with pytest.raises(errors.VpcMissingParameter):
                routes.delete_entry(uow, Scope(ACCOUNT, REGION, NOW), **kw)

    def test_a_custom_route_blocks_vpc_deletion_until_deleted(self, uow: UnitOfWork, rules: Behaviour) -> None:
        vpc = make_vpc(uow, rules)
        entry = add(uow, rules, vpc, "192.168.1.0/24")
        with pytest.raises(errors.VpcHasDependentRouteEntry):
            vpcs.delete(uow, Scope(ACCOUNT, REGION, NOW), vpc.id)
        routes.delete_entry(uow, Scope(ACCOUNT, REGION, NOW), entry_id=entry.id)
        vpcs.delete(uow, Scope(ACCOUNT, REGION, NOW), vpc.id)


class TestDescribeEntries:
    """DescribeRouteEntryList's reads: filters, and its decimal-offset NextToken (docs/compatibility.md)."""

    def find(self, uow: UnitOfWork, vpc: Vpc, token: str | None = None, size: int = 50,
             **where: object) -> Page[RouteEntry]:  # fmt: skip
        return route_reads.find_entries(uow, Scope(ACCOUNT, REGION, NOW),
                                        EntryFilter(route_table_id=vpc.route_table_id, **where),  # type: ignore[arg-type]
                                        Paging(next_token=token, max_results=size, offset_tokens=True))  # fmt: skip

    def test_offset_tokens_walk_the_table(self, uow: UnitOfWork, rules: Behaviour) -> None:
        vpc = make_vpc(uow, rules)
        for n in range(24):
            add(uow, rules, vpc, f"192.168.{n}.0/24")
        first = self.find(uow, vpc, size=20)  # 24 Custom entries and the System 100.64.0.0/10
        assert (len(first.items), first.total, first.next_token) == (20, 25, "20")
        rest = self.find(uow, vpc, first.next_token, size=20)
        assert (len(rest.items), rest.total, rest.next_token) == (5, 25, "")
        assert {e.id for e in first.items}.isdisjoint(e.id for e in rest.items)
        assert self.find(uow, vpc, "3", size=20).items == self.find(uow, vpc).items[3:23]

    def test_filters(self, uow: UnitOfWork, rules: Behaviour) -> None:
        vpc = make_vpc(uow, rules)
        office = add(uow, rules, vpc, "192.168.0.0/24", "VpnGateway", "vpn-1", name="office")
        host = add(uow, rules, vpc, "47.100.1.2")

        def ids(**where: object) -> set[str]:
            return {e.id for e in self.find(uow, vpc, **where).items}

        assert ids(entry_type="System") == {e.id for e in uow.route_entries.find(
            account_id=ACCOUNT, route_table_id=vpc.route_table_id, entry_type="System")}  # fmt: skip
        assert ids(name="office") == ids(next_hop_id="vpn-1") == ids(next_hop_type="VpnGateway") == {office.id}
        assert ids(route_entry_id=host.id) == {host.id}
        # A destination matches the entry's network however it is written (a bare address is a /32).
        assert ids(destinations=["47.100.1.2", "192.168.0.0/24"]) == {host.id, office.id}
        assert ids(destinations=["junk"]) == set()
        assert ids(ip_version="IPv4") == ids()
        assert ids(ip_version="ipv6") == set()

    def test_unknown_or_foreign_table(self, uow: UnitOfWork, rules: Behaviour) -> None:
        theirs = vpcs.create(uow, Scope(OTHER_ACCOUNT, REGION, NOW, rules), cidr_block=None)
        with pytest.raises(errors.RouteTableNotFound):
            self.find(uow, theirs)


class TestDescribeTables:
    ALL = Paging(page_number=1, page_size=50)

    def test_filters_and_the_view(self, uow: UnitOfWork, rules: Behaviour) -> None:
        plain = make_vpc(uow, rules)
        grouped = vpcs.create(uow, Scope(ACCOUNT, REGION, NOW, rules), cidr_block="172.16.0.0/16",
                              resource_group_id="rg-team")  # fmt: skip
        vswitch = vswitches.create(uow, Scope(ACCOUNT, REGION, NOW, rules), vpc_id=grouped.id, zone_id=ZONE,
                                   cidr_block="172.16.1.0/24")  # fmt: skip
        scope = Scope(ACCOUNT, REGION, NOW)

        def ids(**where: object) -> set[str]:
            found = route_reads.find_tables(uow, scope, TableFilter(**where), self.ALL)  # type: ignore[arg-type]
            return {t.id for t in found.items}

        assert ids() == {plain.route_table_id, grouped.route_table_id}
        assert ids(resource_group_id="rg-team") == ids(vpc_id=grouped.id) == {grouped.route_table_id}
        assert ids(router_id=plain.vrouter_id) == {plain.route_table_id}
        assert ids(router_type="VBR") == ids(tags=[{"Key": "k"}]) == set()
        table = uow.route_tables.get(grouped.route_table_id, account_id=ACCOUNT)
        assert table is not None
        view = route_reads.table_view(table, route_reads.table_info(uow, [table])[grouped.id])
        assert (view["ResourceGroupId"], view["VSwitchIds"]) == ("rg-team", {"VSwitchId": [vswitch.id]})
