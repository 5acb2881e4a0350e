"""Reading and writing council assessments: the JSON format, version 1, and its CSV form.

Both formats become the same intermediate dict, checked by the same JSON Schema
(``app/schemas/assessment-v1.json``) and the same rules the schema cannot express, so a
file is accepted or refused identically whichever way it comes. Every problem says where
it is (``$.needs[2].outcome`` for JSON, ``line 4, column "outcome"`` for CSV), what is
wrong and how to fix it. Pure functions: no database, no web. See docs/assessment-format.md.
"""

from __future__ import annotations

import codecs
import csv
import difflib
import io
import json
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any, Literal, Protocol

from jsonschema import Draft202012Validator  # type: ignore[import-untyped]

from app.domain.answers import EMAIL, clean_text
from app.domain.assessment import (
    Assessment,
    AssessmentType,
    Budget,
    Contribution,
    DesiredOutcome,
    Eligible,
    Need,
    ParseResult,
    Period,
    Person,
    Problem,
    outcomes_for,
)
from app.i18n import LONDON, _, format_date, format_money

SCHEMA_PATH = Path(__file__).resolve().parent.parent / "schemas" / "assessment-v1.json"
SCHEMA: dict[str, Any] = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
_VALIDATOR = Draft202012Validator(SCHEMA)

FORMAT = "myplan-assessment"
VERSION = 1
MAX_FILE_BYTES = 5 * 1024 * 1024
MAX_NEEDS = 200
MAX_DESIRED_OUTCOMES = 200
MAX_INDICATIVE_PENCE = 10_000_000_00
MAX_CONTRIBUTION_PENCE = 100_000_00

CSV_COLUMNS: tuple[str, ...] = (
    "format_version",
    "council",
    "council_reference",
    "person_name",
    "person_email",
    "assessment_id",
    "assessment_date",
    "assessor",
    "assessment_type",
    "need_id",
    "outcome",
    "need_description",
    "eligible",
    "council_will_meet",
    "met_by_carer",
    "carer_name",
    "wellbeing_impact",
    "direct_payment_possible",
    "not_meeting_reason",
    "advice",
    "desired_outcome_id",
    "desired_outcome",
    "indicative_budget",
    "contribution",
    "contribution_period",
    "budget_explanation",
    "direct_payment_available",
    "review_date",
)
# The JSON path of each column that describes the person, the assessment or the budget:
# these must be the same on every row.
_SHARED_COLUMNS: dict[str, tuple[str, ...]] = {
    "format_version": ("version",),
    "council": ("council",),
    "council_reference": ("council_reference",),
    "person_name": ("person", "name"),
    "person_email": ("person", "email"),
    "assessment_id": ("assessment", "id"),
    "assessment_date": ("assessment", "date"),
    "assessor": ("assessment", "assessor"),
    "assessment_type": ("assessment", "type"),
    "indicative_budget": ("budget", "indicative_annual"),
    "contribution": ("budget", "contribution", "amount"),
    "contribution_period": ("budget", "contribution", "period"),
    "budget_explanation": ("budget", "explanation"),
    "direct_payment_available": ("budget", "direct_payment_available"),
    "review_date": ("review_date",),
}
_NEED_COLUMNS: dict[str, str] = {
    "need_id": "id",
    "outcome": "outcome",
    "need_description": "description",
    "eligible": "eligible",
    "council_will_meet": "council_will_meet",
    "met_by_carer": "met_by_carer",
    "carer_name": "carer_name",
    "wellbeing_impact": "wellbeing_impact",
    "direct_payment_possible": "direct_payment_possible",
    "not_meeting_reason": "not_meeting_reason",
    "advice": "advice",
}
_DESIRED_OUTCOME_COLUMNS: dict[str, str] = {"desired_outcome_id": "id", "desired_outcome": "text"}
_BOOLEAN_COLUMNS = frozenset(
    {"council_will_meet", "met_by_carer", "direct_payment_possible", "direct_payment_available"}
)
_MONEY_COLUMNS = frozenset({"indicative_budget", "contribution"})
_DATE_COLUMNS = frozenset({"assessment_date", "review_date"})
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_DATE_SHAPE = re.compile(r"^([0-9]{4})-([0-9]{2})-([0-9]{2})$")
_UK_DATE = re.compile(r"^([0-9]{1,2})/([0-9]{1,2})/([0-9]{4})$")
_MONEY_TEXT = re.compile(r"^-?[0-9]+(\.[0-9]{1,2})?$")
_PENNY = Decimal("0.01")

JsonPath = tuple[str | int, ...]


# Where a problem is, in the words of each format


class _Locator(Protocol):
    @property
    def yes_no(self) -> bool:
        """CSV writes true and false as yes and no."""
        ...

    def where(self, path: JsonPath) -> str: ...

    def name(self, path: JsonPath) -> str: ...

    def sort_key(self, path: JsonPath) -> tuple[Any, ...]: ...


def _key_order(schema: Mapping[str, Any]) -> dict[str, int]:
    """Each property name's first position in the schema, so problems come in document order."""
    order: dict[str, int] = {}

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            for key in node.get("properties", {}):
                order.setdefault(key, len(order))
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for item in node:
                walk(item)

    walk(schema)
    return order


_KEY_ORDER = _key_order(SCHEMA)


class _JsonLocator:
    yes_no = False

    def where(self, path: JsonPath) -> str:
        return json_path(path)

    def name(self, path: JsonPath) -> str:
        return next((str(part) for part in reversed(path) if isinstance(part, str)), "$")

    def sort_key(self, path: JsonPath) -> tuple[Any, ...]:
        return tuple(
            (0, part, "") if isinstance(part, int) else (1, _KEY_ORDER.get(part, len(_KEY_ORDER)), part)
            for part in path
        )


