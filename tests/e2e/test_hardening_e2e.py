"""Bad input over the wire: each kind gets a documented Alibaba error in the normal envelope, never a 5xx,
never a hang, and changes nothing stored (api-spec §5.1, §5.7, §5.8).

The emulator's own limits (the docs give none; listed in docs/compatibility.md): body 1 MiB, 1,000
parameters, values 8,192 characters, names 256; request line and headers together 64 KiB, refused at the
HTTP layer (h11) in the JSON envelope, with the rest of the request drained. Requests are hand-signed (V1) or
written byte by byte, since the SDKs never send any of this.
"""

from __future__ import annotations

import json
import re
import socket
import time
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterator
from typing import Any

import pytest
import requests
from alibabacloud_vpc20160428 import models as vpc_models
from aliyunsdkvpc.request.v20160428.CreateVpcRequest import CreateVpcRequest

from support.raw import (
    STATE_TABLES,
    RawAnswer,
    exchange,
    query_string,
    read_only,
    request_bytes,
    send,
    signed,
    stored_state,
    table_names,
)
from support.sdk import Api, tea_vpc
from support.server import ServerProcess

pytestmark = pytest.mark.e2e

VPC = "2016-04-28"
ECS = "2014-05-26"
REGION = "cn-hangzhou"
REQUEST_ID = re.compile(r"[0-9A-F]{8}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{12}")
FORM = {"Content-Type": "application/x-www-form-urlencoded"}
MiB = 1024 * 1024

def unsupported(name: str) -> tuple[int, str, str]:
    return 400, "UnsupportedParameter", f'The parameter "{name}" is unsupported by this action.'

METHOD = (403, "UnsupportedHTTPMethod", "This http method is not supported.")


def invalid(name: str) -> tuple[int, str, str]:
    return 400, "InvalidParameter", f'The specified parameter "{name}" is not valid.'


def vpc_call(server: ServerProcess, action: str, method: str = "POST", **params: str) -> requests.Response:
    return send(server.url, {"Action": action, "Version": VPC, "Format": "JSON", "RegionId": REGION, **params}, method)


def ecs_call(server: ServerProcess, action: str, **params: str) -> requests.Response:
    return send(server.url, {"Action": action, "Version": ECS, "RegionId": REGION, **params}, "POST")


def expect_error(response: requests.Response | RawAnswer, expected: tuple[int, str, str]) -> dict[str, Any]:
    """The JSON error envelope: exactly RequestId, HostId, Code, Message, Recommend (api-spec §5.7)."""
    if isinstance(response, RawAnswer):
        status, content_type, body = response.status, response.headers.get("content-type"), response.body
    else:
        status, content_type, body = response.status_code, response.headers.get("content-type"), response.content
    document: dict[str, Any] = json.loads(body)
    assert (status, document.get("Code"), document.get("Message")) == expected, document
    assert content_type == "application/json;charset=utf-8"
    assert set(document) == {"RequestId", "HostId", "Code", "Message", "Recommend"}
    assert REQUEST_ID.fullmatch(document["RequestId"])
    return document


def expect_xml_error(response: requests.Response, expected: tuple[int, str, str]) -> None:
    assert response.headers["content-type"] == "text/xml;charset=utf-8"
    root = ET.fromstring(response.content)
    assert root.tag == "Error"
    assert (response.status_code, root.findtext("Code"), root.findtext("Message")) == expected
    assert REQUEST_ID.fullmatch(root.findtext("RequestId") or "") and root.findtext("HostId")


def still_serving(server: ServerProcess) -> None:
    response = vpc_call(server, "DescribeVpcs")
    assert response.status_code == 200 and "Vpcs" in response.json()


@pytest.fixture
def unchanged(server: ServerProcess) -> Iterator[None]:
    """The test's requests change nothing stored (nonces aside), and the server still serves afterwards."""
    before = stored_state(server.database)
    yield
    assert stored_state(server.database) == before
    still_serving(server)


