"""Elastic network interfaces as DescribeNetworkInterfaces and CreateNetworkInterface show them."""

from __future__ import annotations

import ipaddress
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from ..domain import tags
from ..domain.model import EipAddress, NetworkInterface
from ..domain.ports import AnyOf, Contains, UnitOfWork
from ..domain.scope import Scope
from .paging import Page, Paging, paginate, query_page
from .timefmt import vpc_time


@dataclass(frozen=True)
class EniFilter:
    """DescribeNetworkInterfaces' filters; all given ones must hold. ``None`` = not given."""

    ids: Sequence[str] | None = None
    vswitch_id: str | None = None
    vpc_id: str | None = None
    primary_ip: str | None = None
    private_ips: Sequence[str] = ()
    ipv6_addresses: Sequence[str] = ()
    security_group_id: str | None = None
    name: str | None = None
    interface_type: str | None = None
    instance_id: str | None = None
    resource_group_id: str | None = None
    status: str | None = None
    service_managed: bool | None = None
    tags: Sequence[dict[str, str]] = ()


def _holding(uow: UnitOfWork, scope: Scope, wanted: Sequence[str]) -> set[str]:
    """ENIs holding any of these addresses besides an instance's own (private_addresses rows)."""
    rows = uow.private_addresses.find(account_id=scope.account_id, region_id=scope.region_id, address=AnyOf(wanted))
    return {row.network_interface_id for row in rows}


def find(uow: UnitOfWork, scope: Scope, where: EniFilter, paging: Paging) -> Page[NetworkInterface]:
    if where.service_managed:
        return paginate([], paging)  # no ENI here is managed by a cloud service
    query: dict[str, Any] = {"region_id": scope.region_id}
    ids: set[str] | None = set(where.ids) if where.ids is not None else None
    if where.private_ips:
        # Matched by an ENI's primary address or one of its secondary ones.
        primary = {e.id for e in uow.network_interfaces.find(account_id=scope.account_id, region_id=scope.region_id,
                                                              primary_ip=AnyOf(where.private_ips))}  # fmt: skip
        held = primary | _holding(uow, scope, where.private_ips)
        ids = held if ids is None else ids & held
    if where.ipv6_addresses:
        normal = []
        for raw in where.ipv6_addresses:
            try:
                normal.append(str(ipaddress.IPv6Address(raw)))
            except ValueError:
                normal.append(raw)
        held = _holding(uow, scope, normal)
        ids = held if ids is None else ids & held
    if ids is not None:
        query["id"] = AnyOf(sorted(ids))
    equal = {
        "vswitch_id": where.vswitch_id,
        "vpc_id": where.vpc_id,
        "primary_ip": where.primary_ip,
        "name": where.name,
        "interface_type": where.interface_type,
        "instance_id": where.instance_id,
        "resource_group_id": where.resource_group_id,
    }
    query.update({attr: value for attr, value in equal.items() if value})
    if where.security_group_id:
        query["security_group_ids"] = Contains(where.security_group_id)
    if where.status == "Available":
        query["instance_id"] = AnyOf([]) if where.instance_id else ""
    elif where.status and where.status != "InUse":
        return paginate([], paging)  # Attaching, Detaching, Deleting take no time here
    if not where.tags and where.status != "InUse":
        return query_page(uow.network_interfaces, scope.account_id, paging, **query)
    found = uow.network_interfaces.find(account_id=scope.account_id, **query)
    if where.status == "InUse":
        found = [e for e in found if e.instance_id]
    if where.tags:
        found = [e for e in found if tags.matches(e.tags, where.tags)]
    return paginate(found, paging)


def eips_of(uow: UnitOfWork, account_id: str, enis: Sequence[NetworkInterface]) -> dict[tuple[str, str], EipAddress]:
    """EIPs associated with these ENIs (or, for primary ENIs, with their instances), by (ENI, private address)."""
    by_instance = {e.instance_id: e for e in enis if e.interface_type == "Primary" and e.instance_id}
    targets = [e.id for e in enis] + list(by_instance)
    if not targets:
        return {}
    found: dict[tuple[str, str], EipAddress] = {}
    for eip in uow.eip_addresses.find(account_id=account_id, instance_id=AnyOf(targets)):
        eni_id = by_instance[eip.instance_id].id if eip.instance_id in by_instance else eip.instance_id
        found[(eni_id, eip.private_ip)] = eip
    return found


def _public(eip: EipAddress | None) -> dict[str, str]:
    return {"PublicIpAddress": eip.ip_address if eip else "", "AllocationId": eip.id if eip else ""}


