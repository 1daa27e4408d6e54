"""Context step: refuse a SignatureNonce already used by the same AccessKey within the window.

The nonce is claimed once, in a short transaction of its own, right after the signature is verified and
before the action runs: so a replay racing the original is refused whichever worker it reaches, a long
read never holds the write lock for it, and a request refused later (a bad parameter, a RAM denial) has
still used its nonce. Nonces live in the store, shared by every worker; rows older than the window are
purged as requests pass, which bounds the table.

The same step checks that the credentials the request was authenticated with are still current
(``Store.claim_nonce`` compares the identity version they were read at, gateway/identities.py): if not, the
worker's cache is emptied, the request is authenticated again from the store, and only then is its nonce
claimed.
"""

from __future__ import annotations

import random

from .. import errors
from ..domain.identity import GLOBAL, Nonce
from ..domain.ports import UnitOfWork
from . import authenticate
from .context import RequestContext, Runtime

_PURGE_EVERY = 256
# Identity changes racing one request, more than this many times in a row: claim against whatever was read last.
_RETRIES = 3


def claim(ctx: RequestContext, rt: Runtime) -> None:
    if ctx.nonce_id is None or ctx.identity is None:
        raise AssertionError("nonce.claim runs after authenticate.verify_signature")
    if may_defer(ctx, rt):
        ctx.nonce_deferred = True  # claimed by claim_in, as the first write of the request's unit of work
        return
    window_start = ctx.now - rt.settings.nonce_ttl
    for attempt in range(_RETRIES + 1):
        version = ctx.identity_version if attempt < _RETRIES else None
        nonce = Nonce(ctx.nonce_id, ctx.identity.account_id, GLOBAL, ctx.now)
        outcome = rt.store.claim_nonce(nonce, window_start, version)
        if outcome == "claimed":
            break
        if outcome == "used":
            raise errors.NonceUsed()
        # "stale": keys or policies changed since they were cached; authenticate again from the store.
        rt.identities.invalidate(rt.store.identity_version())
        authenticate.verify_signature(ctx, rt)
    if random.randrange(_PURGE_EVERY) == 0:
        rt.store.purge_nonces(window_start)


def may_defer(ctx: RequestContext, rt: Runtime) -> bool:
    """A write's nonce goes into the write's own transaction (one commit instead of two) where the store can
    keep it alone when the rest is undone (``Store.nonce_in_writes``), unless a fault rule may count the call
    first (that count is a transaction of its own, made before the nonce is claimed)."""
    spec, identity = ctx.spec, ctx.identity
    return (
        rt.store.nonce_in_writes
        and not ctx.claim_alone
        and spec is not None
        and identity is not None
        and not spec.read_only
        and not rt.faults.may_match(rt.store, spec.name, identity.account_id)
    )


def claim_in(uow: UnitOfWork, ctx: RequestContext, rt: Runtime) -> bool:
    """The deferred claim, as the first write of ``uow``: a replay is refused here, recording nothing. False when
    the credentials changed since they were cached: the caller rolls back and claims alone (``claim``, which
    authenticates again first)."""
    if ctx.nonce_id is None or ctx.identity is None:
        raise AssertionError("nonce.claim_in runs after authenticate.verify_signature")
    window_start = ctx.now - rt.settings.nonce_ttl
    outcome = uow.claim_nonce(Nonce(ctx.nonce_id, ctx.identity.account_id, GLOBAL, ctx.now), window_start,
                              ctx.identity_version)  # fmt: skip
    if outcome == "used":
        raise errors.NonceUsed()
    if outcome == "stale":
        return False
    if random.randrange(_PURGE_EVERY) == 0:
        uow.purge_nonces(window_start)
    return True
