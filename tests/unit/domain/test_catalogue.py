"""Catalogue rules: instance types, public and custom images, snapshots, SSH key pairs (classiclink issue 8)."""

from __future__ import annotations

import base64
import hashlib

import pytest

from classiclink import errors
from classiclink.domain import (
    image_catalogue,
    images,
    instance_types,
    instances,
    key_pairs,
    security_groups,
    snapshots,
    ssh_keys,
)
from classiclink.domain.instances import InstanceRequest
from classiclink.domain.model import Instance
from classiclink.domain.ports import UnitOfWork
from classiclink.domain.scope import Scope
from classiclink.settings import Behaviour

from ..conftest import ACCOUNT, NOW, OTHER_ACCOUNT, REGION

UBUNTU = "ubuntu_22_04_x64_20G_alibase_20240926.vhd"
WINDOWS = "win2019_1809_x64_dtc_en-us_60G_alibase_20230915.vhd"


def scope(rules: Behaviour, account: str = ACCOUNT, region: str = REGION) -> Scope:
    return Scope(account, region, NOW, rules)


def machine(uow: UnitOfWork, rules: Behaviour, image: str = UBUNTU, account: str = ACCOUNT) -> Instance:
    group = security_groups.create(uow, Scope(account, REGION, NOW))
    request = InstanceRequest(instance_type="ecs.g6.large", image_id=image, security_group_id=group.id)
    [instance] = instances.create(uow, scope(rules, account), request=request)
    return instance


# --- instance types ---


def test_every_named_instance_type_is_in_the_catalogue() -> None:
    # The types the hints and docs name are catalogued, with the same shape.
    for name, (cpus, mib) in instances.INSTANCE_TYPES.items():
        assert (instance_types.TYPES[name].cpus, instance_types.TYPES[name].memory_mib) == (cpus, mib)
    assert {"ecs.t5-lc1m1.small", "ecs.c6.2xlarge", "ecs.r7.xlarge", "ecs.g8y.large"} <= set(instance_types.TYPES)


def test_families_and_generations() -> None:
    assert instance_types.family_of("ecs.t5-lc1m1.small") == "ecs.t5"
    assert instance_types.family_of("ecs.gn6i-c4g1.xlarge") == "ecs.gn6i"
    assert instance_types.FAMILIES["ecs.g6"] == "ecs-4"
    assert {t.family for t in instance_types.TYPES.values()} == set(instance_types.FAMILIES)


def test_a_type_outside_the_catalogue_is_not_supported() -> None:
    with pytest.raises(errors.InstanceTypeNotSupported):
        instance_types.get("ecs.g6.128xlarge")


def test_enterprise_types_scale_enis_with_vcpus() -> None:
    large, big = instance_types.TYPES["ecs.g7.large"], instance_types.TYPES["ecs.g7.8xlarge"]
    assert (large.eni_quantity, large.ips_per_eni) == (2, 6)
    assert big.eni_quantity > large.eni_quantity and big.bandwidth_kbps > large.bandwidth_kbps


# --- images ---


def test_public_image_facts_follow_their_ids() -> None:
    windows = image_catalogue.BY_ID[WINDOWS]
    assert (windows.os_type, windows.size, windows.version) == ("windows", 60, "20230915")
    assert image_catalogue.BY_ID["aliyun_3_arm64_20G_alibase_20240819.vhd"].architecture == "arm64"


def test_only_catalogued_or_own_available_images_start_instances(uow: UnitOfWork, rules: Behaviour) -> None:
    assert images.require_usable(uow, scope(rules), UBUNTU).owner_alias == "system"
    with pytest.raises(errors.ImageNotFound):
        images.require_usable(uow, scope(rules), "img")
    instance = machine(uow, rules)
    image = images.create(uow, scope(rules), images.NewImage(instance_id=instance.id, name="mine"))
    assert images.require_usable(uow, scope(rules), image.id).owner_alias == "self"
    # Another account's image is as unknown as a made-up id.
    with pytest.raises(errors.ImageNotFound):
        images.require_usable(uow, scope(rules, OTHER_ACCOUNT), image.id)


