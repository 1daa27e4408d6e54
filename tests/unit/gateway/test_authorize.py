"""The RAM chain step (api-spec §6): who is checked, against which ARNs and keys, and how a denial reads."""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass
from typing import Any

import pytest

from classiclink import errors
from classiclink.actions import load_all
from classiclink.actions.spec import (
    ECS_VERSION,
    REGISTRY,
    VPC_VERSION,
    ActionSpec,
    Request,
    param,
    request_params,
    scope_arn,
)
from classiclink.domain.identity import GLOBAL, Policy, User, user_key
from classiclink.domain.ports import UnitOfWork
from classiclink.domain.scope import Scope
from classiclink.gateway.authorize import check_ram
from classiclink.gateway.context import Answer, Exchange, Identity, RequestContext, Runtime
from classiclink.http import HttpRequest
from classiclink.settings import Behaviour, Settings
from classiclink.store.memory import MemoryStore

ACCOUNT = "1000000000000001"
OTHER = "2000000000000002"
REGION = "cn-hangzhou"
NOW = 1_800_000_000.0  # 2027-01-15T08:00:00Z
VPC = "vpc-bp1aaaaaaaaaaaaaaaaaaaa"
INSTANCE = "i-bp1bbbbbbbbbbbbbbbbbbbb"
VPC_ARN = f"acs:vpc:{REGION}:{ACCOUNT}:vpc/{VPC}"
INSTANCE_ARN = f"acs:ecs:{REGION}:{ACCOUNT}:instance/{INSTANCE}"


@dataclass(frozen=True, kw_only=True)
class Named(Request):
    """The identifiers the ARNs below are built from."""

    region_id: str | None = param("RegionId")
    vpc_id: str | None = param("VpcId")
    instance_id: str | None = param("InstanceId")


def _handler(request: Any, scope: Scope, uow: UnitOfWork) -> dict[str, Any]:
    raise AssertionError("the authorization step never runs the handler")


def spec_for(version: str, name: str, resources: Any, denied: type[errors.ApiError], **extra: Any) -> ActionSpec:
    product = "vpc" if version == VPC_VERSION else "ecs"
    return ActionSpec(version=version, name=name, params=request_params(Named), request_type=Named, handler=_handler,
                      ram_action=f"{product}:{name}", resources=resources, denied=denied, **extra)  # fmt: skip


def vpc_spec(name: str = "DisableVpcClassicLink") -> ActionSpec:
    return spec_for(VPC_VERSION, name, lambda r, s: [f"acs:vpc:{s.region_id}:{s.account_id}:vpc/{r.vpc_id}"],
                    errors.VpcForbidden)  # fmt: skip


def attach_spec() -> ActionSpec:
    def both(request: Named, scope: Scope) -> list[str]:
        return [
            f"acs:ecs:{scope.region_id}:{scope.account_id}:instance/{request.instance_id}",
            f"acs:vpc:{scope.region_id}:{scope.account_id}:vpc/{request.vpc_id}",
        ]

    return spec_for(ECS_VERSION, "AttachClassicLinkVpc", both, errors.EcsForbiddenSubUser)


def doc(*statements: dict[str, Any]) -> str:
    return json.dumps({"Version": "1", "Statement": list(statements)})


def allow(action: str = "*", resource: str = "*", **extra: Any) -> dict[str, Any]:
    return {"Effect": "Allow", "Action": action, "Resource": resource, **extra}


def deny(action: str = "*", resource: str = "*", **extra: Any) -> dict[str, Any]:
    return {"Effect": "Deny", "Action": action, "Resource": resource, **extra}


@pytest.fixture
def store() -> MemoryStore:
    return MemoryStore()


def give(store: MemoryStore, user: str, *policies: tuple[str, str], account: str = ACCOUNT) -> None:
    """Create a RAM user with the named policy documents attached."""
    with store.unit_of_work() as uow:
        for name, document in policies:
            uow.policies.add(Policy(user_key(account, name), account, GLOBAL, NOW, name=name, document=document))
        names = [name for name, _ in policies]
        uow.users.add(User(user_key(account, user), account, GLOBAL, NOW, name=user, policy_names=names))
        uow.commit()


def run(
    store: MemoryStore,
    spec: ActionSpec,
    *,
    user: str = "alice",
    args: dict[str, Any] | None = None,
    ram_mode: str = "enforce",
    client_ip: str = "127.0.0.1",
    secure: bool = False,
    now: float = NOW,
) -> Answer | None:
    """Run check_ram for one request: its answer (None = allowed); raises what the step raises."""
    settings = Settings(ram_mode=ram_mode)  # type: ignore[arg-type]
    rt = Runtime(settings=settings, store=store)
    http = HttpRequest("POST", "/", [], [], b"", {}, client_ip=client_ip, secure=secure)
    ctx = RequestContext(http=http, request_id="RID-1", now=now, host_id="")
    ctx.spec = spec
    caller = ctx.identity = Identity(account_id=ACCOUNT, access_key_id="AKalice", user_name=user)
    parsed = {"RegionId": REGION, "VpcId": VPC, "InstanceId": INSTANCE, **(args or {})}
    scope = Scope(ACCOUNT, str(parsed.get("RegionId") or ""), now, Behaviour(), "RID-1", caller)
    exchange = Exchange(context=ctx, spec=spec, caller=caller, args=parsed, request=spec.request(parsed), scope=scope)
    with store.unit_of_work() as uow:
        return check_ram(exchange, uow, rt)


