"""docs/errors.md and src/classiclink/errors.py cannot drift: every row marked "produced" names a class of the
catalogue whose code, HTTP status and message are the ones the row (the documented error table) gives."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from classiclink import errors
from classiclink.error_docs import same_message as _same_message

DOC = Path(__file__).resolve().parents[2] / "docs" / "errors.md"
_ROW = re.compile(r"^\| (\d{3}) \| `([^`]+)` \| (.*) \| (produced: `(\w+)` \((\S+)\)|not modelled: .+) \|$")


def _rows() -> list[tuple[str, int, str, str, str, str]]:
    action, rows = "", []
    for line in DOC.read_text(encoding="utf-8").splitlines():
        if line.startswith("## "):
            action = line[3:].strip()
        match = _ROW.match(line)
        if match and action:
            status, code, message, _, name, test = match.groups()
            rows.append((action, int(status), code, message.replace("\\|", "|"), name or "", test or ""))
    return rows


ROWS = _rows()
PRODUCED = [row for row in ROWS if row[4]]


def test_the_table_lists_the_nine_core_actions() -> None:
    assert {row[0] for row in ROWS} == {
        "CreateInstance", "DeleteInstance", "CreateVpc", "DeleteVpc", "EnableVpcClassicLink",
        "DisableVpcClassicLink", "AttachClassicLinkVpc", "DetachClassicLinkVpc", "DescribeClassicLinkInstances",
    }  # fmt: skip
    assert len(PRODUCED) > 100


@pytest.mark.parametrize(("action", "status", "code", "message", "name", "test"), PRODUCED,
                         ids=[f"{r[0]}-{r[2]}-{n}" for n, r in enumerate(PRODUCED)])  # fmt: skip
def test_every_produced_row_is_the_catalogues(action: str, status: int, code: str, message: str, name: str,
                                              test: str) -> None:  # fmt: skip
    error = getattr(errors, name)
    assert issubclass(error, errors.ApiError)
    assert (error.code, error.status) == (code, status)
    assert _same_message(message, error.message), (message, error.message)
    # the named test exists and provokes the code
    text = (DOC.parents[1] / test).read_text(encoding="utf-8")
    assert name in text or f'"{code}"' in text


def test_the_summary_counts_the_rows() -> None:
    summary = re.findall(r"^\| (\w+) \| (\d+) \| (\d+) \|$", DOC.read_text(encoding="utf-8"), re.MULTILINE)
    for action, documented, produced in summary:
        codes = {row[2] for row in ROWS if row[0] == action}
        made = {row[2] for row in PRODUCED if row[0] == action}
        assert (int(documented), int(produced)) == (len(codes), len(made)), action


def test_every_produced_row_is_raisable_by_its_action() -> None:
    """A row marked produced names a class the action can reach (classiclink.error_docs reads the handler's calls):
    a class of another action with the same code and message is not this action's answer."""
    from classiclink import error_docs
    from classiclink.actions import load_all

    specs = {name: spec for (_, name), spec in load_all().items()}
    unreachable = [(action, code, name) for action, _, code, _, name, _ in PRODUCED
                   if name not in error_docs.raisable(specs[action])]  # fmt: skip
    assert not unreachable
