"""footmark 1.26.0's EIP (VPCConnection) and ENI (ECSConnection) methods, unchanged, against a real server.

footmark waits on what it reads back: allocate_eip_address for Available, associate / unassociate for InUse /
Available, create / attach / detach_network_interface for Available / InUse (docs/clients/footmark-ansible.md
explains how footmark is pointed at the server).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import footmark.ecs
import footmark.vpc
import pytest
from aliyunsdkcore.endpoint.default_endpoint_resolver import DefaultEndpointResolver
from aliyunsdkcore.profile import region_provider

from support.sdk import ACCESS_KEY_ID, ACCESS_KEY_SECRET
from support.server import ServerProcess

pytestmark = pytest.mark.e2e

REGION = "cn-hangzhou"
PRODUCTS = ("Ecs", "Vpc")


@pytest.fixture
def endpoint(server: ServerProcess) -> Iterator[str]:
    url = f"http://{server.endpoint}"
    for product in PRODUCTS:
        region_provider.modify_point(product, REGION, url)
    yield url
    entries = DefaultEndpointResolver.predefined_endpoint_resolver.endpoints_data
    for product in PRODUCTS:
        entries.pop(f"{product.lower()}.{REGION}", None)


def connections() -> tuple[Any, Any]:
    params = dict(acs_access_key_id=ACCESS_KEY_ID, acs_secret_access_key=ACCESS_KEY_SECRET,
                  user_agent="Ansible-Provider-Alicloud")  # fmt: skip
    return footmark.ecs.connect_to_region(REGION, **params), footmark.vpc.connect_to_region(REGION, **params)


def test_eips_and_enis_through_footmark(endpoint: str) -> None:
    ecs, vpc = connections()
    created_vpc = vpc.create_vpc(cidr_block="172.16.0.0/12", vpc_name="fm-net")
    vswitch = vpc.create_vswitch(vpc_id=created_vpc.id, zone_id="cn-hangzhou-h", cidr_block="172.16.3.0/24")
    group = ecs.create_security_group(vpc_id=created_vpc.id, security_group_name="fm-net-sg")
    [instance] = ecs.create_instances(image_id="ubuntu_22_04_x64_20G_alibase_20240101.vhd",
                                      instance_type="ecs.g6.large", security_group_id=group.id,
                                      vswitch_id=vswitch.id, count=1)  # fmt: skip
    assert instance.status == "stopped"

    # EIPs: allocate reads the EIP back; associate / unassociate wait for the status they expect.
    eip = vpc.allocate_eip_address(bandwidth=5, internet_charge_type="PayByTraffic")
    assert eip.id.startswith("eip-") and eip.status == "available"
    assert [e.id for e in vpc.describe_eip_addresses(allocation_id=eip.id)] == [eip.id]
    assert vpc.associate_eip_address(allocation_id=eip.id, instance_id=instance.id) is True
    [bound] = vpc.describe_eip_addresses(allocation_id=eip.id)
    assert (bound.status, bound.instance_id) == ("inuse", instance.id)
    assert vpc.modify_eip_address_attribute(allocation_id=eip.id, bandwidth=10, name="fm-eip")
    [modified] = vpc.describe_eip_addresses(allocation_id=eip.id)
    assert (modified.bandwidth, modified.name) == ("10", "fm-eip")
    assert vpc.unassociate_eip_address(allocation_id=eip.id, instance_id=instance.id) is True
    assert vpc.release_eip_address(allocation_id=eip.id)
    assert vpc.describe_eip_addresses(allocation_id=eip.id) == []

    # ENIs: create reads the ENI back once Available; attach / detach wait for InUse / Available.
    eni = ecs.create_network_interface(vswitch_id=vswitch.id, security_group_id=group.id,
                                       network_interface_name="fm-eni", description="by footmark")  # fmt: skip
    assert eni.id.startswith("eni-") and eni.status == "available"
    assert (eni.name, eni.vswitch_id) == ("fm-eni", vswitch.id)
    assert ecs.attach_network_interface(network_interface_id=eni.id, instance_id=instance.id)
    [attached] = ecs.describe_network_interfaces(network_interface_ids=[eni.id])
    assert (attached.status, attached.instance_id) == ("inuse", instance.id)
    types = sorted(e.type for e in ecs.describe_network_interfaces(instance_id=instance.id))
    assert types == ["Primary", "Secondary"]
    assert ecs.detach_network_interface(network_interface_id=eni.id, instance_id=instance.id)
    assert ecs.modify_network_interface_attribute(network_interface_id=eni.id, network_interface_name="fm-eni-2")
    [renamed] = ecs.describe_network_interfaces(network_interface_ids=[eni.id])
    assert renamed.name == "fm-eni-2"
    assert ecs.delete_network_interface(network_interface_id=eni.id)
    assert ecs.describe_network_interfaces(network_interface_ids=[eni.id]) == []

    # The primary ENI goes with its instance.
    assert ecs.delete_instances(instance_ids=[instance.id]) is True
    assert ecs.describe_network_interfaces(instance_id=instance.id) == []
