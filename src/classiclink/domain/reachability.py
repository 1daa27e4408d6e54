"""Can instance A reach instance B? The ClassicLink and security-group rules, evaluated hop by hop.

Pure domain: the caller gathers the facts (``Network``) and asks ``evaluate``; nothing here reads a store.
Every hop says what it checked, whether it lets the traffic through, and the rule that decided or why.
The traffic is reachable when every hop allows it. Doc facts (cited in docs/reachability.md):

* api-spec §2.3/§2.4: classic <=> VPC traffic needs a ClassicLink connection; VPC instances reach only the
  classic instances linked to their VPC; classic <=> classic needs the same region and account.
* api-spec §2.1 rule 3: classic instances reach only the VPC's primary CIDR block, not a secondary one.
* api-spec §2.2: no custom route to 10.0.0.0/8 in the VPC; a 10.0.0.0/8 VPC talks through vSwitches in
  10.111.0.0/16; a 192.168.0.0/16 VPC needs an OS route on the classic instance (not observable: assumed).
* ECS "Security group rules": a smaller priority value is higher (1-100); rules that differ only in their
  action: the Drop (Forbid) one wins; rules of all an instance's groups are aggregated; basic groups allow all
  outbound and only same-group inbound by default, enterprise groups deny both.
* ModifySecurityGroupPolicy: InnerAccessPolicy Accept lets members reach each other whatever the custom rules;
  Drop isolates them unless a custom rule allows; enterprise groups are always Drop.
* AuthorizeSecurityGroup: classic groups have internet and intranet rules, and only intranet rules govern
  private traffic; group-to-group rules are intranet rules; VPC group rules govern all traffic.
* Instances not Running are unreachable (and reach nothing).
"""

from __future__ import annotations

import ipaddress
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from .model import Instance, Link, RouteEntry, SecurityGroup, SecurityGroupRule, Vpc, VSwitch

PROTOCOLS = ("tcp", "udp", "icmp", "all")
CLASSIC_RANGE = ipaddress.IPv4Network("10.0.0.0/8")
CLASSICLINK_10_VSWITCHES = ipaddress.IPv4Network("10.111.0.0/16")
RANGE_192 = ipaddress.IPv4Network("192.168.0.0/16")

Address = ipaddress.IPv4Address | ipaddress.IPv6Address
Net = ipaddress.IPv4Network | ipaddress.IPv6Network


class InvalidTraffic(ValueError):
    """A protocol or port that cannot be asked about (a usage error of the caller's): which one, and why."""

    def __init__(self, parameter: str, why: str) -> None:
        super().__init__(f"{parameter}: {why}")
        self.parameter = parameter
        self.why = why


@dataclass(frozen=True)
class Traffic:
    """What is sent: a protocol (tcp, udp, icmp, all) and, for tcp and udp, a destination port."""

    protocol: str
    port: int | None = None

    @classmethod
    def parse(cls, protocol: str, port: int | str | None) -> Traffic:
        name = protocol.strip().lower()
        if name not in PROTOCOLS:
            raise InvalidTraffic("protocol", f"{protocol!r} is not one of {', '.join(PROTOCOLS)}")
        if name in ("icmp", "all"):
            return cls(name, None)  # no ports: the API's port range for them is -1/-1
        if port is None or port == "":
            raise InvalidTraffic("port", f"protocol {name} needs a port (1-65535)")
        try:
            number = int(port)
        except (TypeError, ValueError):
            raise InvalidTraffic("port", f"{port!r} is not a whole number from 1 to 65535") from None
        if not 1 <= number <= 65535:
            raise InvalidTraffic("port", f"{number} is not from 1 to 65535")
        return cls(name, number)

    def label(self) -> str:
        return f"{self.protocol}/{self.port}" if self.port is not None else self.protocol


@dataclass(frozen=True)
class Hop:
    check: str
    allowed: bool
    reason: str
    rule: SecurityGroupRule | None = None

    def view(self) -> dict[str, Any]:
        document: dict[str, Any] = {"check": self.check, "allowed": self.allowed, "reason": self.reason}
        if self.rule is not None:
            document["rule"] = rule_view(self.rule)
        return document


