"""RAM authorization through the official SDKs (api-spec §6): RAM users' policies decide each call, on the
action's RAM action and resource ARNs, with the acs:SourceIp, acs:SecureTransport and acs:CurrentTime
condition keys; denials answer the product's own code and change nothing.

Users and policies come from the config file; policies naming a resource created during a test are put
and attached through the admin interface, which also proves a change is seen by the next request.
"""

from __future__ import annotations

import json
import textwrap
from collections.abc import Callable, Iterator
from typing import Any

import pytest
import requests

from support.raw import VPC, Rpc, send_v1, v1_fields, v1_sign
from support.sdk import (
    FLAVOURS,
    Api,
    classic_link_enabled,
    links_of,
    make_vpc,
    running_classic_instance,
)
from support.server import ServerProcess

pytestmark = pytest.mark.e2e

REGION = "cn-hangzhou"
ACCOUNT = "1000000000000055"
ADMIN_TOKEN = "ram-e2e-admin-token"
VPC_DENIED = (403, "Forbbiden", "User not authorized to operate on the specified resource.")
ECS_DENIED = (403, "Forbidden.SubUser", "User not authorized to operate on the specified resource.")

def _policy(*statements: dict[str, Any]) -> str:
    return json.dumps({"Version": "1", "Statement": list(statements)})


def _allow(actions: list[str], resource: str = "*", **extra: Any) -> dict[str, Any]:
    return {"Effect": "Allow", "Action": actions, "Resource": resource, **extra}


def _when(operator: str, key: str, value: Any) -> dict[str, Any]:
    return {"Condition": {operator: {key: value}}}


OUTSIDE_OFFICE = {
    "Effect": "Deny",
    "Action": "*",
    "Resource": "*",
    **_when("NotIpAddress", "acs:SourceIp", ["10.0.0.0/8", "192.168.0.0/16"]),
}
DESCRIBE_VPCS = ["vpc:DescribeVpcs"]
Y2020 = "2020-01-01T00:00:00Z"

# user name -> the document of its one policy (None: a user with no policy)
USERS: dict[str, str | None] = {
    "vpc-operator": _policy(
        _allow(["vpc:EnableVpcClassicLink", "vpc:DisableVpcClassicLink", "vpc:CreateVpc", "vpc:Describe*"])
    ),
    "nobody": None,
    "linker": _policy(
        _allow(["ecs:AttachClassicLinkVpc", "ecs:DetachClassicLinkVpc", "ecs:Describe*", "vpc:Describe*"])
    ),
    "instance-only-linker": _policy(
        _allow(["ecs:AttachClassicLinkVpc"], f"acs:ecs:*:{ACCOUNT}:instance/*"), _allow(["ecs:Describe*"])
    ),
    "from-localhost": _policy(_allow(DESCRIBE_VPCS, **_when("IpAddress", "acs:SourceIp", "127.0.0.1"))),
    "from-office": _policy(_allow(DESCRIBE_VPCS, **_when("IpAddress", "acs:SourceIp", ["10.0.0.0/8"]))),
    "outside-office-denied": _policy(_allow(["vpc:*"]), OUTSIDE_OFFICE),
    "tls-only": _policy(_allow(DESCRIBE_VPCS, **_when("Bool", "acs:SecureTransport", "true"))),
    "plain-http": _policy(_allow(DESCRIBE_VPCS, **_when("Bool", "acs:SecureTransport", False))),
    "expired": _policy(_allow(DESCRIBE_VPCS, **_when("DateLessThan", "acs:CurrentTime", Y2020))),
    "current": _policy(_allow(DESCRIBE_VPCS, **_when("DateGreaterThan", "acs:CurrentTime", Y2020))),
}


