"""Response key order is the real service's (docs/compatibility.md, "Response key order").

Some clients read keys in the order they arrive: footmark's ``Instance`` recurses until RecursionError when
``PublicIpAddress`` comes before ``EipAddress``. tests/data/response_order/<Product>/<Action>.json records,
per object path, the key order of the API's documented sample, followed by the keys it lacks in the Tea SDK
model's order (the model's order alone where the page has no sample). Every action is called through a real
server; the JSON is parsed keeping order, and every object's keys must be recorded for its path and appear in
the recorded relative order.
"""

from __future__ import annotations

import json
import uuid
import xml.etree.ElementTree as ET
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import requests

from classiclink.domain.resource_groups import default_group
from support import raw
from support.server import ServerProcess

ORDER_DIR = Path(__file__).resolve().parent.parent / "data" / "response_order"
PRODUCTS = {"Ecs": raw.ECS, "Vpc": raw.VPC}
REGION = "cn-hangzhou"


def recorded(product: str, action: str) -> dict[str, list[str]]:
    data = json.loads((ORDER_DIR / product / f"{action}.json").read_text())
    assert data["source"], "every recorded order names where it comes from"
    return data["order"]  # type: ignore[no-any-return]


def ordered_json(response: requests.Response) -> Any:
    assert response.status_code == 200, response.text
    return json.loads(response.text, object_pairs_hook=list)


def misordered(document: Any, order: dict[str, list[str]], path: str = "") -> list[str]:
    """Where ``document`` (objects as lists of pairs) departs from ``order``; [] when it does not."""
    problems: list[str] = []
    if _is_object(document):
        keys = [k for k, _ in document]
        expected = order.get(path)
        if expected is None:
            problems.append(f"{path or '<top>'}: no recorded order for keys {keys}")
        else:
            unknown = [k for k in keys if k not in expected]
            if unknown:
                problems.append(f"{path or '<top>'}: keys {unknown} not in the recorded order")
            known = [k for k in keys if k in expected]
            if known != sorted(known, key=expected.index):
                problems.append(f"{path or '<top>'}: {known} != {sorted(known, key=expected.index)}")
        for key, value in document:
            sub = f"{path}.{key}" if path else key
            if isinstance(value, list) and not _is_object(value):
                for item in value:
                    problems += misordered(item, order, sub + "[]")
            else:
                problems += misordered(value, order, sub)
    return problems


def _is_object(value: Any) -> bool:
    """A non-empty JSON object as object_pairs_hook=list gives it: a list of (key, value) tuples."""
    return isinstance(value, list) and bool(value) and all(isinstance(p, tuple) and len(p) == 2 and isinstance(p[0], str) for p in value)


def call(server: ServerProcess, product: str, action: str, fmt: str = "JSON", **params: Any) -> requests.Response:
    return raw.send(server.url, {"Action": action, "Version": PRODUCTS[product], "Format": fmt, **params})


def ok(server: ServerProcess, product: str, action: str, **params: Any) -> dict[str, Any]:
    response = call(server, product, action, RegionId=REGION, **params)
    assert response.status_code == 200, response.text
    return response.json()  # type: ignore[no-any-return]


# --- a small world: a VPC with a vSwitch, a classic and a VPC instance, a ClassicLink ------------------------


@dataclass
class World:
    vpc_id: str
    vswitch_id: str
    route_table_id: str
    route_entry_id: str
    classic_group: str
    vpc_group: str
    classic_instance: str
    vpc_instance: str


# An OpenSSH public key (a 2048-bit RSA key made for these tests) for ImportKeyPair.
PUBLIC_KEY = (
    "ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABAQC0LP54KjCMC7rq2XzYCdNd5eRfvnF4eGBWibUDkmKYbC/B4XJt3JEq3Php1sn3"
    "E4Sv7SF/2l9kiosyrFFZFWCV3vlWFqQlQ8SL9yTrwOINeC34DOsgamFuS1iNZ3g3zeI2KTSHa5tqZpKV7K3crHeLtWB/Otp5v2Uz"
    "6RT6oqTsiGRW2ka8CMFltVFUfkSYNtkk/givj97OWE1JISqL7diIo+bWMnFgRu5ta4yYJPcvBj6yEAqt2HJfWdJFkq6rSWcvU2Pq"
    "zbJkj9U6UkG2BdS591aGqkuKQla7BkdoHzQWCw28xsq4K4PNB9q/gk2sCPVMPSTybrtxkLMx5v6+L3dN test"
)

# Tagged resources, so that the tag objects' order is checked too.
TAG = {"Tag.1.Key": "team", "Tag.1.Value": "order"}


def make_world(server: ServerProcess) -> World:
    vpc = ok(server, "Vpc", "CreateVpc", CidrBlock="172.16.0.0/16", **TAG)
    vswitch = ok(server, "Vpc", "CreateVSwitch", VpcId=vpc["VpcId"], ZoneId="cn-hangzhou-i", CidrBlock="172.16.1.0/24",
                 **TAG)  # fmt: skip
    classic_group = ok(server, "Ecs", "CreateSecurityGroup", **TAG)["SecurityGroupId"]
    vpc_group = ok(server, "Ecs", "CreateSecurityGroup", VpcId=vpc["VpcId"], **TAG)["SecurityGroupId"]
    classic = _new_instance(server, classic_group, start=True)
    in_vpc = _new_instance(server, vpc_group, VSwitchId=vswitch["VSwitchId"])
    entry = ok(server, "Vpc", "CreateRouteEntry", RouteTableId=vpc["RouteTableId"],
               DestinationCidrBlock="192.168.7.0/24", NextHopType="Instance", NextHopId=in_vpc)  # fmt: skip
    ok(server, "Vpc", "EnableVpcClassicLink", VpcId=vpc["VpcId"])
    ok(server, "Ecs", "AttachClassicLinkVpc", InstanceId=classic, VpcId=vpc["VpcId"])
    return World(vpc["VpcId"], vswitch["VSwitchId"], vpc["RouteTableId"], entry["RouteEntryId"], classic_group,
                 vpc_group, classic, in_vpc)  # fmt: skip


def _new_instance(server: ServerProcess, group: str, start: bool = False, **params: str) -> str:
    instance = str(ok(server, "Ecs", "CreateInstance", SecurityGroupId=group, InstanceType="ecs.g6.large",
                      ImageId="ubuntu_22_04_x64_20G_alibase_20230907.vhd", **TAG, **params)["InstanceId"])  # fmt: skip
    if start:
        ok(server, "Ecs", "StartInstance", InstanceId=instance)
    return instance


@pytest.fixture(scope="module")
def world(server: ServerProcess) -> World:
    return make_world(server)


# --- DescribeInstances' instance object, pinned ------------------------------------------------------------

