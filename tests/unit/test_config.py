"""The identity configuration file: validation (one clear error per problem) and idempotent application."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from classiclink.bootstrap import build_runtime, seed_default_account
from classiclink.config import (
    AccessKeySpec,
    AccountSpec,
    Config,
    ConfigError,
    PolicySpec,
    ServerSpec,
    UserSpec,
    apply_config,
    load_config,
)
from classiclink.domain.identity import GLOBAL, AccessKey
from classiclink.settings import DEFAULT_ACCOUNT_ID, Settings
from classiclink.store.memory import MemoryStore

NOW = 1_800_000_000.0
POLICY = '{"Version": "1", "Statement": [{"Effect": "Allow", "Action": "vpc:*", "Resource": "*"}]}'

GOOD = f"""
[server]
admin_token = "admin-token-123"
keep_default_account = true

[[accounts]]
id = "1234567890123456"
name = "team"

  [[accounts.access_keys]]
  id = "TeamRootKey"
  secret = "team-root-secret"

  [[accounts.policies]]
  name = "vpc-all"
  document = '{POLICY}'

  [[accounts.policies]]
  name = "as-table"
  document = {{ Version = "1", Statement = [{{ Effect = "Deny", Action = "vpc:DeleteVpc", Resource = "*" }}] }}

  [[accounts.users]]
  name = "alice"
  policies = ["vpc-all", "as-table"]

    [[accounts.users.access_keys]]
    id = "AliceKey"
    secret = "alice-secret"
    status = "Active"

    [[accounts.users.access_keys]]
    id = "AliceOldKey"
    secret = "alice-old-secret"
    status = "Inactive"

  [[accounts.users]]
  name = "nobody"

[[accounts]]
id = 2000000000000002
"""


def write(tmp_path: Path, text: str) -> str:
    path = tmp_path / "identity.toml"
    path.write_text(text)
    return str(path)


def error_of(tmp_path: Path, text: str) -> str:
    with pytest.raises(ConfigError) as raised:
        load_config(write(tmp_path, text))
    return str(raised.value)


# --- a good file -----------------------------------------------------------------------------------------------


def test_good_file_is_read_completely(tmp_path: Path) -> None:
    config = load_config(write(tmp_path, GOOD))
    table_doc = json.dumps(
        {"Version": "1", "Statement": [{"Effect": "Deny", "Action": "vpc:DeleteVpc", "Resource": "*"}]}
    )
    assert config == Config(
        server=ServerSpec(admin_token="admin-token-123", keep_default_account=True),
        accounts=(
            AccountSpec(
                id="1234567890123456",
                name="team",
                access_keys=(AccessKeySpec("TeamRootKey", "team-root-secret", "Active"),),
                policies=(PolicySpec("vpc-all", POLICY), PolicySpec("as-table", table_doc)),
                users=(
                    UserSpec(
                        "alice",
                        ("vpc-all", "as-table"),
                        (
                            AccessKeySpec("AliceKey", "alice-secret", "Active"),
                            AccessKeySpec("AliceOldKey", "alice-old-secret", "Inactive"),
                        ),
                    ),
                    UserSpec("nobody"),
                ),
            ),
            AccountSpec(id="2000000000000002"),  # a TOML integer UID is accepted
        ),
    )


def test_empty_file_is_valid_and_keeps_the_default_account(tmp_path: Path) -> None:
    assert load_config(write(tmp_path, "")) == Config()


def test_admin_token_from_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MY_ADMIN_TOKEN", "from-the-environment")
    config = load_config(write(tmp_path, '[server]\nadmin_token_env = "MY_ADMIN_TOKEN"\n'))
    assert config.server.admin_token == "from-the-environment"


# --- applying ---------------------------------------------------------------------------------------------------


def test_apply_creates_every_entry(tmp_path: Path) -> None:
    store = MemoryStore()
    apply_config(store, load_config(write(tmp_path, GOOD)), NOW)
    with store.unit_of_work() as uow:
        account = uow.accounts.get("1234567890123456", account_id=None)
        assert account is not None and account.name == "team"
        assert uow.accounts.get("2000000000000002", account_id=None) is not None
        root = uow.access_keys.get("TeamRootKey", account_id=None)
        assert root is not None and root.is_root and root.account_id == "1234567890123456"
        alice_key = uow.access_keys.get("AliceKey", account_id=None)
        assert alice_key is not None
        assert (alice_key.user_name, alice_key.secret, alice_key.status) == ("alice", "alice-secret", "Active")
        old = uow.access_keys.get("AliceOldKey", account_id=None)
        assert old is not None and old.status == "Inactive"
        user = uow.users.get("1234567890123456:alice", account_id="1234567890123456")
        assert user is not None and user.policy_names == ["vpc-all", "as-table"]
        policy = uow.policies.get("1234567890123456:vpc-all", account_id="1234567890123456")
        assert policy is not None and policy.document == POLICY


def test_apply_is_idempotent_and_the_file_wins_for_what_it_names(tmp_path: Path) -> None:
    store = MemoryStore()
    config = load_config(write(tmp_path, GOOD))
    apply_config(store, config, NOW)
    with store.unit_of_work() as uow:
        # Changed by hand (as the admin interface would): deactivate a configured key, add a key of its own.
        key = uow.access_keys.get("AliceKey", account_id=None)
        assert key is not None
        key.status = "Inactive"
        uow.access_keys.save(key)
        uow.access_keys.add(AccessKey("MadeByAdmin", "1234567890123456", GLOBAL, NOW, secret="x" * 12))
        uow.commit()
        counts = {name: getattr(uow, name).count(account_id=None) for name in ("accounts", "users", "access_keys")}

    apply_config(store, config, NOW + 100)
    with store.unit_of_work() as uow:
        again = {name: getattr(uow, name).count(account_id=None) for name in ("accounts", "users", "access_keys")}
        assert again == counts
        key = uow.access_keys.get("AliceKey", account_id=None)
        assert key is not None and key.status == "Active" and key.created_at == NOW
        assert uow.access_keys.get("MadeByAdmin", account_id=None) is not None


def test_default_account_is_kept_unless_the_file_says_otherwise(tmp_path: Path) -> None:
    store = MemoryStore()
    seed_default_account(store, NOW)
    apply_config(store, load_config(write(tmp_path, GOOD)), NOW)
    with store.unit_of_work() as uow:
        assert uow.access_keys.get("testid", account_id=None) is not None

    no_default = GOOD.replace("keep_default_account = true", "keep_default_account = false")
    apply_config(store, load_config(write(tmp_path, no_default)), NOW)
    with store.unit_of_work() as uow:
        assert uow.access_keys.get("testid", account_id=None) is None
        assert uow.accounts.get(DEFAULT_ACCOUNT_ID, account_id=None) is None
        assert uow.access_keys.get("TeamRootKey", account_id=None) is not None


def test_testid_may_be_redefined_once_the_default_is_dropped(tmp_path: Path) -> None:
    text = """
