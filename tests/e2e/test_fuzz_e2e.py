"""Property-based fuzzing of a real server: random and malformed requests for every registered action.

Each request is a random subset of the action's declared parameters (sometimes with every required one
filled from real resources created in setup), with values drawn from real IDs, random and huge text,
unicode, control characters, out-of-range numbers, bad booleans, bad JSON lists and injection strings;
sent V1-signed correctly, with a wrong secret, unsigned, or V3-signed; by random methods, with random
Format values, in the query or a form body, sometimes with a parameter given twice or an unknown one.

For every answer (api-spec §5.6–5.8): the status is below 500; the body is the documented envelope —
JSON with ``RequestId`` and either the success fields or exactly HostId/Code/Message/Recommend, or XML
when XML was asked for; the server keeps serving. At the end the SQLite database, read directly and
read-only, must hold the ClassicLink invariants (rules L1–L8): every link's instance exists, is classic,
and is in the same account and region as its VPC; that VPC exists and has ClassicLink enabled; no VPC
has more than 1,000 links; an instance has at most one link. No disk is attached to a deleted instance,
every instance has at most one system disk (a system disk can be detached from a stopped instance), at
most 16 data disks, and every attached disk shares its instance's zone. Custom images keep their snapshots; key pair names are unique.

Bounded for CI: about 390 requests (10 per action, 40 unknown actions, 30 of raw bytes), derandomized
(the same requests every run); a few seconds.
"""

from __future__ import annotations

import json
import re
import sqlite3
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

import pytest
import requests
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from classiclink.actions import load_all
from classiclink.actions.spec import REGISTRY, ActionSpec, Param
from support.raw import ECS, VPC, Rpc, read_only, signed, v3_request
from support.server import ServerProcess

pytestmark = pytest.mark.e2e

load_all()
ACTIONS = sorted(REGISTRY)
REGION = "cn-hangzhou"
ZONE = "cn-hangzhou-b"
REQUEST_ID = re.compile(r"[0-9A-F]{8}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{12}")
JSON_TYPE = "application/json;charset=utf-8"
XML_TYPE = "text/xml;charset=utf-8"
SUCCESS_CODES = ("200", "OK", "Success", "success")
ERROR_FIELDS = {"RequestId", "HostId", "Code", "Message", "Recommend"}
FUZZ = settings(
    max_examples=10,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much],
)


# --- the server and the resources the fuzzer aims at ------------------------------------------------------


@dataclass
class Target:
    server: ServerProcess
    # Known IDs by kind; grown with every ID a successful answer names.
    ids: dict[str, list[str]] = field(default_factory=dict)
    # A linked VPC and instance the fuzzer is never told about: their link must survive it untouched.
    protected: set[str] = field(default_factory=set)
    protected_link: tuple[str, str] = ("", "")

    def learn(self, document: Any) -> None:
        if isinstance(document, dict):
            for key, value in document.items():
                kind = id_kind(key)
                known = self.ids.setdefault(kind, []) if kind else []
                if kind and isinstance(value, str) and value and value not in known and value not in self.protected:
                    self.ids[kind].append(value)
                self.learn(value)
        elif isinstance(document, list):
            for item in document:
                self.learn(item)


def id_kind(name: str) -> str | None:
    """What kind of resource a parameter or response field names (by its last dotted part)."""
    last = name.rsplit(".", 1)[-1]
    for kind in ("VSwitchId", "SecurityGroupId", "RouteTableId", "VRouterId", "InstanceId", "VpcId", "ZoneId"):
        if last == kind:
            return kind
    return None


