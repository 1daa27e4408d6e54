"""Account conditions end to end: set through the admin API (PUT /_classiclink/admin/accounts/{uid}/conditions),
seen as the documented error through the official SDKs, cleared (DELETE), and the same call succeeds.

Codes and messages are the error tables of AlibabaCloudDocs/ecs `intl.en-US/API Reference/Instances/
CreateInstance.md` and `RunInstances.md`, `Disk/CreateDisk.md`, `Instances/StartInstance.md`; a "%s" message
is the emulator's wording (docs/compatibility.md, "Account conditions")."""

from __future__ import annotations

import base64
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import requests
from Tea.exceptions import TeaException

from classiclink.domain.regions import REGIONS
from classiclink.testing import ClassicLinkClients, TestAccount
from support.ecs_world import IMAGE, INSTANCE_TYPE, new_group, new_vswitch
from support.sdk import REGION, Api
from support.server import ServerProcess

TOKEN = "conditions-e2e-token"
ZONE = "cn-hangzhou-i"  # new_vswitch's zone
FAMILY = INSTANCE_TYPE.rsplit(".", 1)[0]


@pytest.fixture(scope="module")
def admin_server() -> Iterator[ServerProcess]:
    proc = ServerProcess("--transition-delay", "0", "--admin-token", TOKEN).start()
    yield proc
    proc.close()


def admin(server: ServerProcess, method: str, path: str, body: Any = None) -> requests.Response:
    return requests.request(method, f"http://{server.endpoint}/_classiclink/admin{path}", timeout=10,
                            headers={"Authorization": f"Bearer {TOKEN}"},
                            data=None if body is None else json.dumps(body))  # fmt: skip


@dataclass
class World:
    """A fresh account with a VPC, a vSwitch in ZONE and a VPC security group."""

    server: ServerProcess
    uid: str
    legacy: Api
    tea: Api
    vswitch: str
    group: str
    vpc: str

    def conditions(self, document: dict[str, Any]) -> None:
        answer = admin(self.server, "PUT", f"/accounts/{self.uid}/conditions", document)
        assert answer.status_code == 200, answer.text

    def clear(self) -> None:
        assert admin(self.server, "DELETE", f"/accounts/{self.uid}/conditions").status_code == 200

    def instance(self, **extra: Any) -> dict[str, Any]:
        return {"RegionId": REGION, "InstanceType": INSTANCE_TYPE, "ImageId": IMAGE, "VSwitchId": self.vswitch,
                "SecurityGroupId": self.group, **extra}  # fmt: skip


@pytest.fixture
def world(admin_server: ServerProcess) -> World:
    uid = admin(admin_server, "POST", "/accounts", {}).json()["AccountId"]
    key = admin(admin_server, "POST", f"/accounts/{uid}/access-keys", {}).json()
    legacy = Api("legacy", admin_server.endpoint, key=key["AccessKeyId"], secret=key["AccessKeySecret"])
    tea = Api("tea", admin_server.endpoint, key=key["AccessKeyId"], secret=key["AccessKeySecret"])
    vpc_id, vswitch = new_vswitch(legacy)
    return World(admin_server, uid, legacy, tea, vswitch, new_group(legacy, vpc_id), vpc_id)


USER_DATA = base64.b64encode(b"echo hi").decode()
SPOT = {"SpotStrategy": "SpotAsPriceGo"}
KEY = "0e478b7a-4262-4802-b8cb-00d3fb40e2e0"
EXTERNAL = {"KeyId": KEY, "Origin": "EXTERNAL"}  # "For a BYOK-based CMK, the value of Origin is EXTERNAL" (KMS)
ENCRYPTED = {"DataDisk.1.Size": "40", "DataDisk.1.Encrypted": "true", "DataDisk.1.KMSKeyId": KEY}