def json_path(path: JsonPath) -> str:
    """``("needs", 2, "outcome")`` as ``$.needs[2].outcome``."""
    text = "$"
    for part in path:
        if isinstance(part, int):
            text += f"[{part}]"
        elif re.fullmatch(r"[A-Za-z_$][A-Za-z0-9_$]*", part):
            text += f".{part}"
        else:
            text += f"[{json.dumps(part, ensure_ascii=False)}]"
    return text


@dataclass(frozen=True)
class _CsvLocator:
    first_line: int
    need_lines: tuple[int, ...]
    desired_outcome_lines: tuple[int, ...]
    yes_no: bool = True

    def locate(self, path: JsonPath) -> tuple[int, str | None]:
        rows = {
            "needs": (self.need_lines, _NEED_COLUMNS),
            "desired_outcomes": (self.desired_outcome_lines, _DESIRED_OUTCOME_COLUMNS),
        }
        if len(path) >= 2 and path[0] in rows and isinstance(path[1], int):
            lines, columns = rows[str(path[0])]
            line = lines[path[1]] if path[1] < len(lines) else self.first_line
            column = next((name for name, key in columns.items() if path[2:] == (key,)), None)
            return line, column
        column = next((name for name, json_key in _SHARED_COLUMNS.items() if json_key == path), None)
        if path == ("format",):
            column = "format_version"
        return self.first_line, column

    def where(self, path: JsonPath) -> str:
        line, column = self.locate(path)
        return csv_where(line, column)

    def name(self, path: JsonPath) -> str:
        _line, column = self.locate(path)
        return column or _JsonLocator().name(path)

    def sort_key(self, path: JsonPath) -> tuple[Any, ...]:
        line, column = self.locate(path)
        return (line, CSV_COLUMNS.index(column) if column else -1)


def csv_where(line: int, column: str | None = None) -> str:
    if column is None:
        return _("line %(line)s", line=line)
    return _('line %(line)s, column "%(column)s"', line=line, column=column)


# Checking: the schema first, then the rules it cannot express


@dataclass(frozen=True)
class _Issue:
    path: JsonPath
    message: str
    fix: str = ""


def _validated(data: Any, locator: _Locator, today: date | None) -> ParseResult:
    limited, issues = _limit_lists(data)
    issues += _schema_issues(limited, locator)
    issues += _semantic_issues(limited, today or _today(), locator)
    if issues:
        return ParseResult(problems=_problems(issues, locator))
    return ParseResult(assessment=_build(limited))


def _today() -> date:
    return datetime.now(LONDON).date()


def _problems(issues: Iterable[_Issue], locator: _Locator) -> list[Problem]:
    """One problem per place (the first found), in document order."""
    first: dict[JsonPath, _Issue] = {}
    for issue in issues:
        first.setdefault(issue.path, issue)
    ordered = sorted(first.values(), key=lambda issue: locator.sort_key(issue.path))
    return [Problem(locator.where(issue.path), issue.message, issue.fix) for issue in ordered]


def _limit_lists(data: Any) -> tuple[Any, list[_Issue]]:
    """Refuses more than the limit of needs or outcomes without checking every one of thousands."""
    if not isinstance(data, dict):
        return data, []
    limited, issues = dict(data), []
    for key, limit in (("needs", MAX_NEEDS), ("desired_outcomes", MAX_DESIRED_OUTCOMES)):
        items = data.get(key)
        if isinstance(items, list) and len(items) > limit:
            limited[key] = items[:limit]
            issues.append(_too_many(key, len(items), limit))
    return limited, issues


def _too_many(key: str, count: int, limit: int) -> _Issue:
    if key == "needs":
        return _Issue(
            (key, limit),
            _("There are %(count)s needs. An assessment can have at most %(limit)s.", count=count, limit=limit),
            _("Combine related needs so there are %(limit)s or fewer", limit=limit),
        )
    return _Issue(
        (key, limit),
        _("There are %(count)s desired outcomes. An assessment can have at most %(limit)s.", count=count, limit=limit),
        _("Combine related outcomes so there are %(limit)s or fewer", limit=limit),
    )


def _schema_issues(data: Any, locator: _Locator) -> list[_Issue]:
    issues: list[_Issue] = []
    for error in _VALIDATOR.iter_errors(data):
        issues.extend(_from_schema_error(error, data, locator))
    return issues


def _from_schema_error(error: Any, data: Any, locator: _Locator) -> list[_Issue]:
    path: JsonPath = tuple(error.absolute_path)
    if error.validator == "required":
        present = error.instance if isinstance(error.instance, dict) else {}
        return [_missing((*path, name), locator) for name in error.validator_value if name not in present]
    if error.validator == "additionalProperties":
        allowed = list(error.schema.get("properties", {}))
        return [_not_in_format((*path, name), allowed, locator) for name in error.instance if name not in allowed]
    is_outcome = len(path) == 3 and path[0] == "needs" and path[2] == "outcome"
    if error.validator == "enum" and is_outcome and isinstance(error.instance, str):
        return [_wrong_outcome(path, error.instance, data)]
    explain = _SCHEMA_EXPLANATIONS.get(str(error.validator), _explain_other)
    return [explain(path, error, locator)]


def _missing(path: JsonPath, locator: _Locator) -> _Issue:
    field = locator.name(path)
    if path == ("needs",):
        return _Issue(path, _("An assessment must have at least one need"), _("Add the needs the assessment found"))
    return _Issue(
        path,
        _("“%(field)s” is missing", field=field),
        _("Add the missing field “%(field)s”", field=field),
    )


def _not_in_format(path: JsonPath, allowed: list[str], locator: _Locator) -> _Issue:
    field = str(path[-1])
    close = difflib.get_close_matches(field, allowed, n=1)
    if close:
        fix = _(
            "Remove the field “%(field)s”, which is not part of the format, or correct its spelling to “%(close)s”",
            field=field,
            close=close[0],
        )
    else:
        fix = _("Remove the field “%(field)s”, which is not part of the format (check the spelling)", field=field)
    return _Issue(path, _("“%(field)s” is not a field in this format", field=field), fix)


