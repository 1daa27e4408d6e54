"""``classiclink reach SOURCE DESTINATION`` and ``classiclink migration-report``: ask a running server's admin
interface whether one instance reaches another, and what each classic instance reaches (docs/reachability.md).

Exit codes of ``reach``: 0 reachable, 1 not reachable, 2 a usage error (bad options, or a SOURCE, DESTINATION,
account or region the server does not know), 3 the server could not answer (unreachable, token refused).
``migration-report``: 0 printed, 2 usage error, 3 the server could not answer. Failures are one line on stderr.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import urllib.error
import urllib.parse
import urllib.request
from typing import Any, NoReturn

from .config import valid_account_id
from .domain.reachability import PROTOCOLS
from .settings import DEFAULT_ACCOUNT_ID

DEFAULT_SERVER = "http://127.0.0.1:8080"
DEFAULT_REGION = "cn-hangzhou"
REACHABLE, UNREACHABLE, USAGE, UNANSWERED = 0, 1, 2, 3
# Refusals that mean the question was wrong, not that the server failed.
_USAGE_CODES = ("InvalidSecurityGroupId.NotFound", "EntityNotExist.Instance", "EntityNotExist.Account", "EntityNotExist.Region", "InvalidParameter",
                "MissingParameter")  # fmt: skip


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        self.exit(USAGE, f"{self.prog}: {message}\n")


class Unanswered(Exception):
    """The server refused or could not be reached; ``usage`` when the refusal is about the question."""

    def __init__(self, message: str, usage: bool = False) -> None:
        super().__init__(message)
        self.usage = usage


def _port(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    if not 1 <= value <= 65535:
        raise argparse.ArgumentTypeError(f"{value} is out of range: it must be between 1 and 65535")
    return value


def _common(p: argparse.ArgumentParser) -> None:
    p.add_argument("--account", default=DEFAULT_ACCOUNT_ID, metavar="UID",
                   help=f"the account's UID (default {DEFAULT_ACCOUNT_ID})")  # fmt: skip
    p.add_argument("--region", default=DEFAULT_REGION, metavar="R", help=f"the region (default {DEFAULT_REGION})")
    p.add_argument("--server", metavar="URL", default=os.environ.get("CLASSICLINK_SERVER", DEFAULT_SERVER),
                   help=f"the running server (default $CLASSICLINK_SERVER or {DEFAULT_SERVER})")  # fmt: skip
    p.add_argument("--admin-token", metavar="T", default=os.environ.get("CLASSICLINK_ADMIN_TOKEN"),
                   help="the server's admin token (default $CLASSICLINK_ADMIN_TOKEN)")  # fmt: skip
    p.add_argument("--json", action="store_true", help="one JSON object instead of text")


def parser() -> argparse.ArgumentParser:
    p = _Parser(prog="classiclink", description="Reachability through ClassicLink and security groups")
    sub = p.add_subparsers(dest="command", required=True, parser_class=_Parser)
    r = sub.add_parser("reach", help="can SOURCE reach DESTINATION? exit 0 yes, 1 no, 2 usage error")
    r.add_argument("source", metavar="SOURCE", help="an instance id or its private address")
    r.add_argument("destination", metavar="DESTINATION", help="an instance id or its private address")
    r.add_argument("--protocol", default="tcp", type=str.lower, choices=PROTOCOLS, help="default tcp")
    r.add_argument("--port", type=_port, help="destination port (needed for tcp and udp)")
    _common(r)
    m = sub.add_parser("migration-report", help="each classic instance, its link, and what it reaches")
    _common(m)
    c = sub.add_parser("classiclink-rules", help="authorize a classic group and up to five VPC groups to each other")
    c.add_argument("classic_group", metavar="CLASSIC_GROUP", help="the classic instance's security group")
    c.add_argument("vpc_groups", metavar="VPC_GROUP", nargs="+", help="one to five VPC security groups")
    c.add_argument("--mode", default="both", choices=("both", "classic-to-vpc", "vpc-to-classic"),
                   help="Classic <=> VPC (both, default), Classic => VPC, or VPC => Classic")  # fmt: skip
    c.add_argument("--protocol", default="all", help="IpProtocol of the rules (default all)")
    c.add_argument("--port-range", default="-1/-1", help="PortRange of the rules (default -1/-1)")
    _common(c)
    return p


def main(argv: list[str]) -> int:
    p = parser()
    args = p.parse_args(argv)
    prog = f"classiclink {args.command}"

    def usage(message: str) -> NoReturn:
        p.exit(USAGE, f"{prog}: {message}\n")

    if not valid_account_id(args.account):
        usage(f"--account {args.account!r}: a numeric UID of 1 to 18 digits without a leading 0")
    if not args.region.replace("-", "").isalnum():
        usage(f"--region {args.region!r}: a region ID such as cn-hangzhou")
    parsed = urllib.parse.urlsplit(args.server)
    if parsed.scheme not in ("http", "https") or not parsed.netloc:
        usage(f"--server {args.server!r}: an http:// or https:// URL")
    if not args.admin_token:
        usage("give --admin-token T (or set CLASSICLINK_ADMIN_TOKEN)")
    if args.command == "reach" and args.protocol in ("tcp", "udp") and args.port is None:
        usage(f"--protocol {args.protocol} needs --port")
    base = f"{args.server.rstrip('/')}/_classiclink/admin/accounts/{args.account}/regions/{args.region}"
    try:
        if args.command == "reach":
            query = {"Source": args.source, "Destination": args.destination, "Protocol": args.protocol}
            if args.port is not None:
                query["Port"] = str(args.port)
            verdict = _get(f"{base}/reach?{urllib.parse.urlencode(query)}", args.admin_token)
            print(json.dumps(verdict, indent=2) if args.json else render_verdict(verdict))
            return REACHABLE if verdict["reachable"] else UNREACHABLE
        if args.command == "classiclink-rules":
            body = {"ClassicSecurityGroupId": args.classic_group, "VpcSecurityGroupIds": args.vpc_groups,
                    "Mode": args.mode, "IpProtocol": args.protocol, "PortRange": args.port_range}  # fmt: skip
            added = _call(f"{base}/classiclink-rules", args.admin_token, body)
            print(json.dumps(added, indent=2) if args.json else render_rules(added))
            return 0
        report = _get(f"{base}/migration", args.admin_token)
        print(json.dumps(report, indent=2) if args.json else render_report(report))
        return 0
    except Unanswered as err:
        print(f"{prog}: {err}", file=sys.stderr)
        return USAGE if err.usage else UNANSWERED


def _get(url: str, token: str) -> dict[str, Any]:
    return _call(url, token, None)


def _call(url: str, token: str, body: dict[str, Any] | None) -> dict[str, Any]:
    """GET, or POST ``body`` as JSON; the answer's JSON, or ``Unanswered``."""
    headers = {"Authorization": f"Bearer {token}"}
    data = None
    if body is not None:
        data = json.dumps(body).encode()
        headers["Content-Type"] = "application/json"
    request = urllib.request.Request(url, data=data, headers=headers, method="GET" if body is None else "POST")
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            document: dict[str, Any] = json.loads(response.read())
            return document
    except urllib.error.HTTPError as err:
        try:
            answer = json.loads(err.read())
            code, message = str(answer["Code"]), str(answer["Message"])
        except (ValueError, KeyError, TypeError):
            raise Unanswered(f"the server answered HTTP {err.code}") from None
        raise Unanswered(f"{code}: {message}", usage=code in _USAGE_CODES) from None
    except (urllib.error.URLError, OSError) as err:
        reason = getattr(err, "reason", err)
        raise Unanswered(f"cannot reach {url.split('/_classiclink/')[0]}: {reason}") from None


