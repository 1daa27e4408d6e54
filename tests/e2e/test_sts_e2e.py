"""STS 2015-04-01 and temporary credentials end to end, through the official SDKs and raw requests.

A CI pipeline's flow: a RAM user's long-term key assumes a RAM role with AssumeRole (alibabacloud-credentials'
``ram_role_arn``, its STS endpoint pointed at the emulator over plain http), and the temporary credentials
then drive a Tea client through a ClassicLink lifecycle. The role's policies, intersected with the inline
Policy given to AssumeRole, decide RAM for those calls.
"""

from __future__ import annotations

import contextlib
import json
import os
import subprocess
import sys
import textwrap
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from alibabacloud_credentials.client import Client as CredentialClient
from alibabacloud_credentials.models import Config as CredentialConfig
from alibabacloud_ecs20140526 import models as ecs_models
from alibabacloud_ecs20140526.client import Client as TeaEcs
from alibabacloud_sts20150401 import models as sts_models
from alibabacloud_sts20150401.client import Client as TeaSts
from alibabacloud_tea_openapi.models import Config
from alibabacloud_vpc20160428 import models as vpc_models
from alibabacloud_vpc20160428.client import Client as TeaVpc
from aliyunsdkcore.acs_exception.exceptions import ServerException
from aliyunsdkcore.auth.credentials import StsTokenCredential
from aliyunsdkcore.client import AcsClient
from aliyunsdksts.request.v20150401.AssumeRoleRequest import AssumeRoleRequest as LegacyAssumeRoleRequest
from aliyunsdksts.request.v20150401.GetCallerIdentityRequest import (
    GetCallerIdentityRequest as LegacyGetCallerIdentityRequest,
)
from aliyunsdkvpc.request.v20160428.CreateVpcRequest import CreateVpcRequest
from aliyunsdkvpc.request.v20160428.DescribeVpcAttributeRequest import DescribeVpcAttributeRequest
from Tea.exceptions import TeaException

from support.raw import VPC, Answer, Rpc, send_v1, v1_fields, v1_sign, v3_request, writable
from support.server import ServerProcess
from support.sts import classiclink_lifecycle, tea_vpc_with

pytestmark = pytest.mark.e2e

STS = "2015-04-01"
REGION = "cn-hangzhou"
ACCOUNT = "1500000000000015"
OTHER_ACCOUNT = "1500000000000016"
ADMIN_TOKEN = "sts-e2e-admin-token"
CI_KEY, CI_SECRET = "LTAIci000000000000000001", "ci-secret-0001"
NOASSUME_KEY, NOASSUME_SECRET = "LTAInoassume00000000001", "noassume-secret-0001"
ROOT_KEY, ROOT_SECRET = "LTAIstsroot000000000001", "sts-root-secret-0001"
OUTSIDER_KEY, OUTSIDER_SECRET = "LTAIoutsider00000000001", "outsider-secret-0001"
DEPLOYER = f"acs:ram::{ACCOUNT}:role/deployer"
READONLY = f"acs:ram::{ACCOUNT}:role/ReadOnly"
CLASSICLINK = ["vpc:CreateVpc", "vpc:DeleteVpc", "vpc:DescribeVpcAttribute", "vpc:DescribeVpcs",
               "vpc:EnableVpcClassicLink", "vpc:DisableVpcClassicLink"]  # fmt: skip

