"""What the SQL adapters share: dataclass <-> row mapping, the repositories and the migration runner,
written once over a small dialect (placeholder, upsert, how a transaction begins)."""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import inspect
import json
import operator
import sys
import time
import typing
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any, Generic, Protocol

from ..domain.model import Lifecycle, Resource
from ..domain.ports import ENTITIES, IDENTITY_ENTITIES, AnyOf, Contains, GreaterThan, Repository, T
from .migrations import COUNTED_TABLES, GROUP_MEMBERS, LATEST, MEMBER_LISTS, MIGRATIONS, ROW_COUNTS, SET_ONLY_UNIQUE


class SchemaTooNew(RuntimeError):
    """The database was migrated by a newer classiclink: refusing beats guessing at columns."""


class DatabaseUnavailable(RuntimeError):
    """The database cannot be reached, refused the connection, or another process holds it."""


class Connection(Protocol):
    """sqlite3's and psycopg's connections both answer execute() with a cursor."""

    def execute(self, sql: str, params: Any = ..., /) -> Any: ...

    def cursor(self) -> Any: ...


@dataclass(frozen=True)
class Dialect:
    mark: str  # the parameter placeholder: "?" (sqlite3) or "%s" (psycopg)
    upsert: Callable[[str, list[str]], str]
    position: str  # where a substring starts, 0 if absent, case-sensitive: instr (SQLite) or strpos


def _on_conflict_update(mark: str) -> Callable[[str, list[str]], str]:
    # Not SQLite's INSERT OR REPLACE: that would resolve a clash on another unique index (an address
    # taken) by deleting the other row; this upsert replaces by id only and lets any other clash fail.
    def upsert(table: str, columns: list[str]) -> str:
        updates = ", ".join(f"{c} = EXCLUDED.{c}" for c in columns if c != "id")
        marks = ", ".join(mark for _ in columns)
        return f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({marks}) ON CONFLICT (id) DO UPDATE SET {updates}"

    return upsert


SQLITE = Dialect("?", _on_conflict_update("?"), "instr")
POSTGRES = Dialect("%s", _on_conflict_update("%s"), "strpos")


class Mapper:
    """Dataclass <-> row, driven by the dataclass's field types (decided once per table)."""

    def __init__(self, table: str, cls: type[Resource], dialect: Dialect) -> None:
        self.table = table
        self.cls = cls
        self.mark = dialect.mark
        self.position = dialect.position
        hints = field_types(cls)
        self.fields = [(f.name, hints[f.name]) for f in dataclasses.fields(cls)]
        self.columns = [name for name, _ in self.fields]
        self.column_set = frozenset(self.columns)
        self.select = f"SELECT {', '.join(self.columns)} FROM {table}"
        self.upsert = dialect.upsert(table, self.columns)
        self.insert = (
            f"INSERT INTO {table} ({', '.join(self.columns)}) VALUES ({', '.join(self.mark for _ in self.columns)})"
        )
        # A stored row rewritten in place, where it still belongs to the same account and region (columns after
        # id in order, then id, account, region): no change to row_counts.
        self.update_in_place = (
            f"UPDATE {table} SET {', '.join(f'{c} = {self.mark}' for c in self.columns[1:])} "
            f"WHERE id = {self.mark} AND account_id = {self.mark} AND region_id = {self.mark}"
        )
        # Counted once the row_counts migration is among those this store applies (always, outside tests of
        # the migrations themselves, which build stores as they were before it).
        self.counted = table in COUNTED_TABLES and any(version == ROW_COUNTS for version, _, _ in MIGRATIONS)
        # The list column indexed in security_group_members, once that migration is among those applied.
        self.member_column = MEMBER_LISTS.get(table) if any(v == GROUP_MEMBERS for v, _, _ in MIGRATIONS) else None
        self.set_only = frozenset(SET_ONLY_UNIQUE.get(table, ()))
        self._decoding = [
            (i, decode) for i, (_, hint) in enumerate(self.fields) if (decode := _decoder(hint)) is not None
        ]
        # Plain str/int/float columns need no encoding: decided once, so bulk inserts skip the checks.
        self._encoders = [
            (i, _encoder(hint)) for i, (_, hint) in enumerate(self.fields) if hint not in (str, int, float)
        ]
        self._values = operator.attrgetter(*self.columns)

    def to_row(self, obj: Resource) -> tuple[Any, ...]:
        values = self._values(obj)
        if len(self.columns) == 1:
            values = (values,)
        if not self._encoders:
            return tuple(values)
        row = list(values)
        for i, encode in self._encoders:
            row[i] = encode(row[i])
        return tuple(row)

    def from_row(self, row: Sequence[Any]) -> Resource:
        # Columns are the dataclass's fields in order: only the encoded ones (JSON, flags) are touched.
        values = list(row)
        if len(values) != len(self.columns):
            raise ValueError(f"{self.table}: {len(values)} values for {len(self.columns)} columns")
        for i, decode in self._decoding:
            values[i] = decode(values[i])
        return self.cls(*values)


