"""The admin interface's reachability answers (docs/reachability.md).

``GET /accounts/{uid}/regions/{region}/reach?Source=&Destination=&Protocol=&Port=`` answers one question;
``GET /accounts/{uid}/regions/{region}/migration`` the migration view. Both only read.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ..domain.ports import UnitOfWork
from ..domain.reachability import InvalidTraffic, Traffic
from ..domain.regions import find_region
from ..reads import reachability
from .service import AdminError, get_account, invalid


def checked_scope(uow: UnitOfWork, account_id: str, region_id: str) -> str:
    """The account's id, once the account and the region are known (else the admin 404s)."""
    account = get_account(uow, account_id)  # 404 EntityNotExist.Account
    if find_region(region_id) is None:
        raise AdminError(404, "EntityNotExist.Region", f"The Region {region_id!r} does not exist.")
    return account.id


def reach(uow: UnitOfWork, account_id: str, region_id: str, query: Mapping[str, str], now: float) -> dict[str, Any]:
    account = checked_scope(uow, account_id, region_id)
    for name in ("Source", "Destination"):
        if not query.get(name, "").strip():
            raise AdminError(400, "MissingParameter", f"The parameter {name!r} is required: an instance id or "
                                                      "its private address.")  # fmt: skip
    try:
        traffic = Traffic.parse(query.get("Protocol", "tcp"), query.get("Port"))
    except InvalidTraffic as err:
        raise invalid(err.parameter.capitalize(), err.why) from None
    try:
        return reachability.reach(uow, account, region_id, query["Source"], query["Destination"], traffic, now)
    except reachability.UnknownEndpoint as err:
        raise AdminError(404, "EntityNotExist.Instance", f"{err}.") from None


def migration(uow: UnitOfWork, account_id: str, region_id: str, now: float) -> dict[str, Any]:
    return reachability.migration(uow, checked_scope(uow, account_id, region_id), region_id, now)
