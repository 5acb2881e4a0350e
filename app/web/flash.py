"""One-off confirmation messages carried across a redirect in a signed cookie."""

from __future__ import annotations

from fastapi import Request
from itsdangerous import BadSignature, URLSafeTimedSerializer
from starlette.responses import Response

from app.config import get_settings
from app.web.cookies import FLASH_COOKIE, delete_cookie, set_cookie


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(get_settings().secret_key, salt="flash")


def flash(response: Response, message: str) -> None:
    set_cookie(response, FLASH_COOKIE, _serializer().dumps(message), max_age=120)


def read_flash(request: Request) -> str | None:
    raw = request.cookies.get(FLASH_COOKIE)
    if not raw:
        return None
    try:
        message = _serializer().loads(raw, max_age=120)
    except BadSignature:
        return None
    return message if isinstance(message, str) else None


def clear_flash(request: Request, response: Response) -> None:
    if FLASH_COOKIE in request.cookies:
        delete_cookie(response, FLASH_COOKIE)
