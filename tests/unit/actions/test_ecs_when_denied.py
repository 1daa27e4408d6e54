"""DescribeInstances declares its own answer to a RAM-denied user: an empty list in the paging style asked for."""

from __future__ import annotations

from typing import Any

from classiclink.actions import load_all
from classiclink.actions.spec import ECS_VERSION, REGISTRY

load_all()


def denied(**raw: str) -> dict[str, Any]:
    spec = REGISTRY[(ECS_VERSION, "DescribeInstances")]
    assert spec.when_denied is not None
    return spec.when_denied(spec.request(spec.parse({"RegionId": "cn-hangzhou", **raw})))


def test_page_number_style_echoes_the_page_asked_for() -> None:
    answer = denied(PageNumber="2", PageSize="5")
    assert list(answer) == ["TotalCount", "PageNumber", "PageSize", "NextToken", "Instances"]
    assert answer == {"TotalCount": 0, "PageNumber": 2, "PageSize": 5, "NextToken": "", "Instances": {"Instance": []}}
    assert denied() == {"TotalCount": 0, "PageNumber": 1, "PageSize": 10, "NextToken": "", "Instances": {"Instance": []}}


def test_token_style_answers_an_empty_next_token() -> None:
    for raw in ({"MaxResults": "20"}, {"NextToken": "abc"}):
        assert denied(**raw) == {"TotalCount": 0, "NextToken": "", "Instances": {"Instance": []}}


def test_other_ecs_reads_refuse_instead() -> None:
    for name in ("DescribeInstanceAttribute", "DescribeDisks", "DescribeUserData", "ListTagResources"):
        assert REGISTRY[(ECS_VERSION, name)].when_denied is None