def _wrong_outcome(path: JsonPath, code: Any, data: Any) -> _Issue:
    kind = AssessmentType.CARER if _get(data, "assessment", "type") == "carer" else AssessmentType.ADULT
    other = AssessmentType.ADULT if kind is AssessmentType.CARER else AssessmentType.CARER
    codes = ", ".join(outcomes_for(kind))
    if kind is AssessmentType.CARER:
        fix = _("Use one of the carer outcome codes: %(codes)s", codes=codes)
    else:
        fix = _("Use one of the adult outcome codes: %(codes)s", codes=codes)
    if code in outcomes_for(other) and kind is AssessmentType.ADULT:
        message = _("“%(code)s” is a carer's outcome, but this is an adult's assessment", code=code)
    elif code in outcomes_for(other):
        message = _("“%(code)s” is an adult's outcome, but this is a carer's assessment", code=code)
    else:
        message = _("“%(code)s” is not an eligibility outcome code", code=code)
    return _Issue(path, message, fix)


def _explain_type(path: JsonPath, error: Any, locator: _Locator) -> _Issue:
    field = locator.name(path)
    expected = error.validator_value[0] if isinstance(error.validator_value, list) else error.validator_value
    if expected == "boolean" and locator.yes_no:
        return _Issue(path, _("“%(field)s” must be yes or no", field=field), _("Write yes or no"))
    explanations: dict[str, tuple[str, str]] = {
        "string": (_("“%(field)s” must be text", field=field), _("Put the text in double quotes")),
        "number": (_("“%(field)s” must be a number", field=field), _("Write a number, like 35.00")),
        "integer": (_("“%(field)s” must be a whole number", field=field), _("Write a whole number, like 1")),
        "boolean": (_("“%(field)s” must be true or false", field=field), _("Write true or false, without quotes")),
        "array": (_("“%(field)s” must be a list", field=field), _("Put the items in square brackets [ ]")),
        "object": (
            _("“%(field)s” must be a group of fields", field=field),
            _("Put the fields in curly brackets { }"),
        ),
    }
    message, fix = explanations.get(expected, (_("“%(field)s” is the wrong kind of value", field=field), ""))
    return _Issue(path, message, fix)


def _explain_enum(path: JsonPath, error: Any, locator: _Locator) -> _Issue:
    field = locator.name(path)
    options = ", ".join(str(option) for option in error.validator_value)
    return _Issue(
        path,
        _("“%(field)s” must be one of: %(options)s", field=field, options=options),
        _("Use one of those words exactly, in lower case"),
    )


def _explain_const(path: JsonPath, error: Any, locator: _Locator) -> _Issue:
    field = locator.name(path)
    value = json.dumps(error.validator_value)
    return _Issue(path, _("“%(field)s” must be %(value)s", field=field, value=value), _("Write %(value)s", value=value))


def _explain_min_items(path: JsonPath, error: Any, locator: _Locator) -> _Issue:
    if path == ("needs",):
        return _missing(path, locator)
    field = locator.name(path)
    return _Issue(
        path,
        _("“%(field)s” must have at least %(count)s items", field=field, count=error.validator_value),
        _("Add the missing items"),
    )


def _explain_max_items(path: JsonPath, error: Any, locator: _Locator) -> _Issue:
    field = locator.name(path)
    limit = error.validator_value
    return _Issue(
        path,
        _("“%(field)s” can have at most %(limit)s items", field=field, limit=limit),
        _("Remove or combine items so there are %(limit)s or fewer", limit=limit),
    )


def _explain_min_length(path: JsonPath, error: Any, locator: _Locator) -> _Issue:
    field = locator.name(path)
    return _Issue(path, _("“%(field)s” cannot be empty", field=field), _("Fill in “%(field)s”", field=field))


def _explain_max_length(path: JsonPath, error: Any, locator: _Locator) -> _Issue:
    field = locator.name(path)
    return _Issue(
        path,
        _(
            "“%(field)s” must be %(limit)s characters or fewer. It is %(count)s characters.",
            field=field,
            limit=f"{error.validator_value:,}",
            count=f"{len(error.instance):,}",
        ),
        _("Shorten “%(field)s”", field=field),
    )


def _explain_pattern(path: JsonPath, error: Any, locator: _Locator) -> _Issue:
    field = locator.name(path)
    if error.validator_value == SCHEMA["$defs"]["date"]["pattern"]:
        return _date_shape_issue(path, field)
    return _Issue(path, _("“%(field)s” is not in the right form", field=field))


def _date_shape_issue(path: JsonPath, field: str) -> _Issue:
    return _Issue(
        path,
        _("“%(field)s” must be a date in the form YYYY-MM-DD", field=field),
        _("Write the date like 2026-09-14"),
    )


def _explain_any_of(path: JsonPath, error: Any, locator: _Locator) -> _Issue:
    field = locator.name(path)
    if error.schema == SCHEMA["$defs"]["money"]:
        return _Issue(
            path,
            _("“%(field)s” must be an amount in pounds, like 35.00", field=field),
            _("Write the amount with up to 2 decimal places and no £ sign or commas, like 12480.00"),
        )
    return _explain_other(path, error, locator)


def _explain_other(path: JsonPath, error: Any, locator: _Locator) -> _Issue:
    return _Issue(path, _("“%(field)s” is not valid: %(detail)s", field=locator.name(path), detail=error.message))


_SCHEMA_EXPLANATIONS: dict[str, Callable[[JsonPath, Any, _Locator], _Issue]] = {
    "type": _explain_type,
    "enum": _explain_enum,
    "const": _explain_const,
    "minItems": _explain_min_items,
    "maxItems": _explain_max_items,
    "minLength": _explain_min_length,
    "maxLength": _explain_max_length,
    "pattern": _explain_pattern,
    "anyOf": _explain_any_of,
}


