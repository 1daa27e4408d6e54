"""Chain step: refuse a SignatureNonce already used by the same AccessKey within the window.

Nonces live in the store, so every worker of one deployment shares them; rows older than the window
are purged as requests pass, which bounds the table in time (and so in size).
"""

from __future__ import annotations

import random

from .. import errors
from ..domain.identity import GLOBAL, Nonce
from ..domain.ports import UnitOfWork
from .context import RequestContext, Runtime

_PURGE_EVERY = 256


def reject_replay(ctx: RequestContext, rt: Runtime) -> None:
    assert ctx.uow is not None and ctx.nonce_id is not None and ctx.identity is not None
    window_start = ctx.now - rt.settings.nonce_ttl
    seen = ctx.uow.nonces.get(ctx.nonce_id, account_id=None)
    if seen is not None and seen.created_at >= window_start:
        raise errors.NonceUsed()
    record_nonce(ctx, ctx.uow)
    if random.randrange(_PURGE_EVERY) == 0:
        ctx.uow.nonces.purge_older_than(window_start)


def record_nonce(ctx: RequestContext, uow: UnitOfWork) -> None:
    assert ctx.nonce_id is not None and ctx.identity is not None
    uow.nonces.add(Nonce(ctx.nonce_id, ctx.identity.account_id, GLOBAL, ctx.now))
    ctx.nonce_saved = True