CONFIG = textwrap.dedent(
    f"""
    [server]
    admin_token = "{ADMIN_TOKEN}"

    [[accounts]]
    id = "{ACCOUNT}"
    name = "sts"
      [[accounts.access_keys]]
      id = "{ROOT_KEY}"
      secret = "{ROOT_SECRET}"

      [[accounts.policies]]
      name = "AssumeAnyRole"
      document = '{{"Version": "1", "Statement": [{{"Effect": "Allow", "Action": "sts:AssumeRole", "Resource": "*"}}]}}'

      [[accounts.policies]]
      name = "ClassicLinkLifecycle"
      document = '{json.dumps({"Version": "1", "Statement": [{"Effect": "Allow", "Action": CLASSICLINK, "Resource": "*"}]})}'

      [[accounts.policies]]
      name = "NoDisable"
      document = '{{"Version": "1", "Statement": [{{"Effect": "Deny", "Action": "vpc:DisableVpcClassicLink", "Resource": "*"}}]}}'

      [[accounts.users]]
      name = "ci"
      policies = ["AssumeAnyRole"]
        [[accounts.users.access_keys]]
        id = "{CI_KEY}"
        secret = "{CI_SECRET}"

      [[accounts.users]]
      name = "no-assume"
        [[accounts.users.access_keys]]
        id = "{NOASSUME_KEY}"
        secret = "{NOASSUME_SECRET}"

      [[accounts.roles]]
      name = "deployer"
      policies = ["ClassicLinkLifecycle"]
      max_session_duration = 7200
      [accounts.roles.trust_policy]
      Version = "1"
      [[accounts.roles.trust_policy.Statement]]
      Effect = "Allow"
      Action = "sts:AssumeRole"
      Principal = {{ RAM = ["acs:ram::{ACCOUNT}:root"] }}

      [[accounts.roles]]
      name = "ReadOnly"
      policies = ["ClassicLinkLifecycle", "NoDisable"]
      trust_policy = '''{{"Version": "1", "Statement": [{{"Effect": "Allow", "Action": "sts:AssumeRole",
                         "Principal": {{"RAM": ["acs:ram::{ACCOUNT}:user/ci"]}}}}]}}'''

      [[accounts.roles]]
      name = "service-only"
      trust_policy = '{{"Version": "1", "Statement": [{{"Effect": "Allow", "Action": "sts:AssumeRole", "Principal": {{"Service": ["ecs.aliyuncs.com"]}}}}]}}'

    [[accounts]]
    id = "{OTHER_ACCOUNT}"
      [[accounts.policies]]
      name = "AssumeAnyRole"
      document = '{{"Version": "1", "Statement": [{{"Effect": "Allow", "Action": "sts:AssumeRole", "Resource": "*"}}]}}'
      [[accounts.users]]
      name = "outsider"
      policies = ["AssumeAnyRole"]
        [[accounts.users.access_keys]]
        id = "{OUTSIDER_KEY}"
        secret = "{OUTSIDER_SECRET}"
    """
)


@pytest.fixture(scope="module")
def sts_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServerProcess]:
    path = tmp_path_factory.mktemp("sts") / "identity.toml"
    path.write_text(CONFIG)
    proc = ServerProcess("--transition-delay", "0", "--config", str(path)).start()
    yield proc
    proc.close()


def ram_role_credential(server: ServerProcess, role_arn: str = DEPLOYER, **extra: Any) -> CredentialClient:
    """alibabacloud-credentials' ram_role_arn: the STS endpoint given with its scheme, so plain http is used."""
    return CredentialClient(
        CredentialConfig(
            type="ram_role_arn",
            access_key_id=CI_KEY,
            access_key_secret=CI_SECRET,
            role_arn=role_arn,
            role_session_name="pipeline-42",
            sts_endpoint=f"http://{server.endpoint}",
            **extra,
        )
    )


def tea_vpc(server: ServerProcess, credential: CredentialClient, v2: bool = False) -> TeaVpc:
    return tea_vpc_with(server.endpoint, credential, v2)


def assume(server: ServerProcess, role_arn: str = DEPLOYER, key: str = CI_KEY, secret: str = CI_SECRET,
           **params: str) -> Answer:  # fmt: skip
    return Rpc(server.url, key, secret)("AssumeRole", STS, RoleArn=role_arn, RoleSessionName="pipeline-42", **params)


# --- AssumeRole through alibabacloud-credentials, then a Tea client -------------------------------------


@pytest.mark.parametrize("v2", [False, True], ids=["V3", "V1"])
def test_ram_role_arn_drives_a_classiclink_lifecycle(sts_server: ServerProcess, v2: bool) -> None:
    credential = ram_role_credential(sts_server)
    temporary = credential.get_credential()
    assert temporary.access_key_id.startswith("STS.")
    assert temporary.security_token
    assert temporary.type == "ram_role_arn"
    classiclink_lifecycle(tea_vpc(sts_server, credential, v2=v2))


