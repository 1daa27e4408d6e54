"""This worker's cache of what authentication and RAM read on every request: AccessKeys, STS credentials and
the parsed policies of RAM users and roles.

Every entry is tagged with the store's identity version it was read at; the store raises that version with
every committed write to an identity table, whichever worker or tool made it (store/sql.py, migration 14).
A request authenticated from the cache carries the version it used, and the nonce step checks it in the
same breath as it claims the nonce (``Store.claim_nonce``): if another worker, the admin interface or a
config change moved it, the cache is emptied and the request authenticated again from the database before
its nonce is claimed. Only keys found Active are cached; an unknown or inactive key is read every time, so a
key created elsewhere works at once. STS credentials expire: their expiry is checked on every request.
"""

from __future__ import annotations

import threading
from typing import Any

from ..domain.identity import AccessKey, StsCredential

# A bound on what one worker holds; past it the cache starts over (keys are few in practice).
MAX_ENTRIES = 4096


class IdentityCache:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.version = -1  # no version read yet: nothing cached
        self._keys: dict[str, AccessKey] = {}
        self._sts: dict[str, StsCredential] = {}
        self._policies: dict[tuple[str, str, str], Any] = {}

    def access_key(self, key_id: str) -> tuple[AccessKey | None, int]:
        with self._lock:
            return self._keys.get(key_id), self.version

    def sts_credential(self, key_id: str) -> tuple[StsCredential | None, int]:
        with self._lock:
            return self._sts.get(key_id), self.version

    def policies(self, owner: tuple[str, str, str], version: int | None) -> Any:
        """The cached policies of (account, kind, name), if cached at ``version``."""
        with self._lock:
            return self._policies.get(owner) if version == self.version else None

    def remember_key(self, version: int, key: AccessKey) -> None:
        self._remember(version, self._keys, key.id, key)

    def remember_sts(self, version: int, credential: StsCredential) -> None:
        self._remember(version, self._sts, credential.id, credential)

    def remember_policies(self, version: int, owner: tuple[str, str, str], policies: Any) -> None:
        self._remember(version, self._policies, owner, policies)

    def _remember(self, version: int, table: dict[Any, Any], key: Any, value: Any) -> None:
        with self._lock:
            if version < self.version:
                return  # read before a change this cache has already seen
            if version > self.version:
                self._clear(version)
            if len(table) >= MAX_ENTRIES:
                table.clear()
            table[key] = value

    def invalidate(self, version: int) -> None:
        """The store is at ``version``: drop whatever was read before it."""
        with self._lock:
            if version > self.version:
                self._clear(version)

    def _clear(self, version: int) -> None:
        self.version = version
        self._keys.clear()
        self._sts.clear()
        self._policies.clear()
