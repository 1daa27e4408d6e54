"""ECS 2014-05-26: ListTagResources, TagResources, UntagResources, for the resources the emulator keeps tags
on (domain/tags.py ECS_TAGGABLE). footmark's tag_resources / untag_resources, and so ali_instance with
``tags``, list the tags first and only write the ones missing."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ... import errors
from ...domain import tagging, tags
from ...domain.ports import UnitOfWork
from ...domain.scope import Scope
from ...reads import tags as tag_reads
from ..spec import ECS_VERSION, Bool, Request, Str, action, param, scope_arn
from .common import ecs_region, next_token, tag_list

# The documented ResourceType values; those in domain/tags.py ECS_TAGGABLE are modelled, the others list
# nothing and cannot be tagged (no such resource exists).
RESOURCE_TYPES = (
    "instance", "securitygroup", "disk", "snapshot", "image", "volume", "eni", "ddh", "ddhcluster", "keypair",
    "launchtemplate", "reservedinstance", "snapshotpolicy", "elasticityassurance", "capacityreservation",
    "command", "invocation", "activation", "managedinstance", "prefixlist", "port_range_list",
)  # fmt: skip


@dataclass(frozen=True, kw_only=True)
class ListTagResources(Request):
    region_id: str = ecs_region()
    resource_type: str = param("ResourceType", Str(choices=RESOURCE_TYPES), required=True)
    resource_id: list[str] = param("ResourceId", values=True, max_repeat=50)
    tag: list[dict[str, str]] = tag_list()
    next_token: str | None = next_token()
    # TagFilter.N.TagKey with TagFilter.N.TagValues.N: the key matched exactly (the reference's fuzzy
    # matching is an invitation-only preview), any of the values, or any value when none is given.
    tag_filter: list[dict[str, Any]] = param("TagFilter", repeat_fields=("TagKey", "TagValues.N"), max_repeat=5)


def _any_resource(request: ListTagResources, scope: Scope) -> list[str]:
    return [scope_arn("ecs", scope, "*")]


@action(ECS_VERSION, "ListTagResources", ListTagResources, resources=_any_resource)
def list_tag_resources(request: ListTagResources, scope: Scope, uow: UnitOfWork) -> dict[str, Any]:
    where = tag_reads.TagFilter(resource_type=request.resource_type, resource_ids=request.resource_id,
                                tags=request.tag, tag_filters=request.tag_filter)  # fmt: skip
    rows = tag_reads.find(uow, scope, where)
    # One page: NextToken comes back empty. Key order: the Tea model's
    # (tests/data/response_order/Ecs/ListTagResources.json).
    return {"NextToken": "", "RequestId": "", "TagResources": {"TagResource": rows}}


# RAM resource names of the ECS TagResources page, by ResourceType (the others: the ECS wildcard).
_ARN_KINDS = {"instance": "instance", "securitygroup": "securitygroup", "disk": "disk", "snapshot": "snapshot",
              "image": "image", "eni": "eni", "ddh": "ddh", "keypair": "keypair", "launchtemplate": "launchtemplate",
              "reservedinstance": "reservedinstance", "snapshotpolicy": "snapshotpolicy"}  # fmt: skip


def _named_resources(request: TagResources | UntagResources, scope: Scope) -> list[str]:
    kind = _ARN_KINDS.get(request.resource_type)
    if kind is None:
        return [scope_arn("ecs", scope, "*")]
    return [scope_arn("ecs", scope, f"{kind}/{rid}") for rid in request.resource_id] or [
        scope_arn("ecs", scope, f"{kind}/*")
    ]


def _resource_type(request: TagResources | UntagResources) -> str:
    # The type is checked by the domain, so that an unknown one answers ECS's documented code.
    if not request.resource_type:
        raise errors.MissingParameter(name="ResourceType")
    if request.resource_type not in RESOURCE_TYPES:
        raise errors.EcsTagResourceTypeNotFound()
    return request.resource_type


@dataclass(frozen=True, kw_only=True)
class TagResources(Request):
    region_id: str = ecs_region()
    resource_type: str = param("ResourceType", Str(max_len=64), required=True)
    # Up to 50 resources and 20 tags; more are refused by the domain with the documented NumberExceed.* codes.
    resource_id: list[str] = param("ResourceId", values=True, max_repeat=1000)
    tag: list[dict[str, str]] = param("Tag", repeat_fields=("Key", "Value"), max_repeat=1000)


@action(ECS_VERSION, "TagResources", TagResources, resources=_named_resources)
def tag_resources(request: TagResources, scope: Scope, uow: UnitOfWork) -> dict[str, Any]:
    resource_type = _resource_type(request)
    if not request.resource_id:
        raise errors.MissingParameter(name="ResourceId.N")
    if not request.tag:
        raise errors.EcsMissingTags()
    tagging.tag(uow, scope, tags.ECS_TAGGABLE, tags.ECS_ERRORS, resource_type=resource_type,
                resource_ids=request.resource_id, given=request.tag)  # fmt: skip
    return {}


@dataclass(frozen=True, kw_only=True)
class UntagResources(Request):
    region_id: str = ecs_region()
    resource_type: str = param("ResourceType", Str(max_len=64), required=True)
    resource_id: list[str] = param("ResourceId", values=True, max_repeat=1000)
    tag_key: list[str] = param("TagKey", values=True, max_repeat=1000)
    # "Takes effect only if you do not specify TagKey.N"; both together is Param.Conflict.
    all: bool = param("All", Bool(), default=False)


@action(ECS_VERSION, "UntagResources", UntagResources, resources=_named_resources)
def untag_resources(request: UntagResources, scope: Scope, uow: UnitOfWork) -> dict[str, Any]:
    resource_type = _resource_type(request)
    if not request.resource_id:
        raise errors.MissingParameter(name="ResourceId.N")
    if request.all and request.tag_key:
        raise errors.EcsTagParamConflict()
    # Neither TagKey.N nor All: nothing is removed (the page's default, All=false).
    keys: list[str] | None = None if request.all else request.tag_key
    tagging.untag(uow, scope, tags.ECS_TAGGABLE, tags.ECS_ERRORS, resource_type=resource_type,
                  resource_ids=request.resource_id, keys=keys)  # fmt: skip
    return {}
