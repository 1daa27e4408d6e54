"""Temporary credentials through the whole gateway chain, in process (memory store): AssumeRole, the
SecurityToken checks in their documented order, GetCallerIdentity, and RAM on role sessions."""

from __future__ import annotations

import base64
import json
import logging
import time
from typing import Any

import pytest

from classiclink.actions import load_all
from classiclink.actions.spec import STS_VERSION, VPC_VERSION
from classiclink.bootstrap import seed_default_account
from classiclink.domain import sts
from classiclink.domain.identity import GLOBAL, AccessKey, Policy, Role, User, role_key, user_key
from classiclink.gateway import signature as sig
from classiclink.gateway.chain import Gateway
from classiclink.gateway.context import Clock, Runtime
from classiclink.http import HttpRequest
from classiclink.settings import DEFAULT_ACCOUNT_ID, Settings
from classiclink.store.memory import MemoryStore

load_all()
ACCOUNT = DEFAULT_ACCOUNT_ID
USER_KEY, USER_SECRET = "LTAIunitci0000000000001", "unit-ci-secret"
ROLE_ARN = f"acs:ram::{ACCOUNT}:role/Deployer"


class FixedClock(Clock):
    def __init__(self) -> None:
        self.at = time.time()

    def now(self) -> float:
        return self.at


def _doc(*statements: dict[str, Any]) -> str:
    return json.dumps({"Version": "1", "Statement": list(statements)})


@pytest.fixture
def gateway() -> Gateway:
    store = MemoryStore()
    seed_default_account(store, 0.0)
    with store.unit_of_work() as uow:
        uow.policies.add(Policy(user_key(ACCOUNT, "assume"), ACCOUNT, GLOBAL, 0.0, name="assume",
                                document=_doc({"Effect": "Allow", "Action": "sts:AssumeRole", "Resource": "*"})))
        uow.policies.add(Policy(user_key(ACCOUNT, "describe"), ACCOUNT, GLOBAL, 0.0, name="describe",
                                document=_doc({"Effect": "Allow", "Action": "vpc:Describe*", "Resource": "*"})))
        uow.users.add(User(user_key(ACCOUNT, "ci"), ACCOUNT, GLOBAL, 0.0, name="ci", policy_names=["assume"]))
        uow.access_keys.add(AccessKey(USER_KEY, ACCOUNT, GLOBAL, 0.0, secret=USER_SECRET, user_name="ci"))
        trust = _doc({"Effect": "Allow", "Action": "sts:AssumeRole", "Principal": {"RAM": f"acs:ram::{ACCOUNT}:root"}})
        uow.roles.add(Role(role_key(ACCOUNT, "Deployer"), ACCOUNT, GLOBAL, 0.0, name="Deployer", role_id="30000000000000001",
                           trust_policy=trust, policy_names=["describe"], max_session_duration=3600))
        uow.commit()
    return Gateway(Runtime(settings=Settings(database="memory://"), store=store, clock=FixedClock()))


_nonce = iter(range(10**9))


def call(gateway: Gateway, action: str, version: str, key: str, secret: str, token: str | None = None,
         **params: str) -> tuple[int, dict[str, Any]]:  # fmt: skip
    fields = {"Action": action, "Version": version, "Format": "JSON", "AccessKeyId": key,
              "SignatureMethod": "HMAC-SHA1", "SignatureVersion": "1.0", "SignatureNonce": f"n{next(_nonce)}",
              "Timestamp": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(gateway.runtime.clock.now())),
              **params}  # fmt: skip
    if token is not None:
        fields["SecurityToken"] = token
    fields["Signature"] = sig.v1_signature(secret, sig.v1_string_to_sign("GET", list(fields.items())))
    response = gateway.handle(HttpRequest("GET", "/", list(fields.items()), [], b"", {"host": ["127.0.0.1"]}))
    return response.status, json.loads(response.body)


