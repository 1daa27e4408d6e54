"""Elastic IP addresses (VPC 2016-04-28 AllocateEipAddress & co., each action's reference page).

An EIP is a public address of its region, unique there across accounts, drawn from the region's pool. It
is ``Available`` until associated with a VPC ECS instance (``EcsInstance``) or a secondary ENI
(``NetworkInterface``), then ``InUse``; one EIP per instance, one per ENI private address. Association
and release take effect at once (the real service passes through Associating / Unassociating / Releasing;
footmark waits for InUse / Available, which it sees on its first read). A released instance keeps no EIP:
"EIPs are not released along with the instance" (DeleteInstance), so they are freed.
"""

from __future__ import annotations

import ipaddress
import secrets
from collections.abc import Sequence
from dataclasses import dataclass

from .. import errors
from . import tags
from .lookup import in_region
from .model import EipAddress, Instance, new_id
from .ports import AnyOf, UnitOfWork
from .scope import Scope
from .vpcs import default_resource_group

# The default quota of EIPs per account and region (the EIP quota page: 20).
QUOTA = 20
INTERNET_CHARGE_TYPES = ("PayByBandwidth", "PayByTraffic")
INSTANCE_CHARGE_TYPES = ("PostPaid", "PrePaid")
ISPS = ("BGP", "BGP_PRO", "ChinaTelecom", "ChinaUnicom", "ChinaMobile", "ChinaTelecom_L2", "ChinaUnicom_L2",
        "ChinaMobile_L2", "BGP_FinanceCloud", "BGP_International")  # fmt: skip
# AssociateEipAddress' InstanceType values; only EcsInstance and NetworkInterface name resources here.
INSTANCE_TYPES = ("Nat", "SlbInstance", "EcsInstance", "NetworkInterface", "HaVip", "IpAddress")
STATUSES = ("Associating", "Unassociating", "InUse", "Available", "Releasing")
MONTH = 30 * 24 * 3600

# Public blocks Alibaba Cloud announces in each region (a sample per region); others draw from 47.0.0.0/8.
POOLS: dict[str, tuple[str, ...]] = {
    "cn-hangzhou": ("47.96.0.0/14", "118.31.0.0/16", "121.40.0.0/14"),
    "cn-shanghai": ("47.100.0.0/15", "106.14.0.0/15", "139.196.0.0/16"),
    "cn-beijing": ("39.96.0.0/13", "47.93.0.0/16", "123.56.0.0/15"),
    "cn-shenzhen": ("47.106.0.0/15", "120.24.0.0/14", "119.23.0.0/16"),
    "cn-qingdao": ("47.104.0.0/15", "118.190.0.0/16"),
    "cn-zhangjiakou": ("47.92.0.0/16", "39.98.0.0/15"),
    "cn-hongkong": ("47.75.0.0/16", "47.242.0.0/15"),
    "ap-southeast-1": ("47.74.128.0/17", "47.88.128.0/17", "8.219.0.0/16"),
    "us-west-1": ("47.88.0.0/17", "47.251.0.0/16"),
    "us-east-1": ("47.89.128.0/17", "47.252.0.0/16"),
    "eu-central-1": ("47.91.64.0/18", "47.254.128.0/17"),
}
DEFAULT_POOL = ("47.0.0.0/8",)


def pool(region_id: str) -> list[ipaddress.IPv4Network]:
    return [ipaddress.IPv4Network(block) for block in POOLS.get(region_id, DEFAULT_POOL)]


def usable(address: ipaddress.IPv4Address, region_id: str) -> bool:
    return any(address in block for block in pool(region_id)) and int(address) & 0xFF not in (0, 255)


def bandwidth_range(internet_charge_type: str, instance_charge_type: str) -> tuple[int, int]:
    """Mbit/s (AllocateEipAddress: PostPaid PayByBandwidth 1–500, PayByTraffic 1–200; PrePaid 1–1000)."""
    if instance_charge_type == "PrePaid":
        return 1, 1000
    return (1, 200) if internet_charge_type == "PayByTraffic" else (1, 500)


