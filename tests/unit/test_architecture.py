"""The layers' dependency rules (docs/architecture.md), checked on the source: the domain imports no
adapter, the edge's HTTP types stay out of the domain, and only the gateway opens a request's unit of work."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[2] / "src" / "classiclink"


def imported_modules(path: Path) -> set[str]:
    """Absolute names of the classiclink modules ``path`` imports."""
    tree = ast.parse(path.read_text())
    here = path.relative_to(PACKAGE.parent).with_suffix("").parts
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = list(here[: len(here) - node.level])
                module = ".".join([*base, *(node.module.split(".") if node.module else [])])
            else:
                module = node.module or ""
            names.add(module)
            names.update(f"{module}.{alias.name}" for alias in node.names)
        elif isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
    return {n for n in names if n.startswith("classiclink")}


def modules(layer: str) -> list[Path]:
    return sorted((PACKAGE / layer).rglob("*.py"))


@pytest.mark.parametrize("path", modules("domain"), ids=lambda p: p.name)
def test_the_domain_imports_no_outer_layer(path: Path) -> None:
    outer = ("classiclink.store", "classiclink.gateway", "classiclink.actions", "classiclink.edge",
             "classiclink.reads", "classiclink.admin", "classiclink.http", "classiclink.config")  # fmt: skip
    bad = sorted(m for m in imported_modules(path) if m.startswith(outer))
    assert bad == [], f"{path.name} imports {bad}"


@pytest.mark.parametrize("path", [*modules("actions"), *modules("reads")], ids=lambda p: p.name)
def test_actions_and_reads_know_nothing_of_the_gateway_edge_or_adapters(path: Path) -> None:
    outer = ("classiclink.gateway", "classiclink.edge", "classiclink.store", "classiclink.admin")
    bad = sorted(m for m in imported_modules(path) if m.startswith(outer))
    assert bad == [], f"{path.name} imports {bad}"


def test_the_checker_sees_relative_imports() -> None:
    assert "classiclink.domain.ports" in imported_modules(PACKAGE / "domain" / "vpcs.py")
