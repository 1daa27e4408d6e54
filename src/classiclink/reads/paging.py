"""One paging helper for every documented paging style.

- ``PageNumber`` / ``PageSize``: the page asked for, and ``TotalCount``, ``PageNumber``, ``PageSize`` back.
- ``NextToken`` / ``MaxResults``: the page after the token, and the next token back ("" at the end). When
  either is given, ``PageNumber`` and ``PageSize`` are ignored (the ECS docs).
- ``NextToken`` as a decimal offset (DescribeRouteEntryList, with ``MaxResult``): ``offset_tokens=True``.

Items are in store order (creation time, then id). A token names the last item shown, so a page stays
correct when earlier items are deleted between calls.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Generic, Protocol, TypeVar

from .. import errors
from ..domain.ports import Repository


class Ordered(Protocol):
    @property
    def id(self) -> str: ...

    @property
    def created_at(self) -> float: ...


T = TypeVar("T", bound=Ordered)


@dataclass(frozen=True)
class Paging:
    """What the request asked for; ``by_token`` once NextToken or MaxResults is given."""

    page_number: int = 1
    page_size: int = 10
    next_token: str | None = None
    max_results: int | None = None
    default_max_results: int = 10
    # The token is the decimal offset of the next item, as DescribeRouteEntryList documents it.
    offset_tokens: bool = False

    @property
    def by_token(self) -> bool:
        return self.next_token is not None or self.max_results is not None


@dataclass(frozen=True)
class Page(Generic[T]):
    items: list[T]
    total: int
    paging: Paging
    next_token: str = ""

    def fields(self) -> dict[str, object]:
        """The paging fields of the answer, as the style asked for returns them."""
        if self.paging.by_token:
            return {"NextToken": self.next_token}
        return {"PageNumber": self.paging.page_number, "PageSize": self.paging.page_size}


def paginate(items: Sequence[T], paging: Paging) -> Page[T]:
    if not paging.by_token:
        start = (paging.page_number - 1) * paging.page_size
        return Page(list(items[start : start + paging.page_size]), len(items), paging)
    size = paging.max_results or paging.default_max_results
    if paging.offset_tokens:
        start = _offset(paging.next_token)
        shown = list(items[start : start + size])
        return Page(shown, len(items), paging, str(start + size) if start + size < len(items) else "")
    start = 0
    if paging.next_token:
        after = _decode(paging.next_token)
        start = next((n for n, item in enumerate(items) if (item.created_at, item.id) > after), len(items))
    shown = list(items[start : start + size])
    more = start + size < len(items)
    token = f"{shown[-1].created_at!r}|{shown[-1].id}".encode().hex() if more and shown else ""
    return Page(shown, len(items), paging, token)


def query_page(repo: Repository[Any], account_id: str | None, paging: Paging, **query: Any) -> Page[Any]:
    """The same page as ``paginate`` over ``repo.find(**query)``, asked of the store: a count and one
    slice (an offset, or a keyset after the token's item), so only the rows shown are loaded. For reads
    whose filters the store answers whole."""
    if not paging.by_token and paging.page_number == 1:
        # A first page that is not full holds every match: its length is the total, without a count.
        first = repo.find(account_id=account_id, limit=paging.page_size, offset=0, **query)
        if len(first) < paging.page_size:
            return Page(first, len(first), paging)
        return Page(first, repo.count(account_id=account_id, **query), paging)
    total = repo.count(account_id=account_id, **query)
    if not paging.by_token:
        start = (paging.page_number - 1) * paging.page_size
        return Page(_slice(repo, account_id, start, paging.page_size, total, query), total, paging)
    size = paging.max_results or paging.default_max_results
    if paging.offset_tokens:
        start = _offset(paging.next_token)
        shown = _slice(repo, account_id, start, size, total, query)
        return Page(shown, total, paging, str(start + size) if start + size < total else "")
    after = _decode(paging.next_token) if paging.next_token else None
    # One row more than shown says whether another page follows.
    found = repo.find(account_id=account_id, limit=size + 1, after=after, **query)
    shown = found[:size]
    token = f"{shown[-1].created_at!r}|{shown[-1].id}".encode().hex() if len(found) > size and shown else ""
    return Page(shown, total, paging, token)


def _slice(repo: Repository[Any], account_id: str | None, start: int, size: int, total: int,
           query: dict[str, Any]) -> list[Any]:  # fmt: skip
    """Items ``start`` to ``start + size`` of ``total`` in store order. An offset walks the index from its
    end to the slice: a page in the later half is read from the newest end instead (the last page of a
    million rows is as short a walk as the first), then put back in store order."""
    if start >= total:
        return []
    if start <= total // 2:
        return repo.find(account_id=account_id, limit=size, offset=start, **query)
    shown = min(size, total - start)
    found = repo.find(account_id=account_id, limit=shown, offset=total - start - shown, newest_first=True, **query)
    return found[::-1]


def _decode(token: str) -> tuple[float, str]:
    try:
        created, _, last_id = bytes.fromhex(token).decode().partition("|")
        return float(created), last_id
    except ValueError:
        raise errors.InvalidParameter(name="NextToken") from None


def _offset(token: str | None) -> int:
    if not token:
        return 0
    if not token.isdigit():
        raise errors.InvalidParameter(name="NextToken")
    return int(token)
