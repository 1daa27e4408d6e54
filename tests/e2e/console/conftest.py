"""Browser fixtures for the console tests: Debian's chromium driven by Playwright, nothing downloaded.

Without chromium (or the playwright package) the tests skip locally, with the reason, and FAIL in CI
(CI=true), where scripts/test installs both."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest


def _unavailable(reason: str) -> None:
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"console browser tests cannot run in CI: {reason} (scripts/test installs it)", pytrace=False)
    pytest.skip(reason)


# Module scope, not session: Playwright's sync API runs an event loop in this thread while it is open, and
# later tests that call asyncio.run() must not find one.
@pytest.fixture(scope="module")
def chromium_browser() -> Iterator[Any]:
    executable = shutil.which("chromium")
    if executable is None:
        _unavailable("no 'chromium' on PATH (Debian: apt-get install chromium)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _unavailable("the 'playwright' package is not installed (pip install -e '.[test]')")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, headless=True)
        yield browser
        browser.close()


class Screenshots:
    """Saves each shot under the test's tmp_path, and also in $CLASSICLINK_SCREENSHOTS when that is set."""

    def __init__(self, tmp_path: Path) -> None:
        self.dirs = [tmp_path / "screenshots"]
        extra = os.environ.get("CLASSICLINK_SCREENSHOTS")
        if extra:
            self.dirs.append(Path(extra))
        for directory in self.dirs:
            directory.mkdir(parents=True, exist_ok=True)
        self.taken: list[Path] = []

    def take(self, page: Any, name: str) -> Path:
        first = self.dirs[0] / f"{name}.png"
        page.screenshot(path=str(first), full_page=True)
        for directory in self.dirs[1:]:
            shutil.copyfile(first, directory / first.name)
        self.taken.append(first)
        return first


@pytest.fixture
def screenshots(tmp_path: Path) -> Screenshots:
    return Screenshots(tmp_path)
