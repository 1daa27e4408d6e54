"""Adapters of the domain's store port (classiclink.domain.ports): SQLite (the default) and memory."""

from __future__ import annotations

from ..domain.ports import Store


def open_store(url: str) -> Store:
    """``sqlite:///path/to.db`` or a bare path (the default), ``postgresql://user@host:port/db`` for a
    database shared by several servers, ``memory://`` for a throwaway store."""
    if url in ("memory://", ":memory:", "memory"):
        from .memory import MemoryStore

        return MemoryStore()
    if url.startswith(("postgresql://", "postgres://")):
        from .postgres import PostgresStore

        return PostgresStore(url)
    from .sqlite import SqliteStore

    path = url[len("sqlite:///") :] if url.startswith("sqlite:///") else url
    return SqliteStore(path)