def mappers(dialect: Dialect) -> dict[str, Mapper]:
    return {name: Mapper(name, cls, dialect) for name, cls in ENTITIES.items()}


def field_types(cls: type) -> dict[str, Any]:
    """``typing.get_type_hints(cls)`` for the model's dataclasses, whose annotations are strings (``from
    __future__ import annotations``): each evaluated in its class's module, once per distinct text. The
    typing function compiles each of the entities' 300 annotations anew (7 ms of every start), most of them
    the same few texts (``str``, ``int``, ``list[str]``)."""
    types: dict[str, Any] = {}
    for klass in reversed(cls.__mro__):
        for name, annotation in inspect.get_annotations(klass).items():
            types[name] = _evaluated(annotation, klass.__module__) if isinstance(annotation, str) else annotation
    return types


@functools.cache
def _evaluated(annotation: str, module: str) -> Any:
    return eval(annotation, vars(sys.modules[module]))  # our own source's annotations, as get_type_hints does


def _encode(value: Any) -> Any:
    if isinstance(value, Lifecycle):
        return value.encode()
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, (list, dict)):
        return json.dumps(value, ensure_ascii=False)
    return value


def _encoder(hint: Any) -> Callable[[Any], Any]:
    if hint is Lifecycle:
        return _encode_lifecycle
    if typing.get_origin(hint) in (list, dict):
        return _encode_list
    if hint is bool:
        return int
    return _encode


def _plain_word(text: Any) -> bool:
    """Text JSON writes as it is (letters, digits, '-', '.', ASCII), so it can be quoted by hand."""
    return isinstance(text, str) and text.isascii() and text.replace("-", "").replace(".", "").isalnum()


def _encode_lifecycle(value: Lifecycle) -> str:
    # A settled status (the common case, and every seeded row) without the JSON encoder; same text.
    if not value.steps and _plain_word(value.status):
        return f'["{value.status}", []]'
    return value.encode()


def _encode_list(value: Any) -> Any:
    # Most lists and objects are empty (tags, CIDRs, options) or a few IDs (security groups): json.dumps's text.
    if not value:
        return "[]" if isinstance(value, list) else "{}" if isinstance(value, dict) else _encode(value)
    if isinstance(value, list) and all(_plain_word(v) for v in value):
        return "[" + ", ".join(f'"{v}"' for v in value) + "]"
    return _encode(value)


def _decoder(hint: Any) -> Callable[[Any], Any] | None:
    """How a column's value becomes the field's; None when it is stored as it is."""
    if hint is Lifecycle:
        return _decode_lifecycle
    if hint is bool:
        return bool
    if typing.get_origin(hint) in (list, dict):
        return _decode_json
    return None


def _decode_json(text: str) -> Any:
    return [] if text == "[]" else json.loads(text)  # most lists (tags, CIDRs) are empty


def _decode_lifecycle(text: str) -> Lifecycle:
    # A settled status, as _encode_lifecycle writes it, without the JSON decoder; anything else decoded.
    if text.startswith('["') and text.endswith('", []]') and _plain_word(status := text[2:-6]):
        return Lifecycle(status, [])
    return Lifecycle.decode(text)


COPY_BATCH = 10_000  # rows per executemany of insert_copies: bounded memory, few round trips


def _literal(value: Any) -> str | None:
    """A column value as SQL text that SQLite and PostgreSQL store as they would store it bound, or None when
    it had better be bound: text with a quote doubled (no backslash, NUL or '%', which psycopg would read
    as a placeholder), integers, and whole floats written with their point (so they stay REAL)."""
    if isinstance(value, bool):
        return None  # encoded columns hold ints; a bool here is a caller's mistake the binding reports
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return repr(value) if value.is_integer() and abs(value) < 2**53 else None
    if isinstance(value, str) and not any(c in value for c in "\\%\x00"):
        return "'" + value.replace("'", "''") + "'"
    return None


