"""Fault rules (domain/faults.py): which calls a rule matches, and which of them it hits."""

from __future__ import annotations

import pytest

from classiclink.domain.faults import ANY, matches, new_rule, parse_startup, take


def hits(rule_percent: int, calls: int, count: int = -1) -> list[int]:
    rule = new_rule("fault-1", 0.0, action="CreateVpc", percent=rule_percent, count=count)
    return [n for n in range(1, calls + 1) if take(rule) is not None]


def test_a_count_hits_exactly_that_many_calls_then_stops() -> None:
    rule = new_rule("fault-1", 0.0, action="CreateVpc", count=2, error="Throttling.User")
    results = [take(rule) for _ in range(5)]
    assert [r is not None for r in results] == [True, True, False, False, False]
    assert results[0] is not None and results[0].error == "Throttling.User"
    assert (rule.remaining, rule.hits) == (0, 2)
    assert not matches(rule, "CreateVpc", "1")  # exhausted: no longer matches, so it costs nothing


def test_percent_is_evenly_spread_and_exact() -> None:
    assert hits(100, 5) == [1, 2, 3, 4, 5]
    assert hits(50, 8) == [2, 4, 6, 8]
    assert hits(25, 8) == [4, 8]
    assert len(hits(30, 100)) == 30
    assert len(hits(1, 250)) == 2


def test_percent_and_count_together() -> None:
    assert hits(50, 20, count=3) == [2, 4, 6]


def test_matching_by_action_and_account() -> None:
    one = new_rule("fault-1", 0.0, action="CreateVpc", account_id="1000000000000002")
    anyone = new_rule("fault-2", 0.0, action=ANY)
    assert matches(one, "CreateVpc", "1000000000000002")
    assert not matches(one, "CreateVpc", "1000000000000001")
    assert not matches(one, "DeleteVpc", "1000000000000002")
    assert matches(anyone, "DescribeVpcs", "1000000000000001")


def test_latency_alone_or_before_an_error() -> None:
    slow = take(new_rule("fault-1", 0.0, action="CreateVpc", error="", latency_ms=50))
    assert slow is not None and (slow.error, slow.latency_ms) == ("", 50)
    with pytest.raises(ValueError):
        new_rule("fault-1", 0.0, action="CreateVpc", error="")  # neither an error nor a latency
    with pytest.raises(ValueError):
        new_rule("fault-1", 0.0, action="CreateVpc", error="Throttling.Api")


@pytest.mark.parametrize(("spec", "parsed"), [("CreateVpc", ("CreateVpc", -1)), ("CreateVpc=2", ("CreateVpc", 2))])
def test_startup_specs(spec: str, parsed: tuple[str, int]) -> None:
    assert parse_startup(spec) == parsed


@pytest.mark.parametrize("spec", ["", "=3", "CreateVpc=0", "CreateVpc=x"])
def test_bad_startup_specs(spec: str) -> None:
    with pytest.raises(ValueError):
        parse_startup(spec)