# (conditions, extra CreateInstance parameters, status, code, message): CreateInstance.md's error table.
CREATE_INSTANCE: list[tuple[dict[str, Any], dict[str, Any], int, str, str]] = [
    ({"OperationUnsupported": True}, {}, 400, "OperationDenied", "The current user does not support this operation."),
    ({"UnauthorizedRegions": [REGION]}, {}, 403, "RegionUnauthorized",
     "There is no authority to create instance in the specified region."),
    ({"SuspendedRegions": [REGION]}, {}, 403, "OperationDenied",
     "Sales of this resource are temporarily suspended in the specified region; please try again later."),
    ({"ZonesNotOpen": [ZONE]}, {}, 403, "Zone.NotOpen", "The specified zone is not granted to you to buy resources yet."),
    ({"ZonesNotOnSale": [ZONE]}, {}, 403, "Zone.NotOnSale", "The specified zone is not available for purchase."),
    ({"ClosedZones": [ZONE]}, {}, 403, "OperationDenied", "The creation of Instance to the specified Zone is not allowed."),
    ({"ZonesWithoutVpc": [ZONE]}, {}, 400, "ResourceNotAvailable",
     "Resource you requested is not available in this region or zone."),
    ({"RegionsWithoutVpc": [REGION]}, {}, 400, "ResourceNotAvailable",
     "Resource you requested is not available in this region or zone."),
    ({"UnauthorizedInstanceTypes": [INSTANCE_TYPE]}, {}, 400, "InvalidInstanceType.ValueUnauthorized",
     "The specified InstanceType is not authorized."),
    ({"UnauthorizedInstanceTypes": [FAMILY]}, {}, 400, "InvalidInstanceType.ValueUnauthorized",
     "The specified InstanceType is not authorize."),
    ({"UnauthorizedDiskCategories": ["cloud_essd"]}, {"SystemDisk.Category": "cloud_essd"}, 403,
     "InvalidSystemDiskCategory.ValueUnauthorized", "The disk category is not authorized."),
    ({"UnauthorizedDiskCategories": ["cloud_essd"]}, {"DataDisk.1.Size": "40", "DataDisk.1.Category": "cloud_essd"},
     403, "InvalidDiskCategory.ValueUnauthorized", "The disk category is not authorized."),
    ({"SpotUnauthorized": True}, SPOT, 400, "InvalidSpotAliUid", "The specified UID is not authorized to use SPOT instance."),
    ({"SpotDurationUnauthorized": True}, {**SPOT, "SpotDuration": "1"}, 400, "InvalidSpotAuthorized",
     "The specified Spot param is unauthorized."),
    ({"UserDataForbidden": True}, {"UserData": USER_DATA}, 403, "InvalidUserData.Forbidden",
     'User not authorized to input the parameter "UserData", please apply for permission "UserData"'),
    ({"KmsUnauthorized": True}, ENCRYPTED, 403, "InvalidParameter.KMSKeyId.KMSUnauthorized",
     "ECS service have no right to access your KMS."),
    ({"KmsUnauthorized": True}, {"DataDisk.1.Size": "40", "DataDisk.1.Encrypted": "true"}, 403,
     "InvalidParameter.KMSKeyId.KMSUnauthorized", "ECS service have no right to access your KMS."),
    ({"KmsKeys": []}, ENCRYPTED, 404, "InvalidParameter.KMSKeyId.NotFound", "The specified KMSKeyId does not exist."),
    ({"KmsKeys": [{"KeyId": KEY, "RegionId": "cn-beijing"}]}, ENCRYPTED, 404, "InvalidParameter.KMSKeyId.NotFound",
     "The specified KMSKeyId does not exist."),
    ({"KmsKeys": [EXTERNAL], "ByokUnsupportedRegions": [REGION]}, ENCRYPTED, 403, "InvalidRegion.NotSupport",
     "The specified region does not support byok."),
    ({"KmsKeys": [EXTERNAL], "ByokNotWhitelisted": True}, ENCRYPTED, 403, "UserNotInTheWhiteList",
     "The user is not in byok white list."),
    ({"KmsKeys": [{"KeyId": KEY, "KeyState": "Disabled"}]}, ENCRYPTED, 403, "InvalidParameter.KMSKeyId.CMKNotEnabled",
     "The CMK needs to be enabled."),
    ({"OfflineInstanceTypes": [INSTANCE_TYPE]}, {}, 403, "InstanceType.Offline",
     f"The instance type {INSTANCE_TYPE} is offline."),
    ({"ZoneUnsupportedInstanceTypes": [{"ZoneId": ZONE, "InstanceType": INSTANCE_TYPE}]}, {}, 403,
     "InvalidInstanceType.ZoneNotSupported", "The specified zone does not support this instancetype."),
    ({"InstanceTypesNotOnSale": [{"ZoneId": ZONE, "InstanceType": INSTANCE_TYPE}]}, {}, 400, "Zone.NotOnSale",
     f"The requested instance type {INSTANCE_TYPE} is not on sale in the zone {ZONE}."),
    ({"SoldOut": [{"ZoneId": ZONE, "InstanceType": INSTANCE_TYPE}]}, {}, 403, "OperationDenied.NoStock",
     "The requested resource is sold out in the specified zone; try other types of resources or other regions and "
     "zones."),
    ({"Quotas": {"PostPaidInstances": 0}}, {}, 400, "QuotaExceed.AfterpayInstance",
     "The maximum number of Pay-As-You-Go instances is exceeded."),
    ({"Quotas": {"InstanceTypes": {INSTANCE_TYPE: 0}}}, {}, 403, "QuotaExceed.ElasticQuota",
     "No additional quota is available for the specified ECS instance type."),
    ({"Quotas": {"VCpusPerZone": 0}}, {}, 403, "QuotaExceed.ElasticQuota",
     "The number of vCPUs assigned to the ECS instances has exceeded the quota in the zone."),
    ({"Quotas": {"VCpusPerZone": 0, "InstanceTypes": {INSTANCE_TYPE: 0}}}, {}, 403, "QuotaExceed.ElasticQuota",
     "The number of the specified ECS instances has exceeded the quota of the specified instance type, or the number "
     "of vCPUs assigned to the ECS instances has exceeded the quota in the zone."),
    ({"Quotas": {"InstancesPerVpc": 0}}, {}, 400, "QuotaExceeded", "Living instances quota exceeded in this VPC."),
    ({"Quotas": {"PrivateIpsPerVSwitch": 0}}, {}, 400, "QuotaExceeded.PrivateIpAddress",
     "Don't have enough private IPs in this switch."),
    ({"Quotas": {"PostPaidDisks": 0}}, {}, 403, "QuotaExceed.PostPaidDisk", "Living postPaid disks quota exceeded."),
    ({"Quotas": {"PortableDisks": 0}}, {"DataDisk.1.Size": "40"}, 403, "QuotaExceed.PortableCloudDisk",
     "The quota of portable cloud disk exceeds."),
    ({"RealNameUnverified": True}, {}, 403, "RealNameAuthenticationError",
     "Your account has not passed the real-name authentication yet."),
    ({"Arrearage": True}, {}, 400, "Account.Arrearage", "Your account has an outstanding payment."),
    ({"NoPaymentMethod": True}, {}, 404, "PaymentMethodNotFound", "No payment method has been registered on the account."),
    ({"CardVerificationRequired": True}, {}, 403, "SecurityRisk.3DVerification",
     "We have detected a security risk with your default credit or debit card. Please proceed with verification via "
     "the link in your email."),
    ({"IllegalPaymentPolicy": True}, {}, 400, "OperationDenied.IllegalPaymentPolicy",
     "The current payment policy is illegal, please connect your service provider to authenticate relative "
     "agreement."),
    ({"InsufficientBalance": True}, {}, 403, "InvalidAccountStatus.NotEnoughBalance",
     "Your account does not have enough balance."),
    # "If you set this parameter to PrePaid, make sure that you have sufficient balance or credit within your
    # account. Otherwise, an InvalidPayMethod error is returned." (InstanceChargeType)
    ({"InsufficientBalance": True}, {"InstanceChargeType": "PrePaid", "Period": "1"}, 403, "InvalidPayMethod",
     "The specified pay method is not valid."),
]  # fmt: skip