def _config() -> str:
    parts = [
        f"""
        [server]
        admin_token = "{ADMIN_TOKEN}"
        [[accounts]]
        id = "{ACCOUNT}"
        name = "ram-e2e"
          [[accounts.access_keys]]
          id = "ram-root"
          secret = "ram-root-secret"
        """
    ]
    for name, document in USERS.items():
        if document is not None:
            parts.append(f"""
              [[accounts.policies]]
              name = "{name}-policy"
              document = '{document}'
            """)  # fmt: skip
    for name, document in USERS.items():
        attached = f'["{name}-policy"]' if document is not None else "[]"
        parts.append(f"""
          [[accounts.users]]
          name = "{name}"
          policies = {attached}
            [[accounts.users.access_keys]]
            id = "ram-{name}"
            secret = "ram-{name}-secret"
        """)  # fmt: skip
    return "\n".join(textwrap.dedent(p) for p in parts)


@pytest.fixture(scope="module")
def config_path(tmp_path_factory: pytest.TempPathFactory) -> str:
    path = tmp_path_factory.mktemp("ram-e2e") / "identity.toml"
    path.write_text(_config())
    return str(path)


@pytest.fixture(scope="module")
def ram_server(config_path: str) -> Iterator[ServerProcess]:
    proc = ServerProcess("--transition-delay", "0", "--vpc-quota", "100000", "--config", config_path).start()
    yield proc
    proc.close()


@pytest.fixture(params=FLAVOURS)
def flavour(request: pytest.FixtureRequest) -> str:
    return str(request.param)


def as_user(server: ServerProcess, name: str, flavour: str = "legacy") -> Api:
    return Api(flavour, server.endpoint, key=f"ram-{name}", secret=f"ram-{name}-secret")


def as_root(server: ServerProcess, flavour: str = "legacy") -> Api:
    return Api(flavour, server.endpoint, key="ram-root", secret="ram-root-secret")


def admin(server: ServerProcess, method: str, path: str, body: Any = None) -> requests.Response:
    return requests.request(
        method,
        f"http://{server.endpoint}/_classiclink/admin/accounts/{ACCOUNT}{path}",
        headers={"Authorization": f"Bearer {ADMIN_TOKEN}"},
        data=None if body is None else json.dumps(body),
        timeout=10,
    )


def deny_on(server: ServerProcess, user: str, policy: str, action: str, resource: str) -> None:
    """Put a Deny policy for one resource and attach it to the user, through the admin interface."""
    document = {"Version": "1", "Statement": [{"Effect": "Deny", "Action": action, "Resource": resource}]}
    assert admin(server, "PUT", f"/policies/{policy}", {"PolicyDocument": document}).status_code == 201
    assert admin(server, "POST", f"/users/{user}/policies", {"PolicyName": policy}).status_code == 200


# --- VPC: allowed calls go through, the one denied by ARN is refused --------------------------------------


def test_vpc_user_allowed_actions_and_a_denied_vpc(ram_server: ServerProcess, flavour: str) -> None:
    user = as_user(ram_server, "vpc-operator", flavour)
    guarded = make_vpc(user, enable=True)
    other = make_vpc(user, enable=True)
    assert [v["VpcId"] for v in user.call("DescribeVpcs", RegionId=REGION, VpcId=guarded)["Vpcs"]["Vpc"]] == [guarded]
    deny_on(ram_server, "vpc-operator", f"guard-{flavour}", "vpc:DisableVpcClassicLink",
            f"acs:vpc:{REGION}:{ACCOUNT}:vpc/{guarded}")  # fmt: skip

    user.fail("DisableVpcClassicLink", RegionId=REGION, VpcId=guarded).expect(*VPC_DENIED)
    assert classic_link_enabled(user, guarded)  # nothing changed
    user.call("DisableVpcClassicLink", RegionId=REGION, VpcId=other)  # the Deny names one VPC only
    assert not classic_link_enabled(user, other)


def test_vpc_action_the_policy_does_not_name_is_denied(ram_server: ServerProcess, flavour: str) -> None:
    user = as_user(ram_server, "vpc-operator", flavour)
    vpc_id = make_vpc(user)
    user.fail("DeleteVpc", RegionId=REGION, VpcId=vpc_id).expect(*VPC_DENIED)
    user.fail("ModifyVpcAttribute", RegionId=REGION, VpcId=vpc_id, VpcName="renamed").expect(*VPC_DENIED)
    assert user.call("DescribeVpcAttribute", RegionId=REGION, VpcId=vpc_id)["VpcName"] == ""