@pytest.fixture(scope="module")
def target() -> Iterator[Target]:
    proc = ServerProcess("--transition-delay", "0", "--vpc-quota", "1000").start()
    try:
        rpc = Rpc(proc.url)
        t = Target(proc)
        linked = rpc.ok("CreateVpc", VPC, RegionId=REGION, CidrBlock="172.16.0.0/16", VpcName="fuzz-linked")
        rpc.ok("EnableVpcClassicLink", VPC, RegionId=REGION, VpcId=linked["VpcId"])
        plain = rpc.ok("CreateVpc", VPC, RegionId=REGION, CidrBlock="192.168.0.0/16", VpcName="fuzz-plain")
        vswitch = rpc.ok("CreateVSwitch", VPC, RegionId=REGION, VpcId=plain["VpcId"], ZoneId=ZONE,
                         CidrBlock="192.168.1.0/24")  # fmt: skip
        classic_group = rpc.ok("CreateSecurityGroup", ECS, RegionId=REGION, SecurityGroupName="fuzz-classic")
        vpc_group = rpc.ok("CreateSecurityGroup", ECS, RegionId=REGION, VpcId=plain["VpcId"])
        # A rule naming the classic group: fuzzed DeleteSecurityGroup calls meet the dependency.
        referring = rpc.ok("CreateSecurityGroup", ECS, RegionId=REGION, SecurityGroupName="fuzz-referring")
        rpc.ok("AuthorizeSecurityGroup", ECS, RegionId=REGION, SecurityGroupId=referring["SecurityGroupId"],
               IpProtocol="tcp", PortRange="22/22", SourceGroupId=classic_group["SecurityGroupId"])  # fmt: skip
        instance = {"InstanceType": "ecs.t1.small", "ImageId": "centos_7_9_x64_20G_alibase_20230718.vhd"}
        classic = [rpc.ok("CreateInstance", ECS, RegionId=REGION, SecurityGroupId=classic_group["SecurityGroupId"],
                          **instance) for _ in range(3)]  # fmt: skip
        rpc.ok("CreateInstance", ECS, RegionId=REGION, SecurityGroupId=vpc_group["SecurityGroupId"],
               VSwitchId=vswitch["VSwitchId"], ZoneId=ZONE, **instance)  # fmt: skip
        rpc.ok("StartInstance", ECS, RegionId=REGION, InstanceId=classic[1]["InstanceId"])
        # An instance deleted before the fuzzing starts leaves a detached data disk behind.
        gone = rpc.ok("CreateInstance", ECS, RegionId=REGION, SecurityGroupId=classic_group["SecurityGroupId"],
                      **{"DataDisk.1.Size": "20", "DataDisk.1.DeleteWithInstance": "false"}, **instance)  # fmt: skip
        rpc.ok("DeleteInstance", ECS, RegionId=REGION, InstanceId=gone["InstanceId"])
        rpc.ok("AttachClassicLinkVpc", ECS, RegionId=REGION, InstanceId=classic[0]["InstanceId"], VpcId=linked["VpcId"])
        t.protected_link = (classic[0]["InstanceId"], linked["VpcId"])
        t.protected = set(t.protected_link)
        for action, version in (("DescribeVpcs", VPC), ("DescribeVSwitches", VPC), ("DescribeInstances", ECS),
                                ("DescribeSecurityGroups", ECS), ("DescribeRouteTableList", VPC)):  # fmt: skip
            t.learn(rpc.ok(action, version, RegionId=REGION, PageSize="50"))
        t.ids.setdefault("ZoneId", []).append(ZONE)
        assert {"VpcId", "InstanceId", "VSwitchId", "SecurityGroupId"} <= set(t.ids), t.ids
        yield t
    finally:
        proc.close()


# --- random values ------------------------------------------------------------------------------------------

INJECTIONS = ["' OR 1=1 --", '"; DROP TABLE vpcs; --', "../../etc/passwd", "<script>alert(1)</script>",
              "]]><x>", "&amp;&#0;", "%00", "{{7*7}}", "\\", "vpc-x' UNION SELECT secret FROM access_keys --"]  # fmt: skip
NUMBERS = ["0", "-1", "1", "10", "50", "51", "100", "101", "1000", "2147483648", "99999999999999999999", "1e3",
           "0x10", " 5", "+3", "NaN", "-0", "٣"]  # fmt: skip