@pytest.mark.parametrize(("conditions", "extra", "status", "code", "message"), CREATE_INSTANCE,
                         ids=[f"{c[3]}-{n}" for n, c in enumerate(CREATE_INSTANCE)])  # fmt: skip
def test_create_instance_answers_the_condition_until_it_is_cleared(world: World, conditions: dict[str, Any],
                                                                    extra: dict[str, Any], status: int, code: str,
                                                                    message: str) -> None:  # fmt: skip
    world.conditions(conditions)
    world.legacy.generic_fail("CreateInstance", **world.instance(**extra)).expect(status, code, message)
    world.clear()
    assert world.legacy.generic_call("CreateInstance", **world.instance(**extra))["InstanceId"].startswith("i-")


def test_a_quota_reached_says_how_far(world: World) -> None:
    # QuotaExceed.AfterpayInstance "The maximum number of Pay-As-You-Go instances is exceeded: %s" and
    # QuotaExceed.ElasticQuota "The number of the specified ECS instances has exceeded the quota ..."
    world.conditions({"Quotas": {"PostPaidInstances": 1, "InstanceTypes": {INSTANCE_TYPE: 5}}})
    world.legacy.generic_call("CreateInstance", **world.instance())
    world.legacy.generic_fail("CreateInstance", **world.instance()).expect(
        400,
        "QuotaExceed.AfterpayInstance",
        "The maximum number of Pay-As-You-Go instances is exceeded: 1 allowed, 1 in use, 1 requested",
    )
    world.conditions({"Quotas": {"InstanceTypes": {INSTANCE_TYPE: 1}}})
    world.legacy.generic_fail("CreateInstance", **world.instance()).expect(
        403,
        "QuotaExceed.ElasticQuota",
        "The number of the specified ECS instances has exceeded the quota of the specified instance type.",
    )
    world.conditions({"Quotas": {"InstanceTypes": {INSTANCE_TYPE: 2}}})
    world.legacy.generic_call("CreateInstance", **world.instance())  # the quota raised: room for one more


