"""ECS security group rules (api-spec §4.8, E-CSG).

A group created without ``VpcId`` is a classic-network group; with one, it belongs to that VPC.
Classic instances may only join classic groups and VPC instances only groups of their vSwitch's VPC
(checked in ``instances``). A group cannot be deleted while an instance is in it.
"""

from __future__ import annotations

from collections.abc import Sequence

from .. import errors
from . import tags, text
from .lookup import in_region
from .model import SecurityGroup, new_id
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
    group = get(uow, scope, group_id)
    if members(uow, group):
        raise errors.SecurityGroupInUse()
    uow.security_groups.remove(group)
