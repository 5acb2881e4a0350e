"""Reading, checking and showing answers of every type. Plain functions, no I/O.

A question's form fields are named from a prefix: ``answer`` on a question page, or
``item-<field>`` on a list item page. Sub-fields add a suffix: ``answer-day``.
``read_input`` turns submitted fields into *typed input* (exactly what the person typed,
to show back), ``check`` turns typed input into a stored *value* or error messages.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from app.domain.plan_template import AnswerType, Option, Question
from app.i18n import _, format_date, format_money

Typed = dict[str, Any]
SUBFIELDS: dict[AnswerType, tuple[str, ...]] = {
    AnswerType.DATE: ("day", "month", "year"),
    AnswerType.PERSON: ("name", "relationship", "phone", "email"),
}
PERSON_LIMITS = {"name": 200, "relationship": 200, "phone": 40, "email": 320}
MAX_PENCE = 100_000_000_00
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
PHONE = re.compile(r"^[0-9+() .\-]{6,40}$")


@dataclass
class Checked:
    """The outcome of checking typed input: a value to store (None for no answer), or errors by field id."""

    value: Any = None
    errors: dict[str, str] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.errors


def field_id(prefix: str, sub: str = "") -> str:
    return f"{prefix}-{sub}" if sub else prefix


def clean_text(value: str) -> str:
    """Keeps what was typed but drops control characters (apart from line breaks and tabs)."""
    value = value.replace("\r\n", "\n").replace("\r", "\n")
    return "".join(ch for ch in value if ch in "\n\t" or unicodedata.category(ch) != "Cc").strip()


def read_input(question: Question, form: Mapping[str, Sequence[str]], prefix: str) -> Typed:
    def first(name: str) -> str:
        values = form.get(name, ())
        return values[0] if values else ""

    if question.type in SUBFIELDS:
        return {sub: first(field_id(prefix, sub)) for sub in SUBFIELDS[question.type]}
    if question.type is AnswerType.CHOICE and question.multiple:
        return {"": [value for value in form.get(prefix, ()) if isinstance(value, str)]}
    return {"": first(prefix)}


def typed_from_value(question: Question, value: Any) -> Typed:
    """Typed input that shows a stored value in its form fields."""
    if value is None:
        return {"": [] if question.type is AnswerType.CHOICE and question.multiple else ""}
    if question.type is AnswerType.DATE:
        year, month, day = (int(part) for part in str(value).split("-"))
        return {"day": str(day), "month": str(month), "year": str(year)}
    if question.type is AnswerType.MONEY:
        return {"": f"{Decimal(int(value)) / 100:.2f}"}
    if question.type is AnswerType.PERSON:
        return {sub: str(value.get(sub, "")) for sub in SUBFIELDS[AnswerType.PERSON]}
    return {"": value}


def check(question: Question, typed: Typed, prefix: str, options: Sequence[Option] = ()) -> Checked:
    checker = _CHECKERS[question.type]
    return checker(question, typed, prefix, options or question.options)


def _check_text(question: Question, typed: Typed, prefix: str, _options: Sequence[Option]) -> Checked:
    text = clean_text(str(typed.get("", "")))
    if not text:
        return Checked()
    if len(text) > question.text_limit:
        return Checked(
            errors={
                prefix: _(
                    "Your answer must be %(limit)s characters or fewer. It is %(count)s characters.",
                    limit=f"{question.text_limit:,}",
                    count=f"{len(text):,}",
                )
            }
        )
    return Checked(text)


def _check_choice(question: Question, typed: Typed, prefix: str, options: Sequence[Option]) -> Checked:
    allowed = {option.value for option in options}
    if question.multiple:
        chosen = [value for value in typed.get("", []) if value]
        if any(value not in allowed for value in chosen):
            return Checked(errors={prefix: _("Select from the options shown")})
        ordered = [option.value for option in options if option.value in chosen]
        return Checked(ordered or None)
    value = str(typed.get("", ""))
    if not value:
        return Checked()
    if value not in allowed:
        return Checked(errors={prefix: _("Select one of the options")})
    return Checked(value)


def _check_yes_no(question: Question, typed: Typed, prefix: str, _options: Sequence[Option]) -> Checked:
    value = str(typed.get("", ""))
    if not value:
        return Checked()
    if value not in ("yes", "no"):
        return Checked(errors={prefix: _("Select yes or no")})
    return Checked(value)


def _check_date(question: Question, typed: Typed, prefix: str, _options: Sequence[Option]) -> Checked:
    parts = {sub: str(typed.get(sub, "")).strip() for sub in SUBFIELDS[AnswerType.DATE]}
    if not any(parts.values()):
        return Checked()
    missing = [sub for sub, text in parts.items() if not text]
    if missing:
        names = {"day": _("a day"), "month": _("a month"), "year": _("a year")}
        return Checked(errors={field_id(prefix, missing[0]): _("Date must include %(part)s", part=names[missing[0]])})
    not_numbers = [sub for sub, text in parts.items() if not text.isdigit()]
    if not_numbers:
        return Checked(errors={field_id(prefix, not_numbers[0]): _("Enter the date using numbers, like 27 3 2019")})
    day, month, year = int(parts["day"]), int(parts["month"]), int(parts["year"])
    if len(parts["year"]) != 4:
        return Checked(errors={field_id(prefix, "year"): _("Year must include 4 numbers")})
    try:
        value = date(year, month, day)
    except ValueError:
        return Checked(errors={field_id(prefix, "day"): _("Date must be a real date")})
    if not 1900 <= year <= 2100:
        return Checked(errors={field_id(prefix, "year"): _("Year must be between 1900 and 2100")})
    return Checked(value.isoformat())


def parse_pounds(text: str) -> Decimal | None:
    """Pounds and pence as typed ('£1,250.5', '12'), or None if it is not an amount."""
    cleaned = text.strip().replace(",", "").removeprefix("£").strip()
    if not re.fullmatch(r"-?\d+(\.\d{1,2})?", cleaned):
        return None
    try:
        return Decimal(cleaned)
    except InvalidOperation:
        return None


def _check_money(question: Question, typed: Typed, prefix: str, _options: Sequence[Option]) -> Checked:
    text = str(typed.get("", "")).strip()
    if not text:
        return Checked()
    amount = parse_pounds(text)
    if amount is None:
        return Checked(errors={prefix: _("Enter an amount in pounds and pence, like 25.50")})
    if amount < 0:
        return Checked(errors={prefix: _("Amount must be 0 or more")})
    pence = int(amount * 100)
    if pence >= MAX_PENCE:
        return Checked(errors={prefix: _("Amount must be less than £100,000,000")})
    return Checked(pence)


def _check_person(question: Question, typed: Typed, prefix: str, _options: Sequence[Option]) -> Checked:
    person = {sub: clean_text(str(typed.get(sub, ""))) for sub in SUBFIELDS[AnswerType.PERSON]}
    if not any(person.values()):
        return Checked()
    errors = {}
    for sub, limit in PERSON_LIMITS.items():
        if len(person[sub]) > limit:
            errors[field_id(prefix, sub)] = _("This must be %(limit)s characters or fewer", limit=limit)
    if not person["name"]:
        errors.setdefault(field_id(prefix, "name"), _("Enter their name"))
    if person["phone"] and not PHONE.match(person["phone"]):
        errors.setdefault(field_id(prefix, "phone"), _("Enter a phone number, like 01632 960 001 or 07700 900 982"))
    if person["email"] and not EMAIL.match(person["email"]):
        errors.setdefault(
            field_id(prefix, "email"), _("Enter an email address in the correct format, like name@example.com")
        )
    return Checked(errors=errors) if errors else Checked(person)


def _check_list(question: Question, typed: Typed, prefix: str, _options: Sequence[Option]) -> Checked:
    raise ValueError("list answers are changed an item at a time: use check_item")


_CHECKERS = {
    AnswerType.SHORT_TEXT: _check_text,
    AnswerType.LONG_TEXT: _check_text,
    AnswerType.CHOICE: _check_choice,
    AnswerType.YES_NO: _check_yes_no,
    AnswerType.DATE: _check_date,
    AnswerType.MONEY: _check_money,
    AnswerType.PERSON: _check_person,
    AnswerType.LIST: _check_list,
}


def item_prefix(field_key: str) -> str:
    return f"item-{field_key}"


def read_item(question: Question, form: Mapping[str, Sequence[str]]) -> dict[str, Typed]:
    return {item.key: read_input(item, form, item_prefix(item.key)) for item in question.fields}


def check_item(question: Question, typed: Mapping[str, Typed], options_for: Mapping[str, Sequence[Option]]) -> Checked:
    """Checks one list item; an item must say something in at least its naming field."""
    values: dict[str, Any] = {}
    errors: dict[str, str] = {}
    for item_field in question.fields:
        prefix = item_prefix(item_field.key)
        checked = check(item_field, typed.get(item_field.key, {}), prefix, options_for.get(item_field.key, ()))
        errors.update(checked.errors)
        if checked.value is not None:
            values[item_field.key] = checked.value
    for item_field in question.fields:
        if (item_field.required or item_field.key == question.summary_field) and item_field.key not in values:
            errors.setdefault(
                field_id(item_prefix(item_field.key), SUBFIELDS.get(item_field.type, ("",))[0]),
                _("Enter an answer to “%(question)s”", question=_(item_field.label)),
            )
    return Checked(errors=errors) if errors else Checked(values)


def is_answered(value: Any) -> bool:
    return value not in (None, "", [], {})


def display(question: Question, value: Any, options: Sequence[Option] = ()) -> list[str]:
    """An answer as lines of plain text, for check-your-answers, My plan and the PDF."""
    if not is_answered(value):
        return []
    if question.type in (AnswerType.SHORT_TEXT, AnswerType.LONG_TEXT):
        return [str(value)]
    if question.type is AnswerType.CHOICE:
        labels = {option.value: _(option.text) for option in (options or question.options)}
        chosen = value if isinstance(value, list) else [value]
        return [labels.get(item, _("An option that is no longer offered")) for item in chosen]
    if question.type is AnswerType.YES_NO:
        return [_("Yes") if value == "yes" else _("No")]
    if question.type is AnswerType.DATE:
        return [format_date(date.fromisoformat(value))]
    if question.type is AnswerType.MONEY:
        return [format_money(int(value), pence=True)]
    if question.type is AnswerType.PERSON:
        return [
            part
            for part in (value.get("name"), value.get("relationship"), value.get("phone"), value.get("email"))
            if part
        ]
    return [str(len(value))]


def item_title(question: Question, item: Mapping[str, Any], options_for: Mapping[str, Sequence[Option]]) -> str:
    summary = question.field(question.summary_field)
    assert summary is not None
    lines = display(summary, item.get(summary.key), options_for.get(summary.key, ()))
    return lines[0] if lines else _("Untitled")
