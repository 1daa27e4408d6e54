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
from typing import TYPE_CHECKING

from ..domain.identity import role_key, user_key
from ..domain.ports import UnitOfWork
from .context import Answer, Exchange, Identity, RequestContext, Runtime

# The policy engine (classiclink.ram) is imported by the first request that needs it: a server whose callers
# are all root identities never loads it (start-up, issue 11).
if TYPE_CHECKING:
    from ..ram import Policy

# Parsed policies by (id, document): parsing is pure and documents rarely change. Bounded, because
# every edit of a document makes a new key.
_parsed: dict[tuple[str, str], Policy] = {}
_PARSED_MAX = 1024


class _Unreadable(Exception):
    """A stored policy that no longer parses (the store was edited by hand): refuse, do not guess."""


def check_ram(ex: Exchange, uow: UnitOfWork, rt: Runtime) -> Answer | None:
    identity, spec, scope = ex.caller, ex.spec, ex.scope
    if identity.is_root or rt.settings.ram_mode == "off" or not spec.ram_action:
        return None
    from ..ram.evaluate import evaluate_session

    instance_id = ex.args.get("InstanceId")
    if not scope.region_id and isinstance(instance_id, str):
        # A policy naming a region must still match a call that names an instance but no region.
        instance = uow.instances.get(instance_id, account_id=identity.account_id)
        if instance is not None:
            scope = dataclasses.replace(scope, home_region=instance.region_id)
    resources = spec.resources(ex.request, scope) or ["*"]
    who = (
        f"role={identity.role_name} session={identity.session_name}"
        if identity.is_role_session
        else f"user={identity.user_name}"
    )
    try:
        policies = _cached_policies_of(ex, uow, rt)
        session = _parsed_policy("AssumeRole Policy", identity.session_policy) if identity.session_policy else None
    except _Unreadable as bad:
        rt.log.error(
            "RAM denied (unreadable policy %s of account %s): %s action=%s RequestId=%s",
            bad,
            identity.account_id,
            who,
            spec.ram_action,
            ex.request_id,
        )
        raise spec.denied() from None
    decision = evaluate_session(policies, session, spec.ram_action, resources, request_context(ex.context, identity))
    if decision.allowed:
        return None
    rt.log.warning(
        "RAM denied: account=%s %s access_key=%s action=%s resource=%s decision=%s policy=%s statement=%s RequestId=%s",
        identity.account_id,
        who,
        identity.access_key_id,
        spec.ram_action,
        decision.resource,
        decision.kind,
        decision.policy_name,
        decision.statement_index,
        ex.request_id,
    )
    if spec.when_denied is not None:
        # The action's documented answer to a denied user (DescribeInstances: an empty list); the
        # handler does not run.
        return Answer(spec.when_denied(ex.request), source="denied")
    raise spec.denied()


def request_context(ctx: RequestContext, identity: Identity) -> dict[str, str]:
    """The condition keys RAM knows about this request (api-spec §6.1, common keys)."""
    return {
        "acs:SourceIp": ctx.http.client_ip,
        "acs:SecureTransport": "true" if ctx.http.secure else "false",
        "acs:CurrentTime": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(ctx.now)),
        # AccessKeys here are long-term keys, never MFA sessions.
        "acs:MFAPresent": "false",
        "acs:AccessKeyId": identity.access_key_id,
    }


def _cached_policies_of(ex: Exchange, uow: UnitOfWork, rt: Runtime) -> list[Policy]:
    """The caller's policies, from this worker's identity cache when it is current (gateway/identities.py)."""
    identity, version = ex.caller, ex.context.identity_version
    owner = (identity.account_id, "role", identity.role_name.lower()) if identity.is_role_session else (
        identity.account_id, "user", identity.user_name)  # fmt: skip
    cached: list[Policy] | None = rt.identities.policies(owner, version)
    if cached is not None:
        return cached
    policies = _policies_of(uow, identity)
    if version is not None:
        rt.identities.remember_policies(version, owner, policies)
    return policies


def _policies_of(uow: UnitOfWork, identity: Identity) -> list[Policy]:
    if identity.is_role_session:
        role = uow.roles.get(role_key(identity.account_id, identity.role_name), account_id=identity.account_id)
        names = role.policy_names if role else []  # a deleted role grants nothing
    else:
        user = uow.users.get(user_key(identity.account_id, identity.user_name), account_id=identity.account_id)
        names = user.policy_names if user else []
    policies: list[Policy] = []
    for name in names:
        stored = uow.policies.get(user_key(identity.account_id, name), account_id=identity.account_id)
        if stored is None:
            continue  # detached by deletion: grants and denies nothing
        policies.append(_parsed_policy(stored.name, stored.document, stored.id))
    return policies


def _parsed_policy(name: str, document: str, cache_id: str = "") -> Policy:
    key = (cache_id or name, document)
    parsed = _parsed.get(key)
    if parsed is None:
        from ..ram import PolicyError, parse_policy

        try:
            parsed = parse_policy(name, document)
        except PolicyError:
            raise _Unreadable(name) from None
        if len(_parsed) >= _PARSED_MAX:
            _parsed.clear()
        _parsed[key] = parsed
    return parsed
