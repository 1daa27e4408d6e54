"""classiclink.testing: the emulator in a thread of the test process, driven by the official SDKs."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
import requests
from alibabacloud_ecs20140526 import models as ecs_models
from alibabacloud_vpc20160428 import models as vpc_models
from aliyunsdkvpc.request.v20160428.CreateVpcRequest import CreateVpcRequest
from aliyunsdkvpc.request.v20160428.DescribeVpcAttributeRequest import DescribeVpcAttributeRequest
from aliyunsdkvpc.request.v20160428.DescribeVpcsRequest import DescribeVpcsRequest
from aliyunsdkvpc.request.v20160428.EnableVpcClassicLinkRequest import EnableVpcClassicLinkRequest

from classiclink.testing import ClassicLinkClients, TestAccount, ThreadedServer
from support.sdk import Api


def test_context_manager_serves_the_sdks_and_stops() -> None:
    with ThreadedServer() as emulator:
        client = Api("legacy", emulator.endpoint)
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
        Api("legacy", f"127.0.0.1:{port}").call(CreateVpcRequest())


def test_behaviour_overrides_reach_the_domain() -> None:
    with ThreadedServer(transition_delay=60) as emulator:
        client = Api("legacy", emulator.endpoint)
        vpc = client.call(CreateVpcRequest())["VpcId"]
        enable = EnableVpcClassicLinkRequest()
        enable.set_VpcId(vpc)
        error = client.fail(enable)
        assert (error.status, error.code) == (400, "IncorrectVpcStatus")


def test_session_fixture(classiclink_server: ThreadedServer) -> None:
    answer = requests.get(classiclink_server.url, timeout=5)
    assert answer.status_code == 400 and json.loads(answer.content)["Code"] == "MissingParameter"


def test_every_server_option_is_a_keyword() -> None:
    with ThreadedServer(admin_token="t0ken", vpcs_per_region=1, request_log="off") as emulator:
        assert emulator.port not in (0, 8080) and emulator.settings.database == "memory://"
        client = Api("legacy", emulator.endpoint)
        client.call(CreateVpcRequest())
        error = client.fail(CreateVpcRequest())
        assert (error.status, error.code) == (400, "QuotaExceeded.Vpc")
        admin = requests.get(emulator.url + "_classiclink/admin/accounts", timeout=5,
                             headers={"Authorization": "Bearer t0ken"})  # fmt: skip
        assert admin.status_code == 200


def test_an_unknown_option_names_the_valid_ones() -> None:
    with pytest.raises(TypeError, match=r"unknown emulator option\(s\) vpc_quota; the options are: .*vpcs_per_region"):
        ThreadedServer(vpc_quota=5)


def test_faults_and_a_database_file_by_keyword(database: str) -> None:
    with ThreadedServer(database=database, faults=["CreateVpc=1"]) as emulator:
        client = Api("legacy", emulator.endpoint)
        assert client.fail(CreateVpcRequest()).code == "InternalError"
        vpc = client.call(CreateVpcRequest())["VpcId"]
    with ThreadedServer(database=database) as again:  # the file kept the state
        attribute = DescribeVpcAttributeRequest()
        attribute.set_VpcId(vpc)
        assert Api("legacy", again.endpoint).call(attribute)["VpcId"] == vpc


def test_fresh_accounts_are_isolated_and_reset_is_per_account(classiclink_server: ThreadedServer) -> None:
    first, second = classiclink_server.create_account(), classiclink_server.create_account()
    assert first.account_id != second.account_id
    one = Api("legacy", classiclink_server.endpoint, first.access_key_id, first.access_key_secret)
    two = Api("legacy", classiclink_server.endpoint, second.access_key_id, second.access_key_secret)
    vpc = one.call(CreateVpcRequest())["VpcId"]
    two.call(CreateVpcRequest())
    attribute = DescribeVpcAttributeRequest()
    attribute.set_VpcId(vpc)
    assert two.fail(attribute).code == "InvalidVpcId.NotFound"
    assert classiclink_server.reset(first.account_id)["Removed"]["vpcs"] == 1
    assert one.fail(attribute).code == "InvalidVpcId.NotFound"
    assert len(two.call(DescribeVpcsRequest())["Vpcs"]["Vpc"]) == 1


def test_the_client_fixture_signs_with_the_tests_own_account(classiclink_client: ClassicLinkClients,
                                                            classiclink_account: TestAccount) -> None:  # fmt: skip
    assert classiclink_client.account == classiclink_account
    legacy_vpc = json.loads(classiclink_client.legacy.do_action_with_exception(CreateVpcRequest()))["VpcId"]
    listed = classiclink_client.vpc.describe_vpcs(vpc_models.DescribeVpcsRequest(region_id="cn-hangzhou"))
    assert [v.vpc_id for v in listed.body.vpcs.vpc] == [legacy_vpc]
    regions = classiclink_client.ecs.describe_regions(ecs_models.DescribeRegionsRequest())
    assert regions.body.regions.region


def test_the_example_suite_runs_green_as_written() -> None:
    examples = Path(__file__).resolve().parents[2] / "examples"
    done = subprocess.run([sys.executable, "-m", "pytest", "-q"], cwd=examples, capture_output=True, text=True,
                          timeout=120)  # fmt: skip
    assert done.returncode == 0, done.stdout + done.stderr
    passed = int(re.search(r"(\d+) passed", done.stdout).group(1))  # type: ignore[union-attr]
    assert passed >= 10 and " failed" not in done.stdout
