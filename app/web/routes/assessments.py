"""Assessments: planners import them, people see them (and add their own words), and claim their plan."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, BackgroundTasks, Depends, Request
from fastapi.responses import RedirectResponse, Response
from starlette.datastructures import UploadFile

from app import mail
from app.data import accounts, councils
from app.data import answers as answer_data
from app.data import assessments as assessment_data
from app.data import plans as plan_data
from app.domain.answers import clean_text
from app.domain.assessment import outcomes_for
from app.domain.assessment_formats import MAX_FILE_BYTES, diff, to_csv
from app.domain.permissions import Action
from app.i18n import _
from app.imports import CLAIM_PURPOSE, ImportResult, bring_in
from app.web.deps import CurrentStaff, CurrentUser, DbSession, Form, MaybeUser, NotFound, PlanContext, plan_for
from app.web.flash import flash
from app.web.forms import FormErrors, text
from app.web.templating import render

router = APIRouter()

Viewable = Annotated[PlanContext, Depends(plan_for(Action.VIEW))]
Editable = Annotated[PlanContext, Depends(plan_for(Action.EDIT))]
Reviewable = Annotated[PlanContext, Depends(plan_for(Action.REVIEW))]

WORDS_LIMIT = 5000


def _read_upload(form: Any) -> tuple[bytes, str] | None:
    upload = form.get("file")
    if not isinstance(upload, UploadFile) or not upload.filename:
        return None
    return upload.file.read(MAX_FILE_BYTES + 1), upload.filename


def _send(background: BackgroundTasks, result: ImportResult) -> None:
    for email in result.emails:
        background.add_task(mail.send, email)


# A planner imports a file -----------------------------------------------------------------


@router.get("/council/import")
def import_page(request: Request, db: DbSession, staff: CurrentStaff) -> Response:
    assert staff.council_id is not None
    request.state.council = councils.get_council(db, staff.council_id)
    return render(
        request,
        "assessments/import.html",
        {"log": assessment_data.recent_imports(db, staff.council_id), "errors": None},
    )


@router.post("/council/import")
def import_file(
    request: Request, db: DbSession, staff: CurrentStaff, form: Form, background: BackgroundTasks
) -> Response:
    assert staff.council_id is not None
    council = councils.get_council(db, staff.council_id)
    assert council is not None
    request.state.council = council
    upload = _read_upload(form)
    if upload is None:
        errors = FormErrors()
        errors.add("file", _("Select the assessment file to import"))
        context = {"log": assessment_data.recent_imports(db, staff.council_id), "errors": errors}
        return render(request, "assessments/import.html", context, status_code=400)
    raw, filename = upload
    result = bring_in(db, council, raw, filename, "planner_upload", account_id=staff.account_id)
    _send(background, result)
    return render(
        request,
        "assessments/import_result.html",
        {"result": result, "filename": filename, "for_person": False},
        status_code=200 if result.ok else 400,
    )


# A person uploads the file their council gave them ------------------------------------------


@router.get("/plans/{plan_id}/assessment/upload")
def person_upload_page(request: Request, access: Editable) -> Response:
    return render(request, "assessments/upload.html", {"plan": access.plan, "errors": None})


@router.post("/plans/{plan_id}/assessment/upload")
def person_upload(
    request: Request, db: DbSession, access: Editable, form: Form, background: BackgroundTasks
) -> Response:
    upload = _read_upload(form)
    if upload is None:
        errors = FormErrors()
        errors.add("file", _("Select the assessment file your council gave you"))
        return render(request, "assessments/upload.html", {"plan": access.plan, "errors": errors}, status_code=400)
    raw, filename = upload
    result = bring_in(
        db, access.council, raw, filename, "person_upload", account_id=access.user.account_id, into=access.plan
    )
    _send(background, result)
    if not result.ok:
        return render(
            request,
            "assessments/import_result.html",
            {"result": result, "filename": filename, "for_person": True, "plan": access.plan},
            status_code=400,
        )
    response = RedirectResponse(f"/plans/{access.plan.id}/assessment", status_code=303)
    flash(response, _("Your assessment has been added to your plan"))
    return response


# Seeing the assessment -------------------------------------------------------------------------


@router.get("/plans/{plan_id}/assessment")
def assessment_page(request: Request, db: DbSession, access: Viewable) -> Response:
    current = assessment_data.current_assessment(db, access.plan.id)
    assessment = current[1] if current else None
    previous = assessment_data.previous_assessment(db, access.plan.id)
    answers = answer_data.answers_for_plan(db, access.plan.id)
    words = {
        need.id: (answers[f"assessment.need.{need.id}"].value if f"assessment.need.{need.id}" in answers else None)
        for need in (assessment.needs if assessment else ())
    }
    return render(
        request,
        "assessments/view.html",
        {
            "plan": access.plan,
            "assessment": assessment,
            "imported_at": current[0].imported_at if current else None,
            "changes": diff(previous, assessment) if previous and assessment else [],
            "outcome_labels": outcomes_for(assessment.kind) if assessment else {},
            "words": words,
            "can_edit": access.allows(Action.EDIT),
        },
    )


@router.get("/plans/{plan_id}/assessment.csv")
def assessment_csv(db: DbSession, access: Viewable) -> Response:
    current = assessment_data.current_assessment(db, access.plan.id)
    if current is None:
        raise NotFound
    return Response(
        to_csv(current[1]),
        media_type="text/csv; charset=utf-8",
        headers={"content-disposition": 'attachment; filename="assessment.csv"'},
    )


def _need_or_404(db: DbSession, access: PlanContext, need_id: str) -> Any:
    current = assessment_data.current_assessment(db, access.plan.id)
    need = current[1].need(need_id) if current else None
    if need is None:
        raise NotFound
    return need


@router.get("/plans/{plan_id}/assessment/needs/{need_id}")
def own_words_page(request: Request, db: DbSession, access: Editable, need_id: str) -> Response:
    need = _need_or_404(db, access, need_id)
    answer = answer_data.get_answer(db, access.plan.id, f"assessment.need.{need_id}")
    return render(
        request,
        "assessments/own_words.html",
        {
            "plan": access.plan,
            "need": need,
            "values": {"words": answer.value if answer else ""},
            "version": answer.version if answer else 0,
            "errors": None,
        },
    )


@router.post("/plans/{plan_id}/assessment/needs/{need_id}")
def save_own_words(request: Request, db: DbSession, access: Editable, form: Form, need_id: str) -> Response:
    need = _need_or_404(db, access, need_id)
    words = clean_text(text(form, "words", WORDS_LIMIT + 1000))
    version_text = form.get("version")
    expected = int(version_text) if isinstance(version_text, str) and version_text.isdigit() else None
    errors = FormErrors()
    if len(words) > WORDS_LIMIT:
        errors.add(
            "words",
            _(
                "Your answer must be %(limit)s characters or fewer. It is %(count)s characters.",
                limit=f"{WORDS_LIMIT:,}",
                count=f"{len(words):,}",
            ),
        )
    if not errors:
        try:
            _answer, changed = answer_data.save_answer(
                db,
                access.plan.id,
                "assessment",
                f"assessment.need.{need_id}",
                words or None,
                access.user.account_id,
                expected,
            )
        except answer_data.Conflict as conflict:
            errors.add(
                "words",
                _(
                    "Someone else changed this while you were writing. Their version is: %(text)s",
                    text=str(conflict.current.value)[:500],
                ),
            )
            expected = conflict.current.version
        else:
            if changed:
                plan_data.note_change(db, access.plan, "needs", access.user.account_id)
            return RedirectResponse(f"/plans/{access.plan.id}/assessment#need-{need_id}", status_code=303)
    return render(
        request,
        "assessments/own_words.html",
        {"plan": access.plan, "need": need, "values": {"words": words}, "version": expected or 0, "errors": errors},
        status_code=400,
    )


# The person claims the plan their council started -------------------------------------------------


@router.get("/start/{token}")
def claim_page(request: Request, db: DbSession, user: MaybeUser, token: str) -> Response:
    pending = accounts.peek_email_token(db, token, CLAIM_PURPOSE)
    if pending is None:
        return render(request, "auth/link_expired.html", {"retry": "/contacts"}, status_code=410)
    return render(request, "assessments/claim.html", {"token": token, "signed_in": user is not None})


@router.post("/start/{token}")
def claim(request: Request, db: DbSession, user: CurrentUser, token: str) -> Response:
    used = accounts.consume_email_token(db, token, CLAIM_PURPOSE)
    plan = plan_data.get_plan(db, used.payload.get("plan_id", "")) if used else None
    if used is None or plan is None:
        return render(request, "auth/link_expired.html", {"retry": "/contacts"}, status_code=410)
    if plan.owner_id is None:
        plan.owner_id = user.account_id
        db.add(plan)
        plan_data.record_event(db, plan.id, user.account_id, "claimed")
    elif plan.owner_id != user.account_id:
        return render(request, "auth/link_expired.html", {"retry": "/contacts"}, status_code=410)
    response = RedirectResponse(f"/plans/{plan.id}", status_code=303)
    flash(response, _("Your plan has been added to your account"))
    return response
