"""STS temporary credentials: issuing them for a role session, and reading a SecurityToken.

A SecurityToken is ``CAIS`` (the prefix real tokens carry) followed by URL-safe Base64 of a small JSON
object naming the AccessKeyId it belongs to and a random nonce. The whole credential (id, secret,
token, role, session, inline policy, expiry) is stored, so every worker sharing the database can check
it, and it survives a restart until it expires. Reading a token tells apart a malformed one (not of
this shape) from a well-formed one issued for another AccessKeyId (api-spec §5.8, §5.11).
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
import secrets
import string
import time

from .. import errors
from .identity import GLOBAL, Identity, Role, StsCredential, role_key
from .ports import UnitOfWork
from .scope import Scope

ACCESS_KEY_PREFIX = "STS."
TOKEN_PREFIX = "CAIS"
MIN_DURATION = 900
DEFAULT_DURATION = 3600
# RAM's MaxSessionDuration: 3600 to 43200 seconds, 3600 by default (CreateRole / UpdateRole).
MIN_MAX_SESSION_DURATION = 3600
MAX_MAX_SESSION_DURATION = 43200
# Expired credentials are kept this long so that using one is answered "expired", not "not found".
KEEP_EXPIRED = 24 * 3600

_ALNUM = string.ascii_letters + string.digits


def is_temporary(access_key_id: str) -> bool:
    return access_key_id.startswith(ACCESS_KEY_PREFIX)


def token_owner(token: str) -> str | None:
    """The AccessKeyId a well-formed SecurityToken names, or None for a malformed one."""
    if not token.startswith(TOKEN_PREFIX) or len(token) > 4096:
        return None
    body = token[len(TOKEN_PREFIX) :]
    try:
        decoded = json.loads(base64.urlsafe_b64decode(body + "=" * (-len(body) % 4)))
    except (ValueError, binascii.Error, UnicodeDecodeError, RecursionError):
        return None
    if not isinstance(decoded, dict) or not isinstance(decoded.get("k"), str) or not isinstance(decoded.get("n"), str):
        return None
    owner: str = decoded["k"]
    return owner if is_temporary(owner) else None


def iso_time(epoch: float) -> str:
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(epoch))


def caller_arn(caller: Identity) -> str:
    """The ARN STS names a caller by: a role session, a RAM user or the account's root."""
    if caller.is_role_session:
        return f"acs:ram::{caller.account_id}:assumed-role/{caller.role_name}/{caller.session_name}"
    if caller.user_name:
        return f"acs:ram::{caller.account_id}:user/{caller.user_name}"
    return f"acs:ram::{caller.account_id}:root"


def assume_role(
    uow: UnitOfWork,
    scope: Scope,
    *,
    role_account_id: str,
    role_name: str,
    session_name: str,
    session_policy: str,
    duration: int,
    external_id: str | None,
) -> tuple[Role, StsCredential]:
    """AssumeRole: the caller must not be root, the role must exist and trust the caller, and the
    duration must fit the role; then a new credential is stored (expired ones long past are purged)."""
    # Here, not at the top: reading a SecurityToken (every temporary credential's request) needs no policy engine.
    from ..ram import PolicyError
    from ..ram.trust import caller_principals, parse_trust_policy

    caller = scope.caller
    assert caller is not None  # every signed request has one
    if caller.is_root:
        raise errors.StsRootCannotAssume()
    role = uow.roles.get(role_key(role_account_id, role_name), account_id=role_account_id)
    if role is None:
        raise errors.StsRoleNotFound()
    try:
        trust = parse_trust_policy(role.trust_policy)
    except PolicyError:
        raise errors.StsNoPermission() from None  # a stored document edited by hand: trust no one
    principals = caller_principals(caller.account_id, caller.user_name, caller.role_name)
    context = {"acs:CurrentTime": iso_time(scope.now), "acs:MFAPresent": "false"}
    if external_id:
        context["sts:ExternalId"] = external_id
    if not trust.allows(principals, context):
        raise errors.StsNoPermission()
    if not MIN_DURATION <= duration <= role.max_session_duration:
        raise errors.StsInvalidDurationSeconds()
    uow.sts_credentials.purge_older_than(scope.now - MAX_MAX_SESSION_DURATION - KEEP_EXPIRED)
    credential = issue(role, session_name=session_name, session_policy=session_policy, duration=duration,
                       now=scope.now, assumed_by=caller_arn(caller))  # fmt: skip
    uow.sts_credentials.add(credential)
    return role, credential


def issue(
    role: Role, *, session_name: str, session_policy: str, duration: int, now: float, assumed_by: str
) -> StsCredential:
    key_id = ACCESS_KEY_PREFIX + "".join(secrets.choice(_ALNUM) for _ in range(24))
    payload = json.dumps({"k": key_id, "n": secrets.token_hex(16)}, separators=(",", ":")).encode()
    token = TOKEN_PREFIX + base64.urlsafe_b64encode(payload).decode().rstrip("=")
    return StsCredential(
        key_id,
        role.account_id,
        GLOBAL,
        now,
        secret="".join(secrets.choice(_ALNUM) for _ in range(44)),
        token=token,
        role_name=role.name,
        role_id=role.role_id,
        session_name=session_name,
        session_policy=session_policy,
        expires_at=now + duration,
        assumed_by=assumed_by,
    )


def new_role_id() -> str:
    # RoleIds are 16- to 18-digit numbers (the docs' example: 33537620082992****).
    return str(secrets.randbelow(9 * 10**16) + 10**16)


def user_numeric_id(account_id: str, user_name: str) -> str:
    """A RAM user's numeric UserId, stable for its account and name (users are stored by name only)."""
    digest = int(hashlib.sha256(f"{account_id}:{user_name}".encode()).hexdigest(), 16)
    return str(digest % (9 * 10**16) + 10**16)
