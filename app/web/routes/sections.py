"""The wizard: every section's question pages, lists, check-your-answers, from the template.

One set of routes serves every section and question the template declares.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import RedirectResponse, Response
from sqlmodel import Session
from starlette.datastructures import FormData

from app.data import answers as answer_data
from app.data import plans as plan_data
from app.domain import answers as answer_rules
from app.domain.permissions import Action
from app.domain.plan_template import Option, Question, Section, SectionKind, load_template
from app.domain.plans import variant_for
from app.domain.wizard import SectionRunner, completion_problems, is_list, need_options, question_key
from app.i18n import _, format_datetime
from app.models import new_id, utcnow
from app.web.deps import DbSession, Form, NotFound, PlanContext, plan_for
from app.web.flash import flash
from app.web.forms import FormErrors, confirmed
from app.web.templating import render

router = APIRouter()

Viewable = Annotated[PlanContext, Depends(plan_for(Action.VIEW))]
Editable = Annotated[PlanContext, Depends(plan_for(Action.EDIT))]

ANSWER = "answer"
NEEDS_QUESTION = "needs.my_needs"


def _section(access: PlanContext, section_key: str) -> Section:
    section = load_template().section_for(variant_for(access.plan.plan_for), section_key)
    if section is None:
        raise NotFound
    return section


def _question(section: Section, key: str) -> Question:
    question = section.question(key)
    if question is None:
        raise NotFound
    return question


def _list_question(access: PlanContext, section_key: str, question_name: str) -> tuple[Section, Question]:
    section = _section(access, section_key)
    question = _question(section, question_name)
    if not is_list(question):
        raise NotFound
    return section, question


def _form_lists(form: FormData) -> dict[str, list[str]]:
    return {key: [value for value in form.getlist(key) if isinstance(value, str)] for key in form}


def _int(form: FormData, name: str) -> int | None:
    value = form.get(name)
    return int(value) if isinstance(value, str) and value.isdigit() else None


def _options(db: Session, plan_id: str, question: Question) -> list[Option]:
    """Options for a choice: from the template, or the person's needs for ``options_from: needs``."""
    if question.options_from != "needs":
        return list(question.options)
    own = answer_data.get_answer(db, plan_id, NEEDS_QUESTION)
    return need_options([], own.value if own else None)


def _item_options(db: Session, plan_id: str, question: Question) -> dict[str, list[Option]]:
    return {item.key: _options(db, plan_id, item) for item in question.fields}


def _save_status(saved: bool, message: str = "") -> str:
    if saved:
        return _("Saved at %(time)s", time=format_datetime(utcnow()).split(", ")[-1])
    return message


# Opening a section ----------------------------------------------------------------------


@router.get("/plans/{plan_id}/sections/{section_key}")
def open_section(request: Request, db: DbSession, access: Viewable, section_key: str) -> Response:
    section = _section(access, section_key)
    if section.kind is SectionKind.BUDGET:
        return RedirectResponse(f"/plans/{access.plan.id}/budget", status_code=303)
    if section.kind is SectionKind.OWN_SECTIONS:
        return RedirectResponse(f"/plans/{access.plan.id}/own-sections", status_code=303)
    runner = SectionRunner(access.plan.id, section)
    state = plan_data.section_states(db, access.plan.id).get(section.key)
    started = bool(state and state.started_at) or bool(answer_data.answers_for_section(db, access.plan.id, section.key))
    if not access.allows(Action.EDIT):
        return RedirectResponse(runner.check_url, status_code=303)
    return RedirectResponse(runner.entry_url(started), status_code=303)


# Check your answers, and marking a section complete ----------------------------------------


