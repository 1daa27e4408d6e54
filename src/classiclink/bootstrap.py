"""Put the emulator together: open the store, make sure the development account exists, build the edge.

Out of the box there is one account (UID 1000000000000001) whose root identity has the well-known
development key pair testid / testsecret, so any SDK works against a fresh server.
"""

from __future__ import annotations

import logging

from .actions import load_all
from .domain.identity import GLOBAL, AccessKey, Account
from .edge.asgi import Edge
from .gateway.chain import Gateway
from .gateway.context import Clock, Runtime
from .settings import DEFAULT_ACCESS_KEY_ID, DEFAULT_ACCESS_KEY_SECRET, DEFAULT_ACCOUNT_ID, Settings
from .store.base import Store, open_store


def seed_default_account(store: Store, now: float) -> None:
    with store.unit_of_work() as uow:
        if uow.accounts.get(DEFAULT_ACCOUNT_ID, account_id=None) is None:
            uow.accounts.add(Account(DEFAULT_ACCOUNT_ID, DEFAULT_ACCOUNT_ID, GLOBAL, now, name="default"))
        if uow.access_keys.get(DEFAULT_ACCESS_KEY_ID, account_id=None) is None:
            uow.access_keys.add(
                AccessKey(DEFAULT_ACCESS_KEY_ID, DEFAULT_ACCOUNT_ID, GLOBAL, now, secret=DEFAULT_ACCESS_KEY_SECRET)
            )
        uow.commit()


def build_runtime(settings: Settings, store: Store | None = None, clock: Clock | None = None) -> Runtime:
    load_all()
    store = store or open_store(settings.database)
    clock = clock or Clock()
    seed_default_account(store, clock.now())
    return Runtime(settings=settings, store=store, clock=clock, log=logging.getLogger("classiclink"))


def build_app(runtime: Runtime) -> Edge:
    return Edge(Gateway(runtime), runtime.settings.max_body_bytes)
