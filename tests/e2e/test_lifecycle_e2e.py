"""The whole ClassicLink lifecycle through each official SDK flavour (api-spec §2.5, §3, §4; sdk-wire §2–5).

legacy aliyunsdkcore + typed request classes (V1), Tea clients (V3), Tea with signature_algorithm "v2" (V1).
"""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET

import pytest

from support.sdk import (
    FLAVOURS,
    REQUEST_ID,
    Api,
    classic_link_enabled,
    instance_status,
    links_of,
    make_classic_group,
    make_instance,
    start,
    stop,
    vpc_status,
    wait_for,
)
from support.server import ServerProcess

pytestmark = pytest.mark.e2e

REGION = "cn-hangzhou"


@pytest.fixture(params=FLAVOURS)
def api(server: ServerProcess, request: pytest.FixtureRequest) -> Api:
    return Api(str(request.param), server.endpoint)


def test_classic_link_lifecycle(api: Api) -> None:
    request_ids: list[str] = []

    def call(action: str, **params: object) -> dict[str, object]:
        body = api.call(action, **params)
        request_ids.append(str(body["RequestId"]))
        return body

    # VPC: Pending, then Available; ClassicLink off until enabled.
    vpc_id = str(call("CreateVpc", RegionId=REGION, CidrBlock="172.16.0.0/12", VpcName="lifecycle")["VpcId"])
    assert vpc_id.startswith("vpc-")
    wait_for(lambda: vpc_status(api, vpc_id) == "Available", what="VPC Available")
    assert classic_link_enabled(api, vpc_id) is False
    call("EnableVpcClassicLink", RegionId=REGION, VpcId=vpc_id)
    assert classic_link_enabled(api, vpc_id) is True

    # A classic instance: a security group without VpcId, an instance without VSwitchId.
    group_id = str(call("CreateSecurityGroup", RegionId=REGION, SecurityGroupName="classic")["SecurityGroupId"])
    assert group_id.startswith("sg-")
    instance_id = make_instance(api, group_id)  # waits for Stopped
    described = api.call("DescribeInstances", RegionId=REGION, InstanceIds=json.dumps([instance_id]))
    [instance] = described["Instances"]["Instance"]
    assert instance["InstanceNetworkType"] == "classic"
    start(api, instance_id)

    call("AttachClassicLinkVpc", RegionId=REGION, InstanceId=instance_id, VpcId=vpc_id)
    listed = call("DescribeClassicLinkInstances", RegionId=REGION, VpcId=vpc_id)
    assert listed["Links"] == {"Link": [{"InstanceId": instance_id, "VpcId": vpc_id}]}
    assert (listed["TotalCount"], listed["PageNumber"], listed["PageSize"]) == (1, 1, 10)
    by_instance = call("DescribeClassicLinkInstances", RegionId=REGION, InstanceId=instance_id)
    assert by_instance["Links"] == listed["Links"]

    # L8: no disabling, and no deleting the VPC, while a link exists.
    failure = api.fail("DisableVpcClassicLink", RegionId=REGION, VpcId=vpc_id)
    failure.expect(404, "DependencyViolation.Instance", "ClassicLink Instances exist in VPC.")
    failure = api.fail("DeleteVpc", RegionId=REGION, VpcId=vpc_id)
    failure.expect(400, "DependencyViolation.Instance", "Specified object has dependent resources")
    request_ids.append(failure.request_id)
    assert classic_link_enabled(api, vpc_id) is True

    # Stop and start keep the link (api-spec §2.4).
    stop(api, instance_id)
    assert links_of(api, vpc_id) == [(instance_id, vpc_id)]
    start(api, instance_id)
    assert links_of(api, vpc_id) == [(instance_id, vpc_id)]

    call("DetachClassicLinkVpc", RegionId=REGION, InstanceId=instance_id, VpcId=vpc_id)
    assert links_of(api, vpc_id) == []
    call("DisableVpcClassicLink", RegionId=REGION, VpcId=vpc_id)
    assert classic_link_enabled(api, vpc_id) is False

    # Nothing depends on the VPC any more (the classic group is not inside it).
    call("DeleteVpc", RegionId=REGION, VpcId=vpc_id)
    api.fail("DescribeVpcAttribute", RegionId=REGION, VpcId=vpc_id).expect(
        404, "InvalidVpcId.NotFound", "Specified VPC does not exist."
    )
    assert instance_status(api, instance_id) == "Running"

    assert all(REQUEST_ID.fullmatch(rid) for rid in request_ids), request_ids
    assert len(set(request_ids)) == len(request_ids)