def test_the_role_policy_denies_with_the_product_error(sts_server: ServerProcess) -> None:
    client = tea_vpc(sts_server, ram_role_credential(sts_server, READONLY))
    vpc_id = client.create_vpc(vpc_models.CreateVpcRequest(region_id=REGION, cidr_block="172.16.0.0/12")).body.vpc_id
    with pytest.raises(TeaException) as denied:
        client.disable_vpc_classic_link(vpc_models.DisableVpcClassicLinkRequest(region_id=REGION, vpc_id=vpc_id))
    assert (denied.value.status_code, denied.value.code) == (403, "Forbbiden")
    assert "User not authorized to operate on the specified resource." in denied.value.message
    log = sts_server.log()
    assert "RAM denied:" in log and "role=ReadOnly session=pipeline-42" in log
    assert "action=vpc:DisableVpcClassicLink" in log


def test_an_ecs_action_the_role_lacks_gets_ecs_denial(sts_server: ServerProcess) -> None:
    config = Config(credential=ram_role_credential(sts_server, READONLY), region_id=REGION,
                    endpoint=sts_server.endpoint, protocol="http")  # fmt: skip
    with pytest.raises(TeaException) as denied:
        TeaEcs(config).create_security_group(ecs_models.CreateSecurityGroupRequest(region_id=REGION))
    assert (denied.value.status_code, denied.value.code) == (403, "Forbidden.SubUser")


def test_the_inline_policy_narrows_the_role(sts_server: ServerProcess) -> None:
    # Compact JSON: alibabacloud-credentials signs with quote_plus, so a space would be signed as "+" and
    # the real service (and the emulator) would answer SignatureDoesNotMatch.
    only_describe = json.dumps({"Version": "1", "Statement": [
        {"Effect": "Allow", "Action": "vpc:Describe*", "Resource": "*"}]}, separators=(",", ":"))  # fmt: skip
    client = tea_vpc(sts_server, ram_role_credential(sts_server, policy=only_describe))
    client.describe_vpcs(vpc_models.DescribeVpcsRequest(region_id=REGION))  # in both: allowed
    with pytest.raises(TeaException) as denied:  # the role allows it, the session policy does not
        client.create_vpc(vpc_models.CreateVpcRequest(region_id=REGION, cidr_block="172.16.0.0/12"))
    assert (denied.value.status_code, denied.value.code) == (403, "Forbbiden")


# --- AssumeRole answers --------------------------------------------------------------------------------


def test_assume_role_answer(sts_server: ServerProcess) -> None:
    before = time.time()
    answer = assume(sts_server, DurationSeconds="1800")
    assert answer.status == 200
    body = answer.body
    assert list(body) == ["RequestId", "AssumedRoleUser", "Credentials"]
    assert list(body["Credentials"]) == ["SecurityToken", "Expiration", "AccessKeySecret", "AccessKeyId"]
    assert list(body["AssumedRoleUser"]) == ["AssumedRoleId", "Arn"]
    assert body["AssumedRoleUser"]["Arn"] == f"acs:ram::{ACCOUNT}:role/deployer/pipeline-42"
    role_id, session = body["AssumedRoleUser"]["AssumedRoleId"].split(":")
    assert role_id.isdigit() and session == "pipeline-42"
    expires = time.mktime(time.strptime(body["Credentials"]["Expiration"], "%Y-%m-%dT%H:%M:%SZ")) - time.timezone
    assert before + 1800 - 5 <= expires <= time.time() + 1800 + 1
    assert body["Credentials"]["AccessKeyId"].startswith("STS.")


def test_get_caller_identity_for_root_user_and_role(sts_server: ServerProcess) -> None:
    root = Rpc(sts_server.url, ROOT_KEY, ROOT_SECRET).ok("GetCallerIdentity", STS)
    assert list(root) == ["IdentityType", "AccountId", "RequestId", "PrincipalId", "UserId", "Arn"]
    assert (root["IdentityType"], root["AccountId"], root["UserId"], root["PrincipalId"], root["Arn"]) == (
        "Account", ACCOUNT, ACCOUNT, ACCOUNT, f"acs:ram::{ACCOUNT}:root")
    user = Rpc(sts_server.url, CI_KEY, CI_SECRET).ok("GetCallerIdentity", STS)
    assert (user["IdentityType"], user["AccountId"], user["Arn"]) == ("RAMUser", ACCOUNT, f"acs:ram::{ACCOUNT}:user/ci")
    assert user["UserId"].isdigit() and user["UserId"] == user["PrincipalId"] and "RoleId" not in user
    assert Rpc(sts_server.url, CI_KEY, CI_SECRET).ok("GetCallerIdentity", STS)["UserId"] == user["UserId"]

    credentials = assume(sts_server).body["Credentials"]
    role = send_v1(sts_server.url, v1_sign(
        v1_fields("GetCallerIdentity", STS, credentials["AccessKeyId"], SecurityToken=credentials["SecurityToken"]),
        credentials["AccessKeySecret"])).body  # fmt: skip
    assert role["IdentityType"] == "AssumedRoleUser" and role["AccountId"] == ACCOUNT
    assert role["Arn"] == f"acs:ram::{ACCOUNT}:assumed-role/deployer/pipeline-42"
    assert role["PrincipalId"] == f"{role['RoleId']}:pipeline-42" and "UserId" not in role


