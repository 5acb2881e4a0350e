"""Translations and locale-aware formatting.

English (UK) is the source language; Welsh ships beside it. The current locale lives in
a context variable set once per request, so templates and Python code share it.
Catalogues are read straight from the ``.po`` files at start-up, so they can never be stale.
"""

from __future__ import annotations

import gettext as gettext_module
import io
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import date, datetime
from decimal import Decimal
from functools import lru_cache
from typing import Any

from babel import Locale
from babel.dates import format_date as babel_format_date
from babel.dates import format_datetime as babel_format_datetime
from babel.dates import get_timezone
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.numbers import format_currency

from app.config import PROJECT_ROOT

LOCALES_DIR = PROJECT_ROOT / "locales"
SOURCE_LOCALE = "en"
SUPPORTED_LOCALES: dict[str, str] = {"en": "English", "cy": "Cymraeg"}
BABEL_LOCALES = {"en": "en_GB", "cy": "cy_GB"}
LONDON = get_timezone("Europe/London")

_current_locale: ContextVar[str] = ContextVar("locale", default=SOURCE_LOCALE)


@lru_cache
def _translations(locale: str) -> gettext_module.NullTranslations:
    po_path = LOCALES_DIR / locale / "LC_MESSAGES" / "messages.po"
    if locale == SOURCE_LOCALE or not po_path.exists():
        return gettext_module.NullTranslations()
    with po_path.open("rb") as po_file:
        catalog = read_po(po_file, locale=BABEL_LOCALES[locale])
    buffer = io.BytesIO()
    write_mo(buffer, catalog)
    buffer.seek(0)
    return gettext_module.GNUTranslations(buffer)


def current_locale() -> str:
    return _current_locale.get()


def set_locale(locale: str) -> None:
    _current_locale.set(locale if locale in SUPPORTED_LOCALES else SOURCE_LOCALE)


@contextmanager
def use_locale(locale: str) -> Iterator[None]:
    token = _current_locale.set(locale if locale in SUPPORTED_LOCALES else SOURCE_LOCALE)
    try:
        yield
    finally:
        _current_locale.reset(token)


def gettext(message: str, **variables: Any) -> str:
    translated = _translations(current_locale()).gettext(message)
    return translated % variables if variables else translated


def ngettext(singular: str, plural: str, n: int, **variables: Any) -> str:
    translated = _translations(current_locale()).ngettext(singular, plural, n)
    return translated % {"num": n, **variables}


_ = gettext


def lazy_gettext(message: str) -> str:
    """Marks a string for extraction where it is defined; translate it with ``_`` where it is shown."""
    return message


def babel_locale() -> Locale:
    return Locale.parse(BABEL_LOCALES[current_locale()])


def format_date(value: date | datetime | None, format: str = "long") -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return babel_format_datetime(value, format="d MMMM y", tzinfo=LONDON, locale=babel_locale())
    return babel_format_date(value, format=format, locale=babel_locale())


def format_datetime(value: datetime | None) -> str:
    if value is None:
        return ""
    return babel_format_datetime(value, format="d MMMM y, h:mm a", tzinfo=LONDON, locale=babel_locale())


def format_money(value: Decimal | int, pence: bool = False) -> str:
    amount = Decimal(value) / 100 if pence else Decimal(value)
    return format_currency(amount, "GBP", locale=babel_locale())


def negotiate_locale(cookie_value: str | None, accept_language: str | None) -> str:
    """The switch wins (remembered in a cookie); otherwise the browser's preference."""
    if cookie_value in SUPPORTED_LOCALES:
        return cookie_value
    for item in _parse_accept_language(accept_language or ""):
        primary = item.split("-")[0].lower()
        if primary in SUPPORTED_LOCALES:
            return primary
    return SOURCE_LOCALE


def _parse_accept_language(header: str) -> list[str]:
    weighted: list[tuple[float, int, str]] = []
    for position, part in enumerate(header.split(",")):
        piece = part.strip()
        if not piece:
            continue
        tag, _sep, params = piece.partition(";")
        quality = 1.0
        if params.strip().startswith("q="):
            try:
                quality = float(params.strip()[2:])
            except ValueError:
                quality = 0.0
        if quality > 0:
            weighted.append((-quality, position, tag.strip()))
    return [tag for _q, _p, tag in sorted(weighted)]
