"""Resource tags: how they are kept and how ``Tag.N`` filters match them."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

from .. import errors

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


MAX_TAGS = 20


def check_new(tags: Sequence[Mapping[str, str]]) -> None:
    """Tag.N (RunInstances): keys non-empty, at most 64 characters, values at most 128; neither starts with
    ``aliyun`` or ``acs:`` nor contains ``http://`` / ``https://``; keys not repeated."""
    keys = [t.get("Key", "") for t in tags]
    for tag, key in zip(tags, keys, strict=True):
        value = tag.get("Value", "")
        if not key or len(key) > 64 or _reserved(key):
            raise errors.TagKeyMalformed()
        if len(value) > 128 or _reserved(value):
            raise errors.TagValueMalformed()
    if len(set(keys)) != len(keys):
        raise errors.DuplicateTagKey()


def _reserved(text: str) -> bool:
    return text.startswith(("aliyun", "acs:")) or "http://" in text or "https://" in text
