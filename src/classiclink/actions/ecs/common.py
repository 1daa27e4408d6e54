"""Request fields shared by the ECS 2014-05-26 actions (api-spec §4).

Each is a function returning a fresh ``param()``: one dataclass field object cannot be shared between
request classes.
"""

from __future__ import annotations

from typing import Any

from ... import errors
from ..spec import Bool, Int, RegionParam, Str, param

# Token paging (NextToken / MaxResults): when either is given, PageNumber and PageSize are ignored.
DEFAULT_MAX_RESULTS = 10


def ecs_region() -> Any:
    # ECS answers its own wording for an unknown region (the ClassicLink actions document a different one).
    return param("RegionId", RegionParam(errors.EcsRegionNotFound), required=True)


def optional_ecs_region() -> Any:
    # Start/Stop/Reboot/DeleteInstance document no RegionId, yet the legacy SDK always sends one.
    return param("RegionId", RegionParam(errors.EcsRegionNotFound))


def client_token() -> Any:
    # "ASCII characters only, at most 64" (api-spec §5.10; E-CI: InvalidClientToken.ValueNotSupported).
    return param("ClientToken", Str(max_len=64, pattern=r"[\x20-\x7e]+", error=errors.InvalidClientToken))


def dry_run() -> Any:
    return param("DryRun", Bool(), default=False)


def tag_list() -> Any:
    return param("Tag", repeat_fields=("Key", "Value"), max_repeat=20)


def next_token() -> Any:
    return param("NextToken", Str(max_len=256))


def max_results() -> Any:
    return param("MaxResults", Int(minimum=1, maximum=100))
