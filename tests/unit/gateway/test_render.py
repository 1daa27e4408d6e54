"""Envelopes (api-spec §5.6, §5.7): JSON and XML from one JSON-shaped body."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from xml.sax.saxutils import escape

from hypothesis import given
from hypothesis import strategies as st

from classiclink import errors
from classiclink.gateway.context import RequestContext
from classiclink.gateway.render import error, success
from classiclink.http import HttpRequest

RID = "4C467B38-3910-447D-87BC-AC049166F216"


def ctx(fmt: str = "JSON") -> RequestContext:
    http = HttpRequest("POST", "/", [], [], b"", {})
    c = RequestContext(http=http, request_id=RID, now=0.0, host_id="ecs.aliyuncs.com")
    c.format = fmt  # type: ignore[assignment]
    c.action_name = "DescribeClassicLinkInstances"
    return c


BODY = {
    "TotalCount": 2,
    "Links": {"Link": [{"InstanceId": "i-1", "VpcId": "vpc-1"}, {"InstanceId": "i-2", "VpcId": "v"}]},
}


def test_json_success_has_request_id_and_typed_fields() -> None:
    r = success(ctx(), BODY)
    assert (r.status, r.content_type) == (200, "application/json;charset=utf-8")
    assert json.loads(r.body) == {"RequestId": RID, **BODY}


def test_xml_success_repeats_list_elements() -> None:
    r = success(ctx("XML"), {**BODY, "Enabled": True})
    assert r.content_type == "text/xml;charset=utf-8"
    root = ET.fromstring(r.body)
    assert root.tag == "DescribeClassicLinkInstancesResponse"
    assert root.findtext("RequestId") == RID
    assert [e.findtext("InstanceId") for e in root.findall("Links/Link")] == ["i-1", "i-2"]
    assert root.findtext("Enabled") == "true"


def test_json_error_envelope() -> None:
    r = error(ctx(), errors.VpcNotFound())
    assert r.status == 404
    body = json.loads(r.body)
    assert body["Code"] == "InvalidVpcId.NotFound" and body["Message"] == "Specified VPC does not exist."
    assert body["RequestId"] == RID and body["HostId"] == "ecs.aliyuncs.com"
    assert body["Recommend"].startswith("https://api.aliyun.com/troubleshoot?q=InvalidVpcId.NotFound")


def test_xml_error_envelope_escapes_text() -> None:
    r = error(ctx("XML"), errors.SignatureDoesNotMatch(string_to_sign="GET&%2F&a<b"))
    root = ET.fromstring(r.body)
    assert root.tag == "Error" and root.findtext("Code") == "SignatureDoesNotMatch"
    assert root.findtext("Message", "").endswith("server string to sign is:GET&%2F&a<b")
    assert root.findtext("Recommend", "").startswith("https://")


def test_error_messages_keep_one_colon_before_string_to_sign() -> None:
    text = errors.SignatureDoesNotMatch(string_to_sign="POST&%2F&x").text
    assert text.split(":")[1] == "POST&%2F&x"


@given(st.text())
def test_xml_text_is_escaped_as_xml_sax_saxutils_escapes_it(text: str) -> None:
    # The renderer stopped importing xml.sax.saxutils (it pulled in urllib.request and http.client at start-up,
    # issue 11); its own escape must give the same bytes.
    body = success(ctx("XML"), {"Value": text}).body.decode()
    assert body.split("<Value>", 1)[1].split("</Value>", 1)[0] == escape(text)
