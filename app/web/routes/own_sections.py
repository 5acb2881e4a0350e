"""My own sections: anything else that matters to the person, under titles they choose."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import RedirectResponse, Response
from sqlmodel import Session

from app.data import answers as answer_data
from app.data import plans as plan_data
from app.domain.answers import clean_text
from app.domain.permissions import Action
from app.i18n import _
from app.web.deps import DbSession, Form, NotFound, PlanContext, plan_for
from app.web.flash import flash
from app.web.forms import FormErrors, confirmed, text
from app.web.templating import render

router = APIRouter()

Viewable = Annotated[PlanContext, Depends(plan_for(Action.VIEW))]
Editable = Annotated[PlanContext, Depends(plan_for(Action.EDIT))]

SECTION_KEY = "own_sections"
TITLE_LIMIT = 200
BODY_LIMIT = 20000


def _list_context(db: Session, access: PlanContext, errors: FormErrors | None) -> dict[str, Any]:
    attachments = answer_data.attachments_for(db, access.plan.id)
    state = plan_data.section_states(db, access.plan.id).get(SECTION_KEY)
    return {
        "plan": access.plan,
        "own_sections": answer_data.own_sections(db, access.plan.id),
        "attachments_by_section": {
            own.id: [item for item in attachments if item.own_section_id == own.id]
            for own in answer_data.own_sections(db, access.plan.id)
        },
        "can_edit": access.allows(Action.EDIT),
        "completed": bool(state and state.completed_at),
        "errors": errors,
    }


@router.get("/plans/{plan_id}/own-sections")
def own_sections_page(request: Request, db: DbSession, access: Viewable) -> Response:
    return render(request, "own_sections/index.html", _list_context(db, access, None))


@router.post("/plans/{plan_id}/own-sections")
def complete_own_sections(request: Request, db: DbSession, access: Editable, form: Form) -> Response:
    choice = form.get("completed")
    if choice not in ("yes", "no"):
        errors = FormErrors()
        errors.add("completed", _("Select yes if you have finished this section"))
        return render(request, "own_sections/index.html", _list_context(db, access, errors), status_code=400)
    plan_data.mark_section_completed(db, access.plan.id, SECTION_KEY, completed=choice == "yes")
    response = RedirectResponse(f"/plans/{access.plan.id}", status_code=303)
    if choice == "yes":
        flash(response, _("You have marked “%(section)s” as complete", section=_("My own sections")))
    return response


def _edit_context(
    access: PlanContext, own_id: str, values: dict[str, str], version: int, errors: FormErrors | None, restored: bool
) -> dict[str, Any]:
    return {
        "plan": access.plan,
        "own_id": own_id,
        "values": values,
        "version": version,
        "errors": errors,
        "restored": restored,
        "action_url": f"/plans/{access.plan.id}/own-sections/{own_id}",
        "back_url": f"/plans/{access.plan.id}/own-sections",
        "title_limit": TITLE_LIMIT,
        "body_limit": BODY_LIMIT,
    }


@router.get("/plans/{plan_id}/own-sections/{own_id}")
def edit_page(request: Request, db: DbSession, access: Editable, own_id: str) -> Response:
    draft = answer_data.drafts_for(db, access.plan.id, access.user.account_id).get(f"own#{own_id}")
    version = 0
    if own_id == "new":
        values = {"title": "", "body": ""}
    else:
        own = answer_data.get_own_section(db, access.plan.id, own_id)
        if own is None:
            raise NotFound
        values, version = {"title": own.title, "body": own.body}, own.version
    if draft:
        values = dict(draft)
    return render(request, "own_sections/edit.html", _edit_context(access, own_id, values, version, None, bool(draft)))


@router.post("/plans/{plan_id}/own-sections/{own_id}")
def save_own_section(request: Request, db: DbSession, access: Editable, form: Form, own_id: str) -> Response:
    own = None if own_id == "new" else answer_data.get_own_section(db, access.plan.id, own_id)
    if own_id != "new" and own is None:
        raise NotFound
    values = {"title": clean_text(text(form, "title", TITLE_LIMIT)), "body": clean_text(text(form, "body", BODY_LIMIT))}
    action = str(form.get("action") or "save")
    draft_key = f"own#{own_id}"
    if action == "back":
        answer_data.keep_draft(db, access.plan.id, draft_key, access.user.account_id, values)
        return RedirectResponse(f"/plans/{access.plan.id}/own-sections", status_code=303)
    if action == "autosave":
        answer_data.keep_draft(db, access.plan.id, draft_key, access.user.account_id, values)
        return render(
            request,
            "sections/_save_status.html",
            {"message": _("Draft kept. Select Save to add it to your plan."), "version": form.get("version") or 0},
        )
    errors = FormErrors()
    if not values["title"]:
        errors.add("title", _("Enter a title for this section"))
    elif len(values["title"]) > TITLE_LIMIT:
        errors.add("title", _("Title must be %(limit)s characters or fewer", limit=TITLE_LIMIT))
    if len(values["body"]) > BODY_LIMIT:
        errors.add(
            "body",
            _(
                "Your answer must be %(limit)s characters or fewer. It is %(count)s characters.",
                limit=f"{BODY_LIMIT:,}",
                count=f"{len(values['body']):,}",
            ),
        )
    version_text = form.get("version")
    expected = int(version_text) if isinstance(version_text, str) and version_text.isdigit() else None
    if errors:
        answer_data.keep_draft(db, access.plan.id, draft_key, access.user.account_id, values)
        return render(
            request,
            "own_sections/edit.html",
            _edit_context(access, own_id, values, expected or 0, errors, False),
            status_code=400,
        )
    try:
        answer_data.save_own_section(db, access.plan.id, own, values["title"], values["body"], expected)
    except answer_data.OwnSectionConflict as conflict:
        errors.add(
            "body",
            _(
                "Someone else changed this section while you were writing. Their version is: %(text)s. "
                "Save again to replace it with yours.",
                text=conflict.current.body[:500],
            ),
        )
        return render(
            request,
            "own_sections/edit.html",
            _edit_context(access, own_id, values, conflict.current.version, errors, False),
            status_code=409,
        )
    answer_data.clear_draft(db, access.plan.id, draft_key, access.user.account_id)
    plan_data.note_change(db, access.plan, SECTION_KEY, access.user.account_id)
    return RedirectResponse(f"/plans/{access.plan.id}/own-sections", status_code=303)


@router.get("/plans/{plan_id}/own-sections/{own_id}/remove")
def remove_page(request: Request, db: DbSession, access: Editable, own_id: str) -> Response:
    own = answer_data.get_own_section(db, access.plan.id, own_id)
    if own is None:
        raise NotFound
    return render(request, "confirm_remove.html", _remove_context(access, own, None))


def _remove_context(access: PlanContext, own: Any, errors: FormErrors | None) -> dict[str, Any]:
    return {
        "plan": access.plan,
        "what": own.title,
        "caption": _("My own sections"),
        "back_url": f"/plans/{access.plan.id}/own-sections",
        "action_url": f"/plans/{access.plan.id}/own-sections/{own.id}/remove",
        "errors": errors,
    }


@router.post("/plans/{plan_id}/own-sections/{own_id}/remove")
def remove(request: Request, db: DbSession, access: Editable, form: Form, own_id: str) -> Response:
    own = answer_data.get_own_section(db, access.plan.id, own_id)
    if own is None:
        raise NotFound
    remove, errors = confirmed(form)
    if remove is None:
        return render(request, "confirm_remove.html", _remove_context(access, own, errors), status_code=400)
    if remove:
        answer_data.delete_own_section(db, own)
        plan_data.note_change(db, access.plan, SECTION_KEY, access.user.account_id)
    return RedirectResponse(f"/plans/{access.plan.id}/own-sections", status_code=303)
