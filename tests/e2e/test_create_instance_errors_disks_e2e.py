"""CreateInstance / RunInstances: the documented image, snapshot, disk category and disk size errors (docs/errors.md),
and disks made from snapshots (DataDisk.N.SnapshotId, CreateDisk SnapshotId), end to end through the legacy SDK's
CommonRequest and the Tea client. Each case cites its source: the CreateInstance / RunInstances / CreateDisk /
DeleteSnapshot reference pages (error tables and parameter descriptions), the instance family pages, the Limits
page and the Encryption overview.
"""

from __future__ import annotations

import base64
import calendar
import json
from collections.abc import Callable
from typing import Any

import pytest
import requests

from support.ecs_world import IMAGE, INSTANCE_TYPE, new_group, new_vswitch
from support.sdk import REGION, Api
from support.server import ServerProcess

pytestmark = pytest.mark.e2e

ARM_IMAGE = "aliyun_3_arm64_20G_alibase_20240819.vhd"
WINDOWS = "win2022_21H2_x64_dtc_en-us_40G_alibase_20240816.vhd"
LOCAL = "ephemeral_ssd"
TOKEN = "disk-errors-token"
ROOT = "1000000000000001"
MakeServer = Callable[..., ServerProcess]


@pytest.fixture
def legacy(server: ServerProcess) -> Api:
    return Api("legacy", server.endpoint)


@pytest.fixture
def network(legacy: Api) -> dict[str, str]:
    vpc_id, vswitch_id = new_vswitch(legacy)
    return {"VSwitchId": vswitch_id, "SecurityGroupId": new_group(legacy, vpc_id)}


def create(api: Api, network: dict[str, str], **fields: Any) -> dict[str, Any]:
    return api.generic_call("CreateInstance", **{"RegionId": REGION, "InstanceType": INSTANCE_TYPE, "ImageId": IMAGE,
                                                 **network, **fields})  # fmt: skip


def create_fails(
    api: Api, network: dict[str, str], action: str = "CreateInstance", **fields: Any
) -> tuple[int, str, str]:
    err = api.generic_fail(action, **{"RegionId": REGION, "InstanceType": INSTANCE_TYPE, "ImageId": IMAGE,
                                      **network, **fields})  # fmt: skip
    return err.status, err.code, err.message


def disks_of(api: Api, **filters: Any) -> list[dict[str, Any]]:
    return list(api.generic_call("DescribeDisks", RegionId=REGION, PageSize=100, **filters)["Disks"]["Disk"])


def snapshot_of(api: Api, disk_id: str) -> str:
    return str(api.generic_call("CreateSnapshot", RegionId=REGION, DiskId=disk_id)["SnapshotId"])


def local(*sizes: int, **extra: Any) -> dict[str, Any]:
    """A local SSD system disk and local SSD data disks of these sizes."""
    fields: dict[str, Any] = {"SystemDisk.Category": LOCAL}
    for n, size in enumerate(sizes, start=1):
        fields |= {f"DataDisk.{n}.Category": LOCAL, f"DataDisk.{n}.Size": size}
    return fields | extra


