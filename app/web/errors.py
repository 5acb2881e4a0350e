"""Error pages in the site's own layout, and the redirect to sign in."""

from __future__ import annotations

import logging

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import RedirectResponse, Response
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException as StarletteHTTPException

from app.db import unit_of_work
from app.web.cookies import KEPT_FORM_COOKIE, SESSION_COOKIE, set_cookie
from app.web.deps import CsrfFailed, NotFound, SignInRequired, login_redirect_target, lookup_user
from app.web.middleware import RequestTooLarge, SecurityHeadersMiddleware
from app.web.ratelimit import TooManyRequests
from app.web.templating import render

log = logging.getLogger(__name__)


def _who_is_signed_in(request: Request) -> None:
    """Error pages raised before any dependency ran still show the right navigation."""
    if getattr(request.state, "user", None) is None and request.cookies.get(SESSION_COOKIE):
        with unit_of_work() as db:
            lookup_user(request, db)


async def _page(request: Request, template: str, status_code: int, **context: object) -> Response:
    # Anything loaded for this request belongs to a session that the error has rolled back.
    request.state.council = None
    try:
        await run_in_threadpool(_who_is_signed_in, request)
    except Exception:  # the database may be the reason we are here
        log.warning("Could not look up the session for an error page", exc_info=True)
    return render(request, f"errors/{template}.html", dict(context), status_code=status_code)


async def not_found(request: Request, _exc: Exception) -> Response:
    return await _page(request, "404", 404)


async def http_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, StarletteHTTPException)
    if exc.status_code == 404:
        return await _page(request, "404", 404)
    if exc.status_code == 405:
        return await _page(request, "405", 405)
    return await _page(request, "400", exc.status_code if 400 <= exc.status_code < 500 else 400)


async def bad_request(request: Request, _exc: Exception) -> Response:
    return await _page(request, "400", 400)


async def csrf_failed(request: Request, _exc: Exception) -> Response:
    return await _page(request, "csrf", 403)


async def too_large(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, RequestTooLarge)
    return await _page(request, "413", 413, limit_mb=max(1, exc.limit // (1024 * 1024)))


async def too_many(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, TooManyRequests)
    response = await _page(request, "429", 429, minutes=exc.retry_after_minutes)
    response.headers["retry-after"] = str(exc.retry_after_minutes * 60)
    return response


async def sign_in_required(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, SignInRequired)
    target = login_redirect_target(exc.next_path)
    if request.cookies.get(SESSION_COOKIE):
        target += "&reason=expired"
    if request.headers.get("hx-request"):
        response: Response = Response(status_code=204, headers={"hx-redirect": target})
    else:
        response = RedirectResponse(target, status_code=303)
    if exc.kept_form_token:
        set_cookie(response, KEPT_FORM_COOKIE, exc.kept_form_token, max_age=24 * 3600)
    return response


async def server_error(request: Request, _exc: Exception) -> Response:
    # Objects loaded for this request belong to a session that has been rolled back.
    request.state.council = None
    response: Response
    try:
        response = render(request, "errors/500.html", {}, status_code=500)
    except Exception:
        log.exception("Could not render the error page")
        response = Response("Sorry, there is a problem with the service. Try again later.", status_code=500)
    # The server error handler sits outside our middleware, so it adds the headers itself.
    for name, value in SecurityHeadersMiddleware.default_headers().items():
        response.headers.setdefault(name, value)
    return response


def install(app: FastAPI) -> None:
    app.add_exception_handler(NotFound, not_found)
    app.add_exception_handler(StarletteHTTPException, http_error)
    app.add_exception_handler(RequestValidationError, bad_request)
    app.add_exception_handler(CsrfFailed, csrf_failed)
    app.add_exception_handler(RequestTooLarge, too_large)
    app.add_exception_handler(TooManyRequests, too_many)
    app.add_exception_handler(SignInRequired, sign_in_required)
    app.add_exception_handler(Exception, server_error)
