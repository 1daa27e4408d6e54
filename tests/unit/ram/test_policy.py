"""Parsing and validation of RAM policy documents (api-spec §6.1)."""

from __future__ import annotations

import json

import pytest

from classiclink.ram import (
    Condition,
    Policy,
    PolicyError,
    Statement,
    parse_policy,
    wildcard_match,
)

INSTANCE_ARN = "acs:ecs:cn-hangzhou:1000000000000001:instance/i-bp1abc"
VPC_ARN = "acs:vpc:cn-hangzhou:1000000000000001:vpc/vpc-bp1xyz"


def _doc(*statements: object, **top: object) -> dict[str, object]:
    return {"Version": "1", "Statement": list(statements), **top}


def _allow(**extra: object) -> dict[str, object]:
    return {"Effect": "Allow", "Action": "ecs:AttachClassicLinkVpc", "Resource": INSTANCE_ARN, **extra}


# --- happy paths ---------------------------------------------------------------


def test_parses_json_text_and_keeps_name() -> None:
    text = json.dumps(
        _doc({"Effect": "Allow", "Action": ["ecs:AttachClassicLinkVpc", "ecs:Describe*"], "Resource": "*"})
    )
    policy = parse_policy("AttachOnly", text)
    assert policy == Policy(
        name="AttachOnly",
        statements=(
            Statement(effect="Allow", actions=("ecs:AttachClassicLinkVpc", "ecs:Describe*"), resources=("*",)),
        ),
    )


def test_accepts_mapping_and_single_statement_object() -> None:
    policy = parse_policy("p", {"Version": "1", "Statement": {"Effect": "Deny", "Action": "*", "Resource": "*"}})
    assert len(policy.statements) == 1
    assert policy.statements[0].effect == "Deny"
    assert policy.statements[0].actions == ("*",)


def test_not_action_and_not_resource_are_flagged() -> None:
    statement = {"Effect": "Deny", "NotAction": "ecs:Describe*", "NotResource": [INSTANCE_ARN, VPC_ARN]}
    parsed = parse_policy("p", _doc(statement)).statements[0]
    assert parsed.not_action and parsed.not_resource
    assert parsed.actions == ("ecs:Describe*",)
    assert parsed.resources == (INSTANCE_ARN, VPC_ARN)


def test_empty_statement_list_is_accepted() -> None:
    assert parse_policy("empty", _doc()).statements == ()


def test_conditions_are_flattened_and_scalars_normalised() -> None:
    condition = {
        "IpAddress": {"acs:SourceIp": ["10.0.0.0/8", "192.168.1.7"]},
        "Bool": {"acs:SecureTransport": True},
        "NumericLessThan": {"ecs:Count": 5},
    }
    parsed = parse_policy("p", _doc(_allow(Condition=condition))).statements[0]
    assert parsed.conditions == (
        Condition("IpAddress", "acs:SourceIp", ("10.0.0.0/8", "192.168.1.7")),
        Condition("Bool", "acs:SecureTransport", ("true",)),
        Condition("NumericLessThan", "ecs:Count", ("5",)),
    )


@pytest.mark.parametrize(
    ("operator", "value"),
    [
        ("StringEquals", "prod"),
        ("StringNotEqualsIgnoreCase", "PROD"),
        ("StringLike", "i-bp1*"),
        ("NumericGreaterThanEquals", "3.5"),
        ("DateLessThan", "2019-08-12T17:00:00Z"),
        ("DateGreaterThan", "1565629200"),
        ("Bool", "FALSE"),
        ("IpAddress", "2001:db8::/32"),
        ("NotIpAddress", "203.0.113.9"),
    ],
)
def test_valid_condition_values_are_accepted(operator: str, value: str) -> None:
    parsed = parse_policy("p", _doc(_allow(Condition={operator: {"acs:Key": value}})))
    assert parsed.statements[0].conditions[0].operator == operator


def test_policy_error_is_a_value_error_with_reason() -> None:
    with pytest.raises(PolicyError) as info:
        parse_policy("p", {"Version": "2", "Statement": []})
    assert isinstance(info.value, ValueError)
    assert "Version" in info.value.reason


