"""Security-group rules: AuthorizeSecurityGroup[Egress], RevokeSecurityGroup[Egress],
ModifySecurityGroup[Egress]Rule (the current reference pages' descriptions and error tables).

A rule is one ``SecurityGroupRule``. An ingress rule names its peer with the ``source_*`` fields (and may
narrow the local side with ``dest_cidr_ip``, the "quintuple" form); an egress rule names its peer with the
``dest_*`` fields (and may narrow with ``source_cidr_ip``). The peer is a CIDR block (IPv4 or IPv6), another
security group, or a prefix list (prefix lists are not modelled: every ID is unknown).

The documented rules kept here:
- protocols TCP, UDP, ICMP, ICMPv6, GRE, ALL, case-insensitive in, upper-case out; TCP/UDP port ranges
  1-65535 as ``a/b``; the others only ``-1/-1``;
- a classic group's rule may use NicType internet or intranet (default internet), a VPC group's intranet
  only; a rule naming a group needs intranet;
- classic groups peer with classic groups of the region, VPC groups with groups of the same VPC; a classic
  group and a VPC group of the same account only while that VPC has ClassicLink enabled (api-spec §4.8);
- enterprise groups reference no group and set no Policy other than accept; no group references an
  enterprise group;
- at most 200 rules per group (both directions), at most 20 of them naming a group;
- an existing rule authorized again is a success that adds nothing.
"""

from __future__ import annotations

import dataclasses
import ipaddress
import re
from collections.abc import Sequence
from dataclasses import dataclass

from .. import errors
from .model import SecurityGroup, SecurityGroupRule, new_id
from .ports import AnyOf, UnitOfWork
from .scope import Scope

INGRESS, EGRESS = "ingress", "egress"
PROTOCOLS = {"tcp": "TCP", "udp": "UDP", "icmp": "ICMP", "icmpv6": "ICMPV6", "gre": "GRE", "all": "ALL"}
_PORTLESS = {"ICMP", "ICMPV6", "GRE", "ALL"}
_POLICIES = {"accept": "Accept", "drop": "Drop"}
NIC_TYPES = ("internet", "intranet")
RULE_QUOTA = 200  # inbound and outbound rules of one group together
GROUP_RULE_QUOTA = 20  # of them, rules whose peer is a security group (normal groups)
_RANGE = re.compile(r"(-?\d{1,6})/(-?\d{1,6})")
_URL = ("http://", "https://")


@dataclass(frozen=True)
class RuleSpec:
    """One permission as the request gives it: wire values, "" where not given. ``label`` names it in
    messages: ``Permissions.2`` for the batch form, ``Permissions`` for the flat parameters."""

    label: str = "Permissions"
    ip_protocol: str = ""
    port_range: str = ""
    source_port_range: str = ""
    policy: str = ""
    priority: str = ""
    nic_type: str = ""
    description: str | None = None
    source_cidr_ip: str = ""
    ipv6_source_cidr_ip: str = ""
    source_group_id: str = ""
    source_group_owner_account: str = ""
    source_group_owner_id: str = ""
    source_prefix_list_id: str = ""
    dest_cidr_ip: str = ""
    ipv6_dest_cidr_ip: str = ""
    dest_group_id: str = ""
    dest_group_owner_account: str = ""
    dest_group_owner_id: str = ""
    dest_prefix_list_id: str = ""
    port_range_list_id: str = ""


# The fields that make two rules the same rule (Description does not).
_IDENTITY = (
    "direction", "ip_protocol", "port_range", "source_port_range", "nic_type", "policy", "priority",
    "source_cidr_ip", "ipv6_source_cidr_ip", "source_group_id", "source_group_owner_account",
    "source_prefix_list_id", "dest_cidr_ip", "ipv6_dest_cidr_ip", "dest_group_id", "dest_group_owner_account",
    "dest_prefix_list_id",
)  # fmt: skip


def identity(rule: SecurityGroupRule) -> tuple[object, ...]:
    return tuple(getattr(rule, name) for name in _IDENTITY)


def peer_kind(rule: SecurityGroupRule) -> str:
    """What the rule's peer is: cidr, ipv6, group or prefix (ModifySecurityGroupRule may not change it)."""
    side = "source" if rule.direction == INGRESS else "dest"
    if getattr(rule, f"{side}_cidr_ip"):
        return "cidr"
    if getattr(rule, f"ipv6_{side}_cidr_ip"):
        return "ipv6"
    return "group" if getattr(rule, f"{side}_group_id") else "prefix"


