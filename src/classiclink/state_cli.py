"""``classiclink state`` and ``classiclink snapshot save|restore``: see and save what the emulator holds,
through a running server's admin interface or directly on its database (README, "Seeing and saving state").

Exit codes: 0 done, 1 the server or the database refused or could not be reached, 2 bad options.
Every failure is one line on stderr.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable
from pathlib import Path
from typing import Any, NoReturn

from .admin import state
from .admin.service import AdminError
from .config import valid_account_id
from .settings import Settings

# A few key columns per kind for the tables; --json has every field.
COLUMNS: dict[str, tuple[str, ...]] = {
    "vpcs": ("id", "region_id", "status", "cidr_block", "name", "classic_link_enabled"),
    "vswitches": ("id", "vpc_id", "zone_id", "status", "cidr_block", "name"),
    "route-tables": ("id", "vpc_id", "table_type", "name"),
    "route-entries": ("route_table_id", "destination_cidr_block", "entry_type", "next_hop_type", "next_hop_id", "status"),
    "security-groups": ("id", "vpc_id", "name", "group_type"),
    "instances": ("id", "status", "network_type", "zone_id", "instance_type", "vpc_id", "private_ip", "inner_ip"),
    "disks": ("id", "status", "disk_type", "category", "size", "instance_id"),
    "snapshots": ("id", "status", "disk_id", "source_disk_type", "source_disk_size", "name"),
    "images": ("id", "status", "name", "os_type", "size", "image_family"),
    "key-pairs": ("id", "name", "fingerprint"),
    "links": ("id", "vpc_id"),
    "eip-addresses": ("id", "status", "ip_address", "bandwidth", "instance_type", "instance_id"),
    "network-interfaces": ("id", "status", "interface_type", "vswitch_id", "primary_ip", "instance_id"),
    "private-addresses": ("vswitch_id", "address", "network_interface_id"),
}


class Failure(Exception):
    """A refusal or an unreachable target: one line, exit 1."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        self.exit(2, f"{self.prog}: {message}\n")


def _targets(p: argparse.ArgumentParser) -> None:
    p.add_argument("--server", metavar="URL", help="a running server, e.g. http://127.0.0.1:8080 (needs --admin-token)")
    p.add_argument("--admin-token", metavar="T", help="the server's admin token")
    p.add_argument("--database", metavar="URL", help="a SQLite file path, sqlite:///path or postgresql://... URL")


def parser() -> argparse.ArgumentParser:
    p = _Parser(prog="classiclink", description="See and save the emulator's state")
    sub = p.add_subparsers(dest="command", required=True, parser_class=_Parser)
    s = sub.add_parser("state", help="print one account's resources")
    s.add_argument("--account", required=True, metavar="UID", help="the account's UID")
    s.add_argument("--region", metavar="R", help="only this region")
    s.add_argument("--json", action="store_true", help="JSON with every field instead of tables")
    _targets(s)
    snap = sub.add_parser("snapshot", help="save or restore state as a JSON file")
    ops = snap.add_subparsers(dest="operation", required=True, parser_class=_Parser)
    for name, help_text in (("save", "write a snapshot to FILE"), ("restore", "replace state with FILE's")):
        op = ops.add_parser(name, help=help_text)
        op.add_argument("file", metavar="FILE")
        op.add_argument("--account", metavar="UID", help="one account's resources (default: the whole server)")
        _targets(op)
    return p