# The keys we return, in the order of the documented sample; footmark needs EipAddress before PublicIpAddress.
# Every key of the Tea model's instance, in the recorded order (the sample's, then the model's).
INSTANCE_ORDER = recorded("Ecs", "DescribeInstances")["Instances.Instance[]"]
TOP_ORDER = ["NextToken", "PageSize", "PageNumber", "RequestId", "TotalCount", "Instances"]
VPC_ATTRIBUTES_ORDER = ["PrivateIpAddress", "VpcId", "VSwitchId", "NatIpAddress"]
EIP_ORDER = recorded("Ecs", "DescribeInstances")["Instances.Instance[].EipAddress"]


@pytest.mark.parametrize("kind", ["classic", "vpc"])
def test_describe_instances_instance_order_json(server: ServerProcess, world: World, kind: str) -> None:
    instance_id = world.classic_instance if kind == "classic" else world.vpc_instance
    document = ordered_json(call(server, "Ecs", "DescribeInstances", RegionId=REGION,
                                 InstanceIds=json.dumps([instance_id])))  # fmt: skip
    assert [k for k, _ in document] == TOP_ORDER
    [(_, instances)] = [pair for pair in document if pair[0] == "Instances"]
    [(_, [instance])] = instances
    keys = [k for k, _ in instance]
    assert keys.index("EipAddress") < keys.index("PublicIpAddress")
    assert keys == INSTANCE_ORDER
    fields = dict(instance)
    assert fields["InstanceId"] == instance_id
    assert fields["InstanceNetworkType"] == kind
    assert [k for k, _ in fields["VpcAttributes"]] == VPC_ATTRIBUTES_ORDER
    assert [k for k, _ in fields["EipAddress"]] == EIP_ORDER


@pytest.mark.parametrize("kind", ["classic", "vpc"])
def test_describe_instances_instance_order_xml(server: ServerProcess, world: World, kind: str) -> None:
    instance_id = world.classic_instance if kind == "classic" else world.vpc_instance
    response = call(server, "Ecs", "DescribeInstances", "XML", RegionId=REGION, InstanceIds=json.dumps([instance_id]))
    assert response.status_code == 200, response.text
    root = ET.fromstring(response.content)
    assert [child.tag for child in root] == TOP_ORDER
    [instance] = root.findall("Instances/Instance")
    assert instance.findtext("InstanceId") == instance_id
    assert instance.findtext("InstanceNetworkType") == kind
    keys = [child.tag for child in instance]
    assert keys.index("EipAddress") < keys.index("PublicIpAddress")
    assert keys == INSTANCE_ORDER
    assert [child.tag for child in instance.iterfind("VpcAttributes/*")] == VPC_ATTRIBUTES_ORDER
    assert [child.tag for child in instance.iterfind("EipAddress/*")] == EIP_ORDER


def test_checker_catches_a_swapped_pair() -> None:
    """The comparison itself can fail: PublicIpAddress before EipAddress is reported."""
    order = recorded("Ecs", "DescribeInstances")
    bad = json.loads('{"Instances":{"Instance":[{"PublicIpAddress":{"IpAddress":[]},'
                     '"EipAddress":{"IpAddress":""}}]}}', object_pairs_hook=list)  # fmt: skip
    assert misordered(bad, order) == [
        "Instances.Instance[]: ['PublicIpAddress', 'EipAddress'] != ['EipAddress', 'PublicIpAddress']"
    ]
    assert misordered(json.loads('{"Surprise":1}', object_pairs_hook=list), order) == [
        "<top>: keys ['Surprise'] not in the recorded order"
    ]


# --- every action ---------------------------------------------------------------------------------------

Call = Callable[[ServerProcess, World], requests.Response]


def _ecs(action: str, **params: Callable[[ServerProcess, World], str] | str) -> Call:
    return _call("Ecs", action, params)


def _vpc(action: str, **params: Callable[[ServerProcess, World], str] | str) -> Call:
    return _call("Vpc", action, params)


def _call(product: str, action: str, params: dict[str, Callable[[ServerProcess, World], str] | str]) -> Call:
    def run(server: ServerProcess, world: World) -> requests.Response:
        values = {k: v if isinstance(v, str) else v(server, world) for k, v in params.items()}
        return call(server, product, action, RegionId=REGION, **values)

    return run


def _unique_cidr() -> str:
    n = uuid.uuid4().int
    return f"10.{n % 250}.{(n >> 8) % 250}.0/24"


def _fresh_vpc(server: ServerProcess, world: World) -> str:
    return str(ok(server, "Vpc", "CreateVpc", CidrBlock="192.168.0.0/16")["VpcId"])


def _enabled_vpc(server: ServerProcess, world: World) -> str:
    vpc_id = _fresh_vpc(server, world)
    ok(server, "Vpc", "EnableVpcClassicLink", VpcId=vpc_id)
    return vpc_id


def _stopped(server: ServerProcess, world: World) -> str:
    return _new_instance(server, world.classic_group)


def _running(server: ServerProcess, world: World) -> str:
    return _new_instance(server, world.classic_group, start=True)


def _linked(server: ServerProcess, world: World) -> str:
    instance = _running(server, world)
    ok(server, "Ecs", "AttachClassicLinkVpc", InstanceId=instance, VpcId=world.vpc_id)
    return instance


def _vswitch(server: ServerProcess, world: World) -> str:
    vpc_id = _fresh_vpc(server, world)
    created = ok(server, "Vpc", "CreateVSwitch", VpcId=vpc_id, ZoneId="cn-hangzhou-i", CidrBlock="192.168.3.0/24")
    return str(created["VSwitchId"])


def _default_vpcs(server: ServerProcess) -> list[dict[str, Any]]:
    found = ok(server, "Vpc", "DescribeVpcs", IsDefault="true", PageSize="50")
    return [v for v in found["Vpcs"]["Vpc"] if v["IsDefault"]]


def _no_default_vpc(server: ServerProcess, world: World) -> str:
    """A ClientToken, once the region's default VPC (one per region, per the docs) and its vSwitches are gone."""
    for vpc in _default_vpcs(server):
        for vswitch_id in vpc["VSwitchIds"]["VSwitchId"]:
            ok(server, "Vpc", "DeleteVSwitch", VSwitchId=vswitch_id)
        ok(server, "Vpc", "DeleteVpc", VpcId=vpc["VpcId"])
    return uuid.uuid4().hex


def _default_zone(server: ServerProcess, world: World) -> str:
    """A zone with no default vSwitch in the region's default VPC (made if missing)."""
    zone = "cn-hangzhou-k"
    if not _default_vpcs(server):
        ok(server, "Vpc", "CreateDefaultVpc")
    found = ok(server, "Vpc", "DescribeVSwitches", IsDefault="true", ZoneId=zone)["VSwitches"]["VSwitch"]
    for vswitch in found:
        ok(server, "Vpc", "DeleteVSwitch", VSwitchId=vswitch["VSwitchId"])
    return zone


