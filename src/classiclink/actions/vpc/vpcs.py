"""VPC 2016-04-28: CreateVpc, DeleteVpc, DescribeVpcs, DescribeVpcAttribute, ModifyVpcAttribute (api-spec §3.3–3.6)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ... import errors
from ...domain import condition_checks, defaults, vpcs
from ...domain.ports import UnitOfWork
from ...domain.scope import Scope
from ...reads import vpcs as vpc_reads
from ...reads.paging import Paging
from ...reads.shape import ordered
from ..spec import (
    VPC_VERSION,
    Bool,
    CommaList,
    Int,
    RegionParam,
    Request,
    Str,
    action,
    param,
    scope_arn,
)


def region_id() -> Any:
    return param("RegionId", RegionParam(errors.VpcRegionNotFound), required=True)


def client_token() -> Any:
    return param("ClientToken", Str(max_len=64, pattern=r"[\x20-\x7e]+"))


def dry_run() -> Any:
    return param("DryRun", Bool(), default=False)


def tag_list() -> Any:
    return param("Tag", repeat_fields=("Key", "Value"), max_repeat=20)


def vpc_arn(request: Any, scope: Scope) -> list[str]:
    return [scope_arn("vpc", scope, f"vpc/{getattr(request, 'vpc_id', '') or '*'}")]


def all_vpcs_arn(request: Any, scope: Scope) -> list[str]:
    return [scope_arn("vpc", scope, "vpc/*")]


# "The type of the IPv6 CIDR block of the VPC" (CreateVpc, ModifyVpcAttribute).
IPV6_ISP = Str(choices=("BGP", "ChinaMobile", "ChinaUnicom", "ChinaTelecom"))


def _ipv6_block(block: str | None, enable_ipv6: bool) -> str:
    """CreateVpc Ipv6CidrBlock: a /56 (reserved with AllocateVpcIpv6Cidr, which is not modelled: any is taken),
    given with EnableIpv6 (as CreateDefaultVpc requires)."""
    if not block:
        return ""
    if not enable_ipv6:
        raise errors.IllegalIpv6CidrBlock()
    return defaults.parse_ipv6_block(block)


@dataclass(frozen=True, kw_only=True)
class CreateVpc(Request):
    region_id: str = region_id()
    cidr_block: str | None = param("CidrBlock", Str(max_len=64))
    vpc_name: str = param("VpcName", Str(max_len=128, error=errors.InvalidVpcName), default="")
    description: str = param("Description", Str(max_len=256, error=errors.InvalidVpcDescription), default="")
    resource_group_id: str = param("ResourceGroupId", Str(max_len=64), default="")
    user_cidr: list[str] | None = param("UserCidr", CommaList(too_many=errors.UserCidrQuota))
    enable_ipv6: bool = param("EnableIpv6", Bool(), default=False)
    ipv6_cidr_block: str | None = param("Ipv6CidrBlock", Str(max_len=64))
    client_token: str | None = client_token()
    dry_run: bool = dry_run()
    tag: list[dict[str, str]] = tag_list()
    enable_dns_hostname: bool = param("EnableDnsHostname", Bool(), default=False)
    ipv6_isp: str = param("Ipv6Isp", IPV6_ISP, default="")
    # IPAM pools are not modelled (docs/compatibility.md, "Settings that do not read back").
    ignored = ("Ipv4CidrMask", "Ipv4IpamPoolId", "Ipv6CidrMask", "Ipv6IpamPoolId")


@action(VPC_VERSION, "CreateVpc", CreateVpc, resources=all_vpcs_arn, client_token=True)
def create_vpc(request: CreateVpc, scope: Scope, uow: UnitOfWork) -> dict[str, Any]:
    vpc = vpcs.create(
        uow, scope, cidr_block=request.cidr_block, name=request.vpc_name, description=request.description,
        resource_group_id=request.resource_group_id, user_cidrs=request.user_cidr, tags_=request.tag,
        enable_ipv6=request.enable_ipv6, ipv6_cidr_block=_ipv6_block(request.ipv6_cidr_block, request.enable_ipv6),
        enable_dns_hostname=request.enable_dns_hostname, ipv6_isp=request.ipv6_isp,
    )  # fmt: skip
    condition_checks.check_vpc(uow, scope)  # the account's conditions (admin API); refused: rolled back
    return {
        "ResourceGroupId": vpc.resource_group_id,
        "RouteTableId": vpc.route_table_id,
        "VpcId": vpc.id,
        "VRouterId": vpc.vrouter_id,
    }


@dataclass(frozen=True, kw_only=True)
class CreateDefaultVpc(Request):
    region_id: str = region_id()
    client_token: str | None = client_token()
    resource_group_id: str = param("ResourceGroupId", Str(max_len=64), default="")
    enable_ipv6: bool = param("EnableIpv6", Bool(), default=False)
    ipv6_cidr_block: str | None = param("Ipv6CidrBlock", Str(max_len=64))


@action(VPC_VERSION, "CreateDefaultVpc", CreateDefaultVpc, resources=all_vpcs_arn, client_token=True)
def create_default_vpc(request: CreateDefaultVpc, scope: Scope, uow: UnitOfWork) -> dict[str, Any]:
    """The docs' RAM row: vpc:CreateDefaultVpc on acs:vpc:{regionId}:{accountId}:vpc/*."""
    vpc = defaults.create_default_vpc(
        uow, scope, resource_group_id=request.resource_group_id, enable_ipv6=request.enable_ipv6,
        ipv6_cidr_block=request.ipv6_cidr_block,
    )  # fmt: skip
    return {"RouteTableId": vpc.route_table_id, "VRouterId": vpc.vrouter_id, "VpcId": vpc.id}


