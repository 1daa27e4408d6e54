"""Every documented filter of every Describe/List action narrows the list (issue 9, item 2).

One fixture, built once for the module through the official SDK (aliyunsdkcore's CommonRequest, signature
V1) on a server of its own (``--transition-delay 0``): two resources of each kind, differing in every attribute
a filter can name. Each probe row sets one filter to the first resource's value and asserts the first is
listed and the second is not. Where the emulator keeps one value for everybody (one resource group per
account, every route table a System one on a VRouter ...), the row sets the filter to that value (the first
is listed) and then to another (it is not): either way an ignored filter fails the row. Filters on what is
not modelled at all match nothing; their rows assert exactly that, and docs/compatibility.md ("Describe
parameters that do not narrow the list") lists them with the reason.

``test_every_declared_filter_is_probed`` derives the filters from the action declarations (every read-only
action's parameters less paging, region, owner and format ones): a declared filter with neither a probe row
nor a documented exclusion fails the suite, so a new action's filter cannot be left unprobed.

Parameter meanings: the API reference page of each action (AlibabaCloudDocs/ecs ``intl.en-US/API
Reference/<group>/<Action>.md``; the VPC 2016-04-28 pages, as the Tea SDK models quote them).
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
import requests
from aliyunsdkcore.client import AcsClient
from aliyunsdkcore.request import CommonRequest

from classiclink.actions import load_all
from classiclink.actions.spec import COMMON_PARAMS, ECS_VERSION, VPC_VERSION
from classiclink.domain.resource_groups import default_group
from classiclink.settings import DEFAULT_ACCOUNT_ID
from support.sdk import ACCESS_KEY_ID, ACCESS_KEY_SECRET, REGION
from support.server import ServerProcess

ADMIN = "filter-probes-admin"
VERSIONS = {"Ecs": ECS_VERSION, "Vpc": VPC_VERSION}
ZONE_A, ZONE_B = "cn-hangzhou-i", "cn-hangzhou-j"
UBUNTU = "ubuntu_22_04_x64_20G_alibase_20230907.vhd"
CENTOS = "centos_7_9_x64_20G_alibase_20230718.vhd"
WINDOWS = "win2022_21H2_x64_dtc_en-us_40G_alibase_20240816.vhd"
ARM = "aliyun_3_arm64_20G_alibase_20240819.vhd"


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
        return json.loads(self._client.do_action_with_exception(request))  # type: ignore[no-any-return]

    def ecs(self, action: str, **params: Any) -> dict[str, Any]:
        return self.call("Ecs", action, **params)

    def vpc(self, action: str, **params: Any) -> dict[str, Any]:
        return self.call("Vpc", action, **params)


def tagged(value: str) -> dict[str, str]:
    """Tag.1 probe=<value>: the first resource of a kind carries probe=a, the second probe=b."""
    return {"Tag.1.Key": "probe", "Tag.1.Value": value}


def minute(moment: float) -> str:
    """``yyyy-MM-ddTHH:mmZ``, the creation-time filters' documented format (UTC)."""
    return time.strftime("%Y-%m-%dT%H:%MZ", time.gmtime(moment))


# --- the fixture -------------------------------------------------------------------------------------------


@dataclass
class World:
    sdk: Sdk
    ids: dict[str, str] = field(default_factory=dict)

    def put(self, key: str, value: Any) -> str:
        self.ids[key] = str(value)
        return str(value)


def _network(w: World) -> None:
    sdk = w.sdk
    for n in ("a", "b"):
        extra = {"EnableIpv6": "true"} if n == "a" else {}
        vpc = w.put(f"vpc_{n}", sdk.vpc("CreateVpc", CidrBlock="172.16.0.0/12", VpcName=f"probe-vpc-{n}",
                                          **tagged(n), **extra)["VpcId"])  # fmt: skip
        sdk.vpc("EnableVpcClassicLink", VpcId=vpc)
        shown = sdk.vpc("DescribeVpcs", VpcId=vpc)["Vpcs"]["Vpc"][0]
        w.put(f"vrouter_{n}", shown["VRouterId"])
        table = w.put(f"rt_{n}", shown["RouterTableIds"]["RouterTableIds"][0])
        sdk.vpc("ModifyRouteTableAttributes", RouteTableId=table, RouteTableName=f"probe-rt-{n}")
        sdk.vpc("TagResources", ResourceType="ROUTETABLE", **{"ResourceId.1": table}, **tagged(n))
        zone, cidr = (ZONE_A, "172.16.1.0/24") if n == "a" else (ZONE_B, "172.16.2.0/24")
        ipv6 = {"Ipv6CidrBlock": "1"} if n == "a" else {}
        w.put(f"vsw_{n}", sdk.vpc("CreateVSwitch", VpcId=vpc, ZoneId=zone, CidrBlock=cidr, VSwitchName=f"probe-vsw-{n}",
                                  **tagged(n), **ipv6)["VSwitchId"])  # fmt: skip
    w.put("vpc_default", sdk.vpc("CreateDefaultVpc")["VpcId"])
    w.put("vsw_default", sdk.vpc("CreateDefaultVSwitch", ZoneId=ZONE_A)["VSwitchId"])
    for n in ("a", "b"):
        w.put(f"sg_{n}", sdk.ecs("CreateSecurityGroup", VpcId=w.ids[f"vpc_{n}"], SecurityGroupName=f"probe-sg-{n}",
                                 **tagged(n))["SecurityGroupId"])  # fmt: skip
        # A peer group's rule names each, so DescribeSecurityGroupReferences has something to show for it.
        peer = sdk.ecs("CreateSecurityGroup", VpcId=w.ids[f"vpc_{n}"], SecurityGroupName=f"probe-peer-{n}")
        sdk.ecs("AuthorizeSecurityGroup", SecurityGroupId=peer["SecurityGroupId"], IpProtocol="tcp",
                PortRange="80/80", SourceGroupId=w.ids[f"sg_{n}"])  # fmt: skip
    w.put("sg_e", sdk.ecs("CreateSecurityGroup", VpcId=w.ids["vpc_b"], SecurityGroupName="probe-sg-e",
                          SecurityGroupType="enterprise")["SecurityGroupId"])  # fmt: skip
    classic = w.put("sg_c", sdk.ecs("CreateSecurityGroup", SecurityGroupName="probe-sg-c")["SecurityGroupId"])
    # A classic group's rules: Internet and intranet ingress, and one egress rule (DescribeSecurityGroupAttribute).
    for key, action, extra in (
        ("rule_internet", "AuthorizeSecurityGroup", {"NicType": "internet", "SourceCidrIp": "1.1.1.1/32"}),
        ("rule_intranet", "AuthorizeSecurityGroup", {"NicType": "intranet", "SourceCidrIp": "10.1.1.1/32"}),
        ("rule_egress", "AuthorizeSecurityGroupEgress", {"NicType": "intranet", "DestCidrIp": "10.2.2.2/32"}),
    ):
        sdk.ecs(action, SecurityGroupId=classic, IpProtocol="tcp", PortRange="22/22", **extra)
        rules = sdk.ecs("DescribeSecurityGroupAttribute", SecurityGroupId=classic)["Permissions"]["Permission"]
        w.put(key, rules[-1]["SecurityGroupRuleId"])


