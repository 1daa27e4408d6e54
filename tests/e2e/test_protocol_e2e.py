"""The RPC protocol as raw HTTP, for what the SDKs never send (api-spec §5.1–5.10, sdk-wire §2, §5).

Requests are signed by hand (signature V1, tests/support/raw.py), so each test controls the method, where the
parameters travel, Format, and the parameter spelling.
"""

from __future__ import annotations

import json
import uuid
import xml.etree.ElementTree as ET
from typing import Any

import pytest
import requests

from support import raw
from support.sdk import REQUEST_ID, Api, make_classic_group, make_instance
from support.server import ServerProcess

pytestmark = pytest.mark.e2e

REGION = "cn-hangzhou"
JSON_TYPE = "application/json;charset=utf-8"
XML_TYPE = "text/xml;charset=utf-8"
ENVELOPE = {"RequestId", "HostId", "Code", "Message", "Recommend"}


def ok_json(response: requests.Response) -> dict[str, Any]:
    assert response.status_code == 200, response.text
    assert response.headers["Content-Type"] == JSON_TYPE
    body: dict[str, Any] = response.json()
    assert REQUEST_ID.fullmatch(body["RequestId"])
    assert "Code" not in body  # Node pop-core treats any Code other than OK/Success as an error (sdk-wire §4)
    return body


def error_json(response: requests.Response, status: int, code: str, message: str) -> dict[str, Any]:
    assert response.headers["Content-Type"] == JSON_TYPE
    body: dict[str, Any] = response.json()
    assert (response.status_code, body["Code"], body["Message"]) == (status, code, message), body
    assert set(body) == ENVELOPE
    assert REQUEST_ID.fullmatch(body["RequestId"])
    return body


def new_vpc(url: str, **params: Any) -> str:
    return str(ok_json(raw.vpc(url, "CreateVpc", "POST", RegionId=REGION, **params))["VpcId"])


# --- where parameters travel -----------------------------------------------------------------------------


def test_get_with_query_parameters(server: ServerProcess) -> None:
    vpc_id = new_vpc(server.url)
    body = ok_json(raw.vpc(server.url, "DescribeVpcs", "GET", RegionId=REGION, VpcId=vpc_id))
    assert body["TotalCount"] == 1 and type(body["TotalCount"]) is int
    assert [v["VpcId"] for v in body["Vpcs"]["Vpc"]] == [vpc_id]


def test_post_with_every_parameter_in_a_form_body(server: ServerProcess) -> None:
    """Node pop-core's POST: Action, Version, the signature and the business parameters all in the body."""
    description = "a b*c~d/é+&=%"  # every character that encodes differently somewhere
    params = {"Action": "CreateVpc", "Version": raw.VPC, "Format": "JSON", "RegionId": REGION,
              "VpcName": "form-body", "Description": "Da " + description}  # fmt: skip
    response = raw.send(server.url, params, "POST", in_body=True)
    vpc_id = ok_json(response)["VpcId"]
    attribute = ok_json(raw.vpc(server.url, "DescribeVpcAttribute", RegionId=REGION, VpcId=vpc_id))
    assert (attribute["VpcName"], attribute["Description"]) == ("form-body", "Da " + description)


def test_same_parameter_in_query_and_body_is_refused(server: ServerProcess) -> None:
    """Which copy a gateway would sign or use is not documented: the emulator refuses the request."""
    body = raw.signed("POST", {"Action": "DescribeVpcs", "Version": raw.VPC, "RegionId": REGION})
    response = requests.post(server.url, params={"RegionId": REGION}, data=body, timeout=10)
    error_json(response, 400, "InvalidParameter", 'The specified parameter "RegionId" is not valid.')


# --- Format ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["xml", "XML", "Xml"])
def test_format_xml_in_any_case(server: ServerProcess, fmt: str) -> None:
    vpc_id = new_vpc(server.url)
    response = raw.send(server.url, {"Action": "DescribeVpcs", "Version": raw.VPC, "Format": fmt,
                                     "RegionId": REGION, "VpcId": vpc_id})  # fmt: skip
    assert response.status_code == 200
    assert response.headers["Content-Type"] == XML_TYPE
    assert response.text.startswith("<?xml")
    root = ET.fromstring(response.content)
    assert root.tag == "DescribeVpcsResponse"
    assert REQUEST_ID.fullmatch(root.findtext("RequestId") or "")
    assert [v.findtext("VpcId") for v in root.findall("./Vpcs/Vpc")] == [vpc_id]
    assert root.findtext("./Vpcs/Vpc/IsDefault") == "false"


@pytest.mark.parametrize("fmt", ["json", "JSON", "Json"])
def test_format_json_in_any_case(server: ServerProcess, fmt: str) -> None:
    response = raw.send(server.url, {"Action": "DescribeVpcs", "Version": raw.VPC, "Format": fmt,
                                     "RegionId": REGION})  # fmt: skip
    ok_json(response)