def _route_entry(server: ServerProcess, world: World) -> str:
    created = ok(server, "Vpc", "CreateRouteEntry", RouteTableId=world.route_table_id,
                 DestinationCidrBlock=_unique_cidr(), NextHopType="Instance", NextHopId=world.vpc_instance)  # fmt: skip
    return str(created["RouteEntryId"])


def _vpc_instance(server: ServerProcess, world: World) -> str:
    return _new_instance(server, world.vpc_group, VSwitchId=world.vswitch_id)


def _eni(server: ServerProcess, world: World) -> str:
    created = ok(server, "Ecs", "CreateNetworkInterface", VSwitchId=world.vswitch_id, SecurityGroupId=world.vpc_group,
                 SecondaryPrivateIpAddressCount="1", **TAG)  # fmt: skip
    return str(created["NetworkInterfaceId"])


def _attached_eni(server: ServerProcess, world: World) -> tuple[str, str]:
    eni, instance = _eni(server, world), _vpc_instance(server, world)
    ok(server, "Ecs", "AttachNetworkInterface", NetworkInterfaceId=eni, InstanceId=instance)
    return eni, instance


def _eip(server: ServerProcess, world: World) -> str:
    return str(ok(server, "Vpc", "AllocateEipAddress", **TAG)["AllocationId"])


def _associated_eip(server: ServerProcess, world: World) -> tuple[str, str]:
    eip, instance = _eip(server, world), _vpc_instance(server, world)
    ok(server, "Vpc", "AssociateEipAddress", AllocationId=eip, InstanceId=instance)
    return eip, instance


def _detach(server: ServerProcess, world: World) -> requests.Response:
    eni, instance = _attached_eni(server, world)
    return call(server, "Ecs", "DetachNetworkInterface", RegionId=REGION, NetworkInterfaceId=eni, InstanceId=instance)


def _unassociate(server: ServerProcess, world: World) -> requests.Response:
    eip, instance = _associated_eip(server, world)
    response = call(server, "Vpc", "UnassociateEipAddress", RegionId=REGION, AllocationId=eip, InstanceId=instance)
    ok(server, "Vpc", "ReleaseEipAddress", AllocationId=eip)
    return response


def _describe_eips(server: ServerProcess, world: World) -> requests.Response:
    eip, instance = _associated_eip(server, world)
    response = call(server, "Vpc", "DescribeEipAddresses", RegionId=REGION, AllocationId=eip)
    ok(server, "Vpc", "UnassociateEipAddress", AllocationId=eip, InstanceId=instance)
    ok(server, "Vpc", "ReleaseEipAddress", AllocationId=eip)
    return response


def _released(action: str, **params: Callable[[ServerProcess, World], str] | str) -> Call:
    """A VPC call on a fresh EIP, which is released afterwards (the account's EIP quota is 20)."""
    def run(server: ServerProcess, world: World) -> requests.Response:
        eip = _eip(server, world)
        values = {k: v if isinstance(v, str) else v(server, world) for k, v in params.items()}
        response = call(server, "Vpc", action, RegionId=REGION, AllocationId=eip, **values)
        ok(server, "Vpc", "ReleaseEipAddress", AllocationId=eip)
        return response

    return run


def _associate(server: ServerProcess, world: World) -> requests.Response:
    eip, instance = _eip(server, world), _vpc_instance(server, world)
    response = call(server, "Vpc", "AssociateEipAddress", RegionId=REGION, AllocationId=eip, InstanceId=instance)
    ok(server, "Vpc", "UnassociateEipAddress", AllocationId=eip, InstanceId=instance)
    ok(server, "Vpc", "ReleaseEipAddress", AllocationId=eip)
    return response


def _release(server: ServerProcess, world: World) -> requests.Response:
    return call(server, "Vpc", "ReleaseEipAddress", RegionId=REGION, AllocationId=_eip(server, world))


def _unassign(server: ServerProcess, world: World) -> requests.Response:
    eni = _eni(server, world)
    [found] = ok(server, "Ecs", "DescribeNetworkInterfaces", **{"NetworkInterfaceId.1": eni})[
        "NetworkInterfaceSets"]["NetworkInterfaceSet"]
    [address] = [p["PrivateIpAddress"] for p in found["PrivateIpSets"]["PrivateIpSet"] if not p["Primary"]]
    return call(server, "Ecs", "UnassignPrivateIpAddresses", RegionId=REGION, NetworkInterfaceId=eni,
                **{"PrivateIpAddress.1": address})


def _ipv6_eni(server: ServerProcess, world: World) -> str:
    vpc = ok(server, "Vpc", "CreateVpc", CidrBlock="192.168.0.0/16", EnableIpv6="true")["VpcId"]
    vswitch = ok(server, "Vpc", "CreateVSwitch", VpcId=vpc, ZoneId="cn-hangzhou-i", CidrBlock="192.168.1.0/24",
                 Ipv6CidrBlock="1")["VSwitchId"]  # fmt: skip
    group = ok(server, "Ecs", "CreateSecurityGroup", VpcId=vpc)["SecurityGroupId"]
    created = ok(server, "Ecs", "CreateNetworkInterface", VSwitchId=vswitch, SecurityGroupId=group, Ipv6AddressCount="1")
    return str(created["NetworkInterfaceId"])


def _unassign_ipv6(server: ServerProcess, world: World) -> requests.Response:
    eni = _ipv6_eni(server, world)
    [found] = ok(server, "Ecs", "DescribeNetworkInterfaces", **{"NetworkInterfaceId.1": eni})[
        "NetworkInterfaceSets"]["NetworkInterfaceSet"]
    address = found["Ipv6Sets"]["Ipv6Set"][0]["Ipv6Address"]
    return call(server, "Ecs", "UnassignIpv6Addresses", RegionId=REGION, NetworkInterfaceId=eni,
                **{"Ipv6Address.1": address})


def _allocate(server: ServerProcess, world: World) -> requests.Response:
    response = call(server, "Vpc", "AllocateEipAddress", RegionId=REGION, **TAG)
    ok(server, "Vpc", "ReleaseEipAddress", AllocationId=response.json()["AllocationId"])
    return response


def _vpc_with_secondary(server: ServerProcess, world: World) -> str:
    vpc_id = _fresh_vpc(server, world)
    ok(server, "Vpc", "AssociateVpcCidrBlock", VpcId=vpc_id, SecondaryCidrBlock="10.0.0.0/16")
    return vpc_id


def _both_instances(server: ServerProcess, world: World) -> str:
    return json.dumps([world.classic_instance, world.vpc_instance])


def _key_pair(server: ServerProcess, world: World) -> str:
    name = f"kp-{uuid.uuid4().hex[:12]}"
    ok(server, "Ecs", "CreateKeyPair", KeyPairName=name)
    return name


def _system_disk(server: ServerProcess, world: World) -> str:
    found = ok(server, "Ecs", "DescribeDisks", InstanceId=world.classic_instance, DiskType="system")
    return str(found["Disks"]["Disk"][0]["DiskId"])


