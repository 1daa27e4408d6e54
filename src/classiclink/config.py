"""The identity configuration file: accounts, their AccessKeys, RAM users and policies (TOML).

``classiclink serve --config FILE`` reads it at startup. The whole file is validated before anything
is written, so a mistake stops the server with one message naming the entry (exit code 2) instead of
half-applying. It is then applied inside one unit of work: what the file names is created or
overwritten (so a restart is idempotent and the file stays the source of truth for its entries);
what it does not name, e.g. keys made through the admin interface, is left alone.

Format (every key optional unless marked; unknown keys are errors, so a typo cannot pass silently)::

    [server]
    admin_token = "..."            # bearer token of the admin interface; --admin-token wins over it
    admin_token_env = "VAR"        # or: read the token from this environment variable
    keep_default_account = true    # false removes the built-in testid/testsecret key

    [[accounts]]
    id = "1234567890123456"        # required: numeric UID
    name = "dev"
      [[accounts.access_keys]]     # the account's root keys (never subject to RAM)
      id = "..."                   # required
      secret = "..."               # required
      status = "Active"            # Active | Inactive
      [[accounts.policies]]
      name = "..."                 # required
      document = '''{"Version": "1", "Statement": [...]}'''   # required: JSON text or a TOML table
      [[accounts.users]]
      name = "..."                 # required
      policies = ["..."]           # names of policies defined in the same account
        [[accounts.users.access_keys]]
        id = "..."
        secret = "..."
      [[accounts.roles]]           # RAM roles, assumed with STS AssumeRole
      name = "..."                 # required; matched case-insensitively, as RAM does
      trust_policy = '''{"Version": "1", "Statement": [...]}'''   # required: JSON text or a TOML table
      policies = ["..."]           # names of policies defined in the same account
      max_session_duration = 3600  # 3600 to 43200 seconds
"""

from __future__ import annotations

import json
import os
import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from .domain import sts
from .domain.identity import GLOBAL, AccessKey, Account, Policy, Role, User, role_key, user_key
from .domain.ports import Store, UnitOfWork
from .ram import PolicyError, parse_policy
from .ram.trust import parse_trust_policy
from .settings import DEFAULT_ACCESS_KEY_ID, DEFAULT_ACCOUNT_ID

__all__ = [
    "AccessKeySpec",
    "AccountSpec",
    "Config",
    "ConfigError",
    "PolicySpec",
    "RoleSpec",
    "ServerSpec",
    "UserSpec",
    "apply_config",
    "load_config",
    "parse_config",
    "valid_access_key_id",
    "valid_account_id",
    "valid_policy_name",
    "valid_role_name",
    "valid_secret",
    "valid_user_name",
]

KEY_STATUSES = ("Active", "Inactive")

# UIDs are decimal (16 digits in practice); at most 18 digits so they always fit the Long OwnerId field.
_ACCOUNT_ID = re.compile(r"[1-9][0-9]{0,17}")
# No whitespace, ',' or '=': a V3 Authorization header could not carry them in Credential=.
_ACCESS_KEY_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,127}")
# RAM's own rules: user names of letters, digits, '.', '_', '-' (1-64); policy names likewise (1-128).
_USER_NAME = re.compile(r"[A-Za-z0-9._-]{1,64}")
_POLICY_NAME = re.compile(r"[A-Za-z0-9._-]{1,128}")
# RAM role names: letters, digits, '.', '-' (and '_', which RoleArns in the wild carry), 1-64.
_ROLE_NAME = re.compile(r"[A-Za-z0-9._-]{1,64}")


def valid_account_id(text: str) -> bool:
    return _ACCOUNT_ID.fullmatch(text) is not None


def valid_access_key_id(text: str) -> bool:
    # "STS." is the prefix of temporary credentials; a long-term key may not look like one.
    return _ACCESS_KEY_ID.fullmatch(text) is not None and not sts.is_temporary(text)


def valid_secret(text: str) -> bool:
    # Printable ASCII without spaces: SDKs read secrets from environment variables and files.
    return 1 <= len(text) <= 256 and all("!" <= c <= "~" for c in text)


