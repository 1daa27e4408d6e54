"""Chain step: typed arguments from the action's declarative description (MissingParameter, InvalidParameter)."""

from __future__ import annotations

from ..actions.spec import Call
from .context import RequestContext, Runtime


def parse_arguments(ctx: RequestContext, rt: Runtime) -> None:
    assert ctx.spec is not None and ctx.identity is not None
    ctx.args = ctx.spec.parse(ctx.params)
    ctx.call = Call(
        args=ctx.args,
        account_id=ctx.identity.account_id,
        now=ctx.now,
        behaviour=rt.settings.behaviour,
        request_id=ctx.request_id,
    )
