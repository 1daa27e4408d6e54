"""Chain step: typed arguments from the action's declarative description.

In order: the raw rules on every name and value (length, control characters: protocol.check_values);
then 400 ``UnsupportedParameter`` for a parameter the action does not declare (ECS common error table,
api-spec §5.8), since a misspelt name (``Vpcid``) would otherwise be ignored silently and the call would
do something other than what was asked (every parameter the official SDKs can send is declared:
tests/unit/actions/test_sdk_parameter_coverage.py); then ``MissingParameter`` / ``InvalidParameter``
from the description.
"""

from __future__ import annotations

from .. import errors
from ..actions.spec import Call
from .context import RequestContext, Runtime
from .protocol import check_values


def parse_arguments(ctx: RequestContext, rt: Runtime) -> None:
    assert ctx.spec is not None and ctx.identity is not None
    check_values(ctx.params, rt.settings.max_value_chars)
    if any(not ctx.spec.known(name) for name in ctx.params):
        raise errors.UnsupportedParameter()
    ctx.args = ctx.spec.parse(ctx.params)
    ctx.call = Call(
        args=ctx.args,
        account_id=ctx.identity.account_id,
        now=ctx.now,
        behaviour=rt.settings.behaviour,
        request_id=ctx.request_id,
    )