@pytest.mark.parametrize(
    ("key", "secret", "role_arn", "params", "expected"),
    [
        (ROOT_KEY, ROOT_SECRET, DEPLOYER, {}, (403, "NoPermission", "Roles may not be assumed by root accounts.")),
        (NOASSUME_KEY, NOASSUME_SECRET, DEPLOYER, {},
         (403, "NoPermission", "You are not authorized to do this action. You should be authorized by RAM.")),
        (CI_KEY, CI_SECRET, f"acs:ram::{ACCOUNT}:role/service-only", {},
         (403, "NoPermission", "You are not authorized to do this action. You should be authorized by RAM.")),
        (OUTSIDER_KEY, OUTSIDER_SECRET, DEPLOYER, {},
         (403, "NoPermission", "You are not authorized to do this action. You should be authorized by RAM.")),
        (CI_KEY, CI_SECRET, f"acs:ram::{ACCOUNT}:role/missing", {},
         (404, "EntityNotExist.Role", "The specified Role not exists.")),
        (CI_KEY, CI_SECRET, f"acs:ram::{ACCOUNT}:user/ci", {},
         (400, "InvalidParameter.RoleArn", "The parameter RoleArn is wrongly formed.")),
        (CI_KEY, CI_SECRET, DEPLOYER, {"RoleSessionName": "a"},
         (400, "InvalidParameter.RoleSessionName", "The parameter RoleSessionName is wrongly formed.")),
        (CI_KEY, CI_SECRET, DEPLOYER, {"RoleSessionName": "has space"},
         (400, "InvalidParameter.RoleSessionName", "The parameter RoleSessionName is wrongly formed.")),
        (CI_KEY, CI_SECRET, DEPLOYER, {"DurationSeconds": "899"},
         (400, "InvalidParameter.DurationSeconds", "The Min/Max value of DurationSeconds is 15min/1hr.")),
        (CI_KEY, CI_SECRET, DEPLOYER, {"DurationSeconds": "7201"},
         (400, "InvalidParameter.DurationSeconds", "The Min/Max value of DurationSeconds is 15min/1hr.")),
        (CI_KEY, CI_SECRET, READONLY, {"DurationSeconds": "3601"},
         (400, "InvalidParameter.DurationSeconds", "The Min/Max value of DurationSeconds is 15min/1hr.")),
        (CI_KEY, CI_SECRET, DEPLOYER, {"DurationSeconds": "soon"},
         (400, "InvalidParameter.DurationSeconds", "The Min/Max value of DurationSeconds is 15min/1hr.")),
        (CI_KEY, CI_SECRET, DEPLOYER, {"Policy": '{"Version": "1", "Statement": [}'},
         (400, "InvalidParameter.PolicyGrammar", "The parameter Policy has not passed grammar check.")),
        (CI_KEY, CI_SECRET, DEPLOYER, {"Policy": json.dumps({"Version": "1", "Statement": [
            {"Effect": "Allow", "Action": "vpc:Describe*", "Resource": "*", "Sid": "x" * 2048}]})},
         (400, "InvalidParameter.PolicySize", "The size of Policy must be smaller than 2048 bytes.")),
    ],
    ids=["root", "no-sts-policy", "service-trust", "other-account", "unknown-role", "user-arn", "short-session",
         "bad-session", "duration-low", "duration-over-role-max", "duration-over-default-max", "duration-text",
         "policy-grammar", "policy-size"],
)  # fmt: skip
def test_assume_role_refusals(sts_server: ServerProcess, key: str, secret: str, role_arn: str,
                              params: dict[str, str], expected: tuple[int, str, str]) -> None:  # fmt: skip
    session = params.pop("RoleSessionName", "pipeline-42")
    answer = Rpc(sts_server.url, key, secret)("AssumeRole", STS, RoleArn=role_arn, RoleSessionName=session, **params)
    assert answer.error == expected
    assert answer.body["Recommend"].endswith(f"&product=Sts&requestId={answer.body['RequestId']}")


