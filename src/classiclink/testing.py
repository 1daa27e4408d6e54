"""Run the emulator inside a test process: a real server on a loopback port, in a background thread.

The official SDKs then talk to it over a real socket, exactly as they would to the standalone server, so
tests exercise the SDK's own signing and parsing::

    from classiclink.testing import ThreadedServer

    with ThreadedServer(vpcs_per_region=50) as emulator:   # any Settings or Behaviour field, by name
        account = emulator.create_account()                # a fresh account with its own AccessKey
        client = AcsClient(account.access_key_id, account.access_key_secret, "cn-hangzhou")
        request.set_endpoint(emulator.endpoint)            # "127.0.0.1:<port>"

For pytest, ``pytest_plugins = ["classiclink.testing"]`` in a top-level conftest.py provides:

- ``classiclink_server``: one server per test session (per xdist worker), built from the session fixture
  ``classiclink_server_options`` (a dict of Settings/Behaviour field names; override it in your conftest);
- ``classiclink_account``: a fresh account per test, so tests never see each other's resources or quotas;
- ``classiclink_client``: ready SDK clients for that account (``.legacy`` AcsClient, ``.vpc`` and ``.ecs``
  Tea clients, ``.tea_config()``), each pointed at the server over plain HTTP;
- ``classiclink_reset``: a callable removing one account's resources (default: the built-in account), for
  suites that prefer a single account;
- ``classiclink_faults``: arm fault rules for one test (``classiclink_faults.arm("CreateVpc",
  error="Throttling.User", count=1, account=classiclink_account)``); they are disarmed after the test.

An account's conditions (README, "Account conditions") make it meet a real account's refusals:
``classiclink_account.set_conditions(Arrearage=True, SoldOut=[{"ZoneId": "cn-hangzhou-i"}])`` (or
``emulator.set_conditions(uid, {...})``); ``.conditions()`` shows them, ``.clear_conditions()`` switches them off.
"""

from __future__ import annotations

import dataclasses
import threading
import time
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from types import TracebackType
from typing import Any

import uvicorn

from .admin import conditions as admin_conditions
from .admin import faults as admin_faults
from .admin import service
from .bootstrap import build_app, build_runtime
from .domain.regions import REGIONS
from .edge.protocols import DEFAULT_HTTP, PROTOCOLS
from .settings import DEFAULT_ACCESS_KEY_ID, DEFAULT_ACCESS_KEY_SECRET, DEFAULT_ACCOUNT_ID, Behaviour, Settings

__all__ = ["ClassicLinkClients", "Faults", "TestAccount", "ThreadedServer"]

_SETTINGS_FIELDS = frozenset(f.name for f in dataclasses.fields(Settings)) - {"behaviour"}
_BEHAVIOUR_FIELDS = frozenset(f.name for f in dataclasses.fields(Behaviour))
# In a test process: nothing on disk, any free port, lifecycle transitions at once.
_TEST_DEFAULTS: dict[str, Any] = {"database": "memory://", "port": 0, "transition_delay": 0.0}


@dataclass(frozen=True)
class TestAccount:
    """An account of the running emulator and its root AccessKey."""

    __test__ = False  # not a test class, whatever pytest thinks of the name

    account_id: str
    access_key_id: str
    access_key_secret: str
    # The server the account lives in, for the condition helpers (None: DEFAULT_ACCOUNT, any server's).
    server: ThreadedServer | None = field(default=None, repr=False, compare=False)

    def set_conditions(self, conditions: Mapping[str, Any] | None = None, **fields: Any) -> dict[str, Any]:
        """Replace this account's conditions (the admin API's document: ``Arrearage=True``,
        ``Quotas={"PostPaidInstances": 2}`` ...); an omitted condition is off. Returns every condition."""
        return self._server().set_conditions(self.account_id, conditions, **fields)

    def conditions(self) -> dict[str, Any]:
        return self._server().conditions(self.account_id)

    def clear_conditions(self) -> None:
        self._server().clear_conditions(self.account_id)

    def _server(self) -> ThreadedServer:
        if self.server is None:
            raise RuntimeError("this account was not made by a ThreadedServer; use server.set_conditions(uid, ...)")
        return self.server


