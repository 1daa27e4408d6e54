"""VPC 2016-04-28 elastic IP addresses: AllocateEipAddress, AssociateEipAddress, UnassociateEipAddress,
ReleaseEipAddress, DescribeEipAddresses, ModifyEipAddressAttribute.

RAM: vpc:<Action>; the EIP actions name ``acs:vpc:{region}:{account}:eip/{AllocationId}`` (the
authorization tables), AllocateEipAddress and DescribeEipAddresses all resources.
"""

from __future__ import annotations

import calendar
import time
from dataclasses import dataclass
from typing import Any

from ... import errors
from ...domain import eips
from ...domain.ports import UnitOfWork
from ...domain.scope import Scope
from ...reads import eips as eip_reads
from ...reads.paging import Paging
from ..spec import VPC_VERSION, CommaList, Int, Request, Str, action, param, scope_arn
from .vpcs import client_token, dry_run, region_id, tag_list

NAME = Str(min_len=1, max_len=128)
DESCRIPTION = Str(min_len=1, max_len=256)


def eip_arn(request: Any, scope: Scope) -> list[str]:
    return [scope_arn("vpc", scope, f"eip/{getattr(request, 'allocation_id', '') or '*'}")]


def all_eips_arn(request: Any, scope: Scope) -> list[str]:
    return [scope_arn("vpc", scope, "eip/*")]


@dataclass(frozen=True, kw_only=True)
class AllocateEipAddress(Request):
    region_id: str = region_id()
    bandwidth: int = param("Bandwidth", Int(), default=5)
    # Checked by the domain: the API answers its own InvalidParameter wording for a bad value.
    internet_charge_type: str = param("InternetChargeType", Str(max_len=32), default="PayByBandwidth")
    instance_charge_type: str = param("InstanceChargeType", Str(choices=eips.INSTANCE_CHARGE_TYPES), default="PostPaid")
    isp: str = param("ISP", Str(choices=eips.ISPS), default="BGP")
    netmode: str = param("Netmode", Str(choices=("public",)), default="public")
    name: str = param("Name", NAME, default="")
    description: str = param("Description", DESCRIPTION, default="")
    resource_group_id: str = param("ResourceGroupId", Str(max_len=64), default="")
    ip_address: str = param("IpAddress", Str(max_len=64), default="")
    period: int = param("Period", Int(minimum=1, maximum=9), default=1)
    pricing_cycle: str = param("PricingCycle", Str(choices=("Month", "Year")), default="Month")
    auto_pay: str | None = param("AutoPay", Str(choices=("true", "false", "True", "False")))
    client_token: str | None = client_token()
    tag: list[dict[str, str]] = tag_list()
    # Anti-DDoS editions, IP address pools, activities, zones (edge EIPs) and the instance to bind at once
    # are not modelled: accepted and ignored (docs/compatibility.md).
    ignored = ("ActivityId", "InstanceId", "PublicIpAddressPoolId", "SecurityProtectionTypes.N", "Zone")


@action(VPC_VERSION, "AllocateEipAddress", AllocateEipAddress, resources=all_eips_arn, client_token=True)
def allocate_eip_address(request: AllocateEipAddress, scope: Scope, uow: UnitOfWork) -> dict[str, Any]:
    months = request.period * (12 if request.pricing_cycle == "Year" else 1)
    eip = eips.allocate(uow, scope, eips.EipRequest(
        bandwidth=request.bandwidth, internet_charge_type=request.internet_charge_type,
        instance_charge_type=request.instance_charge_type, isp=request.isp, name=request.name,
        description=request.description, resource_group_id=request.resource_group_id,
        ip_address=request.ip_address, period_months=months, tags=request.tag,
    ))  # fmt: skip
    # The sample's order; OrderId "is returned only for subscription EIPs".
    body: dict[str, Any] = {"ResourceGroupId": eip.resource_group_id, "RequestId": "", "AllocationId": eip.id,
                            "EipAddress": eip.ip_address}  # fmt: skip
    if eip.instance_charge_type == "PrePaid":
        body["OrderId"] = int(eip.created_at * 1000) % 10**12
    return body