# --- who is checked -----------------------------------------------------------------------------------------


def test_root_identity_is_never_subject_to_policies(store: MemoryStore) -> None:
    # No user row and no policy at all: a root key still passes.
    run(store, vpc_spec(), user="")


def test_user_without_policies_is_denied_with_vpc_code(store: MemoryStore) -> None:
    give(store, "alice")
    with pytest.raises(errors.VpcForbidden) as raised:
        run(store, vpc_spec())
    assert (raised.value.code, raised.value.status) == ("Forbbiden", 403)
    assert raised.value.text == "User not authorized to operate on the specified resource."


def test_key_of_a_user_that_no_longer_exists_is_denied(store: MemoryStore) -> None:
    with pytest.raises(errors.VpcForbidden):
        run(store, vpc_spec(), user="ghost")


def test_ram_mode_off_skips_the_check(store: MemoryStore) -> None:
    give(store, "alice", ("none", doc(deny())))
    run(store, vpc_spec(), ram_mode="off")


# --- actions and resources -------------------------------------------------------------------------------------


def test_allow_on_the_vpc_arn_allows(store: MemoryStore) -> None:
    give(store, "alice", ("p", doc(allow("vpc:DisableVpcClassicLink", VPC_ARN))))
    run(store, vpc_spec())


def test_allow_for_another_action_does_not_allow(store: MemoryStore) -> None:
    give(store, "alice", ("p", doc(allow("vpc:EnableVpcClassicLink", "*"))))
    with pytest.raises(errors.VpcForbidden):
        run(store, vpc_spec())


def test_deny_on_one_vpc_overrides_a_wildcard_allow(store: MemoryStore) -> None:
    give(store, "alice", ("ops", doc(allow("vpc:*"))), ("guard", doc(deny("vpc:DisableVpcClassicLink", VPC_ARN))))
    with pytest.raises(errors.VpcForbidden):
        run(store, vpc_spec())
    # Another VPC is not covered by the Deny.
    run(store, vpc_spec(), args={"VpcId": "vpc-bp1other0000000000000"})


def test_arns_name_the_callers_account_so_a_policy_for_another_account_grants_nothing(store: MemoryStore) -> None:
    give(store, "alice", ("p", doc(allow("vpc:*", f"acs:vpc:*:{OTHER}:vpc/*"))))
    with pytest.raises(errors.VpcForbidden):
        run(store, vpc_spec())


def test_policies_are_looked_up_in_the_users_own_account(store: MemoryStore) -> None:
    # The other account has a permissive policy of the same name; alice's account has none.
    with store.unit_of_work() as uow:
        uow.policies.add(Policy(user_key(OTHER, "p"), OTHER, GLOBAL, NOW, name="p", document=doc(allow())))
        uow.users.add(User(user_key(ACCOUNT, "alice"), ACCOUNT, GLOBAL, NOW, name="alice", policy_names=["p"]))
        uow.commit()
    with pytest.raises(errors.VpcForbidden):
        run(store, vpc_spec())


def test_attach_needs_both_the_instance_and_the_vpc(store: MemoryStore) -> None:
    give(store, "both", ("p", doc(allow("ecs:AttachClassicLinkVpc", [INSTANCE_ARN, VPC_ARN]))))
    give(store, "instance-only", ("q", doc(allow("ecs:AttachClassicLinkVpc", INSTANCE_ARN))))
    give(store, "vpc-denied", ("r", doc(allow("ecs:AttachClassicLinkVpc"), deny("ecs:*", VPC_ARN))))
    run(store, attach_spec(), user="both")
    for user in ("instance-only", "vpc-denied"):
        with pytest.raises(errors.EcsForbiddenSubUser) as raised:
            run(store, attach_spec(), user=user)
        assert (raised.value.code, raised.value.status) == ("Forbidden.SubUser", 403)


def test_action_names_match_case_insensitively(store: MemoryStore) -> None:
    give(store, "alice", ("p", doc(allow("VPC:disablevpcclassiclink"))))
    run(store, vpc_spec())


# --- condition keys ---------------------------------------------------------------------------------------------


def test_source_ip_condition(store: MemoryStore) -> None:
    give(store, "alice", ("p", doc(allow(Condition={"IpAddress": {"acs:SourceIp": ["127.0.0.0/8"]}}))))
    run(store, vpc_spec(), client_ip="127.0.0.1")
    with pytest.raises(errors.VpcForbidden):
        run(store, vpc_spec(), client_ip="192.0.2.7")


