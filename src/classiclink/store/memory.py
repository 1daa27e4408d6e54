"""A throwaway in-process store: the same port as SQLite, kept in dictionaries.

Units of work are serialised by one lock and keep their writes in a journal until commit, so a
refused request leaves nothing behind. Objects are copied in and out: a handler that changes an object
and then fails cannot change the committed state through a shared reference.
"""

from __future__ import annotations

import copy
import threading
from collections.abc import Iterable
from typing import Any, Generic

from ..domain.ports import ENTITIES, IDENTITY_ENTITIES, AnyOf, Contains, GreaterThan, Repository, Store, T, UnitOfWork

_DELETED = object()


def _matches(field: Any, wanted: Any) -> bool:
    if isinstance(wanted, AnyOf):
        return field in wanted.values
    if isinstance(wanted, Contains):
        return wanted.value in field
    if isinstance(wanted, GreaterThan):
        return bool(field > wanted.value or (wanted.unless is not None and field == wanted.unless))
    return bool(field == wanted)


class _MemoryRepository(Repository[T], Generic[T]):
    def __init__(self, rows: dict[str, Any], journal: dict[str, Any]) -> None:
        self._rows = rows
        self._journal = journal

    def _current(self) -> dict[str, Any]:
        merged = dict(self._rows)
        merged.update(self._journal)
        return {k: v for k, v in merged.items() if v is not _DELETED}

    def get(self, id: str, *, account_id: str | None) -> T | None:
        obj = self._journal.get(id, self._rows.get(id))
        if obj is None or obj is _DELETED or (account_id is not None and obj.account_id != account_id):
            return None
        return copy.deepcopy(obj)  # type: ignore[no-any-return]

    def _matching(self, account_id: str | None, where: dict[str, Any]) -> list[Any]:
        return [
            obj
            for obj in self._current().values()
            if (account_id is None or obj.account_id == account_id)
            and all(_matches(getattr(obj, k), v) for k, v in where.items())
        ]

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
        found = self._matching(account_id, where)
        if after is not None:
            found = [o for o in found if (o.created_at, o.id) > after]
        found.sort(key=lambda o: (o.created_at, o.id), reverse=newest_first)
        shown = found[offset : None if limit is None else offset + limit]
        return copy.deepcopy(shown)

    def count(self, *, account_id: str | None, **where: Any) -> int:
        return len(self._matching(account_id, where))

    def add(self, obj: T) -> None:
        self._journal[obj.id] = copy.deepcopy(obj)

    save = add

    def add_many(self, objs: Iterable[T]) -> None:
        for obj in objs:
            self._journal[obj.id] = copy.deepcopy(obj)

    def remove(self, obj: T) -> None:
        self._journal[obj.id] = _DELETED

    def purge_older_than(self, created_before: float) -> int:
        old = [k for k, v in self._current().items() if v.created_at < created_before]
        for k in old:
            self._journal[k] = _DELETED
        return len(old)


class _MemoryUnitOfWork(UnitOfWork):
    def __init__(self, store: MemoryStore) -> None:
        self._store = store
        self._journals: dict[str, dict[str, Any]] = {name: {} for name in ENTITIES}
        self._open = False
        for name in ENTITIES:
            setattr(self, name, _MemoryRepository(store.tables[name], self._journals[name]))

    def __enter__(self) -> UnitOfWork:
        self._store.lock.acquire()
        self._open = True
        return self

    def identity_version(self) -> int:
        return self._store.identity_version_counter

    def commit(self) -> None:
        if any(self._journals[name] for name in IDENTITY_ENTITIES):
            self._store.identity_version_counter += 1
        for name, journal in self._journals.items():
            table = self._store.tables[name]
            for key, obj in journal.items():
                if obj is _DELETED:
                    table.pop(key, None)
                else:
                    table[key] = obj
            journal.clear()

    def rollback(self) -> None:
        for journal in self._journals.values():
            journal.clear()
        if self._open:
            self._open = False
            self._store.lock.release()


class MemoryStore(Store):
    inline_safe = True

    def __init__(self) -> None:
        self.lock = threading.RLock()
        self.tables: dict[str, dict[str, Any]] = {name: {} for name in ENTITIES}
        self.identity_version_counter = 0

    def unit_of_work(self, read_only: bool = False) -> UnitOfWork:
        # One lock serialises every unit of work here; reads are as quick as the dictionaries.
        return _MemoryUnitOfWork(self)

    def close(self) -> None:
        pass

    @property
    def description(self) -> str:
        return "in-memory store (nothing is kept after the server stops)"