@dataclass(frozen=True, kw_only=True)
class DeleteVpc(Request):
    region_id: str = region_id()
    vpc_id: str = param("VpcId", Str(max_len=64), required=True)
    force_delete: bool = param("ForceDelete", Bool(), default=False)
    client_token: str | None = client_token()
    dry_run: bool = dry_run()


@action(VPC_VERSION, "DeleteVpc", DeleteVpc, resources=vpc_arn, client_token=True)
def delete_vpc(request: DeleteVpc, scope: Scope, uow: UnitOfWork) -> dict[str, Any]:
    vpcs.delete(uow, scope, request.vpc_id)
    return {}


@dataclass(frozen=True, kw_only=True)
class DescribeVpcs(Request):
    region_id: str = region_id()
    vpc_id: list[str] | None = param("VpcId", CommaList(max_items=20))
    vpc_name: str | None = param("VpcName", Str(max_len=128))
    is_default: bool | None = param("IsDefault", Bool())
    resource_group_id: str | None = param("ResourceGroupId", Str(max_len=64))
    page_number: int = param("PageNumber", Int(minimum=1), default=1)
    page_size: int = param("PageSize", Int(minimum=1, maximum=50), default=10)
    dhcp_options_set_id: str | None = param("DhcpOptionsSetId", Str(max_len=64))
    enable_ipv6: bool | None = param("EnableIpv6", Bool())
    vpc_owner_id: int | None = param("VpcOwnerId", Int())
    dry_run: bool = dry_run()
    tag: list[dict[str, str]] = tag_list()


@action(VPC_VERSION, "DescribeVpcs", DescribeVpcs, resources=all_vpcs_arn)
def describe_vpcs(request: DescribeVpcs, scope: Scope, uow: UnitOfWork) -> dict[str, Any]:
    where = vpc_reads.VpcFilter(vpc_ids=request.vpc_id or (), name=request.vpc_name, is_default=request.is_default,
                                resource_group_id=request.resource_group_id, tags=request.tag,
                                dhcp_options_set_id=request.dhcp_options_set_id, enable_ipv6=request.enable_ipv6,
                                owner_id=request.vpc_owner_id)  # fmt: skip
    found = vpc_reads.find(uow, scope, where, Paging(page_number=request.page_number, page_size=request.page_size))
    vswitches = vpc_reads.vswitch_ids(uow, found.items)
    return {
        "PageNumber": request.page_number,
        "TotalCount": found.total,
        "Vpcs": {"Vpc": [vpc_reads.view(v, vswitches[v.id], scope.now) for v in found.items]},
        "PageSize": request.page_size,
        "RequestId": "",  # the sample's place for it
    }


