"""Pure ASGI middleware: security headers, request size limit, language, anonymous cookie."""

from __future__ import annotations

import secrets
from collections.abc import Callable

from starlette.datastructures import Headers, MutableHeaders
from starlette.requests import cookie_parser
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from app import i18n
from app.config import get_settings
from app.web.cookies import ANON_COOKIE, LANGUAGE_COOKIE, SESSION_COOKIE

CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data: blob:",
        "media-src 'self' blob:",
        "font-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)


class RequestTooLarge(Exception):
    """The request body is over the limit for its route."""

    def __init__(self, limit: int) -> None:
        super().__init__(limit)
        self.limit = limit


class SecurityHeadersMiddleware:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app
        self.headers = self.default_headers()

    @staticmethod
    def default_headers() -> dict[str, str]:
        settings = get_settings()
        headers = {
            "content-security-policy": CONTENT_SECURITY_POLICY,
            "x-content-type-options": "nosniff",
            "x-frame-options": "DENY",
            "referrer-policy": "same-origin",
            "permissions-policy": "camera=(), microphone=(), geolocation=(), payment=()",
            "cross-origin-opener-policy": "same-origin",
            "cache-control": "no-store",
        }
        if settings.uses_https:
            headers["strict-transport-security"] = "max-age=63072000; includeSubDomains"
            headers["content-security-policy"] += "; upgrade-insecure-requests"
        return headers

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        is_static = scope["path"].startswith("/static/")

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                for name, value in self.headers.items():
                    # Plans are personal: nothing but static files may be cached.
                    if name != "cache-control" or not is_static:
                        headers.setdefault(name, value)
            await send(message)

        await self.app(scope, receive, send_with_headers)


class BodySizeLimitMiddleware:
    """Refuses bodies over the limit, by Content-Length up front or by counting as they arrive."""

    def __init__(self, app: ASGIApp, limit_for: Callable[[str], int]) -> None:
        self.app = app
        self.limit_for = limit_for

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] in ("GET", "HEAD", "OPTIONS"):
            await self.app(scope, receive, send)
            return
        limit = self.limit_for(scope["path"])
        declared = Headers(scope=scope).get("content-length")
        if declared is not None and declared.isdigit() and int(declared) > limit:
            scope.setdefault("state", {})["body_too_large"] = limit
        received = 0

        async def counting_receive() -> Message:
            nonlocal received
            if scope.get("state", {}).get("body_too_large"):
                raise RequestTooLarge(limit)
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit:
                    raise RequestTooLarge(limit)
            return message

        await self.app(scope, counting_receive, send)


class RequestContextMiddleware:
    """Chooses the language and gives first-time visitors an anonymous cookie for form tokens."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app
        self.secure = get_settings().uses_https

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = Headers(scope=scope)
        cookies = cookie_parser(headers.get("cookie", ""))
        i18n.set_locale(i18n.negotiate_locale(cookies.get(LANGUAGE_COOKIE), headers.get("accept-language")))
        new_anon = ""
        if (
            not cookies.get(SESSION_COOKIE)
            and not cookies.get(ANON_COOKIE)
            and not scope["path"].startswith("/static/")
        ):
            new_anon = secrets.token_urlsafe(24)
            scope.setdefault("state", {})["new_anon_cookie"] = new_anon

        async def send_with_cookie(message: Message) -> None:
            if new_anon and message["type"] == "http.response.start":
                attributes = f"{ANON_COOKIE}={new_anon}; Path=/; HttpOnly; SameSite=Lax"
                if self.secure:
                    attributes += "; Secure"
                MutableHeaders(scope=message).append("set-cookie", attributes)
            await send(message)

        await self.app(scope, receive, send_with_cookie)