# --- checking one permission -------------------------------------------------------------------------------


def _protocol(spec: RuleSpec) -> str:
    protocol = PROTOCOLS.get(spec.ip_protocol.lower())
    if protocol is None:
        # Protocol numbers (0-255) are open in a few regions only; none of them is emulated.
        raise errors.InvalidIpProtocol()
    return protocol


def _ports(protocol: str, value: str, name: str, malformed: type[errors.ApiError]) -> str:
    match = _RANGE.fullmatch(value)
    if match is None:
        raise errors.PortRangeFormat(name=name) if malformed is errors.PortRangeMalformed else malformed()
    low, high = int(match.group(1)), int(match.group(2))
    if protocol in _PORTLESS:
        if (low, high) != (-1, -1):
            raise errors.ProtocolPortMismatch() if malformed is errors.PortRangeMalformed else malformed()
    elif not 1 <= low <= high <= 65535:
        raise malformed()
    return f"{low}/{high}"


def _cidr(value: str, version: int, error: errors.ApiError) -> str:
    """A CIDR block or a single address of the IP version (both forms are documented); kept as given."""
    if not value:
        return ""
    try:
        network = ipaddress.ip_network(value, strict=False)
    except ValueError:
        raise error from None
    if network.version != version:
        raise error
    return value


def _label(spec: RuleSpec, field: str) -> str:
    return f"{spec.label}.{field}" if spec.label != "Permissions" else field


@dataclass(frozen=True)
class _Side:
    """The four ways of naming one side of a rule, read from a spec for the source or the destination."""

    cidr: str
    ipv6: str
    group_id: str
    owner_account: str
    owner_id: str
    prefix: str


def _side(spec: RuleSpec, name: str) -> _Side:
    return _Side(
        getattr(spec, f"{name}_cidr_ip"), getattr(spec, f"ipv6_{name}_cidr_ip"), getattr(spec, f"{name}_group_id"),
        getattr(spec, f"{name}_group_owner_account"), getattr(spec, f"{name}_group_owner_id"),
        getattr(spec, f"{name}_prefix_list_id"),
    )  # fmt: skip


def build(
    uow: UnitOfWork, scope: Scope, group: SecurityGroup, direction: str, spec: RuleSpec, *, creating: bool = True
) -> SecurityGroupRule:
    """The rule ``spec`` describes in ``group``, checked; with ``creating`` False (revoke, modify-by-fields)
    the checks that only guard new rules (ClassicLink, enterprise restrictions) are skipped. Not stored."""
    ingress = direction == INGRESS
    protocol = _protocol(spec)
    if spec.port_range_list_id:
        raise errors.PortRangeListNotFound()  # port lists are not modelled: none is ever found
    if not spec.port_range:
        raise errors.PortRangeMissing()
    port_range = _ports(protocol, spec.port_range, _label(spec, "PortRange"), errors.PortRangeMalformed)
    source_ports = (
        _ports(protocol, spec.source_port_range, "", errors.SourcePortRangeMalformed) if spec.source_port_range else ""
    )
    policy = _POLICIES.get((spec.policy or "accept").lower())
    if policy is None:
        raise errors.InvalidPolicy()
    priority = _priority(spec.priority)
    if spec.description is not None and not _valid_description(spec.description):
        raise errors.InvalidRuleDescription()

    source, dest = _side(spec, "source"), _side(spec, "dest")
    source_cidr = _cidr(source.cidr, 4, errors.SourceCidrMalformed())
    source_v6 = _cidr(source.ipv6, 6, errors.Ipv6SourceCidrMalformed(name=_label(spec, "Ipv6SourceCidrIp")))
    dest_cidr = _cidr(dest.cidr, 4, errors.DestCidrMalformed())
    dest_v6 = _cidr(dest.ipv6, 6, errors.Ipv6DestCidrMalformed(name=_label(spec, "Ipv6DestCidrIp")))
    if source_cidr and source_v6:
        raise errors.SourceIpBoth(name=spec.label)
    if dest_cidr and dest_v6:
        raise errors.DestIpBoth(name=spec.label)
    if protocol == "ICMP" and (source_v6 or dest_v6):
        raise errors.Ipv4ProtocolWithIpv6()
    if protocol == "ICMPV6" and (source_cidr or dest_cidr):
        raise errors.Ipv6ProtocolWithIpv4()
    if (source_v6 or dest_v6) and not group.vpc_id:
        # "Only VPC-type addresses": a classic group has no IPv6.
        raise (errors.Ipv6SourceCidrMalformed if source_v6 else errors.Ipv6DestCidrMalformed)(
            name=_label(spec, "Ipv6SourceCidrIp" if source_v6 else "Ipv6DestCidrIp")
        )

    peer = source if ingress else dest
    peer_cidr, peer_v6 = (source_cidr, source_v6) if ingress else (dest_cidr, dest_v6)
    rule = SecurityGroupRule(
        id="", account_id=group.account_id, region_id=group.region_id, created_at=scope.now,
        security_group_id=group.id, direction=direction, ip_protocol=protocol, port_range=port_range,
        policy=policy, priority=priority, source_port_range=source_ports,
        description=spec.description or "",
        # The local side's optional narrowing (quintuple rules).
        dest_cidr_ip=dest_cidr if ingress else "", ipv6_dest_cidr_ip=dest_v6 if ingress else "",
        source_cidr_ip="" if ingress else source_cidr, ipv6_source_cidr_ip="" if ingress else source_v6,
    )  # fmt: skip
    side = "source" if ingress else "dest"
    peer_group: SecurityGroup | None = None
    # Precedence (documented): a CIDR block wins over a group, which wins over a prefix list.
    if peer_cidr or peer_v6:
        setattr(rule, f"{side}_cidr_ip", peer_cidr)
        setattr(rule, f"ipv6_{side}_cidr_ip", peer_v6)
    elif peer.group_id:
        peer_group = _peer_group(uow, scope, group, peer, ingress)
        setattr(rule, f"{side}_group_id", peer_group.id)
        setattr(rule, f"{side}_group_owner_account",
                peer_group.account_id if peer_group.account_id != group.account_id else "")  # fmt: skip
    elif peer.prefix:
        raise errors.PrefixListNotFound() if group.vpc_id else errors.ClassicPrefixList()
    else:
        raise (errors.SourceMissing if ingress else errors.DestMissing)(name=spec.label)
    rule.nic_type = _nic_type(spec.nic_type, group, peer_group is not None, ingress)
    if peer_group is not None and creating:
        _check_group_peer(uow, group, peer_group, policy, ingress)
    elif creating and group.group_type == "enterprise" and policy != "Accept":
        raise errors.EnterpriseRuleDenied()
    return rule


