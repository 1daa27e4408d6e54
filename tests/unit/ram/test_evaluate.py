"""RAM decision semantics (api-spec §6.2) over realistic ClassicLink requests."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import pytest

from classiclink.ram import Decision, Policy, evaluate, parse_policy

ACCOUNT = "1000000000000001"
INSTANCE_ARN = f"acs:ecs:cn-hangzhou:{ACCOUNT}:instance/i-bp1abc"
VPC_ARN = f"acs:vpc:cn-hangzhou:{ACCOUNT}:vpc/vpc-bp1xyz"
ATTACH = "ecs:AttachClassicLinkVpc"
DETACH = "ecs:DetachClassicLinkVpc"
DISABLE = "vpc:DisableVpcClassicLink"


def _policy(name: str, *statements: Mapping[str, object]) -> Policy:
    return parse_policy(name, {"Version": "1", "Statement": list(statements)})


def _stmt(effect: str = "Allow", action: object = "*", resource: object = "*", **extra: object) -> dict[str, object]:
    return {"Effect": effect, "Action": action, "Resource": resource, **extra}


def _decide(
    policies: Sequence[Policy],
    action: str = ATTACH,
    resources: Sequence[str] = (INSTANCE_ARN,),
    context: Mapping[str, str | Sequence[str]] | None = None,
) -> Decision:
    return evaluate(policies, action, resources, context or {})


# --- basic allow / deny ------------------------------------------------------------


def test_matching_allow_reports_policy_and_statement() -> None:
    policies = [_policy("ClassicLinkOps", _stmt(action=DISABLE), _stmt(action=ATTACH, resource=INSTANCE_ARN))]
    assert _decide(policies) == Decision(True, "Allow", None, "ClassicLinkOps", 1)


def test_first_matching_allow_is_reported() -> None:
    policies = [
        _policy("Unrelated", _stmt(action=DISABLE)),
        _policy("Broad", _stmt(action=DETACH), _stmt(action="ecs:*"), _stmt(action=ATTACH)),
    ]
    decision = _decide(policies)
    assert (decision.policy_name, decision.statement_index) == ("Broad", 1)


def test_no_policies_is_implicit_deny() -> None:
    assert _decide([]) == Decision(False, "ImplicitDeny", INSTANCE_ARN, None, None)


def test_no_matching_statement_is_implicit_deny() -> None:
    policies = [_policy("VpcOnly", _stmt(action=DISABLE, resource=VPC_ARN))]
    assert _decide(policies) == Decision(False, "ImplicitDeny", INSTANCE_ARN, None, None)


def test_explicit_deny_beats_allow_across_policies() -> None:
    allow_all = _policy("AdministratorAccess", _stmt())
    deny_attach = _policy("NoClassicLink", _stmt(action=DISABLE), _stmt("Deny", action=ATTACH))
    expected = Decision(False, "ExplicitDeny", INSTANCE_ARN, "NoClassicLink", 1)
    # Order of policies must not matter: Deny wins either way.
    assert _decide([allow_all, deny_attach]) == expected
    assert _decide([deny_attach, allow_all]) == expected


def test_deny_within_same_policy_beats_earlier_allow() -> None:
    policies = [_policy("Mixed", _stmt(action=ATTACH), _stmt("Deny", resource="acs:ecs:*:*:instance/*"))]
    assert _decide(policies) == Decision(False, "ExplicitDeny", INSTANCE_ARN, "Mixed", 1)


def test_star_alone_matches_everything() -> None:
    policies = [_policy("All", _stmt())]
    for action, resource in [(ATTACH, INSTANCE_ARN), (DISABLE, VPC_ARN), ("ram:CreateUser", "acs:ram::1:user/x")]:
        assert _decide(policies, action, [resource]).allowed


# --- wildcards and case ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("pattern", "action", "allowed"),
    [
        ("ecs:*ClassicLink*", ATTACH, True),
        ("ecs:*ClassicLink*", DETACH, True),
        ("ecs:*ClassicLink*", DISABLE, False),
        ("ecs:Describe*", ATTACH, False),
        ("ecs:?ttachClassicLinkVpc", ATTACH, True),
        ("ecs:?AttachClassicLinkVpc", ATTACH, False),
        ("ecs:AttachClassicLinkVp?", ATTACH, True),
        ("*:AttachClassicLinkVpc", ATTACH, True),
        ("ecs:describe*", "ecs:DescribeInstances", True),
        ("ECS:ATTACHCLASSICLINKVPC", ATTACH, True),
        ("vpc:disablevpcclassiclink", DISABLE, True),
    ],
)
def test_action_wildcards_and_case_insensitivity(pattern: str, action: str, allowed: bool) -> None:
    policies = [_policy("p", _stmt(action=pattern))]
    assert _decide(policies, action).allowed is allowed


@pytest.mark.parametrize(
    ("pattern", "allowed"),
    [
        (INSTANCE_ARN, True),
        ("acs:ecs:*:*:instance/*", True),
        (f"acs:ecs:cn-hangzhou:{ACCOUNT}:instance/i-bp1*", True),
        (f"acs:ecs:cn-hangzhou:{ACCOUNT}:instance/i-bp1ab?", True),
        (f"acs:ecs:cn-hangzhou:{ACCOUNT}:instance/i-bp1a?", False),
        (f"acs:ecs:cn-hangzhou:{ACCOUNT}:instance/i-bp1abc?", False),
        (f"acs:ecs:cn-beijing:{ACCOUNT}:instance/*", False),
        ("acs:ecs:*:1000000000000002:instance/*", False),
        ("acs:vpc:*:*:vpc/*", False),
        # Resource IDs are case-sensitive, unlike actions.
        (f"acs:ecs:cn-hangzhou:{ACCOUNT}:instance/I-BP1ABC", False),
        (f"acs:ecs:CN-HANGZHOU:{ACCOUNT}:instance/i-bp1abc", False),
    ],
)
def test_resource_wildcards_and_case_sensitivity(pattern: str, allowed: bool) -> None:
    policies = [_policy("p", _stmt(action=ATTACH, resource=pattern))]
    assert _decide(policies).allowed is allowed


# --- NotAction / NotResource ------------------------------------------------------------


def test_not_action_allows_everything_except_listed() -> None:
    policies = [_policy("NotVpc", {"Effect": "Allow", "NotAction": "vpc:*", "Resource": "*"})]
    assert _decide(policies, ATTACH).allowed
    assert _decide(policies, DISABLE, [VPC_ARN]) == Decision(False, "ImplicitDeny", VPC_ARN, None, None)


def test_deny_with_not_action_denies_all_but_listed() -> None:
    policies = [
        _policy("All", _stmt()),
        _policy("OnlyDescribe", {"Effect": "Deny", "NotAction": ["ecs:Describe*"], "Resource": "*"}),
    ]
    assert _decide(policies, "ecs:DescribeInstances").allowed
    assert _decide(policies, ATTACH).kind == "ExplicitDeny"


def test_not_resource_excludes_listed_resources() -> None:
    policies = [_policy("AllButVpc", {"Effect": "Allow", "Action": "*", "NotResource": "acs:vpc:*:*:vpc/*"})]
    assert _decide(policies, ATTACH, [INSTANCE_ARN]).allowed
    assert not _decide(policies, DISABLE, [VPC_ARN]).allowed


def test_deny_with_not_resource() -> None:
    policies = [
        _policy("All", _stmt()),
        _policy("OnlyThisInstance", {"Effect": "Deny", "Action": "ecs:*", "NotResource": INSTANCE_ARN}),
    ]
    assert _decide(policies, ATTACH, [INSTANCE_ARN]).allowed
    other = f"acs:ecs:cn-hangzhou:{ACCOUNT}:instance/i-bp1other"
    assert _decide(policies, ATTACH, [other]) == Decision(False, "ExplicitDeny", other, "OnlyThisInstance", 0)


# --- several resources (AttachClassicLinkVpc checks instance and VPC) -------------------


def test_attach_allowed_only_when_both_arns_allowed() -> None:
    policies = [_policy("Both", _stmt(action=ATTACH, resource=[INSTANCE_ARN, VPC_ARN]))]
    assert _decide(policies, ATTACH, [INSTANCE_ARN, VPC_ARN]) == Decision(True, "Allow", None, "Both", 0)


def test_attach_implicitly_denied_on_vpc_names_vpc() -> None:
    policies = [_policy("InstanceOnly", _stmt(action=ATTACH, resource="acs:ecs:*:*:instance/*"))]
    decision = _decide(policies, ATTACH, [INSTANCE_ARN, VPC_ARN])
    assert decision == Decision(False, "ImplicitDeny", VPC_ARN, None, None)


def test_attach_explicitly_denied_on_vpc_names_vpc() -> None:
    policies = [
        _policy("AttachAnything", _stmt(action=ATTACH)),
        _policy("ProtectVpc", _stmt("Deny", action="ecs:*ClassicLinkVpc", resource=VPC_ARN)),
    ]
    assert _decide(policies, ATTACH, [INSTANCE_ARN]).allowed
    decision = _decide(policies, ATTACH, [INSTANCE_ARN, VPC_ARN])
    assert decision == Decision(False, "ExplicitDeny", VPC_ARN, "ProtectVpc", 0)


def test_explicit_deny_on_later_resource_outranks_implicit_deny_on_earlier() -> None:
    policies = [_policy("ProtectVpc", _stmt("Deny", action=DETACH, resource=VPC_ARN))]
    decision = _decide(policies, DETACH, [INSTANCE_ARN, VPC_ARN])
    assert decision.kind == "ExplicitDeny"
    assert decision.resource == VPC_ARN


def test_empty_or_string_resources_are_rejected() -> None:
    with pytest.raises(ValueError):
        evaluate([_policy("All", _stmt())], ATTACH, [], {})
    with pytest.raises(TypeError):
        evaluate([_policy("All", _stmt())], ATTACH, INSTANCE_ARN, {})


# --- conditions ---------------------------------------------------------------------------


def _allowed_with(condition: Mapping[str, object], context: Mapping[str, str | Sequence[str]]) -> bool:
    policies = [_policy("Conditional", _stmt(action=ATTACH, Condition=condition))]
    return _decide(policies, context=context).allowed


@pytest.mark.parametrize(
    ("operator", "listed", "actual", "expected"),
    [
        ("StringEquals", "prod", "prod", True),
        ("StringEquals", "prod", "Prod", False),
        ("StringEquals", ["dev", "prod"], "prod", True),  # any listed value suffices
        ("StringNotEquals", "prod", "dev", True),
        ("StringNotEquals", "prod", "prod", False),
        ("StringNotEquals", ["dev", "prod"], "prod", False),  # must match none
        ("StringEqualsIgnoreCase", "prod", "PROD", True),
        ("StringEqualsIgnoreCase", "prod", "dev", False),
        ("StringNotEqualsIgnoreCase", "prod", "PROD", False),
        ("StringNotEqualsIgnoreCase", "prod", "dev", True),
        ("StringLike", "pro*", "production", True),
        ("StringLike", "pro?", "prod", True),
        ("StringLike", "pro?", "production", False),
        ("StringLike", "PRO*", "production", False),  # StringLike is case-sensitive
        ("StringLike", ["dev*", "*tion"], "production", True),
        ("StringNotLike", "dev*", "production", True),
        ("StringNotLike", ["dev*", "prod*"], "production", False),
    ],
)
def test_string_operators(operator: str, listed: object, actual: str, expected: bool) -> None:
    assert _allowed_with({operator: {"ecs:tag/env": listed}}, {"ecs:tag/env": actual}) is expected


@pytest.mark.parametrize(
    ("operator", "listed", "actual", "expected"),
    [
        ("NumericEquals", "10", "10.0", True),
        ("NumericEquals", 10, "11", False),
        ("NumericNotEquals", "10", "11", True),
        ("NumericNotEquals", ["10", "11"], "11", False),
        ("NumericLessThan", "10", "9", True),
        ("NumericLessThan", "10", "10", False),
        ("NumericLessThanEquals", "10", "10", True),
        ("NumericLessThanEquals", "10", "11", False),
        ("NumericGreaterThan", "10", "11", True),
        ("NumericGreaterThan", "10", "10", False),
        ("NumericGreaterThanEquals", "10", "10", True),
        ("NumericGreaterThanEquals", "10", "9.5", False),
        ("NumericEquals", "10", "ten", False),  # unreadable request value matches nothing
    ],
)
def test_numeric_operators(operator: str, listed: object, actual: str, expected: bool) -> None:
    assert _allowed_with({operator: {"ecs:Count": listed}}, {"ecs:Count": actual}) is expected


@pytest.mark.parametrize(
    ("operator", "listed", "actual", "expected"),
    [
        ("DateEquals", "2019-08-12T17:00:00Z", "2019-08-12T17:00:00Z", True),
        ("DateEquals", "2019-08-12T17:00:00Z", "2019-08-13T01:00:00+08:00", True),  # same instant
        ("DateEquals", "2019-08-12T17:00:00Z", "1565629200", True),  # epoch seconds
        ("DateEquals", "2019-08-12T17:00:00", "2019-08-12T17:00:00Z", True),  # naive means UTC
        ("DateLessThan", "2019-08-12", "2019-08-11T23:59:59Z", True),  # date-only is midnight UTC
        ("DateEquals", "2019-08-12T17:00:00Z", "2019-08-12T17:00:01Z", False),
        ("DateNotEquals", "2019-08-12T17:00:00Z", "2019-08-12T17:00:01Z", True),
        ("DateNotEquals", "2019-08-12T17:00:00Z", "2019-08-12T17:00:00Z", False),
        ("DateLessThan", "2019-08-12T17:00:00Z", "2019-08-12T16:59:59Z", True),
        ("DateLessThan", "2019-08-12T17:00:00Z", "2019-08-12T17:00:00Z", False),
        ("DateLessThanEquals", "2019-08-12T17:00:00Z", "2019-08-12T17:00:00Z", True),
        ("DateLessThanEquals", "2019-08-12T17:00:00Z", "2020-01-01T00:00:00Z", False),
        ("DateGreaterThan", "1565629200", "2019-08-12T17:00:01Z", True),
        ("DateGreaterThan", "2019-08-12T17:00:00Z", "2019-08-12T17:00:00Z", False),
        ("DateGreaterThanEquals", "2019-08-12T17:00:00Z", "2019-08-12T17:00:00Z", True),
        ("DateGreaterThanEquals", "2019-08-12T17:00:00Z", "2019-01-01T00:00:00Z", False),
    ],
)
def test_date_operators(operator: str, listed: str, actual: str, expected: bool) -> None:
    assert _allowed_with({operator: {"acs:CurrentTime": listed}}, {"acs:CurrentTime": actual}) is expected


@pytest.mark.parametrize(
    ("listed", "actual", "expected"),
    [
        ("true", "true", True),
        ("true", "TRUE", True),
        (True, "True", True),
        ("true", "false", False),
        ("false", "false", True),
        ("FALSE", "true", False),
    ],
)
def test_bool_secure_transport(listed: object, actual: str, expected: bool) -> None:
    assert _allowed_with({"Bool": {"acs:SecureTransport": listed}}, {"acs:SecureTransport": actual}) is expected


@pytest.mark.parametrize(
    ("operator", "listed", "source_ip", "expected"),
    [
        ("IpAddress", "10.0.0.0/8", "10.20.30.40", True),
        ("IpAddress", "10.0.0.0/8", "11.0.0.1", False),
        ("IpAddress", "203.0.113.9", "203.0.113.9", True),  # bare IP is a /32
        ("IpAddress", "203.0.113.9", "203.0.113.10", False),
        ("IpAddress", ["192.168.0.0/16", "203.0.113.9"], "203.0.113.9", True),
        ("IpAddress", "2001:db8::/32", "2001:db8::1", True),
        ("IpAddress", "2001:db8::/32", "2001:db9::1", False),
        ("IpAddress", "10.0.0.0/8", "2001:db8::1", False),  # family mismatch never matches
        ("IpAddress", "10.0.0.0/8", "not-an-ip", False),
        ("NotIpAddress", "10.0.0.0/8", "11.0.0.1", True),
        ("NotIpAddress", "10.0.0.0/8", "10.0.0.1", False),
        ("NotIpAddress", ["10.0.0.0/8", "203.0.113.9"], "203.0.113.9", False),
        ("NotIpAddress", "203.0.113.9", "203.0.113.10", True),
    ],
)
def test_ip_operators_with_source_ip(operator: str, listed: object, source_ip: str, expected: bool) -> None:
    assert _allowed_with({operator: {"acs:SourceIp": listed}}, {"acs:SourceIp": source_ip}) is expected


def test_deny_outside_corporate_network() -> None:
    policies = [
        _policy("All", _stmt()),
        _policy("CorpOnly", _stmt("Deny", Condition={"NotIpAddress": {"acs:SourceIp": ["10.0.0.0/8", "192.0.2.1"]}})),
    ]
    assert _decide(policies, context={"acs:SourceIp": "10.1.2.3"}).allowed
    assert _decide(policies, context={"acs:SourceIp": "192.0.2.1"}).allowed
    denied = _decide(policies, context={"acs:SourceIp": "198.51.100.7"})
    assert denied == Decision(False, "ExplicitDeny", INSTANCE_ARN, "CorpOnly", 0)


def test_all_keys_of_an_operator_must_hold() -> None:
    condition = {"StringEquals": {"ecs:tag/env": "prod", "ecs:tag/team": "net"}}
    assert _allowed_with(condition, {"ecs:tag/env": "prod", "ecs:tag/team": "net"})
    assert not _allowed_with(condition, {"ecs:tag/env": "prod", "ecs:tag/team": "db"})


def test_all_operators_of_a_block_must_hold() -> None:
    condition = {"IpAddress": {"acs:SourceIp": "10.0.0.0/8"}, "Bool": {"acs:SecureTransport": "true"}}
    assert _allowed_with(condition, {"acs:SourceIp": "10.0.0.1", "acs:SecureTransport": "true"})
    assert not _allowed_with(condition, {"acs:SourceIp": "10.0.0.1", "acs:SecureTransport": "false"})
    assert not _allowed_with(condition, {"acs:SourceIp": "172.16.0.1", "acs:SecureTransport": "true"})


def test_condition_keys_are_case_insensitive() -> None:
    assert _allowed_with({"IpAddress": {"acs:sourceip": "10.0.0.0/8"}}, {"acs:SourceIp": "10.0.0.1"})
    assert _allowed_with({"IpAddress": {"ACS:SOURCEIP": "10.0.0.0/8"}}, {"acs:sourceIp": "10.0.0.1"})


def test_multi_valued_request_key() -> None:
    assert _allowed_with({"StringEquals": {"ecs:tag/env": "prod"}}, {"ecs:tag/env": ["dev", "prod"]})
    assert not _allowed_with({"StringNotEquals": {"ecs:tag/env": "prod"}}, {"ecs:tag/env": ["dev", "prod"]})


@pytest.mark.parametrize(
    ("operator", "listed"),
    [
        ("StringEquals", "prod"),
        ("StringEqualsIgnoreCase", "prod"),
        ("StringLike", "*"),
        ("NumericGreaterThanEquals", "0"),
        ("DateLessThan", "2100-01-01T00:00:00Z"),
        ("Bool", "true"),
        ("IpAddress", "0.0.0.0/0"),
    ],
)
def test_absent_key_fails_positive_operators(operator: str, listed: str) -> None:
    assert not _allowed_with({operator: {"acs:Missing": listed}}, {"acs:SourceIp": "10.0.0.1"})
    # An empty list of values counts as absent.
    assert not _allowed_with({operator: {"acs:Missing": listed}}, {"acs:Missing": []})


@pytest.mark.parametrize(
    ("operator", "listed"),
    [
        ("StringNotEquals", "prod"),
        ("StringNotEqualsIgnoreCase", "prod"),
        ("StringNotLike", "*"),
        ("NumericNotEquals", "0"),
        ("DateNotEquals", "2019-08-12T17:00:00Z"),
        ("NotIpAddress", "0.0.0.0/0"),
    ],
)
def test_absent_key_satisfies_negated_operators(operator: str, listed: str) -> None:
    assert _allowed_with({operator: {"acs:Missing": listed}}, {})


def test_deny_not_ip_address_denies_when_source_ip_absent() -> None:
    policies = [
        _policy("All", _stmt()),
        _policy("CorpOnly", _stmt("Deny", Condition={"NotIpAddress": {"acs:SourceIp": "10.0.0.0/8"}})),
    ]
    assert _decide(policies, context={}).kind == "ExplicitDeny"


def test_condition_failing_makes_allow_fall_through_to_next_statement() -> None:
    policies = [
        _policy(
            "p",
            _stmt(action=ATTACH, Condition={"Bool": {"acs:SecureTransport": "true"}}),
            _stmt(action="ecs:*"),
        )
    ]
    assert _decide(policies, context={"acs:SecureTransport": "false"}) == Decision(True, "Allow", None, "p", 1)
    assert _decide(policies, context={"acs:SecureTransport": "true"}) == Decision(True, "Allow", None, "p", 0)
