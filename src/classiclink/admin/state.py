"""Seeing and saving what the emulator holds: an account's cloud resources, paged, and snapshots.

Works on the store port only, inside the caller's unit of work, so a listing or a snapshot is one
consistent read and a restore replaces state all at once or not at all (README, "Seeing and saving state").
"""

from __future__ import annotations

import dataclasses
import math
import time
import typing
from collections.abc import Mapping
from typing import Any

from ..domain import account_conditions
from ..domain.model import Disk, EipAddress, Lifecycle, NetworkInterface, Resource
from ..domain.ports import ENTITIES, UnitOfWork
from .service import AdminError, get_account, invalid

# Cloud resources by the name they have in URLs and snapshots' listings (hyphens), and their table.
KINDS: dict[str, str] = {
    "vpcs": "vpcs",
    "vswitches": "vswitches",
    "route-tables": "route_tables",
    "route-entries": "route_entries",
    "security-groups": "security_groups",
    "security-group-rules": "security_group_rules",
    "instances": "instances",
    "disks": "disks",
    "auto-snapshot-policies": "auto_snapshot_policies",
    "snapshots": "snapshots",
    "images": "images",
    "key-pairs": "key_pairs",
    "eip-addresses": "eip_addresses",
    "network-interfaces": "network_interfaces",
    "private-addresses": "private_addresses",
    "links": "links",
}
# Snapshots also carry each account's conditions (admin/conditions.py), which are no resource kind of the listing.
SETTING_TABLES = ("account_conditions",)
RESOURCE_TABLES = (*KINDS.values(), *SETTING_TABLES)
IDENTITY_TABLES = ("accounts", "users", "access_keys", "policies", "roles", "sts_credentials")
# Never saved: replay protection and retry answers belong to the requests that made them, and armed
# faults to the test that armed them.
TRANSIENT_TABLES = ("nonces", "client_tokens", "fault_rules")

DEFAULT_PAGE_SIZE = 50
MAX_PAGE_SIZE = 500

FORMAT = "classiclink-snapshot"
VERSION = 1


def _iso(epoch: float) -> str:
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(epoch))


# --- resources ---------------------------------------------------------------------------------------------


def resource_view(obj: Resource, now: float) -> dict[str, Any]:
    """Every stored field, the time as ISO 8601, and ``status`` as it is at ``now``."""
    view: dict[str, Any] = {}
    for f in dataclasses.fields(obj):
        value = getattr(obj, f.name)
        if isinstance(value, Lifecycle):
            view["status"] = value.at(now)
            view["pending_steps"] = [[_iso(when), status] for when, status in value.steps if when > now]
        elif f.name == "created_at":
            view[f.name] = _iso(value)
        else:
            view[f.name] = value
    if isinstance(obj, Disk | EipAddress | NetworkInterface):
        view["status"] = obj.status
    return view


def _page_numbers(query: Mapping[str, str]) -> tuple[int, int]:
    def number(name: str, default: int, high: int) -> int:
        text = query.get(name)
        if text is None or text == "":
            return default
        if not text.isdigit() or not 1 <= int(text) <= high:
            raise invalid(name, f"a whole number from 1 to {high}")
        return int(text)

    return number("PageNumber", 1, 10**9), number("PageSize", DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE)


def _region(query: Mapping[str, str]) -> str | None:
    region = query.get("RegionId") or None
    if region is not None and (len(region) > 64 or not all(c.isalnum() or c == "-" for c in region)):
        raise invalid("RegionId", "a region ID such as cn-hangzhou")
    return region


def _kind_page(
    uow: UnitOfWork, account_id: str, kind: str, region: str | None, page: tuple[int, int], now: float
) -> dict[str, Any]:
    where = {"region_id": region} if region else {}
    rows = getattr(uow, KINDS[kind]).find(account_id=account_id, **where)
    number, size = page
    chosen = rows[(number - 1) * size : number * size]
    return {"TotalCount": len(rows), "Items": [resource_view(r, now) for r in chosen]}


def list_resources(
    uow: UnitOfWork, account_id: str, kind: str | None, query: Mapping[str, str], now: float
) -> dict[str, Any]:
    """One account's cloud resources, oldest first: every kind (each paged alike) or one."""
    account = get_account(uow, account_id)
    if kind is not None and kind not in KINDS:
        raise AdminError(404, "NotFound", f"No resource kind {kind!r}; the kinds are {', '.join(KINDS)}.")
    page = _page_numbers(query)
    region = _region(query)
    head: dict[str, Any] = {"AccountId": account.id, "RegionId": region or "", "PageNumber": page[0], "PageSize": page[1]}
    if kind is not None:
        return {**head, "Kind": kind, **_kind_page(uow, account.id, kind, region, page, now)}
    return {**head, "Resources": {k: _kind_page(uow, account.id, k, region, page, now) for k in KINDS}}


