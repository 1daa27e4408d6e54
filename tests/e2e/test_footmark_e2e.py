"""footmark 1.26.0 (the library under Ansible's ``ali_*`` modules), unchanged, against a real server.

footmark has no endpoint option: every call builds a fresh ``aliyunsdkcore`` ``AcsClient`` whose endpoint
comes from the SDK's resolver chain. A footmark user points it elsewhere with aliyunsdkcore's
``region_provider.modify_point(product, region, endpoint)``, which fills the resolver consulted first; an
endpoint written ``http://host:port`` is used as is, so the calls go over plain HTTP
(docs/clients/footmark-ansible.md). footmark has no ClassicLink methods; those calls go through its generic
request path (``build_request_params`` + ``get_status_new`` / ``get_object_new``), the one every footmark
method uses.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from typing import Any

import footmark.ecs
import footmark.vpc
import pytest
from aliyunsdkcore.acs_exception.exceptions import ServerException
from aliyunsdkcore.endpoint.default_endpoint_resolver import DefaultEndpointResolver
from aliyunsdkcore.profile import region_provider
from footmark.exception import FootmarkServerError
from footmark.resultset import ResultSet

from support.sdk import ACCESS_KEY_ID, ACCESS_KEY_SECRET, IMAGE_ID
from support.server import ServerProcess

pytestmark = pytest.mark.e2e

REGION = "cn-hangzhou"  # has the classic network (docs/compatibility.md)
PRODUCTS = ("Ecs", "Vpc")


@pytest.fixture
def endpoint(server: ServerProcess) -> Iterator[str]:
    """The server as the endpoint of Ecs and Vpc in REGION, for this test only."""
    url = f"http://{server.endpoint}"
    for product in PRODUCTS:
        region_provider.modify_point(product, REGION, url)
    yield url
    entries = DefaultEndpointResolver.predefined_endpoint_resolver.endpoints_data
    for product in PRODUCTS:
        entries.pop(f"{product.lower()}.{REGION}", None)


def connections(secret: str = ACCESS_KEY_SECRET) -> tuple[Any, Any]:
    """(ECSConnection, VPCConnection) the way ansible_alicloud's ecs_connect / vpc_connect make them."""
    params = dict(acs_access_key_id=ACCESS_KEY_ID, acs_secret_access_key=secret, user_agent="Ansible-Provider-Alicloud")
    return footmark.ecs.connect_to_region(REGION, **params), footmark.vpc.connect_to_region(REGION, **params)


def generic(conn: Any, action: str, **params: Any) -> Any:
    """An action footmark has no method for, through footmark's own request path; the parsed body."""
    return conn.get_object_new(conn.build_request_params({"Action": action, **params}), ResultSet)


def links(ecs: Any, vpc_id: str) -> list[dict[str, Any]]:
    body = generic(ecs, "DescribeClassicLinkInstances", vpc_id=vpc_id)
    return list(body.links["link"])


