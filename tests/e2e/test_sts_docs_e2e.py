"""The STS documentation's config file and alibabacloud-credentials example work as written."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest

from support.server import ServerProcess
from support.sts import classiclink_lifecycle

pytestmark = pytest.mark.e2e

ROOT = Path(__file__).resolve().parents[2]


def sts_section() -> str:
    """The "STS and RAM roles" section, wherever it lives (its own page, or merged into the README)."""
    for path in (ROOT / "docs" / "clients" / "sts.md", ROOT / "README.md"):
        text = path.read_text() if path.exists() else ""
        start = text.find("## STS and RAM roles")
        if start >= 0:
            end = text.find("\n## ", start + 1)
            return text[start : end if end > 0 else None]
    raise AssertionError("no 'STS and RAM roles' section in docs/clients/sts.md or README.md")


def test_documented_config_and_client(make_server: Callable[..., ServerProcess], tmp_path: Path) -> None:
    section = sts_section()
    (config,) = re.findall(r"```toml\n(.*?)```", section, re.S)
    (example,) = re.findall(r"```python\n(.*?)```", section, re.S)
    path = tmp_path / "identity.toml"
    path.write_text(config)
    server = make_server("--transition-delay", "0", "--config", str(path))
    namespace: dict[str, object] = {}
    exec(compile(example.replace("127.0.0.1:8080", server.endpoint), "sts.md", "exec"), namespace)
    vpc_id = classiclink_lifecycle(namespace["vpc"])  # type: ignore[arg-type]
    assert vpc_id.startswith("vpc-")
    assert "role=" not in server.log()  # the role's policy allowed every step
