"""The core actions' documented errors added for docs/errors.md, end to end through the legacy SDK's
CommonRequest (every parameter exactly as sent on the wire). Each case cites its error table."""

from __future__ import annotations

import base64
from typing import Any

import pytest

from support.ecs_world import IMAGE, INSTANCE_TYPE, new_group, new_instance, new_vswitch
from support.sdk import REGION, Api
from support.server import ServerProcess

WINDOWS = "win2019_1809_x64_dtc_en-us_40G_alibase_20240816.vhd"  # in the public catalogue
NO_CLASSIC_REGION = "cn-zhangjiakou"  # a region without the classic network (regions.py)


@pytest.fixture
def legacy(server: ServerProcess) -> Api:
    return Api("legacy", server.endpoint)


@pytest.fixture
def vpc(legacy: Api) -> tuple[str, str, str]:
    vpc_id, vswitch_id = new_vswitch(legacy)
    return vpc_id, vswitch_id, new_group(legacy, vpc_id)


# (extra CreateInstance parameters, VPC instance?, status, code, message) — CreateInstance error table.
CREATE_ERRORS: list[tuple[dict[str, Any], bool, int, str, str]] = [
    ({"NodeControllerId": "nc-1"}, False, 400, "InvalidNodeControllerId.Malformed",
     'The specified parameter "NodeControllerId" is not valid.'),
    ({"VlanId": "10"}, False, 400, "OperationDenied",
     'The specified parameter "VlanId" is not valid or vlan has not enough IP address.'),
    ({"ClusterId": "c-1"}, False, 404, "InvalidClusterId.NotFound",
     "The ClusterId provided does not exist in our records."),
    ({"Tenancy": "shared"}, True, 400, "InvalidParam.Tenancy", "The specified Tenancy is invalid."),
    ({"DedicatedHostId": "dh-1"}, True, 400, "InvalidDedicatedHostId.NotFound",
     "The specified DedicatedHostId does not exist."),
    ({"DedicatedHostId": "dh-1"}, False, 400, "InvalidNetworkType.NotSupported",
     "The classic networkType not support create ECS on dedicatedHost"),
    ({"PrivatePoolOptions.MatchCriteria": "Target"}, True, 400, "MissingParameter.PrivatePoolOptionsId",
     "The specified PrivatePoolOptions.Id should not be null."),
    ({"PrivatePoolOptions.MatchCriteria": "Target", "PrivatePoolOptions.Id": "eap-1"}, True, 400,
     "Invalid.PrivatePoolOptionsId", "The specified PrivatePoolOptions.Id is invalid."),
    ({"PrivatePoolOptions.MatchCriteria": "Open", "PrivatePoolOptions.Id": "eap-1"}, True, 400,
     "Invalid.PrivatePoolOptionsId",
     "The parameter PrivatePoolOptions.Id should be null when PrivatePoolOptions.MatchCriteria is not Target."),
    ({"HttpEndpoint": "on"}, True, 400, "InvalidHttpEndpoint.NotSupported",
     "The specified HttpEndpoint not supported, you can use enabled(default) or disabled."),
    ({"HttpTokens": "always"}, True, 400, "InvalidHttpTokens.NotSupported",
     "The specified HttpTokens not supported, you can use optional(default) or required."),
    ({"HttpPutResponseHopLimit": "65"}, True, 400, "InvalidHttpPutResponseHopLimit.NotSupported",
     "The specified HttpPutResponseHopLimit not supported, more than 1 and less than 64 is reasonable."),
    ({"InstanceChargeType": "PrePaid", "Period": "1", "PeriodUnit": "Year"}, True, 400,
     "InvalidPeriodUnit.ValueNotSupported", "The specified parameter PeriodUnit is not valid."),
    # "If PeriodUnit is set to Month, the valid values of AutoRenewPeriod are 1, 2, 3, 6, and 12"
    ({"AutoRenewPeriod": "5"}, True, 400, "InvalidAutoRenewPeriod.ValueNotSupported",
     "The specified autoRenewPeriod is not valid."),
    # InternetMaxBandwidthIn: at most 200 Mbit/s (RunInstances' range)
    ({"InternetMaxBandwidthIn": "201"}, True, 400, "InvalidParameter.Bandwidth",
     "The specified parameter Bandwidth is not valid."),
    ({"InstanceType": "ecs.scch5.16xlarge"}, True, 400, "InvalidHpcClusterId.Necessary",
     "The HpcClusterId is necessary."),
    ({"HpcClusterId": "hpc-1"}, True, 400, "InvalidHpcClusterId.Unnecessary",
     "The specified HpcClusterId is unnecessary."),
    ({"ImageId": WINDOWS, "KeyPairName": "deploy"}, True, 403, "DependencyViolation.WindowsInstance",
     "The instance creating is window, cannot use ssh key pair to login."),
    ({"InstanceType": "ecs.s2.large", "IoOptimized": "none", "UserData": base64.b64encode(b"echo").decode()},
     True, 400, "InvalidUserData.NotSupported",
     'The specified parameter "UserData" only support the vpc and IoOptimized Instance.'),
    ({"DataDisk.1.Size": "40", "DataDisk.1.Device": "/dev/sda"}, True, 400, "InvalidDataDevice.Malformed",
     'The specified parameter "DataDisk.n.Device" is not valid.'),
    ({"DataDisk.1.Size": "40", "DataDisk.1.Device": "/dev/xvdb", "DataDisk.2.Size": "40",
      "DataDisk.2.Device": "/dev/xvdb"}, True, 403, "InvalidDevice.InUse", "The specified device has been occupied."),
    ({"DataDisk.1.Size": "40", "DataDisk.1.KMSKeyId": "key-1"}, True, 400, "InvalidParameter.EncryptedIllegal",
     "The specified parameter Encrypted must be true when kmsKeyId is not empty."),
    ({"InstanceType": "ecs.s2.large", "IoOptimized": "none", "DataDisk.1.Size": "40", "DataDisk.1.KMSKeyId": "key-1",
      "DataDisk.1.Encrypted": "true"}, True, 400, "IoOptimized.NotSupported",
     "The specified instance must be IoOptimized instance when kmsKeyId is not empty."),
]  # fmt: skip