# (conditions, status, code, message): RunInstances.md words these its own way; the Tea SDK.
RUN_INSTANCES: list[tuple[dict[str, Any], int, str, str]] = [
    ({"Arrearage": True}, 400, "Account.Arrearage", "Your account has been in arrears."),
    ({"ZonesNotOnSale": [ZONE]}, 403, "Zone.NotOnSale",
     "The resource in the specified zone is no longer available for sale. Please try other regions and zones."),
    ({"ClosedZones": [ZONE]}, 403, "OperationDenied.ZoneNotAllowed",
     "The creation of Instance to the specified Zone is not allowed."),
    ({"SuspendedRegions": [REGION]}, 403, "OperationDenied.ResourceControl",
     "The specified region is in resource control, please try later."),
    ({"Quotas": {"PostPaidInstances": 0}}, 400, "QuotaExceed.AfterpayInstance", "Living afterpay instances quota exceeded."),
    ({"Quotas": {"PrivateIpsPerVSwitch": 0}}, 400, "QuotaExceeded.PrivateIpAddress",
     "Don't have enough private IPs in this switch"),
    ({"InsufficientBalance": True}, 403, "InsufficientBalance", "Your account does not have enough balance."),
    ({"SoldOut": [{"InstanceType": INSTANCE_TYPE}]}, 403, "OperationDenied.NoStock",
     "The requested resource is sold out in the specified zone; try other types of resources or other regions and "
     "zones."),
]  # fmt: skip


@pytest.mark.parametrize(("conditions", "status", "code", "message"), RUN_INSTANCES,
                         ids=[f"{c[2]}-{n}" for n, c in enumerate(RUN_INSTANCES)])  # fmt: skip
def test_run_instances_answers_its_own_wording(world: World, conditions: dict[str, Any], status: int, code: str,
                                               message: str) -> None:  # fmt: skip
    world.conditions(conditions)
    world.tea.fail("RunInstances", **world.instance(Amount=2)).expect(status, code, message)
    world.clear()
    assert len(world.tea.call("RunInstances", **world.instance(Amount=2))["InstanceIdSets"]["InstanceIdSet"]) == 2


