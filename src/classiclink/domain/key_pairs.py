"""SSH key pairs (CreateKeyPair, ImportKeyPair, DeleteKeyPairs, AttachKeyPair, DetachKeyPair).

A key pair is named uniquely in its account and region; names follow the ECS name rule (2–128 characters,
a letter or Chinese character first, then letters, digits, ``.``, ``:``, ``_``, ``-``; no ``http(s)://``).
At most 500 per region (the reference pages). An instance carries the name of the pair bound to it
(``Instance.key_pair_name``): only Linux instances take one; a deleted pair stays named on the instances it
was bound to, as the real service keeps it.
"""

from __future__ import annotations

import base64
from collections.abc import Sequence
from dataclasses import dataclass

from .. import errors
from . import images, ssh_keys, tags, text
from .model import Instance, KeyPair, new_id
from .ports import AnyOf, UnitOfWork
from .scope import Scope
from .vpcs import default_resource_group

QUOTA_PER_REGION = 500
MAX_INSTANCES_PER_CALL = 50
# Attach and Detach refuse an instance still being created; any settled state is fine (the pair takes effect
# at the next start or reboot, the reference pages say).
BINDABLE_STATUSES = ("Running", "Stopped", "Starting", "Stopping")


def get(uow: UnitOfWork, scope: Scope, name: str) -> KeyPair:
    """The caller's key pair of that name in the request's region, or InvalidKeyPairName.NotFound."""
    found = uow.key_pairs.find(account_id=scope.account_id, region_id=scope.region_id, name=name, limit=1)
    if not found:
        raise errors.KeyPairNotFound()
    return found[0]


def _check_new(uow: UnitOfWork, scope: Scope, name: str) -> None:
    if not text.valid_name(name, colon=True):
        raise errors.KeyPairNameMalformed()
    if uow.key_pairs.exists(account_id=scope.account_id, region_id=scope.region_id, name=name):
        raise errors.KeyPairAlreadyExist()
    if uow.key_pairs.count(account_id=scope.account_id, region_id=scope.region_id) >= QUOTA_PER_REGION:
        raise errors.KeyPairQuotaExceeded()


def _store(uow: UnitOfWork, scope: Scope, name: str, public_key: str, resource_group_id: str | None,
           tag_list: Sequence[dict[str, str]]) -> KeyPair:  # fmt: skip
    pair = KeyPair(
        id=new_id("kp", scope.region_id), account_id=scope.account_id, region_id=scope.region_id,
        created_at=scope.now, name=name, fingerprint=ssh_keys.fingerprint(ssh_keys.public_blob(public_key)),
        public_key=public_key, resource_group_id=resource_group_id or default_resource_group(scope.account_id),
        tags=tags.normalised(tag_list),
    )  # fmt: skip
    uow.key_pairs.add(pair)
    return pair


def create(uow: UnitOfWork, scope: Scope, *, name: str, resource_group_id: str | None = None,
           tag_list: Sequence[dict[str, str]] = ()) -> tuple[KeyPair, str]:  # fmt: skip
    """CreateKeyPair: a new RSA key; the private key is returned once and never kept."""
    _check_new(uow, scope, name)
    private_key, public_key = ssh_keys.new_rsa_key()
    return _store(uow, scope, name, public_key, resource_group_id, tag_list), private_key


def import_public(uow: UnitOfWork, scope: Scope, *, name: str, public_key_body: str,
                  resource_group_id: str | None = None, tag_list: Sequence[dict[str, str]] = ()) -> KeyPair:  # fmt: skip
    _check_new(uow, scope, name)
    parsed = ssh_keys.parse_public_key(public_key_body)
    if parsed is None:
        raise errors.PublicKeyBodyMalformed()
    key_type, blob = parsed
    return _store(uow, scope, name, f"{key_type} {base64.b64encode(blob).decode()}", resource_group_id, tag_list)


def delete(uow: UnitOfWork, scope: Scope, names: Sequence[str]) -> None:
    """DeleteKeyPairs: names that do not exist are skipped; instances keep the name they were bound with."""
    for pair in uow.key_pairs.find(account_id=scope.account_id, region_id=scope.region_id, name=AnyOf(names)):
        uow.key_pairs.remove(pair)


@dataclass(frozen=True)
class BindResult:
    instance_id: str
    code: str
    message: str

    @property
    def success(self) -> bool:
        return self.code == "200"


def _bindable(uow: UnitOfWork, scope: Scope, instance_ids: Sequence[str]) -> list[Instance | BindResult]:
    if len(instance_ids) > MAX_INSTANCES_PER_CALL:
        raise errors.InstanceKeyPairLimitExceeded()
    found = {i.id: i for i in uow.instances.find(account_id=scope.account_id, region_id=scope.region_id,
                                                id=AnyOf(instance_ids))}  # fmt: skip
    answer: list[Instance | BindResult] = []
    for instance_id in instance_ids:
        instance = found.get(instance_id)
        if instance is None:
            missing = errors.InstanceNotFound()
            answer.append(BindResult(instance_id, missing.code, missing.text))
            continue
        if images.os_type_of(uow, scope, instance.image_id) == "windows":
            raise errors.KeyPairWindowsInstance()
        if instance.lifecycle.at(scope.now) not in BINDABLE_STATUSES:
            status = errors.IncorrectInstanceStatus()
            answer.append(BindResult(instance_id, status.code, status.text))
            continue
        answer.append(instance)
    return answer


def attach(uow: UnitOfWork, scope: Scope, name: str, instance_ids: Sequence[str]) -> list[BindResult]:
    """AttachKeyPair: binds the pair to each instance (replacing any other), one result per instance."""
    pair = get(uow, scope, name)
    results = []
    for item in _bindable(uow, scope, instance_ids):
        if isinstance(item, BindResult):
            results.append(item)
            continue
        item.key_pair_name = pair.name
        uow.instances.save(item)
        results.append(BindResult(item.id, "200", "successful"))
    return results


def detach(uow: UnitOfWork, scope: Scope, name: str, instance_ids: Sequence[str]) -> list[BindResult]:
    """DetachKeyPair: unbinds the pair from each instance it is bound to; an instance bound to another pair
    (or none) is left as it is and reported successful, as unbinding leaves nothing of this pair there."""
    pair = get(uow, scope, name)
    results = []
    for item in _bindable(uow, scope, instance_ids):
        if isinstance(item, BindResult):
            results.append(item)
            continue
        if item.key_pair_name == pair.name:
            item.key_pair_name = ""
            uow.instances.save(item)
        results.append(BindResult(item.id, "200", "successful"))
    return results