def _check_context(db: Session, access: PlanContext, section: Section, errors: FormErrors | None) -> dict[str, Any]:
    stored = answer_data.answers_for_section(db, access.plan.id, section.key)
    values = {key: answer.value for key, answer in stored.items()}
    drafts = answer_data.drafts_for(db, access.plan.id, access.user.account_id)
    rows = []
    for question in section.questions:
        key = question_key(section, question)
        value = values.get(key)
        if is_list(question):
            options_for = _item_options(db, access.plan.id, question)
            items = [
                {
                    "title": answer_rules.item_title(question, item, options_for),
                    "fields": [
                        (
                            item_field,
                            answer_rules.display(item_field, item.get(item_field.key), options_for[item_field.key]),
                        )
                        for item_field in question.fields
                        if item_field.key != question.summary_field
                        and answer_rules.is_answered(item.get(item_field.key))
                    ],
                }
                for item in (value or [])
            ]
            rows.append({"question": question, "list_items": items, "lines": [], "unsaved": False})
        else:
            lines = answer_rules.display(question, value, _options(db, access.plan.id, question))
            rows.append({"question": question, "lines": lines, "list_items": None, "unsaved": key in drafts})
    state = plan_data.section_states(db, access.plan.id).get(section.key)
    return {
        "plan": access.plan,
        "section": section,
        "runner": SectionRunner(access.plan.id, section),
        "rows": rows,
        "can_edit": access.allows(Action.EDIT),
        "completed": bool(state and state.completed_at),
        "errors": errors,
        "attachments": [a for a in answer_data.attachments_for(db, access.plan.id) if a.section_key == section.key],
    }


@router.get("/plans/{plan_id}/sections/{section_key}/check")
def check_answers(request: Request, db: DbSession, access: Viewable, section_key: str) -> Response:
    section = _section(access, section_key)
    if section.kind is not SectionKind.QUESTIONS:
        raise NotFound
    return render(request, "sections/check.html", _check_context(db, access, section, None))


@router.post("/plans/{plan_id}/sections/{section_key}/check")
def complete_section(request: Request, db: DbSession, access: Editable, form: Form, section_key: str) -> Response:
    section = _section(access, section_key)
    if section.kind is not SectionKind.QUESTIONS:
        raise NotFound
    choice = form.get("completed")
    errors = FormErrors()
    if choice not in ("yes", "no"):
        errors.add("completed", _("Select yes if you have finished this section"))
    elif choice == "yes":
        stored = answer_data.answers_for_section(db, access.plan.id, section.key)
        values = {key: answer.value for key, answer in stored.items()}
        unsaved = list(answer_data.drafts_for(db, access.plan.id, access.user.account_id))
        for problem in completion_problems(section, values, unsaved):
            errors.add("completed", problem.message)
            break
    if errors:
        return render(request, "sections/check.html", _check_context(db, access, section, errors), status_code=400)
    plan_data.mark_section_completed(db, access.plan.id, section.key, completed=choice == "yes")
    if choice == "yes":
        plan_data.record_event(db, access.plan.id, access.user.account_id, "section_completed", section.key)
    response = RedirectResponse(f"/plans/{access.plan.id}", status_code=303)
    if choice == "yes":
        flash(response, _("You have marked “%(section)s” as complete", section=_(section.title)))
    return response


# Question pages ---------------------------------------------------------------------------


def _question_context(
    db: Session,
    access: PlanContext,
    section: Section,
    question: Question,
    *,
    typed: dict[str, Any] | None,
    version: int,
    errors: FormErrors | None,
    returning: bool,
    conflict: dict[str, Any] | None = None,
    restored: bool = False,
) -> dict[str, Any]:
    runner = SectionRunner(access.plan.id, section)
    return {
        "plan": access.plan,
        "section": section,
        "question": question,
        "runner": runner,
        "typed": typed or {},
        "version": version,
        "errors": errors,
        "returning": returning,
        "options": _options(db, access.plan.id, question),
        "back_url": runner.previous_url(question, returning),
        "action_url": runner.question_url(question, returning),
        "conflict": conflict,
        "restored": restored,
        "position": section.position(question.key) + 1,
        "total": len(section.questions),
    }


