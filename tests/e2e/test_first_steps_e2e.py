"""docs/first-steps.md: its script runs as written against a real server with the default options
(only the endpoint is replaced), and its catalogue matches what the server accepts."""

from __future__ import annotations

import contextlib
import io
import re
from collections.abc import Callable
from pathlib import Path

from classiclink.domain.instances import INSTANCE_TYPES
from classiclink.domain.regions import classic_regions
from support.server import ServerProcess

DOC = (Path(__file__).resolve().parents[2] / "docs" / "first-steps.md").read_text()
SCRIPT = re.findall(r"```python\n(.*?)```", DOC, re.S)[0]


def test_the_script_links_and_unlinks(make_server: Callable[..., ServerProcess]) -> None:
    server = make_server()  # the default 1 s transition delay, as `classiclink serve` starts
    code = SCRIPT.replace('ENDPOINT = "127.0.0.1:8080"', f'ENDPOINT = "{server.endpoint}"')
    assert code != SCRIPT
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        exec(compile(code, "first-steps.md", "exec"), {"__name__": "first_steps"})
    linked, after = out.getvalue().splitlines()
    assert linked.startswith("linked: [{") and "'InstanceId': 'i-" in linked and "'VpcId': 'vpc-" in linked
    assert after == "after detach: []"


def test_the_catalogue_is_the_servers() -> None:
    assert ", ".join(classic_regions()) in DOC.replace("\n  ", " ")
    assert ", ".join(INSTANCE_TYPES) in DOC.replace("\n  ", " ")