# DescribeVpcAttribute's own order (tests/data/response_order/Vpc/DescribeVpcAttribute.json).
ATTRIBUTE_KEYS = (
    "VpcName", "Description", "IsDefault", "ResourceGroupId", "UserCidrs", "ClassicLinkEnabled", "AssociatedCens",
    "VRouterId", "VpcId", "CreationTime", "CidrBlock", "Status", "VSwitchIds", "RegionId", "RequestId",
    "CloudResources", "Ipv6CidrBlock", "OwnerId", "SecondaryCidrBlocks", "Tags",
    # The Tea model's fields the sample lacks, in the model's order.
    "AssociatedPropagationSources", "DhcpOptionsSetId", "DhcpOptionsSetStatus", "DnsHostnameStatus", "EnabledIpv6",
    "Ipv4GatewayId", "Ipv6CidrBlocks", "SupportIpv4Gateway",
)  # fmt: skip


@dataclass(frozen=True, kw_only=True)
class DescribeVpcAttribute(Request):
    region_id: str = region_id()
    vpc_id: str = param("VpcId", Str(max_len=64), required=True)
    is_default: bool | None = param("IsDefault", Bool())
    dry_run: bool = dry_run()


@action(VPC_VERSION, "DescribeVpcAttribute", DescribeVpcAttribute, resources=vpc_arn)
def describe_vpc_attribute(request: DescribeVpcAttribute, scope: Scope, uow: UnitOfWork) -> dict[str, Any]:
    vpc = vpcs.get(uow, scope, request.vpc_id)
    view = vpc_reads.view(vpc, vpc_reads.vswitch_ids(uow, [vpc])[vpc.id], scope.now)
    view.pop("RouterTableIds")
    view.pop("NatGatewayIds")
    view.pop("CenStatus")
    counts = {
        "VSwitch": len(view["VSwitchIds"]["VSwitchId"]),
        "VRouter": 1,
        "RouteTable": uow.route_tables.count(account_id=scope.account_id, vpc_id=vpc.id),
    }
    view.update({
        "ClassicLinkEnabled": vpc.classic_link_enabled,
        "AssociatedCens": {"AssociatedCen": []},
        "RequestId": "",
        # No IPv4 gateways or propagation sources exist in the emulator.
        "AssociatedPropagationSources": {"AssociatedPropagationSources": []},
        "Ipv4GatewayId": "",
        "SupportIpv4Gateway": True,
        "CloudResources": {
            "CloudResourceSetType": [{"ResourceType": k, "ResourceCount": v} for k, v in counts.items()]
        },
    })  # fmt: skip
    return ordered(view, ATTRIBUTE_KEYS)


@dataclass(frozen=True, kw_only=True)
class ModifyVpcAttribute(Request):
    region_id: str = region_id()
    vpc_id: str = param("VpcId", Str(max_len=64), required=True)
    vpc_name: str | None = param("VpcName", Str(max_len=128, error=errors.InvalidVpcName))
    description: str | None = param("Description", Str(max_len=256, error=errors.InvalidVpcDescription))
    enable_ipv6: bool | None = param("EnableIPv6", Bool())
    enable_dns_hostname: bool | None = param("EnableDnsHostname", Bool())
    cidr_block: str | None = param("CidrBlock", Str(max_len=64))
    ipv6_cidr_block: str | None = param("Ipv6CidrBlock", Str(max_len=64))
    ipv6_isp: str = param("Ipv6Isp", IPV6_ISP, default="")


