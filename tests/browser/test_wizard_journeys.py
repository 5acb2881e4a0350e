"""A person writes their whole plan in the browser: by keyboard, with and without JavaScript."""

from __future__ import annotations

import time

import pytest
from playwright.sync_api import Page, expect

from app.models import PlanFor
from tests.browser.conftest import Axe, screenshot
from tests.browser.keyboard import press, type_into
from tests.browser.plan_journey import write_whole_plan
from tests.factories import PASSWORD, Factory


def _signed_in_plan(page: Page, axe: Axe, plan_for: PlanFor = PlanFor.MYSELF) -> str:
    factory = Factory()
    council = factory.council("Demo Council")
    account = factory.account()
    plan = factory.plan(account, council, plan_for)
    page.goto("/sign-in")
    axe(page)
    type_into(page, page.get_by_label("Email address"), account.email)
    type_into(page, page.get_by_label("Password", exact=True), PASSWORD)
    press(page, page.get_by_role("button", name="Sign in"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Your plans")
    return plan.id


def _finish(page: Page, axe: Axe, plan_id: str) -> None:
    page.goto(f"/plans/{plan_id}/plan")
    expect(page.get_by_role("heading", level=1)).to_have_text("My plan")
    axe(page, "my plan")
    expect(page.locator(".app-plan-section")).not_to_have_count(0)


def test_whole_plan_by_keyboard_with_javascript(page: Page, axe: Axe, record_property):
    plan_id = _signed_in_plan(page, axe)
    axe(page, "plans")
    started = time.monotonic()
    pages = write_whole_plan(page, axe, plan_id, PlanFor.MYSELF)
    record_property("keyboard_journey_seconds", round(time.monotonic() - started, 1))
    record_property("question_pages", pages)
    _finish(page, axe, plan_id)
    screenshot(page, "whole-plan")


@pytest.mark.sqlite_only
def test_whole_plan_by_keyboard_without_javascript(no_js_page: Page, axe: Axe):
    plan_id = _signed_in_plan(no_js_page, axe)
    axe(no_js_page, "plans")
    write_whole_plan(no_js_page, axe, plan_id, PlanFor.MYSELF)
    _finish(no_js_page, axe, plan_id)


@pytest.mark.sqlite_only
@pytest.mark.parametrize("plan_for", [PlanFor.CARER])
def test_carers_plan_by_keyboard(page: Page, axe: Axe, plan_for: PlanFor):
    plan_id = _signed_in_plan(page, axe, plan_for)
    axe(page, "plans")
    write_whole_plan(page, axe, plan_id, plan_for)
    _finish(page, axe, plan_id)
