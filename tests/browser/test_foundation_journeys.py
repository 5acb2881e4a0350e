"""Sign up, start a plan and reach the task list: by keyboard alone, with and without JavaScript."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import Axe, screenshot
from tests.browser.keyboard import choose_radio, press, type_into
from tests.conftest import INBOX, link_in
from tests.factories import PASSWORD, Factory


def _sign_up_to_task_list(page: Page, axe: Axe, email: str) -> None:
    INBOX.messages.clear()
    page.goto("/")
    axe(page)
    press(page, page.get_by_role("button", name="Start now"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Create an account")
    axe(page)

    # First try with mistakes: the errors are listed and what was typed is kept.
    type_into(page, page.get_by_label("Your name"), "Jo Keyboard")
    type_into(page, page.get_by_label("Email address"), "not an email")
    press(page, page.get_by_role("button", name="Create account"))
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    expect(page).to_have_title(re.compile(r"^Error: "))
    axe(page, "sign-up errors")
    expect(page.get_by_label("Your name")).to_have_value("Jo Keyboard")

    type_into(page, page.get_by_label("Email address"), email)
    type_into(page, page.get_by_label("Create a password"), "three random words")
    press(page, page.get_by_role("button", name="Create account"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Check your email")
    axe(page)

    link = link_in(INBOX.messages[-1], "/sign-up/confirm/")
    page.goto(link)
    axe(page)
    press(page, page.get_by_role("button", name="Continue"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Who is this plan for?")
    axe(page)

    press(page, page.get_by_role("button", name="Start my plan"))
    expect(page.locator(".govuk-error-summary")).to_contain_text("Select who the plan is for")
    axe(page, "start plan errors")
    choose_radio(page, "plan_for", "myself")
    press(page, page.get_by_role("button", name="Start my plan"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Care and support plan")
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Your plan has been started")
    axe(page)
    expect(page.locator(".govuk-task-list__item")).to_have_count(12)
    expect(page.locator(".govuk-task-list__status").first).to_have_text("Not started")


def test_keyboard_journey_with_javascript(page: Page, axe: Axe):
    Factory().council("Demo Council")
    _sign_up_to_task_list(page, axe, "keyboard@example.org")
    screenshot(page, "task-list")


def test_keyboard_journey_without_javascript(no_js_page: Page, axe: Axe):
    Factory().council("Demo Council")
    _sign_up_to_task_list(no_js_page, axe, "nojs@example.org")


def test_skip_link_is_first_and_moves_focus_to_main(page: Page, axe: Axe):
    page.goto("/sign-in")
    axe(page)
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Skip to main content")
    expect(skip).to_be_focused()
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"#main-content$"))


@pytest.mark.parametrize("javascript", [True, False])
def test_sign_in_errors_and_sign_out(page: Page, no_js_page: Page, axe: Axe, javascript: bool):
    tab = page if javascript else no_js_page
    other = no_js_page if javascript else page
    other.goto("/accessibility")
    axe(other)
    Factory().account("signin@example.org")
    tab.goto("/sign-in")
    type_into(tab, tab.get_by_label("Email address"), "signin@example.org")
    type_into(tab, tab.get_by_label("Password", exact=True), "wrong password")
    press(tab, tab.get_by_role("button", name="Sign in"))
    expect(tab.locator(".govuk-error-summary")).to_contain_text("Enter a correct email address and password")
    axe(tab, "sign-in error")
    type_into(tab, tab.get_by_label("Password", exact=True), PASSWORD)
    press(tab, tab.get_by_role("button", name="Sign in"))
    expect(tab.get_by_role("heading", level=1)).to_have_text("Your plans")
    axe(tab)
    press(tab, tab.get_by_role("button", name="Sign out"))
    expect(tab.get_by_role("heading", level=1)).to_have_text("You have signed out")
    axe(tab)


def test_timeout_warning_lets_you_stay_and_keeps_typing(page: Page, axe: Axe):
    factory = Factory()
    factory.council("Demo Council")
    account = factory.account("slow@example.org")
    page.clock.install()
    page.goto("/sign-in?next=/plans/new")
    type_into(page, page.get_by_label("Email address"), account.email)
    type_into(page, page.get_by_label("Password", exact=True), PASSWORD)
    press(page, page.get_by_role("button", name="Sign in"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Who is this plan for?")
    axe(page)
    choose_radio(page, "plan_for", "someone_i_support")
    type_into(page, page.get_by_label("If the plan is for someone you support, what is their name?"), "Grandad Joe")

    page.clock.run_for("28:05")
    dialog = page.get_by_role("dialog", name="You’re about to be signed out")
    expect(dialog).to_be_visible()
    expect(dialog.get_by_role("button", name="Stay signed in")).to_be_focused()
    axe(page, "timeout warning")
    with page.expect_response("**/session/extend") as extended:
        page.keyboard.press("Enter")
    assert extended.value.status == 204
    expect(dialog).to_be_hidden()

    page.clock.run_for("30:00")
    expect(page.get_by_role("heading", level=1)).to_have_text("You have been signed out")
    axe(page)
    press(page, page.get_by_role("link", name="Sign in again"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Sign in")
    axe(page)
    type_into(page, page.get_by_label("Email address"), account.email)
    type_into(page, page.get_by_label("Password", exact=True), PASSWORD)
    press(page, page.get_by_role("button", name="Sign in"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Who is this plan for?")
    expect(page.get_by_label("If the plan is for someone you support, what is their name?")).to_have_value(
        "Grandad Joe"
    )
    expect(page.locator(".govuk-notification-banner")).to_contain_text("We have put back what you typed")
    axe(page, "input restored")
