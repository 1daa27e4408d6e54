"""ECS 2014-05-26 elastic network interfaces: DescribeNetworkInterfaces, CreateNetworkInterface,
AttachNetworkInterface, DetachNetworkInterface, DeleteNetworkInterface, ModifyNetworkInterfaceAttribute,
AssignPrivateIpAddresses, UnassignPrivateIpAddresses, AssignIpv6Addresses, UnassignIpv6Addresses.

RAM: ecs:<Action> on ``acs:ecs:{region}:{account}:networkinterface/{NetworkInterfaceId}`` (Attach and Detach
also on the instance), as the authorization tables list them.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ... import errors
from ...domain import network_interfaces as enis
from ...domain.ports import UnitOfWork
from ...domain.scope import Scope
from ...reads import network_interfaces as eni_reads
from ...reads.paging import Paging
from ..spec import ECS_VERSION, Bool, Int, Request, Str, action, param, scope_arn
from .common import client_token, ecs_region, next_token, tag_list

ENI_ID = Str(max_len=64)
# Traffic, queue, connection-tracking, enhanced-network and prefix settings are not modelled (docs/compatibility.md).
# Read back only by DescribeNetworkInterfaceAttribute, which the emulator does not answer (docs/compatibility.md,
# "Settings that do not read back"): accepted and ignored.
TUNING = (
    "ConnectionTrackingConfiguration.TcpClosedAndTimeWaitTimeout", "ConnectionTrackingConfiguration.TcpEstablishedTimeout",
    "ConnectionTrackingConfiguration.UdpTimeout", "EnhancedNetwork.EnableExpress", "EnhancedNetwork.EnableRss",
    "EnhancedNetwork.EnableSriov", "EnhancedNetwork.VirtualFunctionQuantity",
    "EnhancedNetwork.VirtualFunctionTotalQueueNumber", "NetworkInterfaceTrafficConfig.RxQueueSize",
    "NetworkInterfaceTrafficConfig.TxQueueSize", "RxQueueSize", "TxQueueSize", "EnablePrimaryIPv6",
)  # fmt: skip
# What DescribeNetworkInterfaces shows of an ENI's queues and traffic (CreateNetworkInterface: "1 to 2048"
# queues; Standard or HighPerformance, eRDMA); NetworkInterfaceTrafficConfig.* spells the same settings again.
QUEUES = Int(minimum=1, maximum=2048)
TRAFFIC_MODE = Str(choices=("Standard", "HighPerformance"))


def eni_options(**given: Any) -> dict[str, Any]:
    """The options given, by DescribeNetworkInterfaces' field (``None`` = not given)."""
    return {name: value for name, value in given.items() if value is not None}


def eni_arn(request: Any, scope: Scope) -> list[str]:
    return [scope_arn("ecs", scope, f"networkinterface/{getattr(request, 'network_interface_id', '') or '*'}")]


def eni_and_instance_arn(request: Any, scope: Scope) -> list[str]:
    return [*eni_arn(request, scope), scope_arn("ecs", scope, f"instance/{request.instance_id or '*'}")]


def all_enis_arn(request: Any, scope: Scope) -> list[str]:
    return [scope_arn("ecs", scope, "networkinterface/*")]


def _values(wire: str, limit: int = 50) -> Any:
    return param(wire, values=True, max_repeat=limit)


@dataclass(frozen=True, kw_only=True)
class DescribeNetworkInterfaces(Request):
    region_id: str = ecs_region()
    network_interface_id: list[str] = _values("NetworkInterfaceId", 100)
    vswitch_id: str | None = param("VSwitchId", Str(max_len=64))
    vpc_id: str | None = param("VpcId", Str(max_len=64))
    primary_ip_address: str | None = param("PrimaryIpAddress", Str(max_len=64))
    private_ip_address: list[str] = _values("PrivateIpAddress", 100)
    ipv6_address: list[str] = _values("Ipv6Address", 100)
    security_group_id: str | None = param("SecurityGroupId", Str(max_len=64))
    network_interface_name: str | None = param("NetworkInterfaceName", Str(max_len=128))
    type: str | None = param("Type", Str(choices=enis.TYPES))
    instance_id: str | None = param("InstanceId", Str(max_len=64))
    resource_group_id: str | None = param("ResourceGroupId", Str(max_len=64))
    service_managed: bool | None = param("ServiceManaged", Bool())
    status: str | None = param("Status", Str(choices=enis.STATUSES))
    tag: list[dict[str, str]] = tag_list()
    page_number: int = param("PageNumber", Int(minimum=1), default=1)
    page_size: int = param("PageSize", Int(minimum=1, maximum=1000), default=10)
    next_token: str | None = next_token()
    # "Valid values: 10 to 500. Default value: 10" (MaxResults).
    max_results: int | None = param("MaxResults", Int(minimum=10, maximum=500))


