"""Pictures, recordings, videos and documents attached to a section of a plan."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated
from urllib.parse import quote

from fastapi import APIRouter, Depends, Request
from fastapi.responses import RedirectResponse, Response
from starlette.datastructures import UploadFile

from app.config import get_settings
from app.data import answers as answer_data
from app.data import plans as plan_data
from app.domain.attachments import MAX_ALT_TEXT, Refused, accept, safe_filename
from app.domain.permissions import Action
from app.domain.plan_template import SectionKind, load_template
from app.domain.plans import variant_for
from app.i18n import _
from app.models import Attachment, new_id
from app.web.deps import DbSession, Form, NotFound, PlanContext, plan_for
from app.web.forms import FormErrors, confirmed, text
from app.web.templating import render

router = APIRouter()

Viewable = Annotated[PlanContext, Depends(plan_for(Action.VIEW))]
Editable = Annotated[PlanContext, Depends(plan_for(Action.EDIT))]


def _return_url(plan_id: str, section_key: str, own_section_id: str | None) -> str:
    if own_section_id:
        return f"/plans/{plan_id}/own-sections/{own_section_id}"
    section = load_template().sections.get(section_key)
    if section is not None and section.kind is SectionKind.OWN_SECTIONS:
        return f"/plans/{plan_id}/own-sections"
    return f"/plans/{plan_id}/sections/{section_key}/check"


def _check_target(access: PlanContext, db: DbSession, section_key: str, own_section_id: str | None) -> None:
    if load_template().section_for(variant_for(access.plan.plan_for), section_key) is None:
        raise NotFound
    if own_section_id and answer_data.get_own_section(db, access.plan.id, own_section_id) is None:
        raise NotFound


@router.get("/plans/{plan_id}/sections/{section_key}/attachments")
def upload_page(request: Request, db: DbSession, access: Editable, section_key: str, own_section: str = "") -> Response:
    _check_target(access, db, section_key, own_section or None)
    return render(request, "attachments/upload.html", _context(access, section_key, own_section, {}, None))


def _context(
    access: PlanContext, section_key: str, own_section: str, values: dict[str, str], errors: FormErrors | None
) -> dict[str, object]:
    return {
        "plan": access.plan,
        "section_key": section_key,
        "own_section": own_section,
        "values": values,
        "errors": errors,
        "back_url": _return_url(access.plan.id, section_key, own_section or None),
        "max_mb": get_settings().max_upload_mb,
    }


@router.post("/plans/{plan_id}/sections/{section_key}/attachments")
def upload(request: Request, db: DbSession, access: Editable, form: Form, section_key: str) -> Response:
    own_section = text(form, "own_section", 20)
    _check_target(access, db, section_key, own_section or None)
    values = {
        "alt_text": text(form, "alt_text", MAX_ALT_TEXT).strip(),
        "description": text(form, "description", 2000).strip(),
    }
    errors = FormErrors()
    upload_file = form.get("file")
    accepted = None
    if not isinstance(upload_file, UploadFile) or not upload_file.filename:
        errors.add("file", _("Select a file"))
    else:
        content = upload_file.file.read(get_settings().max_upload_bytes + 1)
        try:
            accepted = accept(content, get_settings().max_upload_bytes)
        except Refused as refused:
            errors.add("file", str(refused))
    if accepted is not None and accepted.kind == "image" and not values["alt_text"]:
        errors.add("alt_text", _("Describe the picture for people who cannot see it"))
    if len(values["alt_text"]) > MAX_ALT_TEXT:
        errors.add("alt_text", _("Description must be %(limit)s characters or fewer", limit=MAX_ALT_TEXT))
    if errors or accepted is None or not isinstance(upload_file, UploadFile):
        return render(
            request,
            "attachments/upload.html",
            _context(access, section_key, own_section, values, errors),
            status_code=400,
        )
    settings = get_settings()
    attachment = Attachment(
        id=new_id(),
        plan_id=access.plan.id,
        section_key=section_key,
        own_section_id=own_section or None,
        filename=safe_filename(upload_file.filename or "file"),
        content_type=accepted.content_type,
        kind=accepted.kind,
        size=len(accepted.content),
        alt_text=values["alt_text"],
        description=values["description"],
        uploaded_by=access.user.account_id,
    )
    if settings.attachments_dir is not None:
        settings.attachments_dir.mkdir(parents=True, exist_ok=True)
        stored = settings.attachments_dir / f"{attachment.id}.bin"
        stored.write_bytes(accepted.content)
        attachment.stored_path = stored.name
        answer_data.add_attachment(db, attachment, None)
    else:
        answer_data.add_attachment(db, attachment, accepted.content)
    plan_data.note_change(db, access.plan, section_key, access.user.account_id)
    return RedirectResponse(_return_url(access.plan.id, section_key, own_section or None), status_code=303)


@router.get("/plans/{plan_id}/attachments/{attachment_id}")
def serve(db: DbSession, access: Viewable, attachment_id: str) -> Response:
    attachment = answer_data.get_attachment(db, access.plan.id, attachment_id)
    if attachment is None:
        raise NotFound
    if attachment.stored_path:
        directory = get_settings().attachments_dir
        if directory is None:
            raise NotFound
        content: bytes | None = (Path(directory) / attachment.stored_path).read_bytes()
    else:
        content = answer_data.attachment_content(db, attachment.id)
    if content is None:
        raise NotFound
    disposition = "attachment" if attachment.kind == "document" else "inline"
    return Response(
        content,
        media_type=attachment.content_type,
        headers={
            "content-disposition": f"{disposition}; filename*=UTF-8''{quote(attachment.filename)}",
            "content-security-policy": "default-src 'none'; sandbox",
            "cache-control": "private, no-store",
        },
    )


@router.get("/plans/{plan_id}/attachments/{attachment_id}/remove")
def remove_page(request: Request, db: DbSession, access: Editable, attachment_id: str) -> Response:
    attachment = answer_data.get_attachment(db, access.plan.id, attachment_id)
    if attachment is None:
        raise NotFound
    return render(request, "confirm_remove.html", _remove_context(access, attachment, None))


def _remove_context(access: PlanContext, attachment: Attachment, errors: FormErrors | None) -> dict[str, object]:
    return {
        "plan": access.plan,
        "what": attachment.filename,
        "back_url": _return_url(access.plan.id, attachment.section_key, attachment.own_section_id),
        "action_url": f"/plans/{access.plan.id}/attachments/{attachment.id}/remove",
        "errors": errors,
    }


@router.post("/plans/{plan_id}/attachments/{attachment_id}/remove")
def remove(request: Request, db: DbSession, access: Editable, form: Form, attachment_id: str) -> Response:
    attachment = answer_data.get_attachment(db, access.plan.id, attachment_id)
    if attachment is None:
        raise NotFound
    back = _return_url(access.plan.id, attachment.section_key, attachment.own_section_id)
    remove, errors = confirmed(form)
    if remove is None:
        return render(request, "confirm_remove.html", _remove_context(access, attachment, errors), status_code=400)
    if remove:
        stored_path = attachment.stored_path
        answer_data.delete_attachment(db, attachment)
        plan_data.note_change(db, access.plan, attachment.section_key, access.user.account_id)
        directory = get_settings().attachments_dir
        if stored_path and directory is not None:
            (Path(directory) / stored_path).unlink(missing_ok=True)
    return RedirectResponse(back, status_code=303)