def valid_user_name(text: str) -> bool:
    return _USER_NAME.fullmatch(text) is not None


def valid_policy_name(text: str) -> bool:
    return _POLICY_NAME.fullmatch(text) is not None


def valid_role_name(text: str) -> bool:
    return _ROLE_NAME.fullmatch(text) is not None


def policy_text(document: Any) -> str | None:
    """A policy document given as JSON text or as a table/object, as JSON text (None: neither)."""
    if isinstance(document, Mapping):
        return json.dumps(document, ensure_ascii=False)
    return document if isinstance(document, str) else None


class ConfigError(ValueError):
    """The file cannot be used; the message names the entry and the problem."""


@dataclass(frozen=True)
class AccessKeySpec:
    id: str
    secret: str
    status: str = "Active"


@dataclass(frozen=True)
class PolicySpec:
    name: str
    document: str  # JSON text, already validated by parse_policy


@dataclass(frozen=True)
class UserSpec:
    name: str
    policies: tuple[str, ...] = ()
    access_keys: tuple[AccessKeySpec, ...] = ()


@dataclass(frozen=True)
class RoleSpec:
    name: str
    trust_policy: str  # JSON text, already validated by parse_trust_policy
    policies: tuple[str, ...] = ()
    max_session_duration: int = sts.MIN_MAX_SESSION_DURATION


@dataclass(frozen=True)
class AccountSpec:
    id: str
    name: str = ""
    access_keys: tuple[AccessKeySpec, ...] = ()
    policies: tuple[PolicySpec, ...] = ()
    users: tuple[UserSpec, ...] = ()
    roles: tuple[RoleSpec, ...] = ()


@dataclass(frozen=True)
class ServerSpec:
    admin_token: str | None = None
    keep_default_account: bool = True


@dataclass(frozen=True)
class Config:
    server: ServerSpec = ServerSpec()
    accounts: tuple[AccountSpec, ...] = ()


# --- reading and validation ---------------------------------------------------------------------------


def load_config(path: str) -> Config:
    """Read and validate the file; ``ConfigError`` says what is wrong and where."""
    try:
        with open(path, "rb") as f:
            data = tomllib.load(f)
    except OSError as exc:
        raise ConfigError(f"config file {path}: cannot read it: {exc.strerror or exc}") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"config file {path}: not valid TOML: {exc}") from None
    try:
        return parse_config(data)
    except ConfigError as exc:
        raise ConfigError(f"config file {path}: {exc}") from None


def parse_config(data: Mapping[str, Any], environ: Mapping[str, str] | None = None) -> Config:
    """Validate an already-decoded TOML document."""
    _known(data, "top level", {"server", "accounts"})
    server = _server(_table(data.get("server", {}), "[server]"), os.environ if environ is None else environ)
    accounts: list[AccountSpec] = []
    account_ids: dict[str, str] = {}
    key_ids: dict[str, str] = {}
    for i, raw in enumerate(_array(data.get("accounts", []), "accounts")):
        where = f"accounts[{i}]"
        account = _account(_table(raw, where), where, key_ids)
        if account.id in account_ids:
            raise ConfigError(f"{where}: duplicate account id {account.id!r} (also at {account_ids[account.id]})")
        account_ids[account.id] = where
        accounts.append(account)
    if server.keep_default_account and DEFAULT_ACCESS_KEY_ID in key_ids:
        raise ConfigError(
            f"{key_ids[DEFAULT_ACCESS_KEY_ID]}: AccessKeyId {DEFAULT_ACCESS_KEY_ID!r} is the built-in development "
            "key; set keep_default_account = false under [server] to define it yourself"
        )
    return Config(server=server, accounts=tuple(accounts))


