"""Request and response steps: ClientToken idempotency (api-spec §5.10).

A retry with the same token and the same business parameters gets the first answer again and changes
nothing; the same token with other parameters is refused. Scope: (account, product, action, token) — the account is part of the row's key, so two accounts using
the same token never see each other's answers,
kept for the configured time (24 h by default). Only successful answers are remembered.
"""

from __future__ import annotations

import hashlib
import json
import random

from .. import errors
from ..actions.spec import COMMON_PARAMS
from ..domain.identity import ClientToken
from ..domain.ports import UnitOfWork
from .context import Answer, Exchange, Runtime

_PURGE_EVERY = 64


def _token_id(ex: Exchange) -> str | None:
    token = ex.args.get("ClientToken")
    if not ex.spec.client_token or not token:
        return None
    return f"{ex.caller.account_id}:{ex.spec.product}:{ex.spec.name}:{token}"


def replay(ex: Exchange, uow: UnitOfWork, rt: Runtime) -> Answer | None:
    token_id = _token_id(ex)
    if token_id is None:
        return None
    seen = uow.client_tokens.get(token_id, account_id=ex.caller.account_id)
    if seen is None or seen.created_at < ex.now - rt.settings.client_token_ttl:
        return None
    if seen.fingerprint != _fingerprint(ex):
        raise errors.IdempotentParameterMismatch()
    return Answer(json.loads(seen.response), source="replay")


def remember(ex: Exchange, answer: Answer, uow: UnitOfWork, rt: Runtime) -> None:
    token_id = _token_id(ex)
    if token_id is None or answer.source != "action":
        return
    if random.randrange(_PURGE_EVERY) == 0:
        # Expired answers are never replayed; dropping them now and then bounds the table.
        uow.client_tokens.purge_older_than(ex.now - rt.settings.client_token_ttl)
    uow.client_tokens.add(
        ClientToken(
            token_id,
            ex.caller.account_id,
            ex.scope.region_id,
            ex.now,
            fingerprint=_fingerprint(ex),
            response=json.dumps(answer.body, ensure_ascii=False),
        )
    )


def _fingerprint(ex: Exchange) -> str:
    business = sorted(
        (k, v) for k, v in ex.params.items() if k == "RegionId" or (k not in COMMON_PARAMS and k != "ClientToken")
    )
    return hashlib.sha256(json.dumps(business).encode()).hexdigest()