def _semantic_issues(data: Any, today: date, locator: _Locator) -> list[_Issue]:
    """The rules a JSON Schema cannot express. Written to cope with data the schema refused."""
    if not isinstance(data, dict):
        return []
    return [
        *_date_issues(data, today, locator),
        *_money_issues(data, locator),
        *_need_issues(data),
        *_desired_outcome_issues(data),
        *_email_issues(data, locator),
    ]


def _get(data: Any, *keys: str) -> Any:
    for key in keys:
        if not isinstance(data, dict):
            return None
        data = data.get(key)
    return data


def _date_parts(value: Any) -> tuple[int, int, int] | None:
    found = _DATE_SHAPE.match(value) if isinstance(value, str) else None
    return (int(found[1]), int(found[2]), int(found[3])) if found else None


def _real_date(parts: tuple[int, int, int]) -> date | None:
    try:
        return date(*parts)
    except ValueError:
        return None


def _date_issues(data: dict[str, Any], today: date, locator: _Locator) -> list[_Issue]:
    issues = []
    assessed_path, review_path = ("assessment", "date"), ("review_date",)
    assessed, review = _date_parts(_get(data, *assessed_path)), _date_parts(data.get("review_date"))
    for path, parts in ((assessed_path, assessed), (review_path, review)):
        if parts and not _real_date(parts):
            issues.append(_not_a_real_date(path, locator))
    assessed_on = _real_date(assessed) if assessed else None
    if assessed_on and assessed_on > today:
        issues.append(
            _Issue(
                assessed_path,
                _("The assessment date cannot be in the future"),
                _("Check the date: today is %(today)s", today=today.isoformat()),
            )
        )
    # Compared as numbers, so a review date before an impossible assessment date is still caught.
    if assessed and review and review < assessed:
        fix = (
            _("Use a review date on or after %(date)s", date=assessed_on.isoformat())
            if assessed_on
            else _("Use a review date on or after the assessment date")
        )
        issues.append(_Issue(review_path, _("The review date cannot be before the assessment date"), fix))
    return issues


def _not_a_real_date(path: JsonPath, locator: _Locator) -> _Issue:
    field = locator.name(path)
    return _Issue(
        path,
        _("“%(field)s” must be a real date", field=field),
        _("Check the day and the month: that day does not exist"),
    )


