"""The store port, owned by the domain: repositories of resources inside one unit of work per request.

The domain and the gateway depend on these abstractions; the adapters in ``classiclink.store`` (SQLite,
memory) implement them, so the dependency points from the adapters to the domain, never back.


A unit of work is applied whole or not at all: leaving the ``with`` block without ``commit()``
(an error, a refused request) rolls everything back. Every read takes an ``account_id`` so that a
handler cannot see another account's rows by accident; ``None`` is an explicit, unscoped lookup used
only for identity (finding an AccessKey before the account is known).
"""

from __future__ import annotations

import dataclasses
from abc import ABC, abstractmethod
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from types import TracebackType
from typing import Any, Generic, Literal, TypeVar

from .faults import FaultRule
from .identity import AccessKey, Account, ClientToken, Nonce, Policy, Role, StsCredential, User
from .model import (
    AccountConditions,
    AutoSnapshotPolicy,
    Disk,
    EipAddress,
    Image,
    Instance,
    KeyPair,
    Link,
    NetworkInterface,
    PrivateAddress,
    Resource,
    RouteEntry,
    RouteTable,
    SecurityGroup,
    SecurityGroupRule,
    Snapshot,
    Vpc,
    VSwitch,
)

T = TypeVar("T", bound=Resource)

# Table name of each resource type; the order is the order of a dump.
ENTITIES: dict[str, type[Resource]] = {
    "accounts": Account,
    "users": User,
    "access_keys": AccessKey,
    "policies": Policy,
    "vpcs": Vpc,
    "vswitches": VSwitch,
    "route_tables": RouteTable,
    "route_entries": RouteEntry,
    "security_groups": SecurityGroup,
    "security_group_rules": SecurityGroupRule,
    "instances": Instance,
    "links": Link,
    "disks": Disk,
    "auto_snapshot_policies": AutoSnapshotPolicy,
    "snapshots": Snapshot,
    "images": Image,
    "key_pairs": KeyPair,
    "eip_addresses": EipAddress,
    "network_interfaces": NetworkInterface,
    "private_addresses": PrivateAddress,
    "client_tokens": ClientToken,
    "nonces": Nonce,
    "roles": Role,
    "sts_credentials": StsCredential,
    "fault_rules": FaultRule,
    "account_conditions": AccountConditions,
}


# Who may call and with which rights. Every write to one of these tables raises the store's identity version
# (``UnitOfWork.identity_version``), so a cache of keys and policies knows when to drop what it holds.
IDENTITY_ENTITIES = frozenset({"accounts", "users", "access_keys", "policies", "roles", "sts_credentials"})

NonceClaim = Literal["claimed", "used", "stale"]


@dataclass(frozen=True)
class AnyOf:
    """A ``where`` value matching any of several values (SQL ``IN``): ``find(vpc_id=AnyOf(ids))``."""

    values: tuple[Any, ...]

    def __init__(self, values: Iterable[Any]) -> None:
        object.__setattr__(self, "values", tuple(values))


@dataclass(frozen=True)
class Contains:
    """A ``where`` value matching a list field that holds ``value``: ``find(security_group_ids=Contains(g))``."""

    value: str


@dataclass(frozen=True)
class GreaterThan:
    """A ``where`` value matching a number field above ``value`` or equal to ``unless``, its "not set" value and
    the lowest it holds: ``find(auto_release_at=GreaterThan(now, unless=0.0))``."""

    value: float
    unless: float | None = None


class Repository(ABC, Generic[T]):
    """Queries are answered by the store: equality, ``AnyOf`` or (list fields) ``Contains`` per field, oldest first, optionally one
    slice (``limit``/``offset``), counts and existence, so a request loads only the rows it shows."""

    @abstractmethod
    def get(self, id: str, *, account_id: str | None) -> T | None: ...

    def get_in_region(self, id: str, *, account_id: str, region_id: str) -> T | None:
        """The account's resource in that region; one in another region is as good as missing."""
        obj = self.get(id, account_id=account_id)
        return obj if obj is not None and obj.region_id == region_id else None

    @abstractmethod
    def find(
        self,
        *,
        account_id: str | None,
        limit: int | None = None,
        offset: int = 0,
        after: tuple[float, str] | None = None,
        newest_first: bool = False,
        **where: Any,
    ) -> list[T]:
        """Rows whose fields equal ``where`` (or are one of an ``AnyOf``), oldest first (``newest_first``:
        the reverse, so a late page is a short walk from the end); with ``after`` (a ``(created_at, id)``
        key), only rows later in that order (keyset paging); with ``limit``, at most that many after
        skipping ``offset``."""

    @abstractmethod
    def count(self, *, account_id: str | None, **where: Any) -> int: ...

    def exists(self, *, account_id: str | None, **where: Any) -> bool:
        return bool(self.find(account_id=account_id, limit=1, **where))

    @abstractmethod
    def add(self, obj: T) -> None: ...

    def add_many(self, objs: Iterable[T]) -> None:
        """Add (or replace) many rows at once: bulk seeding; adapters override it with one batched statement."""
        for obj in objs:
            self.add(obj)

    def insert(self, obj: T) -> None:
        """Add one row whose ID the caller has just checked is new: ``insert_many`` of one."""
        self.insert_many([obj])

    def insert_many(self, objs: Iterable[T]) -> None:
        """Add many rows whose IDs are new (bulk seeding's fresh IDs): no check for a row to replace, and an
        existing ID is an error of the store's, not a replacement."""
        self.add_many(objs)

    def insert_copies(self, prototype: T, fields: Sequence[str], values: Iterable[Sequence[Any]]) -> int:
        """Insert one new row per item of ``values``: ``prototype`` with ``fields`` set to the item's values,
        in that order (bulk seeding's millions of rows that differ in a few fields: an adapter writes the
        rest once, not per row). IDs must be new, as for ``insert_many``. Returns how many were inserted."""
        copies = [dataclasses.replace(prototype, **dict(zip(fields, row, strict=True))) for row in values]
        self.insert_many(copies)  # the adapters copy what they keep: a list shared by copies stays unshared
        return len(copies)

    @abstractmethod
    def save(self, obj: T) -> None: ...

    @abstractmethod
    def remove(self, obj: T) -> None: ...

    @abstractmethod
    def purge_older_than(self, created_before: float) -> int:
        """Delete rows created before the given time (nonces, client tokens); returns how many."""