# (extra CreateInstance parameters, status, code, message)
CREATE_ERRORS: list[tuple[dict[str, Any], int, str, str]] = [
    # CreateInstance: 404 InvalidImageId.NotFound
    ({"ImageId": "ubuntu_99_04_x64_20G_alibase_20990101.vhd"}, 404, "InvalidImageId.NotFound",
     "The specified ImageId does not exist."),
    # 403 ImageNotSupportInstanceType: an Arm image on an x86 type (DescribeImages: Architecture arm64)
    ({"ImageId": ARM_IMAGE}, 403, "ImageNotSupportInstanceType",
     "The specified image don't support the InstanceType instance."),
    # "If the instance memory size is 512 MiB, you cannot use Windows Server images": 400 InvalidParameter.Conflict
    ({"ImageId": WINDOWS, "InstanceType": "ecs.t5-lc2m1.nano"}, 400, "InvalidParameter.Conflict",
     "The specified image does not support the specified instance type."),
    # CreateInstance's own code for IoOptimized (RunInstances: InvalidIoOptimize.ValueNotSupported, below)
    ({"IoOptimized": "fast"}, 400, "InvalidIoOptimizedValue.ValueNotSupported", "IoOptimized value not supported."),
    # Retired instance types: ecs.t1.small is listed among the non-I/O optimized types only
    ({"InstanceType": "ecs.t1.small", "IoOptimized": "optimized"}, 404, "IoOptimized.NotSupported",
     "The specified instancetype is not support IoOptimized instance"),
    # "Non-I/O optimized instances support only basic disks"
    ({"InstanceType": "ecs.t1.small", "SystemDisk.Category": "cloud_efficiency"}, 400,
     "InvalidSystemDiskCategory.ValueNotSupported", "The specified parameter SystemDisk.Category is not valid."),
    # g7: "Supports only ESSDs" (General purpose instance families)
    ({"InstanceType": "ecs.g7.large"}, 400, "InvalidSystemDiskCategory.ValueNotSupported",
     "The specified parameter SystemDisk.Category is not valid."),
    ({"InstanceType": "ecs.g7.large", "SystemDisk.Category": "cloud_essd", "DataDisk.1.Category": "cloud_ssd",
      "DataDisk.1.Size": 40}, 403, "InvalidDiskCategory.NotSupported",
     "The specified disk category is not support the specified instance type."),
    # a data disk category named for the system disk (elastic ephemeral disks are data disks only)
    ({"SystemDisk.Category": "elastic_ephemeral_disk_standard"}, 400, "InvalidDiskCategory.ValueNotSupported",
     'The specified parameter "DiskCategory" is not valid.'),
    # 404 InvalidSystemDiskSize "The specified parameter SystemDisk.Size is invalid."
    ({"SystemDisk.Size": 0}, 404, "InvalidSystemDiskSize", "The specified parameter SystemDisk.Size is invalid."),
    # an ESSD PL2 system disk needs 461 GiB: 400 InvalidSystemDiskSize.ValueNotSupported (the "%s" row; our words)
    ({"SystemDisk.Category": "cloud_essd", "SystemDisk.PerformanceLevel": "PL2", "SystemDisk.Size": 100}, 400,
     "InvalidSystemDiskSize.ValueNotSupported",
     "The specified SystemDisk.Size is not supported by the specified SystemDisk.PerformanceLevel."),
    # "The maximum size of raw data is 32 KB."
    ({"UserData": base64.b64encode(b"x" * (32 * 1024 + 1)).decode()}, 400, "InvalidUserData.SizeExceeded",
     'The specified parameter "UserData" exceeds the size.'),
    # Local SSDs (CreateInstance, 2020): "When data disks of an instance are local SSDs, the system disk must also be a
    # local SSD"; "the total capacity of local SSDs attached to an instance cannot exceed 1 TiB"; "Local disks cannot
    # be encrypted" (Encryption overview); then no catalogued type takes them.
    ({"DataDisk.1.Category": LOCAL, "DataDisk.1.Size": 100}, 400, "InvalidDiskCategory.Mismatch",
     "The specified disk categories' combination is not supported."),
    (local(800, 300), 403, "InstanceDiskCategoryLimitExceed",
     "The total size of specified disk category in an instance exceeds."),
    (local(100, **{"DataDisk.1.Encrypted": "true"}), 400, "InvalidParameter.EncryptedNotSupported",
     "The specified disk category does not support encryption."),
    (local(100, SpotStrategy="SpotAsPriceGo", SpotInterruptionBehavior="Stop"), 403,
     "InvalidSpotInterruptionBehavior.LocalDiskNotSupport",
     "The specified SpotInterruptionBehavior does not support local disk instance."),
    (local(100), 403, "InvalidDiskCategory.NotSupported", "The specified disk category is not supported."),
    ({"DataDisk.1.SnapshotId": "s-bp1missing"}, 404, "InvalidDataDiskSnapshotId.NotFound",
     'The specified parameter "DataDisk.n.SnapshotId" is not valid.'),
]  # fmt: skip


@pytest.mark.parametrize(("fields", "status", "code", "message"), CREATE_ERRORS,
                         ids=[f"{case[2]}-{n}" for n, case in enumerate(CREATE_ERRORS)])  # fmt: skip
def test_create_instance_disk_and_image_errors(legacy: Api, network: dict[str, str], fields: dict[str, Any],
                                               status: int, code: str, message: str) -> None:  # fmt: skip
    assert create_fails(legacy, network, **fields) == (status, code, message)


