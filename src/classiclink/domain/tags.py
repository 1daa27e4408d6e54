"""Resource tags: the rules for writing them (written once, for both products), how they are kept, and how
``Tag.N`` filters match them.

The limits are the ECS and VPC TagResources pages': at most 20 tags per resource and per request, keys of
1–128 characters that start with neither ``aliyun`` nor ``acs:`` and contain neither ``http://`` nor
``https://``, values of 0–128 characters without those two, keys unique within a request, at most 50
resources per request. Each product words the failures its own way (``TagErrors``).

Which resources carry tags is a table per product (``ECS_TAGGABLE``, ``VPC_TAGGABLE``): a resource type and
the unit of work's repository holding it. A new taggable resource is one row, provided its dataclass has a
``tags: list[dict[str, str]]`` field.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from .. import errors

Tag = dict[str, str]

MAX_TAGS_PER_RESOURCE = 20
MAX_TAGS_PER_REQUEST = 20
MAX_RESOURCES_PER_REQUEST = 50
MAX_KEY_LENGTH = 128
MAX_VALUE_LENGTH = 128
RESERVED_KEY_PREFIXES = ("aliyun", "acs:")
FORBIDDEN_FRAGMENTS = ("http://", "https://")


@dataclass(frozen=True)
class TagErrors:
    """How one product answers each broken tag rule."""

    invalid_key: type[errors.ApiError]
    invalid_value: type[errors.ApiError]
    duplicate_key: type[errors.ApiError]
    too_many_tags: type[errors.ApiError]  # more than 20 Tag.N in one request
    quota_exceeded: type[errors.ApiError]  # more than 20 tags on one resource once written
    too_many_resources: type[errors.ApiError]
    resource_not_found: type[errors.ApiError]
    type_not_found: type[errors.ApiError]


ECS_ERRORS = TagErrors(
    invalid_key=errors.EcsInvalidTagKey, invalid_value=errors.EcsInvalidTagValue,
    duplicate_key=errors.EcsDuplicateTagKey, too_many_tags=errors.EcsTooManyTags,
    quota_exceeded=errors.EcsTagQuotaExceeded, too_many_resources=errors.EcsTooManyResourceIds,
    resource_not_found=errors.EcsTaggedResourceNotFound, type_not_found=errors.EcsTagResourceTypeNotFound,
)  # fmt: skip
VPC_ERRORS = TagErrors(
    invalid_key=errors.VpcInvalidTagKey, invalid_value=errors.VpcInvalidTagValue,
    duplicate_key=errors.VpcDuplicateTagKey, too_many_tags=errors.VpcTooManyTags,
    quota_exceeded=errors.VpcTagQuotaExceeded, too_many_resources=errors.VpcTooManyResourceIds,
    resource_not_found=errors.VpcTaggedResourceNotFound, type_not_found=errors.VpcTagResourceTypeNotFound,
)  # fmt: skip

# ResourceType -> UnitOfWork repository attribute. ECS types are lower-case on the wire; VPC types are
# upper-case and "case-insensitive" (the VPC TagResources page), so VPC look-ups upper-case the given type.
# Key pairs are not in the table: their ResourceId is the key pair's name, not its id.
ECS_TAGGABLE: dict[str, str] = {
    "instance": "instances",
    "securitygroup": "security_groups",
    "disk": "disks",
    "snapshot": "snapshots",
    "image": "images",
    "eni": "network_interfaces",
    "snapshotpolicy": "auto_snapshot_policies",
}
VPC_TAGGABLE: dict[str, str] = {
    "VPC": "vpcs",
    "VSWITCH": "vswitches",
    "ROUTETABLE": "route_tables",
    "EIP": "eip_addresses",
}


def valid_key(key: str) -> bool:
    lowered = key.lower()
    return (
        1 <= len(key) <= MAX_KEY_LENGTH
        and not lowered.startswith(RESERVED_KEY_PREFIXES)
        and not any(f in lowered for f in FORBIDDEN_FRAGMENTS)
    )


def valid_value(value: str) -> bool:
    return len(value) <= MAX_VALUE_LENGTH and not any(f in value.lower() for f in FORBIDDEN_FRAGMENTS)


def checked(given: Sequence[Mapping[str, str]], errs: TagErrors) -> list[Tag]:
    """Tag.N of a request (TagResources, or a create action's), each rule checked; as stored."""
    if len(given) > MAX_TAGS_PER_REQUEST:
        raise errs.too_many_tags()
    out = normalised(given)
    for tag in out:
        if not valid_key(tag["Key"]):
            raise errs.invalid_key()
        if not valid_value(tag["Value"]):
            raise errs.invalid_value()
    keys = [t["Key"] for t in out]
    if len(set(keys)) != len(keys):
        raise errs.duplicate_key()
    return out


def merged(existing: Sequence[Mapping[str, str]], new: Sequence[Tag], errs: TagErrors) -> list[Tag]:
    """``existing`` with ``new`` written over it: a key already there takes the new value, in its place."""
    by_key = {t.get("Key", ""): t.get("Value", "") for t in existing}
    by_key.update({t["Key"]: t["Value"] for t in new})
    if len(by_key) > MAX_TAGS_PER_RESOURCE:
        raise errs.quota_exceeded()
    return [{"Key": k, "Value": v} for k, v in by_key.items()]


def without(existing: Sequence[Mapping[str, str]], keys: Iterable[str] | None) -> list[Tag]:
    """``existing`` less the given keys (``None``: every tag)."""
    if keys is None:
        return []
    dropped = set(keys)
    return [t for t in normalised(existing) if t["Key"] not in dropped]


def normalised(tags: Iterable[Mapping[str, str]]) -> list[Tag]:
    """Tags as stored: each with its ``Key`` and ``Value`` ("" when not given)."""
    return [{"Key": t.get("Key", ""), "Value": t.get("Value", "")} for t in tags]


def has_tag(tags: Sequence[Mapping[str, str]], wanted: Mapping[str, str]) -> bool:
    """A filter tag without a value matches any value of its key."""
    return any(t.get("Key") == wanted.get("Key") and ("Value" not in wanted or t.get("Value") == wanted["Value"])
               for t in tags)  # fmt: skip


def matches(tags: Sequence[Mapping[str, str]], filters: Sequence[Mapping[str, str]]) -> bool:
    """Every ``Tag.N`` filter must match (the docs: resources carrying all the given tags)."""
    return all(has_tag(tags, wanted) for wanted in filters)