def _instances(w: World) -> None:
    sdk = w.sdk
    for n in ("a", "b"):
        sdk.ecs("CreateKeyPair", KeyPairName=f"probe-kp-{n}", **tagged(n))
        w.put(f"kp_{n}", f"probe-kp-{n}")
        shown = sdk.ecs("DescribeKeyPairs", KeyPairName=f"probe-kp-{n}")["KeyPairs"]["KeyPair"][0]
        w.put(f"fingerprint_{n}", shown["KeyPairFingerPrint"])
    a = w.put("inst_a", sdk.ecs(
        "CreateInstance", InstanceType="ecs.g6.large", ImageId=UBUNTU, SecurityGroupId=w.ids["sg_a"],
        VSwitchId=w.ids["vsw_a"], InstanceName="probe-inst-a", InstanceChargeType="PrePaid", Period="1",
        InternetChargeType="PayByBandwidth", KeyPairName="probe-kp-a", **tagged("a"),
    )["InstanceId"])  # fmt: skip
    b = w.put("inst_b", sdk.ecs(
        "CreateInstance", InstanceType="ecs.c6.large", ImageId=CENTOS, SecurityGroupId=w.ids["sg_b"],
        VSwitchId=w.ids["vsw_b"], InstanceName="probe-inst-b", InternetMaxBandwidthOut="5",
        KeyPairName="probe-kp-b", **tagged("b"),
    )["InstanceId"])  # fmt: skip
    for n in ("c", "d"):
        charge = {"InstanceChargeType": "PrePaid", "Period": "1"} if n == "c" else {}
        w.put(f"inst_{n}", sdk.ecs("CreateInstance", InstanceType="ecs.t1.small", ImageId=CENTOS,
                                   SecurityGroupId=w.ids["sg_c"], InstanceName=f"probe-inst-{n}",
                                   **charge)["InstanceId"])  # fmt: skip
    for instance in (a, w.ids["inst_c"], w.ids["inst_d"]):
        sdk.ecs("StartInstance", InstanceId=instance)
    sdk.ecs("AttachClassicLinkVpc", InstanceId=w.ids["inst_c"], VpcId=w.ids["vpc_a"])
    sdk.ecs("AttachClassicLinkVpc", InstanceId=w.ids["inst_d"], VpcId=w.ids["vpc_b"])
    sdk.ecs("ModifyInstanceMetadataOptions", InstanceId=a, HttpTokens="required", HttpPutResponseHopLimit="2")
    sdk.ecs("ModifyInstanceMetadataOptions", InstanceId=b, HttpEndpoint="disabled")
    sdk.ecs("ModifyInstanceAutoRenewAttribute", InstanceId=a, RenewalStatus="AutoRenewal", Duration="1")
    sdk.ecs("AllocatePublicIpAddress", InstanceId=b)
    for n in ("a", "b"):
        sdk.ecs("AttachInstanceRamRole", InstanceIds=json.dumps([w.ids[f"inst_{n}"]]), RamRoleName=f"probe-role-{n}")
    found = sdk.ecs("DescribeInstances", InstanceIds=json.dumps([a, b, w.ids["inst_c"]]))["Instances"]["Instance"]
    by_id = {i["InstanceId"]: i for i in found}
    w.put("private_a", by_id[a]["VpcAttributes"]["PrivateIpAddress"]["IpAddress"][0])
    w.put("public_b", by_id[b]["PublicIpAddress"]["IpAddress"][0])
    w.put("inner_c", by_id[w.ids["inst_c"]]["InnerIpAddress"]["IpAddress"][0])
    primary = sdk.ecs("DescribeNetworkInterfaces", InstanceId=a, Type="Primary")["NetworkInterfaceSets"]
    eni = w.put("eni_primary_a", primary["NetworkInterfaceSet"][0]["NetworkInterfaceId"])
    assigned = sdk.ecs("AssignIpv6Addresses", NetworkInterfaceId=eni, Ipv6AddressCount="1")
    w.put("ipv6_a", assigned["Ipv6Sets"]["Ipv6Address"][0])


def _enis_and_eips(w: World) -> None:
    sdk = w.sdk
    for n in ("a", "b"):
        extra = {"SecondaryPrivateIpAddressCount": "1", "Ipv6AddressCount": "1"} if n == "a" else {}
        w.put(f"eni_{n}", sdk.ecs("CreateNetworkInterface", VSwitchId=w.ids[f"vsw_{n}"], SecurityGroupId=w.ids[f"sg_{n}"],
                                  NetworkInterfaceName=f"probe-eni-{n}", **tagged(n), **extra)["NetworkInterfaceId"])  # fmt: skip
    sdk.ecs("AttachNetworkInterface", NetworkInterfaceId=w.ids["eni_a"], InstanceId=w.ids["inst_a"])
    shown = sdk.ecs("DescribeNetworkInterfaces", NetworkInterfaceId=[w.ids["eni_a"], w.ids["eni_b"]])
    for eni in shown["NetworkInterfaceSets"]["NetworkInterfaceSet"]:
        n = "a" if eni["NetworkInterfaceId"] == w.ids["eni_a"] else "b"
        w.put(f"eni_ip_{n}", eni["PrivateIpAddress"])
        if n == "a":
            secondary = [p["PrivateIpAddress"] for p in eni["PrivateIpSets"]["PrivateIpSet"] if not p["Primary"]]
            w.put("eni_secondary_a", secondary[0])
            w.put("eni_ipv6_a", eni["Ipv6Sets"]["Ipv6Set"][0]["Ipv6Address"])
    for n, extra in (("a", {}), ("b", {"InstanceChargeType": "PrePaid", "ISP": "BGP_PRO"}), ("c", {})):
        allocated = sdk.vpc("AllocateEipAddress", Name=f"probe-eip-{n}", **tagged(n), **extra)
        w.put(f"eip_{n}", allocated["AllocationId"])
        w.put(f"eip_ip_{n}", allocated["EipAddress"])
    sdk.vpc("AssociateEipAddress", AllocationId=w.ids["eip_a"], InstanceId=w.ids["inst_a"])
    sdk.vpc("AssociateEipAddress", AllocationId=w.ids["eip_b"], InstanceId=w.ids["eni_b"],
            InstanceType="NetworkInterface")  # fmt: skip


def _routes(w: World) -> None:
    sdk = w.sdk
    table = w.ids["rt_a"]
    sdk.vpc("CreateRouteEntry", RouteTableId=table, DestinationCidrBlock="192.168.10.0/24",
            NextHopId=w.ids["inst_a"], RouteEntryName="probe-route-a")  # fmt: skip
    sdk.vpc("CreateRouteEntry", RouteTableId=table, DestinationCidrBlock="192.168.20.0/24",
            NextHopType="NetworkInterface", NextHopId=w.ids["eni_a"], RouteEntryName="probe-route-b")  # fmt: skip
    entries = sdk.vpc("DescribeRouteEntryList", RouteTableId=table)["RouteEntrys"]["RouteEntry"]
    by_dest = {e["DestinationCidrBlock"]: e for e in entries}
    w.put("route_a", by_dest["192.168.10.0/24"]["RouteEntryId"])
    w.put("route_b", by_dest["192.168.20.0/24"]["RouteEntryId"])
    w.put("route_system", by_dest["172.16.1.0/24"]["RouteEntryId"])
    other = sdk.vpc("DescribeRouteEntryList", RouteTableId=w.ids["rt_b"], RouteEntryType="System")
    w.put("route_system_b", other["RouteEntrys"]["RouteEntry"][0]["RouteEntryId"])


def _disks(w: World) -> None:
    sdk = w.sdk
    a = w.put("disk_a", sdk.ecs("CreateDisk", ZoneId=ZONE_A, DiskCategory="cloud_essd", PerformanceLevel="PL1",
                                Size="40", DiskName="probe-disk-a", Encrypted="true", KMSKeyId="probe-key-a",
                                **tagged("a"))["DiskId"])  # fmt: skip
    b = w.put("disk_b", sdk.ecs("CreateDisk", ZoneId=ZONE_B, DiskCategory="cloud_efficiency", Size="40",
                                DiskName="probe-disk-b", **tagged("b"))["DiskId"])  # fmt: skip
    sdk.ecs("AttachDisk", DiskId=a, InstanceId=w.ids["inst_a"], DeleteWithInstance="true")
    sdk.ecs("ModifyDiskAttribute", DiskId=a, DeleteAutoSnapshot="false")
    sdk.ecs("ModifyDiskAttribute", DiskId=b, EnableAutoSnapshot="false")
    system = sdk.ecs("DescribeDisks", InstanceId=w.ids["inst_a"], DiskType="system")["Disks"]["Disk"]
    w.put("disk_system_a", system[0]["DiskId"])
    for n in ("a", "b"):
        w.put(f"asp_{n}", sdk.ecs("CreateAutoSnapshotPolicy", regionId=REGION, autoSnapshotPolicyName=f"probe-asp-{n}",
                                  timePoints='["1"]', repeatWeekdays='["1"]', retentionDays="7",
                                  **tagged(n))["AutoSnapshotPolicyId"])  # fmt: skip
    sdk.ecs("ApplyAutoSnapshotPolicy", regionId=REGION, autoSnapshotPolicyId=w.ids["asp_a"], diskIds=json.dumps([a]))
    system_b = sdk.ecs("DescribeDisks", InstanceId=w.ids["inst_b"], DiskType="system")["Disks"]["Disk"][0]["DiskId"]
    w.put("snap_a", sdk.ecs("CreateSnapshot", DiskId=a, SnapshotName="probe-snap-a", Category="flash",
                            **tagged("a"))["SnapshotId"])  # fmt: skip
    w.put(
        "snap_b", sdk.ecs("CreateSnapshot", DiskId=system_b, SnapshotName="probe-snap-b", **tagged("b"))["SnapshotId"]
    )
    w.put("link_a", "sl-" + a.split("-", 1)[1])


def _images(w: World) -> None:
    sdk = w.sdk
    w.put("img_a", sdk.ecs("CreateImage", InstanceId=w.ids["inst_a"], ImageName="probe-img-a",
                           ImageFamily="probe-family-a", **tagged("a"))["ImageId"])  # fmt: skip
    w.put("img_b", sdk.ecs("CreateImage", SnapshotId=w.ids["snap_b"], ImageName="probe-img-b",
                           ImageFamily="probe-family-b", **tagged("b"))["ImageId"])  # fmt: skip


