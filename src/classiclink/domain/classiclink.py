"""The ClassicLink rules (api-spec §1, L1–L8), as plain Python over the store port.

L1 one VPC per classic instance; L2 at most ``links_per_vpc`` (1,000) instances per VPC; L3 classic
instances only; L4 Running or Stopped only; L5 the VPC must have ClassicLink enabled; L6 same region
and account; L7 no custom route to 10.0.0.0/8 when enabling; L8 no disabling while links exist.
L6 holds by construction: every lookup is scoped to the caller's account and the request's region.

Where seed 001 lists two wordings of one code, both are reachable (docs/compatibility.md):
``InvalidInstanceId.NotFound`` says "does not exist in our records" for an ID the account does not
have, and "The specified instance does not exist." for one of its instances in another region;
``InvalidStatus.InstanceStatus`` says "running or shutted" while the instance is Starting or Stopping,
and "expected status is Running or Stopped" while it is still being created (Pending).
``InvalidInstanceId.NotBelong`` answers a request whose OwnerId names another account.
"""

from __future__ import annotations

import ipaddress

from .. import errors
from ..settings import Behaviour
from . import condition_checks, vpcs
from .model import Instance, Link, Vpc
from .ports import UnitOfWork
from .regions import classic_hint, find_region
from .scope import Scope

CLASSIC_RANGE = ipaddress.ip_network("10.0.0.0/8")
LINKABLE_STATUSES = ("Running", "Stopped")


def _link_vpc(uow: UnitOfWork, scope: Scope, vpc_id: str) -> Vpc:
    """The VPC named in Attach/Detach: the only VPC error these APIs document is InvalidVpcId.Malformed."""
    vpc = uow.vpcs.get_in_region(vpc_id, account_id=scope.account_id, region_id=scope.region_id)
    if vpc is None:
        raise errors.ClassicLinkVpcMalformed()
    return vpc


def _linkable_instance(uow: UnitOfWork, scope: Scope, instance_id: str, owner_id: str | None) -> Instance:
    if owner_id and owner_id != scope.account_id:
        raise errors.InstanceNotBelong()
    instance = uow.instances.get(instance_id, account_id=scope.account_id)
    if instance is None:
        raise errors.ClassicLinkInstanceNotFound()
    if instance.region_id != scope.region_id:
        raise errors.ClassicLinkInstanceMissing()
    if not instance.is_classic:
        raise errors.NotClassicInstance()
    return instance


def _check_linkable_status(instance: Instance, now: float) -> None:
    status = instance.lifecycle.at(now)
    if status == "Pending":
        raise errors.ClassicLinkStatusExpected()
    if status not in LINKABLE_STATUSES:
        raise errors.ClassicLinkStatusNotSupported()


def _available_vpc(uow: UnitOfWork, scope: Scope, vpc_id: str) -> Vpc:
    vpc = vpcs.get(uow, scope, vpc_id)
    if vpc.lifecycle.at(scope.now) != "Available":
        raise errors.IncorrectVpcStatus()
    return vpc


def enable(uow: UnitOfWork, scope: Scope, vpc_id: str) -> None:
    vpc = _available_vpc(uow, scope, vpc_id)
    region = find_region(scope.region_id)
    if region is not None and not region.classic:
        # Nothing classic to link in a region without the classic network.
        raise errors.EnableClassicLinkForbidden().hinted(classic_hint(region.id))
    rules = scope.rules
    if vpc.classic_link_enabled:
        if rules.enable_when_enabled == "noop":
            return
        raise errors.ClassicLinkAlreadyEnabled()
    if any(blocks_classic_link(entry.destination_cidr_block, rules) for entry in
           uow.route_entries.find(account_id=scope.account_id, vpc_id=vpc.id, entry_type="Custom")):  # fmt: skip
        raise errors.ClassicLinkRouteConflict()
    vpc.classic_link_enabled = True
    uow.vpcs.save(vpc)