@pytest.fixture(scope="module")
def strict() -> Iterator[ServerProcess]:
    """A server with --strict-parameters: undeclared parameters refused instead of ignored."""
    proc = ServerProcess("--transition-delay", "0", "--strict-parameters").start()
    yield proc
    proc.close()


@pytest.fixture
def vpc_id(server: ServerProcess) -> str:
    response = vpc_call(server, "CreateVpc", CidrBlock="172.16.0.0/16", VpcName="hardening")
    assert response.status_code == 200, response.text
    return str(response.json()["VpcId"])


# --- 1. parameters an action does not declare ----------------------------------------------------------------


@pytest.mark.parametrize("name", ["on", "Vpcname", "vpcName", "CidrBlocks", "Foo", "Tags.1.Key", "DataDisk.1.Size"])
def test_an_undeclared_parameter_is_ignored_like_the_real_gateway(server: ServerProcess, name: str) -> None:
    # footmark adds on=<Action> to nearly every call, against the real cloud: the gateway ignores it.
    response = vpc_call(server, "CreateVpc", CidrBlock="10.0.0.0/8", **{name: "x"})
    assert response.status_code == 200, response.text
    vpc = vpc_call(server, "DescribeVpcAttribute", VpcId=response.json()["VpcId"]).json()
    assert vpc["CidrBlock"] == "10.0.0.0/8"


def test_an_ignored_parameter_is_still_signed_over(server: ServerProcess, unchanged: None) -> None:
    fields = signed("POST", {"Action": "DescribeVpcs", "Version": VPC, "RegionId": REGION, "on": "DescribeVpcs"})
    fields["on"] = "tampered"
    answer = exchange(server.port, request_bytes("POST", "/?" + query_string(fields), FORM))
    assert answer.status == 400 and json.loads(answer.body)["Code"] == "SignatureDoesNotMatch"


@pytest.mark.parametrize("name", ["Vpcname", "vpcName", "CidrBlocks", "Foo", "Tags.1.Key", "DataDisk.1.Size"])
def test_strict_parameters_refuses_and_names_an_undeclared_parameter(strict: ServerProcess, name: str) -> None:
    before = stored_state(strict.database)
    response = vpc_call(strict, "CreateVpc", CidrBlock="10.0.0.0/8", **{name: "x"})
    expect_error(response, unsupported(name))
    assert stored_state(strict.database) == before


def test_strict_unsupported_parameter_in_the_ecs_default_xml_envelope(strict: ServerProcess) -> None:
    response = ecs_call(strict, "DescribeClassicLinkInstances", VpcId="vpc-x", Vpcid="vpc-x")
    expect_xml_error(response, unsupported("Vpcid"))


def test_sdk_parameters_the_emulator_ignores_are_accepted(server: ServerProcess) -> None:
    # Both SDKs can send these (IPAM, DNS hostnames, IPv6 ISP); refusing them would break valid SDK calls.
    request = CreateVpcRequest()
    request.set_CidrBlock("192.168.0.0/16")
    request.set_EnableDnsHostname(True)
    request.set_Ipv6Isp("BGP")
    request.set_Ipv4CidrMask(16)
    assert Api("legacy", server.endpoint).call(request)["VpcId"].startswith("vpc-")
    model = vpc_models.CreateVpcRequest(region_id=REGION, cidr_block="192.168.0.0/16", enable_dns_hostname=True,
                                        ipv_6isp="BGP", ipv_4ipam_pool_id="ipam-pool-1")  # fmt: skip
    tea = tea_vpc(server.endpoint).create_vpc(model)
    assert tea.body.vpc_id.startswith("vpc-")


# --- 2. sizes, encodings, duplicates, methods ------------------------------------------------------------------


def _signed_target(action: str = "CreateVpc", **params: str) -> str:
    fields = signed("POST", {"Action": action, "Version": VPC, "Format": "JSON", "RegionId": REGION, **params})
    return "/?" + query_string(fields)


