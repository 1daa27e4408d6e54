"""Names and descriptions: the one rule each that every resource's docs repeat.

Names: 2–128 characters, starting with a letter or a Chinese character, then letters, digits, Chinese
characters, ``.``, ``_`` and ``-`` (ECS also allows ``:``); never starting with ``http://`` or ``https://``.
Descriptions: 2–256 characters, not starting with ``http://`` or ``https://``.
"""

from __future__ import annotations

import re

_VPC_NAME = re.compile(r"[A-Za-z\u4e00-\u9fff][A-Za-z0-9_.\-\u4e00-\u9fff]{1,127}")
_ECS_NAME = re.compile(r"[A-Za-z\u4e00-\u9fff][A-Za-z0-9\u4e00-\u9fff.:_\-]{1,127}")
_URL = ("http://", "https://")


def valid_name(name: str, *, colon: bool = False) -> bool:
    """VPC resources' names; ``colon=True`` for ECS resources, whose names may hold ``:``."""
    pattern = _ECS_NAME if colon else _VPC_NAME
    return pattern.fullmatch(name) is not None and not name.startswith(_URL)


def valid_description(text: str) -> bool:
    return 2 <= len(text) <= 256 and not text.startswith(_URL)
