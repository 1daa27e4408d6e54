"""Chain step: RAM authorization of RAM users (root identities are never subject to policies).

The action's description names its RAM action and resource ARNs; the user's attached policies are
evaluated against all of them (Attach and Detach name both the instance and the VPC). A denial is
logged with who, what, which resource and which statement decided, then answered with the product's
documented code.
"""

from __future__ import annotations

import time

from ..domain.identity import user_key
from ..ram import Policy, evaluate, parse_policy
from .context import RequestContext, Runtime

# Parsed policies by (id, document): parsing is pure, and documents rarely change.
_parsed: dict[tuple[str, str], Policy] = {}


def check_ram(ctx: RequestContext, rt: Runtime) -> None:
    identity, spec, call, uow = ctx.identity, ctx.spec, ctx.call, ctx.uow
    assert identity is not None and spec is not None and call is not None and uow is not None
    if identity.is_root or rt.settings.ram_mode == "off":
        return
    user = uow.users.get(user_key(identity.account_id, identity.user_name), account_id=identity.account_id)
    policies: list[Policy] = []
    for name in user.policy_names if user else []:
        stored = uow.policies.get(user_key(identity.account_id, name), account_id=identity.account_id)
        if stored is not None:
            key = (stored.id, stored.document)
            if key not in _parsed:
                _parsed[key] = parse_policy(stored.name, stored.document)
            policies.append(_parsed[key])
    resources = spec.resources(call)
    context = {
        "acs:SourceIp": ctx.http.client_ip,
        "acs:SecureTransport": "true" if ctx.http.secure else "false",
        "acs:CurrentTime": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(ctx.now)),
        "acs:AccessKeyId": identity.access_key_id,
    }
    decision = evaluate(policies, spec.ram_action, resources, context)
    if not decision.allowed:
        rt.log.warning(
            "RAM denied: account=%s user=%s action=%s resource=%s decision=%s policy=%s statement=%s",
            identity.account_id,
            identity.user_name,
            spec.ram_action,
            decision.resource,
            decision.kind,
            decision.policy_name,
            decision.statement_index,
        )
        raise spec.denied()
