"""ECS security group rules (api-spec §4.8, E-CSG).

A group created without ``VpcId`` is a classic-network group; with one, it belongs to that VPC.
Classic instances may only join classic groups and VPC instances only groups of their vSwitch's VPC
(checked in ``instances``). A group cannot be deleted while an instance is in it.
"""

from __future__ import annotations

from collections.abc import Sequence

from .. import errors
from . import condition_checks, rules, tags, text
from .lookup import in_region
from .model import Instance, SecurityGroup, new_id
from .ports import Contains, UnitOfWork
from .regions import classic_hint, find_region
from .scope import Scope
from .vpcs import default_resource_group

GROUP_TYPES = ("normal", "enterprise")
NETWORK_TYPES = ("classic", "vpc")
# The instances a group can hold (normal: 2,000; enterprise: 65,536), shown as AvailableInstanceAmount.
CAPACITY = {"normal": 2000, "enterprise": 65536}


def create(
    uow: UnitOfWork,
    scope: Scope,
    *,
    vpc_id: str = "",
    name: str = "",
    description: str = "",
    group_type: str = "normal",
    resource_group_id: str = "",
    tags_: Sequence[dict[str, str]] = (),
) -> SecurityGroup:
    """CreateSecurityGroup."""
    if name and not text.valid_name(name, colon=True):
        raise errors.InvalidSecurityGroupName()
    if description and not text.valid_description(description):
        raise errors.InvalidSecurityGroupDescription()
    if vpc_id:
        vpc = in_region(uow.vpcs, vpc_id, scope, errors.VpcNotFound)
        if vpc.lifecycle.at(scope.now) != "Available":
            raise errors.IncorrectVpcStatus()
    else:
        region = find_region(scope.region_id)
        if region is not None and not region.classic:
            # Without a classic network there is nothing a VpcId-less group could hold.
            raise errors.SecurityGroupVpcRequired().hinted(classic_hint(region.id) + "; or give a VpcId")
    group = SecurityGroup(
        id=new_id("sg", scope.region_id),
        account_id=scope.account_id,
        region_id=scope.region_id,
        created_at=scope.now,
        vpc_id=vpc_id,
        name=name,
        description=description,
        group_type=group_type,
        resource_group_id=resource_group_id or default_resource_group(scope.account_id),
        tags=tags.checked(tags_, tags.ECS_ERRORS),
    )
    uow.security_groups.add(group)
    return group


def get(uow: UnitOfWork, scope: Scope, group_id: str) -> SecurityGroup:
    """The caller's group in this region; another account's or region's answers as unknown."""
    return in_region(uow.security_groups, group_id, scope, errors.SecurityGroupNotFound)


def members(uow: UnitOfWork, group: SecurityGroup) -> int:
    """How many instances are in the group."""
    return uow.instances.count(
        account_id=group.account_id, region_id=group.region_id, security_group_ids=Contains(group.id)
    )


def delete(uow: UnitOfWork, scope: Scope, group_id: str) -> None:
    """Refused while an instance is in the group or another group's rule names it; its own rules go with it."""
    group = get(uow, scope, group_id)
    if members(uow, group):
        raise errors.SecurityGroupInUse()
    if rules.referencing(uow, [group.id]):
        raise errors.SecurityGroupReferenced()
    rules.remove_group_rules(uow, group)
    uow.security_groups.remove(group)


def modify_attribute(uow: UnitOfWork, scope: Scope, group_id: str, *, name: str | None, description: str | None) -> None:
    """ModifySecurityGroupAttribute: the given name and description (same rules as CreateSecurityGroup)."""
    group = get(uow, scope, group_id)
    if name is not None:
        if not text.valid_name(name, colon=True):
            raise errors.InvalidSecurityGroupName()
        group.name = name
    if description is not None:
        if not text.valid_description(description):
            raise errors.InvalidSecurityGroupDescription()
        group.description = description
    uow.security_groups.save(group)


INNER_ACCESS_POLICIES = ("Accept", "Drop")


def inner_access_policy(group: SecurityGroup) -> str:
    """How the group's members reach each other: the stored choice, else the type's default."""
    if group.group_type == "enterprise":
        return "Drop"
    return group.inner_access_policy or "Accept"


def modify_policy(uow: UnitOfWork, scope: Scope, group_id: str, policy: str) -> None:
    """ModifySecurityGroupPolicy. Enterprise groups always isolate their members (documented: their
    inner-access policy is Drop and cannot be changed)."""
    group = get(uow, scope, group_id)
    if group.group_type == "enterprise":
        raise errors.EnterpriseInnerAccess()
    group.inner_access_policy = policy
    uow.security_groups.save(group)


# "An instance can be added to up to five security groups by default" (JoinSecurityGroup).
GROUPS_PER_INSTANCE = 5
_JOINABLE = ("Running", "Stopped")


def join(uow: UnitOfWork, scope: Scope, group_id: str, instance_id: str) -> None:
    """JoinSecurityGroup: same region, same network type (a VPC group of the instance's VPC), Running or
    Stopped, at most five groups per instance, the group's instance capacity."""
    group = get(uow, scope, group_id)
    instance = _member(uow, scope, instance_id)
    if group.id in instance.security_group_ids:
        raise errors.InstanceAlreadyInGroup()
    if group.vpc_id != instance.vpc_id:
        raise errors.InstanceGroupMismatch()
    if instance.lifecycle.at(scope.now) not in _JOINABLE:
        raise errors.IncorrectInstanceStatus()
    if len(instance.security_group_ids) >= GROUPS_PER_INSTANCE:
        raise errors.InstanceGroupLimit()
    if members(uow, group) >= CAPACITY.get(group.group_type, CAPACITY["normal"]):
        raise errors.GroupInstanceLimit()
    instance.security_group_ids = [*instance.security_group_ids, group.id]
    uow.instances.save(instance)


def leave(uow: UnitOfWork, scope: Scope, group_id: str, instance_id: str) -> None:
    """LeaveSecurityGroup: an instance stays in at least one group."""
    group = get(uow, scope, group_id)
    instance = _member(uow, scope, instance_id)
    if group.id not in instance.security_group_ids:
        raise errors.InstanceNotInGroup()
    if instance.lifecycle.at(scope.now) not in _JOINABLE:
        raise errors.IncorrectInstanceStatus()
    if len(instance.security_group_ids) == 1:
        raise errors.InstanceLastGroup()
    instance.security_group_ids = [g for g in instance.security_group_ids if g != group.id]
    uow.instances.save(instance)


def _member(uow: UnitOfWork, scope: Scope, instance_id: str) -> Instance:
    """The instance that joins or leaves: the caller's, in the region, not locked for security reasons (both
    actions' tables: InstanceLockedForSecurity; the account's conditions)."""
    instance = in_region(uow.instances, instance_id, scope, errors.InstanceNotFound)
    condition_checks.check_unlocked(uow, scope, instance.id)
    return instance