def _priority(value: str) -> int:
    if not value:
        return 1
    if not re.fullmatch(r"\d{1,3}", value.strip()) or not 1 <= int(value) <= 100:
        raise errors.InvalidPriority()
    return int(value)


def _valid_description(text: str) -> bool:
    return 1 <= len(text) <= 512 and not text.startswith(_URL)


def _nic_type(given: str, group: SecurityGroup, names_group: bool, ingress: bool) -> str:
    nic = given.lower()
    if nic and nic not in NIC_TYPES:
        raise errors.InvalidNicType()
    if names_group and nic == "internet":
        raise errors.SourceGroupNicType() if ingress else errors.DestGroupNicType()
    if group.vpc_id and nic == "internet":
        raise errors.InvalidNicType()  # a VPC group's rules are intranet only
    # Defaults: a VPC group's and a group-to-group rule's only value, intranet; else internet (documented).
    return nic or ("intranet" if group.vpc_id or names_group else "internet")


def _owner(uow: UnitOfWork, scope: Scope, peer: _Side) -> str:
    """The account that owns the peer group: SourceGroupOwnerId (UID) or SourceGroupOwnerAccount (UID or
    account name); neither means the caller's own. An unknown owner leaves the group unknown."""
    if peer.owner_id:
        return peer.owner_id
    if peer.owner_account:
        if uow.accounts.get(peer.owner_account, account_id=None) is not None:
            return peer.owner_account
        named = uow.accounts.find(account_id=None, name=peer.owner_account, limit=1)
        return named[0].id if named else ""
    return scope.account_id


def _peer_group(uow: UnitOfWork, scope: Scope, group: SecurityGroup, peer: _Side, ingress: bool) -> SecurityGroup:
    owner = _owner(uow, scope, peer)
    found = (
        uow.security_groups.get_in_region(peer.group_id, account_id=owner, region_id=group.region_id) if owner else None
    )
    if found is None:
        raise errors.SourceGroupNotFound() if ingress else errors.DestGroupNotFound()
    if found.id == group.id:
        raise errors.SourceGroupIsSelf() if ingress else errors.DestGroupIsSelf()
    return found


