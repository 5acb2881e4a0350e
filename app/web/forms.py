"""Server-side form handling in the GOV.UK pattern: errors in field order, typed values kept."""

from __future__ import annotations

from dataclasses import dataclass, field

from starlette.datastructures import FormData

from app.i18n import _
from app.security import MIN_PASSWORD_LENGTH


@dataclass
class FormErrors:
    """Messages by field id, in the order they appear on the page."""

    messages: dict[str, str] = field(default_factory=dict)

    def add(self, field_id: str, message: str) -> None:
        self.messages.setdefault(field_id, message)

    def get(self, field_id: str) -> str | None:
        return self.messages.get(field_id)

    def __bool__(self) -> bool:
        return bool(self.messages)

    def __contains__(self, field_id: str) -> bool:
        return field_id in self.messages

    def summary(self) -> list[dict[str, str]]:
        """One entry per message, linking to the first field that has it."""
        seen: dict[str, str] = {}
        for field_id, message in self.messages.items():
            seen.setdefault(message, field_id)
        return [{"text": message, "href": f"#{field_id}"} for message, field_id in seen.items()]


def text(form: FormData, name: str, max_length: int = 100_000) -> str:
    """A submitted text value, with line endings made consistent. Never raises."""
    value = form.get(name, "")
    if not isinstance(value, str):
        return ""
    return value.replace("\r\n", "\n").replace("\r", "\n")[: max_length + 1]


def values_of(form: FormData) -> dict[str, str]:
    return {key: value for key, value in form.items() if isinstance(value, str) and key != "csrf_token"}


def check_email(errors: FormErrors, field_id: str, email: str) -> None:
    if not email:
        errors.add(field_id, _("Enter your email address"))
    elif len(email) > 320 or "@" not in email or email.startswith("@") or email.endswith("@") or " " in email:
        errors.add(field_id, _("Enter an email address in the correct format, like name@example.com"))


def check_new_password(errors: FormErrors, field_id: str, password: str, email: str = "") -> None:
    if not password:
        errors.add(field_id, _("Enter a password"))
    elif len(password) < MIN_PASSWORD_LENGTH:
        errors.add(field_id, _("Password must be %(count)s characters or more", count=MIN_PASSWORD_LENGTH))
    elif len(password) > 256:
        errors.add(field_id, _("Password must be 256 characters or fewer"))
    elif email and password.strip().lower() == email.strip().lower():
        errors.add(field_id, _("Password must not be the same as your email address"))


def confirmed(form: FormData) -> tuple[bool | None, FormErrors]:
    """The answer on an "Are you sure you want to remove this?" page: True, False, or None with an error."""
    errors = FormErrors()
    choice = form.get("confirm")
    if choice not in ("yes", "no"):
        errors.add("confirm", _("Select yes if you want to remove this"))
        return None, errors
    return choice == "yes", errors
