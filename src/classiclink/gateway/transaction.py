"""Chain steps: open the request's unit of work, and commit it at the very end.

Everything in between — key lookup, nonce, RAM policies, ClientToken, the action — shares one
transaction, so a request is applied whole or not at all, with a single commit on success.
"""

from __future__ import annotations

from .context import RequestContext, Runtime


def begin(ctx: RequestContext, rt: Runtime) -> None:
    uow = rt.store.unit_of_work()
    uow.__enter__()
    ctx.uow = uow


def commit(ctx: RequestContext, rt: Runtime) -> None:
    assert ctx.uow is not None
    ctx.uow.commit()