def _batches(values: Iterable[Sequence[Any]], size: int) -> Iterable[list[Sequence[Any]]]:
    batch: list[Sequence[Any]] = []
    for row in values:
        batch.append(row)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


def _encoded_column(values: Sequence[Any], encode: Callable[[Any], Any]) -> list[Any]:
    """A batch's values of one column, encoded. Copies share their lists and lifecycles (a group's members
    one list): each object is encoded once, by identity, which is unique while the batch holds them all."""
    memo: dict[int, Any] = {}
    out = []
    for value in values:
        text = memo.get(id(value))
        if text is None:
            text = memo[id(value)] = encode(value)
        out.append(text)
    return out


def _scope_of(row: Sequence[Any], scope: tuple[int | None, int | None], prototype: Resource) -> tuple[str, str]:
    """A copy's (account, region): its own fields where it sets them, else the prototype's."""
    account, region = scope
    return (row[account] if account is not None else prototype.account_id,
            row[region] if region is not None else prototype.region_id)  # fmt: skip


IDENTITY_VERSION = "SELECT version FROM identity_version WHERE id = 1"
BUMP_IDENTITY_VERSION = "UPDATE identity_version SET version = version + 1 WHERE id = 1"


def read_identity_version(conn: Connection) -> int:
    row = conn.execute(IDENTITY_VERSION).fetchone()
    return int(row[0]) if row is not None else 0


