"""The recent requests of this worker process, for the web console's request log (docs/console.md).

A bounded ring (the newest ``capacity`` requests, 1,000 by default) fed by the request log's finalizer,
and only when the admin interface is on: with it off there is no recorder at all, so the hot path pays one
``is None`` test. Each worker process of ``--workers N`` keeps its own ring; the console shows the ring of
the worker that served the page. Parameters are kept masked as in the JSON request log; the answer is kept
whole (at most ``max_body_bytes`` of the answer's text, which every answer of this emulator fits in).
"""

from __future__ import annotations

import threading
from collections import deque
from dataclasses import dataclass

CAPACITY = 1000
# An answer larger than this is kept cut, with a note; no emulated action's answer comes near it.
MAX_ANSWER_CHARS = 256 * 1024


@dataclass(frozen=True)
class RecordedRequest:
    """One request as the console shows it."""

    at: float  # epoch seconds, when it was received
    request_id: str
    account: str
    access_key: str
    product: str
    action: str
    version: str
    status: int
    code: str  # "" when it succeeded
    ms: float
    parameters: tuple[tuple[str, str], ...]
    answer: str
    content_type: str

    def matches(self, *, action: str = "", status: str = "", code: str = "", account: str = "") -> bool:
        """Each filter given must hold: exact action, error code and account; status as a number (404) or a
        class (2xx, 4xx, 5xx)."""
        if action and self.action != action:
            return False
        if code and self.code != code:
            return False
        if account and self.account != account:
            return False
        if status:
            text = str(self.status)
            if len(status) == 3 and status.endswith("xx"):
                return text[0] == status[0]
            return text == status
        return True


class RecentRequests:
    """Thread-safe: the edge answers requests from several store threads at once."""

    def __init__(self, capacity: int = CAPACITY) -> None:
        self._ring: deque[RecordedRequest] = deque(maxlen=capacity)
        self._lock = threading.Lock()

    @property
    def capacity(self) -> int:
        return self._ring.maxlen or 0

    def add(self, entry: RecordedRequest) -> None:
        with self._lock:
            self._ring.append(entry)

    def newest_first(self) -> list[RecordedRequest]:
        with self._lock:
            entries = list(self._ring)
        entries.reverse()
        return entries

    def find(self, *, action: str = "", status: str = "", code: str = "", account: str = "",
             limit: int | None = None) -> list[RecordedRequest]:  # fmt: skip
        chosen = [e for e in self.newest_first() if e.matches(action=action, status=status, code=code, account=account)]
        return chosen if limit is None else chosen[:limit]

    def get(self, request_id: str) -> RecordedRequest | None:
        return next((e for e in self.newest_first() if e.request_id == request_id), None)

    def values(self, name: str) -> list[str]:
        """The distinct values of one field among the kept requests, sorted: what a filter can pick."""
        return sorted({str(getattr(e, name)) for e in self.newest_first()} - {""})

    def clear(self) -> None:
        with self._lock:
            self._ring.clear()


def cut(text: str, limit: int = MAX_ANSWER_CHARS) -> str:
    return text if len(text) <= limit else text[:limit] + f"\n… ({len(text) - limit} more characters not kept)"
