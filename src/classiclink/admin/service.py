"""What the admin interface can change: accounts, AccessKeys, RAM users, policies and attachments.

Every operation takes an open unit of work and leaves committing to the caller, so a refused change
writes nothing and an accepted one is visible to every worker sharing the store at once. Secrets
leave this module only in the answer to creating a key; listings and log lines never carry them.
"""

from __future__ import annotations

import json
import secrets
import string
import time
from collections.abc import Mapping
from typing import Any

from ..config import (
    KEY_STATUSES,
    policy_text,
    valid_access_key_id,
    valid_account_id,
    valid_policy_name,
    valid_role_name,
    valid_secret,
    valid_user_name,
)
from ..domain import sts
from ..domain.identity import GLOBAL, AccessKey, Account, Policy, Role, User, role_arn, role_key, user_key
from ..domain.ports import UnitOfWork
from ..ram import PolicyError, parse_policy
from ..ram.trust import parse_trust_policy

_ALNUM = string.ascii_letters + string.digits


class AdminError(Exception):
    """A refused admin request: HTTP status, a code and a human message, answered as JSON."""

    def __init__(self, status: int, code: str, message: str, headers: list[tuple[str, str]] | None = None) -> None:
        super().__init__(f"{code}: {message}")
        self.status = status
        self.code = code
        self.message = message
        self.headers = headers or []


def not_found(kind: str, name: str) -> AdminError:
    return AdminError(404, f"EntityNotExist.{kind}", f"The {kind} {name!r} does not exist.")


def invalid(name: str, why: str) -> AdminError:
    return AdminError(400, "InvalidParameter", f"The parameter {name!r} is not valid: {why}.")


def _iso(epoch: float) -> str:
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(epoch))


# --- views (never a secret) -------------------------------------------------------------------------------


def account_view(account: Account) -> dict[str, Any]:
    return {"AccountId": account.id, "Name": account.name, "CreateDate": _iso(account.created_at)}


def key_view(key: AccessKey) -> dict[str, Any]:
    return {
        "AccessKeyId": key.id,
        "AccountId": key.account_id,
        "UserName": key.user_name,
        "Status": key.status,
        "CreateDate": _iso(key.created_at),
    }


def user_view(uow: UnitOfWork, user: User) -> dict[str, Any]:
    keys = uow.access_keys.find(account_id=user.account_id, user_name=user.name)
    return {
        "UserName": user.name,
        "AccountId": user.account_id,
        "CreateDate": _iso(user.created_at),
        "Policies": list(user.policy_names),
        "AccessKeys": [key_view(k) for k in keys],
    }


def policy_view(policy: Policy) -> dict[str, Any]:
    return {
        "PolicyName": policy.name,
        "AccountId": policy.account_id,
        "CreateDate": _iso(policy.created_at),
        "PolicyDocument": policy.document,
    }


# --- accounts ------------------------------------------------------------------------------------------------


def list_accounts(uow: UnitOfWork) -> dict[str, Any]:
    return {"Accounts": [account_view(a) for a in uow.accounts.find(account_id=None)]}


def get_account(uow: UnitOfWork, account_id: str) -> Account:
    account = uow.accounts.get(account_id, account_id=None) if valid_account_id(account_id) else None
    if account is None:
        raise not_found("Account", account_id)
    return account


def describe_account(uow: UnitOfWork, account_id: str) -> dict[str, Any]:
    account = get_account(uow, account_id)
    return {
        **account_view(account),
        "AccessKeys": [key_view(k) for k in uow.access_keys.find(account_id=account.id, user_name="")],
        "Users": [u.name for u in uow.users.find(account_id=account.id)],
        "Policies": [p.name for p in uow.policies.find(account_id=account.id)],
        "Roles": [r.name for r in uow.roles.find(account_id=account.id)],
    }