def test_role_arn_matches_case_insensitively(sts_server: ServerProcess) -> None:
    answer = assume(sts_server, f"acs:ram::{ACCOUNT}:role/DEPLOYER")
    assert answer.status == 200
    assert answer.body["AssumedRoleUser"]["Arn"] == f"acs:ram::{ACCOUNT}:role/deployer/pipeline-42"


def test_ci_user_allowed_by_the_trust_policy_naming_it(sts_server: ServerProcess) -> None:
    assert assume(sts_server, READONLY).status == 200


# --- temporary credentials at the gateway: each token error, V1 and V3 -----------------------------------


def _temporary(server: ServerProcess, role_arn: str = DEPLOYER, **params: str) -> dict[str, str]:
    answer = assume(server, role_arn, **params)
    assert answer.status == 200, answer.body
    return answer.body["Credentials"]  # type: ignore[no-any-return]


def _v1(server: ServerProcess, key: str, secret: str, token: str | None) -> Answer:
    extra = {} if token is None else {"SecurityToken": token}
    return send_v1(server.url, v1_sign(v1_fields("DescribeVpcs", VPC, key, RegionId=REGION, **extra), secret))


def _v3(server: ServerProcess, key: str, secret: str, token: str | None) -> Answer:
    request = v3_request(server.url, "DescribeVpcs", VPC, key=key, secret=secret,
                         extra_headers={} if token is None else {"x-acs-security-token": token})  # fmt: skip
    return request.send()


MISSING = (400, "MissingSecurityToken", "SecurityToken is mandatory for this action.")
MALFORMED = (400, "InvalidSecurityToken.Malformed", "Specified SecurityToken is malformed.")
MISMATCH = (400, "InvalidSecurityToken.MismatchWithAccessKey", "Specified SecurityToken mismatch with the AccessKey.")
EXPIRED = (400, "InvalidSecurityToken.Expired", "Specified SecurityToken is expired.")


@pytest.mark.parametrize("send", [_v1, _v3], ids=["V1", "V3"])
def test_each_token_error(sts_server: ServerProcess, send: Callable[..., Answer]) -> None:
    mine, other = _temporary(sts_server), _temporary(sts_server)
    key, secret, token = mine["AccessKeyId"], mine["AccessKeySecret"], mine["SecurityToken"]
    assert send(sts_server, key, secret, token).status == 200
    assert send(sts_server, key, secret, None).error == MISSING
    assert send(sts_server, key, secret, "not-a-token").error == MALFORMED
    assert send(sts_server, key, secret, token[:-3]).error == MALFORMED
    assert send(sts_server, key, secret, other["SecurityToken"]).error == MISMATCH  # another session's token
    # The right token with a wrong secret: the signature check comes after the token check.
    wrong = send(sts_server, key, "not-the-secret", token)
    assert (wrong.status, wrong.code) == (400, "SignatureDoesNotMatch")
    # A long-term key with a token: refused, not ignored.
    assert send(sts_server, CI_KEY, CI_SECRET, token).error == MISMATCH
    assert send(sts_server, CI_KEY, CI_SECRET, "garbage").error == MALFORMED
    # An STS-looking key that was never issued.
    unknown = send(sts_server, "STS.NeverIssued00000000000", secret, token)
    assert unknown.error == (404, "InvalidAccessKeyId.NotFound", "Specified access key is not found.")


def _expire(database: str, access_key_id: str) -> None:
    """Move a credential's expiry into the past in the shared database (the clock cannot be moved)."""
    with contextlib.closing(writable(database)) as conn:
        conn.execute("UPDATE sts_credentials SET expires_at = ? WHERE id = ?", (time.time() - 1, access_key_id))
        # A change made behind the server's back raises the identity version, as every write through the
        # server does, so that workers drop the credential they cached (docs/architecture.md).
        conn.execute("UPDATE identity_version SET version = version + 1 WHERE id = 1")
        conn.commit()