[server]
keep_default_account = false
[[accounts]]
id = "1000000000000001"
  [[accounts.access_keys]]
  id = "testid"
  secret = "a-better-secret"
"""
    store = MemoryStore()
    seed_default_account(store, NOW)
    apply_config(store, load_config(write(tmp_path, text)), NOW)
    with store.unit_of_work() as uow:
        key = uow.access_keys.get("testid", account_id=None)
        assert key is not None and key.secret == "a-better-secret"
        assert uow.accounts.get(DEFAULT_ACCOUNT_ID, account_id=None) is not None


def test_bootstrap_never_creates_testid_when_the_file_drops_it(tmp_path: Path) -> None:
    path = write(tmp_path, '[server]\nkeep_default_account = false\nadmin_token = "admin-token-123"\n')
    runtime = build_runtime(Settings(database="memory://", config_file=path))
    with runtime.store.unit_of_work() as uow:
        assert uow.access_keys.get("testid", account_id=None) is None
    assert runtime.settings.admin_token == "admin-token-123"


def test_bootstrap_admin_token_flag_wins_over_the_file(tmp_path: Path) -> None:
    path = write(tmp_path, '[server]\nadmin_token = "admin-token-123"\n')
    runtime = build_runtime(Settings(database="memory://", config_file=path, admin_token="from-the-flag"))
    assert runtime.settings.admin_token == "from-the-flag"
    with runtime.store.unit_of_work() as uow:
        assert uow.access_keys.get("testid", account_id=None) is not None


def test_bootstrap_refuses_a_bad_file_with_exit_code_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = write(tmp_path, "[[accounts]]\nname = 'no id'\n")
    with pytest.raises(SystemExit) as raised:
        build_runtime(Settings(database="memory://", config_file=path))
    assert raised.value.code == 2
    err = capsys.readouterr().err
    assert path in err and "accounts[0]: missing id" in err


# --- each validation error ----------------------------------------------------------------------------------------

ACCOUNT = '[[accounts]]\nid = "1234567890123456"\n'
USER = ACCOUNT + '[[accounts.users]]\nname = "alice"\n'


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("[[accounts]\n", "not valid TOML"),
        ("[serverr]\n", "top level: unknown key 'serverr'"),
        ("[server]\nadmin_tokn = 'x'\n", "[server]: unknown key 'admin_tokn'"),
        ("[server]\nkeep_default_account = 'no'\n", "[server].keep_default_account: must be true or false"),
        ("[server]\nadmin_token = 'short'\n", "the admin token must be 8 to 256"),
        ("[server]\nadmin_token = 'long enough'\n", "the admin token must be 8 to 256"),
        ("[server]\nadmin_token = 'x'\nadmin_token_env = 'Y'\n", "give admin_token or admin_token_env, not both"),
        ("[server]\nadmin_token_env = 'CLASSICLINK_TEST_UNSET_VARIABLE'\n", "'CLASSICLINK_TEST_UNSET_VARIABLE' is not set"),
        ("[accounts]\nid = '1'\n", "accounts: must be an array"),
        ("[[accounts]]\nname = 'x'\n", "accounts[0]: missing id"),
        ("[[accounts]]\nid = 'abc'\n", "accounts[0].id: 'abc' is not a numeric account UID"),
        ("[[accounts]]\nid = '0123'\n", "accounts[0].id: '0123' is not a numeric account UID"),
        ("[[accounts]]\nid = true\n", "accounts[0].id: True is not a numeric account UID"),
        ("[[accounts]]\nid = '1'\nuid = '2'\n", "accounts[0]: unknown key 'uid'"),
        ("[[accounts]]\nid = '1'\nname = 5\n", "accounts[0].name: must be a string"),
        ("[[accounts]]\nid = '1'\n[[accounts]]\nid = 1\n", "accounts[1]: duplicate account id '1' (also at accounts[0])"),
        (ACCOUNT + "[[accounts.access_keys]]\nsecret = 'sssss'\n", "accounts[0].access_keys[0]: missing id"),
        (ACCOUNT + "[[accounts.access_keys]]\nid = 'k'\n", "accounts[0].access_keys[0]: missing secret"),
        (ACCOUNT + "[[accounts.access_keys]]\nid = 'k'\nsecret = 's'\nstate = 'Active'\n",
         "accounts[0].access_keys[0]: unknown key 'state'"),
        (ACCOUNT + "[[accounts.access_keys]]\nid = 'k'\nsecret = 's'\nstatus = 'Disabled'\n",
         "accounts[0].access_keys[0].status: 'Disabled' is not one of Active, Inactive"),
        (ACCOUNT + "[[accounts.access_keys]]\nid = 'has space'\nsecret = 's'\n",
         "accounts[0].access_keys[0].id: 'has space' is not a valid AccessKeyId"),
        (ACCOUNT + "[[accounts.access_keys]]\nid = 'k'\nsecret = ''\n",
         "accounts[0].access_keys[0].secret: must be 1 to 256 printable characters"),
        (ACCOUNT + "[[accounts.access_keys]]\nid = 'k'\nsecret = 's'\n[[accounts.access_keys]]\nid = 'k'\nsecret = 't'\n",
         "accounts[0].access_keys[1]: duplicate AccessKeyId 'k' (also at accounts[0].access_keys[0])"),
        (USER + "[[accounts.users.access_keys]]\nid = 'k'\nsecret = 's'\n"
         "[[accounts]]\nid = '2'\n[[accounts.access_keys]]\nid = 'k'\nsecret = 't'\n",
         "accounts[1].access_keys[0]: duplicate AccessKeyId 'k' (also at accounts[0].users[0].access_keys[0])"),
        (ACCOUNT + "[[accounts.access_keys]]\nid = 'testid'\nsecret = 'other'\n",
         "AccessKeyId 'testid' is the built-in development key"),
        (ACCOUNT + "[[accounts.users]]\npolicies = []\n", "accounts[0].users[0]: missing name"),
        (ACCOUNT + "[[accounts.users]]\nname = 'a b'\n", "accounts[0].users[0].name: 'a b' is not a valid user name"),
        (USER + "group = 'x'\n", "accounts[0].users[0]: unknown key 'group'"),
        (USER + "[[accounts.users]]\nname = 'alice'\n", "accounts[0].users[1]: duplicate user name 'alice'"),
        (USER + "policies = ['missing']\n", "accounts[0].users[0].policies: unknown policy 'missing'"),
        (USER + "policies = 'p'\n", "accounts[0].users[0].policies: must be an array"),
        (ACCOUNT + "[[accounts.policies]]\nname = 'p'\n", "accounts[0].policies[0]: missing document"),
        (ACCOUNT + "[[accounts.policies]]\nname = 'p'\ndocument = 'not json'\n",
         "accounts[0].policies[0] (p): invalid policy document: document is not valid JSON"),
        (ACCOUNT + "[[accounts.policies]]\nname = 'p'\ndocument = '{\"Version\": \"2\", \"Statement\": []}'\n",
         'accounts[0].policies[0] (p): invalid policy document: Version must be "1"'),
        (ACCOUNT + "[[accounts.policies]]\nname = 'p'\ndocument = 3\n",
         "accounts[0].policies[0].document: must be JSON text or a table"),
        (ACCOUNT + "[[accounts.policies]]\nname = 'p'\ndocument = '{\"Version\":\"1\",\"Statement\":[]}'\n"
         "[[accounts.policies]]\nname = 'p'\ndocument = '{\"Version\":\"1\",\"Statement\":[]}'\n",
         "accounts[0].policies[1]: duplicate policy name 'p'"),
        (ACCOUNT + "[[accounts.policies]]\nname = 'p/q'\ndocument = '{}'\n",
         "accounts[0].policies[0].name: 'p/q' is not a valid policy name"),
    ],
)  # fmt: skip
def test_each_problem_is_named(tmp_path: Path, text: str, expected: str) -> None:
    message = error_of(tmp_path, text)
    assert expected in message
    assert message.startswith(f"config file {tmp_path / 'identity.toml'}: ")


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="cannot read it"):
        load_config(str(tmp_path / "absent.toml"))


def test_errors_never_echo_the_admin_token(tmp_path: Path) -> None:
    assert "sh0rt" not in error_of(tmp_path, "[server]\nadmin_token = 'sh0rt'\n")