ASSOCIATE_TYPES = Str(choices=eips.INSTANCE_TYPES, error=errors.EipInstanceTypeNotSupported)


@dataclass(frozen=True, kw_only=True)
class AssociateEipAddress(Request):
    region_id: str = region_id()
    allocation_id: str = param("AllocationId", Str(max_len=64), required=True)
    instance_id: str = param("InstanceId", Str(max_len=64), required=True)
    instance_type: str = param("InstanceType", ASSOCIATE_TYPES, default="EcsInstance")
    instance_region_id: str | None = param("InstanceRegionId", Str(max_len=64))
    private_ip_address: str = param("PrivateIpAddress", Str(max_len=64), default="")
    vpc_id: str = param("VpcId", Str(max_len=64), default="")
    mode: str = param("Mode", Str(choices=("NAT", "MULTI_BINDED", "BINDED")), default="NAT")
    client_token: str | None = client_token()


@action(VPC_VERSION, "AssociateEipAddress", AssociateEipAddress, resources=eip_arn, client_token=True)
def associate_eip_address(request: AssociateEipAddress, scope: Scope, uow: UnitOfWork) -> dict[str, Any]:
    if request.instance_region_id and request.instance_region_id != scope.region_id:
        raise errors.EipInstanceNotFound()  # the instance is looked for in the EIP's region only
    if request.mode != "NAT":
        # Only the NAT mode (the default) is modelled: the cut-through modes are refused, not ignored.
        raise errors.EipParameterInvalid()
    eips.associate(uow, scope, request.allocation_id, request.instance_id, instance_type=request.instance_type,
                   private_ip=request.private_ip_address, vpc_id=request.vpc_id)  # fmt: skip
    return {}


@dataclass(frozen=True, kw_only=True)
class UnassociateEipAddress(Request):
    region_id: str = region_id()
    allocation_id: str = param("AllocationId", Str(max_len=64), required=True)
    instance_id: str = param("InstanceId", Str(max_len=64), required=True)
    instance_type: str = param("InstanceType", ASSOCIATE_TYPES, default="EcsInstance")
    private_ip_address: str = param("PrivateIpAddress", Str(max_len=64), default="")
    # "Force: whether to disassociate the EIP from the NAT gateway even if DNAT/SNAT entries use it": no NAT
    # gateways exist here, so either value disassociates.
    force: str | None = param("Force", Str(choices=("true", "false", "True", "False")))
    client_token: str | None = client_token()


@action(VPC_VERSION, "UnassociateEipAddress", UnassociateEipAddress, resources=eip_arn, client_token=True)
def unassociate_eip_address(request: UnassociateEipAddress, scope: Scope, uow: UnitOfWork) -> dict[str, Any]:
    eips.unassociate(uow, scope, request.allocation_id, request.instance_id, instance_type=request.instance_type,
                     private_ip=request.private_ip_address)  # fmt: skip
    return {}


@dataclass(frozen=True, kw_only=True)
class ReleaseEipAddress(Request):
    region_id: str = region_id()
    allocation_id: str = param("AllocationId", Str(max_len=64), required=True)


@action(VPC_VERSION, "ReleaseEipAddress", ReleaseEipAddress, resources=eip_arn)
def release_eip_address(request: ReleaseEipAddress, scope: Scope, uow: UnitOfWork) -> dict[str, Any]:
    eips.release(uow, scope, request.allocation_id)
    return {}


@dataclass(frozen=True, kw_only=True)
class ModifyEipAddressAttribute(Request):
    region_id: str = region_id()
    allocation_id: str = param("AllocationId", Str(max_len=64), required=True)
    bandwidth: int | None = param("Bandwidth", Int())
    name: str | None = param("Name", NAME)
    description: str | None = param("Description", DESCRIPTION)


@action(VPC_VERSION, "ModifyEipAddressAttribute", ModifyEipAddressAttribute, resources=eip_arn)
def modify_eip_address_attribute(request: ModifyEipAddressAttribute, scope: Scope, uow: UnitOfWork) -> dict[str, Any]:
    eips.modify(uow, scope, request.allocation_id, bandwidth=request.bandwidth, name=request.name,
                description=request.description)  # fmt: skip
    return {}