def test_classiclink_lifecycle_through_footmark(endpoint: str) -> None:
    ecs, vpc = connections()

    # VPC and vSwitch: footmark waits for Available by reading them back (DescribeVpcAttribute,
    # DescribeVSwitchAttributes) and returns what it read.
    created_vpc = vpc.create_vpc(cidr_block="172.16.0.0/12", vpc_name="footmark-vpc", description="by footmark")
    assert created_vpc.id.startswith("vpc-")
    assert (created_vpc.vpc_name, created_vpc.cidr_block, created_vpc.status) == (
        "footmark-vpc",
        "172.16.0.0/12",
        "Available",
    )
    assert created_vpc.read()["state"] == "available"  # what ali_vpc returns
    assert [v.id for v in vpc.describe_vpcs(vpc_id=created_vpc.id)] == [created_vpc.id]
    vswitch = vpc.create_vswitch(vpc_id=created_vpc.id, zone_id="cn-hangzhou-h", cidr_block="172.16.1.0/24",
                                 vswitch_name="footmark-vsw")  # fmt: skip
    assert vswitch.id.startswith("vsw-")
    assert (vswitch.vpc_id, vswitch.cidr_block, vswitch.zone_id) == (created_vpc.id, "172.16.1.0/24", "cn-hangzhou-h")
    assert [s.id for s in vpc.describe_vswitches(vpc_id=created_vpc.id)] == [vswitch.id]

    # Security group in the VPC, read back with DescribeSecurityGroupAttribute by footmark itself.
    group = ecs.create_security_group(vpc_id=created_vpc.id, security_group_name="footmark-sg", description="fm")
    assert group.id.startswith("sg-")
    assert (group.security_group_name, group.vpc_id) == ("footmark-sg", created_vpc.id)
    assert group.id in [g.id for g in ecs.describe_security_groups(vpc_id=created_vpc.id)]
    classic_group = ecs.create_security_group(security_group_name="footmark-classic-sg")

    assert generic(vpc, "EnableVpcClassicLink", vpc_id=created_vpc.id)
    assert vpc.describe_vpc_attribute(vpc_id=created_vpc.id).classic_link_enabled is True

    # A classic instance: no vSwitch. footmark's create_instances returns the instances it read back.
    [instance] = ecs.create_instances(image_id="ubuntu_22_04_x64_20G_alibase_20240101.vhd", instance_type="ecs.t5-lc1m1.small",
                                      security_group_id=classic_group.id, zone_id="cn-hangzhou-h",
                                      instance_name="footmark-classic", count=1)  # fmt: skip
    assert instance.id.startswith("i-")
    assert (instance.status, instance.instance_network_type) == ("stopped", "classic")
    assert ecs.start_instances(instance_ids=[instance.id]) is True  # waits until DescribeInstances says running
    [running] = ecs.describe_instances(instance_ids=[instance.id])
    assert running.status == "running"

    assert generic(ecs, "AttachClassicLinkVpc", instance_id=instance.id, vpc_id=created_vpc.id)
    assert [(link["instance_id"], link["vpc_id"]) for link in links(ecs, created_vpc.id)] == [
        (instance.id, created_vpc.id)
    ]

    # Refused while a link exists: footmark's generic path re-raises the SDK's ServerException.
    with pytest.raises(ServerException) as refused:
        generic(vpc, "DisableVpcClassicLink", vpc_id=created_vpc.id)
    assert (refused.value.get_http_status(), refused.value.error_code) == (404, "DependencyViolation.Instance")
    assert refused.value.get_error_msg() == "ClassicLink Instances exist in VPC."

    assert generic(ecs, "DetachClassicLinkVpc", instance_id=instance.id, vpc_id=created_vpc.id)
    assert links(ecs, created_vpc.id) == []
    assert generic(vpc, "DisableVpcClassicLink", vpc_id=created_vpc.id)
    assert vpc.describe_vpc_attribute(vpc_id=created_vpc.id).classic_link_enabled is False

    # Teardown through footmark's own delete methods, each of which confirms by reading again.
    assert ecs.stop_instances(instance_ids=[instance.id], force_stop=True) is True
    assert ecs.delete_instances(instance_ids=[instance.id]) is True
    assert ecs.describe_instances(instance_ids=[instance.id]) == []
    assert ecs.delete_security_group(security_group_id=group.id) is True
    assert ecs.delete_security_group(security_group_id=classic_group.id) is True
    assert ecs.describe_security_group_attribute(security_group_id=group.id) is None
    assert vpc.delete_vswitch(vswitch_id=vswitch.id) is True
    assert vpc.describe_vswitches(vpc_id=created_vpc.id) == []
    assert vpc.delete_vpc(vpc_id=created_vpc.id) is True
    assert vpc.describe_vpcs(vpc_id=created_vpc.id) == []


# aliyunsdkcore rewrites a 400 SignatureDoesNotMatch whose server string-to-sign (after the first colon) equals
# its own into InvalidAccessKeySecret (sdk-wire §5), so that is the code a footmark user sees for a wrong
# secret: it proves the server refused with SignatureDoesNotMatch and the exact string-to-sign.
WRONG_SECRET = (
    "InvalidAccessKeySecret",
    "The AccessKeySecret is incorrect. Please check your AccessKeyId and AccessKeySecret.",
)