class UnitOfWork(ABC):
    accounts: Repository[Account]
    users: Repository[User]
    access_keys: Repository[AccessKey]
    policies: Repository[Policy]
    vpcs: Repository[Vpc]
    vswitches: Repository[VSwitch]
    route_tables: Repository[RouteTable]
    route_entries: Repository[RouteEntry]
    security_groups: Repository[SecurityGroup]
    security_group_rules: Repository[SecurityGroupRule]
    instances: Repository[Instance]
    links: Repository[Link]
    disks: Repository[Disk]
    auto_snapshot_policies: Repository[AutoSnapshotPolicy]
    snapshots: Repository[Snapshot]
    images: Repository[Image]
    key_pairs: Repository[KeyPair]
    eip_addresses: Repository[EipAddress]
    network_interfaces: Repository[NetworkInterface]
    private_addresses: Repository[PrivateAddress]
    client_tokens: Repository[ClientToken]
    nonces: Repository[Nonce]
    roles: Repository[Role]
    sts_credentials: Repository[StsCredential]
    fault_rules: Repository[FaultRule]
    account_conditions: Repository[AccountConditions]

    def __enter__(self) -> UnitOfWork:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.rollback()

    @abstractmethod
    def commit(self) -> None: ...

    @abstractmethod
    def rollback(self) -> None:
        """Undo everything not committed; a no-op after commit."""

    def identity_version(self) -> int:
        """A number that grows with every committed change to an identity table (IDENTITY_ENTITIES). The
        stores here all keep one; this default (never changes) only suits a store nothing else writes to."""
        return 0

    # A write's nonce inside its own unit of work (stores with ``Store.nonce_in_writes``): claimed as the first
    # write, and kept alone when the rest is undone.

    def claim_nonce(self, nonce: Nonce, window_start: float, identity_version: int | None) -> NonceClaim:
        """``Store.claim_nonce``'s answer, recorded in this unit of work; "stale" records nothing."""
        raise NotImplementedError("this store claims nonces on their own (Store.nonce_in_writes is False)")

    def keep_nonce_only(self) -> None:
        """Undo everything since ``claim_nonce``; a commit then records the nonce alone."""
        raise NotImplementedError("this store claims nonces on their own (Store.nonce_in_writes is False)")

    def purge_nonces(self, created_before: float) -> None:
        """``Store.purge_nonces``, in this unit of work."""
        raise NotImplementedError("this store claims nonces on their own (Store.nonce_in_writes is False)")


class Store(ABC):
    # True when every operation is local and short (no network round trip; lock waits only behind another
    # local writer's short transaction): the edge may then run a request on its event loop, not a thread.
    inline_safe = False
    # True when a write's unit of work can claim its nonce itself (UnitOfWork.claim_nonce, keep_nonce_only):
    # one commit for the nonce and the write instead of two.
    nonce_in_writes = False

    @abstractmethod
    def unit_of_work(self, read_only: bool = False) -> UnitOfWork:
        """A new unit of work; ``read_only`` ones take no write lock where the backend allows it (a
        write inside one is an error of the caller's)."""

    def bulk_unit_of_work(self) -> UnitOfWork:
        """A unit of work for one very large write (``classiclink seed``): all or nothing like any other, and
        as durable once committed; an adapter may meanwhile trade what serving needs (a small cache, readers
        beside the writer) for speed, and gives it back when the unit of work ends."""
        return self.unit_of_work()

    def identity_version(self) -> int:
        """The committed identity version, read on its own (no snapshot of anything else)."""
        with self.unit_of_work(read_only=True) as uow:
            return uow.identity_version()

    def claim_nonce(self, nonce: Nonce, window_start: float, identity_version: int | None) -> NonceClaim:
        """Record ``nonce`` unless the same id was recorded at or after ``window_start`` ("used"). With
        ``identity_version``, nothing is recorded if the store's identity version differs ("stale"): the
        caller authenticated with keys that have changed since, and must authenticate again first.
        Committed before it returns; adapters may do it in fewer statements than this."""
        with self.unit_of_work() as uow:
            if identity_version is not None and uow.identity_version() != identity_version:
                return "stale"
            seen = uow.nonces.get(nonce.id, account_id=None)
            if seen is not None and seen.created_at >= window_start:
                return "used"
            uow.nonces.add(nonce)
            uow.commit()
        return "claimed"

    def purge_nonces(self, created_before: float) -> None:
        with self.unit_of_work() as uow:
            uow.nonces.purge_older_than(created_before)
            uow.commit()

    @abstractmethod
    def close(self) -> None: ...

    def refresh_statistics(self, *, if_stale: bool = False) -> None:  # noqa: B027  (a store without a planner: nothing to do)
        """Bring the query planner's statistics up to date: after a bulk write that changed the tables' shape,
        or (``if_stale``, at start-up) when the tables have outgrown what the planner last measured."""

    @property
    @abstractmethod
    def description(self) -> str:
        """What and where, for the startup log line."""