@pytest.mark.parametrize(("fields", "status", "code"), [
    ({"IoOptimized": "fast"}, 400, "InvalidIoOptimize.ValueNotSupported"),  # RunInstances' table
    ({"ImageId": ARM_IMAGE}, 403, "ImageNotSupportInstanceType"),
    ({"InstanceType": "ecs.g7.large"}, 400, "InvalidSystemDiskCategory.ValueNotSupported"),
    (local(100), 403, "InvalidDiskCategory.NotSupported"),
])  # fmt: skip
def test_run_instances_shares_the_checks(server: ServerProcess, network: dict[str, str], fields: dict[str, Any],
                                         status: int, code: str) -> None:  # fmt: skip
    tea = Api("tea", server.endpoint)
    assert create_fails(tea, network, "RunInstances", **fields)[:2] == (status, code)


def test_the_types_disks_are_accepted(legacy: Api, network: dict[str, str]) -> None:
    # ESSDs on g7; basic disks (the default) on a retired, non-I/O optimized type.
    g7 = create(legacy, network, InstanceType="ecs.g7.large", **{"SystemDisk.Category": "cloud_essd",
                                                                 "DataDisk.1.Category": "cloud_auto",
                                                                 "DataDisk.1.Size": 40})["InstanceId"]  # fmt: skip
    assert [d["Category"] for d in disks_of(legacy, InstanceId=g7)] == ["cloud_essd", "cloud_auto"]
    retired = create(legacy, network, InstanceType="ecs.s2.large", IoOptimized="none",
                     **{"DataDisk.1.Size": 10})["InstanceId"]  # fmt: skip
    assert [(d["Category"], d["Size"]) for d in disks_of(legacy, InstanceId=retired)] == [("cloud", 40), ("cloud", 10)]
    # DescribeAvailableResource with an instance type lists the disks it takes
    body = legacy.generic_call("DescribeAvailableResource", RegionId=REGION, DestinationResource="SystemDisk",
                               InstanceType="ecs.g7.large")  # fmt: skip
    [resource] = body["AvailableZones"]["AvailableZone"][0]["AvailableResources"]["AvailableResource"]
    assert [r["Value"] for r in resource["SupportedResources"]["SupportedResource"]] == [
        "cloud_essd", "cloud_auto", "cloud_essd_entry"]  # fmt: skip


# --- disks from snapshots --------------------------------------------------------------------------------------


@pytest.fixture
def source(legacy: Api, network: dict[str, str]) -> dict[str, str]:
    """An instance with a 50 GiB data disk, a 3000 GiB one and an encrypted one, and a snapshot of each disk."""
    instance = create(legacy, network, **{"DataDisk.1.Size": 50, "DataDisk.2.Size": 3000, "DataDisk.3.Size": 50,
                                          "DataDisk.3.Encrypted": "true"})["InstanceId"]  # fmt: skip
    system, data, large, secret = (d["DiskId"] for d in disks_of(legacy, InstanceId=instance))
    return {"system": snapshot_of(legacy, system), "data": snapshot_of(legacy, data),
            "large": snapshot_of(legacy, large), "secret": snapshot_of(legacy, secret)}  # fmt: skip


def test_data_disks_from_snapshots(legacy: Api, network: dict[str, str], source: dict[str, str]) -> None:
    # "When DataDisk.N.SnapshotId is specified, DataDisk.N.Size is ignored. The data disk is created based on the
    # size of the specified snapshot"; a larger Size is kept; a disk from an encrypted snapshot is encrypted.
    # ("All disks created from the encrypted snapshots" are encrypted: Encrypted=false, as Terraform sends, changes
    # nothing.)
    instance = create(legacy, network, **{"DataDisk.1.SnapshotId": source["data"],
                                          "DataDisk.2.SnapshotId": source["data"], "DataDisk.2.Size": 80,
                                          "DataDisk.3.SnapshotId": source["secret"],
                                          "DataDisk.3.Encrypted": "false"})["InstanceId"]  # fmt: skip
    _, first, second, third = disks_of(legacy, InstanceId=instance)
    assert [(d["Size"], d["SourceSnapshotId"], d["Encrypted"]) for d in (first, second, third)] == [
        (50, source["data"], False), (80, source["data"], False), (50, source["secret"], True)]  # fmt: skip
    made = {d["DiskId"] for d in disks_of(legacy, SnapshotId=source["data"])}
    assert made == {first["DiskId"], second["DiskId"]}
    [described] = legacy.generic_call("DescribeSnapshots", RegionId=REGION,
                                      SnapshotIds=json.dumps([source["data"]]))["Snapshots"]["Snapshot"]  # fmt: skip
    assert described["Usage"] == "disk"
    # DeleteSnapshot: 403 SnapshotCreatedDisk "The snapshot has been used to create disk(s)." unless Force
    err = legacy.generic_fail("DeleteSnapshot", SnapshotId=source["data"])
    assert (err.status, err.code, err.message) == (
        403, "SnapshotCreatedDisk", "The snapshot has been used to create disk(s).")  # fmt: skip
    legacy.generic_call("DeleteSnapshot", SnapshotId=source["data"], Force="true")
    # RunInstances takes snapshots the same way
    tea = Api("tea", legacy.endpoint)
    ran = tea.generic_call("RunInstances", RegionId=REGION, InstanceType=INSTANCE_TYPE, ImageId=IMAGE, **network,
                           **{"DataDisk.1.SnapshotId": source["secret"]})["InstanceIdSets"]["InstanceIdSet"]  # fmt: skip
    assert [d["SourceSnapshotId"] for d in disks_of(legacy, InstanceId=ran[0], DiskType="data")] == [source["secret"]]


