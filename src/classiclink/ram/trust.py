"""RAM role trust policies: who may assume a role (api-spec §6; RAM "Edit the trust policy of a RAM role").

A trust policy is a policy document whose statements name a ``Principal`` instead of a ``Resource``::

    {"Version": "1", "Statement": [{"Effect": "Allow", "Action": "sts:AssumeRole",
      "Principal": {"RAM": ["acs:ram::1234567890123456:root"]}}]}

Principal types: ``RAM`` (an account's root ``acs:ram::<uid>:root``, which trusts every RAM user and
role of that account whose own policies allow ``sts:AssumeRole``; a user ``acs:ram::<uid>:user/<name>``;
a role ``acs:ram::<uid>:role/<name>``), ``Service`` (``ecs.aliyuncs.com`` ...; no emulated caller is a
service, so these never match a caller: ``trusts_service`` asks whether a role is an instance RAM role) and
``Federated`` (likewise). Values match case-insensitively with ``*``
wildcards. Effect, Action and Condition are validated and evaluated exactly as in any other policy.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from classiclink.ram.evaluate import Context, evaluate
from classiclink.ram.policy import Policy, PolicyError, decode_document, parse_policy, wildcard_match

__all__ = ["TrustPolicy", "TrustStatement", "caller_principals", "parse_trust_policy"]

_PRINCIPAL_TYPES = ("RAM", "Service", "Federated")
_RAM_PRINCIPAL = re.compile(r"acs:ram::[0-9*?]+:(root|user/[^/]+|role/[^/]+)", re.IGNORECASE)


@dataclass(frozen=True)
class TrustStatement:
    ram: tuple[str, ...]
    services: tuple[str, ...]
    federated: tuple[str, ...]
    policy: Policy  # the statement alone, with Resource "*", for the Effect/Action/Condition test


@dataclass(frozen=True)
class TrustPolicy:
    statements: tuple[TrustStatement, ...]

    def allows(self, principals: Sequence[str], context: Context) -> bool:
        """Whether a caller known by ``principals`` (see caller_principals) may call sts:AssumeRole."""
        allowed = False
        for statement in self.statements:
            if not any(wildcard_match(p, caller, ignore_case=True) for p in statement.ram for caller in principals):
                continue
            decision = evaluate([statement.policy], "sts:AssumeRole", ["*"], context)
            if decision.kind == "ExplicitDeny":
                return False
            allowed = allowed or decision.allowed
        return allowed

    def trusts_service(self, service: str, context: Context) -> bool:
        """Whether a cloud service (``ecs.aliyuncs.com``) is a ``Service`` principal allowed sts:AssumeRole:
        what makes a role an instance RAM role (CreateInstance: InvalidRamRole.NotEcsRole otherwise)."""
        allowed = False
        for statement in self.statements:
            if not any(wildcard_match(p, service, ignore_case=True) for p in statement.services):
                continue
            decision = evaluate([statement.policy], "sts:AssumeRole", ["*"], context)
            if decision.kind == "ExplicitDeny":
                return False
            allowed = allowed or decision.allowed
        return allowed


def caller_principals(account_id: str, user_name: str = "", role_name: str = "") -> list[str]:
    """The RAM principal ARNs a caller answers to: its account's root, and its user or role."""
    principals = [f"acs:ram::{account_id}:root"]
    if user_name:
        principals.append(f"acs:ram::{account_id}:user/{user_name}")
    if role_name:
        principals.append(f"acs:ram::{account_id}:role/{role_name}")
    return principals


def parse_trust_policy(document: str | Mapping[str, object]) -> TrustPolicy:
    """Validate a trust policy; ``PolicyError`` says what is wrong."""
    decoded = decode_document(document)
    raw_statements = decoded.get("Statement")
    if isinstance(raw_statements, Mapping):
        raw_statements = [raw_statements]
    if not isinstance(raw_statements, list):
        # Leave the exact wording about Version / Statement to the policy parser.
        parse_policy("trust policy", dict(decoded))
        raise PolicyError("Statement must be an object or a list of objects")
    statements: list[TrustStatement] = []
    for index, raw in enumerate(raw_statements):
        where = f"Statement[{index}]"
        if not isinstance(raw, Mapping):
            raise PolicyError(f"{where} must be an object")
        if "Principal" not in raw:
            raise PolicyError(f"{where}: missing Principal (a trust policy names who may assume the role)")
        if "Resource" in raw or "NotResource" in raw:
            raise PolicyError(f"{where}: a trust policy names a Principal, not a Resource")
        ram, services, federated = _principal(where, raw["Principal"])
        rest = {k: v for k, v in raw.items() if k != "Principal"}
        single = parse_policy("trust policy", {"Version": decoded.get("Version"), "Statement": [{**rest, "Resource": "*"}]})
        for action in single.statements[0].actions:
            if not action.lower().startswith("sts:") and action != "*":
                raise PolicyError(f"{where}: action {action!r} is not an STS action (use sts:AssumeRole)")
        statements.append(TrustStatement(ram, services, federated, single))
    return TrustPolicy(tuple(statements))


def _principal(where: str, raw: object) -> tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]:
    if not isinstance(raw, Mapping) or not raw:
        raise PolicyError(f"{where}: Principal must be an object such as {{\"RAM\": [\"acs:ram::<uid>:root\"]}}")
    unknown = sorted(str(k) for k in raw if k not in _PRINCIPAL_TYPES)
    if unknown:
        raise PolicyError(f"{where}: unknown Principal type(s): {', '.join(unknown)} (known: RAM, Service, Federated)")
    found: dict[str, tuple[str, ...]] = {}
    for kind in _PRINCIPAL_TYPES:
        value = raw.get(kind, [])
        items = [value] if isinstance(value, str) else value
        if not isinstance(items, list) or not all(isinstance(v, str) and v for v in items):
            raise PolicyError(f"{where}: Principal {kind} must be a string or a list of strings")
        found[kind] = tuple(items)
    for principal in found["RAM"]:
        if not _RAM_PRINCIPAL.fullmatch(principal):
            raise PolicyError(
                f"{where}: RAM principal {principal!r} must be acs:ram::<uid>:root, acs:ram::<uid>:user/<name> "
                "or acs:ram::<uid>:role/<name>"
            )
    return found["RAM"], found["Service"], found["Federated"]