def test_user_without_policy_is_denied(ram_server: ServerProcess, flavour: str) -> None:
    user = as_user(ram_server, "nobody", flavour)
    user.fail("DescribeVpcs", RegionId=REGION).expect(*VPC_DENIED)
    user.fail("CreateVpc", RegionId=REGION, CidrBlock="172.16.0.0/12").expect(*VPC_DENIED)
    assert as_root(ram_server).call("DescribeVpcs", RegionId=REGION, VpcName="never")["TotalCount"] == 0


def test_root_key_is_never_subject_to_ram(ram_server: ServerProcess) -> None:
    root = as_root(ram_server)
    vpc_id = make_vpc(root, enable=True)
    root.call("DisableVpcClassicLink", RegionId=REGION, VpcId=vpc_id)
    root.call("DeleteVpc", RegionId=REGION, VpcId=vpc_id)


def test_denied_request_still_uses_its_nonce(ram_server: ServerProcess) -> None:
    fields = v1_sign(v1_fields("DescribeVpcs", VPC, key="ram-nobody"), secret="ram-nobody-secret")
    assert send_v1(ram_server.url, fields).error == VPC_DENIED
    assert send_v1(ram_server.url, fields).code == "SignatureNonceUsed"


def test_denial_is_logged_without_secrets(ram_server: ServerProcess) -> None:
    user = as_user(ram_server, "vpc-operator")
    vpc_id = make_vpc(user, enable=True)
    deny_on(ram_server, "vpc-operator", "guard-log", "vpc:DisableVpcClassicLink", f"acs:vpc:*:*:vpc/{vpc_id}")
    failure = user.fail("DisableVpcClassicLink", RegionId=REGION, VpcId=vpc_id)
    line = next(line for line in ram_server.log().splitlines() if failure.request_id in line)
    for part in (f"account={ACCOUNT}", "user=vpc-operator", "access_key=ram-vpc-operator",
                 "action=vpc:DisableVpcClassicLink", f"resource=acs:vpc:{REGION}:{ACCOUNT}:vpc/{vpc_id}",
                 "decision=ExplicitDeny", "policy=guard-log", "statement=0"):  # fmt: skip
        assert part in line, line
    log = ram_server.log()
    for name in USERS:
        assert f"ram-{name}-secret" not in log
    assert "ram-root-secret" not in log and ADMIN_TOKEN not in log


# --- ECS: Attach/Detach are checked on the instance and on the VPC ----------------------------------------


def test_ecs_user_denied_on_a_vpc_arn(ram_server: ServerProcess, flavour: str) -> None:
    root = as_root(ram_server)
    user = as_user(ram_server, "linker", flavour)
    guarded = make_vpc(root, enable=True)
    allowed = make_vpc(root, enable=True)
    instance_id = running_classic_instance(root)
    deny_on(ram_server, "linker", f"guard-link-{flavour}", "ecs:AttachClassicLinkVpc",
            f"acs:vpc:*:{ACCOUNT}:vpc/{guarded}")  # fmt: skip

    user.fail("AttachClassicLinkVpc", RegionId=REGION, InstanceId=instance_id, VpcId=guarded).expect(*ECS_DENIED)
    assert links_of(root, guarded) == []
    user.call("AttachClassicLinkVpc", RegionId=REGION, InstanceId=instance_id, VpcId=allowed)
    assert links_of(user, allowed) == [(instance_id, allowed)]
    user.call("DetachClassicLinkVpc", RegionId=REGION, InstanceId=instance_id, VpcId=allowed)
    assert links_of(root, allowed) == []