def _server(raw: Mapping[str, Any], environ: Mapping[str, str]) -> ServerSpec:
    _known(raw, "[server]", {"admin_token", "admin_token_env", "keep_default_account"})
    if "admin_token" in raw and "admin_token_env" in raw:
        raise ConfigError("[server]: give admin_token or admin_token_env, not both")
    token: str | None = None
    if "admin_token" in raw:
        token = _string(raw["admin_token"], "[server].admin_token")
    elif "admin_token_env" in raw:
        variable = _string(raw["admin_token_env"], "[server].admin_token_env")
        token = environ.get(variable)
        if not token:
            raise ConfigError(f"[server].admin_token_env: environment variable {variable!r} is not set or empty")
    if token is not None and (len(token) < 8 or not valid_secret(token)):
        # Never echo the token itself.
        raise ConfigError("[server]: the admin token must be 8 to 256 printable characters without spaces")
    keep = raw.get("keep_default_account", True)
    if not isinstance(keep, bool):
        raise ConfigError("[server].keep_default_account: must be true or false")
    return ServerSpec(admin_token=token, keep_default_account=keep)


def _account(raw: Mapping[str, Any], where: str, key_ids: dict[str, str]) -> AccountSpec:
    _known(raw, where, {"id", "name", "access_keys", "policies", "users", "roles"})
    if "id" not in raw:
        raise ConfigError(f"{where}: missing id (the account's numeric UID)")
    # A bare TOML integer is the natural way to write a UID; accept it as well as a string.
    uid = str(raw["id"]) if isinstance(raw["id"], int) and not isinstance(raw["id"], bool) else raw["id"]
    if not isinstance(uid, str) or not valid_account_id(uid):
        raise ConfigError(f"{where}.id: {raw['id']!r} is not a numeric account UID (1 to 18 digits, no leading 0)")
    name = _string(raw.get("name", ""), f"{where}.name")

    policies: dict[str, PolicySpec] = {}
    for j, item in enumerate(_array(raw.get("policies", []), f"{where}.policies")):
        policy = _policy(_table(item, f"{where}.policies[{j}]"), f"{where}.policies[{j}]")
        if policy.name in policies:
            raise ConfigError(f"{where}.policies[{j}]: duplicate policy name {policy.name!r}")
        policies[policy.name] = policy

    users: dict[str, UserSpec] = {}
    for j, item in enumerate(_array(raw.get("users", []), f"{where}.users")):
        user = _user(_table(item, f"{where}.users[{j}]"), f"{where}.users[{j}]", policies, key_ids)
        if user.name in users:
            raise ConfigError(f"{where}.users[{j}]: duplicate user name {user.name!r}")
        users[user.name] = user

    roles: dict[str, RoleSpec] = {}
    for j, item in enumerate(_array(raw.get("roles", []), f"{where}.roles")):
        role = _role(_table(item, f"{where}.roles[{j}]"), f"{where}.roles[{j}]", policies)
        if role.name.lower() in roles:
            raise ConfigError(f"{where}.roles[{j}]: duplicate role name {role.name!r} (role names ignore case)")
        roles[role.name.lower()] = role

    keys = _keys(raw.get("access_keys", []), f"{where}.access_keys", key_ids)
    return AccountSpec(uid, name, keys, tuple(policies.values()), tuple(users.values()), tuple(roles.values()))


def _policy(raw: Mapping[str, Any], where: str) -> PolicySpec:
    _known(raw, where, {"name", "document"})
    name = _required_string(raw, "name", where)
    if not valid_policy_name(name):
        raise ConfigError(f"{where}.name: {name!r} is not a valid policy name (letters, digits, '.', '_', '-'; 1-128)")
    if "document" not in raw:
        raise ConfigError(f"{where}: missing document")
    document = raw["document"]
    if isinstance(document, Mapping):
        text = json.dumps(document, ensure_ascii=False)
    elif isinstance(document, str):
        text = document
    else:
        raise ConfigError(f"{where}.document: must be JSON text or a table")
    try:
        parse_policy(name, text)
    except PolicyError as exc:
        raise ConfigError(f"{where} ({name}): invalid policy document: {exc.reason}") from None
    return PolicySpec(name, text)