class SqlRepository(Repository[T], Generic[T]):
    def __init__(self, conn: Connection, mapper: Mapper) -> None:
        self._conn = conn
        self._m = mapper
        # A write to an identity table raises the identity version in the same transaction (caches see it).
        self._identity = mapper.table in IDENTITY_ENTITIES

    def _changed(self) -> None:
        if self._identity:
            self._conn.execute(BUMP_IDENTITY_VERSION)

    def get(self, id: str, *, account_id: str | None) -> T | None:
        mark = self._m.mark
        sql, args = f"{self._m.select} WHERE id = {mark}", [id]
        if account_id is not None:
            sql += f" AND account_id = {mark}"
            args.append(account_id)
        row = self._conn.execute(sql, args).fetchone()
        return None if row is None else self._m.from_row(row)  # type: ignore[return-value]

    def _where(self, account_id: str | None, where: dict[str, Any]) -> tuple[str, list[Any]]:
        mark = self._m.mark
        clauses: list[str] = []
        args: list[Any] = []
        if account_id is not None:
            clauses.append(f"account_id = {mark}")
            args.append(account_id)
        for name, value in where.items():
            if name not in self._m.column_set:
                raise KeyError(f"{self._m.table} has no column {name}")
            if isinstance(value, AnyOf):
                if not value.values:
                    clauses.append("1 = 0")
                    continue
                clauses.append(f"{name} IN ({', '.join(mark for _ in value.values)})")
                args.extend(_encode(v) for v in value.values)
                if name in self._m.set_only and "" not in value.values:
                    clauses.append(f"{name} <> ''")
                continue
            if isinstance(value, Contains) and name == self._m.member_column:
                clauses.append(f"id IN (SELECT member_id FROM security_group_members WHERE group_id = {mark} "
                               f"AND table_name = {mark})")  # fmt: skip
                args.extend([value.value, self._m.table])
                continue
            if isinstance(value, Contains):
                # A list is JSON text: the quoted element appears in it verbatim.
                quoted = json.dumps(value.value, ensure_ascii=False)
                clauses.append(f"{self._m.position}({name}, {mark}) > 0")
                args.append(quoted)
                continue
            if isinstance(value, GreaterThan):
                if value.unless is None:
                    clauses.append(f"{name} > {mark}")
                    args.append(value.value)
                else:
                    clauses.append(f"({name} > {mark} OR {name} = {mark})")
                    args.extend([value.value, value.unless])
                continue
            clauses.append(f"{name} = {mark}")
            args.append(_encode(value))
            if name in self._m.set_only and value != "":
                # Implied by the equality, and written out so the planner may use the partial unique index.
                clauses.append(f"{name} <> ''")
        return (" WHERE " + " AND ".join(clauses)) if clauses else "", args

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
        sql, args = self._where(account_id, where)
        if after is not None:
            mark = self._m.mark
            keyset = f"(created_at > {mark} OR (created_at = {mark} AND id > {mark}))"
            sql += f" AND {keyset}" if sql else f" WHERE {keyset}"
            args.extend([float(after[0]), float(after[0]), str(after[1])])
        # Both directions walk the (..., created_at, id) indexes: no sort.
        sql += " ORDER BY created_at DESC, id DESC" if newest_first else " ORDER BY created_at, id"
        if limit is not None:
            sql += f" LIMIT {int(limit)} OFFSET {int(offset)}"
        rows = self._conn.execute(f"{self._m.select}{sql}", args).fetchall()
        return [self._m.from_row(r) for r in rows]  # type: ignore[misc]

    def exists(self, *, account_id: str | None, **where: Any) -> bool:
        sql, args = self._where(account_id, where)
        return self._conn.execute(f"SELECT 1 FROM {self._m.table}{sql} LIMIT 1", args).fetchone() is not None

    def count(self, *, account_id: str | None, **where: Any) -> int:
        if self._m.counted and account_id is not None and "region_id" in where:
            rest = {name: value for name, value in where.items() if name != "region_id"}
            if not rest:
                return self._kept_count(account_id, where["region_id"])
            if len(rest) == 1:
                ((name, value),) = rest.items()
                if isinstance(value, Contains) and name == self._m.member_column:
                    # A group's members in the account and region: a count of the members' keys, no row read.
                    mark = self._m.mark
                    return int(self._conn.execute(
                        f"SELECT COUNT(*) FROM security_group_members WHERE group_id = {mark} AND table_name = {mark} "
                        f"AND account_id = {mark} AND region_id = {mark}",
                        (value.value, self._m.table, account_id, where["region_id"]),
                    ).fetchone()[0])  # fmt: skip
                if isinstance(value, GreaterThan) and value.unless is not None:
                    # "Not yet past" (auto_release_at > now, or never scheduled): the kept count less the few
                    # rows past it, counted on a partial index, instead of counting the whole region.
                    # The floor is a literal: a planner proves a partial index's "> 0" from a literal only.
                    mark, floor = self._m.mark, float(value.unless)
                    past = self._conn.execute(
                        f"SELECT COUNT(*) FROM {self._m.table} WHERE account_id = {mark} AND region_id = {mark} "
                        f"AND {name} > {int(floor) if floor.is_integer() else floor!r} AND {name} <= {mark}",
                        (account_id, where["region_id"], value.value),
                    ).fetchone()[0]  # fmt: skip
                    return self._kept_count(account_id, where["region_id"]) - int(past)
        sql, args = self._where(account_id, where)
        return int(self._conn.execute(f"SELECT COUNT(*) FROM {self._m.table}{sql}", args).fetchone()[0])

    def _kept_count(self, account_id: str, region_id: str) -> int:
        """The account's rows in a region, unfiltered: the count kept with the rows (row_counts), no scan."""
        mark = self._m.mark
        row = self._conn.execute(f"SELECT n FROM row_counts WHERE account_id = {mark} AND region_id = {mark} "
                                 f"AND table_name = {mark}", (account_id, region_id, self._m.table)).fetchone()  # fmt: skip
        return 0 if row is None else int(row[0])

    def add(self, obj: T) -> None:
        if self._m.counted:
            self._count_writes([obj])
        self._conn.execute(self._m.upsert, self._m.to_row(obj))
        if self._m.member_column:
            self._write_members([obj], replace=True)
        self._changed()

    def save(self, obj: T) -> None:
        # Most saves rewrite a row loaded a moment ago: one UPDATE that matches it in its account and region
        # changes no count, so the probe ``add`` makes for the counts is skipped. Anything else is an ``add``.
        if self._m.counted and self._m.columns[:3] == ["id", "account_id", "region_id"]:
            row = self._m.to_row(obj)
            if self._conn.execute(self._m.update_in_place, (*row[1:], row[0], row[1], row[2])).rowcount == 1:
                if self._m.member_column:
                    self._write_members([obj], replace=True)
                self._changed()
                return
        self.add(obj)

    def add_many(self, objs: Iterable[T]) -> None:
        # One prepared statement for the batch: sqlite3 loops in C, psycopg pipelines the rows.
        objs = list(objs)
        if self._m.counted:
            self._count_writes(objs)
        to_row = self._m.to_row
        self._conn.cursor().executemany(self._m.upsert, [to_row(obj) for obj in objs])
        if self._m.member_column:
            self._write_members(objs, replace=True)
        self._changed()

    def insert_many(self, objs: Iterable[T]) -> None:
        objs = list(objs)
        if self._m.counted:
            # New rows only: each counts for its account and region, no probe for stored ones.
            self._bump(Counter((obj.account_id, obj.region_id) for obj in objs))
        to_row = self._m.to_row
        self._conn.cursor().executemany(self._m.insert, [to_row(obj) for obj in objs])
        if self._m.member_column:
            self._write_members(objs, replace=False)
        self._changed()

    def insert_copies(self, prototype: T, fields: Sequence[str], values: Iterable[Sequence[Any]]) -> int:
        """One statement for every copy: the columns the copies share are SQL literals in it, written once,
        and each copy binds only its ``fields`` (a seeded instance binds 9 or 11 of its 66 columns). Rows go
        in batches of COPY_BATCH, turned into columns and back (C loops) to be put in the table's order and
        encoded; row counts and security-group members are kept as ``insert_many`` keeps them."""
        m = self._m
        at = {name: k for k, name in enumerate(fields)}
        if len(at) != len(fields) or not at.keys() <= set(m.columns):
            raise KeyError(f"{m.table}: {list(fields)} are not distinct columns of the table")
        encoders = dict(m._encoders)
        marks: list[str] = []
        bound: list[int | tuple[Any]] = []  # per bound column: the field it comes from, or (a shared value,)
        coded: dict[int, Callable[[Any], Any]] = {}  # fields whose values need encoding
        for i, (column, shared) in enumerate(zip(m.columns, m.to_row(prototype), strict=True)):
            literal = None if column in at else _literal(shared)
            if literal is not None:
                marks.append(literal)
                continue
            marks.append(m.mark)
            if column in at:
                bound.append(at[column])
                if i in encoders:
                    coded[at[column]] = encoders[i]
            else:
                bound.append((shared,))  # no safe literal: bound with each row
        sql = f"INSERT INTO {m.table} ({', '.join(m.columns)}) VALUES ({', '.join(marks)})"
        scope = (at.get("account_id"), at.get("region_id"))
        counted: Counter[tuple[str, str]] = Counter()
        cursor = self._conn.cursor()
        total = 0
        for batch in _batches(values, COPY_BATCH):
            columns: list[Sequence[Any]] = list(zip(*batch, strict=True)) or [() for _ in fields]
            if len(columns) != len(fields):
                raise ValueError(f"{m.table}: rows of {len(columns)} values for {len(fields)} fields")
            encoded = list(columns)  # the members below are read from the field values, not their text
            for k, encode in coded.items():
                encoded[k] = _encoded_column(columns[k], encode)
            n = len(batch)
            table_order = [encoded[b] if isinstance(b, int) else b * n for b in bound]
            cursor.executemany(sql, list(zip(*table_order, strict=True)) if bound else [()] * n)
            if m.member_column:
                self._copy_members(cursor, prototype, at, columns)
            if m.counted and scope == (None, None):
                counted[(prototype.account_id, prototype.region_id)] += n
            elif m.counted:
                counted.update(_scope_of(row, scope, prototype) for row in batch)
            total += n
        if m.counted:
            self._bump(counted)
        if total:
            self._changed()
        return total

    def _copy_members(
        self, cursor: Any, prototype: Resource, at: dict[str, int], columns: Sequence[Sequence[Any]]
    ) -> None:
        """The security-group members of a batch of ``insert_copies`` (its field columns), as ``_write_members``
        keeps them; the table, account and region as literals when the copies share them (a seed's 1.5M)."""
        mark, table, column = self._m.mark, self._m.table, str(self._m.member_column)
        n = len(columns[0]) if columns else 0
        ids = columns[at["id"]] if "id" in at else [prototype.id] * n
        lists = columns[at[column]] if column in at else [getattr(prototype, column)] * n
        # A group list as the copies share it (one object for a group's members): deduplicated once.
        unique: dict[int, tuple[str, ...]] = {}
        groups = [unique.get(id(g)) or unique.setdefault(id(g), tuple(dict.fromkeys(g))) for g in lists]
        head = "INSERT INTO security_group_members (group_id, table_name, account_id, region_id, member_id) VALUES "
        account, region = _literal(prototype.account_id), _literal(prototype.region_id)
        if "account_id" not in at and "region_id" not in at and account is not None and region is not None:
            sql = f"{head}({mark}, {_literal(table)}, {account}, {region}, {mark})"
            members: list[tuple[Any, ...]] = [(g, member) for member, held in zip(ids, groups, strict=True)
                                              for g in held]  # fmt: skip
        else:
            sql = f"{head}({mark}, {mark}, {mark}, {mark}, {mark})"
            accounts = columns[at["account_id"]] if "account_id" in at else [prototype.account_id] * n
            regions = columns[at["region_id"]] if "region_id" in at else [prototype.region_id] * n
            members = [(g, table, a, r, member) for member, held, a, r in zip(ids, groups, accounts, regions, strict=True)
                       for g in held]  # fmt: skip
        if members:
            cursor.executemany(sql, members)

    def remove(self, obj: T) -> None:
        mark = self._m.mark
        if self._m.member_column:
            self._conn.execute(f"DELETE FROM security_group_members WHERE member_id = {mark} AND table_name = {mark}",
                               (obj.id, self._m.table))  # fmt: skip
        if not self._m.counted:
            self._conn.execute(f"DELETE FROM {self._m.table} WHERE id = {mark}", (obj.id,))
            self._changed()
            return
        gone = self._conn.execute(f"DELETE FROM {self._m.table} WHERE id = {mark} RETURNING account_id, region_id",
                                  (obj.id,)).fetchone()  # fmt: skip
        if gone is not None:
            self._bump(Counter({(gone[0], gone[1]): -1}))
        self._changed()

    def _write_members(self, objs: Sequence[Resource], *, replace: bool) -> None:
        """The (group, row) pairs of ``objs``' list column, in the transaction that writes the rows."""
        if not objs:
            return
        mark, table, column = self._m.mark, self._m.table, self._m.member_column
        cursor = self._conn.cursor()
        if replace:
            cursor.executemany(f"DELETE FROM security_group_members WHERE member_id = {mark} AND table_name = {mark}",
                               [(obj.id, table) for obj in objs])  # fmt: skip
        members = [(group, table, obj.account_id, obj.region_id, obj.id)
                   for obj in objs for group in dict.fromkeys(getattr(obj, str(column)))]  # fmt: skip
        if members:
            cursor.executemany(f"INSERT INTO security_group_members (group_id, table_name, account_id, region_id, "
                               f"member_id) VALUES ({mark}, {mark}, {mark}, {mark}, {mark})", members)  # fmt: skip

    def purge_older_than(self, created_before: float) -> int:
        assert not self._m.member_column, "purged tables (nonces, tokens) keep no members"
        cur = self._conn.execute(f"DELETE FROM {self._m.table} WHERE created_at < {self._m.mark}", (created_before,))
        if self._m.counted and cur.rowcount:
            self._recount()
        if cur.rowcount:
            self._changed()
        return int(cur.rowcount)

    # --- row counts (migration 15): written in the transaction that writes the rows ---------------------

    def _count_writes(self, objs: Sequence[Resource]) -> None:
        """Count the rows an upsert of ``objs`` inserts (ids not stored yet) or moves to another account or
        region, before it runs; a replaced row in place counts nothing."""
        mark, table = self._m.mark, self._m.table
        stored: dict[str, tuple[str, str]] = {}
        ids = list(dict.fromkeys(obj.id for obj in objs))
        for start in range(0, len(ids), 500):  # a bounded IN list per probe
            chunk = ids[start : start + 500]
            sql = f"SELECT id, account_id, region_id FROM {table} WHERE id IN ({', '.join(mark for _ in chunk)})"
            stored.update((r[0], (r[1], r[2])) for r in self._conn.execute(sql, chunk).fetchall())
        delta: Counter[tuple[str, str]] = Counter()
        for obj in objs:
            now, before = (obj.account_id, obj.region_id), stored.get(obj.id)
            if before != now:
                delta[now] += 1
                if before is not None:
                    delta[before] -= 1
                stored[obj.id] = now
        self._bump(delta)

    def _bump(self, delta: Counter[tuple[str, str]]) -> None:
        mark = self._m.mark
        sql = (f"INSERT INTO row_counts (account_id, region_id, table_name, n) VALUES ({mark}, {mark}, {mark}, {mark}) "
               "ON CONFLICT (account_id, region_id, table_name) DO UPDATE SET n = row_counts.n + EXCLUDED.n")  # fmt: skip
        for (account_id, region_id), n in delta.items():
            if n:
                self._conn.execute(sql, (account_id, region_id, self._m.table, n))

    def _recount(self) -> None:
        table = self._m.table
        self._conn.execute(f"DELETE FROM row_counts WHERE table_name = {self._m.mark}", (table,))
        self._conn.execute(f"INSERT INTO row_counts (account_id, region_id, table_name, n) SELECT account_id, "
                           f"region_id, '{table}', COUNT(*) FROM {table} GROUP BY account_id, region_id")  # fmt: skip