def _dns_name(address: str, region_id: str) -> str:
    return f"ip-{address.replace('.', '-')}.{region_id}.ecs.internal" if address else ""


def view(eni: NetworkInterface, eip_by_address: dict[tuple[str, str], EipAddress]) -> dict[str, Any]:
    """One NetworkInterfaceSets.NetworkInterfaceSet[] entry, every field of the Tea SDK model in its order."""
    primary_eip = eip_by_address.get((eni.id, eni.primary_ip))
    private = [
        {"AssociatedPublicIp": _public(eip_by_address.get((eni.id, address))), "Primary": address == eni.primary_ip,
         "PrivateDnsName": _dns_name(address, eni.region_id), "PrivateIpAddress": address}
        for address in [eni.primary_ip, *eni.secondary_ips]
    ]  # fmt: skip
    return {
        "AssociatedPublicIp": _public(primary_eip),
        "Attachment": {
            "DeviceIndex": 0 if eni.interface_type == "Primary" else (1 if eni.instance_id else 0),
            "InstanceId": eni.instance_id,
            "NetworkCardIndex": 0,
            "TrunkNetworkInterfaceId": "",
        },
        "CreationTime": vpc_time(eni.created_at),
        "DeleteOnRelease": eni.delete_on_release,
        "Description": eni.description,
        "InstanceId": eni.instance_id,
        "Ipv4PrefixSets": {"Ipv4PrefixSet": []},
        "Ipv6PrefixSets": {"Ipv6PrefixSet": []},
        "Ipv6Sets": {"Ipv6Set": [{"Ipv6Address": a} for a in eni.ipv6_addresses]},
        "MacAddress": eni.mac_address,
        "NetworkInterfaceId": eni.id,
        "NetworkInterfaceName": eni.name,
        "NetworkInterfaceTrafficMode": eni.options.get("NetworkInterfaceTrafficMode", "Standard"),
        "OwnerId": eni.account_id,
        "PrivateIpAddress": eni.primary_ip,
        "PrivateIpSets": {"PrivateIpSet": private},
        "QueueNumber": eni.options.get("QueueNumber", 1),
        "QueuePairNumber": eni.options.get("QueuePairNumber", 0),
        "ResourceGroupId": eni.resource_group_id,
        "SecurityGroupIds": {"SecurityGroupId": list(eni.security_group_ids)},
        "ServiceID": 0,
        "ServiceManaged": False,
        "SourceDestCheck": eni.options.get("SourceDestCheck", False),
        "Status": eni.status,
        "Tags": {"Tag": [{"TagKey": t.get("Key", ""), "TagValue": t.get("Value", "")} for t in eni.tags]},
        "Type": eni.interface_type,
        "VSwitchId": eni.vswitch_id,
        "VpcId": eni.vpc_id,
        "ZoneId": eni.zone_id,
    }


def created_view(eni: NetworkInterface) -> dict[str, Any]:
    """CreateNetworkInterface's answer: the ENI as its Tea response model has it, in the model's order."""
    return {
        "Description": eni.description,
        "Ipv4PrefixSets": {"Ipv4PrefixSet": []},
        "Ipv6PrefixSets": {"Ipv6PrefixSet": []},
        "Ipv6Sets": {"Ipv6Set": [{"Ipv6Address": a, "Primary": False} for a in eni.ipv6_addresses]},
        "MacAddress": eni.mac_address,
        "NetworkInterfaceId": eni.id,
        "NetworkInterfaceName": eni.name,
        "OwnerId": eni.account_id,
        "PrivateIpAddress": eni.primary_ip,
        "PrivateIpSets": {
            "PrivateIpSet": [
                {"Primary": a == eni.primary_ip, "PrivateIpAddress": a} for a in [eni.primary_ip, *eni.secondary_ips]
            ]
        },
        "RequestId": "",
        "ResourceGroupId": eni.resource_group_id,
        "SecurityGroupIds": {"SecurityGroupId": list(eni.security_group_ids)},
        "ServiceID": 0,
        "ServiceManaged": False,
        "SourceDestCheck": eni.options.get("SourceDestCheck", False),
        "Status": eni.status,
        "Tags": {"Tag": [{"TagKey": t.get("Key", ""), "TagValue": t.get("Value", "")} for t in eni.tags]},
        "Type": eni.interface_type,
        "VSwitchId": eni.vswitch_id,
        "VpcId": eni.vpc_id,
        "ZoneId": eni.zone_id,
    }