def _roles(endpoint: str) -> None:
    trust = {"Version": "1", "Statement": [{"Effect": "Allow", "Action": "sts:AssumeRole",
                                            "Principal": {"Service": ["ecs.aliyuncs.com"]}}]}  # fmt: skip
    for n in ("a", "b"):
        created = requests.post(f"http://{endpoint}/_classiclink/admin/accounts/{DEFAULT_ACCOUNT_ID}/roles",
                                headers={"Authorization": f"Bearer {ADMIN}"}, timeout=10,
                                json={"RoleName": f"probe-role-{n}", "AssumeRolePolicyDocument": trust})  # fmt: skip
        assert created.status_code in (200, 201), created.text


def _locks(endpoint: str, w: World) -> None:
    """The second instance is locked for security reasons (an account condition): last, since a locked instance
    refuses writes."""
    locked = requests.put(f"http://{endpoint}/_classiclink/admin/accounts/{DEFAULT_ACCOUNT_ID}/conditions",
                          headers={"Authorization": f"Bearer {ADMIN}"}, timeout=10,
                          json={"SecurityLockedInstances": [w.ids["inst_b"]]})  # fmt: skip
    assert locked.status_code == 200, locked.text


def build(endpoint: str) -> World:
    w = World(Sdk(endpoint))
    started = time.time()
    _roles(endpoint)
    _network(w)
    _instances(w)
    _enis_and_eips(w)
    _routes(w)
    _disks(w)
    _images(w)
    _locks(endpoint, w)
    # Creation-time windows: every resource was made after `before` and before `after`.
    w.put("before", minute(started - 60))
    w.put("after", minute(time.time() + 120))
    w.put("account", DEFAULT_ACCOUNT_ID)
    w.put("rg", default_group(DEFAULT_ACCOUNT_ID))
    return w


@pytest.fixture(scope="module")
def world() -> Iterator[World]:
    proc = ServerProcess("--transition-delay", "0", "--admin-token", ADMIN).start()
    try:
        yield build(proc.endpoint)
    finally:
        proc.close()


# --- how each action lists -----------------------------------------------------------------------------------


def _path(body: Any, path: str) -> list[Any]:
    for key in path.split("."):
        body = body.get(key, {}) if isinstance(body, dict) else {}
    return body if isinstance(body, list) else [body] if body else []


def ids(path: str, key: str) -> Callable[[dict[str, Any]], list[str]]:
    """The ``key`` of every entry under the dotted ``path`` of an answer."""
    return lambda body: [str(entry.get(key, "")) for entry in _path(body, path)]


def _tables_and_entries(body: dict[str, Any]) -> list[str]:
    tables = _path(body, "RouteTables.RouteTable")
    return [t["RouteTableId"] for t in tables] + [e["RouteEntryId"] for t in tables
                                                  for e in _path(t, "RouteEntrys.RouteEntry")]  # fmt: skip


def _zones_and_values(body: dict[str, Any]) -> list[str]:
    zones = _path(body, "AvailableZones.AvailableZone")
    values = [r["Value"] for z in zones for a in _path(z, "AvailableResources.AvailableResource")
              for r in _path(a, "SupportedResources.SupportedResource")]  # fmt: skip
    return [z["ZoneId"] for z in zones] + values


@dataclass(frozen=True)
class Lister:
    """How one action lists: what an answer shows, what every probe of it sends, and the listings that
    together show every resource its rows name (so that no "second" resource is missing from the start)."""

    items: Callable[[dict[str, Any]], list[str]]
    base: dict[str, str] = field(default_factory=dict)
    everything: tuple[dict[str, str], ...] = ({},)


# ListTagResources: a tagged resource of each type besides instances (domain/tags.py), by ResourceType.
ECS_TAGGED = {"disk": "{disk_a}", "securitygroup": "{sg_a}", "snapshot": "{snap_a}", "image": "{img_a}",
              "eni": "{eni_a}", "snapshotpolicy": "{asp_a}"}  # fmt: skip
VPC_TAGGED = {"VSWITCH": "{vsw_a}", "ROUTETABLE": "{rt_a}", "EIP": "{eip_a}"}
DESTINATIONS = ("Zone", "InstanceType", "SystemDisk", "DataDisk", "Network", "IoOptimized")
LISTERS: dict[str, Lister] = {
    "Ecs.DescribeAutoSnapshotPolicyEx": Lister(ids("AutoSnapshotPolicies.AutoSnapshotPolicy", "AutoSnapshotPolicyId"),
                                               {"PageSize": "100"}),
    "Ecs.DescribeAvailableResource": Lister(_zones_and_values, {"DestinationResource": "InstanceType"},
                                            tuple({"DestinationResource": d} for d in DESTINATIONS)),
    "Ecs.DescribeClassicLinkInstances": Lister(ids("Links.Link", "InstanceId"), {"PageSize": "100"},
                                               ({"InstanceId": "{inst_c},{inst_d}"},)),
    "Ecs.DescribeDisks": Lister(ids("Disks.Disk", "DiskId"), {"PageSize": "100"}),
    "Ecs.DescribeImageFromFamily": Lister(ids("Image", "ImageId"), {},
                                          ({"ImageFamily": "probe-family-a"}, {"ImageFamily": "probe-family-b"})),
    "Ecs.DescribeImages": Lister(ids("Images.Image", "ImageId"), {"PageSize": "100"}),
    "Ecs.DescribeInstanceAttachmentAttributes": Lister(ids("Instances.Instance", "InstanceId"), {"PageSize": "100"},
                                                       ({"InstanceIds": '["{inst_a}", "{inst_b}"]'},)),
    "Ecs.DescribeInstanceAutoRenewAttribute": Lister(
        ids("InstanceRenewAttributes.InstanceRenewAttribute", "InstanceId"), {"PageSize": "100"}),
    "Ecs.DescribeInstanceMaintenanceAttributes": Lister(
        ids("MaintenanceAttributes.MaintenanceAttribute", "InstanceId"), {"PageSize": "100"}),
    "Ecs.DescribeInstanceRamRole": Lister(ids("InstanceRamRoleSets.InstanceRamRoleSet", "InstanceId"),
                                          {"PageSize": "100"}),
    "Ecs.DescribeInstanceStatus": Lister(ids("InstanceStatuses.InstanceStatus", "InstanceId"), {"PageSize": "50"}),
    "Ecs.DescribeInstanceTypeFamilies": Lister(ids("InstanceTypeFamilies.InstanceTypeFamily", "InstanceTypeFamilyId")),
    "Ecs.DescribeInstanceTypes": Lister(ids("InstanceTypes.InstanceType", "InstanceTypeId")),
    "Ecs.DescribeInstances": Lister(ids("Instances.Instance", "InstanceId"), {"PageSize": "100"}),
    "Ecs.DescribeKeyPairs": Lister(ids("KeyPairs.KeyPair", "KeyPairName"), {"PageSize": "50"}),
    "Ecs.DescribeNetworkInterfaces": Lister(ids("NetworkInterfaceSets.NetworkInterfaceSet", "NetworkInterfaceId"),
                                            {"PageSize": "100"}),
    "Ecs.DescribeSecurityGroupAttribute": Lister(ids("Permissions.Permission", "SecurityGroupRuleId"),
                                                 {"SecurityGroupId": "{sg_c}"}),
    "Ecs.DescribeSecurityGroupReferences": Lister(
        ids("SecurityGroupReferences.SecurityGroupReference", "SecurityGroupId"), {},
        ({"SecurityGroupId.1": "{sg_a}", "SecurityGroupId.2": "{sg_b}"},)),
    "Ecs.DescribeSecurityGroups": Lister(ids("SecurityGroups.SecurityGroup", "SecurityGroupId"), {"PageSize": "50"}),
    "Ecs.DescribeSnapshots": Lister(ids("Snapshots.Snapshot", "SnapshotId"), {"PageSize": "100"}),
    "Ecs.ListTagResources": Lister(ids("TagResources.TagResource", "ResourceId"), {"ResourceType": "instance"},
                                   tuple({"ResourceType": t} for t in ("instance", *ECS_TAGGED))),
    "Vpc.DescribeEipAddresses": Lister(ids("EipAddresses.EipAddress", "AllocationId"), {"PageSize": "100"}),
    "Vpc.DescribeRouteEntryList": Lister(ids("RouteEntrys.RouteEntry", "RouteEntryId"),
                                         {"RouteTableId": "{rt_a}", "MaxResult": "100"},
                                         ({}, {"RouteTableId": "{rt_b}"})),
    "Vpc.DescribeRouteTableList": Lister(ids("RouterTableList.RouterTableListType", "RouteTableId"), {"PageSize": "50"}),
    "Vpc.DescribeRouteTables": Lister(_tables_and_entries, {"PageSize": "50"}),
    "Vpc.DescribeVRouters": Lister(ids("VRouters.VRouter", "VRouterId"), {"PageSize": "50"}),
    "Vpc.DescribeVSwitches": Lister(ids("VSwitches.VSwitch", "VSwitchId"), {"PageSize": "50"}),
    "Vpc.DescribeVpcs": Lister(ids("Vpcs.Vpc", "VpcId"), {"PageSize": "50"}),
    "Vpc.DescribeZones": Lister(ids("Zones.Zone", "ZoneId")),
    "Vpc.ListTagResources": Lister(ids("TagResources.TagResource", "ResourceId"), {"ResourceType": "VPC"},
                                   tuple({"ResourceType": t} for t in ("VPC", *VPC_TAGGED))),
}  # fmt: skip


