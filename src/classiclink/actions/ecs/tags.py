"""ECS 2014-05-26: ListTagResources, for the resources the emulator keeps tags on (instances, security
groups, disks). footmark's tag_resources / untag_resources, and so ali_instance with ``tags``, list the
tags first and only write the ones missing."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ...domain.ports import UnitOfWork
from ...domain.scope import Scope
from ...reads import tags as tag_reads
from ..spec import ECS_VERSION, Request, Str, action, param, scope_arn
from .common import ecs_region, next_token, tag_list

# The documented ResourceType values; only the first three are modelled, the others list nothing.
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