BOOLEANS = ["true", "false", "True", "FALSE", "yes", "1", "", " true", "null"]
JSON_LISTS = ["[]", '["i-1"]', "[", '["a",1]', '{"a":1}', "null", '"i-1"', "[[]]", json.dumps(["x"] * 101),
              "[" * 4000 + "]" * 4000, '["\\ud800"]', '["\\u0000"]']  # fmt: skip
REGIONS = [REGION, REGION, "cn-beijing", "us-east-1", "ap-south-1", "xx-nowhere-1", "CN-HANGZHOU", ""]
CONTROL = st.sampled_from([chr(c) for c in range(0x20)] + ["\x7f", "\ufffe", "\uffff"])

# A value is drawn as a recipe and made concrete with the target's known IDs at send time, so IDs
# learnt during the run are used too.
Recipe = tuple[str, Any]


def mild_recipes() -> st.SearchStrategy[Recipe]:
    """Values a careful caller might send: real IDs, regions, numbers, booleans, printable text, injections."""
    return st.one_of(
        st.tuples(st.just("id"), st.integers(0, 1000)),
        st.tuples(st.just("id"), st.integers(0, 1000)),
        st.tuples(st.just("ids"), st.lists(st.integers(0, 1000), max_size=4)),
        st.tuples(st.just("region"), st.sampled_from(REGIONS)),
        st.tuples(st.just("text"), st.sampled_from(INJECTIONS + NUMBERS + BOOLEANS + JSON_LISTS)),
        st.tuples(
            st.just("text"),
            st.text(st.characters(codec="utf-8", min_codepoint=0x20, exclude_characters="\x7f"), max_size=30),
        ),
    )


def wild_recipes() -> st.SearchStrategy[Recipe]:
    """Anything: any unicode, control characters, values past the length limit, as well as the mild ones."""
    return st.one_of(
        mild_recipes(),
        # Any character UTF-8 can carry (lone surrogates cannot be sent; their bytes are in test_hardening_e2e).
        st.tuples(st.just("text"), st.text(st.characters(codec="utf-8"), max_size=40)),
        st.tuples(st.just("control"), st.tuples(st.text(max_size=5), CONTROL)),
        st.tuples(st.just("huge"), st.sampled_from([300, 8192, 8193, 20_000])),
    )


def concrete(name: str, recipe: Recipe, t: Target) -> str:
    kind, arg = recipe
    if kind == "id":
        pool = t.ids.get(id_kind(name) or "", []) or [i for ids in t.ids.values() for i in ids]
        return pool[arg % len(pool)]
    if kind == "ids":
        pool = t.ids.get("InstanceId", [])
        chosen = [pool[i % len(pool)] for i in arg]
        return json.dumps(chosen) if name.endswith("Ids") or name.endswith("Addresses") else ",".join(chosen)
    if kind == "control":
        return f"{arg[0]}{arg[1]}x"
    if kind == "huge":
        return "a" * int(arg)
    return str(arg)


def wire_names(param: Param) -> list[str]:
    """The names a declared parameter can take on the wire."""
    if param.repeat_fields:
        return [f"{param.name}.1.{f}" for f in param.repeat_fields] + [f"{param.name}.2.{param.repeat_fields[0]}"]
    return [param.name.replace(".N", ".1")]


def good_value(name: str, t: Target) -> str:
    """A plausible valid value for a required parameter."""
    kind = id_kind(name)
    if name == "RegionId":
        return REGION
    if kind and t.ids.get(kind):
        return t.ids[kind][0]
    return {"CidrBlock": "172.17.0.0/16", "DestinationCidrBlock": "10.0.0.0/8", "InstanceType": "ecs.t1.small",
            "ImageId": "centos_7_9_x64_20G_alibase_20230718.vhd", "NextHopType": "Instance"}.get(name, "x")  # fmt: skip


@dataclass(frozen=True)
class Plan:
    """One request, before the target's IDs make its values concrete."""

    base: bool  # start from every required parameter with a plausible value
    chosen: list[tuple[str, Recipe]]
    signing: str  # v1 / wrong / unsigned / v3
    method: str
    fmt: str | None
    in_body: bool
    duplicate: bool
    unknown: bool
    host: str | None