def settings_from_options(settings: Settings | None = None, **options: Any) -> Settings:
    """``Settings`` from keyword options named as Settings or Behaviour fields (``admin_token``,
    ``vpcs_per_region``, ``transition_delay`` ...). Without ``settings`` the test defaults apply first."""
    unknown = sorted(set(options) - _SETTINGS_FIELDS - _BEHAVIOUR_FIELDS)
    if unknown:
        names = ", ".join(sorted(_SETTINGS_FIELDS | _BEHAVIOUR_FIELDS))
        raise TypeError(f"unknown emulator option(s) {', '.join(unknown)}; the options are: {names}")
    if settings is None:
        options = {**_TEST_DEFAULTS, **options}
        settings = Settings()
    if "faults" in options:
        options["faults"] = tuple(options["faults"])
    top = {k: v for k, v in options.items() if k in _SETTINGS_FIELDS}
    behaviour = {k: v for k, v in options.items() if k in _BEHAVIOUR_FIELDS}
    return dataclasses.replace(settings, behaviour=dataclasses.replace(settings.behaviour, **behaviour), **top)


class ThreadedServer:
    def __init__(self, settings: Settings | None = None, **options: Any) -> None:
        """Keyword options are Settings and Behaviour fields by name, e.g. ``admin_token="t"``,
        ``vpcs_per_region=100``, ``transition_delay=2``, ``faults=["CreateVpc=1"]``, ``config_file=...``.
        Unless given, the store is ``memory://``, the port is chosen by the OS and transitions are immediate."""
        self.settings = settings_from_options(settings, **options)
        self.runtime = build_runtime(self.settings)
        base = self.runtime.settings
        config = uvicorn.Config(build_app(self.runtime), host=base.host, port=base.port, log_level="warning",
                                access_log=False, http=PROTOCOLS[DEFAULT_HTTP], lifespan="off")  # fmt: skip
        self._server = uvicorn.Server(config)
        self._thread = threading.Thread(target=self._server.run, name="classiclink", daemon=True)
        self.port = 0

    @property
    def endpoint(self) -> str:
        """``host:port`` as the SDKs' endpoint settings take it."""
        return f"127.0.0.1:{self.port}"

    @property
    def url(self) -> str:
        return f"http://{self.endpoint}/"

    def start(self, timeout: float = 10.0) -> ThreadedServer:
        self._thread.start()
        deadline = time.monotonic() + timeout
        while not self._server.started:
            if not self._thread.is_alive() or time.monotonic() > deadline:
                raise RuntimeError("the emulator did not start")
            time.sleep(0.01)
        self.port = int(self._server.servers[0].sockets[0].getsockname()[1])
        return self

    def stop(self) -> None:
        self._server.should_exit = True
        self._thread.join(10)
        self.runtime.store.close()

    def create_account(self, name: str = "") -> TestAccount:
        """A new account with a root AccessKey; its resources and quotas are its own."""
        now = self.runtime.clock.now()
        with self.runtime.store.unit_of_work() as uow:
            account = service.create_account(uow, {"Name": name}, now)
            key = service.create_key(uow, account["AccountId"], {}, now)
            uow.commit()
        return TestAccount(account["AccountId"], key["AccessKeyId"], key["AccessKeySecret"], self)

    def reset(self, account_id: str = DEFAULT_ACCOUNT_ID) -> dict[str, Any]:
        """Remove every cloud resource and the conditions of one account (its identity and other accounts stay)."""
        with self.runtime.store.unit_of_work() as uow:
            removed = service.reset_resources(uow, account_id)
            uow.commit()
        return removed

    def set_conditions(self, account_id: str, conditions: Mapping[str, Any] | None = None,
                       **fields: Any) -> dict[str, Any]:  # fmt: skip
        """Replace one account's conditions (README, "Account conditions"); ``ValueError`` names a bad field.
        Returns every condition and its value."""
        body = {**(conditions or {}), **fields}
        now = self.runtime.clock.now()
        with self.runtime.store.unit_of_work() as uow:
            try:
                view = admin_conditions.put(uow, account_id, body, now)
            except service.AdminError as err:
                raise ValueError(err.message) from None
            uow.commit()
        return dict(view["Conditions"])

    def conditions(self, account_id: str) -> dict[str, Any]:
        with self.runtime.store.unit_of_work(read_only=True) as uow:
            return dict(admin_conditions.describe(uow, account_id)["Conditions"])

    def clear_conditions(self, account_id: str) -> None:
        with self.runtime.store.unit_of_work() as uow:
            admin_conditions.clear(uow, account_id)
            uow.commit()

    @property
    def faults(self) -> Faults:
        """Arm and disarm fault rules (README, "Faults on demand"); rules armed here stay until disarmed."""
        return Faults(self)

    def __enter__(self) -> ThreadedServer:
        return self.start()

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.stop()


