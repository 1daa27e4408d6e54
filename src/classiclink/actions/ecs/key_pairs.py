"""ECS 2014-05-26 SSH key pairs: CreateKeyPair, ImportKeyPair, DescribeKeyPairs, DeleteKeyPairs,
AttachKeyPair, DetachKeyPair (domain/key_pairs.py). Key pairs are named per region: RAM's resource is
``keypair/{name}`` (the reference pages' ARN)."""

from __future__ import annotations

import fnmatch
import json
from dataclasses import dataclass
from typing import Any

from ... import errors
from ...domain import key_pairs, tags
from ...domain.model import KeyPair
from ...domain.ports import UnitOfWork
from ...domain.scope import Scope
from ...reads.paging import Paging, paginate, query_page
from ...reads.timefmt import vpc_time
from ..spec import ECS_VERSION, Bool, Int, ParamType, Request, Str, action, param, scope_arn
from .common import ecs_region, tag_list


def key_pair_arn(request: Any, scope: Scope) -> list[str]:
    return [scope_arn("ecs", scope, f"keypair/{getattr(request, 'key_pair_name', '') or '*'}")]


class NameList(ParamType):
    """A JSON array of strings, refused with the action's own error."""

    def __init__(self, error: type[errors.ApiError], max_items: int = 100, commas: bool = False) -> None:
        self.error, self.max_items, self.commas = error, max_items, commas

    def parse(self, name: str, raw: str) -> Any:
        try:
            value = json.loads(raw)
        except (ValueError, RecursionError):
            if not self.commas:
                raise self.error() from None
            value = _loose_list(raw, self.error)
        if not isinstance(value, list) or not value or not all(isinstance(v, str) for v in value):
            raise self.error()
        if len(value) > self.max_items:
            raise self.error()
        return value


def _loose_list(raw: str, error: type[errors.ApiError]) -> list[str]:
    """The other spellings the reference allows ("a JSON array ... Separate multiple names with commas"):
    ``a,b``, and the single-quoted list footmark sends for DeleteKeyPairs (Python's ``str`` of a list; names
    and IDs cannot hold quotes)."""
    text = raw.strip()
    if text.startswith("["):
        try:
            value = json.loads(text.replace("'", '"'))
        except (ValueError, RecursionError):
            raise error() from None
        return value if isinstance(value, list) else []
    return [part.strip() for part in text.split(",") if part.strip()]


@dataclass(frozen=True, kw_only=True)
class CreateKeyPair(Request):
    region_id: str = ecs_region()
    key_pair_name: str = param("KeyPairName", Str(), required=True)
    resource_group_id: str | None = param("ResourceGroupId", Str(max_len=64))
    tag: list[dict[str, str]] = tag_list()


@action(ECS_VERSION, "CreateKeyPair", CreateKeyPair, resources=key_pair_arn)
def create_key_pair(request: CreateKeyPair, scope: Scope, uow: UnitOfWork) -> dict[str, Any]:
    pair, private_key = key_pairs.create(uow, scope, name=request.key_pair_name,
                                         resource_group_id=request.resource_group_id, tag_list=request.tag)  # fmt: skip
    return {"RequestId": "", "KeyPairFingerPrint": pair.fingerprint, "KeyPairId": pair.id, "KeyPairName": pair.name,
            "PrivateKeyBody": private_key}  # fmt: skip


@dataclass(frozen=True, kw_only=True)
class ImportKeyPair(Request):
    region_id: str = ecs_region()
    key_pair_name: str = param("KeyPairName", Str(), required=True)
    public_key_body: str = param("PublicKeyBody", Str(max_len=16384), required=True)
    resource_group_id: str | None = param("ResourceGroupId", Str(max_len=64))
    tag: list[dict[str, str]] = tag_list()


@action(ECS_VERSION, "ImportKeyPair", ImportKeyPair, resources=key_pair_arn)
def import_key_pair(request: ImportKeyPair, scope: Scope, uow: UnitOfWork) -> dict[str, Any]:
    pair = key_pairs.import_public(uow, scope, name=request.key_pair_name, public_key_body=request.public_key_body,
                                   resource_group_id=request.resource_group_id, tag_list=request.tag)  # fmt: skip
    return {"RequestId": "", "KeyPairName": pair.name, "KeyPairFingerPrint": pair.fingerprint}


@dataclass(frozen=True, kw_only=True)
class DescribeKeyPairs(Request):
    region_id: str = ecs_region()
    key_pair_name: str | None = param("KeyPairName", Str(max_len=128))
    key_pair_finger_print: str | None = param("KeyPairFingerPrint", Str(max_len=128))
    include_public_key: bool = param("IncludePublicKey", Bool(), default=False)
    resource_group_id: str | None = param("ResourceGroupId", Str(max_len=64))
    tag: list[dict[str, str]] = tag_list()
    page_number: int = param("PageNumber", Int(minimum=1), default=1)
    page_size: int = param("PageSize", Int(minimum=1, maximum=50), default=10)


