"""A write's nonce in the write's own transaction (gateway/nonce.py ``may_defer``, chain.py), on SQLite, the store
that offers it: one commit for the nonce and the write; a write refused later, for a bad parameter or by the
action, keeps its nonce (a replay is refused) and changes nothing else; credentials changed since they were
cached are read again before the nonce is claimed; a read still claims its nonce on its own."""

from __future__ import annotations

import json
import sqlite3
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from classiclink.bootstrap import build_runtime
from classiclink.domain.ports import UnitOfWork
from classiclink.gateway.chain import Gateway
from classiclink.gateway.signature import v1_signature, v1_string_to_sign
from classiclink.http import HttpRequest
from classiclink.settings import Behaviour, Settings
from classiclink.store.sqlite import SqliteStore

VPC = "2016-04-28"


@pytest.fixture
def gateway(tmp_path: Path) -> Iterator[Gateway]:
    settings = Settings(database=str(tmp_path / "g.db"), behaviour=Behaviour(transition_delay=0))
    runtime = build_runtime(settings)
    assert isinstance(runtime.store, SqliteStore) and runtime.store.nonce_in_writes
    yield Gateway(runtime)
    runtime.store.close()


def request(action: str, nonce: str | None = None, **params: str) -> HttpRequest:
    fields = {"Action": action, "Version": VPC, "Format": "JSON", "RegionId": "cn-hangzhou", "AccessKeyId": "testid",
              "SignatureMethod": "HMAC-SHA1", "SignatureVersion": "1.0",
              "SignatureNonce": nonce or str(time.perf_counter_ns()),
              "Timestamp": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()), **params}  # fmt: skip
    fields["Signature"] = v1_signature("testsecret", v1_string_to_sign("POST", fields.items()))
    return HttpRequest("POST", "/", list(fields.items()), [], b"", {"host": ["127.0.0.1"]})


def answer(gw: Gateway, req: HttpRequest) -> dict[str, Any]:
    return json.loads(gw.handle(req).body)  # type: ignore[no-any-return]


def commits(gw: Gateway, req: HttpRequest) -> list[str]:
    """The transaction statements the request ran on this thread's connection."""
    store = gw.runtime.store
    assert isinstance(store, SqliteStore)
    seen: list[str] = []
    conn = store._connection()
    conn.set_trace_callback(lambda sql: seen.append(sql.split()[0].upper()))
    try:
        gw.handle(req)
    finally:
        conn.set_trace_callback(None)
    return [s for s in seen if s in ("BEGIN", "COMMIT", "ROLLBACK", "INSERT")]


def vpcs(gw: Gateway) -> list[Any]:
    uow: UnitOfWork
    with gw.runtime.store.unit_of_work(read_only=True) as uow:
        return uow.vpcs.find(account_id=None)


def test_a_write_commits_its_nonce_and_its_work_once(gateway: Gateway) -> None:
    answer(gateway, request("DescribeVpcs"))  # the key is cached from here on
    statements = commits(gateway, request("CreateVpc"))
    assert statements.count("COMMIT") == 1 and statements[0] == "BEGIN"
    assert len(vpcs(gateway)) == 1


def test_a_read_claims_its_nonce_on_its_own_and_takes_no_write_transaction(gateway: Gateway) -> None:
    answer(gateway, request("DescribeVpcs"))
    statements = commits(gateway, request("DescribeVpcs"))
    assert statements == ["INSERT", "BEGIN", "COMMIT"]  # the nonce (autocommit), then the read's snapshot


def test_a_replayed_write_is_refused_and_changes_nothing(gateway: Gateway) -> None:
    first = request("CreateVpc", nonce="n-1")
    assert "VpcId" in answer(gateway, first)
    assert answer(gateway, first)["Code"] == "SignatureNonceUsed"
    assert len(vpcs(gateway)) == 1


@pytest.mark.parametrize(
    ("action", "params", "code"),
    [
        ("DeleteVpc", {"VpcId": "vpc-missing"}, "InvalidVpcId.NotFound"),  # refused by the action
        ("CreateVpc", {"DryRun": "maybe"}, "InvalidParameter"),  # refused by the parameter checks, before it
    ],
    ids=["by-the-action", "by-a-parameter"],
)
def test_a_write_refused_after_its_nonce_keeps_the_nonce_and_nothing_else(
    gateway: Gateway, action: str, params: dict[str, str], code: str
) -> None:
    refused = request(action, nonce=f"n-{action}", **params)
    assert answer(gateway, refused)["Code"] == code
    assert answer(gateway, refused)["Code"] == "SignatureNonceUsed"
    assert vpcs(gateway) == []


def test_a_write_with_an_invalid_value_keeps_its_nonce(gateway: Gateway) -> None:
    refused = request("CreateVpc", nonce="n-3", VpcName="x" * 200)  # over the documented 128 characters
    assert answer(gateway, refused)["Code"].startswith("InvalidVpcName")
    assert answer(gateway, refused)["Code"] == "SignatureNonceUsed"
    assert vpcs(gateway) == []


def test_a_key_deactivated_elsewhere_is_read_again_before_the_write(gateway: Gateway, tmp_path: Path) -> None:
    answer(gateway, request("DescribeVpcs"))  # the key is cached, Active
    other = sqlite3.connect(tmp_path / "g.db", isolation_level=None)  # another worker, or the admin interface
    other.execute("UPDATE access_keys SET status = 'Inactive' WHERE id = 'testid'")
    other.execute("UPDATE identity_version SET version = version + 1 WHERE id = 1")
    other.close()
    assert answer(gateway, request("CreateVpc"))["Code"] == "InvalidAccessKeyId.Inactive"
    assert vpcs(gateway) == []
