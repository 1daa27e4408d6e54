"""The admin interface (/_classiclink/admin/) and the readiness probe (/_classiclink/health), over HTTP.

Changes made through it are checked through the official SDKs: a created key signs calls at once, a
deactivated one is refused with the documented error by every worker, a deleted one is unknown.
"""

from __future__ import annotations

import json
import textwrap
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import requests

from support.raw import ECS, VPC, Rpc
from support.sdk import Api
from support.server import ServerProcess

pytestmark = pytest.mark.e2e

REGION = "cn-hangzhou"
TOKEN = "admin-e2e-token"
INACTIVE = (400, "InvalidAccessKeyId.Inactive", "Specified access key is disabled.")
NOT_FOUND = (404, "InvalidAccessKeyId.NotFound", "Specified access key is not found.")
MakeServer = Callable[..., ServerProcess]


class Admin:
    def __init__(self, server: ServerProcess, token: str | None = TOKEN) -> None:
        self.base = f"http://{server.endpoint}/_classiclink/admin"
        self.headers = {"Authorization": f"Bearer {token}"} if token else {}

    def __call__(self, method: str, path: str, body: Any = None, raw: str | None = None) -> requests.Response:
        data = raw if raw is not None else (None if body is None else json.dumps(body))
        return requests.request(method, self.base + path, headers=self.headers, data=data, timeout=10)


def expect(response: requests.Response, status: int, code: str | None = None) -> dict[str, Any]:
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/json")
    body: dict[str, Any] = response.json()
    if code is not None:
        assert set(body) == {"Code", "Message"} and body["Code"] == code, body
        assert "Traceback" not in body["Message"]
    return body


@pytest.fixture
def admin_server(make_server: MakeServer) -> ServerProcess:
    return make_server("--transition-delay", "0", "--admin-token", TOKEN)


# --- switched off, authentication, health ------------------------------------------------------------------


def test_disabled_without_a_token(server: ServerProcess) -> None:
    for method, path in (("GET", "/accounts"), ("POST", "/accounts"), ("DELETE", "/accounts/1/users/x"), ("GET", "")):
        expect(Admin(server)(method, path), 404, "AdminDisabled")
        expect(Admin(server, token=None)(method, path), 404, "AdminDisabled")


def test_health_needs_no_token(server: ServerProcess, admin_server: ServerProcess) -> None:
    for proc in (server, admin_server):
        response = requests.get(f"http://{proc.endpoint}/_classiclink/health", timeout=10)
        assert expect(response, 200) == {"status": "ok"}
    wrong = requests.post(f"http://{server.endpoint}/_classiclink/health", timeout=10)
    expect(wrong, 405, "MethodNotAllowed")


def test_missing_or_wrong_token(admin_server: ServerProcess) -> None:
    missing = Admin(admin_server, token=None)("GET", "/accounts")
    expect(missing, 401, "Unauthorized")
    assert missing.headers["www-authenticate"].startswith("Bearer")
    expect(Admin(admin_server, token="not-the-token")("GET", "/accounts"), 403, "Forbidden")
    basic = requests.get(f"{Admin(admin_server).base}/accounts", auth=("admin", TOKEN), timeout=10)
    expect(basic, 401, "Unauthorized")


def test_token_from_the_config_file_and_the_flag_wins(tmp_path: Path, make_server: MakeServer) -> None:
    path = tmp_path / "identity.toml"
    path.write_text('[server]\nadmin_token = "token-from-file"\n')
    from_file = make_server("--config", str(path))
    expect(Admin(from_file, token="token-from-file")("GET", "/accounts"), 200)
    both = make_server("--config", str(path), "--admin-token", TOKEN)
    expect(Admin(both)("GET", "/accounts"), 200)
    expect(Admin(both, token="token-from-file")("GET", "/accounts"), 403, "Forbidden")


def test_unknown_route_wrong_method_bad_body(admin_server: ServerProcess) -> None:
    admin = Admin(admin_server)
    expect(admin("GET", "/nothing-here"), 404, "NotFound")
    wrong = admin("PATCH", "/accounts")
    expect(wrong, 405, "MethodNotAllowed")
    assert wrong.headers["allow"] == "GET, POST"
    expect(admin("POST", "/accounts", raw="{not json"), 400, "MalformedJSON")
    expect(admin("POST", "/accounts", raw="[1, 2]"), 400, "MalformedJSON")
    expect(admin("POST", "/accounts", {"Nmae": "typo"}), 400, "InvalidParameter")
    expect(admin("POST", "/accounts", {"Name": 5}), 400, "InvalidParameter")