def _amount(value: Any) -> Decimal | None:
    """The amount in pounds, or None when it is not an amount (the schema reports that)."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int | Decimal):
        return Decimal(value)
    if isinstance(value, str) and _MONEY_TEXT.match(value):
        return Decimal(value)
    return None


def _money_issues(data: dict[str, Any], locator: _Locator) -> list[_Issue]:
    issues = []
    limits = (
        (
            ("budget", "indicative_annual"),
            MAX_INDICATIVE_PENCE,
            _("The indicative budget must be less than £10,000,000 a year"),
        ),
        (
            ("budget", "contribution", "amount"),
            MAX_CONTRIBUTION_PENCE,
            _("The contribution must be less than £100,000 for each period"),
        ),
    )
    for path, limit_pence, too_big in limits:
        amount = _amount(_get(data, *path))
        if amount is None:
            continue
        if amount < 0:
            issues.append(
                _Issue(
                    path, _("Amounts cannot be negative"), _("Write the amount without a minus sign, or 0 for nothing")
                )
            )
        elif amount >= Decimal(limit_pence) / 100:
            issues.append(_Issue(path, too_big, _("Check the amount: it must be in pounds, not pence")))
        elif amount != amount.quantize(_PENNY):
            field = locator.name(path)
            issues.append(
                _Issue(
                    path,
                    _("“%(field)s” can have at most 2 decimal places", field=field),
                    _("Round the amount to whole pence, like 35.50"),
                )
            )
    return issues


def _need_issues(data: dict[str, Any]) -> list[_Issue]:
    needs = data.get("needs")
    if not isinstance(needs, list):
        return []
    issues, seen = [], set()
    for index, need in enumerate(needs):
        if not isinstance(need, dict):
            continue
        need_id = need.get("id")
        if isinstance(need_id, str) and need_id in seen:
            issues.append(
                _Issue(
                    ("needs", index, "id"),
                    _("The need id “%(id)s” is used more than once", id=need_id),
                    _("Give each need its own id"),
                )
            )
        seen.add(need_id if isinstance(need_id, str) else "")
        if _needs_reason(need):
            issues.append(
                _Issue(
                    ("needs", index, "not_meeting_reason"),
                    _("This need is not eligible or the council will not meet it, so it needs a reason"),
                    _("Say why the council will not meet this need, in plain words"),
                )
            )
    return issues


def _needs_reason(need: dict[str, Any]) -> bool:
    not_met = need.get("eligible") == "no" or need.get("council_will_meet") is False
    reason = need.get("not_meeting_reason")
    return not_met and not (isinstance(reason, str) and reason)


def _desired_outcome_issues(data: dict[str, Any]) -> list[_Issue]:
    outcomes = data.get("desired_outcomes")
    if not isinstance(outcomes, list):
        return []
    issues, seen = [], set()
    for index, outcome in enumerate(outcomes):
        outcome_id = outcome.get("id") if isinstance(outcome, dict) else None
        if isinstance(outcome_id, str) and outcome_id in seen:
            issues.append(
                _Issue(
                    ("desired_outcomes", index, "id"),
                    _("The desired outcome id “%(id)s” is used more than once", id=outcome_id),
                    _("Give each desired outcome its own id"),
                )
            )
        if isinstance(outcome_id, str):
            seen.add(outcome_id)
    return issues


def _email_issues(data: dict[str, Any], locator: _Locator) -> list[_Issue]:
    email = _get(data, "person", "email")
    if not isinstance(email, str) or not email or EMAIL.match(email):
        return []
    path: JsonPath = ("person", "email")
    return [
        _Issue(
            path,
            _("“%(field)s” must be an email address, like name@example.com", field=locator.name(path)),
            _("Check the email address, or leave it out"),
        )
    ]


# Building the assessment once the data is known to be good


def _pence(value: Any) -> int:
    amount = _amount(value)
    assert amount is not None  # checked before building
    return int(amount * 100)


def _build(data: dict[str, Any]) -> Assessment:
    person, assessment, budget = data["person"], data["assessment"], data["budget"]
    return Assessment(
        council=data["council"],
        council_reference=data["council_reference"],
        person=Person(name=person["name"], email=person.get("email", "")),
        assessment_id=assessment["id"],
        assessed_on=date.fromisoformat(assessment["date"]),
        assessor=assessment["assessor"],
        kind=AssessmentType(assessment["type"]),
        needs=tuple(_build_need(need) for need in data["needs"]),
        desired_outcomes=tuple(
            DesiredOutcome(id=item["id"], text=item["text"]) for item in data.get("desired_outcomes", [])
        ),
        budget=Budget(
            indicative_annual_pence=_pence(budget["indicative_annual"]),
            contribution=Contribution(
                amount_pence=_pence(budget["contribution"]["amount"]),
                period=Period(budget["contribution"]["period"]),
            ),
            explanation=budget.get("explanation", ""),
            direct_payment_available=budget.get("direct_payment_available", False),
        ),
        review_date=date.fromisoformat(data["review_date"]) if data.get("review_date") else None,
    )


def _build_need(need: dict[str, Any]) -> Need:
    return Need(
        id=need["id"],
        outcome=need["outcome"],
        description=need["description"],
        eligible=Eligible(need["eligible"]),
        council_will_meet=need["council_will_meet"],
        met_by_carer=need.get("met_by_carer", False),
        carer_name=need.get("carer_name", ""),
        wellbeing_impact=need.get("wellbeing_impact", ""),
        direct_payment_possible=need.get("direct_payment_possible", False),
        not_meeting_reason=need.get("not_meeting_reason", ""),
        advice=need.get("advice", ""),
    )


def _cleaned(node: Any) -> Any:
    """Every text trimmed, line breaks made \\n, control characters dropped."""
    if isinstance(node, dict):
        return {key: _cleaned(value) for key, value in node.items()}
    if isinstance(node, list):
        return [_cleaned(item) for item in node]
    if isinstance(node, str):
        return clean_text(node)
    return node


# Reading bytes


def _file_problem(message: str, fix: str = "") -> Problem:
    return Problem(_("the whole file"), message, fix)


def _too_big() -> Problem:
    return _file_problem(
        _("The file must be smaller than 5 MB"), _("Send each person's assessment in a file of its own")
    )


def _decode(raw: bytes, csv_file: bool) -> str | Problem:
    if len(raw) > MAX_FILE_BYTES:
        return _too_big()
    body = raw.removeprefix(codecs.BOM_UTF8)
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError as error:
        line = body[: error.start].count(b"\n") + 1
        offset = error.start + len(raw) - len(body)
        fix = (
            _("Save the file as “CSV UTF-8”: in Excel, choose Save As, then “CSV UTF-8 (Comma delimited)”")
            if csv_file
            else _("Save the file with UTF-8 encoding and send it again")
        )
        return Problem(
            csv_where(line),
            _(
                "The file must be saved as UTF-8: byte %(offset)s, on line %(line)s, is not UTF-8",
                offset=offset,
                line=line,
            ),
            fix,
        )


# JSON


def parse_json(raw: bytes, today: date | None = None) -> ParseResult:
    """Reads an assessment in the JSON format, version 1, or lists every problem with it."""
    text = _decode(raw, csv_file=False)
    if isinstance(text, Problem):
        return ParseResult(problems=[text])
    loaded = _load_json(text)
    if isinstance(loaded, Problem):
        return ParseResult(problems=[loaded])
    return _validated(_cleaned(loaded), _JsonLocator(), today)


class _NotJson(ValueError):
    pass


def _refuse_constant(name: str) -> Any:
    raise _NotJson(name)


def _load_json(text: str) -> Any:
    try:
        return json.loads(text, parse_float=Decimal, parse_constant=_refuse_constant)
    except json.JSONDecodeError as error:
        message, fix = _json_error_words(error.msg)
        return Problem(_("line %(line)s, column %(column)s", line=error.lineno, column=error.colno), message, fix)
    except (ValueError, RecursionError):
        # NaN or Infinity, a number too long to read, or brackets nested thousands deep.
        return _file_problem(_("The file is not valid JSON"), _("Check the file with a JSON validator"))


def _json_error_words(detail: str) -> tuple[str, str]:
    words = {
        "Expecting ',' delimiter": (
            _("A comma is missing here"),
            _("Put a comma between items, or close the bracket that is still open"),
        ),
        "Expecting ':' delimiter": (_("A colon is missing here"), _("Put a colon : after the field name")),
        "Expecting property name enclosed in double quotes": (
            _("A field name is expected here"),
            _("Put field names in double quotes, and do not put a comma after the last item"),
        ),
        "Expecting value": (
            _("A value is missing here, or is not valid JSON"),
            _("Put text in double quotes; write numbers, true, false or null without quotes"),
        ),
        "Unterminated string starting at": (
            _("A text value has no closing double quote"),
            _("Add the closing double quote"),
        ),
        "Invalid control character at": (
            _("A text value has a line break or tab in it"),
            _("Write a line break as \\n and a tab as \\t"),
        ),
        "Extra data": (
            _("There is more after the end of the assessment"),
            _("The file must hold one assessment in curly brackets { }: remove what comes after it"),
        ),
    }
    return words.get(detail, (_("The file is not valid JSON here"), _("Check the file with a JSON validator")))


# CSV


@dataclass(frozen=True)
class _Row:
    line: int
    cells: dict[str, str]

    def has(self, columns: Iterable[str]) -> bool:
        return any(self.cells.get(column, "") for column in columns)


def parse_csv(raw: bytes, today: date | None = None) -> ParseResult:
    """Reads an assessment in the CSV form of the format (one row per need), or lists every problem with it."""
    text = _decode(raw, csv_file=True)
    if isinstance(text, Problem):
        return ParseResult(problems=[text])
    lines, problems = _csv_lines(text)
    if problems:
        return ParseResult(problems=problems)
    if not lines:
        return ParseResult(problems=[_file_problem(_("The file is empty"), _csv_fix_empty())])
    header_line, header = lines[0]
    columns, problems = _read_header(header_line, header)
    if problems:
        return ParseResult(problems=problems)
    rows, problems = _read_rows(columns, lines[1:])
    if not rows and not problems:
        problems = [Problem(csv_where(header_line + 1), _("The file has no needs"), _csv_fix_empty())]
    if not rows:
        return ParseResult(problems=problems)
    problems += _inconsistent_rows(rows)
    data, locator = _csv_data(rows)
    result = _validated(_cleaned(data), locator, today)
    if problems:
        return ParseResult(problems=problems + result.problems)
    return result


def _csv_fix_empty() -> str:
    return _("Send a file with the header row and then one row for each need")


def _csv_lines(text: str) -> tuple[list[tuple[int, list[str]]], list[Problem]]:
    """Each record with the line it starts on; blank lines are left out."""
    reader = csv.reader(io.StringIO(text, newline=""))
    lines: list[tuple[int, list[str]]] = []
    start = 1
    try:
        for cells in reader:
            if any(cell.strip() for cell in cells):
                lines.append((start, cells))
            start = reader.line_num + 1
    except csv.Error:
        return [], [
            Problem(
                csv_where(start),
                _("This line cannot be read as CSV"),
                _("Check the double quotes on this line, and that no cell is longer than 100,000 characters"),
            )
        ]
    return lines, []


def _read_header(line: int, cells: list[str]) -> tuple[list[str], list[Problem]]:
    columns = [cell.strip().lower() for cell in cells]
    if len(columns) == 1 and ";" in columns[0]:
        return columns, [
            Problem(
                csv_where(line),
                _("The cells are separated by semicolons, not commas"),
                _("Save the file as CSV with commas between the cells"),
            )
        ]
    problems = []
    for index, column in enumerate(columns):
        if column and column in columns[:index]:
            problems.append(
                Problem(
                    csv_where(line, column),
                    _("The column “%(column)s” is there more than once", column=column),
                    _("Keep one “%(column)s” column", column=column),
                )
            )
        elif column and column not in CSV_COLUMNS:
            problems.append(_unknown_column(line, column))
    for column in CSV_COLUMNS:
        if column not in columns:
            problems.append(
                Problem(
                    csv_where(line),
                    _("The header has no “%(column)s” column", column=column),
                    _("Add the column “%(column)s” to the header row", column=column),
                )
            )
    return columns, problems


def _unknown_column(line: int, column: str) -> Problem:
    close = difflib.get_close_matches(column, CSV_COLUMNS, n=1)
    if close:
        fix = _(
            "Remove the column “%(column)s”, which is not part of the format, or correct its spelling to “%(close)s”",
            column=column,
            close=close[0],
        )
    else:
        fix = _("Remove the column “%(column)s”, which is not part of the format (check the spelling)", column=column)
    return Problem(csv_where(line, column), _("“%(column)s” is not a column in this format", column=column), fix)


def _read_rows(columns: list[str], lines: list[tuple[int, list[str]]]) -> tuple[list[_Row], list[Problem]]:
    rows, problems = [], []
    for line, cells in lines:
        # Spreadsheets often pad rows with empty cells: only cells with something in them count.
        if len(cells) < len(columns) or any(cell.strip() for cell in cells[len(columns) :]):
            problems.append(
                Problem(
                    csv_where(line),
                    _(
                        "This row has %(count)s cells but the header has %(expected)s",
                        count=len(cells),
                        expected=len(columns),
                    ),
                    _("Check for a missing or extra comma, or a comma inside a cell that is not in double quotes"),
                )
            )
            continue
        rows.append(_Row(line, {column: cell.strip() for column, cell in zip(columns, cells, strict=False) if column}))
    return rows, problems


def _inconsistent_rows(rows: list[_Row]) -> list[Problem]:
    first, problems = rows[0], []
    for row in rows[1:]:
        for column in _SHARED_COLUMNS:
            if row.cells[column] != first.cells[column]:
                problems.append(
                    Problem(
                        csv_where(row.line, column),
                        _("“%(column)s” is different from line %(line)s", column=column, line=first.line),
                        _(
                            "Every row must have the same “%(column)s” as line %(line)s: “%(value)s”",
                            column=column,
                            line=first.line,
                            value=first.cells[column],
                        ),
                    )
                )
    return problems


def _csv_data(rows: list[_Row]) -> tuple[dict[str, Any], _CsvLocator]:
    """The same dict a JSON file gives, and where each need and outcome came from."""
    need_rows = [row for row in rows if row.has(_NEED_COLUMNS) or not row.has(_DESIRED_OUTCOME_COLUMNS)]
    outcome_rows = _unique_outcome_rows(rows)
    data: dict[str, Any] = {"format": FORMAT}
    for column, path in _SHARED_COLUMNS.items():
        _put(data, path, _csv_value(column, rows[0].cells[column]))
    data["needs"] = [_csv_item(row, _NEED_COLUMNS) for row in need_rows]
    data["desired_outcomes"] = [_csv_item(row, _DESIRED_OUTCOME_COLUMNS) for row in outcome_rows]
    data.setdefault("person", {})
    data.setdefault("assessment", {})
    data.setdefault("budget", {}).setdefault("contribution", {})
    locator = _CsvLocator(
        first_line=rows[0].line,
        need_lines=tuple(row.line for row in need_rows),
        desired_outcome_lines=tuple(row.line for row in outcome_rows),
    )
    return data, locator


def _unique_outcome_rows(rows: list[_Row]) -> list[_Row]:
    unique: dict[tuple[str, ...], _Row] = {}
    for row in rows:
        if row.has(_DESIRED_OUTCOME_COLUMNS):
            unique.setdefault(tuple(row.cells[column] for column in _DESIRED_OUTCOME_COLUMNS), row)
    return list(unique.values())


def _csv_item(row: _Row, columns: Mapping[str, str]) -> dict[str, Any]:
    item: dict[str, Any] = {}
    for column, key in columns.items():
        _put(item, (key,), _csv_value(column, row.cells[column]))
    return item


def _put(target: dict[str, Any], path: tuple[str, ...], value: Any) -> None:
    """Sets a value, leaving an empty cell out so the schema says it is missing if it must be there."""
    if value == "":
        return
    for key in path[:-1]:
        target = target.setdefault(key, {})
    target[path[-1]] = value


def _csv_value(column: str, cell: str) -> Any:
    if not cell:
        return ""
    if column == "format_version":
        return int(cell) if cell.isdigit() else cell
    if column in _BOOLEAN_COLUMNS:
        return {"yes": True, "true": True, "no": False, "false": False}.get(cell.lower(), cell)
    if column in _MONEY_COLUMNS:
        amount = cell.removeprefix("£").replace(",", "")
        return amount if _MONEY_TEXT.match(amount) else cell
    if column in _DATE_COLUMNS:
        uk = _UK_DATE.match(cell)
        return f"{uk[3]}-{int(uk[2]):02d}-{int(uk[1]):02d}" if uk else cell
    return cell


# Writing CSV


def csv_safe(value: str) -> str:
    """A text cell a spreadsheet will show as text, never run as a formula."""
    return "'" + value if value.startswith(_FORMULA_STARTS) else value


def to_csv(assessment: Assessment) -> bytes:
    """The assessment in the CSV form: UTF-8 with a byte order mark, so Excel reads it right."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    shared = _shared_cells(assessment)
    outcomes = list(assessment.desired_outcomes)
    for index, need in enumerate(assessment.needs):
        outcome = outcomes[index] if index < len(outcomes) else None
        writer.writerow(_csv_row({**shared, **_need_cells(need), **_outcome_cells(outcome)}))
    # Outcomes beyond the number of needs go on rows of their own with the need cells left empty.
    for outcome in outcomes[len(assessment.needs) :]:
        writer.writerow(_csv_row({**shared, **_outcome_cells(outcome)}))
    return codecs.BOM_UTF8 + buffer.getvalue().encode("utf-8")