@dataclass(frozen=True)
class Verdict:
    source: Instance
    destination: Instance
    traffic: Traffic
    path: tuple[Hop, ...]

    @property
    def reachable(self) -> bool:
        return all(hop.allowed for hop in self.path)

    @property
    def blocked_by(self) -> Hop | None:
        return next((hop for hop in self.path if not hop.allowed), None)

    def view(self) -> dict[str, Any]:
        blocked = self.blocked_by
        return {
            "reachable": self.reachable,
            "source": endpoint_view(self.source),
            "destination": endpoint_view(self.destination),
            "protocol": self.traffic.protocol,
            "port": self.traffic.port,
            "blocked_by": None if blocked is None else {"check": blocked.check, "reason": blocked.reason},
            "path": [hop.view() for hop in self.path],
        }


@dataclass
class Network:
    """The facts of one account and region that the hops need, gathered by the caller."""

    now: float
    groups: Mapping[str, SecurityGroup] = field(default_factory=dict)
    rules: Mapping[str, Sequence[SecurityGroupRule]] = field(default_factory=dict)  # by security group id
    vpcs: Mapping[str, Vpc] = field(default_factory=dict)
    vswitches: Mapping[str, VSwitch] = field(default_factory=dict)
    links: Mapping[str, Link] = field(default_factory=dict)  # by classic instance id
    routes: Mapping[str, Sequence[RouteEntry]] = field(default_factory=dict)  # by VPC id


def rule_view(rule: SecurityGroupRule) -> dict[str, Any]:
    peer = ("source" if rule.direction == "ingress" else "dest")
    document: dict[str, Any] = {
        "id": rule.id,
        "security_group_id": rule.security_group_id,
        "direction": rule.direction,
        "policy": rule.policy,
        "priority": rule.priority,
        "ip_protocol": rule.ip_protocol,
        "port_range": rule.port_range,
        "nic_type": rule.nic_type,
    }
    for name in ("cidr_ip", "group_id", "group_owner_account", "prefix_list_id"):
        value = getattr(rule, f"{peer}_{name}")
        if value:
            document[f"{peer}_{name}"] = value
    if rule.description:
        document["description"] = rule.description
    return document


def endpoint_view(instance: Instance) -> dict[str, Any]:
    return {
        "instance_id": instance.id,
        "network_type": instance.network_type,
        "vpc_id": instance.vpc_id,
        "address": address_of(instance),
        "security_group_ids": list(instance.security_group_ids),
    }


def address_of(instance: Instance) -> str:
    """The private address traffic uses: a classic instance's inner IP, a VPC instance's private IP."""
    return instance.inner_ip if instance.is_classic else instance.private_ip


def inner_policy(group: SecurityGroup) -> str:
    """The effective InnerAccessPolicy: enterprise groups are always Drop; a basic group defaults to Accept."""
    if group.group_type == "enterprise":
        return "Drop"
    return "Drop" if group.inner_access_policy.lower() == "drop" else "Accept"


# --- the evaluation ---------------------------------------------------------------------------------------------


def evaluate(network: Network, source: Instance, destination: Instance, traffic: Traffic) -> Verdict:
    path: list[Hop] = [
        _running("source_running", source, network.now),
        _running("destination_running", destination, network.now),
        _same_account_region(source, destination),
    ]
    path.extend(_network_hops(network, source, destination))
    path.extend(_security_hops(network, source, destination, traffic))
    return Verdict(source, destination, traffic, tuple(path))


def _running(check: str, instance: Instance, now: float) -> Hop:
    status = instance.lifecycle.at(now)
    if status == "Running":
        return Hop(check, True, f"{instance.id} is Running")
    return Hop(check, False, f"{instance.id} is {status}, not Running: it neither sends nor answers traffic")


def _same_account_region(source: Instance, destination: Instance) -> Hop:
    check = "same_account_region"
    if source.account_id != destination.account_id:
        return Hop(check, False, "the instances belong to different accounts: ClassicLink and security-group "
                                 "authorization here are within one account (transfer or migrate first)")
    if source.region_id != destination.region_id:
        return Hop(check, False, f"the instances are in different regions ({source.region_id}, "
                                 f"{destination.region_id}): migrate to VPCs and connect them")
    return Hop(check, True, f"same account and region ({source.region_id})")