def _snapshot(server: ServerProcess, world: World) -> str:
    return str(ok(server, "Ecs", "CreateSnapshot", DiskId=_system_disk(server, world))["SnapshotId"])


def _image(server: ServerProcess, world: World) -> str:
    return str(ok(server, "Ecs", "CreateImage", InstanceId=world.classic_instance)["ImageId"])


def _new_group(server: ServerProcess, world: World) -> str:
    return str(ok(server, "Ecs", "CreateSecurityGroup")["SecurityGroupId"])


SSH = {"IpProtocol": "tcp", "PortRange": "22/22", "SourceCidrIp": "10.0.0.0/8"}
WEB_OUT = {"IpProtocol": "tcp", "PortRange": "80/80", "DestCidrIp": "10.0.0.0/8"}


def _ruled_group(server: ServerProcess, world: World) -> str:
    """A classic group with an ingress rule (SSH), an egress rule (WEB_OUT) and a rule naming another group."""
    group, peer = _new_group(server, world), _new_group(server, world)
    ok(server, "Ecs", "AuthorizeSecurityGroup", SecurityGroupId=group, **SSH)
    ok(server, "Ecs", "AuthorizeSecurityGroup", SecurityGroupId=group, IpProtocol="all", PortRange="-1/-1",
       SourceGroupId=peer)  # fmt: skip
    ok(server, "Ecs", "AuthorizeSecurityGroupEgress", SecurityGroupId=group, **WEB_OUT)
    return group


def _referenced_group(server: ServerProcess, world: World) -> str:
    group, peer = _new_group(server, world), _new_group(server, world)
    ok(server, "Ecs", "AuthorizeSecurityGroup", SecurityGroupId=group, IpProtocol="all", PortRange="-1/-1",
       SourceGroupId=peer)  # fmt: skip
    return peer


def _second_group_member(server: ServerProcess, world: World) -> str:
    """A classic instance in two groups; the second one is returned (it may leave it)."""
    group = _new_group(server, world)
    instance = _new_instance(server, world.classic_group)
    ok(server, "Ecs", "JoinSecurityGroup", SecurityGroupId=group, InstanceId=instance)
    _LEAVING[instance] = group
    return instance


_LEAVING: dict[str, str] = {}  # instance -> the second group it joined


def _zone_of(server: ServerProcess, instance_id: str) -> str:
    return str(ok(server, "Ecs", "DescribeInstanceAttribute", InstanceId=instance_id)["ZoneId"])


def _free_disk(server: ServerProcess, world: World) -> str:
    """A new pay-as-you-go data disk in the classic instance's zone."""
    zone = _zone_of(server, world.classic_instance)
    return str(ok(server, "Ecs", "CreateDisk", ZoneId=zone, Size="20", DiskCategory="cloud_efficiency")["DiskId"])


def _attached_disk(server: ServerProcess, world: World) -> str:
    disk = _free_disk(server, world)
    ok(server, "Ecs", "AttachDisk", DiskId=disk, InstanceId=world.classic_instance)
    return disk


def _policy(server: ServerProcess, world: World) -> str:
    created = ok(server, "Ecs", "CreateAutoSnapshotPolicy", regionId=REGION, timePoints='["1"]',
                 repeatWeekdays='["1"]', retentionDays="7", **TAG)  # fmt: skip
    return str(created["AutoSnapshotPolicyId"])


def _policy_with_disk(server: ServerProcess, world: World) -> str:
    policy = _policy(server, world)
    ok(server, "Ecs", "ApplyAutoSnapshotPolicy", regionId=REGION, autoSnapshotPolicyId=policy,
       diskIds=json.dumps([_free_disk(server, world)]))  # fmt: skip
    return policy


def _zone(server: ServerProcess, world: World) -> str:
    return _zone_of(server, world.classic_instance)


def _disk_and_policy(server: ServerProcess, world: World) -> str:
    return json.dumps([_free_disk(server, world)])


DISK_CALLS: dict[tuple[str, str], list[Call]] = {
    ("Ecs", "CreateDisk"): [_ecs("CreateDisk", ZoneId=_zone, Size="40", DiskCategory="cloud_essd", **TAG)],
    ("Ecs", "AttachDisk"): [_ecs("AttachDisk", DiskId=_free_disk, InstanceId=lambda s, w: w.classic_instance)],
    ("Ecs", "DetachDisk"): [_ecs("DetachDisk", DiskId=_attached_disk, InstanceId=lambda s, w: w.classic_instance)],
    ("Ecs", "DeleteDisk"): [_ecs("DeleteDisk", DiskId=_free_disk)],
    ("Ecs", "ResizeDisk"): [_ecs("ResizeDisk", DiskId=_free_disk, NewSize="60")],
    ("Ecs", "ModifyDiskAttribute"): [_ecs("ModifyDiskAttribute", DiskId=_free_disk, DiskName="renamed")],
    ("Ecs", "ModifyDiskSpec"): [_ecs("ModifyDiskSpec", DiskId=_free_disk, DiskCategory="cloud_essd",
                                     PerformanceLevel="PL1")],
    ("Ecs", "ReplaceSystemDisk"): [_ecs("ReplaceSystemDisk", InstanceId=_stopped,
                                        ImageId="centos_7_9_x64_20G_alibase_20230919.vhd")],
    ("Ecs", "CreateAutoSnapshotPolicy"): [_ecs("CreateAutoSnapshotPolicy", regionId=REGION, timePoints='["1","13"]',
                                               repeatWeekdays='["1","5"]', retentionDays="-1")],
    ("Ecs", "DescribeAutoSnapshotPolicyEx"): [_ecs("DescribeAutoSnapshotPolicyEx", AutoSnapshotPolicyId=_policy_with_disk)],
    ("Ecs", "DeleteAutoSnapshotPolicy"): [_ecs("DeleteAutoSnapshotPolicy", regionId=REGION,
                                               autoSnapshotPolicyId=_policy)],
    ("Ecs", "ApplyAutoSnapshotPolicy"): [_ecs("ApplyAutoSnapshotPolicy", regionId=REGION,
                                              autoSnapshotPolicyId=_policy, diskIds=_disk_and_policy)],
    ("Ecs", "CancelAutoSnapshotPolicy"): [_ecs("CancelAutoSnapshotPolicy", regionId=REGION,
                                               diskIds=_disk_and_policy)],
}

# --- the instance attribute actions (issue 8) ---

ADMIN_TOKEN = "order-admin"
_ROLE_SERVERS: list[ServerProcess] = []


def _vpc_stopped(server: ServerProcess, world: World) -> str:
    return _new_instance(server, world.vpc_group, VSwitchId=world.vswitch_id)


def _prepaid(server: ServerProcess, world: World) -> str:
    return _new_instance(server, world.classic_group, start=True, InstanceChargeType="PrePaid", Period="1")