def test_a_wrong_secret_is_refused_with_signature_does_not_match(endpoint: str) -> None:
    ecs, vpc = connections(secret="not-the-secret")
    # Methods built on get_object_new / get_status_new re-raise the SDK's ServerException ...
    with pytest.raises(ServerException) as direct:
        vpc.create_vpc(cidr_block="192.168.0.0/16", vpc_name="never")
    assert (direct.value.get_http_status(), direct.value.error_code, direct.value.get_error_msg()) == (
        400,
        *WRONG_SECRET,
    )
    # ... list methods wrap it in footmark's VPCResponseError / ECSResponseError, which keeps it as ``error``.
    for list_all in (vpc.describe_vpcs, ecs.describe_instances):
        with pytest.raises(FootmarkServerError) as wrapped:
            list_all()
        assert isinstance(wrapped.value.error, ServerException)
        assert (wrapped.value.error.get_http_status(), wrapped.value.error.error_code) == (400, WRONG_SECRET[0])
        assert WRONG_SECRET[0] in str(wrapped.value)
    _, ok_vpc = connections()
    assert ok_vpc.describe_vpcs(vpc_name="never") == []  # nothing was created


# --- images, key pairs, instance types (classiclink issue 8) ---

UBUNTU = "ubuntu_22_04_x64_20G_alibase_20240926.vhd"


def test_images_through_footmark(endpoint: str) -> None:
    ecs, _ = connections()
    everything = ecs.get_all_images(filters={"image_owner_alias": "system"})
    assert UBUNTU in {i.id for i in everything}
    [ubuntu] = ecs.describe_images(image_id=UBUNTU)
    assert (ubuntu.platform, ubuntu.architecture) == ("Ubuntu", "x86_64")
    assert ecs.get_all_images(image_name="debian", filters={"os_type": "linux"})

    group = ecs.create_security_group(security_group_name="footmark-images").id
    [instance] = ecs.create_instances(image_id=IMAGE_ID, instance_type="ecs.t1.small", security_group_id=group,
                                      count=1)  # fmt: skip
    name = f"fm-{uuid.uuid4().hex[:8]}"
    changed, image_id, results, _ = ecs.create_image(instance_id=instance.id, image_name=name, wait=True,
                                                     wait_timeout=30)  # fmt: skip
    assert changed, results
    [made] = ecs.describe_images(image_id=image_id)
    assert (made.name, made.status) == (name, "Available")
    assert ecs.delete_image(image_id) is True
    assert ecs.describe_images(image_id=image_id) == []


def test_key_pairs_through_footmark(endpoint: str) -> None:
    ecs, _ = connections()
    name = f"fm-kp-{uuid.uuid4().hex[:8]}"
    created = ecs.create_key_pair(key_pair_name=name)
    assert created.private_key_body.startswith("-----BEGIN RSA PRIVATE KEY-----")
    [listed] = ecs.describe_key_pairs(key_pair_name=name)
    assert listed.key_pair_finger_print == created.key_pair_finger_print
    public = ecs.describe_key_pairs(key_pair_name=name, include_public_key=True)[0].public_key
    other = f"fm-imp-{uuid.uuid4().hex[:8]}"
    imported = ecs.import_key_pair(key_pair_name=other, public_key_body=public)
    assert imported.key_pair_finger_print == created.key_pair_finger_print

    group = ecs.create_security_group(security_group_name="footmark-keys").id
    [instance] = ecs.create_instances(image_id=IMAGE_ID, instance_type="ecs.t1.small", security_group_id=group,
                                      count=1)  # fmt: skip
    assert ecs.attach_key_pair(instance_ids=[instance.id], key_pair_name=name)
    assert ecs.detach_key_pair(instance_ids=[instance.id], key_pair_name=name)
    assert ecs.delete_key_pair(key_pair_names=[name, other]) is True
    assert ecs.describe_key_pairs(key_pair_name=name) == []


def test_instance_types_through_footmark(endpoint: str) -> None:
    ecs, _ = connections()
    types = ecs.describe_instance_types(instance_type_family="ecs.g7")
    assert "ecs.g7.large" in {t.id for t in types}
    families = ecs.describe_instance_type_families(generation="ecs-5")
    assert {"ecs.g7", "ecs.c7", "ecs.r7"} <= {f.id for f in families}
