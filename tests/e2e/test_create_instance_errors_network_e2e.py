"""CreateInstance / RunInstances: the documented network, RAM-role and parameter errors added for docs/errors.md,
and RunInstances' NetworkInterface.N / Ipv6Address.N / Ipv6AddressCount taking effect; plus the DeleteVpc,
CreateVpc and DescribeClassicLinkInstances errors whose conditions are modelled. Through the official SDKs:
the legacy SDK's CommonRequest (every parameter exactly as sent), its typed requests and the Tea client.
Each case cites the error table it comes from (AlibabaCloudDocs/ecs CreateInstance.md, RunInstances.md)."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from typing import Any

import pytest
import requests

from classiclink.settings import DEFAULT_ACCOUNT_ID
from support.ecs_world import IMAGE, INSTANCE_TYPE, new_group, new_vswitch
from support.sdk import REGION, Api, wait_for
from support.server import ServerProcess

pytestmark = pytest.mark.e2e

ADMIN = "network-errors-admin"
VPC_ONLY = "cn-zhangjiakou"
ECS_TRUST = {"Version": "1", "Statement": [{"Effect": "Allow", "Action": "sts:AssumeRole",
                                            "Principal": {"Service": ["ecs.aliyuncs.com"]}}]}  # fmt: skip
PEOPLE_TRUST = {"Version": "1", "Statement": [{"Effect": "Allow", "Action": "sts:AssumeRole",
                                               "Principal": {"RAM": [f"acs:ram::{DEFAULT_ACCOUNT_ID}:root"]}}]}  # fmt: skip


@pytest.fixture
def legacy(server: ServerProcess) -> Api:
    return Api("legacy", server.endpoint)


@pytest.fixture
def vpc(legacy: Api) -> tuple[str, str, str]:
    vpc_id, vswitch_id = new_vswitch(legacy)
    return vpc_id, vswitch_id, new_group(legacy, vpc_id)


def base(**fields: Any) -> dict[str, Any]:
    return {"RegionId": REGION, "InstanceType": INSTANCE_TYPE, "ImageId": IMAGE, **fields}


# (extra parameters, VPC instance?, status, code, message) — CreateInstance's error table.
CREATE_ERRORS: list[tuple[dict[str, Any], bool, int, str, str]] = [
    ({"InternetChargeType": "PayByMonth"}, True, 400, "InvalidInternetChargeType.ValueNotSupported",
     "The specified InternetChargeType is not valid."),
    ({"InternetMaxBandwidthOut": "101"}, True, 400, "InvalidParameter",
     'The specified parameter "InternetMaxBandwidthOut" is not valid.'),
    ({"InstanceChargeType": "Monthly"}, True, 404, "InvalidInstanceChargeType.NotFound",
     "The InstanceChargeType does not exist in our records"),
    # "The value of PrivateIpAddress depends on that of VSwitchId and cannot be separately specified."
    ({"PrivateIpAddress": "10.1.2.3"}, False, 400, "MissingParameter",
     'The input parameter "VSwitchId" that is mandatory for processing this request is not supplied.'),
    # The vSwitch's last address is reserved: inside its block, yet not a valid address of it.
    ({"PrivateIpAddress": "172.16.1.255"}, True, 403, "InvalidVSwitchId.IpInvalid",
     'The specified IpAddress "172.16.1.255" is not valid in VSwitch CIDR block "172.16.1.0/24".'),
    # "ImageFamily must be empty if ImageId is specified."
    ({"ImageFamily": "acs:ubuntu_22_04_x64"}, True, 403, "InvalidParameter.NotMatch",
     'The specified parameter "ImageFamily" must be empty when "ImageId" is specified.'),
    # Tag.N: "Valid values of N: 1 to 20".
    ({**{f"Tag.{n}.Key": f"k{n}" for n in range(1, 22)}}, True, 403, "QuotaExceed.Tags",
     "The number of tags exceeds the quota of 20 per resource."),
    ({"InstanceType": "ecs.s2.large", "IoOptimized": "none", "KeyPairName": "deploy"}, True, 400,
     "InvalidInstanceType.ValueNotSupported", 'The specified parameter "KeyPairName" only support IoOptimized Instance.'),
    # "PrivatePoolOptions.MatchCriteria can be set only to None or left empty: ... the classic network".
    ({"PrivatePoolOptions.MatchCriteria": "Open"}, False, 403, "OperationDenied.InvalidNetworkType",
     "The specified parameter PrivatePoolOptions.MatchCriteria is not supported by the classic network type."),
    # ecs.g6.large's market price is a tenth of its 0.389 an hour pay-as-you-go: 0.039.
    ({"SpotStrategy": "SpotWithPriceLimit", "SpotPriceLimit": "0.005"}, True, 400,
     "InvalidSpotPriceLimit.LowerThanPublicPrice",
     'The specified parameter "soptPriceLimit" can\'t be lower than current public price.'),
    ({"RamRoleName": "NoSuchRole"}, True, 404, "InvalidRamRole.NotFound", "The specified RAMRoleName does not exist."),
    ({"RamRoleName": "NoSuchRole"}, False, 403, "InvalidNetworkType.MismatchRamRole",
     "Ram role cannot be applied to instances of Classic network type."),
]  # fmt: skip


@pytest.mark.parametrize(("fields", "in_vpc", "status", "code", "message"), CREATE_ERRORS,
                         ids=[f"{case[3]}-{n}" for n, case in enumerate(CREATE_ERRORS)])  # fmt: skip
@pytest.mark.parametrize("flavour", ["legacy", "tea"])
def test_create_instance_documented_errors(server: ServerProcess, legacy: Api, vpc: tuple[str, str, str],
                                           flavour: str, fields: dict[str, Any], in_vpc: bool, status: int,
                                           code: str, message: str) -> None:  # fmt: skip
    network = {"VSwitchId": vpc[1], "SecurityGroupId": vpc[2]} if in_vpc else {"SecurityGroupId": new_group(legacy)}
    err = Api(flavour, server.endpoint).generic_fail("CreateInstance", **base(**network, **fields))
    assert (err.status, err.code, err.message) == (status, code, message)


def test_an_address_an_eni_holds_is_used_by_other_resource(legacy: Api, vpc: tuple[str, str, str]) -> None:
    # CreateInstance: 400 InvalidIPAddress.AlreadyUsed; an instance's own address stays
    # InvalidPrivateIpAddress.Duplicated.
    legacy.generic_call("CreateNetworkInterface", RegionId=REGION, VSwitchId=vpc[1], SecurityGroupId=vpc[2],
                        PrimaryIpAddress="172.16.1.77")  # fmt: skip
    err = legacy.generic_fail("CreateInstance", **base(VSwitchId=vpc[1], SecurityGroupId=vpc[2],
                                                       PrivateIpAddress="172.16.1.77"))  # fmt: skip
    assert (err.status, err.code, err.message) == (
        400, "InvalidIPAddress.AlreadyUsed", "The specified IPAddress is already used by other resource.")  # fmt: skip


# --- RunInstances only: groups of both types, ENIs, IPv6 ---------------------------------------------------------


def run_fail(api: Api, **fields: Any) -> tuple[int, str, str]:
    err = api.generic_fail("RunInstances", **base(**fields))
    return err.status, err.code, err.message


def test_run_instances_refuses_basic_and_advanced_groups_together(legacy: Api, vpc: tuple[str, str, str]) -> None:
    # RunInstances (and CreateInstance's table): 403 EnterpriseGroupLimited.MutliGroupType.
    advanced = legacy.generic_call("CreateSecurityGroup", RegionId=REGION, VpcId=vpc[0],
                                   SecurityGroupType="enterprise")["SecurityGroupId"]  # fmt: skip
    assert run_fail(legacy, VSwitchId=vpc[1], **{"SecurityGroupIds.1": vpc[2], "SecurityGroupIds.2": advanced}) == (
        403,
        "EnterpriseGroupLimited.MutliGroupType",
        "The specified instance can not join multi SecurityGroup types.",
    )


def test_an_eni_in_another_vpc_is_an_inconsistent_network(legacy: Api, vpc: tuple[str, str, str]) -> None:
    # RunInstances: 403 OperationDenied.InconsistentNetwork "The specified security group and vswitch are not in
    # the same vpc." — NetworkInterface.1.VSwitchId of another VPC, the instance's group by default.
    _, other_vswitch = new_vswitch(legacy, cidr="172.16.2.0/24")
    assert run_fail(
        legacy, VSwitchId=vpc[1], SecurityGroupId=vpc[2], **{"NetworkInterface.1.VSwitchId": other_vswitch}
    ) == (
        403,
        "OperationDenied.InconsistentNetwork",
        "The specified security group and vswitch are not in the same vpc.",
    )


# (RunInstances parameters besides the vSwitch and group, status, code) — RunInstances' error table.
RUN_ERRORS: list[tuple[dict[str, Any], int, str]] = [
    ({"NetworkInterface.1.InstanceType": "Tertiary"}, 400, "InvalidParam.NetworkInterface"),
    ({"NetworkInterface.1.NetworkInterfaceId": "eni-x", "Amount": "2"}, 403, "InvalidParam.Amount"),
    ({"NetworkInterface.1.NetworkInterfaceId": "eni-bp1nothere000000000"}, 404, "InvalidEniId.NotFound"),
    ({"NetworkInterface.1.PrimaryIpAddress": "10.9.9.9"}, 403, "InvalidVSwitchId.IpInvalid"),
    ({"NetworkInterface.1.SecondaryPrivateIpAddressCount": "9"}, 403, "InvalidOperation.Ipv4CountExceeded"),
    ({"NetworkInterface.1.VSwitchId": "vsw-nothere"}, 404, "InvalidVSwitchId.NotFound"),
    ({"Ipv6AddressCount": "1"}, 403, "InvalidVSwitch.Ipv6NotTurnOn"),
    ({"Ipv6Address.1": "2001:db8::1", "Ipv6AddressCount": "1"}, 400, "InvalidParameter.Conflict"),
    ({"Ipv6Address.1": "2001:db8::1", "Amount": "2"}, 403, "InvalidParam.Amount"),
    ({"InstanceType": "ecs.n1.small", "Ipv6AddressCount": "1"}, 403, "InvalidOperation.Ipv6NotSupport"),
    ({"SpotStrategy": "SpotWithPriceLimit", "SpotPriceLimit": "0.005"}, 400,
     "InvalidSpotPriceLimit.LowerThanPublicPrice"),
    ({"RamRoleName": "NoSuchRole"}, 404, "InvalidRamRole.NotFound"),
]  # fmt: skip


@pytest.mark.parametrize(("fields", "status", "code"), RUN_ERRORS,
                         ids=[f"{c}-{n}" for n, (_, _, c) in enumerate(RUN_ERRORS)])  # fmt: skip
def test_run_instances_documented_errors(legacy: Api, vpc: tuple[str, str, str], fields: dict[str, Any], status: int,
                                         code: str) -> None:  # fmt: skip
    assert run_fail(legacy, VSwitchId=vpc[1], SecurityGroupId=vpc[2], **fields)[:2] == (status, code)
    # RunInstances words the RAM role and spot errors its own way.
    if code == "InvalidRamRole.NotFound":
        assert run_fail(legacy, VSwitchId=vpc[1], SecurityGroupId=vpc[2], **fields)[2] == (
            'The specified parameter "RAMRoleName" does not exist.'
        )


def ipv6_network(legacy: Api) -> tuple[str, str, str]:
    vpc_id = legacy.generic_call("CreateVpc", RegionId=REGION, CidrBlock="192.168.0.0/16", EnableIpv6="true")["VpcId"]
    vswitch = legacy.generic_call("CreateVSwitch", RegionId=REGION, VpcId=vpc_id, ZoneId="cn-hangzhou-i",
                                  CidrBlock="192.168.1.0/24", Ipv6CidrBlock="7")["VSwitchId"]  # fmt: skip
    return vpc_id, vswitch, new_group(legacy, vpc_id)


def described(api: Api, instance_id: str) -> dict[str, Any]:
    [instance] = api.call("DescribeInstances", RegionId=REGION, InstanceIds=json.dumps([instance_id]))[
        "Instances"]["Instance"]  # fmt: skip
    return instance  # type: ignore[no-any-return]


def enis(api: Api, instance_id: str) -> list[dict[str, Any]]:
    found = api.call("DescribeNetworkInterfaces", RegionId=REGION, InstanceId=instance_id)
    return found["NetworkInterfaceSets"]["NetworkInterfaceSet"]  # type: ignore[no-any-return]


@pytest.mark.parametrize("flavour", ["legacy", "tea"])
def test_run_instances_makes_and_attaches_enis_and_ipv6_addresses(server: ServerProcess, legacy: Api,
                                                                  flavour: str) -> None:  # fmt: skip
    # RunInstances: NetworkInterface.N (secondary ENIs made with the instance, its vSwitch and group by default;
    # DeleteOnRelease true "the ENI is not retained") and Ipv6AddressCount (the primary ENI's addresses).
    api = Api(flavour, server.endpoint)
    vpc_id, vswitch, group = ipv6_network(legacy)
    interface = {"NetworkInterfaceName": "data-leg", "Description": "second leg", "SecondaryPrivateIpAddressCount": 1}
    typed = {"NetworkInterfaces": [interface]} if flavour == "legacy" else {"NetworkInterface": [interface]}
    made = api.call("RunInstances", RegionId=REGION, InstanceType="ecs.g6.large", ImageId=IMAGE, VSwitchId=vswitch,
                    SecurityGroupId=group, Ipv6AddressCount=2, **typed)  # fmt: skip
    [instance_id] = made["InstanceIdSets"]["InstanceIdSet"]
    shown = described(api, instance_id)["NetworkInterfaces"]["NetworkInterface"]
    assert [n["Type"] for n in shown] == ["Primary", "Secondary"]
    assert len(shown[0]["Ipv6Sets"]["Ipv6Set"]) == 2 and shown[1]["Ipv6Sets"]["Ipv6Set"] == []
    assert all(a["Ipv6Address"].startswith("2408:") for a in shown[0]["Ipv6Sets"]["Ipv6Set"])
    assert len(shown[1]["PrivateIpSets"]["PrivateIpSet"]) == 2
    listed = {e["Type"]: e for e in enis(api, instance_id)}
    secondary = listed["Secondary"]
    assert (secondary["Status"], secondary["VSwitchId"], secondary["VpcId"], secondary["NetworkInterfaceName"],
            secondary["Description"], secondary["DeleteOnRelease"]) == (
        "InUse", vswitch, vpc_id, "data-leg", "second leg", True)  # fmt: skip
    assert secondary["SecurityGroupIds"]["SecurityGroupId"] == [group]
    assert len(listed["Primary"]["Ipv6Sets"]["Ipv6Set"]) == 2
    legacy.generic_call("DeleteInstance", InstanceId=instance_id, Force="true")
    gone = api.call("DescribeNetworkInterfaces", RegionId=REGION, VSwitchId=vswitch)
    assert gone["NetworkInterfaceSets"]["NetworkInterfaceSet"] == []


def test_run_instances_attaches_an_existing_eni(legacy: Api, vpc: tuple[str, str, str]) -> None:
    existing = legacy.generic_call("CreateNetworkInterface", RegionId=REGION, VSwitchId=vpc[1],
                                   SecurityGroupId=vpc[2])["NetworkInterfaceId"]  # fmt: skip
    made = legacy.generic_call("RunInstances", **base(VSwitchId=vpc[1], SecurityGroupId=vpc[2],
                                                      **{"NetworkInterface.1.NetworkInterfaceId": existing}))  # fmt: skip
    [instance_id] = made["InstanceIdSets"]["InstanceIdSet"]
    assert {e["NetworkInterfaceId"]: e["Status"] for e in enis(legacy, instance_id)}[existing] == "InUse"
    legacy.generic_call("DeleteInstance", InstanceId=instance_id, Force="true")
    # Made on its own, it is detached and kept (not made with the instance).
    kept = legacy.generic_call("DescribeNetworkInterfaces", RegionId=REGION, **{"NetworkInterfaceId.1": existing})
    assert [e["Status"] for e in kept["NetworkInterfaceSets"]["NetworkInterfaceSet"]] == ["Available"]


# --- the default VPC: no VSwitchId --------------------------------------------------------------------------------


def test_without_vswitch_an_instance_goes_to_the_default_vpc(make_server: Callable[..., ServerProcess]) -> None:
    api = Api("legacy", make_server("--transition-delay", "0").endpoint, region=VPC_ONLY)
    other = api.generic_call("CreateVpc", RegionId=VPC_ONLY, CidrBlock="192.168.0.0/16")["VpcId"]
    stranger = new_group(api, other)
    default = api.generic_call("CreateDefaultVpc", RegionId=VPC_ONLY)["VpcId"]
    own = new_group(api, default)
    fields = {"RegionId": VPC_ONLY, "InstanceType": INSTANCE_TYPE, "ImageId": IMAGE, "ZoneId": "cn-zhangjiakou-b"}
    err = api.generic_fail("CreateInstance", SecurityGroupId=stranger, **fields)
    # CreateInstance: 400 InvalidSecurityGroup.NotInDefaultVpc (the message prints %s).
    assert (err.status, err.code, err.message) == (
        400,
        "InvalidSecurityGroup.NotInDefaultVpc",
        "The specified security group is not in the default VPC.",
    )
    instance_id = api.generic_call("CreateInstance", SecurityGroupId=own, **fields)["InstanceId"]
    attributes = api.generic_call("DescribeInstanceAttribute", InstanceId=instance_id)["VpcAttributes"]
    [vswitch] = api.generic_call("DescribeVSwitches", RegionId=VPC_ONLY, VpcId=default)["VSwitches"]["VSwitch"]
    assert (attributes["VpcId"], attributes["VSwitchId"]) == (default, vswitch["VSwitchId"])
    assert (vswitch["IsDefault"], vswitch["ZoneId"], vswitch["Status"]) == (True, "cn-zhangjiakou-b", "Available")


def test_a_pending_default_vpc_has_an_incorrect_status(make_server: Callable[..., ServerProcess]) -> None:
    api = Api("legacy", make_server("--transition-delay", "3").endpoint, region=VPC_ONLY)
    other = api.generic_call("CreateVpc", RegionId=VPC_ONLY, CidrBlock="192.168.0.0/16")["VpcId"]
    wait_for(lambda: api.generic_call("DescribeVpcAttribute", RegionId=VPC_ONLY, VpcId=other)["Status"] == "Available",
             what="the VPC")  # fmt: skip
    group = new_group(api, other)
    api.generic_call("CreateDefaultVpc", RegionId=VPC_ONLY)
    err = api.generic_fail("CreateInstance", RegionId=VPC_ONLY, InstanceType=INSTANCE_TYPE, ImageId=IMAGE,
                           SecurityGroupId=group)  # fmt: skip
    # CreateInstance: 400 IncorrectDefaultVpcStatus "The status of the default VPC is invalid."
    assert (err.status, err.code, err.message) == (
        400,
        "IncorrectDefaultVpcStatus",
        "The status of the default VPC is invalid.",
    )


# --- RAM roles: a server with the admin API -----------------------------------------------------------------------


def admin(server: ServerProcess, method: str, path: str, body: Any = None) -> requests.Response:
    return requests.request(method, f"http://{server.endpoint}/_classiclink/admin/accounts/{DEFAULT_ACCOUNT_ID}{path}",
                            headers={"Authorization": f"Bearer {ADMIN}"}, json=body, timeout=10)  # fmt: skip


@pytest.fixture(scope="module")
def role_server() -> Iterator[ServerProcess]:
    proc = ServerProcess("--transition-delay", "0", "--admin-token", ADMIN).start()
    for name, trust in (("EcsRole", ECS_TRUST), ("PeopleRole", PEOPLE_TRUST)):
        created = admin(proc, "POST", "/roles", {"RoleName": name, "AssumeRolePolicyDocument": trust})
        assert created.status_code in (200, 201), created.text
    yield proc
    proc.close()


def ram_user(server: ServerProcess, name: str, *actions: str) -> Api:
    assert admin(server, "POST", "/users", {"UserName": name}).status_code == 201
    document = {"Version": "1", "Statement": [{"Effect": "Allow", "Action": list(actions), "Resource": "*"}]}
    assert admin(server, "PUT", f"/policies/{name}-policy", {"PolicyDocument": document}).status_code == 201
    assert admin(server, "POST", f"/users/{name}/policies", {"PolicyName": f"{name}-policy"}).status_code == 200
    key = admin(server, "POST", "/access-keys", {"UserName": name}).json()
    return Api("legacy", server.endpoint, key=key["AccessKeyId"], secret=key["AccessKeySecret"])


def test_instance_ram_roles_must_be_ecs_roles_a_user_may_pass(role_server: ServerProcess) -> None:
    root = Api("legacy", role_server.endpoint)
    vpc_id, vswitch = new_vswitch(root)
    fields = base(VSwitchId=vswitch, SecurityGroupId=new_group(root, vpc_id))
    # CreateInstance: 401 InvalidRamRole.NotEcsRole — the role's trust policy does not name ecs.aliyuncs.com.
    err = root.generic_fail("CreateInstance", RamRoleName="PeopleRole", **fields)
    assert (err.status, err.code, err.message) == (
        401,
        "InvalidRamRole.NotEcsRole",
        "The specified ram role is not authorized for ecs, please check your role policy.",
    )
    # CreateInstance: 403 InvalidUser.PassRoleForbidden — a RAM user allowed ECS but not ram:PassRole.
    err = ram_user(role_server, "builder", "ecs:*").generic_fail("CreateInstance", RamRoleName="EcsRole", **fields)
    assert (err.status, err.code, err.message) == (
        403,
        "InvalidUser.PassRoleForbidden",
        "The RAM user does not have the privilege to pass a RAM role.",
    )
    passer = ram_user(role_server, "passer", "ecs:*", "ram:PassRole")
    instance_id = passer.generic_call("CreateInstance", RamRoleName="EcsRole", **fields)["InstanceId"]
    roles = root.generic_call("DescribeInstanceRamRole", RegionId=REGION, InstanceIds=json.dumps([instance_id]))
    assert roles["InstanceRamRoleSets"]["InstanceRamRoleSet"] == [{"RamRoleName": "EcsRole", "InstanceId": instance_id}]


# --- the other core actions ---------------------------------------------------------------------------------------


def test_delete_vpc_with_a_security_group(legacy: Api) -> None:
    # DeleteVpc: 400 DependencyViolation.SecurityGroup "Specified object has dependent resources SecurityGroup."
    vpc_id = legacy.generic_call("CreateVpc", RegionId=REGION, CidrBlock="192.168.0.0/16")["VpcId"]
    group = new_group(legacy, vpc_id)
    err = legacy.generic_fail("DeleteVpc", RegionId=REGION, VpcId=vpc_id)
    assert (err.status, err.code, err.message) == (
        400,
        "DependencyViolation.SecurityGroup",
        "Specified object has dependent resources SecurityGroup.",
    )
    legacy.generic_call("DeleteSecurityGroup", RegionId=REGION, SecurityGroupId=group)
    legacy.generic_call("DeleteVpc", RegionId=REGION, VpcId=vpc_id)


def test_create_vpc_with_a_malformed_description(legacy: Api) -> None:
    # CreateVpc: 400 InvalidVpcDiscription.Malformed (sic) "Specified VPC description is not valid."
    err = legacy.generic_fail("CreateVpc", RegionId=REGION, CidrBlock="192.168.0.0/16", Description="http://x")
    assert (err.status, err.code, err.message) == (
        400,
        "InvalidVpcDiscription.Malformed",
        "Specified VPC description is not valid.",
    )


@pytest.mark.parametrize("flavour", ["legacy", "tea"])
def test_describe_classic_link_instances_errors(server: ServerProcess, flavour: str) -> None:
    api = Api(flavour, server.endpoint)
    vpc_id = api.generic_call("CreateVpc", RegionId=REGION, CidrBlock="192.168.0.0/16")["VpcId"]
    # DescribeClassicLinkInstances (2019/2020 tables): 403 InvalidVpc.NotBelong for another owner's VPC ...
    err = api.generic_fail("DescribeClassicLinkInstances", RegionId=REGION, VpcId=vpc_id, OwnerId="2000000000000002")
    assert (err.status, err.code, err.message) == (
        403,
        "InvalidVpc.NotBelong",
        "The specified vpc is not belong to you.",
    )
    # ... and its own region error (2018 table): 400 InvalidRegionId.Malformed "The specified RegionId is invalid."
    err = api.generic_fail("DescribeClassicLinkInstances", RegionId="cn-nowhere", VpcId=vpc_id)
    assert (err.status, err.code, err.message) == (
        400,
        "InvalidRegionId.Malformed",
        "The specified RegionId is invalid.",
    )


def test_disable_classic_link_where_there_is_no_classic_network(server: ServerProcess) -> None:
    # DisableVpcClassicLink: 400 Forbbiden (sic) "the specified resource does not support this operation.", as
    # EnableVpcClassicLink answers Forbidden.EnableClassicLink in a region without the classic network.
    api = Api("legacy", server.endpoint, region=VPC_ONLY)
    vpc_id = api.generic_call("CreateVpc", RegionId=VPC_ONLY, CidrBlock="192.168.0.0/16")["VpcId"]
    err = api.generic_fail("DisableVpcClassicLink", RegionId=VPC_ONLY, VpcId=vpc_id)
    assert (err.status, err.code, err.message) == (
        400,
        "Forbbiden",
        "the specified resource does not support this operation.",
    )