def _with_bandwidth(server: ServerProcess, world: World) -> str:
    return _new_instance(server, world.classic_group, start=True, InternetMaxBandwidthOut="5")


def _ids(make: Callable[[ServerProcess, World], str]) -> Callable[[ServerProcess, World], str]:
    return lambda s, w: json.dumps([make(s, w)])


def _role_call(action: str) -> Call:
    """Attach / DetachInstanceRamRole need a RAM role: a server of their own, with the admin API on."""

    def run(server: ServerProcess, world: World) -> requests.Response:
        if not _ROLE_SERVERS:
            _ROLE_SERVERS.append(ServerProcess("--transition-delay", "0", "--admin-token", ADMIN_TOKEN).start())
        own = _ROLE_SERVERS[0]
        trust = {"Version": "1", "Statement": [{"Effect": "Allow", "Action": "sts:AssumeRole",
                                                "Principal": {"Service": ["ecs.aliyuncs.com"]}}]}  # fmt: skip
        name = "order-" + uuid.uuid4().hex[:8]
        created = requests.post(f"http://{own.endpoint}/_classiclink/admin/accounts/1000000000000001/roles", timeout=10,
                                headers={"Authorization": f"Bearer {ADMIN_TOKEN}"},
                                json={"RoleName": name, "AssumeRolePolicyDocument": trust})  # fmt: skip
        assert created.status_code in (200, 201), created.text
        vpc = ok(own, "Vpc", "CreateVpc", CidrBlock="172.16.0.0/16")
        vswitch = ok(own, "Vpc", "CreateVSwitch", VpcId=vpc["VpcId"], ZoneId="cn-hangzhou-i", CidrBlock="172.16.1.0/24")
        group = ok(own, "Ecs", "CreateSecurityGroup", VpcId=vpc["VpcId"])["SecurityGroupId"]
        instance = _new_instance(own, group, VSwitchId=vswitch["VSwitchId"])
        ids = json.dumps([instance])
        if action == "DetachInstanceRamRole":
            ok(own, "Ecs", "AttachInstanceRamRole", InstanceIds=ids, RamRoleName=name)
        return call(own, "Ecs", action, RegionId=REGION, InstanceIds=ids, RamRoleName=name)

    return run


@pytest.fixture(scope="module", autouse=True)
def _stop_role_servers() -> Any:
    yield
    while _ROLE_SERVERS:
        _ROLE_SERVERS.pop().close()


