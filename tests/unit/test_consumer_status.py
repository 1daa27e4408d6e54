"""docs/consumers/README.md's status column agrees with the action registry (scripts/consumer_status.py)."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType

ROOT = Path(__file__).resolve().parents[2]


def _script() -> ModuleType:
    spec = importlib.util.spec_from_file_location("consumer_status", ROOT / "scripts" / "consumer_status.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_table_lists_actions() -> None:
    rows = _script().status_rows((ROOT / "docs" / "consumers" / "README.md").read_text(encoding="utf-8"))
    # Both consumers call the core VPC and ECS actions; a table without them was not parsed.
    assert ("Vpc", "CreateVpc") in {(product, action) for product, action, _ in rows}
    assert ("Ecs", "RunInstances") in {(product, action) for product, action, _ in rows}


def test_every_status_matches_the_registry() -> None:
    # "implemented" for an action the registry lacks, or "not yet" for one it holds, both fail here;
    # `PYTHONPATH=src python scripts/consumer_status.py` rewrites the column.
    script = _script()
    assert script.mismatches((ROOT / "docs" / "consumers" / "README.md").read_text(encoding="utf-8")) == []


def test_regenerate_rewrites_a_wrong_status() -> None:
    script = _script()
    text = "| product | action | who | status |\n|---|---|---|---|\n| Vpc | CreateVpc | x | not yet |\n"
    assert script.mismatches(text) != []
    assert "| Vpc | CreateVpc | x | implemented |" in script.regenerate(text)
    assert script.mismatches(script.regenerate(text)) == []