def _check_group_peer(uow: UnitOfWork, group: SecurityGroup, peer: SecurityGroup, policy: str, ingress: bool) -> None:
    if group.group_type == "enterprise":
        raise errors.EnterpriseRuleDenied()
    if peer.group_type == "enterprise":
        raise errors.PeerIsEnterprise()
    if group.vpc_id and peer.vpc_id:
        if group.vpc_id != peer.vpc_id:
            raise errors.SourceGroupOtherVpc() if ingress else errors.DestGroupOtherVpc()
        return
    if not group.vpc_id and not peer.vpc_id:
        return  # classic groups of the region (the look-up was in the region)
    # A classic group and a VPC group: a ClassicLink rule, for one account's VPC with ClassicLink enabled.
    if group.account_id != peer.account_id:
        raise errors.NetworkTypeMismatch()
    vpc_id = group.vpc_id or peer.vpc_id
    vpc = uow.vpcs.get(vpc_id, account_id=group.account_id)
    if vpc is None or not vpc.classic_link_enabled:
        raise errors.ClassicLinkRuleNotEnabled()


# --- the actions -------------------------------------------------------------------------------------------


def authorize(
    uow: UnitOfWork, scope: Scope, group: SecurityGroup, direction: str, specs: Sequence[RuleSpec]
) -> list[SecurityGroupRule]:
    """Add the permissions; one already in the group is a success that adds nothing. Returns the new rules."""
    candidates = [build(uow, scope, group, direction, spec) for spec in specs]
    keys = [identity(rule) for rule in candidates]
    if len(set(keys)) != len(keys):
        raise errors.DuplicatePermissions()
    in_group = uow.security_group_rules.find(account_id=group.account_id, security_group_id=group.id)
    existing = {identity(rule) for rule in in_group}
    new = [rule for rule in candidates if identity(rule) not in existing]
    if len(in_group) + len(new) > RULE_QUOTA:
        raise errors.RuleQuotaExceeded()
    naming_groups = sum(1 for rule in new if rule.peer_group_id)
    if naming_groups and sum(1 for rule in in_group if rule.peer_group_id) + naming_groups > GROUP_RULE_QUOTA:
        raise errors.GroupRuleQuotaExceeded()
    for n, rule in enumerate(new):
        rule.id = new_id("sgr", group.region_id)
        rule.created_at = scope.now + n * 1e-6  # a batch keeps its order in the listing
        uow.security_group_rules.add(rule)
    return new


def revoke(
    uow: UnitOfWork, scope: Scope, group: SecurityGroup, direction: str, *,
    specs: Sequence[RuleSpec] = (), rule_ids: Sequence[str] = (),
) -> int:  # fmt: skip
    """Remove rules by ID (every ID must be one of the group's rules in that direction) or by their
    identifying fields (no match is a success that removes nothing). Returns how many went."""
    in_group = uow.security_group_rules.find(account_id=group.account_id, security_group_id=group.id,
                                             direction=direction)  # fmt: skip
    if rule_ids:
        if len(set(rule_ids)) != len(rule_ids):
            raise errors.RuleIdRepeated()
        by_id = {rule.id: rule for rule in in_group}
        if any(rule_id not in by_id for rule_id in rule_ids):
            raise errors.RuleIdInvalid()
        doomed = [by_id[rule_id] for rule_id in rule_ids]
    else:
        doomed = []
        for spec in specs:
            wanted = build(uow, scope, group, direction, spec, creating=False)
            doomed += [rule for rule in in_group if matches(rule, wanted, spec) and rule not in doomed]
    for rule in doomed:
        uow.security_group_rules.remove(rule)
    return len(doomed)


def matches(rule: SecurityGroupRule, wanted: SecurityGroupRule, spec: RuleSpec) -> bool:
    """Whether a stored rule is the one the identifying fields describe. NicType and Priority count only
    when given (a rule is identified by its peer, ports, protocol and policy); Description never counts."""
    for name in _IDENTITY:
        if name == "nic_type" and not spec.nic_type:
            continue
        if name == "priority" and not spec.priority:
            continue
        if getattr(rule, name) != getattr(wanted, name):
            return False
    return True


_MODIFIABLE = (
    "ip_protocol", "port_range", "source_port_range", "policy", "priority", "source_cidr_ip", "ipv6_source_cidr_ip",
    "source_group_id", "source_group_owner_account", "source_group_owner_id", "source_prefix_list_id",
    "dest_cidr_ip", "ipv6_dest_cidr_ip", "dest_group_id", "dest_group_owner_account", "dest_group_owner_id",
    "dest_prefix_list_id", "port_range_list_id",
)  # fmt: skip