@st.composite
def plans(draw: st.DrawFn, spec: ActionSpec) -> Plan:
    """Half the plans are careful (every required parameter, signed, GET/POST, a real Format, mild values),
    so requests reach the actions' own rules; the other half are anything at all."""
    names = sorted({n for p in spec.params for n in wire_names(p)} | {"RegionId", "ClientToken", "DryRun"})
    if draw(st.booleans()):
        picked = draw(st.lists(st.sampled_from(names), max_size=3, unique=True))
        return Plan(
            base=True,
            chosen=[(name, draw(mild_recipes())) for name in picked],
            signing=draw(st.sampled_from(["v1", "v1", "v3"])),
            method=draw(st.sampled_from(["POST", "GET"])),
            fmt=draw(st.sampled_from([None, "JSON", "XML", "json", "xml"])),
            in_body=draw(st.booleans()),
            duplicate=False,
            unknown=False,
            host=None,
        )
    picked = draw(st.lists(st.sampled_from(names), max_size=6, unique=True))
    return Plan(
        base=draw(st.booleans()),
        chosen=[(name, draw(wild_recipes())) for name in picked],
        signing=draw(st.sampled_from(["v1", "v1", "wrong", "unsigned", "v3"])),
        method=draw(st.sampled_from(["POST", "POST", "GET", "PUT", "DELETE", "PATCH"])),
        fmt=draw(st.sampled_from([None, None, "JSON", "XML", "xml", "json", "yaml", "XML\x01"])),
        in_body=draw(st.booleans()),
        duplicate=draw(st.integers(0, 9)) == 0,
        unknown=draw(st.integers(0, 9)) == 0,
        host=draw(st.sampled_from([None, None, None, "ecs.aliyuncs.com", "<h&x>", "ü.example:80"])),
    )


# --- sending and checking -----------------------------------------------------------------------------------


def send(t: Target, action: str, version: str, plan: Plan) -> requests.Response:
    spec = REGISTRY.get((version, action))
    params: dict[str, str] = {}
    if plan.base and spec is not None:
        params.update({p.name: good_value(p.name, t) for p in spec.params if p.required})
    params.update({name: concrete(name, recipe, t) for name, recipe in plan.chosen})
    if plan.unknown:
        params["NotAParameter"] = "1"
    url = t.server.url
    if plan.signing == "v3":
        # V3 carries the parameters in the URL; past the HTTP server's URL limit the emulator never sees it.
        assume(len(urlencode(params)) <= 30_000)
        v3 = v3_request(url, action, version, params)
        return requests.post(v3.url, params=v3.query, headers=v3.headers, data=v3.body, timeout=15)
    fields = {"Action": action, "Version": version, **params}
    if plan.fmt is not None:
        fields["Format"] = plan.fmt
    if plan.signing == "v1":
        fields = signed(plan.method, fields)
    elif plan.signing == "wrong":
        fields = signed(plan.method, fields, secret="not-the-secret")
    headers = {"Host": plan.host} if plan.host else {}
    # Big requests go in the body: a URL past the HTTP server's own limit never reaches the emulator.
    query, body = ({}, fields) if plan.in_body or len(urlencode(fields)) > 30_000 else (fields, {})
    if plan.duplicate:
        name = sorted(fields)[0]
        query, body = {**query, name: fields[name]}, {**body, name: fields[name]}
    return requests.request(plan.method, url, params=query, data=body, headers=headers, timeout=15)


def expected_format(plan: Plan, action: str, version: str) -> str:
    """Which envelope the answer must use (api-spec §5.2, §5.7): V3 and refused methods always JSON; V1
    follows Format (any case), and without one ECS's documented default XML for an action it serves."""
    if plan.signing == "v3" or plan.method not in ("GET", "POST"):
        return JSON_TYPE
    if (plan.fmt or "").upper() == "XML":
        return XML_TYPE
    if plan.fmt is None and version == ECS and (version, action) in REGISTRY:
        return XML_TYPE
    return JSON_TYPE


