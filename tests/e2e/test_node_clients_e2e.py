"""The Node.js Alibaba Cloud clients, unchanged, against a real server: each runs the whole ClassicLink lifecycle
(api-spec §2.5, §3, §4; sdk-wire §1-5) from a script in tests/clients/node, and a call signed with a wrong
secret is refused with SignatureDoesNotMatch in the signature version that client uses.

pop-core RPCClient (GET, POST); the Tea clients (V3, and V1 with signatureAlgorithm "v2"); aliyun-sdk's ECS
client (its VPC half through pop-core: aliyun-sdk has no VPC client); @alicloud/credentials feeding the Tea clients,
with an access key and with ram_role_arn (STS AssumeRole). The examples of docs/clients/node.md run as well.
A client's tests skip only where node is absent, and fail for that when CI=true (support/node.py).
"""

from __future__ import annotations

import json
import re
import textwrap
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from support.node import run_script, run_source
from support.sdk import Api, classic_link_enabled, links_of, make_classic_group, make_instance, make_vpc
from support.server import ServerProcess
from support.tls import self_signed_localhost

pytestmark = pytest.mark.e2e

REQUEST_ID = re.compile(r"[0-9A-F]{8}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{12}")
MISMATCH = "Specified signature is not matched with our calculation. server string to sign is:"
V3_STRING_TO_SIGN = re.compile(r"ACS3-HMAC-SHA256\n[0-9a-f]{64}")
# Everything the lifecycle must have called successfully, by product.
LIFECYCLE = {
    ("ecs", "DescribeZones"), ("vpc", "CreateVpc"), ("vpc", "DescribeVpcs"), ("vpc", "EnableVpcClassicLink"),
    ("vpc", "DescribeVpcAttribute"), ("ecs", "CreateSecurityGroup"), ("ecs", "CreateInstance"),
    ("ecs", "DescribeInstances"), ("ecs", "StartInstance"), ("ecs", "AttachClassicLinkVpc"),
    ("ecs", "DescribeClassicLinkInstances"), ("ecs", "DetachClassicLinkVpc"), ("vpc", "DisableVpcClassicLink"),
    ("ecs", "DeleteInstance"), ("ecs", "DeleteSecurityGroup"), ("vpc", "DeleteVpc"),
}  # fmt: skip

# (script, arguments, how the server's string-to-sign must look for a wrong-secret call: the signature version used)
CLIENTS = {
    "pop-core-GET": ("popcore.js", ("--method", "GET"), "GET&%2F&"),
    "pop-core-POST": ("popcore.js", ("--method", "POST"), "POST&%2F&"),
    "tea-v3": ("tea.js", ("--signature", "v3"), "ACS3"),
    "tea-v2": ("tea.js", ("--signature", "v2"), "POST&%2F&"),
    "aliyun-sdk": ("aliyun_sdk.js", (), "POST&%2F&"),
    "credentials-access-key": ("credentials.js", ("--type", "access_key"), "ACS3"),
}


