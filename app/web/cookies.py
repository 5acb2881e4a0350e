"""Cookie names and the rules for setting them, kept in one place."""

from __future__ import annotations

from starlette.requests import HTTPConnection
from starlette.responses import Response

from app.config import get_settings

SESSION_COOKIE = "myplan_session"
ANON_COOKIE = "myplan_anon"
LANGUAGE_COOKIE = "myplan_lang"
KEPT_FORM_COOKIE = "myplan_kept"
FLASH_COOKIE = "myplan_flash"


def csrf_binding(connection: HTTPConnection) -> str:
    """What a form token is bound to: the session cookie if there is one, else the anonymous one."""
    return (
        connection.cookies.get(SESSION_COOKIE)
        or connection.cookies.get(ANON_COOKIE)
        or connection.scope.get("state", {}).get("new_anon_cookie", "")
    )


def set_cookie(
    response: Response, name: str, value: str, *, max_age: int | None = None, http_only: bool = True
) -> None:
    response.set_cookie(
        name,
        value,
        max_age=max_age,
        path="/",
        secure=get_settings().uses_https,
        httponly=http_only,
        samesite="lax",
    )


def delete_cookie(response: Response, name: str) -> None:
    response.delete_cookie(name, path="/", secure=get_settings().uses_https, httponly=True, samesite="lax")
