"""Indexes match the queries (issue 7): on a seeded SQLite store with planner statistics, every statement the
benchmarked requests run is read off an index. No full scan of a resource table, and no page (a LIMIT) sorted in
a temporary B-tree: either would make the request's cost grow with the state instead of with its answer."""

from __future__ import annotations

import json
import sqlite3
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from classiclink.bootstrap import build_runtime
from classiclink.gateway.chain import Gateway
from classiclink.gateway.signature import v1_signature, v1_string_to_sign
from classiclink.http import HttpRequest
from classiclink.seeding import SeedPlan, seed
from classiclink.settings import Behaviour, Settings
from classiclink.store.sql import ENTITIES
from classiclink.store.sqlite import SqliteStore

VERSIONS = {"ecs": "2014-05-26", "vpc": "2016-04-28"}
# Read whole on purpose: the handful of fault rules an admin armed (the gateway's fault board).
SMALL_TABLES = {"fault_rules"}


@pytest.fixture(scope="module")
def seeded(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Gateway, sqlite3.Connection, dict[str, str]]]:
    path = str(tmp_path_factory.mktemp("plans") / "plans.db")
    store = SqliteStore(path)
    # Enough rows that a missing index shows in the plan: 400 VPCs, links on 5 of them.
    seed(store, SeedPlan(vpcs=400, vswitches_per_vpc=2, instances=4000, linked=0.1, link_vpcs=5))
    conn = sqlite3.connect(path)
    ids = {
        "vpc": conn.execute("SELECT vpc_id FROM links GROUP BY vpc_id ORDER BY COUNT(*) DESC LIMIT 1").fetchone()[0],
        "linked": conn.execute("SELECT id FROM links LIMIT 1").fetchone()[0],
        "free": conn.execute(
            "SELECT id FROM instances WHERE network_type = 'classic' AND id NOT IN (SELECT id FROM links) LIMIT 1"
        ).fetchone()[0],
        "group": conn.execute("SELECT id FROM security_groups WHERE vpc_id = '' LIMIT 1").fetchone()[0],
        "group2": conn.execute("SELECT id FROM security_groups WHERE vpc_id = '' LIMIT 1 OFFSET 1").fetchone()[0],
        "vswitch": conn.execute("SELECT id FROM vswitches LIMIT 1").fetchone()[0],
    }
    ids["vpc_group"] = conn.execute("SELECT id FROM security_groups WHERE vpc_id = (SELECT vpc_id FROM vswitches "
                                    "WHERE id = ?) LIMIT 1", (ids["vswitch"],)).fetchone()[0]  # fmt: skip
    settings = Settings(database=path, behaviour=Behaviour(transition_delay=0, vpcs_per_region=10_000))
    runtime = build_runtime(settings, store=store)
    yield Gateway(runtime), conn, ids
    conn.close()
    store.close()


def _request(product: str, action: str, **params: str) -> HttpRequest:
    fields = {"Action": action, "Version": VERSIONS[product], "Format": "JSON", "RegionId": "cn-hangzhou",
              "AccessKeyId": "testid", "SignatureMethod": "HMAC-SHA1", "SignatureVersion": "1.0",
              "SignatureNonce": str(time.perf_counter_ns()),
              "Timestamp": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()), **params}  # fmt: skip
    fields["Signature"] = v1_signature("testsecret", v1_string_to_sign("POST", fields.items()))
    return HttpRequest("POST", "/", list(fields.items()), [], b"", {"host": [f"{product}.aliyuncs.com"]})


# (product, action, params): the scale benchmark's requests and the VPC-scoped reads beside them.
REQUESTS = [
    ("vpc", "DescribeVpcs", {"PageSize": "50"}),
    ("vpc", "DescribeVpcs", {"PageSize": "50", "PageNumber": "7"}),
    ("ecs", "DescribeInstances", {"PageSize": "100"}),
    ("ecs", "DescribeInstances", {"PageSize": "100", "PageNumber": "40"}),
    ("ecs", "DescribeInstances", {"PageSize": "100", "VpcId": "{vpc}"}),
    ("ecs", "DescribeClassicLinkInstances", {"VpcId": "{vpc}", "PageSize": "100"}),
    ("ecs", "DescribeClassicLinkInstances", {"InstanceId": "{linked}"}),
    ("vpc", "DescribeVSwitches", {"VpcId": "{vpc}"}),
    ("ecs", "DescribeSecurityGroups", {"VpcId": "{vpc}"}),
    ("ecs", "AttachClassicLinkVpc", {"InstanceId": "{free}", "VpcId": "{vpc}"}),
    ("ecs", "DetachClassicLinkVpc", {"InstanceId": "{free}", "VpcId": "{vpc}"}),
    ("ecs", "CreateInstance", {"SecurityGroupId": "{group}", "InstanceType": "ecs.g6.large",
                               "ImageId": "ubuntu_22_04_x64_20G_alibase_20230907.vhd"}),
    ("ecs", "CreateInstance", {"VSwitchId": "{vswitch}", "SecurityGroupId": "{vpc_group}", "InstanceType": "ecs.g6.large",
                               "ImageId": "ubuntu_22_04_x64_20G_alibase_20230907.vhd"}),
    # A public address: each candidate looked up across accounts (the partial unique index, migration 23).
    ("ecs", "RunInstances", {"SecurityGroupId": "{group}", "InstanceType": "ecs.g6.large", "InternetMaxBandwidthOut": "5",
                             "ImageId": "ubuntu_22_04_x64_20G_alibase_20230907.vhd"}),
    ("vpc", "CreateVpc", {"CidrBlock": "192.168.0.0/16"}),
    ("ecs", "DescribeInstances", {"SecurityGroupId": "{group}"}),
    ("ecs", "DescribeSecurityGroups", {}),
    ("ecs", "JoinSecurityGroup", {"InstanceId": "{free}", "SecurityGroupId": "{group2}"}),
]  # fmt: skip


