"""TagResources / UntagResources (ECS) and TagResources / UnTagResources (VPC): tags written to and removed
from resources found through the product's table of taggable types (domain/tags.py)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from . import tags
from .ports import AnyOf, Repository, UnitOfWork
from .scope import Scope
from .tags import TagErrors


def repository(uow: UnitOfWork, table: Mapping[str, str], resource_type: str, errs: TagErrors) -> Repository[Any]:
    """The repository holding ``resource_type``'s resources, or the product's unknown-type error."""
    name = table.get(resource_type)
    if name is None:
        raise errs.type_not_found()
    repo: Repository[Any] = getattr(uow, name)
    return repo


def resources(
    uow: UnitOfWork, scope: Scope, table: Mapping[str, str], resource_type: str, ids: Sequence[str], errs: TagErrors
) -> list[Any]:
    """Every named resource, in the caller's account and the request's region; one missing fails the request."""
    if len(ids) > tags.MAX_RESOURCES_PER_REQUEST:
        raise errs.too_many_resources()
    repo = repository(uow, table, resource_type, errs)
    wanted = list(dict.fromkeys(ids))
    found = repo.find(account_id=scope.account_id, region_id=scope.region_id, id=AnyOf(wanted))
    if len(found) != len(wanted):
        raise errs.resource_not_found()
    return found


def tag(
    uow: UnitOfWork,
    scope: Scope,
    table: Mapping[str, str],
    errs: TagErrors,
    *,
    resource_type: str,
    resource_ids: Sequence[str],
    given: Sequence[Mapping[str, str]],
) -> None:
    """Write ``given`` onto every resource: all or nothing (checks first, then the writes)."""
    new = tags.checked(given, errs)
    found = resources(uow, scope, table, resource_type, resource_ids, errs)
    updated = [(r, tags.merged(r.tags, new, errs)) for r in found]
    repo = repository(uow, table, resource_type, errs)
    for resource, merged in updated:
        resource.tags = merged
        repo.save(resource)


def untag(
    uow: UnitOfWork,
    scope: Scope,
    table: Mapping[str, str],
    errs: TagErrors,
    *,
    resource_type: str,
    resource_ids: Sequence[str],
    keys: Sequence[str] | None,
) -> None:
    """Remove ``keys`` (``None``: all tags) from every resource; a key a resource lacks is no error."""
    if keys is not None and len(keys) > tags.MAX_TAGS_PER_REQUEST:
        raise errs.too_many_tags()
    found = resources(uow, scope, table, resource_type, resource_ids, errs)
    repo = repository(uow, table, resource_type, errs)
    for resource in found:
        resource.tags = tags.without(resource.tags, keys)
        repo.save(resource)
