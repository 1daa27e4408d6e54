"""A user's test suite against classiclink: each test gets a fresh account (``classiclink_account``) and ready
SDK clients for it (``classiclink_client``), so no test sees another's VPCs or runs into another's quota.

Run it with ``pytest`` in this folder (classiclink and the SDKs installed: see the README)."""

import json

import pytest
from alibabacloud_ecs20140526 import models as ecs
from alibabacloud_vpc20160428 import models as vpc
from aliyunsdkcore.acs_exception.exceptions import ServerException
from aliyunsdkvpc.request.v20160428.CreateVpcRequest import CreateVpcRequest
from aliyunsdkvpc.request.v20160428.DescribeVpcsRequest import DescribeVpcsRequest
from Tea.exceptions import TeaException

REGION = "cn-hangzhou"  # has a classic network: classic instances and ClassicLink work here
IMAGE = "centos_7_9_x64_20G_alibase_20240628.vhd"
INSTANCE_TYPE = "ecs.t5-lc1m1.small"


def new_vpc(client, cidr="172.16.0.0/12"):
    return client.vpc.create_vpc(vpc.CreateVpcRequest(region_id=REGION, cidr_block=cidr)).body.vpc_id


def new_classic_instance(client):
    group = client.ecs.create_security_group(ecs.CreateSecurityGroupRequest(region_id=REGION)).body.security_group_id
    created = client.ecs.create_instance(ecs.CreateInstanceRequest(
        region_id=REGION, image_id=IMAGE, instance_type=INSTANCE_TYPE, security_group_id=group))
    instance = created.body.instance_id
    client.ecs.start_instance(ecs.StartInstanceRequest(instance_id=instance))
    return instance


def test_a_new_account_starts_empty(classiclink_client):
    found = client_vpcs(classiclink_client)
    assert found == []


def client_vpcs(client):
    return client.vpc.describe_vpcs(vpc.DescribeVpcsRequest(region_id=REGION)).body.vpcs.vpc


def test_create_a_vpc(classiclink_client):
    vpc_id = new_vpc(classiclink_client)
    assert [v.vpc_id for v in client_vpcs(classiclink_client)] == [vpc_id]


def test_ten_vpcs_fit_the_default_quota(classiclink_client):
    for _ in range(10):
        new_vpc(classiclink_client)
    assert len(client_vpcs(classiclink_client)) == 10


def test_the_eleventh_vpc_is_over_the_quota(classiclink_client):
    for _ in range(10):
        new_vpc(classiclink_client)
    with pytest.raises(TeaException) as refused:
        new_vpc(classiclink_client)
    assert refused.value.code == "QuotaExceeded.Vpc"


def test_the_legacy_sdk_sees_the_same_account(classiclink_client):
    vpc_id = json.loads(classiclink_client.legacy.do_action_with_exception(CreateVpcRequest()))["VpcId"]
    listed = json.loads(classiclink_client.legacy.do_action_with_exception(DescribeVpcsRequest()))
    assert [v["VpcId"] for v in listed["Vpcs"]["Vpc"]] == [vpc_id]


def test_enable_classiclink(classiclink_client):
    vpc_id = new_vpc(classiclink_client)
    classiclink_client.vpc.enable_vpc_classic_link(vpc.EnableVpcClassicLinkRequest(region_id=REGION, vpc_id=vpc_id))
    attribute = classiclink_client.vpc.describe_vpc_attribute(
        vpc.DescribeVpcAttributeRequest(region_id=REGION, vpc_id=vpc_id))
    assert attribute.body.classic_link_enabled is True


def test_attach_a_classic_instance(classiclink_client):
    vpc_id = new_vpc(classiclink_client)
    classiclink_client.vpc.enable_vpc_classic_link(vpc.EnableVpcClassicLinkRequest(region_id=REGION, vpc_id=vpc_id))
    instance = new_classic_instance(classiclink_client)
    classiclink_client.ecs.attach_classic_link_vpc(
        ecs.AttachClassicLinkVpcRequest(region_id=REGION, instance_id=instance, vpc_id=vpc_id))
    links = classiclink_client.ecs.describe_classic_link_instances(
        ecs.DescribeClassicLinkInstancesRequest(region_id=REGION, vpc_id=vpc_id))
    assert [link.instance_id for link in links.body.links.link] == [instance]


def test_a_vpc_with_links_cannot_be_disabled(classiclink_client):
    vpc_id = new_vpc(classiclink_client)
    classiclink_client.vpc.enable_vpc_classic_link(vpc.EnableVpcClassicLinkRequest(region_id=REGION, vpc_id=vpc_id))
    instance = new_classic_instance(classiclink_client)
    classiclink_client.ecs.attach_classic_link_vpc(
        ecs.AttachClassicLinkVpcRequest(region_id=REGION, instance_id=instance, vpc_id=vpc_id))
    with pytest.raises(TeaException) as refused:
        classiclink_client.vpc.disable_vpc_classic_link(
            vpc.DisableVpcClassicLinkRequest(region_id=REGION, vpc_id=vpc_id))
    assert refused.value.code == "DependencyViolation.Instance"


def test_detach_then_disable(classiclink_client):
    vpc_id = new_vpc(classiclink_client)
    classiclink_client.vpc.enable_vpc_classic_link(vpc.EnableVpcClassicLinkRequest(region_id=REGION, vpc_id=vpc_id))
    instance = new_classic_instance(classiclink_client)
    classiclink_client.ecs.attach_classic_link_vpc(
        ecs.AttachClassicLinkVpcRequest(region_id=REGION, instance_id=instance, vpc_id=vpc_id))
    classiclink_client.ecs.detach_classic_link_vpc(
        ecs.DetachClassicLinkVpcRequest(region_id=REGION, instance_id=instance, vpc_id=vpc_id))
    classiclink_client.vpc.disable_vpc_classic_link(vpc.DisableVpcClassicLinkRequest(region_id=REGION, vpc_id=vpc_id))


def test_another_accounts_vpc_is_not_found(classiclink_server, classiclink_client):
    other = classiclink_server.create_account()
    other_vpc = new_vpc(type(classiclink_client)(classiclink_server, other))
    with pytest.raises(TeaException) as refused:
        classiclink_client.vpc.delete_vpc(vpc.DeleteVpcRequest(region_id=REGION, vpc_id=other_vpc))
    assert refused.value.code == "InvalidVpcId.NotFound"


def test_reset_empties_one_account(classiclink_server, classiclink_client):
    new_vpc(classiclink_client)
    classiclink_server.reset(classiclink_client.account.account_id)
    assert client_vpcs(classiclink_client) == []


def test_a_wrong_secret_is_refused(classiclink_server, classiclink_account):
    from aliyunsdkcore.client import AcsClient

    client = AcsClient(classiclink_account.access_key_id, "not-the-secret", REGION)
    request = DescribeVpcsRequest()
    request.set_endpoint(classiclink_server.endpoint)
    with pytest.raises(ServerException) as refused:
        client.do_action_with_exception(request)
    # The server answers SignatureDoesNotMatch; the legacy SDK, seeing its own string to sign in the
    # message, reports the wrong secret as InvalidAccessKeySecret.
    assert refused.value.get_error_code() == "InvalidAccessKeySecret"