def test_a_5_mib_body_is_refused_promptly(server: ServerProcess, unchanged: None) -> None:
    body = b"VpcName=" + b"a" * (5 * MiB)
    answer = exchange(server.port, request_bytes("POST", _signed_target(CidrBlock="10.0.0.0/8"), FORM, body))
    expect_error(answer, invalid("RequestBody"))
    assert answer.seconds < 3


def test_a_declared_length_over_the_limit_is_answered_before_the_body_arrives(
    server: ServerProcess, unchanged: None
) -> None:
    head = request_bytes("POST", _signed_target(), {**FORM, "Content-Length": str(5 * MiB)})
    answer = exchange(server.port, head)  # not one byte of the body is sent
    expect_error(answer, invalid("RequestBody"))
    assert answer.seconds < 3


def test_a_chunked_body_over_the_limit_is_refused(server: ServerProcess, unchanged: None) -> None:
    head = request_bytes("POST", _signed_target(), {**FORM, "Transfer-Encoding": "chunked"})
    chunk = b"a" * (512 * 1024)
    chunks = [b"%x\r\n%s\r\n" % (len(chunk), chunk)] * 4 + [b"0\r\n\r\n"]
    expect_error(exchange(server.port, head, chunks=chunks), invalid("RequestBody"))


def test_a_body_of_exactly_the_limit_is_read(server: ServerProcess, unchanged: None) -> None:
    # 130 parameters of about 8,060 characters (each under the value limit), the last one padded so the
    # body is exactly 1 MiB; all signed.
    extra = {f"P{n:03}": "a" * 8059 for n in range(130)}
    extra["P129"] += "a" * (MiB - len(query_string(extra)))
    body = query_string(extra).encode()
    assert len(body) == MiB
    fields = signed("POST", {"Action": "DescribeVpcs", "Version": VPC, "RegionId": REGION, **extra})
    target = "/?" + query_string({k: v for k, v in fields.items() if k not in extra})
    answer = exchange(server.port, request_bytes("POST", target, FORM, body))
    # Read whole and verified; its unknown names are then ignored, as the real gateway does.
    assert answer.status == 200 and "Vpcs" in json.loads(answer.body)


def test_a_stalled_body_does_not_block_other_clients(server: ServerProcess) -> None:
    with socket.create_connection(("127.0.0.1", server.port), timeout=10) as stalled:
        stalled.sendall(request_bytes("POST", "/", {**FORM, "Content-Length": "1000"}) + b"Action=Cre")
        time.sleep(0.2)
        start = time.monotonic()
        for _ in range(3):
            still_serving(server)
        assert time.monotonic() - start < 3
        stalled.settimeout(0.3)
        with pytest.raises(TimeoutError):
            stalled.recv(1)  # the stalled request is still waiting for its body, not answered half-read


def test_a_value_over_8192_characters(server: ServerProcess, unchanged: None) -> None:
    expect_error(vpc_call(server, "CreateVpc", VpcName="a" * 8193), invalid("VpcName"))
    in_body = {"Action": "DescribeVpcs", "Version": VPC, "RegionId": REGION, "VpcId": "v" * 100_000}
    expect_error(send(server.url, in_body, "POST", in_body=True), invalid("VpcId"))  # a form body holds more


def test_more_than_1000_parameters(server: ServerProcess, unchanged: None) -> None:
    many = {f"P{n}": "1" for n in range(1001)}
    expect_error(requests.get(server.url, params=many, timeout=10), invalid("QueryString"))
    response = requests.post(server.url, params={"Action": "DescribeVpcs"}, data=many, timeout=10)
    expect_error(response, invalid("RequestBody"))


NOT_UTF8 = {"ff": b"%FF", "bad-pair": b"%C3%28", "cut-short": b"%E4%B8", "surrogate": b"%ED%A0%80"}


