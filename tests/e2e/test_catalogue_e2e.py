"""Images, snapshots, key pairs and instance types (classiclink issue 8) through every SDK flavour: legacy
aliyun-python-sdk-ecs, the Tea SDK, and the Tea SDK's V3 signature. Each assertion cites the reference fact."""

from __future__ import annotations

import base64
import hashlib
import json
import uuid
from typing import Any

import pytest

from support.sdk import FLAVOURS, IMAGE_ID, INSTANCE_TYPE, Api, instance_status, make_classic_group, wait_for
from support.server import ServerProcess

pytestmark = pytest.mark.e2e

REGION = "cn-hangzhou"
UBUNTU = "ubuntu_22_04_x64_20G_alibase_20240926.vhd"
WINDOWS = "win2022_21H2_x64_dtc_en-us_40G_alibase_20240816.vhd"
# A 2048-bit RSA public key in OpenSSH form (made for these tests).
PUBLIC_KEY = (
    "ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABAQC0LP54KjCMC7rq2XzYCdNd5eRfvnF4eGBWibUDkmKYbC/B4XJt3JEq3Php1sn3"
    "E4Sv7SF/2l9kiosyrFFZFWCV3vlWFqQlQ8SL9yTrwOINeC34DOsgamFuS1iNZ3g3zeI2KTSHa5tqZpKV7K3crHeLtWB/Otp5v2Uz"
    "6RT6oqTsiGRW2ka8CMFltVFUfkSYNtkk/givj97OWE1JISqL7diIo+bWMnFgRu5ta4yYJPcvBj6yEAqt2HJfWdJFkq6rSWcvU2Pq"
    "zbJkj9U6UkG2BdS591aGqkuKQla7BkdoHzQWCw28xsq4K4PNB9q/gk2sCPVMPSTybrtxkLMx5v6+L3dN catalogue-test"
)


@pytest.fixture(params=FLAVOURS)
def api(server: ServerProcess, request: pytest.FixtureRequest) -> Api:
    return Api(request.param, server.endpoint)


def unique(api: Api, stem: str) -> str:
    return f"{stem}-{api.flavour}-{uuid.uuid4().hex[:8]}"


def make_instance(api: Api, group: str, image: str = IMAGE_ID) -> str:
    instance_id = str(api.call("CreateInstance", RegionId=REGION, InstanceType=INSTANCE_TYPE, ImageId=image,
                               SecurityGroupId=group)["InstanceId"])  # fmt: skip
    wait_for(lambda: instance_status(api, instance_id) == "Stopped")
    return instance_id


def images(api: Api, **params: Any) -> list[dict[str, Any]]:
    return list(api.call("DescribeImages", RegionId=REGION, **params)["Images"]["Image"])


# --- images ---


def test_public_catalogue_lists_the_documented_fields(api: Api) -> None:
    body = api.call("DescribeImages", RegionId=REGION, ImageOwnerAlias="system", PageSize=100)
    assert body["RegionId"] == REGION and body["TotalCount"] >= 15
    by_id = {i["ImageId"]: i for i in body["Images"]["Image"]}
    # The images the project always used stay valid, next to current releases.
    for image_id in ("centos_7_9_x64_20G_alibase_20230718.vhd", "ubuntu_22_04_x64_20G_alibase_20230907.vhd",
                     "aliyun_3_x64_20G_alibase_20240819.vhd", UBUNTU, WINDOWS):  # fmt: skip
        assert image_id in by_id
    alinux = by_id["aliyun_3_x64_20G_alibase_20240819.vhd"]
    assert (alinux["OSType"], alinux["Platform"], alinux["Architecture"], alinux["Size"]) == (
        "linux", "Aliyun", "x86_64", 20)  # fmt: skip
    assert alinux["ImageOwnerAlias"] == "system" and alinux["IsSupportIoOptimized"] is True
    assert alinux["Status"] == "Available" and alinux["ImageFamily"] == "acs:alibaba_cloud_linux_3_2104_lts_x64"
    assert by_id[WINDOWS]["OSType"] == "windows" and by_id[WINDOWS]["Platform"] == "Windows Server 2022"