def _role(raw: Mapping[str, Any], where: str, policies: Mapping[str, PolicySpec]) -> RoleSpec:
    _known(raw, where, {"name", "trust_policy", "policies", "max_session_duration"})
    name = _required_string(raw, "name", where)
    if not valid_role_name(name):
        raise ConfigError(f"{where}.name: {name!r} is not a valid role name (letters, digits, '.', '_', '-'; 1-64)")
    if "trust_policy" not in raw:
        raise ConfigError(f"{where}: missing trust_policy (who may assume the role)")
    text = policy_text(raw["trust_policy"])
    if text is None:
        raise ConfigError(f"{where}.trust_policy: must be JSON text or a table")
    try:
        parse_trust_policy(text)
    except PolicyError as exc:
        raise ConfigError(f"{where} ({name}): invalid trust policy: {exc.reason}") from None
    attached = _policy_names(raw, where, policies)
    duration = raw.get("max_session_duration", sts.MIN_MAX_SESSION_DURATION)
    low, high = sts.MIN_MAX_SESSION_DURATION, sts.MAX_MAX_SESSION_DURATION
    if isinstance(duration, bool) or not isinstance(duration, int) or not low <= duration <= high:
        raise ConfigError(f"{where}.max_session_duration: must be a whole number of seconds from {low} to {high}")
    return RoleSpec(name, text, attached, duration)


def _policy_names(raw: Mapping[str, Any], where: str, policies: Mapping[str, PolicySpec]) -> tuple[str, ...]:
    attached: list[str] = []
    for k, item in enumerate(_array(raw.get("policies", []), f"{where}.policies")):
        policy_name = _string(item, f"{where}.policies[{k}]")
        if policy_name not in policies:
            raise ConfigError(
                f"{where}.policies: unknown policy {policy_name!r} (define it in the same account's policies)"
            )
        if policy_name not in attached:
            attached.append(policy_name)
    return tuple(attached)


def _user(raw: Mapping[str, Any], where: str, policies: Mapping[str, PolicySpec], key_ids: dict[str, str]) -> UserSpec:
    _known(raw, where, {"name", "policies", "access_keys"})
    name = _required_string(raw, "name", where)
    if not valid_user_name(name):
        raise ConfigError(f"{where}.name: {name!r} is not a valid user name (letters, digits, '.', '_', '-'; 1-64)")
    attached = _policy_names(raw, where, policies)
    keys = _keys(raw.get("access_keys", []), f"{where}.access_keys", key_ids)
    return UserSpec(name, attached, keys)


def _keys(raw: Any, where: str, key_ids: dict[str, str]) -> tuple[AccessKeySpec, ...]:
    keys: list[AccessKeySpec] = []
    for k, item in enumerate(_array(raw, where)):
        at = f"{where}[{k}]"
        table = _table(item, at)
        _known(table, at, {"id", "secret", "status"})
        key_id = _required_string(table, "id", at)
        if not valid_access_key_id(key_id):
            raise ConfigError(f"{at}.id: {key_id!r} is not a valid AccessKeyId (letters, digits, '.', '_', '-')")
        secret = _required_string(table, "secret", at)
        if not valid_secret(secret):
            raise ConfigError(f"{at}.secret: must be 1 to 256 printable characters without spaces")
        status = _string(table.get("status", "Active"), f"{at}.status")
        if status not in KEY_STATUSES:
            raise ConfigError(f"{at}.status: {status!r} is not one of Active, Inactive")
        if key_id in key_ids:
            raise ConfigError(f"{at}: duplicate AccessKeyId {key_id!r} (also at {key_ids[key_id]})")
        key_ids[key_id] = at
        keys.append(AccessKeySpec(key_id, secret, status))
    return tuple(keys)


def _known(raw: Mapping[str, Any], where: str, allowed: set[str]) -> None:
    unknown = sorted(set(raw) - allowed)
    if unknown:
        raise ConfigError(f"{where}: unknown key {unknown[0]!r} (known keys: {', '.join(sorted(allowed))})")


def _table(value: Any, where: str) -> Mapping[str, Any]:
    if not isinstance(value, Mapping):
        raise ConfigError(f"{where}: must be a table")
    return value


def _array(value: Any, where: str) -> list[Any]:
    if not isinstance(value, list):
        raise ConfigError(f"{where}: must be an array (use [[{where.split('[')[0]}]] for tables)")
    return value


def _string(value: Any, where: str) -> str:
    if not isinstance(value, str):
        raise ConfigError(f"{where}: must be a string")
    return value


