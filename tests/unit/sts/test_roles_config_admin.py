"""RAM roles in the config file ([[accounts.roles]]) and in the admin interface."""

from __future__ import annotations

import json
import tomllib
from typing import Any

import pytest

from classiclink.admin import AdminApp
from classiclink.bootstrap import seed_default_account
from classiclink.config import ConfigError, apply_config, parse_config
from classiclink.domain.identity import role_key
from classiclink.gateway.context import Runtime
from classiclink.http import HttpRequest
from classiclink.settings import DEFAULT_ACCOUNT_ID, Settings
from classiclink.store.memory import MemoryStore

ACCOUNT = "1234567890123456"
TRUST = {"Version": "1", "Statement": [{"Effect": "Allow", "Action": "sts:AssumeRole",
                                        "Principal": {"RAM": [f"acs:ram::{ACCOUNT}:root"]}}]}  # fmt: skip
POLICY = '{"Version": "1", "Statement": [{"Effect": "Allow", "Action": "vpc:*", "Resource": "*"}]}'


def config_text(roles: str) -> str:
    return f"""
[[accounts]]
id = "{ACCOUNT}"
  [[accounts.policies]]
  name = "VpcAll"
  document = '{POLICY}'
{roles}
"""


def parse(text: str) -> Any:
    return parse_config(tomllib.loads(text), environ={})


GOOD = config_text(f"""
  [[accounts.roles]]
  name = "Deployer"
  policies = ["VpcAll"]
  max_session_duration = 43200
  trust_policy = '{json.dumps(TRUST)}'

  [[accounts.roles]]
  name = "as-table"
  [accounts.roles.trust_policy]
  Version = "1"
  [[accounts.roles.trust_policy.Statement]]
  Effect = "Allow"
  Action = "sts:AssumeRole"
  Principal = {{ Service = "ecs.aliyuncs.com" }}
""")


def test_roles_parse_from_text_and_table() -> None:
    roles = parse(GOOD).accounts[0].roles
    assert [(r.name, r.policies, r.max_session_duration) for r in roles] == [
        ("Deployer", ("VpcAll",), 43200), ("as-table", (), 3600)]  # fmt: skip
    assert json.loads(roles[1].trust_policy)["Statement"][0]["Principal"] == {"Service": "ecs.aliyuncs.com"}


@pytest.mark.parametrize(
    ("roles", "message"),
    [
        ('  [[accounts.roles]]\n  name = "r"\n  trust_policy = \'{TRUST}\'\n  polices = []',
         "accounts[0].roles[0]: unknown key 'polices'"),
        ('  [[accounts.roles]]\n  name = "r"\n  trust_policy = \'{TRUST}\'\n  policies = ["Missing"]',
         "accounts[0].roles[0].policies: unknown policy 'Missing'"),
        ('  [[accounts.roles]]\n  name = "r"\n  trust_policy = \'{TRUST}\'\n'
         '  [[accounts.roles]]\n  name = "R"\n  trust_policy = \'{TRUST}\'',
         "accounts[0].roles[1]: duplicate role name 'R' (role names ignore case)"),
        ('  [[accounts.roles]]\n  name = "r"', "accounts[0].roles[0]: missing trust_policy"),
        ('  [[accounts.roles]]\n  name = "r"\n  trust_policy = \'{TRUST}\'\n  max_session_duration = 3599',
         "accounts[0].roles[0].max_session_duration: must be a whole number of seconds from 3600 to 43200"),
        ('  [[accounts.roles]]\n  name = "r"\n  trust_policy = \'{TRUST}\'\n  max_session_duration = true',
         "accounts[0].roles[0].max_session_duration"),
        ('  [[accounts.roles]]\n  name = "bad name"\n  trust_policy = \'{TRUST}\'',
         "accounts[0].roles[0].name: 'bad name' is not a valid role name"),
        ('  [[accounts.roles]]\n  name = "r"\n  trust_policy = \'{NO_PRINCIPAL}\'',
         "accounts[0].roles[0] (r): invalid trust policy: Statement[0]: missing Principal"),
        ('  [[accounts.roles]]\n  name = "r"\n  trust_policy = \'{BAD_PRINCIPAL}\'',
         "invalid trust policy: Statement[0]: RAM principal 'alice' must be acs:ram::<uid>:root"),
    ],
    ids=["unknown-key", "unknown-policy", "duplicate", "no-trust", "duration", "duration-bool", "name",
         "no-principal", "bad-principal"],
)  # fmt: skip
def test_role_mistakes_are_one_line_errors(roles: str, message: str) -> None:
    statement = TRUST["Statement"][0]  # type: ignore[index]
    no_principal = {"Version": "1", "Statement": [{k: v for k, v in statement.items() if k != "Principal"}]}
    bad_principal = {"Version": "1", "Statement": [{**statement, "Principal": {"RAM": "alice"}}]}
    text = roles.replace("{TRUST}", json.dumps(TRUST)).replace("{NO_PRINCIPAL}", json.dumps(no_principal))
    text = text.replace("{BAD_PRINCIPAL}", json.dumps(bad_principal))
    with pytest.raises(ConfigError) as refused:
        parse(config_text(text))
    assert message in str(refused.value) and "\n" not in str(refused.value)


