"""Every page each demo account can reach: no server errors, security headers, axe clean (English and Welsh)."""

from __future__ import annotations

from collections import deque
from urllib.parse import urldefrag, urlparse

import pytest
from playwright.sync_api import Page

from app.demo import DEMO_PASSWORD, seed_demo
from tests.browser.conftest import Axe
from tests.browser.keyboard import follow, type_into

SKIP = ("/static/", "/language/", ".csv", "/attachments/", "/api/v1/")
MAX_PAGES = 120


def _crawl(page: Page, axe: Axe, start: str, live_server: str) -> list[str]:
    seen: set[str] = set()
    queue = deque([start])
    visited: list[str] = []
    while queue and len(visited) < MAX_PAGES:
        path = queue.popleft()
        if path in seen:
            continue
        seen.add(path)
        response = page.goto(path)
        assert response is not None, path
        assert response.status < 500, f"{path} answered {response.status}"
        headers = response.headers
        assert "script-src 'self'" in headers.get("content-security-policy", ""), path
        assert headers.get("x-content-type-options") == "nosniff", path
        axe(page, path)
        width = page.evaluate("document.documentElement.scrollWidth")
        viewport = page.viewport_size or {"width": 1280}
        assert width <= viewport["width"], f"{path} is {width}px wide: it must reflow, not scroll sideways"
        visited.append(path)
        for href in page.eval_on_selector_all("a[href]", "links => links.map(a => a.getAttribute('href'))"):
            target, _fragment = urldefrag(href)
            parsed = urlparse(target)
            if parsed.netloc and f"{parsed.scheme}://{parsed.netloc}" != live_server:
                continue
            local = parsed.path + (f"?{parsed.query}" if parsed.query else "")
            if not local.startswith("/") or any(part in local for part in SKIP) or local in seen:
                continue
            queue.append(local)
    return visited


@pytest.mark.parametrize(
    "email", ["alex@example.org", "planner@example.org", "sam@example.org", "planner@other.example.org", None]
)
def test_every_reachable_page_is_accessible(page: Page, axe: Axe, live_server: str, email: str | None):
    seed_demo()
    page.set_viewport_size({"width": 320, "height": 720})  # WCAG 1.4.10: reflow at 320 CSS pixels
    if email is not None:
        page.goto("/sign-in")
        axe(page)
        type_into(page, page.get_by_label("Email address"), email)
        type_into(page, page.get_by_label("Password", exact=True), DEMO_PASSWORD)
        follow(page, page.get_by_role("button", name="Sign in"))
    visited = _crawl(page, axe, "/", live_server)
    assert len(visited) >= (8 if email else 6), visited


@pytest.mark.sqlite_only
def test_welsh_pages_are_accessible_and_in_welsh(page: Page, axe: Axe, live_server: str):
    seed_demo()
    page.goto("/language/cy?next=/sign-in")
    axe(page)
    assert page.locator("html").get_attribute("lang") == "cy"
    type_into(page, page.locator("#email"), "alex@example.org")
    type_into(page, page.locator("#password"), DEMO_PASSWORD)
    follow(page, page.locator("button[type=submit]").first)
    visited = _crawl(page, axe, "/plans", live_server)
    assert len(visited) >= 8
    page.goto(visited[-1])
    assert page.locator("html").get_attribute("lang") == "cy"
