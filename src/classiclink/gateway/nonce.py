"""Context step: refuse a SignatureNonce already used by the same AccessKey within the window.

The nonce is claimed once, in a short transaction of its own, right after the signature is verified and
before the action runs: so a replay racing the original is refused whichever worker it reaches, a long
read never holds the write lock for it, and a request refused later (a bad parameter, a RAM denial) has
still used its nonce. Nonces live in the store, shared by every worker; rows older than the window are
purged as requests pass, which bounds the table.
"""

from __future__ import annotations

import random

from .. import errors
from ..domain.identity import GLOBAL, Nonce
from .context import RequestContext, Runtime

_PURGE_EVERY = 256


def claim(ctx: RequestContext, rt: Runtime) -> None:
    if ctx.nonce_id is None or ctx.identity is None:
        raise AssertionError("nonce.claim runs after authenticate.verify_signature")
    window_start = ctx.now - rt.settings.nonce_ttl
    with rt.store.unit_of_work() as uow:
        seen = uow.nonces.get(ctx.nonce_id, account_id=None)
        if seen is not None and seen.created_at >= window_start:
            raise errors.NonceUsed()
        uow.nonces.add(Nonce(ctx.nonce_id, ctx.identity.account_id, GLOBAL, ctx.now))
        if random.randrange(_PURGE_EVERY) == 0:
            uow.nonces.purge_older_than(window_start)
        uow.commit()