def test_a_creating_image_cannot_start_instances(uow: UnitOfWork) -> None:
    slow = Behaviour(transition_delay=5)
    instance = machine(uow, Behaviour(transition_delay=0))
    image = images.create(uow, scope(slow), images.NewImage(instance_id=instance.id))
    assert image.lifecycle.at(NOW) == "Creating" and image.lifecycle.at(NOW + 5) == "Available"
    with pytest.raises(errors.ImageNotFound):
        images.require_usable(uow, scope(slow), image.id)
    with pytest.raises(errors.ImageIsCreating):
        images.delete(uow, scope(slow), image.id)


def test_image_from_an_instance_snapshots_each_disk(uow: UnitOfWork, rules: Behaviour) -> None:
    instance = machine(uow, rules)
    image = images.create(uow, scope(rules), images.NewImage(instance_id=instance.id))
    [snapshot] = uow.snapshots.find(account_id=ACCOUNT)
    assert image.snapshot_ids == [snapshot.id] and snapshot.image_id == UBUNTU
    assert (image.os_type, image.platform, image.size, image.name) == ("linux", "Ubuntu", 40, image.id)
    with pytest.raises(errors.SnapshotCreatedImage):
        snapshots.delete(uow, scope(rules), snapshot.id)
    images.delete(uow, scope(rules), image.id)
    snapshots.delete(uow, scope(rules), snapshot.id)
    assert uow.snapshots.find(account_id=ACCOUNT) == []


def test_an_image_in_use_needs_force(uow: UnitOfWork, rules: Behaviour) -> None:
    instance = machine(uow, rules)
    image = images.create(uow, scope(rules), images.NewImage(instance_id=instance.id))
    machine(uow, rules, image=image.id)
    with pytest.raises(errors.ImageUsingByInstance):
        images.delete(uow, scope(rules), image.id)
    images.delete(uow, scope(rules), image.id, force=True)
    images.delete(uow, scope(rules), image.id)  # gone: "the request is ignored"


@pytest.mark.parametrize(("field", "value", "error"), [
    ("name", "acs:mine", errors.ImageNameMalformed), ("name", "1abc", errors.ImageNameMalformed),
    ("description", "x", errors.ImageDescriptionMalformed), ("family", "aliyun-x", errors.ImageFamilyMalformed),
])  # fmt: skip
def test_image_texts(uow: UnitOfWork, rules: Behaviour, field: str, value: str, error: type[Exception]) -> None:
    instance = machine(uow, rules)
    with pytest.raises(error):
        images.create(uow, scope(rules), images.NewImage(instance_id=instance.id, **{field: value}))  # type: ignore[arg-type]


def test_image_from_a_data_disk_snapshot_is_refused(uow: UnitOfWork, rules: Behaviour) -> None:
    group = security_groups.create(uow, Scope(ACCOUNT, REGION, NOW))
    from classiclink.domain.disks import DiskRequest

    request = InstanceRequest(instance_type="ecs.g6.large", image_id=UBUNTU, security_group_id=group.id,
                              data_disks=[DiskRequest(size=40)])  # fmt: skip
    [instance] = instances.create(uow, scope(rules), request=request)
    data = next(d for d in uow.disks.find(account_id=ACCOUNT, instance_id=instance.id) if d.disk_type == "data")
    snapshot = snapshots.create(uow, scope(rules), disk_id=data.id)
    with pytest.raises(errors.SnapshotNotSystemDisk):
        images.create(uow, scope(rules), images.NewImage(snapshot_id=snapshot.id))


# --- key pairs ---


def test_fingerprint_is_the_md5_of_the_key_blob() -> None:
    _, public = ssh_keys.new_rsa_key(1024)
    blob = base64.b64decode(public.split()[1])
    digest = hashlib.md5(blob).hexdigest()
    assert ssh_keys.fingerprint(blob) == ":".join(digest[i : i + 2] for i in range(0, 32, 2))
    assert ssh_keys.parse_public_key(public + " me@host") == ("ssh-rsa", blob)


@pytest.mark.parametrize("body", ["", "ssh-rsa", "ssh-rsa not-base64!", "ssh-foo AAAA", "ssh-rsa " +
                                  base64.b64encode(b"\x00\x00\x00\x07ssh-dss").decode()])  # fmt: skip
def test_malformed_public_keys(body: str) -> None:
    assert ssh_keys.parse_public_key(body) is None