def _network_hops(network: Network, source: Instance, destination: Instance) -> list[Hop]:
    if source.is_classic and destination.is_classic:
        return [Hop("classic_network", True,
                    "both on the classic network of the same region and account: security groups decide")]
    if not source.is_classic and not destination.is_classic:
        if source.vpc_id == destination.vpc_id:
            return [Hop("same_vpc", True, f"both in {source.vpc_id}")]
        return [Hop("same_vpc", False, f"different VPCs ({source.vpc_id}, {destination.vpc_id}): ClassicLink does "
                                       "not connect VPCs to each other (connecting VPCs is not modelled)")]
    classic, in_vpc = (source, destination) if source.is_classic else (destination, source)
    return _classiclink_hops(network, classic, in_vpc, outbound=source.is_classic)


def _classiclink_hops(network: Network, classic: Instance, in_vpc: Instance, *, outbound: bool) -> list[Hop]:
    vpc = network.vpcs.get(in_vpc.vpc_id)
    hops: list[Hop] = []
    if vpc is None or not vpc.classic_link_enabled:
        hops.append(Hop("classiclink_enabled", False, f"{in_vpc.vpc_id} does not have ClassicLink enabled"))
    else:
        hops.append(Hop("classiclink_enabled", True, f"{vpc.id} has ClassicLink enabled"))
    link = network.links.get(classic.id)
    if link is not None and link.vpc_id == in_vpc.vpc_id:
        hops.append(Hop("classiclink_link", True, f"{classic.id} is linked to {link.vpc_id}"))
    else:
        elsewhere = f" (it is linked to {link.vpc_id})" if link is not None else ""
        direction = ("a classic instance reaches a VPC only through a ClassicLink connection" if outbound else
                     "VPC instances reach only the classic instances linked to their VPC")
        hops.append(Hop("classiclink_link", False, f"{classic.id} is not linked to {in_vpc.vpc_id}{elsewhere}: "
                                                   f"{direction}"))
    if vpc is not None:
        hops.append(_primary_cidr(vpc, in_vpc))
        hops.extend(_cidr_conditions(network, vpc, in_vpc))
    return hops


def _primary_cidr(vpc: Vpc, in_vpc: Instance) -> Hop:
    check = "primary_cidr"
    address = _ip(address_of(in_vpc))
    primary = _net(vpc.cidr_block)
    if address is not None and primary is not None and address in primary:
        return Hop(check, True, f"{address} is in the VPC's primary CIDR block {vpc.cidr_block}")
    for cidr in vpc.user_cidrs:
        net = _net(cidr)
        if address is not None and net is not None and address in net:
            return Hop(check, False, f"{address} is in the secondary (user) CIDR block {cidr}: classic instances "
                                     f"reach only the primary CIDR block {vpc.cidr_block}")
    return Hop(check, False, f"{address_of(in_vpc) or 'no address'} is outside the VPC's primary CIDR block "
                             f"{vpc.cidr_block}: classic instances reach only the primary block")


def _cidr_conditions(network: Network, vpc: Vpc, in_vpc: Instance) -> list[Hop]:
    hops: list[Hop] = []
    conflict = next((r for r in network.routes.get(vpc.id, ())
                     if r.entry_type == "Custom" and r.destination_cidr_block == "10.0.0.0/8"), None)
    if conflict is not None:
        hops.append(Hop("classic_route_conflict", False, f"{vpc.id} has a custom route entry {conflict.id} to "
                                                         "10.0.0.0/8, which takes the classic network's traffic"))
    else:
        hops.append(Hop("classic_route_conflict", True, f"{vpc.id} has no custom route entry to 10.0.0.0/8"))
    primary = _net(vpc.cidr_block)
    if isinstance(primary, ipaddress.IPv4Network) and primary.subnet_of(CLASSIC_RANGE):
        vswitch = network.vswitches.get(in_vpc.vswitch_id)
        cidr = _net(vswitch.cidr_block) if vswitch is not None else None
        if isinstance(cidr, ipaddress.IPv4Network) and cidr.subnet_of(CLASSICLINK_10_VSWITCHES):
            hops.append(Hop("vswitch_in_10_111", True, f"{vpc.id} is a 10.0.0.0/8 VPC and {in_vpc.id}'s vSwitch "
                                                       f"{in_vpc.vswitch_id} ({cidr}) is in 10.111.0.0/16"))
        else:
            hops.append(Hop("vswitch_in_10_111", False, f"{vpc.id} is a 10.0.0.0/8 VPC: only vSwitches in "
                                                        f"10.111.0.0/16 talk to the classic network, and "
                                                        f"{in_vpc.vswitch_id} is {cidr or 'unknown'}"))
    elif isinstance(primary, ipaddress.IPv4Network) and primary.subnet_of(RANGE_192):
        hops.append(Hop("classic_os_route_192_168", True, f"{vpc.id} is a 192.168.0.0/16 VPC: the classic instance "
                                                          "needs an OS route 192.168.0.0/16 to its private NIC "
                                                          "(inside the guest, not observable: assumed present)"))
    return hops