# --- invalid documents ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("document", "reason_part"),
    [
        ("{not json", "not valid JSON"),
        ("[]", "must be a JSON object"),
        ({"Statement": []}, "missing Version"),
        ({"Version": "2", "Statement": []}, "Version must be"),
        ({"Version": 1, "Statement": []}, "Version must be"),
        ({"Version": "1"}, "missing Statement"),
        ({"Version": "1", "Statement": "Allow"}, "Statement must be"),
        (_doc("Allow"), "Statement[0] must be an object"),
        (_doc({"Action": "*", "Resource": "*"}), "missing Effect"),
        (_doc({"Effect": "allow", "Action": "*", "Resource": "*"}), "Effect must be"),
        (_doc({"Effect": "Allow", "Resource": "*"}), "missing Action"),
        (_doc({"Effect": "Allow", "Action": "*", "NotAction": "ecs:*", "Resource": "*"}), "cannot both"),
        (_doc({"Effect": "Allow", "Action": "*"}), "missing Resource"),
        (_doc({"Effect": "Allow", "Action": "*", "Resource": "*", "NotResource": "*"}), "cannot both"),
        (_doc({"Effect": "Allow", "Action": [], "Resource": "*"}), "non-empty list"),
        (_doc({"Effect": "Allow", "Action": ["ecs:*", 7], "Resource": "*"}), "non-empty strings"),
        (_doc({"Effect": "Allow", "Action": "AttachClassicLinkVpc", "Resource": "*"}), "<service>:<action>"),
        (_doc({"Effect": "Allow", "Action": "*", "Resource": "instance/i-bp1abc"}), "acs:<service>"),
        (_doc({"Effect": "Allow", "Action": "*", "Resource": "*", "Resources": "*"}), "unknown element"),
        (_doc(_allow(), Id="x"), "unknown top-level"),
        (_doc(_allow(Condition=["StringEquals"])), "Condition must be an object"),
        (_doc(_allow(Condition={"StringEqualz": {"acs:Key": "v"}})), "unknown condition operator"),
        (_doc(_allow(Condition={"StringEquals": "v"})), "must map keys to values"),
        (_doc(_allow(Condition={"StringEquals": {"acs:Key": []}})), "value list is empty"),
        (_doc(_allow(Condition={"StringEquals": {"acs:Key": {"a": 1}}})), "values must be"),
        (_doc(_allow(Condition={"NumericEquals": {"ecs:Count": "five"}})), "not a number"),
        (_doc(_allow(Condition={"DateLessThan": {"acs:CurrentTime": "yesterday"}})), "ISO 8601"),
        (_doc(_allow(Condition={"Bool": {"acs:SecureTransport": "yes"}})), "true or false"),
        (_doc(_allow(Condition={"IpAddress": {"acs:SourceIp": "10.0.0.0/33"}})), "CIDR"),
    ],
)
def test_invalid_documents_raise_policy_error(document: str | dict[str, object], reason_part: str) -> None:
    with pytest.raises(PolicyError) as info:
        parse_policy("bad", document)
    assert reason_part in info.value.reason


# --- helpers ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("pattern", "value", "ignore_case", "expected"),
    [
        ("*", "", False, True),
        ("acs:ecs:*:*:instance/*", INSTANCE_ARN, False, True),
        ("acs:ecs:*:*:instance/*", VPC_ARN, False, False),
        ("i-bp1ab?", "i-bp1abc", False, True),
        ("i-bp1ab?", "i-bp1ab", False, False),
        ("i-bp1ab?", "i-bp1abcd", False, False),
        ("i-bp1.bc", "i-bp1abc", False, False),  # regex metacharacters are literal
        ("I-BP1ABC", "i-bp1abc", False, False),
        ("ECS:Attach*", "ecs:AttachClassicLinkVpc", True, True),
    ],
)
def test_wildcard_match(pattern: str, value: str, ignore_case: bool, expected: bool) -> None:
    assert wildcard_match(pattern, value, ignore_case=ignore_case) is expected


def test_absurdly_nested_document_is_a_policy_error() -> None:
    from classiclink.ram import PolicyError, parse_policy

    nested = '{"Version": "1", "Statement": ' + "[" * 100_000 + "]" * 100_000 + "}"
    with pytest.raises(PolicyError):
        parse_policy("deep", nested)
