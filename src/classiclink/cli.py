"""The ``classiclink`` command: ``classiclink serve [--host] [--port] [--database URL] ...``."""

from __future__ import annotations

import argparse
import dataclasses
import json
import logging
import os
import sys
from pathlib import Path
from typing import Any

from . import __version__
from .edge.protocols import DEFAULT_HTTP, MAX_HEAD_BYTES, PROTOCOLS
from .settings import DEFAULT_ACCESS_KEY_ID, DEFAULT_ACCOUNT_ID, Behaviour, Settings

_ENV = "CLASSICLINK_SETTINGS"
_LOG_ENV = "CLASSICLINK_LOG_LEVEL"
_LOG_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"


def _configure_logging(level: str) -> None:
    logging.basicConfig(level=level.upper(), format=_LOG_FORMAT)


def _bounded_int(low: int, high: int | None = None) -> Any:
    """An argparse type: an integer in [low, high]; anything else is a one-line usage error (exit 2)."""

    def parse(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
        if value < low or (high is not None and value > high):
            bound = f"between {low} and {high}" if high is not None else f"at least {low}"
            raise argparse.ArgumentTypeError(f"{value} is out of range: it must be {bound}")
        return value

    return parse


def _seconds(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number of seconds") from None
    if not 0 <= value < float("inf"):
        raise argparse.ArgumentTypeError(f"{text} is out of range: it must be 0 or more seconds")
    return value


def _fraction(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number") from None
    if not 0 <= value <= 1:
        raise argparse.ArgumentTypeError(f"{text} is out of range: it must be between 0 and 1")
    return value


LOG_LEVELS = ("critical", "error", "warning", "info", "debug")


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="classiclink", description="Local emulator of Alibaba Cloud ClassicLink")
    p.add_argument("--version", action="version", version=f"classiclink {__version__}")
    sub = p.add_subparsers(dest="command", required=True)
    s = sub.add_parser("serve", help="run the emulator's HTTP endpoint (VPC 2016-04-28 and ECS 2014-05-26)")
    s.add_argument("--host", default="127.0.0.1", help="address to bind (default 127.0.0.1)")
    s.add_argument("--port", type=_bounded_int(0, 65535), default=8080, help="port (default 8080; 0 picks a free one)")
    s.add_argument(
        "--database",
        default="classiclink.db",
        help="SQLite file path or sqlite:///path (default ./classiclink.db); postgresql://user@host:port/db to "
             "share one state between servers; memory:// keeps nothing",
    )
    s.add_argument("--workers", type=_bounded_int(1, 64), default=1, help="worker processes sharing the database (default 1)")
    s.add_argument("--transition-delay", type=_seconds, default=Behaviour.transition_delay,
                   help="seconds each lifecycle step takes, e.g. Pending -> Available (default 1; 0 = at once)")  # fmt: skip
    s.add_argument("--disable-with-links", choices=("2019", "2024"), default="2019",
                   help="error for DisableVpcClassicLink while links exist: 2019 = DependencyViolation.Instance "
                        "(seed, default), 2024 = InvalidAction")  # fmt: skip
    s.add_argument("--enable-when-enabled", choices=("error", "noop"), default="error")
    s.add_argument("--route-conflict", choices=("exact", "within"), default="exact")
    s.add_argument("--vpc-quota", type=_bounded_int(1), default=Behaviour.vpcs_per_region, help="VPCs per region per account")
    s.add_argument("--vswitch-quota", type=_bounded_int(1), default=Behaviour.vswitches_per_vpc, help="vSwitches per VPC")
    s.add_argument("--links-per-vpc", type=_bounded_int(1), default=Behaviour.links_per_vpc,
                   help="ClassicLink links per VPC (documented: 1,000); lower it to test QuotaExceeded")  # fmt: skip
    s.add_argument("--timestamp-skew", type=_seconds, default=900, help="allowed clock skew in seconds (default 900)")
    s.add_argument("--no-verify-signatures", action="store_true", help="accept any signature (keys still checked)")
    s.add_argument("--strict-parameters", action="store_true",
                   help="refuse parameters an action does not declare (400 UnsupportedParameter naming it) "
                        "instead of ignoring them as the real gateway does")  # fmt: skip
    s.add_argument("--ram-mode", choices=("enforce", "off"), default="enforce")
    s.add_argument("--config", help="accounts, keys, users and policies (TOML); see README")
    s.add_argument("--seed", metavar="FILE",
                   help="start with the VPCs, vSwitches, security groups, instances and ClassicLink links declared "
                        "in FILE (YAML; see docs/seed-files.md), applied to an account with no resources yet")  # fmt: skip
    s.add_argument("--admin-token", help="bearer token for the admin interface (default: disabled)")
    s.add_argument("--inject-fault", action="append", default=[], metavar="ACTION[=COUNT]",
                   help="make ACTION fail with 500 InternalError (after its work, which is rolled back); "
                        "every call, or the next COUNT calls. Repeatable. For testing callers.")  # fmt: skip
    s.add_argument("--http", choices=("h11", "httptools"), default=DEFAULT_HTTP,
                   help="HTTP parser: httptools (default: the C parser, one send per answer) or h11 (pure Python, slower); "
                        "both bound the request head at 64 KiB")  # fmt: skip
    s.add_argument("--request-log", choices=("line", "json", "off"), default="line",
                   help="one log line per request at INFO: line (default), json (JSON lines with the parameters, "
                        "secrets and signatures masked) or off")  # fmt: skip
    s.add_argument("--log-level", choices=LOG_LEVELS, default="info", type=str.lower)
    d = sub.add_parser("seed", help="write a large, valid state straight into a database (bulk, for scale tests)")
    d.add_argument("--vpcs", type=_bounded_int(0), required=True, help="VPCs to create")
    d.add_argument("--vswitches-per-vpc", type=_bounded_int(0), default=1, help="vSwitches in each VPC (default 1)")
    d.add_argument("--instances", type=_bounded_int(0), required=True, help="ECS instances, each with a system disk")
    d.add_argument("--linked", type=_fraction, default=0.0, help="fraction of the classic instances ClassicLinked")
    d.add_argument("--classic", type=_fraction, default=0.5,
                   help="fraction of the instances on the classic network (default 0.5; the rest in vSwitches)")  # fmt: skip
    d.add_argument("--account", default=DEFAULT_ACCOUNT_ID, help=f"account UID (default {DEFAULT_ACCOUNT_ID})")
    d.add_argument("--region", default="cn-hangzhou", help="region (default cn-hangzhou)")
    d.add_argument("--database", default="classiclink.db", help="as for serve (default ./classiclink.db)")
    # Listed here for --help; main() hands them to state_cli, which has their options.
    sub.add_parser("state", help="print one account's resources (classiclink state --help)", add_help=False)
    sub.add_parser("snapshot", help="save or restore state as a JSON file (classiclink snapshot --help)", add_help=False)
    sub.add_parser("reach", help="can SOURCE reach DESTINATION? (classiclink reach --help)", add_help=False)
    sub.add_parser("migration-report", help="what each classic instance reaches (classiclink migration-report --help)",
                   add_help=False)  # fmt: skip
    sub.add_parser("classiclink-rules", add_help=False,
                   help="authorize a classic group and VPC groups to each other (classiclink classiclink-rules --help)")  # fmt: skip
    return p


def settings_from(args: argparse.Namespace) -> Settings:
    return Settings(
        host=args.host,
        port=args.port,
        database=args.database,
        behaviour=Behaviour(
            transition_delay=args.transition_delay,
            disable_with_links=args.disable_with_links,
            enable_when_enabled=args.enable_when_enabled,
            route_conflict=args.route_conflict,
            vpcs_per_region=args.vpc_quota,
            vswitches_per_vpc=args.vswitch_quota,
            links_per_vpc=args.links_per_vpc,
        ),
        verify_signatures=not args.no_verify_signatures,
        timestamp_skew=args.timestamp_skew,
        strict_parameters=args.strict_parameters,
        request_log=args.request_log,
        ram_mode=args.ram_mode,
        config_file=args.config,
        seed_file=args.seed,
        admin_token=args.admin_token,
        faults=tuple(args.inject_fault),
    )


def _encode(settings: Settings) -> str:
    return json.dumps(dataclasses.asdict(settings))


def _decode(text: str) -> Settings:
    raw: dict[str, Any] = json.loads(text)
    raw["behaviour"] = Behaviour(**raw["behaviour"])
    return Settings(**raw)


def create_app() -> Any:
    """Uvicorn factory: each worker process builds its own app from the settings in the environment."""
    from .bootstrap import build_app, build_runtime

    settings = _decode(os.environ[_ENV])
    # A worker is a fresh interpreter: it logs (the request log included) at the level the command was given.
    _configure_logging(os.environ.get(_LOG_ENV, "info"))
    return build_app(build_runtime(settings, seed=False))


def server_options(settings: Settings, args: argparse.Namespace) -> dict[str, Any]:
    return {
        "host": settings.host,
        "port": settings.port,
        "log_level": args.log_level,
        "access_log": False,
        "http": PROTOCOLS[args.http],  # TCP_NODELAY on every accepted socket, any worker count
        "loop": "classiclink.edge.fair_accept:FairAcceptLoop",  # connections spread over the workers
        "h11_max_incomplete_event_size": MAX_HEAD_BYTES,
    }


def _database_problem(url: str) -> str | None:
    """Why ``--database`` cannot be used, in one line, or None. A missing directory is a typo until shown
    otherwise: it is not created."""
    if url.startswith(("postgresql://", "postgres://")):
        return None  # reachability is checked when the store opens
    if "://" in url and not url.startswith(("sqlite:///", "memory://")):
        return f"--database {url}: unknown scheme; use a SQLite file path, sqlite:///path, postgresql://... or memory://"
    if url.startswith("memory") or url == ":memory:":
        return None
    path = Path(url[len("sqlite:///") :] if url.startswith("sqlite:///") else url)
    if path.is_dir():
        return f"--database {url}: is a directory; name a database file in it"
    if not path.parent.is_dir():
        return f"--database {url}: directory {path.parent} does not exist (create it first)"
    return None


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] in (["state"], ["snapshot"]):
        from . import state_cli

        return state_cli.main(argv)
    if argv[:1] in (["reach"], ["migration-report"], ["classiclink-rules"]):
        from . import reach_cli

        return reach_cli.main(argv)
    p = parser()
    args = p.parse_args(argv)
    problem = _database_problem(args.database)
    if problem is not None:
        p.exit(2, f"classiclink: {problem}\n")
    if args.command == "seed":
        from .seeding import main as seed_main

        return seed_main(args)
    _configure_logging(args.log_level)
    settings = settings_from(args)
    from .bootstrap import build_runtime
    from .store.postgres import DatabaseUnavailable
    from .store.sql import SchemaTooNew

    try:
        runtime = build_runtime(settings)  # migrate and seed once, before any worker starts
    except (DatabaseUnavailable, SchemaTooNew) as err:
        print(f"classiclink: {err}", file=sys.stderr)
        return 2
    log = logging.getLogger("classiclink")
    log.info("classiclink %s: %s", __version__, runtime.store.description)
    if settings.host not in ("127.0.0.1", "localhost", "::1"):
        with runtime.store.unit_of_work() as uow:
            key = uow.access_keys.get(DEFAULT_ACCESS_KEY_ID, account_id=None)
        if key is not None and key.status == "Active":
            log.warning(
                "!!! bound to %s while the well-known development key %s is active: anyone who can reach "
                "this port can use it. Deactivate it or bind 127.0.0.1. !!!",
                settings.host,
                DEFAULT_ACCESS_KEY_ID,
            )
    import uvicorn

    if args.workers > 1:
        if settings.database.startswith("memory"):
            print("--workers > 1 needs a database file: workers cannot share memory://", file=sys.stderr)
            return 2
        runtime.store.close()
        os.environ[_ENV] = _encode(runtime.settings)  # with the admin token the config file may have given
        os.environ[_LOG_ENV] = args.log_level
        uvicorn.run("classiclink.cli:create_app", factory=True, workers=args.workers, **server_options(settings, args))
        return 0
    from .bootstrap import build_app

    uvicorn.run(build_app(runtime), **server_options(settings, args))
    return 0


if __name__ == "__main__":
    sys.exit(main())