@action(ECS_VERSION, "DescribeNetworkInterfaces", DescribeNetworkInterfaces, resources=all_enis_arn)
def describe_network_interfaces(request: DescribeNetworkInterfaces, scope: Scope, uow: UnitOfWork) -> dict[str, Any]:
    where = eni_reads.EniFilter(
        ids=request.network_interface_id or None, vswitch_id=request.vswitch_id, vpc_id=request.vpc_id,
        primary_ip=request.primary_ip_address, private_ips=request.private_ip_address,
        ipv6_addresses=request.ipv6_address, security_group_id=request.security_group_id,
        name=request.network_interface_name, interface_type=request.type, instance_id=request.instance_id,
        resource_group_id=request.resource_group_id, status=request.status,
        service_managed=request.service_managed, tags=request.tag,
    )  # fmt: skip
    paging = Paging(page_number=request.page_number, page_size=request.page_size, next_token=request.next_token,
                    max_results=request.max_results)  # fmt: skip
    found = eni_reads.find(uow, scope, where, paging)
    eips = eni_reads.eips_of(uow, scope.account_id, found.items)
    body: dict[str, Any] = {
        "NetworkInterfaceSets": {"NetworkInterfaceSet": [eni_reads.view(e, eips) for e in found.items]},
        "NextToken": found.next_token,
    }
    if not paging.by_token:
        body.update(PageNumber=request.page_number, PageSize=request.page_size)
    body.update(RequestId="", TotalCount=found.total)
    return body


@dataclass(frozen=True, kw_only=True)
class CreateNetworkInterface(Request):
    region_id: str = ecs_region()
    vswitch_id: str = param("VSwitchId", Str(max_len=64), required=True)
    security_group_id: str | None = param("SecurityGroupId", Str(max_len=64))
    security_group_ids: list[str] = _values("SecurityGroupIds", 10)
    primary_ip_address: str = param("PrimaryIpAddress", Str(max_len=64), default="")
    private_ip_address: list[str] = _values("PrivateIpAddress", 50)
    secondary_private_ip_address_count: int = param("SecondaryPrivateIpAddressCount", Int(minimum=0), default=0)
    ipv6_address: list[str] = _values("Ipv6Address", 50)
    ipv6_address_count: int = param("Ipv6AddressCount", Int(minimum=0), default=0)
    network_interface_name: str = param("NetworkInterfaceName", Str(max_len=128), default="")
    description: str = param("Description", Str(max_len=256), default="")
    resource_group_id: str = param("ResourceGroupId", Str(max_len=64), default="")
    delete_on_release: bool = param("DeleteOnRelease", Bool(), default=True)
    # "Secondary" is the only type CreateNetworkInterface makes (Trunk ENIs are not modelled).
    instance_type: str = param("InstanceType", Str(choices=("Secondary",)), default="Secondary")
    visible: bool | None = param("Visible", Bool())
    client_token: str | None = client_token()
    tag: list[dict[str, str]] = tag_list()
    queue_number: int | None = param("QueueNumber", QUEUES)
    queue_pair_number: int | None = param("QueuePairNumber", Int(minimum=1))
    traffic_mode: str | None = param("NetworkInterfaceTrafficMode", TRAFFIC_MODE)
    source_dest_check: bool | None = param("SourceDestCheck", Bool())
    config_queue_number: int | None = param("NetworkInterfaceTrafficConfig.QueueNumber", QUEUES)
    config_queue_pair_number: int | None = param("NetworkInterfaceTrafficConfig.QueuePairNumber", Int(minimum=1))
    config_traffic_mode: str | None = param("NetworkInterfaceTrafficConfig.NetworkInterfaceTrafficMode", TRAFFIC_MODE)
    ignored = (*TUNING, "BusinessType", "Ipv4Prefix.N", "Ipv4PrefixCount", "Ipv6Prefix.N", "Ipv6PrefixCount")


def _new_eni_arn(request: CreateNetworkInterface, scope: Scope) -> list[str]:
    return [scope_arn("ecs", scope, "networkinterface/*"), scope_arn("vpc", scope, f"vswitch/{request.vswitch_id}")]


