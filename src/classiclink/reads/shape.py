"""Response shapes: keys in the order of the API reference's sample responses."""

from __future__ import annotations

from typing import Any


def ordered(view: dict[str, Any], keys: tuple[str, ...]) -> dict[str, Any]:
    """``view`` with its keys in the order of ``keys`` (an API sample's order); keys not listed follow."""
    return {**{key: view[key] for key in keys if key in view}, **view}