# (conditions, extra CreateDisk parameters, status, code, message): CreateDisk.md's error table.
CREATE_DISK: list[tuple[dict[str, Any], dict[str, Any], int, str, str]] = [
    ({"UnauthorizedRegions": [REGION]}, {}, 400, "RegionUnauthorized",
     f"There is no authority to create disk in the region {REGION}."),
    ({"ZonesNotOpen": [ZONE]}, {}, 400, "OperationDenied", "The specified Zone is not available or not authorized."),
    ({"ZonesNotOnSale": [ZONE]}, {}, 400, "Zone.NotOnSale", f"The requested disk is not on sale in the zone {ZONE}."),
    ({"UnauthorizedDiskCategories": ["cloud_essd"]}, {"DiskCategory": "cloud_essd"}, 403,
     "InvalidDiskCategory.ValueUnauthorized", "The disk category is not authorized."),
    ({"Quotas": {"PostPaidDisks": 0}}, {}, 403, "QuotaExceed.PostPaidDisk", "Living postPaid disks quota exceeded."),
    ({"Quotas": {"PortableDisks": 0}}, {}, 403, "QuotaExceed.PortableCloudDisk",
     "The quota of portable cloud disk exceeds."),
    ({"Arrearage": True}, {}, 400, "Account.Arrearage", "Your account has an outstanding payment."),
    ({"InsufficientBalance": True}, {}, 403, "InvalidAccountStatus.NotEnoughBalance",
     "Your account does not have enough balance."),
    ({"KmsUnauthorized": True}, {"Encrypted": "true"}, 403, "InvalidParameter.KMSKeyId.KMSUnauthorized",
     "ECS service have no right to access your KMS."),
    ({"KmsKeys": []}, {"Encrypted": "true", "KMSKeyId": KEY}, 404, "InvalidParameter.KMSKeyId.NotFound",
     "The specified KMSKeyId does not exist."),
    ({"KmsKeys": [EXTERNAL], "ByokUnsupportedRegions": [REGION]}, {"Encrypted": "true", "KMSKeyId": KEY}, 403,
     "InvalidRegion.NotSupport", "The specified region does not support byok."),
    ({"KmsKeys": [EXTERNAL], "ByokNotWhitelisted": True}, {"Encrypted": "true", "KMSKeyId": KEY}, 403,
     "UserNotInTheWhiteList", "The user is not in byok white list."),
    ({"KmsKeys": [{**EXTERNAL, "KeyState": "PendingImport"}]}, {"Encrypted": "true", "KMSKeyId": KEY}, 403,
     "InvalidParameter.KMSKeyId.CMKNotEnabled", "The CMK needs to be enabled."),
]  # fmt: skip


@pytest.mark.parametrize(("conditions", "extra", "status", "code", "message"), CREATE_DISK,
                         ids=[f"{c[3]}-{n}" for n, c in enumerate(CREATE_DISK)])  # fmt: skip
def test_create_disk_answers_the_condition(world: World, conditions: dict[str, Any], extra: dict[str, Any],
                                           status: int, code: str, message: str) -> None:  # fmt: skip
    disk = {"RegionId": REGION, "ZoneId": ZONE, "Size": "40", **extra}
    world.conditions(conditions)
    world.legacy.generic_fail("CreateDisk", **disk).expect(status, code, message)
    assert world.legacy.generic_call("DescribeDisks", RegionId=REGION)["TotalCount"] == 0  # nothing was made
    world.clear()
    assert world.legacy.generic_call("CreateDisk", **disk)["DiskId"].startswith("d-")


def test_start_instance_needs_a_balance(world: World) -> None:
    # StartInstance.md: 403 InsufficientBalance "Your account does not have enough balance."
    instance = world.legacy.generic_call("CreateInstance", **world.instance())["InstanceId"]
    world.conditions({"InsufficientBalance": True})
    world.tea.fail("StartInstance", InstanceId=instance).expect(
        403, "InsufficientBalance", "Your account does not have enough balance."
    )
    world.clear()
    world.tea.call("StartInstance", InstanceId=instance)


def test_run_instances_checks_the_system_disks_key(world: World) -> None:
    # RunInstances' SystemDisk.Encrypted / SystemDisk.KMSKeyId; 403 InvalidParameter.KMSKeyId.CMKNotEnabled.
    system = {"SystemDisk": {"Category": "cloud_essd", "Encrypted": "true", "KMSKeyId": KEY}}
    world.conditions({"KmsKeys": [{"KeyId": KEY, "KeyState": "PendingDeletion"}]})
    world.tea.fail("RunInstances", **world.instance(**system)).expect(
        403, "InvalidParameter.KMSKeyId.CMKNotEnabled", "The CMK needs to be enabled."
    )
    world.conditions({"KmsKeys": [{"KeyId": KEY}]})
    [made] = world.tea.call("RunInstances", **world.instance(**system))["InstanceIdSets"]["InstanceIdSet"]
    shown = world.legacy.generic_call("DescribeDisks", RegionId=REGION, InstanceId=made, DiskType="system")
    [disk] = shown["Disks"]["Disk"]
    assert (disk["Encrypted"], disk["KMSKeyId"]) == (True, KEY)


