"""Every setting of every create or modify action reads back, or has its documented effect (issue 9, item 3).

One server of its own (``--transition-delay 0``) and a fixture built once through the official SDK
(aliyunsdkcore's CommonRequest, signature V1): a VPC with IPv6 and ClassicLink, vSwitches, security groups, key
pairs, a RAM role, an instance, a snapshot, an image and an automatic snapshot policy. Each probe row sends one
action with a non-default value for one of its parameters (and the fewest others it needs) — on a resource the
row makes for itself when the action changes one — then reads the resource back with the documented
Describe/List action and asserts that the field the reference names shows the value. Where the setting's effect
is behaviour rather than a field (DeletionProtection refuses DeleteInstance), the row reads the effect instead;
where it names something the emulator does not keep (a deployment set, a dedicated host, another resource
group), the row asserts the documented refusal: either way the value is never silently dropped.

``test_every_setting_is_probed`` derives the settings from the action declarations (each create or modify
action's parameters, repeat lists by field, less the IDs of the resource it changes and the region, owner,
ClientToken, DryRun and format parameters): a declared setting with neither a probe row nor a documented
exclusion fails the suite. docs/compatibility.md ("Settings that do not read back") lists the exclusions, each
with its reason, and ``test_compatibility_lists_the_exclusions`` keeps the two the same.

Parameter and field meanings: the API reference page of each action (AlibabaCloudDocs/ecs ``intl.en-US/API
Reference/<group>/<Action>.md``; the VPC 2016-04-28 pages), as the Tea SDK request and response models quote them.
"""

from __future__ import annotations

import calendar
import itertools
import json
import re
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
import requests
from aliyunsdkcore.acs_exception.exceptions import ServerException
from aliyunsdkcore.client import AcsClient
from aliyunsdkcore.request import CommonRequest

from classiclink.actions import load_all
from classiclink.actions.spec import COMMON_PARAMS, ECS_VERSION, VPC_VERSION
from classiclink.domain.regions import REGIONS
from classiclink.domain.resource_groups import default_group
from classiclink.settings import DEFAULT_ACCOUNT_ID
from support.sdk import ACCESS_KEY_ID, ACCESS_KEY_SECRET, REGION
from support.server import ServerProcess

