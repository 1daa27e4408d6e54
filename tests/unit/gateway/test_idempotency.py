"""ClientToken idempotency as a chain step (api-spec §5.10): replay, mismatch, expiry, scope, bounded table."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest

from classiclink import errors
from classiclink.actions.spec import VPC_VERSION, ActionSpec, Request, param, request_params
from classiclink.domain.identity import ClientToken
from classiclink.domain.scope import Scope
from classiclink.gateway import idempotency
from classiclink.gateway.context import Answer, Exchange, Identity, RequestContext, Runtime
from classiclink.http import HttpRequest
from classiclink.settings import Settings
from classiclink.store.memory import MemoryStore

NOW = 1_800_000_000.0
@dataclass(frozen=True, kw_only=True)
class Create(Request):
    client_token: str | None = param("ClientToken")


SPEC = ActionSpec(version=VPC_VERSION, name="CreateVpc", params=request_params(Create), request_type=Create,
                  handler=lambda r, s, u: {}, ram_action="vpc:CreateVpc", resources=lambda r, s: ["*"],
                  denied=errors.VpcForbidden, client_token=True)  # fmt: skip


def step(store: MemoryStore, params: dict[str, str], *, account: str = "1", now: float = NOW,
         response: dict[str, Any] | None = None) -> Answer:  # fmt: skip
    """Run replay, then (if nothing was replayed) 'the action' and remember, in one unit of work."""
    rt = Runtime(settings=Settings(database="memory://"), store=store)
    ctx = RequestContext(http=HttpRequest("POST", "/", [], [], b"", {}), request_id="R", now=now, host_id="")
    ctx.spec, ctx.params = SPEC, params
    caller = Identity(account_id=account, access_key_id="k")
    args = {"ClientToken": params.get("ClientToken")}
    scope = Scope(account, params.get("RegionId", ""), now)
    exchange = Exchange(context=ctx, spec=SPEC, caller=caller, args=args, request=SPEC.request(args), scope=scope)
    with store.unit_of_work() as uow:
        answer = idempotency.replay(exchange, uow, rt) or Answer(response or {"VpcId": f"vpc-{now}"})
        idempotency.remember(exchange, answer, uow, rt)
        uow.commit()
    return answer


def test_same_token_same_parameters_replays_the_first_answer() -> None:
    store = MemoryStore()
    first = step(store, {"ClientToken": "t", "RegionId": "cn-hangzhou", "CidrBlock": "10.0.0.0/8"})
    again = step(store, {"ClientToken": "t", "RegionId": "cn-hangzhou", "CidrBlock": "10.0.0.0/8",
                         "SignatureNonce": "other", "Timestamp": "later"}, now=NOW + 5)  # fmt: skip
    assert again.source == "replay" and again.body == first.body


def test_same_token_other_parameters_is_refused() -> None:
    store = MemoryStore()
    step(store, {"ClientToken": "t", "RegionId": "cn-hangzhou", "CidrBlock": "10.0.0.0/8"})
    with pytest.raises(errors.IdempotentParameterMismatch) as raised:
        step(store, {"ClientToken": "t", "RegionId": "cn-hangzhou", "CidrBlock": "192.168.0.0/16"})
    assert (raised.value.code, raised.value.status) == ("IdempotentParameterMismatch", 400)


def test_tokens_are_case_sensitive_and_per_account() -> None:
    store = MemoryStore()
    step(store, {"ClientToken": "t", "RegionId": "cn-hangzhou"})
    assert step(store, {"ClientToken": "T", "RegionId": "cn-hangzhou"}).source == "action"
    assert step(store, {"ClientToken": "t", "RegionId": "cn-hangzhou"}, account="2").source == "action"
    assert step(store, {"ClientToken": "t", "RegionId": "cn-hangzhou"}).body == {"VpcId": f"vpc-{NOW}"}


def test_expired_tokens_run_again_and_are_purged(monkeypatch: pytest.MonkeyPatch) -> None:
    store = MemoryStore()
    step(store, {"ClientToken": "old", "RegionId": "cn-hangzhou"})
    later = NOW + Settings().client_token_ttl + 1
    assert step(store, {"ClientToken": "old", "RegionId": "cn-hangzhou"}, now=later).source == "action"
    monkeypatch.setattr(idempotency.random, "randrange", lambda n: 0)
    step(store, {"ClientToken": "new", "RegionId": "cn-hangzhou"}, now=later * 2)
    with store.unit_of_work() as uow:
        assert [t.id.rsplit(":", 1)[-1] for t in uow.client_tokens.find(account_id=None)] == ["new"]
        assert all(isinstance(t, ClientToken) for t in uow.client_tokens.find(account_id=None))
