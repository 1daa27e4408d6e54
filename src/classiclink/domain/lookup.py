"""'The account's resource in this region, or the documented NotFound': written once."""

from __future__ import annotations

from typing import TypeVar

from ..errors import ApiError
from .model import Resource
from .ports import Repository
from .scope import Scope

T = TypeVar("T", bound=Resource)


def in_region(repository: Repository[T], resource_id: str, scope: Scope, missing: type[ApiError]) -> T:
    """Another account's resource, or one in another region, is answered exactly like a made-up ID."""
    found = repository.get_in_region(resource_id, account_id=scope.account_id, region_id=scope.region_id)
    if found is None:
        raise missing()
    return found
