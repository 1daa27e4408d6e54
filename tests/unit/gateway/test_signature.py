"""Tests for classiclink.gateway.signature against documented and captured values.

Expected strings and signatures come from api-spec §5.4/§5.5 (official worked examples and the
derived vectors listed there) and from real SDK requests captured on the wire (tests/data/captured/:
the legacy Python SDK, Node pop-core and the Tea SDK, V1 and V3, each with the string to sign the SDK
computed), never from this module's own output.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import parse_qsl, urlsplit

import pytest

from classiclink.gateway.signature import (
    V3Authorization,
    parse_v3_authorization,
    percent_encode,
    sha256_hex,
    signatures_equal,
    v1_signature,
    v1_string_to_sign,
    v3_canonical_request,
    v3_signature,
    v3_string_to_sign,
)

CAPTURED = Path(__file__).resolve().parents[2] / "data" / "captured"
CAPTURE_SECRET = "testsecret"
V3_SEPARATOR = "\n\n--- string to sign ---\n"
EMPTY_SHA256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"


# --- percent_encode -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "encoded"),
    [
        ("", ""),
        ("AZaz09-_.~", "AZaz09-_.~"),  # the unreserved set passes through
        (" ", "%20"),  # never '+'
        ("*", "%2A"),
        ("~", "~"),  # not %7E
        ("/", "%2F"),  # quote() keeps '/' by default; RFC 3986 encoding must not
        ("+", "%2B"),
        ("=&%", "%3D%26%25"),
        (":", "%3A"),
        ("é", "%C3%A9"),  # UTF-8 bytes, upper-case hex
        ("中", "%E4%B8%AD"),
        ("\U0001f600", "%F0%9F%98%80"),  # 4-byte UTF-8
        ("my vpc*~中", "my%20vpc%2A~%E4%B8%AD"),
    ],
)
def test_percent_encode(raw: str, encoded: str) -> None:
    assert percent_encode(raw) == encoded


# --- V1: official example and derived vectors (api-spec §5.4) -----------------------------------------

OFFICIAL_V1_PARAMS = [
    ("Timestamp", "2016-02-23T12:46:24Z"),
    ("Format", "XML"),
    ("AccessKeyId", "testid"),
    ("Action", "DescribeRegions"),
    ("SignatureMethod", "HMAC-SHA1"),
    ("SignatureNonce", "3ee8c1b8-83d3-44af-a94f-4e0ad82fd6cf"),
    ("Version", "2014-05-26"),
    ("SignatureVersion", "1.0"),
]
OFFICIAL_V1_STRING_TO_SIGN = (
    "GET&%2F&AccessKeyId%3Dtestid%26Action%3DDescribeRegions%26Format%3DXML%26SignatureMethod%3DHMAC-SHA1"
    "%26SignatureNonce%3D3ee8c1b8-83d3-44af-a94f-4e0ad82fd6cf%26SignatureVersion%3D1.0"
    "%26Timestamp%3D2016-02-23T12%253A46%253A24Z%26Version%3D2014-05-26"
)


def test_v1_official_example() -> None:
    string_to_sign = v1_string_to_sign("GET", OFFICIAL_V1_PARAMS)
    assert string_to_sign == OFFICIAL_V1_STRING_TO_SIGN
    assert v1_signature("testsecret", string_to_sign) == "OLeaidS1JvxuMvnyHOwuJ+uX5qY="


def test_v1_official_example_accepts_any_iterable_and_order() -> None:
    assert v1_string_to_sign("GET", iter(reversed(OFFICIAL_V1_PARAMS))) == OFFICIAL_V1_STRING_TO_SIGN


def test_v1_wrong_secret_or_changed_parameter_gives_another_signature() -> None:
    assert v1_signature("testsecret&", OFFICIAL_V1_STRING_TO_SIGN) != "OLeaidS1JvxuMvnyHOwuJ+uX5qY="
    changed = [(k, "JSON" if k == "Format" else v) for k, v in OFFICIAL_V1_PARAMS]
    assert v1_signature("testsecret", v1_string_to_sign("GET", changed)) != "OLeaidS1JvxuMvnyHOwuJ+uX5qY="
    # The method is signed as sent.
    post = v1_string_to_sign("POST", OFFICIAL_V1_PARAMS)
    assert v1_signature("testsecret", post) != "OLeaidS1JvxuMvnyHOwuJ+uX5qY="


ATTACH_V1_PARAMS = [
    ("AccessKeyId", "testid"),
    ("Action", "AttachClassicLinkVpc"),
    ("Format", "JSON"),
    ("InstanceId", "i-bp1gtjxuuvwj17zrtest"),
    ("RegionId", "cn-hangzhou"),
    ("SignatureMethod", "HMAC-SHA1"),
    ("SignatureNonce", "3ee8c1b8-83d3-44af-a94f-4e0ad82fd6cf"),
    ("SignatureVersion", "1.0"),
    ("Timestamp", "2016-02-23T12:46:24Z"),
    ("Version", "2014-05-26"),
    ("VpcId", "vpc-bp1j4z1sr8zxu4l8utest"),
]


def test_v1_derived_attach_classic_link_vpc() -> None:
    string_to_sign = v1_string_to_sign("POST", ATTACH_V1_PARAMS)
    assert v1_signature("testsecret", string_to_sign) == "DYU3VJ9uABqzvaQwGxfdHcQogD0="


def test_v1_derived_empty_value_is_signed() -> None:
    # The legacy SDK's empty SignatureType= is part of what is signed.
    string_to_sign = v1_string_to_sign("POST", [*ATTACH_V1_PARAMS, ("SignatureType", "")])
    assert "%26SignatureType%3D%26" in string_to_sign
    assert v1_signature("testsecret", string_to_sign) == "DXcmvQmU92HQ9h9otsPvcz4qYlo="


def test_v1_derived_create_vpc_with_space_star_tilde_and_cjk() -> None:
    params = [
        ("AccessKeyId", "testid"),
        ("Action", "CreateVpc"),
        ("Format", "XML"),
        ("RegionId", "cn-hangzhou"),
        ("SignatureMethod", "HMAC-SHA1"),
        ("SignatureNonce", "nonce-1"),
        ("SignatureVersion", "1.0"),
        ("Timestamp", "2016-02-23T12:46:24Z"),
        ("Version", "2016-04-28"),
        ("VpcName", "my vpc*~中"),
    ]
    string_to_sign = v1_string_to_sign("GET", params)
    assert string_to_sign.startswith("GET&%2F&AccessKeyId%3Dtestid%26")
    assert string_to_sign.endswith("%26VpcName%3Dmy%2520vpc%252A~%25E4%25B8%25AD")
    assert v1_signature("testsecret", string_to_sign) == "thQHzwmClJvqpI6vA8RD/PX6528="


def test_v1_sorts_by_code_point_then_value() -> None:
    # Upper case sorts before lower case; a repeated name is ordered by value.
    params = [("b", "1"), ("k", "2"), ("B", "2"), ("k", "1"), ("a", "3")]
    assert v1_string_to_sign("GET", params) == "GET&%2F&B%3D2%26a%3D3%26b%3D1%26k%3D1%26k%3D2"


def test_v1_no_parameters() -> None:
    assert v1_string_to_sign("GET", []) == "GET&%2F&"


# --- V3: official example and derived vector (api-spec §5.5) ------------------------------------------

OFFICIAL_V3_AUTHORIZATION = (
    "ACS3-HMAC-SHA256 Credential=YourAccessKeyId,"
    "SignedHeaders=host;x-acs-action;x-acs-content-sha256;x-acs-date;x-acs-signature-nonce;x-acs-version,"
    "Signature=06563a9e1b43f5dfe96b81484da74bceab24a1d853912eee15083a6f0f3283c0"
)
OFFICIAL_V3_SIGNED_HEADERS = (
    "host",
    "x-acs-action",
    "x-acs-content-sha256",
    "x-acs-date",
    "x-acs-signature-nonce",
    "x-acs-version",
)
OFFICIAL_V3_QUERY = [
    ("ImageId", "win2019_1809_x64_dtc_zh-cn_40G_alibase_20230811.vhd"),
    ("RegionId", "cn-shanghai"),
]
OFFICIAL_V3_CANONICAL_REQUEST = """POST
/
ImageId=win2019_1809_x64_dtc_zh-cn_40G_alibase_20230811.vhd&RegionId=cn-shanghai
host:ecs.cn-shanghai.aliyuncs.com
x-acs-action:RunInstances
x-acs-content-sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855
x-acs-date:2023-10-26T10:22:32Z
x-acs-signature-nonce:3156853299f313e23d1673dc12e1703d
x-acs-version:2014-05-26