@pytest.mark.parametrize(("fields", "in_vpc", "status", "code", "message"), CREATE_ERRORS,
                         ids=[f"{case[3]}-{n}" for n, case in enumerate(CREATE_ERRORS)])  # fmt: skip
def test_create_instance_documented_errors(legacy: Api, vpc: tuple[str, str, str], fields: dict[str, Any],
                                           in_vpc: bool, status: int, code: str, message: str) -> None:  # fmt: skip
    network = {"VSwitchId": vpc[1], "SecurityGroupId": vpc[2]} if in_vpc else {"SecurityGroupId": new_group(legacy)}
    params = {"RegionId": REGION, "InstanceType": INSTANCE_TYPE, "ImageId": IMAGE, **network, **fields}
    err = legacy.generic_fail("CreateInstance", **params)
    assert (err.status, err.code, err.message) == (status, code, message)


def test_spot_instance_needs_a_zone(legacy: Api) -> None:
    # CreateInstance: InvalidSpotParam.EmptyZoneID "The specified ZoneId is empty when SpotStrategy is set."
    err = legacy.generic_fail("CreateInstance", RegionId=REGION, InstanceType=INSTANCE_TYPE, ImageId=IMAGE,
                              SecurityGroupId=new_group(legacy), SpotStrategy="SpotAsPriceGo")  # fmt: skip
    assert (err.status, err.code) == (400, "InvalidSpotParam.EmptyZoneID")
    assert err.message == "The specified ZoneId is empty when SpotStrategy is set."


