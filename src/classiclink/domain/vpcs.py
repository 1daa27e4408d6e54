"""VPC rules (api-spec §3.3–3.6): CIDR blocks, names, lifecycle, and what blocks deletion."""

from __future__ import annotations

import ipaddress
import re

from .. import errors
from ..settings import Behaviour
from .model import Lifecycle, RouteEntry, RouteTable, Vpc, new_id
from .ports import UnitOfWork

DEFAULT_VPC_CIDR = "172.16.0.0/12"
# The private ranges a VPC may use, each with the shortest mask it allows.
VPC_RANGES = (
    ipaddress.ip_network("10.0.0.0/8"),
    ipaddress.ip_network("172.16.0.0/12"),
    ipaddress.ip_network("192.168.0.0/16"),
)
SYSTEM_ROUTE = "100.64.0.0/10"

# 2–128 characters, starting with a letter or a Chinese character; letters, digits, Chinese, . _ -
_NAME = re.compile(r"[A-Za-z\u4e00-\u9fff][A-Za-z0-9_.\-\u4e00-\u9fff]{1,127}")


def valid_name(name: str) -> bool:
    return bool(_NAME.fullmatch(name)) and not name.startswith(("http://", "https://"))


def valid_description(text: str) -> bool:
    return 2 <= len(text) <= 256 and not text.startswith(("http://", "https://"))


def parse_vpc_cidr(text: str) -> str:
    """CreateVpc's CidrBlock: one of the private ranges or a subnet of it, mask 8–24."""
    try:
        network = ipaddress.ip_network(text, strict=True)
    except ValueError:
        raise errors.InvalidCidrBlock() from None
    if network.version != 4 or not 8 <= network.prefixlen <= 24:
        raise errors.InvalidCidrBlock()
    if not any(network.subnet_of(r) for r in VPC_RANGES):  # type: ignore[arg-type]
        raise errors.InvalidCidrBlock()
    return str(network)


def create(
    uow: UnitOfWork,
    account_id: str,
    region_id: str,
    now: float,
    rules: Behaviour,
    cidr_block: str | None,
    name: str,
    description: str,
    resource_group_id: str = "",
    user_cidrs: list[str] | None = None,
) -> Vpc:
    cidr = parse_vpc_cidr(cidr_block) if cidr_block else DEFAULT_VPC_CIDR
    if name and not valid_name(name):
        raise errors.InvalidVpcName()
    if description and not valid_description(description):
        raise errors.InvalidVpcDescription()
    if uow.vpcs.count(account_id=account_id, region_id=region_id) >= rules.vpcs_per_region:
        raise errors.VpcQuotaExceeded()
    vpc = Vpc(
        id=new_id("vpc", region_id),
        account_id=account_id,
        region_id=region_id,
        created_at=now,
        cidr_block=cidr,
        name=name,
        description=description,
        lifecycle=Lifecycle("Pending"),
        vrouter_id=new_id("vrt", region_id),
        route_table_id=new_id("vtb", region_id),
        resource_group_id=resource_group_id or default_resource_group(account_id),
        user_cidrs=user_cidrs or [],
    )
    vpc.lifecycle.move(now, "Pending", (rules.transition_delay, "Available"))
    uow.vpcs.add(vpc)
    uow.route_tables.add(
        RouteTable(vpc.route_table_id, account_id, region_id, now, vpc_id=vpc.id, vrouter_id=vpc.vrouter_id)
    )
    uow.route_entries.add(
        RouteEntry(
            new_id("rte", region_id), account_id, region_id, now,
            route_table_id=vpc.route_table_id, vpc_id=vpc.id, destination_cidr_block=SYSTEM_ROUTE,
            entry_type="System", next_hop_type="service",
        )
    )  # fmt: skip
    return vpc


def default_resource_group(account_id: str) -> str:
    # Every account has a default resource group; its ID is stable per account.
    return "rg-acfm" + format(int(account_id) % (36**10), "x").rjust(10, "0")[:10]


def get(uow: UnitOfWork, account_id: str, region_id: str, vpc_id: str) -> Vpc:
    vpc = uow.vpcs.get_in_region(vpc_id, account_id=account_id, region_id=region_id)
    if vpc is None:
        raise errors.VpcNotFound()
    return vpc


def delete(uow: UnitOfWork, account_id: str, region_id: str, vpc_id: str, now: float) -> None:
    """DeleteVpc: only Available VPCs, and only once everything inside is gone (V-DELVPC)."""
    vpc = get(uow, account_id, region_id, vpc_id)
    if vpc.lifecycle.at(now) != "Available":
        raise errors.IncorrectVpcStatus()
    if uow.links.count(account_id=account_id, vpc_id=vpc.id):
        raise errors.VpcHasDependentInstances()
    if uow.instances.count(account_id=account_id, vpc_id=vpc.id):
        raise errors.VpcHasDependentInstances()
    if uow.vswitches.count(account_id=account_id, vpc_id=vpc.id):
        raise errors.VpcHasDependentVSwitch()
    if uow.route_entries.count(account_id=account_id, vpc_id=vpc.id, entry_type="Custom"):
        raise errors.VpcHasDependentRouteEntry()
    if uow.security_groups.count(account_id=account_id, vpc_id=vpc.id):
        raise errors.VpcHasDependentSecurityGroup()
    for entry in uow.route_entries.find(account_id=account_id, vpc_id=vpc.id):
        uow.route_entries.remove(entry)
    for table in uow.route_tables.find(account_id=account_id, vpc_id=vpc.id):
        uow.route_tables.remove(table)
    uow.vpcs.remove(vpc)


def modify(
    uow: UnitOfWork, account_id: str, region_id: str, vpc_id: str, name: str | None, description: str | None
) -> None:
    vpc = get(uow, account_id, region_id, vpc_id)
    if name is not None:
        if not valid_name(name):
            raise errors.InvalidVpcName()
        vpc.name = name
    if description is not None:
        if not valid_description(description):
            raise errors.InvalidVpcDescription()
        vpc.description = description
    uow.vpcs.save(vpc)
