"""The admin interface's HTTP layer without a server: switched off, token, failures answered as JSON."""

from __future__ import annotations

import json
import logging

import pytest

from classiclink.admin import AdminApp, HealthApp, service
from classiclink.bootstrap import seed_default_account
from classiclink.domain.ports import UnitOfWork
from classiclink.gateway.context import Runtime
from classiclink.http import HttpRequest, HttpResponse
from classiclink.settings import Settings
from classiclink.store.memory import MemoryStore

TOKEN = "unit-admin-token"


def runtime(token: str | None = TOKEN) -> Runtime:
    store = MemoryStore()
    seed_default_account(store, 0.0)
    return Runtime(settings=Settings(database="memory://", admin_token=token), store=store)


def request(method: str, path: str, body: object = None, token: str | None = TOKEN) -> HttpRequest:
    headers = {"authorization": [f"Bearer {token}"]} if token else {}
    raw = b"" if body is None else json.dumps(body).encode()
    return HttpRequest(method, path, [], [], raw, headers)


def decoded(response: HttpResponse) -> dict[str, object]:
    assert response.content_type.startswith("application/json")
    document: dict[str, object] = json.loads(response.body)
    return document


def test_switched_off_without_a_token() -> None:
    app = AdminApp(runtime(token=None))
    response = app(request("GET", "/_classiclink/admin/accounts"))
    assert response.status == 404 and decoded(response)["Code"] == "AdminDisabled"


def test_an_empty_bearer_is_not_a_token() -> None:
    app = AdminApp(runtime())
    bare = HttpRequest("GET", "/_classiclink/admin/accounts", [], [], b"", {"authorization": ["Bearer "]})
    assert app(bare).status == 401


def test_unexpected_failure_is_a_json_500_without_details(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    def broken(uow: UnitOfWork) -> dict[str, object]:
        raise RuntimeError("secret internals")

    monkeypatch.setattr(service, "list_accounts", broken)
    with caplog.at_level(logging.ERROR, logger="classiclink"):
        response = AdminApp(runtime())(request("GET", "/_classiclink/admin/accounts"))
    assert response.status == 500
    body = decoded(response)
    assert body == {"Code": "InternalError", "Message": "The admin request failed; see the server log."}
    assert "secret internals" in caplog.text  # the log keeps the detail, the answer does not


def test_a_refused_change_writes_nothing() -> None:
    rt = runtime()
    app = AdminApp(rt)
    # The user exists, the policy does not: attaching fails and the user is left as it was.
    assert app(request("POST", "/_classiclink/admin/accounts/1000000000000001/users", {"UserName": "u"})).status == 201
    refused = app(
        request("POST", "/_classiclink/admin/accounts/1000000000000001/users/u/policies", {"PolicyName": "none"})
    )
    assert refused.status == 404
    with rt.store.unit_of_work() as uow:
        user = uow.users.get("1000000000000001:u", account_id="1000000000000001")
        assert user is not None and user.policy_names == []


def test_created_secret_is_returned_once() -> None:
    app = AdminApp(runtime())
    created = decoded(app(request("POST", "/_classiclink/admin/accounts/1000000000000001/access-keys")))
    secret = created["AccessKeySecret"]
    assert isinstance(secret, str) and len(secret) == 30
    listing = app(request("GET", "/_classiclink/admin/accounts/1000000000000001/access-keys"))
    assert secret.encode() not in listing.body
    assert b"testsecret" not in listing.body


def test_health_reports_an_unreachable_store(monkeypatch: pytest.MonkeyPatch) -> None:
    rt = runtime()
    assert decoded(HealthApp(rt)(request("GET", "/_classiclink/health", token=None))) == {"status": "ok"}

    def unreachable() -> UnitOfWork:
        raise OSError("disk gone")

    monkeypatch.setattr(rt.store, "unit_of_work", unreachable)
    response = HealthApp(rt)(request("GET", "/_classiclink/health", token=None))
    assert response.status == 503 and decoded(response) == {"status": "unavailable"}


def test_absurdly_nested_json_body_is_malformed_not_a_500() -> None:
    app = AdminApp(runtime())
    raw = b"[" * 100_000 + b"]" * 100_000
    deep = HttpRequest("POST", "/_classiclink/admin/accounts", [], [], raw, {"authorization": [f"Bearer {TOKEN}"]})
    response = app(deep)
    assert response.status == 400 and decoded(response)["Code"] == "MalformedJSON"