CALLS: dict[tuple[str, str], list[Call]] = {
    **DISK_CALLS,
    ("Ecs", "ModifyInstanceAttribute"): [_ecs("ModifyInstanceAttribute", InstanceId=_stopped, InstanceName="renamed")],
    ("Ecs", "DescribeInstanceStatus"): [_ecs("DescribeInstanceStatus", **{"InstanceId.1": lambda s, w: w.classic_instance})],
    ("Ecs", "DescribeInstanceMaintenanceAttributes"): [_ecs("DescribeInstanceMaintenanceAttributes",
                                                            **{"InstanceId.1": lambda s, w: w.classic_instance})],
    ("Ecs", "ModifyInstanceMaintenanceAttributes"): [_ecs("ModifyInstanceMaintenanceAttributes",
                                                          ActionOnMaintenance="Stop", **{"InstanceId.1": _stopped})],
    ("Ecs", "DescribeInstanceAttachmentAttributes"): [_ecs("DescribeInstanceAttachmentAttributes",
                                                           InstanceIds=_both_instances)],
    ("Ecs", "ModifyInstanceAttachmentAttributes"): [_ecs("ModifyInstanceAttachmentAttributes", InstanceId=_stopped,
                                                         **{"PrivatePoolOptions.MatchCriteria": "Open"})],
    ("Ecs", "DescribeInstanceAutoRenewAttribute"): [_ecs("DescribeInstanceAutoRenewAttribute", InstanceId=_prepaid)],
    ("Ecs", "ModifyInstanceAutoRenewAttribute"): [_ecs("ModifyInstanceAutoRenewAttribute", InstanceId=_prepaid,
                                                       RenewalStatus="AutoRenewal", Duration="1")],
    ("Ecs", "ModifyInstanceAutoReleaseTime"): [_ecs("ModifyInstanceAutoReleaseTime", InstanceId=_stopped)],
    ("Ecs", "ModifyInstanceMetadataOptions"): [_ecs("ModifyInstanceMetadataOptions", InstanceId=_stopped,
                                                    HttpTokens="required")],
    ("Ecs", "ModifyInstanceVpcAttribute"): [_ecs("ModifyInstanceVpcAttribute", InstanceId=_vpc_stopped,
                                                 VSwitchId=lambda s, w: w.vswitch_id)],
    ("Ecs", "ModifyInstanceChargeType"): [_ecs("ModifyInstanceChargeType", InstanceIds=_ids(_running),
                                               InstanceChargeType="PrePaid", Period="1", IsDetailFee="true")],
    ("Ecs", "ModifyInstanceSpec"): [_ecs("ModifyInstanceSpec", InstanceId=_stopped, InstanceType="ecs.g6.xlarge")],
    ("Ecs", "ModifyPrepayInstanceSpec"): [_ecs("ModifyPrepayInstanceSpec", InstanceId=_prepaid,
                                               InstanceType="ecs.g6.xlarge", OperatorType="upgrade")],
    ("Ecs", "ModifyInstanceNetworkSpec"): [_ecs("ModifyInstanceNetworkSpec", InstanceId=_stopped,
                                                InternetMaxBandwidthOut="10", AllocatePublicIp="true")],
    ("Ecs", "ModifyInstanceDeployment"): [_ecs("ModifyInstanceDeployment", InstanceId=_stopped,
                                               RemoveFromDeploymentSet="true")],
    ("Ecs", "AttachInstanceRamRole"): [_role_call("AttachInstanceRamRole")],
    ("Ecs", "DetachInstanceRamRole"): [_role_call("DetachInstanceRamRole")],
    ("Ecs", "DescribeInstanceRamRole"): [_ecs("DescribeInstanceRamRole", InstanceIds=_both_instances)],
    ("Ecs", "AllocatePublicIpAddress"): [_ecs("AllocatePublicIpAddress", InstanceId=_with_bandwidth)],
    ("Ecs", "JoinResourceGroup"): [_ecs("JoinResourceGroup", ResourceType="instance", ResourceId=_stopped,
                                        ResourceGroupId=lambda s, w: default_group("1000000000000001"))],
    ("Ecs", "AttachKeyPair"): [_ecs("AttachKeyPair", KeyPairName=_key_pair,
                                    InstanceIds=lambda s, w: json.dumps([w.classic_instance]))],
    ("Ecs", "CreateImage"): [_ecs("CreateImage", InstanceId=lambda s, w: w.vpc_instance)],
    ("Ecs", "CreateKeyPair"): [_ecs("CreateKeyPair", KeyPairName=lambda s, w: f"kp-{uuid.uuid4().hex[:12]}")],
    ("Ecs", "CreateSnapshot"): [_ecs("CreateSnapshot", DiskId=_system_disk)],
    ("Ecs", "DeleteImage"): [_ecs("DeleteImage", ImageId=_image)],
    ("Ecs", "DeleteKeyPairs"): [_ecs("DeleteKeyPairs", KeyPairNames=lambda s, w: json.dumps([_key_pair(s, w)]))],
    ("Ecs", "DeleteSnapshot"): [_ecs("DeleteSnapshot", SnapshotId=_snapshot)],
    ("Ecs", "DescribeAvailableResource"): [_ecs("DescribeAvailableResource", DestinationResource=d)
                                           for d in ("Zone", "InstanceType", "SystemDisk", "Network")],
    ("Ecs", "DescribeImageFromFamily"): [_ecs("DescribeImageFromFamily", ImageFamily="acs:ubuntu_22_04_x64")],
    ("Ecs", "DescribeImages"): [_ecs("DescribeImages"), _ecs("DescribeImages", ImageId=_image, Status="Creating,Available")],
    ("Ecs", "DescribeInstanceTypeFamilies"): [_ecs("DescribeInstanceTypeFamilies")],
    ("Ecs", "DescribeInstanceTypes"): [_ecs("DescribeInstanceTypes", InstanceTypeFamily="ecs.g6")],
    ("Ecs", "DescribeKeyPairs"): [_ecs("DescribeKeyPairs", KeyPairName=_key_pair, IncludePublicKey="true")],
    ("Ecs", "DescribeSnapshots"): [_ecs("DescribeSnapshots", SnapshotIds=lambda s, w: json.dumps([_snapshot(s, w)])),
                                   _ecs("DescribeSnapshots", MaxResults="10")],
    ("Ecs", "DetachKeyPair"): [_ecs("DetachKeyPair", KeyPairName=_key_pair,
                                    InstanceIds=lambda s, w: json.dumps([w.classic_instance]))],
    ("Ecs", "ImportKeyPair"): [_ecs("ImportKeyPair", KeyPairName=lambda s, w: f"kp-{uuid.uuid4().hex[:12]}",
                                    PublicKeyBody=PUBLIC_KEY)],
    ("Ecs", "AssignIpv6Addresses"): [_ecs("AssignIpv6Addresses", NetworkInterfaceId=_ipv6_eni, Ipv6AddressCount="1")],
    ("Ecs", "AssignPrivateIpAddresses"): [_ecs("AssignPrivateIpAddresses", NetworkInterfaceId=_eni,
                                               SecondaryPrivateIpAddressCount="1")],
    ("Ecs", "AttachNetworkInterface"): [_ecs("AttachNetworkInterface", NetworkInterfaceId=_eni, InstanceId=_vpc_instance)],
    ("Ecs", "CreateNetworkInterface"): [_ecs("CreateNetworkInterface", VSwitchId=lambda s, w: w.vswitch_id,
                                             SecurityGroupId=lambda s, w: w.vpc_group, **TAG)],
    ("Ecs", "DeleteNetworkInterface"): [_ecs("DeleteNetworkInterface", NetworkInterfaceId=_eni)],
    ("Ecs", "DescribeNetworkInterfaces"): [
        _ecs("DescribeNetworkInterfaces", InstanceId=lambda s, w: w.vpc_instance),
        _ecs("DescribeNetworkInterfaces", VSwitchId=lambda s, w: w.vswitch_id, MaxResults="10"),
    ],
    ("Ecs", "DetachNetworkInterface"): [_detach],
    ("Ecs", "ModifyNetworkInterfaceAttribute"): [_ecs("ModifyNetworkInterfaceAttribute", NetworkInterfaceId=_eni,
                                                      NetworkInterfaceName="renamed")],
    ("Ecs", "UnassignIpv6Addresses"): [_unassign_ipv6],
    ("Ecs", "UnassignPrivateIpAddresses"): [_unassign],
    ("Vpc", "AllocateEipAddress"): [_allocate],
    ("Vpc", "AssociateEipAddress"): [_associate],
    ("Vpc", "DescribeEipAddresses"): [_describe_eips],
    ("Vpc", "ModifyEipAddressAttribute"): [_released("ModifyEipAddressAttribute", Bandwidth="8")],
    ("Vpc", "ReleaseEipAddress"): [_release],
    ("Vpc", "UnassociateEipAddress"): [_unassociate],
    ("Ecs", "AttachClassicLinkVpc"): [_ecs("AttachClassicLinkVpc", InstanceId=_running, VpcId=lambda s, w: w.vpc_id)],
    ("Ecs", "AuthorizeSecurityGroup"): [_ecs("AuthorizeSecurityGroup", SecurityGroupId=_new_group, **SSH)],
    ("Ecs", "AuthorizeSecurityGroupEgress"): [_ecs("AuthorizeSecurityGroupEgress", SecurityGroupId=_new_group,
                                                   **WEB_OUT)],
    ("Ecs", "RevokeSecurityGroup"): [_ecs("RevokeSecurityGroup", SecurityGroupId=_ruled_group, **SSH)],
    ("Ecs", "RevokeSecurityGroupEgress"): [_ecs("RevokeSecurityGroupEgress", SecurityGroupId=_ruled_group,
                                                **WEB_OUT)],
    ("Ecs", "ModifySecurityGroupRule"): [_ecs("ModifySecurityGroupRule", SecurityGroupId=_ruled_group,
                                              Description="changed", **SSH)],
    ("Ecs", "ModifySecurityGroupEgressRule"): [_ecs("ModifySecurityGroupEgressRule", SecurityGroupId=_ruled_group,
                                                    Description="changed", **WEB_OUT)],
    ("Ecs", "ModifySecurityGroupAttribute"): [_ecs("ModifySecurityGroupAttribute", SecurityGroupId=_new_group,
                                                   SecurityGroupName="renamed")],
    ("Ecs", "ModifySecurityGroupPolicy"): [_ecs("ModifySecurityGroupPolicy", SecurityGroupId=_new_group,
                                                InnerAccessPolicy="Drop")],
    ("Ecs", "DescribeSecurityGroupReferences"): [_ecs("DescribeSecurityGroupReferences",
                                                      **{"SecurityGroupId.1": _referenced_group})],
    ("Ecs", "JoinSecurityGroup"): [_ecs("JoinSecurityGroup", SecurityGroupId=_new_group,
                                        InstanceId=lambda s, w: _new_instance(s, w.classic_group))],
    ("Ecs", "LeaveSecurityGroup"): [_ecs("LeaveSecurityGroup", InstanceId=_second_group_member,
                                         SecurityGroupId=lambda s, w: list(_LEAVING.values())[-1])],
    ("Ecs", "CreateInstance"): [_ecs("CreateInstance", SecurityGroupId=lambda s, w: w.classic_group,
                                     InstanceType="ecs.g6.large", ImageId="ubuntu_22_04_x64_20G_alibase_20230907.vhd")],
    ("Ecs", "CreateSecurityGroup"): [_ecs("CreateSecurityGroup")],
    ("Ecs", "DeleteInstance"): [_ecs("DeleteInstance", InstanceId=_stopped)],
    ("Ecs", "DeleteSecurityGroup"): [_ecs("DeleteSecurityGroup", SecurityGroupId=lambda s, w: str(
        ok(s, "Ecs", "CreateSecurityGroup")["SecurityGroupId"]))],
    ("Ecs", "DescribeClassicLinkInstances"): [_ecs("DescribeClassicLinkInstances", VpcId=lambda s, w: w.vpc_id)],
    ("Ecs", "DescribeInstanceAttribute"): [
        _ecs("DescribeInstanceAttribute", InstanceId=lambda s, w: w.classic_instance),
        _ecs("DescribeInstanceAttribute", InstanceId=lambda s, w: w.vpc_instance),
    ],
    ("Ecs", "DescribeInstances"): [
        _ecs("DescribeInstances", InstanceIds=_both_instances),
        _ecs("DescribeInstances", InstanceIds=_both_instances, MaxResults="10"),
    ],
    ("Ecs", "DescribeRegions"): [_ecs("DescribeRegions")],
    ("Ecs", "DescribeSecurityGroups"): [
        _ecs("DescribeSecurityGroups", SecurityGroupIds=lambda s, w: json.dumps([w.classic_group, w.vpc_group]),
             IsQueryEcsCount="true"),
        _ecs("DescribeSecurityGroups", SecurityGroupIds=lambda s, w: json.dumps([w.classic_group]), MaxResults="10"),
    ],
    ("Ecs", "DescribeDisks"): [_ecs("DescribeDisks", InstanceId=lambda s, w: w.classic_instance),
                               _ecs("DescribeDisks", InstanceId=lambda s, w: w.vpc_instance, MaxResults="10")],
    ("Ecs", "DescribeSecurityGroupAttribute"): [_ecs("DescribeSecurityGroupAttribute",
                                                     SecurityGroupId=lambda s, w: w.classic_group),
                                                _ecs("DescribeSecurityGroupAttribute", SecurityGroupId=_ruled_group)],
    ("Ecs", "DescribeUserData"): [_ecs("DescribeUserData", InstanceId=lambda s, w: w.classic_instance)],
    ("Ecs", "DescribeZones"): [_ecs("DescribeZones"), _ecs("DescribeZones", Verbose="false")],
    ("Ecs", "DetachClassicLinkVpc"): [_ecs("DetachClassicLinkVpc", InstanceId=_linked, VpcId=lambda s, w: w.vpc_id)],
    ("Ecs", "ListTagResources"): [_ecs("ListTagResources", ResourceType="instance", **{"ResourceId.1": _stopped})],
    ("Ecs", "RebootInstance"): [_ecs("RebootInstance", InstanceId=_running)],
    ("Ecs", "RunInstances"): [_ecs("RunInstances", SecurityGroupId=lambda s, w: w.classic_group,
                                   InstanceType="ecs.g6.large", ImageId="ubuntu_22_04_x64_20G_alibase_20230907.vhd")],
    ("Ecs", "StartInstance"): [_ecs("StartInstance", InstanceId=_stopped)],
    ("Ecs", "TagResources"): [_ecs("TagResources", ResourceType="securitygroup",
                                   **{"ResourceId.1": lambda s, w: w.vpc_group, "Tag.1.Key": "k", "Tag.1.Value": "v"})],
    ("Ecs", "UntagResources"): [_ecs("UntagResources", ResourceType="securitygroup",
                                     **{"ResourceId.1": lambda s, w: w.vpc_group, "TagKey.1": "k"})],
    ("Ecs", "StopInstance"): [_ecs("StopInstance", InstanceId=_running)],
    ("Vpc", "CreateRouteEntry"): [_vpc("CreateRouteEntry", RouteTableId=lambda s, w: w.route_table_id,
                                       DestinationCidrBlock=lambda s, w: _unique_cidr(), NextHopType="Instance",
                                       NextHopId=lambda s, w: w.vpc_instance)],
    ("Vpc", "CreateVSwitch"): [_vpc("CreateVSwitch", VpcId=_fresh_vpc, ZoneId="cn-hangzhou-i",
                                    CidrBlock="192.168.1.0/24")],
    ("Vpc", "CreateVpc"): [_vpc("CreateVpc", CidrBlock="192.168.0.0/16")],
    ("Vpc", "CreateDefaultVpc"): [_vpc("CreateDefaultVpc", ClientToken=_no_default_vpc)],
    ("Vpc", "CreateDefaultVSwitch"): [_vpc("CreateDefaultVSwitch", ZoneId=_default_zone)],
    ("Vpc", "DeleteRouteEntry"): [_vpc("DeleteRouteEntry", RouteEntryId=_route_entry)],
    ("Vpc", "DeleteVSwitch"): [_vpc("DeleteVSwitch", VSwitchId=_vswitch)],
    ("Vpc", "DeleteVpc"): [_vpc("DeleteVpc", VpcId=_fresh_vpc)],
    ("Vpc", "DescribeRegions"): [_vpc("DescribeRegions")],
    ("Vpc", "DescribeRouteEntryList"): [_vpc("DescribeRouteEntryList", RouteTableId=lambda s, w: w.route_table_id)],
    ("Vpc", "DescribeRouteTableList"): [_vpc("DescribeRouteTableList", VpcId=lambda s, w: w.vpc_id)],
    ("Vpc", "DescribeVSwitchAttributes"): [_vpc("DescribeVSwitchAttributes", VSwitchId=_vswitch)],
    ("Vpc", "DescribeVSwitches"): [_vpc("DescribeVSwitches", VpcId=lambda s, w: w.vpc_id)],
    ("Vpc", "DescribeVpcAttribute"): [_vpc("DescribeVpcAttribute", VpcId=lambda s, w: w.vpc_id)],
    ("Vpc", "DescribeVpcs"): [_vpc("DescribeVpcs", VpcId=lambda s, w: w.vpc_id)],
    ("Vpc", "DescribeZones"): [_vpc("DescribeZones")],
    ("Vpc", "DisableVpcClassicLink"): [_vpc("DisableVpcClassicLink", VpcId=_enabled_vpc)],
    ("Vpc", "EnableVpcClassicLink"): [_vpc("EnableVpcClassicLink", VpcId=_fresh_vpc)],
    ("Vpc", "ModifyVpcAttribute"): [_vpc("ModifyVpcAttribute", VpcId=lambda s, w: w.vpc_id, VpcName="renamed")],
    ("Vpc", "AssociateVpcCidrBlock"): [_vpc("AssociateVpcCidrBlock", VpcId=_fresh_vpc, SecondaryCidrBlock="10.0.0.0/16")],
    ("Vpc", "UnassociateVpcCidrBlock"): [_vpc("UnassociateVpcCidrBlock", VpcId=_vpc_with_secondary,
                                              SecondaryCidrBlock="10.0.0.0/16")],
    ("Vpc", "ModifyVSwitchAttribute"): [_vpc("ModifyVSwitchAttribute", VSwitchId=_vswitch, VSwitchName="renamed")],
    ("Vpc", "MoveResourceGroup"): [_vpc("MoveResourceGroup", ResourceId=_fresh_vpc, ResourceType="Vpc",
                                        NewResourceGroupId=lambda s, w: default_group("1000000000000001"))],
    ("Vpc", "ModifyRouteTableAttributes"): [_vpc("ModifyRouteTableAttributes",
                                                 RouteTableId=lambda s, w: w.route_table_id, RouteTableName="main")],
    ("Vpc", "ModifyRouteEntry"): [_vpc("ModifyRouteEntry", RouteEntryId=_route_entry, RouteEntryName="renamed")],
    ("Vpc", "DescribeRouteTables"): [_vpc("DescribeRouteTables", RouteTableId=lambda s, w: w.route_table_id)],
    ("Vpc", "DescribeVRouters"): [_vpc("DescribeVRouters")],
    ("Vpc", "TagResources"): [_vpc("TagResources", ResourceType="VPC",
                                   **{"ResourceId.1": lambda s, w: w.vpc_id, "Tag.1.Key": "k", "Tag.1.Value": "v"})],
    ("Vpc", "UnTagResources"): [_vpc("UnTagResources", ResourceType="VPC",
                                     **{"ResourceId.1": lambda s, w: w.vpc_id, "TagKey.1": "k"})],
    ("Vpc", "ListTagResources"): [_vpc("ListTagResources", ResourceType="VPC",
                                       **{"ResourceId.1": lambda s, w: w.vpc_id})],
}  # fmt: skip
ACTIONS = sorted(CALLS)