def test_a_long_term_key_may_not_look_temporary() -> None:
    text = f'[[accounts]]\nid = "{ACCOUNT}"\n  [[accounts.access_keys]]\n  id = "STS.mine"\n  secret = "s3cret"'
    with pytest.raises(ConfigError, match="not a valid AccessKeyId"):
        parse(text)


def test_applying_twice_keeps_the_role_id() -> None:
    store = MemoryStore()
    config = parse(GOOD)
    apply_config(store, config, 1.0)
    with store.unit_of_work() as uow:
        first = uow.roles.get(role_key(ACCOUNT, "deployer"), account_id=ACCOUNT)
    apply_config(store, config, 2.0)
    with store.unit_of_work() as uow:
        second = uow.roles.get(role_key(ACCOUNT, "DEPLOYER"), account_id=ACCOUNT)
    assert first is not None and second is not None
    assert first.role_id == second.role_id and first.role_id.isdigit() and second.created_at == 1.0
    assert second.policy_names == ["VpcAll"] and second.max_session_duration == 43200


# --- admin interface ---

TOKEN = "unit-admin-token"


def admin() -> AdminApp:
    store = MemoryStore()
    seed_default_account(store, 0.0)
    return AdminApp(Runtime(settings=Settings(database="memory://", admin_token=TOKEN), store=store))


def send(app: AdminApp, method: str, path: str, body: object = None) -> tuple[int, dict[str, Any]]:
    raw = b"" if body is None else json.dumps(body).encode()
    response = app(HttpRequest(method, "/_classiclink/admin" + path, [], [], raw,
                               {"authorization": [f"Bearer {TOKEN}"]}))  # fmt: skip
    return response.status, json.loads(response.body)


def test_admin_role_lifecycle() -> None:
    app = admin()
    base = f"/accounts/{DEFAULT_ACCOUNT_ID}"
    status, role = send(app, "POST", f"{base}/roles", {"RoleName": "Deployer", "AssumeRolePolicyDocument": TRUST,
                                                        "MaxSessionDuration": 7200})  # fmt: skip
    assert status == 201
    assert role["Arn"] == f"acs:ram::{DEFAULT_ACCOUNT_ID}:role/Deployer" and role["MaxSessionDuration"] == 7200
    assert role["RoleId"].isdigit() and role["Policies"] == []
    assert send(app, "POST", f"{base}/roles", {"RoleName": "deployer", "AssumeRolePolicyDocument": TRUST})[1]["Code"] \
        == "EntityAlreadyExists.Role"
    assert send(app, "GET", f"{base}/roles")[1]["Roles"][0]["RoleName"] == "Deployer"
    assert send(app, "GET", f"{base}/roles/deployer")[1]["RoleId"] == role["RoleId"]  # any case
    assert send(app, "GET", f"{base}")[1]["Roles"] == ["Deployer"]

    send(app, "PUT", f"{base}/policies/Describe", {"PolicyDocument": json.loads(POLICY)})
    status, attached = send(app, "POST", f"{base}/roles/Deployer/policies", {"PolicyName": "Describe"})
    assert (status, attached["Policies"]) == (200, ["Describe"])
    assert send(app, "POST", f"{base}/roles/Deployer/policies", {"PolicyName": "Nope"})[1]["Code"] \
        == "EntityNotExist.Policy"
    status, conflict = send(app, "DELETE", f"{base}/policies/Describe")
    assert (status, conflict["Code"]) == (409, "DeleteConflict.Policy.Role")
    assert send(app, "DELETE", f"{base}/roles/Deployer/policies/Describe")[1]["Policies"] == []
    assert send(app, "DELETE", f"{base}/roles/Deployer/policies/Describe")[1]["Code"] == "EntityNotExist.Role.Policy"
    assert send(app, "DELETE", f"{base}/roles/Deployer")[0] == 200
    assert send(app, "GET", f"{base}/roles/Deployer")[:2][1]["Code"] == "EntityNotExist.Role"


@pytest.mark.parametrize(
    ("body", "code"),
    [
        ({"AssumeRolePolicyDocument": TRUST}, "MissingParameter"),
        ({"RoleName": "r"}, "MissingParameter"),
        ({"RoleName": "r", "AssumeRolePolicyDocument": {"Version": "1", "Statement": []}, "Extra": 1},
         "InvalidParameter"),
        ({"RoleName": "r", "AssumeRolePolicyDocument": "{"}, "MalformedPolicyDocument"),
        ({"RoleName": "r", "AssumeRolePolicyDocument": TRUST, "MaxSessionDuration": 60}, "InvalidParameter"),
        ({"RoleName": "a/b", "AssumeRolePolicyDocument": TRUST}, "InvalidParameter"),
    ],
    ids=["no-name", "no-trust", "unknown-field", "bad-trust", "duration", "bad-name"],
)  # fmt: skip
def test_admin_create_role_refusals(body: dict[str, Any], code: str) -> None:
    status, answer = send(admin(), "POST", f"/accounts/{DEFAULT_ACCOUNT_ID}/roles", body)
    assert status == 400 and answer["Code"] == code
