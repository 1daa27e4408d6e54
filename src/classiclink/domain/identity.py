"""Accounts, RAM users, AccessKeys and policies, as stored (api-spec §5, §6)."""

from __future__ import annotations

from dataclasses import dataclass, field

from .model import Resource

# Identity rows are not regional; they carry this region so every row has the same scope columns.
GLOBAL = "global"


@dataclass
class Account(Resource):
    """An Alibaba Cloud account; ``id`` and ``account_id`` are both its numeric UID."""

    name: str = ""


@dataclass
class User(Resource):
    """A RAM user; ``id`` is ``<account uid>:<user name>``."""

    name: str = ""
    policy_names: list[str] = field(default_factory=list)


@dataclass
class AccessKey(Resource):
    """An AccessKey pair; ``id`` is the AccessKeyId. ``user_name`` is empty for the account's root identity."""

    secret: str = ""
    status: str = "Active"  # Active | Inactive
    user_name: str = ""

    @property
    def is_root(self) -> bool:
        return not self.user_name


@dataclass
class Policy(Resource):
    """A custom policy document; ``id`` is ``<account uid>:<policy name>``."""

    name: str = ""
    document: str = ""


@dataclass
class Role(Resource):
    """A RAM role; ``id`` is ``<account uid>:<role name, lower case>`` (RAM matches role names and ARNs
    case-insensitively). ``role_id`` is its numeric RoleId."""

    name: str = ""
    role_id: str = ""
    trust_policy: str = ""
    policy_names: list[str] = field(default_factory=list)
    max_session_duration: int = 3600


@dataclass
class StsCredential(Resource):
    """Temporary credentials issued by AssumeRole; ``id`` is the ``STS.``-prefixed AccessKeyId and
    ``account_id`` the role's account. Stored so every worker can verify them, and after a restart."""

    secret: str = ""
    token: str = ""
    role_name: str = ""
    role_id: str = ""
    session_name: str = ""
    session_policy: str = ""  # the inline Policy given to AssumeRole, or ""
    expires_at: float = 0.0
    assumed_by: str = ""  # ARN of the caller that assumed the role, for the logs


@dataclass
class Identity:
    """Who signed a request: an account's root identity, one of its RAM users, or a session of one of
    its RAM roles (temporary STS credentials)."""

    account_id: str
    access_key_id: str
    user_name: str = ""
    role_name: str = ""
    role_id: str = ""
    session_name: str = ""
    session_policy: str = ""

    @property
    def is_root(self) -> bool:
        return not self.user_name and not self.role_name

    @property
    def is_role_session(self) -> bool:
        return bool(self.role_name)


@dataclass
class Nonce(Resource):
    """A SignatureNonce seen for an AccessKey; ``id`` is ``<AccessKeyId>:<nonce>``."""


@dataclass
class ClientToken(Resource):
    """The first answer to a request carrying a ClientToken; ``id`` is ``<account>:<product>:<action>:<token>``."""

    fingerprint: str = ""
    response: str = ""


def user_key(account_id: str, name: str) -> str:
    return f"{account_id}:{name}"


def role_key(account_id: str, name: str) -> str:
    return f"{account_id}:{name.lower()}"


def role_arn(account_id: str, name: str) -> str:
    return f"acs:ram::{account_id}:role/{name}"