def test_every_action_has_a_recorded_order() -> None:
    """Every implemented VPC and ECS action is called here and has its order recorded (a new action needs
    both). STS answers need a role set up; their order is pinned in test_sts_e2e.py."""
    from classiclink.actions import load_all
    from classiclink.actions.spec import REGISTRY

    load_all()
    products = {version: product for product, version in PRODUCTS.items()}
    registered = sorted((products[version], name) for version, name in REGISTRY if version in products)
    assert registered == ACTIONS
    assert sorted((p.parent.name, p.stem) for p in ORDER_DIR.glob("*/*.json")) == ACTIONS


@pytest.mark.parametrize(("product", "action"), ACTIONS, ids=[f"{p}.{a}" for p, a in ACTIONS])
def test_recorded_order(server: ServerProcess, world: World, product: str, action: str) -> None:
    order = recorded(product, action)
    for run in CALLS[(product, action)]:
        document = ordered_json(run(server, world))
        assert misordered(document, order) == []


# --- every field of the SDK's model (issue 9: "a model field the emulator forgets fails the suite") -------------

# Paths the real service leaves out of these answers, with why; everything else in the model must be there.
_SUBSCRIPTION = "returned only for a subscription (PrePaid) order; these calls are pay-as-you-go"
MODEL_EXCEPTIONS: dict[tuple[str, str], dict[str, str]] = {
    ("Ecs", "CreateDisk"): {"OrderId": _SUBSCRIPTION},
    ("Ecs", "ResizeDisk"): {"OrderId": _SUBSCRIPTION},
    ("Ecs", "ModifyDiskSpec"): {"OrderId": _SUBSCRIPTION},
    ("Ecs", "CreateInstance"): {"OrderId": _SUBSCRIPTION, "TradePrice": _SUBSCRIPTION},
    ("Ecs", "RunInstances"): {"OrderId": _SUBSCRIPTION, "TradePrice": _SUBSCRIPTION},
    ("Vpc", "AllocateEipAddress"): {"OrderId": _SUBSCRIPTION},
    ("Ecs", "DescribeDisks"): {
        "Disks.Disk[].Placement": "only regional (zone-redundant) ESSDs carry a placement; none are modelled",
        "Disks.Disk[].Placement.ZoneIds": "only regional (zone-redundant) ESSDs carry a placement; none are modelled",
    },
    ("Ecs", "DescribeSecurityGroups"): {
        "SecurityGroups.SecurityGroup[].ServiceID": "only managed groups of cloud services have one (ServiceManaged)",
    },
    ("Ecs", "DescribeZones"): {
        "Zones.Zone[].DedicatedHostGenerations": "dedicated hosts are not modelled",
        "Zones.Zone[].DedicatedHostGenerations.DedicatedHostGeneration[]": "dedicated hosts are not modelled",
    },
    ("Vpc", "DescribeVSwitches"): {"VSwitches.VSwitch[].ShareType": "only vSwitches shared through Resource Sharing"},
}


