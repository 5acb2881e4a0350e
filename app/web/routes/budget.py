"""My budget: the indicative budget, how the person wants to spend it, and saying it is not enough."""

from __future__ import annotations

from fractions import Fraction
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import RedirectResponse, Response
from sqlmodel import Session

from app.data import answers as answer_data
from app.data import assessments as assessment_data
from app.data import budget as budget_data
from app.data import plans as plan_data
from app.domain.answers import clean_text
from app.domain.assessment import Period
from app.domain.budget import (
    COST_UNIT_LABELS,
    PAID_BY_LABELS,
    PERIOD_LABELS,
    CostUnit,
    PaidBy,
    annual,
    check_line,
    round_pence,
    summarise,
    to_annual,
)
from app.domain.completeness import life_summary
from app.domain.permissions import Action
from app.domain.wizard import need_options
from app.i18n import _
from app.web.deps import DbSession, Form, NotFound, PlanContext, plan_for
from app.web.flash import flash
from app.web.forms import FormErrors, confirmed, text
from app.web.templating import render

router = APIRouter()

Viewable = Annotated[PlanContext, Depends(plan_for(Action.VIEW))]
Editable = Annotated[PlanContext, Depends(plan_for(Action.EDIT))]

SECTION_KEY = "budget"
REASONS_LIMIT = 5000


def link_options(db: Session, plan_id: str) -> list[dict[str, str]]:
    """What a budget line can be for: the person's needs (imported and their own) and their outcomes."""
    values = {key: answer.value for key, answer in answer_data.answers_for_plan(db, plan_id).items()}
    current = assessment_data.current_assessment(db, plan_id)
    imported = [(need.id, need.description) for need in current[1].needs] if current else []
    options = [
        {"value": option.value, "text": option.text} for option in need_options(imported, values.get("needs.my_needs"))
    ]
    for key in ("outcomes.my_outcomes", "outcomes_carer.my_outcomes"):
        for item in values.get(key) or []:
            if isinstance(item, dict) and item.get("id") and item.get("outcome"):
                options.append({"value": f"o:{item['id']}", "text": str(item["outcome"])})
    return options


def _overview(db: Session, access: PlanContext, errors: FormErrors | None = None) -> dict[str, Any]:
    plan_id = access.plan.id
    current = assessment_data.current_assessment(db, plan_id)
    assessment = current[1] if current else None
    stored = budget_data.lines_for(db, plan_id)
    lines = [budget_data.as_domain(line) for line in stored]
    contribution = (
        to_annual(assessment.budget.contribution.amount_pence, assessment.budget.contribution.period)
        if assessment
        else Fraction(0)
    )
    summary = summarise(lines, assessment.budget.indicative_annual_pence if assessment else 0, contribution)
    settings = budget_data.settings_for(db, plan_id)
    values = {key: answer.value for key, answer in answer_data.answers_for_plan(db, plan_id).items()}
    links = {line.id: line.links for line in stored}
    state = plan_data.section_states(db, plan_id).get(SECTION_KEY)
    return {
        "plan": access.plan,
        "assessment": assessment,
        "rows": [
            (line, budget_data.as_domain(line), round_pence(annual(budget_data.as_domain(line).cost)))
            for line in stored
        ],
        "summary": summary,
        "settings": settings,
        "frequency": Period(settings.direct_payment_frequency),
        "link_labels": {option["value"]: option["text"] for option in link_options(db, plan_id)},
        "challenges": budget_data.challenges_for(db, plan_id),
        "life": life_summary(values, lines, links),
        "can_edit": access.allows(Action.EDIT),
        "completed": bool(state and state.completed_at),
        "errors": errors,
        "paid_by_labels": PAID_BY_LABELS,
        "cost_unit_labels": COST_UNIT_LABELS,
        "period_labels": PERIOD_LABELS,
        "Period": Period,
    }


