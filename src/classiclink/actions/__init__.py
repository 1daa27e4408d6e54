"""Every API action, registered by importing its module.

A serving process imports an action's module when the action is first asked for (``find``), by the index
of which module declares which action (``index.py``, generated): importing all of them took most of the
start-up (issue 11). ``load_all`` imports every module, for tools and tests that walk the registry.
"""

from __future__ import annotations

import importlib
import pkgutil

from .index import MODULES
from .spec import REGISTRY, ActionSpec

__all__ = ["REGISTRY", "ActionSpec", "find", "is_action", "load_all"]

# Modules whose import has finished: until then another thread may be part-way through one, with its first
# actions registered and what their handlers call not yet defined.
_imported: set[str] = set()
_all_imported = False


def find(version: str, name: str) -> ActionSpec | None:
    """The action's declaration, its module imported on first use; None for an action there is not."""
    module = MODULES.get((version, name))
    if module is None:
        # Not in the index; declared all the same if the index is stale (a test says so, but a merge may
        # not have regenerated it yet): every module is imported, once, before the answer is "no such action".
        return load_all().get((version, name))
    if module not in _imported:
        importlib.import_module(f"{__name__}.{module}")  # waits for a thread already importing it
        _imported.add(module)
    spec = REGISTRY.get((version, name))
    if spec is None:
        raise LookupError(f"{module} does not declare {name}: run scripts/action_index.py")
    return spec


def is_action(name: str) -> bool:
    """Whether any API version declares an action ``name`` (fault rules name actions without a version)."""
    return any(known == name for _, known in MODULES) or any(known == name for _, known in load_all())


def load_all() -> dict[tuple[str, str], ActionSpec]:
    """Import every action module under actions.vpc, actions.ecs and actions.sts so their handlers register."""
    global _all_imported
    if not _all_imported:
        for package in ("vpc", "ecs", "sts"):
            pkg = importlib.import_module(f"{__name__}.{package}")
            for info in pkgutil.iter_modules(pkg.__path__):
                importlib.import_module(f"{pkg.__name__}.{info.name}")
        _all_imported = True
    return REGISTRY
