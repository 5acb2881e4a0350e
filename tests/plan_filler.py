"""Fills in a whole plan through the web, the way a person would, from the template itself."""

from __future__ import annotations

import re

from app.domain.plan_template import AnswerType, Question, SectionKind, load_template
from app.domain.plans import variant_for
from app.models import Plan
from tests.web import WebClient

DATE_PARTS = ("day", "month", "year")


def form_for(question: Question, prefix: str, option_values: list[str]) -> dict[str, str | list[str]]:
    """A valid answer for any question type, taken from its example where it can be."""
    if question.type in (AnswerType.SHORT_TEXT, AnswerType.LONG_TEXT):
        return {prefix: question.example[: question.text_limit]}
    if question.type is AnswerType.CHOICE:
        if not option_values:
            return {}
        return {prefix: option_values[:2] if question.multiple else option_values[0]}
    if question.type is AnswerType.YES_NO:
        return {prefix: "yes"}
    if question.type is AnswerType.DATE:
        return dict(zip((f"{prefix}-{part}" for part in DATE_PARTS), ("1", "9", "2023"), strict=True))
    if question.type is AnswerType.MONEY:
        return {prefix: "25.00"}
    if question.type is AnswerType.PERSON:
        return {f"{prefix}-name": "Kerry Walsh", f"{prefix}-relationship": "Sister", f"{prefix}-phone": "07700 900123"}
    raise AssertionError(question.type)


def option_values(html: str, name: str) -> list[str]:
    return re.findall(rf'name="{re.escape(name)}"[^>]*value="([^"]*)"', html) or re.findall(
        rf'value="([^"]*)"[^>]*name="{re.escape(name)}"', html
    )


def fill_plan(client: WebClient, plan: Plan, complete: bool = True) -> int:
    """Answers every question of every section and marks each complete; returns questions answered."""
    template = load_template()
    answered = 0
    for section in template.sections_for(variant_for(plan.plan_for)):
        if section.kind is not SectionKind.QUESTIONS:
            continue
        base = f"/plans/{plan.id}/sections/{section.key}"
        for question in section.questions:
            url = f"{base}/{question.key}"
            if question.type is AnswerType.LIST:
                page = client.page(f"{url}/items/new")
                data: dict[str, str | list[str]] = {}
                for item_field in question.fields:
                    prefix = f"item-{item_field.key}"
                    data.update(form_for(item_field, prefix, option_values(page.response.text, prefix)))
                response = client.submit(f"{url}/items/new", data, form_page=f"{url}/items/new")
                assert response.status_code == 303, (url, response.text[:3000])
                client.page(url)
            else:
                page = client.page(url)
                data = form_for(question, "answer", option_values(page.response.text, "answer"))
                data["version"] = page.value_of("version")
                response = client.submit(url, data, form_page=url)
                assert response.status_code == 303, (url, response.text[:3000])
            answered += 1
        if complete:
            response = client.submit(f"{base}/check", {"completed": "yes"})
            assert response.status_code == 303, (section.key, response.text[:3000])
    return answered