def test_delete_instance_refuses_a_route_next_hop(legacy: Api, vpc: tuple[str, str, str]) -> None:
    # DeleteInstance: 400 DependencyViolation.RouteEntry "Specified instance is used by route entry."
    vpc_id, vswitch_id, group = vpc
    instance = new_instance(legacy, group, vswitch_id)
    [table] = legacy.generic_call("DescribeRouteTables", RegionId=REGION, VRouterId=legacy.generic_call(
        "DescribeVpcs", RegionId=REGION, VpcId=vpc_id)["Vpcs"]["Vpc"][0]["VRouterId"])["RouteTables"]["RouteTable"]
    legacy.generic_call("CreateRouteEntry", RegionId=REGION, RouteTableId=table["RouteTableId"],
                        DestinationCidrBlock="192.168.9.0/24", NextHopType="Instance", NextHopId=instance)  # fmt: skip
    err = legacy.generic_fail("DeleteInstance", InstanceId=instance, Force="true")
    assert (err.status, err.code, err.message) == (
        400, "DependencyViolation.RouteEntry", "Specified instance is used by route entry.")  # fmt: skip
    legacy.generic_call("DeleteRouteEntry", RegionId=REGION, RouteTableId=table["RouteTableId"],
                        DestinationCidrBlock="192.168.9.0/24", NextHopId=instance)  # fmt: skip
    legacy.generic_call("DeleteInstance", InstanceId=instance, Force="true")  # the route gone, it can go


def test_delete_instance_refuses_a_malformed_id(legacy: Api) -> None:
    # DeleteInstance: 400 InvalidParameter "The input parameter InstanceId is invalid."
    err = legacy.generic_fail("DeleteInstance", InstanceId="vm-1")
    assert (err.status, err.code, err.message) == (400, "InvalidParameter", "The input parameter InstanceId is invalid.")


def test_enable_classic_link_where_there_is_no_classic_network(server: ServerProcess) -> None:
    # EnableVpcClassicLink: 400 Forbidden.EnableClassicLink "the specified resource does not support this operation."
    api = Api("legacy", server.endpoint, region=NO_CLASSIC_REGION)
    vpc_id = api.generic_call("CreateVpc", RegionId=NO_CLASSIC_REGION, CidrBlock="172.16.0.0/16")["VpcId"]
    err = api.generic_fail("EnableVpcClassicLink", RegionId=NO_CLASSIC_REGION, VpcId=vpc_id)
    assert (err.status, err.code, err.message) == (
        400, "Forbidden.EnableClassicLink", "the specified resource does not support this operation.")  # fmt: skip


@pytest.mark.parametrize(("user_cidr", "code", "message"), [
    ("abc", "InvalidParameter", "Specified UserCidr invalid format."),
    ("10.0.0.0/8,10.1.0.0/16,10.2.0.0/16,10.3.0.0/16", "InvalidUserCidr.Quota",
     "Specified UserCidr number is greater than 3."),
    ("100.64.0.0/10", "InvalidUserCidr.Malformed", "Specified UserCidr overlapping in of 100.64.0.0/10."),
    ("100.100.0.0/16", "InvalidUserCidr.Malformed", "Specified UserCidr overlapping in of 100.64.0.0/10."),
])  # fmt: skip
def test_create_vpc_user_cidr(legacy: Api, user_cidr: str, code: str, message: str) -> None:
    # CreateVpc: up to 3 UserCidr, IPv4 CIDR blocks, none overlapping 100.64.0.0/10
    err = legacy.generic_fail("CreateVpc", RegionId=REGION, UserCidr=user_cidr)
    assert (err.status, err.code, err.message) == (400, code, message)


def test_create_vpc_keeps_valid_user_cidrs(legacy: Api) -> None:
    vpc_id = legacy.generic_call("CreateVpc", RegionId=REGION, UserCidr="10.0.0.0/16,192.168.0.0/24")["VpcId"]
    [vpc] = legacy.generic_call("DescribeVpcs", RegionId=REGION, VpcId=vpc_id)["Vpcs"]["Vpc"]
    assert vpc["UserCidrs"]["UserCidr"] == ["10.0.0.0/16", "192.168.0.0/24"]