ADMIN = "setting-probes-admin"
VERSIONS = {"Ecs": ECS_VERSION, "Vpc": VPC_VERSION}
ZONE_A, ZONE_B = "cn-hangzhou-i", "cn-hangzhou-j"
UBUNTU = "ubuntu_22_04_x64_20G_alibase_20230907.vhd"
CENTOS = "centos_7_9_x64_20G_alibase_20230718.vhd"
ANOTHER_GROUP = "rg-aek2probeothergroup"
ANOTHER_ACCOUNT = "1999999999999999"
ROLE = "setting-probe-role"
DAY = 24 * 3600
# RunInstances AutoReleaseTime / ModifyInstanceAutoReleaseTime: UTC, seconds allowed; read back to the minute.
RELEASE_AT = time.gmtime((int(time.time()) // 60 + 2 * 24 * 60) * 60)
RELEASE_TIME, RELEASE_SHOWN = (
    time.strftime("%Y-%m-%dT%H:%M:00Z", RELEASE_AT),
    time.strftime("%Y-%m-%dT%H:%MZ", RELEASE_AT),
)
USER_DATA = "ZWNobyBwcm9iZQ=="  # base64 of "echo probe"


class Failed(Exception):
    """An action's error answer: its code and message."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(f"{code}: {message}")
        self.code, self.message = code, message


class Sdk:
    """Any action of either product through the legacy SDK's CommonRequest: only the parameters given are sent."""

    def __init__(self, endpoint: str) -> None:
        self.endpoint = endpoint
        self._client = AcsClient(ACCESS_KEY_ID, ACCESS_KEY_SECRET, REGION, auto_retry=False)

    def call(self, product: str, action: str, **params: Any) -> dict[str, Any]:
        request = CommonRequest(domain=self.endpoint, version=VERSIONS[product], action_name=action, product=product)
        request.set_method("POST")
        request.set_protocol_type("http")
        request.add_query_param("RegionId", REGION)
        for name, value in params.items():
            request.add_query_param(name, value if isinstance(value, str) else json.dumps(value))
        try:
            return json.loads(self._client.do_action_with_exception(request))  # type: ignore[no-any-return]
        except ServerException as error:
            raise Failed(error.get_error_code(), error.get_error_msg()) from None

    def ecs(self, action: str, **params: Any) -> dict[str, Any]:
        return self.call("Ecs", action, **params)

    def vpc(self, action: str, **params: Any) -> dict[str, Any]:
        return self.call("Vpc", action, **params)


def tagged(value: str) -> dict[str, str]:
    return {"Tag.1.Key": "probe", "Tag.1.Value": value}


# --- the fixture -------------------------------------------------------------------------------------------


@dataclass
class World:
    sdk: Sdk
    ids: dict[str, str] = field(default_factory=dict)
    counter: Iterator[int] = field(default_factory=lambda: itertools.count(10))
    # Regions without a default VPC yet, one for each row that makes one (one default VPC per region).
    free_regions: list[str] = field(default_factory=lambda: [r for r in REGIONS if r != REGION])

    def put(self, key: str, value: Any) -> str:
        self.ids[key] = str(value)
        return str(value)

    def next(self) -> int:
        """A number no other row has had: fresh CIDR blocks, names and addresses."""
        return next(self.counter)


def _network(w: World) -> None:
    sdk = w.sdk
    vpc = w.put("vpc", sdk.vpc("CreateVpc", CidrBlock="172.16.0.0/12", EnableIpv6="true")["VpcId"])
    sdk.vpc("EnableVpcClassicLink", VpcId=vpc)
    shown = sdk.vpc("DescribeVpcAttribute", VpcId=vpc)
    w.put("vpc_ipv6", shown["Ipv6CidrBlock"])
    w.put("rt", sdk.vpc("DescribeVpcs", VpcId=vpc)["Vpcs"]["Vpc"][0]["RouterTableIds"]["RouterTableIds"][0])
    w.put("vsw", sdk.vpc("CreateVSwitch", VpcId=vpc, ZoneId=ZONE_A, CidrBlock="172.16.0.0/16",
                         Ipv6CidrBlock="1")["VSwitchId"])  # fmt: skip
    w.put("vsw_ipv6_prefix", sdk.vpc("DescribeVSwitchAttributes", VSwitchId=w.ids["vsw"])["Ipv6CidrBlock"][:-5])
    w.put("vsw_a2", sdk.vpc("CreateVSwitch", VpcId=vpc, ZoneId=ZONE_A, CidrBlock="172.17.0.0/16")["VSwitchId"])
    w.put("vsw_b", sdk.vpc("CreateVSwitch", VpcId=vpc, ZoneId=ZONE_B, CidrBlock="172.18.0.0/16")["VSwitchId"])
    for name in ("sg", "sg2", "peer", "peer2"):
        w.put(name, sdk.ecs("CreateSecurityGroup", VpcId=vpc)["SecurityGroupId"])
    w.put("sg_classic", sdk.ecs("CreateSecurityGroup")["SecurityGroupId"])
    # A second VPC, for ModifyInstanceVpcAttribute's VpcId.
    other = w.put("vpc2", sdk.vpc("CreateVpc", CidrBlock="192.168.0.0/16")["VpcId"])
    w.put("vpc2_vsw", sdk.vpc("CreateVSwitch", VpcId=other, ZoneId=ZONE_A, CidrBlock="192.168.1.0/24")["VSwitchId"])
    w.put("vpc2_sg", sdk.ecs("CreateSecurityGroup", VpcId=other)["SecurityGroupId"])


def _instances(w: World) -> None:
    sdk = w.sdk
    for name in ("probe-kp", "probe-kp2"):
        sdk.ecs("CreateKeyPair", KeyPairName=name)
    shown = sdk.ecs("DescribeKeyPairs", KeyPairName="probe-kp", IncludePublicKey="true")["KeyPairs"]["KeyPair"][0]
    w.put("public_key", shown["PublicKey"])
    w.put("inst", sdk.ecs("RunInstances", InstanceType="ecs.g6.large", ImageId=UBUNTU, SecurityGroupId=w.ids["sg"],
                          VSwitchId=w.ids["vsw"])["InstanceIdSets"]["InstanceIdSet"][0])  # fmt: skip
    system = sdk.ecs("DescribeDisks", InstanceId=w.ids["inst"], DiskType="system")["Disks"]["Disk"][0]
    w.put("inst_system_disk", system["DiskId"])
    w.put("snap", sdk.ecs("CreateSnapshot", DiskId=system["DiskId"])["SnapshotId"])
    data = sdk.ecs("CreateDisk", ZoneId=ZONE_A, Size="40", DiskCategory="cloud_essd")["DiskId"]
    sdk.ecs("AttachDisk", DiskId=data, InstanceId=w.ids["inst"])
    w.put("data_snap", sdk.ecs("CreateSnapshot", DiskId=data)["SnapshotId"])
    w.put("image", sdk.ecs("CreateImage", SnapshotId=w.ids["snap"], ImageName="probe-image")["ImageId"])
    w.put("asp", sdk.ecs("CreateAutoSnapshotPolicy", regionId=REGION, timePoints='["1"]', repeatWeekdays='["1"]',
                         retentionDays="7")["AutoSnapshotPolicyId"])  # fmt: skip


def _role(endpoint: str) -> None:
    trust = {"Version": "1", "Statement": [{"Effect": "Allow", "Action": "sts:AssumeRole",
                                            "Principal": {"Service": ["ecs.aliyuncs.com"]}}]}  # fmt: skip
    created = requests.post(f"http://{endpoint}/_classiclink/admin/accounts/{DEFAULT_ACCOUNT_ID}/roles",
                            headers={"Authorization": f"Bearer {ADMIN}"}, timeout=10,
                            json={"RoleName": ROLE, "AssumeRolePolicyDocument": trust})  # fmt: skip
    assert created.status_code in (200, 201), created.text


def build(endpoint: str) -> World:
    w = World(Sdk(endpoint))
    _role(endpoint)
    _network(w)
    _instances(w)
    w.put("account", DEFAULT_ACCOUNT_ID)
    w.put("rg", default_group(DEFAULT_ACCOUNT_ID))
    return w


@pytest.fixture(scope="module")
def world() -> Iterator[World]:
    # Many rows make a VPC of their own: the region's VPC quota is raised above the default 10.
    proc = ServerProcess(
        "--transition-delay", "0", "--admin-token", ADMIN, "--vpc-quota", "200", "--strict-parameters"
    ).start()  # a row sending an undeclared parameter fails
    try:
        yield build(proc.endpoint)
    finally:
        proc.close()


# --- what a row makes for itself (the resource a modify action changes) ------------------------------------

Maker = Callable[[World], dict[str, str]]
NEW = {"InstanceType": "ecs.g6.large", "ImageId": UBUNTU, "SecurityGroupId": "{sg}", "VSwitchId": "{vsw}"}
PREPAID = {"InstanceChargeType": "PrePaid", "Period": "1"}


def _instance(w: World, action: str = "RunInstances", **extra: str) -> dict[str, str]:
    wanted = {k: v.format_map(w.ids) for k, v in {**NEW, **extra}.items()}
    answer = w.sdk.ecs(action, **wanted)
    made = answer["InstanceId"] if action == "CreateInstance" else answer["InstanceIdSets"]["InstanceIdSet"][0]
    return {"id": made, "instance": made}


def _stopped(w: World, **extra: str) -> dict[str, str]:
    return _instance(w, "CreateInstance", **extra)


def _classic(w: World, action: str) -> dict[str, str]:
    return _instance(w, action, InstanceType="ecs.t1.small", SecurityGroupId="{sg_classic}", VSwitchId="")


def _disk(w: World, **extra: str) -> dict[str, str]:
    made = w.sdk.ecs("CreateDisk", ZoneId=ZONE_A, Size="40", **{"DiskCategory": "cloud_efficiency", **extra})
    return {"id": made["DiskId"], "disk": made["DiskId"]}


def _disk_and_instance(w: World) -> dict[str, str]:
    return {**_instance(w), **_disk(w)}


def _attached_disk(w: World, **extra: str) -> dict[str, str]:
    made = {**_instance(w), **_disk(w, **extra)}
    w.sdk.ecs("AttachDisk", DiskId=made["disk"], InstanceId=made["instance"])
    return made


def _detached_system_disk(w: World) -> dict[str, str]:
    made = _stopped(w)
    disk = w.sdk.ecs("DescribeDisks", InstanceId=made["id"], DiskType="system")["Disks"]["Disk"][0]["DiskId"]
    w.sdk.ecs("DetachDisk", DiskId=disk, InstanceId=made["id"])
    return {**made, "id": disk, "disk": disk}


def _with_data_disk(w: World) -> dict[str, str]:
    return _stopped(w, **{"DataDisk.1.Size": "20", "DataDisk.1.Category": "cloud_efficiency"})


def _eni(w: World) -> dict[str, str]:
    made = w.sdk.ecs("CreateNetworkInterface", VSwitchId=w.ids["vsw"], SecurityGroupId=w.ids["sg"])
    return {"id": made["NetworkInterfaceId"], "eni": made["NetworkInterfaceId"], "eni_ip": made["PrivateIpAddress"]}


def _group(w: World, **extra: str) -> dict[str, str]:
    return {"id": w.sdk.ecs("CreateSecurityGroup", **extra)["SecurityGroupId"]}


def _rule(w: World, action: str, peer: str, classic: bool = False, value: str = "10.9.9.0/24") -> dict[str, str]:
    group = _group(w, **({} if classic else {"VpcId": w.ids["vpc"]}))
    w.sdk.ecs(action, SecurityGroupId=group["id"], IpProtocol="tcp", PortRange="80/80", **{peer: value})
    rules = w.sdk.ecs("DescribeSecurityGroupAttribute", SecurityGroupId=group["id"])["Permissions"]["Permission"]
    return {**group, "rule": rules[0]["SecurityGroupRuleId"]}


def _vpc(w: World, **extra: str) -> dict[str, str]:
    return {"id": w.sdk.vpc("CreateVpc", CidrBlock="10.0.0.0/8", **extra)["VpcId"]}


def _vswitch(w: World) -> dict[str, str]:
    cidr = f"172.20.{w.next()}.0/24"
    return {"id": w.sdk.vpc("CreateVSwitch", VpcId=w.ids["vpc"], ZoneId=ZONE_A, CidrBlock=cidr)["VSwitchId"]}


def _route_entry(w: World) -> dict[str, str]:
    made = w.sdk.vpc("CreateRouteEntry", RouteTableId=w.ids["rt"], DestinationCidrBlock=f"192.168.{w.next()}.0/24",
                     NextHopId=w.ids["inst"])  # fmt: skip
    return {"id": made["RouteEntryId"], "eni_hop": _eni(w)["eni"]}


def _eip(w: World) -> dict[str, str]:
    return {"id": w.sdk.vpc("AllocateEipAddress")["AllocationId"]}


def _region(w: World, default_vpc: bool = False) -> dict[str, str]:
    """A region of its own (one default VPC per region), with its default VPC made when asked."""
    region = w.free_regions.pop(0)
    if default_vpc:
        w.sdk.vpc("CreateDefaultVpc", RegionId=region, EnableIpv6="true")
    return {"region": region, "zone": REGIONS[region].zones[-1]}


MAKERS: dict[str, Maker] = {
    "running": _instance,
    "stopped": _stopped,
    "prepaid_running": lambda w: _instance(w, **PREPAID),
    "prepaid_stopped": lambda w: _stopped(w, **PREPAID),
    "classic_running": lambda w: _classic(w, "RunInstances"),
    "bandwidth_stopped": lambda w: _stopped(w, InternetMaxBandwidthOut="5"),
    "burstable_stopped": lambda w: _stopped(w, InstanceType="ecs.t6-c1m1.large"),
    "centos_stopped": lambda w: _stopped(w, ImageId=CENTOS),
    "with_data_disk": _with_data_disk,
    "disk": _disk,
    "essd_disk": lambda w: _disk(w, DiskCategory="cloud_essd"),
    "auto_disk": lambda w: _disk(w, DiskCategory="cloud_auto"),
    "disk_and_instance": _disk_and_instance,
    "attached_disk": _attached_disk,
    "detached_system_disk": _detached_system_disk,
    "eni": _eni,
    "eni_and_instance": lambda w: {**_instance(w), **_eni(w)},
    "group": lambda w: _group(w, VpcId=w.ids["vpc"]),
    "ingress_rule": lambda w: _rule(w, "AuthorizeSecurityGroup", "SourceCidrIp"),
    "classic_ingress_rule": lambda w: _rule(w, "AuthorizeSecurityGroup", "SourceCidrIp", classic=True),
    "egress_rule": lambda w: _rule(w, "AuthorizeSecurityGroupEgress", "DestCidrIp"),
    "ingress_rule_v6": lambda w: _rule(w, "AuthorizeSecurityGroup", "Ipv6SourceCidrIp", value="2001:db8:9::/48"),
    "egress_rule_v6": lambda w: _rule(w, "AuthorizeSecurityGroupEgress", "Ipv6DestCidrIp", value="2001:db8:9::/48"),
    "ingress_rule_group": lambda w: _rule(w, "AuthorizeSecurityGroup", "SourceGroupId", value=w.ids["peer"]),
    "egress_rule_group": lambda w: _rule(w, "AuthorizeSecurityGroupEgress", "DestGroupId", value=w.ids["peer"]),
    "vpc": _vpc,
    "vpc_ipv6": lambda w: _vpc(w, EnableIpv6="true"),
    "vswitch": _vswitch,
    "route_table": lambda w: {"id": w.sdk.vpc("CreateVpc", CidrBlock="10.0.0.0/8")["RouteTableId"]},
    "route_entry": _route_entry,
    "eip": _eip,
    "eip_and_instance": lambda w: {**_instance(w), **_eip(w)},
    "eip_and_eni": lambda w: {**_eni(w), **_eip(w)},
    "region": _region,
    "default_vpc_region": lambda w: _region(w, default_vpc=True),
}


# --- how a resource is read back ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Reader:
    """One read of the resource ``{id}``: the action, what it sends, and where in the answer the resource is.
    With ``error`` the read is an action that must fail: what it shows is ``{"Code": ..., "Message": ...}``."""

    action: str  # "<Product>.<Action>"
    params: dict[str, str]
    at: str = ""  # dotted path to the resource in the answer ("" = the answer itself)
    error: bool = False


INSTANCE_IDS = {"InstanceIds": '["{id}"]'}
READERS: dict[str, Reader] = {
    "instance": Reader("Ecs.DescribeInstances", INSTANCE_IDS, "Instances.Instance.0"),
    "its_instance": Reader("Ecs.DescribeInstances", {"InstanceIds": '["{instance}"]'}, "Instances.Instance.0"),
    "instance_attribute": Reader("Ecs.DescribeInstanceAttribute", {"InstanceId": "{id}"}),
    "user_data": Reader("Ecs.DescribeUserData", {"InstanceId": "{id}"}),
    "system_disk": Reader("Ecs.DescribeDisks", {"InstanceId": "{id}", "DiskType": "system"}, "Disks.Disk.0"),
    "data_disk": Reader("Ecs.DescribeDisks", {"InstanceId": "{id}", "DiskType": "data"}, "Disks.Disk.0"),
    "disk": Reader("Ecs.DescribeDisks", {"DiskIds": '["{id}"]'}, "Disks.Disk.0"),
    "primary_eni": Reader("Ecs.DescribeNetworkInterfaces", {"InstanceId": "{id}", "Type": "Primary"},
                          "NetworkInterfaceSets.NetworkInterfaceSet.0"),
    "secondary_eni": Reader("Ecs.DescribeNetworkInterfaces", {"InstanceId": "{id}", "Type": "Secondary"},
                            "NetworkInterfaceSets.NetworkInterfaceSet.0"),
    "ram_role": Reader("Ecs.DescribeInstanceRamRole", INSTANCE_IDS, "InstanceRamRoleSets.InstanceRamRoleSet.0"),
    "auto_renew": Reader("Ecs.DescribeInstanceAutoRenewAttribute", {"InstanceId": "{id}"},
                         "InstanceRenewAttributes.InstanceRenewAttribute.0"),
    "maintenance": Reader("Ecs.DescribeInstanceMaintenanceAttributes", {"InstanceId.1": "{id}"},
                          "MaintenanceAttributes.MaintenanceAttribute.0"),
    "attachment": Reader("Ecs.DescribeInstanceAttachmentAttributes", INSTANCE_IDS, "Instances.Instance.0"),
    "link": Reader("Ecs.DescribeClassicLinkInstances", {"InstanceId": "{id}"}, "Links.Link.0"),
    "delete_instance": Reader("Ecs.DeleteInstance", {"InstanceId": "{id}", "Force": "true"}, error=True),
    "eni": Reader("Ecs.DescribeNetworkInterfaces", {"NetworkInterfaceId.1": "{id}"},
                  "NetworkInterfaceSets.NetworkInterfaceSet.0"),
    "its_eni": Reader("Ecs.DescribeNetworkInterfaces", {"NetworkInterfaceId.1": "{eni}"},
                      "NetworkInterfaceSets.NetworkInterfaceSet.0"),
    "group": Reader("Ecs.DescribeSecurityGroupAttribute", {"SecurityGroupId": "{id}"}),
    "groups": Reader("Ecs.DescribeSecurityGroups", {"SecurityGroupId": "{id}"}, "SecurityGroups.SecurityGroup.0"),
    "ingress": Reader("Ecs.DescribeSecurityGroupAttribute", {"SecurityGroupId": "{id}", "Direction": "ingress"},
                      "Permissions.Permission.0"),
    "egress": Reader("Ecs.DescribeSecurityGroupAttribute", {"SecurityGroupId": "{id}", "Direction": "egress"},
                     "Permissions.Permission.0"),
    "image": Reader("Ecs.DescribeImages", {"ImageId": "{id}"}, "Images.Image.0"),
    "snapshot": Reader("Ecs.DescribeSnapshots", {"SnapshotIds": '["{id}"]'}, "Snapshots.Snapshot.0"),
    "key_pair": Reader("Ecs.DescribeKeyPairs", {"KeyPairName": "{id}", "IncludePublicKey": "true"},
                       "KeyPairs.KeyPair.0"),
    "policy": Reader("Ecs.DescribeAutoSnapshotPolicyEx", {"AutoSnapshotPolicyId": "{id}"},
                     "AutoSnapshotPolicies.AutoSnapshotPolicy.0"),
    "ecs_tags": Reader("Ecs.ListTagResources", {"ResourceType": "instance", "ResourceId.1": "{id}"},
                       "TagResources.TagResource.0"),
    "vpc": Reader("Vpc.DescribeVpcAttribute", {"VpcId": "{id}"}),
    "default_vpc": Reader("Vpc.DescribeVpcs", {"IsDefault": "true"}, "Vpcs.Vpc.0"),
    "vswitch": Reader("Vpc.DescribeVSwitchAttributes", {"VSwitchId": "{id}"}),
    "route_table": Reader("Vpc.DescribeRouteTableList", {"RouteTableId": "{id}"},
                          "RouterTableList.RouterTableListType.0"),
    "route_entry": Reader("Vpc.DescribeRouteEntryList", {"RouteTableId": "{rt}", "RouteEntryId": "{id}"},
                          "RouteEntrys.RouteEntry.0"),
    "eip": Reader("Vpc.DescribeEipAddresses", {"AllocationId": "{id}"}, "EipAddresses.EipAddress.0"),
    "vpc_tags": Reader("Vpc.ListTagResources", {"ResourceType": "VPC", "ResourceId.1": "{id}"},
                       "TagResources.TagResource.0"),
}  # fmt: skip


def _path(body: Any, path: str) -> Any:
    for key in path.split(".") if path else []:
        if isinstance(body, list):
            assert key.isdigit() and int(key) < len(body), f"no entry {key} in {body!r}"
            body = body[int(key)]
        else:
            assert isinstance(body, dict) and key in body, f"no {key!r} in {body!r}"
            body = body[key]
    return body


def _fill(value: Any, names: dict[str, str]) -> Any:
    if isinstance(value, str):
        return value.format_map(names)
    if isinstance(value, list):
        return [_fill(v, names) for v in value]
    return value


def read(world: World, reader: Reader, names: dict[str, str], region: str) -> Any:
    product, action = reader.action.split(".")
    wire = {"RegionId": region, **{k: _fill(v, names) for k, v in reader.params.items()}}
    try:
        answer = world.sdk.call(product, action, **wire)
    except Failed as failed:
        if not reader.error:
            raise
        return {"Code": failed.code, "Message": failed.message}
    assert not reader.error, f"{reader.action} was expected to fail: {answer}"
    return _path(answer, reader.at)


# --- what a field must show ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Has:
    """The field holds ``value`` among others (a list, or a longer text)."""

    value: Any


@dataclass(frozen=True)
class Count:
    """The field is a list of ``n`` entries."""

    n: int


@dataclass(frozen=True)
class Expires:
    """A time ``days`` from now (give or take two days: months are 30 days here, calendar months there)."""

    days: int


def _epoch(shown: str) -> float:
    for layout in ("%Y-%m-%dT%H:%MZ", "%Y-%m-%dT%H:%M:%SZ"):
        try:
            return float(calendar.timegm(time.strptime(shown, layout)))
        except ValueError:
            continue
    raise AssertionError(f"not a time: {shown!r}")


def _matches(shown: Any, expected: Any) -> bool:
    if isinstance(expected, Has):
        return expected.value in shown
    if isinstance(expected, Count):
        return isinstance(shown, list) and len(shown) == expected.n
    if isinstance(expected, Expires):
        return abs(_epoch(shown) - (time.time() + expected.days * DAY)) < 2 * DAY
    return bool(shown == expected)


# --- the probes ------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Setting:
    """One parameter of one action. The row sends ``params`` (``{name}`` filled from the fixture and from what
    ``target`` made; ``None`` leaves a base parameter out), reads ``{id}`` back with ``read`` and asserts the
    field at ``path`` shows ``value``. ``{id}`` is the resource ``target`` made, or, for a create action, the
    one its answer names (CREATED); ``read="answer"`` reads the call's own answer. With ``refused`` the call
    must answer that code instead: the setting names something the emulator does not keep."""

    action: str  # "<Product>.<Action>"
    name: str  # the declared parameter; a repeat list's field as Name.N.Field
    params: dict[str, str | None]
    read: str = ""
    path: str = ""
    value: Any = None
    target: str = ""
    refused: str = ""


def made(action: str, name: str, params: dict[str, str | None], read: str, path: str, value: Any,
         target: str = "") -> Setting:  # fmt: skip
    """A create action: the resource its answer names is read back."""
    return Setting(action, name, params, read, path, value, target=target)


def changed(action: str, name: str, target: str, params: dict[str, str | None], read: str, path: str,
            value: Any) -> Setting:  # fmt: skip
    """An action on a resource the row makes (``target``); ``{id}`` is that resource."""
    return Setting(action, name, params, read, path, value, target=target)


def refused(action: str, name: str, params: dict[str, str | None], code: str, target: str = "") -> Setting:
    return Setting(action, name, params, target=target, refused=code)


# Where a create action's answer names what it made.
CREATED: dict[str, str] = {
    "Ecs.CreateInstance": "InstanceId",
    "Ecs.RunInstances": "InstanceIdSets.InstanceIdSet.0",
    "Ecs.CreateDisk": "DiskId",
    "Ecs.CreateSnapshot": "SnapshotId",
    "Ecs.CreateImage": "ImageId",
    "Ecs.CreateKeyPair": "KeyPairName",
    "Ecs.ImportKeyPair": "KeyPairName",
    "Ecs.CreateNetworkInterface": "NetworkInterfaceId",
    "Ecs.CreateSecurityGroup": "SecurityGroupId",
    "Ecs.CreateAutoSnapshotPolicy": "AutoSnapshotPolicyId",
    "Vpc.CreateVpc": "VpcId",
    "Vpc.CreateDefaultVpc": "VpcId",
    "Vpc.CreateVSwitch": "VSwitchId",
    "Vpc.CreateDefaultVSwitch": "VSwitchId",
    "Vpc.CreateRouteEntry": "RouteEntryId",
    "Vpc.AllocateEipAddress": "AllocationId",
}

# --- instances ---

CI, RI = "Ecs.CreateInstance", "Ecs.RunInstances"


def both(name: str, params: dict[str, str | None], read: str, path: str, value: Any, *,
         only: tuple[str, ...] = (CI, RI)) -> list[Setting]:  # fmt: skip
    """The row for CreateInstance and for RunInstances, on the base instance (NEW); ``<n>`` is 1 and 2 in
    their values (private addresses must differ)."""
    rows = []
    for n, action in enumerate(only, start=1):
        sent: dict[str, str | None] = {**NEW, **{k: v.replace("<n>", str(n)) if v else v for k, v in params.items()}}
        expected = [v.replace("<n>", str(n)) if isinstance(v, str) else v for v in value] \
            if isinstance(value, list) else value  # fmt: skip
        rows.append(made(action, name, sent, read, path, expected))
    return rows


def both_refused(name: str, params: dict[str, str | None], code: str) -> list[Setting]:
    return [refused(action, name, {**NEW, **params}, code) for action in (CI, RI)]


def data_disk(name: str, value: str, path: str, shown: Any, **extra: str) -> list[Setting]:
    """DataDisk.N.<name> of a new instance, read on its data disk."""
    params = {"DataDisk.1.Size": "40", "DataDisk.1.Category": "cloud_essd", f"DataDisk.1.{name}": value, **extra}
    return both(f"DataDisk.N.{name}", params, "data_disk", path, shown)


SPOT = {"SpotStrategy": "SpotAsPriceGo"}
AUTO = {"SystemDisk.Category": "cloud_auto"}
INSTANCES = [
    *both("InstanceType", {"InstanceType": "ecs.c6.large"}, "instance", "InstanceType", "ecs.c6.large"),
    *both("ImageId", {"ImageId": CENTOS}, "instance", "ImageId", CENTOS),
    *both("ImageFamily", {"ImageId": None, "ImageFamily": "acs:ubuntu_22_04_x64"}, "instance", "ImageId",
          "ubuntu_22_04_x64_20G_alibase_20240926.vhd"),
    *both("SecurityGroupId", {"SecurityGroupId": "{sg2}"}, "instance", "SecurityGroupIds.SecurityGroupId", ["{sg2}"]),
    *both("VSwitchId", {"VSwitchId": "{vsw_b}"}, "instance", "VpcAttributes.VSwitchId", "{vsw_b}"),
    *both("ZoneId", {"SecurityGroupId": "{sg_classic}", "VSwitchId": None, "InstanceType": "ecs.t1.small",
                     "ZoneId": ZONE_B}, "instance", "ZoneId", ZONE_B),
    *both("InstanceName", {"InstanceName": "probe-instance"}, "instance", "InstanceName", "probe-instance"),
    *both("HostName", {"HostName": "probe-host"}, "instance", "HostName", "probe-host"),
    *both("Description", {"Description": "probe description"}, "instance", "Description", "probe description"),
    *both("PrivateIpAddress", {"PrivateIpAddress": "172.16.200.<n>"}, "instance",
          "VpcAttributes.PrivateIpAddress.IpAddress", ["172.16.200.<n>"]),
    *both("InstanceChargeType", PREPAID, "instance", "InstanceChargeType", "PrePaid"),
    *both("InternetChargeType", {"InternetChargeType": "PayByBandwidth"}, "instance", "InternetChargeType",
          "PayByBandwidth"),
    *both("InternetMaxBandwidthOut", {"InternetMaxBandwidthOut": "5"}, "instance", "InternetMaxBandwidthOut", 5),
    *both("InternetMaxBandwidthIn", {"InternetMaxBandwidthIn": "50"}, "instance", "InternetMaxBandwidthIn", 50),
    *both("Tag", tagged("a"), "instance", "Tags.Tag", [{"TagKey": "probe", "TagValue": "a"}]),
    *both("SystemDisk.Category", {"SystemDisk.Category": "cloud_essd"}, "system_disk", "Category", "cloud_essd"),
    *both("SystemDisk.Size", {"SystemDisk.Size": "50"}, "system_disk", "Size", 50),
    *both("SystemDisk.DiskName", {"SystemDisk.DiskName": "probe-system"}, "system_disk", "DiskName", "probe-system"),
    *both("SystemDisk.Description", {"SystemDisk.Description": "probe system"}, "system_disk", "Description",
          "probe system"),
    *both("SystemDisk.PerformanceLevel", {"SystemDisk.Category": "cloud_essd", "SystemDisk.PerformanceLevel": "PL0"},
          "system_disk", "PerformanceLevel", "PL0"),
    *both("SystemDisk.Encrypted", {"SystemDisk.Encrypted": "true"}, "system_disk", "Encrypted", True, only=(RI,)),
    *both("SystemDisk.KMSKeyId", {"SystemDisk.Encrypted": "true", "SystemDisk.KMSKeyId": "probe-key"}, "system_disk",
          "KMSKeyId", "probe-key", only=(RI,)),
    *both("SystemDisk.AutoSnapshotPolicyId", {"SystemDisk.AutoSnapshotPolicyId": "{asp}"}, "system_disk",
          "AutoSnapshotPolicyId", "{asp}", only=(RI,)),
    *both("SystemDisk.BurstingEnabled", {**AUTO, "SystemDisk.BurstingEnabled": "true"}, "system_disk",
          "BurstingEnabled", True, only=(RI,)),
    *both("SystemDisk.ProvisionedIops", {**AUTO, "SystemDisk.ProvisionedIops": "1000"}, "system_disk",
          "ProvisionedIops", 1000, only=(RI,)),
    *data_disk("Size", "60", "Size", 60),
    *data_disk("Category", "cloud_efficiency", "Category", "cloud_efficiency"),
    *data_disk("SnapshotId", "{data_snap}", "SourceSnapshotId", "{data_snap}"),
    *data_disk("DiskName", "probe-data", "DiskName", "probe-data"),
    *data_disk("Description", "probe data", "Description", "probe data"),
    *data_disk("DeleteWithInstance", "false", "DeleteWithInstance", False),
    *data_disk("Encrypted", "true", "Encrypted", True),
    *data_disk("KMSKeyId", "probe-key", "KMSKeyId", "probe-key", **{"DataDisk.1.Encrypted": "true"}),
    *data_disk("PerformanceLevel", "PL0", "PerformanceLevel", "PL0"),
    *data_disk("Device", "/dev/xvdk", "Device", "/dev/xvdk"),
    *data_disk("AutoSnapshotPolicyId", "{asp}", "AutoSnapshotPolicyId", "{asp}"),
    *data_disk("BurstingEnabled", "true", "BurstingEnabled", True, **{"DataDisk.1.Category": "cloud_auto"}),
    *data_disk("ProvisionedIops", "1000", "ProvisionedIops", 1000, **{"DataDisk.1.Category": "cloud_auto"}),
    *both("UserData", {"UserData": USER_DATA}, "user_data", "UserData", USER_DATA),
    *both("KeyPairName", {"KeyPairName": "probe-kp"}, "instance", "KeyPairName", "probe-kp"),
    *both("DeletionProtection", {"DeletionProtection": "true"}, "instance", "DeletionProtection", True),
    *both_refused("ResourceGroupId", {"ResourceGroupId": ANOTHER_GROUP}, "InvalidResourceGroup.NotFound"),
    *both("Period", {**PREPAID, "Period": "2"}, "instance", "ExpiredTime", Expires(60)),
    *both("PeriodUnit", {**PREPAID, "PeriodUnit": "Week"}, "instance", "ExpiredTime", Expires(7)),
    *both("RamRoleName", {"RamRoleName": ROLE}, "ram_role", "RamRoleName", ROLE),
    *both("HttpEndpoint", {"HttpEndpoint": "disabled"}, "instance", "MetadataOptions.HttpEndpoint", "disabled"),
    *both("HttpTokens", {"HttpTokens": "required"}, "instance", "MetadataOptions.HttpTokens", "required"),
    *both("HttpPutResponseHopLimit", {"HttpPutResponseHopLimit": "3"}, "instance",
          "MetadataOptions.HttpPutResponseHopLimit", 3),
    *both("SpotStrategy", SPOT, "instance", "SpotStrategy", "SpotAsPriceGo"),
    *both("SpotPriceLimit", {"SpotStrategy": "SpotWithPriceLimit", "SpotPriceLimit": "0.5"}, "instance",
          "SpotPriceLimit", 0.5),
    *both("SpotDuration", {**SPOT, "SpotDuration": "2"}, "instance", "SpotDuration", 2),
    *both("SpotInterruptionBehavior", {**SPOT, "SpotInterruptionBehavior": "Stop"}, "instance",
          "SpotInterruptionBehavior", "Stop"),
    *both("CreditSpecification", {"InstanceType": "ecs.t6-c1m1.large", "CreditSpecification": "Unlimited"},
          "instance", "CreditSpecification", "Unlimited"),
    *both_refused("DeploymentSetId", {"DeploymentSetId": "ds-bp1probe"}, "DeploymentSet.NotFound"),
    *both_refused("HpcClusterId", {"HpcClusterId": "hpc-bp1probe"}, "InvalidHpcClusterId.Unnecessary"),
    *both("IoOptimized", {"InstanceType": "ecs.t1.small", "SecurityGroupId": "{sg_classic}", "VSwitchId": None,
                          "IoOptimized": "none"}, "instance", "IoOptimized", False),
    *both_refused("DedicatedHostId", {"DedicatedHostId": "dh-bp1probe"}, "InvalidDedicatedHostId.NotFound"),
    *both_refused("PrivatePoolOptions.Id", {"PrivatePoolOptions.MatchCriteria": "Target",
                                            "PrivatePoolOptions.Id": "eap-bp1probe"}, "Invalid.PrivatePoolOptionsId"),
    *both("PrivatePoolOptions.MatchCriteria", {"PrivatePoolOptions.MatchCriteria": "Open"}, "attachment",
          "PrivatePoolOptionsMatchCriteria", "Open"),
    *both("AutoRenew", {**PREPAID, "AutoRenew": "true"}, "auto_renew", "RenewalStatus", "AutoRenewal"),
    *both("AutoRenewPeriod", {**PREPAID, "AutoRenew": "true", "AutoRenewPeriod": "2"}, "auto_renew", "Duration", 2),
    refused(CI, "InnerIpAddress", {**NEW, "InnerIpAddress": "10.1.2.3"}, "InvalidParameter"),
    made(CI, "InnerIpAddress", {**NEW, "VSwitchId": None, "SecurityGroupId": "{sg_classic}",
         "InstanceType": "ecs.t1.small", "InnerIpAddress": "10.123.45.67"}, "instance", "InnerIpAddress.IpAddress",
         ["10.123.45.67"]),
    refused(CI, "NodeControllerId", {**NEW, "NodeControllerId": "nc-probe"}, "InvalidNodeControllerId.Malformed"),
    refused(CI, "VlanId", {**NEW, "VlanId": "100"}, "OperationDenied"),
    refused(CI, "ClusterId", {**NEW, "ClusterId": "c-probe"}, "InvalidClusterId.NotFound"),
    made(RI, "Amount", {**NEW, "Amount": "2"}, "answer", "InstanceIdSets.InstanceIdSet", Count(2)),
    refused(RI, "MinAmount", {**NEW, "Amount": "1", "MinAmount": "2"}, "InvalidMinAmount.Malformed"),
    made(RI, "SecurityGroupIds", {**NEW, "SecurityGroupId": None, "SecurityGroupIds.1": "{sg}",
         "SecurityGroupIds.2": "{sg2}"}, "instance", "SecurityGroupIds.SecurityGroupId", ["{sg}", "{sg2}"]),
    made(RI, "UniqueSuffix", {**NEW, "Amount": "2", "InstanceName": "probe", "UniqueSuffix": "true"}, "instance",
         "InstanceName", "probe001"),
    made(RI, "HostNames", {**NEW, "HostNames.1": "probe-named"}, "instance", "HostName", "probe-named"),
    made(RI, "AutoReleaseTime", {**NEW, "AutoReleaseTime": RELEASE_TIME}, "instance", "AutoReleaseTime",
         RELEASE_SHOWN),
    made(RI, "Ipv6AddressCount", {**NEW, "Ipv6AddressCount": "1"}, "primary_eni", "Ipv6Sets.Ipv6Set", Count(1)),
    made(RI, "Ipv6Address", {**NEW, "Ipv6Address.1": "{vsw_ipv6_prefix}::77"}, "primary_eni",
         "Ipv6Sets.Ipv6Set.0.Ipv6Address", "{vsw_ipv6_prefix}::77"),
    # The launch options DescribeInstances shows.
    made(RI, "CpuOptions.Core", {**NEW, "CpuOptions.Core": "1", "CpuOptions.ThreadsPerCore": "1"}, "instance",
         "CpuOptions.CoreCount", 1),
    made(RI, "CpuOptions.ThreadsPerCore", {**NEW, "CpuOptions.Core": "1", "CpuOptions.ThreadsPerCore": "1"},
         "instance", "CpuOptions.ThreadsPerCore", 1),
    made(RI, "CpuOptions.Numa", {**NEW, "CpuOptions.Numa": "1"}, "instance", "CpuOptions.Numa", "1"),
    made(RI, "CpuOptions.TopologyType", {**NEW, "CpuOptions.TopologyType": "DiscreteCoreToHTMapping"},
         "instance", "CpuOptions.TopologyType", "DiscreteCoreToHTMapping"),
    made(RI, "CpuOptions.TurboMode", {**NEW, "CpuOptions.TurboMode": "Disabled"}, "instance", "CpuOptions.TurboMode",
         "Disabled"),
    made(RI, "CpuOptions.EnableVISST", {**NEW, "CpuOptions.EnableVISST": "true"}, "instance",
         "CpuOptions.EnableVISST", True),
    made(RI, "CpuOptions.EnableVRDT", {**NEW, "CpuOptions.EnableVRDT": "true"}, "instance", "CpuOptions.EnableVRDT",
         True),
    made(RI, "CpuOptions.NestedVirtualization", {**NEW, "CpuOptions.NestedVirtualization": "true"}, "instance",
         "CpuOptions.NestedVirtualization", True),
    made(RI, "ImageOptions.LoginAsNonRoot", {**NEW, "ImageOptions.LoginAsNonRoot": "true"}, "instance",
         "ImageOptions.LoginAsNonRoot", True),
    *both("HibernationOptions.Configured", {"HibernationOptions.Configured": "true"}, "instance",
          "HibernationOptions.Configured", True),
    made(RI, "ClockOptions.PtpStatus", {**NEW, "ClockOptions.PtpStatus": "enabled"}, "instance",
         "ClockOptions.PtpStatus", "enabled"),
    made(RI, "SecurityOptions.EnableSecureBoot", {**NEW, "SecurityOptions.EnableSecureBoot": "true"}, "instance",
         "SecurityOptions.EnableSecureBoot", True),
    *[made(RI, f"PrivateDnsNameOptions.{name}", {**NEW, f"PrivateDnsNameOptions.{name}": "true"}, "instance",
           f"PrivateDnsNameOptions.{name}", True)
      for name in ("EnableInstanceIdDnsAAAARecord", "EnableInstanceIdDnsARecord", "EnableIpDnsARecord",
                   "EnableIpDnsPtrRecord")],
    made(RI, "PrivateDnsNameOptions.HostnameType", {**NEW, "PrivateDnsNameOptions.HostnameType": "InstanceIdBased"},
         "instance", "PrivateDnsNameOptions.HostnameType", "InstanceIdBased"),
    made(RI, "NetworkOptions.EnableJumboFrame", {**NEW, "NetworkOptions.EnableJumboFrame": "true"},
         "instance_attribute", "EnableJumboFrame", True),
    made(RI, "NetworkOptions.EnableNetworkEncryption", {**NEW, "NetworkOptions.EnableNetworkEncryption": "true"},
         "instance_attribute", "EnableNetworkEncryption", True),
    made(RI, "NetworkOptions.BandwidthWeighting", {**NEW, "NetworkOptions.BandwidthWeighting": "Vpc-L1"},
         "instance_attribute", "NetworkOptions.BandwidthWeighting", "Vpc-L1"),
    made(RI, "NetworkInterfaceQueueNumber", {**NEW, "NetworkInterfaceQueueNumber": "2"}, "primary_eni",
         "QueueNumber", 2),
]  # fmt: skip

# RunInstances NetworkInterface.N: the instance's ENIs (the primary one with InstanceType Primary).
ENI = {"NetworkInterface.1.VSwitchId": "{vsw}", "NetworkInterface.1.SecurityGroupId": "{sg}"}


def launch_eni(name: str, value: str, read: str, path: str, shown: Any, **extra: str | None) -> Setting:
    wire = "NetworkInterface.1." + ".".join("1" if part == "N" else part for part in name.split("."))
    return made(RI, f"NetworkInterface.N.{name}", {**NEW, **ENI, wire: value, **extra}, read, path, shown)


# The primary entry of NetworkInterface.N stands for the top-level vSwitch and groups; IPv6 addresses go to it only.
PRIMARY = {"VSwitchId": None, "SecurityGroupId": None, "NetworkInterface.1.InstanceType": "Primary"}


LAUNCH_ENIS = [
    launch_eni("VSwitchId", "{vsw_a2}", "secondary_eni", "VSwitchId", "{vsw_a2}"),
    launch_eni("NetworkInterfaceName", "probe-launch-eni", "secondary_eni", "NetworkInterfaceName",
               "probe-launch-eni"),
    launch_eni("Description", "probe launch eni", "secondary_eni", "Description", "probe launch eni"),
    launch_eni("SecurityGroupId", "{sg2}", "secondary_eni", "SecurityGroupIds.SecurityGroupId", ["{sg2}"]),
    launch_eni("SecurityGroupIds.N", "{sg2}", "secondary_eni", "SecurityGroupIds.SecurityGroupId", ["{sg2}"],
               **{"NetworkInterface.1.SecurityGroupId": None}),
    launch_eni("PrimaryIpAddress", "172.16.201.9", "secondary_eni", "PrivateIpAddress", "172.16.201.9"),
    launch_eni("InstanceType", "Primary", "primary_eni", "VSwitchId", "{vsw}", **PRIMARY),
    launch_eni("Ipv6AddressCount", "1", "primary_eni", "Ipv6Sets.Ipv6Set", Count(1), **PRIMARY),
    launch_eni("Ipv6Address.N", "{vsw_ipv6_prefix}::78", "primary_eni", "Ipv6Sets.Ipv6Set.0.Ipv6Address",
               "{vsw_ipv6_prefix}::78", **PRIMARY),
    launch_eni("DeleteOnRelease", "false", "secondary_eni", "DeleteOnRelease", False),
    made(RI, "NetworkInterface.N.NetworkInterfaceId", {**NEW, "NetworkInterface.1.NetworkInterfaceId": "{eni}"},
         "its_eni", "InstanceId", "{id}", target="eni"),
    launch_eni("SecondaryPrivateIpAddressCount", "2", "secondary_eni", "PrivateIpSets.PrivateIpSet", Count(3)),
    launch_eni("QueueNumber", "2", "secondary_eni", "QueueNumber", 2),
    launch_eni("QueuePairNumber", "2", "secondary_eni", "QueuePairNumber", 2),
    launch_eni("NetworkInterfaceTrafficMode", "HighPerformance", "secondary_eni", "NetworkInterfaceTrafficMode",
               "HighPerformance"),
    launch_eni("SourceDestCheck", "true", "secondary_eni", "SourceDestCheck", True),
    # One network card per instance here: index 0 (the default) is the only one there is.
    refused(RI, "NetworkInterface.N.NetworkCardIndex", {**NEW, **ENI, "NetworkInterface.1.NetworkCardIndex": "1"},
            "InvalidParameter"),
]  # fmt: skip

MIA = "Ecs.ModifyInstanceAttribute"


def attribute(name: str, value: str, read: str, path: str, shown: Any, target: str = "stopped",
              **extra: str) -> Setting:  # fmt: skip
    return changed(MIA, name, target, {"InstanceId": "{id}", name: value, **extra}, read, path, shown)


INSTANCE_CHANGES = [
    attribute("InstanceName", "probe-renamed", "instance", "InstanceName", "probe-renamed"),
    attribute("Description", "probe redescribed", "instance", "Description", "probe redescribed"),
    attribute("HostName", "probe-rehosted", "instance", "HostName", "probe-rehosted"),
    attribute("UserData", USER_DATA, "user_data", "UserData", USER_DATA),
    changed(MIA, "SecurityGroupIds", "stopped", {"InstanceId": "{id}", "SecurityGroupIds.1": "{sg2}"}, "instance",
            "SecurityGroupIds.SecurityGroupId", ["{sg2}"]),
    attribute("DeletionProtection", "true", "delete_instance", "Code", "InvalidOperation.DeletionProtection"),
    attribute("CreditSpecification", "Unlimited", "instance", "CreditSpecification", "Unlimited",
              target="burstable_stopped"),
    attribute("NetworkInterfaceQueueNumber", "2", "primary_eni", "QueueNumber", 2),
    attribute("EnableJumboFrame", "true", "instance_attribute", "EnableJumboFrame", True),
    attribute("EnableNetworkEncryption", "true", "instance_attribute", "EnableNetworkEncryption", True),
    attribute("Recyclable", "true", "instance", "Recyclable", True),
    attribute("CpuOptions.Core", "1", "instance", "CpuOptions.CoreCount", 1, **{"CpuOptions.ThreadsPerCore": "1"}),
    attribute("CpuOptions.ThreadsPerCore", "1", "instance", "CpuOptions.ThreadsPerCore", 1,
              **{"CpuOptions.Core": "1"}),
    attribute("CpuOptions.TopologyType", "DiscreteCoreToHTMapping", "instance", "CpuOptions.TopologyType",
              "DiscreteCoreToHTMapping"),
    attribute("CpuOptions.NestedVirtualization", "true", "instance", "CpuOptions.NestedVirtualization", True),
    attribute("CpuOptions.EnableVISST", "true", "instance", "CpuOptions.EnableVISST", True),
    attribute("CpuOptions.EnableVRDT", "true", "instance", "CpuOptions.EnableVRDT", True),
    attribute("CpuOptions.TurboMode", "Disabled", "instance", "CpuOptions.TurboMode", "Disabled"),
    *[attribute(f"PrivateDnsNameOptions.{name}", "true", "instance", f"PrivateDnsNameOptions.{name}", True)
      for name in ("EnableInstanceIdDnsAAAARecord", "EnableInstanceIdDnsARecord", "EnableIpDnsARecord",
                   "EnableIpDnsPtrRecord")],
    attribute("PrivateDnsNameOptions.HostnameType", "InstanceIdBased", "instance",
              "PrivateDnsNameOptions.HostnameType", "InstanceIdBased"),
    changed("Ecs.ModifyInstanceVpcAttribute", "VSwitchId", "stopped", {"InstanceId": "{id}",
            "VSwitchId": "{vsw_a2}"}, "instance", "VpcAttributes.VSwitchId", "{vsw_a2}"),
    changed("Ecs.ModifyInstanceVpcAttribute", "PrivateIpAddress", "stopped", {"InstanceId": "{id}",
            "VSwitchId": "{vsw_a2}", "PrivateIpAddress": "172.17.9.9"}, "instance",
            "VpcAttributes.PrivateIpAddress.IpAddress", ["172.17.9.9"]),
    changed("Ecs.ModifyInstanceVpcAttribute", "VpcId", "stopped", {"InstanceId": "{id}", "VSwitchId": "{vpc2_vsw}",
            "VpcId": "{vpc2}", "SecurityGroupId.1": "{vpc2_sg}"}, "instance", "VpcAttributes.VpcId", "{vpc2}"),
    changed("Ecs.ModifyInstanceVpcAttribute", "SecurityGroupId", "stopped", {"InstanceId": "{id}",
            "VSwitchId": "{vpc2_vsw}", "VpcId": "{vpc2}", "SecurityGroupId.1": "{vpc2_sg}"}, "instance",
            "SecurityGroupIds.SecurityGroupId", ["{vpc2_sg}"]),
    changed("Ecs.ModifyInstanceMetadataOptions", "HttpEndpoint", "running", {"InstanceId": "{id}",
            "HttpEndpoint": "disabled"}, "instance", "MetadataOptions.HttpEndpoint", "disabled"),
    changed("Ecs.ModifyInstanceMetadataOptions", "HttpTokens", "running", {"InstanceId": "{id}",
            "HttpTokens": "required"}, "instance", "MetadataOptions.HttpTokens", "required"),
    changed("Ecs.ModifyInstanceMetadataOptions", "HttpPutResponseHopLimit", "running", {"InstanceId": "{id}",
            "HttpPutResponseHopLimit": "5"}, "instance", "MetadataOptions.HttpPutResponseHopLimit", 5),
    changed("Ecs.ModifyInstanceMetadataOptions", "InstanceMetadataTags", "running", {"InstanceId": "{id}",
            "InstanceMetadataTags": "enabled"}, "instance", "MetadataOptions.InstanceMetadataTags", "enabled"),
    changed("Ecs.ModifyInstanceMaintenanceAttributes", "MaintenanceWindow", "running", {"InstanceId.1": "{id}",
            "MaintenanceWindow.1.StartTime": "02:00:00Z", "MaintenanceWindow.1.EndTime": "04:00:00Z"}, "maintenance",
            "MaintenanceWindows.MaintenanceWindow", [{"EndTime": "04:00:00Z", "StartTime": "02:00:00Z"}]),
    changed("Ecs.ModifyInstanceMaintenanceAttributes", "ActionOnMaintenance", "running", {"InstanceId.1": "{id}",
            "ActionOnMaintenance": "Stop"}, "maintenance", "ActionOnMaintenance.Value", "Stop"),
    changed("Ecs.ModifyInstanceMaintenanceAttributes", "NotifyOnMaintenance", "running", {"InstanceId.1": "{id}",
            "NotifyOnMaintenance": "true"}, "maintenance", "NotifyOnMaintenance", True),
    changed("Ecs.ModifyInstanceAttachmentAttributes", "PrivatePoolOptions.MatchCriteria", "running",
            {"InstanceId": "{id}", "PrivatePoolOptions.MatchCriteria": "Open"}, "attachment",
            "PrivatePoolOptionsMatchCriteria", "Open"),
    refused("Ecs.ModifyInstanceAttachmentAttributes", "PrivatePoolOptions.Id", {"InstanceId": "{id}",
            "PrivatePoolOptions.MatchCriteria": "Target", "PrivatePoolOptions.Id": "eap-bp1probe"},
            "InvalidPrivatePoolId.NotFound", target="running"),
    changed("Ecs.ModifyInstanceAutoRenewAttribute", "Duration", "prepaid_running", {"InstanceId": "{id}",
            "RenewalStatus": "AutoRenewal", "Duration": "2"}, "auto_renew", "Duration", 2),
    changed("Ecs.ModifyInstanceAutoRenewAttribute", "PeriodUnit", "prepaid_running", {"InstanceId": "{id}",
            "RenewalStatus": "AutoRenewal", "Duration": "1", "PeriodUnit": "Year"}, "auto_renew", "PeriodUnit",
            "Year"),
    changed("Ecs.ModifyInstanceAutoRenewAttribute", "AutoRenew", "prepaid_running", {"InstanceId": "{id}",
            "AutoRenew": "true", "Duration": "1"}, "auto_renew", "RenewalStatus", "AutoRenewal"),
    changed("Ecs.ModifyInstanceAutoRenewAttribute", "RenewalStatus", "prepaid_running", {"InstanceId": "{id}",
            "RenewalStatus": "NotRenewal"}, "auto_renew", "RenewalStatus", "NotRenewal"),
    changed("Ecs.ModifyInstanceAutoReleaseTime", "AutoReleaseTime", "running", {"InstanceId": "{id}",
            "AutoReleaseTime": RELEASE_TIME}, "instance", "AutoReleaseTime", RELEASE_SHOWN),
    changed("Ecs.ModifyInstanceChargeType", "InstanceChargeType", "stopped", {"InstanceIds": '["{id}"]',
            "InstanceChargeType": "PrePaid", "Period": "1"}, "instance", "InstanceChargeType", "PrePaid"),
    changed("Ecs.ModifyInstanceChargeType", "Period", "stopped", {"InstanceIds": '["{id}"]', "Period": "2"},
            "instance", "ExpiredTime", Expires(60)),
    changed("Ecs.ModifyInstanceChargeType", "PeriodUnit", "stopped", {"InstanceIds": '["{id}"]', "Period": "1",
            "PeriodUnit": "Week"}, "instance", "ExpiredTime", Expires(7)),
    changed("Ecs.ModifyInstanceChargeType", "IncludeDataDisks", "with_data_disk", {"InstanceIds": '["{id}"]',
            "Period": "1", "IncludeDataDisks": "true"}, "data_disk", "DiskChargeType", "PrePaid"),
    changed("Ecs.ModifyInstanceChargeType", "IsDetailFee", "stopped", {"InstanceIds": '["{id}"]', "Period": "1",
            "IsDetailFee": "true"}, "answer", "FeeOfInstances.FeeOfInstance", Count(1)),
    changed("Ecs.ModifyInstanceSpec", "InstanceType", "stopped", {"InstanceId": "{id}",
            "InstanceType": "ecs.g6.xlarge"}, "instance", "InstanceType", "ecs.g6.xlarge"),
    changed("Ecs.ModifyInstanceSpec", "InternetMaxBandwidthOut", "bandwidth_stopped", {"InstanceId": "{id}",
            "InternetMaxBandwidthOut": "10"}, "instance", "InternetMaxBandwidthOut", 10),
    changed("Ecs.ModifyInstanceSpec", "InternetMaxBandwidthIn", "stopped", {"InstanceId": "{id}",
            "InternetMaxBandwidthIn": "50"}, "instance", "InternetMaxBandwidthIn", 50),
    changed("Ecs.ModifyPrepayInstanceSpec", "InstanceType", "prepaid_stopped", {"InstanceId": "{id}",
            "InstanceType": "ecs.g6.xlarge"}, "instance", "InstanceType", "ecs.g6.xlarge"),
    refused("Ecs.ModifyPrepayInstanceSpec", "OperatorType", {"InstanceId": "{id}", "InstanceType": "ecs.g6.xlarge",
            "OperatorType": "downgrade"}, "InvalidOperatorType.Mismatch", target="prepaid_stopped"),
    changed("Ecs.ModifyInstanceNetworkSpec", "InternetMaxBandwidthOut", "bandwidth_stopped", {"InstanceId": "{id}",
            "InternetMaxBandwidthOut": "10"}, "instance", "InternetMaxBandwidthOut", 10),
    changed("Ecs.ModifyInstanceNetworkSpec", "InternetMaxBandwidthIn", "stopped", {"InstanceId": "{id}",
            "InternetMaxBandwidthIn": "50"}, "instance", "InternetMaxBandwidthIn", 50),
    changed("Ecs.ModifyInstanceNetworkSpec", "NetworkChargeType", "bandwidth_stopped", {"InstanceId": "{id}",
            "NetworkChargeType": "PayByBandwidth"}, "instance", "InternetChargeType", "PayByBandwidth"),
    changed("Ecs.ModifyInstanceNetworkSpec", "AllocatePublicIp", "stopped", {"InstanceId": "{id}",
            "InternetMaxBandwidthOut": "5", "AllocatePublicIp": "true"}, "instance", "PublicIpAddress.IpAddress",
            Count(1)),
    refused("Ecs.ModifyInstanceDeployment", "DeploymentSetId", {"InstanceId": "{id}", "DeploymentSetId": "ds-probe"},
            "DeploymentSet.NotFound", target="stopped"),
    refused("Ecs.ModifyInstanceDeployment", "DedicatedHostId", {"InstanceId": "{id}", "DedicatedHostId": "dh-probe"},
            "InvalidDedicatedHostId.NotFound", target="stopped"),
    changed("Ecs.AttachInstanceRamRole", "RamRoleName", "running", {"InstanceIds": '["{id}"]', "RamRoleName": ROLE},
            "ram_role", "RamRoleName", ROLE),
    changed("Ecs.AttachKeyPair", "KeyPairName", "stopped", {"InstanceIds": '["{id}"]', "KeyPairName": "probe-kp2"},
            "instance", "KeyPairName", "probe-kp2"),
    changed("Ecs.AttachClassicLinkVpc", "VpcId", "classic_running", {"InstanceId": "{id}", "VpcId": "{vpc}"},
            "link", "VpcId", "{vpc}"),
    changed("Ecs.AllocatePublicIpAddress", "IpAddress", "bandwidth_stopped", {"InstanceId": "{id}",
            "IpAddress": "47.100.1.10"}, "instance", "PublicIpAddress.IpAddress", ["47.100.1.10"]),
    refused("Ecs.JoinResourceGroup", "ResourceGroupId", {"ResourceType": "instance", "ResourceId": "{id}",
            "ResourceGroupId": ANOTHER_GROUP}, "InvalidResourceGroup.NotFound", target="running"),
    changed("Ecs.JoinSecurityGroup", "SecurityGroupId", "running", {"InstanceId": "{id}", "SecurityGroupId": "{sg2}"},
            "instance", "SecurityGroupIds.SecurityGroupId", ["{sg}", "{sg2}"]),
    changed("Ecs.TagResources", "Tag", "running", {"ResourceType": "instance", "ResourceId.1": "{id}",
            **tagged("b")}, "ecs_tags", "TagValue", "b"),
]  # fmt: skip

# --- disks, snapshots, images, key pairs, policies ---

CD = "Ecs.CreateDisk"
DISK = {"ZoneId": ZONE_A, "Size": "40", "DiskCategory": "cloud_essd"}


def new_disk(name: str, value: str, path: str, shown: Any, **extra: str | None) -> Setting:
    return made(CD, name, {**DISK, name: value, **extra}, "disk", path, shown)


DISKS = [
    new_disk("ZoneId", ZONE_B, "ZoneId", ZONE_B),
    new_disk("SnapshotId", "{data_snap}", "SourceSnapshotId", "{data_snap}"),
    new_disk("DiskName", "probe-disk", "DiskName", "probe-disk"),
    new_disk("Size", "50", "Size", 50),
    new_disk("DiskCategory", "cloud_efficiency", "Category", "cloud_efficiency"),
    new_disk("Description", "probe disk", "Description", "probe disk"),
    new_disk("Encrypted", "true", "Encrypted", True),
    made(CD, "InstanceId", {**DISK, "ZoneId": None, "InstanceId": "{instance}"}, "disk", "InstanceId", "{instance}",
         target="prepaid_running"),
    new_disk("ResourceGroupId", "{rg}", "ResourceGroupId", "{rg}"),
    new_disk("KMSKeyId", "probe-key", "KMSKeyId", "probe-key", Encrypted="true"),
    new_disk("PerformanceLevel", "PL0", "PerformanceLevel", "PL0"),
    refused(CD, "MultiAttach", {**DISK, "MultiAttach": "Enabled"}, "UserNotInTheWhiteList"),
    made(CD, "Tag", {**DISK, **tagged("a")}, "disk", "Tags.Tag", [{"TagKey": "probe", "TagValue": "a"}]),
    new_disk("ProvisionedIops", "1000", "ProvisionedIops", 1000, DiskCategory="cloud_auto"),
    new_disk("BurstingEnabled", "true", "BurstingEnabled", True, DiskCategory="cloud_auto"),
    changed("Ecs.AttachDisk", "InstanceId", "disk_and_instance", {"DiskId": "{id}", "InstanceId": "{instance}"},
            "disk", "InstanceId", "{instance}"),
    changed("Ecs.AttachDisk", "Device", "disk_and_instance", {"DiskId": "{id}", "InstanceId": "{instance}",
            "Device": "/dev/xvdm"}, "disk", "Device", "/dev/xvdm"),
    changed("Ecs.AttachDisk", "DeleteWithInstance", "disk_and_instance", {"DiskId": "{id}",
            "InstanceId": "{instance}", "DeleteWithInstance": "true"}, "disk", "DeleteWithInstance", True),
    changed("Ecs.AttachDisk", "Bootable", "detached_system_disk", {"DiskId": "{id}", "InstanceId": "{instance}",
            "Bootable": "true", "KeyPairName": "probe-kp"}, "disk", "Device", "/dev/xvda"),
    changed("Ecs.AttachDisk", "KeyPairName", "detached_system_disk", {"DiskId": "{id}", "InstanceId": "{instance}",
            "Bootable": "true", "KeyPairName": "probe-kp2"}, "its_instance", "KeyPairName", "probe-kp2"),
    refused("Ecs.AttachDisk", "Force", {"DiskId": "{id}", "InstanceId": "{instance}", "Force": "true"},
            "InvalidParameterForce.DiskCategoryNotSupported", target="disk_and_instance"),
    changed("Ecs.ModifyDiskAttribute", "DiskName", "disk", {"DiskId": "{id}", "DiskName": "probe-renamed"}, "disk",
            "DiskName", "probe-renamed"),
    changed("Ecs.ModifyDiskAttribute", "Description", "disk", {"DiskId": "{id}", "Description": "probe new"}, "disk",
            "Description", "probe new"),
    changed("Ecs.ModifyDiskAttribute", "DeleteWithInstance", "attached_disk", {"DiskId": "{id}",
            "DeleteWithInstance": "true"}, "disk", "DeleteWithInstance", True),
    changed("Ecs.ModifyDiskAttribute", "DeleteAutoSnapshot", "disk", {"DiskId": "{id}", "DeleteAutoSnapshot": "true"},
            "disk", "DeleteAutoSnapshot", True),
    changed("Ecs.ModifyDiskAttribute", "EnableAutoSnapshot", "disk", {"DiskId": "{id}", "EnableAutoSnapshot": "false"},
            "disk", "EnableAutoSnapshot", False),
    changed("Ecs.ModifyDiskAttribute", "BurstingEnabled", "auto_disk", {"DiskId": "{id}", "BurstingEnabled": "true"},
            "disk", "BurstingEnabled", True),
    changed("Ecs.ModifyDiskSpec", "DiskCategory", "disk", {"DiskId": "{id}", "DiskCategory": "cloud_essd"}, "disk",
            "Category", "cloud_essd"),
    changed("Ecs.ModifyDiskSpec", "PerformanceLevel", "essd_disk", {"DiskId": "{id}", "PerformanceLevel": "PL0"},
            "disk", "PerformanceLevel", "PL0"),
    changed("Ecs.ModifyDiskSpec", "ProvisionedIops", "auto_disk", {"DiskId": "{id}", "ProvisionedIops": "2000"},
            "disk", "ProvisionedIops", 2000),
    refused("Ecs.ModifyDiskSpec", "DestinationZoneId", {"DiskId": "{id}", "DiskCategory": "cloud_essd",
            "DestinationZoneId": ZONE_B}, "InvalidParameter", target="disk"),
    changed("Ecs.ResizeDisk", "NewSize", "disk", {"DiskId": "{id}", "NewSize": "80"}, "disk", "Size", 80),
    refused("Ecs.ResizeDisk", "Type", {"DiskId": "{id}", "NewSize": "80", "Type": "online"},
            "IncorrectDiskStatus", target="disk"),
    changed("Ecs.ReplaceSystemDisk", "ImageId", "stopped", {"InstanceId": "{id}", "ImageId": CENTOS}, "instance",
            "ImageId", CENTOS),
    changed("Ecs.ReplaceSystemDisk", "SystemDisk.Size", "stopped", {"InstanceId": "{id}", "ImageId": CENTOS,
            "SystemDisk.Size": "60"}, "system_disk", "Size", 60),
    changed("Ecs.ReplaceSystemDisk", "Encrypted", "stopped", {"InstanceId": "{id}", "ImageId": CENTOS,
            "Encrypted": "true"}, "system_disk", "Encrypted", True),
    changed("Ecs.ReplaceSystemDisk", "KMSKeyId", "stopped", {"InstanceId": "{id}", "ImageId": CENTOS,
            "Encrypted": "true", "KMSKeyId": "probe-key"}, "system_disk", "KMSKeyId", "probe-key"),
    changed("Ecs.ReplaceSystemDisk", "KeyPairName", "stopped", {"InstanceId": "{id}", "ImageId": CENTOS,
            "KeyPairName": "probe-kp2"}, "instance", "KeyPairName", "probe-kp2"),
    changed("Ecs.ApplyAutoSnapshotPolicy", "autoSnapshotPolicyId", "disk", {"regionId": REGION,
            "autoSnapshotPolicyId": "{asp}", "diskIds": '["{id}"]'}, "disk", "AutoSnapshotPolicyId", "{asp}"),
]  # fmt: skip

CS = "Ecs.CreateSnapshot"
SNAPSHOTS = [
    made(CS, "DiskId", {"DiskId": "{inst_system_disk}"}, "snapshot", "SourceDiskId", "{inst_system_disk}"),
    made(CS, "SnapshotName", {"DiskId": "{inst_system_disk}", "SnapshotName": "probe-snapshot"}, "snapshot",
         "SnapshotName", "probe-snapshot"),
    made(CS, "Description", {"DiskId": "{inst_system_disk}", "Description": "probe snapshot"}, "snapshot",
         "Description", "probe snapshot"),
    made(CS, "Category", {"DiskId": "{inst_system_disk}", "Category": "flash"}, "snapshot", "Category", "flash"),
    made(CS, "RetentionDays", {"DiskId": "{inst_system_disk}", "RetentionDays": "5"}, "snapshot", "RetentionDays", 5),
    made(CS, "InstantAccess", {"DiskId": "{inst_system_disk}", "InstantAccess": "true"}, "snapshot", "InstantAccess",
         True),
    made(CS, "InstantAccessRetentionDays", {"DiskId": "{inst_system_disk}", "InstantAccess": "true",
         "InstantAccessRetentionDays": "3"}, "snapshot", "InstantAccessRetentionDays", 3),
    made(CS, "ResourceGroupId", {"DiskId": "{inst_system_disk}", "ResourceGroupId": "{rg}"}, "snapshot",
         "ResourceGroupId", "{rg}"),
    made(CS, "Tag", {"DiskId": "{inst_system_disk}", **tagged("a")}, "snapshot", "Tags.Tag",
         [{"TagKey": "probe", "TagValue": "a"}]),
]  # fmt: skip

IM = "Ecs.CreateImage"
FROM_SNAPSHOT = {"SnapshotId": "{snap}"}
IMAGES = [
    made(IM, "InstanceId", {"InstanceId": "{instance}"}, "image", "Platform", "CentOS", target="centos_stopped"),
    made(IM, "SnapshotId", FROM_SNAPSHOT, "image", "DiskDeviceMappings.DiskDeviceMapping.0.SnapshotId", "{snap}"),
    made(IM, "DiskDeviceMapping.N.SnapshotId", {"DiskDeviceMapping.1.SnapshotId": "{snap}"}, "image",
         "DiskDeviceMappings.DiskDeviceMapping.0.SnapshotId", "{snap}"),
    made(IM, "DiskDeviceMapping.N.Size", {"DiskDeviceMapping.1.SnapshotId": "{snap}", "DiskDeviceMapping.1.Size": "60"},
         "image", "DiskDeviceMappings.DiskDeviceMapping.0.Size", "60"),
    made(IM, "DiskDeviceMapping.N.DiskType", {"DiskDeviceMapping.1.SnapshotId": "{snap}",
         "DiskDeviceMapping.2.SnapshotId": "{snap}", "DiskDeviceMapping.2.DiskType": "data"}, "image",
         "DiskDeviceMappings.DiskDeviceMapping.1.Type", "data"),
    made(IM, "DiskDeviceMapping.N.Device", {"DiskDeviceMapping.1.SnapshotId": "{snap}",
         "DiskDeviceMapping.2.SnapshotId": "{snap}", "DiskDeviceMapping.2.Device": "/dev/xvdc"}, "image",
         "DiskDeviceMappings.DiskDeviceMapping.1.Device", "/dev/xvdc"),
    made(IM, "ImageName", {**FROM_SNAPSHOT, "ImageName": "probe-image-name"}, "image", "ImageName", "probe-image-name"),
    made(IM, "Description", {**FROM_SNAPSHOT, "Description": "probe image"}, "image", "Description", "probe image"),
    made(IM, "ImageFamily", {**FROM_SNAPSHOT, "ImageFamily": "probe-family"}, "image", "ImageFamily", "probe-family"),
    made(IM, "ImageVersion", {**FROM_SNAPSHOT, "ImageVersion": "2"}, "image", "ImageVersion", "2"),
    made(IM, "Architecture", {**FROM_SNAPSHOT, "Architecture": "i386"}, "image", "Architecture", "i386"),
    made(IM, "Platform", {**FROM_SNAPSHOT, "Platform": "CentOS"}, "image", "Platform", "CentOS"),
    made(IM, "BootMode", {**FROM_SNAPSHOT, "BootMode": "UEFI"}, "image", "BootMode", "UEFI"),
    made(IM, "ResourceGroupId", {**FROM_SNAPSHOT, "ResourceGroupId": "{rg}"}, "image", "ResourceGroupId", "{rg}"),
    made(IM, "Tag", {**FROM_SNAPSHOT, **tagged("a")}, "image", "Tags.Tag", [{"TagKey": "probe", "TagValue": "a"}]),
    made(IM, "Features.ImdsSupport", {**FROM_SNAPSHOT, "Features.ImdsSupport": "v1"}, "image",
         "Features.ImdsSupport", "v1"),
    made(IM, "SecureBootOptions.SecureBootSupport", {**FROM_SNAPSHOT, "SecureBootOptions.SecureBootSupport": "supported"},
         "image", "SecureBootOptions.SecureBootSupport", "supported"),
]  # fmt: skip

KEYS_AND_POLICIES = [
    made("Ecs.CreateKeyPair", "KeyPairName", {"KeyPairName": "probe-kp-made"}, "key_pair", "KeyPairName",
         "probe-kp-made"),
    made("Ecs.CreateKeyPair", "ResourceGroupId", {"KeyPairName": "probe-kp-rg", "ResourceGroupId": "{rg}"},
         "key_pair", "ResourceGroupId", "{rg}"),
    made("Ecs.CreateKeyPair", "Tag", {"KeyPairName": "probe-kp-tag", **tagged("a")}, "key_pair", "Tags.Tag",
         [{"TagKey": "probe", "TagValue": "a"}]),
    made("Ecs.ImportKeyPair", "KeyPairName", {"KeyPairName": "probe-kp-import", "PublicKeyBody": "{public_key}"},
         "key_pair", "KeyPairName", "probe-kp-import"),
    made("Ecs.ImportKeyPair", "PublicKeyBody", {"KeyPairName": "probe-kp-body", "PublicKeyBody": "{public_key}"},
         "key_pair", "PublicKey", "{public_key}"),
    made("Ecs.ImportKeyPair", "ResourceGroupId", {"KeyPairName": "probe-kp-irg", "PublicKeyBody": "{public_key}",
         "ResourceGroupId": "{rg}"}, "key_pair", "ResourceGroupId", "{rg}"),
    made("Ecs.ImportKeyPair", "Tag", {"KeyPairName": "probe-kp-itag", "PublicKeyBody": "{public_key}", **tagged("a")},
         "key_pair", "Tags.Tag", [{"TagKey": "probe", "TagValue": "a"}]),
]  # fmt: skip

P = "Ecs.CreateAutoSnapshotPolicy"
POLICY = {"regionId": REGION, "timePoints": '["1"]', "repeatWeekdays": '["1"]', "retentionDays": "7"}


def policy(name: str, value: str, path: str, shown: Any, **extra: str) -> Setting:
    return made(P, name, {**POLICY, name: value, **extra}, "policy", path, shown)


COPY = {"EnableCrossRegionCopy": "true", "TargetCopyRegions": '["cn-shanghai"]'}
POLICIES = [
    policy("autoSnapshotPolicyName", "probe-policy", "AutoSnapshotPolicyName", "probe-policy"),
    policy("timePoints", '["2","3"]', "TimePoints", '["2", "3"]'),
    policy("repeatWeekdays", '["4","5"]', "RepeatWeekdays", '["4", "5"]'),
    policy("retentionDays", "30", "RetentionDays", 30),
    policy("EnableCrossRegionCopy", "true", "EnableCrossRegionCopy", True, TargetCopyRegions='["cn-shanghai"]'),
    policy("TargetCopyRegions", '["cn-shanghai"]', "TargetCopyRegions", '["cn-shanghai"]', EnableCrossRegionCopy="true"),
    policy("CopiedSnapshotsRetentionDays", "3", "CopiedSnapshotsRetentionDays", 3, **COPY),
    policy("ResourceGroupId", "{rg}", "ResourceGroupId", "{rg}"),
    made(P, "Tag", {**POLICY, **tagged("a")}, "policy", "Tags.Tag", [{"TagKey": "probe", "TagValue": "a"}]),
    policy("CopyEncryptionConfiguration.Encrypted", "true", "CopyEncryptionConfiguration.Encrypted", True, **COPY),
    policy("CopyEncryptionConfiguration.KMSKeyId", "probe-key", "CopyEncryptionConfiguration.KMSKeyId", "probe-key",
           **COPY, **{"CopyEncryptionConfiguration.Encrypted": "true"}),
    made(P, "TargetTags.N.Key", {**POLICY, "TargetTags.1.Key": "probe"}, "policy", "TargetTags.TargetTag",
         [{"Key": "probe", "Value": ""}]),
    made(P, "TargetTags.N.Value", {**POLICY, "TargetTags.1.Key": "probe", "TargetTags.1.Value": "t"}, "policy",
         "TargetTags.TargetTag", [{"Key": "probe", "Value": "t"}]),
    policy("AssociationType", "AssociatedWithInstanceTag", "AssociationType", "AssociatedWithInstanceTag",
           **{"TargetTags.1.Key": "probe", "TargetTags.1.Value": "t"}),
]  # fmt: skip

# --- network interfaces and security groups ---

CN = "Ecs.CreateNetworkInterface"
BASE_ENI = {"VSwitchId": "{vsw}", "SecurityGroupId": "{sg}"}


def new_eni(name: str, value: str, path: str, shown: Any, **extra: str | None) -> Setting:
    return made(CN, name, {**BASE_ENI, name: value, **extra}, "eni", path, shown)


def eni_change(action: str, name: str, params: dict[str, str | None], path: str, shown: Any) -> Setting:
    return changed(action, name, "eni", {"NetworkInterfaceId": "{id}", **params}, "eni", path, shown)


MNI = "Ecs.ModifyNetworkInterfaceAttribute"
ENIS = [
    new_eni("VSwitchId", "{vsw_a2}", "VSwitchId", "{vsw_a2}"),
    new_eni("SecurityGroupId", "{sg2}", "SecurityGroupIds.SecurityGroupId", ["{sg2}"]),
    made(CN, "SecurityGroupIds", {"VSwitchId": "{vsw}", "SecurityGroupIds.1": "{sg}", "SecurityGroupIds.2": "{sg2}"},
         "eni", "SecurityGroupIds.SecurityGroupId", ["{sg}", "{sg2}"]),
    new_eni("PrimaryIpAddress", "172.16.210.1", "PrivateIpAddress", "172.16.210.1"),
    made(CN, "PrivateIpAddress", {**BASE_ENI, "PrivateIpAddress.1": "172.16.210.2"}, "eni",
         "PrivateIpSets.PrivateIpSet.1.PrivateIpAddress", "172.16.210.2"),
    new_eni("SecondaryPrivateIpAddressCount", "2", "PrivateIpSets.PrivateIpSet", Count(3)),
    made(CN, "Ipv6Address", {**BASE_ENI, "Ipv6Address.1": "{vsw_ipv6_prefix}::79"}, "eni",
         "Ipv6Sets.Ipv6Set.0.Ipv6Address", "{vsw_ipv6_prefix}::79"),
    new_eni("Ipv6AddressCount", "2", "Ipv6Sets.Ipv6Set", Count(2)),
    new_eni("NetworkInterfaceName", "probe-eni", "NetworkInterfaceName", "probe-eni"),
    new_eni("Description", "probe eni", "Description", "probe eni"),
    new_eni("ResourceGroupId", "{rg}", "ResourceGroupId", "{rg}"),
    new_eni("DeleteOnRelease", "false", "DeleteOnRelease", False),
    refused(CN, "InstanceType", {**BASE_ENI, "InstanceType": "Trunk"}, "InvalidParameter"),
    made(CN, "Tag", {**BASE_ENI, **tagged("a")}, "eni", "Tags.Tag", [{"TagKey": "probe", "TagValue": "a"}]),
    new_eni("QueueNumber", "2", "QueueNumber", 2),
    new_eni("QueuePairNumber", "2", "QueuePairNumber", 2),
    new_eni("NetworkInterfaceTrafficMode", "HighPerformance", "NetworkInterfaceTrafficMode", "HighPerformance"),
    new_eni("SourceDestCheck", "true", "SourceDestCheck", True),
    new_eni("NetworkInterfaceTrafficConfig.QueueNumber", "3", "QueueNumber", 3),
    new_eni("NetworkInterfaceTrafficConfig.QueuePairNumber", "3", "QueuePairNumber", 3),
    new_eni("NetworkInterfaceTrafficConfig.NetworkInterfaceTrafficMode", "HighPerformance",
            "NetworkInterfaceTrafficMode", "HighPerformance"),
    eni_change(MNI, "NetworkInterfaceName", {"NetworkInterfaceName": "probe-renamed"}, "NetworkInterfaceName",
               "probe-renamed"),
    eni_change(MNI, "Description", {"Description": "probe new"}, "Description", "probe new"),
    eni_change(MNI, "SecurityGroupId", {"SecurityGroupId.1": "{sg2}"}, "SecurityGroupIds.SecurityGroupId", ["{sg2}"]),
    eni_change(MNI, "DeleteOnRelease", {"DeleteOnRelease": "false"}, "DeleteOnRelease", False),
    eni_change(MNI, "QueueNumber", {"QueueNumber": "2"}, "QueueNumber", 2),
    eni_change(MNI, "SourceDestCheck", {"SourceDestCheck": "true"}, "SourceDestCheck", True),
    eni_change(MNI, "NetworkInterfaceTrafficConfig.QueueNumber", {"NetworkInterfaceTrafficConfig.QueueNumber": "3"},
               "QueueNumber", 3),
    eni_change(MNI, "NetworkInterfaceTrafficConfig.QueuePairNumber",
               {"NetworkInterfaceTrafficConfig.QueuePairNumber": "3"}, "QueuePairNumber", 3),
    eni_change(MNI, "NetworkInterfaceTrafficConfig.NetworkInterfaceTrafficMode",
               {"NetworkInterfaceTrafficConfig.NetworkInterfaceTrafficMode": "HighPerformance"},
               "NetworkInterfaceTrafficMode", "HighPerformance"),
    changed("Ecs.AttachNetworkInterface", "InstanceId", "eni_and_instance", {"NetworkInterfaceId": "{id}",
            "InstanceId": "{instance}"}, "eni", "InstanceId", "{instance}"),
    refused("Ecs.AttachNetworkInterface", "NetworkCardIndex", {"NetworkInterfaceId": "{id}", "InstanceId": "{instance}",
            "NetworkCardIndex": "1"}, "InvalidParameter", target="eni_and_instance"),
    refused("Ecs.AttachNetworkInterface", "TrunkNetworkInstanceId", {"NetworkInterfaceId": "{id}",
            "InstanceId": "{instance}", "TrunkNetworkInstanceId": "eni-bp1probetrunk"}, "InvalidOperation.InvalidEniType",
            target="eni_and_instance"),
    eni_change("Ecs.AssignPrivateIpAddresses", "PrivateIpAddress", {"PrivateIpAddress.1": "172.16.211.5"},
               "PrivateIpSets.PrivateIpSet.1.PrivateIpAddress", "172.16.211.5"),
    eni_change("Ecs.AssignPrivateIpAddresses", "SecondaryPrivateIpAddressCount", {"SecondaryPrivateIpAddressCount": "2"},
               "PrivateIpSets.PrivateIpSet", Count(3)),
    eni_change("Ecs.AssignIpv6Addresses", "Ipv6Address", {"Ipv6Address.1": "{vsw_ipv6_prefix}::7a"},
               "Ipv6Sets.Ipv6Set.0.Ipv6Address", "{vsw_ipv6_prefix}::7a"),
    eni_change("Ecs.AssignIpv6Addresses", "Ipv6AddressCount", {"Ipv6AddressCount": "2"}, "Ipv6Sets.Ipv6Set", Count(2)),
    changed("Ecs.TagResources", "Tag", "eni", {"ResourceType": "eni", "ResourceId.1": "{id}", **tagged("c")}, "eni",
            "Tags.Tag", [{"TagKey": "probe", "TagValue": "c"}]),
]  # fmt: skip

CG = "Ecs.CreateSecurityGroup"
GROUPS = [
    made(CG, "VpcId", {"VpcId": "{vpc}"}, "group", "VpcId", "{vpc}"),
    made(CG, "SecurityGroupName", {"SecurityGroupName": "probe-group"}, "group", "SecurityGroupName", "probe-group"),
    made(CG, "Description", {"Description": "probe group"}, "group", "Description", "probe group"),
    made(CG, "SecurityGroupType", {"VpcId": "{vpc}", "SecurityGroupType": "enterprise"}, "groups",
         "SecurityGroupType", "enterprise"),
    made(CG, "ResourceGroupId", {"ResourceGroupId": "{rg}"}, "groups", "ResourceGroupId", "{rg}"),
    made(CG, "Tag", tagged("a"), "groups", "Tags.Tag", [{"TagKey": "probe", "TagValue": "a"}]),
    changed("Ecs.ModifySecurityGroupAttribute", "SecurityGroupName", "group", {"SecurityGroupId": "{id}",
            "SecurityGroupName": "probe-renamed"}, "group", "SecurityGroupName", "probe-renamed"),
    changed("Ecs.ModifySecurityGroupAttribute", "Description", "group", {"SecurityGroupId": "{id}",
            "Description": "probe new"}, "group", "Description", "probe new"),
    changed("Ecs.ModifySecurityGroupPolicy", "InnerAccessPolicy", "group", {"SecurityGroupId": "{id}",
            "InnerAccessPolicy": "Drop"}, "group", "InnerAccessPolicy", "Drop"),
]  # fmt: skip

# A rule's fields, as Authorize* sets them, Modify*Rule changes them and DescribeSecurityGroupAttribute shows them.
# (parameter, value sent, field, value shown, other parameters): ingress rules name their peer as the source.
TCP = {"IpProtocol": "tcp", "PortRange": "22/22"}
INGRESS_FIELDS: list[tuple[str, str, str, Any, dict[str, str]]] = [
    ("IpProtocol", "udp", "IpProtocol", "UDP", {"PortRange": "53/53", "SourceCidrIp": "10.1.0.0/16"}),
    ("PortRange", "8080/8081", "PortRange", "8080/8081", {"IpProtocol": "tcp", "SourceCidrIp": "10.1.0.0/16"}),
    ("SourcePortRange", "1000/2000", "SourcePortRange", "1000/2000", {**TCP, "SourceCidrIp": "10.1.0.0/16"}),
    ("Policy", "drop", "Policy", "Drop", {**TCP, "SourceCidrIp": "10.1.0.0/16"}),
    ("Priority", "7", "Priority", "7", {**TCP, "SourceCidrIp": "10.1.0.0/16"}),
    ("Description", "probe rule", "Description", "probe rule", {**TCP, "SourceCidrIp": "10.1.0.0/16"}),
    ("SourceCidrIp", "10.2.0.0/16", "SourceCidrIp", "10.2.0.0/16", TCP),
    ("Ipv6SourceCidrIp", "2001:db8::/32", "Ipv6SourceCidrIp", "2001:db8::/32", TCP),
    ("SourceGroupId", "{peer}", "SourceGroupId", "{peer}", TCP),
    ("DestCidrIp", "172.16.3.0/24", "DestCidrIp", "172.16.3.0/24", {**TCP, "SourceCidrIp": "10.1.0.0/16"}),
    (
        "Ipv6DestCidrIp",
        "2001:db8:1::/48",
        "Ipv6DestCidrIp",
        "2001:db8:1::/48",
        {**TCP, "Ipv6SourceCidrIp": "2001:db8::/32"},
    ),
]
EGRESS_FIELDS: list[tuple[str, str, str, Any, dict[str, str]]] = [
    ("IpProtocol", "udp", "IpProtocol", "UDP", {"PortRange": "53/53", "DestCidrIp": "10.1.0.0/16"}),
    ("PortRange", "8080/8081", "PortRange", "8080/8081", {"IpProtocol": "tcp", "DestCidrIp": "10.1.0.0/16"}),
    ("SourcePortRange", "1000/2000", "SourcePortRange", "1000/2000", {**TCP, "DestCidrIp": "10.1.0.0/16"}),
    ("Policy", "drop", "Policy", "Drop", {**TCP, "DestCidrIp": "10.1.0.0/16"}),
    ("Priority", "7", "Priority", "7", {**TCP, "DestCidrIp": "10.1.0.0/16"}),
    ("Description", "probe rule", "Description", "probe rule", {**TCP, "DestCidrIp": "10.1.0.0/16"}),
    ("DestCidrIp", "10.2.0.0/16", "DestCidrIp", "10.2.0.0/16", TCP),
    ("Ipv6DestCidrIp", "2001:db8::/32", "Ipv6DestCidrIp", "2001:db8::/32", TCP),
    ("DestGroupId", "{peer}", "DestGroupId", "{peer}", TCP),
    ("SourceCidrIp", "172.16.3.0/24", "SourceCidrIp", "172.16.3.0/24", {**TCP, "DestCidrIp": "10.1.0.0/16"}),
    (
        "Ipv6SourceCidrIp",
        "2001:db8:1::/48",
        "Ipv6SourceCidrIp",
        "2001:db8:1::/48",
        {**TCP, "Ipv6DestCidrIp": "2001:db8::/32"},
    ),
]


def rule_rows(direction: str) -> list[Setting]:
    ingress = direction == "ingress"
    authorize = "Ecs.AuthorizeSecurityGroup" if ingress else "Ecs.AuthorizeSecurityGroupEgress"
    modify = "Ecs.ModifySecurityGroupRule" if ingress else "Ecs.ModifySecurityGroupEgressRule"
    peer, side = ("Source", "SourceCidrIp") if ingress else ("Dest", "DestCidrIp")
    missing = f"Invalid{peer}GroupId.NotFound"
    rows = []
    for name, value, shown_at, shown, others in INGRESS_FIELDS if ingress else EGRESS_FIELDS:
        rows.append(
            changed(
                authorize, name, "group", {"SecurityGroupId": "{id}", **others, name: value}, direction, shown_at, shown
            )
        )
        # Modify*Rule changes one field of a rule the row made (TCP 80 from or to 10.9.9.0/24; an IPv6 block or
        # the peer group for the fields of those kinds of peer: a rule's kind of peer cannot change).
        changes = {name: value, **({"PortRange": "53/53"} if name == "IpProtocol" else {})}
        kind = "_v6" if name.startswith("Ipv6") else "_group" if name == f"{peer}GroupId" else ""
        value = "{peer2}" if kind == "_group" else value
        rows.append(
            changed(
                modify,
                name,
                f"{direction}_rule{kind}",
                {"SecurityGroupId": "{id}", "SecurityGroupRuleId": "{rule}", **changes, name: value},
                direction,
                shown_at,
                "{peer2}" if kind == "_group" else shown,
            )
        )
    rows += [
        changed(authorize, "NicType", "group", {"SecurityGroupId": "{id}", **TCP, side: "10.1.0.0/16",
                "NicType": "intranet"}, direction, "NicType", "intranet"),
        changed(authorize, "Permissions", "group", {"SecurityGroupId": "{id}", "Permissions.1.IpProtocol": "tcp",
                "Permissions.1.PortRange": "443/443", f"Permissions.1.{side}": "10.3.0.0/16"}, direction, side,
                "10.3.0.0/16"),
        refused(authorize, f"{peer}GroupOwnerId", {"SecurityGroupId": "{id}", **TCP, f"{peer}GroupId": "{peer}",
                f"{peer}GroupOwnerId": ANOTHER_ACCOUNT}, missing, target="group"),
        refused(authorize, f"{peer}GroupOwnerAccount", {"SecurityGroupId": "{id}", **TCP, f"{peer}GroupId": "{peer}",
                f"{peer}GroupOwnerAccount": ANOTHER_ACCOUNT}, missing, target="group"),
        refused(authorize, f"{peer}PrefixListId", {"SecurityGroupId": "{id}", **TCP,
                f"{peer}PrefixListId": "pl-bp1probe"}, "InvalidPrefixListId.NotFound", target="group"),
        refused(authorize, "PortRangeListId", {"SecurityGroupId": "{id}", "IpProtocol": "tcp", side: "10.1.0.0/16",
                "PortRangeListId": "prl-bp1probe"}, "InvalidPortRangeListId.NotFound", target="group"),
        changed(modify, "NicType", f"classic_{direction}_rule" if ingress else f"{direction}_rule",
                {"SecurityGroupId": "{id}", "SecurityGroupRuleId": "{rule}", "NicType": "internet" if ingress
                 else "intranet", "Description": "probe nic"}, direction, "Description", "probe nic"),
        refused(modify, f"{peer}GroupOwnerId", {"SecurityGroupId": "{id}", "SecurityGroupRuleId": "{rule}",
                f"{peer}GroupId": "{peer2}", f"{peer}GroupOwnerId": ANOTHER_ACCOUNT}, missing,
                target=f"{direction}_rule_group"),
        refused(modify, f"{peer}GroupOwnerAccount", {"SecurityGroupId": "{id}", "SecurityGroupRuleId": "{rule}",
                f"{peer}GroupId": "{peer2}", f"{peer}GroupOwnerAccount": ANOTHER_ACCOUNT}, missing,
                target=f"{direction}_rule_group"),
        refused(modify, f"{peer}PrefixListId", {"SecurityGroupId": "{id}", "SecurityGroupRuleId": "{rule}",
                f"{peer}PrefixListId": "pl-bp1probe"}, "InvalidPrefixListId.NotFound", target=f"{direction}_rule"),
        refused(modify, "PortRangeListId", {"SecurityGroupId": "{id}", "SecurityGroupRuleId": "{rule}",
                "PortRange": None, "PortRangeListId": "prl-bp1probe"}, "InvalidPortRangeListId.NotFound",
                target=f"{direction}_rule"),
    ]  # fmt: skip
    return rows


RULES = [*rule_rows("ingress"), *rule_rows("egress")]

# --- VPC ---

V, MV = "Vpc.CreateVpc", "Vpc.ModifyVpcAttribute"
VPCS = [
    made(V, "CidrBlock", {"CidrBlock": "192.168.0.0/16"}, "vpc", "CidrBlock", "192.168.0.0/16"),
    made(V, "VpcName", {"VpcName": "probe-vpc"}, "vpc", "VpcName", "probe-vpc"),
    made(V, "Description", {"Description": "probe description"}, "vpc", "Description", "probe description"),
    made(V, "ResourceGroupId", {"ResourceGroupId": "{rg}"}, "vpc", "ResourceGroupId", "{rg}"),
    made(V, "UserCidr", {"UserCidr": "10.0.0.0/8"}, "vpc", "UserCidrs.UserCidr", ["10.0.0.0/8"]),
    made(V, "EnableIpv6", {"EnableIpv6": "true"}, "vpc", "EnabledIpv6", True),
    made(V, "Ipv6CidrBlock", {"EnableIpv6": "true", "Ipv6CidrBlock": "2408:4005:1:100::/56"}, "vpc",
         "Ipv6CidrBlock", "2408:4005:1:100::/56"),
    made(V, "Tag", tagged("a"), "vpc", "Tags.Tag", [{"Key": "probe", "Value": "a"}]),
    made(V, "EnableDnsHostname", {"EnableDnsHostname": "true"}, "vpc", "DnsHostnameStatus", "ENABLED"),
    made(V, "Ipv6Isp", {"EnableIpv6": "true", "Ipv6Isp": "ChinaMobile"}, "vpc",
         "Ipv6CidrBlocks.Ipv6CidrBlock.0.Ipv6Isp", "ChinaMobile"),
    changed(MV, "VpcName", "vpc", {"VpcId": "{id}", "VpcName": "probe-new"}, "vpc", "VpcName", "probe-new"),
    changed(MV, "Description", "vpc", {"VpcId": "{id}", "Description": "probe new"}, "vpc", "Description",
            "probe new"),
    changed(MV, "EnableIPv6", "vpc", {"VpcId": "{id}", "EnableIPv6": "true"}, "vpc", "EnabledIpv6", True),
    changed(MV, "EnableDnsHostname", "vpc", {"VpcId": "{id}", "EnableDnsHostname": "true"}, "vpc",
            "DnsHostnameStatus", "ENABLED"),
    changed(MV, "Ipv6Isp", "vpc", {"VpcId": "{id}", "EnableIPv6": "true", "Ipv6Isp": "ChinaMobile"}, "vpc",
            "Ipv6CidrBlocks.Ipv6CidrBlock.0.Ipv6Isp", "ChinaMobile"),
    changed(MV, "CidrBlock", "vpc", {"VpcId": "{id}", "CidrBlock": "10.0.0.0/16"}, "vpc", "CidrBlock", "10.0.0.0/16"),
    changed(MV, "Ipv6CidrBlock", "vpc", {"VpcId": "{id}", "EnableIPv6": "true", "Ipv6CidrBlock": "2408:4005:3:300::/56"},
            "vpc", "Ipv6CidrBlock", "2408:4005:3:300::/56"),
    changed("Vpc.AssociateVpcCidrBlock", "SecondaryCidrBlock", "vpc", {"VpcId": "{id}",
            "SecondaryCidrBlock": "192.168.0.0/16"}, "vpc", "SecondaryCidrBlocks.SecondaryCidrBlock",
            ["192.168.0.0/16"]),
    refused("Vpc.AssociateVpcCidrBlock", "IPv6CidrBlock", {"VpcId": "{id}", "IPv6CidrBlock": "2408:4005:2:200::/56"},
            "IllegalParam.Ipv6CidrBlock", target="vpc_ipv6"),
    refused("Vpc.AssociateVpcCidrBlock", "IpVersion", {"VpcId": "{id}", "IpVersion": "IPV6"},
            "IllegalParam.Ipv6CidrBlock", target="vpc_ipv6"),
    refused("Vpc.MoveResourceGroup", "NewResourceGroupId", {"ResourceId": "{id}", "ResourceType": "Vpc",
            "NewResourceGroupId": ANOTHER_GROUP}, "InvalidResourceGroup.NotFound", target="vpc"),
    changed("Vpc.TagResources", "Tag", "vpc", {"ResourceType": "VPC", "ResourceId.1": "{id}", **tagged("b")},
            "vpc_tags", "TagValue", "b"),
    made("Vpc.CreateDefaultVpc", "ResourceGroupId", {"RegionId": "{region}", "ResourceGroupId": "{rg}"}, "vpc",
         "ResourceGroupId", "{rg}", target="region"),
    made("Vpc.CreateDefaultVpc", "EnableIpv6", {"RegionId": "{region}", "EnableIpv6": "true"}, "vpc", "EnabledIpv6",
         True, target="region"),
    made("Vpc.CreateDefaultVpc", "Ipv6CidrBlock", {"RegionId": "{region}", "EnableIpv6": "true",
         "Ipv6CidrBlock": "2408:4005:4:400::/56"}, "vpc", "Ipv6CidrBlock", "2408:4005:4:400::/56", target="region"),
    made("Vpc.CreateDefaultVSwitch", "ZoneId", {"RegionId": "{region}", "ZoneId": "{zone}"}, "vswitch", "ZoneId",
         "{zone}", target="default_vpc_region"),
    made("Vpc.CreateDefaultVSwitch", "Ipv6CidrBlock", {"RegionId": "{region}", "ZoneId": "{zone}",
         "Ipv6CidrBlock": "9"}, "vswitch", "Ipv6CidrBlock", Has("09::/64"), target="default_vpc_region"),
]  # fmt: skip

VS, MVS = "Vpc.CreateVSwitch", "Vpc.ModifyVSwitchAttribute"
NEW_VSW = {"VpcId": "{vpc}", "ZoneId": ZONE_A, "CidrBlock": "172.21.<n>.0/24"}


def new_vswitch(n: int, name: str, value: str, path: str, shown: Any, **extra: str) -> Setting:
    base = {k: v.replace("<n>", str(n)) for k, v in NEW_VSW.items()}
    return made(VS, name, {**base, name: value, **extra}, "vswitch", path, shown)


def vswitch_change(name: str, value: str, path: str, shown: Any, **extra: str) -> Setting:
    return changed(MVS, name, "vswitch", {"VSwitchId": "{id}", name: value, **extra}, "vswitch", path, shown)


VSWITCHES = [
    new_vswitch(1, "VpcId", "{vpc}", "VpcId", "{vpc}"),
    new_vswitch(2, "ZoneId", ZONE_B, "ZoneId", ZONE_B),
    new_vswitch(3, "CidrBlock", "172.21.103.0/24", "CidrBlock", "172.21.103.0/24"),
    new_vswitch(4, "VSwitchName", "probe-vswitch", "VSwitchName", "probe-vswitch"),
    new_vswitch(5, "Description", "probe vswitch", "Description", "probe vswitch"),
    new_vswitch(6, "Ipv6CidrBlock", "6", "Ipv6CidrBlock", Has("06::/64")),
    new_vswitch(7, "VpcIpv6CidrBlock", "{vpc_ipv6}", "Ipv6CidrBlock", Has("07::/64"), Ipv6CidrBlock="7"),
    refused(VS, "VpcIpv6CidrBlock", {"VpcId": "{vpc}", "ZoneId": ZONE_A, "CidrBlock": "172.21.8.0/24",
            "Ipv6CidrBlock": "8", "VpcIpv6CidrBlock": "2408:4005:ffff:ff00::/56"}, "InvalidParameter"),
    made(VS, "Tag", {"VpcId": "{vpc}", "ZoneId": ZONE_A, "CidrBlock": "172.21.9.0/24", **tagged("a")}, "vswitch",
         "Tags.Tag", [{"Key": "probe", "Value": "a"}]),
    vswitch_change("VSwitchName", "probe-renamed", "VSwitchName", "probe-renamed"),
    vswitch_change("Description", "probe new", "Description", "probe new"),
    vswitch_change("EnableIPv6", "true", "EnabledIpv6", True),
    vswitch_change("Ipv6CidrBlock", "12", "Ipv6CidrBlock", Has("0c::/64")),
    vswitch_change("VpcIpv6CidrBlock", "{vpc_ipv6}", "Ipv6CidrBlock", Has("0d::/64"), Ipv6CidrBlock="13"),
    refused(MVS, "VpcIpv6CidrBlock", {"VSwitchId": "{id}", "Ipv6CidrBlock": "14",
            "VpcIpv6CidrBlock": "2408:4005:ffff:ff00::/56"}, "InvalidParameter", target="vswitch"),
]  # fmt: skip

RE, MRE = "Vpc.CreateRouteEntry", "Vpc.ModifyRouteEntry"
ROUTE = {"RouteTableId": "{rt}", "NextHopId": "{inst}"}
ROUTES = [
    made(RE, "RouteTableId", {**ROUTE, "DestinationCidrBlock": "192.168.201.0/24"}, "route_entry", "RouteTableId",
         "{rt}"),
    made(RE, "DestinationCidrBlock", {**ROUTE, "DestinationCidrBlock": "192.168.202.0/24"}, "route_entry",
         "DestinationCidrBlock", "192.168.202.0/24"),
    made(RE, "NextHopType", {"RouteTableId": "{rt}", "DestinationCidrBlock": "192.168.203.0/24",
         "NextHopType": "NetworkInterface", "NextHopId": "{eni}"}, "route_entry", "NextHops.NextHop.0.NextHopType",
         "NetworkInterface", target="eni"),
    made(RE, "NextHopId", {**ROUTE, "DestinationCidrBlock": "192.168.204.0/24"}, "route_entry",
         "NextHops.NextHop.0.NextHopId", "{inst}"),
    refused(RE, "NextHopList", {"RouteTableId": "{rt}", "DestinationCidrBlock": "192.168.205.0/24",
            "NextHopList.1.NextHopType": "RouterInterface", "NextHopList.1.NextHopId": "ri-probe1",
            "NextHopList.2.NextHopType": "RouterInterface", "NextHopList.2.NextHopId": "ri-probe2"},
            "InvalidRouterInterface"),
    made(RE, "RouteEntryName", {**ROUTE, "DestinationCidrBlock": "192.168.206.0/24", "RouteEntryName": "probe-route"},
         "route_entry", "RouteEntryName", "probe-route"),
    made(RE, "Description", {**ROUTE, "DestinationCidrBlock": "192.168.207.0/24", "Description": "probe route"},
         "route_entry", "Description", "probe route"),
    changed(MRE, "RouteEntryName", "route_entry", {"RouteEntryId": "{id}", "RouteEntryName": "probe-renamed"},
            "route_entry", "RouteEntryName", "probe-renamed"),
    changed(MRE, "Description", "route_entry", {"RouteEntryId": "{id}", "Description": "probe new"}, "route_entry",
            "Description", "probe new"),
    changed(MRE, "NewNextHopId", "route_entry", {"RouteEntryId": "{id}", "NewNextHopType": "NetworkInterface",
            "NewNextHopId": "{eni_hop}"}, "route_entry", "NextHops.NextHop.0.NextHopId", "{eni_hop}"),
    changed(MRE, "NewNextHopType", "route_entry", {"RouteEntryId": "{id}", "NewNextHopType": "NetworkInterface",
            "NewNextHopId": "{eni_hop}"}, "route_entry", "NextHops.NextHop.0.NextHopType", "NetworkInterface"),
    changed("Vpc.ModifyRouteTableAttributes", "RouteTableName", "route_table", {"RouteTableId": "{id}",
            "RouteTableName": "probe-table"}, "route_table", "RouteTableName", "probe-table"),
    changed("Vpc.ModifyRouteTableAttributes", "Description", "route_table", {"RouteTableId": "{id}",
            "Description": "probe table"}, "route_table", "Description", "probe table"),
    changed("Vpc.ModifyRouteTableAttributes", "RoutePropagationEnable", "route_table", {"RouteTableId": "{id}",
            "RoutePropagationEnable": "false"}, "route_table", "RoutePropagationEnable", False),
]  # fmt: skip

AE, ME = "Vpc.AllocateEipAddress", "Vpc.ModifyEipAddressAttribute"
EIPS = [
    made(AE, "Bandwidth", {"Bandwidth": "10"}, "eip", "Bandwidth", "10"),
    made(AE, "InternetChargeType", {"InternetChargeType": "PayByTraffic"}, "eip", "InternetChargeType",
         "PayByTraffic"),
    made(AE, "InstanceChargeType", {"InstanceChargeType": "PrePaid"}, "eip", "ChargeType", "PrePaid"),
    made(AE, "ISP", {"ISP": "BGP_PRO"}, "eip", "ISP", "BGP_PRO"),
    refused(AE, "Netmode", {"Netmode": "private"}, "InvalidParameter"),
    made(AE, "Name", {"Name": "probe-eip"}, "eip", "Name", "probe-eip"),
    made(AE, "Description", {"Description": "probe eip"}, "eip", "Description", "probe eip"),
    made(AE, "ResourceGroupId", {"ResourceGroupId": "{rg}"}, "eip", "ResourceGroupId", "{rg}"),
    made(AE, "IpAddress", {"IpAddress": "47.99.9.9"}, "eip", "IpAddress", "47.99.9.9"),
    made(AE, "Period", {"InstanceChargeType": "PrePaid", "Period": "2"}, "eip", "ExpiredTime", Expires(60)),
    made(AE, "PricingCycle", {"InstanceChargeType": "PrePaid", "PricingCycle": "Year"}, "eip", "ExpiredTime",
         Expires(360)),
    made(AE, "Tag", tagged("a"), "eip", "Tags.Tag", [{"Key": "probe", "Value": "a"}]),
    changed("Vpc.AssociateEipAddress", "InstanceId", "eip_and_instance", {"AllocationId": "{id}",
            "InstanceId": "{instance}"}, "eip", "InstanceId", "{instance}"),
    changed("Vpc.AssociateEipAddress", "InstanceType", "eip_and_eni", {"AllocationId": "{id}", "InstanceId": "{eni}",
            "InstanceType": "NetworkInterface"}, "eip", "InstanceType", "NetworkInterface"),
    refused("Vpc.AssociateEipAddress", "InstanceRegionId", {"AllocationId": "{id}", "InstanceId": "{instance}",
            "InstanceRegionId": "cn-shanghai"}, "InvalidInstanId.NotFound", target="eip_and_instance"),
    changed("Vpc.AssociateEipAddress", "PrivateIpAddress", "eip_and_eni", {"AllocationId": "{id}",
            "InstanceId": "{eni}", "InstanceType": "NetworkInterface", "PrivateIpAddress": "{eni_ip}"}, "eip",
            "PrivateIpAddress", "{eni_ip}"),
    changed("Vpc.AssociateEipAddress", "VpcId", "eip_and_instance", {"AllocationId": "{id}",
            "InstanceId": "{instance}", "VpcId": "{vpc}"}, "eip", "VpcId", "{vpc}"),
    refused("Vpc.AssociateEipAddress", "Mode", {"AllocationId": "{id}", "InstanceId": "{instance}", "Mode": "BINDED"},
            "InvalidParameter", target="eip_and_instance"),
    changed(ME, "Bandwidth", "eip", {"AllocationId": "{id}", "Bandwidth": "20"}, "eip", "Bandwidth", "20"),
    changed(ME, "Name", "eip", {"AllocationId": "{id}", "Name": "probe-renamed"}, "eip", "Name", "probe-renamed"),
    changed(ME, "Description", "eip", {"AllocationId": "{id}", "Description": "probe new"}, "eip", "Description",
            "probe new"),
    changed("Vpc.TagResources", "Tag", "eip", {"ResourceType": "EIP", "ResourceId.1": "{id}", **tagged("b")}, "eip",
            "Tags.Tag", [{"Key": "probe", "Value": "b"}]),
]  # fmt: skip

SETTINGS = [*INSTANCES, *LAUNCH_ENIS, *INSTANCE_CHANGES, *DISKS, *SNAPSHOTS, *IMAGES, *KEYS_AND_POLICIES, *POLICIES,
            *ENIS, *GROUPS, *RULES, *VPCS, *VSWITCHES, *ROUTES, *EIPS]  # fmt: skip


def _setting_id(setting: Setting) -> str:
    label = f"{setting.action}.{setting.name}"
    if sum(1 for s in SETTINGS if (s.action, s.name) == (setting.action, setting.name)) > 1:
        label += "[" + ",".join(f"{k}={v}" for k, v in setting.params.items() if v and "{" not in v) + "]"
    return label


def _sends(setting: Setting) -> bool:
    """Whether the row sends its parameter: ``Name``, ``Name.1``, or ``Name.1.Field`` for ``Name.N.Field``."""
    pattern = r"\.".join(r"\d+" if part == "N" else re.escape(part) for part in setting.name.split("."))
    return any(v is not None and re.fullmatch(pattern + r"(\.\d+)?(\..+)?", k) for k, v in setting.params.items())


@pytest.mark.parametrize("setting", SETTINGS, ids=_setting_id)
def test_setting_reads_back(world: World, setting: Setting) -> None:
    """The action with the setting given; the resource read back shows it (or the call answers the refusal)."""
    assert _sends(setting), f"{setting} does not send its parameter"
    names = dict(world.ids)
    if setting.target:
        names.update(MAKERS[setting.target](world))
    wire = {k: _fill(v, names) for k, v in setting.params.items() if v is not None}
    try:
        _probe(world, setting, names, wire)
    finally:
        if "Eip" in setting.action or "eip" in setting.target:
            _release_eips(world)  # at most 20 EIPs per region: each row's go


def _release_eips(world: World) -> None:
    shown = world.sdk.vpc("DescribeEipAddresses", PageSize="100")["EipAddresses"]["EipAddress"]
    for eip in (e for e in shown if e["ChargeType"] == "PostPaid"):  # a subscription EIP cannot be released
        if eip["InstanceId"]:
            world.sdk.vpc("UnassociateEipAddress", AllocationId=eip["AllocationId"], InstanceId=eip["InstanceId"],
                          InstanceType=eip["InstanceType"])  # fmt: skip
        world.sdk.vpc("ReleaseEipAddress", AllocationId=eip["AllocationId"])


def _probe(world: World, setting: Setting, names: dict[str, str], wire: dict[str, Any]) -> None:
    product, action = setting.action.split(".")
    if setting.refused:
        with pytest.raises(Failed) as failed:
            world.sdk.call(product, action, **wire)
        assert failed.value.code == setting.refused, failed.value
        return
    answer = world.sdk.call(product, action, **wire)
    if setting.action in CREATED:
        names["id"] = str(_path(answer, CREATED[setting.action]))
    region = wire.get("RegionId", REGION)
    body = answer if setting.read == "answer" else read(world, READERS[setting.read], names, region)
    shown, expected = _path(body, setting.path), _fill(setting.value, names)
    assert _matches(shown, expected), f"{setting.path}: {shown!r}, expected {expected!r}"


# --- every declared setting has a probe ------------------------------------------------------------------------

# The write actions whose parameters are settings: they make a resource or change one.
SETTING_ACTIONS = ("Create", "Modify", "Run", "Allocate", "Authorize", "Enable", "Associate", "Join", "Tag", "Attach",
                   "Assign", "Apply", "Import", "Replace", "Resize", "Move")  # fmt: skip
# The other write actions, and why none of their parameters is a setting.
WITHOUT_SETTINGS = {
    ("Delete", "Release"): "remove the resource they name",
    ("Revoke", "Detach", "Unassign", "Untag", "UnTag", "Unassociate", "Disable", "Cancel", "Leave"):
        "undo what another action set; their parameters name what to undo",
    ("Start", "Stop", "Reboot"): "change an instance's state, which DescribeInstances shows",
    ("AssumeRole",): "hands out temporary credentials: no resource is made or changed",
}  # fmt: skip
# Parameters that page, name the region or the owner, or shape the request: no setting among them.
GENERIC = COMMON_PARAMS | {"ClientToken", "DryRun", "regionId"}
# Repeat lists whose fields only make sense together: one probe row for the list.
WHOLE_LISTS = {"Tag", "Permissions", "MaintenanceWindow", "NextHopList"}
# The parameters that name the resource an action changes (not settings of it).
TARGETS: dict[str, tuple[str, ...]] = {
    "Ecs.AllocatePublicIpAddress": ("InstanceId",),
    "Ecs.ApplyAutoSnapshotPolicy": ("diskIds",),
    "Ecs.AssignIpv6Addresses": ("NetworkInterfaceId",),
    "Ecs.AssignPrivateIpAddresses": ("NetworkInterfaceId",),
    "Ecs.AttachClassicLinkVpc": ("InstanceId",),
    "Ecs.AttachDisk": ("DiskId",),
    "Ecs.AttachInstanceRamRole": ("InstanceIds",),
    "Ecs.AttachKeyPair": ("InstanceIds",),
    "Ecs.AttachNetworkInterface": ("NetworkInterfaceId",),
    "Ecs.AuthorizeSecurityGroup": ("SecurityGroupId",),
    "Ecs.AuthorizeSecurityGroupEgress": ("SecurityGroupId",),
    "Ecs.JoinResourceGroup": ("ResourceId", "ResourceType"),
    "Ecs.JoinSecurityGroup": ("InstanceId", "NetworkInterfaceId"),
    "Ecs.ModifyDiskAttribute": ("DiskId", "DiskIds"),
    "Ecs.ModifyDiskSpec": ("DiskId",),
    "Ecs.ModifyInstanceAttachmentAttributes": ("InstanceId",),
    "Ecs.ModifyInstanceAttribute": ("InstanceId",),
    "Ecs.ModifyInstanceAutoReleaseTime": ("InstanceId",),
    "Ecs.ModifyInstanceAutoRenewAttribute": ("InstanceId",),
    "Ecs.ModifyInstanceChargeType": ("InstanceIds",),
    "Ecs.ModifyInstanceDeployment": ("InstanceId",),
    "Ecs.ModifyInstanceMaintenanceAttributes": ("InstanceId",),
    "Ecs.ModifyInstanceMetadataOptions": ("InstanceId",),
    "Ecs.ModifyInstanceNetworkSpec": ("InstanceId",),
    "Ecs.ModifyInstanceSpec": ("InstanceId",),
    "Ecs.ModifyInstanceVpcAttribute": ("InstanceId",),
    "Ecs.ModifyNetworkInterfaceAttribute": ("NetworkInterfaceId",),
    "Ecs.ModifyPrepayInstanceSpec": ("InstanceId",),
    "Ecs.ModifySecurityGroupAttribute": ("SecurityGroupId",),
    "Ecs.ModifySecurityGroupEgressRule": ("SecurityGroupId", "SecurityGroupRuleId"),
    "Ecs.ModifySecurityGroupPolicy": ("SecurityGroupId",),
    "Ecs.ModifySecurityGroupRule": ("SecurityGroupId", "SecurityGroupRuleId"),
    "Ecs.ReplaceSystemDisk": ("InstanceId",),
    "Ecs.ResizeDisk": ("DiskId",),
    "Ecs.TagResources": ("ResourceType", "ResourceId"),
    "Vpc.AssociateEipAddress": ("AllocationId",),
    "Vpc.AssociateVpcCidrBlock": ("VpcId",),
    "Vpc.EnableVpcClassicLink": ("VpcId",),
    "Vpc.ModifyEipAddressAttribute": ("AllocationId",),
    "Vpc.ModifyRouteEntry": ("RouteEntryId", "RouteTableId", "DestinationCidrBlock"),
    "Vpc.ModifyRouteTableAttributes": ("RouteTableId",),
    "Vpc.ModifyVSwitchAttribute": ("VSwitchId",),
    "Vpc.ModifyVpcAttribute": ("VpcId",),
    "Vpc.MoveResourceGroup": ("ResourceId", "ResourceType"),
    "Vpc.TagResources": ("ResourceType", "ResourceId"),
}


def _rows(actions: tuple[str, ...], names: tuple[str, ...], reason: str) -> dict[tuple[str, str], str]:
    return {(action, name): reason for action in actions for name in names}


BOTH = (CI, RI)
GUEST_PASSWORD = "the guest's logon password: outside the control plane (no Describe action shows it)"
ALGORITHM = "the encryption algorithm: KMS is not modelled, and DescribeDisks shows none"
KMS_ROLES = "the RAM role KMS uses for the keys: KMS is not modelled (any KMSKeyId is kept as given)"
NO_DEDICATED_HOSTS = "dedicated hosts are not modelled (DedicatedHostId is refused with its documented code)"
NO_DEPLOYMENT_SETS = "deployment sets are not modelled (DeploymentSetId is refused with its documented code)"
NO_STORAGE_SETS = "storage sets and dedicated block storage clusters are not modelled"
NO_IPAM = "IPAM pools are not modelled: blocks are given or allocated, never taken from a pool"
ENI_ATTRIBUTE = "read back only by DescribeNetworkInterfaceAttribute, which the emulator does not answer"
NO_PREFIXES = "IPv4/IPv6 prefixes of ENIs are not modelled"
BILLING = "billing: orders are paid at once here (no order to pay later)"
NO_RECOVERY = "stock never runs out mid-change here, so there is nothing to migrate or recover"

# Declared settings that do not read back, each with its reason; docs/compatibility.md ("Settings that do not
# read back") lists them.
EXCLUDED: dict[tuple[str, str], str] = {
    **_rows(BOTH, ("Password", "PasswordInherit"), GUEST_PASSWORD),
    **_rows(("Ecs.AttachDisk", "Ecs.ModifyInstanceAttribute", "Ecs.ReplaceSystemDisk"), ("Password",), GUEST_PASSWORD),
    ("Ecs.ReplaceSystemDisk", "PasswordInherit"): GUEST_PASSWORD,
    **_rows(BOTH, ("SecurityEnhancementStrategy",), "the guest's security agent: outside the control plane"),
    ("Ecs.ReplaceSystemDisk", "SecurityEnhancementStrategy"): "the guest's security agent: outside the control plane",
    **_rows((CI, "Ecs.ReplaceSystemDisk"), ("UseAdditionalService",), "the guest's additional services (NTP, "
            "YUM sources): outside the control plane"),
    **_rows(BOTH, ("Arn.N.AssumeRoleFor", "Arn.N.RoleType", "Arn.N.Rolearn"), KMS_ROLES),
    **_rows(("Ecs.CreateDisk", "Ecs.ReplaceSystemDisk"), ("Arn.N.AssumeRoleFor", "Arn.N.RoleType", "Arn.N.Rolearn"),
            KMS_ROLES),
    **_rows((P,), ("CopyEncryptionConfiguration.Arn.N.AssumeRoleFor", "CopyEncryptionConfiguration.Arn.N.RoleType",
                   "CopyEncryptionConfiguration.Arn.N.Rolearn"), KMS_ROLES),
    **_rows(BOTH, ("DataDisk.N.EncryptAlgorithm",), ALGORITHM),
    (RI, "SystemDisk.EncryptAlgorithm"): ALGORITHM,
    ("Ecs.CreateDisk", "EncryptAlgorithm"): ALGORITHM,
    ("Ecs.ReplaceSystemDisk", "EncryptAlgorithm"): ALGORITHM,
    **_rows(BOTH, ("Tenancy", "Affinity", "ManagedHostId"), NO_DEDICATED_HOSTS),
    (RI, "SchedulerOptions.DedicatedHostClusterId"): NO_DEDICATED_HOSTS,
    **_rows(("Ecs.ModifyInstanceDeployment",), ("Tenancy", "Affinity", "DedicatedHostClusterId", "Force",
                                                 "MigrationType", "InstanceType"), NO_DEDICATED_HOSTS),
    **_rows((*BOTH, "Ecs.ModifyInstanceDeployment"), ("DeploymentSetGroupNo",), NO_DEPLOYMENT_SETS),
    ("Ecs.ModifyInstanceDeployment", "RemoveFromDeploymentSet"): NO_DEPLOYMENT_SETS + ": no instance is in one",
    **_rows(BOTH, ("StorageSetId", "StorageSetPartitionNumber", "SystemDisk.StorageClusterId",
                   "DataDisk.N.StorageClusterId"), NO_STORAGE_SETS),
    **_rows(("Ecs.CreateDisk",), ("StorageSetId", "StorageSetPartitionNumber", "StorageClusterId"), NO_STORAGE_SETS),
    ("Ecs.CreateDisk", "AdvancedFeatures"): "unpublished (the reference documents no value)",
    ("Ecs.ModifyDiskSpec", "PerformanceControlOptions.IOPS"): NO_STORAGE_SETS,
    ("Ecs.ModifyDiskSpec", "PerformanceControlOptions.Throughput"): NO_STORAGE_SETS,
    ("Ecs.ModifyDiskSpec", "PerformanceControlOptions.Recover"): NO_STORAGE_SETS,
    **_rows((RI,), ("LaunchTemplateId", "LaunchTemplateName", "LaunchTemplateVersion"),
            "launch templates are not modelled (no action makes one)"),
    (RI, "Isp"): "the ISP line of the instance's public address: DescribeInstances shows no line",
    **_rows((RI,), ("SecurityOptions.ConfidentialComputingMode", "SecurityOptions.TrustedSystemMode"),
            "Enclave and vTPM are the guest hardware's: no Describe action here shows them"),
    **_rows((RI,), ("NetworkInterface.N.RxQueueSize", "NetworkInterface.N.TxQueueSize"), ENI_ATTRIBUTE),
    **_rows((RI, "Ecs.ModifyInstanceChargeType", "Ecs.ModifyInstanceNetworkSpec", "Ecs.ModifyPrepayInstanceSpec",
             AE), ("AutoPay",), BILLING),
    (AE, "ActivityId"): "a promotion's ID: billing",
    ("Ecs.ModifyInstanceNetworkSpec", "ISP"): "the ISP line of the instance's public address: DescribeInstances "
                                              "shows no line",
    **_rows(("Ecs.ModifyInstanceNetworkSpec",), ("StartTime", "EndTime"),
            "temporary bandwidth upgrades are not modelled: a change holds until changed again"),
    **_rows(("Ecs.ModifyInstanceSpec",), ("Temporary.StartTime", "Temporary.EndTime",
                                          "Temporary.InternetMaxBandwidthOut"),
            "temporary bandwidth upgrades are not modelled: a change holds until changed again"),
    **_rows(("Ecs.ModifyInstanceSpec", "Ecs.ModifyPrepayInstanceSpec"), ("SystemDisk.Category", "Disk.N.DiskId",
            "Disk.N.Category", "Disk.N.PerformanceLevel"), "disk categories change with ModifyDiskSpec here"),
    **_rows(("Ecs.ModifyInstanceSpec", "Ecs.ModifyPrepayInstanceSpec"), ("ModifyMode",),
            "how the change is applied (online or offline): the new type is the instance's at once here"),
    ("Ecs.ModifyPrepayInstanceSpec", "EndTime"): "temporary downgrades are not modelled",
    ("Ecs.ModifyPrepayInstanceSpec", "RebootTime"): "the new type is the instance's at once here: nothing to reboot",
    ("Ecs.ModifyPrepayInstanceSpec", "RebootWhenFinished"): "the new type is the instance's at once here: nothing to "
                                                             "reboot",
    ("Ecs.ModifyInstanceSpec", "Async"): "timing only: the change is done when the call returns",
    ("Ecs.ModifyInstanceSpec", "AllowMigrateAcrossZone"): NO_RECOVERY,
    ("Ecs.ModifyPrepayInstanceSpec", "MigrateAcrossZone"): NO_RECOVERY,
    ("Ecs.ModifyInstanceAttribute", "RemoteConnectionOptions.Password"): "the VNC console's password: console-side",
    ("Ecs.ModifyInstanceAttribute", "RemoteConnectionOptions.Type"): "the VNC console's type: console-side",
    ("Ecs.AttachInstanceRamRole", "Policy"): "limits the role's sessions the guest gets from the metadata service: "
                                              "guest-side",
    ("Ecs.AttachNetworkInterface", "WaitForNetworkConfigurationReady"): "timing only: the ENI is attached when the "
                                                                         "call returns",
    ("Ecs.AllocatePublicIpAddress", "VlanId"): "classic VLANs are not modelled (the reference: to be removed)",
    ("Ecs.CreateImage", "DetectionStrategy"): "image checks are not modelled (DetectionOptions stays empty)",
    ("Ecs.CreateSecurityGroup", "ServiceManaged"): "managed security groups are made by cloud services: a user's "
                                                    "group is never one",
    **_rows((CN,), ("Visible", "BusinessType"), "deprecated (the reference)"),
    **_rows((CN, "Ecs.ModifyNetworkInterfaceAttribute"), (
        "ConnectionTrackingConfiguration.TcpClosedAndTimeWaitTimeout", "ConnectionTrackingConfiguration.TcpEstablishedTimeout",
        "ConnectionTrackingConfiguration.UdpTimeout", "EnhancedNetwork.EnableExpress", "EnhancedNetwork.EnableRss",
        "EnhancedNetwork.EnableSriov", "EnhancedNetwork.VirtualFunctionQuantity",
        "EnhancedNetwork.VirtualFunctionTotalQueueNumber", "NetworkInterfaceTrafficConfig.RxQueueSize",
        "NetworkInterfaceTrafficConfig.TxQueueSize", "RxQueueSize", "TxQueueSize"), ENI_ATTRIBUTE),
    **_rows((CN, "Ecs.ModifyNetworkInterfaceAttribute"), ("EnablePrimaryIPv6",),
            "primary IPv6 addresses are not modelled (no address is marked primary)"),
    **_rows((CN,), ("Ipv4Prefix.N", "Ipv4PrefixCount", "Ipv6Prefix.N", "Ipv6PrefixCount"), NO_PREFIXES),
    **_rows(("Ecs.AssignPrivateIpAddresses",), ("Ipv4Prefix.N", "Ipv4PrefixCount"), NO_PREFIXES),
    **_rows(("Ecs.AssignIpv6Addresses",), ("Ipv6Prefix.N", "Ipv6PrefixCount"), NO_PREFIXES),
    **_rows((P, CS), ("StorageLocationArn",), "snapshots are kept in their disk's region; other storage locations "
            "are not modelled"),
    **_rows(("Ecs.ReplaceSystemDisk",), ("Architecture", "Platform"),
            "the new system disk's architecture and platform are its image's"),
    ("Ecs.ReplaceSystemDisk", "DiskId"): "unpublished (the reference documents no value)",
    (AE, "InstanceId"): "re-applying for a released EIP: released EIPs are not kept",
    (AE, "PublicIpAddressPoolId"): "IP address pools are not modelled",
    (AE, "SecurityProtectionTypes.N"): "Anti-DDoS editions are not modelled",
    (AE, "Zone"): "edge-zone EIPs are not modelled",
    **_rows(("Vpc.CreateVpc",), ("Ipv4CidrMask", "Ipv4IpamPoolId", "Ipv6CidrMask", "Ipv6IpamPoolId"), NO_IPAM),
    **_rows(("Vpc.CreateVSwitch",), ("CidrMask", "Ipv6CidrMask"), NO_IPAM),
    ("Vpc.ModifyVSwitchAttribute", "Ipv6CidrMask"): NO_IPAM,
    **_rows(("Vpc.AssociateVpcCidrBlock",), ("IpamPoolId", "Ipv6CidrMask", "SecondaryCidrMask"), NO_IPAM),
    ("Vpc.AssociateVpcCidrBlock", "Ipv6Isp"): "a second IPv6 block is refused (IllegalParam.Ipv6CidrBlock): a VPC "
                                              "has one",
}  # fmt: skip

COMPATIBILITY = Path(__file__).resolve().parents[2] / "docs" / "compatibility.md"
SECTION = "## Settings that do not read back"


def _classified(name: str) -> str:
    """``setting``, or the WITHOUT_SETTINGS prefix group the action belongs to."""
    if name.startswith(SETTING_ACTIONS):
        return "setting"
    for prefixes in WITHOUT_SETTINGS:
        if name.startswith(prefixes):
            return prefixes[0]
    return ""


def declared_settings() -> set[tuple[str, str]]:
    """(``<Product>.<Action>``, parameter) of every create or modify action, repeat lists by field, less the
    generic parameters and those naming the resource the action changes."""
    found = set()
    for spec in load_all().values():
        action = f"{spec.product}.{spec.name}"
        if spec.read_only or _classified(spec.name) != "setting":
            continue
        for param in spec.params:
            if param.name in GENERIC or param.name in TARGETS.get(action, ()):
                continue
            whole = not param.repeat_fields or param.name in WHOLE_LISTS
            found |= {(action, name) for name in
                      ([param.name] if whole else [f"{param.name}.N.{f}" for f in param.repeat_fields])}  # fmt: skip
    return found


def documented_exclusions() -> dict[tuple[str, str], str]:
    """The rows of docs/compatibility.md's table of settings that do not read back: (action, parameter) -> why."""
    text = COMPATIBILITY.read_text(encoding="utf-8")
    assert SECTION in text, f"docs/compatibility.md has no section {SECTION!r}"
    section = text.split(SECTION, 1)[1].split("\n## ", 1)[0]
    rows = {}
    for line in section.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) == 4 and cells[0] in ("Ecs", "Vpc"):
            for action in cells[1].split(", "):
                for name in cells[2].split(", "):
                    rows[(f"{cells[0]}.{action}", name.strip("`"))] = cells[3]
    return rows


def test_every_write_action_is_classified() -> None:
    """Each write action either takes settings (SETTING_ACTIONS) or is listed with the reason it takes none."""
    unclassified = sorted(
        spec.name for spec in load_all().values() if not spec.read_only and not _classified(spec.name)
    )
    assert not unclassified, f"write actions neither in SETTING_ACTIONS nor in WITHOUT_SETTINGS: {unclassified}"
    assert set(TARGETS) <= {f"{s.product}.{s.name}" for s in load_all().values() if _classified(s.name) == "setting"}


def test_every_setting_is_probed() -> None:
    """Each setting a create or modify action declares has a probe row or a documented exclusion; none is stale."""
    declared = declared_settings()
    probed = {(s.action, s.name) for s in SETTINGS}
    missing = sorted(declared - probed - set(EXCLUDED))
    assert not missing, f"declared settings with no probe row and no exclusion: {missing}"
    assert not sorted((probed | set(EXCLUDED)) - declared), "probes or exclusions of undeclared parameters"
    assert not sorted(probed & set(EXCLUDED)), "a setting is both probed and excluded"
    assert all(s.read in READERS or s.read == "answer" or s.refused for s in SETTINGS)
    assert all(s.target in MAKERS for s in SETTINGS if s.target)
    assert all(s.action in CREATED for s in SETTINGS if not s.target and not s.refused and s.read != "answer")


def test_compatibility_lists_the_exclusions() -> None:
    """docs/compatibility.md lists exactly the excluded settings, each with the reason the test gives."""
    documented = documented_exclusions()
    assert set(documented) == set(EXCLUDED), sorted(set(documented) ^ set(EXCLUDED))
    assert all(documented[key] == reason for key, reason in EXCLUDED.items()), "a reason differs from EXCLUDED's"