def main(argv: list[str]) -> int:
    p = parser()
    args = p.parse_args(argv)
    prog = f"classiclink {args.command}" + (f" {args.operation}" if args.command == "snapshot" else "")

    def usage(message: str) -> NoReturn:
        p.exit(2, f"{prog}: {message}\n")

    if args.account is not None and not valid_account_id(args.account):
        usage(f"--account {args.account!r}: a numeric UID of 1 to 18 digits without a leading 0")
    if getattr(args, "region", None) is not None and not args.region.replace("-", "").isalnum():
        usage(f"--region {args.region!r}: a region ID such as cn-hangzhou")
    if (args.server is None) == (args.database is None):
        usage("give either --server URL (with --admin-token) or --database URL")
    target: Target
    if args.server is not None:
        if not args.admin_token:
            usage("--server needs --admin-token")
        parsed = urllib.parse.urlsplit(args.server)
        if parsed.scheme not in ("http", "https") or not parsed.netloc:
            usage(f"--server {args.server!r}: an http:// or https:// URL")
        target = ServerTarget(args.server, args.admin_token)
    else:
        if args.admin_token is not None:
            usage("--admin-token goes with --server, not --database")
        problem = _database_problem(args.database, must_exist=not (args.command == "snapshot" and args.operation == "restore"))
        if problem:
            usage(problem)
        target = DatabaseTarget(args.database)
    try:
        if args.command == "state":
            return _state(target, args.account, args.region, args.json)
        if args.operation == "save":
            return _save(target, args.account, Path(args.file))
        return _restore(target, args.account, Path(args.file))
    except Failure as err:
        print(f"{prog}: {err}", file=sys.stderr)
        return 1


def _database_problem(url: str, must_exist: bool) -> str | None:
    if url.startswith(("postgresql://", "postgres://")):
        return None
    if url.startswith("memory") or url == ":memory:":
        return f"--database {url}: a memory store lives only inside its server; use --server"
    if "://" in url and not url.startswith("sqlite:///"):
        return f"--database {url}: unknown scheme; use a SQLite file path, sqlite:///path or postgresql://..."
    path = Path(url[len("sqlite:///") :] if url.startswith("sqlite:///") else url)
    if path.is_dir():
        return f"--database {url}: is a directory; name a database file in it"
    if must_exist and not path.is_file():
        return f"--database {url}: no such database file"
    if not path.parent.is_dir():
        return f"--database {url}: directory {path.parent} does not exist (create it first)"
    return None


# --- targets ---------------------------------------------------------------------------------------------------


class Target:
    def resources(self, account: str, kind: str, query: dict[str, str]) -> dict[str, Any]:
        raise NotImplementedError

    def save(self, account: str | None) -> dict[str, Any]:
        raise NotImplementedError

    def restore(self, account: str | None, document: dict[str, Any]) -> dict[str, Any]:
        raise NotImplementedError


class ServerTarget(Target):
    def __init__(self, url: str, token: str) -> None:
        self.base = url.rstrip("/") + "/_classiclink/admin"
        self.token = token

    def _call(self, method: str, path: str, body: dict[str, Any] | None = None) -> dict[str, Any]:
        data = None if body is None else json.dumps(body).encode()
        request = urllib.request.Request(
            self.base + path, data=data, method=method,
            headers={"Authorization": f"Bearer {self.token}", "Content-Type": "application/json"},
        )  # fmt: skip
        try:
            with urllib.request.urlopen(request, timeout=60) as response:
                document: dict[str, Any] = json.loads(response.read())
                return document
        except urllib.error.HTTPError as err:
            try:
                answer = json.loads(err.read())
                raise Failure(f"{answer['Code']}: {answer['Message']}") from None
            except (ValueError, KeyError, TypeError):
                raise Failure(f"the server answered HTTP {err.code}") from None
        except (urllib.error.URLError, OSError) as err:
            reason = getattr(err, "reason", err)
            raise Failure(f"cannot reach {self.base}: {reason}") from None

    def resources(self, account: str, kind: str, query: dict[str, str]) -> dict[str, Any]:
        return self._call("GET", f"/accounts/{account}/resources/{kind}?{urllib.parse.urlencode(query)}")

    def save(self, account: str | None) -> dict[str, Any]:
        return self._call("GET", f"/accounts/{account}/snapshot" if account else "/snapshot")

    def restore(self, account: str | None, document: dict[str, Any]) -> dict[str, Any]:
        size = len(json.dumps(document).encode())
        if size > Settings.max_body_bytes:
            # The edge would refuse it before the admin interface sees it; say why and what to do.
            raise Failure(
                f"the snapshot is {size} bytes, over the server's request limit of {Settings.max_body_bytes}; "
                "restore it with --database"
            )
        return self._call("PUT", f"/accounts/{account}/snapshot" if account else "/snapshot", document)


