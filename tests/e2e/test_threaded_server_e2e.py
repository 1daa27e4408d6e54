"""classiclink.testing: the emulator in a thread of the test process, driven by the official SDKs."""

from __future__ import annotations

import json

import pytest
from aliyunsdkvpc.request.v20160428.CreateVpcRequest import CreateVpcRequest
from aliyunsdkvpc.request.v20160428.DescribeVpcAttributeRequest import DescribeVpcAttributeRequest
from aliyunsdkvpc.request.v20160428.EnableVpcClassicLinkRequest import EnableVpcClassicLinkRequest

from classiclink.testing import ThreadedServer
from support.clients import Legacy


def test_context_manager_serves_the_sdks_and_stops() -> None:
    with ThreadedServer() as emulator:
        client = Legacy(emulator.endpoint)
        vpc = client.call(CreateVpcRequest())["VpcId"]
        enable = EnableVpcClassicLinkRequest()
        enable.set_VpcId(vpc)
        client.call(enable)  # transition_delay=0 by default: the VPC is Available at once
        attribute = DescribeVpcAttributeRequest()
        attribute.set_VpcId(vpc)
        assert client.call(attribute)["ClassicLinkEnabled"] is True
        port = emulator.port
    assert port > 0
    with pytest.raises(Exception):  # noqa: B017 - any connection error: nothing listens any more
        Legacy(f"127.0.0.1:{port}").call(CreateVpcRequest())


def test_behaviour_overrides_reach_the_domain() -> None:
    with ThreadedServer(transition_delay=60) as emulator:
        client = Legacy(emulator.endpoint)
        vpc = client.call(CreateVpcRequest())["VpcId"]
        enable = EnableVpcClassicLinkRequest()
        enable.set_VpcId(vpc)
        error = client.error(enable)
        assert (error.status, error.code) == (400, "IncorrectVpcStatus")


def test_session_fixture(classiclink_server: ThreadedServer) -> None:
    import requests

    answer = requests.get(classiclink_server.url, timeout=5)
    assert answer.status_code == 400 and json.loads(answer.content)["Code"] == "MissingParameter"