def listed(world: World, action: str, params: dict[str, str]) -> list[str]:
    product, name = action.split(".")
    wire = {k: v.format_map(world.ids) for k, v in {**LISTERS[action].base, **params}.items()}
    return LISTERS[action].items(world.sdk.call(product, name, **wire))


# --- the probes ----------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Probe:
    """One filter of one action. With ``params`` (the filter set to the first resource's value; empty for a
    filter no value of which matches anything here) ``first`` is listed and ``second``, if given, is not;
    with ``contrast`` (the filter set to a value no resource here has) ``first`` is not listed."""

    action: str  # "<Product>.<Action>"
    name: str  # the declared parameter
    params: dict[str, str]
    first: str
    second: str = ""
    contrast: dict[str, str] | None = None
    why: str = ""  # why a contrast stands in for a second resource


def pair(action: str, name: str, params: dict[str, str], first: str, second: str) -> Probe:
    return Probe(action, name, params, first, second)


def narrow(action: str, name: str, params: dict[str, str], contrast: dict[str, str], first: str, why: str) -> Probe:
    return Probe(action, name, params, first, contrast=contrast, why=why)


def nothing(action: str, name: str, contrast: dict[str, str], first: str, why: str) -> Probe:
    """A filter on something the emulator does not model: any value matches nothing (docs/compatibility.md)."""
    return Probe(action, name, {}, first, contrast=contrast, why=why)


def one(name: str, value: str) -> dict[str, str]:
    return {name: value}


ONE_GROUP = "one resource group per account: every resource is in it"
WITHIN_A_MINUTE = "the fixture is made within a minute: the window moves past it instead"
ANOTHER_GROUP = "rg-aek2probeothergroup"
ANOTHER_ACCOUNT = "1999999999999999"
# Filter.N: a window around the fixture lists the first resource; one that ends before it does not.
AROUND = {"Filter.1.Key": "CreationStartTime", "Filter.1.Value": "{before}",
          "Filter.2.Key": "CreationEndTime", "Filter.2.Value": "{after}"}  # fmt: skip
EARLIER = {"Filter.1.Key": "CreationEndTime", "Filter.1.Value": "{before}"}
TAG_A = tagged("a")


def common(action: str, first: str, second: str, *, group: bool = True, tags: bool = True,
           window: bool = False) -> list[Probe]:  # fmt: skip
    """The resource group, tag and creation-window filters many actions share."""
    rows = []
    if group:
        rows.append(narrow(action, "ResourceGroupId", one("ResourceGroupId", "{rg}"),
                           one("ResourceGroupId", ANOTHER_GROUP), first, ONE_GROUP))  # fmt: skip
    if tags:
        rows.append(pair(action, "Tag", TAG_A, first, second))
    if window:
        rows.append(narrow(action, "Filter", AROUND, EARLIER, first, WITHIN_A_MINUTE))
    return rows


INS = "Ecs.DescribeInstances"
INSTANCES = [
    pair(INS, "VpcId", one("VpcId", "{vpc_a}"), "{inst_a}", "{inst_b}"),
    pair(INS, "VSwitchId", one("VSwitchId", "{vsw_a}"), "{inst_a}", "{inst_b}"),
    pair(INS, "ZoneId", one("ZoneId", ZONE_A), "{inst_a}", "{inst_b}"),
    pair(INS, "InstanceNetworkType", one("InstanceNetworkType", "classic"), "{inst_c}", "{inst_a}"),
    pair(INS, "SecurityGroupId", one("SecurityGroupId", "{sg_a}"), "{inst_a}", "{inst_b}"),
    pair(INS, "InstanceIds", one("InstanceIds", '["{inst_a}"]'), "{inst_a}", "{inst_b}"),
    pair(INS, "InstanceName", one("InstanceName", "probe-inst-a"), "{inst_a}", "{inst_b}"),
    pair(INS, "Status", one("Status", "Running"), "{inst_a}", "{inst_b}"),
    pair(INS, "InnerIpAddresses", one("InnerIpAddresses", '["{inner_c}"]'), "{inst_c}", "{inst_d}"),
    pair(INS, "PrivateIpAddresses", one("PrivateIpAddresses", '["{private_a}"]'), "{inst_a}", "{inst_b}"),
    pair(INS, "PublicIpAddresses", one("PublicIpAddresses", '["{public_b}"]'), "{inst_b}", "{inst_a}"),
    pair(INS, "EipAddresses", one("EipAddresses", '["{eip_ip_a}"]'), "{inst_a}", "{inst_b}"),
    pair(INS, "InstanceType", one("InstanceType", "ecs.g6.large"), "{inst_a}", "{inst_b}"),
    pair(INS, "InstanceTypeFamily", one("InstanceTypeFamily", "ecs.g6"), "{inst_a}", "{inst_b}"),
    pair(INS, "ImageId", one("ImageId", UBUNTU), "{inst_a}", "{inst_b}"),
    pair(INS, "InstanceChargeType", one("InstanceChargeType", "PrePaid"), "{inst_a}", "{inst_b}"),
    pair(INS, "InternetChargeType", one("InternetChargeType", "PayByBandwidth"), "{inst_a}", "{inst_b}"),
    *common(INS, "{inst_a}", "{inst_b}", window=True),
    pair(INS, "KeyPairName", one("KeyPairName", "probe-kp-a"), "{inst_a}", "{inst_b}"),
    # Only security locks exist (the account's SecurityLockedInstances condition, set last in build()).
    pair(INS, "LockReason", one("LockReason", "security"), "{inst_b}", "{inst_a}"),
    nothing(INS, "HpcClusterId", one("HpcClusterId", "hpc-bp1probe"), "{inst_a}", "HPC clusters are not modelled"),
    pair(INS, "IoOptimized", one("IoOptimized", "true"), "{inst_a}", "{inst_c}"),
    narrow(INS, "DeviceAvailable", one("DeviceAvailable", "true"), one("DeviceAvailable", "false"), "{inst_a}",
           "every instance's devices are available"),
    pair(INS, "HttpEndpoint", one("HttpEndpoint", "disabled"), "{inst_b}", "{inst_a}"),
    pair(INS, "HttpTokens", one("HttpTokens", "required"), "{inst_a}", "{inst_b}"),
    pair(INS, "HttpPutResponseHopLimit", one("HttpPutResponseHopLimit", "2"), "{inst_a}", "{inst_b}"),
    pair(INS, "Ipv6Address", one("Ipv6Address.1", "{ipv6_a}"), "{inst_a}", "{inst_b}"),
    nothing(INS, "RdmaIpAddresses", one("RdmaIpAddresses", '["172.16.1.250"]'), "{inst_a}",
            "ERI/RDMA interfaces are not modelled"),
]  # fmt: skip

INSTANCE_LISTS = [
    pair("Ecs.DescribeInstanceStatus", "ZoneId", one("ZoneId", ZONE_A), "{inst_a}", "{inst_b}"),
    pair("Ecs.DescribeInstanceStatus", "InstanceId", one("InstanceId.1", "{inst_a}"), "{inst_a}", "{inst_b}"),
    pair("Ecs.DescribeInstanceMaintenanceAttributes", "InstanceId", one("InstanceId.1", "{inst_a}"), "{inst_a}",
         "{inst_b}"),
    pair("Ecs.DescribeInstanceAttachmentAttributes", "InstanceIds", one("InstanceIds", '["{inst_a}"]'), "{inst_a}",
         "{inst_b}"),
    # Subscription instances only (the reference): inst_a renews automatically, inst_c does not.
    pair("Ecs.DescribeInstanceAutoRenewAttribute", "InstanceId", one("InstanceId", "{inst_a}"), "{inst_a}",
         "{inst_c}"),
    pair("Ecs.DescribeInstanceAutoRenewAttribute", "RenewalStatus", one("RenewalStatus", "AutoRenewal"), "{inst_a}",
         "{inst_c}"),
    pair("Ecs.DescribeInstanceRamRole", "InstanceIds", one("InstanceIds", '["{inst_a}"]'), "{inst_a}", "{inst_b}"),
    pair("Ecs.DescribeInstanceRamRole", "RamRoleName", one("RamRoleName", "probe-role-a"), "{inst_a}", "{inst_b}"),
    pair("Ecs.DescribeClassicLinkInstances", "VpcId", one("VpcId", "{vpc_a}"), "{inst_c}", "{inst_d}"),
    pair("Ecs.DescribeClassicLinkInstances", "InstanceId", one("InstanceId", "{inst_c}"), "{inst_c}", "{inst_d}"),
]  # fmt: skip

