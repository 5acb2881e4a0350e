"""Budget arithmetic. Money is exact: pence as integers, sums as fractions, rounded only for display.

A budget is an annual amount. Weekly, four-weekly and monthly figures are the annual amount
divided by 52, 13 and 12, so converting a weekly cost to a year and back gives exactly the
weekly cost again, and totals never drift however many lines there are.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum
from fractions import Fraction

from app.domain.answers import clean_text, parse_pounds
from app.domain.assessment import Period
from app.i18n import _
from app.i18n import lazy_gettext as N_

PERIODS_PER_YEAR: dict[Period, int] = {Period.WEEK: 52, Period.FOUR_WEEKS: 13, Period.MONTH: 12, Period.YEAR: 1}
MAX_LINE_ANNUAL_PENCE = 10_000_000_00


class CostUnit(StrEnum):
    HOUR = "hour"
    SESSION = "session"
    WEEK = "week"
    MONTH = "month"
    YEAR = "year"
    ONE_OFF = "one_off"


class PaidBy(StrEnum):
    DIRECT_PAYMENT = "direct_payment"
    COUNCIL_ARRANGED = "council_arranged"
    INDIVIDUAL_SERVICE_FUND = "individual_service_fund"
    OWN_MONEY = "own_money"
    FREE = "free"


PAID_BY_LABELS = {
    PaidBy.DIRECT_PAYMENT: N_("Direct payment"),
    PaidBy.COUNCIL_ARRANGED: N_("Arranged by the council"),
    PaidBy.INDIVIDUAL_SERVICE_FUND: N_("Individual service fund"),
    PaidBy.OWN_MONEY: N_("My own money"),
    PaidBy.FREE: N_("Free or community"),
}
COST_UNIT_LABELS = {
    CostUnit.HOUR: N_("an hour"),
    CostUnit.SESSION: N_("a session or visit"),
    CostUnit.WEEK: N_("a week"),
    CostUnit.MONTH: N_("a month"),
    CostUnit.YEAR: N_("a year"),
    CostUnit.ONE_OFF: N_("one-off"),
}
PERIOD_LABELS = {
    Period.WEEK: N_("a week"),
    Period.FOUR_WEEKS: N_("every 4 weeks"),
    Period.MONTH: N_("a month"),
    Period.YEAR: N_("a year"),
}
# What the personal budget pays for; own money and free support are part of the plan, not the budget.
FROM_BUDGET = frozenset({PaidBy.DIRECT_PAYMENT, PaidBy.COUNCIL_ARRANGED, PaidBy.INDIVIDUAL_SERVICE_FUND})


@dataclass(frozen=True)
class LineCost:
    """How a line is costed: ``unit_pence`` per ``unit``; for hours and sessions, ``quantity`` of them per ``often``."""

    unit_pence: int
    unit: CostUnit
    quantity: Decimal = Decimal(1)
    often: Period = Period.WEEK


def annual(cost: LineCost) -> Fraction:
    """The cost of a line over a year, in pence, exactly. A one-off cost counts once in the year."""
    unit = Fraction(cost.unit_pence)
    if cost.unit in (CostUnit.HOUR, CostUnit.SESSION):
        return unit * Fraction(cost.quantity) * PERIODS_PER_YEAR[cost.often]
    if cost.unit is CostUnit.ONE_OFF:
        return unit
    return unit * PERIODS_PER_YEAR[Period(cost.unit.value)]


def per_period(annual_pence: Fraction, period: Period) -> Fraction:
    return annual_pence / PERIODS_PER_YEAR[period]


def to_annual(amount_pence: Fraction | int, period: Period) -> Fraction:
    return Fraction(amount_pence) * PERIODS_PER_YEAR[period]


def round_pence(amount: Fraction) -> int:
    """Rounds to the nearest penny, halves away from zero, only when a figure is shown."""
    return int((Decimal(amount.numerator) / Decimal(amount.denominator)).quantize(Decimal(1), rounding=ROUND_HALF_UP))


@dataclass(frozen=True)
class Figures:
    """One amount shown by week, four weeks, month and year (each rounded to the penny)."""

    annual_exact: Fraction

    def pence(self, period: Period) -> int:
        return round_pence(per_period(self.annual_exact, period))

    @property
    def week(self) -> int:
        return self.pence(Period.WEEK)

    @property
    def month(self) -> int:
        return self.pence(Period.MONTH)

    @property
    def year(self) -> int:
        return self.pence(Period.YEAR)


@dataclass(frozen=True)
class Line:
    id: str
    description: str
    paid_by: PaidBy
    cost: LineCost
    flexible: bool = False


@dataclass(frozen=True)
class Summary:
    indicative: Figures
    contribution: Figures
    council_part: Figures
    from_budget: Figures
    remaining: Figures
    own_money: Figures
    direct_payment: Figures
    flexible: Figures
    by_paid_by: dict[PaidBy, Figures] = field(default_factory=dict)
    over_budget: bool = False

    @property
    def over_by(self) -> Figures:
        return Figures(-self.remaining.annual_exact)


def summarise(lines: Sequence[Line], indicative_annual_pence: int, contribution_annual: Fraction) -> Summary:
    def total(selected: Iterable[Line]) -> Fraction:
        return sum((annual(line.cost) for line in selected), Fraction(0))

    from_budget = total(line for line in lines if line.paid_by in FROM_BUDGET)
    indicative = Fraction(indicative_annual_pence)
    council_part = max(indicative - contribution_annual, Fraction(0))
    return Summary(
        indicative=Figures(indicative),
        contribution=Figures(contribution_annual),
        council_part=Figures(council_part),
        from_budget=Figures(from_budget),
        remaining=Figures(indicative - from_budget),
        own_money=Figures(total(line for line in lines if line.paid_by is PaidBy.OWN_MONEY)),
        direct_payment=Figures(total(line for line in lines if line.paid_by is PaidBy.DIRECT_PAYMENT)),
        flexible=Figures(total(line for line in lines if line.flexible and line.paid_by in FROM_BUDGET)),
        by_paid_by={paid_by: Figures(total(line for line in lines if line.paid_by is paid_by)) for paid_by in PaidBy},
        over_budget=from_budget > indicative,
    )


@dataclass
class LineInput:
    """A budget line as typed, checked into stored fields or error messages by field id."""

    fields: dict[str, object] = field(default_factory=dict)
    errors: dict[str, str] = field(default_factory=dict)


def check_line(typed: dict[str, str], links: list[str], allowed_links: set[str]) -> LineInput:
    result = LineInput()
    description = clean_text(typed.get("description", ""))
    provider = clean_text(typed.get("provider", ""))
    if not description:
        result.errors["description"] = _("Say what this is for")
    elif len(description) > 500:
        result.errors["description"] = _("This must be 500 characters or fewer")
    if len(provider) > 200:
        result.errors["provider"] = _("This must be 200 characters or fewer")
    paid_by = typed.get("paid_by", "")
    if paid_by not in {item.value for item in PaidBy}:
        result.errors["paid_by"] = _("Select how it is paid for")
    unit = typed.get("unit", "")
    if unit not in {item.value for item in CostUnit}:
        result.errors["unit"] = _("Select what the cost is for")
    amount = parse_pounds(typed.get("cost", ""))
    if not typed.get("cost", "").strip():
        result.errors["cost"] = _("Enter the cost, or 0 if it is free")
    elif amount is None:
        result.errors["cost"] = _("Enter an amount in pounds and pence, like 25.50")
    elif amount < 0:
        result.errors["cost"] = _("Amount must be 0 or more")
    elif amount >= 1_000_000:
        result.errors["cost"] = _("Amount must be less than £1,000,000")
    quantity = Decimal(1)
    often = typed.get("often", Period.WEEK.value)
    if unit in (CostUnit.HOUR.value, CostUnit.SESSION.value):
        raw_quantity = typed.get("quantity", "").strip()
        try:
            quantity = Decimal(raw_quantity)
            if not quantity.is_finite() or quantity <= 0 or quantity > 10_000 or quantity.as_tuple().exponent < -2:  # type: ignore[operator]
                raise ValueError
        except (ValueError, ArithmeticError):
            result.errors["quantity"] = _("Enter how many, as a number like 10 or 7.5")
        if often not in {item.value for item in Period}:
            result.errors["often"] = _("Select how often")
    else:
        often = Period.WEEK.value
    unknown_links = [link for link in links if link not in allowed_links]
    if unknown_links:
        result.errors["links"] = _("Select from the needs and outcomes shown")
    if result.errors or amount is None:
        return result
    cost = LineCost(int(amount * 100), CostUnit(unit), quantity, Period(often))
    if annual(cost) >= MAX_LINE_ANNUAL_PENCE:
        result.errors["cost"] = _("This adds up to more than £10,000,000 a year. Check the amount and how many")
        return result
    result.fields = {
        "description": description,
        "provider": provider,
        "paid_by": paid_by,
        "unit_pence": int(amount * 100),
        "unit": unit,
        "quantity": format(quantity.normalize(), "f"),
        "often": often,
        "flexible": typed.get("flexible") == "yes",
        "links": links,
    }
    return result
