"""Writes a whole plan in the browser by keyboard alone, checking every page with axe."""

from __future__ import annotations

from playwright.sync_api import Page, expect

from app.domain.plan_template import AnswerType, Question, SectionKind, load_template
from app.domain.plans import variant_for
from app.models import PlanFor
from tests.browser.conftest import Axe
from tests.browser.keyboard import follow, tab_to, type_into


def _answer(page: Page, question: Question, prefix: str) -> None:
    if question.type in (AnswerType.SHORT_TEXT, AnswerType.LONG_TEXT):
        # The start of the example is enough to show it can be typed; whole paragraphs only slow the test.
        type_into(page, page.locator(f"#{prefix}"), question.example[: min(question.text_limit, 40)])
    elif question.type is AnswerType.CHOICE:
        boxes = page.locator(f"input[name='{prefix}']")
        if boxes.count() == 0:
            return
        tab_to(page, boxes.first)
        page.keyboard.press("Space")
    elif question.type is AnswerType.YES_NO:
        tab_to(page, page.locator(f"input[name='{prefix}'][value='yes']"))
        page.keyboard.press("Space")
    elif question.type is AnswerType.DATE:
        for part, value in (("day", "1"), ("month", "9"), ("year", "2023")):
            type_into(page, page.locator(f"#{prefix}-{part}"), value)
    elif question.type is AnswerType.MONEY:
        type_into(page, page.locator(f"#{prefix}"), "25.00")
    elif question.type is AnswerType.PERSON:
        type_into(page, page.locator(f"#{prefix}-name"), "Kerry Walsh")


def write_whole_plan(page: Page, axe: Axe, plan_id: str, plan_for: PlanFor) -> int:
    """Every section: every question by keyboard, check answers, mark complete. Returns pages checked."""
    template = load_template()
    checked = 0
    page.goto(f"/plans/{plan_id}")
    axe(page, "task list")
    for section in template.sections_for(variant_for(plan_for)):
        if section.kind is not SectionKind.QUESTIONS:
            continue
        follow(page, page.get_by_role("link", name=section.title, exact=True))
        for question in section.questions:
            expect(page.get_by_role("heading", level=1)).to_have_text(question.label)
            axe(page, f"{section.key}/{question.key}")
            checked += 1
            if question.type is AnswerType.LIST:
                add = page.get_by_role("button", name=f"Add a {question.item_label}", exact=True)
                follow(page, add)
                axe(page, f"{section.key}/{question.key}/new item")
                for item_field in question.fields:
                    _answer(page, item_field, f"item-{item_field.key}")
                follow(page, page.get_by_role("button", name="Save", exact=True))
                expect(page.get_by_role("heading", level=1)).to_have_text(question.label)
                axe(page, f"{section.key}/{question.key} with an item")
                follow(page, page.get_by_role("button", name="Continue", exact=True))
            else:
                _answer(page, question, "answer")
                follow(page, page.get_by_role("button", name="Save and continue"))
        expect(page.get_by_role("heading", level=1)).to_have_text("Check your answers")
        axe(page, f"{section.key} check answers")
        tab_to(page, page.locator("input[name='completed'][value='yes']"))
        page.keyboard.press("Space")
        follow(page, page.get_by_role("button", name="Save and go to the plan"))
        expect(page.locator(".govuk-notification-banner")).to_contain_text("as complete")
        axe(page, f"task list after {section.key}")
    return checked
