"""docs/errors-by-action.md is what scripts/error_tables.py makes of the stored error tables
(tests/data/error_tables/, copied from the AlibabaCloudDocs API reference pages), and every class it names
really has the row's status, code and message; "produced" ones are raisable by the action."""

from __future__ import annotations

import importlib.util
import json
import re
import sys
from pathlib import Path
from types import ModuleType

import pytest

from classiclink import error_docs, errors
from classiclink.actions import load_all

ROOT = Path(__file__).resolve().parents[2]
DOC = ROOT / "docs" / "errors-by-action.md"
TABLES = ROOT / "tests" / "data" / "error_tables"
_ROW = re.compile(r"^\| (\d{3}) \| `([^`]+)` \| (.*) \| (produced|catalogued|not produced)(?:: (.+))? \|$")


def _script(name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(name, ROOT / "scripts" / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module  # its dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


def _doc_rows() -> list[tuple[str, str, int, str, str, str, list[str]]]:
    product = action = ""
    found = []
    for line in DOC.read_text(encoding="utf-8").splitlines():
        if line.startswith("## "):
            product, action = line[3:].split()
        match = _ROW.match(line)
        if match and action:
            status, code, message, verdict, names = match.groups()
            classes = re.findall(r"`(\w+)`", names or "")
            found.append((product, action, int(status), code, message.replace("\\|", "|"), verdict, classes))
    return found


ROWS = _doc_rows()
NAMED = [row for row in ROWS if row[5] != "not produced"]
SPECS = {(spec.product, spec.name): spec for spec in load_all().values()}


def test_the_document_is_current() -> None:
    # A new stored table, a new catalogue class or a new raise makes it stale:
    # `PYTHONPATH=src python scripts/error_tables.py` rewrites it.
    assert DOC.read_text(encoding="utf-8") == _script("error_tables").render()


def test_the_document_has_every_stored_row() -> None:
    stored = sum(len(json.loads(p.read_text(encoding="utf-8"))["rows"]) for p in TABLES.glob("*/*.json"))
    assert len(ROWS) == stored > 2000


@pytest.mark.parametrize("row", NAMED, ids=[f"{r[0]}-{r[1]}-{r[3]}-{n}" for n, r in enumerate(NAMED)])
def test_every_named_class_is_the_rows(row: tuple[str, str, int, str, str, str, list[str]]) -> None:
    product, action, status, code, message, verdict, classes = row
    assert classes
    spec = SPECS[(product, action)]
    raisable = error_docs.raisable(spec)
    for name in classes:
        error = getattr(errors, name)
        assert (error.code, error.status) == (code, status), name
        assert error_docs.same_message(message, error.message), (message, error.message)
        linked = name in raisable and error_docs.names_own_parameter(spec, name, message)
        assert linked == (verdict == "produced"), name


def test_every_stored_table_is_an_implemented_actions_page() -> None:
    paths = sorted(TABLES.glob("*/*.json"))
    assert len(paths) > 115
    for path in paths:
        assert (path.parent.name, path.stem) in SPECS, path
        record = json.loads(path.read_text(encoding="utf-8"))
        source = record["source"]
        # lyyvli/vpc is a 2019 copy of the VPC documentation repository, which is not stored itself
        assert source["repository"].startswith("AlibabaCloudDocs/") or source["repository"] == "lyyvli/vpc"
        assert source["path"].endswith(f"/{path.stem}.md")
        assert re.fullmatch(r"\d{4}-\d\d-\d\d", source["date"])
        assert record["has_table"] or not record["rows"]
        for entry in record["rows"]:
            assert set(entry) == {"status", "code", "message"} and 400 <= entry["status"] < 600


def test_create_instance_table_is_the_issues_count() -> None:
    # Issue 9 counts 172 distinct codes on the CreateInstance page of 2021-06-11 (docs/errors.md's table).
    record = json.loads((TABLES / "Ecs" / "CreateInstance.json").read_text(encoding="utf-8"))
    assert record["source"]["date"] == "2021-06-11"
    assert len({entry["code"] for entry in record["rows"]}) == 172


def test_the_extractor_reads_tables_in_either_column_order() -> None:
    extract = _script("extract_error_tables")
    status_first = "## Error codes\n\n|HTTP status code|Error code|Error message|Description|\n|--|--|--|--|\n" \
        "|404|InvalidVpcId.NotFound|The specified VPC \\(VpcId\\) does not exist.|x|\n"  # fmt: skip
    code_first = "## Error codes {#ErrorCode .section}\n\n|Error code|Error information|HTTP status code|Description|\n" \
        "|:--|:--|:--|:--|\n|QuotaExceeded|a \\| b|403|y|\n\n## Next\n|500|X|y|z|\n"  # fmt: skip
    assert extract.error_rows(status_first) == [
        {"status": 404, "code": "InvalidVpcId.NotFound", "message": "The specified VPC (VpcId) does not exist."}
    ]
    assert extract.error_rows(code_first) == [{"status": 403, "code": "QuotaExceeded", "message": "a | b"}]
    assert extract.error_rows("## Error codes\n\n[View error codes](https://error-center.aliyun.com)\n") is None


@pytest.mark.parametrize(("product", "action", "raised", "not_raised"), [
    # what each handler's domain function raises by name (domain/vpcs.py delete, domain/classiclink.py attach)
    ("Vpc", "DeleteVpc", "VpcHasDependentVSwitch", "VSwitchVpcNotFound"),
    ("Ecs", "AttachClassicLinkVpc", "NotClassicInstance", "InstanceNotFound"),
    # the declaration's own errors and the gateway's, for any action
    ("Ecs", "DescribeInstances", "EcsForbiddenSubUser", "VpcForbidden"),
    ("Vpc", "DescribeVpcs", "SignatureDoesNotMatch", "EcsForbiddenSubUser"),
])  # fmt: skip
def test_the_source_reader_links_actions_to_their_errors(product: str, action: str, raised: str,
                                                         not_raised: str) -> None:  # fmt: skip
    raisable = error_docs.raisable(SPECS[(product, action)])
    assert raised in raisable
    assert not_raised not in raisable