# --- accounts and keys ------------------------------------------------------------------------------------------


def test_accounts_and_their_root_keys(admin_server: ServerProcess) -> None:
    admin = Admin(admin_server)
    listed = expect(admin("GET", "/accounts"), 200)["Accounts"]
    assert [a["AccountId"] for a in listed] == ["1000000000000001"]  # the built-in development account

    created = expect(admin("POST", "/accounts", {"AccountId": "1234567890123456", "Name": "team"}), 201)
    assert created["AccountId"] == "1234567890123456" and created["Name"] == "team"
    expect(admin("POST", "/accounts", {"AccountId": "1234567890123456"}), 409, "EntityAlreadyExists.Account")
    expect(admin("POST", "/accounts", {"AccountId": "12ab"}), 400, "InvalidParameter")
    generated = expect(admin("POST", "/accounts", {"Name": "generated"}), 201)["AccountId"]
    assert len(generated) == 16 and generated.isdigit()
    assert {a["AccountId"] for a in expect(admin("GET", "/accounts"), 200)["Accounts"]} >= {
        generated,
        "1234567890123456",
    }

    key = expect(admin("POST", "/accounts/1234567890123456/access-keys"), 201)
    assert key["UserName"] == "" and key["Status"] == "Active" and len(key["AccessKeySecret"]) >= 16
    # The secret is shown once: neither the listing nor the account describes it.
    for path in ("/accounts/1234567890123456/access-keys", "/accounts/1234567890123456"):
        assert key["AccessKeySecret"] not in admin("GET", path).text
    assert key["AccessKeySecret"] not in admin_server.log()

    # The new account's key works at once, and sees only its own (empty) world.
    api = Api("legacy", admin_server.endpoint, key=key["AccessKeyId"], secret=key["AccessKeySecret"])
    Api("legacy", admin_server.endpoint).call("CreateVpc", RegionId=REGION, CidrBlock="172.16.0.0/12")
    assert api.call("DescribeVpcs", RegionId=REGION)["TotalCount"] == 0


def test_key_with_chosen_id_and_secret(admin_server: ServerProcess) -> None:
    admin = Admin(admin_server)
    body = {"AccessKeyId": "chosen-key", "AccessKeySecret": "chosen-secret"}
    expect(admin("POST", "/accounts/1000000000000001/access-keys", body), 201)
    expect(admin("POST", "/accounts/1000000000000001/access-keys", body), 409, "EntityAlreadyExists.AccessKey")
    expect(admin("POST", "/accounts/1000000000000001/access-keys", {"AccessKeyId": "a b"}), 400, "InvalidParameter")
    expect(admin("POST", "/accounts/1999999999999999/access-keys"), 404, "EntityNotExist.Account")
    Rpc(admin_server.url, "chosen-key", "chosen-secret").ok("DescribeVpcs", VPC)


@pytest.mark.parametrize("flavour", ["legacy", "tea"])
def test_deactivate_activate_delete_a_key(admin_server: ServerProcess, flavour: str) -> None:
    admin = Admin(admin_server)
    key = expect(admin("POST", "/accounts/1000000000000001/access-keys"), 201)
    path = f"/accounts/1000000000000001/access-keys/{key['AccessKeyId']}"
    api = Api(flavour, admin_server.endpoint, key=key["AccessKeyId"], secret=key["AccessKeySecret"])
    api.call("DescribeVpcs", RegionId=REGION)

    assert expect(admin("POST", path + "/deactivate"), 200)["Status"] == "Inactive"
    api.fail("DescribeVpcs", RegionId=REGION).expect(*INACTIVE)
    assert expect(admin("POST", path + "/activate"), 200)["Status"] == "Active"
    api.call("DescribeVpcs", RegionId=REGION)
    expect(admin("DELETE", path), 200)
    api.fail("DescribeVpcs", RegionId=REGION).expect(*NOT_FOUND)
    expect(admin("DELETE", path), 404, "EntityNotExist.AccessKey")


def test_a_key_is_managed_only_under_its_own_account(admin_server: ServerProcess) -> None:
    admin = Admin(admin_server)
    expect(admin("POST", "/accounts", {"AccountId": "1234567890123457"}), 201)
    expect(admin("POST", "/accounts/1234567890123457/access-keys/testid/deactivate"), 404, "EntityNotExist.AccessKey")
    Rpc(admin_server.url).ok("DescribeVpcs", VPC)


# --- RAM users and policies ---------------------------------------------------------------------------------------