def check(t: Target, response: requests.Response, action: str, version: str, plan: Plan | None) -> None:
    """``plan`` None: a request of raw bytes, whose envelope format is not predicted."""
    status, content_type = response.status_code, response.headers.get("content-type")
    assert status < 500, f"{status} {response.text[:500]}"
    assert content_type in (JSON_TYPE, XML_TYPE), content_type
    if plan is not None:
        assert content_type == expected_format(plan, action, version), (status, response.text[:300])
    if content_type == XML_TYPE:
        root = ET.fromstring(response.content)
        if status == 200:
            assert root.tag == f"{action}Response"
        else:
            assert root.tag == "Error"
            assert {child.tag for child in root} == ERROR_FIELDS
            assert root.findtext("Code") and root.findtext("Message") is not None
        assert REQUEST_ID.fullmatch(root.findtext("RequestId") or "")
        return
    document = response.json()
    assert isinstance(document, dict) and REQUEST_ID.fullmatch(document.get("RequestId", ""))
    if status == 200:
        # Node pop-core reads any other Code as an error even on 200 (sdk-wire §4); DescribeRouteTableList
        # documents Code "200" in its success body.
        assert document.get("Code", "200") in SUCCESS_CODES, document
        t.learn(document)
    else:
        assert set(document) == ERROR_FIELDS, document
        assert document["Code"] and isinstance(document["Message"], str)
        assert 400 <= status < 500


# --- the properties -------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("version", "action"), ACTIONS, ids=[f"{v}-{a}" for v, a in ACTIONS])
def test_random_requests_for_every_action(target: Target, version: str, action: str) -> None:
    @FUZZ
    @given(plan=plans(REGISTRY[(version, action)]))
    def fuzz(plan: Plan) -> None:
        check(target, send(target, action, version, plan), action, version, plan)

    fuzz()


UNREGISTERED = st.sampled_from([("2016-04-28", "DescribeVpcz"), ("2014-05-26", "EnableVpcClassicLink"),
                                ("2099-01-01", "DescribeVpcs"), ("", ""), ("2016-04-28", "<script>"),
                                ("2016-04-28", "' OR 1=1 --"), ("2014-05-26", "CreateVpc")])  # fmt: skip
ANY_SPEC = REGISTRY[(VPC, "DescribeVpcs")]


@settings(FUZZ, max_examples=40)
@given(key=UNREGISTERED, plan=plans(ANY_SPEC))
def test_random_requests_for_unknown_actions_and_versions(target: Target, key: tuple[str, str], plan: Plan) -> None:
    version, action = key
    check(target, send(target, action, version, plan), action, version, plan)


@settings(FUZZ, max_examples=30)
@given(body=st.binary(max_size=300), query=st.binary(max_size=100), form=st.booleans())
def test_random_bytes(target: Target, body: bytes, query: bytes, form: bool) -> None:
    headers = {"Content-Type": "application/x-www-form-urlencoded"} if form else {}
    target_url = target.server.url + "?" + "".join(f"%{b:02X}" for b in query)
    response = requests.post(target_url, data=body, headers=headers, timeout=15)
    check(target, response, "", "", None)


# --- afterwards -------------------------------------------------------------------------------------------------


def test_the_server_still_serves_and_logged_no_internal_error(target: Target) -> None:
    assert Rpc(target.server.url).ok("DescribeRegions", VPC)["Regions"]
    log = target.server.log()
    assert "Traceback" not in log and "internal error" not in log.lower(), log[-3000:]