D = "Ecs.DescribeDisks"
DISKS = [
    pair(D, "ZoneId", one("ZoneId", ZONE_A), "{disk_a}", "{disk_b}"),
    pair(D, "DiskIds", one("DiskIds", '["{disk_a}"]'), "{disk_a}", "{disk_b}"),
    pair(D, "InstanceId", one("InstanceId", "{inst_a}"), "{disk_a}", "{disk_b}"),
    pair(D, "DiskType", one("DiskType", "system"), "{disk_system_a}", "{disk_a}"),
    pair(D, "Category", one("Category", "cloud_essd"), "{disk_a}", "{disk_b}"),
    pair(D, "Status", one("Status", "In_use"), "{disk_a}", "{disk_b}"),
    nothing(D, "SnapshotId", one("SnapshotId", "{snap_a}"), "{disk_a}",
            "no disk is made from a snapshot yet (CreateDisk refuses SnapshotId)"),
    pair(D, "Portable", one("Portable", "true"), "{disk_a}", "{disk_system_a}"),
    pair(D, "DeleteWithInstance", one("DeleteWithInstance", "true"), "{disk_a}", "{disk_b}"),
    pair(D, "DeleteAutoSnapshot", one("DeleteAutoSnapshot", "false"), "{disk_a}", "{disk_b}"),
    pair(D, "DiskName", one("DiskName", "probe-disk-a"), "{disk_a}", "{disk_b}"),
    pair(D, "AutoSnapshotPolicyId", one("AutoSnapshotPolicyId", "{asp_a}"), "{disk_a}", "{disk_b}"),
    pair(D, "EnableAutoSnapshot", one("EnableAutoSnapshot", "false"), "{disk_b}", "{disk_a}"),
    pair(D, "EnableAutomatedSnapshotPolicy", one("EnableAutomatedSnapshotPolicy", "true"), "{disk_a}", "{disk_b}"),
    pair(D, "DiskChargeType", one("DiskChargeType", "PrePaid"), "{disk_system_a}", "{disk_a}"),
    nothing(D, "LockReason", one("LockReason", "recycling"), "{disk_a}", "no disk is ever locked"),
    *common(D, "{disk_a}", "{disk_b}", window=True),
    narrow(D, "EnableShared", one("EnableShared", "false"), one("EnableShared", "true"), "{disk_a}",
           "Shared Block Storage is not modelled: no disk is shared"),
    pair(D, "Encrypted", one("Encrypted", "true"), "{disk_a}", "{disk_b}"),
    pair(D, "KMSKeyId", one("KMSKeyId", "probe-key-a"), "{disk_a}", "{disk_b}"),
    narrow(D, "MultiAttach", one("MultiAttach", "Disabled"), one("MultiAttach", "Enabled"), "{disk_a}",
           "multi-attach disks cannot be made (CreateDisk refuses MultiAttach=Enabled)"),
    pair(D, "PerformanceLevel", one("PerformanceLevel", "PL1"), "{disk_a}", "{disk_b}"),
]  # fmt: skip

S = "Ecs.DescribeSnapshots"
NO_DELAY = "transitions take no time here (--transition-delay 0): every snapshot is accomplished"
SNAPSHOTS = [
    pair(S, "InstanceId", one("InstanceId", "{inst_a}"), "{snap_a}", "{snap_b}"),
    pair(S, "DiskId", one("DiskId", "{disk_a}"), "{snap_a}", "{snap_b}"),
    pair(S, "SnapshotIds", one("SnapshotIds", '["{snap_a}"]'), "{snap_a}", "{snap_b}"),
    pair(S, "SnapshotName", one("SnapshotName", "probe-snap-a"), "{snap_a}", "{snap_b}"),
    narrow(S, "Status", one("Status", "accomplished"), one("Status", "progressing"), "{snap_a}", NO_DELAY),
    narrow(S, "SnapshotType", one("SnapshotType", "user"), one("SnapshotType", "auto"), "{snap_a}",
           "automatic snapshot policies are kept but never run: every snapshot is a user one"),
    pair(S, "SourceDiskType", one("SourceDiskType", "Data"), "{snap_a}", "{snap_b}"),
    pair(S, "Usage", one("Usage", "image"), "{snap_b}", "{snap_a}"),
    pair(S, "Category", one("Category", "flash"), "{snap_a}", "{snap_b}"),
    pair(S, "Encrypted", one("Encrypted", "true"), "{snap_a}", "{snap_b}"),
    pair(S, "KMSKeyId", one("KMSKeyId", "probe-key-a"), "{snap_a}", "{snap_b}"),
    pair(S, "SnapshotLinkId", one("SnapshotLinkId", "{link_a}"), "{snap_a}", "{snap_b}"),
    *common(S, "{snap_a}", "{snap_b}", window=True),
]  # fmt: skip

M = "Ecs.DescribeImages"
IMAGES = [
    pair(M, "ImageId", one("ImageId", "{img_a}"), "{img_a}", "{img_b}"),
    pair(M, "ImageName", one("ImageName", "probe-img-a"), "{img_a}", "{img_b}"),
    pair(M, "ImageOwnerAlias", one("ImageOwnerAlias", "self"), "{img_a}", UBUNTU),
    pair(M, "ImageOwnerId", one("ImageOwnerId", "{account}"), "{img_a}", UBUNTU),
    narrow(M, "Status", one("Status", "Available"), one("Status", "Creating"), "{img_a}",
           "transitions take no time here (--transition-delay 0): every image is Available"),
    pair(M, "OSType", one("OSType", "windows"), WINDOWS, "{img_a}"),
    pair(M, "Architecture", one("Architecture", "arm64"), ARM, "{img_a}"),
    pair(M, "ImageFamily", one("ImageFamily", "probe-family-a"), "{img_a}", "{img_b}"),
    pair(M, "InstanceType", one("InstanceType", "ecs.g8y.large"), ARM, "{img_a}"),
    narrow(M, "IsSupportIoOptimized", one("IsSupportIoOptimized", "true"), one("IsSupportIoOptimized", "false"),
           "{img_a}", "every image here runs on I/O optimized instance types"),
    pair(M, "IsSupportCloudinit", one("IsSupportCloudinit", "false"), WINDOWS, "{img_a}"),
    pair(M, "IsPublic", one("IsPublic", "true"), UBUNTU, "{img_a}"),
    pair(M, "Usage", one("Usage", "instance"), UBUNTU, "{img_a}"),
    pair(M, "SnapshotId", one("SnapshotId", "{snap_b}"), "{img_b}", "{img_a}"),
    narrow(M, "Usable", one("Usable", "true"), one("Usable", "false"), "{img_a}",
           "Marketplace images are not modelled: every image is usable"),
    *common(M, "{img_a}", "{img_b}", window=True),
    pair("Ecs.DescribeImageFromFamily", "ImageFamily", one("ImageFamily", "probe-family-a"), "{img_a}", "{img_b}"),
]  # fmt: skip

K, P = "Ecs.DescribeKeyPairs", "Ecs.DescribeAutoSnapshotPolicyEx"
KEYS_AND_POLICIES = [
    pair(K, "KeyPairName", one("KeyPairName", "probe-kp-a"), "{kp_a}", "{kp_b}"),
    pair(K, "KeyPairFingerPrint", one("KeyPairFingerPrint", "{fingerprint_a}"), "{kp_a}", "{kp_b}"),
    *common(K, "{kp_a}", "{kp_b}"),
    pair(P, "AutoSnapshotPolicyId", one("AutoSnapshotPolicyId", "{asp_a}"), "{asp_a}", "{asp_b}"),
    pair(P, "AutoSnapshotPolicyName", one("AutoSnapshotPolicyName", "probe-asp-a"), "{asp_a}", "{asp_b}"),
    *common(P, "{asp_a}", "{asp_b}"),
]  # fmt: skip

N = "Ecs.DescribeNetworkInterfaces"
NOT_MANAGED = "no resource here is managed by a cloud service"
ENIS = [
    pair(N, "NetworkInterfaceId", one("NetworkInterfaceId.1", "{eni_a}"), "{eni_a}", "{eni_b}"),
    pair(N, "VSwitchId", one("VSwitchId", "{vsw_a}"), "{eni_a}", "{eni_b}"),
    pair(N, "VpcId", one("VpcId", "{vpc_a}"), "{eni_a}", "{eni_b}"),
    pair(N, "PrimaryIpAddress", one("PrimaryIpAddress", "{eni_ip_a}"), "{eni_a}", "{eni_b}"),
    pair(N, "PrivateIpAddress", one("PrivateIpAddress.1", "{eni_secondary_a}"), "{eni_a}", "{eni_b}"),
    pair(N, "Ipv6Address", one("Ipv6Address.1", "{eni_ipv6_a}"), "{eni_a}", "{eni_b}"),
    pair(N, "SecurityGroupId", one("SecurityGroupId", "{sg_a}"), "{eni_a}", "{eni_b}"),
    pair(N, "NetworkInterfaceName", one("NetworkInterfaceName", "probe-eni-a"), "{eni_a}", "{eni_b}"),
    pair(N, "Type", one("Type", "Secondary"), "{eni_a}", "{eni_primary_a}"),
    pair(N, "InstanceId", one("InstanceId", "{inst_a}"), "{eni_a}", "{eni_b}"),
    narrow(N, "ServiceManaged", one("ServiceManaged", "false"), one("ServiceManaged", "true"), "{eni_a}", NOT_MANAGED),
    pair(N, "Status", one("Status", "InUse"), "{eni_a}", "{eni_b}"),
    *common(N, "{eni_a}", "{eni_b}"),
]  # fmt: skip

