"""Browser tests: Debian's Chromium driven by Playwright against a live uvicorn server.

Every page a test visits must be checked with axe-core; a test fails at teardown if it
loaded a page it did not check.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, BrowserContext, Page

from app.config import PROJECT_ROOT

AXE_SOURCE = (PROJECT_ROOT / "node_modules" / "axe-core" / "axe.min.js").read_text()
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
SCREENSHOTS = PROJECT_ROOT / "var" / "screenshots"


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if "tests/browser" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict[str, Any]) -> dict[str, Any]:
    return {
        **browser_type_launch_args,
        "executable_path": "/usr/bin/chromium",
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
        ],
    }


class Axe:
    """Runs axe-core on the current page state and remembers which pages were checked.

    axe needs JavaScript (its promises run on timers), so a page loaded with JavaScript
    off is checked by serving its exact HTML, minus scripts, to a JavaScript-enabled tab.
    """

    def __init__(self) -> None:
        self.loaded: list[str] = []
        self.checked: set[str] = set()
        self.checker: Page | None = None

    def watch(self, page: Page, checker: Page | None = None) -> None:
        self.checker = checker
        page.on("load", lambda loaded: self.loaded.append(loaded.url.split("#")[0]))

    def __call__(self, page: Page, label: str = "") -> None:
        page.wait_for_load_state("load")
        target = page
        if self.checker is not None:
            target = self._copy_without_scripts(page, self.checker)
        if target.evaluate("typeof window.axe") == "undefined":
            target.evaluate(AXE_SOURCE)
        result = target.evaluate(
            "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})", AXE_TAGS
        )
        violations = [
            f"{violation['id']} ({violation['impact']}): {violation['help']} — "
            + "; ".join(str(node["target"]) for node in violation["nodes"][:5])
            for violation in result["violations"]
        ]
        assert not violations, f"axe violations on {label or page.url}:\n" + "\n".join(violations)
        self.checked.add(page.url.split("#")[0])

    @staticmethod
    def _copy_without_scripts(page: Page, checker: Page) -> Page:
        html = re.sub(r"<script\b[^>]*>.*?</script>", "", page.content(), flags=re.DOTALL | re.IGNORECASE)
        url = page.url.split("#")[0]
        checker.route(url, lambda route: route.fulfill(status=200, content_type="text/html", body=html))
        checker.goto(url)
        checker.unroute(url)
        return checker

    def assert_every_page_checked(self) -> None:
        missed = [url for url in dict.fromkeys(self.loaded) if url not in self.checked]
        assert not missed, f"pages loaded but never checked with axe: {missed}"


def _context(browser: Browser, live_server: str, javascript: bool) -> BrowserContext:
    context = browser.new_context(base_url=live_server, java_script_enabled=javascript, locale="en-GB")
    context.set_default_timeout(10_000)
    return context


@pytest.fixture
def axe() -> Axe:
    return Axe()


@pytest.fixture
def page(browser: Browser, live_server: str, axe: Axe) -> Iterator[Page]:
    context = _context(browser, live_server, javascript=True)
    tab = context.new_page()
    axe.watch(tab)
    yield tab
    context.close()
    axe.assert_every_page_checked()


@pytest.fixture
def no_js_page(browser: Browser, live_server: str, axe: Axe) -> Iterator[Page]:
    context = _context(browser, live_server, javascript=False)
    checker_context = _context(browser, live_server, javascript=True)
    tab = context.new_page()
    axe.watch(tab, checker=checker_context.new_page())
    yield tab
    context.close()
    checker_context.close()
    axe.assert_every_page_checked()


def screenshot(page: Page, name: str) -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path
