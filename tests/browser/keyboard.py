"""Moving through a page with the keyboard alone, as someone who cannot use a mouse would."""

from __future__ import annotations

from playwright.sync_api import Locator, Page

MAX_TABS = 80


def _is_focused(locator: Locator) -> bool:
    return bool(locator.evaluate("element => element === document.activeElement"))


def tab_to(page: Page, target: Locator) -> None:
    """Presses Tab until ``target`` has focus, failing if it is never reached."""
    for _ in range(MAX_TABS):
        if _is_focused(target):
            return
        page.keyboard.press("Tab")
    raise AssertionError(f"could not reach {target} with the Tab key")


def type_into(page: Page, target: Locator, text: str) -> None:
    tab_to(page, target)
    page.keyboard.press("Control+A")
    page.keyboard.type(text)


def press(page: Page, target: Locator, key: str = "Enter") -> None:
    tab_to(page, target)
    page.keyboard.press(key)


def choose_radio(page: Page, group_name: str, value: str) -> None:
    """Tabs into a radio group, then moves with the arrow keys to the wanted option."""
    radios = page.locator(f"input[type=radio][name='{group_name}']")
    target = page.locator(f"input[type=radio][name='{group_name}'][value='{value}']")
    for _ in range(MAX_TABS):
        focused_in_group = radios.evaluate_all("els => els.includes(document.activeElement)")
        if focused_in_group:
            break
        page.keyboard.press("Tab")
    else:
        raise AssertionError(f"could not reach radio group {group_name}")
    for _ in range(radios.count()):
        if target.is_checked() and _is_focused(target):
            return
        if _is_focused(target):
            page.keyboard.press("Space")
            return
        page.keyboard.press("ArrowDown")
    assert target.is_checked(), f"could not choose {value} in {group_name}"


def follow(page: Page, target: Locator, key: str = "Enter") -> None:
    """Presses a link or button that loads a new page, and waits for that page."""
    tab_to(page, target)
    with page.expect_navigation():
        page.keyboard.press(key)