def spec_of(rule: SecurityGroupRule) -> RuleSpec:
    """A stored rule as a request would give it."""
    return RuleSpec(
        ip_protocol=rule.ip_protocol, port_range=rule.port_range, source_port_range=rule.source_port_range,
        policy=rule.policy, priority=str(rule.priority), nic_type=rule.nic_type, description=rule.description or None,
        source_cidr_ip=rule.source_cidr_ip, ipv6_source_cidr_ip=rule.ipv6_source_cidr_ip,
        source_group_id=rule.source_group_id, source_group_owner_id=rule.source_group_owner_account,
        source_prefix_list_id=rule.source_prefix_list_id, dest_cidr_ip=rule.dest_cidr_ip,
        ipv6_dest_cidr_ip=rule.ipv6_dest_cidr_ip, dest_group_id=rule.dest_group_id,
        dest_group_owner_id=rule.dest_group_owner_account, dest_prefix_list_id=rule.dest_prefix_list_id,
    )  # fmt: skip


def modify(
    uow: UnitOfWork, scope: Scope, group: SecurityGroup, direction: str, spec: RuleSpec, *, rule_id: str = ""
) -> SecurityGroupRule:
    """ModifySecurityGroup[Egress]Rule. With ``rule_id`` the rule's protocol, ports, policy, priority, peer
    (of the same kind) and description change to the given values; without, the given fields identify the
    rule and only its description changes."""
    in_group = uow.security_group_rules.find(account_id=group.account_id, security_group_id=group.id,
                                             direction=direction)  # fmt: skip
    if not rule_id:
        wanted = build(uow, scope, group, direction, spec, creating=False)
        found = [rule for rule in in_group if matches(rule, wanted, spec)]
        if not found:
            raise errors.RuleNotFound()
        for match in found:
            if spec.description is not None:
                match.description = spec.description
                uow.security_group_rules.save(match)
        return found[0]
    rule = next((r for r in in_group if r.id == rule_id), None)
    if rule is None:
        raise errors.RuleIdNotFound()
    if spec.nic_type and spec.nic_type.lower() != rule.nic_type:
        raise errors.ModifyNicType()
    base = spec_of(rule)
    side = "source" if direction == INGRESS else "dest"
    # The peer's fields (its CIDR blocks, group, owner, prefix list); SourcePortRange is a port field.
    peer_fields = tuple(
        f for f in _MODIFIABLE if f.startswith((f"{side}_", f"ipv6_{side}_")) and not f.endswith("_port_range")
    )
    given_peer = {f: getattr(spec, f) for f in peer_fields if getattr(spec, f)}
    if given_peer:
        base = dataclasses.replace(base, **{f: "" for f in peer_fields})
    changes = {f: getattr(spec, f) for f in _MODIFIABLE if getattr(spec, f) and f not in peer_fields}
    changes.update(given_peer)
    if spec.description is not None:
        changes["description"] = spec.description
    updated = build(uow, scope, group, direction, dataclasses.replace(base, **changes))
    if peer_kind(updated) != peer_kind(rule):
        raise errors.ModifyPeerType()
    if any(identity(other) == identity(updated) for other in in_group if other.id != rule.id):
        raise errors.ModifiedRuleDuplicate(detail="The modified rule is the same as an existing rule")
    updated.id, updated.created_at = rule.id, rule.created_at
    uow.security_group_rules.save(updated)
    return updated


# --- rules and the groups they name -------------------------------------------------------------------------


def referencing(uow: UnitOfWork, group_ids: Sequence[str]) -> list[SecurityGroupRule]:
    """Rules (of any account) that name one of the groups as their peer."""
    if not group_ids:
        return []
    found = uow.security_group_rules.find(account_id=None, source_group_id=AnyOf(group_ids))
    found += uow.security_group_rules.find(account_id=None, dest_group_id=AnyOf(group_ids))
    # A rule never names its own group (InvalidParamter.Conflict / InvalidSecurityGroup.IsSame).
    return list({rule.id: rule for rule in found}.values())


def remove_group_rules(uow: UnitOfWork, group: SecurityGroup) -> None:
    """DeleteSecurityGroup: the group's own rules go with it."""
    for rule in uow.security_group_rules.find(account_id=group.account_id, security_group_id=group.id):
        uow.security_group_rules.remove(rule)
