"""The gateway's flow (gateway/chain.py): which units of work a request opens, in which mode, and the
outermost guard. A store wrapper records every unit of work; the requests are real signed V1 requests."""

from __future__ import annotations

import json
import time
from types import TracebackType
from typing import Any

from classiclink.bootstrap import build_runtime
from classiclink.domain.ports import Store, UnitOfWork
from classiclink.gateway.chain import Gateway
from classiclink.gateway.context import Runtime
from classiclink.gateway.faults import FaultBoard
from classiclink.gateway.signature import v1_signature, v1_string_to_sign
from classiclink.http import HttpRequest
from classiclink.settings import Behaviour, Settings
from classiclink.store.memory import MemoryStore

VPC = "2016-04-28"


class Recording(Store):
    """A memory store that records each unit of work (read-only or not, committed or not)."""

    def __init__(self, inner: Store, fail_rollback: bool = False) -> None:
        self.inner = inner
        self.opened: list[dict[str, Any]] = []
        self.fail_rollback = fail_rollback

    def unit_of_work(self, read_only: bool = False) -> UnitOfWork:
        record = {"read_only": read_only, "committed": False}
        self.opened.append(record)
        inner = self.inner.unit_of_work(read_only)
        outer = self

        class Wrapped(UnitOfWork):
            def __enter__(self) -> UnitOfWork:
                inner.__enter__()
                for name in ("accounts", "users", "access_keys", "policies", "roles", "sts_credentials", "vpcs",
                             "vswitches", "route_tables", "route_entries", "security_groups", "instances", "links",
                             "disks", "client_tokens", "nonces", "fault_rules", "account_conditions"):  # fmt: skip
                    setattr(self, name, getattr(inner, name))
                return self

            def __exit__(self, t: type[BaseException] | None, e: BaseException | None, tb: TracebackType | None) -> None:
                self.rollback()

            def commit(self) -> None:
                inner.commit()
                record["committed"] = True

            def rollback(self) -> None:
                inner.rollback()
                if outer.fail_rollback and not record["committed"]:
                    raise OSError("disk I/O error while rolling back")

        return Wrapped()

    def close(self) -> None:
        self.inner.close()

    @property
    def description(self) -> str:
        return "recording"


def gateway(fail_rollback: bool = False) -> tuple[Gateway, Recording]:
    settings = Settings(database="memory://", behaviour=Behaviour(transition_delay=0))
    base = build_runtime(settings, store=MemoryStore())
    store = Recording(base.store, fail_rollback)
    # Fault rules read once, and not again during the test: what is left is each request's own units of work.
    runtime = Runtime(settings=settings, store=store, faults=FaultBoard(refresh_seconds=3600))
    runtime.faults.refresh(base.store)
    return Gateway(runtime), store


def request(action: str, secret: str = "testsecret", **params: str) -> HttpRequest:
    fields = {"Action": action, "Version": VPC, "Format": "JSON", "RegionId": "cn-hangzhou", "AccessKeyId": "testid",
              "SignatureMethod": "HMAC-SHA1", "SignatureVersion": "1.0", "SignatureNonce": str(time.perf_counter_ns()),
              "Timestamp": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()), **params}  # fmt: skip
    fields["Signature"] = v1_signature(secret, v1_string_to_sign("POST", fields.items()))
    return HttpRequest("POST", "/", list(fields.items()), [], b"", {"host": ["127.0.0.1"]})


def body(response: Any) -> dict[str, Any]:
    return json.loads(response.body)  # type: ignore[no-any-return]


def test_a_bad_signature_takes_no_write_lock() -> None:
    gw, store = gateway()
    response = gw.handle(request("CreateVpc", secret="wrong"))
    assert body(response)["Code"] == "SignatureDoesNotMatch"
    assert store.opened == [{"read_only": True, "committed": False}]


