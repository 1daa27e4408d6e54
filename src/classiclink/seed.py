"""``classiclink serve --seed FILE``: start with a state declared by hand in YAML (docs/seed-files.md).

The file is applied through the domain operations, in one unit of work, so every rule of the API holds
(quotas, CIDR blocks, zones, links only to enabled VPCs, ...): all of it, or on the first broken entry none
of it, with one line naming that entry. Entries carry names; later entries refer to earlier ones by name,
since IDs are generated. Lifecycles are settled: what the file declares is Available / Running / Stopped at
once, whatever ``--transition-delay`` says for later calls.

A file is applied only to an account that holds no resource yet; on a restart with the same file and a
database that kept the state, the file is checked for its shape and then left alone (one INFO line).
"""

from __future__ import annotations

import dataclasses
import logging
from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml

from . import errors
from .domain import classiclink, instances, security_groups, vpcs, vswitches
from .domain.ports import Store, UnitOfWork
from .domain.regions import REGIONS
from .domain.scope import Scope
from .settings import DEFAULT_ACCOUNT_ID, Behaviour

log = logging.getLogger("classiclink")

# Sections in the order they are applied, and the keys each entry may have (name is required in each).
SECTIONS: dict[str, tuple[str, ...]] = {
    "vpcs": ("name", "region", "cidr_block", "description", "classic_link"),
    "vswitches": ("name", "vpc", "zone", "cidr_block", "description"),
    "security_groups": ("name", "region", "vpc", "description"),
    "instances": ("name", "region", "instance_type", "image", "security_group", "vswitch", "zone", "status",
                  "description", "host_name", "private_ip"),
    "links": ("instance", "vpc"),
}
REQUIRED: dict[str, tuple[str, ...]] = {
    "vpcs": ("name",),
    "vswitches": ("name", "vpc", "zone", "cidr_block"),
    "security_groups": ("name",),
    "instances": ("name", "instance_type", "image", "security_group"),
    "links": ("instance", "vpc"),
}
TOP_LEVEL = ("account", "region", *SECTIONS)
INSTANCE_STATUSES = ("Running", "Stopped")
DEFAULT_REGION = "cn-hangzhou"


class SeedError(Exception):
    """One line: the file, the entry and what is wrong with it."""


@dataclasses.dataclass(frozen=True)
class Entry:
    section: str
    index: int
    fields: dict[str, Any]

    @property
    def label(self) -> str:
        name = self.fields.get("name") or self.fields.get("instance")
        return f"{self.section}[{self.index}]" + (f" ({name})" if name else "")


@dataclasses.dataclass(frozen=True)
class Seed:
    path: str
    account_id: str
    region_id: str
    entries: dict[str, list[Entry]]

    def fail(self, where: str, problem: str) -> SeedError:
        return SeedError(f"{self.path}: {where}: {problem}")


def load(path: str) -> Seed:
    """Read and check the file's shape: sections, keys, types, names unique, references to earlier entries."""
    shown = Path(path).name
    try:
        raw = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    except OSError as err:
        raise SeedError(f"{shown}: cannot be read: {err.strerror or err}") from None
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None)
        where = f"line {mark.line + 1}: " if mark is not None else ""
        raise SeedError(f"{shown}: {where}not valid YAML: {getattr(err, 'problem', None) or err}") from None
    if raw is None:
        raw = {}
    if not isinstance(raw, dict):
        raise SeedError(f"{shown}: the file must be a mapping of sections ({', '.join(TOP_LEVEL)})")
    unknown = [str(key) for key in raw if key not in TOP_LEVEL]
    if unknown:
        raise SeedError(f"{shown}: unknown section {unknown[0]!r}; sections are {', '.join(TOP_LEVEL)}")
    account_id = _text(raw.get("account", DEFAULT_ACCOUNT_ID), f"{shown}: account")
    region_id = _text(raw.get("region", DEFAULT_REGION), f"{shown}: region")
    seed = Seed(shown, account_id, region_id, {})
    _check_region(seed, "region", region_id)
    names: dict[str, set[str]] = {section: set() for section in SECTIONS}
    for section, keys in SECTIONS.items():
        items = raw.get(section) or []
        if not isinstance(items, list):
            raise seed.fail(section, "must be a list of entries")
        entries: list[Entry] = []
        for index, item in enumerate(items):
            if not isinstance(item, dict):
                raise seed.fail(f"{section}[{index}]", "must be a mapping of keys")
            entry = Entry(section, index, dict(item))
            _check_entry(seed, entry, keys, names)
            if "name" in keys:
                names[section].add(entry.fields["name"])
            entries.append(entry)
        seed.entries[section] = entries
    return seed


def _text(value: Any, where: str) -> str:
    if isinstance(value, bool) or not isinstance(value, (str, int)):
        raise SeedError(f"{where}: must be a string")
    return str(value)


def _check_region(seed: Seed, where: str, region_id: str) -> None:
    if region_id not in REGIONS:
        raise seed.fail(where, f"unknown region {region_id!r}; valid regions: {', '.join(REGIONS)}")


_REFERENCES = {"vpc": "vpcs", "vswitch": "vswitches", "security_group": "security_groups", "instance": "instances"}


