"""Faults on demand (README, "Faults on demand") through a real server: the admin interface's /faults, every fault kind
leaving the state unchanged, a count shared by two workers, latency, and the pytest plugin as a user uses it."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from collections.abc import Callable
from typing import Any

import pytest
import requests
from alibabacloud_vpc20160428 import models as vpc_models
from Tea.exceptions import TeaException

from classiclink.testing import ClassicLinkClients, Faults, TestAccount, ThreadedServer
from support.raw import VPC, Rpc, stored_state
from support.sdk import Api
from support.server import ServerProcess

pytestmark = pytest.mark.e2e

TOKEN = "faults-e2e-token"
REGION = "cn-hangzhou"
MakeServer = Callable[..., ServerProcess]
# api-spec §5.8: the documented answers of each kind.
ANSWERS = {
    "Throttling": (400, "Throttling",
                   "You have made too many requests within a short time; your request is denied due to request throttling."),
    "Throttling.User": (400, "Throttling.User", "Request was denied due to user flow control."),
    "ServiceUnavailable": (503, "ServiceUnavailable", "The request has failed due to a temporary failure of the server."),
    "InternalError": (500, "InternalError", "The request processing has failed due to some unknown error."),
}  # fmt: skip
# Another worker sees a rule armed through the admin interface within gateway.faults.REFRESH_SECONDS (0.25 s).
PROPAGATION = 0.6


class Admin:
    def __init__(self, server: ServerProcess) -> None:
        self.base = f"http://{server.endpoint}/_classiclink/admin"

    def __call__(self, method: str, path: str, body: Any = None) -> requests.Response:
        data = None if body is None else json.dumps(body)
        return requests.request(method, self.base + path, data=data, timeout=10,
                                headers={"Authorization": f"Bearer {TOKEN}", "Connection": "close"})  # fmt: skip

    def arm(self, **body: Any) -> str:
        response = self("POST", "/faults", body)
        assert response.status_code == 201, response.text
        return str(response.json()["FaultId"])


@pytest.fixture
def faulty(make_server: MakeServer) -> ServerProcess:
    return make_server("--transition-delay", "0", "--admin-token", TOKEN)


def fresh_rpc(server: ServerProcess) -> Rpc:
    return Rpc(server.url)


# --- the admin interface ---------------------------------------------------------------------------------


def test_arm_list_describe_and_disarm(faulty: ServerProcess) -> None:
    admin = Admin(faulty)
    fault_id = admin.arm(Action="CreateVpc", Error="Throttling.User", Count=2, LatencyMs=10)
    described = admin("GET", f"/faults/{fault_id}").json()
    assert {k: described[k] for k in ("Action", "AccountId", "Error", "LatencyMs", "Remaining", "Percent", "Calls",
                                      "Hits")} == {"Action": "CreateVpc", "AccountId": "*", "Error": "Throttling.User",
                                                   "LatencyMs": 10, "Remaining": 2, "Percent": 100, "Calls": 0,
                                                   "Hits": 0}  # fmt: skip
    assert [f["FaultId"] for f in admin("GET", "/faults").json()["Faults"]] == [fault_id]
    assert fresh_rpc(faulty)("CreateVpc", VPC, RegionId=REGION).code == "Throttling.User"
    assert admin("GET", f"/faults/{fault_id}").json()["Remaining"] == 1
    assert admin("DELETE", f"/faults/{fault_id}").status_code == 200
    assert admin("GET", f"/faults/{fault_id}").status_code == 404
    assert fresh_rpc(faulty)("CreateVpc", VPC, RegionId=REGION).status == 200
    admin.arm(Action="DeleteVpc")
    admin.arm(Action="*", LatencyMs=5)
    assert admin("DELETE", "/faults").json() == {"Removed": 2}
    assert admin("GET", "/faults").json() == {"Faults": []}


@pytest.mark.parametrize("body", [
    {}, {"Action": "NoSuchAction"}, {"Action": "CreateVpc", "Error": "Throttling.Api"},
    {"Action": "CreateVpc", "Percent": 0}, {"Action": "CreateVpc", "Count": 0}, {"Action": "CreateVpc", "LatencyMs": -1},
    {"Action": "CreateVpc", "Error": ""}, {"Action": "CreateVpc", "Colour": "red"}, {"Action": "CreateVpc", "Count": "2"},
])  # fmt: skip
def test_a_bad_rule_is_refused_with_400(faulty: ServerProcess, body: dict[str, Any]) -> None:
    response = Admin(faulty)("POST", "/faults", body)
    assert response.status_code == 400 and response.json()["Code"] == "InvalidParameter", response.text


def test_an_unknown_account_is_404(faulty: ServerProcess) -> None:
    response = Admin(faulty)("POST", "/faults", {"Action": "CreateVpc", "AccountId": "1999999999999999"})
    assert (response.status_code, response.json()["Code"]) == (404, "EntityNotExist.Account")


@pytest.mark.parametrize(("spec", "reason"), [
    ("NoSuchAction", "--inject-fault: The parameter 'Action' is not valid: no action is named 'NoSuchAction'."),
    ("CreateVpc=0", "--inject-fault takes ACTION or ACTION=COUNT (COUNT >= 1), not 'CreateVpc=0'"),
])  # fmt: skip
def test_a_bad_startup_fault_stops_the_server_with_one_line(spec: str, reason: str) -> None:
    done = subprocess.run([sys.executable, "-m", "classiclink", "serve", "--database", "memory://", "--port", "0",
                           "--inject-fault", spec], capture_output=True, text=True, timeout=30)  # fmt: skip
    assert (done.returncode, done.stderr) == (2, f"classiclink: {reason}\n")


# --- every fault kind leaves the state unchanged ------------------------------------------------------------------


@pytest.mark.parametrize("error", list(ANSWERS))
def test_every_fault_kind_changes_nothing(faulty: ServerProcess, error: str) -> None:
    admin, rpc = Admin(faulty), fresh_rpc(faulty)
    vpc_id = rpc.ok("CreateVpc", VPC, RegionId=REGION)["VpcId"]
    for action in ("CreateVpc", "EnableVpcClassicLink", "DeleteVpc"):
        admin.arm(Action=action, Error=error, Count=1)
    before = stored_state(faulty.database)
    for action in ("CreateVpc", "EnableVpcClassicLink", "DeleteVpc"):
        assert rpc(action, VPC, RegionId=REGION, VpcId=vpc_id).error == ANSWERS[error], action
    assert stored_state(faulty.database) == before
    attribute = rpc.ok("DescribeVpcAttribute", VPC, RegionId=REGION, VpcId=vpc_id)
    assert attribute["ClassicLinkEnabled"] is False
    # Each count is spent: the same calls now work.
    assert rpc("EnableVpcClassicLink", VPC, RegionId=REGION, VpcId=vpc_id).status == 200


def test_a_rule_for_one_account_spares_the_others(faulty: ServerProcess) -> None:
    admin = Admin(faulty)
    created = admin("POST", "/accounts", {"Name": "victim"}).json()
    key = admin("POST", f"/accounts/{created['AccountId']}/access-keys", {}).json()
    admin.arm(Action="DescribeVpcs", AccountId=created["AccountId"], Error="ServiceUnavailable")
    victim = Rpc(faulty.url, key["AccessKeyId"], key["AccessKeySecret"])
    assert victim("DescribeVpcs", VPC, RegionId=REGION).error == ANSWERS["ServiceUnavailable"]
    assert fresh_rpc(faulty)("DescribeVpcs", VPC, RegionId=REGION).status == 200


def test_percent_hits_every_second_call(faulty: ServerProcess) -> None:
    Admin(faulty).arm(Action="DescribeVpcs", Error="Throttling", Percent=50)
    rpc = fresh_rpc(faulty)
    statuses = [rpc("DescribeVpcs", VPC, RegionId=REGION).status for _ in range(6)]
    assert statuses == [200, 400] * 3


def test_latency_alone_and_before_an_error(faulty: ServerProcess) -> None:
    admin, rpc = Admin(faulty), fresh_rpc(faulty)
    admin.arm(Action="DescribeVpcs", LatencyMs=400, Count=1)
    started = time.monotonic()
    assert rpc("DescribeVpcs", VPC, RegionId=REGION).status == 200
    assert time.monotonic() - started >= 0.4
    admin.arm(Action="DescribeRegions", Error="Throttling.User", LatencyMs=300, Count=1)
    started = time.monotonic()
    assert rpc("DescribeRegions", VPC).error == ANSWERS["Throttling.User"]
    assert time.monotonic() - started >= 0.3


def test_the_sdks_see_the_documented_error(faulty: ServerProcess) -> None:
    Admin(faulty).arm(Action="CreateVpc", Error="Throttling.User", Count=1)
    Api("tea", faulty.endpoint).fail("CreateVpc", RegionId=REGION).expect(*ANSWERS["Throttling.User"])


# --- several workers share rules and counts ------------------------------------------------------------------------


def test_two_workers_share_a_count(make_server: MakeServer) -> None:
    server = make_server("--workers", "2", "--transition-delay", "0", "--admin-token", TOKEN,
                         "--inject-fault", "CreateVpc=2")  # fmt: skip
    rpc = fresh_rpc(server)
    # A new connection each call, so the kernel spreads them over both workers.
    created = [rpc("CreateVpc", VPC, RegionId=REGION).status for _ in range(6)]
    assert sorted(created) == [200] * 4 + [500] * 2
    admin = Admin(server)
    fault_id = admin.arm(Action="DescribeVpcs", Error="Throttling", Count=3)
    time.sleep(PROPAGATION)
    statuses = [rpc("DescribeVpcs", VPC, RegionId=REGION).status for _ in range(12)]
    assert statuses.count(400) == 3 and statuses.count(200) == 9
    described = admin("GET", f"/faults/{fault_id}").json()
    assert (described["Hits"], described["Remaining"]) == (3, 0)
    admin("DELETE", "/faults")
    time.sleep(PROPAGATION)
    assert [rpc("CreateVpc", VPC, RegionId=REGION).status for _ in range(4)] == [200] * 4


# --- the pytest plugin, as a user's suite uses it -------------------------------------------------------------------

_ARMED_BY_THE_FIXTURE: list[str] = []



def test_the_faults_fixture_arms_a_rule_for_the_test(classiclink_faults: Faults, classiclink_client: ClassicLinkClients,
                                                     classiclink_account: TestAccount) -> None:  # fmt: skip
    fault_id = classiclink_faults.arm("CreateVpc", error="Throttling.User", count=1, account=classiclink_account)
    _ARMED_BY_THE_FIXTURE.append(fault_id)
    with pytest.raises(TeaException) as refused:
        classiclink_client.vpc.create_vpc(vpc_models.CreateVpcRequest(region_id=REGION))
    assert refused.value.code == "Throttling.User"
    created = classiclink_client.vpc.create_vpc(vpc_models.CreateVpcRequest(region_id=REGION))
    listed = classiclink_client.vpc.describe_vpcs(vpc_models.DescribeVpcsRequest(region_id=REGION))
    assert [v.vpc_id for v in listed.body.vpcs.vpc] == [created.body.vpc_id]  # the refused call made nothing
    assert classiclink_faults.describe(fault_id)["Hits"] == 1


def test_rules_armed_by_the_fixture_are_gone_after_the_test(classiclink_server: ThreadedServer) -> None:
    # Runs after the test above (same module, in order): its rule was disarmed at teardown.
    assert _ARMED_BY_THE_FIXTURE
    assert not {f["FaultId"] for f in classiclink_server.faults.list()} & set(_ARMED_BY_THE_FIXTURE)


def test_threaded_server_faults_helper() -> None:
    with ThreadedServer() as emulator:
        client = Api("legacy", emulator.endpoint)
        fault_id = emulator.faults.arm("DescribeVpcs", error="InternalError", percent=50)
        client.call("DescribeVpcs")
        assert client.fail("DescribeVpcs").code == "InternalError"
        client.call("DescribeVpcs")
        emulator.faults.disarm(fault_id)
        with pytest.raises(ValueError, match="no action is named"):
            emulator.faults.arm("NoSuchAction")


def test_servers_on_one_postgresql_database_share_a_count(postgres_url: str, make_server: MakeServer) -> None:
    first = make_server("--transition-delay", "0", "--admin-token", TOKEN, database=postgres_url)
    second = make_server("--transition-delay", "0", database=postgres_url)
    fault_id = Admin(first).arm(Action="DescribeVpcs", Error="Throttling.User", Count=2)
    time.sleep(PROPAGATION)
    statuses = [fresh_rpc(server)("DescribeVpcs", VPC, RegionId=REGION).status for server in (second, first) * 3]
    assert statuses == [400, 400, 200, 200, 200, 200]
    assert Admin(first)("GET", f"/faults/{fault_id}").json()["Calls"] == 2