def test_a_read_runs_without_the_write_lock_after_its_nonce_is_claimed() -> None:
    gw, store = gateway()
    assert gw.handle(request("DescribeVpcs")).status == 200
    # authentication (read), the nonce (its own short write, committed), the action (read)
    assert [(u["read_only"], u["committed"]) for u in store.opened] == [(True, False), (False, True), (True, True)]


def test_a_write_opens_one_unit_of_work_for_the_action() -> None:
    gw, store = gateway()
    assert gw.handle(request("CreateVpc")).status == 200
    assert [(u["read_only"], u["committed"]) for u in store.opened] == [(True, False), (False, True), (False, True)]


def test_a_refused_request_keeps_its_nonce_and_changes_nothing() -> None:
    gw, store = gateway()
    refused = request("DeleteVpc", VpcId="vpc-missing")
    assert body(gw.handle(refused))["Code"] == "InvalidVpcId.NotFound"
    assert [(u["read_only"], u["committed"]) for u in store.opened][-1] == (False, False)
    assert body(gw.handle(refused))["Code"] == "SignatureNonceUsed"


def test_a_failed_rollback_is_answered_in_the_envelope() -> None:
    gw, _ = gateway(fail_rollback=True)
    response = gw.handle(request("DeleteVpc", VpcId="vpc-missing"))
    document = body(response)
    assert response.status == 500
    assert (document["Code"], document["Message"]) == (
        "InternalError", "The request processing has failed due to some unknown error."
    )  # fmt: skip
    assert set(document) == {"RequestId", "HostId", "Code", "Message", "Recommend"}


def arm(gw: Gateway, **body: Any) -> str:
    from classiclink.admin import faults

    with gw.runtime.store.unit_of_work() as uow:
        fault_id = str(faults.arm(uow, body, time.time())["FaultId"])
        uow.commit()
    gw.runtime.faults.invalidate()
    return fault_id


def test_with_no_rule_armed_a_request_opens_no_unit_of_work_for_faults() -> None:
    gw, store = gateway()
    for _ in range(3):
        assert gw.handle(request("DescribeVpcs")).status == 200
    # The key is read once (read-only), then served from the worker's identity cache: every request claims
    # its nonce (a write) and runs its read-only unit of work, nothing more.
    assert [(u["read_only"], u["committed"]) for u in store.opened] == [(True, False)] + [(False, True), (True, True)] * 3


def test_a_matching_rule_costs_one_short_transaction_before_the_unit_of_work() -> None:
    gw, store = gateway()
    arm(gw, Action="DescribeVpcs", Error="Throttling", Count=1)
    store.opened.clear()
    refused = gw.handle(request("DescribeVpcs"))
    assert (refused.status, body(refused)["Code"]) == (400, "Throttling")
    # authenticate, nonce, re-read of the rules (this process changed them), the claim, the action's (rolled back)
    assert [(u["read_only"], u["committed"]) for u in store.opened] == [
        (True, False), (False, True), (True, False), (False, True), (True, False)]  # fmt: skip
    store.opened.clear()
    assert gw.handle(request("DescribeVpcs")).status == 200  # the count is spent: the cached rule no longer matches
    # the key comes from the identity cache now: the nonce and the action only
    assert [(u["read_only"], u["committed"]) for u in store.opened] == [(False, True), (True, True)]


def test_a_pre_action_fault_does_no_work_and_an_internal_error_is_rolled_back() -> None:
    gw, _ = gateway()
    arm(gw, Action="CreateVpc", Error="ServiceUnavailable", Count=1)
    arm(gw, Action="CreateVpc", Error="InternalError", Count=1)
    first, second = gw.handle(request("CreateVpc")), gw.handle(request("CreateVpc"))
    assert (first.status, body(first)["Code"]) == (503, "ServiceUnavailable")
    assert (second.status, body(second)["Code"], body(second)["Message"]) == (
        500, "InternalError", "The request processing has failed due to some unknown error.")  # fmt: skip
    with gw.runtime.store.unit_of_work(read_only=True) as uow:
        assert uow.vpcs.find(account_id=None) == []
    assert gw.handle(request("CreateVpc")).status == 200