@action(ECS_VERSION, "CreateNetworkInterface", CreateNetworkInterface, resources=_new_eni_arn, client_token=True)
def create_network_interface(request: CreateNetworkInterface, scope: Scope, uow: UnitOfWork) -> dict[str, Any]:
    # "You must specify SecurityGroupId or SecurityGroupIds.N, but not both."
    if request.security_group_id and request.security_group_ids:
        raise errors.EniParameterConflict(name="SecurityGroupId, SecurityGroupIds.N")
    groups = [request.security_group_id] if request.security_group_id else request.security_group_ids
    if not groups:
        raise errors.MissingParameter(name="SecurityGroupId")
    eni = enis.create(uow, scope, enis.EniRequest(
        vswitch_id=request.vswitch_id, security_group_ids=groups, primary_ip=request.primary_ip_address,
        secondary_ips=request.private_ip_address, secondary_count=request.secondary_private_ip_address_count,
        ipv6_addresses=request.ipv6_address, ipv6_count=request.ipv6_address_count,
        name=request.network_interface_name, description=request.description,
        resource_group_id=request.resource_group_id, delete_on_release=request.delete_on_release, tags=request.tag,
        options=eni_options(
            QueueNumber=_first(request.config_queue_number, request.queue_number),
            QueuePairNumber=_first(request.config_queue_pair_number, request.queue_pair_number),
            NetworkInterfaceTrafficMode=_first(request.config_traffic_mode, request.traffic_mode),
            SourceDestCheck=request.source_dest_check,
        ),
    ))  # fmt: skip
    return eni_reads.created_view(eni)


def _first(*values: Any) -> Any:
    return next((v for v in values if v is not None), None)


@dataclass(frozen=True, kw_only=True)
class AttachNetworkInterface(Request):
    region_id: str = ecs_region()
    network_interface_id: str = param("NetworkInterfaceId", ENI_ID, required=True)
    instance_id: str = param("InstanceId", Str(max_len=64), required=True)
    # One network card per instance here: index 0 only.
    network_card_index: int = param("NetworkCardIndex", Int(minimum=0, maximum=0), default=0)
    wait_for_network_configuration_ready: bool | None = param("WaitForNetworkConfigurationReady", Bool())
    trunk_network_instance_id: str | None = param("TrunkNetworkInstanceId", Str(max_len=64))


@action(ECS_VERSION, "AttachNetworkInterface", AttachNetworkInterface, resources=eni_and_instance_arn)
def attach_network_interface(request: AttachNetworkInterface, scope: Scope, uow: UnitOfWork) -> dict[str, Any]:
    if request.trunk_network_instance_id:
        raise errors.EniInvalidType()  # trunk ENIs are not modelled
    enis.attach(uow, scope, request.network_interface_id, request.instance_id)
    return {}


@dataclass(frozen=True, kw_only=True)
class DetachNetworkInterface(Request):
    region_id: str = ecs_region()
    network_interface_id: str = param("NetworkInterfaceId", ENI_ID, required=True)
    instance_id: str = param("InstanceId", Str(max_len=64), required=True)
    trunk_network_instance_id: str | None = param("TrunkNetworkInstanceId", Str(max_len=64))


@action(ECS_VERSION, "DetachNetworkInterface", DetachNetworkInterface, resources=eni_and_instance_arn)
def detach_network_interface(request: DetachNetworkInterface, scope: Scope, uow: UnitOfWork) -> dict[str, Any]:
    if request.trunk_network_instance_id:
        raise errors.EniInvalidType()
    enis.detach(uow, scope, request.network_interface_id, request.instance_id)
    return {}


@dataclass(frozen=True, kw_only=True)
class DeleteNetworkInterface(Request):
    region_id: str = ecs_region()
    network_interface_id: str = param("NetworkInterfaceId", ENI_ID, required=True)


@action(ECS_VERSION, "DeleteNetworkInterface", DeleteNetworkInterface, resources=eni_arn)
def delete_network_interface(request: DeleteNetworkInterface, scope: Scope, uow: UnitOfWork) -> dict[str, Any]:
    enis.delete(uow, scope, request.network_interface_id)
    return {}


@dataclass(frozen=True, kw_only=True)
class ModifyNetworkInterfaceAttribute(Request):
    region_id: str = ecs_region()
    network_interface_id: str = param("NetworkInterfaceId", ENI_ID, required=True)
    network_interface_name: str | None = param("NetworkInterfaceName", Str(max_len=128))
    description: str | None = param("Description", Str(max_len=256))
    security_group_id: list[str] = _values("SecurityGroupId", 10)
    delete_on_release: bool | None = param("DeleteOnRelease", Bool())
    queue_number: int | None = param("QueueNumber", QUEUES)
    source_dest_check: bool | None = param("SourceDestCheck", Bool())
    config_queue_number: int | None = param("NetworkInterfaceTrafficConfig.QueueNumber", QUEUES)
    config_queue_pair_number: int | None = param("NetworkInterfaceTrafficConfig.QueuePairNumber", Int(minimum=1))
    config_traffic_mode: str | None = param("NetworkInterfaceTrafficConfig.NetworkInterfaceTrafficMode", TRAFFIC_MODE)
    ignored = TUNING


