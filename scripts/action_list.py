"""Write docs/actions.md, the list of every action the emulator answers, from its action registry.

Usage: PYTHONPATH=src python scripts/action_list.py [--check]

One table per product: the action, the RAM action it is authorized as, whether it takes a ClientToken, and
whether it runs read-only. With --check nothing is written and the exit status is 1 when the file is stale
(tests/unit/test_action_list.py runs the check, so the list cannot drift from the registry).
"""

from __future__ import annotations

import sys
from pathlib import Path

from classiclink.actions import load_all

DOC = Path(__file__).resolve().parent.parent / "docs" / "actions.md"


def render() -> str:
    by_version: dict[str, list[tuple[str, str, bool, bool]]] = {}
    products: dict[str, str] = {}
    for (version, name), spec in load_all().items():
        products[version] = spec.product
        by_version.setdefault(version, []).append((name, spec.ram_action or "—", spec.client_token, spec.read_only))
    total = sum(len(rows) for rows in by_version.values())
    lines = [
        "# Actions",
        "",
        f"Every action the emulator answers: {total} in all. Generated from the action registry by",
        "`scripts/action_list.py`; a test fails when it is stale. Any other action is answered",
        "`404 InvalidAction.NotFound`, as the real gateway answers an unknown one. Which of these Terraform and",
        "footmark call, and in which phase: [consumers/README.md](consumers/README.md).",
    ]
    for version in sorted(by_version, key=lambda v: products[v]):
        rows = sorted(by_version[version])
        lines += ["", f"## {products[version]} {version} ({len(rows)})", "",
                  "| Action | RAM action | ClientToken | read-only |", "| --- | --- | --- | --- |"]  # fmt: skip
        lines += [f"| {name} | `{ram}` | {'yes' if token else ''} | {'yes' if ro else ''} |"
                  for name, ram, token, ro in rows]  # fmt: skip
    return "\n".join(lines) + "\n"


def main(argv: list[str]) -> int:
    text = render()
    if "--check" in argv:
        current = DOC.read_text() if DOC.exists() else ""
        if current != text:
            print(f"{DOC} is stale: run PYTHONPATH=src python scripts/action_list.py", file=sys.stderr)
            return 1
        return 0
    DOC.write_text(text)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
