"""Pages anyone may see: start, health, accessibility statement, council contacts, language."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import FileResponse, JSONResponse, RedirectResponse, Response
from sqlalchemy import text as sql

from app.config import PROJECT_ROOT
from app.data import councils
from app.i18n import SUPPORTED_LOCALES
from app.web.cookies import LANGUAGE_COOKIE, set_cookie
from app.web.deps import DbSession, MaybeUser, NotFound
from app.web.markdown import render_markdown
from app.web.routes.auth import home_for, safe_next
from app.web.templating import render

router = APIRouter()


@router.get("/")
def start(request: Request, db: DbSession, user: MaybeUser) -> Response:
    if user is not None:
        return RedirectResponse(home_for(user.account_id, db), status_code=303)
    return render(request, "pages/start.html")


@router.get("/healthz")
def healthz(db: DbSession) -> Response:
    db.exec(sql("SELECT 1"))  # type: ignore[call-overload]
    return JSONResponse({"status": "ok"})


@router.get("/accessibility")
def accessibility(request: Request, user: MaybeUser) -> Response:
    return render(request, "pages/accessibility.html")


@router.get("/contacts")
def contacts(request: Request, db: DbSession, user: MaybeUser) -> Response:
    return render(request, "pages/contacts.html", {"councils": councils.list_councils(db)})


@router.get("/language/{code}")
def choose_language(code: str, next: str = "/") -> Response:
    if code not in SUPPORTED_LOCALES:
        raise NotFound
    response = RedirectResponse(safe_next(next) or "/", status_code=303)
    set_cookie(response, LANGUAGE_COOKIE, code, max_age=365 * 24 * 3600)
    return response


@router.get("/schemas/assessment-v1.json")
def assessment_schema() -> Response:
    return FileResponse(PROJECT_ROOT / "app" / "schemas" / "assessment-v1.json", media_type="application/schema+json")


DOCS = {"assessment-format": "docs/assessment-format.md", "plan-template": "docs/plan-template.md"}


@router.get("/docs/{name}")
def documentation(request: Request, user: MaybeUser, name: str) -> Response:
    if name not in DOCS:
        raise NotFound
    source = (PROJECT_ROOT / DOCS[name]).read_text(encoding="utf-8")
    return render(request, "pages/document.html", {"html": render_markdown(source), "name": name})


@router.get("/api/docs")
def api_documentation(request: Request, user: MaybeUser) -> Response:
    from app.web.api import create_api

    spec = create_api().openapi()
    return render(request, "pages/api_docs.html", {"spec": spec})