@pytest.mark.parametrize(("product", "action", "params"), REQUESTS, ids=[f"{r[1]}-{n}" for n, r in enumerate(REQUESTS)])
def test_every_statement_of_the_request_uses_an_index(
    seeded: tuple[Gateway, sqlite3.Connection, dict[str, str]], product: str, action: str, params: dict[str, str]
) -> None:
    gateway, conn, ids = seeded
    statements: list[str] = []
    # The gateway runs on this thread, on the store's connection for it: trace what that connection runs.
    store = gateway.runtime.store
    assert isinstance(store, SqliteStore)
    store._connection().set_trace_callback(statements.append)
    try:
        response = gateway.handle(_request(product, action, **{k: v.format(**ids) for k, v in params.items()}))
    finally:
        store._connection().set_trace_callback(None)
    assert response.status == 200, json.loads(response.body)
    problems = []
    for sql in statements:
        if not sql.lstrip().upper().startswith(("SELECT", "UPDATE", "DELETE")):
            continue
        plan = [row[3] for row in conn.execute(f"EXPLAIN QUERY PLAN {sql}")]
        for step in plan:
            table = step.split()[1] if step.startswith("SCAN ") else ""
            scanned = table in ENTITIES and table not in SMALL_TABLES
            # A group's members are sorted for their page: at most a group's capacity (2,000), not the region.
            sorted_page = "TEMP B-TREE FOR ORDER BY" in step and " LIMIT " in sql.upper() and "_members" not in sql
            # A walk of the account's whole region (a page index searched on its prefix) with no LIMIT to
            # stop it: a count or a filter the index cannot answer, as costly as a scan at a million rows.
            region_walk = step.endswith("(account_id=? AND region_id=?)") and " LIMIT " not in sql.upper()
            # A skip-scan: every account's entries of an index searched for each, LIMIT or not (an address
            # looked up across accounts on the page index, where no instance holds it, walks the whole region).
            skip_scan = "(ANY(" in step
            if scanned or sorted_page or region_walk or skip_scan:
                problems.append(f"{step}: {sql[:160]}")
    assert not problems, "\n".join(problems)


def test_start_up_refreshes_missing_or_outgrown_statistics(tmp_path: Path) -> None:
    """A file filled without ANALYZE (through the API, or by an older classiclink) gets planner statistics when
    a server starts on it, once a table is large; a small or freshly analysed one is left as it is."""
    path = str(tmp_path / "grown.db")
    store = SqliteStore(path)
    seed(store, SeedPlan(vpcs=2, vswitches_per_vpc=1, instances=12_000, linked=0.0))
    conn = sqlite3.connect(path)
    conn.execute("DROP TABLE sqlite_stat1")
    conn.commit()
    build_runtime(Settings(database=path), store=store)
    analysed = dict(conn.execute("SELECT idx, stat FROM sqlite_stat1 WHERE tbl = 'instances'").fetchall())
    assert 6_000 <= int(analysed["sqlite_autoindex_instances_1"].split()[0]) <= 24_000  # a sampled estimate
    # Analysed and not outgrown: a second start writes nothing.
    conn.execute("UPDATE sqlite_stat1 SET stat = '11000 1' WHERE idx = 'sqlite_autoindex_instances_1'")
    conn.commit()
    build_runtime(Settings(database=path), store=store)
    assert conn.execute("SELECT stat FROM sqlite_stat1 WHERE idx = 'sqlite_autoindex_instances_1'").fetchone() == (
        "11000 1",
    )
    conn.close()
    store.close()