def test_default_format_is_xml_for_ecs_and_json_for_vpc(server: ServerProcess) -> None:
    """ECS documents XML as its default Format, VPC documents JSON (api-spec §5.2, §8 item 10)."""
    vpc_id = new_vpc(server.url)
    raw.vpc(server.url, "EnableVpcClassicLink", RegionId=REGION, VpcId=vpc_id)
    ecs = raw.send(server.url, {"Action": "DescribeClassicLinkInstances", "Version": raw.ECS,
                                "RegionId": REGION, "VpcId": vpc_id})  # fmt: skip
    assert ecs.status_code == 200 and ecs.headers["Content-Type"] == XML_TYPE
    root = ET.fromstring(ecs.content)
    assert root.tag == "DescribeClassicLinkInstancesResponse"
    assert (root.findtext("TotalCount"), root.find("Links")) != (None, None)
    assert root.findall("./Links/Link") == []

    ecs_error = raw.send(server.url, {"Action": "DetachClassicLinkVpc", "Version": raw.ECS,
                                      "RegionId": "cn-nowhere", "InstanceId": "i-x", "VpcId": vpc_id})  # fmt: skip
    assert ecs_error.status_code == 403 and ecs_error.headers["Content-Type"] == XML_TYPE
    error = ET.fromstring(ecs_error.content)
    assert error.tag == "Error"
    assert {child.tag for child in error} == ENVELOPE
    assert error.findtext("Code") == "InvalidRegionId.Malformed"
    assert error.findtext("Message") == "The specified parameter ?RegionId? is not valid."

    vpc = raw.send(server.url, {"Action": "DescribeVpcs", "Version": raw.VPC, "RegionId": REGION})
    ok_json(vpc)


# --- gateway errors --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("version", "action"),
    [
        (raw.VPC, "NoSuchAction"),
        (raw.ECS, "NoSuchAction"),
        (raw.VPC, "AttachClassicLinkVpc"),  # an ECS action under the VPC version: dispatch is by both
        (raw.ECS, "enableVpcClassicLink"),  # names are case-sensitive (api-spec §5.1)
    ],
)
def test_unknown_action(server: ServerProcess, version: str, action: str) -> None:
    response = raw.send(server.url, {"Action": action, "Version": version, "Format": "JSON", "RegionId": REGION})
    error_json(response, 404, "InvalidAction.NotFound", "Specified api is not found, please check your url and method.")


def test_unknown_version(server: ServerProcess) -> None:
    response = raw.send(server.url, {"Action": "DescribeVpcs", "Version": "2099-01-01", "Format": "JSON",
                                     "RegionId": REGION})  # fmt: skip
    error_json(response, 400, "InvalidVersion", "Specified parameter Version is not valid.")


def test_missing_action(server: ServerProcess) -> None:
    response = raw.send(server.url, {"Version": raw.VPC, "Format": "JSON", "RegionId": REGION})
    error_json(response, 400, "MissingParameter",
               'The input parameter "Action" that is mandatory for processing this request is not supplied.')  # fmt: skip


@pytest.mark.parametrize("method", ["PUT", "DELETE", "PATCH"])
def test_unsupported_http_method(server: ServerProcess, method: str) -> None:
    response = raw.send(server.url, {"Action": "DescribeVpcs", "Version": raw.VPC, "Format": "JSON",
                                     "RegionId": REGION}, method)  # fmt: skip
    error_json(response, 403, "UnsupportedHTTPMethod", "This http method is not supported.")


def test_error_envelope_host_id_is_the_host_without_port(server: ServerProcess) -> None:
    params = {"Action": "DescribeVpcAttribute", "Version": raw.VPC, "Format": "JSON", "RegionId": REGION,
              "VpcId": "vpc-bp1doesnotexist00000"}  # fmt: skip
    body = error_json(raw.send(server.url, params), 404, "InvalidVpcId.NotFound", "Specified VPC does not exist.")
    assert body["HostId"] == "127.0.0.1"
    assert "InvalidVpcId.NotFound" in body["Recommend"] and body["Recommend"].startswith("https://")

    # V1 does not sign the Host header, so a request may name any endpoint (sdk-wire §1).
    response = raw.send(server.url, params, headers={"Host": f"vpc.aliyuncs.com:{server.port}"})
    assert error_json(response, 404, "InvalidVpcId.NotFound", "Specified VPC does not exist.")["HostId"] == (
        "vpc.aliyuncs.com"
    )

    xml = raw.send(server.url, {**params, "Format": "XML"}, headers={"Host": "vpc.cn-hangzhou.aliyuncs.com"})
    assert xml.status_code == 404 and xml.headers["Content-Type"] == XML_TYPE
    root = ET.fromstring(xml.content)
    assert root.tag == "Error" and {child.tag for child in root} == ENVELOPE
    assert root.findtext("HostId") == "vpc.cn-hangzhou.aliyuncs.com"
    assert REQUEST_ID.fullmatch(root.findtext("RequestId") or "")
    assert root.findtext("Code") == "InvalidVpcId.NotFound"


# --- parameter forms -------------------------------------------------------------------------------------