@router.get("/plans/{plan_id}/budget")
def budget_page(request: Request, db: DbSession, access: Viewable) -> Response:
    return render(request, "budget/index.html", _overview(db, access))


@router.post("/plans/{plan_id}/budget")
def budget_settings(request: Request, db: DbSession, access: Editable, form: Form) -> Response:
    """The direct payment frequency, and marking the budget section complete."""
    errors = FormErrors()
    frequency = form.get("frequency")
    completed = form.get("completed")
    if frequency is not None:
        if frequency not in (Period.FOUR_WEEKS.value, Period.MONTH.value, Period.WEEK.value):
            errors.add("frequency", _("Select how often you want the direct payment"))
        else:
            settings = budget_data.settings_for(db, access.plan.id)
            settings.direct_payment_frequency = str(frequency)
            budget_data.save_settings(db, settings)
            plan_data.note_change(db, access.plan, SECTION_KEY, access.user.account_id)
            return RedirectResponse(f"/plans/{access.plan.id}/budget#direct-payment", status_code=303)
    elif completed not in ("yes", "no"):
        errors.add("completed", _("Select yes if you have finished this section"))
    elif completed == "yes" and not budget_data.lines_for(db, access.plan.id):
        errors.add("completed", _("Add at least one thing to your budget before you mark it as complete"))
    if errors:
        return render(request, "budget/index.html", _overview(db, access, errors), status_code=400)
    plan_data.mark_section_completed(db, access.plan.id, SECTION_KEY, completed=completed == "yes")
    response = RedirectResponse(f"/plans/{access.plan.id}", status_code=303)
    if completed == "yes":
        flash(response, _("You have marked “%(section)s” as complete", section=_("My budget")))
    return response


def _line_context(
    db: Session, access: PlanContext, line_id: str, values: dict[str, Any], version: int, errors: FormErrors | None
) -> dict[str, Any]:
    return {
        "plan": access.plan,
        "line_id": line_id,
        "values": values,
        "version": version,
        "errors": errors,
        "link_options": link_options(db, access.plan.id),
        "paid_by_options": [{"value": key.value, "text": _(label)} for key, label in PAID_BY_LABELS.items()],
        "unit_options": [{"value": key.value, "text": _(label)} for key, label in COST_UNIT_LABELS.items()],
        "often_options": [{"value": key.value, "text": _(label)} for key, label in PERIOD_LABELS.items()],
    }


@router.get("/plans/{plan_id}/budget/lines/{line_id}")
def line_page(request: Request, db: DbSession, access: Editable, line_id: str) -> Response:
    values: dict[str, Any] = {
        "paid_by": PaidBy.DIRECT_PAYMENT.value,
        "unit": CostUnit.HOUR.value,
        "often": "week",
        "links": [],
    }
    version = 0
    if line_id != "new":
        line = budget_data.get_line(db, access.plan.id, line_id)
        if line is None:
            raise NotFound
        values = {
            "description": line.description,
            "provider": line.provider,
            "paid_by": line.paid_by,
            "cost": f"{line.unit_pence / 100:.2f}",
            "unit": line.unit,
            "quantity": line.quantity,
            "often": line.often,
            "flexible": "yes" if line.flexible else "",
            "links": line.links,
        }
        version = line.version
    return render(request, "budget/line.html", _line_context(db, access, line_id, values, version, None))


