"""Resource tags: how they are kept and how ``Tag.N`` filters match them."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

Tag = dict[str, str]


def normalised(tags: Iterable[Mapping[str, str]]) -> list[Tag]:
    """Tags as stored: each with its ``Key`` and ``Value`` ("" when not given)."""
    return [{"Key": t.get("Key", ""), "Value": t.get("Value", "")} for t in tags]


def has_tag(tags: Sequence[Mapping[str, str]], wanted: Mapping[str, str]) -> bool:
    """A filter tag without a value matches any value of its key."""
    return any(t.get("Key") == wanted.get("Key") and ("Value" not in wanted or t.get("Value") == wanted["Value"])
               for t in tags)  # fmt: skip


def matches(tags: Sequence[Mapping[str, str]], filters: Sequence[Mapping[str, str]]) -> bool:
    """Every ``Tag.N`` filter must match (the docs: resources carrying all the given tags)."""
    return all(has_tag(tags, wanted) for wanted in filters)
