"""Tags as ListTagResources shows them (ECS and VPC), for the resources of each product's table of taggable
types (domain/tags.py); other documented resource types list nothing."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from ..domain import tags
from ..domain.ports import AnyOf, Repository, UnitOfWork
from ..domain.scope import Scope


@dataclass(frozen=True)
class TagFilter:
    """ResourceId and Tag both narrow the result (ANDed); with neither, every tag of every resource of
    the type in the region (docs/compatibility.md)."""

    resource_type: str
    resource_ids: Sequence[str] = ()
    tags: Sequence[dict[str, str]] = field(default_factory=tuple)
    # {"TagKey": key, "TagValues": [values]}: the key, and any of the values (any value without them).
    tag_filters: Sequence[dict[str, Any]] = field(default_factory=tuple)


def _tagged(uow: UnitOfWork, scope: Scope, where: TagFilter, table: Mapping[str, str]) -> Sequence[Any]:
    name = table.get(where.resource_type)
    if name is None:
        return []
    repo: Repository[Any] = getattr(uow, name)
    query: dict[str, Any] = {"region_id": scope.region_id}
    if where.resource_ids:
        query["id"] = AnyOf(where.resource_ids)
    return repo.find(account_id=scope.account_id, **query)


def _filtered(resource_tags: Sequence[dict[str, str]], wanted: dict[str, Any]) -> bool:
    values = wanted.get("TagValues") or []
    return any(t.get("Key") == wanted.get("TagKey") and (not values or t.get("Value") in values)
               for t in resource_tags)  # fmt: skip


def find(
    uow: UnitOfWork, scope: Scope, where: TagFilter, table: Mapping[str, str] = tags.ECS_TAGGABLE
) -> list[dict[str, Any]]:
    """One row per tag of each matching resource, in store order."""
    found = [r for r in _tagged(uow, scope, where, table)
             if tags.matches(r.tags, where.tags) and all(_filtered(r.tags, f) for f in where.tag_filters)]  # fmt: skip
    return [view(r.id, where.resource_type, t) for r in found for t in r.tags]


def view(resource_id: str, resource_type: str, tag: dict[str, str]) -> dict[str, Any]:
    return {"ResourceId": resource_id, "ResourceType": resource_type, "TagKey": tag.get("Key", ""),
            "TagValue": tag.get("Value", "")}  # fmt: skip