host;x-acs-action;x-acs-content-sha256;x-acs-date;x-acs-signature-nonce;x-acs-version
e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"""


def official_v3_headers(host: str, action: str) -> dict[str, list[str]]:
    return {
        "host": [host],
        "x-acs-action": [action],
        "x-acs-content-sha256": [EMPTY_SHA256],
        "x-acs-date": ["2023-10-26T10:22:32Z"],
        "x-acs-signature-nonce": ["3156853299f313e23d1673dc12e1703d"],
        "x-acs-version": ["2014-05-26"],
    }


def test_v3_official_example() -> None:
    auth = parse_v3_authorization(OFFICIAL_V3_AUTHORIZATION)
    assert auth == V3Authorization(
        algorithm="ACS3-HMAC-SHA256",
        access_key_id="YourAccessKeyId",
        signed_headers=OFFICIAL_V3_SIGNED_HEADERS,
        signature="06563a9e1b43f5dfe96b81484da74bceab24a1d853912eee15083a6f0f3283c0",
    )
    canonical = v3_canonical_request(
        "POST",
        OFFICIAL_V3_QUERY,
        official_v3_headers("ecs.cn-shanghai.aliyuncs.com", "RunInstances"),
        auth.signed_headers,
        EMPTY_SHA256,
    )
    assert canonical == OFFICIAL_V3_CANONICAL_REQUEST
    string_to_sign = v3_string_to_sign(canonical)
    assert string_to_sign == "ACS3-HMAC-SHA256\n7ea06492da5221eba5297e897ce16e55f964061054b7695beedaac1145b1e259"
    signature = v3_signature("YourAccessKeySecret", string_to_sign)
    assert signature == "06563a9e1b43f5dfe96b81484da74bceab24a1d853912eee15083a6f0f3283c0"
    assert signatures_equal(signature, auth.signature)


def test_v3_official_example_independent_of_input_order_and_whitespace() -> None:
    plain = official_v3_headers("ecs.cn-shanghai.aliyuncs.com", "RunInstances")
    headers = {name: [f"  {value}\t" for value in values] for name, values in plain.items()}
    headers["accept"] = ["application/json"]  # present but not signed: must not appear
    canonical = v3_canonical_request(
        "POST",
        list(reversed(OFFICIAL_V3_QUERY)),
        headers,
        list(reversed(OFFICIAL_V3_SIGNED_HEADERS)),
        EMPTY_SHA256,
        path="/",
    )
    assert canonical == OFFICIAL_V3_CANONICAL_REQUEST


def test_v3_derived_attach_classic_link_vpc() -> None:
    canonical = v3_canonical_request(
        "POST",
        [("InstanceId", "i-bp1gtjxuuvwj17zrtest"), ("RegionId", "cn-hangzhou"), ("VpcId", "vpc-bp1j4z1sr8zxu4l8utest")],
        official_v3_headers("ecs.cn-hangzhou.aliyuncs.com", "AttachClassicLinkVpc"),
        OFFICIAL_V3_SIGNED_HEADERS,
        EMPTY_SHA256,
    )
    string_to_sign = v3_string_to_sign(canonical)
    assert string_to_sign == "ACS3-HMAC-SHA256\n305427203babb080d44c5756754e7113fcc35f936675655af0f5f0fc6aea34e4"
    assert (
        v3_signature("YourAccessKeySecret", string_to_sign)
        == "954aeb83499c32101130f07e6b13d87cfcf02616936c04ae6bd57a80058e9848"
    )


def test_v3_canonical_query_and_header_rules() -> None:
    # Empty query -> empty line; empty value -> "k="; space -> %20; repeated header values are
    # trimmed, sorted and joined by ','; SignedHeaders sorted and lower-cased; absent header -> empty.
    headers = {"host": ["h"], "x-acs-multi": [" b ", "a"]}
    assert v3_canonical_request("GET", [], headers, ["host"], "p") == "GET\n/\n\nhost:h\n\nhost\np"
    assert v3_canonical_request(
        "POST", [("b", ""), ("a", "x y*~")], headers, ["X-Acs-Multi", "host", "x-acs-missing"], "p", path="/v"
    ) == ("POST\n/v\na=x%20y%2A~&b=\nhost:h\nx-acs-missing:\nx-acs-multi:a,b\n\nhost;x-acs-missing;x-acs-multi\np")


def test_v3_string_to_sign_other_algorithm_and_sha256() -> None:
    assert sha256_hex(b"") == EMPTY_SHA256
    assert v3_string_to_sign("", "ACS3-HMAC-SM3") == f"ACS3-HMAC-SM3\n{EMPTY_SHA256}"


def test_v3_signature_key_has_no_ampersand() -> None:
    string_to_sign = "ACS3-HMAC-SHA256\n7ea06492da5221eba5297e897ce16e55f964061054b7695beedaac1145b1e259"
    assert v3_signature("YourAccessKeySecret&", string_to_sign) != (
        "06563a9e1b43f5dfe96b81484da74bceab24a1d853912eee15083a6f0f3283c0"
    )


# --- parse_v3_authorization -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "header",
    [
        "ACS3-HMAC-SHA256 Credential=testid,SignedHeaders=host;x-acs-date,Signature=abc123",
        "ACS3-HMAC-SHA256 Credential=testid, SignedHeaders=host;x-acs-date, Signature=abc123",  # spaces after commas
        "  ACS3-HMAC-SHA256   Credential=testid,SignedHeaders=Host;X-Acs-Date,Signature=abc123 ",  # names lowered
        "ACS3-HMAC-SHA256 Signature=abc123,Credential=testid,SignedHeaders=host;x-acs-date",  # any field order
    ],
)
def test_parse_v3_authorization_good_forms(header: str) -> None:
    expected = V3Authorization("ACS3-HMAC-SHA256", "testid", ("host", "x-acs-date"), "abc123")
    assert parse_v3_authorization(header) == expected


def test_parse_v3_authorization_keeps_header_order_and_any_algorithm() -> None:
    # SignedHeaders keep the order given (the canonical request sorts them).
    parsed = parse_v3_authorization("ACS3-HMAC-SHA256 Credential=STS.a,SignedHeaders=x-acs-date;host,Signature=f")
    assert parsed == V3Authorization("ACS3-HMAC-SHA256", "STS.a", ("x-acs-date", "host"), "f")
    # Other algorithms parse; rejecting them is the gateway's decision.
    sm3 = parse_v3_authorization("ACS3-HMAC-SM3 Credential=testid,SignedHeaders=host,Signature=00")
    assert sm3 == V3Authorization("ACS3-HMAC-SM3", "testid", ("host",), "00")


@pytest.mark.parametrize(
    "header",
    [
        "",
        "   ",
        "ACS3-HMAC-SHA256",
        "ACS3-HMAC-SHA256 ",
        "Credential=testid,SignedHeaders=host,Signature=abc",  # no algorithm
        "Bearer abc.def",
        "ACS3-HMAC-SHA256 SignedHeaders=host,Signature=abc",  # no Credential
        "ACS3-HMAC-SHA256 Credential=testid,Signature=abc",  # no SignedHeaders
        "ACS3-HMAC-SHA256 Credential=testid,SignedHeaders=host",  # no Signature
        "ACS3-HMAC-SHA256 Credential=,SignedHeaders=host,Signature=abc",  # empty id
        "ACS3-HMAC-SHA256 Credential=testid,SignedHeaders=host,Signature=",  # empty signature
        "ACS3-HMAC-SHA256 Credential=testid,SignedHeaders=,Signature=abc",  # empty header list
        "ACS3-HMAC-SHA256 Credential=testid,SignedHeaders=host;;x-acs-date,Signature=abc",
        "ACS3-HMAC-SHA256 Credential=testid,SignedHeaders=host,Signature=abc,",  # trailing comma
        "ACS3-HMAC-SHA256 Credential=a,Credential=b,SignedHeaders=host,Signature=abc",  # repeated field
        "ACS3-HMAC-SHA256 Credential=testid,SignedHeaders=host,Signature=abc,Extra=1",  # unknown field
        "ACS3-HMAC-SHA256 credential=testid,signedheaders=host,signature=abc",  # field names are exact
        "ACS3-HMAC-SHA256 Credential testid,SignedHeaders=host,Signature=abc",
        "ACS3-HMAC-SHA256 Credential=test id,SignedHeaders=host,Signature=abc",
        "ACS3-HMAC-SHA256 Credential=testid;SignedHeaders=host;Signature=abc",
    ],
)
def test_parse_v3_authorization_rejects_malformed(header: str) -> None:
    assert parse_v3_authorization(header) is None


# --- signatures_equal ---------------------------------------------------------------------------------


def test_signatures_equal() -> None:
    assert signatures_equal("OLeaidS1JvxuMvnyHOwuJ+uX5qY=", "OLeaidS1JvxuMvnyHOwuJ+uX5qY=")
    assert not signatures_equal("OLeaidS1JvxuMvnyHOwuJ+uX5qY=", "OLeaidS1JvxuMvnyHOwuJ uX5qY=")
    assert not signatures_equal("abc", "abcd")
    assert not signatures_equal("abc", "")
    assert signatures_equal("", "")
    assert not signatures_equal("é", "e")
    # A surrogate-escaped wire value compares unequal instead of raising.
    assert not signatures_equal("ab\udcff", "abc")


# --- Captured SDK requests (tests/data/captured) ---------------------------------------------------------


@dataclass(frozen=True)
class RawRequest:
    method: str
    path: str
    query: list[tuple[str, str]]
    headers: dict[str, list[str]]  # lower-case name -> raw values after the colon
    body: bytes

    def form(self) -> list[tuple[str, str]]:
        content_type = self.headers.get("content-type", [""])[0].strip().lower()
        if not content_type.startswith("application/x-www-form-urlencoded"):
            return []
        return parse_qsl(self.body.decode("utf-8"), keep_blank_values=True)


def parse_raw_request(data: bytes) -> RawRequest:
    # The captures are stored with LF line ends; accept CRLF too.
    head, sep, body = data.partition(b"\r\n\r\n")
    if not sep:
        head, sep, body = data.partition(b"\n\n")
    assert sep, "no blank line after the headers"
    request_line, *header_lines = re.split(r"\r?\n", head.decode("latin-1"))
    method, target, version = request_line.split(" ")
    assert version.startswith("HTTP/")
    headers: dict[str, list[str]] = {}
    for line in header_lines:
        name, colon, value = line.partition(":")
        assert colon, f"bad header line {line!r}"
        headers.setdefault(name.strip().lower(), []).append(value)
    if "content-length" in headers:
        assert int(headers["content-length"][0]) == len(body), "capture body does not match Content-Length"
    url = urlsplit(target)
    return RawRequest(method, url.path, parse_qsl(url.query, keep_blank_values=True), headers, body)


def capture_names() -> list[str]:
    return sorted(p.name.removesuffix(".txt") for p in CAPTURED.glob("*.txt") if not p.name.endswith(".signed.txt"))


def is_v3_capture(name: str) -> bool:
    return V3_SEPARATOR in (CAPTURED / f"{name}.signed.txt").read_text(encoding="utf-8")


def capture_params(v3: bool) -> list[object]:
    return [name for name in capture_names() if is_v3_capture(name) == v3]


def load_capture(name: str) -> tuple[RawRequest, str]:
    request = parse_raw_request((CAPTURED / f"{name}.txt").read_bytes())
    return request, (CAPTURED / f"{name}.signed.txt").read_text(encoding="utf-8")


def test_capture_inventory() -> None:
    names = capture_names()
    signed = sorted(p.name.removesuffix(".signed.txt") for p in CAPTURED.glob("*.signed.txt"))
    assert len(names) >= 12, f"captured SDK requests missing from {CAPTURED}"
    assert names == signed, "every captured request needs its .signed.txt and vice versa"
    assert any(is_v3_capture(n) for n in names)
    assert any(not is_v3_capture(n) for n in names)


@pytest.mark.parametrize("name", capture_params(v3=False))
def test_v1_capture(name: str) -> None:
    request, expected_string_to_sign = load_capture(name)
    params = request.query + request.form()
    wire_signatures = [v for k, v in params if k == "Signature"]
    assert len(wire_signatures) == 1
    string_to_sign = v1_string_to_sign(request.method, [(k, v) for k, v in params if k != "Signature"])
    assert string_to_sign == expected_string_to_sign
    assert signatures_equal(v1_signature(CAPTURE_SECRET, string_to_sign), wire_signatures[0])
    assert not signatures_equal(v1_signature("wrongsecret", string_to_sign), wire_signatures[0])


@pytest.mark.parametrize("name", capture_params(v3=True))
def test_v3_capture(name: str) -> None:
    request, signed_text = load_capture(name)
    expected_canonical, expected_string_to_sign = signed_text.split(V3_SEPARATOR)
    (authorization,) = request.headers["authorization"]
    auth = parse_v3_authorization(authorization)
    assert auth is not None
    assert (auth.algorithm, auth.access_key_id) == ("ACS3-HMAC-SHA256", "testid")
    (hashed_payload,) = request.headers["x-acs-content-sha256"]
    hashed_payload = hashed_payload.strip()
    assert hashed_payload == sha256_hex(request.body)
    # Only the URL query is canonicalized; a form body is covered by the payload hash.
    canonical = v3_canonical_request(
        request.method, request.query, request.headers, auth.signed_headers, hashed_payload, path=request.path
    )
    assert canonical == expected_canonical
    string_to_sign = v3_string_to_sign(canonical)
    assert string_to_sign == expected_string_to_sign
    assert signatures_equal(v3_signature(CAPTURE_SECRET, string_to_sign), auth.signature)
    assert not signatures_equal(v3_signature(CAPTURE_SECRET + "&", string_to_sign), auth.signature)
