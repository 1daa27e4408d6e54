"""docs/actions.md lists exactly the registry's actions (scripts/action_list.py)."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType

ROOT = Path(__file__).resolve().parents[2]


def _script() -> ModuleType:
    spec = importlib.util.spec_from_file_location("action_list", ROOT / "scripts" / "action_list.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_list_is_current() -> None:
    # A new or removed action makes the file stale: `PYTHONPATH=src python scripts/action_list.py` rewrites it.
    assert (ROOT / "docs" / "actions.md").read_text(encoding="utf-8") == _script().render()


def test_the_list_names_the_seed_actions() -> None:
    text = _script().render()
    assert "| DisableVpcClassicLink | `vpc:DisableVpcClassicLink` |" in text
    assert "| DetachClassicLinkVpc | `ecs:DetachClassicLinkVpc` |" in text
