"""Start-up (issue 11: ready to answer within 0.3 s of start): what a process imports before its first request,
checked without timing anything. Imports were most of the start-up time; each module below is loaded when
first used instead, and an eager import of one of them coming back fails here.

Each check runs a fresh interpreter, since this one has imported everything already."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[2] / "src"

# A serving process, as `classiclink serve` builds it: parse the command line, migrate and seed the store,
# build the app, let uvicorn load what it serves with (the chosen HTTP protocol); with `--request` one
# signed DescribeRegions answered through the gateway (the bench's and the e2e fixtures' first request).
SERVING = """
import json, sys, time, uuid
from classiclink import cli
from classiclink.bootstrap import build_app, build_runtime

argv = json.loads(sys.argv[1])
args = cli.parser().parse_args(["serve", "--port", "0", *argv])
settings = cli.settings_from(args)
app = build_app(build_runtime(settings))
import uvicorn

uvicorn.Config(app, **cli.server_options(settings, args)).load()
if sys.argv[2] == "request":
    from classiclink.gateway.signature import v1_signature, v1_string_to_sign
    from classiclink.http import HttpRequest

    params = {"Action": "DescribeRegions", "Version": "2014-05-26", "Format": "JSON", "AccessKeyId": "testid",
              "SignatureMethod": "HMAC-SHA1", "SignatureVersion": "1.0", "SignatureNonce": uuid.uuid4().hex,
              "Timestamp": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())}
    params["Signature"] = v1_signature("testsecret", v1_string_to_sign("POST", params.items()))
    answer = app.gateway.handle(HttpRequest("POST", "/", list(params.items()), [], b"", {}))
    assert answer.status == 200, answer.body
print(json.dumps(sorted(sys.modules)))
"""

HELP = """
import contextlib, io, json, sys
from classiclink import cli

with contextlib.redirect_stdout(io.StringIO()), contextlib.suppress(SystemExit):
    cli.main([*json.loads(sys.argv[1]), "--help"])
print(json.dumps(sorted(sys.modules)))
"""

# Loaded when first used, never at start-up: action modules (actions/index.py says which declares what),
# the Describe views, the admin interface and the console (admin/mounts.py), the config file's parser, the
# RAM policy engine (RAM users only), seeding, the other commands, and what only they import.
LAZY = (
    "classiclink.actions.ecs", "classiclink.actions.vpc", "classiclink.actions.sts", "classiclink.reads",
    "classiclink.admin.http", "classiclink.admin.service", "classiclink.admin.faults", "classiclink.admin.state",
    "classiclink.admin.reach", "classiclink.admin.classiclink_rules", "classiclink.admin.conditions",
    "classiclink.console", "classiclink.config", "classiclink.ram", "classiclink.seed", "classiclink.seeding",
    "classiclink.state_cli", "classiclink.reach_cli", "classiclink.testing", "classiclink.store.postgres",
    "classiclink.store.memory", "tomllib", "yaml", "psycopg",
    # xml.sax.saxutils brought these in for one escape function (gateway/render.py has its own now).
    "xml.sax", "urllib.request", "http.client",
)  # fmt: skip
# The domain modules the gateway itself needs; every other one comes with the action that uses it.
DOMAIN_AT_START = {"faults", "identity", "model", "ports", "regions", "scope", "sts"}
# Per HTTP parser: what serving with it loads, and what it must not.
PARSERS = {
    "httptools": ("classiclink.edge.httptools_protocol", ("h11", "classiclink.edge.h11_protocol")),
    "h11": ("classiclink.edge.h11_protocol", ("classiclink.edge.httptools_protocol",)),
}


def imported(script: str, *argv: str) -> set[str]:
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(SRC), os.environ.get("PYTHONPATH")]))}
    done = subprocess.run([sys.executable, "-c", script, *argv], env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    return set(json.loads(done.stdout.splitlines()[-1]))


def loaded(modules: set[str], prefixes: tuple[str, ...] | list[str]) -> list[str]:
    return sorted(m for m in modules if any(m == p or m.startswith(p + ".") for p in prefixes))


def serving(tmp_path: Path, *flags: str, request: bool = False) -> set[str]:
    argv = json.dumps(["--database", str(tmp_path / "state.db"), *flags])
    return imported(SERVING, argv, "request" if request else "build")


@pytest.mark.parametrize("parser", sorted(PARSERS))
def test_a_serving_process_loads_only_the_gateway_the_store_and_its_http_protocol(tmp_path: Path, parser: str) -> None:
    modules = serving(tmp_path, "--http", parser)
    assert loaded(modules, LAZY) == []
    domain = {m.split(".")[2] for m in loaded(modules, ["classiclink.domain"]) if m.count(".") == 2}
    assert domain - DOMAIN_AT_START == set()
    protocol, others = PARSERS[parser]
    assert protocol in modules  # the check can fail: the chosen protocol is there
    assert loaded(modules, others) == []


def test_the_first_request_loads_its_own_action_and_nothing_else(tmp_path: Path) -> None:
    modules = serving(tmp_path, request=True)
    actions = loaded(modules, ["classiclink.actions.ecs", "classiclink.actions.vpc", "classiclink.actions.sts"])
    assert actions == ["classiclink.actions.ecs", "classiclink.actions.ecs.common", "classiclink.actions.ecs.regions"]
    # DescribeRegions needs no domain module beyond the gateway's (the instance type catalogue waits for DescribeZones).
    domain = set(loaded(modules, ["classiclink.domain"])) - {"classiclink.domain"}
    assert domain == {f"classiclink.domain.{name}" for name in DOMAIN_AT_START}
    assert loaded(modules, ["classiclink.admin.http", "classiclink.console"]) == []


def test_the_admin_token_and_faults_are_served_without_loading_the_admin_interface_early(tmp_path: Path) -> None:
    # An admin token configures the interface; it is still built on its first request.
    modules = serving(tmp_path, "--admin-token", "t0ken")
    assert loaded(modules, ["classiclink.admin.http", "classiclink.console"]) == []
    # --inject-fault arms rules through the admin fault code: loaded then, as it must be; the action it names is
    # checked against the index, not imported.
    armed = serving(tmp_path, "--inject-fault", "DescribeVpcs")
    assert "classiclink.admin.faults" in armed
    assert loaded(armed, ["classiclink.actions.ecs", "classiclink.actions.vpc", "classiclink.actions.sts"]) == []


@pytest.mark.parametrize("command", [[], ["serve"], ["seed"]], ids=["classiclink", "serve", "seed"])
def test_help_loads_no_server(command: list[str]) -> None:
    modules = imported(HELP, json.dumps(command))
    assert "classiclink.cli" in modules
    heavy = ["uvicorn", "asyncio", "sqlite3", "classiclink.gateway", "classiclink.store", "classiclink.domain",
             "classiclink.errors", "classiclink.edge.heads", "classiclink.actions", "classiclink.bootstrap"]  # fmt: skip
    assert loaded(modules, heavy) == []