class Faults:
    """Fault rules of a running emulator, as the admin interface's ``/faults`` manages them."""

    def __init__(self, server: ThreadedServer) -> None:
        self.server = server
        self.armed: list[str] = []

    def _change(self, change: Callable[[Any], Any]) -> Any:
        runtime = self.server.runtime
        with runtime.store.unit_of_work() as uow:
            result = change(uow)
            uow.commit()
        runtime.faults.invalidate()
        return result

    def arm(self, action: str = "*", *, error: str | None = None, account: TestAccount | str = "*",
            latency_ms: int = 0, count: int | None = None, percent: int = 100) -> str:  # fmt: skip
        """Make ``action`` (``*``: any) fail for ``account`` (``*``: any) and return the rule's id.
        ``error``: ``"InternalError"`` (the default, after the action's work, rolled back), ``"Throttling"``,
        ``"Throttling.User"``, ``"ServiceUnavailable"`` (before the action), ``""`` for latency only (the
        default when only ``latency_ms`` is given); ``count``: the next N calls (default: every call);
        ``percent``: P of every 100 calls, evenly spread (50 = every 2nd)."""
        body: dict[str, Any] = {"Action": action, "LatencyMs": latency_ms, "Percent": percent,
                                "AccountId": account.account_id if isinstance(account, TestAccount) else account}  # fmt: skip
        if error is not None:
            body["Error"] = error
        if count is not None:
            body["Count"] = count
        now = self.server.runtime.clock.now()
        try:
            view: dict[str, Any] = self._change(lambda uow: admin_faults.arm(uow, body, now))
        except service.AdminError as err:
            raise ValueError(err.message) from None
        self.armed.append(view["FaultId"])
        return str(view["FaultId"])

    def describe(self, fault_id: str) -> dict[str, Any]:
        """The rule as the admin interface shows it: ``Calls`` seen, ``Hits``, ``Remaining`` ..."""
        with self.server.runtime.store.unit_of_work(read_only=True) as uow:
            return admin_faults.describe_fault(uow, fault_id)

    def list(self) -> list[dict[str, Any]]:
        with self.server.runtime.store.unit_of_work(read_only=True) as uow:
            return list(admin_faults.list_faults(uow)["Faults"])

    def disarm(self, fault_id: str) -> None:
        self._change(lambda uow: admin_faults.disarm(uow, fault_id))

    def clear(self) -> None:
        """Disarm every rule, whoever armed it."""
        self._change(admin_faults.disarm_all)
        self.armed.clear()

    def disarm_armed(self) -> None:
        """Disarm the rules armed through this helper (those already gone are skipped)."""
        def remove(uow: Any) -> None:
            for fault_id in self.armed:
                rule = uow.fault_rules.get(fault_id, account_id=None)
                if rule is not None:
                    uow.fault_rules.remove(rule)

        self._change(remove)
        self.armed.clear()