# --- snapshots ---------------------------------------------------------------------------------------------


def _encode(value: Any) -> Any:
    if isinstance(value, Lifecycle):
        return {"status": value.status, "steps": [[when, status] for when, status in value.steps]}
    return value


def _row(obj: Resource) -> dict[str, Any]:
    return {f.name: _encode(getattr(obj, f.name)) for f in dataclasses.fields(obj)}


def take_snapshot(uow: UnitOfWork, account_id: str | None, now: float) -> dict[str, Any]:
    """The server's state (``account_id`` None: identity and resources of every account) or one account's
    cloud resources, as a JSON document of format ``classiclink-snapshot`` version 1."""
    if account_id is not None:
        account = get_account(uow, account_id)
        tables = {t: [_row(r) for r in getattr(uow, t).find(account_id=account.id)] for t in RESOURCE_TABLES}
        scope: dict[str, Any] = {"scope": "account", "account_id": account.id}
    else:
        tables = {t: [_row(r) for r in getattr(uow, t).find(account_id=None)] for t in (*IDENTITY_TABLES, *RESOURCE_TABLES)}
        scope = {"scope": "server"}
    return {"format": FORMAT, "version": VERSION, **scope, "taken_at": _iso(now), "tables": tables}


def _bad(why: str) -> AdminError:
    return AdminError(400, "InvalidSnapshot", f"The snapshot is not valid: {why}.")


def check_header(document: Mapping[str, Any]) -> None:
    """Refuse, in one line, a document that is not a snapshot this version can read."""
    if document.get("format") != FORMAT:
        raise _bad(f"format is {document.get('format')!r}, expected {FORMAT!r}")
    version = document.get("version")
    if isinstance(version, bool) or not isinstance(version, int):
        raise _bad("version must be a whole number")
    if version > VERSION:
        raise AdminError(
            400, "SnapshotTooNew", f"The snapshot is version {version}; this classiclink reads up to version {VERSION}."
        )
    if version < 1:
        raise _bad(f"version {version} does not exist")


def _type_ok(value: Any, hint: Any) -> bool:
    if hint is bool:
        return isinstance(value, bool)
    if hint is int:
        return isinstance(value, int) and not isinstance(value, bool)
    if hint is float:
        return isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value)
    if hint is str:
        return isinstance(value, str)
    origin = typing.get_origin(hint)
    if origin is list:
        (item,) = typing.get_args(hint) or (Any,)
        return isinstance(value, list) and all(item is Any or _type_ok(v, item) for v in value)
    if origin is dict:
        key, item = typing.get_args(hint) or (Any, Any)
        return isinstance(value, dict) and all(_type_ok(k, key) and _type_ok(v, item) for k, v in value.items())
    return True


def _decode_lifecycle(value: Any, where: str) -> Lifecycle:
    if not isinstance(value, dict) or set(value) != {"status", "steps"} or not isinstance(value["status"], str):
        raise _bad(f"{where}: a lifecycle is {{\"status\": str, \"steps\": [[time, status], ...]}}")
    steps: list[tuple[float, str]] = []
    for step in value["steps"] if isinstance(value["steps"], list) else [None]:
        if not (isinstance(step, list) and len(step) == 2 and _type_ok(step[0], float) and isinstance(step[1], str)):
            raise _bad(f"{where}: a lifecycle step is [time, status]")
        steps.append((float(step[0]), step[1]))
    return Lifecycle(value["status"], steps)


def _decode_row(table: str, raw: Any, index: int) -> Resource:
    cls = ENTITIES[table]
    where = f"tables.{table}[{index}]"
    if not isinstance(raw, dict):
        raise _bad(f"{where} is not an object")
    hints = typing.get_type_hints(cls)
    fields = dataclasses.fields(cls)
    names = {f.name for f in fields}
    unknown = sorted(set(raw) - names)
    if unknown:
        raise _bad(f"{where} has an unknown field {unknown[0]!r}")
    values: dict[str, Any] = {}
    for f in fields:
        if f.name not in raw:
            if f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING:
                raise _bad(f"{where} lacks the field {f.name!r}")
            continue
        value = raw[f.name]
        hint = hints[f.name]
        if hint is Lifecycle:
            value = _decode_lifecycle(value, f"{where}.{f.name}")
        elif not _type_ok(value, hint):
            raise _bad(f"{where}.{f.name} has the wrong type")
        elif hint is float:
            value = float(value)
        values[f.name] = value
    return cls(**values)


