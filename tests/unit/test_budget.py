"""Budget arithmetic is exact: conversions, totals and round trips never drift."""

from decimal import Decimal
from fractions import Fraction

from hypothesis import given
from hypothesis import strategies as st

from app.domain.assessment import Period
from app.domain.budget import (
    CostUnit,
    Line,
    LineCost,
    PaidBy,
    annual,
    check_line,
    per_period,
    round_pence,
    summarise,
    to_annual,
)

pence = st.integers(min_value=0, max_value=10_000_000)
periods = st.sampled_from(list(Period))
quantities = st.decimals(min_value=Decimal("0.25"), max_value=Decimal("200"), places=2)


@given(pence, periods)
def test_period_round_trip_is_exact(amount, period):
    assert per_period(to_annual(amount, period), period) == amount


@given(pence, periods, periods)
def test_converting_between_periods_is_consistent(amount, first, second):
    yearly = to_annual(amount, first)
    assert to_annual(per_period(yearly, second), second) == yearly


@given(st.lists(st.tuples(pence, st.sampled_from(list(CostUnit)), quantities, periods), max_size=40))
def test_totals_equal_the_sum_of_lines_without_rounding_drift(costs):
    lines = [
        Line(str(index), "line", PaidBy.DIRECT_PAYMENT, LineCost(unit, kind, quantity, often))
        for index, (unit, kind, quantity, often) in enumerate(costs)
    ]
    summary = summarise(lines, 0, Fraction(0))
    exact = sum((annual(line.cost) for line in lines), Fraction(0))
    assert summary.from_budget.annual_exact == exact
    assert summary.from_budget.year == round_pence(exact)
    # Rounded weekly figures may differ from the sum of rounded lines, but never by more than a penny a line.
    rounded_lines = sum(round_pence(per_period(annual(line.cost), Period.WEEK)) for line in lines)
    assert abs(summary.from_budget.week - rounded_lines) <= len(lines)


@given(pence, quantities, periods)
def test_hourly_costs(unit, hours, often):
    cost = LineCost(unit, CostUnit.HOUR, hours, often)
    expected = Fraction(unit) * Fraction(hours) * {"week": 52, "four_weeks": 13, "month": 12, "year": 1}[often.value]
    assert annual(cost) == expected


def test_known_figures():
    # 8 hours a week at £16 an hour.
    cost = LineCost(1600, CostUnit.HOUR, Decimal(8), Period.WEEK)
    assert annual(cost) == 665600
    summary = summarise([Line("1", "PA", PaidBy.DIRECT_PAYMENT, cost)], 1248000, to_annual(3500, Period.WEEK))
    assert summary.from_budget.week == 12800
    assert summary.from_budget.month == 55467  # 6656.00 / 12 = 554.666… rounds to 554.67
    assert summary.remaining.year == 1248000 - 665600
    assert summary.contribution.year == 182000
    assert summary.council_part.year == 1248000 - 182000
    assert summary.direct_payment.pence(Period.FOUR_WEEKS) == 51200
    assert not summary.over_budget


def test_over_budget_is_flagged_not_blocked():
    cost = LineCost(2000000, CostUnit.YEAR)
    summary = summarise([Line("1", "big", PaidBy.COUNCIL_ARRANGED, cost)], 1000000, Fraction(0))
    assert summary.over_budget
    assert summary.over_by.year == 1000000


def test_own_money_and_free_support_are_not_taken_from_the_budget():
    lines = [
        Line("1", "gym", PaidBy.OWN_MONEY, LineCost(500, CostUnit.WEEK)),
        Line("2", "library", PaidBy.FREE, LineCost(0, CostUnit.WEEK)),
    ]
    summary = summarise(lines, 100000, Fraction(0))
    assert summary.from_budget.year == 0
    assert summary.own_money.year == 26000


def test_rounding_is_half_up():
    assert round_pence(Fraction(1, 2)) == 1
    assert round_pence(Fraction(-1, 2)) == -1
    assert round_pence(Fraction(49, 100)) == 0


def test_check_line_validates_every_field():
    bad = check_line({"cost": "-4", "unit": "fortnight", "paid_by": "cash"}, ["x"], set())
    assert set(bad.errors) == {"description", "cost", "unit", "paid_by", "links"}
    hours = check_line(
        {"description": "PA", "paid_by": "direct_payment", "unit": "hour", "cost": "15", "quantity": "many"}, [], set()
    )
    assert "quantity" in hours.errors
    good = check_line(
        {
            "description": "PA",
            "paid_by": "direct_payment",
            "unit": "hour",
            "cost": "£15.50",
            "quantity": "7.5",
            "often": "week",
        },
        ["a:N1"],
        {"a:N1"},
    )
    assert good.errors == {}
    assert good.fields["unit_pence"] == 1550 and good.fields["quantity"] == "7.5"
    absurd = check_line(
        {"description": "x", "paid_by": "free", "unit": "hour", "cost": "999999", "quantity": "10000"}, [], set()
    )
    assert "cost" in absurd.errors