def test_deleting_a_linked_instance_removes_its_link(api: Api) -> None:
    vpc_id = str(api.call("CreateVpc", RegionId=REGION, CidrBlock="192.168.0.0/16")["VpcId"])
    wait_for(lambda: vpc_status(api, vpc_id) == "Available", what="VPC Available")
    api.call("EnableVpcClassicLink", RegionId=REGION, VpcId=vpc_id)
    group_id = make_classic_group(api)
    kept, doomed = make_instance(api, group_id), make_instance(api, group_id)
    for instance_id in (kept, doomed):
        api.call("AttachClassicLinkVpc", RegionId=REGION, InstanceId=instance_id, VpcId=vpc_id)
    assert links_of(api, vpc_id) == sorted([(kept, vpc_id), (doomed, vpc_id)])

    api.call("DeleteInstance", RegionId=REGION, InstanceId=doomed)  # Stopped: no Force needed
    assert links_of(api, vpc_id) == [(kept, vpc_id)]
    failure = api.fail("DescribeClassicLinkInstances", RegionId=REGION, InstanceId=doomed)
    failure.expect(403, "InvalidInstanceId.NotFound", "The InstanceId provided does not exist in our records.")

    # Once the last linked instance is gone too, ClassicLink can be disabled and the VPC deleted.
    api.fail("DeleteVpc", RegionId=REGION, VpcId=vpc_id).expect(
        400, "DependencyViolation.Instance", "Specified object has dependent resources"
    )
    api.call("DeleteInstance", RegionId=REGION, InstanceId=kept)
    assert links_of(api, vpc_id) == []
    api.call("DisableVpcClassicLink", RegionId=REGION, VpcId=vpc_id)
    api.call("DeleteVpc", RegionId=REGION, VpcId=vpc_id)


def test_legacy_xml_format(server: ServerProcess) -> None:
    """set_accept_format("XML") (sent by the legacy do_action): the same response as XML, lists as repeated elements (api-spec §5.6)."""
    api = Api("legacy", server.endpoint)
    vpc_id = str(api.call("CreateVpc", RegionId=REGION)["VpcId"])
    wait_for(lambda: vpc_status(api, vpc_id) == "Available", what="VPC Available")
    api.call("EnableVpcClassicLink", RegionId=REGION, VpcId=vpc_id)
    group_id = make_classic_group(api)
    instances = sorted(make_instance(api, group_id) for _ in range(2))
    for instance_id in instances:
        api.call("AttachClassicLinkVpc", RegionId=REGION, InstanceId=instance_id, VpcId=vpc_id)

    request = api.legacy_request("DescribeClassicLinkInstances", {"RegionId": REGION, "VpcId": vpc_id})
    request.set_accept_format("XML")
    root = ET.fromstring(api.send_legacy(request))
    assert root.tag == "DescribeClassicLinkInstancesResponse"
    assert REQUEST_ID.fullmatch(root.findtext("RequestId") or "")
    assert (root.findtext("TotalCount"), root.findtext("PageNumber"), root.findtext("PageSize")) == ("2", "1", "10")
    links = root.findall("./Links/Link")
    assert sorted((link.findtext("InstanceId"), link.findtext("VpcId")) for link in links) == [
        (instances[0], vpc_id), (instances[1], vpc_id)
    ]  # fmt: skip

    # Booleans render as XML text true/false.
    request = api.legacy_request("DescribeVpcAttribute", {"RegionId": REGION, "VpcId": vpc_id})
    request.set_accept_format("XML")
    root = ET.fromstring(api.send_legacy(request))
    assert root.tag == "DescribeVpcAttributeResponse"
    assert root.findtext("ClassicLinkEnabled") == "true"

    # An error answers in the format asked for too: the <Error> envelope (api-spec §5.7).
    request = api.legacy_request("DescribeVpcAttribute", {"RegionId": REGION, "VpcId": "vpc-bp1doesnotexist00000"})
    request.set_accept_format("XML")
    root = ET.fromstring(api.send_legacy(request))
    assert root.tag == "Error"
    assert (root.findtext("Code"), root.findtext("Message")) == ("InvalidVpcId.NotFound", "Specified VPC does not exist.")
    assert REQUEST_ID.fullmatch(root.findtext("RequestId") or "")
    assert root.findtext("HostId") == "127.0.0.1"
