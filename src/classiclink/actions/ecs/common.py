"""Parameters shared by the ECS 2014-05-26 actions (api-spec §4)."""

from __future__ import annotations

from typing import Any, TypeVar

from ... import errors
from ...domain.model import Resource
from ..spec import Bool, Int, Param, RegionParam, Str, param

# ECS answers its own wording for an unknown region (the ClassicLink actions document a different one).
ECS_REGION = Param("RegionId", RegionParam(errors.EcsRegionNotFound), required=True)
# Start/Stop/Reboot/DeleteInstance document no RegionId, yet the legacy SDK always sends one.
OPTIONAL_ECS_REGION = Param("RegionId", RegionParam(errors.EcsRegionNotFound))
# "ASCII characters only, at most 64" (api-spec §5.10; E-CI: InvalidClientToken.ValueNotSupported).
CLIENT_TOKEN = Param("ClientToken", Str(max_len=64, pattern=r"[\x20-\x7e]+", error=errors.InvalidClientToken))
DRY_RUN = Param("DryRun", Bool(), default=False)
TAGS = Param("Tag", repeat_fields=("Key", "Value"), max_repeat=20)

# Token paging (NextToken / MaxResults): when either is given, PageNumber and PageSize are ignored.
NEXT_TOKEN = Param("NextToken", Str(max_len=256))
MAX_RESULTS = Param("MaxResults", Int(minimum=1, maximum=100))
DEFAULT_MAX_RESULTS = 10



# The same declarations as request fields (one field object per request class, hence functions).
def ecs_region() -> Any:
    return param("RegionId", RegionParam(errors.EcsRegionNotFound), required=True)


def optional_ecs_region() -> Any:
    return param("RegionId", RegionParam(errors.EcsRegionNotFound))


def ecs_client_token() -> Any:
    return param("ClientToken", Str(max_len=64, pattern=r"[\x20-\x7e]+", error=errors.InvalidClientToken))


def ecs_dry_run() -> Any:
    return param("DryRun", Bool(), default=False)


def ecs_tags() -> Any:
    return param("Tag", repeat_fields=("Key", "Value"), max_repeat=20)


def next_token() -> Any:
    return param("NextToken", Str(max_len=256))


def max_results() -> Any:
    return param("MaxResults", Int(minimum=1, maximum=100))


R = TypeVar("R", bound=Resource)


def token_page(items: list[R], token: str | None, max_results: int | None) -> tuple[list[R], str]:
    """One page after ``token`` and the token of the next one ("" at the end).

    ``items`` are in store order (created_at, id). The token names the last item shown, so a page
    stays correct when earlier items are deleted between calls.
    """
    start = 0
    if token:
        try:
            text = bytes.fromhex(token).decode()
            created, _, last_id = text.partition("|")
            after = (float(created), last_id)
        except ValueError:
            raise errors.InvalidParameter(name="NextToken") from None
        start = next((n for n, item in enumerate(items) if (item.created_at, item.id) > after), len(items))
    size = max_results or DEFAULT_MAX_RESULTS
    shown = items[start : start + size]
    more = start + size < len(items)
    next_token = f"{shown[-1].created_at!r}|{shown[-1].id}".encode().hex() if more and shown else ""
    return shown, next_token