@pytest.mark.parametrize("send", [_v1, _v3], ids=["V1", "V3"])
def test_an_expired_token(sts_server: ServerProcess, send: Callable[..., Answer]) -> None:
    credentials = _temporary(sts_server)
    key, secret, token = credentials["AccessKeyId"], credentials["AccessKeySecret"], credentials["SecurityToken"]
    assert send(sts_server, key, secret, token).status == 200
    _expire(sts_server.database, key)
    assert send(sts_server, key, secret, token).error == EXPIRED


def test_legacy_sdk_sts_token_credential(sts_server: ServerProcess) -> None:
    credentials = _temporary(sts_server)
    client = AcsClient(region_id=REGION, auto_retry=False, credential=StsTokenCredential(
        credentials["AccessKeyId"], credentials["AccessKeySecret"], credentials["SecurityToken"]))  # fmt: skip

    def call(request: Any) -> dict[str, Any]:
        request.set_endpoint(sts_server.endpoint)
        request.set_protocol_type("http")
        return json.loads(client.do_action_with_exception(request))  # type: ignore[no-any-return]

    create = CreateVpcRequest()
    create.set_CidrBlock("172.16.0.0/12")
    vpc_id = call(create)["VpcId"]
    describe = DescribeVpcAttributeRequest()
    describe.set_VpcId(vpc_id)
    assert call(describe)["VpcId"] == vpc_id

    bad = AcsClient(region_id=REGION, auto_retry=False, credential=StsTokenCredential(
        credentials["AccessKeyId"], credentials["AccessKeySecret"], "CAISnot-really"))  # fmt: skip
    describe = DescribeVpcAttributeRequest()
    describe.set_VpcId(vpc_id)
    describe.set_endpoint(sts_server.endpoint)
    describe.set_protocol_type("http")
    with pytest.raises(ServerException) as refused:
        bad.do_action_with_exception(describe)
    assert (refused.value.get_http_status(), refused.value.get_error_code()) == (400, "InvalidSecurityToken.Malformed")


# --- alibabacloud-credentials: access_key, sts, and the environment-variable chain ----------------------


def test_credentials_access_key_type(sts_server: ServerProcess) -> None:
    credential = CredentialClient(CredentialConfig(type="access_key", access_key_id=ROOT_KEY,
                                                   access_key_secret=ROOT_SECRET))  # fmt: skip
    classiclink_lifecycle(tea_vpc(sts_server, credential))


def test_credentials_sts_type(sts_server: ServerProcess) -> None:
    c = _temporary(sts_server)
    credential = CredentialClient(CredentialConfig(type="sts", access_key_id=c["AccessKeyId"],
                                                   access_key_secret=c["AccessKeySecret"],
                                                   security_token=c["SecurityToken"]))  # fmt: skip
    classiclink_lifecycle(tea_vpc(sts_server, credential))


ENV_SCRIPT = """
import sys
from alibabacloud_credentials.client import Client
from support.sts import classiclink_lifecycle, tea_vpc_with
credential = Client()  # the default chain: environment variables first
print(credential.get_credential().provider_name)
classiclink_lifecycle(tea_vpc_with(sys.argv[1], credential, v2=sys.argv[2] == "v2"))
print("lifecycle ok")
"""


def _run_with_environment(server: ServerProcess, variables: dict[str, str], v2: bool = False) -> str:
    # The library reads ALIBABA_CLOUD_* when it is imported: a child process gets a clean environment.
    env = {k: v for k, v in os.environ.items() if not k.startswith("ALIBABA_CLOUD_")}
    env.update(variables, ALIBABA_CLOUD_ECS_METADATA_DISABLED="true", ALIBABA_CLOUD_CLI_PROFILE_DISABLED="true",
               PYTHONPATH=str(Path(__file__).resolve().parents[1]))  # fmt: skip
    done = subprocess.run([sys.executable, "-c", ENV_SCRIPT, server.endpoint, "v2" if v2 else "v3"], env=env,
                          capture_output=True, text=True, timeout=60)  # fmt: skip
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_environment_chain_with_a_long_term_key(sts_server: ServerProcess) -> None:
    out = _run_with_environment(sts_server, {"ALIBABA_CLOUD_ACCESS_KEY_ID": ROOT_KEY,
                                             "ALIBABA_CLOUD_ACCESS_KEY_SECRET": ROOT_SECRET})  # fmt: skip
    assert out.split() == ["default/env", "lifecycle", "ok"]