def _csv_row(cells: Mapping[str, str]) -> list[str]:
    return [cells.get(column, "") for column in CSV_COLUMNS]


def _yes_no(value: bool) -> str:
    return "yes" if value else "no"


def _pounds(pence: int) -> str:
    return f"{Decimal(pence) / 100:.2f}"


def _shared_cells(assessment: Assessment) -> dict[str, str]:
    budget = assessment.budget
    return {
        "format_version": str(VERSION),
        "council": csv_safe(assessment.council),
        "council_reference": csv_safe(assessment.council_reference),
        "person_name": csv_safe(assessment.person.name),
        "person_email": csv_safe(assessment.person.email),
        "assessment_id": csv_safe(assessment.assessment_id),
        "assessment_date": assessment.assessed_on.isoformat(),
        "assessor": csv_safe(assessment.assessor),
        "assessment_type": assessment.kind.value,
        "indicative_budget": _pounds(budget.indicative_annual_pence),
        "contribution": _pounds(budget.contribution.amount_pence),
        "contribution_period": budget.contribution.period.value,
        "budget_explanation": csv_safe(budget.explanation),
        "direct_payment_available": _yes_no(budget.direct_payment_available),
        "review_date": assessment.review_date.isoformat() if assessment.review_date else "",
    }


def _need_cells(need: Need) -> dict[str, str]:
    return {
        "need_id": csv_safe(need.id),
        "outcome": need.outcome,
        "need_description": csv_safe(need.description),
        "eligible": need.eligible.value,
        "council_will_meet": _yes_no(need.council_will_meet),
        "met_by_carer": _yes_no(need.met_by_carer),
        "carer_name": csv_safe(need.carer_name),
        "wellbeing_impact": csv_safe(need.wellbeing_impact),
        "direct_payment_possible": _yes_no(need.direct_payment_possible),
        "not_meeting_reason": csv_safe(need.not_meeting_reason),
        "advice": csv_safe(need.advice),
    }