def test_users_policies_and_attachments(admin_server: ServerProcess) -> None:
    admin = Admin(admin_server)
    base = "/accounts/1000000000000001"
    expect(admin("POST", f"{base}/users", {"UserName": "bob"}), 201)
    expect(admin("POST", f"{base}/users", {"UserName": "bob"}), 409, "EntityAlreadyExists.User")
    expect(admin("POST", f"{base}/users", {"UserName": "no spaces"}), 400, "InvalidParameter")
    expect(admin("POST", f"{base}/users", {}), 400, "MissingParameter")
    key = expect(admin("POST", f"{base}/access-keys", {"UserName": "bob"}), 201)
    assert key["UserName"] == "bob"
    expect(admin("POST", f"{base}/access-keys", {"UserName": "nobody"}), 404, "EntityNotExist.User")
    bob = Rpc(admin_server.url, key["AccessKeyId"], key["AccessKeySecret"])
    assert bob("DescribeVpcs", VPC).code == "Forbbiden"  # a RAM user starts with no permission

    bad = expect(admin("PUT", f"{base}/policies/p", {"PolicyDocument": {"Version": "1", "Statment": []}}), 400,
                 "MalformedPolicyDocument")  # fmt: skip
    assert "Statment" in bad["Message"]
    expect(admin("PUT", f"{base}/policies/p", {"PolicyDocument": "{oops"}), 400, "MalformedPolicyDocument")
    document = {"Version": "1", "Statement": [{"Effect": "Allow", "Action": "vpc:Describe*", "Resource": "*"}]}
    expect(admin("PUT", f"{base}/policies/p", {"PolicyDocument": json.dumps(document)}), 201)
    expect(admin("PUT", f"{base}/policies/p", {"PolicyDocument": document}), 200)  # replaced
    assert json.loads(expect(admin("GET", f"{base}/policies/p"), 200)["PolicyDocument"]) == document

    expect(admin("POST", f"{base}/users/bob/policies", {"PolicyName": "absent"}), 404, "EntityNotExist.Policy")
    assert expect(admin("POST", f"{base}/users/bob/policies", {"PolicyName": "p"}), 200)["Policies"] == ["p"]
    assert bob("DescribeVpcs", VPC).status == 200
    expect(admin("DELETE", f"{base}/policies/p"), 409, "DeleteConflict.Policy.User")
    expect(admin("DELETE", f"{base}/users/bob/policies/p"), 200)
    expect(admin("DELETE", f"{base}/users/bob/policies/p"), 404, "EntityNotExist.User.Policy")
    expect(admin("DELETE", f"{base}/policies/p"), 200)
    expect(admin("GET", f"{base}/policies/p"), 404, "EntityNotExist.Policy")

    user = expect(admin("GET", f"{base}/users/bob"), 200)
    assert [k["AccessKeyId"] for k in user["AccessKeys"]] == [key["AccessKeyId"]]
    assert "AccessKeySecret" not in json.dumps(user)
    deleted = expect(admin("DELETE", f"{base}/users/bob"), 200)
    assert deleted["DeletedAccessKeys"] == [key["AccessKeyId"]]
    assert bob("DescribeVpcs", VPC).error == NOT_FOUND  # its keys went with it
    expect(admin("GET", f"{base}/users/bob"), 404, "EntityNotExist.User")


# --- every worker sees a change; restarts keep what was made -----------------------------------------------------


def test_all_workers_see_a_deactivated_key_at_once(make_server: MakeServer) -> None:
    proc = make_server("--workers", "3", "--admin-token", TOKEN)
    admin = Admin(proc)
    key = expect(admin("POST", "/accounts/1000000000000001/access-keys"), 201)
    rpc = Rpc(proc.url, key["AccessKeyId"], key["AccessKeySecret"])
    assert all(rpc("DescribeVpcs", VPC).status == 200 for _ in range(10))
    expect(admin("POST", f"/accounts/1000000000000001/access-keys/{key['AccessKeyId']}/deactivate"), 200)
    # Connections are not reused (requests opens one per call), so the calls spread over the workers.
    assert {rpc("DescribeVpcs", VPC).error for _ in range(30)} == {INACTIVE}