DEFAULT_ACCOUNT = TestAccount(DEFAULT_ACCOUNT_ID, DEFAULT_ACCESS_KEY_ID, DEFAULT_ACCESS_KEY_SECRET)


class ClassicLinkClients:
    """SDK clients for one account of a running emulator, created on first use (the SDK packages are
    the test suite's own dependencies: ``aliyun-python-sdk-core`` for ``legacy``, ``alibabacloud-vpc20160428``
    and ``alibabacloud-ecs20140526`` for ``vpc`` and ``ecs``)."""

    def __init__(self, server: ThreadedServer, account: TestAccount, region_id: str = "cn-hangzhou") -> None:
        self.server = server
        self.account = account
        self.region_id = region_id
        self._made: dict[str, Any] = {}

    def tea_config(self, **overrides: Any) -> Any:
        from alibabacloud_tea_openapi.models import Config

        values: dict[str, Any] = {"access_key_id": self.account.access_key_id,
                                  "access_key_secret": self.account.access_key_secret,
                                  "region_id": self.region_id, "endpoint": self.server.endpoint,
                                  "protocol": "http", **overrides}  # fmt: skip
        return Config(**values)

    @property
    def legacy(self) -> Any:
        """An ``AcsClient`` whose VPC and ECS endpoints, in every region, are the emulator."""
        if "legacy" not in self._made:
            from aliyunsdkcore.client import AcsClient

            client = AcsClient(self.account.access_key_id, self.account.access_key_secret, self.region_id,
                               auto_retry=False)  # fmt: skip
            for region in REGIONS:
                for product in ("Vpc", "Ecs"):
                    client.add_endpoint(region, product, self.server.endpoint)
            self._made["legacy"] = client
        return self._made["legacy"]

    @property
    def vpc(self) -> Any:
        if "vpc" not in self._made:
            from alibabacloud_vpc20160428.client import Client

            self._made["vpc"] = Client(self.tea_config())
        return self._made["vpc"]

    @property
    def ecs(self) -> Any:
        if "ecs" not in self._made:
            from alibabacloud_ecs20140526.client import Client

            self._made["ecs"] = Client(self.tea_config())
        return self._made["ecs"]


try:
    import pytest
except ImportError:  # pytest is only needed for the fixtures
    pass
else:

    @pytest.fixture(scope="session")
    def classiclink_server_options() -> dict[str, Any]:
        """Options of the session's emulator (Settings/Behaviour field names); override in your conftest.py."""
        return {}

    @pytest.fixture(scope="session")
    def classiclink_server(classiclink_server_options: dict[str, Any]) -> Iterator[ThreadedServer]:
        """A running emulator for the test session (memory store, lifecycle transitions at once)."""
        with ThreadedServer(**classiclink_server_options) as server:
            yield server

    @pytest.fixture
    def classiclink_account(classiclink_server: ThreadedServer) -> TestAccount:
        """A fresh account for this test: nothing another test made is visible, and its quotas are its own."""
        return classiclink_server.create_account()

    @pytest.fixture
    def classiclink_client(classiclink_server: ThreadedServer, classiclink_account: TestAccount) -> ClassicLinkClients:
        """Legacy and Tea SDK clients signed with this test's fresh account."""
        return ClassicLinkClients(classiclink_server, classiclink_account)

    @pytest.fixture
    def classiclink_reset(classiclink_server: ThreadedServer) -> Callable[..., dict[str, Any]]:
        """``classiclink_reset()`` empties the built-in account; ``classiclink_reset(uid)`` another one."""
        return classiclink_server.reset

    @pytest.fixture
    def classiclink_faults(classiclink_server: ThreadedServer) -> Iterator[Faults]:
        """Arm fault rules for this test (``.arm(action, error=..., count=..., account=...)``); every rule
        armed through it is disarmed when the test ends, passed or failed."""
        faults = Faults(classiclink_server)
        yield faults
        faults.disarm_armed()