def assumed(gateway: Gateway, **params: str) -> dict[str, str]:
    status, body = call(gateway, "AssumeRole", STS_VERSION, USER_KEY, USER_SECRET, RoleArn=ROLE_ARN,
                        RoleSessionName="unit", **params)  # fmt: skip
    assert status == 200, body
    return body["Credentials"]  # type: ignore[no-any-return]


def as_role(gateway: Gateway, creds: dict[str, str], action: str = "DescribeVpcs", version: str = VPC_VERSION,
            token: str | None = "", **params: str) -> tuple[int, dict[str, Any]]:  # fmt: skip
    params.setdefault("RegionId", "cn-hangzhou") if version == VPC_VERSION else None
    return call(gateway, action, version, creds["AccessKeyId"], creds["AccessKeySecret"],
                creds["SecurityToken"] if token == "" else token, **params)  # fmt: skip


def test_issued_credentials_work_until_they_expire(gateway: Gateway) -> None:
    creds = assumed(gateway, DurationSeconds="900")
    assert as_role(gateway, creds)[0] == 200
    clock = gateway.runtime.clock
    assert isinstance(clock, FixedClock)
    clock.at += 899
    assert as_role(gateway, creds)[0] == 200
    clock.at += 1
    status, body = as_role(gateway, creds)
    assert (status, body["Code"]) == (400, "InvalidSecurityToken.Expired")


def test_token_checks_in_order(gateway: Gateway) -> None:
    creds, other = assumed(gateway), assumed(gateway)
    assert as_role(gateway, creds, token=None)[1]["Code"] == "MissingSecurityToken"
    assert as_role(gateway, creds, token="CAIS!!!")[1]["Code"] == "InvalidSecurityToken.Malformed"
    assert as_role(gateway, creds, token=other["SecurityToken"])[1]["Code"] == "InvalidSecurityToken.MismatchWithAccessKey"
    # A token naming this key but not the one issued (forged): mismatch as well.
    payload = json.dumps({"k": creds["AccessKeyId"], "n": "0" * 32}).encode()
    forged = sts.TOKEN_PREFIX + base64.urlsafe_b64encode(payload).decode().rstrip("=")
    assert sts.token_owner(forged) == creds["AccessKeyId"]
    assert as_role(gateway, creds, token=forged)[1]["Code"] == "InvalidSecurityToken.MismatchWithAccessKey"
    wrong_secret = call(gateway, "DescribeVpcs", VPC_VERSION, creds["AccessKeyId"], "nope", creds["SecurityToken"],
                        RegionId="cn-hangzhou")  # fmt: skip
    assert wrong_secret[1]["Code"] == "SignatureDoesNotMatch"


def test_a_long_term_key_with_a_token_is_refused(gateway: Gateway) -> None:
    creds = assumed(gateway)
    status, body = call(gateway, "DescribeVpcs", VPC_VERSION, "testid", "testsecret", creds["SecurityToken"],
                        RegionId="cn-hangzhou")  # fmt: skip
    assert (status, body["Code"]) == (400, "InvalidSecurityToken.MismatchWithAccessKey")
    status, body = call(gateway, "DescribeVpcs", VPC_VERSION, "testid", "testsecret", "x", RegionId="cn-hangzhou")
    assert (status, body["Code"]) == (400, "InvalidSecurityToken.Malformed")


def test_role_policies_and_session_policy_decide(gateway: Gateway, caplog: pytest.LogCaptureFixture) -> None:
    creds = assumed(gateway)
    assert as_role(gateway, creds)[0] == 200  # the role's "describe" policy
    with caplog.at_level(logging.WARNING, logger="classiclink"):
        status, body = as_role(gateway, creds, "CreateVpc", CidrBlock="172.16.0.0/12")
    assert (status, body["Code"]) == (403, "Forbbiden")
    assert "role=Deployer session=unit" in caplog.text and creds["AccessKeyId"] in caplog.text
    assert creds["AccessKeySecret"] not in caplog.text and creds["SecurityToken"] not in caplog.text

    narrow = _doc({"Effect": "Allow", "Action": "vpc:DescribeRegions", "Resource": "*"})
    limited = assumed(gateway, Policy=narrow)
    assert as_role(gateway, limited)[1]["Code"] == "Forbbiden"  # role allows, session policy does not
    assert as_role(gateway, limited, "DescribeRegions")[0] == 200


