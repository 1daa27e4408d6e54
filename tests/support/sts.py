"""Helpers for the STS tests: a Tea VPC client on any credential, and a short ClassicLink lifecycle."""

from __future__ import annotations

import time

from alibabacloud_credentials.client import Client as CredentialClient
from alibabacloud_tea_openapi.models import Config
from alibabacloud_vpc20160428 import models as vpc_models
from alibabacloud_vpc20160428.client import Client as TeaVpc

STS = "2015-04-01"
REGION = "cn-hangzhou"


def tea_vpc_with(endpoint: str, credential: CredentialClient, v2: bool = False) -> TeaVpc:
    config = Config(credential=credential, region_id=REGION, endpoint=endpoint, protocol="http")
    if v2:
        config.signature_algorithm = "v2"
    return TeaVpc(config)


def classiclink_lifecycle(client: TeaVpc) -> str:
    """CreateVpc, EnableVpcClassicLink, DescribeVpcAttribute, DisableVpcClassicLink, DeleteVpc; the VPC's id."""
    vpc_id: str = client.create_vpc(vpc_models.CreateVpcRequest(region_id=REGION, cidr_block="172.16.0.0/12")).body.vpc_id
    assert vpc_id.startswith("vpc-")
    deadline = time.monotonic() + 10
    while client.describe_vpc_attribute(
        vpc_models.DescribeVpcAttributeRequest(region_id=REGION, vpc_id=vpc_id)
    ).body.status != "Available":
        assert time.monotonic() < deadline
        time.sleep(0.05)
    client.enable_vpc_classic_link(vpc_models.EnableVpcClassicLinkRequest(region_id=REGION, vpc_id=vpc_id))
    attribute = client.describe_vpc_attribute(vpc_models.DescribeVpcAttributeRequest(region_id=REGION, vpc_id=vpc_id))
    assert attribute.body.classic_link_enabled is True
    client.disable_vpc_classic_link(vpc_models.DisableVpcClassicLinkRequest(region_id=REGION, vpc_id=vpc_id))
    attribute = client.describe_vpc_attribute(vpc_models.DescribeVpcAttributeRequest(region_id=REGION, vpc_id=vpc_id))
    assert attribute.body.classic_link_enabled is False
    client.delete_vpc(vpc_models.DeleteVpcRequest(region_id=REGION, vpc_id=vpc_id))
    return vpc_id