def test_stored_state_keeps_the_classiclink_invariants(target: Target) -> None:
    with read_only(target.server.database) as conn:
        conn.row_factory = sqlite3.Row
        links = conn.execute("SELECT * FROM links").fetchall()
        assert target.protected_link in {(row["id"], row["vpc_id"]) for row in links}
        for link in links:
            instance = conn.execute("SELECT * FROM instances WHERE id = ?", (link["id"],)).fetchone()
            vpc = conn.execute("SELECT * FROM vpcs WHERE id = ?", (link["vpc_id"],)).fetchone()
            assert instance is not None, f"link to a missing instance: {dict(link)}"
            assert vpc is not None, f"link to a missing VPC: {dict(link)}"
            assert instance["network_type"] == "classic", dict(instance)
            assert instance["account_id"] == vpc["account_id"] == link["account_id"]
            assert instance["region_id"] == vpc["region_id"] == link["region_id"]
            assert vpc["classic_link_enabled"] == 1, dict(vpc)
        per_vpc = conn.execute("SELECT vpc_id, COUNT(*) FROM links GROUP BY vpc_id").fetchall()
        assert all(count <= 1000 for _, count in per_vpc)
        # Schema 10: a public address is held by one instance of a region; a PrePaid instance expires after it began.
        public = conn.execute("SELECT region_id, public_ip, COUNT(*) FROM instances WHERE public_ip <> '' "
                              "GROUP BY region_id, public_ip HAVING COUNT(*) > 1").fetchall()  # fmt: skip
        assert public == []
        prepaid = conn.execute("SELECT id FROM instances WHERE instance_charge_type = 'PrePaid' "
                               "AND expires_at <= created_at").fetchall()  # fmt: skip
        assert prepaid == []
        # Schema 12: pay-as-you-go instances have no expiry and no renewal; classic instances carry no RAM role
        # and no vSwitch (ModifyInstanceVpcAttribute and AttachInstanceRamRole refuse them).
        postpaid = conn.execute("SELECT id FROM instances WHERE instance_charge_type = 'PostPaid' "
                                "AND (expires_at <> 0 OR renewal_status <> 'Normal')").fetchall()  # fmt: skip
        assert postpaid == []
        classic = conn.execute("SELECT id FROM instances WHERE network_type = 'classic' "
                               "AND (ram_role_name <> '' OR vswitch_id <> '' OR vpc_id <> '')").fetchall()  # fmt: skip
        assert classic == []
        ids = [row["id"] for row in links]
        assert len(ids) == len(set(ids))  # one link per instance (the primary key)
        check_disks(conn)
        check_catalogue(conn)
        check_rules(conn)
        check_network(conn)
    conn.close()


def check_catalogue(conn: sqlite3.Connection) -> None:
    """Every snapshot a custom image is made of still exists, in the image's account and region (DeleteSnapshot
    refuses one an image uses: SnapshotCreatedImage); key pair names are unique per account and region."""
    for image in conn.execute("SELECT * FROM images").fetchall():
        for snapshot_id in json.loads(image["snapshot_ids"]):
            snapshot = conn.execute("SELECT * FROM snapshots WHERE id = ?", (snapshot_id,)).fetchone()
            assert snapshot is not None, f"image {image['id']} lost its snapshot {snapshot_id}"
            assert (snapshot["account_id"], snapshot["region_id"]) == (image["account_id"], image["region_id"])
    names = conn.execute("SELECT account_id, region_id, name, COUNT(*) FROM key_pairs GROUP BY 1, 2, 3").fetchall()
    assert all(row[3] == 1 for row in names)



def check_rules(conn: sqlite3.Connection) -> None:
    """Every rule belongs to a stored group and names only stored groups; no group holds more than 200
    rules, or more than 20 naming a group (AuthorizeSecurityGroup's documented limits)."""
    groups = {row["id"] for row in conn.execute("SELECT id FROM security_groups").fetchall()}
    for rule in conn.execute("SELECT * FROM security_group_rules").fetchall():
        assert rule["security_group_id"] in groups, f"rule of a deleted group: {dict(rule)}"
        for peer in (rule["source_group_id"], rule["dest_group_id"]):
            assert not peer or peer in groups, f"rule naming a deleted group: {dict(rule)}"
    per_group = conn.execute("SELECT security_group_id, COUNT(*) FROM security_group_rules GROUP BY 1").fetchall()
    assert all(count <= 200 for _, count in per_group)
    naming = conn.execute("SELECT security_group_id, COUNT(*) FROM security_group_rules "
                          "WHERE source_group_id <> '' OR dest_group_id <> '' GROUP BY 1").fetchall()  # fmt: skip
    assert all(count <= 20 for _, count in naming)


