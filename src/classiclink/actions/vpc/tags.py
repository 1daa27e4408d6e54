"""VPC 2016-04-28: TagResources, UnTagResources, ListTagResources for the VPC resources the emulator keeps
(domain/tags.py VPC_TAGGABLE: VPC, VSWITCH, ROUTETABLE, EIP). The resource type is case-insensitive (the Tea
model's note); the other documented types (NATGATEWAY, VPNGATEWAY ...) are not modelled: nothing of theirs exists."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ... import errors
from ...domain import tagging, tags
from ...domain.ports import UnitOfWork
from ...domain.scope import Scope
from ...reads import tags as tag_reads
from ..spec import VPC_VERSION, Bool, Int, Request, Str, action, param, scope_arn
from .vpcs import region_id

# The documented ResourceType values (the VPC TagResources page / Tea model).
RESOURCE_TYPES = (
    "VPC", "VSWITCH", "ROUTETABLE", "EIP", "VPNGATEWAY", "NATGATEWAY", "COMMONBANDWIDTHPACKAGE", "PREFIXLIST",
    "PUBLICIPADDRESSPOOL", "IPV4GATEWAY", "IPV6GATEWAY", "NETWORKACL", "TRAFFICMIRRORFILTER",
    "TRAFFICMIRRORSESSION", "FLOWLOG", "HAVIP", "DHCPOPTIONSSET", "GATEWAYENDPOINT", "IPV6ADDRESS",
)  # fmt: skip
# RAM resource names by type (the TagResources page's authorization table).
_ARN_KINDS = {"VPC": "vpc", "VSWITCH": "vswitch", "ROUTETABLE": "routetable", "EIP": "eip",
              "NATGATEWAY": "natgateway", "VPNGATEWAY": "vpngateway",
              "COMMONBANDWIDTHPACKAGE": "combandwidthpackage"}  # fmt: skip


def _type(raw: str) -> str:
    resource_type = raw.upper()
    if resource_type not in RESOURCE_TYPES:
        raise errors.VpcTagResourceTypeNotFound()
    return resource_type


def _arns(request: TagResources | UnTagResources | ListTagResources, scope: Scope) -> list[str]:
    kind = _ARN_KINDS.get(request.resource_type.upper())
    if kind is None:
        return [scope_arn("vpc", scope, "*")]
    return [scope_arn("vpc", scope, f"{kind}/{rid}") for rid in request.resource_id] or [
        scope_arn("vpc", scope, f"{kind}/*")
    ]


@dataclass(frozen=True, kw_only=True)
class TagResources(Request):
    region_id: str = region_id()
    resource_type: str = param("ResourceType", Str(max_len=64), required=True)
    # Up to 50 resources and 20 tags; more are refused by the domain with the documented SizeLimitExceeded.*.
    resource_id: list[str] = param("ResourceId", values=True, max_repeat=1000)
    tag: list[dict[str, str]] = param("Tag", repeat_fields=("Key", "Value"), max_repeat=1000)


@action(VPC_VERSION, "TagResources", TagResources, resources=_arns)
def tag_resources(request: TagResources, scope: Scope, uow: UnitOfWork) -> dict[str, Any]:
    resource_type = _type(request.resource_type)
    if not request.resource_id:
        raise errors.MissingParameter(name="ResourceId.N")
    if not request.tag:
        raise errors.MissingParameter(name="Tag.N")
    tagging.tag(uow, scope, tags.VPC_TAGGABLE, tags.VPC_ERRORS, resource_type=resource_type,
                resource_ids=request.resource_id, given=request.tag)  # fmt: skip
    return {}


@dataclass(frozen=True, kw_only=True)
class UnTagResources(Request):
    region_id: str = region_id()
    resource_type: str = param("ResourceType", Str(max_len=64), required=True)
    resource_id: list[str] = param("ResourceId", values=True, max_repeat=1000)
    tag_key: list[str] = param("TagKey", values=True, max_repeat=1000)
    all: bool = param("All", Bool(), default=False)


@action(VPC_VERSION, "UnTagResources", UnTagResources, resources=_arns)
def un_tag_resources(request: UnTagResources, scope: Scope, uow: UnitOfWork) -> dict[str, Any]:
    resource_type = _type(request.resource_type)
    if not request.resource_id:
        raise errors.MissingParameter(name="ResourceId.N")
    # All=true removes every tag; TagKey.N then has nothing to add (docs/compatibility.md).
    keys: list[str] | None = None if request.all else request.tag_key
    tagging.untag(uow, scope, tags.VPC_TAGGABLE, tags.VPC_ERRORS, resource_type=resource_type,
                  resource_ids=request.resource_id, keys=keys)  # fmt: skip
    return {}


@dataclass(frozen=True, kw_only=True)
class ListTagResources(Request):
    region_id: str = region_id()
    resource_type: str = param("ResourceType", Str(max_len=64), required=True)
    resource_id: list[str] = param("ResourceId", values=True, max_repeat=50)
    tag: list[dict[str, str]] = param("Tag", repeat_fields=("Key", "Value"), max_repeat=20)
    max_results: int = param("MaxResults", Int(minimum=1, maximum=50), default=50)
    next_token: str | None = param("NextToken", Str(max_len=64, pattern=r"\d{1,9}"))


@action(VPC_VERSION, "ListTagResources", ListTagResources, resources=_arns)
def list_tag_resources(request: ListTagResources, scope: Scope, uow: UnitOfWork) -> dict[str, Any]:
    resource_type = _type(request.resource_type)
    # "If you specify only Tag.N.Value, an error message is returned."
    if any("Key" not in t for t in request.tag):
        raise errors.VpcInvalidTagKey()
    where = tag_reads.TagFilter(resource_type=resource_type, resource_ids=request.resource_id, tags=request.tag)
    rows = tag_reads.find(uow, scope, where, tags.VPC_TAGGABLE)
    # NextToken: the decimal offset of the next row, "" on the last page.
    start = int(request.next_token or 0)
    shown = rows[start : start + request.max_results]
    after = start + request.max_results
    token = str(after) if after < len(rows) else ""
    # Key order: the Tea model's (tests/data/response_order/Vpc/ListTagResources.json).
    return {"NextToken": token, "RequestId": "", "TagResources": {"TagResource": shown}}