_SCHEMA_VERSION_COLUMNS = (
    "(version INTEGER PRIMARY KEY, description TEXT NOT NULL, applied_at DOUBLE PRECISION NOT NULL)"
)


def migrate(conn: Connection, dialect: Dialect, where: str) -> None:
    """Apply the migrations this database lacks; the caller has begun a transaction that excludes other
    migrators. Versions are applied by presence rather than "above the highest": branches number
    migrations apart (a list may read 1, 3 until 2 is merged), and a database at 3 must still get 2."""
    conn.execute(f"CREATE TABLE IF NOT EXISTS schema_version {_SCHEMA_VERSION_COLUMNS}")
    applied = {int(r[0]) for r in conn.execute("SELECT version FROM schema_version").fetchall()}
    current = max(applied, default=0)
    if current > LATEST:
        raise SchemaTooNew(f"{where} has schema version {current}; this classiclink knows up to {LATEST}")
    mark = dialect.mark
    for version, description, statements in MIGRATIONS:
        if version not in applied:
            for statement in statements:
                if callable(statement):
                    statement(conn, mark)
                else:
                    conn.execute(statement)
            conn.execute(f"INSERT INTO schema_version VALUES ({mark}, {mark}, {mark})",
                         (version, description, time.time()))  # fmt: skip


