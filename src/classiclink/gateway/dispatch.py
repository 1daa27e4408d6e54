"""Request step: run the action's handler. It always answers, so it is the last request step."""

from __future__ import annotations

from .. import errors
from ..domain.ports import UnitOfWork
from .context import Answer, Exchange, Runtime


def invoke(ex: Exchange, uow: UnitOfWork, rt: Runtime) -> Answer:
    if ex.args.get("DryRun") is True:
        # Everything a real call checks first (signature, parameters, RAM) has passed.
        raise errors.DryRunOperation()
    return Answer(ex.spec.handler(ex.request, ex.scope, uow))