def _decode_tables(document: Mapping[str, Any], allowed: tuple[str, ...]) -> dict[str, list[Resource]]:
    tables = document.get("tables")
    if not isinstance(tables, dict):
        raise _bad("'tables' must be an object of table name to rows")
    unknown = sorted(set(tables) - set(allowed))
    if unknown:
        raise _bad(f"table {unknown[0]!r} does not belong in this snapshot")
    decoded: dict[str, list[Resource]] = {}
    for table in allowed:
        rows = tables.get(table, [])
        if not isinstance(rows, list):
            raise _bad(f"tables.{table} must be a list")
        decoded[table] = [_decode_row(table, raw, i) for i, raw in enumerate(rows)]
        if table == "account_conditions":
            for i, row in enumerate(decoded[table]):
                _check_conditions(row, f"tables.{table}[{i}]")
        ids = [r.id for r in decoded[table]]
        if len(set(ids)) != len(ids):
            raise _bad(f"tables.{table} holds an id twice")
    return decoded


def _check_conditions(row: Resource, where: str) -> None:
    """A conditions row is keyed by its account and holds a document the admin API would accept."""
    if row.id != row.account_id:
        raise _bad(f"{where}: the id of an account's conditions is its account id")
    try:
        account_conditions.parse(getattr(row, "document", None))
    except account_conditions.InvalidConditions as err:
        raise _bad(f"{where}.document: {err}") from None


def restore_snapshot(
    uow: UnitOfWork, account_id: str | None, document: Mapping[str, Any]
) -> dict[str, Any]:
    """Replace the server's state (``account_id`` None) or that account's cloud resources with the
    snapshot's. Client tokens of what is replaced go too (their answers name resources that may be gone);
    nonces stay, so a restore never reopens a replay."""
    check_header(document)
    if account_id is not None:
        account = get_account(uow, account_id)
        if document.get("scope") != "account":
            raise _bad("it is a whole-server snapshot; restore it without an account")
        if document.get("account_id") != account.id:
            raise _bad(f"it was taken of account {document.get('account_id')!r}, not {account.id!r}")
        tables = _decode_tables(document, RESOURCE_TABLES)
        if any(r.account_id != account.id for rows in tables.values() for r in rows):
            raise _bad(f"it holds rows of an account other than {account.id!r}")
        for table, rows in tables.items():
            for row in rows:
                other = getattr(uow, table).get(row.id, account_id=None)
                if other is not None and other.account_id != account.id:
                    raise _bad(f"the id {row.id!r} belongs to another account here")
        for instance in tables.get("instances", []):
            # Classic addresses are unique in a region across accounts: another account may hold one now.
            inner_ip = getattr(instance, "inner_ip", "")
            if inner_ip:
                holders = uow.instances.find(account_id=None, region_id=instance.region_id, inner_ip=inner_ip, limit=1)
                if holders and holders[0].account_id != account.id:
                    raise _bad(f"the classic address {inner_ip} of {instance.id!r} is taken by another account here")
        replaced = (*RESOURCE_TABLES, "client_tokens")
        owner: str | None = account.id
    else:
        if document.get("scope") != "server":
            raise _bad("it is a per-account snapshot; restore it with --account (PUT .../accounts/<uid>/snapshot)")
        tables = _decode_tables(document, (*IDENTITY_TABLES, *RESOURCE_TABLES))
        accounts = {a.id for a in tables["accounts"]}
        strays = sorted({r.account_id for rows in tables.values() for r in rows} - accounts)
        if strays:
            raise _bad(f"rows belong to account {strays[0]!r}, which the snapshot does not hold")
        replaced = (*IDENTITY_TABLES, *RESOURCE_TABLES, "client_tokens")
        owner = None
    for table in replaced:
        repository = getattr(uow, table)
        for row in repository.find(account_id=owner):
            repository.remove(row)
    restored: dict[str, int] = {}
    for table, rows in tables.items():
        repository = getattr(uow, table)
        for row in rows:
            repository.add(row)
        restored[table] = len(rows)
    return {"AccountId": owner or "", "Restored": restored}
