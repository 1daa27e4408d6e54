"""CreateInstance / RunInstances parameters that name things the emulator does not keep (node controllers,
VLANs, clusters, dedicated hosts, private pools, HPC clusters) or that only combine in documented
ways, each answered with the code its error table gives (docs/errors.md).

Plain functions of the request; ``instances.create`` calls them before anything is made.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from .. import errors
from .image_catalogue import ImageFacts
from .instance_types import InstanceType

TENANCIES = ("default", "host")
MATCH_CRITERIA = ("Open", "Target", "None")
# "If PeriodUnit is set to Month, the valid values of AutoRenewPeriod are 1, 2, 3, 6, and 12" (CreateInstance);
# Week: 1, 2, 3 (RunInstances, AutoRenewPeriod).
AUTO_RENEW_PERIODS = {"Month": (1, 2, 3, 6, 12, 24, 36, 48, 60), "Week": (1, 2, 3)}
# Families that run in an E-HPC / SCC cluster: HpcClusterId is required for them, and only for them.
HPC_FAMILIES = ("ecs.scch", "ecs.sccg", "ecs.scc")
# Data-disk mount points: /dev/xvdb to /dev/xvdz (DataDisk.N.Device).
_DEVICE = re.compile(r"/dev/xvd[b-z]")
MAX_BANDWIDTH_IN = 200


@dataclass(frozen=True)
class Placement:
    """What CreateInstance / RunInstances say about where and on what an instance runs."""

    node_controller_id: str = ""
    vlan_id: str = ""
    cluster_id: str = ""
    tenancy: str = ""
    dedicated_host_id: str = ""
    private_pool_id: str = ""
    private_pool_match: str = ""
    hpc_cluster_id: str = ""


def check_placement(placement: Placement, *, instance_type: str, classic: bool) -> None:
    if placement.node_controller_id:
        raise errors.NodeControllerIdMalformed()
    if placement.vlan_id:
        raise errors.VlanIdDenied()
    if placement.cluster_id:
        raise errors.ClusterIdNotFound()
    if placement.tenancy and placement.tenancy not in TENANCIES:
        raise errors.TenancyInvalid()
    if placement.dedicated_host_id:
        if classic:
            raise errors.ClassicOnDedicatedHost()
        raise errors.CreateDedicatedHostNotFound()
    match = placement.private_pool_match
    if match and match not in MATCH_CRITERIA:
        raise errors.InvalidParameter(name="PrivatePoolOptions.MatchCriteria")
    if match == "Target" and not placement.private_pool_id:
        raise errors.PrivatePoolIdMissing()
    if placement.private_pool_id:
        if match != "Target":
            raise errors.PrivatePoolIdNotTarget()
        raise errors.PrivatePoolIdInvalid()  # no elasticity assurance or capacity reservation exists
    hpc_type = instance_type.startswith(HPC_FAMILIES)
    if hpc_type and not placement.hpc_cluster_id:
        raise errors.HpcClusterNecessary()
    if placement.hpc_cluster_id:
        if not hpc_type:
            raise errors.HpcClusterUnnecessary()
        raise errors.HpcClusterNotFound()  # no E-HPC clusters exist


def check_auto_renew(period: int | None, unit: str) -> None:
    if period is not None and period not in AUTO_RENEW_PERIODS.get(unit, ()):
        raise errors.AutoRenewPeriodNotSupported()


def check_bandwidth_in(bandwidth_in: int | None) -> None:
    """InternetMaxBandwidthIn: 1–200 Mbit/s (the range the RunInstances reference gave, and what footmark's default
    of 200 relies on; CreateInstance's tighter "1 to 10 when the outbound bandwidth is at most 10" is not enforced)."""
    if bandwidth_in is not None and not 1 <= bandwidth_in <= MAX_BANDWIDTH_IN:
        raise errors.BandwidthInvalid()


def check_devices(devices: Sequence[str]) -> None:
    given = [d for d in devices if d]
    for device in given:
        if not _DEVICE.fullmatch(device):
            raise errors.DataDeviceMalformed()
    if len(set(given)) != len(given):
        raise errors.DeviceInUse()


def check_kms(keys: Sequence[tuple[str, bool]], *, io_optimized: bool) -> None:
    """(KMSKeyId, Encrypted) of each disk: a key needs Encrypted=true and an I/O optimized instance. KMS keys are
    not a store here: any key ID is kept as given (DescribeDisks filters on it)."""
    for key, encrypted in keys:
        if key and not encrypted:
            raise errors.KmsKeyWithoutEncryption()
        if key and not io_optimized:
            raise errors.KmsKeyNeedsIoOptimized()


def check_key_pair(key_pair_name: str, *, windows: bool, refuse_on_windows: bool) -> None:
    """CreateInstance refuses a key pair for a Windows image; RunInstances documents it as ignored."""
    if key_pair_name and windows and refuse_on_windows:
        raise errors.WindowsKeyPair()


def check_user_data(user_data: str, *, io_optimized: bool) -> None:
    """"UserData only support the vpc and IoOptimized Instance": the I/O optimized half is checked; classic
    instances keep their user data (docs/compatibility.md)."""
    if user_data and not io_optimized:
        raise errors.UserDataNotSupported()


def check_spot_zone(spot_strategy: str, *, zone_id: str, vswitch_id: str) -> None:
    """A spot instance needs a zone: ZoneId, or the vSwitch's."""
    if spot_strategy not in ("", "NoSpot") and not zone_id and not vswitch_id:
        raise errors.SpotZoneEmpty()


def check_image(image: ImageFacts, instance_type: InstanceType) -> None:
    """The image runs on the type: the same architecture (Arm images on Arm types only); no Windows Server on
    512 MiB, no 32-bit OS from 4 GiB ("Image" notes of CreateInstance's description)."""
    if (image.architecture == "arm64") != (instance_type.architecture == "ARM"):
        raise errors.ImageNotSupportInstanceType()
    if image.os_type == "windows" and instance_type.memory_gib <= 0.5:
        raise errors.ImageTypeConflict()
    if image.architecture == "i386" and instance_type.memory_gib >= 4:
        raise errors.ImageTypeConflict()