def _check_entry(seed: Seed, entry: Entry, keys: tuple[str, ...], names: dict[str, set[str]]) -> None:
    where = entry.label
    for key, value in entry.fields.items():
        if key not in keys:
            raise seed.fail(where, f"unknown key {key!r}; {entry.section} entries take {', '.join(keys)}")
        if key == "classic_link":
            if not isinstance(value, bool):
                raise seed.fail(where, "classic_link must be true or false")
        else:
            entry.fields[key] = _text(value, f"{seed.path}: {where}: {key}")
    for key in REQUIRED[entry.section]:
        if not entry.fields.get(key):
            raise seed.fail(where, f"{key} is required")
    name = entry.fields.get("name")
    if name is not None and name in names[entry.section]:
        raise seed.fail(where, f"the name {name!r} is used twice in {entry.section}")
    for key, section in _REFERENCES.items():
        target = entry.fields.get(key)
        if target is not None and target not in names[section]:
            raise seed.fail(where, f"{key} {target!r} is not the name of an entry declared before it in {section}")
    if "region" in entry.fields:
        _check_region(seed, where, entry.fields["region"])
    status = entry.fields.get("status")
    if status is not None and status not in INSTANCE_STATUSES:
        raise seed.fail(where, f"status {status!r}: valid statuses are {', '.join(INSTANCE_STATUSES)}")


def apply(store: Store, seed: Seed, behaviour: Behaviour, now: float) -> bool:
    """Apply the seed in one unit of work; False (nothing done) when the account already has resources."""
    with store.unit_of_work() as uow:
        if uow.accounts.get(seed.account_id, account_id=None) is None:
            raise seed.fail("account", f"account {seed.account_id!r} does not exist (declare it in --config)")
        if any(repo.exists(account_id=seed.account_id) for repo in
               (uow.vpcs, uow.vswitches, uow.security_groups, uow.instances)):  # fmt: skip
            log.info("%s: account %s already has resources; the seed is not applied again", seed.path, seed.account_id)
            return False
        # Declared state is settled state: no Pending VPC, no Starting instance.
        settled = dataclasses.replace(behaviour, transition_delay=0.0)

        def scope(region_id: str) -> Scope:
            return Scope(account_id=seed.account_id, region_id=region_id, now=now, behaviour=settled)

        ids: dict[str, dict[str, str]] = {section: {} for section in SECTIONS}
        regions: dict[str, str] = {}  # VPC name -> region, so that its vSwitches and groups follow it
        for entry in _all(seed):
            f = entry.fields
            try:
                _apply_one(uow, seed, entry, f, scope, ids, regions)
            except errors.ApiError as err:
                hint = f" ({err.hint})" if err.hint else ""
                raise seed.fail(entry.label, f"{err.code}: {err.text}{hint}") from None
        uow.commit()
    return True


def _all(seed: Seed) -> list[Entry]:
    return [entry for section in SECTIONS for entry in seed.entries.get(section, [])]


def _apply_one(uow: UnitOfWork, seed: Seed, entry: Entry, f: dict[str, Any], scope: Callable[[str], Scope],
               ids: dict[str, dict[str, str]], regions: dict[str, str]) -> None:  # fmt: skip
    if entry.section == "vpcs":
        region = f.get("region", seed.region_id)
        vpc = vpcs.create(uow, scope(region), cidr_block=f.get("cidr_block"), name=f["name"],
                          description=f.get("description", ""))  # fmt: skip
        ids["vpcs"][f["name"]], regions[f["name"]] = vpc.id, region
        if f.get("classic_link"):
            classiclink.enable(uow, scope(region), vpc.id)
    elif entry.section == "vswitches":
        region = regions[f["vpc"]]
        vswitch = vswitches.create(uow, scope(region), vpc_id=ids["vpcs"][f["vpc"]], zone_id=f["zone"],
                                   cidr_block=f["cidr_block"], name=f["name"], description=f.get("description", ""))  # fmt: skip
        ids["vswitches"][f["name"]], regions["vswitch:" + f["name"]] = vswitch.id, region
    elif entry.section == "security_groups":
        region = regions[f["vpc"]] if "vpc" in f else f.get("region", seed.region_id)
        group = security_groups.create(uow, scope(region), vpc_id=ids["vpcs"].get(f.get("vpc", ""), ""),
                                       name=f["name"], description=f.get("description", ""))  # fmt: skip
        ids["security_groups"][f["name"]], regions["group:" + f["name"]] = group.id, region
    elif entry.section == "instances":
        region = f.get("region") or regions["group:" + f["security_group"]]
        request = instances.InstanceRequest(
            instance_type=f["instance_type"], image_id=f["image"],
            security_group_id=ids["security_groups"][f["security_group"]],
            vswitch_id=ids["vswitches"].get(f.get("vswitch", ""), ""), zone_id=f.get("zone", ""),
            name=f["name"], host_name=f.get("host_name", ""), description=f.get("description", ""),
            private_ip=f.get("private_ip", ""),
        )  # fmt: skip
        (instance,) = instances.create(uow, scope(region), request=request, run=f.get("status", "Running") == "Running")
        ids["instances"][f["name"]], regions["instance:" + f["name"]] = instance.id, region
    else:
        region = regions["instance:" + f["instance"]]
        classiclink.attach(uow, scope(region), ids["instances"][f["instance"]], ids["vpcs"][f["vpc"]])
