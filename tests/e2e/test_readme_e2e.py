"""The README's SDK examples run unchanged against a real server (only the endpoint and the IDs differ)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from aliyunsdkecs.request.v20140526.AttachClassicLinkVpcRequest import AttachClassicLinkVpcRequest
from aliyunsdkecs.request.v20140526.CreateInstanceRequest import CreateInstanceRequest
from aliyunsdkecs.request.v20140526.CreateSecurityGroupRequest import CreateSecurityGroupRequest
from aliyunsdkecs.request.v20140526.DescribeClassicLinkInstancesRequest import DescribeClassicLinkInstancesRequest
from aliyunsdkvpc.request.v20160428.CreateVpcRequest import CreateVpcRequest
from aliyunsdkvpc.request.v20160428.DescribeVpcAttributeRequest import DescribeVpcAttributeRequest
from aliyunsdkvpc.request.v20160428.EnableVpcClassicLinkRequest import EnableVpcClassicLinkRequest

from support.sdk import Api
from support.server import ServerProcess

README = Path(__file__).resolve().parents[2] / "README.md"
EXAMPLES = re.findall(r"```python\n(.*?)```", README.read_text(), re.S)


def linked_instance(client: Api) -> tuple[str, str]:
    vpc = client.call(CreateVpcRequest())["VpcId"]
    enable = EnableVpcClassicLinkRequest()
    enable.set_VpcId(vpc)
    client.call(enable)
    group = client.call(CreateSecurityGroupRequest())["SecurityGroupId"]
    create = CreateInstanceRequest()
    create.set_InstanceType("ecs.t5-lc1m1.small")
    create.set_ImageId("centos_7_9_x64_20G_alibase_20240628.vhd")
    create.set_SecurityGroupId(group)
    instance = client.call(create)["InstanceId"]
    attach = AttachClassicLinkVpcRequest()
    attach.set_InstanceId(instance)
    attach.set_VpcId(vpc)
    client.call(attach)
    return instance, vpc


def test_readme_has_the_two_sdk_examples() -> None:
    assert len(EXAMPLES) >= 2
    assert "DisableVpcClassicLink" in EXAMPLES[0] and "DetachClassicLinkVpc" in EXAMPLES[0]
    assert "disable_vpc_classic_link" in EXAMPLES[1] and "detach_classic_link_vpc" in EXAMPLES[1]


@pytest.mark.parametrize("example", EXAMPLES[:2], ids=["legacy", "tea"])
def test_example_detaches_and_disables(server: ServerProcess, example: str) -> None:
    client = Api("legacy", server.endpoint)
    instance, vpc = linked_instance(client)
    code = (example.replace('"i-bp1..."', repr(instance)).replace('"vpc-bp1..."', repr(vpc))
            .replace("127.0.0.1:8080", server.endpoint).replace("print(", "(lambda *a: None)("))  # fmt: skip
    exec(compile(code, "README.md", "exec"), {})
    links = DescribeClassicLinkInstancesRequest()
    links.set_VpcId(vpc)
    assert client.call(links)["Links"]["Link"] == []
    attribute = DescribeVpcAttributeRequest()
    attribute.set_VpcId(vpc)
    assert client.call(attribute)["ClassicLinkEnabled"] is False