@router.get("/plans/{plan_id}/sections/{section_key}/{question_name}")
def question_page(request: Request, db: DbSession, access: Editable, section_key: str, question_name: str) -> Response:
    section = _section(access, section_key)
    question = _question(section, question_name)
    returning = request.query_params.get("return") == "check"
    key = question_key(section, question)
    answer = answer_data.get_answer(db, access.plan.id, key)
    if is_list(question):
        return _render_list(request, db, access, section, question, answer.value if answer else None, returning)
    draft = answer_data.drafts_for(db, access.plan.id, access.user.account_id).get(key)
    errors = None
    if draft is not None:
        typed = draft
        checked = answer_rules.check(question, typed, ANSWER, _options(db, access.plan.id, question))
        errors = FormErrors(dict(checked.errors)) if checked.errors else None
    else:
        typed = answer_rules.typed_from_value(question, answer.value if answer else None)
    context = _question_context(
        db,
        access,
        section,
        question,
        typed=typed,
        version=answer.version if answer else 0,
        errors=errors,
        returning=returning,
        restored=draft is not None,
    )
    return render(request, "sections/question.html", context)


@router.post("/plans/{plan_id}/sections/{section_key}/{question_name}")
def save_question(
    request: Request, db: DbSession, access: Editable, form: Form, section_key: str, question_name: str
) -> Response:
    section = _section(access, section_key)
    question = _question(section, question_name)
    returning = request.query_params.get("return") == "check"
    runner = SectionRunner(access.plan.id, section)
    action = str(form.get("action") or "continue")
    if is_list(question):
        return _leave(runner, question, action, returning)
    key = question_key(section, question)
    typed = answer_rules.read_input(question, _form_lists(form), ANSWER)
    checked = answer_rules.check(question, typed, ANSWER, _options(db, access.plan.id, question))
    expected = _int(form, "version")
    autosave = action == "autosave"
    if not checked.ok:
        answer_data.keep_draft(db, access.plan.id, key, access.user.account_id, typed)
        if autosave:
            message = _("Not saved yet: %(problem)s", problem=next(iter(checked.errors.values())))
            return _status_fragment(request, message, expected or 0)
        if action in ("back", "later"):
            return _leave(runner, question, action, returning)
        context = _question_context(
            db,
            access,
            section,
            question,
            typed=typed,
            version=expected or 0,
            errors=FormErrors(dict(checked.errors)),
            returning=returning,
        )
        return render(request, "sections/question.html", context, status_code=400)
    try:
        answer, changed = answer_data.save_answer(
            db, access.plan.id, section.key, key, checked.value, access.user.account_id, expected
        )
    except answer_data.Conflict as conflict:
        answer_data.keep_draft(db, access.plan.id, key, access.user.account_id, typed)
        if autosave:
            return _status_fragment(
                request,
                _("Not saved: someone else has changed this answer. Select Continue to see both versions."),
                expected or 0,
            )
        options = _options(db, access.plan.id, question)
        context = _question_context(
            db,
            access,
            section,
            question,
            typed=typed,
            version=conflict.current.version,
            errors=None,
            returning=returning,
            conflict={"lines": answer_rules.display(question, conflict.current.value, options)},
        )
        return render(request, "sections/question.html", context, status_code=409)
    if changed:
        plan_data.note_change(db, access.plan, section.key, access.user.account_id)
    if autosave:
        return _status_fragment(request, _save_status(True), answer.version if answer else 0)
    return _leave(runner, question, action, returning)


def _leave(runner: SectionRunner, question: Question, action: str, returning: bool) -> RedirectResponse:
    if action == "back":
        target = runner.previous_url(question, returning)
    elif action == "later":
        target = runner.task_list_url
    else:
        target = runner.next_url(question, returning)
    return RedirectResponse(target, status_code=303)


def _status_fragment(request: Request, message: str, version: int) -> Response:
    return render(request, "sections/_save_status.html", {"message": message, "version": version})


# Lists: add another ---------------------------------------------------------------------------