def test_describe_images_filters(api: Api) -> None:
    # OSType, Architecture, ImageFamily, ImageName (fuzzy), ImageId (comma-separated), InstanceType (Arm types
    # run arm64 images only), IsPublic.
    assert {i["OSType"] for i in images(api, OSType="windows", PageSize=100)} == {"windows"}
    assert {i["Architecture"] for i in images(api, Architecture="arm64")} == {"arm64"}
    assert {i["ImageId"] for i in images(api, ImageFamily="acs:centos_7_9_x64")} == {
        "centos_7_9_x64_20G_alibase_20240628.vhd", "centos_7_9_x64_20G_alibase_20230718.vhd"}  # fmt: skip
    assert all("debian" in i["ImageName"] for i in images(api, ImageName="debian"))
    assert [i["ImageId"] for i in images(api, ImageId=f"{UBUNTU},{WINDOWS}")] == [UBUNTU, WINDOWS]
    assert {i["Architecture"] for i in images(api, InstanceType="ecs.g8y.large")} == {"arm64"}
    assert images(api, ImageOwnerAlias="marketplace") == []
    paged = api.call("DescribeImages", RegionId=REGION, ImageOwnerAlias="system", PageSize=5, PageNumber=2)
    assert (paged["PageNumber"], paged["PageSize"], len(paged["Images"]["Image"])) == (2, 5, 5)


def test_describe_images_refusals(api: Api) -> None:
    api.generic_fail("DescribeImages", RegionId=REGION, ImageOwnerAlias="friends").expect(
        400, "InvalidImageOwnerAlias.ValueNotSupported", "The specified ImageOwnerAlias is not supported.")  # fmt: skip
    api.generic_fail("DescribeImages", RegionId=REGION, ActionType="Reboot").expect(
        400, "InvalidActionType.ValueNotSupported", "The specified ActionType is not valid.")  # fmt: skip
    dry = api.generic_fail("DescribeImages", RegionId=REGION, DryRun="true")
    assert (dry.status, dry.code) == (400, "DryRunOperation")


def test_an_unknown_image_cannot_start_an_instance(api: Api) -> None:
    group = make_classic_group(api)
    # CreateInstance / RunInstances: "InvalidImageId.NotFound: The specified ImageId does not exist."
    for action in ("CreateInstance", "RunInstances"):
        api.fail(action, RegionId=REGION, InstanceType="ecs.g6.large", SecurityGroupId=group,
                 ImageId="ubuntu_99_04_x64_20G_alibase_20990101.vhd").expect(
            404, "InvalidImageId.NotFound", "The specified ImageId does not exist.")  # fmt: skip


def test_custom_image_from_an_instance_snapshots_its_disks(api: Api) -> None:
    group = make_classic_group(api)
    instance = make_instance(api, group)
    name = unique(api, "golden")
    image_id = api.call("CreateImage", RegionId=REGION, InstanceId=instance, ImageName=name, ImageFamily="web",
                        ImageVersion="1.0", Description="the golden image")["ImageId"]  # fmt: skip
    wait_for(lambda: images(api, ImageId=image_id)[0]["Status"] == "Available")
    [image] = images(api, ImageId=image_id)
    assert (image["ImageName"], image["ImageOwnerAlias"], image["ImageFamily"], image["OSType"]) == (
        name, "self", "web", "linux")  # fmt: skip
    [mapping] = image["DiskDeviceMappings"]["DiskDeviceMapping"]
    # The image is made of a snapshot of the instance's system disk, which DescribeSnapshots lists as used.
    snapshots = api.call("DescribeSnapshots", RegionId=REGION, InstanceId=instance)["Snapshots"]["Snapshot"]
    assert [s["SnapshotId"] for s in snapshots] == [mapping["SnapshotId"]]
    assert snapshots[0]["Usage"] == "image" and snapshots[0]["SourceDiskType"] == "system"
    # A custom image starts instances; the one in use is not deleted without Force (ImageUsingByInstance).
    make_instance(api, group, image=image_id)
    api.fail("DeleteImage", RegionId=REGION, ImageId=image_id).expect(403, "ImageUsingByInstance", (
        "The specified image has been used to create instances. You can use the DescribeInstances API to query "
        "these instances, or you can use the force parameter to proceed."))  # fmt: skip
    # The snapshot an image is made of cannot be deleted (SnapshotCreatedImage).
    api.fail("DeleteSnapshot", SnapshotId=mapping["SnapshotId"]).expect(
        403, "SnapshotCreatedImage", "The snapshot has been used to create custom image, and can not be deleted.")  # fmt: skip
    api.call("DeleteImage", RegionId=REGION, ImageId=image_id, Force=True)
    assert images(api, ImageId=image_id) == []
    api.call("DeleteSnapshot", SnapshotId=mapping["SnapshotId"])
    # DeleteImage / DeleteSnapshot of what does not exist: "the request is ignored".
    api.call("DeleteImage", RegionId=REGION, ImageId=image_id)
    api.call("DeleteSnapshot", SnapshotId=mapping["SnapshotId"])


