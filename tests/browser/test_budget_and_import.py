"""The budget section by keyboard, and importing assessments in the browser, checked with axe."""

from __future__ import annotations

from pathlib import Path

from playwright.sync_api import Page, expect

from app.data import assessments as assessment_data
from app.db import unit_of_work
from app.domain.assessment_formats import parse_file
from app.models import Council
from tests.browser.conftest import Axe, screenshot
from tests.browser.keyboard import choose_radio, follow, tab_to, type_into
from tests.factories import PASSWORD, Factory

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "assessments"


def _demo_council() -> Council:
    council = Factory().council("Demo Council")
    with unit_of_work() as db:
        stored = db.get(Council, council.id)
        assert stored is not None
        stored.slug = "demo"
        db.add(stored)
    council.slug = "demo"
    return council


def _sign_in(page: Page, axe: Axe, email: str) -> None:
    page.goto("/sign-in")
    axe(page)
    type_into(page, page.get_by_label("Email address"), email)
    type_into(page, page.get_by_label("Password", exact=True), PASSWORD)
    follow(page, page.get_by_role("button", name="Sign in"))
    axe(page)


def _person_with_assessment(page: Page, axe: Axe) -> str:
    council = _demo_council()
    factory = Factory()
    person = factory.account()
    plan = factory.plan(person, council)
    parsed = parse_file((FIXTURES / "good-adult.json").read_bytes(), "good-adult.json")
    assert parsed.assessment is not None
    with unit_of_work() as db:
        stored = db.get(Council, council.id)
        assert stored is not None
        outcome = assessment_data.import_assessment(db, stored, parsed.assessment, into=plan)
        assert not outcome.problems
    _sign_in(page, axe, person.email)
    return plan.id


def _add_line(page: Page, axe: Axe, description: str, cost: str, unit: str, quantity: str = "") -> None:
    follow(page, page.get_by_role("button", name="Add something to my budget"))
    axe(page, "new budget line")
    type_into(page, page.get_by_label("What is it?"), description)
    tab_to(page, page.locator("input[name='links']").first)
    page.keyboard.press("Space")
    choose_radio(page, "paid_by", "direct_payment")
    type_into(page, page.get_by_label("How much does it cost?"), cost)
    choose_radio(page, "unit", unit)
    if quantity:
        type_into(page, page.locator("#quantity"), quantity)
        choose_radio(page, "often", "week")
    follow(page, page.get_by_role("button", name="Save", exact=True))
    expect(page.get_by_role("heading", level=1)).to_have_text("My budget")


def test_budget_by_keyboard_with_over_budget_warning(page: Page, axe: Axe):
    plan_id = _person_with_assessment(page, axe)
    page.goto(f"/plans/{plan_id}")
    axe(page)
    follow(page, page.get_by_role("link", name="My budget", exact=True))
    expect(page.get_by_role("heading", level=1)).to_have_text("My budget")
    expect(page.locator("main")).to_contain_text("£12,480.00 a year")
    axe(page, "empty budget")

    # A mistake first: the error is explained and what was typed is kept.
    follow(page, page.get_by_role("button", name="Add something to my budget"))
    axe(page)
    type_into(page, page.get_by_label("How much does it cost?"), "lots")
    follow(page, page.get_by_role("button", name="Save", exact=True))
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter an amount in pounds and pence")
    axe(page, "budget line errors")
    expect(page.get_by_label("How much does it cost?")).to_have_value("lots")
    follow(page, page.get_by_role("link", name="Back"))
    axe(page)

    _add_line(page, axe, "A personal assistant", "16", "hour", "8")
    axe(page, "one line")
    expect(page.locator("main")).to_contain_text("£6,656.00")
    expect(page.locator(".govuk-warning-text")).to_have_count(0)

    _add_line(page, axe, "A short break every month", "600", "month")
    expect(page.locator(".govuk-warning-text")).to_contain_text("more than your indicative budget")
    axe(page, "over budget")
    screenshot(page, "budget-over")

    choose_radio(page, "frequency", "month")
    follow(page, page.get_by_role("button", name="Save how often"))
    axe(page, "after frequency")
    expect(page.locator("#direct-payment + p")).to_contain_text("a month")

    follow(page, page.get_by_role("link", name="Tell your planner you do not think it is enough"))
    axe(page)
    follow(page, page.get_by_role("button", name="Send to my planner"))
    expect(page.locator(".govuk-error-summary")).to_contain_text("Say why")
    axe(page, "challenge error")
    type_into(page, page.locator("#reasons"), "I need help at night too, which the budget does not cover.")
    follow(page, page.get_by_role("button", name="Send to my planner"))
    expect(page.locator("main")).to_contain_text("I need help at night too")
    axe(page, "challenge sent")

    tab_to(page, page.locator("input[name='completed'][value='yes']"))
    page.keyboard.press("Space")
    follow(page, page.get_by_role("button", name="Save and go to the plan"))
    axe(page)
    budget_link = page.get_by_role("link", name="My budget", exact=True)
    budget_row = page.locator(".govuk-task-list__item").filter(has=budget_link)
    expect(budget_row.locator(".govuk-task-list__status")).to_have_text("Completed")


def test_assessment_pages_and_own_words(page: Page, axe: Axe):
    plan_id = _person_with_assessment(page, axe)
    page.goto(f"/plans/{plan_id}/assessment")
    axe(page)
    follow(page, page.get_by_role("link", name="Add your own words").first)
    axe(page)
    type_into(page, page.locator("#words"), "I can manage on good days.")
    follow(page, page.get_by_role("button", name="Save"))
    expect(page.locator("main")).to_contain_text("I can manage on good days.")
    axe(page, "with own words")


def test_planner_imports_and_sees_errors(page: Page, axe: Axe):
    council = _demo_council()
    planner = Factory().planner(council)
    _sign_in(page, axe, planner.email)
    follow(page, page.get_by_role("link", name="Import an assessment"))
    axe(page)
    follow(page, page.get_by_role("button", name="Import"))
    expect(page.locator(".govuk-error-summary")).to_contain_text("Select the assessment file")
    axe(page, "no file")
    page.locator("#file").set_input_files(str(FIXTURES / "bad-schema.json"))
    follow(page, page.get_by_role("button", name="Import"))
    expect(page.get_by_role("heading", level=1)).to_have_text("The assessment could not be imported")
    expect(page.locator("main")).to_contain_text("$.needs[0].eligible")
    axe(page, "import errors")
    screenshot(page, "import-errors")
    page.goto("/council/import")
    page.locator("#file").set_input_files(str(FIXTURES / "good-adult.json"))
    follow(page, page.get_by_role("button", name="Import"))
    expect(page.locator(".govuk-panel")).to_contain_text("Assessment imported")
    axe(page, "imported")
    follow(page, page.get_by_role("link", name="See the assessment in the plan"))
    axe(page, "planner sees assessment")