@pytest.mark.parametrize(("snapshot", "fields", "status", "code", "message"), [
    ("system", {}, 403, "InvalidSnapshotId.NotDataDiskSnapshot", "The specified snapshot is system disk snapshot."),
    ("data", {"DataDisk.1.Size": 40}, 403, "InvalidDiskSize.TooSmall",
     "Specified disk size is less than the size of snapshot"),
    # a basic disk takes at most 2000 GiB: the snapshot's 3000 do not fit
    ("large", {"DataDisk.1.Category": "cloud"}, 400, "InstanceDiskCategoryLimitExceed",
     "The specified DataDisk.n.Size beyond the permitted range, or the capacity of snapshot exceeds the size limit "
     "of the specified disk category."),
    # encrypted disks need an I/O optimized instance, as a KMSKeyId does
    ("secret", {"InstanceType": "ecs.s2.large", "IoOptimized": "none", "DataDisk.1.Category": "cloud"}, 400,
     "IncorrectImageStatus", "Encrypted snapshots do not support this operation."),
    # a local SSD from a snapshot
    ("data", {"SystemDisk.Category": LOCAL, "DataDisk.1.Category": LOCAL}, 403, "OperationDenied",
     "The specified snapshot is not allowed to create disk."),
])  # fmt: skip
def test_data_disk_snapshot_errors(legacy: Api, network: dict[str, str], source: dict[str, str], snapshot: str,
                                   fields: dict[str, Any], status: int, code: str, message: str) -> None:  # fmt: skip
    assert create_fails(legacy, network, **{"DataDisk.1.SnapshotId": source[snapshot], **fields}) == (
        status, code, message)  # fmt: skip


def test_create_disk_from_a_snapshot(legacy: Api, source: dict[str, str]) -> None:
    # CreateDisk: "If the size of the snapshot is larger than the specified Size, the size of the created disk is equal
    # to the specified snapshot size"; otherwise Size.
    def new_disk(**fields: Any) -> dict[str, Any]:
        disk_id = legacy.generic_call("CreateDisk", RegionId=REGION, ZoneId="cn-hangzhou-i", **fields)["DiskId"]
        [disk] = disks_of(legacy, DiskIds=json.dumps([disk_id]))
        return disk

    plain, larger = new_disk(SnapshotId=source["data"]), new_disk(SnapshotId=source["data"], Size=80)
    assert [(d["Size"], d["SourceSnapshotId"]) for d in (plain, larger)] == [(50, source["data"]), (80, source["data"])]
    assert new_disk(SnapshotId=source["data"], Size=20, DiskCategory="cloud_efficiency")["Size"] == 50
    assert new_disk(SnapshotId=source["secret"])["Encrypted"] is True
    for fields, status, code, message in (
        ({"SnapshotId": "s-bp1missing"}, 404, "InvalidSnapshotId.NotFound", "The specified SnapshotId does not exist."),
        ({"SnapshotId": source["system"]}, 403, "InvalidSnapshotId.NotDataDiskSnapshot",
         "The specified snapshot is system disk snapshot."),
        ({"SnapshotId": source["large"], "DiskCategory": "cloud"}, 403, "InvalidSnapshot.TooLarge",
         "The capacity of snapshot exceeds 2000GB."),
    ):  # fmt: skip
        err = legacy.generic_fail("CreateDisk", RegionId=REGION, ZoneId="cn-hangzhou-i", **fields)
        assert (err.status, err.code, err.message) == (status, code, message)