def test_create_image_refusals(api: Api) -> None:
    api.generic_fail("CreateImage", RegionId=REGION, SnapshotId="s-bp1doesnotexist00000000").expect(
        404, "InvalidSnapshotId.NotFound", "The specified SnapshotId does not exist.")  # fmt: skip
    api.generic_fail("CreateImage", RegionId=REGION, InstanceId="i-bp1doesnotexist00000000").expect(
        404, "InvalidInstanceId.NotFound", "The specified InstanceId does not exist.")  # fmt: skip
    group = make_classic_group(api)
    instance = make_instance(api, group)
    api.generic_fail("CreateImage", RegionId=REGION, InstanceId=instance, ImageName="http://x").expect(
        400, "InvalidImageName.Malformed", "Specified image name is not valid.")  # fmt: skip
    name = unique(api, "twice")
    api.call("CreateImage", RegionId=REGION, InstanceId=instance, ImageName=name)
    api.generic_fail("CreateImage", RegionId=REGION, InstanceId=instance, ImageName=name).expect(
        400, "InvalidImageName.Duplicated", "The specified Image name has already been used.")  # fmt: skip


def test_create_image_from_a_snapshot_and_family_lookup(api: Api) -> None:
    group = make_classic_group(api)
    instance = make_instance(api, group)
    disk = api.call("DescribeDisks", RegionId=REGION, InstanceId=instance, DiskType="system")["Disks"]["Disk"][0]
    snapshot = api.call("CreateSnapshot", DiskId=disk["DiskId"], SnapshotName=unique(api, "snap"))["SnapshotId"]
    wait_for(lambda: api.call("DescribeSnapshots", RegionId=REGION, SnapshotIds=json.dumps([snapshot]))
             ["Snapshots"]["Snapshot"][0]["Status"] == "accomplished")  # fmt: skip
    family = unique(api, "fam")
    image_id = api.call("CreateImage", RegionId=REGION, SnapshotId=snapshot, ImageFamily=family)["ImageId"]
    wait_for(lambda: images(api, ImageId=image_id)[0]["Status"] == "Available")
    assert api.call("DescribeImageFromFamily", RegionId=REGION, ImageFamily=family)["Image"]["ImageId"] == image_id
    assert images(api, SnapshotId=snapshot)[0]["ImageId"] == image_id


def test_create_snapshot_refusals(api: Api) -> None:
    api.generic_fail("CreateSnapshot", DiskId="d-bp1doesnotexist00000000").expect(
        404, "InvalidDiskId.NotFound", "The specified disk does not exist.")  # fmt: skip
    group = make_classic_group(api)
    disk = api.call("DescribeDisks", RegionId=REGION, InstanceId=make_instance(api, group))["Disks"]["Disk"][0]
    # "It cannot start with auto" (CreateSnapshot's SnapshotName).
    api.generic_fail("CreateSnapshot", DiskId=disk["DiskId"], SnapshotName="auto-1").expect(
        400, "InvalidSnapshotName.Malformed", "Specified snapshot name is not valid.")  # fmt: skip


# --- key pairs ---