def create_account(uow: UnitOfWork, body: Mapping[str, Any], now: float) -> dict[str, Any]:
    _only(body, {"AccountId", "Name"})
    name = _text(body, "Name", default="")
    if len(name) > 64:
        raise invalid("Name", "at most 64 characters")
    account_id = _text(body, "AccountId", default="")
    if account_id:
        if not valid_account_id(account_id):
            raise invalid("AccountId", "a numeric UID of 1 to 18 digits without a leading 0")
        if uow.accounts.get(account_id, account_id=None) is not None:
            raise AdminError(409, "EntityAlreadyExists.Account", f"The Account {account_id!r} already exists.")
    else:
        account_id = _new_account_id(uow)
    account = Account(account_id, account_id, GLOBAL, now, name=name)
    uow.accounts.add(account)
    return account_view(account)


def _new_account_id(uow: UnitOfWork) -> str:
    while True:
        # 16 digits, like real UIDs.
        candidate = str(secrets.randbelow(9 * 10**15) + 10**15)
        if uow.accounts.get(candidate, account_id=None) is None:
            return candidate


# --- AccessKeys ---------------------------------------------------------------------------------------------


def list_keys(uow: UnitOfWork, account_id: str, user_name: str | None) -> dict[str, Any]:
    account = get_account(uow, account_id)
    where: dict[str, Any] = {}
    if user_name is not None:
        if user_name:
            get_user(uow, account.id, user_name)
        where["user_name"] = user_name
    return {"AccessKeys": [key_view(k) for k in uow.access_keys.find(account_id=account.id, **where)]}


def create_key(uow: UnitOfWork, account_id: str, body: Mapping[str, Any], now: float) -> dict[str, Any]:
    """A new key for the account's root identity, or for a RAM user; the only answer carrying the secret."""
    _only(body, {"UserName", "AccessKeyId", "AccessKeySecret"})
    account = get_account(uow, account_id)
    user_name = _text(body, "UserName", default="")
    if user_name:
        get_user(uow, account.id, user_name)
    key_id = _text(body, "AccessKeyId", default="")
    if key_id:
        if not valid_access_key_id(key_id):
            raise invalid("AccessKeyId", "letters, digits, '.', '_' and '-' only, at most 128")
        if uow.access_keys.get(key_id, account_id=None) is not None:
            raise AdminError(409, "EntityAlreadyExists.AccessKey", f"The AccessKey {key_id!r} already exists.")
    else:
        key_id = _new_key_id(uow)
    secret = _text(body, "AccessKeySecret", default="")
    if secret:
        if not valid_secret(secret):
            raise invalid("AccessKeySecret", "1 to 256 printable characters without spaces")
    else:
        secret = "".join(secrets.choice(_ALNUM) for _ in range(30))
    key = AccessKey(key_id, account.id, GLOBAL, now, secret=secret, status="Active", user_name=user_name)
    uow.access_keys.add(key)
    return {**key_view(key), "AccessKeySecret": secret}


def _new_key_id(uow: UnitOfWork) -> str:
    while True:
        candidate = "LTAI" + "".join(secrets.choice(_ALNUM) for _ in range(20))
        if uow.access_keys.get(candidate, account_id=None) is None:
            return candidate


def get_key(uow: UnitOfWork, account_id: str, key_id: str) -> AccessKey:
    account = get_account(uow, account_id)
    key = uow.access_keys.get(key_id, account_id=account.id)
    if key is None:
        raise not_found("AccessKey", key_id)
    return key


def set_key_status(uow: UnitOfWork, account_id: str, key_id: str, status: str) -> dict[str, Any]:
    assert status in KEY_STATUSES
    key = get_key(uow, account_id, key_id)
    if key.status != status:
        key.status = status
        uow.access_keys.save(key)
    return key_view(key)


def delete_key(uow: UnitOfWork, account_id: str, key_id: str) -> dict[str, Any]:
    key = get_key(uow, account_id, key_id)
    uow.access_keys.remove(key)
    return {"AccessKeyId": key.id, "Deleted": True}


# --- RAM users ------------------------------------------------------------------------------------------------


def get_user(uow: UnitOfWork, account_id: str, name: str) -> User:
    user = uow.users.get(user_key(account_id, name), account_id=account_id) if valid_user_name(name) else None
    if user is None:
        raise not_found("User", name)
    return user