G = "Ecs.DescribeSecurityGroups"
GROUPS = [
    pair(G, "VpcId", one("VpcId", "{vpc_a}"), "{sg_a}", "{sg_b}"),
    pair(G, "NetworkType", one("NetworkType", "classic"), "{sg_c}", "{sg_a}"),
    pair(G, "SecurityGroupId", one("SecurityGroupId", "{sg_a}"), "{sg_a}", "{sg_b}"),
    pair(G, "SecurityGroupIds", one("SecurityGroupIds", '["{sg_a}"]'), "{sg_a}", "{sg_b}"),
    pair(G, "SecurityGroupName", one("SecurityGroupName", "probe-sg-a"), "{sg_a}", "{sg_b}"),
    pair(G, "SecurityGroupType", one("SecurityGroupType", "enterprise"), "{sg_e}", "{sg_a}"),
    # A part of the name matches only with FuzzyQuery: an ignored FuzzyQuery would list nothing.
    pair(G, "FuzzyQuery", {"SecurityGroupName": "sg-a", "FuzzyQuery": "true"}, "{sg_a}", "{sg_b}"),
    narrow(G, "ServiceManaged", one("ServiceManaged", "false"), one("ServiceManaged", "true"), "{sg_a}", NOT_MANAGED),
    *common(G, "{sg_a}", "{sg_b}"),
    pair("Ecs.DescribeSecurityGroupAttribute", "NicType", one("NicType", "intranet"), "{rule_intranet}",
         "{rule_internet}"),
    pair("Ecs.DescribeSecurityGroupAttribute", "Direction", one("Direction", "egress"), "{rule_egress}",
         "{rule_internet}"),
    pair("Ecs.DescribeSecurityGroupReferences", "SecurityGroupId", one("SecurityGroupId.1", "{sg_a}"), "{sg_a}",
         "{sg_b}"),
]  # fmt: skip

TAGS = [
    *[pair("Ecs.ListTagResources", "ResourceType", one("ResourceType", kind), first, "{inst_a}")
      for kind, first in ECS_TAGGED.items()],
    pair("Ecs.ListTagResources", "ResourceId", one("ResourceId.1", "{inst_a}"), "{inst_a}", "{inst_b}"),
    pair("Ecs.ListTagResources", "Tag", TAG_A, "{inst_a}", "{inst_b}"),
    pair("Ecs.ListTagResources", "TagFilter", {"TagFilter.1.TagKey": "probe", "TagFilter.1.TagValues.1": "a"},
         "{inst_a}", "{inst_b}"),
    *[pair("Vpc.ListTagResources", "ResourceType", one("ResourceType", kind), first, "{vpc_a}")
      for kind, first in VPC_TAGGED.items()],
    pair("Vpc.ListTagResources", "ResourceId", one("ResourceId.1", "{vpc_a}"), "{vpc_a}", "{vpc_b}"),
    pair("Vpc.ListTagResources", "Tag", TAG_A, "{vpc_a}", "{vpc_b}"),
]  # fmt: skip

T = "Ecs.DescribeInstanceTypes"
G6, G6X, C6, G7, T6, GPU, YITIAN, SHARED = (
    "ecs.g6.large", "ecs.g6.xlarge", "ecs.c6.large", "ecs.g7.large", "ecs.t6-c1m1.large", "ecs.gn6i-c4g1.xlarge",
    "ecs.g8y.large", "ecs.t1.small",
)  # fmt: skip
NO_LOCAL_DISKS = "no instance type here has local disks"
INSTANCE_TYPES = [
    pair(T, "InstanceTypeFamily", one("InstanceTypeFamily", "ecs.g6"), G6, C6),
    pair(T, "InstanceTypeFamilies", one("InstanceTypeFamilies.1", "ecs.g6"), G6, C6),
    pair(T, "InstanceTypes", one("InstanceTypes.1", G6), G6, G6X),
    pair(T, "InstanceCategory", one("InstanceCategory", "GPU-accelerated"), GPU, G6),
    pair(T, "InstanceCategories", one("InstanceCategories.1", "Burstable"), T6, G6),
    pair(T, "CpuArchitecture", one("CpuArchitecture", "ARM"), YITIAN, G6),
    pair(T, "CpuArchitectures", one("CpuArchitectures.1", "ARM"), YITIAN, G6),
    pair(T, "InstanceFamilyLevel", one("InstanceFamilyLevel", "CreditEntryLevel"), T6, G6),
    pair(T, "GPUSpec", one("GPUSpec", "NVIDIA T4"), GPU, G6),
    pair(T, "GpuSpecs", one("GpuSpecs.1", "NVIDIA T4"), GPU, G6),
    nothing(T, "LocalStorageCategory", one("LocalStorageCategory", "local_ssd_pro"), G6, NO_LOCAL_DISKS),
    nothing(T, "LocalStorageCategories", one("LocalStorageCategories.1", "local_ssd_pro"), G6, NO_LOCAL_DISKS),
    pair(T, "PhysicalProcessorModel", one("PhysicalProcessorModel", "T-HEAD Yitian 710"), YITIAN, G6),
    pair(T, "PhysicalProcessorModels", one("PhysicalProcessorModels.1", "T-HEAD Yitian 710"), YITIAN, G6),
    pair(T, "NvmeSupport", one("NvmeSupport", "required"), YITIAN, G6),
    pair(T, "MaximumCpuCoreCount", one("MaximumCpuCoreCount", "2"), G6, G6X),
    pair(T, "MinimumCpuCoreCount", one("MinimumCpuCoreCount", "4"), G6X, G6),
    pair(T, "MaximumMemorySize", one("MaximumMemorySize", "8"), G6, G6X),
    pair(T, "MinimumMemorySize", one("MinimumMemorySize", "16"), G6X, G6),
    pair(T, "MaximumGPUAmount", one("MaximumGPUAmount", "0"), G6, GPU),
    pair(T, "MinimumGPUAmount", one("MinimumGPUAmount", "1"), GPU, G6),
    pair(T, "MaximumCpuSpeedFrequency", one("MaximumCpuSpeedFrequency", "2.5"), G6, G7),
    pair(T, "MinimumCpuSpeedFrequency", one("MinimumCpuSpeedFrequency", "2.7"), G7, G6),
    pair(T, "MaximumCpuTurboFrequency", one("MaximumCpuTurboFrequency", "3.2"), G6, G7),
    pair(T, "MinimumCpuTurboFrequency", one("MinimumCpuTurboFrequency", "3.5"), G7, G6),
    pair(T, "MinimumBaselineCredit", one("MinimumBaselineCredit", "20"), T6, G6),
    pair(T, "MinimumInitialCredit", one("MinimumInitialCredit", "60"), T6, G6),
    narrow(T, "MinimumDiskQuantity", one("MinimumDiskQuantity", "17"), one("MinimumDiskQuantity", "18"), G6,
           "every instance type here takes 17 disks"),
    pair(T, "MinimumEniQuantity", one("MinimumEniQuantity", "3"), G6X, G6),
    pair(T, "MinimumEniPrivateIpAddressQuantity", one("MinimumEniPrivateIpAddressQuantity", "10"), G6X, G6),
    pair(T, "MinimumEniIpv6AddressQuantity", one("MinimumEniIpv6AddressQuantity", "10"), G6X, G6),
    nothing(T, "MinimumEriQuantity", one("MinimumEriQuantity", "1"), G6, "elastic RDMA interfaces are not modelled"),
    pair(T, "MinimumInstanceBandwidthRx", one("MinimumInstanceBandwidthRx", "2048000"), G7, G6),
    pair(T, "MinimumInstanceBandwidthTx", one("MinimumInstanceBandwidthTx", "2048000"), G7, G6),
    pair(T, "MinimumInstancePpsRx", one("MinimumInstancePpsRx", "900000"), G7, G6),
    pair(T, "MinimumInstancePpsTx", one("MinimumInstancePpsTx", "900000"), G7, G6),
    nothing(T, "MinimumLocalStorageAmount", one("MinimumLocalStorageAmount", "1"), G6, NO_LOCAL_DISKS),
    nothing(T, "MinimumLocalStorageCapacity", one("MinimumLocalStorageCapacity", "1"), G6, NO_LOCAL_DISKS),
    pair(T, "MinimumPrimaryEniQueueNumber", one("MinimumPrimaryEniQueueNumber", "4"), G6X, G6),
    pair(T, "MinimumSecondaryEniQueueNumber", one("MinimumSecondaryEniQueueNumber", "4"), G6X, G6),
    pair(T, "MinimumQueuePairNumber", one("MinimumQueuePairNumber", "1"), G6, SHARED),
    pair("Ecs.DescribeInstanceTypeFamilies", "Generation", one("Generation", "ecs-5"), "ecs.g7", "ecs.g6"),
]  # fmt: skip