def test_create_key_pair_returns_a_private_key_and_its_fingerprint(api: Api) -> None:
    name = unique(api, "kp")
    created = api.call("CreateKeyPair", RegionId=REGION, KeyPairName=name)
    assert created["KeyPairName"] == name and created["KeyPairId"].startswith("kp-")
    assert created["PrivateKeyBody"].startswith("-----BEGIN RSA PRIVATE KEY-----")
    # "The fingerprint ... the public key fingerprint format defined in RFC 4716, MD5": 16 colon-separated bytes.
    assert len(created["KeyPairFingerPrint"].split(":")) == 16
    [listed] = api.call("DescribeKeyPairs", RegionId=REGION, KeyPairName=name)["KeyPairs"]["KeyPair"]
    assert listed["KeyPairFingerPrint"] == created["KeyPairFingerPrint"]
    api.fail("CreateKeyPair", RegionId=REGION, KeyPairName=name).expect(
        400, "KeyPair.AlreadyExist", "The key pair already exist.")  # fmt: skip
    api.fail("CreateKeyPair", RegionId=REGION, KeyPairName="1bad").expect(
        400, "InvalidKeyPairName.Malformed", "Specified Key Pair name is not valid.")  # fmt: skip


def test_import_key_pair_and_describe_filters(api: Api) -> None:
    name = unique(api, "imported")
    imported = api.call("ImportKeyPair", RegionId=REGION, KeyPairName=name, PublicKeyBody=PUBLIC_KEY)
    digest = hashlib.md5(base64.b64decode(PUBLIC_KEY.split()[1])).hexdigest()
    assert imported["KeyPairFingerPrint"] == ":".join(digest[i : i + 2] for i in range(0, 32, 2))
    by_print = api.call("DescribeKeyPairs", RegionId=REGION, KeyPairFingerPrint=imported["KeyPairFingerPrint"])
    # Every pair with that fingerprint (another test may have imported the same public key), this one among them.
    assert name in [p["KeyPairName"] for p in by_print["KeyPairs"]["KeyPair"]]
    assert {p["KeyPairFingerPrint"] for p in by_print["KeyPairs"]["KeyPair"]} == {imported["KeyPairFingerPrint"]}
    # KeyPairName supports the * wildcard (*SshKey, SshKey*, *SshKey*).
    stem = name.rsplit("-", 1)[0]
    wild = api.call("DescribeKeyPairs", RegionId=REGION, KeyPairName=f"{stem}*", IncludePublicKey=True)
    assert name in [p["KeyPairName"] for p in wild["KeyPairs"]["KeyPair"]]
    assert all(p["PublicKey"].startswith("ssh-rsa ") for p in wild["KeyPairs"]["KeyPair"])
    api.fail("ImportKeyPair", RegionId=REGION, KeyPairName=unique(api, "bad"), PublicKeyBody="ssh-rsa nope").expect(
        400, "InvalidPublicKeyBody.Malformed", "The PublicKeyBody format is not supported.")  # fmt: skip
    api.call("DeleteKeyPairs", RegionId=REGION, KeyPairNames=json.dumps([name, "never-there"]))
    assert api.call("DescribeKeyPairs", RegionId=REGION, KeyPairName=name)["TotalCount"] == 0


def test_attach_and_detach_key_pair(api: Api) -> None:
    name = unique(api, "bind")
    api.call("CreateKeyPair", RegionId=REGION, KeyPairName=name)
    group = make_classic_group(api)
    instance = make_instance(api, group)
    missing = "i-bp1doesnotexist00000000"
    body = api.call("AttachKeyPair", RegionId=REGION, KeyPairName=name, InstanceIds=json.dumps([instance, missing]))
    # One result per instance: Code 200 / "successful" when bound.
    assert (str(body["TotalCount"]), str(body["FailCount"])) == ("2", "1")
    results = {r["InstanceId"]: r for r in body["Results"]["Result"]}
    assert str(results[instance]["Code"]) == "200" and results[instance]["Message"] == "successful"
    assert str(results[missing]["Success"]).lower() == "false"
    detached = api.call("DetachKeyPair", RegionId=REGION, KeyPairName=name, InstanceIds=json.dumps([instance]))
    assert str(detached["FailCount"]) == "0"
    api.fail("AttachKeyPair", RegionId=REGION, KeyPairName="no-such-pair", InstanceIds=json.dumps([instance])).expect(
        400, "InvalidKeyPairName.NotFound", "The specified KeyPairName does not exist in our records.")  # fmt: skip
    windows = make_instance(api, group, image=WINDOWS)
    # "SSH key pairs are not supported on Windows instances."
    api.fail("AttachKeyPair", RegionId=REGION, KeyPairName=name, InstanceIds=json.dumps([windows])).expect(
        403, "DependencyViolation.WindowsInstance", "The instance creating is windows, cannot use ssh key pair to login")  # fmt: skip
    too_many = json.dumps([f"i-bp1x{n:020d}" for n in range(51)])  # "up to 50 instance IDs"
    api.fail("AttachKeyPair", RegionId=REGION, KeyPairName=name, InstanceIds=too_many).expect(
        403, "InstanceKeyPairLimitExceeded", "The specified instances are beyond the permitted range.")  # fmt: skip