def list_users(uow: UnitOfWork, account_id: str) -> dict[str, Any]:
    account = get_account(uow, account_id)
    return {"Users": [user_view(uow, u) for u in uow.users.find(account_id=account.id)]}


def describe_user(uow: UnitOfWork, account_id: str, name: str) -> dict[str, Any]:
    get_account(uow, account_id)
    return user_view(uow, get_user(uow, account_id, name))


def create_user(uow: UnitOfWork, account_id: str, body: Mapping[str, Any], now: float) -> dict[str, Any]:
    _only(body, {"UserName"})
    account = get_account(uow, account_id)
    name = _text(body, "UserName", default="")
    if not name:
        raise AdminError(400, "MissingParameter", "The parameter 'UserName' is required.")
    if not valid_user_name(name):
        raise invalid("UserName", "letters, digits, '.', '_' and '-' only, 1 to 64")
    uid = user_key(account.id, name)
    if uow.users.get(uid, account_id=account.id) is not None:
        raise AdminError(409, "EntityAlreadyExists.User", f"The User {name!r} already exists.")
    user = User(uid, account.id, GLOBAL, now, name=name)
    uow.users.add(user)
    return user_view(uow, user)


def delete_user(uow: UnitOfWork, account_id: str, name: str) -> dict[str, Any]:
    """Delete the user with its AccessKeys (its keys cannot outlive it) and its policy attachments."""
    get_account(uow, account_id)
    user = get_user(uow, account_id, name)
    keys = uow.access_keys.find(account_id=user.account_id, user_name=user.name)
    for key in keys:
        uow.access_keys.remove(key)
    uow.users.remove(user)
    return {"UserName": user.name, "Deleted": True, "DeletedAccessKeys": [k.id for k in keys]}


def attach_policy(uow: UnitOfWork, account_id: str, name: str, body: Mapping[str, Any]) -> dict[str, Any]:
    _only(body, {"PolicyName"})
    get_account(uow, account_id)
    user = get_user(uow, account_id, name)
    policy_name = _text(body, "PolicyName", default="")
    if not policy_name:
        raise AdminError(400, "MissingParameter", "The parameter 'PolicyName' is required.")
    get_policy(uow, account_id, policy_name)
    if policy_name not in user.policy_names:
        user.policy_names = [*user.policy_names, policy_name]
        uow.users.save(user)
    return user_view(uow, user)


def detach_policy(uow: UnitOfWork, account_id: str, name: str, policy_name: str) -> dict[str, Any]:
    get_account(uow, account_id)
    user = get_user(uow, account_id, name)
    if policy_name not in user.policy_names:
        raise AdminError(
            404, "EntityNotExist.User.Policy", f"The Policy {policy_name!r} is not attached to the User {name!r}."
        )
    user.policy_names = [p for p in user.policy_names if p != policy_name]
    uow.users.save(user)
    return user_view(uow, user)


# --- policies --------------------------------------------------------------------------------------------------


def get_policy(uow: UnitOfWork, account_id: str, name: str) -> Policy:
    found = uow.policies.get(user_key(account_id, name), account_id=account_id) if valid_policy_name(name) else None
    if found is None:
        raise not_found("Policy", name)
    return found


def list_policies(uow: UnitOfWork, account_id: str) -> dict[str, Any]:
    account = get_account(uow, account_id)
    return {"Policies": [policy_view(p) for p in uow.policies.find(account_id=account.id)]}


def describe_policy(uow: UnitOfWork, account_id: str, name: str) -> dict[str, Any]:
    get_account(uow, account_id)
    return policy_view(get_policy(uow, account_id, name))


