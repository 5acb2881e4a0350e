"""The ASGI application."""

from __future__ import annotations

from fastapi import Depends, FastAPI
from fastapi.staticfiles import StaticFiles

from app.config import PROJECT_ROOT, get_settings
from app.web import errors
from app.web.deps import verify_csrf
from app.web.middleware import BodySizeLimitMiddleware, RequestContextMiddleware, SecurityHeadersMiddleware
from app.web.routes import account, attachments, auth, council, dev, own_sections, pages, plans, sections


def create_app() -> FastAPI:
    settings = get_settings()
    app = FastAPI(
        title="My Plan",
        docs_url=None,
        redoc_url=None,
        openapi_url=None,
        dependencies=[Depends(verify_csrf)],
    )
    for module in (pages, auth, account, plans, own_sections, attachments, sections, council, dev):
        app.include_router(module.router)
    app.mount("/static", StaticFiles(directory=PROJECT_ROOT / "static"), name="static")
    errors.install(app)
    app.add_middleware(RequestContextMiddleware)
    upload_limit = settings.max_upload_bytes + 1024 * 1024  # room for the other form fields

    def body_limit(path: str) -> int:
        return upload_limit if path.endswith("/attachments") else settings.max_request_bytes

    app.add_middleware(BodySizeLimitMiddleware, limit_for=body_limit)
    app.add_middleware(SecurityHeadersMiddleware)
    return app