def test_a_snapshot_still_progressing(make_server: MakeServer) -> None:
    # 403 InvalidSnapshotId.NotReady "The specified snapshot has not completed yet." (CreateInstance, CreateDisk)
    slow = make_server("--transition-delay", "60")
    api = Api("legacy", slow.endpoint)
    classic = {"SecurityGroupId": new_group(api)}  # a vSwitch would still be Pending
    instance = create(api, classic, **{"DataDisk.1.Size": 40})["InstanceId"]
    data = disks_of(api, InstanceId=instance, DiskType="data")[0]["DiskId"]
    snapshot = snapshot_of(api, data)
    assert create_fails(api, classic, **{"DataDisk.1.SnapshotId": snapshot}) == (
        403, "InvalidSnapshotId.NotReady", "The specified snapshot has not completed yet.")  # fmt: skip
    err = api.generic_fail("CreateDisk", RegionId=REGION, ZoneId="cn-hangzhou-b", SnapshotId=snapshot)
    assert (err.status, err.code, err.message) == (
        403, "InvalidSnapshotId.NotReady", "The specified snapshot has not completed yet.")  # fmt: skip


def admin(server: ServerProcess, method: str, path: str, body: Any = None) -> requests.Response:
    return requests.request(method, f"http://{server.endpoint}/_classiclink/admin{path}",
                            headers={"Authorization": f"Bearer {TOKEN}"},
                            data=None if body is None else json.dumps(body), timeout=30)  # fmt: skip


def test_a_snapshot_from_before_july_2013(make_server: MakeServer) -> None:
    # "Use snapshots created after July 15, 2013": an account snapshot restored with an older snapshot in it.
    # CreateInstance: 400 InvalidSnapshotId.BasedSnapshotTooOld; CreateDisk: 403 InvalidSnapshot.TooOld.
    target = make_server("--transition-delay", "0", "--admin-token", TOKEN)
    api = Api("legacy", target.endpoint)
    vpc_id, vswitch_id = new_vswitch(api)
    network = {"VSwitchId": vswitch_id, "SecurityGroupId": new_group(api, vpc_id)}
    instance = create(api, network, **{"DataDisk.1.Size": 40})["InstanceId"]
    snapshot = snapshot_of(api, disks_of(api, InstanceId=instance, DiskType="data")[0]["DiskId"])
    state = admin(target, "GET", f"/accounts/{ROOT}/snapshot").json()
    for row in state["tables"]["snapshots"]:
        if row["id"] == snapshot:
            row["created_at"] = float(calendar.timegm((2013, 7, 1, 0, 0, 0)))
    assert admin(target, "PUT", f"/accounts/{ROOT}/snapshot", state).status_code == 200
    assert create_fails(api, network, **{"DataDisk.1.SnapshotId": snapshot}) == (
        400, "InvalidSnapshotId.BasedSnapshotTooOld", "The specified snapshot is created before 2013-07-15.")  # fmt: skip
    err = api.generic_fail("CreateDisk", RegionId=REGION, ZoneId="cn-hangzhou-i", SnapshotId=snapshot)
    assert (err.status, err.code, err.message) == (
        403, "InvalidSnapshot.TooOld", "This operation is forbidden because the specified snapshot is created before "
        "2013-07-15.")  # fmt: skip


# --- custom images ---------------------------------------------------------------------------------------------


def test_custom_images(legacy: Api, network: dict[str, str]) -> None:
    # A custom image of a 600 GiB system disk: its size is the default system disk's, too large for a basic disk
    # (403 InvalidDisk.SystemDiskSize "The specified SystemDiskSize beyond the permitted range."); and an image of
    # another region: 403 OperationDenied.ImageNotValid "the specified image is not published in the region."
    instance = create(legacy, network, **{"SystemDisk.Size": 600})["InstanceId"]
    image = legacy.generic_call("CreateImage", RegionId=REGION, InstanceId=instance)["ImageId"]
    made = create(legacy, network, ImageId=image)["InstanceId"]
    assert disks_of(legacy, InstanceId=made)[0]["Size"] == 600
    assert create_fails(legacy, network, ImageId=image, InstanceType="ecs.s2.large", IoOptimized="none") == (
        403, "InvalidDisk.SystemDiskSize", "The specified SystemDiskSize beyond the permitted range.")  # fmt: skip
    elsewhere = Api("legacy", legacy.endpoint, region="cn-beijing")
    err = elsewhere.generic_fail("CreateInstance", RegionId="cn-beijing", InstanceType=INSTANCE_TYPE, ImageId=image,
                                 SecurityGroupId=new_group(elsewhere))  # fmt: skip
    assert (err.status, err.code, err.message) == (
        403, "OperationDenied.ImageNotValid", "the specified image is not published in the region.")  # fmt: skip