# --- instance types and capacity ---


def test_describe_instance_types(api: Api) -> None:
    body = api.call("DescribeInstanceTypes", InstanceTypeFamily="ecs.g6")
    by_id = {t["InstanceTypeId"]: t for t in body["InstanceTypes"]["InstanceType"]}
    g6 = by_id["ecs.g6.large"]
    assert (g6["CpuCoreCount"], g6["MemorySize"], g6["InstanceTypeFamily"], g6["EniQuantity"]) == (2, 8.0, "ecs.g6", 2)
    assert g6["EniPrivateIpAddressQuantity"] == 6 and g6["InstanceBandwidthRx"] > 0
    assert {t["InstanceTypeFamily"] for t in by_id.values()} == {"ecs.g6"}
    few = api.generic_call("DescribeInstanceTypes", MaxResults=3)
    assert len(few["InstanceTypes"]["InstanceType"]) == 3 and few["NextToken"]
    nxt = api.generic_call("DescribeInstanceTypes", MaxResults=3, NextToken=few["NextToken"])
    assert nxt["InstanceTypes"]["InstanceType"][0]["InstanceTypeId"] == few["NextToken"]
    big = api.generic_call("DescribeInstanceTypes", MinimumCpuCoreCount=64)
    assert all(t["CpuCoreCount"] >= 64 for t in big["InstanceTypes"]["InstanceType"])


def test_describe_instance_type_families(api: Api) -> None:
    families = api.call("DescribeInstanceTypeFamilies", RegionId=REGION, Generation="ecs-4")
    ids = {f["InstanceTypeFamilyId"] for f in families["InstanceTypeFamilies"]["InstanceTypeFamily"]}
    assert {"ecs.g6", "ecs.c6", "ecs.r6"} <= ids
    assert {f["Generation"] for f in families["InstanceTypeFamilies"]["InstanceTypeFamily"]} == {"ecs-4"}


def test_describe_available_resource(api: Api) -> None:
    body = api.call("DescribeAvailableResource", RegionId=REGION, DestinationResource="InstanceType",
                    ZoneId="cn-hangzhou-b", InstanceType="ecs.g7.large")  # fmt: skip
    [zone] = body["AvailableZones"]["AvailableZone"]
    assert (zone["ZoneId"], zone["Status"], zone["StatusCategory"]) == ("cn-hangzhou-b", "Available", "WithStock")
    [resource] = zone["AvailableResources"]["AvailableResource"]
    assert resource["Type"] == "InstanceType"
    assert [r["Value"] for r in resource["SupportedResources"]["SupportedResource"]] == ["ecs.g7.large"]
    disks = api.call("DescribeAvailableResource", RegionId=REGION, DestinationResource="SystemDisk")
    first = disks["AvailableZones"]["AvailableZone"][0]["AvailableResources"]["AvailableResource"][0]
    essd = next(r for r in first["SupportedResources"]["SupportedResource"] if r["Value"] == "cloud_essd")
    assert (essd["Unit"], essd["Min"], essd["Max"]) == ("GiB", 20, 2048)
    api.generic_fail("DescribeAvailableResource", RegionId=REGION, DestinationResource="Moon").expect(
        400, "InvalidParameter", 'The specified parameter "DestinationResource" is not valid.')  # fmt: skip