# --- security groups ---------------------------------------------------------------------------------------------


def _security_hops(network: Network, source: Instance, destination: Instance, traffic: Traffic) -> list[Hop]:
    shared = [network.groups[g] for g in source.security_group_ids
              if g in destination.security_group_ids and g in network.groups]
    hops: list[Hop] = []
    accepting = next((g for g in shared if inner_policy(g) == "Accept"), None)
    if accepting is not None:
        reason = f"both in {accepting.id}, whose InnerAccessPolicy Accept lets members reach each other " \
                 "whatever the custom rules"
        hops.append(Hop("inner_access", True, reason))
        hops.append(Hop("egress", True, f"decided by {accepting.id}'s InnerAccessPolicy Accept"))
        hops.append(Hop("ingress", True, f"decided by {accepting.id}'s InnerAccessPolicy Accept"))
        return hops
    if shared:
        names = ", ".join(g.id for g in shared)
        hops.append(Hop("inner_access", True, f"both in {names} with InnerAccessPolicy Drop: members are isolated "
                                              "unless a custom rule allows them; the rules below decide"))
    hops.append(_egress(network, source, destination, traffic))
    hops.append(_ingress(network, source, destination, traffic, isolated=bool(shared)))
    return hops


def _egress(network: Network, source: Instance, destination: Instance, traffic: Traffic) -> Hop:
    groups = _groups_of(network, source)
    winner = _first_match(network, groups, "egress", destination, traffic)
    if winner is not None:
        return _decided("egress", winner, traffic)
    if groups and all(g.group_type != "enterprise" for g in groups):
        return Hop("egress", True, "no egress rule matches: basic security groups allow all outbound traffic by "
                                   "default")
    if not groups:
        return Hop("egress", False, f"{source.id} is in no known security group")
    return Hop("egress", False, "no egress rule matches: enterprise security groups deny outbound traffic by default")


def _ingress(network: Network, source: Instance, destination: Instance, traffic: Traffic, *, isolated: bool) -> Hop:
    groups = _groups_of(network, destination)
    winner = _first_match(network, groups, "ingress", source, traffic)
    if winner is not None:
        return _decided("ingress", winner, traffic)
    why = "security groups deny inbound traffic by default"
    if isolated:
        why += " (and the shared group's InnerAccessPolicy Drop isolates its members)"
    return Hop("ingress", False, f"no ingress rule of {destination.id}'s groups matches {traffic.label()} from "
                                 f"{address_of(source) or source.id}: {why}")


def _decided(check: str, rule: SecurityGroupRule, traffic: Traffic) -> Hop:
    if rule.policy.lower() == "drop":
        return Hop(check, False, f"{traffic.label()} dropped by rule {rule.id} of {rule.security_group_id} "
                                 f"(priority {rule.priority})", rule)
    return Hop(check, True, f"{traffic.label()} accepted by rule {rule.id} of {rule.security_group_id} "
                            f"(priority {rule.priority})", rule)


def _groups_of(network: Network, instance: Instance) -> list[SecurityGroup]:
    return [network.groups[g] for g in instance.security_group_ids if g in network.groups]


def _first_match(network: Network, groups: Iterable[SecurityGroup], direction: str, peer: Instance,
                 traffic: Traffic) -> SecurityGroupRule | None:
    """The deciding rule: all the groups' rules together, priority 1 first, Drop before Accept at one priority."""
    candidates = [
        rule
        for group in groups
        for rule in network.rules.get(group.id, ())
        if rule.direction == direction and _applies(group, rule, peer, traffic)
    ]
    candidates.sort(key=lambda r: (r.priority, 0 if r.policy.lower() == "drop" else 1, r.created_at, r.id))
    return candidates[0] if candidates else None


def _applies(group: SecurityGroup, rule: SecurityGroupRule, peer: Instance, traffic: Traffic) -> bool:
    # Classic groups keep internet rules apart; only intranet rules govern private traffic. VPC rules govern all.
    if group.network_type == "classic" and rule.nic_type.lower() != "intranet":
        return False
    return _protocol_matches(rule, traffic) and _peer_matches(rule, peer)


