"""Chain step: typed arguments from the action's declarative description.

In order: the raw rules on every name and value (length, control characters: protocol.check_values);
then a parameter the action does not declare: the real gateway accepts and ignores it (footmark sends a
stray ``on=<Action>`` on nearly every call, against the real cloud, every day), so it is dropped here and
logged at DEBUG; with ``--strict-parameters`` it is refused with 400 ``UnsupportedParameter`` naming it,
for people who want their code checked for typos. It was still signed over and counted in the raw-input
limits. Then ``MissingParameter`` / ``InvalidParameter`` from the description.
"""

from __future__ import annotations

from .. import errors
from ..domain.scope import Scope
from .context import Exchange, RequestContext, Runtime
from .protocol import check_values


def parse_arguments(ctx: RequestContext, rt: Runtime) -> Exchange:
    spec, caller = ctx.spec, ctx.identity
    if spec is None or caller is None:
        raise AssertionError("parse_arguments runs after framing and authentication")
    check_values(ctx.params, rt.settings.max_value_chars)
    unknown = [name for name in ctx.params if not spec.known(name)]
    if unknown:
        if rt.settings.strict_parameters:
            raise errors.UnsupportedParameter(name=unknown[0])
        rt.log.debug("ignoring parameters %s does not declare: %s (RequestId %s)",
                     spec.name, ", ".join(unknown), ctx.request_id)  # fmt: skip
    args = spec.parse(ctx.params)
    scope = Scope(
        account_id=caller.account_id,
        # The automatic-snapshot-policy actions spell it regionId.
        region_id=str(args.get("RegionId") or args.get("regionId") or ""),
        now=ctx.now,
        behaviour=rt.settings.behaviour,
        request_id=ctx.request_id,
        caller=caller,
        ram_enforced=rt.settings.ram_mode == "enforce",
    )
    return Exchange(context=ctx, spec=spec, caller=caller, args=args, request=spec.request(args), scope=scope)