def _render_list(
    request: Request,
    db: Session,
    access: PlanContext,
    section: Section,
    question: Question,
    value: Any,
    returning: bool,
) -> Response:
    runner = SectionRunner(access.plan.id, section)
    options_for = _item_options(db, access.plan.id, question)
    items = [
        {"id": item.get("id"), "title": answer_rules.item_title(question, item, options_for)} for item in (value or [])
    ]
    context = {
        "plan": access.plan,
        "section": section,
        "question": question,
        "runner": runner,
        "items": items,
        "returning": returning,
        "back_url": runner.previous_url(question, returning),
        "action_url": runner.question_url(question, returning),
        "position": section.position(question.key) + 1,
        "total": len(section.questions),
    }
    return render(request, "sections/list.html", context)


def _item_url(runner: SectionRunner, question: Question, item_id: str, returning: bool) -> str:
    return f"{runner.base}/{question.key}/items/{item_id}" + ("?return=check" if returning else "")


def _find_item(value: Any, item_id: str) -> dict[str, Any] | None:
    return next((item for item in (value or []) if item.get("id") == item_id), None)


@router.get("/plans/{plan_id}/sections/{section_key}/{question_name}/items/{item_id}")
def item_page(
    request: Request, db: DbSession, access: Editable, section_key: str, question_name: str, item_id: str
) -> Response:
    section, question = _list_question(access, section_key, question_name)
    key = question_key(section, question)
    answer = answer_data.get_answer(db, access.plan.id, key)
    draft = answer_data.drafts_for(db, access.plan.id, access.user.account_id).get(f"{key}#{item_id}")
    if item_id == "new":
        item: dict[str, Any] = {}
    else:
        found = _find_item(answer.value if answer else None, item_id)
        if found is None:
            raise NotFound
        item = found
    typed = draft or {field.key: answer_rules.typed_from_value(field, item.get(field.key)) for field in question.fields}
    return _render_item(
        request,
        db,
        access,
        section,
        question,
        item_id,
        typed,
        answer.version if answer else 0,
        None,
        request.query_params.get("return") == "check",
        restored=draft is not None,
    )


def _render_item(
    request: Request,
    db: Session,
    access: PlanContext,
    section: Section,
    question: Question,
    item_id: str,
    typed: dict[str, Any],
    version: int,
    errors: FormErrors | None,
    returning: bool,
    status_code: int = 200,
    restored: bool = False,
) -> Response:
    runner = SectionRunner(access.plan.id, section)
    context = {
        "plan": access.plan,
        "section": section,
        "question": question,
        "item_id": item_id,
        "typed": typed,
        "version": version,
        "errors": errors,
        "returning": returning,
        "options_for": _item_options(db, access.plan.id, question),
        "back_url": runner.question_url(question, returning),
        "action_url": _item_url(runner, question, item_id, returning),
        "restored": restored,
    }
    return render(request, "sections/item.html", context, status_code=status_code)


