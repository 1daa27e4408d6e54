"""EIPs (VPC 2016-04-28) and elastic network interfaces (ECS 2014-05-26) through the legacy and Tea SDKs.

Each test builds its own VPC, vSwitch, group and instances on the shared server and releases the EIPs it
allocates (the account's EIP quota is the region's default, 20).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest

from support.sdk import REGION, Api, Failure, instance_status, start, wait_for
from support.server import ServerProcess

pytestmark = pytest.mark.e2e

FLAVOURS = ("legacy", "tea")
INSTANCE_TYPE = "ecs.g6.large"  # 2 vCPUs: 2 ENIs of 6 addresses each
IMAGE = "ubuntu_22_04_x64_20G_alibase_20230907.vhd"
ZONE = "cn-hangzhou-i"


def flat(params: dict[str, Any]) -> dict[str, Any]:
    """Lists as the wire has them (Name.N, Name.N.Field) for the legacy SDK; its irregular setters are skipped."""
    out: dict[str, Any] = {}
    for key, value in params.items():
        if isinstance(value, list):
            for n, item in enumerate(value, start=1):
                if isinstance(item, dict):
                    out.update({f"{key}.{n}.{field}": v for field, v in item.items()})
                else:
                    out[f"{key}.{n}"] = item
        else:
            out[key] = value
    return out


def call(api: Api, action: str, **params: Any) -> dict[str, Any]:
    params.setdefault("RegionId", REGION)
    return api.call(action, **(flat(params) if api.flavour == "legacy" else params))


def fail(api: Api, action: str, **params: Any) -> Failure:
    params.setdefault("RegionId", REGION)
    return api.fail(action, **(flat(params) if api.flavour == "legacy" else params))


class Net:
    """A VPC with one vSwitch and a group, made through one SDK flavour; the EIPs it allocated are released."""

    def __init__(self, api: Api, cidr: str = "172.16.1.0/24") -> None:
        self.api = api
        self.vpc = str(call(api, "CreateVpc", CidrBlock="172.16.0.0/16")["VpcId"])
        self.vswitch = str(call(api, "CreateVSwitch", VpcId=self.vpc, ZoneId=ZONE, CidrBlock=cidr)["VSwitchId"])
        self.group = str(call(api, "CreateSecurityGroup", VpcId=self.vpc)["SecurityGroupId"])
        self.eips: list[str] = []

    def instance(self, running: bool = False) -> str:
        made = call(self.api, "CreateInstance", InstanceType=INSTANCE_TYPE, ImageId=IMAGE,
                    SecurityGroupId=self.group, VSwitchId=self.vswitch)  # fmt: skip
        instance_id = str(made["InstanceId"])
        wait_for(lambda: instance_status(self.api, instance_id) == "Stopped", what=f"{instance_id} Stopped")
        if running:
            start(self.api, instance_id)
        return instance_id

    def eni(self, **params: Any) -> str:
        made = call(self.api, "CreateNetworkInterface", VSwitchId=self.vswitch, SecurityGroupId=self.group, **params)
        return str(made["NetworkInterfaceId"])

    def eip(self, **params: Any) -> dict[str, Any]:
        made = call(self.api, "AllocateEipAddress", **params)
        self.eips.append(str(made["AllocationId"]))
        return made

    def cleanup(self) -> None:
        for allocation_id in self.eips:
            found = describe_eips(self.api, AllocationId=allocation_id)
            if not found:
                continue
            if found[0]["Status"] == "InUse":
                call(self.api, "UnassociateEipAddress", AllocationId=allocation_id, InstanceId=found[0]["InstanceId"],
                     InstanceType=found[0]["InstanceType"])  # fmt: skip
            if found[0]["ChargeType"] == "PostPaid":
                call(self.api, "ReleaseEipAddress", AllocationId=allocation_id)


@pytest.fixture(params=FLAVOURS)
def net(request: pytest.FixtureRequest, server: ServerProcess) -> Iterator[Net]:
    world = Net(Api(request.param, server.endpoint))
    yield world
    world.cleanup()


def describe_eips(api: Api, **params: Any) -> list[dict[str, Any]]:
    return list(call(api, "DescribeEipAddresses", PageSize=100, **params)["EipAddresses"]["EipAddress"])


def describe_enis(api: Api, **params: Any) -> list[dict[str, Any]]:
    found = call(api, "DescribeNetworkInterfaces", PageSize=100, **params)
    return list(found["NetworkInterfaceSets"]["NetworkInterfaceSet"])


def the_eni(api: Api, eni_id: str) -> dict[str, Any]:
    [found] = describe_enis(api, NetworkInterfaceId=[eni_id])
    return found


def instance_eip(api: Api, instance_id: str) -> dict[str, Any]:
    found = call(api, "DescribeInstances", InstanceIds=json.dumps([instance_id]))["Instances"]["Instance"]
    return dict(found[0]["EipAddress"])


# --- EIPs ---------------------------------------------------------------------------------------------------


def test_eip_lifecycle_on_an_instance(net: Net) -> None:
    api = net.api
    made = net.eip(Bandwidth="10", InternetChargeType="PayByTraffic", Name="web", Description="front door",
                   Tag=[{"Key": "team", "Value": "net"}])  # fmt: skip
    allocation_id, address = made["AllocationId"], made["EipAddress"]
    assert allocation_id.startswith("eip-") and made["ResourceGroupId"].startswith("rg-")
    [eip] = describe_eips(api, AllocationId=allocation_id)
    assert (eip["IpAddress"], eip["Status"], eip["Bandwidth"], eip["InternetChargeType"], eip["Name"],
            eip["Description"], eip["ChargeType"], eip["ISP"]) == (
        address, "Available", "10", "PayByTraffic", "web", "front door", "PostPaid", "BGP")  # fmt: skip
    assert eip["Tags"]["Tag"] == [{"Key": "team", "Value": "net"}]

    instance = net.instance()
    call(api, "AssociateEipAddress", AllocationId=allocation_id, InstanceId=instance)
    [eip] = describe_eips(api, AllocationId=allocation_id)
    assert (eip["Status"], eip["InstanceId"], eip["InstanceType"], eip["VpcId"]) == (
        "InUse", instance, "EcsInstance", net.vpc)
    # The EIP shows on its instance (DescribeInstances / DescribeInstanceAttribute EipAddress).
    assert instance_eip(api, instance) == {"AllocationId": allocation_id, "IpAddress": address,
                                           "InternetChargeType": "PayByTraffic", "Bandwidth": 10,
                                           "IsSupportUnassociate": True}  # fmt: skip
    attribute = call(api, "DescribeInstanceAttribute", InstanceId=instance)
    assert attribute["EipAddress"]["IpAddress"] == address
    found = call(api, "DescribeInstances", EipAddresses=json.dumps([address]))["Instances"]["Instance"]
    assert [i["InstanceId"] for i in found] == [instance]

    # Filters: status, associated instance, charge type, tag, name, address.
    assert [e["AllocationId"] for e in describe_eips(api, AssociatedInstanceId=instance)] == [allocation_id]
    assert [e["AllocationId"] for e in describe_eips(api, EipAddress=address, Status="InUse")] == [allocation_id]
    assert describe_eips(api, AllocationId=allocation_id, Status="Available") == []
    assert describe_eips(api, AllocationId=allocation_id, ChargeType="PrePaid") == []
    assert describe_eips(api, AllocationId=allocation_id, AssociatedInstanceType="NetworkInterface") == []
    assert [e["AllocationId"] for e in describe_eips(api, EipName="web", AllocationId=allocation_id)] == [allocation_id]
    assert describe_eips(api, AllocationId=allocation_id, Tag=[{"Key": "team", "Value": "other"}]) == []

    # Release is refused while associated; ModifyEipAddressAttribute reads back.
    fail(api, "ReleaseEipAddress", AllocationId=allocation_id).expect(
        400, "IncorrectEipStatus", "Current elastic IP status does not support this operation.")
    call(api, "ModifyEipAddressAttribute", AllocationId=allocation_id, Bandwidth="20", Name="api", Description="d2")
    [eip] = describe_eips(api, AllocationId=allocation_id)
    assert (eip["Bandwidth"], eip["Name"], eip["Description"]) == ("20", "api", "d2")

    call(api, "UnassociateEipAddress", AllocationId=allocation_id, InstanceId=instance)
    assert describe_eips(api, AllocationId=allocation_id)[0]["Status"] == "Available"
    assert instance_eip(api, instance)["IpAddress"] == ""
    call(api, "ReleaseEipAddress", AllocationId=allocation_id)
    assert describe_eips(api, AllocationId=allocation_id) == []


def test_eip_documented_errors(net: Net) -> None:
    api = net.api
    fail(api, "AllocateEipAddress", Bandwidth="201", InternetChargeType="PayByTraffic").expect(
        400, "InvalidParameter", 'Specified value of "Bandwidth" is not valid.')
    fail(api, "AllocateEipAddress", InternetChargeType="PayByHour").expect(
        400, "InvalidParameter", 'Specified value of "InternetChargeType" is not valid')
    allocation_id = net.eip()["AllocationId"]
    second = net.eip()["AllocationId"]
    fail(api, "AssociateEipAddress", AllocationId="eip-bp1nosuch000000000000", InstanceId="i-x").expect(
        404, "InvalidAllocationId.NotFound", "Specified allocation ID is not found")
    fail(api, "AssociateEipAddress", AllocationId=allocation_id, InstanceId="i-bp1nosuch00000000000").expect(
        404, "InvalidInstanId.NotFound", "Specified instance does not exist.")
    fail(api, "AssociateEipAddress", AllocationId=allocation_id, InstanceId="i-x", InstanceType="Router").expect(
        400, "InvalidInstanceType.ValueNotSupported", "The specified value of InstanceType is not supported.")
    # "The ECS instance ... must be deployed in a VPC": a classic instance cannot take an EIP.
    classic_group = str(call(api, "CreateSecurityGroup")["SecurityGroupId"])
    classic = str(call(api, "CreateInstance", InstanceType=INSTANCE_TYPE, ImageId=IMAGE,
                       SecurityGroupId=classic_group)["InstanceId"])  # fmt: skip
    wait_for(lambda: instance_status(api, classic) == "Stopped", what="classic Stopped")
    fail(api, "AssociateEipAddress", AllocationId=allocation_id, InstanceId=classic).expect(
        400, "OperationDenied", "Specified instance is not in VPC.")
    instance = net.instance()
    call(api, "AssociateEipAddress", AllocationId=allocation_id, InstanceId=instance)
    fail(api, "AssociateEipAddress", AllocationId=allocation_id, InstanceId=instance).expect(
        400, "IncorrectEipStatus", "Current elastic IP status does not support this operation")
    fail(api, "AssociateEipAddress", AllocationId=second, InstanceId=instance).expect(
        400, "InvalidAssociation.Duplicated", "Specified instance already is associated.")
    fail(api, "UnassociateEipAddress", AllocationId=second, InstanceId=instance).expect(
        400, "IncorrectEipStatus", "Current elastic IP status does not support this operation.")
    fail(api, "UnassociateEipAddress", AllocationId=allocation_id, InstanceId="i-bp1nosuch00000000000").expect(
        400, "InvalidInstanceId.NotFound", "Specified instance does not exist.")
    fail(api, "ModifyEipAddressAttribute", AllocationId=allocation_id, Bandwidth="501").expect(
        400, "InvalidParameter", 'Specified value of "Bandwidth" is not supported.')
    prepaid = net.eip(InstanceChargeType="PrePaid")
    assert prepaid["OrderId"]
    fail(api, "ReleaseEipAddress", AllocationId=prepaid["AllocationId"]).expect(
        400, "Forbidden.ChargeTypeIsPrepaid", "It's forbidden to release a prepaid EIP")
    # Another account's region: the ID is unknown elsewhere.
    fail(Api(api.flavour, api.endpoint, region="cn-beijing"), "ReleaseEipAddress", RegionId="cn-beijing",
         AllocationId=allocation_id).expect(404, "InvalidAllocationId.NotFound",
                                            "Specified allocation ID is not found")  # fmt: skip


def test_deleting_an_instance_frees_its_eip(net: Net) -> None:
    # "Elastic IP addresses (EIPs) are not released along with the instance" (DeleteInstance).
    api = net.api
    instance = net.instance()
    allocation_id = net.eip()["AllocationId"]
    call(api, "AssociateEipAddress", AllocationId=allocation_id, InstanceId=instance, InstanceType="EcsInstance")
    call(api, "DeleteInstance", InstanceId=instance)
    [eip] = describe_eips(api, AllocationId=allocation_id)
    assert (eip["Status"], eip["InstanceId"]) == ("Available", "")


def test_eip_paging(net: Net) -> None:
    api = net.api
    ids = [net.eip(Name="paged")["AllocationId"] for _ in range(3)]
    joined = ",".join(ids)
    first = call(api, "DescribeEipAddresses", AllocationId=joined, PageSize=2, PageNumber=1)
    second = call(api, "DescribeEipAddresses", AllocationId=joined, PageSize=2, PageNumber=2)
    assert (first["TotalCount"], first["PageSize"], first["PageNumber"]) == (3, 2, 1)
    shown = [e["AllocationId"] for e in first["EipAddresses"]["EipAddress"] + second["EipAddresses"]["EipAddress"]]
    assert shown == ids


# --- ENIs ---------------------------------------------------------------------------------------------------


def test_every_vpc_instance_has_a_primary_eni(net: Net) -> None:
    api = net.api
    instance = net.instance()
    [primary] = describe_enis(api, InstanceId=instance)
    private_ip = call(api, "DescribeInstanceAttribute", InstanceId=instance)["VpcAttributes"]["PrivateIpAddress"]
    assert (primary["Type"], primary["Status"], primary["PrivateIpAddress"], primary["VSwitchId"],
            primary["SecurityGroupIds"]["SecurityGroupId"], primary["Attachment"]["InstanceId"]) == (
        "Primary", "InUse", private_ip["IpAddress"][0], net.vswitch, [net.group], instance)  # fmt: skip
    assert primary["MacAddress"].startswith("00:16:3e:")
    fail(api, "DetachNetworkInterface", NetworkInterfaceId=primary["NetworkInterfaceId"], InstanceId=instance).expect(
        400, "InvalidOperation.DetachPrimaryEniNotAllowed", "Detaching primary ENI from ECS instance is not allowed.")
    call(api, "DeleteInstance", InstanceId=instance)
    assert describe_enis(api, NetworkInterfaceId=[primary["NetworkInterfaceId"]]) == []


def test_eni_lifecycle(net: Net) -> None:
    api = net.api
    made = call(api, "CreateNetworkInterface", VSwitchId=net.vswitch, SecurityGroupIds=[net.group],
                PrimaryIpAddress="172.16.1.200", SecondaryPrivateIpAddressCount=2, NetworkInterfaceName="eni-one",
                Description="second leg", Tag=[{"Key": "k", "Value": "v"}])  # fmt: skip
    eni_id = made["NetworkInterfaceId"]
    assert (made["Status"], made["Type"], made["PrivateIpAddress"], made["VpcId"]) == (
        "Available", "Secondary", "172.16.1.200", net.vpc)
    eni = the_eni(api, eni_id)
    secondary = [s["PrivateIpAddress"] for s in eni["PrivateIpSets"]["PrivateIpSet"] if not s["Primary"]]
    assert len(secondary) == 2 and "172.16.1.200" not in secondary
    assert (eni["NetworkInterfaceName"], eni["Description"], eni["Tags"]["Tag"]) == (
        "eni-one", "second leg", [{"TagKey": "k", "TagValue": "v"}])

    # Filters.
    for params in ({"VSwitchId": net.vswitch}, {"VpcId": net.vpc}, {"PrimaryIpAddress": "172.16.1.200"},
                   {"PrivateIpAddress": [secondary[0]]}, {"SecurityGroupId": net.group}, {"Type": "Secondary"},
                   {"Status": "Available"}, {"NetworkInterfaceName": "eni-one"},
                   {"Tag": [{"Key": "k", "Value": "v"}]}):  # fmt: skip
        assert [e["NetworkInterfaceId"] for e in describe_enis(api, **{"VpcId": net.vpc, **params})
                if e["Type"] == "Secondary"] == [eni_id], params  # fmt: skip
    assert describe_enis(api, NetworkInterfaceId=[eni_id], Status="InUse") == []

    # Attach, read back, detach, delete.
    instance = net.instance(running=True)
    call(api, "AttachNetworkInterface", NetworkInterfaceId=eni_id, InstanceId=instance)
    eni = the_eni(api, eni_id)
    assert (eni["Status"], eni["InstanceId"]) == ("InUse", instance)
    assert {e["Type"] for e in describe_enis(api, InstanceId=instance)} == {"Primary", "Secondary"}
    fail(api, "DeleteNetworkInterface", NetworkInterfaceId=eni_id).expect(
        400, "InvalidOperation.InvalidEniState",
        'The operation is not allowed in the current ENI state. Expecting status is "Available" while current '
        'status is "InUse".')  # fmt: skip
    other = net.eni()
    fail(api, "AttachNetworkInterface", NetworkInterfaceId=other, InstanceId=instance).expect(
        403, "EniPerInstanceLimitExceeded",
        "The number of ENI exceeds the limit for the type of instance you are trying to launch.")  # fmt: skip
    call(api, "DetachNetworkInterface", NetworkInterfaceId=eni_id, InstanceId=instance)
    assert the_eni(api, eni_id)["Status"] == "Available"

    call(api, "ModifyNetworkInterfaceAttribute", NetworkInterfaceId=eni_id, NetworkInterfaceName="eni-two",
         Description="renamed", SecurityGroupId=[net.group])  # fmt: skip
    eni = the_eni(api, eni_id)
    assert (eni["NetworkInterfaceName"], eni["Description"]) == ("eni-two", "renamed")
    call(api, "DeleteNetworkInterface", NetworkInterfaceId=eni_id)
    call(api, "DeleteNetworkInterface", NetworkInterfaceId=other)
    fail(api, "DeleteNetworkInterface", NetworkInterfaceId=eni_id).expect(
        404, "InvalidEniId.NotFound", "The specified EniId is not found.")


def test_eni_documented_errors(net: Net) -> None:
    api = net.api
    fail(api, "CreateNetworkInterface", VSwitchId="vsw-bp1nosuch000000000000", SecurityGroupId=net.group).expect(
        404, "InvalidVSwitchId.NotFound", "The specified VSwitchId is not found.")
    fail(api, "CreateNetworkInterface", VSwitchId=net.vswitch, SecurityGroupId="sg-bp1nosuch0000000000").expect(
        404, "InvalidSecurityGroupId.NotFound", "The specified SecurityGroupId is not found.")
    classic_group = str(call(api, "CreateSecurityGroup")["SecurityGroupId"])
    fail(api, "CreateNetworkInterface", VSwitchId=net.vswitch, SecurityGroupId=classic_group).expect(
        403, "InvalidSecurityGroupId.NotVpc", "The specified SecurityGroupId not in VPC.")
    other_vpc = str(call(api, "CreateVpc", CidrBlock="10.0.0.0/16")["VpcId"])
    other_group = str(call(api, "CreateSecurityGroup", VpcId=other_vpc)["SecurityGroupId"])
    fail(api, "CreateNetworkInterface", VSwitchId=net.vswitch, SecurityGroupId=other_group).expect(
        403, "InvalidOperation.VpcMismatch", "The VPC of the specified ENI and security group are not in the same VPC.")
    fail(api, "CreateNetworkInterface", VSwitchId=net.vswitch, SecurityGroupId=net.group,
         PrimaryIpAddress="10.9.9.9").expect(
        403, "InvalidVSwitchId.IpInvalid",
        'The specified IpAddress "10.9.9.9" is not valid in VSwitch CIDR block "172.16.1.0/24".')  # fmt: skip
    instance = net.instance()
    private_ip = call(api, "DescribeInstanceAttribute", InstanceId=instance)["VpcAttributes"]["PrivateIpAddress"]
    fail(api, "CreateNetworkInterface", VSwitchId=net.vswitch, SecurityGroupId=net.group,
         PrimaryIpAddress=private_ip["IpAddress"][0]).expect(
        400, "InvalidPrivateIpAddress.Duplicated", "Specified private IP address is duplicated.")  # fmt: skip
    eni_id = net.eni()
    fail(api, "AttachNetworkInterface", NetworkInterfaceId=eni_id, InstanceId="i-bp1nosuch00000000000").expect(
        404, "InvalidEcsId.NotFound", "The specified EcsId is not found.")
    other_zone = str(call(api, "CreateVSwitch", VpcId=net.vpc, ZoneId="cn-hangzhou-h",
                          CidrBlock="172.16.9.0/24")["VSwitchId"])  # fmt: skip
    far = str(call(api, "CreateNetworkInterface", VSwitchId=other_zone, SecurityGroupId=net.group)["NetworkInterfaceId"])
    fail(api, "AttachNetworkInterface", NetworkInterfaceId=far, InstanceId=instance).expect(
        403, "InvalidOperation.AvailabilityZoneMismatch",
        "The VPC VSwitch of the specified ENI and ECS instance are not in the same availability zone.")  # fmt: skip
    pending = str(call(api, "CreateInstance", InstanceType=INSTANCE_TYPE, ImageId=IMAGE, SecurityGroupId=net.group,
                       VSwitchId=net.vswitch)["InstanceId"])  # fmt: skip
    if instance_status(api, pending) == "Pending":  # the server's transition delay may have passed already
        fail(api, "AttachNetworkInterface", NetworkInterfaceId=eni_id, InstanceId=pending).expect(
            400, "InvalidOperation.InvalidEcsState", "The operation is not allowed in the current ECS state.")
    fail(api, "DetachNetworkInterface", NetworkInterfaceId=eni_id, InstanceId=instance).expect(
        400, "InvalidOperation.InvalidEniState",
        'The operation is not allowed in the current ENI state. Expecting status is "InUse" while current '
        'status is "Available".')  # fmt: skip


def test_private_and_ipv6_addresses(net: Net) -> None:
    api = net.api
    eni_id = net.eni()
    assigned = call(api, "AssignPrivateIpAddresses", NetworkInterfaceId=eni_id, SecondaryPrivateIpAddressCount=2)
    added = assigned["AssignedPrivateIpAddressesSet"]["PrivateIpSet"]["PrivateIpAddress"]
    assert assigned["AssignedPrivateIpAddressesSet"]["NetworkInterfaceId"] == eni_id and len(added) == 2
    call(api, "AssignPrivateIpAddresses", NetworkInterfaceId=eni_id, PrivateIpAddress=["172.16.1.250"])
    eni = the_eni(api, eni_id)
    held = sorted(s["PrivateIpAddress"] for s in eni["PrivateIpSets"]["PrivateIpSet"] if not s["Primary"])
    assert held == sorted([*added, "172.16.1.250"])
    # "When the ENI is Available, you can allocate up to 10 secondary private IP addresses."
    fail(api, "AssignPrivateIpAddresses", NetworkInterfaceId=eni_id, SecondaryPrivateIpAddressCount=8).expect(
        403, "InvalidOperation.Ipv4CountExceeded",
        f"The number of eni {eni_id} ipv4 address exceeds the limit(11). Assigned:4. Expecting assign:8.")
    call(api, "UnassignPrivateIpAddresses", NetworkInterfaceId=eni_id, PrivateIpAddress=["172.16.1.250"])
    fail(api, "UnassignPrivateIpAddresses", NetworkInterfaceId=eni_id, PrivateIpAddress=["172.16.1.250"]).expect(
        403, "InvalidIp.IpUnassigned", 'The specified IP "172.16.1.250" is not assigned on this ENI.')
    # IPv6 needs IPv6 on the vSwitch; these VPCs have none.
    fail(api, "AssignIpv6Addresses", NetworkInterfaceId=eni_id, Ipv6AddressCount=1).expect(
        403, "InvalidVSwitch.Ipv6NotTurnOn", f'The specified VSwitch "{net.vswitch}" ipv6 function not turn on.')
    fail(api, "UnassignIpv6Addresses", NetworkInterfaceId=eni_id, Ipv6Address=["2408:4005::1"]).expect(
        403, "InvalidVSwitch.Ipv6NotTurnOn", f'The specified VSwitch "{net.vswitch}" ipv6 function not turn on.')
    fail(api, "AssignPrivateIpAddresses", NetworkInterfaceId="eni-bp1nosuch00000000000",
         SecondaryPrivateIpAddressCount=1).expect(404, "InvalidEniId.NotFound", "The specified EniId is not found.")  # fmt: skip


def test_an_eip_on_a_secondary_eni(net: Net) -> None:
    api = net.api
    eni_id = net.eni(SecondaryPrivateIpAddressCount=1)
    allocation_id = net.eip()["AllocationId"]
    call(api, "AssociateEipAddress", AllocationId=allocation_id, InstanceId=eni_id, InstanceType="NetworkInterface")
    [eip] = describe_eips(api, AssociatedInstanceType="NetworkInterface", AssociatedInstanceId=eni_id)
    assert eip["AllocationId"] == allocation_id
    eni = the_eni(api, eni_id)
    assert eni["AssociatedPublicIp"]["PublicIpAddress"] == eip["IpAddress"]
    call(api, "UnassociateEipAddress", AllocationId=allocation_id, InstanceId=eni_id, InstanceType="NetworkInterface")
    call(api, "DeleteNetworkInterface", NetworkInterfaceId=eni_id)


def test_eni_paging_by_token_and_by_page(net: Net) -> None:
    api = net.api
    ids = [net.eni() for _ in range(3)]
    first = call(api, "DescribeNetworkInterfaces", NetworkInterfaceId=ids, MaxResults=10)
    assert [e["NetworkInterfaceId"] for e in first["NetworkInterfaceSets"]["NetworkInterfaceSet"]] == ids
    assert first["NextToken"] == "" and first["TotalCount"] == 3
    page = call(api, "DescribeNetworkInterfaces", NetworkInterfaceId=ids, PageSize=2, PageNumber=2)
    assert [e["NetworkInterfaceId"] for e in page["NetworkInterfaceSets"]["NetworkInterfaceSet"]] == ids[2:]
    assert (page["PageNumber"], page["PageSize"], page["TotalCount"]) == (2, 2, 3)
    for eni_id in ids:
        call(api, "DeleteNetworkInterface", NetworkInterfaceId=eni_id)


def test_ipv6_addresses_on_an_ipv6_vswitch(net: Net) -> None:
    api = net.api
    vpc = str(call(api, "CreateVpc", CidrBlock="192.168.0.0/16", EnableIpv6=True)["VpcId"])
    vswitch = str(call(api, "CreateVSwitch", VpcId=vpc, ZoneId=ZONE, CidrBlock="192.168.1.0/24",
                       Ipv6CidrBlock=7)["VSwitchId"])  # fmt: skip
    block = call(api, "DescribeVSwitchAttributes", VSwitchId=vswitch)["Ipv6CidrBlock"]
    group = str(call(api, "CreateSecurityGroup", VpcId=vpc)["SecurityGroupId"])
    eni_id = str(call(api, "CreateNetworkInterface", VSwitchId=vswitch, SecurityGroupId=group,
                      Ipv6AddressCount=1)["NetworkInterfaceId"])  # fmt: skip
    added = call(api, "AssignIpv6Addresses", NetworkInterfaceId=eni_id, Ipv6AddressCount=2)["Ipv6Sets"]["Ipv6Address"]
    held = [s["Ipv6Address"] for s in the_eni(api, eni_id)["Ipv6Sets"]["Ipv6Set"]]
    prefix = block.split("::")[0]
    assert len(held) == 3 and set(added) <= set(held) and all(a.startswith(prefix) for a in held)
    assert [e["NetworkInterfaceId"] for e in describe_enis(api, Ipv6Address=[added[0]])] == [eni_id]
    call(api, "UnassignIpv6Addresses", NetworkInterfaceId=eni_id, Ipv6Address=added)
    assert len(the_eni(api, eni_id)["Ipv6Sets"]["Ipv6Set"]) == 1
    fail(api, "UnassignIpv6Addresses", NetworkInterfaceId=eni_id, Ipv6Address=[added[0]]).expect(
        403, "InvalidIp.IpUnassigned", f'The specified IP "{added[0]}" is not assigned on this ENI.')
    call(api, "DeleteNetworkInterface", NetworkInterfaceId=eni_id)