def blocks_classic_link(destination: str, rules: Behaviour) -> bool:
    """L7: a custom route to the classic network's range would capture the linked instances' traffic."""
    try:
        network = ipaddress.ip_network(destination, strict=False)
    except ValueError:
        return False
    if rules.route_conflict == "within":
        return network.version == 4 and network.subnet_of(CLASSIC_RANGE)  # type: ignore[arg-type]
    return network == CLASSIC_RANGE


def disable(uow: UnitOfWork, scope: Scope, vpc_id: str) -> None:
    vpc = _available_vpc(uow, scope, vpc_id)
    region = find_region(scope.region_id)
    if region is not None and not region.classic:
        # Like enabling: ClassicLink does not exist without the classic network.
        raise errors.DisableClassicLinkForbidden().hinted(classic_hint(region.id))
    if uow.links.count(account_id=scope.account_id, vpc_id=vpc.id):
        if scope.rules.disable_with_links == "2019":
            raise errors.ClassicLinkInstancesExist()
        raise errors.ClassicLinkConnectedAction()
    # Disabling a VPC that is not enabled is not documented; it succeeds and changes nothing (open question 5).
    if vpc.classic_link_enabled:
        vpc.classic_link_enabled = False
        uow.vpcs.save(vpc)


def attach(uow: UnitOfWork, scope: Scope, instance_id: str, vpc_id: str, *, owner_id: str | None = None) -> None:
    """AttachClassicLinkVpc; error choice follows the 2019 page (E-ATT-19), which the current site keeps."""
    region = find_region(scope.region_id)
    if region is not None and not region.classic:
        raise errors.ClassicLinkLimitedRegion().hinted(classic_hint(region.id))
    instance = _linkable_instance(uow, scope, instance_id, owner_id)
    vpc = _link_vpc(uow, scope, vpc_id)
    if not vpc.classic_link_enabled:
        raise errors.VpcClassicLinkDisabled()
    if instance.lifecycle.at(scope.now) == "Pending":
        # Still being created: the instance is busy with another task (E-ATT-19 InvalidStatus.InstanceLocked).
        raise errors.InstanceLocked()
    # Locked for security reasons (the account's conditions): locked too, in the same wording.
    condition_checks.check_unlocked(uow, scope, instance.id, errors.InstanceLocked)
    _check_linkable_status(instance, scope.now)
    existing = uow.links.get(instance.id, account_id=scope.account_id)
    if existing is not None:
        if existing.vpc_id == vpc.id:
            return  # Attaching twice to the same VPC is not documented; it is idempotent (open question 6).
        raise errors.InstanceAlreadyLinked()
    if uow.links.count(account_id=scope.account_id, vpc_id=vpc.id) >= scope.rules.links_per_vpc:
        raise errors.LinkQuotaExceeded()
    # New: no link of this instance exists (checked above, under the write lock), so no probe for one to replace.
    uow.links.insert(Link(instance.id, scope.account_id, scope.region_id, scope.now, vpc_id=vpc.id))


def detach(uow: UnitOfWork, scope: Scope, instance_id: str, vpc_id: str, *, owner_id: str | None = None) -> None:
    """DetachClassicLinkVpc (seed 001): same checks as attach, then the link must be to this VPC."""
    instance = _linkable_instance(uow, scope, instance_id, owner_id)
    vpc = _link_vpc(uow, scope, vpc_id)
    _check_linkable_status(instance, scope.now)
    link = uow.links.get(instance.id, account_id=scope.account_id)
    if link is None or link.vpc_id != vpc.id:
        raise errors.DetachNotAllowed()
    uow.links.remove(link)


def forget_instance(uow: UnitOfWork, instance: Instance) -> None:
    """Deleting a linked instance removes its link silently (open question 9)."""
    link = uow.links.get(instance.id, account_id=instance.account_id)
    if link is not None:
        uow.links.remove(link)