@router.post("/plans/{plan_id}/sections/{section_key}/{question_name}/items/{item_id}")
def save_item(
    request: Request,
    db: DbSession,
    access: Editable,
    form: Form,
    section_key: str,
    question_name: str,
    item_id: str,
) -> Response:
    section, question = _list_question(access, section_key, question_name)
    returning = request.query_params.get("return") == "check"
    runner = SectionRunner(access.plan.id, section)
    key = question_key(section, question)
    draft_key = f"{key}#{item_id}"
    action = str(form.get("action") or "save")
    typed = answer_rules.read_item(question, _form_lists(form))
    if action == "autosave":
        answer_data.keep_draft(db, access.plan.id, draft_key, access.user.account_id, typed)
        return _status_fragment(request, _("Draft kept. Select Save to add it to your plan."), 0)
    if action == "back":
        answer_data.keep_draft(db, access.plan.id, draft_key, access.user.account_id, typed)
        return RedirectResponse(runner.question_url(question, returning), status_code=303)
    checked = answer_rules.check_item(question, typed, _item_options(db, access.plan.id, question))
    expected = _int(form, "version")
    if not checked.ok:
        answer_data.keep_draft(db, access.plan.id, draft_key, access.user.account_id, typed)
        return _render_item(
            request,
            db,
            access,
            section,
            question,
            item_id,
            typed,
            expected or 0,
            FormErrors(dict(checked.errors)),
            returning,
            status_code=400,
        )
    answer = answer_data.get_answer(db, access.plan.id, key)
    items = [dict(item) for item in (answer.value if answer else None) or []]
    if item_id == "new":
        items.append({"id": new_id(), **checked.value})
    else:
        existing = _find_item(items, item_id)
        if existing is None:
            raise NotFound
        existing.clear()
        existing.update({"id": item_id, **checked.value})
    try:
        _saved, changed = answer_data.save_answer(
            db,
            access.plan.id,
            section.key,
            key,
            items,
            access.user.account_id,
            None if item_id == "new" else expected,
        )
    except answer_data.Conflict:
        answer_data.keep_draft(db, access.plan.id, draft_key, access.user.account_id, typed)
        errors = FormErrors()
        errors.add(
            answer_rules.item_prefix(question.summary_field),
            _("Someone else changed this list while you were editing. Check the list, then save again."),
        )
        return _render_item(
            request,
            db,
            access,
            section,
            question,
            item_id,
            typed,
            answer.version if answer else 0,
            errors,
            returning,
            status_code=409,
        )
    answer_data.clear_draft(db, access.plan.id, draft_key, access.user.account_id)
    if changed:
        plan_data.note_change(db, access.plan, section.key, access.user.account_id)
    return RedirectResponse(runner.question_url(question, returning), status_code=303)


def _remove_item_context(
    db: Session,
    access: PlanContext,
    section: Section,
    question: Question,
    item: dict[str, Any],
    item_id: str,
    returning: bool,
    errors: FormErrors | None,
) -> dict[str, Any]:
    runner = SectionRunner(access.plan.id, section)
    suffix = "?return=check" if returning else ""
    return {
        "plan": access.plan,
        "what": answer_rules.item_title(question, item, _item_options(db, access.plan.id, question)),
        "caption": _(question.label),
        "back_url": runner.question_url(question, returning),
        "action_url": f"{runner.base}/{question.key}/items/{item_id}/remove{suffix}",
        "errors": errors,
    }


@router.get("/plans/{plan_id}/sections/{section_key}/{question_name}/items/{item_id}/remove")
def remove_item_page(
    request: Request, db: DbSession, access: Editable, section_key: str, question_name: str, item_id: str
) -> Response:
    section, question = _list_question(access, section_key, question_name)
    answer = answer_data.get_answer(db, access.plan.id, question_key(section, question))
    item = _find_item(answer.value if answer else None, item_id)
    if item is None:
        raise NotFound
    returning = request.query_params.get("return") == "check"
    context = _remove_item_context(db, access, section, question, item, item_id, returning, None)
    return render(request, "confirm_remove.html", context)


@router.post("/plans/{plan_id}/sections/{section_key}/{question_name}/items/{item_id}/remove")
def remove_item(
    request: Request,
    db: DbSession,
    access: Editable,
    form: Form,
    section_key: str,
    question_name: str,
    item_id: str,
) -> Response:
    section, question = _list_question(access, section_key, question_name)
    key = question_key(section, question)
    answer = answer_data.get_answer(db, access.plan.id, key)
    item = _find_item(answer.value, item_id) if answer is not None else None
    if answer is None or item is None:
        raise NotFound
    returning = request.query_params.get("return") == "check"
    remove, errors = confirmed(form)
    if remove is None:
        context = _remove_item_context(db, access, section, question, item, item_id, returning, errors)
        return render(request, "confirm_remove.html", context, status_code=400)
    if remove:
        remaining = [other for other in answer.value if other.get("id") != item_id]
        _saved, changed = answer_data.save_answer(
            db, access.plan.id, section.key, key, remaining or None, access.user.account_id, None
        )
        if changed:
            plan_data.note_change(db, access.plan, section.key, access.user.account_id)
    return RedirectResponse(SectionRunner(access.plan.id, section).question_url(question, returning), status_code=303)
