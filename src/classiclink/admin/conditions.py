"""``/_classiclink/admin/accounts/{uid}/conditions``: an account's conditions (domain/account_conditions.py).

``PUT`` replaces them with the body (a JSON object of condition names; an omitted one is off), ``GET`` shows
every condition and its value, ``DELETE`` switches them all off (the account may buy everything again). The
change is in the store, so every worker and server on the database applies it to the next request.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ..domain import account_conditions, condition_checks
from ..domain.ports import UnitOfWork
from .service import get_account, invalid


def view(account_id: str, conditions: account_conditions.Conditions) -> dict[str, Any]:
    return {"AccountId": account_id, "Conditions": account_conditions.document(conditions)}


def describe(uow: UnitOfWork, account_id: str) -> dict[str, Any]:
    account = get_account(uow, account_id)
    return view(account.id, condition_checks.of(uow, account.id))


def put(uow: UnitOfWork, account_id: str, body: Mapping[str, Any], now: float) -> dict[str, Any]:
    account = get_account(uow, account_id)
    try:
        conditions = account_conditions.parse(body)
    except account_conditions.InvalidConditions as err:
        raise invalid(err.name, err.why) from None
    condition_checks.put(uow, account.id, conditions, now)
    return view(account.id, conditions)


def clear(uow: UnitOfWork, account_id: str) -> dict[str, Any]:
    account = get_account(uow, account_id)
    condition_checks.clear(uow, account.id)
    return view(account.id, account_conditions.NONE)