def assert_lifecycle(code: int, report: dict[str, Any]) -> dict[str, Any]:
    lifecycle = report["lifecycle"]
    assert lifecycle["completed"], f"{lifecycle.get('failure')}\ncalls: {lifecycle['calls']}"
    assert code == 0
    facts = lifecycle["facts"]
    vpc_id, instance_id = facts["vpcId"], facts["instanceId"]
    assert vpc_id.startswith("vpc-") and instance_id.startswith("i-") and facts["securityGroupId"].startswith("sg-")
    assert facts["zoneId"].startswith("cn-hangzhou-") and facts["instanceZoneId"] == facts["zoneId"]
    assert facts["enabledAfterEnable"] is True
    assert facts["networkType"] == "classic"  # no VSwitchId: a classic-network instance
    assert facts["running"] is True
    assert facts["linksAfterAttach"] == [{"InstanceId": instance_id, "VpcId": vpc_id}]
    # Disabling while an instance is linked: the seed's documented refusal, and nothing changes.
    refusal = facts["disableWhileLinked"]
    assert "unexpectedSuccess" not in refusal, refusal
    assert (refusal["code"], refusal["status"], refusal["message"]) == (
        "DependencyViolation.Instance", 404, "ClassicLink Instances exist in VPC."
    )  # fmt: skip
    assert facts["enabledAfterRefusal"] is True
    assert facts["linksAfterDetach"] == []
    assert facts["enabledAfterDisable"] is False
    assert (facts["instancesAfterDelete"], facts["vpcsAfterDelete"]) == (0, 0)

    succeeded = [call for call in lifecycle["calls"] if call["ok"]]
    assert {(call["product"], call["action"]) for call in succeeded} >= LIFECYCLE
    assert all(not call["ok"] and call.get("expected") for call in lifecycle["calls"] if not call["ok"])
    request_ids = [call["requestId"] for call in succeeded]
    assert all(REQUEST_ID.fullmatch(rid or "") for rid in request_ids), request_ids
    assert len(set(request_ids)) == len(request_ids)
    return facts


def assert_signature_mismatch(error: dict[str, Any], string_to_sign_start: str) -> str:
    assert "unexpectedSuccess" not in error, error
    assert (error["code"], error["status"]) == ("SignatureDoesNotMatch", 400)
    message = str(error["message"])
    assert message.startswith(MISMATCH), message
    string_to_sign = message[len(MISMATCH):]
    if string_to_sign_start == "ACS3":
        assert V3_STRING_TO_SIGN.fullmatch(string_to_sign), string_to_sign
    else:
        assert string_to_sign.startswith(string_to_sign_start), string_to_sign
        assert "AccessKeyId%3Dtestid" in string_to_sign
    return string_to_sign


@pytest.mark.parametrize("client", list(CLIENTS))
def test_node_client_lifecycle_and_wrong_secret(server: ServerProcess, client: str) -> None:
    script, args, string_to_sign_start = CLIENTS[client]
    code, report = run_script(script, server, *args)
    assert_lifecycle(code, report)
    assert report["wrongSecret"]
    signed = {product: assert_signature_mismatch(error, string_to_sign_start)
              for product, error in report["wrongSecret"].items()}  # fmt: skip
    if client == "tea-v2":
        assert "%26Format%3Djson%26" in signed["vpc"]  # the Tea V1 path sends Format in lower case
    if client == "aliyun-sdk":
        # aliyun-sdk stamps every request with toISOString(): milliseconds, accepted like the real service.
        assert re.search(r"%26Timestamp%3D\d{4}-\d\d-\d\dT\d\d%253A\d\d%253A\d\d\.\d{3}Z%26", signed["ecs"]), signed
    if client == "credentials-access-key":
        assert report["credential"] == {"type": "access_key", "accessKeyId": "testid", "hasSecurityToken": False}


# A pipeline's RAM user may assume a role that may run the lifecycle (config format: src/classiclink/config.py).
ACCOUNT = "1500000000000031"
PIPELINE_KEY, PIPELINE_SECRET = "LTAInodepipeline0000001", "node-pipeline-secret-0001"
ROLE_ARN = f"acs:ram::{ACCOUNT}:role/classiclink-node"
ROLE_CONFIG = textwrap.dedent(
    f"""
    [[accounts]]
    id = "{ACCOUNT}"
    name = "node"
      [[accounts.policies]]
      name = "AssumeAnyRole"
      document = '{{"Version": "1", "Statement": [{{"Effect": "Allow", "Action": "sts:AssumeRole", "Resource": "*"}}]}}'
      [[accounts.policies]]
      name = "ClassicLinkAll"
      document = '{json.dumps({"Version": "1", "Statement": [{"Effect": "Allow", "Action": ["vpc:*", "ecs:*"], "Resource": "*"}]})}'
      [[accounts.users]]
      name = "pipeline"
      policies = ["AssumeAnyRole"]
        [[accounts.users.access_keys]]
        id = "{PIPELINE_KEY}"
        secret = "{PIPELINE_SECRET}"
      [[accounts.roles]]
      name = "classiclink-node"
      policies = ["ClassicLinkAll"]
      trust_policy = '{{"Version": "1", "Statement": [{{"Effect": "Allow", "Action": "sts:AssumeRole", "Principal": {{"RAM": ["acs:ram::{ACCOUNT}:user/pipeline"]}}}}]}}'
    """
)