@action(ECS_VERSION, "ModifyNetworkInterfaceAttribute", ModifyNetworkInterfaceAttribute, resources=eni_arn)
def modify_network_interface_attribute(request: ModifyNetworkInterfaceAttribute, scope: Scope,
                                       uow: UnitOfWork) -> dict[str, Any]:  # fmt: skip
    enis.modify(uow, scope, request.network_interface_id, name=request.network_interface_name,
                description=request.description, security_group_ids=request.security_group_id or None,
                delete_on_release=request.delete_on_release, options=eni_options(
                    QueueNumber=_first(request.config_queue_number, request.queue_number),
                    QueuePairNumber=request.config_queue_pair_number,
                    NetworkInterfaceTrafficMode=request.config_traffic_mode,
                    SourceDestCheck=request.source_dest_check,
                ))  # fmt: skip
    return {}


@dataclass(frozen=True, kw_only=True)
class AssignPrivateIpAddresses(Request):
    region_id: str = ecs_region()
    network_interface_id: str = param("NetworkInterfaceId", ENI_ID, required=True)
    private_ip_address: list[str] = _values("PrivateIpAddress", 50)
    secondary_private_ip_address_count: int = param("SecondaryPrivateIpAddressCount", Int(minimum=1), default=0)
    client_token: str | None = client_token()
    ignored = ("Ipv4Prefix.N", "Ipv4PrefixCount")


@action(ECS_VERSION, "AssignPrivateIpAddresses", AssignPrivateIpAddresses, resources=eni_arn, client_token=True)
def assign_private_ip_addresses(request: AssignPrivateIpAddresses, scope: Scope, uow: UnitOfWork) -> dict[str, Any]:
    chosen = enis.assign_private_ips(uow, scope, request.network_interface_id, request.private_ip_address,
                                     request.secondary_private_ip_address_count)  # fmt: skip
    return {
        "RequestId": "",
        "AssignedPrivateIpAddressesSet": {
            "Ipv4PrefixSet": {"Ipv4Prefixes": []},
            "NetworkInterfaceId": request.network_interface_id,
            "PrivateIpSet": {"PrivateIpAddress": chosen},
        },
    }


@dataclass(frozen=True, kw_only=True)
class UnassignPrivateIpAddresses(Request):
    region_id: str = ecs_region()
    network_interface_id: str = param("NetworkInterfaceId", ENI_ID, required=True)
    private_ip_address: list[str] = _values("PrivateIpAddress", 50)
    ignored = ("Ipv4Prefix.N",)


@action(ECS_VERSION, "UnassignPrivateIpAddresses", UnassignPrivateIpAddresses, resources=eni_arn)
def unassign_private_ip_addresses(request: UnassignPrivateIpAddresses, scope: Scope,
                                  uow: UnitOfWork) -> dict[str, Any]:  # fmt: skip
    enis.unassign_private_ips(uow, scope, request.network_interface_id, request.private_ip_address)
    return {}


@dataclass(frozen=True, kw_only=True)
class AssignIpv6Addresses(Request):
    region_id: str = ecs_region()
    network_interface_id: str = param("NetworkInterfaceId", ENI_ID, required=True)
    ipv6_address: list[str] = _values("Ipv6Address", 10)
    ipv6_address_count: int = param("Ipv6AddressCount", Int(minimum=1), default=0)
    client_token: str | None = client_token()
    ignored = ("Ipv6Prefix.N", "Ipv6PrefixCount")


@action(ECS_VERSION, "AssignIpv6Addresses", AssignIpv6Addresses, resources=eni_arn, client_token=True)
def assign_ipv6_addresses(request: AssignIpv6Addresses, scope: Scope, uow: UnitOfWork) -> dict[str, Any]:
    chosen = enis.assign_ipv6(uow, scope, request.network_interface_id, request.ipv6_address,
                              request.ipv6_address_count)  # fmt: skip
    return {
        "RequestId": "",
        "NetworkInterfaceId": request.network_interface_id,
        "Ipv6Sets": {"Ipv6Address": chosen},
        "Ipv6PrefixSets": {"Ipv6Prefix": []},
    }


@dataclass(frozen=True, kw_only=True)
class UnassignIpv6Addresses(Request):
    region_id: str = ecs_region()
    network_interface_id: str = param("NetworkInterfaceId", ENI_ID, required=True)
    ipv6_address: list[str] = _values("Ipv6Address", 10)
    ignored = ("Ipv6Prefix.N",)


@action(ECS_VERSION, "UnassignIpv6Addresses", UnassignIpv6Addresses, resources=eni_arn)
def unassign_ipv6_addresses(request: UnassignIpv6Addresses, scope: Scope, uow: UnitOfWork) -> dict[str, Any]:
    enis.unassign_ipv6(uow, scope, request.network_interface_id, request.ipv6_address)
    return {}