A = "Ecs.DescribeAvailableResource"
AVAILABLE = [
    pair(A, "DestinationResource", one("DestinationResource", "Network"), "vpc", G6),
    pair(A, "ZoneId", one("ZoneId", ZONE_A), ZONE_A, ZONE_B),
    narrow(A, "ResourceType", one("ResourceType", "instance"), one("ResourceType", "ddh"), ZONE_A,
           "dedicated hosts and reserved instances are not modelled"),
    pair(A, "InstanceType", one("InstanceType", G6), G6, C6),
    pair(A, "IoOptimized", one("IoOptimized", "none"), SHARED, G6),
    pair(A, "SystemDiskCategory", {"DestinationResource": "SystemDisk", "SystemDiskCategory": "cloud_essd"},
         "cloud_essd", "cloud_efficiency"),
    pair(A, "DataDiskCategory", {"DestinationResource": "DataDisk", "DataDiskCategory": "cloud_essd"},
         "cloud_essd", "cloud_efficiency"),
    pair(A, "NetworkCategory", {"DestinationResource": "Network", "NetworkCategory": "classic"}, "classic", "vpc"),
    pair(A, "Cores", one("Cores", "4"), G6X, G6),
    pair(A, "Memory", one("Memory", "16"), G6X, G6),
    nothing(A, "DedicatedHostId", one("DedicatedHostId", "dh-bp1probe"), ZONE_A, "dedicated hosts are not modelled"),
]  # fmt: skip

E = "Vpc.DescribeEipAddresses"
EIPS = [
    pair(E, "AllocationId", one("AllocationId", "{eip_a}"), "{eip_a}", "{eip_b}"),
    pair(E, "EipAddress", one("EipAddress", "{eip_ip_a}"), "{eip_a}", "{eip_b}"),
    pair(E, "Status", one("Status", "Available"), "{eip_c}", "{eip_a}"),
    pair(E, "AssociatedInstanceType", one("AssociatedInstanceType", "NetworkInterface"), "{eip_b}", "{eip_a}"),
    pair(E, "AssociatedInstanceId", one("AssociatedInstanceId", "{inst_a}"), "{eip_a}", "{eip_b}"),
    pair(E, "ChargeType", one("ChargeType", "PrePaid"), "{eip_b}", "{eip_a}"),
    pair(E, "ISP", one("ISP", "BGP_PRO"), "{eip_b}", "{eip_a}"),
    pair(E, "EipName", one("EipName", "probe-eip-a"), "{eip_a}", "{eip_b}"),
    nothing(E, "LockReason", one("LockReason", "financial"), "{eip_a}", "no EIP is ever locked"),
    nothing(E, "SegmentInstanceId", one("SegmentInstanceId", "eipsg-bp1probe"), "{eip_a}",
            "contiguous EIP groups are not modelled"),
    nothing(E, "PublicIpAddressPoolId", one("PublicIpAddressPoolId", "pippool-bp1probe"), "{eip_a}",
            "IP address pools are not modelled"),
    narrow(E, "SecurityProtectionEnabled", one("SecurityProtectionEnabled", "false"),
           one("SecurityProtectionEnabled", "true"), "{eip_a}", "Anti-DDoS editions are not modelled"),
    narrow(E, "ServiceManaged", one("ServiceManaged", "false"), one("ServiceManaged", "true"), "{eip_a}",
           NOT_MANAGED),
    *common(E, "{eip_a}", "{eip_b}", window=True),
]  # fmt: skip

VPC, VSW = "Vpc.DescribeVpcs", "Vpc.DescribeVSwitches"
SHARING = "another account's resources are never shown (VPC sharing is not modelled)"
VPCS = [
    pair(VPC, "VpcId", one("VpcId", "{vpc_a}"), "{vpc_a}", "{vpc_b}"),
    pair(VPC, "VpcName", one("VpcName", "probe-vpc-a"), "{vpc_a}", "{vpc_b}"),
    pair(VPC, "IsDefault", one("IsDefault", "true"), "{vpc_default}", "{vpc_a}"),
    nothing(VPC, "DhcpOptionsSetId", one("DhcpOptionsSetId", "dopt-bp1probe"), "{vpc_a}",
            "DHCP options sets are not modelled"),
    pair(VPC, "EnableIpv6", one("EnableIpv6", "true"), "{vpc_a}", "{vpc_b}"),
    narrow(VPC, "VpcOwnerId", one("VpcOwnerId", "{account}"), one("VpcOwnerId", ANOTHER_ACCOUNT), "{vpc_a}", SHARING),
    *common(VPC, "{vpc_a}", "{vpc_b}"),
    pair(VSW, "VpcId", one("VpcId", "{vpc_a}"), "{vsw_a}", "{vsw_b}"),
    pair(VSW, "VSwitchId", one("VSwitchId", "{vsw_a}"), "{vsw_a}", "{vsw_b}"),
    pair(VSW, "ZoneId", one("ZoneId", ZONE_A), "{vsw_a}", "{vsw_b}"),
    pair(VSW, "VSwitchName", one("VSwitchName", "probe-vsw-a"), "{vsw_a}", "{vsw_b}"),
    pair(VSW, "IsDefault", one("IsDefault", "true"), "{vsw_default}", "{vsw_a}"),
    pair(VSW, "RouteTableId", one("RouteTableId", "{rt_a}"), "{vsw_a}", "{vsw_b}"),
    pair(VSW, "EnableIpv6", one("EnableIpv6", "true"), "{vsw_a}", "{vsw_b}"),
    narrow(VSW, "VSwitchOwnerId", one("VSwitchOwnerId", "{account}"), one("VSwitchOwnerId", ANOTHER_ACCOUNT),
           "{vsw_a}", SHARING),
    *common(VSW, "{vsw_a}", "{vsw_b}"),
]  # fmt: skip

RTL, RT, RE = "Vpc.DescribeRouteTableList", "Vpc.DescribeRouteTables", "Vpc.DescribeRouteEntryList"
NO_CUSTOM_TABLES = (
    "custom route tables cannot be made (CreateRouteTable is not implemented): every table is a System one"
)
NO_BORDER_ROUTERS = "virtual border routers are not modelled: every table is on a VRouter"
ROUTES = [
    *common(RTL, "{rt_a}", "{rt_b}"),
    pair(RTL, "RouteTableId", one("RouteTableId", "{rt_a}"), "{rt_a}", "{rt_b}"),
    pair(RTL, "RouteTableName", one("RouteTableName", "probe-rt-a"), "{rt_a}", "{rt_b}"),
    narrow(RTL, "RouteTableType", one("RouteTableType", "System"), one("RouteTableType", "Custom"), "{rt_a}",
           NO_CUSTOM_TABLES),
    pair(RTL, "RouterId", one("RouterId", "{vrouter_a}"), "{rt_a}", "{rt_b}"),
    narrow(RTL, "RouterType", one("RouterType", "VRouter"), one("RouterType", "VBR"), "{rt_a}", NO_BORDER_ROUTERS),
    pair(RTL, "VpcId", one("VpcId", "{vpc_a}"), "{rt_a}", "{rt_b}"),
    pair(RT, "RouteTableId", one("RouteTableId", "{rt_a}"), "{rt_a}", "{rt_b}"),
    pair(RT, "VRouterId", one("VRouterId", "{vrouter_a}"), "{rt_a}", "{rt_b}"),
    pair(RT, "RouterId", one("RouterId", "{vrouter_a}"), "{rt_a}", "{rt_b}"),
    narrow(RT, "RouterType", one("RouterType", "VRouter"), one("RouterType", "VBR"), "{rt_a}", NO_BORDER_ROUTERS),
    pair(RT, "RouteTableName", one("RouteTableName", "probe-rt-a"), "{rt_a}", "{rt_b}"),
    *common(RT, "{rt_a}", "{rt_b}", tags=False),
    # Type filters the entries shown inside each table.
    pair(RT, "Type", one("Type", "Custom"), "{route_a}", "{route_system}"),
    pair(RE, "RouteTableId", one("RouteTableId", "{rt_b}"), "{route_system_b}", "{route_a}"),
    pair(RE, "RouteEntryId", one("RouteEntryId", "{route_a}"), "{route_a}", "{route_b}"),
    pair(RE, "DestinationCidrBlock", one("DestinationCidrBlock", "192.168.10.0/24"), "{route_a}", "{route_b}"),
    *[pair(RE, f"DestCidrBlockList.{n}", one(f"DestCidrBlockList.{n}", "192.168.10.0/24"), "{route_a}", "{route_b}")
      for n in range(1, 21)],
    pair(RE, "RouteEntryName", one("RouteEntryName", "probe-route-a"), "{route_a}", "{route_b}"),
    pair(RE, "RouteEntryType", one("RouteEntryType", "System"), "{route_system}", "{route_a}"),
    pair(RE, "NextHopId", one("NextHopId", "{inst_a}"), "{route_a}", "{route_b}"),
    pair(RE, "NextHopType", one("NextHopType", "NetworkInterface"), "{route_b}", "{route_a}"),
    narrow(RE, "IpVersion", one("IpVersion", "IPv4"), one("IpVersion", "IPv6"), "{route_a}",
           "route entries are IPv4 only here (IPv6 gateways are not modelled)"),
    nothing(RE, "ServiceType", one("ServiceType", "TR"), "{route_a}",
            "route hosting (transit routers) is not modelled: no route is hosted"),
    pair("Vpc.DescribeVRouters", "VRouterId", one("VRouterId", "{vrouter_a}"), "{vrouter_a}", "{vrouter_b}"),
    narrow("Vpc.DescribeZones", "ZoneType", one("ZoneType", "AvailabilityZone"), one("ZoneType", "LocalZone"), ZONE_A,
           "the catalogue has no local zones"),
]  # fmt: skip

