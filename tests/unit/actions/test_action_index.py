"""actions/index.py names, for every action, the module that declares it (scripts/action_index.py writes it):
the gateway imports an action's module on the action's first call, by this index (start-up, issue 11)."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType

import pytest

from classiclink.actions import find, is_action, load_all
from classiclink.actions.index import MODULES
from classiclink.actions.spec import ECS_VERSION, STS_VERSION, VPC_VERSION

ROOT = Path(__file__).resolve().parents[3]


def _script() -> ModuleType:
    spec = importlib.util.spec_from_file_location("action_index", ROOT / "scripts" / "action_index.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_index_is_current() -> None:
    # A new, moved or removed action makes it stale: `PYTHONPATH=src python scripts/action_index.py` rewrites it.
    assert (ROOT / "src" / "classiclink" / "actions" / "index.py").read_text(encoding="utf-8") == _script().render()


def test_the_index_names_every_registered_action_and_its_module() -> None:
    registry = load_all()
    assert set(MODULES) == set(registry)
    for key, spec in registry.items():
        assert spec.handler.__module__ == f"classiclink.actions.{MODULES[key]}"


def test_find_answers_the_registered_declaration() -> None:
    registry = load_all()
    for version, name in [(ECS_VERSION, "DescribeRegions"), (VPC_VERSION, "DescribeVpcs"), (STS_VERSION, "AssumeRole")]:
        assert find(version, name) is registry[(version, name)]


def test_find_knows_no_action_the_index_does_not_name() -> None:
    assert find(ECS_VERSION, "DescribeVpcz") is None
    assert find(VPC_VERSION, "DescribeRegions") is not None and find("2099-01-01", "DescribeRegions") is None
    # ECS and VPC both have DescribeRegions; the index tells them apart by version.
    assert find(ECS_VERSION, "CreateVpc") is None and find(VPC_VERSION, "CreateVpc") is not None


def test_an_action_name_of_any_version_is_an_action() -> None:
    assert is_action("DescribeRegions") and is_action("CreateVpc") and is_action("AssumeRole")
    assert not is_action("DescribeVpcz") and not is_action("")


def test_an_action_missing_from_a_stale_index_is_still_found(monkeypatch: pytest.MonkeyPatch) -> None:
    # Say a merge brought an action without regenerating the index: it is answered, not "no such action".
    monkeypatch.delitem(MODULES, (VPC_VERSION, "DescribeVpcs"))
    assert find(VPC_VERSION, "DescribeVpcs") is load_all()[(VPC_VERSION, "DescribeVpcs")]
    assert is_action("DescribeVpcs")
