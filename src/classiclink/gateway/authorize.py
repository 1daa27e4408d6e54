"""Chain step: RAM authorization of RAM users and role sessions (root identities are never subject to policies).

A call made with a role's temporary credentials is decided by the role's attached policies intersected
with the inline Policy given to AssumeRole (ram.evaluate_session); its denial log names the role and
the session instead of a user.

The action's description names its RAM action and resource ARNs; the user's attached policies are
evaluated against all of them (Attach and Detach name both the instance and the VPC), with the
request's condition keys acs:SourceIp, acs:SecureTransport and acs:CurrentTime. A denial is logged
with who (account, user, AccessKeyId — never a secret), what, which resource and which policy
statement decided, then answered with the product's documented code (api-spec §6).
"""

from __future__ import annotations

import dataclasses
import time
from collections.abc import Callable, Mapping
from typing import Any

from ..domain.identity import role_key, user_key
from ..ram import Policy, PolicyError, parse_policy
from ..ram.evaluate import evaluate_session
from .context import Identity, RequestContext, Runtime

# Parsed policies by (id, document): parsing is pure and documents rarely change. Bounded, because
# every edit of a document makes a new key.
_parsed: dict[tuple[str, str], Policy] = {}
_PARSED_MAX = 1024


# Actions documented to answer a denied RAM user with an empty result instead of an error
# (DescribeInstances, api-spec §6.3 / E-DI): the answer to give, from the parsed arguments.
def _no_instances(args: Mapping[str, Any]) -> dict[str, Any]:
    # The same shape DescribeInstances answers for an empty result, in either paging style.
    if args.get("NextToken") is not None or args.get("MaxResults") is not None:
        return {"TotalCount": 0, "NextToken": "", "Instances": {"Instance": []}}
    paging = {"PageNumber": args.get("PageNumber") or 1, "PageSize": args.get("PageSize") or 10, "NextToken": ""}
    return {"TotalCount": 0, **paging, "Instances": {"Instance": []}}


_EMPTY_WHEN_DENIED: dict[tuple[str, str], Callable[[Mapping[str, Any]], dict[str, Any]]] = {
    ("2014-05-26", "DescribeInstances"): _no_instances,
}


class _Unreadable(Exception):
    """A stored policy that no longer parses (the store was edited by hand): refuse, do not guess."""


def check_ram(ctx: RequestContext, rt: Runtime) -> None:
    identity, spec, call, uow = ctx.identity, ctx.spec, ctx.call, ctx.uow
    assert identity is not None and spec is not None and call is not None and uow is not None
    if identity.is_root or rt.settings.ram_mode == "off" or not spec.ram_action:
        return
    if not call.region_id and isinstance(call["InstanceId"], str):
        # A policy naming a region must still match a call that names an instance but no region.
        instance = uow.instances.get(call["InstanceId"], account_id=identity.account_id)
        if instance is not None:
            call = ctx.call = dataclasses.replace(call, home_region=instance.region_id)
            if ctx.scope is not None:
                ctx.scope = dataclasses.replace(ctx.scope, home_region=instance.region_id)
    assert ctx.scope is not None
    resources = spec.resource_names(ctx.request, ctx.scope, call) or ["*"]
    who = (
        f"role={identity.role_name} session={identity.session_name}"
        if identity.is_role_session
        else f"user={identity.user_name}"
    )
    try:
        policies = _policies_of(ctx, identity)
        session = _parsed_policy("AssumeRole Policy", identity.session_policy) if identity.session_policy else None
    except _Unreadable as bad:
        rt.log.error(
            "RAM denied (unreadable policy %s of account %s): %s action=%s RequestId=%s",
            bad,
            identity.account_id,
            who,
            spec.ram_action,
            ctx.request_id,
        )
        raise spec.denied() from None
    decision = evaluate_session(policies, session, spec.ram_action, resources, request_context(ctx))
    if decision.allowed:
        return
    rt.log.warning(
        "RAM denied: account=%s %s access_key=%s action=%s resource=%s decision=%s policy=%s statement=%s "
        "RequestId=%s",
        identity.account_id,
        who,
        identity.access_key_id,
        spec.ram_action,
        decision.resource,
        decision.kind,
        decision.policy_name,
        decision.statement_index,
        ctx.request_id,
    )
    if spec.when_denied is not None:
        # Answered like a ClientToken replay: the handler does not run, the result is fixed.
        ctx.response = spec.when_denied(ctx.request)
        ctx.replayed = True
        return
    empty = _EMPTY_WHEN_DENIED.get((spec.version, spec.name))
    if empty is not None:
        ctx.response = empty(ctx.args)
        ctx.replayed = True
        return
    raise spec.denied()


def request_context(ctx: RequestContext) -> dict[str, str]:
    """The condition keys RAM knows about this request (api-spec §6.1, common keys)."""
    assert ctx.identity is not None
    return {
        "acs:SourceIp": ctx.http.client_ip,
        "acs:SecureTransport": "true" if ctx.http.secure else "false",
        "acs:CurrentTime": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(ctx.now)),
        # AccessKeys here are long-term keys, never MFA sessions.
        "acs:MFAPresent": "false",
        "acs:AccessKeyId": ctx.identity.access_key_id,
    }


def _policies_of(ctx: RequestContext, identity: Identity) -> list[Policy]:
    assert ctx.uow is not None
    if identity.is_role_session:
        role = ctx.uow.roles.get(role_key(identity.account_id, identity.role_name), account_id=identity.account_id)
        names = role.policy_names if role else []  # a deleted role grants nothing
    else:
        user = ctx.uow.users.get(user_key(identity.account_id, identity.user_name), account_id=identity.account_id)
        names = user.policy_names if user else []
    policies: list[Policy] = []
    for name in names:
        stored = ctx.uow.policies.get(user_key(identity.account_id, name), account_id=identity.account_id)
        if stored is None:
            continue  # detached by deletion: grants and denies nothing
        policies.append(_parsed_policy(stored.name, stored.document, stored.id))
    return policies


def _parsed_policy(name: str, document: str, cache_id: str = "") -> Policy:
    key = (cache_id or name, document)
    parsed = _parsed.get(key)
    if parsed is None:
        try:
            parsed = parse_policy(name, document)
        except PolicyError:
            raise _Unreadable(name) from None
        if len(_parsed) >= _PARSED_MAX:
            _parsed.clear()
        _parsed[key] = parsed
    return parsed
