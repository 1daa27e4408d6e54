"""Response key order is the real service's (docs/compatibility.md, "Response key order").

Some clients read keys in the order they arrive: footmark's ``Instance`` recurses until RecursionError when
``PublicIpAddress`` comes before ``EipAddress``. tests/data/response_order/<Product>/<Action>.json records,
per object path, the key order of the API's documented sample (or of the Tea SDK model where the page has
none). Every action is called through a real server; the JSON is parsed keeping order, and every object's
keys must be recorded for its path and appear in the recorded relative order.
"""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import requests

from support import raw
from support.server import ServerProcess

ORDER_DIR = Path(__file__).resolve().parent.parent / "data" / "response_order"
PRODUCTS = {"Ecs": raw.ECS_VERSION, "Vpc": raw.VPC_VERSION}
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
    if isinstance(document, list) and all(isinstance(p, tuple) and len(p) == 2 for p in document) and document:
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


def _is_object(value: list[Any]) -> bool:
    return bool(value) and all(isinstance(p, tuple) and len(p) == 2 and isinstance(p[0], str) for p in value)


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


@pytest.fixture(scope="module")
def world(server: ServerProcess) -> World:
    vpc = ok(server, "Vpc", "CreateVpc", CidrBlock="172.16.0.0/16")
    vswitch = ok(server, "Vpc", "CreateVSwitch", VpcId=vpc["VpcId"], ZoneId="cn-hangzhou-i", CidrBlock="172.16.1.0/24")
    classic_group = ok(server, "Ecs", "CreateSecurityGroup")["SecurityGroupId"]
    vpc_group = ok(server, "Ecs", "CreateSecurityGroup", VpcId=vpc["VpcId"])["SecurityGroupId"]
    common = {"InstanceType": "ecs.g6.large", "ImageId": "ubuntu_22_04_x64_20G_alibase_20230907.vhd"}
    classic = ok(server, "Ecs", "CreateInstance", SecurityGroupId=classic_group, **common)["InstanceId"]
    in_vpc = ok(server, "Ecs", "CreateInstance", SecurityGroupId=vpc_group, VSwitchId=vswitch["VSwitchId"],
                **common)["InstanceId"]  # fmt: skip
    ok(server, "Ecs", "StartInstance", InstanceId=classic)
    entry = ok(server, "Vpc", "CreateRouteEntry", RouteTableId=vpc["RouteTableId"],
               DestinationCidrBlock="192.168.7.0/24", NextHopType="Instance", NextHopId=in_vpc)  # fmt: skip
    ok(server, "Vpc", "EnableVpcClassicLink", VpcId=vpc["VpcId"])
    ok(server, "Ecs", "AttachClassicLinkVpc", InstanceId=classic, VpcId=vpc["VpcId"])
    return World(vpc["VpcId"], vswitch["VSwitchId"], vpc["RouteTableId"], entry["RouteEntryId"], classic_group,
                 vpc_group, classic, in_vpc)  # fmt: skip


# --- DescribeInstances' instance object, pinned ------------------------------------------------------------

# The keys we return, in the order of the documented sample; footmark needs EipAddress before PublicIpAddress.
INSTANCE_ORDER = [
    "Memory", "InstanceChargeType", "Cpu", "InstanceNetworkType", "InnerIpAddress", "ExpiredTime", "ImageId",
    "EipAddress", "VlanId", "HostName", "Tags", "Status", "InstanceId", "StoppedMode", "StartTime",
    "DeletionProtection", "SecurityGroupIds", "VpcAttributes", "InternetChargeType", "InstanceName",
    "InternetMaxBandwidthOut", "SerialNumber", "OSType", "CreationTime", "Description", "InstanceTypeFamily",
    "PublicIpAddress", "GPUSpec", "SpotPriceLimit", "DeviceAvailable", "InstanceType", "SpotStrategy",
    "IoOptimized", "ZoneId", "GPUAmount", "OperationLocks", "InternetMaxBandwidthIn", "Recyclable", "RegionId",
]  # fmt: skip
TOP_ORDER = ["NextToken", "PageSize", "PageNumber", "RequestId", "TotalCount", "Instances"]
VPC_ATTRIBUTES_ORDER = ["PrivateIpAddress", "VpcId", "VSwitchId", "NatIpAddress"]
EIP_ORDER = ["AllocationId", "IpAddress", "InternetChargeType"]


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


# --- every action -------------------------------------------------------------------------------------------

Call = Callable[[ServerProcess, World], requests.Response]


def _fresh_vpc(server: ServerProcess) -> str:
    return str(ok(server, "Vpc", "CreateVpc", CidrBlock="10.0.0.0/8")["VpcId"])


def _fresh_instance(server: ServerProcess, world: World) -> str:
    return str(ok(server, "Ecs", "CreateInstance", SecurityGroupId=world.classic_group, InstanceType="ecs.g6.large",
                  ImageId="ubuntu_22_04_x64_20G_alibase_20230907.vhd")["InstanceId"])  # fmt: skip


def _ecs(action: str, **params: Any) -> Call:
    return lambda server, world: call(server, "Ecs", action, RegionId=REGION, **{
        k: (v(world) if callable(v) else v) for k, v in params.items()})  # fmt: skip


def _vpc(action: str, **params: Any) -> Call:
    return lambda server, world: call(server, "Vpc", action, RegionId=REGION, **{
        k: (v(world) if callable(v) else v) for k, v in params.items()})  # fmt: skip


CALLS: dict[tuple[str, str], Call] = {
    ("Ecs", "DescribeInstances"): _ecs(
        "DescribeInstances", InstanceIds=lambda w: json.dumps([w.classic_instance, w.vpc_instance])
    ),
}


def _data_files() -> Iterator[tuple[str, str]]:
    for path in sorted(ORDER_DIR.glob("*/*.json")):
        yield path.parent.name, path.stem


@pytest.mark.parametrize(("product", "action"), list(_data_files()), ids=lambda v: str(v))
def test_recorded_order(server: ServerProcess, world: World, product: str, action: str) -> None:
    document = ordered_json(CALLS[(product, action)](server, world))
    assert misordered(document, recorded(product, action)) == []