@dataclass(frozen=True)
class EipRequest:
    bandwidth: int = 5
    internet_charge_type: str = "PayByBandwidth"
    instance_charge_type: str = "PostPaid"
    isp: str = "BGP"
    name: str = ""
    description: str = ""
    resource_group_id: str = ""
    ip_address: str = ""
    period_months: int = 1
    tags: Sequence[dict[str, str]] = ()


def allocate(uow: UnitOfWork, scope: Scope, request: EipRequest) -> EipAddress:
    if request.internet_charge_type not in INTERNET_CHARGE_TYPES:
        raise errors.EipInternetChargeTypeInvalid()
    low, high = bandwidth_range(request.internet_charge_type, request.instance_charge_type)
    if not low <= request.bandwidth <= high:
        raise errors.EipBandwidthInvalid()
    if uow.eip_addresses.count(account_id=scope.account_id, region_id=scope.region_id) >= QUOTA:
        raise errors.EipQuotaExceeded()
    address = _address(uow, scope.region_id, request.ip_address)
    prepaid = request.instance_charge_type == "PrePaid"
    eip = EipAddress(
        id=new_id("eip", scope.region_id), account_id=scope.account_id, region_id=scope.region_id,
        created_at=scope.now, ip_address=address, name=request.name, description=request.description,
        bandwidth=request.bandwidth, internet_charge_type=request.internet_charge_type,
        instance_charge_type=request.instance_charge_type, isp=request.isp,
        resource_group_id=request.resource_group_id or default_resource_group(scope.account_id),
        expires_at=scope.now + request.period_months * MONTH if prepaid else 0.0, tags=tags.normalised(request.tags),
    )  # fmt: skip
    uow.eip_addresses.add(eip)
    return eip


def _address(uow: UnitOfWork, region_id: str, wanted: str) -> str:
    """The asked-for address if it is the region's and free (else ReserveIpFail), or a random free one."""
    if wanted:
        try:
            address = ipaddress.IPv4Address(wanted)
        except ValueError:
            raise errors.InvalidParameter(name="IpAddress") from None
        if not usable(address, region_id) or _taken(uow, region_id, wanted):
            raise errors.EipReserveFailed()
        return wanted
    blocks = pool(region_id)
    while True:
        block = blocks[secrets.randbelow(len(blocks))]
        address = ipaddress.IPv4Address(int(block.network_address) + secrets.randbelow(block.num_addresses))
        if usable(address, region_id) and not _taken(uow, region_id, str(address)):
            return str(address)


def _taken(uow: UnitOfWork, region_id: str, address: str) -> bool:
    return uow.eip_addresses.exists(account_id=None, region_id=region_id, ip_address=address)


def get(uow: UnitOfWork, scope: Scope, allocation_id: str) -> EipAddress:
    return in_region(uow.eip_addresses, allocation_id, scope, errors.EipNotFound)


def associate(uow: UnitOfWork, scope: Scope, allocation_id: str, instance_id: str, *, instance_type: str = "",
              private_ip: str = "", vpc_id: str = "") -> EipAddress:  # fmt: skip
    eip = get(uow, scope, allocation_id)
    kind = instance_type or "EcsInstance"
    if eip.status != "Available":
        raise errors.AssociateIncorrectEipStatus()
    if kind == "EcsInstance":
        instance = uow.instances.get_in_region(instance_id, account_id=scope.account_id, region_id=scope.region_id)
        if instance is None:
            raise errors.EipInstanceNotFound()
        if instance.is_classic:
            raise errors.EipInstanceNotInVpc()  # "The ECS instance ... must be deployed in a VPC."
        if instance.lifecycle.at(scope.now) not in ("Running", "Stopped"):
            raise errors.EipIncorrectInstanceStatus()
        if private_ip and private_ip != instance.private_ip:
            raise errors.EipParameterInvalid()
        if uow.eip_addresses.exists(account_id=scope.account_id, instance_id=instance.id):
            raise errors.EipAssociationDuplicated()
        target_vpc, address = instance.vpc_id, instance.private_ip
    elif kind == "NetworkInterface":
        eni = uow.network_interfaces.get_in_region(instance_id, account_id=scope.account_id,
                                                   region_id=scope.region_id)  # fmt: skip
        if eni is None:
            raise errors.EipInstanceNotFound()
        if eni.interface_type != "Secondary":
            raise errors.EipParameterInvalid()  # "a secondary elastic network interface (ENI)"
        address = private_ip or eni.primary_ip
        if address not in (eni.primary_ip, *eni.secondary_ips):
            raise errors.EipParameterInvalid()
        if uow.eip_addresses.exists(account_id=scope.account_id, instance_id=eni.id, private_ip=address):
            raise errors.EipAssociationDuplicated()
        target_vpc = eni.vpc_id
    else:
        # NAT gateways, CLB instances, HaVips and IP addresses are not modelled: none exists.
        raise errors.EipInstanceNotFound()
    if vpc_id and vpc_id != target_vpc:
        raise errors.EipParameterInvalid()
    eip.instance_id, eip.instance_type, eip.private_ip, eip.vpc_id = instance_id, kind, address, target_vpc
    uow.eip_addresses.save(eip)
    return eip


