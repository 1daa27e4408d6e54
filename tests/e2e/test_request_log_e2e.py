"""The request log: one line per request at INFO with who, what and the outcome; JSON lines with masked
parameters on request; never a secret."""

from __future__ import annotations

import json
import time
from collections.abc import Callable

import pytest

from support.raw import send
from support.server import ServerProcess

pytestmark = pytest.mark.e2e

VPC = "2016-04-28"


def request_lines(server: ServerProcess, count: int) -> list[str]:
    """The request log's lines for calls that named an action (the fixture's start-up probe names none)."""
    deadline = time.monotonic() + 5
    while True:
        lines = [line for line in server.log().splitlines()
                 if "classiclink.requests:" in line and "action=-" not in line and '"action":"-"' not in line]  # fmt: skip
        if len(lines) >= count or time.monotonic() > deadline:
            return lines


def test_one_line_per_request_with_its_outcome(make_server: Callable[..., ServerProcess]) -> None:
    server = make_server("--transition-delay", "0")
    ok = send(server.url, {"Action": "DescribeVpcs", "Version": VPC, "RegionId": "cn-hangzhou"})
    refused = send(server.url, {"Action": "DescribeVpcAttribute", "Version": VPC, "RegionId": "cn-hangzhou",
                                "VpcId": "vpc-missing"})  # fmt: skip
    assert ok.status_code == 200 and refused.status_code == 404
    first, second = request_lines(server, 2)
    assert f"RequestId={ok.json()['RequestId']}" in first
    for part in ("account=1000000000000001", "access_key=testid", "product=Vpc", "action=DescribeVpcs",
                 "status=200", "code=-", "ms="):  # fmt: skip
        assert part in first
    assert "action=DescribeVpcAttribute" in second and "status=404" in second
    assert "code=InvalidVpcId.NotFound" in second
    assert "testsecret" not in server.log()


def test_json_lines_carry_parameters_with_credentials_masked(make_server: Callable[..., ServerProcess]) -> None:
    server = make_server("--transition-delay", "0", "--request-log", "json")
    response = send(server.url, {"Action": "DescribeVpcs", "Version": VPC, "RegionId": "cn-hangzhou",
                                 "VpcName": "logged"})  # fmt: skip
    (line,) = request_lines(server, 1)
    entry = json.loads(line.split("classiclink.requests: ", 1)[1])
    assert entry["RequestId"] == response.json()["RequestId"]
    assert (entry["action"], entry["status"], entry["account"]) == ("DescribeVpcs", 200, "1000000000000001")
    assert entry["parameters"]["VpcName"] == "logged"
    assert entry["parameters"]["Signature"] == "***"
    assert "testsecret" not in server.log()


def test_the_request_log_can_be_switched_off(make_server: Callable[..., ServerProcess]) -> None:
    server = make_server("--request-log", "off")
    send(server.url, {"Action": "DescribeVpcs", "Version": VPC, "RegionId": "cn-hangzhou"})
    time.sleep(0.2)
    assert request_lines(server, 0) == []
