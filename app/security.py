"""Secrets, password hashing and request-forgery tokens. No I/O."""

from __future__ import annotations

import hashlib
import hmac
import secrets
from functools import lru_cache

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from app.config import get_settings

MIN_PASSWORD_LENGTH = 10


def new_token() -> str:
    return secrets.token_urlsafe(32)


def hash_token(token: str) -> str:
    """Stored form of a bearer secret (session cookie, emailed link). Fast on purpose: tokens are random."""
    return hashlib.sha256(token.encode()).hexdigest()


@lru_cache
def _password_hasher() -> PasswordHasher:
    settings = get_settings()
    return PasswordHasher(time_cost=settings.argon2_time_cost, memory_cost=settings.argon2_memory_kib)


def hash_password(password: str) -> str:
    return _password_hasher().hash(password)


# Checked against when an email has no account, so a wrong email costs as long as a wrong password.
_DUMMY_HASH: list[str] = []


def verify_password(password_hash: str | None, password: str) -> bool:
    hasher = _password_hasher()
    if password_hash is None:
        if not _DUMMY_HASH:
            _DUMMY_HASH.append(hasher.hash(new_token()))
        password_hash = _DUMMY_HASH[0]
        real = False
    else:
        real = True
    try:
        return hasher.verify(password_hash, password) and real
    except (VerificationError, InvalidHashError):
        return False


def csrf_token_for(binding: str) -> str:
    """The form token for a browser, bound to its session (or anonymous) cookie."""
    key = get_settings().secret_key.encode()
    return hmac.new(key, b"csrf:" + binding.encode(), hashlib.sha256).hexdigest()


def csrf_token_matches(binding: str, submitted: str) -> bool:
    return bool(binding) and hmac.compare_digest(csrf_token_for(binding), submitted)