@action(VPC_VERSION, "ModifyVpcAttribute", ModifyVpcAttribute, resources=vpc_arn)
def modify_vpc_attribute(request: ModifyVpcAttribute, scope: Scope, uow: UnitOfWork) -> dict[str, Any]:
    vpcs.modify(uow, scope, request.vpc_id, name=request.vpc_name, description=request.description,
                enable_ipv6=request.enable_ipv6, enable_dns_hostname=request.enable_dns_hostname,
                cidr_block=request.cidr_block, ipv6_cidr_block=defaults.parse_ipv6_block(request.ipv6_cidr_block)
                if request.ipv6_cidr_block else "", ipv6_isp=request.ipv6_isp)  # fmt: skip
    return {}


@dataclass(frozen=True, kw_only=True)
class AssociateVpcCidrBlock(Request):
    region_id: str = region_id()
    vpc_id: str = param("VpcId", Str(max_len=64), required=True)
    secondary_cidr_block: str | None = param("SecondaryCidrBlock", Str(max_len=64))
    ipv6_cidr_block: str | None = param("IPv6CidrBlock", Str(max_len=64))
    ip_version: str | None = param("IpVersion", Str(choices=("IPV4", "IPV6")))
    # IPAM pools and ISPs are not modelled.
    ignored = ("IpamPoolId", "Ipv6CidrMask", "Ipv6Isp", "SecondaryCidrMask")


@action(VPC_VERSION, "AssociateVpcCidrBlock", AssociateVpcCidrBlock, resources=vpc_arn)
def associate_vpc_cidr_block(request: AssociateVpcCidrBlock, scope: Scope, uow: UnitOfWork) -> dict[str, Any]:
    network = vpcs.associate_cidr(uow, scope, request.vpc_id, secondary=request.secondary_cidr_block,
                                  ipv6=request.ipv6_cidr_block or (None if request.ip_version != "IPV6" else "auto"))  # fmt: skip
    return {"RequestId": "", "CidrBlock": str(network), "IpVersion": "IPV4"}


@dataclass(frozen=True, kw_only=True)
class UnassociateVpcCidrBlock(Request):
    region_id: str = region_id()
    vpc_id: str = param("VpcId", Str(max_len=64), required=True)
    secondary_cidr_block: str | None = param("SecondaryCidrBlock", Str(max_len=64))
    ipv6_cidr_block: str | None = param("IPv6CidrBlock", Str(max_len=64))


@action(VPC_VERSION, "UnassociateVpcCidrBlock", UnassociateVpcCidrBlock, resources=vpc_arn)
def unassociate_vpc_cidr_block(request: UnassociateVpcCidrBlock, scope: Scope, uow: UnitOfWork) -> dict[str, Any]:
    vpcs.unassociate_cidr(uow, scope, request.vpc_id, secondary=request.secondary_cidr_block,
                          ipv6=request.ipv6_cidr_block)  # fmt: skip
    return {}


# MoveResourceGroup's ResourceType values that the emulator keeps (the Tea model lists Vpc, Eip,
# BandwidthPackage, PrefixList ...; only VPCs exist here).
MOVABLE_TYPES = ("Vpc",)


@dataclass(frozen=True, kw_only=True)
class MoveResourceGroup(Request):
    region_id: str = region_id()
    resource_id: str = param("ResourceId", Str(max_len=64), required=True)
    new_resource_group_id: str = param("NewResourceGroupId", Str(max_len=64, pattern=r"rg-[a-z0-9]+"), required=True)
    resource_type: str = param("ResourceType", Str(max_len=64), required=True)


def _moved_arn(request: MoveResourceGroup, scope: Scope) -> list[str]:
    return [scope_arn("vpc", scope, f"vpc/{request.resource_id or '*'}")]


@action(VPC_VERSION, "MoveResourceGroup", MoveResourceGroup, resources=_moved_arn)
def move_resource_group(request: MoveResourceGroup, scope: Scope, uow: UnitOfWork) -> dict[str, Any]:
    if request.resource_type.lower() not in [t.lower() for t in MOVABLE_TYPES]:
        raise errors.InvalidParameter(name="ResourceType")
    vpcs.move_resource_group(uow, scope, request.resource_id, request.new_resource_group_id)
    return {}
