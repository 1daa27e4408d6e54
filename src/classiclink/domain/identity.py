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
class Nonce(Resource):
    """A SignatureNonce seen for an AccessKey; ``id`` is ``<AccessKeyId>:<nonce>``."""


@dataclass
class ClientToken(Resource):
    """The first answer to a request carrying a ClientToken; ``id`` is ``<account>:<product>:<action>:<token>``."""

    fingerprint: str = ""
    response: str = ""


def user_key(account_id: str, name: str) -> str:
    return f"{account_id}:{name}"