def _outcome_cells(outcome: DesiredOutcome | None) -> dict[str, str]:
    if outcome is None:
        return {}
    return {"desired_outcome_id": csv_safe(outcome.id), "desired_outcome": csv_safe(outcome.text)}


# Any file


def parse_file(raw: bytes, filename: str, content_type: str = "", today: date | None = None) -> ParseResult:
    """Reads an uploaded assessment file, JSON or CSV, chosen by its content and then its name."""
    if len(raw) > MAX_FILE_BYTES:
        return ParseResult(problems=[_too_big()])
    kind = _file_kind(raw, filename, content_type)
    if kind == "json":
        return parse_json(raw, today)
    if kind == "csv":
        return parse_csv(raw, today)
    return ParseResult(
        problems=[
            _file_problem(
                _("The file must be a JSON or CSV assessment file"),
                _("Send the assessment as a .json or .csv file in the format in the guide"),
            )
        ]
    )


def _file_kind(raw: bytes, filename: str, content_type: str) -> Literal["json", "csv"] | None:
    start = raw.removeprefix(codecs.BOM_UTF8).lstrip()
    name, media_type = filename.lower(), content_type.split(";")[0].strip().lower()
    if start.startswith(b"{") or name.endswith(".json") or media_type in ("application/json", "text/json"):
        return "json"
    # Windows browsers send CSV files as application/vnd.ms-excel.
    if name.endswith(".csv") or media_type in ("text/csv", "application/vnd.ms-excel"):
        return "csv"
    if start.lower().startswith(b"format_version"):
        return "csv"
    return None


