"""Each worker caches keys and policies (gateway/identities.py); a change made through another worker (another
Runtime on the same database file here) or the admin service must still count from the very next request.
The rules checked are the documented ones the cache must not bend: a disabled or deleted AccessKey is refused
(api-spec §5.8: InvalidAccessKeyId.Inactive / InvalidAccessKeyId.NotFound), a RAM user's rights are its
attached policies, and a SignatureNonce is used once whichever worker sees it (SignatureNonceUsed)."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from classiclink.admin import service
from classiclink.bootstrap import build_runtime
from classiclink.gateway.chain import Gateway
from classiclink.gateway.signature import v1_signature, v1_string_to_sign
from classiclink.http import HttpRequest
from classiclink.settings import DEFAULT_ACCOUNT_ID, Behaviour, Settings
from classiclink.store.sqlite import SqliteStore

VPC = "2016-04-28"
ALLOW_DESCRIBE = json.dumps(
    {"Version": "1", "Statement": [{"Effect": "Allow", "Action": "vpc:DescribeVpcs", "Resource": "*"}]}
)


def request(action: str, key: str = "testid", secret: str = "testsecret", nonce: str | None = None) -> HttpRequest:
    fields = {"Action": action, "Version": VPC, "Format": "JSON", "RegionId": "cn-hangzhou", "AccessKeyId": key,
              "SignatureMethod": "HMAC-SHA1", "SignatureVersion": "1.0",
              "SignatureNonce": nonce or str(time.perf_counter_ns()),
              "Timestamp": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())}  # fmt: skip
    fields["Signature"] = v1_signature(secret, v1_string_to_sign("POST", fields.items()))
    return HttpRequest("POST", "/", list(fields.items()), [], b"", {"host": ["127.0.0.1"]})


def code(gw: Gateway, http: HttpRequest) -> str:
    response = gw.handle(http)
    return "OK" if response.status == 200 else str(json.loads(response.body)["Code"])


@pytest.fixture
def workers(tmp_path: Path) -> Iterator[tuple[Gateway, Gateway]]:
    path = str(tmp_path / "shared.db")
    settings = Settings(database=path, request_log="off", behaviour=Behaviour(transition_delay=0))
    first = build_runtime(settings, store=SqliteStore(path))
    second = build_runtime(settings, store=SqliteStore(path), seed=False)
    yield Gateway(first), Gateway(second)
    first.store.close()
    second.store.close()


def admin(gw: Gateway, change: Any) -> Any:
    with gw.runtime.store.unit_of_work() as uow:
        result = change(uow)
        uow.commit()
    return result


def test_a_key_disabled_through_another_worker_is_refused_at_once(workers: tuple[Gateway, Gateway]) -> None:
    one, other = workers
    assert code(one, request("DescribeVpcs")) == "OK"  # the key is cached by worker one now
    admin(other, lambda uow: service.set_key_status(uow, DEFAULT_ACCOUNT_ID, "testid", "Inactive"))
    assert code(one, request("DescribeVpcs")) == "InvalidAccessKeyId.Inactive"
    admin(other, lambda uow: service.set_key_status(uow, DEFAULT_ACCOUNT_ID, "testid", "Active"))
    assert code(one, request("DescribeVpcs")) == "OK"


def test_a_deleted_key_is_not_found_and_a_new_one_works_at_once(workers: tuple[Gateway, Gateway]) -> None:
    one, other = workers
    created = admin(other, lambda uow: service.create_key(uow, DEFAULT_ACCOUNT_ID, {}, time.time()))
    key, secret = created["AccessKeyId"], created["AccessKeySecret"]
    assert code(one, request("DescribeVpcs", key, secret)) == "OK"
    admin(other, lambda uow: service.delete_key(uow, DEFAULT_ACCOUNT_ID, key))
    assert code(one, request("DescribeVpcs", key, secret)) == "InvalidAccessKeyId.NotFound"


def test_a_policy_detached_through_another_worker_denies_at_once(workers: tuple[Gateway, Gateway]) -> None:
    one, other = workers

    def ram_user(uow: Any) -> dict[str, Any]:
        service.create_user(uow, DEFAULT_ACCOUNT_ID, {"UserName": "alice"}, time.time())
        service.put_policy(uow, DEFAULT_ACCOUNT_ID, "describe", {"PolicyDocument": ALLOW_DESCRIBE}, time.time())
        service.attach_policy(uow, DEFAULT_ACCOUNT_ID, "alice", {"PolicyName": "describe"})
        return service.create_key(uow, DEFAULT_ACCOUNT_ID, {"UserName": "alice"}, time.time())

    created = admin(other, ram_user)
    key, secret = created["AccessKeyId"], created["AccessKeySecret"]
    assert code(one, request("DescribeVpcs", key, secret)) == "OK"  # key and policies cached by worker one
    admin(other, lambda uow: service.detach_policy(uow, DEFAULT_ACCOUNT_ID, "alice", "describe"))
    assert code(one, request("DescribeVpcs", key, secret)) == "Forbbiden"  # sic: VPC's documented RAM denial code


def test_a_nonce_is_used_once_across_workers_with_cached_keys(workers: tuple[Gateway, Gateway]) -> None:
    one, other = workers
    assert code(one, request("DescribeVpcs")) == code(other, request("DescribeVpcs")) == "OK"  # both cache the key
    assert code(one, request("DescribeVpcs", nonce="shared-nonce")) == "OK"
    assert code(other, request("DescribeVpcs", nonce="shared-nonce")) == "SignatureNonceUsed"
    assert code(one, request("DescribeVpcs", nonce="shared-nonce")) == "SignatureNonceUsed"


def test_every_identity_write_raises_the_version(tmp_path: Path) -> None:
    store = SqliteStore(str(tmp_path / "v.db"))
    before = store.identity_version()
    with store.unit_of_work() as uow:
        service.create_account(uow, {}, time.time())
        uow.commit()
    with store.unit_of_work() as uow:
        uow.vpcs.purge_older_than(time.time())  # not an identity table: no change
        uow.commit()
    assert store.identity_version() == before + 1
    with store.unit_of_work() as uow:
        service.create_account(uow, {}, time.time())
        # rolled back: the version stays
    assert store.identity_version() == before + 1
    store.close()