def test_restart_keeps_admin_changes_and_reapplies_the_config(
    tmp_path: Path, make_server: MakeServer, database: str
) -> None:
    config = tmp_path / "identity.toml"
    config.write_text(textwrap.dedent(f"""
        [server]
        admin_token = "{TOKEN}"
        [[accounts]]
        id = "1234567890123999"
          [[accounts.access_keys]]
          id = "configured-key"
          secret = "configured-secret"
    """))  # fmt: skip
    first = make_server("--config", str(config), database=database)
    admin = Admin(first)
    made = expect(admin("POST", "/accounts/1234567890123999/access-keys"), 201)
    expect(admin("POST", "/accounts/1234567890123999/access-keys/configured-key/deactivate"), 200)
    first.stop()

    second = make_server("--config", str(config), database=database)
    Rpc(second.url, made["AccessKeyId"], made["AccessKeySecret"]).ok("DescribeVpcs", VPC)
    # The file is the source of truth for what it names: the configured key is Active again.
    Rpc(second.url, "configured-key", "configured-secret").ok("DescribeVpcs", VPC)


def test_keep_default_account_false_removes_testid(tmp_path: Path, make_server: MakeServer, database: str) -> None:
    config = tmp_path / "identity.toml"
    config.write_text('[server]\nkeep_default_account = false\n[[accounts]]\nid = "42"\n'
                      '[[accounts.access_keys]]\nid = "own-key"\nsecret = "own-secret"\n')  # fmt: skip
    make_server(database=database).stop()  # an earlier run without the file created testid
    proc = make_server("--config", str(config), database=database)
    Api("legacy", proc.endpoint).fail("DescribeVpcs", RegionId=REGION).expect(*NOT_FOUND)
    Rpc(proc.url, "own-key", "own-secret").ok("DescribeVpcs", VPC)


def test_bad_config_stops_the_server_with_exit_code_2(tmp_path: Path) -> None:
    import subprocess
    import sys

    config = tmp_path / "identity.toml"
    config.write_text('[[accounts]]\nid = "1"\n[[accounts.users]]\nname = "u"\npolicies = ["missing"]\n')
    done = subprocess.run(
        [sys.executable, "-m", "classiclink", "serve", "--port", "0", "--database", "memory://",
         "--config", str(config)],
        capture_output=True, text=True, timeout=30,
    )  # fmt: skip
    assert done.returncode == 2
    assert "accounts[0].users[0].policies: unknown policy 'missing'" in done.stderr
    assert "Traceback" not in done.stderr


# --- per-account reset ---------------------------------------------------------------------------------------


def test_resetting_an_accounts_resources_leaves_identity_and_other_accounts(admin_server: ServerProcess) -> None:
    admin = Admin(admin_server)
    other = expect(admin("POST", "/accounts", {"AccountId": "2000000000000002"}), 201)["AccountId"]
    key = expect(admin("POST", f"/accounts/{other}/access-keys", {}), 201)
    mine, theirs = Rpc(admin_server.url), Rpc(admin_server.url, key["AccessKeyId"], key["AccessKeySecret"])
    vpc = mine.ok("CreateVpc", VPC, RegionId=REGION)["VpcId"]
    mine.ok("EnableVpcClassicLink", VPC, RegionId=REGION, VpcId=vpc)
    kept = theirs.ok("CreateVpc", VPC, RegionId=REGION)["VpcId"]

    group = mine.ok("CreateSecurityGroup", ECS, RegionId=REGION)["SecurityGroupId"]
    mine.ok("CreateInstance", ECS, RegionId=REGION, SecurityGroupId=group, InstanceType="ecs.g6.large",
            ImageId="centos_7_9_x64_20G_alibase_20230718.vhd", **{"DataDisk.1.Size": "20"})  # fmt: skip
    theirs_group = theirs.ok("CreateSecurityGroup", ECS, RegionId=REGION)["SecurityGroupId"]
    theirs.ok("CreateInstance", ECS, RegionId=REGION, SecurityGroupId=theirs_group, InstanceType="ecs.g6.large",
              ImageId="centos_7_9_x64_20G_alibase_20230718.vhd")  # fmt: skip

    removed = expect(admin("DELETE", "/accounts/1000000000000001/resources"), 200)["Removed"]
    assert removed["vpcs"] == 1 and removed["route_tables"] == 1
    assert removed["instances"] == 1 and removed["disks"] == 2
    assert mine.ok("DescribeDisks", ECS, RegionId=REGION)["TotalCount"] == 0
    assert theirs.ok("DescribeDisks", ECS, RegionId=REGION)["TotalCount"] == 1

    assert mine.ok("DescribeVpcs", VPC, RegionId=REGION)["TotalCount"] == 0  # the root key still signs
    assert [v["VpcId"] for v in theirs.ok("DescribeVpcs", VPC, RegionId=REGION)["Vpcs"]["Vpc"]] == [kept]
    expect(admin("DELETE", "/accounts/9999/resources"), 404, "EntityNotExist.Account")