def test_a_deleted_role_grants_nothing(gateway: Gateway) -> None:
    creds = assumed(gateway)
    with gateway.runtime.store.unit_of_work() as uow:
        role = uow.roles.get(role_key(ACCOUNT, "deployer"), account_id=ACCOUNT)
        assert role is not None
        uow.roles.remove(role)
        uow.commit()
    assert as_role(gateway, creds)[1]["Code"] == "Forbbiden"


def test_role_sessions_may_assume_again_and_answer_who_they_are(gateway: Gateway) -> None:
    creds = assumed(gateway)
    status, body = as_role(gateway, creds, "GetCallerIdentity", STS_VERSION)
    assert status == 200
    assert body == {"IdentityType": "AssumedRoleUser", "AccountId": ACCOUNT, "RequestId": body["RequestId"],
                    "PrincipalId": "30000000000000001:unit", "Arn": f"acs:ram::{ACCOUNT}:assumed-role/Deployer/unit",
                    "RoleId": "30000000000000001"}  # fmt: skip
    # The role's policies do not allow sts:AssumeRole: role chaining is decided like any other call.
    status, body = as_role(gateway, creds, "AssumeRole", STS_VERSION, RoleArn=ROLE_ARN, RoleSessionName="again")
    assert (status, body["Code"]) == (403, "NoPermission")


def test_assume_role_refuses_root(gateway: Gateway) -> None:
    status, body = call(gateway, "AssumeRole", STS_VERSION, "testid", "testsecret", RoleArn=ROLE_ARN,
                        RoleSessionName="root")  # fmt: skip
    assert (status, body["Code"], body["Message"]) == (403, "NoPermission", "Roles may not be assumed by root accounts.")


def test_external_id_condition_of_the_trust_policy(gateway: Gateway) -> None:
    trust = _doc({"Effect": "Allow", "Action": "sts:AssumeRole", "Principal": {"RAM": f"acs:ram::{ACCOUNT}:root"},
                  "Condition": {"StringEquals": {"sts:ExternalId": "abcd1234"}}})  # fmt: skip
    with gateway.runtime.store.unit_of_work() as uow:
        role = uow.roles.get(role_key(ACCOUNT, "Deployer"), account_id=ACCOUNT)
        assert role is not None
        role.trust_policy = trust
        uow.roles.save(role)
        uow.commit()
    base = {"RoleArn": ROLE_ARN, "RoleSessionName": "ext"}
    assert call(gateway, "AssumeRole", STS_VERSION, USER_KEY, USER_SECRET, **base)[1]["Code"] == "NoPermission"
    wrong = call(gateway, "AssumeRole", STS_VERSION, USER_KEY, USER_SECRET, ExternalId="other-id", **base)
    assert wrong[1]["Code"] == "NoPermission"
    assert call(gateway, "AssumeRole", STS_VERSION, USER_KEY, USER_SECRET, ExternalId="abcd1234", **base)[0] == 200
    bad = call(gateway, "AssumeRole", STS_VERSION, USER_KEY, USER_SECRET, ExternalId="a", **base)
    assert bad[1]["Code"] == "InvalidParameter.ExternalId"


def test_expired_credentials_are_purged_a_day_after_the_longest_session(gateway: Gateway) -> None:
    creds = assumed(gateway)
    clock = gateway.runtime.clock
    assert isinstance(clock, FixedClock)
    clock.at += sts.MAX_MAX_SESSION_DURATION + sts.KEEP_EXPIRED + 1
    assumed(gateway)  # issuing purges
    assert as_role(gateway, creds)[1]["Code"] == "InvalidAccessKeyId.NotFound"
