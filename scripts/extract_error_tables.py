"""Copy the "Error codes" table of each implemented action's API reference page into tests/data/error_tables/.

Usage: PYTHONPATH=src python scripts/extract_error_tables.py PRODUCT GIT_DIR [GIT_DIR ...]

PRODUCT is Ecs or Vpc; each GIT_DIR is a local clone of a documentation repository of the AlibabaCloudDocs
layout (AlibabaCloudDocs/ecs, AlibabaCloudDocs/eip; for VPC, lyyvli/vpc, a 2019 copy of the VPC docs repository). For every action of PRODUCT in the registry, the page ``<Action>.md`` is looked for under
``intl.en-US/API Reference/`` (any case) (then the Chinese trees, whose tables keep the English messages); where several pages
have that name, the last changed wins; a page without an error table gives way to another with one (the 2018
English VPC pages have none, their Chinese editions do). Its error table's rows (HTTP status, code, message) are written to
``tests/data/error_tables/<PRODUCT>/<Action>.json`` with the page path and the date of its last change. A page
without an error table is written with no rows, so the generated document can say so. Run once per docs snapshot;
scripts/error_tables.py and the tests read only the JSON files.
"""

from __future__ import annotations

import functools
import json
import re
import subprocess
import sys
from pathlib import Path

from classiclink.actions import load_all

OUT = Path(__file__).resolve().parent.parent / "tests" / "data" / "error_tables"
TREES = ("intl.en-US/API Reference/", "intl.zh-CN/API", "cn.zh-CN/API")
_HEADING = re.compile(r"^#{2,3} (Error codes?|Errors|错误码)\b")
_CELL_ESCAPES = re.compile(r"\\([()\[\]_*`#<>{}.!-])")


def _git(repo: Path, *args: str) -> str:
    return subprocess.run(["git", "--git-dir", str(repo), *args], check=True, capture_output=True, text=True).stdout


@functools.cache
def _pages(repo: Path) -> list[str]:
    return _git(repo, "-c", "core.quotePath=false", "ls-tree", "-r", "--name-only", "HEAD").splitlines()


def _cells(line: str) -> list[str]:
    # A "|" inside a cell is written "\|"; keep it, split on the others.
    parts = re.split(r"(?<!\\)\|", line.strip())[1:-1]
    return [_CELL_ESCAPES.sub(r"\1", part.replace("\\|", "|")).strip() for part in parts]


def _columns(headings: list[str]) -> dict[str, int]:
    found: dict[str, int] = {}
    for n, heading in enumerate(h.lower() for h in headings):
        if "http" in heading or "status" in heading:
            found.setdefault("status", n)
        elif "code" in heading or heading == "错误码":
            found.setdefault("code", n)
        elif "message" in heading or "information" in heading or heading == "错误信息":
            found.setdefault("message", n)
    if set(found) != {"status", "code", "message"}:
        raise ValueError(f"unknown error table headings: {headings}")
    return found


def error_rows(text: str) -> list[dict[str, object]] | None:
    """The rows of the page's error table, or None when the page has no error table."""
    lines = text.splitlines()
    start = next((n for n, line in enumerate(lines) if _HEADING.match(line)), None)
    if start is None:
        return None
    rows: list[dict[str, object]] = []
    columns: dict[str, int] | None = None
    for line in lines[start + 1 :]:
        if line.startswith("#"):
            break
        if not line.startswith("|"):
            continue
        cells = _cells(line)
        if columns is None:
            # Pages order the columns differently: find them by their headings.
            columns = _columns(cells)
            continue
        if len(cells) > max(columns.values()) and re.fullmatch(r"\d{3}", cells[columns["status"]]):
            rows.append({"status": int(cells[columns["status"]]), "code": cells[columns["code"]],
                         "message": cells[columns["message"]]})  # fmt: skip
    return rows if columns is not None else None


def _candidates(repos: list[Path], action: str) -> list[tuple[Path, str, str]]:
    """The action's pages: the English tree first, then the Chinese ones; within a tree, the last changed first."""
    found: list[tuple[int, str, Path, str]] = []
    for repo in repos:
        for path in _pages(repo):
            tree = next((n for n, t in enumerate(TREES) if path.lower().startswith(t.lower())), None)
            if tree is not None and path.rsplit("/", 1)[-1] == f"{action}.md":
                date = _git(repo, "log", "-1", "--format=%cs", "HEAD", "--", path).strip()
                found.append((tree, date, repo, path))
    found.sort(key=lambda item: (item[0], [-ord(c) for c in item[1]]))
    return [(repo, path, date) for _, date, repo, path in found]


def _find(repos: list[Path], action: str) -> tuple[Path, str, str, list[dict[str, object]] | None] | None:
    """The first page with an error table; failing that, the first page (which then says it has none)."""
    pages = [(repo, path, date, error_rows(_git(repo, "show", f"HEAD:{path}")))
             for repo, path, date in _candidates(repos, action)]  # fmt: skip
    return next((page for page in pages if page[3]), pages[0] if pages else None)


def main(argv: list[str]) -> int:
    product, repos = argv[0], [Path(arg) for arg in argv[1:]]
    actions = sorted({name for spec in load_all().values() if spec.product == product for name in [spec.name]})
    for action in actions:
        page = _find(repos, action)
        if page is None:
            print(f"{product} {action}: no stored page", file=sys.stderr)
            continue
        repo, path, date, rows = page
        name = repo.parent.name.replace("+", "/")
        record = {"source": {"repository": name, "path": path, "date": date}, "has_table": rows is not None,
                  "rows": rows or []}  # fmt: skip
        target = OUT / product / f"{action}.json"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(json.dumps(record, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
        print(f"{product} {action}: {len(rows or [])} rows from {name} {path} ({date})")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
