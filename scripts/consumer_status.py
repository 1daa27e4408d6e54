"""Regenerate the status column of docs/consumers/README.md from the emulator's action registry.

Usage: PYTHONPATH=src python scripts/consumer_status.py [--check]

Every table row of the README whose first two cells are a product (Ecs or Vpc) and an action gets its last cell
rewritten to "implemented" when the registry holds (version, action) and to "not yet" otherwise. With --check,
nothing is written and the exit status is 1 when any row's status disagrees with the registry.
"""

from __future__ import annotations

import sys
from pathlib import Path

from classiclink.actions import load_all

README = Path(__file__).resolve().parent.parent / "docs" / "consumers" / "README.md"

# The API version each consumer calls per product (Terraform: RpcPost("Ecs", "2014-05-26") / ("Vpc", "2016-04-28");
# footmark: aliyunsdkecs.request.v20140526 / aliyunsdkvpc.request.v20160428).
VERSIONS = {"Ecs": "2014-05-26", "Vpc": "2016-04-28"}
IMPLEMENTED = "implemented"
NOT_YET = "not yet"


def _cells(line: str) -> list[str] | None:
    """The cells of a markdown table row naming a product and an action, else None."""
    if not line.startswith("|"):
        return None
    cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
    if len(cells) < 3 or cells[0] not in VERSIONS:
        return None
    return cells


def status_rows(text: str) -> list[tuple[str, str, str]]:
    """(product, action, status) for every action row of the table."""
    rows = []
    for line in text.splitlines():
        cells = _cells(line)
        if cells is not None:
            rows.append((cells[0], cells[1].strip("`"), cells[-1]))
    return rows


def registered(product: str, action: str) -> bool:
    return (VERSIONS[product], action) in load_all()


def regenerate(text: str) -> str:
    """The README text with every action row's status cell set from the registry."""
    out = []
    for line in text.splitlines():
        cells = _cells(line)
        if cells is not None:
            cells[-1] = IMPLEMENTED if registered(cells[0], cells[1].strip("`")) else NOT_YET
            line = "| " + " | ".join(cells) + " |"
        out.append(line)
    return "\n".join(out) + ("\n" if text.endswith("\n") else "")


def mismatches(text: str) -> list[str]:
    """Rows whose status disagrees with the registry, as 'Product Action: says X, registry Y'."""
    wrong = []
    for product, action, status in status_rows(text):
        actual = IMPLEMENTED if registered(product, action) else NOT_YET
        if status != actual:
            wrong.append(f"{product} {action}: says {status!r}, registry {actual!r}")
    return wrong


def main(argv: list[str]) -> int:
    text = README.read_text(encoding="utf-8")
    if "--check" in argv:
        wrong = mismatches(text)
        for line in wrong:
            print(line)
        return 1 if wrong else 0
    README.write_text(regenerate(text), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