# (conditions, status, code, message): the CreateVpc reference's error table (VPC 2016-04-28). The 2019 page
# prints ResourceNotAvailable.Vpc's message as "%s"; the current one gives the wording answered.
CREATE_VPC: list[tuple[dict[str, Any], int, str, str]] = [
    ({"RegionsWithoutVpc": [REGION]}, 400, "ResourceNotAvailable.Vpc",
     "Resource you requested is not available in this region or zone."),
    # "You cannot create a vSwitch in the current region or zone.": no zone of the region takes one
    ({"ZonesWithoutVpc": list(REGIONS[REGION].zones)}, 400, "ResourceNotAvailable",
     "Resource you requested is not available in this region or zone."),
]  # fmt: skip


@pytest.mark.parametrize(("conditions", "status", "code", "message"), CREATE_VPC, ids=[c[2] for c in CREATE_VPC])
def test_create_vpc_where_vpcs_are_not_available(world: World, conditions: dict[str, Any], status: int, code: str,
                                                  message: str) -> None:  # fmt: skip
    world.conditions(conditions)
    world.tea.fail("CreateVpc", RegionId=REGION, CidrBlock="192.168.0.0/16").expect(status, code, message)
    assert world.tea.call("DescribeVpcs", RegionId=REGION)["TotalCount"] == 1  # the world's own: nothing made
    world.conditions({"ZonesWithoutVpc": [ZONE]})  # other zones still take vSwitches
    assert world.tea.call("CreateVpc", RegionId=REGION, CidrBlock="192.168.0.0/16")["VpcId"].startswith("vpc-")


# --- instances locked for security reasons ---------------------------------------------------------------------

SECURITY = "The specified operation is denied as your instance is locked for security reasons."


def test_a_security_lock_shows_in_describe_instances_and_refuses_the_instances_writes(world: World) -> None:
    locked = world.legacy.generic_call("CreateInstance", **world.instance())["InstanceId"]
    free = world.legacy.generic_call("CreateInstance", **world.instance())["InstanceId"]
    world.conditions({"SecurityLockedInstances": [locked]})
    # DescribeInstances: OperationLocks.LockReason "security: The instance was locked due to security reasons."
    shown = world.legacy.generic_call("DescribeInstances", RegionId=REGION, InstanceIds=json.dumps([locked, free]))
    locks = {i["InstanceId"]: i["OperationLocks"]["LockReason"] for i in shown["Instances"]["Instance"]}
    assert locks == {locked: [{"LockMsg": "The specified instance is locked due to security reason.",
                               "LockReason": "security"}], free: []}  # fmt: skip
    by_lock = world.tea.call("DescribeInstances", RegionId=REGION, LockReason="security")["Instances"]["Instance"]
    assert [i["InstanceId"] for i in by_lock] == [locked]
    assert world.tea.call("DescribeInstances", RegionId=REGION, LockReason="financial")["TotalCount"] == 0
    attribute = world.legacy.generic_call("DescribeInstanceAttribute", InstanceId=locked)
    assert attribute["OperationLocks"] == {"LockReason": [{"LockReason": "security"}]}
    disk = world.legacy.generic_call("CreateDisk", RegionId=REGION, ZoneId=ZONE, Size="40")["DiskId"]
    [system] = world.legacy.generic_call("DescribeDisks", RegionId=REGION, InstanceId=locked)["Disks"]["Disk"]
    other_group = new_group(world.legacy, world.vpc)
    # "API behavior when an instance is locked for security reasons" and each action's error table.
    refused: list[tuple[str, dict[str, Any], int, str]] = [
        ("StartInstance", {"InstanceId": locked}, 403, SECURITY),
        ("ModifyInstanceAttribute", {"InstanceId": locked, "InstanceName": "renamed"}, 403, SECURITY),
        ("JoinSecurityGroup", {"InstanceId": locked, "SecurityGroupId": other_group}, 403, SECURITY),
        ("AttachDisk", {"InstanceId": locked, "DiskId": disk}, 403, "The instance is locked due to security."),
        ("ResizeDisk", {"DiskId": system["DiskId"], "NewSize": "100"}, 403, "The instance is locked due to security."),
        ("CreateSnapshot", {"DiskId": system["DiskId"]}, 403, "The disk attached instance is locked due to security."),
        ("CreateImage", {"RegionId": REGION, "InstanceId": locked}, 400, SECURITY),
    ]  # fmt: skip
    for action, params, status, message in refused:
        world.legacy.generic_fail(action, **params).expect(status, "InstanceLockedForSecurity", message)
    world.legacy.generic_call("StartInstance", InstanceId=free)  # the account's other instance is not locked
    world.clear()
    world.legacy.generic_call("StartInstance", InstanceId=locked)
    assert world.tea.call("DescribeInstances", RegionId=REGION, LockReason="security")["TotalCount"] == 0