def test_node_credentials_ram_role_arn(make_server: Callable[..., ServerProcess], tmp_path: Path) -> None:
    """ram_role_arn: the pipeline user's key assumes the role with STS AssumeRole; the Tea clients then run the
    lifecycle with the temporary key and SecurityToken. @alicloud/credentials 2.4.7 always calls STS over HTTPS,
    so the script puts a TLS front (a certificate made here, trusted through NODE_EXTRA_CA_CERTS) before the server."""
    config = tmp_path / "identity.toml"
    config.write_text(ROLE_CONFIG)
    server = make_server("--transition-delay", "0", "--config", str(config))
    cert, key = self_signed_localhost(tmp_path)
    tls = ("--sts-tls-cert", str(cert), "--sts-tls-key", str(key))
    env = {"NODE_EXTRA_CA_CERTS": str(cert)}

    code, report = run_script("credentials.js", server, "--type", "ram_role_arn", "--role-arn", ROLE_ARN, *tls,
                              key=PIPELINE_KEY, secret=PIPELINE_SECRET, env=env)  # fmt: skip
    credential = report["credential"]
    assert "error" not in credential, credential
    assert credential["type"] == "ram_role_arn"
    assert credential["accessKeyId"].startswith("STS.") and credential["hasSecurityToken"] is True
    assert_lifecycle(code, report)
    # A wrong secret: AssumeRole answers SignatureDoesNotMatch with the string-to-sign the library computed
    # itself, which it recognises and turns into its own error (it has no code).
    wrong = report["wrongSecret"]["vpc"]
    assert (wrong["code"], wrong["message"]) == (None, "the access key secret is invalid"), wrong


DOC = Path(__file__).resolve().parents[2] / "docs" / "clients" / "node.md"
DOC_EXAMPLES = re.findall(r"```js\n(.*?)```", DOC.read_text(), re.S)
DOC_IDS = ["pop-core", "tea", "credentials-access-key", "credentials-ram-role-arn", "aliyun-sdk"]


def test_node_doc_has_an_example_per_client() -> None:
    assert len(DOC_EXAMPLES) == len(DOC_IDS)
    for example, name in zip(DOC_EXAMPLES, ["pop-core", "vpc20160428", "access_key", "ram_role_arn", "aliyun-sdk"],
                             strict=True):  # fmt: skip
        assert name in example


@pytest.mark.parametrize("index", range(len(DOC_IDS)), ids=DOC_IDS)
def test_node_doc_example_runs(server: ServerProcess, tmp_path: Path, index: int) -> None:
    """docs/clients/node.md's examples run as written; only the endpoint and the IDs differ."""
    example = DOC_EXAMPLES[index]
    api = Api("legacy", server.endpoint)
    vpc_id = make_vpc(api)
    instance_id = make_instance(api, make_classic_group(api))
    source = (example.replace("'vpc-bp1...'", repr(vpc_id)).replace("'i-bp1...'", repr(instance_id))
              .replace("127.0.0.1:8080", server.endpoint))  # fmt: skip
    done = run_source(source, tmp_path)
    assert done.returncode == 0, f"stdout: {done.stdout}\nstderr: {done.stderr}"
    if "nableVpcClassicLink" in example:
        assert classic_link_enabled(api, vpc_id) is True
    if "ttachClassicLinkVpc" in example:
        assert links_of(api, vpc_id) == [(instance_id, vpc_id)]
    if "describeInstances" in example:
        assert instance_id in done.stdout