# Comparing two assessments


@dataclass(frozen=True)
class Change:
    """One difference between an assessment and a newer one, in words to show people."""

    kind: Literal["added", "removed", "changed"]
    what: str
    before: str = ""
    after: str = ""


def diff(old: Assessment, new: Assessment) -> list[Change]:
    """What a newer assessment changes, in the order a person reads an assessment."""
    return [
        *_scalar(_("Assessment date"), format_date(old.assessed_on), format_date(new.assessed_on)),
        *_scalar(_("Assessor"), old.assessor, new.assessor),
        *_need_changes(old, new),
        *_desired_outcome_changes(old.desired_outcomes, new.desired_outcomes),
        *_budget_changes(old.budget, new.budget),
        *_scalar(_("Review date"), format_date(old.review_date), format_date(new.review_date)),
    ]


def _scalar(what: str, before: str, after: str) -> list[Change]:
    if before == after:
        return []
    kind: Literal["added", "removed", "changed"] = "added" if not before else "removed" if not after else "changed"
    return [Change(kind, what, before, after)]


def _short(text: str, limit: int = 80) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _yes_no_words(value: bool) -> str:
    return _("Yes") if value else _("No")


def _eligible_words(value: Eligible) -> str:
    return {Eligible.YES: _("Yes"), Eligible.NO: _("No"), Eligible.PARTLY: _("Partly")}[value]


def _need_fields(need: Need, kind: AssessmentType) -> list[tuple[str, str]]:
    """Each field of a need as (label, value), in words."""
    return [
        (_("Eligibility outcome"), _(outcomes_for(kind).get(need.outcome, need.outcome))),
        (_("What the need is"), need.description),
        (_("Whether it is eligible"), _eligible_words(need.eligible)),
        (_("Whether the council will meet it"), _yes_no_words(need.council_will_meet)),
        (_("Whether a carer meets it now"), _yes_no_words(need.met_by_carer)),
        (_("Carer"), need.carer_name),
        (_("Effect on wellbeing"), need.wellbeing_impact),
        (_("Whether a direct payment can meet it"), _yes_no_words(need.direct_payment_possible)),
        (_("Why the council will not meet it"), need.not_meeting_reason),
        (_("Advice on reducing or delaying it"), need.advice),
    ]


def _need_summary(need: Need, kind: AssessmentType) -> str:
    return _(
        "%(outcome)s. Eligible: %(eligible)s. The council will meet it: %(meet)s.",
        outcome=_(outcomes_for(kind).get(need.outcome, need.outcome)),
        eligible=_eligible_words(need.eligible),
        meet=_yes_no_words(need.council_will_meet),
    )


def _need_changes(old: Assessment, new: Assessment) -> list[Change]:
    changes: list[Change] = []
    for need in new.needs:
        before = old.need(need.id)
        if before is None:
            changes.append(Change("added", _short(need.description), "", _need_summary(need, new.kind)))
            continue
        for (label, was), (_label, now) in zip(
            _need_fields(before, old.kind), _need_fields(need, new.kind), strict=True
        ):
            if was != now:
                what = _("%(need)s: %(field)s", need=_short(need.description), field=label)
                changes.append(Change("changed", what, was, now))
    for need in old.needs:
        if new.need(need.id) is None:
            changes.append(Change("removed", _short(need.description), _need_summary(need, old.kind), ""))
    return changes


def _desired_outcome_changes(old: tuple[DesiredOutcome, ...], new: tuple[DesiredOutcome, ...]) -> list[Change]:
    what = _("What you want to achieve")
    before = {outcome.id: outcome.text for outcome in old}
    after = {outcome.id: outcome.text for outcome in new}
    changes = [
        Change("added" if outcome.id not in before else "changed", what, before.get(outcome.id, ""), outcome.text)
        for outcome in new
        if before.get(outcome.id) != outcome.text
    ]
    changes += [Change("removed", what, outcome.text, "") for outcome in old if outcome.id not in after]
    return changes


def _contribution_words(contribution: Contribution) -> str:
    amount = format_money(contribution.amount_pence, pence=True)
    if contribution.period is Period.WEEK:
        return _("%(amount)s a week", amount=amount)
    if contribution.period is Period.FOUR_WEEKS:
        return _("%(amount)s every 4 weeks", amount=amount)
    if contribution.period is Period.MONTH:
        return _("%(amount)s a month", amount=amount)
    return _("%(amount)s a year", amount=amount)


def _budget_changes(old: Budget, new: Budget) -> list[Change]:
    return [
        *_scalar(
            _("Indicative budget"),
            format_money(old.indicative_annual_pence, pence=True),
            format_money(new.indicative_annual_pence, pence=True),
        ),
        *_scalar(_("Your contribution"), _contribution_words(old.contribution), _contribution_words(new.contribution)),
        *_scalar(_("How the budget was worked out"), old.explanation, new.explanation),
        *_scalar(
            _("Whether you can have a direct payment"),
            _yes_no_words(old.direct_payment_available),
            _yes_no_words(new.direct_payment_available),
        ),
    ]