def test_not_ip_address_deny(store: MemoryStore) -> None:
    give(store, "alice", ("p", doc(allow(), deny(Condition={"NotIpAddress": {"acs:SourceIp": "10.0.0.0/8"}}))))
    run(store, vpc_spec(), client_ip="10.1.2.3")
    with pytest.raises(errors.VpcForbidden):
        run(store, vpc_spec(), client_ip="127.0.0.1")


def test_secure_transport_condition(store: MemoryStore) -> None:
    give(store, "alice", ("p", doc(allow(Condition={"Bool": {"acs:SecureTransport": "true"}}))))
    run(store, vpc_spec(), secure=True)
    with pytest.raises(errors.VpcForbidden):
        run(store, vpc_spec(), secure=False)


def test_current_time_condition(store: MemoryStore) -> None:
    until = "2027-01-15T09:00:00Z"
    give(store, "alice", ("p", doc(allow(Condition={"DateLessThan": {"acs:CurrentTime": until}}))))
    run(store, vpc_spec(), now=NOW)
    with pytest.raises(errors.VpcForbidden):
        run(store, vpc_spec(), now=NOW + 2 * 3600)


# --- robustness and logging ---------------------------------------------------------------------------------------


def test_attached_policy_that_was_deleted_grants_nothing(store: MemoryStore) -> None:
    with store.unit_of_work() as uow:
        uow.users.add(User(user_key(ACCOUNT, "alice"), ACCOUNT, GLOBAL, NOW, name="alice", policy_names=["gone"]))
        uow.commit()
    with pytest.raises(errors.VpcForbidden):
        run(store, vpc_spec())


def test_unreadable_stored_policy_denies_instead_of_failing(store: MemoryStore) -> None:
    give(store, "alice", ("ok", doc(allow())), ("broken", "{not json"))
    with pytest.raises(errors.VpcForbidden):
        run(store, vpc_spec())


def test_denial_is_logged_with_identity_action_resource_and_statement(
    store: MemoryStore, caplog: pytest.LogCaptureFixture
) -> None:
    give(store, "alice", ("ops", doc(allow("vpc:*"))), ("guard", doc(allow("ecs:*"), deny("vpc:Disable*", VPC_ARN))))
    with caplog.at_level(logging.WARNING, logger="classiclink"), pytest.raises(errors.VpcForbidden):
        run(store, vpc_spec())
    line = caplog.records[-1].getMessage()
    for part in (f"account={ACCOUNT}", "user=alice", "access_key=AKalice", "action=vpc:DisableVpcClassicLink",
                 f"resource={VPC_ARN}", "decision=ExplicitDeny", "policy=guard", "statement=1", "RequestId=RID-1"):  # fmt: skip
        assert part in line


def test_describe_instances_answers_an_empty_list_to_a_denied_user(store: MemoryStore) -> None:
    give(store, "alice")
    load_all()
    spec = REGISTRY[(ECS_VERSION, "DescribeInstances")]  # its when_denied, declared beside the action
    answer = run(store, spec, args={**spec.parse({"RegionId": REGION}), "PageNumber": 2, "PageSize": 5})
    assert answer is not None and answer.source == "denied"
    assert answer.body == {
        "TotalCount": 0,
        "PageNumber": 2,
        "PageSize": 5,
        "NextToken": "",
        "Instances": {"Instance": []},
    }
    answer = run(store, spec, args={**spec.parse({"RegionId": REGION}), "MaxResults": 20})
    assert answer is not None and answer.body == {"TotalCount": 0, "NextToken": "", "Instances": {"Instance": []}}


# --- calls that carry no RegionId ------------------------------------------------------------------------------


def stop_spec() -> ActionSpec:
    return spec_for(ECS_VERSION, "StopInstance", lambda r, s: [scope_arn("ecs", s, f"instance/{r.instance_id}")],
                    errors.EcsForbiddenSubUser)  # fmt: skip


def add_instance(store: MemoryStore, region: str) -> None:
    from classiclink.domain.model import Instance, Lifecycle

    with store.unit_of_work() as uow:
        uow.instances.add(Instance(INSTANCE, ACCOUNT, region, NOW, zone_id=f"{region}-b", name="", description="",
                                   host_name="", instance_type="t", image_id="img", network_type="classic",
                                   security_group_ids=[], lifecycle=Lifecycle("Running")))  # fmt: skip
        uow.commit()


def test_instance_arn_takes_the_instances_region_when_the_call_names_none(store: MemoryStore) -> None:
    # Tea sends no RegionId for StopInstance; a policy scoped to the instance's region must still match.
    add_instance(store, "cn-beijing")
    give(store, "alice", ("p", doc(allow("ecs:StopInstance", f"acs:ecs:cn-beijing:{ACCOUNT}:instance/*"))))
    run(store, stop_spec(), args={"RegionId": None})
    give(store, "bob", ("q", doc(allow("ecs:StopInstance", f"acs:ecs:cn-hangzhou:{ACCOUNT}:instance/*"))))
    with pytest.raises(errors.EcsForbiddenSubUser):
        run(store, stop_spec(), user="bob", args={"RegionId": None})
