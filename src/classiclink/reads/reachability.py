"""The facts "can A reach B?" and the migration view need, read from the store for one account and region.

Everything is asked of the store by id or by the parent's id (instances, their groups and the groups' rules,
the VPCs, vSwitches, route entries and ClassicLink links involved); the rules themselves are evaluated by
``domain.reachability``.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Iterable, Sequence
from typing import Any

from ..domain import reachability
from ..domain.model import Instance, SecurityGroupRule
from ..domain.ports import AnyOf, UnitOfWork
from ..domain.reachability import Network, Traffic


class UnknownEndpoint(LookupError):
    """An instance id or address the account does not have in the region (or one shared by several instances)."""


def resolve(uow: UnitOfWork, account_id: str, region_id: str, name: str) -> Instance:
    """An instance by its id, or by its private address (a classic instance's inner IP, a VPC instance's private IP)."""
    name = name.strip()
    try:
        ipaddress.ip_address(name)
    except ValueError:
        instance = uow.instances.get_in_region(name, account_id=account_id, region_id=region_id)
        if instance is None:
            raise UnknownEndpoint(f"no instance {name!r} in account {account_id}, region {region_id}") from None
        return instance
    found = [
        *uow.instances.find(account_id=account_id, region_id=region_id, inner_ip=name, limit=2),
        *uow.instances.find(account_id=account_id, region_id=region_id, private_ip=name, limit=2),
    ]
    unique = {i.id: i for i in found}
    if not unique:
        raise UnknownEndpoint(f"no instance has the address {name} in account {account_id}, region {region_id}")
    if len(unique) > 1:
        raise UnknownEndpoint(f"several instances have the address {name} (in different VPCs): name one by its id")
    return next(iter(unique.values()))


def gather(uow: UnitOfWork, account_id: str, region_id: str, now: float, instances: Iterable[Instance]) -> Network:
    """The groups, rules, VPCs, vSwitches, links and route entries the given instances' hops look at."""
    chosen = list(instances)
    group_ids = sorted({g for i in chosen for g in i.security_group_ids})
    groups = uow.security_groups.find(account_id=account_id, id=AnyOf(group_ids)) if group_ids else []
    rules: dict[str, list[SecurityGroupRule]] = {g.id: [] for g in groups}
    if group_ids:
        for rule in uow.security_group_rules.find(account_id=account_id, security_group_id=AnyOf(group_ids)):
            rules.setdefault(rule.security_group_id, []).append(rule)
    classic_ids = [i.id for i in chosen if i.is_classic]
    links = uow.links.find(account_id=account_id, region_id=region_id, id=AnyOf(classic_ids)) if classic_ids else []
    vpc_ids = sorted({i.vpc_id for i in chosen if i.vpc_id} | {link.vpc_id for link in links})
    vpcs = uow.vpcs.find(account_id=account_id, id=AnyOf(vpc_ids)) if vpc_ids else []
    vswitch_ids = sorted({i.vswitch_id for i in chosen if i.vswitch_id})
    vswitches = uow.vswitches.find(account_id=account_id, id=AnyOf(vswitch_ids)) if vswitch_ids else []
    routes: dict[str, list[Any]] = {v.id: [] for v in vpcs}
    if vpc_ids:
        for entry in uow.route_entries.find(account_id=account_id, vpc_id=AnyOf(vpc_ids), entry_type="Custom"):
            routes.setdefault(entry.vpc_id, []).append(entry)
    return Network(
        now=now,
        groups={g.id: g for g in groups if g.region_id == region_id},
        rules=rules,
        vpcs={v.id: v for v in vpcs if v.region_id == region_id},
        vswitches={s.id: s for s in vswitches},
        links={link.id: link for link in links},
        routes=routes,
    )


def reach(uow: UnitOfWork, account_id: str, region_id: str, source: str, destination: str, traffic: Traffic,
          now: float) -> dict[str, Any]:  # fmt: skip
    """The verdict for one question, as the admin interface answers it."""
    a = resolve(uow, account_id, region_id, source)
    b = resolve(uow, account_id, region_id, destination)
    network = gather(uow, account_id, region_id, now, [a, b])
    return {"account_id": account_id, "region_id": region_id,
            **reachability.evaluate(network, a, b, traffic).view()}  # fmt: skip


def migration(uow: UnitOfWork, account_id: str, region_id: str, now: float) -> dict[str, Any]:
    """Each classic instance of the region, its link, and what it can and cannot reach in the linked VPC."""
    classic = uow.instances.find(account_id=account_id, region_id=region_id, network_type="classic")
    links = uow.links.find(account_id=account_id, region_id=region_id)
    linked_vpcs = sorted({link.vpc_id for link in links})
    targets: Sequence[Instance] = (
        uow.instances.find(account_id=account_id, region_id=region_id, vpc_id=AnyOf(linked_vpcs)) if linked_vpcs else []
    )
    network = gather(uow, account_id, region_id, now, [*classic, *targets])
    entries = [reachability.migration_entry(network, instance, targets) for instance in classic]
    return {
        "account_id": account_id,
        "region_id": region_id,
        "classic_instances": entries,
        "summary": {
            "classic_instances": len(entries),
            "linked": sum(1 for e in entries if e["linked_vpc_id"]),
            "reachable": sum(len(e["reachable"]) for e in entries),
            "unreachable": sum(len(e["unreachable"]) for e in entries),
        },
    }