@pytest.mark.parametrize("v2", [False, True], ids=["V3", "V1"])
def test_environment_chain_with_temporary_credentials(sts_server: ServerProcess, v2: bool) -> None:
    c = _temporary(sts_server)
    out = _run_with_environment(sts_server, {"ALIBABA_CLOUD_ACCESS_KEY_ID": c["AccessKeyId"],
                                             "ALIBABA_CLOUD_ACCESS_KEY_SECRET": c["AccessKeySecret"],
                                             "ALIBABA_CLOUD_SECURITY_TOKEN": c["SecurityToken"]}, v2=v2)  # fmt: skip
    assert out.split() == ["default/env", "lifecycle", "ok"]


# --- shared by every worker, and kept across a restart ---------------------------------------------------


def test_temporary_credentials_survive_a_restart_and_serve_every_worker(
    make_server: Callable[..., ServerProcess], tmp_path: Path, database: str
) -> None:
    config = tmp_path / "identity.toml"
    config.write_text(CONFIG)
    first = make_server("--transition-delay", "0", "--config", str(config), "--workers", "2", database=database)
    c = _temporary(first)
    for _ in range(12):  # spread over both workers
        assert _v1(first, c["AccessKeyId"], c["AccessKeySecret"], c["SecurityToken"]).status == 200
    first.stop()
    second = make_server("--transition-delay", "0", "--config", str(config), database=database)
    assert _v3(second, c["AccessKeyId"], c["AccessKeySecret"], c["SecurityToken"]).status == 200
    role = Rpc(second.url, CI_KEY, CI_SECRET)
    assert role("GetCallerIdentity", STS).status == 200


# --- the STS SDKs themselves: Tea (V3) and legacy (V1) ----------------------------------------------------


@pytest.mark.parametrize("v2", [False, True], ids=["V3", "V1"])
def test_tea_sts_client(sts_server: ServerProcess, v2: bool) -> None:
    def config(**keys: str) -> Config:
        made = Config(region_id=REGION, endpoint=sts_server.endpoint, protocol="http", **keys)
        if v2:
            made.signature_algorithm = "v2"
        return made

    answer = TeaSts(config(access_key_id=CI_KEY, access_key_secret=CI_SECRET)).assume_role(
        sts_models.AssumeRoleRequest(role_arn=DEPLOYER, role_session_name="tea-sdk", duration_seconds=900))
    creds, user = answer.body.credentials, answer.body.assumed_role_user
    assert user.arn == f"acs:ram::{ACCOUNT}:role/deployer/tea-sdk" and user.assumed_role_id.endswith(":tea-sdk")
    assert creds.access_key_id.startswith("STS.") and creds.expiration.endswith("Z")
    me = TeaSts(config(access_key_id=creds.access_key_id, access_key_secret=creds.access_key_secret,
                       security_token=creds.security_token)).get_caller_identity().body  # fmt: skip
    assert (me.identity_type, me.arn, me.role_id) == (
        "AssumedRoleUser", f"acs:ram::{ACCOUNT}:assumed-role/deployer/tea-sdk", user.assumed_role_id.split(":")[0])
    with pytest.raises(TeaException) as refused:
        TeaSts(config(access_key_id=ROOT_KEY, access_key_secret=ROOT_SECRET)).assume_role(
            sts_models.AssumeRoleRequest(role_arn=DEPLOYER, role_session_name="root"))
    assert (refused.value.status_code, refused.value.code) == (403, "NoPermission")


def test_legacy_sts_sdk(sts_server: ServerProcess) -> None:
    request = LegacyAssumeRoleRequest()
    request.set_RoleArn(DEPLOYER)
    request.set_RoleSessionName("legacy-sdk")
    request.set_endpoint(sts_server.endpoint)
    request.set_protocol_type("http")
    body = json.loads(AcsClient(CI_KEY, CI_SECRET, REGION, auto_retry=False).do_action_with_exception(request))
    creds = body["Credentials"]
    who = LegacyGetCallerIdentityRequest()
    who.set_endpoint(sts_server.endpoint)
    who.set_protocol_type("http")
    client = AcsClient(region_id=REGION, auto_retry=False, credential=StsTokenCredential(
        creds["AccessKeyId"], creds["AccessKeySecret"], creds["SecurityToken"]))  # fmt: skip
    assert json.loads(client.do_action_with_exception(who))["Arn"] == \
        f"acs:ram::{ACCOUNT}:assumed-role/deployer/legacy-sdk"
