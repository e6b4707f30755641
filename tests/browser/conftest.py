# SPDX-License-Identifier: EUPL-1.2
"""Browser tests: Playwright driving Debian's Chromium against the live test server.

Never downloads a browser. Without /usr/bin/chromium the tests skip, except in CI
(``MOTCUA_REQUIRE_BROWSER=1``), where a missing browser is a failure.
"""

import os
import shutil
from pathlib import Path
from typing import Any

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page

CHROMIUM = (
    "/usr/lib/chromium/chromium"
    if Path("/usr/lib/chromium/chromium").exists()
    else (shutil.which("chromium") or "")
)

# Playwright's sync API runs an event loop in this thread; Django's ORM calls from the test
# itself are still synchronous and safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    if CHROMIUM:
        return
    if os.environ.get("MOTCUA_REQUIRE_BROWSER") == "1":
        raise pytest.UsageError("Debian chromium is required (apt-get install chromium)")
    skip = pytest.mark.skip(reason="needs Debian chromium (apt-get install chromium)")
    for item in items:
        if "browser" in str(item.fspath):
            item.add_marker(skip)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict[str, Any]) -> dict[str, Any]:
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": [
            "--disable-background-networking",
            "--disable-component-update",
            "--no-first-run",
        ],
    }


class AxeChecker:
    """Runs axe-core on every page it is shown and keeps the violations."""

    def __init__(self) -> None:
        self.axe = Axe()
        self.violations: dict[str, list[str]] = {}
        self.pages = 0

    def check(self, page: Page, name: str = "") -> None:
        results = self.axe.run(page)
        self.pages += 1
        found = [
            f"{v['id']}: {v['help']} ({len(v['nodes'])}× e.g. {v['nodes'][0]['target']})"
            for v in results.response["violations"]
        ]
        if found:
            self.violations[name or page.url] = found


@pytest.fixture
def axe() -> AxeChecker:
    return AxeChecker()