def test_deleting_a_locked_instance(world: World) -> None:
    # DeleteInstance: "Even if DeleteWithInstance is set to false for the data disks that are attached to the
    # instance, this parameter is ignored and the data disks are released along with the instance"; its error
    # table's 403 InstanceLockedForSecurity with SecurityLockDeniesRelease.
    kept = {"DataDisk.1.Size": "40", "DataDisk.1.DeleteWithInstance": "false"}
    locked = world.legacy.generic_call("CreateInstance", **world.instance(**kept))["InstanceId"]
    free = world.legacy.generic_call("CreateInstance", **world.instance(**kept))["InstanceId"]
    world.conditions({"SecurityLockedInstances": [locked], "SecurityLockDeniesRelease": True})
    world.legacy.generic_fail("DeleteInstance", InstanceId=locked).expect(403, "InstanceLockedForSecurity", SECURITY)
    world.conditions({"SecurityLockedInstances": [locked]})
    for instance in (locked, free):
        world.legacy.generic_call("DeleteInstance", InstanceId=instance)
    left = world.legacy.generic_call("DescribeDisks", RegionId=REGION)["Disks"]["Disk"]
    assert [(d["Type"], d["Status"]) for d in left] == [("data", "Available")]  # the free instance's only


def test_a_locked_classic_instance_is_not_linked(world: World) -> None:
    # AttachClassicLinkVpc: 403 InvalidStatus.InstanceLocked, the 2019 wording the emulator answers for it.
    world.legacy.generic_call("EnableVpcClassicLink", RegionId=REGION, VpcId=world.vpc)
    classic = world.legacy.generic_call("CreateInstance", RegionId=REGION, InstanceType="ecs.t1.small",
                                        ImageId="centos_7_9_x64_20G_alibase_20230718.vhd",
                                        SecurityGroupId=new_group(world.legacy))["InstanceId"]  # fmt: skip
    world.conditions({"SecurityLockedInstances": [classic]})
    link = {"RegionId": REGION, "InstanceId": classic, "VpcId": world.vpc}
    world.tea.fail("AttachClassicLinkVpc", **link).expect(
        403, "InvalidStatus.InstanceLocked", "The specified instance is locked,please wait more."
    )
    world.clear()
    world.tea.call("AttachClassicLinkVpc", **link)


# --- the admin API ---------------------------------------------------------------------------------------------


def test_the_admin_api_shows_replaces_and_clears_conditions(world: World) -> None:
    path = f"/accounts/{world.uid}/conditions"
    shown = admin(world.server, "GET", path).json()
    assert shown["AccountId"] == world.uid and shown["Conditions"]["Arrearage"] is False
    assert shown["Conditions"]["Quotas"]["PostPaidInstances"] is None  # every condition is listed, off
    put = admin(world.server, "PUT", path, {"Arrearage": True, "SoldOut": [{"ZoneId": ZONE}]}).json()["Conditions"]
    assert put == admin(world.server, "GET", path).json()["Conditions"]
    assert put["Arrearage"] is True and put["SoldOut"] == [{"ZoneId": ZONE}]
    replaced = admin(world.server, "PUT", path, {"RealNameUnverified": True}).json()["Conditions"]
    assert replaced["Arrearage"] is False and replaced["SoldOut"] == []  # PUT replaces the whole set
    assert admin(world.server, "DELETE", path).json()["Conditions"]["RealNameUnverified"] is False
    world.legacy.generic_call("CreateInstance", **world.instance())


