"""Chain steps: ClientToken idempotency (api-spec §5.10).

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
from .context import RequestContext, Runtime

_PURGE_EVERY = 64


def replay_or_reserve(ctx: RequestContext, rt: Runtime) -> None:
    spec, uow, identity = ctx.spec, ctx.uow, ctx.identity
    assert spec is not None and uow is not None and identity is not None
    token = ctx.args.get("ClientToken")
    if not spec.client_token or not token:
        return
    ctx.client_token_id = f"{identity.account_id}:{spec.product}:{spec.name}:{token}"
    seen = uow.client_tokens.get(ctx.client_token_id, account_id=identity.account_id)
    if seen is None or seen.created_at < ctx.now - rt.settings.client_token_ttl:
        return
    if seen.fingerprint != _fingerprint(ctx):
        raise errors.IdempotentParameterMismatch()
    ctx.response = json.loads(seen.response)
    ctx.replayed = True


def remember(ctx: RequestContext, rt: Runtime) -> None:
    if ctx.client_token_id is None or ctx.replayed:
        return
    assert ctx.uow is not None and ctx.identity is not None and ctx.response is not None
    if random.randrange(_PURGE_EVERY) == 0:
        # Expired answers are never replayed; dropping them now and then bounds the table.
        ctx.uow.client_tokens.purge_older_than(ctx.now - rt.settings.client_token_ttl)
    ctx.uow.client_tokens.add(
        ClientToken(
            ctx.client_token_id,
            ctx.identity.account_id,
            ctx.call.region_id if ctx.call else "",
            ctx.now,
            fingerprint=_fingerprint(ctx),
            response=json.dumps(ctx.response, ensure_ascii=False),
        )
    )


def _fingerprint(ctx: RequestContext) -> str:
    business = sorted(
        (k, v) for k, v in ctx.params.items() if k == "RegionId" or (k not in COMMON_PARAMS and k != "ClientToken")
    )
    return hashlib.sha256(json.dumps(business).encode()).hexdigest()