@dataclass(frozen=True, kw_only=True)
class DescribeEipAddresses(Request):
    region_id: str = region_id()
    allocation_id: list[str] | None = param("AllocationId", CommaList(max_items=50))
    eip_address: list[str] | None = param("EipAddress", CommaList(max_items=50))
    status: str | None = param("Status", Str(choices=eips.STATUSES))
    associated_instance_type: str | None = param("AssociatedInstanceType", Str(choices=eips.INSTANCE_TYPES))
    associated_instance_id: str | None = param("AssociatedInstanceId", Str(max_len=64))
    charge_type: str | None = param("ChargeType", Str(choices=eips.INSTANCE_CHARGE_TYPES))
    isp: str | None = param("ISP", Str(choices=eips.ISPS))
    eip_name: str | None = param("EipName", NAME)
    resource_group_id: str | None = param("ResourceGroupId", Str(max_len=64))
    lock_reason: str | None = param("LockReason", Str(choices=("financial", "security")))
    segment_instance_id: str | None = param("SegmentInstanceId", Str(max_len=64))
    public_ip_address_pool_id: str | None = param("PublicIpAddressPoolId", Str(max_len=64))
    include_reservation_data: str | None = param("IncludeReservationData", Str(choices=("true", "false", "True", "False")))
    security_protection_enabled: str | None = param("SecurityProtectionEnabled", Str(choices=("true", "false", "True", "False")))
    service_managed: str | None = param("ServiceManaged", Str(choices=("true", "false", "True", "False")))
    filter: list[dict[str, str]] = param("Filter", repeat_fields=("Key", "Value"), max_repeat=2)
    page_number: int = param("PageNumber", Int(minimum=1), default=1)
    page_size: int = param("PageSize", Int(minimum=1, maximum=100), default=10)
    dry_run: bool = dry_run()
    tag: list[dict[str, str]] = tag_list()


def _filter_time(raw: str) -> float:
    """Filter.N.Value: ``yyyy-MM-ddTHH:mm:ssZ`` (UTC), minutes allowed."""
    for pattern in ("%Y-%m-%dT%H:%M:%SZ", "%Y-%m-%dT%H:%MZ"):
        try:
            return float(calendar.timegm(time.strptime(raw, pattern)))
        except ValueError:
            continue
    raise errors.InvalidParameter(name="Filter.Value")


def _true(value: str | None) -> bool:
    return (value or "").lower() == "true"


@action(VPC_VERSION, "DescribeEipAddresses", DescribeEipAddresses, resources=all_eips_arn)
def describe_eip_addresses(request: DescribeEipAddresses, scope: Scope, uow: UnitOfWork) -> dict[str, Any]:
    # Filter.N: CreationStartTime / CreationEndTime are its documented keys (EIPs made in a time window).
    after = before = None
    for entry in request.filter:
        key, value = entry.get("Key", ""), entry.get("Value", "")
        if key not in ("CreationStartTime", "CreationEndTime"):
            raise errors.InvalidParameter(name="Filter.Key")
        moment = _filter_time(value)
        after, before = (moment, before) if key == "CreationStartTime" else (after, moment)
    where = eip_reads.EipFilter(
        allocation_ids=request.allocation_id or None, ip_addresses=request.eip_address or None,
        status=request.status, associated_instance_type=request.associated_instance_type,
        associated_instance_id=request.associated_instance_id, charge_type=request.charge_type, isp=request.isp,
        name=request.eip_name, resource_group_id=request.resource_group_id, tags=request.tag,
        # Locks, segments, pools, reservations, managed EIPs and Anti-DDoS editions: no EIP here has them.
        unmodelled=bool(request.lock_reason or request.segment_instance_id or request.public_ip_address_pool_id
                        or _true(request.security_protection_enabled) or _true(request.service_managed)),
        created_after=after, created_before=before,
    )  # fmt: skip
    found = eip_reads.find(uow, scope, where, Paging(page_number=request.page_number, page_size=request.page_size))
    return {
        "RequestId": "",
        "PageNumber": request.page_number,
        "PageSize": request.page_size,
        "TotalCount": found.total,
        "EipAddresses": {"EipAddress": [eip_reads.view(e) for e in found.items]},
    }