@router.post("/plans/{plan_id}/budget/lines/{line_id}")
def save_line(request: Request, db: DbSession, access: Editable, form: Form, line_id: str) -> Response:
    line = None if line_id == "new" else budget_data.get_line(db, access.plan.id, line_id)
    if line_id != "new" and line is None:
        raise NotFound
    typed = {
        key: text(form, key, 1000)
        for key in ("description", "provider", "paid_by", "cost", "unit", "quantity", "often", "flexible")
    }
    links = [value for value in form.getlist("links") if isinstance(value, str)]
    allowed = {option["value"] for option in link_options(db, access.plan.id)}
    checked = check_line(typed, links, allowed)
    version_text = form.get("version")
    expected = int(version_text) if isinstance(version_text, str) and version_text.isdigit() else None
    values: dict[str, Any] = {**typed, "links": links}
    if checked.errors:
        return render(
            request,
            "budget/line.html",
            _line_context(db, access, line_id, values, expected or 0, FormErrors(dict(checked.errors))),
            status_code=400,
        )
    try:
        budget_data.save_line(db, access.plan.id, line, checked.fields, access.user.account_id, expected)
    except budget_data.LineConflict as conflict:
        errors = FormErrors()
        errors.add(
            "description", _("Someone else changed this line while you were editing. Check it, then save again.")
        )
        return render(
            request,
            "budget/line.html",
            _line_context(db, access, line_id, values, conflict.current.version, errors),
            status_code=409,
        )
    plan_data.note_change(db, access.plan, SECTION_KEY, access.user.account_id)
    return RedirectResponse(f"/plans/{access.plan.id}/budget", status_code=303)


@router.get("/plans/{plan_id}/budget/lines/{line_id}/remove")
def remove_line_page(request: Request, db: DbSession, access: Editable, line_id: str) -> Response:
    line = budget_data.get_line(db, access.plan.id, line_id)
    if line is None:
        raise NotFound
    return render(request, "confirm_remove.html", _remove_context(access, line, None))


def _remove_context(access: PlanContext, line: Any, errors: FormErrors | None) -> dict[str, Any]:
    return {
        "plan": access.plan,
        "what": line.description,
        "caption": _("My budget"),
        "back_url": f"/plans/{access.plan.id}/budget",
        "action_url": f"/plans/{access.plan.id}/budget/lines/{line.id}/remove",
        "errors": errors,
    }


@router.post("/plans/{plan_id}/budget/lines/{line_id}/remove")
def remove_line(request: Request, db: DbSession, access: Editable, form: Form, line_id: str) -> Response:
    line = budget_data.get_line(db, access.plan.id, line_id)
    if line is None:
        raise NotFound
    remove, errors = confirmed(form)
    if remove is None:
        return render(request, "confirm_remove.html", _remove_context(access, line, errors), status_code=400)
    if remove:
        budget_data.delete_line(db, line)
        plan_data.note_change(db, access.plan, SECTION_KEY, access.user.account_id)
    return RedirectResponse(f"/plans/{access.plan.id}/budget", status_code=303)


@router.get("/plans/{plan_id}/budget/challenge")
def challenge_page(request: Request, access: Editable) -> Response:
    return render(request, "budget/challenge.html", {"plan": access.plan, "values": {}, "errors": None})


@router.post("/plans/{plan_id}/budget/challenge")
def challenge(request: Request, db: DbSession, access: Editable, form: Form) -> Response:
    reasons = clean_text(text(form, "reasons", REASONS_LIMIT + 1000))
    errors = FormErrors()
    if not reasons:
        errors.add("reasons", _("Say why you think your budget is not enough"))
    elif len(reasons) > REASONS_LIMIT:
        errors.add(
            "reasons",
            _(
                "Your answer must be %(limit)s characters or fewer. It is %(count)s characters.",
                limit=f"{REASONS_LIMIT:,}",
                count=f"{len(reasons):,}",
            ),
        )
    if errors:
        return render(
            request,
            "budget/challenge.html",
            {"plan": access.plan, "values": {"reasons": reasons}, "errors": errors},
            status_code=400,
        )
    budget_data.add_challenge(db, access.plan.id, access.user.account_id, reasons)
    plan_data.record_event(db, access.plan.id, access.user.account_id, "budget_challenged")
    response = RedirectResponse(f"/plans/{access.plan.id}/budget", status_code=303)
    flash(response, _("Your planner will see that you do not think your budget is enough, and why"))
    return response