def key_pair_view(pair: KeyPair, include_public_key: bool) -> dict[str, Any]:
    return {
        "CreationTime": vpc_time(pair.created_at),
        "KeyPairFingerPrint": pair.fingerprint,
        "KeyPairName": pair.name,
        "PublicKey": pair.public_key if include_public_key else "",
        "ResourceGroupId": pair.resource_group_id,
        "Tags": {"Tag": [{"TagKey": t.get("Key", ""), "TagValue": t.get("Value", "")} for t in pair.tags]},
    }


@action(ECS_VERSION, "DescribeKeyPairs", DescribeKeyPairs, resources=key_pair_arn)
def describe_key_pairs(request: DescribeKeyPairs, scope: Scope, uow: UnitOfWork) -> dict[str, Any]:
    query: dict[str, Any] = {"region_id": scope.region_id}
    name = request.key_pair_name
    # KeyPairName: exact, or a pattern with * wildcards (*SshKey, SshKey*, *SshKey*: the reference).
    pattern = name if name is not None and "*" in name else None
    if name is not None and pattern is None:
        query["name"] = name
    if request.key_pair_finger_print is not None:
        query["fingerprint"] = request.key_pair_finger_print
    if request.resource_group_id is not None:
        query["resource_group_id"] = request.resource_group_id
    paging = Paging(page_number=request.page_number, page_size=request.page_size)
    if pattern is None and not request.tag:
        page = query_page(uow.key_pairs, scope.account_id, paging, **query)
    else:
        found = uow.key_pairs.find(account_id=scope.account_id, **query)
        if pattern is not None:
            found = [p for p in found if fnmatch.fnmatchcase(p.name, pattern.replace("[", "[[]"))]
        found = [p for p in found if tags.matches(p.tags, request.tag)]
        page = paginate(found, paging)
    return {"PageNumber": request.page_number, "TotalCount": page.total, "PageSize": request.page_size,
            "RequestId": "",
            "KeyPairs": {"KeyPair": [key_pair_view(p, request.include_public_key) for p in page.items]}}  # fmt: skip


@dataclass(frozen=True, kw_only=True)
class DeleteKeyPairs(Request):
    region_id: str = ecs_region()
    key_pair_names: list[str] = param("KeyPairNames", NameList(errors.KeyPairNamesInvalid, commas=True), required=True)


def key_pairs_arn(request: DeleteKeyPairs, scope: Scope) -> list[str]:
    return [scope_arn("ecs", scope, f"keypair/{name}") for name in request.key_pair_names]


@action(ECS_VERSION, "DeleteKeyPairs", DeleteKeyPairs, resources=key_pairs_arn)
def delete_key_pairs(request: DeleteKeyPairs, scope: Scope, uow: UnitOfWork) -> dict[str, Any]:
    key_pairs.delete(uow, scope, request.key_pair_names)
    return {}


@dataclass(frozen=True, kw_only=True)
class AttachKeyPair(Request):
    region_id: str = ecs_region()
    key_pair_name: str = param("KeyPairName", Str(max_len=128), required=True)
    instance_ids: list[str] = param("InstanceIds", NameList(errors.KeyPairInstanceIdsInvalid, max_items=10**6, commas=True),
                                    required=True)  # fmt: skip


def bind_arn(request: AttachKeyPair, scope: Scope) -> list[str]:
    return [*key_pair_arn(request, scope), *(scope_arn("ecs", scope, f"instance/{i}") for i in request.instance_ids)]


def _results(name: str, results: list[key_pairs.BindResult]) -> dict[str, Any]:
    # The reference page's sample order.
    return {
        "KeyPairName": name, "RequestId": "", "TotalCount": str(len(results)),
        "FailCount": str(sum(not r.success for r in results)),
        "Results": {"Result": [{"Code": r.code, "Message": r.message, "InstanceId": r.instance_id,
                                "Success": "true" if r.success else "false"} for r in results]},
    }  # fmt: skip


@action(ECS_VERSION, "AttachKeyPair", AttachKeyPair, resources=bind_arn)
def attach_key_pair(request: AttachKeyPair, scope: Scope, uow: UnitOfWork) -> dict[str, Any]:
    return _results(request.key_pair_name, key_pairs.attach(uow, scope, request.key_pair_name, request.instance_ids))


@dataclass(frozen=True, kw_only=True)
class DetachKeyPair(Request):
    region_id: str = ecs_region()
    key_pair_name: str = param("KeyPairName", Str(max_len=128), required=True)
    instance_ids: list[str] = param("InstanceIds", NameList(errors.KeyPairInstanceIdsInvalid, max_items=10**6, commas=True),
                                    required=True)  # fmt: skip


@action(ECS_VERSION, "DetachKeyPair", DetachKeyPair, resources=bind_arn)  # type: ignore[arg-type]
def detach_key_pair(request: DetachKeyPair, scope: Scope, uow: UnitOfWork) -> dict[str, Any]:
    return _results(request.key_pair_name, key_pairs.detach(uow, scope, request.key_pair_name, request.instance_ids))
