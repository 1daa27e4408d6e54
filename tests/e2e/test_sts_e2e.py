"""STS 2015-04-01 and temporary credentials end to end, through the official SDKs and raw requests.

A CI pipeline's flow: a RAM user's long-term key assumes a RAM role with AssumeRole (alibabacloud-credentials'
``ram_role_arn``, its STS endpoint pointed at the emulator over plain http), and the temporary credentials
then drive a Tea client through a ClassicLink lifecycle. The role's policies, intersected with the inline
Policy given to AssumeRole, decide RAM for those calls.
"""

from __future__ import annotations

import json
import textwrap
import time
from collections.abc import Iterator
from typing import Any

import pytest
from alibabacloud_credentials.client import Client as CredentialClient
from alibabacloud_credentials.models import Config as CredentialConfig
from alibabacloud_tea_openapi.models import Config
from alibabacloud_vpc20160428 import models as vpc_models
from alibabacloud_vpc20160428.client import Client as TeaVpc
from Tea.exceptions import TeaException

from support.raw_rpc import Answer, Rpc, send_v1, v1_fields, v1_sign
from support.server import ServerProcess

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
    config = Config(credential=credential, region_id=REGION, endpoint=server.endpoint, protocol="http")
    if v2:
        config.signature_algorithm = "v2"
    return TeaVpc(config)


def classiclink_lifecycle(client: TeaVpc) -> None:
    """CreateVpc, EnableVpcClassicLink, DescribeVpcAttribute, DisableVpcClassicLink, DeleteVpc."""
    vpc_id = client.create_vpc(vpc_models.CreateVpcRequest(region_id=REGION, cidr_block="172.16.0.0/12")).body.vpc_id
    assert vpc_id.startswith("vpc-")
    deadline = time.monotonic() + 10
    while client.describe_vpc_attribute(
        vpc_models.DescribeVpcAttributeRequest(region_id=REGION, vpc_id=vpc_id)
    ).body.status != "Available":
        assert time.monotonic() < deadline
        time.sleep(0.05)
    client.enable_vpc_classic_link(vpc_models.EnableVpcClassicLinkRequest(region_id=REGION, vpc_id=vpc_id))
    attribute = client.describe_vpc_attribute(vpc_models.DescribeVpcAttributeRequest(region_id=REGION, vpc_id=vpc_id))
    assert attribute.body.classic_link_enabled is True
    client.disable_vpc_classic_link(vpc_models.DisableVpcClassicLinkRequest(region_id=REGION, vpc_id=vpc_id))
    attribute = client.describe_vpc_attribute(vpc_models.DescribeVpcAttributeRequest(region_id=REGION, vpc_id=vpc_id))
    assert attribute.body.classic_link_enabled is False
    client.delete_vpc(vpc_models.DeleteVpcRequest(region_id=REGION, vpc_id=vpc_id))


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
