"""The ASGI application."""

from __future__ import annotations

from fastapi import Depends, FastAPI
from fastapi.staticfiles import StaticFiles

from app.config import PROJECT_ROOT, get_settings
from app.web import errors
from app.web.deps import verify_csrf
from app.web.middleware import BodySizeLimitMiddleware, RequestContextMiddleware, SecurityHeadersMiddleware
from app.web.routes import account, auth, council, dev, pages, plans


def create_app() -> FastAPI:
    settings = get_settings()
    app = FastAPI(
        title="My Plan",
        docs_url=None,
        redoc_url=None,
        openapi_url=None,
        dependencies=[Depends(verify_csrf)],
    )
    for module in (pages, auth, account, plans, council, dev):
        app.include_router(module.router)
    app.mount("/static", StaticFiles(directory=PROJECT_ROOT / "static"), name="static")
    errors.install(app)
    app.add_middleware(RequestContextMiddleware)
    app.add_middleware(BodySizeLimitMiddleware, limit_for=lambda _path: settings.max_request_bytes)
    app.add_middleware(SecurityHeadersMiddleware)
    return app