def _protocol_matches(rule: SecurityGroupRule, traffic: Traffic) -> bool:
    protocol = rule.ip_protocol.upper()
    if protocol == "ALL":
        return True
    if traffic.protocol == "all":
        # "Does all traffic pass?": only an ALL rule accepts all of it, and a Drop of any part blocks it.
        return rule.policy.lower() == "drop" and protocol in ("TCP", "UDP", "ICMP")
    if protocol != traffic.protocol.upper():
        return False
    if traffic.port is None:
        return True
    return _port_in(rule.port_range, traffic.port)


def _port_in(port_range: str, port: int) -> bool:
    low_text, _, high_text = port_range.partition("/")
    try:
        low, high = int(low_text), int(high_text or low_text)
    except ValueError:
        return False
    if low == -1 and high == -1:
        return True
    return low <= port <= high


def _peer_matches(rule: SecurityGroupRule, peer: Instance) -> bool:
    if rule.direction == "ingress":
        group_id, owner, cidr = rule.source_group_id, rule.source_group_owner_account, rule.source_cidr_ip
    else:
        group_id, owner, cidr = rule.dest_group_id, rule.dest_group_owner_account, rule.dest_cidr_ip
    if group_id:
        return group_id in peer.security_group_ids and (not owner or owner == peer.account_id)
    if cidr:
        address, net = _ip(address_of(peer)), _net(cidr)
        return address is not None and net is not None and address.version == net.version and address in net
    return False  # IPv6-only and prefix-list peers: no IPv4 private address matches them


def _ip(text: str) -> Address | None:
    try:
        return ipaddress.ip_address(text)
    except ValueError:
        return None


def _net(text: str) -> Net | None:
    try:
        return ipaddress.ip_network(text, strict=False)
    except ValueError:
        return None


# --- the migration view ------------------------------------------------------------------------------------------


def opened_traffic(rules: Iterable[SecurityGroupRule]) -> list[Traffic]:
    """The traffic Accept rules open: the first port of each TCP/UDP range, ICMP, and ALL as "all"."""
    found: set[Traffic] = set()
    for rule in rules:
        if rule.policy.lower() != "accept":
            continue
        protocol = rule.ip_protocol.upper()
        if protocol == "ALL":
            found.add(Traffic("all"))
        elif protocol == "ICMP":
            found.add(Traffic("icmp"))
        elif protocol in ("TCP", "UDP"):
            low = rule.port_range.partition("/")[0]
            if low.isdigit() and 1 <= int(low) <= 65535:
                found.add(Traffic(protocol.lower(), int(low)))
    order = {name: i for i, name in enumerate(PROTOCOLS)}
    return sorted(found, key=lambda t: (order[t.protocol], t.port or 0))


def migration_entry(network: Network, classic: Instance, candidates: Sequence[Instance]) -> dict[str, Any]:
    """One classic instance: its link and, for each instance of the linked VPC and each opened port, whether the
    classic instance reaches it, and what blocks it when not."""
    link = network.links.get(classic.id)
    entry: dict[str, Any] = {
        "instance_id": classic.id,
        "inner_ip": classic.inner_ip,
        "status": classic.lifecycle.at(network.now),
        "security_group_ids": list(classic.security_group_ids),
        "linked_vpc_id": link.vpc_id if link is not None else None,
        "reachable": [],
        "unreachable": [],
    }
    if link is None:
        entry["note"] = "not linked to a VPC: it reaches no VPC instance (AttachClassicLinkVpc first)"
        return entry
    own_rules = [r for g in classic.security_group_ids for r in network.rules.get(g, ())]
    for target in candidates:
        if target.vpc_id != link.vpc_id:
            continue
        their_rules = [r for g in target.security_group_ids for r in network.rules.get(g, ()) if r.direction == "ingress"]
        for traffic in opened_traffic([*own_rules, *their_rules]) or [Traffic("all")]:
            verdict = evaluate(network, classic, target, traffic)
            row: dict[str, Any] = {"instance_id": target.id, "private_ip": target.private_ip,
                                   "protocol": traffic.protocol, "port": traffic.port}
            blocked = verdict.blocked_by
            if blocked is None:
                entry["reachable"].append(row)
            else:
                entry["unreachable"].append({**row, "check": blocked.check, "reason": blocked.reason})
    return entry
