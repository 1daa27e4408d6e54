"""Every API action, registered by importing its module."""

from __future__ import annotations

import importlib
import pkgutil

from .spec import REGISTRY, ActionSpec

__all__ = ["REGISTRY", "ActionSpec", "load_all"]


def load_all() -> dict[tuple[str, str], ActionSpec]:
    """Import every action module under actions.vpc, actions.ecs and actions.sts so their handlers register."""
    for package in ("vpc", "ecs", "sts"):
        pkg = importlib.import_module(f"{__name__}.{package}")
        for info in pkgutil.iter_modules(pkg.__path__):
            importlib.import_module(f"{pkg.__name__}.{info.name}")
    return REGISTRY