def test_key_pair_names_are_unique_per_region(uow: UnitOfWork, rules: Behaviour) -> None:
    pair, private = key_pairs.create(uow, scope(rules), name="deploy")
    assert private.startswith("-----BEGIN RSA PRIVATE KEY-----") and key_pairs.get(uow, scope(rules), "deploy") == pair
    with pytest.raises(errors.KeyPairAlreadyExist):
        key_pairs.create(uow, scope(rules), name="deploy")
    # The same name in another region or account is another pair.
    key_pairs.import_public(uow, scope(rules, region="cn-beijing"), name="deploy", public_key_body=pair.public_key)
    with pytest.raises(errors.KeyPairNotFound):
        key_pairs.get(uow, scope(rules, OTHER_ACCOUNT), "deploy")
    with pytest.raises(errors.KeyPairNameMalformed):
        key_pairs.create(uow, scope(rules), name="http://x")


def test_key_pair_quota(uow: UnitOfWork, rules: Behaviour, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(key_pairs, "QUOTA_PER_REGION", 1)
    pair, _ = key_pairs.create(uow, scope(rules), name="one")
    with pytest.raises(errors.KeyPairQuotaExceeded):
        key_pairs.import_public(uow, scope(rules), name="two", public_key_body=pair.public_key)


def test_attach_and_detach(uow: UnitOfWork, rules: Behaviour) -> None:
    pair, _ = key_pairs.create(uow, scope(rules), name="bind")
    instance = machine(uow, rules)
    [result] = key_pairs.attach(uow, scope(rules), "bind", [instance.id])
    assert result.success and uow.instances.get(instance.id, account_id=ACCOUNT).key_pair_name == "bind"  # type: ignore[union-attr]
    [missing] = key_pairs.attach(uow, scope(rules), "bind", ["i-nothere"])
    assert (missing.success, missing.code) == (False, "InvalidInstanceId.NotFound")
    key_pairs.detach(uow, scope(rules), "bind", [instance.id])
    assert uow.instances.get(instance.id, account_id=ACCOUNT).key_pair_name == ""  # type: ignore[union-attr]
    windows = machine(uow, rules, image=WINDOWS)
    with pytest.raises(errors.KeyPairWindowsInstance):
        key_pairs.attach(uow, scope(rules), "bind", [windows.id])
    with pytest.raises(errors.InstanceKeyPairLimitExceeded):
        key_pairs.attach(uow, scope(rules), "bind", [f"i-{n}" for n in range(51)])
    # Deleting a pair leaves the name on instances it was bound to.
    key_pairs.attach(uow, scope(rules), "bind", [instance.id])
    key_pairs.delete(uow, scope(rules), ["bind", "never"])
    assert uow.instances.get(instance.id, account_id=ACCOUNT).key_pair_name == "bind"  # type: ignore[union-attr]
    assert pair not in uow.key_pairs.find(account_id=ACCOUNT)


def test_a_pending_instance_is_not_bound(uow: UnitOfWork) -> None:
    key_pairs.create(uow, scope(Behaviour(transition_delay=5)), name="early")
    instance = machine(uow, Behaviour(transition_delay=5))
    [result] = key_pairs.attach(uow, scope(Behaviour(transition_delay=5)), "early", [instance.id])
    assert (result.success, result.code) == (False, "IncorrectInstanceStatus")


# --- snapshots ---


def test_snapshot_names_and_lifecycle(uow: UnitOfWork) -> None:
    slow = Behaviour(transition_delay=5)
    instance = machine(uow, Behaviour(transition_delay=0))
    [disk] = uow.disks.find(account_id=ACCOUNT, instance_id=instance.id)
    with pytest.raises(errors.SnapshotNameMalformed):
        snapshots.create(uow, scope(slow), disk_id=disk.id, name="auto-nightly")
    with pytest.raises(errors.SnapshotDiskNotFound):
        snapshots.create(uow, scope(slow), disk_id="d-nothere")
    snapshot = snapshots.create(uow, scope(slow), disk_id=disk.id, name="nightly")
    assert [snapshot.lifecycle.at(NOW + t) for t in (0, 5)] == ["progressing", "accomplished"]
    with pytest.raises(errors.SnapshotNotReady):
        images.create(uow, scope(slow), images.NewImage(snapshot_id=snapshot.id))