def test_ecs_user_allowed_on_instances_only_is_denied(ram_server: ServerProcess) -> None:
    # The policy covers instance ARNs but no VPC ARN: the VPC resource is implicitly denied.
    root = as_root(ram_server)
    user = as_user(ram_server, "instance-only-linker")
    vpc_id = make_vpc(root, enable=True)
    instance_id = running_classic_instance(root)
    user.fail("AttachClassicLinkVpc", RegionId=REGION, InstanceId=instance_id, VpcId=vpc_id).expect(*ECS_DENIED)
    assert links_of(root, vpc_id) == []


def test_describe_instances_answers_an_empty_list_to_a_denied_user(ram_server: ServerProcess, flavour: str) -> None:
    root = as_root(ram_server)
    running_classic_instance(root)
    assert root.call("DescribeInstances", RegionId=REGION)["TotalCount"] >= 1
    found = as_user(ram_server, "nobody", flavour).call("DescribeInstances", RegionId=REGION)
    assert found["TotalCount"] == 0 and found["Instances"]["Instance"] == []


# --- condition keys --------------------------------------------------------------------------------------------


def test_source_ip_conditions(ram_server: ServerProcess, flavour: str) -> None:
    # The test client connects from 127.0.0.1.
    as_user(ram_server, "from-localhost", flavour).call("DescribeVpcs", RegionId=REGION)
    as_user(ram_server, "from-office", flavour).fail("DescribeVpcs", RegionId=REGION).expect(*VPC_DENIED)
    as_user(ram_server, "outside-office-denied", flavour).fail("DescribeVpcs", RegionId=REGION).expect(*VPC_DENIED)


def test_secure_transport_is_false_over_http(ram_server: ServerProcess, flavour: str) -> None:
    as_user(ram_server, "tls-only", flavour).fail("DescribeVpcs", RegionId=REGION).expect(*VPC_DENIED)
    as_user(ram_server, "plain-http", flavour).call("DescribeVpcs", RegionId=REGION)


def test_current_time_condition(ram_server: ServerProcess) -> None:
    as_user(ram_server, "expired").fail("DescribeVpcs", RegionId=REGION).expect(*VPC_DENIED)
    as_user(ram_server, "current").call("DescribeVpcs", RegionId=REGION)


# --- changes through the admin interface take effect at once ----------------------------------------------------


def test_attaching_and_detaching_a_policy_takes_effect_at_once(ram_server: ServerProcess) -> None:
    document = {"Version": "1", "Statement": [{"Effect": "Allow", "Action": "vpc:DescribeVpcs", "Resource": "*"}]}
    assert admin(ram_server, "POST", "/users", {"UserName": "newcomer"}).status_code == 201
    created = admin(ram_server, "POST", "/access-keys", {"UserName": "newcomer"}).json()
    user = Rpc(ram_server.url, created["AccessKeyId"], created["AccessKeySecret"])
    assert user("DescribeVpcs", VPC).error == VPC_DENIED
    assert admin(ram_server, "PUT", "/policies/describe-only", {"PolicyDocument": document}).status_code == 201
    assert admin(ram_server, "POST", "/users/newcomer/policies", {"PolicyName": "describe-only"}).status_code == 200
    assert user("DescribeVpcs", VPC).status == 200
    assert admin(ram_server, "DELETE", "/users/newcomer/policies/describe-only").status_code == 200
    assert user("DescribeVpcs", VPC).error == VPC_DENIED


# --- --ram-mode off ----------------------------------------------------------------------------------------------


def test_ram_mode_off_lets_denied_calls_through(
    config_path: str, make_server: Callable[..., ServerProcess], flavour: str
) -> None:
    server = make_server("--transition-delay", "0", "--config", config_path, "--ram-mode", "off")
    user = as_user(server, "vpc-operator", flavour)
    vpc_id = make_vpc(user, enable=True)
    deny_on(server, "vpc-operator", f"guard-off-{flavour}", "vpc:*", f"acs:vpc:*:*:vpc/{vpc_id}")
    user.call("DisableVpcClassicLink", RegionId=REGION, VpcId=vpc_id)
    assert not classic_link_enabled(user, vpc_id)
    as_user(server, "nobody", flavour).call("DescribeVpcs", RegionId=REGION)