def _required_string(raw: Mapping[str, Any], key: str, where: str) -> str:
    if key not in raw:
        raise ConfigError(f"{where}: missing {key}")
    return _string(raw[key], f"{where}.{key}")


# --- applying -------------------------------------------------------------------------------------------


def apply_config(store: Store, config: Config, now: float) -> None:
    """Create or overwrite every entry the file names, in one unit of work."""
    with store.unit_of_work() as uow:
        configured_keys: set[str] = set()
        for account in config.accounts:
            _upsert_account(uow, account, now)
            for policy in account.policies:
                _upsert_policy(uow, account.id, policy, now)
            for user in account.users:
                _upsert_user(uow, account.id, user, now)
                for key in user.access_keys:
                    _upsert_key(uow, account.id, user.name, key, now)
                    configured_keys.add(key.id)
            for key in account.access_keys:
                _upsert_key(uow, account.id, "", key, now)
                configured_keys.add(key.id)
            for role in account.roles:
                _upsert_role(uow, account.id, role, now)
        if not config.server.keep_default_account:
            _remove_default(uow, config, configured_keys)
        uow.commit()


def _upsert_account(uow: UnitOfWork, spec: AccountSpec, now: float) -> None:
    existing = uow.accounts.get(spec.id, account_id=None)
    if existing is None:
        uow.accounts.add(Account(spec.id, spec.id, GLOBAL, now, name=spec.name))
    elif existing.name != spec.name:
        existing.name = spec.name
        uow.accounts.save(existing)


def _upsert_policy(uow: UnitOfWork, account_id: str, spec: PolicySpec, now: float) -> None:
    pid = user_key(account_id, spec.name)
    existing = uow.policies.get(pid, account_id=account_id)
    created = existing.created_at if existing else now
    uow.policies.save(Policy(pid, account_id, GLOBAL, created, name=spec.name, document=spec.document))


def _upsert_user(uow: UnitOfWork, account_id: str, spec: UserSpec, now: float) -> None:
    uid = user_key(account_id, spec.name)
    existing = uow.users.get(uid, account_id=account_id)
    created = existing.created_at if existing else now
    uow.users.save(User(uid, account_id, GLOBAL, created, name=spec.name, policy_names=list(spec.policies)))


def _upsert_role(uow: UnitOfWork, account_id: str, spec: RoleSpec, now: float) -> None:
    rid = role_key(account_id, spec.name)
    existing = uow.roles.get(rid, account_id=account_id)
    # The RoleId stays the same across restarts: sessions and logs refer to it.
    role_id = existing.role_id if existing else sts.new_role_id()
    uow.roles.save(
        Role(
            rid, account_id, GLOBAL, existing.created_at if existing else now,
            name=spec.name, role_id=role_id, trust_policy=spec.trust_policy,
            policy_names=list(spec.policies), max_session_duration=spec.max_session_duration,
        )
    )  # fmt: skip


def _upsert_key(uow: UnitOfWork, account_id: str, user_name: str, spec: AccessKeySpec, now: float) -> None:
    existing = uow.access_keys.get(spec.id, account_id=None)
    created = existing.created_at if existing else now
    uow.access_keys.save(
        AccessKey(spec.id, account_id, GLOBAL, created, secret=spec.secret, status=spec.status, user_name=user_name)
    )


def _remove_default(uow: UnitOfWork, config: Config, configured_keys: set[str]) -> None:
    """Remove the well-known testid key, and the default account too when nothing else uses it."""
    if DEFAULT_ACCESS_KEY_ID not in configured_keys:
        key = uow.access_keys.get(DEFAULT_ACCESS_KEY_ID, account_id=None)
        if key is not None:
            uow.access_keys.remove(key)
    listed = any(a.id == DEFAULT_ACCOUNT_ID for a in config.accounts)
    if not listed and uow.access_keys.count(account_id=DEFAULT_ACCOUNT_ID) == 0:
        account = uow.accounts.get(DEFAULT_ACCOUNT_ID, account_id=None)
        if account is not None:
            uow.accounts.remove(account)
