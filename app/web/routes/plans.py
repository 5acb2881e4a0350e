"""A person's plans: starting one, the task list, and who has looked at it."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.responses import RedirectResponse, Response

from app.data import answers as answer_data
from app.data import assessments as assessment_data
from app.data import budget as budget_data
from app.data import councils, plans
from app.domain.completeness import statutory_items
from app.domain.document import build_document, flagged
from app.domain.permissions import Action
from app.domain.plan_template import Option, load_template
from app.domain.plans import SectionProgress, count_completed, task_list, variant_for
from app.domain.sections import STATUS_LABELS, STATUS_TAG_CLASSES
from app.domain.wizard import need_options
from app.i18n import _
from app.models import PlanFor
from app.web.deps import CurrentUser, DbSession, Form, PlanContext, plan_for, take_kept_form
from app.web.flash import flash
from app.web.forms import FormErrors, text
from app.web.templating import render

router = APIRouter()

ViewablePlan = Annotated[PlanContext, Depends(plan_for(Action.VIEW))]
OwnActivity = Annotated[PlanContext, Depends(plan_for(Action.VIEW_ACTIVITY))]


@router.get("/plans")
def my_plans(request: Request, db: DbSession, user: CurrentUser) -> Response:
    owned = plans.plans_owned_by(db, user.account_id)
    return render(request, "plans/index.html", {"plans": owned})


def _plan_for_options() -> list[dict[str, object]]:
    return [
        {"value": PlanFor.MYSELF.value, "text": _("For myself"), "hint": {"text": _("I need care and support")}},
        {
            "value": PlanFor.CARER.value,
            "text": _("As a carer"),
            "hint": {"text": _("I look after someone and want a support plan for my caring role")},
        },
        {
            "value": PlanFor.SOMEONE_I_SUPPORT.value,
            "text": _("For someone I support"),
            "hint": {"text": _("I am helping someone else write their plan, with them or on their behalf")},
        },
    ]


@router.get("/plans/new")
def new_plan_page(request: Request, db: DbSession, user: CurrentUser) -> Response:
    values = {key: items[0] for key, items in (take_kept_form(request, db, user) or {}).items() if items}
    return render(request, "plans/new.html", _new_plan_context(db, values, None))


def _new_plan_context(db: DbSession, values: dict[str, str], errors: FormErrors | None) -> dict[str, object]:
    council_list = councils.list_councils(db)
    return {
        "values": values,
        "errors": errors,
        "plan_for_options": _plan_for_options(),
        "councils": council_list,
    }


@router.post("/plans/new")
def create_plan(request: Request, db: DbSession, user: CurrentUser, form: Form) -> Response:
    values = {
        "plan_for": text(form, "plan_for", 40),
        "subject_name": text(form, "subject_name", 200).strip(),
        "council": text(form, "council", 20),
    }
    errors = FormErrors()
    council_list = councils.list_councils(db)
    if values["plan_for"] not in {option.value for option in PlanFor}:
        errors.add("plan_for", _("Select who the plan is for"))
    elif values["plan_for"] == PlanFor.SOMEONE_I_SUPPORT and not values["subject_name"]:
        errors.add("subject_name", _("Enter the name of the person you support"))
    if len(values["subject_name"]) > 200:
        errors.add("subject_name", _("Name must be 200 characters or fewer"))
    council_ids = {str(council.id) for council in council_list}
    if len(council_list) == 1:
        values["council"] = str(council_list[0].id)
    elif values["council"] not in council_ids:
        errors.add("council", _("Select your council"))
    if errors:
        return render(request, "plans/new.html", _new_plan_context(db, values, errors), status_code=400)
    plan = plans.create_plan(
        db,
        owner_id=user.account_id,
        council_id=int(values["council"]),
        plan_for=PlanFor(values["plan_for"]),
        subject_name=values["subject_name"] if values["plan_for"] == PlanFor.SOMEONE_I_SUPPORT else "",
    )
    response = RedirectResponse(f"/plans/{plan.id}", status_code=303)
    flash(response, _("Your plan has been started"))
    return response


@router.get("/plans/{plan_id}")
def plan_task_list(request: Request, db: DbSession, access: ViewablePlan) -> Response:
    template = load_template()
    states = plans.section_states(db, access.plan.id)
    stored = answer_data.answers_for_plan(db, access.plan.id)
    values = {key: answer.value for key, answer in stored.items()}
    answered = {answer.section_key for answer in stored.values() if answer.value is not None}
    if answer_data.own_sections(db, access.plan.id):
        answered.add("own_sections")
    budget_lines = budget_data.lines_for(db, access.plan.id)
    if budget_lines:
        answered.add("budget")
    progress = {
        key: SectionProgress(
            started_at=states[key].started_at if key in states else None,
            completed_at=states[key].completed_at if key in states else None,
            has_content=key in answered,
        )
        for key in set(states) | answered
    }
    items = task_list(template, access.plan.plan_for, progress)
    current = assessment_data.current_assessment(db, access.plan.id)
    statutory = statutory_items(
        current[1] if current else None,
        values,
        [budget_data.as_domain(line) for line in budget_lines],
        {line.id: line.links for line in budget_lines},
    )
    return render(
        request,
        "plans/task_list.html",
        {
            "access": access,
            "plan": access.plan,
            "items": items,
            "completed": count_completed(items),
            "status_labels": STATUS_LABELS,
            "status_classes": STATUS_TAG_CLASSES,
            "variant": variant_for(access.plan.plan_for),
            "is_owner": access.allows(Action.EDIT),
            "assessment": current[1] if current else None,
            "statutory": statutory,
        },
    )


@router.get("/plans/{plan_id}/plan")
def whole_plan(request: Request, db: DbSession, access: ViewablePlan) -> Response:
    """The whole plan as one readable, printable page, in the first person."""
    template = load_template()
    variant = variant_for(access.plan.plan_for)
    values = {key: answer.value for key, answer in answer_data.answers_for_plan(db, access.plan.id).items()}
    needs: list[Option] = need_options([], values.get("needs.my_needs"))
    document = build_document(
        template,
        variant,
        values,
        {"needs": needs, "need": needs},
        answer_data.own_sections(db, access.plan.id),
        answer_data.attachments_for(db, access.plan.id),
    )
    return render(
        request,
        "plans/whole_plan.html",
        {
            "plan": access.plan,
            "document": document,
            "communication": flagged(template, variant, values, "communication"),
            "attachments": answer_data.attachments_for(db, access.plan.id),
        },
    )


@router.get("/plans/{plan_id}/activity")
def plan_activity(request: Request, db: DbSession, access: OwnActivity) -> Response:
    rows = plans.plan_activity(db, access.plan.id)
    titles = {key: section.title for key, section in load_template().sections.items()}
    return render(
        request, "plans/activity.html", {"plan": access.plan, "rows": rows, "user": access.user, "titles": titles}
    )
