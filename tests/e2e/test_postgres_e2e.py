"""Several ``classiclink serve`` processes sharing one PostgreSQL database: what one server commits, the next
request to any server sees; nonces, ClientTokens and identity are shared; start-up errors are one line."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable

import psycopg
import pytest

from support.raw import send, signed
from support.server import ServerProcess, free_port

pytestmark = pytest.mark.e2e

VPC = "2016-04-28"
ECS = "2014-05-26"
REGION = "cn-hangzhou"


def vpc_call(server: ServerProcess, action: str, **params: str) -> dict[str, object]:
    response = send(server.url, {"Action": action, "Version": VPC, "Format": "JSON", "RegionId": REGION, **params})
    return {"status": response.status_code, **response.json()}


@pytest.fixture
def two_servers(postgres_url: str, make_server: Callable[..., ServerProcess]) -> tuple[ServerProcess, ServerProcess]:
    first = make_server("--transition-delay", "0", database=postgres_url)
    second = make_server("--transition-delay", "0", database=postgres_url)
    return first, second


def test_what_one_server_commits_the_other_sees(two_servers: tuple[ServerProcess, ServerProcess]) -> None:
    first, second = two_servers
    created = vpc_call(first, "CreateVpc", CidrBlock="172.16.0.0/12")
    vpc_id = str(created["VpcId"])
    assert vpc_call(second, "EnableVpcClassicLink", VpcId=vpc_id)["status"] == 200
    attribute = vpc_call(first, "DescribeVpcAttribute", VpcId=vpc_id)
    assert attribute["ClassicLinkEnabled"] is True
    assert vpc_call(second, "DeleteVpc", VpcId=vpc_id)["status"] == 200
    assert vpc_call(first, "DescribeVpcAttribute", VpcId=vpc_id)["Code"] == "InvalidVpcId.NotFound"


def test_a_nonce_used_on_one_server_is_refused_by_the_other(two_servers: tuple[ServerProcess, ServerProcess]) -> None:
    first, second = two_servers
    fields = signed("GET", {"Action": "DescribeVpcs", "Version": VPC, "Format": "JSON", "RegionId": REGION})
    import requests

    assert requests.get(first.url, params=fields, timeout=10).status_code == 200
    replay = requests.get(second.url, params=fields, timeout=10)
    assert (replay.status_code, replay.json()["Code"]) == (400, "SignatureNonceUsed")


def test_a_client_token_retry_on_the_other_server_gets_the_first_answer(
    two_servers: tuple[ServerProcess, ServerProcess],
) -> None:
    first, second = two_servers
    one = vpc_call(first, "CreateVpc", ClientToken="pg-token-1")
    again = vpc_call(second, "CreateVpc", ClientToken="pg-token-1")
    assert again["VpcId"] == one["VpcId"]
    assert len(vpc_call(second, "DescribeVpcs")["Vpcs"]["Vpc"]) == 1  # type: ignore[index]


def test_a_schema_newer_than_the_server_knows_is_refused_in_one_line(postgres_url: str) -> None:
    from classiclink.store.postgres import PostgresStore

    PostgresStore(postgres_url).close()
    with psycopg.connect(postgres_url, autocommit=True) as conn:
        conn.execute("INSERT INTO schema_version VALUES (999, 'from the future', 0)")
    done = subprocess.run([sys.executable, "-m", "classiclink", "serve", "--port", str(free_port()),
                           "--database", postgres_url], capture_output=True, text=True, timeout=60)  # fmt: skip
    assert done.returncode == 2
    assert "schema version 999" in done.stderr.strip().splitlines()[-1]


def test_an_unreachable_database_is_refused_in_one_line() -> None:
    done = subprocess.run([sys.executable, "-m", "classiclink", "serve", "--port", str(free_port()),
                           "--database", f"postgresql://postgres@127.0.0.1:{free_port()}/test"],
                          capture_output=True, text=True, timeout=60)  # fmt: skip
    assert done.returncode == 2
    last = done.stderr.strip().splitlines()[-1]
    assert last.startswith("classiclink: cannot connect to PostgreSQL") and "Connection refused" in last