def unassociate(uow: UnitOfWork, scope: Scope, allocation_id: str, instance_id: str, *, instance_type: str = "",
                private_ip: str = "") -> EipAddress:  # fmt: skip
    eip = get(uow, scope, allocation_id)
    kind = instance_type or "EcsInstance"
    if kind == "EcsInstance":
        instance = uow.instances.get_in_region(instance_id, account_id=scope.account_id, region_id=scope.region_id)
        if instance is None:
            raise errors.UnassociateInstanceNotFound()
        if instance.lifecycle.at(scope.now) not in ("Running", "Stopped"):
            raise errors.UnassociateIncorrectInstanceStatus()
    elif kind == "NetworkInterface":
        if uow.network_interfaces.get_in_region(instance_id, account_id=scope.account_id,
                                                region_id=scope.region_id) is None:  # fmt: skip
            raise errors.UnassociateInstanceNotFound()
    else:
        raise errors.UnassociateInstanceNotFound()
    if eip.instance_id != instance_id or eip.instance_type != kind:
        raise errors.IncorrectEipStatus()
    if private_ip and private_ip != eip.private_ip:
        raise errors.IncorrectEipStatus()
    _free(uow, eip)
    return eip


def _free(uow: UnitOfWork, eip: EipAddress) -> None:
    eip.instance_id = eip.instance_type = eip.private_ip = eip.vpc_id = ""
    uow.eip_addresses.save(eip)


def release(uow: UnitOfWork, scope: Scope, allocation_id: str) -> None:
    eip = get(uow, scope, allocation_id)
    if eip.status != "Available":
        raise errors.IncorrectEipStatus()  # "You can release only an EIP that is in the Available state."
    if eip.instance_charge_type == "PrePaid":
        raise errors.EipPrepaidRelease()
    uow.eip_addresses.remove(eip)


def modify(uow: UnitOfWork, scope: Scope, allocation_id: str, *, bandwidth: int | None, name: str | None,
           description: str | None) -> EipAddress:  # fmt: skip
    eip = get(uow, scope, allocation_id)
    if bandwidth is not None:
        low, high = bandwidth_range(eip.internet_charge_type, eip.instance_charge_type)
        if not low <= bandwidth <= high:
            raise errors.EipModifyBandwidthInvalid()
        eip.bandwidth = bandwidth
    if name is not None:
        eip.name = name
    if description is not None:
        eip.description = description
    uow.eip_addresses.save(eip)
    return eip


def of_instances(uow: UnitOfWork, account_id: str, instance_ids: Sequence[str]) -> dict[str, EipAddress]:
    """The EIP associated with each of these ECS instances, by instance id (one query)."""
    if not instance_ids:
        return {}
    found = uow.eip_addresses.find(account_id=account_id, instance_id=AnyOf(instance_ids), instance_type="EcsInstance")
    return {eip.instance_id: eip for eip in found}


def free_instance(uow: UnitOfWork, instance: Instance) -> None:
    """DeleteInstance: the instance's EIP is disassociated and stays allocated."""
    for eip in uow.eip_addresses.find(account_id=instance.account_id, instance_id=instance.id):
        _free(uow, eip)