PROBES = [*INSTANCES, *INSTANCE_LISTS, *DISKS, *SNAPSHOTS, *IMAGES, *KEYS_AND_POLICIES, *ENIS, *GROUPS, *TAGS,
          *INSTANCE_TYPES, *AVAILABLE, *EIPS, *VPCS, *ROUTES]  # fmt: skip


def _probe_id(probe: Probe) -> str:
    """``<Product>.<Action>.<filter>``, and the values sent when the filter has more than one row."""
    label = f"{probe.action}.{probe.name}"
    if sum(1 for p in PROBES if (p.action, p.name) == (probe.action, probe.name)) > 1:
        label += "[" + ",".join(probe.params.values()) + "]"
    return label


@pytest.mark.parametrize("probe", PROBES, ids=_probe_id)
def test_filter_narrows(world: World, probe: Probe) -> None:
    """The filter set to the first resource's value lists it and not the second (or, set to a value nothing
    here has, does not list the first)."""
    sent = {**probe.params, **(probe.contrast or {})}
    assert any(k == probe.name or k.startswith(probe.name + ".") for k in sent), f"{probe} does not set its filter"
    first, second = probe.first.format_map(world.ids), probe.second.format_map(world.ids)
    shown = listed(world, probe.action, probe.params)
    assert first in shown, (probe, shown)
    if second:
        assert second not in shown, (probe, shown)
    if probe.contrast is not None:
        shown = listed(world, probe.action, probe.contrast)
        assert first not in shown, (probe, shown)


@pytest.mark.parametrize("action", sorted(LISTERS))
def test_probed_resources_exist(world: World, action: str) -> None:
    """Every resource a probe names is listed when its action is asked with no filter: a second resource
    that is missing anyway would make its row pass for nothing."""
    shown = {i for params in LISTERS[action].everything for i in listed(world, action, params)}
    named = {
        value.format_map(world.ids) for p in PROBES if p.action == action for value in (p.first, p.second) if value
    }
    assert named <= shown, sorted(named - shown)


# --- every declared filter has a probe -------------------------------------------------------------------------

# Parameters that page, name the region or the owner, or shape the request: no filter among them.
GENERIC = COMMON_PARAMS | {"PageNumber", "PageSize", "NextToken", "MaxResults", "MaxResult", "DryRun"}

# Declared parameters that are no filter of a list, each with its reason; docs/compatibility.md ("Describe
# parameters that do not narrow the list") lists them, and the filters whose probes find nothing.
EXCLUDED: dict[tuple[str, str], str] = {
    # Switches of what the answer shows: the same resources are listed either way.
    ("Ecs.DescribeDisks", "AdditionalAttributes.N"): "asks for the IOPS fields, which every answer carries",
    ("Ecs.DescribeInstances", "AdditionalAttributes.N"): "asks for extra fields, which every answer carries",
    ("Ecs.DescribeInstances", "NeedSaleCycle"): "asks for SaleCycle, which every answer carries",
    ("Ecs.DescribeInstanceTypes", "AdditionalAttributes"): "every attribute is always returned",
    ("Ecs.DescribeKeyPairs", "IncludePublicKey"): "shows each pair's public key",
    ("Ecs.DescribeSecurityGroups", "IsQueryEcsCount"): "adds each group's instance count",
    ("Ecs.DescribeSecurityGroupAttribute", "Attribute"): "asks for SnapshotPolicyIds",
    ("Vpc.DescribeEipAddresses", "IncludeReservationData"): "adds the reservation fields",
    ("Ecs.DescribeZones", "Verbose"): "how much of each zone is shown",
    ("Ecs.DescribeRegions", "AcceptLanguage"): "the language of the names",
    ("Vpc.DescribeRegions", "AcceptLanguage"): "the language of the names",
    ("Ecs.DescribeZones", "AcceptLanguage"): "the language of the names",
    ("Vpc.DescribeZones", "AcceptLanguage"): "the language of the names",
    # The one resource answered.
    ("Ecs.DescribeInstanceAttribute", "InstanceId"): "names the one instance answered",
    ("Ecs.DescribeUserData", "InstanceId"): "names the one instance answered",
    ("Ecs.DescribeSecurityGroupAttribute", "SecurityGroupId"): "names the group whose rules are listed",
    ("Vpc.DescribeVSwitchAttributes", "VSwitchId"): "names the one vSwitch answered",
    ("Vpc.DescribeVpcAttribute", "VpcId"): "names the one VPC answered",
    ("Vpc.DescribeVpcAttribute", "IsDefault"): "the VPC VpcId names is answered whatever IsDefault says",
    # Catalogue filters every entry passes.
    ("Ecs.DescribeRegions", "InstanceChargeType"): "every region sells both ways",
    ("Ecs.DescribeRegions", "ResourceType"): "every region offers every resource type",
    ("Vpc.DescribeRegions", "ProductType"): "every region offers the VPC service",
    ("Ecs.DescribeZones", "InstanceChargeType"): "every zone sells both ways",
    ("Ecs.DescribeZones", "SpotStrategy"): "every zone sells spot instances",
    ("Ecs.DescribeAvailableResource", "InstanceChargeType"): "every type is sold both ways",
    ("Ecs.DescribeAvailableResource", "SpotStrategy"): "every type is sold as spot instances",
    ("Ecs.DescribeAvailableResource", "SpotDuration"): "every type is sold as spot instances",
    ("Ecs.DescribeAvailableResource", "Scope"): "applies to reserved instances, which are not modelled",
    ("Ecs.DescribeImages", "ActionType"): "every image can create an instance and replace a system disk",
    ("Ecs.DescribeImages", "ShowExpired"): "no image expires here",
    ("Ecs.DescribeInstanceStatus", "ClusterId"): "deprecated (the reference); clusters are not modelled",
}  # fmt: skip

COMPATIBILITY = Path(__file__).resolve().parents[2] / "docs" / "compatibility.md"
SECTION = "## Describe parameters that do not narrow the list"


def declared_filters() -> set[tuple[str, str]]:
    """(``<Product>.<Action>``, parameter) of every read-only action, less the generic parameters."""
    return {
        (f"{spec.product}.{spec.name}", param.name)
        for spec in load_all().values() if spec.read_only
        for param in spec.params if param.name not in GENERIC
    }  # fmt: skip


def documented_exclusions() -> set[tuple[str, str]]:
    """The rows of docs/compatibility.md's table of Describe filters on what is not modelled."""
    text = COMPATIBILITY.read_text(encoding="utf-8")
    assert SECTION in text, f"docs/compatibility.md has no section {SECTION!r}"
    section = text.split(SECTION, 1)[1].split("\n## ", 1)[0]
    rows = set()
    for line in section.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) >= 5 and cells[0] in ("Ecs", "Vpc", "Sts"):
            rows.add((f"{cells[0]}.{cells[1]}", cells[2].strip("`")))
    return rows


def test_every_declared_filter_is_probed() -> None:
    """Each filter a Describe/List action declares has a probe row or a documented exclusion; none is stale."""
    declared = declared_filters()
    probed = {(p.action, p.name) for p in PROBES}
    missing = sorted(declared - probed - set(EXCLUDED))
    assert not missing, f"declared filters with no probe row and no exclusion: {missing}"
    assert not sorted((probed | set(EXCLUDED)) - declared), "probes or exclusions of undeclared parameters"
    assert not sorted(probed & set(EXCLUDED)), "a filter is both probed and excluded"
    assert all(reason for reason in EXCLUDED.values())
    assert {p.action for p in PROBES} <= set(LISTERS)


def test_compatibility_lists_what_does_not_narrow() -> None:
    """docs/compatibility.md lists exactly the excluded parameters and the filters that match nothing here."""
    unmodelled = {(p.action, p.name) for p in PROBES if not p.params}
    assert documented_exclusions() == set(EXCLUDED) | unmodelled
