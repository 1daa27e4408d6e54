"""What CreateInstance / RunInstances (and ModifyInstanceAttribute) set that changes nothing the emulator runs but
reads back: auto-renewal, the private-pool match, the inbound bandwidth, the launch options DescribeInstances and
DescribeInstanceAttribute show (CPU topology, private DNS names, hibernation, PTP clocks, secure boot, non-root
logon, bandwidth weighting), jumbo frames, network encryption and the primary ENI's queues.

Values are checked as far as their type goes (the action declarations) and kept as given: the guest and the
hardware behind them are not modelled (docs/compatibility.md, "Settings that do not read back").
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from .. import errors
from .model import Instance
from .ports import UnitOfWork
from .scope import Scope

# The option fields of DescribeInstances / DescribeInstanceAttribute by the request parameter that sets them:
# each view shows "Group.Field" over its default ("CpuOptions.Core" sets CpuOptions.CoreCount).
OPTION_FIELDS: dict[str, str] = {
    "CpuOptions.Core": "CpuOptions.CoreCount",
    "CpuOptions.ThreadsPerCore": "CpuOptions.ThreadsPerCore",
    "CpuOptions.Numa": "CpuOptions.Numa",
    "CpuOptions.TopologyType": "CpuOptions.TopologyType",
    "CpuOptions.TurboMode": "CpuOptions.TurboMode",
    "CpuOptions.EnableVISST": "CpuOptions.EnableVISST",
    "CpuOptions.EnableVRDT": "CpuOptions.EnableVRDT",
    "CpuOptions.NestedVirtualization": "CpuOptions.NestedVirtualization",
    "ImageOptions.LoginAsNonRoot": "ImageOptions.LoginAsNonRoot",
    "HibernationOptions.Configured": "HibernationOptions.Configured",
    "ClockOptions.PtpStatus": "ClockOptions.PtpStatus",
    "SecurityOptions.EnableSecureBoot": "SecurityOptions.EnableSecureBoot",
    "PrivateDnsNameOptions.EnableInstanceIdDnsAAAARecord": "PrivateDnsNameOptions.EnableInstanceIdDnsAAAARecord",
    "PrivateDnsNameOptions.EnableInstanceIdDnsARecord": "PrivateDnsNameOptions.EnableInstanceIdDnsARecord",
    "PrivateDnsNameOptions.EnableIpDnsARecord": "PrivateDnsNameOptions.EnableIpDnsARecord",
    "PrivateDnsNameOptions.EnableIpDnsPtrRecord": "PrivateDnsNameOptions.EnableIpDnsPtrRecord",
    "PrivateDnsNameOptions.HostnameType": "PrivateDnsNameOptions.HostnameType",
    "NetworkOptions.BandwidthWeighting": "NetworkOptions.BandwidthWeighting",
}


def options(given: Mapping[str, Any]) -> dict[str, Any]:
    """The view fields the given options set (by parameter name; ``None`` = not given)."""
    return {OPTION_FIELDS[name]: value for name, value in given.items() if value is not None}


@dataclass(frozen=True)
class LaunchSettings:
    """The settings of CreateInstance / RunInstances no check of the request looks at."""

    auto_renew: bool = False
    options: Mapping[str, Any] = field(default_factory=dict)
    network_interface_queue_number: int | None = None
    enable_jumbo_frame: bool | None = None
    enable_network_encryption: bool | None = None


def check_policies(uow: UnitOfWork, scope: Scope, policy_ids: Sequence[str]) -> None:
    """SystemDisk.AutoSnapshotPolicyId / DataDisk.N.AutoSnapshotPolicyId name a policy of the region."""
    for policy_id in policy_ids:
        found = uow.auto_snapshot_policies.get_in_region(policy_id, account_id=scope.account_id,
                                                         region_id=scope.region_id)  # fmt: skip
        if policy_id and found is None:
            raise errors.AutoSnapshotPolicyNotFound()


def apply(instance: Instance, settings: LaunchSettings, *, period_unit: str, auto_renew_period: int | None,
          private_pool_match: str, bandwidth_in: int | None) -> None:  # fmt: skip
    """A new instance takes the settings (before it is stored); the others are the request's checked ones."""
    if settings.auto_renew and instance.instance_charge_type == "PrePaid":
        # "AutoRenew takes effect only when InstanceChargeType is PrePaid"; the period defaults to one unit.
        instance.renewal_status = "AutoRenewal"
        instance.renewal_duration = auto_renew_period or 1
        instance.renewal_period_unit = period_unit
    if private_pool_match:
        instance.private_pool_match_criteria = private_pool_match
    if bandwidth_in is not None:
        instance.internet_max_bandwidth_in = bandwidth_in
    instance.options = dict(settings.options)
    if settings.network_interface_queue_number is not None:
        instance.network_interface_queue_number = max(settings.network_interface_queue_number, 0)
    if settings.enable_jumbo_frame is not None:
        instance.enable_jumbo_frame = settings.enable_jumbo_frame
    if settings.enable_network_encryption is not None:
        instance.enable_network_encryption = settings.enable_network_encryption


def overlay(view: dict[str, Any], instance: Instance) -> None:
    """The instance's options over a view's defaults (the groups are copied: the defaults are shared)."""
    for key, value in instance.options.items():
        group, name = key.split(".", 1)
        if isinstance(view.get(group), dict):
            view[group] = {**view[group], name: value}
