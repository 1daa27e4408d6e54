"""Trust policies (who may assume a role), the session-policy intersection, and SecurityToken reading."""

from __future__ import annotations

import json
from typing import Any

import pytest

from classiclink.domain import sts
from classiclink.domain.identity import GLOBAL, Role
from classiclink.ram import PolicyError, parse_policy
from classiclink.ram.evaluate import evaluate_session
from classiclink.ram.trust import caller_principals, parse_trust_policy

A, B = "1000000000000001", "2000000000000002"
ARN = f"acs:vpc:cn-hangzhou:{A}:vpc/vpc-1"


def trust(*statements: dict[str, Any]) -> str:
    return json.dumps({"Version": "1", "Statement": list(statements)})


def allow(principal: dict[str, Any], **extra: Any) -> dict[str, Any]:
    return {"Effect": "Allow", "Action": "sts:AssumeRole", "Principal": principal, **extra}


@pytest.mark.parametrize(
    ("principal", "user", "allowed"),
    [
        ({"RAM": f"acs:ram::{A}:root"}, "alice", True),
        ({"RAM": [f"acs:ram::{A}:user/alice"]}, "alice", True),
        ({"RAM": [f"acs:ram::{A}:user/ALICE"]}, "alice", True),  # case-insensitive, as RAM
        ({"RAM": [f"acs:ram::{A}:user/bob"]}, "alice", False),
        ({"RAM": [f"acs:ram::{B}:root"]}, "alice", False),
        ({"RAM": [f"acs:ram::{A}:user/*"]}, "alice", True),
        ({"Service": ["ecs.aliyuncs.com"]}, "alice", False),
    ],
)
def test_principals(principal: dict[str, Any], user: str, allowed: bool) -> None:
    policy = parse_trust_policy(trust(allow(principal)))
    assert policy.allows(caller_principals(A, user_name=user), {}) is allowed


def test_a_role_session_matches_its_role_principal() -> None:
    policy = parse_trust_policy(trust(allow({"RAM": f"acs:ram::{A}:role/builder"})))
    assert policy.allows(caller_principals(A, role_name="Builder"), {})
    assert not policy.allows(caller_principals(A, user_name="builder"), {})


def test_deny_wins_and_conditions_apply() -> None:
    policy = parse_trust_policy(trust(
        allow({"RAM": f"acs:ram::{A}:root"}),
        {"Effect": "Deny", "Action": "sts:AssumeRole", "Principal": {"RAM": f"acs:ram::{A}:user/mallory"}},
        allow({"RAM": f"acs:ram::{B}:root"}, Condition={"StringEquals": {"sts:ExternalId": "x-123"}}),
    ))  # fmt: skip
    assert not policy.allows(caller_principals(A, user_name="mallory"), {})
    assert policy.allows(caller_principals(A, user_name="alice"), {})
    assert not policy.allows(caller_principals(B, user_name="partner"), {})
    assert policy.allows(caller_principals(B, user_name="partner"), {"sts:ExternalId": "x-123"})


@pytest.mark.parametrize(
    ("document", "reason"),
    [
        (trust({"Effect": "Allow", "Action": "sts:AssumeRole"}), "missing Principal"),
        (trust(allow({"RAM": "x"}, Resource="*")), "not a Resource"),
        (trust(allow({"Users": ["x"]})), "unknown Principal type"),
        (trust(allow({"RAM": 5})), "must be a string or a list of strings"),
        (trust({**allow({"RAM": f"acs:ram::{A}:root"}), "Action": "vpc:CreateVpc"}), "not an STS action"),
        (trust({**allow({"RAM": f"acs:ram::{A}:root"}), "Effect": "Maybe"}), "Effect"),
        (json.dumps({"Version": "2", "Statement": [allow({"RAM": f"acs:ram::{A}:root"})]}), "Version"),
        ("[]", "JSON object"),
    ],
)
def test_invalid_trust_policies(document: str, reason: str) -> None:
    with pytest.raises(PolicyError) as refused:
        parse_trust_policy(document)
    assert reason in refused.value.reason


def _policy(name: str, *statements: dict[str, Any]) -> Any:
    return parse_policy(name, json.dumps({"Version": "1", "Statement": list(statements)}))


ROLE = [_policy("role", {"Effect": "Allow", "Action": "vpc:*", "Resource": "*"},
                {"Effect": "Deny", "Action": "vpc:DeleteVpc", "Resource": "*"})]  # fmt: skip


@pytest.mark.parametrize(
    ("session", "action", "kind", "deciding"),
    [
        (None, "vpc:CreateVpc", "Allow", "role"),
        (None, "vpc:DeleteVpc", "ExplicitDeny", "role"),
        (None, "ecs:StartInstance", "ImplicitDeny", None),
        ({"Effect": "Allow", "Action": "vpc:Describe*", "Resource": "*"}, "vpc:DescribeVpcs", "Allow", "role"),
        ({"Effect": "Allow", "Action": "vpc:Describe*", "Resource": "*"}, "vpc:CreateVpc", "ImplicitDeny", None),
        ({"Effect": "Allow", "Action": "*", "Resource": "*"}, "ecs:StartInstance", "ImplicitDeny", None),  # no widening
        ({"Effect": "Allow", "Action": "*", "Resource": "*"}, "vpc:DeleteVpc", "ExplicitDeny", "role"),
        ({"Effect": "Deny", "Action": "vpc:CreateVpc", "Resource": "*"}, "vpc:CreateVpc", "ExplicitDeny", "session"),
    ],
)
def test_session_policy_intersects(session: dict[str, Any] | None, action: str, kind: str,
                                   deciding: str | None) -> None:  # fmt: skip
    decision = evaluate_session(ROLE, _policy("session", session) if session else None, action, [ARN], {})
    assert decision.kind == kind and decision.allowed is (kind == "Allow")
    assert decision.policy_name == deciding


def test_token_owner() -> None:
    credential = sts.issue(Role(f"{A}:r", A, GLOBAL, 0.0, name="r", role_id="1"), session_name="s", session_policy="",
                           duration=900, now=100.0, assumed_by="x")
    assert credential.id.startswith("STS.") and credential.token.startswith("CAIS")
    assert sts.token_owner(credential.token) == credential.id
    assert credential.expires_at == 1000.0
    for malformed in ("", "CAIS", "CAIS%%%", "XXXX" + credential.token[4:], credential.token[:-2], "CAISW10"):
        assert sts.token_owner(malformed) is None, malformed