@pytest.mark.parametrize(("body", "where"), [
    ({"Arrears": True}, "'Arrears'"),
    ({"Arrearage": 1}, "'Arrearage'"),
    ({"ZonesNotOpen": ["cn-hangzhou-z"]}, "'ZonesNotOpen[0]'"),
    ({"Quotas": {"PostPaidInstances": -1}}, "'Quotas.PostPaidInstances'"),
])  # fmt: skip
def test_a_bad_document_is_refused_and_changes_nothing(world: World, body: dict[str, Any], where: str) -> None:
    world.conditions({"Arrearage": True})
    answer = admin(world.server, "PUT", f"/accounts/{world.uid}/conditions", body)
    assert answer.status_code == 400 and answer.json()["Code"] == "InvalidParameter"
    assert where in answer.json()["Message"]
    assert admin(world.server, "GET", f"/accounts/{world.uid}/conditions").json()["Conditions"]["Arrearage"] is True


def test_unknown_accounts_and_missing_tokens(admin_server: ServerProcess) -> None:
    assert (
        admin(admin_server, "GET", "/accounts/1999999999999999/conditions").json()["Code"] == "EntityNotExist.Account"
    )
    anonymous = requests.get(f"http://{admin_server.endpoint}/_classiclink/admin/accounts/1/conditions", timeout=10)
    assert anonymous.status_code == 401


def test_reset_and_snapshots_carry_the_conditions(world: World) -> None:
    path = f"/accounts/{world.uid}/conditions"
    world.conditions({"ZonesNotOpen": [ZONE]})
    snapshot = admin(world.server, "GET", f"/accounts/{world.uid}/snapshot").json()
    assert [row["document"]["ZonesNotOpen"] for row in snapshot["tables"]["account_conditions"]] == [[ZONE]]
    removed = admin(world.server, "DELETE", f"/accounts/{world.uid}/resources").json()["Removed"]
    assert removed["account_conditions"] == 1
    assert admin(world.server, "GET", path).json()["Conditions"]["ZonesNotOpen"] == []
    assert admin(world.server, "PUT", f"/accounts/{world.uid}/snapshot", snapshot).status_code == 200
    assert admin(world.server, "GET", path).json()["Conditions"]["ZonesNotOpen"] == [ZONE]
    broken = {**snapshot, "tables": {"account_conditions": [{**snapshot["tables"]["account_conditions"][0],
                                                              "document": {"ZonesNotOpen": "all"}}]}}  # fmt: skip
    refused = admin(world.server, "PUT", f"/accounts/{world.uid}/snapshot", broken)
    assert refused.status_code == 400 and refused.json()["Code"] == "InvalidSnapshot"


# --- classiclink.testing: the in-process server and the per-test account ---------------------------------------


def test_the_per_test_account_sets_its_conditions(classiclink_account: TestAccount,
                                                  classiclink_client: ClassicLinkClients) -> None:  # fmt: skip
    from alibabacloud_ecs20140526 import models

    ecs = classiclink_client.ecs
    group = ecs.create_security_group(models.CreateSecurityGroupRequest(region_id=REGION)).body.security_group_id
    wanted = models.CreateInstanceRequest(region_id=REGION, instance_type=INSTANCE_TYPE, image_id=IMAGE,
                                          security_group_id=group)  # fmt: skip
    shown = classiclink_account.set_conditions(Arrearage=True)
    assert shown["Arrearage"] is True and classiclink_account.conditions() == shown
    with pytest.raises(TeaException) as refused:
        ecs.create_instance(wanted)
    assert (refused.value.code, refused.value.status_code) == ("Account.Arrearage", 400)
    with pytest.raises(ValueError, match="Arrears"):
        classiclink_account.set_conditions({"Arrears": True})
    classiclink_account.clear_conditions()
    assert ecs.create_instance(wanted).body.instance_id.startswith("i-")


def test_the_readme_example_runs(classiclink_account: TestAccount, classiclink_client: ClassicLinkClients) -> None:
    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    [example] = [
        code for code in re.findall(r"```python\n(.*?)```", readme, re.S) if "def test_a_sold_out_zone" in code
    ]
    namespace: dict[str, Any] = {}
    exec(compile(example, "README.md", "exec"), namespace)
    namespace["test_a_sold_out_zone"](classiclink_account, classiclink_client)
    assert classiclink_account.conditions()["SoldOut"] == [{"ZoneId": "cn-hangzhou-b"}]
