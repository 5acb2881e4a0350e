"""Rate limits kept in the database, so they hold across every app process."""

from __future__ import annotations

from datetime import timedelta

from fastapi import Request
from sqlmodel import Session

from app.config import get_settings
from app.data import accounts


class TooManyRequests(Exception):
    """Shown as the 429 page."""

    def __init__(self, retry_after_minutes: int) -> None:
        super().__init__(retry_after_minutes)
        self.retry_after_minutes = retry_after_minutes


def client_address(request: Request) -> str:
    return request.client.host if request.client else "unknown"


def _window() -> timedelta:
    return timedelta(minutes=get_settings().rate_limit_window_minutes)


def check(db: Session, limits: dict[str, int]) -> None:
    """Raises TooManyRequests if any key has reached its limit within the window."""
    window = _window()
    for key, limit in limits.items():
        if accounts.count_recent_attempts(db, key, window) >= limit:
            raise TooManyRequests(get_settings().rate_limit_window_minutes)


def record(db: Session, keys: list[str] | dict[str, int]) -> None:
    # Attempts older than the window no longer count; dropping them here keeps the table small.
    accounts.forget_old_attempts(db, _window())
    for key in keys:
        accounts.record_attempt(db, key)


def sign_in_limits(request: Request, email: str) -> dict[str, int]:
    per_email = get_settings().sign_in_attempts_per_window
    return {f"sign-in:{email.lower()}": per_email, f"sign-in-ip:{client_address(request)}": per_email * 4}


def email_link_limits(request: Request, email: str) -> dict[str, int]:
    per_email = get_settings().email_links_per_window
    return {f"email:{email.lower()}": per_email, f"email-ip:{client_address(request)}": per_email * 4}