@pytest.mark.parametrize("spelling", ["TRUE", "true", "True", "FALSE", "false", "False"])
def test_booleans_in_any_case(server: ServerProcess, spelling: str) -> None:
    vpc_id = new_vpc(server.url)  # not a default VPC
    body = ok_json(raw.vpc(server.url, "DescribeVpcs", RegionId=REGION, IsDefault=spelling, VpcId=vpc_id))
    expected = [] if spelling.lower() == "true" else [vpc_id]
    assert [v["VpcId"] for v in body["Vpcs"]["Vpc"]] == expected


def test_boolean_that_is_not_one(server: ServerProcess) -> None:
    response = raw.vpc(server.url, "DescribeVpcs", RegionId=REGION, IsDefault="yes")
    error_json(response, 400, "InvalidParameter", 'The specified parameter "IsDefault" is not valid.')


def test_instance_ids_as_a_json_array(server: ServerProcess) -> None:
    api = Api("legacy", server.endpoint)
    group = make_classic_group(api)
    first, second, third = (make_instance(api, group) for _ in range(3))

    def described(instance_ids: str) -> requests.Response:
        return raw.ecs(server.url, "DescribeInstances", RegionId=REGION, InstanceIds=instance_ids)

    body = ok_json(described(json.dumps([first, third])))
    assert sorted(i["InstanceId"] for i in body["Instances"]["Instance"]) == sorted([first, third])
    assert body["TotalCount"] == 2
    assert second not in {i["InstanceId"] for i in body["Instances"]["Instance"]}
    # "InstanceIds=[] is a valid filter returning an empty list" (api-spec §4.4).
    empty = ok_json(described("[]"))
    assert (empty["TotalCount"], empty["Instances"]["Instance"]) == (0, [])

    for malformed in (f'["{first}"', first, f"{first},{second}", '{"a": 1}', "[1, 2]"):
        error_json(described(malformed), 400, "InvalidParameter", 'The specified parameter "InstanceIds" is not valid.')


def test_tag_repeat_lists(server: ServerProcess) -> None:
    marker = uuid.uuid4().hex[:12]
    vpc_id = new_vpc(server.url, **{"Tag.1.Key": "env", "Tag.1.Value": "test",
                                    "Tag.2.Key": f"marker-{marker}", "Tag.2.Value": "yes"})  # fmt: skip
    body = ok_json(raw.vpc(server.url, "DescribeVpcs", RegionId=REGION, VpcId=vpc_id))
    [vpc] = body["Vpcs"]["Vpc"]
    assert vpc["Tags"]["Tag"] == [{"Key": "env", "Value": "test"}, {"Key": f"marker-{marker}", "Value": "yes"}]

    other = new_vpc(server.url, **{"Tag.1.Key": "env", "Tag.1.Value": "test"})
    by_tag = ok_json(raw.vpc(server.url, "DescribeVpcs", RegionId=REGION, **{"Tag.1.Key": f"marker-{marker}"}))
    assert [v["VpcId"] for v in by_tag["Vpcs"]["Vpc"]] == [vpc_id]
    both = ok_json(raw.vpc(server.url, "DescribeVpcs", RegionId=REGION, VpcId=f"{vpc_id},{other}",
                           **{"Tag.1.Key": "env", "Tag.1.Value": "test"}))  # fmt: skip
    assert sorted(v["VpcId"] for v in both["Vpcs"]["Vpc"]) == sorted([vpc_id, other])


# --- ClientToken (api-spec §5.10) ------------------------------------------------------------------------


def test_client_token_retry_returns_the_first_result(server: ServerProcess) -> None:
    token, name = f"ct-{uuid.uuid4()}", f"ct-{uuid.uuid4().hex[:10]}"
    first = new_vpc(server.url, VpcName=name, ClientToken=token)
    again = new_vpc(server.url, VpcName=name, ClientToken=token)
    assert again == first
    listed = ok_json(raw.vpc(server.url, "DescribeVpcs", RegionId=REGION, VpcName=name))
    assert listed["TotalCount"] == 1 and [v["VpcId"] for v in listed["Vpcs"]["Vpc"]] == [first]

    # Same token, other parameters: refused, and nothing is created.
    response = raw.vpc(server.url, "CreateVpc", "POST", RegionId=REGION, VpcName=name + "x", ClientToken=token)
    error_json(response, 400, "IdempotentParameterMismatch", "The request is retried with updated parameters.")
    assert ok_json(raw.vpc(server.url, "DescribeVpcs", RegionId=REGION, VpcName=name + "x"))["TotalCount"] == 0

    # A token is per action: the same token on another action is a new request.
    enable = {"RegionId": REGION, "VpcId": first, "ClientToken": token}
    ok_json(raw.vpc(server.url, "EnableVpcClassicLink", "POST", **enable))
    # Its retry is answered from the first result, not re-run (which would say "already enabled").
    ok_json(raw.vpc(server.url, "EnableVpcClassicLink", "POST", **enable))
    # Without the token, enabling again is a new request and refused.
    error_json(raw.vpc(server.url, "EnableVpcClassicLink", "POST", RegionId=REGION, VpcId=first),
               404, "IncorrectClassicLinkStatus", "Specified VPC classicLink enabled.")  # fmt: skip