def check_disks(conn: sqlite3.Connection) -> None:
    """No disk is attached to a deleted instance; an instance has at most one system disk, at /dev/xvda, and
    at most 16 data disks (AttachDisk's limit), all in its zone."""
    disks = conn.execute("SELECT * FROM disks").fetchall()
    assert any(d["instance_id"] == "" for d in disks), "the setup's detached disk is missing"
    for disk in disks:
        if not disk["instance_id"]:
            assert disk["device"] == ""
            # Only a system disk detached with DeleteWithInstance still names the instance it goes with.
            if disk["disk_type"] == "data":
                assert disk["origin_instance_id"] == ""
            continue
        instance = conn.execute("SELECT * FROM instances WHERE id = ?", (disk["instance_id"],)).fetchone()
        assert instance is not None, f"disk attached to a deleted instance: {dict(disk)}"
        assert (instance["account_id"], instance["region_id"], instance["zone_id"]) == (
            disk["account_id"], disk["region_id"], disk["zone_id"])  # fmt: skip
    for instance in conn.execute("SELECT id FROM instances").fetchall():
        attached = conn.execute("SELECT disk_type, device FROM disks WHERE instance_id = ?", (instance["id"],)).fetchall()
        assert [d["device"] for d in attached if d["disk_type"] == "system"] in ([], ["/dev/xvda"]), instance["id"]
        assert sum(1 for d in attached if d["disk_type"] == "data") <= 16, instance["id"]
        devices = [d["device"] for d in attached]
        assert len(devices) == len(set(devices)) <= 17


def check_network(conn: sqlite3.Connection) -> None:
    """No EIP is associated with a deleted instance or ENI, nor with a classic instance; no ENI is attached to
    a deleted instance; every VPC instance has exactly one primary ENI carrying its address; a vSwitch's
    addresses are held once (an instance's own, or an ENI's row in private_addresses, never both)."""
    for eip in conn.execute("SELECT * FROM eip_addresses WHERE instance_id <> ''").fetchall():
        if eip["instance_type"] == "EcsInstance":
            instance = conn.execute("SELECT * FROM instances WHERE id = ?", (eip["instance_id"],)).fetchone()
            assert instance is not None and instance["network_type"] == "vpc", dict(eip)
        else:
            eni = conn.execute("SELECT * FROM network_interfaces WHERE id = ?", (eip["instance_id"],)).fetchone()
            assert eni is not None and eni["interface_type"] == "Secondary", dict(eip)
    per_instance = conn.execute("SELECT instance_id, COUNT(*) FROM eip_addresses WHERE instance_type = "
                                "'EcsInstance' GROUP BY instance_id").fetchall()  # fmt: skip
    assert all(count == 1 for _, count in per_instance)
    for eni in conn.execute("SELECT * FROM network_interfaces WHERE instance_id <> ''").fetchall():
        instance = conn.execute("SELECT * FROM instances WHERE id = ?", (eni["instance_id"],)).fetchone()
        assert instance is not None, f"ENI attached to a deleted instance: {dict(eni)}"
        assert (instance["vpc_id"], instance["zone_id"]) == (eni["vpc_id"], eni["zone_id"])
    for instance in conn.execute("SELECT * FROM instances WHERE network_type = 'vpc'").fetchall():
        primary = conn.execute("SELECT primary_ip FROM network_interfaces WHERE instance_id = ? AND "
                               "interface_type = 'Primary'", (instance["id"],)).fetchall()  # fmt: skip
        assert [row["primary_ip"] for row in primary] == [instance["private_ip"]], instance["id"]
    clashes = conn.execute("SELECT a.address FROM private_addresses a JOIN instances i ON "
                           "i.vswitch_id = a.vswitch_id AND i.private_ip = a.address").fetchall()  # fmt: skip
    assert clashes == []