# --- text renderings ---------------------------------------------------------------------------------------------


def render_verdict(verdict: dict[str, Any]) -> str:
    source, destination = verdict["source"], verdict["destination"]
    traffic = verdict["protocol"] + (f"/{verdict['port']}" if verdict.get("port") is not None else "")
    blocked = verdict["blocked_by"]
    headline = "REACHABLE" if blocked is None else f"NOT REACHABLE (blocked by {blocked['check']})"
    lines = [f"{source['instance_id']} ({source['address'] or '-'}) -> {destination['instance_id']} "
             f"({destination['address'] or '-'}) {traffic}: {headline}"]  # fmt: skip
    width = max(len(hop["check"]) for hop in verdict["path"])
    for hop in verdict["path"]:
        mark = "ok  " if hop["allowed"] else "FAIL"
        lines.append(f"  [{mark}] {hop['check'].ljust(width)}  {hop['reason']}")
        if "rule" in hop:
            lines.append(f"         {''.ljust(width)}  rule: {_rule_text(hop['rule'])}")
    return "\n".join(lines)


def _rule_text(rule: dict[str, Any]) -> str:
    peer = next((f"{k}={v}" for k, v in rule.items() if k.startswith(("source_", "dest_"))), "")
    return (f"{rule['id']} {rule['security_group_id']} {rule['direction']} {rule['policy']} "
            f"priority={rule['priority']} {rule['ip_protocol']} {rule['port_range']} {rule['nic_type']} {peer}").rstrip()


def render_rules(added: dict[str, Any]) -> str:
    lines = [f"ClassicLink rules ({added['Mode']}): {len(added['Rules'])}"]
    lines += [f"  {_rule_text(rule)}" for rule in added["Rules"]]
    return "\n".join(lines)


COLUMNS = ("classic_instance", "inner_ip", "linked_vpc", "vpc_instance", "private_ip", "traffic", "result", "blocked_by")


def render_report(report: dict[str, Any]) -> str:
    rows: list[list[str]] = []
    for entry in report["classic_instances"]:
        head = [entry["instance_id"], entry["inner_ip"] or "-", entry["linked_vpc_id"] or "-"]
        found = [(r, "reachable") for r in entry["reachable"]] + [(r, "blocked") for r in entry["unreachable"]]
        if not found:
            rows.append([*head, "-", "-", "-", "not linked" if not entry["linked_vpc_id"] else "no instances", "-"])
        for row, result in sorted(found, key=lambda pair: (pair[0]["instance_id"], pair[0]["protocol"],
                                                             pair[0]["port"] or 0)):  # fmt: skip
            traffic = row["protocol"] + (f"/{row['port']}" if row["port"] is not None else "")
            rows.append([*head, row["instance_id"], row["private_ip"] or "-", traffic, result, row.get("check", "-")])
    summary = report["summary"]
    title = (f"migration report: account {report['account_id']}, region {report['region_id']}: "
             f"{summary['classic_instances']} classic instances, {summary['linked']} linked, "
             f"{summary['reachable']} reachable and {summary['unreachable']} blocked (instance, port) pairs")  # fmt: skip
    if not rows:
        return title
    table = [list(COLUMNS), *rows]
    widths = [max(len(r[i]) for r in table) for i in range(len(COLUMNS))]
    body = "\n".join("  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)).rstrip() for r in table)
    return f"{title}\n{body}"
