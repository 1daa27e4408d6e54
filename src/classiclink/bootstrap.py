"""Put the emulator together: open the store, make sure the development account exists, build the edge.

Out of the box there is one account (UID 1000000000000001) whose root identity has the well-known
development key pair testid / testsecret, so any SDK works against a fresh server.
"""

from __future__ import annotations

import dataclasses
import logging
import sys
from typing import TYPE_CHECKING

from .admin import admin_mounts
from .domain.faults import STARTUP_PREFIX
from .domain.identity import GLOBAL, AccessKey, Account
from .domain.ports import Store
from .edge.asgi import Edge
from .gateway.chain import Gateway
from .gateway.context import Clock, Runtime
from .settings import DEFAULT_ACCESS_KEY_ID, DEFAULT_ACCESS_KEY_SECRET, DEFAULT_ACCOUNT_ID, Behaviour, Settings
from .store import open_store

if TYPE_CHECKING:
    from .config import Config


def seed_default_account(store: Store, now: float) -> None:
    with store.unit_of_work() as uow:
        if uow.accounts.get(DEFAULT_ACCOUNT_ID, account_id=None) is None:
            uow.accounts.add(Account(DEFAULT_ACCOUNT_ID, DEFAULT_ACCOUNT_ID, GLOBAL, now, name="default"))
        if uow.access_keys.get(DEFAULT_ACCESS_KEY_ID, account_id=None) is None:
            uow.access_keys.add(
                AccessKey(DEFAULT_ACCESS_KEY_ID, DEFAULT_ACCOUNT_ID, GLOBAL, now, secret=DEFAULT_ACCESS_KEY_SECRET)
            )
        uow.commit()


def build_runtime(
    settings: Settings, store: Store | None = None, clock: Clock | None = None, seed: bool = True
) -> Runtime:
    """``seed=False`` for worker processes: the parent already migrated, seeded and applied the config, and a
    worker restarted by uvicorn must not undo what the admin interface changed since. Actions are imported
    when first called (actions.find), the admin interface and the console on their first request."""
    store = store or open_store(settings.database)
    clock = clock or Clock()
    config = _read_config(settings.config_file) if settings.config_file and seed else None
    # With keep_default_account = false the development key is never created, not even for a moment.
    if seed:
        store.refresh_statistics(if_stale=True)  # once, before any worker starts: it takes the write lock
    if seed and (config is None or config.server.keep_default_account):
        seed_default_account(store, clock.now())
    if config is not None:
        from .config import apply_config

        apply_config(store, config, clock.now())
        if settings.admin_token is None and config.server.admin_token is not None:
            settings = dataclasses.replace(settings, admin_token=config.server.admin_token)
    if seed:
        seed_faults(store, list(settings.faults), clock.now())
    if seed and settings.seed_file:
        seed_state(store, settings.seed_file, settings.behaviour, clock.now())
    return Runtime(settings=settings, store=store, clock=clock, log=logging.getLogger("classiclink"))


def seed_faults(store: Store, specs: list[str], now: float) -> None:
    """``--inject-fault`` rules go to the store like rules armed later, so every worker shares their count;
    the previous start's are replaced. With none to arm or replace, the admin interface's fault code (and
    the admin service it validates with) is not imported."""
    if not specs:
        with store.unit_of_work(read_only=True) as uow:
            if not any(r.id.startswith(STARTUP_PREFIX) for r in uow.fault_rules.find(account_id=None)):
                return
    from .admin import faults as admin_faults
    from .admin.service import AdminError

    try:
        with store.unit_of_work() as uow:
            admin_faults.seed_startup(uow, specs, now)
            uow.commit()
    except (AdminError, ValueError) as err:
        # A startup error, not a crash: one line, and the usage-error exit code.
        reason = f"--inject-fault: {err.message}" if isinstance(err, AdminError) else str(err)
        print(f"classiclink: {reason}", file=sys.stderr)
        raise SystemExit(2) from None


def seed_state(store: Store, path: str, behaviour: Behaviour, now: float) -> None:
    """``--seed FILE``: a startup error is one line naming the entry, and the usage-error exit code."""
    from . import seed as seed_file

    try:
        seed_file.apply(store, seed_file.load(path), behaviour, now)
    except seed_file.SeedError as err:
        print(f"classiclink: {err}", file=sys.stderr)
        raise SystemExit(2) from None


def _read_config(path: str) -> Config:
    from .config import ConfigError, load_config  # only with --config: the TOML parser, RAM policies

    try:
        return load_config(path)
    except ConfigError as err:
        # A startup error, not a crash: one line naming the problem, and the usage-error exit code.
        print(f"classiclink: {err}", file=sys.stderr)
        raise SystemExit(2) from None


def build_app(runtime: Runtime) -> Edge:
    return Edge(Gateway(runtime), runtime.settings.max_body_bytes, mounts=admin_mounts(runtime))
