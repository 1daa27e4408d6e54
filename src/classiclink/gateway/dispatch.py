"""Chain step: run the action's handler (unless a ClientToken replay already answered)."""

from __future__ import annotations

from .. import errors
from .context import RequestContext, Runtime


def invoke(ctx: RequestContext, rt: Runtime) -> None:
    assert ctx.spec is not None and ctx.call is not None and ctx.uow is not None and ctx.scope is not None
    if ctx.replayed:
        return
    if ctx.args.get("DryRun") is True:
        # Everything a real call checks first (signature, parameters, RAM) has passed.
        raise errors.DryRunOperation()
    ctx.response = ctx.spec.invoke(ctx.request, ctx.scope, ctx.call, ctx.uow)
