"""What a plan must contain by law (Care Act s25(1)), and what a plan is made of beyond money.

Used by the task list to show what is still missing, and later by submission.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from fractions import Fraction
from typing import Any

from app.domain.assessment import Assessment
from app.domain.budget import FROM_BUDGET, Line, PaidBy, annual, round_pence
from app.i18n import lazy_gettext as N_

OUTCOME_QUESTIONS = ("outcomes.my_outcomes", "outcomes_carer.my_outcomes")
SUPPORT_PLAN = "needs.support_plan"


class ItemState(StrEnum):
    PRESENT = "present"
    MISSING = "missing"
    NOT_NEEDED = "not_needed"


STATUTORY_LABELS = {
    "needs": N_("The needs found by your assessment"),
    "eligibility": N_("Whether each need meets the eligibility criteria"),
    "needs_to_be_met": N_("The needs the council will meet, and how"),
    "outcomes": N_("The outcomes you want to achieve"),
    "personal_budget": N_("Your personal budget: the cost, what you pay and what the council pays"),
    "advice": N_("Advice on reducing or delaying your needs"),
    "direct_payment": N_("Your direct payment: which needs it meets, how much and how often"),
}
STATUTORY_FIXES = {
    "needs": N_("Your council adds this when it sends your assessment"),
    "eligibility": N_("Your council adds this when it sends your assessment"),
    "needs_to_be_met": N_("Say how each need the council will meet is met, in “How my needs will be met”"),
    "outcomes": N_("Add at least one outcome in “What I want to achieve”"),
    "personal_budget": N_("Add how you want to spend your budget in “My budget”"),
    "advice": N_("Your council adds personal advice with your assessment or when it reviews your plan"),
    "direct_payment": N_("Link each direct payment line in “My budget” to the needs it meets"),
}


@dataclass(frozen=True)
class StatutoryItem:
    key: str
    state: ItemState

    @property
    def label(self) -> str:
        return STATUTORY_LABELS[self.key]

    @property
    def fix(self) -> str:
        return STATUTORY_FIXES[self.key]


def _answered_list(values: Mapping[str, Any], key: str) -> list[dict[str, Any]]:
    value = values.get(key)
    return [item for item in value if isinstance(item, dict)] if isinstance(value, list) else []


def statutory_items(
    assessment: Assessment | None,
    values: Mapping[str, Any],
    lines: Sequence[Line],
    line_links: Mapping[str, Sequence[str]],
) -> list[StatutoryItem]:
    """Each statutory item and whether the plan has it. ``line_links`` maps budget line ids to need keys."""

    def state(present: bool) -> ItemState:
        return ItemState.PRESENT if present else ItemState.MISSING

    needs = assessment.needs if assessment else ()
    covered = {item.get("need") for item in _answered_list(values, SUPPORT_PLAN)}
    to_meet = [need for need in needs if need.council_will_meet]
    direct = [line for line in lines if line.paid_by is PaidBy.DIRECT_PAYMENT]
    return [
        StatutoryItem("needs", state(bool(needs))),
        StatutoryItem("eligibility", state(bool(needs))),
        StatutoryItem("needs_to_be_met", state(bool(to_meet) and all(f"a:{need.id}" in covered for need in to_meet))),
        StatutoryItem("outcomes", state(any(_answered_list(values, key) for key in OUTCOME_QUESTIONS))),
        StatutoryItem(
            "personal_budget",
            state(assessment is not None and any(line.paid_by in FROM_BUDGET for line in lines)),
        ),
        StatutoryItem("advice", state(any(need.advice for need in needs))),
        StatutoryItem(
            "direct_payment",
            ItemState.NOT_NEEDED
            if not direct
            else state(all(line_links.get(line.id) and annual(line.cost) > 0 for line in direct)),
        ),
    ]


@dataclass(frozen=True)
class OutcomeSupport:
    """For one outcome: what the person, their family and friends, their community and paid support do."""

    outcome: str
    by_me: list[str]
    by_family_friends: list[str]
    by_community: list[str]
    by_budget: list[str]
    paid_annual_pence: int


def life_summary(
    values: Mapping[str, Any], lines: Sequence[Line], line_links: Mapping[str, Sequence[str]]
) -> list[OutcomeSupport]:
    """Outcome by outcome, how it is met, so the plan reads as a life and not a shopping list."""
    support_by_need: dict[str, list[dict[str, Any]]] = {}
    for item in _answered_list(values, SUPPORT_PLAN):
        support_by_need.setdefault(str(item.get("need", "")), []).append(item)
    summary = []
    for key in OUTCOME_QUESTIONS:
        for outcome in _answered_list(values, key):
            needs = [str(need) for need in outcome.get("needs") or []]
            supports = [item for need in needs for item in support_by_need.get(need, [])]

            def gather(field: str, supports: list[dict[str, Any]] = supports) -> list[str]:
                return [str(item[field]) for item in supports if item.get(field)]

            linked = {f"o:{outcome.get('id')}", *needs}
            paid = sum(
                (
                    annual(line.cost)
                    for line in lines
                    if set(line_links.get(line.id, ())) & linked and line.paid_by in FROM_BUDGET
                ),
                start=0,
            )
            summary.append(
                OutcomeSupport(
                    outcome=str(outcome.get("outcome", "")),
                    by_me=gather("by_me"),
                    by_family_friends=gather("by_family_friends"),
                    by_community=gather("by_community"),
                    by_budget=gather("by_budget"),
                    paid_annual_pence=round_pence(Fraction(paid)),
                )
            )
    return summary