class DatabaseTarget(Target):
    def __init__(self, url: str) -> None:
        self.url = url

    def _run(self, work: Callable[[Any], dict[str, Any]], read_only: bool) -> dict[str, Any]:
        from .store import open_store
        from .store.postgres import DatabaseUnavailable
        from .store.sql import SchemaTooNew

        try:
            store = open_store(self.url)
        except (DatabaseUnavailable, SchemaTooNew) as err:
            raise Failure(str(err)) from None
        try:
            with store.unit_of_work(read_only=read_only) as uow:
                result = work(uow)
                uow.commit()
            return result
        except AdminError as err:
            raise Failure(f"{err.code}: {err.message}") from None
        finally:
            store.close()

    def resources(self, account: str, kind: str, query: dict[str, str]) -> dict[str, Any]:
        return self._run(lambda uow: state.list_resources(uow, account, kind, query, time.time()), read_only=True)

    def save(self, account: str | None) -> dict[str, Any]:
        return self._run(lambda uow: state.take_snapshot(uow, account, time.time()), read_only=True)

    def restore(self, account: str | None, document: dict[str, Any]) -> dict[str, Any]:
        return self._run(lambda uow: state.restore_snapshot(uow, account, document), read_only=False)


# --- commands ----------------------------------------------------------------------------------------------------


def _state(target: Target, account: str, region: str | None, as_json: bool) -> int:
    found: dict[str, list[dict[str, Any]]] = {}
    for kind in state.KINDS:
        items: list[dict[str, Any]] = []
        number = 1
        while True:
            query = {"PageSize": str(state.MAX_PAGE_SIZE), "PageNumber": str(number)}
            if region:
                query["RegionId"] = region
            page = target.resources(account, kind, query)
            items.extend(page["Items"])
            if len(items) >= page["TotalCount"] or not page["Items"]:
                break
            number += 1
        found[kind] = items
    if as_json:
        print(json.dumps({"AccountId": account, "RegionId": region or "", "Resources": found}, indent=2))
        return 0
    for kind, items in found.items():
        print(f"{kind} ({len(items)})")
        if items:
            print(_table(COLUMNS[kind], items))
        print()
    return 0


def _table(columns: tuple[str, ...], items: list[dict[str, Any]]) -> str:
    rows = [list(columns), *[[_cell(item.get(c, "")) for c in columns] for item in items]]
    widths = [max(len(row[i]) for row in rows) for i in range(len(columns))]
    return "\n".join("  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)).rstrip() for row in rows)


def _cell(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return "-" if value in ("", None) else str(value)


def _save(target: Target, account: str | None, path: Path) -> int:
    if not path.parent.is_dir():
        raise Failure(f"{path}: directory {path.parent} does not exist")
    document = target.save(account)
    temporary = path.with_name(path.name + ".tmp")
    temporary.write_text(json.dumps(document, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    os.replace(temporary, path)  # a reader never sees half a snapshot
    counts = {t: len(rows) for t, rows in document["tables"].items()}
    print(f"saved {sum(counts.values())} rows to {path}")
    return 0


def _restore(target: Target, account: str | None, path: Path) -> int:
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
    except OSError as err:
        raise Failure(f"{path}: {err.strerror}") from None
    except (ValueError, UnicodeDecodeError):
        raise Failure(f"{path}: not a JSON file") from None
    if not isinstance(document, dict):
        raise Failure(f"{path}: not a classiclink snapshot")
    try:
        state.check_header(document)  # before sending anything: the same one-line refusal the server gives
    except AdminError as err:
        raise Failure(f"{path}: {err.message}") from None
    answer = target.restore(account, document)
    print(f"restored {sum(answer['Restored'].values())} rows from {path}")
    return 0