def _model_of(product: str, action: str) -> type | None:
    from alibabacloud_ecs20140526 import models as ecs_models
    from alibabacloud_vpc20160428 import models as vpc_models

    models = ecs_models if product == "Ecs" else vpc_models
    return getattr(models, f"{action}ResponseBody", None)


def _under_empty_list(body: Any, path: str) -> bool:
    """Whether the path runs through a list the answer carries empty: nothing to show fields of."""
    value = body
    for part in path.split("."):
        key = part.removesuffix("[]")
        if not isinstance(value, dict) or key not in value:
            return False
        value = value[key]
        if part.endswith("[]"):
            if not isinstance(value, list):
                return False
            if not value:
                return True
            value = value[0]
    return False


@pytest.mark.parametrize(("product", "action"), ACTIONS, ids=[f"{p}.{a}" for p, a in ACTIONS])
def test_every_model_field_is_returned(server: ServerProcess, world: World, product: str, action: str) -> None:
    from support.tea_fields import missing_paths, model_field_paths

    model = _model_of(product, action)
    assert model is not None, f"the installed Tea SDK has no {action}ResponseBody"
    expected = model_field_paths(model)
    exceptions = MODEL_EXCEPTIONS.get((product, action), {})
    assert set(exceptions) <= set(expected), "an exception names a field the model does not have"
    # A field counts as returned when any of the action's calls returns it: the calls make the different
    # kinds of answer (Verbose=false, token paging, IsQueryEcsCount ...) that each carry their own fields.
    missing: set[str] | None = None
    for run in CALLS[(product, action)]:
        body = run(server, world).json()
        here = {p for p in missing_paths(body, expected) if p not in exceptions and not _under_empty_list(body, p)}
        missing = here if missing is None else missing & here
    assert sorted(missing or ()) == []