@pytest.mark.parametrize("raw", NOT_UTF8.values(), ids=NOT_UTF8.keys())
def test_bytes_that_are_not_utf8(server: ServerProcess, unchanged: None, raw: bytes) -> None:
    target = _signed_target() + "&VpcName=" + raw.decode()
    expect_error(exchange(server.port, request_bytes("POST", target)), invalid("QueryString"))
    answer = exchange(server.port, request_bytes("POST", _signed_target(), FORM, b"VpcName=" + raw))
    expect_error(answer, invalid("RequestBody"))


def test_raw_bytes_that_are_not_utf8(server: ServerProcess, unchanged: None) -> None:
    answer = exchange(server.port, request_bytes("POST", _signed_target(), FORM, b"VpcName=\xff\xfe\x80"))
    expect_error(answer, invalid("RequestBody"))
    # Unencoded bytes in the request line are not HTTP: refused before parsing, still in the envelope.
    head = request_bytes("POST", "/").replace(b"/ ", b"/?VpcName=\xff ", 1)
    expect_error(exchange(server.port, head), invalid("RequestHeader"))


def test_a_parameter_given_twice(server: ServerProcess, unchanged: None) -> None:
    fields = signed("POST", {"Action": "CreateVpc", "Version": VPC, "RegionId": REGION, "VpcName": "one"})
    target = "/?" + query_string(fields) + "&VpcName=two"
    expect_error(exchange(server.port, request_bytes("POST", target)), invalid("VpcName"))


@pytest.mark.parametrize("method", ["PUT", "DELETE", "PATCH", "OPTIONS", "TRACE"])
def test_wrong_http_methods(server: ServerProcess, unchanged: None, method: str) -> None:
    response = send(server.url, {"Action": "CreateVpc", "Version": VPC, "RegionId": REGION}, method)
    expect_error(response, METHOD)


def test_a_url_beyond_the_head_limit_gets_the_envelope(server: ServerProcess, unchanged: None) -> None:
    answer = exchange(server.port, request_bytes("GET", "/?Action=DescribeVpcs&VpcName=" + "a" * 70_000))
    expect_error(answer, invalid("QueryString"))


def test_a_two_megabyte_query_string_is_answered_not_reset(server: ServerProcess, unchanged: None) -> None:
    # The client is still sending when the answer comes: the server drains the rest instead of resetting.
    response = requests.get(server.url + "?Action=DescribeVpcs&VpcName=" + "a" * 2_000_000, timeout=30)
    expect_error(response, invalid("QueryString"))


def test_headers_beyond_64_kib_are_refused_not_buffered(server: ServerProcess, unchanged: None) -> None:
    # 200 KiB of headers: the server must stop reading and refuse, not hold whatever a client sends.
    headers = {f"X-Padding-{n}": "a" * 1000 for n in range(200)}
    answer = exchange(server.port, request_bytes("GET", "/?Action=DescribeVpcs", headers))
    assert answer.seconds < 5
    expect_error(answer, invalid("RequestHeader"))  # refused at the HTTP layer, never parsed
    assert requests.get(server.url, timeout=5).status_code == 400  # still serving


def test_a_tls_handshake_on_the_plain_port_is_explained_in_the_log(server: ServerProcess) -> None:
    with pytest.raises(requests.exceptions.SSLError):
        requests.get(f"https://{server.endpoint}/", timeout=5, verify=False)
    deadline = time.monotonic() + 5
    while "this is plain HTTP; set protocol to http" not in server.log() and time.monotonic() < deadline:
        time.sleep(0.05)
    assert "this is plain HTTP; set protocol to http in your SDK config" in server.log()
    still_serving(server)


# --- 3. control characters and injection strings ---------------------------------------------------------------

CONTROLS = ["\x00", "\x01", "\x07", "\x08", "\t", "\n", "\x0b", "\r", "\x1b", "\x1f", "\x7f"]