def migrations_script() -> str | None:
    """Every migration of a database that has none, as one script: schema_version first (without IF NOT
    EXISTS: on a database another migrator has just created, the script fails there and changes nothing),
    then each migration's statements in order, as ``migrate`` runs them. ``migration_rows`` are its
    schema_version rows. None if a migration has a step that is not SQL text (a function ``migrate`` calls):
    such migrations run one statement at a time."""
    statements: list[object] = [f"CREATE TABLE schema_version {_SCHEMA_VERSION_COLUMNS}"]
    statements += [statement for _, _, listed in MIGRATIONS for statement in listed]
    if not all(isinstance(statement, str) for statement in statements):
        return None
    return "".join(f"{statement};\n" for statement in statements)


def migrations_fingerprint() -> str:
    """A digest of every migration (version, description, statements; a step that is a function, by its
    qualified name): what a schema made from them is made of."""
    listed = [
        (version, description, [s if isinstance(s, str) else f"{s.__module__}.{s.__qualname__}" for s in steps])
        for version, description, steps in MIGRATIONS
    ]
    return hashlib.sha256(repr(listed).encode()).hexdigest()


def migration_rows(now: float) -> list[tuple[int, str, float]]:
    return [(version, description, now) for version, description, _ in MIGRATIONS]


def up_to_date(conn: Connection) -> bool:
    """Whether every known migration is applied, read without taking any lock: a worker starting beside
    serving workers must not wait on their write lock when there is nothing to do."""
    try:
        applied = {int(r[0]) for r in conn.execute("SELECT version FROM schema_version").fetchall()}
    except Exception:  # no schema_version table yet (sqlite3 and psycopg each raise their own error)
        return False
    return {version for version, _, _ in MIGRATIONS} <= applied and max(applied, default=0) <= LATEST


def schema_version(conn: Connection) -> int:
    row = conn.execute("SELECT MAX(version) FROM schema_version").fetchone()
    return int(row[0] or 0)
