"""ECS 2014-05-26: ListTagResources, for the resources the emulator keeps tags on (instances, security
groups, disks). footmark's tag_resources / untag_resources, and so ali_instance with ``tags``, list the
tags first and only write the ones missing."""

from __future__ import annotations

from typing import Any

from ...domain.model import Resource
from ...domain.ports import UnitOfWork
from ..spec import ECS_VERSION, Call, Param, Str, accepted, action, arn
from .common import ECS_REGION, NEXT_TOKEN, TAGS

# The documented ResourceType values; only the first three are modelled, the others list nothing.
RESOURCE_TYPES = (
    "instance", "securitygroup", "disk", "snapshot", "image", "volume", "eni", "ddh", "ddhcluster", "keypair",
    "launchtemplate", "reservedinstance", "snapshotpolicy", "elasticityassurance", "capacityreservation",
    "command", "invocation", "activation", "managedinstance", "prefixlist", "port_range_list",
)  # fmt: skip


def _tagged(uow: UnitOfWork, resource_type: str, account_id: str, region_id: str) -> list[Any]:
    if resource_type == "instance":
        return uow.instances.find(account_id=account_id, region_id=region_id)
    if resource_type == "securitygroup":
        return uow.security_groups.find(account_id=account_id, region_id=region_id)
    if resource_type == "disk":
        return uow.disks.find(account_id=account_id, region_id=region_id)
    return []


def _has_all(resource: Resource, wanted: list[dict[str, str]]) -> bool:
    tags = getattr(resource, "tags", [])
    return all(
        any(t.get("Key") == w.get("Key") and ("Value" not in w or t.get("Value") == w["Value"]) for t in tags)
        for w in wanted
    )


@action(
    ECS_VERSION,
    "ListTagResources",
    ECS_REGION,
    Param("ResourceType", Str(choices=RESOURCE_TYPES), required=True),
    Param("ResourceId", values=True, max_repeat=50),
    TAGS,
    NEXT_TOKEN,
    # Fuzzy tag filters: an invitation-only preview per the API reference; accepted and ignored.
    *accepted("TagFilter.N.TagKey", "TagFilter.N.TagValues.N"),
    resources=lambda call: [arn("ecs", call, "*")],
)
def list_tag_resources(call: Call, uow: UnitOfWork) -> dict[str, Any]:
    # ResourceId and Tag both narrow the result (ANDed); with neither, every tag of every resource of
    # the type in the region (docs/compatibility.md). One page: NextToken comes back empty.
    found = _tagged(uow, call["ResourceType"], call.account_id, call.region_id)
    if call["ResourceId"]:
        wanted = set(call["ResourceId"])
        found = [r for r in found if r.id in wanted]
    found = [r for r in found if _has_all(r, call["Tag"])]
    rows = [
        {"ResourceId": r.id, "ResourceType": call["ResourceType"], "TagKey": t.get("Key", ""), "TagValue": t.get("Value", "")}
        for r in found
        for t in r.tags
    ]
    # Key order: the Tea model's (tests/data/response_order/Ecs/ListTagResources.json).
    return {"NextToken": "", "RequestId": "", "TagResources": {"TagResource": rows}}
