"""The ASGI application."""

from __future__ import annotations

from fastapi import Depends, FastAPI
from fastapi.staticfiles import StaticFiles

from app.config import PROJECT_ROOT, get_settings
from app.domain.assessment_formats import MAX_FILE_BYTES
from app.web import errors
from app.web.api import create_api
from app.web.deps import verify_csrf
from app.web.middleware import BodySizeLimitMiddleware, RequestContextMiddleware, SecurityHeadersMiddleware
from app.web.routes import (
    account,
    assessments,
    attachments,
    auth,
    budget,
    council,
    dev,
    own_sections,
    pages,
    plans,
    sections,
)


def create_app() -> FastAPI:
    settings = get_settings()
    app = FastAPI(
        title="My Plan",
        docs_url=None,
        redoc_url=None,
        openapi_url=None,
        dependencies=[Depends(verify_csrf)],
    )
    for module in (pages, auth, account, plans, assessments, budget, own_sections, attachments, sections, council, dev):
        app.include_router(module.router)
    app.mount("/static", StaticFiles(directory=PROJECT_ROOT / "static"), name="static")
    app.mount("/api/v1", create_api())
    errors.install(app)
    app.add_middleware(RequestContextMiddleware)
    upload_limit = settings.max_upload_bytes + 1024 * 1024  # room for the other form fields

    def body_limit(path: str) -> int:
        if path.endswith("/attachments"):
            return upload_limit
        if path.endswith(("/import", "/assessment/upload", "/api/v1/assessments")):
            return MAX_FILE_BYTES + 64 * 1024
        return settings.max_request_bytes

    app.add_middleware(BodySizeLimitMiddleware, limit_for=body_limit)
    app.add_middleware(SecurityHeadersMiddleware)
    return app
