"""Tags as ListTagResources shows them, for the resources the emulator keeps tags on (instances,
security groups, disks); other documented resource types list nothing."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from ..domain import tags
from ..domain.model import Disk, Instance, SecurityGroup
from ..domain.ports import UnitOfWork
from ..domain.scope import Scope


@dataclass(frozen=True)
class TagFilter:
    """ResourceId and Tag both narrow the result (ANDed); with neither, every tag of every resource of
    the type in the region (docs/compatibility.md)."""

    resource_type: str
    resource_ids: Sequence[str] = ()
    tags: Sequence[dict[str, str]] = field(default_factory=tuple)


def _tagged(uow: UnitOfWork, scope: Scope, resource_type: str) -> Sequence[Instance | SecurityGroup | Disk]:
    account_id, region_id = scope.account_id, scope.region_id
    if resource_type == "instance":
        return uow.instances.find(account_id=account_id, region_id=region_id)
    if resource_type == "securitygroup":
        return uow.security_groups.find(account_id=account_id, region_id=region_id)
    if resource_type == "disk":
        return uow.disks.find(account_id=account_id, region_id=region_id)
    return []


def find(uow: UnitOfWork, scope: Scope, where: TagFilter) -> list[dict[str, Any]]:
    """One row per tag of each matching resource, in store order."""
    found = _tagged(uow, scope, where.resource_type)
    if where.resource_ids:
        wanted = set(where.resource_ids)
        found = [r for r in found if r.id in wanted]
    found = [r for r in found if tags.matches(r.tags, where.tags)]
    return [view(r.id, where.resource_type, t) for r in found for t in r.tags]


def view(resource_id: str, resource_type: str, tag: dict[str, str]) -> dict[str, Any]:
    return {"ResourceId": resource_id, "ResourceType": resource_type, "TagKey": tag.get("Key", ""),
            "TagValue": tag.get("Value", "")}  # fmt: skip
