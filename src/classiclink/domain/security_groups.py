"""ECS security group rules (api-spec §4.8, E-CSG).

A group created without ``VpcId`` is a classic-network group; with one, it belongs to that VPC.
Classic instances may only join classic groups and VPC instances only groups of their vSwitch's VPC
(checked in ``instances``). A group cannot be deleted while an instance is in it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from .. import errors
from .model import SecurityGroup, new_id
from .ports import UnitOfWork
from .regions import find_region
from .vpcs import default_resource_group

GROUP_TYPES = ("normal", "enterprise")
NETWORK_TYPES = ("classic", "vpc")
# The instances a group can hold (normal: 2,000; enterprise: 65,536), shown as AvailableInstanceAmount.
CAPACITY = {"normal": 2000, "enterprise": 65536}

# 2–128 characters, starting with a letter or a Chinese character; then letters, digits, Chinese, . : _ -
_NAME = re.compile(r"[A-Za-z\u4e00-\u9fff][A-Za-z0-9\u4e00-\u9fff.:_\-]{1,127}")


def valid_name(name: str) -> bool:
    return bool(_NAME.fullmatch(name)) and not name.startswith(("http://", "https://"))


def valid_description(text: str) -> bool:
    return 2 <= len(text) <= 256 and not text.startswith(("http://", "https://"))


@dataclass(frozen=True)
class GroupRequest:
    """CreateSecurityGroup's business parameters."""

    vpc_id: str = ""
    name: str = ""
    description: str = ""
    group_type: str = "normal"
    resource_group_id: str = ""
    tags: Sequence[dict[str, str]] = ()


def create(uow: UnitOfWork, account_id: str, region_id: str, now: float, request: GroupRequest) -> SecurityGroup:
    if request.name and not valid_name(request.name):
        raise errors.InvalidSecurityGroupName()
    if request.description and not valid_description(request.description):
        raise errors.InvalidSecurityGroupDescription()
    if request.vpc_id:
        vpc = uow.vpcs.get_in_region(request.vpc_id, account_id=account_id, region_id=region_id)
        if vpc is None:
            raise errors.VpcNotFound()
        if vpc.lifecycle.at(now) != "Available":
            raise errors.IncorrectVpcStatus()
    else:
        region = find_region(region_id)
        if region is not None and not region.classic:
            # Without a classic network there is nothing a VpcId-less group could hold.
            raise errors.SecurityGroupVpcRequired()
    group = SecurityGroup(
        id=new_id("sg", region_id),
        account_id=account_id,
        region_id=region_id,
        created_at=now,
        vpc_id=request.vpc_id,
        name=request.name,
        description=request.description,
        group_type=request.group_type,
        resource_group_id=request.resource_group_id or default_resource_group(account_id),
        tags=[{"Key": t.get("Key", ""), "Value": t.get("Value", "")} for t in request.tags],
    )
    uow.security_groups.add(group)
    return group


def get(uow: UnitOfWork, account_id: str, region_id: str, group_id: str) -> SecurityGroup:
    """The caller's group in this region; another account's or region's answers as unknown."""
    group = uow.security_groups.get_in_region(group_id, account_id=account_id, region_id=region_id)
    if group is None:
        raise errors.SecurityGroupNotFound()
    return group


def members(uow: UnitOfWork, group: SecurityGroup) -> int:
    """How many instances are in the group."""
    return sum(
        1
        for instance in uow.instances.find(account_id=group.account_id, region_id=group.region_id)
        if group.id in instance.security_group_ids
    )


@dataclass(frozen=True)
class GroupFilter:
    """DescribeSecurityGroups' filters; all given ones must hold."""

    vpc_id: str | None = None
    network_type: str | None = None
    group_id: str | None = None
    group_ids: Sequence[str] | None = None
    name: str | None = None
    fuzzy: bool = False
    group_type: str | None = None
    resource_group_id: str | None = None
    tags: Sequence[dict[str, str]] = ()


def find(uow: UnitOfWork, account_id: str, region_id: str, where: GroupFilter) -> list[SecurityGroup]:
    found = uow.security_groups.find(account_id=account_id, region_id=region_id)
    if where.vpc_id:
        found = [g for g in found if g.vpc_id == where.vpc_id]
    if where.network_type:
        found = [g for g in found if g.network_type == where.network_type]
    if where.group_id:
        found = [g for g in found if g.id == where.group_id]
    if where.group_ids is not None:
        wanted = set(where.group_ids)
        found = [g for g in found if g.id in wanted]
    if where.name:
        name = where.name
        found = [g for g in found if (name in g.name if where.fuzzy else g.name == name)]
    if where.group_type:
        found = [g for g in found if g.group_type == where.group_type]
    if where.resource_group_id:
        found = [g for g in found if g.resource_group_id == where.resource_group_id]
    for tag in where.tags:
        found = [g for g in found if _has_tag(g.tags, tag)]
    return found


def _has_tag(tags: list[dict[str, str]], wanted: dict[str, str]) -> bool:
    # A filter tag without a value matches any value of that key.
    return any(t.get("Key") == wanted.get("Key") and ("Value" not in wanted or t.get("Value") == wanted["Value"])
               for t in tags)  # fmt: skip


def delete(uow: UnitOfWork, account_id: str, region_id: str, group_id: str) -> None:
    group = get(uow, account_id, region_id, group_id)
    if members(uow, group):
        raise errors.SecurityGroupInUse()
    uow.security_groups.remove(group)