@pytest.mark.parametrize("char", CONTROLS, ids=[f"U+{ord(c):04X}" for c in CONTROLS])
def test_control_characters_in_names_and_ids(server: ServerProcess, unchanged: None, char: str) -> None:
    expect_error(vpc_call(server, "CreateVpc", VpcName=f"name{char}x"), invalid("VpcName"))
    expect_error(vpc_call(server, "DescribeVpcAttribute", VpcId=f"vpc-{char}"), invalid("VpcId"))
    expect_error(vpc_call(server, "DescribeVpcs", **{"Tag.1.Key": f"k{char}"}), invalid("Tag.1.Key"))


def test_parameter_errors_come_in_the_envelope_the_caller_asked_for(server: ServerProcess, unchanged: None) -> None:
    # ECS answers XML by default (api-spec §5.2); Format=XML asks for it explicitly.
    expect_xml_error(ecs_call(server, "DescribeClassicLinkInstances", VpcId="vpc-\x01"), invalid("VpcId"))
    expect_xml_error(vpc_call(server, "DescribeVpcs", Format="XML", VpcName="a\x00"), invalid("VpcName"))
    fields = signed("POST", {"Action": "DescribeVpcs", "Version": VPC, "Format": "XML", "RegionId": REGION})
    response = requests.post(server.url, params=fields, data={"RegionId": REGION}, timeout=10)
    expect_xml_error(response, invalid("RegionId"))


def test_descriptions_keep_line_breaks_and_refuse_other_controls(server: ServerProcess) -> None:
    text = "first line\r\nsecond\tline\n"
    response = vpc_call(server, "CreateVpc", CidrBlock="172.16.0.0/16", Description=text)
    assert response.status_code == 200, response.text
    vpc_id = response.json()["VpcId"]
    assert vpc_call(server, "DescribeVpcAttribute", VpcId=vpc_id).json()["Description"] == text
    xml = ET.fromstring(vpc_call(server, "DescribeVpcAttribute", VpcId=vpc_id, Format="XML").content)
    assert xml.findtext("Description") == text.replace("\r\n", "\n")  # XML parsers normalise CR LF
    before = stored_state(server.database)
    for char in ("\x00", "\x01", "\x1b", "\x7f"):
        response = vpc_call(server, "ModifyVpcAttribute", VpcId=vpc_id, Description=f"x{char}y")
        expect_error(response, invalid("Description"))
    assert stored_state(server.database) == before


def test_json_lists_nested_too_deep_or_with_escaped_controls(server: ServerProcess, unchanged: None) -> None:
    for raw in ("[" * 4000 + "]" * 4000, '["i-1\\u0000"]', '["\\ud800"]'):
        response = send(server.url, {"Action": "DescribeInstances", "Version": ECS, "Format": "JSON",
                                     "RegionId": REGION, "InstanceIds": raw}, "POST")  # fmt: skip
        expect_error(response, invalid("InstanceIds"))


INJECTIONS = ["' OR 1=1 --", '"; DROP TABLE vpcs; --', "../../etc/passwd", "<script>alert(1)</script>",
              "vpc-1' UNION SELECT secret FROM access_keys --", "%00", "${jndi:ldap://x}"]  # fmt: skip


@pytest.mark.parametrize("text", INJECTIONS)
def test_injection_strings_in_ids_match_nothing(server: ServerProcess, vpc_id: str, unchanged: None, text: str) -> None:
    not_found = (404, "InvalidVpcId.NotFound", "Specified VPC does not exist.")
    expect_error(vpc_call(server, "DescribeVpcAttribute", VpcId=text), not_found)
    expect_error(vpc_call(server, "DeleteVpc", VpcId=text), not_found)
    expect_error(vpc_call(server, "EnableVpcClassicLink", VpcId=text), not_found)
    listed = vpc_call(server, "DescribeVpcs", VpcId=text).json()
    assert listed["TotalCount"] == 0 and listed["Vpcs"]["Vpc"] == []
    instance = (403, "InvalidInstanceId.NotFound", "The InstanceId provided does not exist in our records.")
    response = send(server.url, {"Action": "AttachClassicLinkVpc", "Version": ECS, "Format": "JSON",
                                 "RegionId": REGION, "InstanceId": text, "VpcId": vpc_id}, "POST")  # fmt: skip
    expect_error(response, instance)