def put_policy(
    uow: UnitOfWork, account_id: str, name: str, body: Mapping[str, Any], now: float
) -> tuple[bool, dict[str, Any]]:
    """Create or replace a policy; the document must pass parse_policy. Returns (created, view)."""
    _only(body, {"PolicyDocument"})
    account = get_account(uow, account_id)
    if not valid_policy_name(name):
        raise invalid("PolicyName", "letters, digits, '.', '_' and '-' only, 1 to 128")
    if "PolicyDocument" not in body:
        raise AdminError(400, "MissingParameter", "The parameter 'PolicyDocument' is required.")
    document = body["PolicyDocument"]
    if isinstance(document, Mapping):
        text = json.dumps(document, ensure_ascii=False)
    elif isinstance(document, str):
        text = document
    else:
        raise invalid("PolicyDocument", "a JSON object, or the JSON text of one")
    try:
        parse_policy(name, text)
    except PolicyError as exc:
        raise AdminError(400, "MalformedPolicyDocument", f"The policy document is not valid: {exc.reason}") from None
    pid = user_key(account.id, name)
    existing = uow.policies.get(pid, account_id=account.id)
    policy = Policy(pid, account.id, GLOBAL, existing.created_at if existing else now, name=name, document=text)
    uow.policies.save(policy)
    return existing is None, policy_view(policy)


def delete_policy(uow: UnitOfWork, account_id: str, name: str) -> dict[str, Any]:
    """Refused while users still have it attached, as RAM does: detaching first keeps the change visible."""
    get_account(uow, account_id)
    policy = get_policy(uow, account_id, name)
    users = [u.name for u in uow.users.find(account_id=policy.account_id) if name in u.policy_names]
    if users:
        raise AdminError(
            409,
            "DeleteConflict.Policy.User",
            f"The Policy {name!r} is attached to the User(s) {', '.join(users)}; detach it first.",
        )
    roles = [r.name for r in uow.roles.find(account_id=policy.account_id) if name in r.policy_names]
    if roles:
        raise AdminError(
            409,
            "DeleteConflict.Policy.Role",
            f"The Policy {name!r} is attached to the Role(s) {', '.join(roles)}; detach it first.",
        )
    uow.policies.remove(policy)
    return {"PolicyName": name, "Deleted": True}


# --- RAM roles ---------------------------------------------------------------------------------------------------


def role_view(role: Role) -> dict[str, Any]:
    return {
        "RoleName": role.name,
        "RoleId": role.role_id,
        "Arn": role_arn(role.account_id, role.name),
        "AccountId": role.account_id,
        "CreateDate": _iso(role.created_at),
        "AssumeRolePolicyDocument": role.trust_policy,
        "MaxSessionDuration": role.max_session_duration,
        "Policies": list(role.policy_names),
    }


def get_role(uow: UnitOfWork, account_id: str, name: str) -> Role:
    found = uow.roles.get(role_key(account_id, name), account_id=account_id) if valid_role_name(name) else None
    if found is None:
        raise not_found("Role", name)
    return found


def list_roles(uow: UnitOfWork, account_id: str) -> dict[str, Any]:
    account = get_account(uow, account_id)
    return {"Roles": [role_view(r) for r in uow.roles.find(account_id=account.id)]}


def describe_role(uow: UnitOfWork, account_id: str, name: str) -> dict[str, Any]:
    get_account(uow, account_id)
    return role_view(get_role(uow, account_id, name))


def create_role(uow: UnitOfWork, account_id: str, body: Mapping[str, Any], now: float) -> dict[str, Any]:
    """Field names as RAM's CreateRole: RoleName, AssumeRolePolicyDocument, MaxSessionDuration."""
    _only(body, {"RoleName", "AssumeRolePolicyDocument", "MaxSessionDuration"})
    account = get_account(uow, account_id)
    name = _text(body, "RoleName", default="")
    if not name:
        raise AdminError(400, "MissingParameter", "The parameter 'RoleName' is required.")
    if not valid_role_name(name):
        raise invalid("RoleName", "letters, digits, '.', '_' and '-' only, 1 to 64")
    if "AssumeRolePolicyDocument" not in body:
        raise AdminError(400, "MissingParameter", "The parameter 'AssumeRolePolicyDocument' is required.")
    text = policy_text(body["AssumeRolePolicyDocument"])
    if text is None:
        raise invalid("AssumeRolePolicyDocument", "a JSON object, or the JSON text of one")
    try:
        parse_trust_policy(text)
    except PolicyError as exc:
        raise AdminError(400, "MalformedPolicyDocument", f"The trust policy is not valid: {exc.reason}") from None
    duration = body.get("MaxSessionDuration", sts.MIN_MAX_SESSION_DURATION)
    low, high = sts.MIN_MAX_SESSION_DURATION, sts.MAX_MAX_SESSION_DURATION
    if isinstance(duration, bool) or not isinstance(duration, int) or not low <= duration <= high:
        raise invalid("MaxSessionDuration", f"a whole number of seconds from {low} to {high}")
    rid = role_key(account.id, name)
    if uow.roles.get(rid, account_id=account.id) is not None:
        raise AdminError(409, "EntityAlreadyExists.Role", f"The Role {name!r} already exists.")
    role = Role(
        rid, account.id, GLOBAL, now,
        name=name, role_id=sts.new_role_id(), trust_policy=text, max_session_duration=duration,
    )  # fmt: skip
    uow.roles.add(role)
    return role_view(role)


