""""Can A reach B?" (domain/reachability.py): one table row per hop and per blocking reason, each citing the
documented rule it checks. The facts are built by hand: the evaluation is pure and reads no store.

Sources: api-spec §2.1-§2.4 (ClassicLink), ECS "Security group rules" (priority 1-100, smaller is higher; rules
differing only in action: Forbid/Drop wins; basic groups allow all outbound and same-group inbound by default,
enterprise groups deny both), ModifySecurityGroupPolicy (InnerAccessPolicy Accept beats custom rules, Drop
yields to them), AuthorizeSecurityGroup (classic groups: only intranet rules govern private traffic).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace

import pytest

from classiclink.domain.model import (
    Instance,
    Lifecycle,
    Link,
    RouteEntry,
    SecurityGroup,
    SecurityGroupRule,
    Vpc,
    VSwitch,
)
from classiclink.domain.reachability import (
    InvalidTraffic,
    Network,
    Traffic,
    evaluate,
    inner_policy,
    migration_entry,
    opened_traffic,
)

ACCOUNT = "1000000000000001"
REGION = "cn-hangzhou"
NOW = 1_800_000_000.0


def instance(id: str, network: str, groups: list[str], ip: str, *, vpc: str = "", vswitch: str = "",
             status: str = "Running") -> Instance:  # fmt: skip
    return Instance(
        id=id, account_id=ACCOUNT, region_id=REGION, created_at=NOW, zone_id="cn-hangzhou-i", name="",
        description="", host_name="", instance_type="ecs.g6.large", image_id="img", network_type=network,
        security_group_ids=groups, lifecycle=Lifecycle(status), vpc_id=vpc, vswitch_id=vswitch,
        private_ip=ip if network == "vpc" else "", inner_ip=ip if network == "classic" else "",
    )  # fmt: skip


def group(id: str, vpc: str = "", *, kind: str = "normal", inner: str = "") -> SecurityGroup:
    return SecurityGroup(id, ACCOUNT, REGION, NOW, vpc_id=vpc, name="", description="", group_type=kind,
                         inner_access_policy=inner)  # fmt: skip


_numbers = iter(range(1, 1_000_000))


def rule(group_id: str, direction: str, protocol: str = "TCP", ports: str = "22/22", *, policy: str = "Accept",
         priority: int = 1, nic: str = "intranet", cidr: str = "", peer: str = "", owner: str = "") -> SecurityGroupRule:  # fmt: skip
    peer_fields = ({"source_cidr_ip": cidr, "source_group_id": peer, "source_group_owner_account": owner}
                   if direction == "ingress" else
                   {"dest_cidr_ip": cidr, "dest_group_id": peer, "dest_group_owner_account": owner})  # fmt: skip
    return SecurityGroupRule(f"sgr-{next(_numbers):06d}", ACCOUNT, REGION, NOW, security_group_id=group_id,
                             direction=direction, ip_protocol=protocol, port_range=ports, policy=policy,
                             priority=priority, nic_type=nic, **peer_fields)  # fmt: skip


@dataclass
class World:
    """A classic instance ``c`` (sg-c) linked to vpc-1 (172.16.0.0/16, ClassicLink on) where ``v`` (sg-v) runs,
    a second classic instance ``c2`` (sg-c), and ``v2`` (sg-v) in the same VPC. sg-v lets sg-c in on TCP 22."""

    instances: dict[str, Instance] = field(default_factory=dict)
    groups: dict[str, SecurityGroup] = field(default_factory=dict)
    rules: list[SecurityGroupRule] = field(default_factory=list)
    vpcs: dict[str, Vpc] = field(default_factory=dict)
    vswitches: dict[str, VSwitch] = field(default_factory=dict)
    links: dict[str, Link] = field(default_factory=dict)
    routes: list[RouteEntry] = field(default_factory=list)

    @classmethod
    def standard(cls) -> World:
        w = cls()
        w.vpcs["vpc-1"] = Vpc("vpc-1", ACCOUNT, REGION, NOW, cidr_block="172.16.0.0/16", name="", description="",
                              lifecycle=Lifecycle("Available"), vrouter_id="vrt-1", route_table_id="vtb-1",
                              classic_link_enabled=True)  # fmt: skip
        w.vswitches["vsw-1"] = VSwitch("vsw-1", ACCOUNT, REGION, NOW, vpc_id="vpc-1", zone_id="cn-hangzhou-i",
                                       cidr_block="172.16.1.0/24", name="", description="",
                                       lifecycle=Lifecycle("Available"))  # fmt: skip
        w.groups["sg-c"] = group("sg-c")
        w.groups["sg-v"] = group("sg-v", "vpc-1")
        w.add(instance("c", "classic", ["sg-c"], "10.1.0.5"))
        w.add(instance("c2", "classic", ["sg-c"], "10.1.0.6"))
        w.add(instance("v", "vpc", ["sg-v"], "172.16.1.5", vpc="vpc-1", vswitch="vsw-1"))
        w.add(instance("v2", "vpc", ["sg-v"], "172.16.1.6", vpc="vpc-1", vswitch="vsw-1"))
        w.links["c"] = Link("c", ACCOUNT, REGION, NOW, vpc_id="vpc-1")
        w.rules.append(rule("sg-v", "ingress", peer="sg-c"))
        return w

    def add(self, i: Instance) -> None:
        self.instances[i.id] = i

    def network(self) -> Network:
        by_group: dict[str, list[SecurityGroupRule]] = {}
        for r in self.rules:
            by_group.setdefault(r.security_group_id, []).append(r)
        by_vpc: dict[str, list[RouteEntry]] = {}
        for e in self.routes:
            by_vpc.setdefault(e.vpc_id, []).append(e)
        return Network(NOW, self.groups, by_group, self.vpcs, self.vswitches, self.links, by_vpc)


Change = Callable[[World], None]


def nothing(w: World) -> None:
    pass


def set_instance(name: str, **changes: object) -> Change:
    def change(w: World) -> None:
        w.instances[name] = replace(w.instances[name], **changes)  # type: ignore[arg-type]

    return change


def set_group(name: str, **changes: object) -> Change:
    def change(w: World) -> None:
        w.groups[name] = replace(w.groups[name], **changes)  # type: ignore[arg-type]

    return change


def set_vpc(**changes: object) -> Change:
    def change(w: World) -> None:
        w.vpcs["vpc-1"] = replace(w.vpcs["vpc-1"], **changes)  # type: ignore[arg-type]

    return change


def add_rules(*rules: SecurityGroupRule) -> Change:
    def change(w: World) -> None:
        w.rules.extend(rules)

    return change


def no_rules(w: World) -> None:
    w.rules.clear()


def unlink(w: World) -> None:
    del w.links["c"]


def both(*changes: Change) -> Change:
    def change(w: World) -> None:
        for c in changes:
            c(w)

    return change


def ten_eight_vpc(vswitch_cidr: str) -> Change:
    """vpc-1 re-addressed as a 10.0.0.0/8 VPC with ``v`` in a vSwitch of ``vswitch_cidr``."""

    def change(w: World) -> None:
        w.vpcs["vpc-1"] = replace(w.vpcs["vpc-1"], cidr_block="10.0.0.0/8")
        w.vswitches["vsw-1"] = replace(w.vswitches["vsw-1"], cidr_block=vswitch_cidr)
        address = vswitch_cidr.rsplit(".", 1)[0] + ".5"
        w.instances["v"] = replace(w.instances["v"], private_ip=address)

    return change


def custom_route(destination: str) -> Change:
    def change(w: World) -> None:
        w.routes.append(RouteEntry("rte-1", ACCOUNT, REGION, NOW, route_table_id="vtb-1", vpc_id="vpc-1",
                                   destination_cidr_block=destination, entry_type="Custom"))  # fmt: skip

    return change


SSH = Traffic("tcp", 22)

# (id, doc rule, change, source, destination, traffic, reachable, the first blocking check or None)
CASES: list[tuple[str, str, Change, str, str, Traffic, bool, str | None]] = [
    # -- the ClassicLink path, classic => VPC (api-spec §2.3, §2.4)
    ("linked-classic-to-vpc", "§2.3: a ClassicLink connection lets a classic instance reach the VPC",
     nothing, "c", "v", SSH, True, None),
    ("not-linked", "§2.3: classic => VPC needs a ClassicLink connection",
     unlink, "c", "v", SSH, False, "classiclink_link"),
    ("linked-elsewhere", "§2.1 rule 2: one VPC per classic instance; the link must be to this VPC",
     lambda w: w.links.update(c=Link("c", ACCOUNT, REGION, NOW, vpc_id="vpc-9")), "c", "v", SSH, False,
     "classiclink_link"),
    ("classiclink-disabled", "§2.1 rule 5: the VPC must have ClassicLink enabled",
     set_vpc(classic_link_enabled=False), "c", "v", SSH, False, "classiclink_enabled"),
    ("secondary-cidr", "§2.1 rule 3: only the primary CIDR block, not a secondary one",
     both(set_vpc(user_cidrs=["192.168.0.0/16"]), set_instance("v", private_ip="192.168.1.5")), "c", "v", SSH,
     False, "primary_cidr"),
    ("outside-primary", "§2.1 rule 3: an address outside the primary block is not reached",
     set_instance("v", private_ip="172.31.0.5"), "c", "v", SSH, False, "primary_cidr"),
    ("custom-route-10-8", "§2.2: no custom route entry whose destination is 10.0.0.0/8",
     custom_route("10.0.0.0/8"), "c", "v", SSH, False, "classic_route_conflict"),
    ("custom-route-subset", "§2.2: the docs name exactly 10.0.0.0/8; a narrower route does not block",
     custom_route("10.1.0.0/16"), "c", "v", SSH, True, None),
    ("ten-eight-vswitch-in-10-111", "§2.2: a 10.0.0.0/8 VPC talks through vSwitches in 10.111.0.0/16",
     ten_eight_vpc("10.111.1.0/24"), "c", "v", SSH, True, None),
    ("ten-eight-vswitch-outside", "§2.2: a 10.0.0.0/8 VPC's vSwitch outside 10.111.0.0/16 does not",
     ten_eight_vpc("10.112.1.0/24"), "c", "v", SSH, False, "vswitch_in_10_111"),
    ("one-nine-two-vpc", "§2.2: a 192.168.0.0/16 VPC needs a guest OS route (assumed present)",
     both(set_vpc(cidr_block="192.168.0.0/16"), set_instance("v", private_ip="192.168.1.5")), "c", "v", SSH,
     True, None),
    # -- VPC => classic (§2.4: VPC instances reach only the classic instances linked to their VPC)
    ("vpc-to-linked-classic", "§2.4: a VPC instance reaches a linked classic instance",
     add_rules(rule("sg-c", "ingress", peer="sg-v")), "v", "c", SSH, True, None),
    ("vpc-to-unlinked-classic", "§2.4: ... and never a classic instance not linked to its VPC",
     add_rules(rule("sg-c", "ingress", peer="sg-v")), "v", "c2", SSH, False, "classiclink_link"),
    # -- the other network paths (§2.3)
    ("classic-to-classic", "§2.3: classic <=> classic, same region and account: security groups decide",
     both(set_group("sg-c", inner_access_policy="Drop"), add_rules(rule("sg-c", "ingress", cidr="10.1.0.5/32"))),
     "c", "c2", SSH, True, None),
    ("classic-to-classic-other-account", "§2.3: another account needs cross-account authorization/transfer",
     set_instance("c2", account_id="2000000000000002"), "c", "c2", SSH, False, "same_account_region"),
    ("other-region", "§2.3: different regions need migration to VPCs",
     set_instance("v", region_id="cn-beijing"), "c", "v", SSH, False, "same_account_region"),
    ("same-vpc", "VPC instances of one VPC: security groups decide (inner Accept here)",
     nothing, "v", "v2", SSH, True, None),
    ("different-vpcs", "§2.3: ClassicLink does not connect two VPCs",
     set_instance("v2", vpc_id="vpc-2"), "v", "v2", SSH, False, "same_vpc"),
    # -- instance state
    ("source-stopped", "§4.9: an instance not Running sends nothing", set_instance("c", lifecycle=Lifecycle("Stopped")),
     "c", "v", SSH, False, "source_running"),
    ("destination-stopped", "§4.9: an instance not Running answers nothing",
     set_instance("v", lifecycle=Lifecycle("Stopped")), "c", "v", SSH, False, "destination_running"),
    ("destination-starting", "Starting is not Running", set_instance("v", lifecycle=Lifecycle("Starting")),
     "c", "v", SSH, False, "destination_running"),
    # -- ingress rules (Security group rules: default deny inbound; group and CIDR peers)
    ("no-ingress-rule", "Security group rules: inbound is denied by default", no_rules, "c", "v", SSH, False,
     "ingress"),
    ("ingress-other-port", "a rule matches its port range only", nothing, "c", "v", Traffic("tcp", 80), False,
     "ingress"),
    ("ingress-port-range", "a port range a/b covers ports a to b",
     add_rules(rule("sg-v", "ingress", ports="8000/9000", peer="sg-c")), "c", "v", Traffic("tcp", 8443), True, None),
    ("ingress-udp-not-tcp", "a TCP rule does not open UDP", nothing, "c", "v", Traffic("udp", 22), False, "ingress"),
    ("ingress-cidr-match", "a CIDR authorization object matches the source address",
     both(no_rules, add_rules(rule("sg-v", "ingress", cidr="10.1.0.0/16"))), "c", "v", SSH, True, None),
    ("ingress-cidr-miss", "... and not an address outside it",
     both(no_rules, add_rules(rule("sg-v", "ingress", cidr="10.2.0.0/16"))), "c", "v", SSH, False, "ingress"),
    ("ingress-single-ip", "an IP address as authorization object",
     both(no_rules, add_rules(rule("sg-v", "ingress", cidr="10.1.0.5"))), "c", "v", SSH, True, None),
    ("ingress-any", "0.0.0.0/0 matches every address",
     both(no_rules, add_rules(rule("sg-v", "ingress", cidr="0.0.0.0/0"))), "c", "v", SSH, True, None),
    ("ingress-group-not-member", "a group authorization matches the peer group's members only",
     both(no_rules, add_rules(rule("sg-v", "ingress", peer="sg-other"))), "c", "v", SSH, False, "ingress"),
    ("ingress-group-other-owner", "a group of another owner account is not this account's group",
     both(no_rules, add_rules(rule("sg-v", "ingress", peer="sg-c", owner="2000000000000002"))), "c", "v", SSH,
     False, "ingress"),
    ("ingress-all-protocols", "protocol ALL (-1/-1) opens every port",
     both(no_rules, add_rules(rule("sg-v", "ingress", "ALL", "-1/-1", peer="sg-c"))), "c", "v", Traffic("udp", 53),
     True, None),
    ("icmp", "an ICMP rule opens ICMP",
     add_rules(rule("sg-v", "ingress", "ICMP", "-1/-1", peer="sg-c")), "c", "v", Traffic("icmp"), True, None),
    ("icmp-not-open", "a TCP rule does not open ICMP", nothing, "c", "v", Traffic("icmp"), False, "ingress"),
    ("gre-does-not-open-tcp", "a GRE rule opens no TCP port",
     both(no_rules, add_rules(rule("sg-v", "ingress", "GRE", "-1/-1", peer="sg-c"))), "c", "v", SSH, False,
     "ingress"),
    ("all-traffic-needs-all-rule", "asking about all traffic: a TCP 22 rule is not all of it",
     nothing, "c", "v", Traffic("all"), False, "ingress"),
    ("all-traffic-all-rule", "an ALL rule lets all traffic in",
     add_rules(rule("sg-v", "ingress", "ALL", "-1/-1", peer="sg-c")), "c", "v", Traffic("all"), True, None),
    ("all-traffic-partial-drop", "a Drop of any part at a higher priority blocks 'all traffic'",
     add_rules(rule("sg-v", "ingress", "ALL", "-1/-1", peer="sg-c", priority=2),
               rule("sg-v", "ingress", "TCP", "3306/3306", peer="sg-c", policy="Drop", priority=1)),
     "c", "v", Traffic("all"), False, "ingress"),
    ("ipv6-rule-no-match", "an IPv6 authorization object matches no IPv4 private address",
     both(no_rules, add_rules(replace(rule("sg-v", "ingress"), ipv6_source_cidr_ip="::/0"))), "c", "v", SSH,
     False, "ingress"),
    # -- priority and Drop over Accept (Security group rules: 1 is highest; only-action-differs: Forbid wins)
    ("drop-same-priority-wins", "rules that differ only in action: the Drop one takes effect",
     add_rules(rule("sg-v", "ingress", peer="sg-c", policy="Drop")), "c", "v", SSH, False, "ingress"),
    ("higher-priority-accept-wins", "a smaller priority value is a higher priority: Accept 1 beats Drop 2",
     add_rules(rule("sg-v", "ingress", cidr="0.0.0.0/0", policy="Drop", priority=2)), "c", "v", SSH, True, None),
    ("higher-priority-drop-wins", "Drop at 1 beats Accept at 5",
     both(no_rules, add_rules(rule("sg-v", "ingress", peer="sg-c", priority=5),
                              rule("sg-v", "ingress", cidr="10.0.0.0/8", policy="Drop", priority=1))),
     "c", "v", SSH, False, "ingress"),
    ("rules-of-all-groups-aggregate", "an instance's groups' rules are sorted together: sg-v2's Drop wins",
     both(set_instance("v", security_group_ids=["sg-v", "sg-v2"]), lambda w: w.groups.update({"sg-v2": group("sg-v2", "vpc-1")}),
          add_rules(rule("sg-v2", "ingress", cidr="10.1.0.5/32", policy="Drop"))), "c", "v", SSH, False, "ingress"),
    # -- NicType (AuthorizeSecurityGroup: classic groups' private traffic uses intranet rules)
    ("classic-internet-rule-ignored", "a classic group's internet rule does not govern private traffic",
     both(set_group("sg-c", inner_access_policy="Drop"),
          add_rules(rule("sg-c", "ingress", cidr="10.1.0.5/32", nic="internet"))), "c", "c2", SSH, False, "ingress"),
    ("classic-intranet-rule", "... its intranet rule does",
     both(set_group("sg-c", inner_access_policy="Drop"),
          add_rules(rule("sg-c", "ingress", cidr="10.1.0.5/32", nic="intranet"))), "c", "c2", SSH, True, None),
    ("vpc-rule-any-nic", "VPC group rules control internal traffic whatever NicType was stored",
     both(no_rules, add_rules(rule("sg-v", "ingress", peer="sg-c", nic="internet"))), "c", "v", SSH, True, None),
    # -- egress (basic: allow all by default; enterprise: deny by default)
    ("egress-default-allow", "basic groups allow all outbound traffic by default", nothing, "c", "v", SSH, True, None),
    ("egress-drop", "an egress Drop rule blocks it",
     add_rules(rule("sg-c", "egress", cidr="172.16.0.0/16", policy="Drop")), "c", "v", SSH, False, "egress"),
    ("egress-drop-group", "an egress rule naming the destination's group",
     add_rules(rule("sg-c", "egress", peer="sg-v", policy="Drop")), "c", "v", SSH, False, "egress"),
    ("egress-accept-beats-drop", "egress Accept at priority 1 before a Drop-all at 100",
     add_rules(rule("sg-c", "egress", cidr="172.16.1.5/32"),
               rule("sg-c", "egress", "ALL", "-1/-1", cidr="0.0.0.0/0", policy="Drop", priority=100)),
     "c", "v", SSH, True, None),
    ("egress-enterprise-default-deny", "enterprise groups deny outbound traffic by default",
     set_group("sg-c", group_type="enterprise"), "c", "v", SSH, False, "egress"),
    ("egress-enterprise-rule", "... unless an egress rule accepts it",
     both(set_group("sg-c", group_type="enterprise"), add_rules(rule("sg-c", "egress", peer="sg-v"))),
     "c", "v", SSH, True, None),
    ("egress-internet-rule-classic", "a classic group's internet egress Drop does not touch private traffic",
     add_rules(rule("sg-c", "egress", cidr="0.0.0.0/0", policy="Drop", nic="internet")), "c", "v", SSH, True, None),
    # -- inner-access policy (ModifySecurityGroupPolicy)
    ("inner-accept", "InnerAccessPolicy Accept: members reach each other without rules",
     no_rules, "v", "v2", SSH, True, None),
    ("inner-accept-beats-drop-rule", "Accept takes precedence over user-created rules",
     add_rules(rule("sg-v", "ingress", peer="sg-v", policy="Drop")), "v", "v2", SSH, True, None),
    ("inner-drop-isolates", "InnerAccessPolicy Drop: members are isolated", set_group("sg-v", inner_access_policy="Drop"),
     "v", "v2", SSH, False, "ingress"),
    ("inner-drop-rule-allows", "Drop: a custom rule can still let members in",
     both(set_group("sg-v", inner_access_policy="Drop"), add_rules(rule("sg-v", "ingress", peer="sg-v"))),
     "v", "v2", SSH, True, None),
    ("enterprise-isolates", "enterprise groups always isolate their members",
     set_group("sg-v", group_type="enterprise", inner_access_policy="Accept"), "v", "v2", SSH, False, "egress"),
    ("inner-classic", "classic members of an Accept group reach each other", nothing, "c", "c2", SSH, True, None),
]


@pytest.mark.parametrize(("doc", "change", "source", "destination", "traffic", "reachable", "blocked"),
                         [case[1:] for case in CASES], ids=[case[0] for case in CASES])  # fmt: skip
def test_reachability(doc: str, change: Change, source: str, destination: str, traffic: Traffic, reachable: bool,
                      blocked: str | None) -> None:  # fmt: skip
    world = World.standard()
    change(world)
    verdict = evaluate(world.network(), world.instances[source], world.instances[destination], traffic)
    first = verdict.blocked_by
    assert (verdict.reachable, first.check if first else None) == (reachable, blocked), (doc, verdict.view())


def test_every_hop_has_check_allowed_and_a_rule_or_reason() -> None:
    world = World.standard()
    view = evaluate(world.network(), world.instances["c"], world.instances["v"], SSH).view()
    checks = [hop["check"] for hop in view["path"]]
    assert checks == ["source_running", "destination_running", "same_account_region", "classiclink_enabled",
                      "classiclink_link", "primary_cidr", "classic_route_conflict", "egress", "ingress"]  # fmt: skip
    for hop in view["path"]:
        assert isinstance(hop["allowed"], bool) and hop["reason"]
    ingress = view["path"][-1]
    assert ingress["rule"] == {"id": world.rules[0].id, "security_group_id": "sg-v", "direction": "ingress",
                               "policy": "Accept", "priority": 1, "ip_protocol": "TCP", "port_range": "22/22",
                               "nic_type": "intranet", "source_group_id": "sg-c"}  # fmt: skip
    assert view["reachable"] is True and view["blocked_by"] is None


def test_a_drop_names_its_rule() -> None:
    world = World.standard()
    drop = rule("sg-v", "ingress", peer="sg-c", policy="Drop")
    world.rules.append(drop)
    verdict = evaluate(world.network(), world.instances["c"], world.instances["v"], SSH)
    assert verdict.blocked_by is not None and verdict.blocked_by.rule == drop


def test_every_failing_hop_is_listed_not_only_the_first() -> None:
    world = World.standard()
    unlink(world)
    set_vpc(classic_link_enabled=False)(world)
    no_rules(world)
    path = evaluate(world.network(), world.instances["c"], world.instances["v"], SSH).path
    assert [h.check for h in path if not h.allowed] == ["classiclink_enabled", "classiclink_link", "ingress"]


@pytest.mark.parametrize(("protocol", "port", "expected"), [
    ("tcp", 22, Traffic("tcp", 22)), ("UDP", "53", Traffic("udp", 53)), ("icmp", None, Traffic("icmp")),
    ("all", 80, Traffic("all")),
])  # fmt: skip
def test_traffic_parse(protocol: str, port: int | str | None, expected: Traffic) -> None:
    assert Traffic.parse(protocol, port) == expected


@pytest.mark.parametrize(("protocol", "port"), [("gre", 1), ("tcp", None), ("tcp", 0), ("udp", 65536), ("tcp", "x")])
def test_traffic_parse_refuses(protocol: str, port: int | str | None) -> None:
    with pytest.raises(InvalidTraffic):
        Traffic.parse(protocol, port)


def test_inner_policy_defaults() -> None:
    # ModifySecurityGroupPolicy: basic groups default to Accept; enterprise groups are always Drop.
    assert inner_policy(group("sg-1")) == "Accept"
    assert inner_policy(group("sg-1", inner="Drop")) == "Drop"
    assert inner_policy(group("sg-1", kind="enterprise", inner="Accept")) == "Drop"


def test_opened_traffic_lists_accepted_ports_once() -> None:
    rules = [rule("sg", "ingress", ports="22/22"), rule("sg", "egress", ports="22/22"),
             rule("sg", "ingress", "UDP", "53/53"), rule("sg", "ingress", ports="80/80", policy="Drop"),
             rule("sg", "ingress", "ICMP", "-1/-1")]  # fmt: skip
    assert opened_traffic(rules) == [Traffic("tcp", 22), Traffic("udp", 53), Traffic("icmp")]


def test_migration_entry_splits_reachable_and_unreachable() -> None:
    world = World.standard()
    world.rules.append(rule("sg-v", "ingress", ports="80/80", peer="sg-c", policy="Drop"))  # closes 80 ... and
    world.rules.append(rule("sg-c", "egress", ports="443/443", peer="sg-v"))  # 443 is opened, not let in
    network = world.network()
    targets = [world.instances["v"], world.instances["v2"]]
    entry = migration_entry(network, world.instances["c"], targets)
    assert entry["linked_vpc_id"] == "vpc-1"
    assert [(r["instance_id"], r["port"]) for r in entry["reachable"]] == [("v", 22), ("v2", 22)]
    assert {(r["instance_id"], r["port"], r["check"]) for r in entry["unreachable"]} == {
        ("v", 443, "ingress"), ("v2", 443, "ingress")}
    unlinked = migration_entry(network, world.instances["c2"], targets)
    assert unlinked["linked_vpc_id"] is None and unlinked["reachable"] == [] and "not linked" in unlinked["note"]