@pytest.mark.parametrize("text", INJECTIONS)
def test_injection_strings_in_names_fail_the_name_pattern(server: ServerProcess, unchanged: None, text: str) -> None:
    response = vpc_call(server, "CreateVpc", CidrBlock="172.16.0.0/16", VpcName=text)
    expect_error(response, (400, "InvalidVpcName.Malformed", "Specified VPC name is not valid."))
    listed = vpc_call(server, "DescribeVpcs", VpcName=text).json()
    assert listed["TotalCount"] == 0


def test_the_tables_are_all_still_there(server: ServerProcess, vpc_id: str) -> None:
    for text in INJECTIONS:
        vpc_call(server, "DescribeVpcAttribute", VpcId=text)
        vpc_call(server, "CreateVpc", VpcName=text)
    with read_only(server.database) as conn:
        tables = table_names(conn)
        assert set(STATE_TABLES) <= tables
        assert conn.execute("SELECT COUNT(*) FROM vpcs WHERE id = ?", (vpc_id,)).fetchone()[0] == 1
    conn.close()


# --- 4. secrets never leave the server -------------------------------------------------------------------------

ADMIN_TOKEN = "hardening-admin-token-7f3a9c"
CHOSEN_SECRET = "hardening-chosen-secret-51d2e8"


def test_secrets_never_appear_in_the_log_or_an_answer(make_server: Callable[..., ServerProcess]) -> None:
    proc = make_server("--log-level", "debug", "--transition-delay", "0", "--admin-token", ADMIN_TOKEN)
    bodies: list[bytes] = []

    def keep(response: requests.Response) -> requests.Response:
        bodies.append(response.content)
        return response

    admin = f"{proc.url}_classiclink/admin/accounts/1000000000000001/access-keys"
    auth = {"Authorization": f"Bearer {ADMIN_TOKEN}"}
    created = requests.post(admin, json={"AccessKeyId": "hardening-key", "AccessKeySecret": CHOSEN_SECRET},
                            headers=auth, timeout=10)  # fmt: skip
    assert created.status_code == 201 and created.json()["AccessKeySecret"] == CHOSEN_SECRET  # its one answer
    keep(requests.get(admin, headers=auth, timeout=10))
    keep(requests.get(admin, headers={"Authorization": "Bearer wrong-token"}, timeout=10))
    keep(requests.post(admin, data=b"{not json", headers=auth, timeout=10))
    for key, secret in (("testid", "testsecret"), ("hardening-key", CHOSEN_SECRET), ("hardening-key", "wrong"),
                        ("testid", "also-wrong"), ("no-such-key", "x")):  # fmt: skip
        for method in ("POST", "GET"):
            fields = signed(method, {"Action": "DescribeVpcs", "Version": VPC, "RegionId": REGION}, key, secret)
            keep(requests.request(method, proc.url, params=fields, timeout=10))
        keep(requests.post(proc.url, params=signed("POST", {"Action": "CreateVpc", "Version": VPC,
                                                            "RegionId": REGION, "Bogus": "1"}, key, secret),
                           timeout=10))  # fmt: skip
    log = proc.log()
    assert "string to sign" in log and "DEBUG" in log  # the debug lines about the mismatches were written ...
    for secret in (ADMIN_TOKEN, CHOSEN_SECRET, "testsecret"):
        assert secret not in log  # ... and no secret with them
        for body in bodies:
            assert secret.encode() not in body