def delete_role(uow: UnitOfWork, account_id: str, name: str) -> dict[str, Any]:
    """Temporary credentials already issued stay until they expire, but grant nothing once the role is gone."""
    get_account(uow, account_id)
    role = get_role(uow, account_id, name)
    uow.roles.remove(role)
    return {"RoleName": role.name, "Deleted": True}


def attach_role_policy(uow: UnitOfWork, account_id: str, name: str, body: Mapping[str, Any]) -> dict[str, Any]:
    _only(body, {"PolicyName"})
    get_account(uow, account_id)
    role = get_role(uow, account_id, name)
    policy_name = _text(body, "PolicyName", default="")
    if not policy_name:
        raise AdminError(400, "MissingParameter", "The parameter 'PolicyName' is required.")
    get_policy(uow, account_id, policy_name)
    if policy_name not in role.policy_names:
        role.policy_names = [*role.policy_names, policy_name]
        uow.roles.save(role)
    return role_view(role)


def detach_role_policy(uow: UnitOfWork, account_id: str, name: str, policy_name: str) -> dict[str, Any]:
    get_account(uow, account_id)
    role = get_role(uow, account_id, name)
    if policy_name not in role.policy_names:
        raise AdminError(
            404, "EntityNotExist.Role.Policy", f"The Policy {policy_name!r} is not attached to the Role {role.name!r}."
        )
    role.policy_names = [p for p in role.policy_names if p != policy_name]
    uow.roles.save(role)
    return role_view(role)


# --- body helpers ---------------------------------------------------------------------------------------------


def _only(body: Mapping[str, Any], allowed: set[str]) -> None:
    unknown = sorted(set(body) - allowed)
    if unknown:
        known = ", ".join(sorted(allowed)) or "none"
        raise AdminError(400, "InvalidParameter", f"Unknown field {unknown[0]!r} (known fields: {known}).")


def _text(body: Mapping[str, Any], name: str, default: str) -> str:
    value = body.get(name, default)
    if value is None:
        return default
    if not isinstance(value, str):
        raise invalid(name, "must be a string")
    return value


# Cloud resources of an account, in the order they can be removed (links before instances before VPCs).
_RESOURCE_TABLES = (
    "links", "images", "snapshots", "key_pairs", "eip_addresses", "private_addresses", "network_interfaces", "disks", "auto_snapshot_policies", "instances", "security_group_rules", "security_groups", "route_entries", "route_tables", "vswitches", "vpcs", "client_tokens",
    "account_conditions",  # the account's conditions go too: a reset account may buy everything
)  # fmt: skip


def reset_resources(uow: UnitOfWork, account_id: str) -> dict[str, Any]:
    """Remove every cloud resource of one account and its conditions (not its identity), so a test suite can
    start clean without touching other accounts — a per-account reset, never a global one."""
    get_account(uow, account_id)
    removed: dict[str, int] = {}
    for table in _RESOURCE_TABLES:
        repository = getattr(uow, table)
        rows = repository.find(account_id=account_id)
        for row in rows:
            repository.remove(row)
        removed[table] = len(rows)
    return {"AccountId": account_id, "Removed": removed}
