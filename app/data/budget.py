"""Budget lines, budget settings and requests to look again at the budget."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from sqlmodel import Session, col, select

from app.domain.assessment import Period
from app.domain.budget import CostUnit, Line, LineCost, PaidBy
from app.models import Account, BudgetChallenge, BudgetLine, BudgetSettings, utcnow


class LineConflict(Exception):
    def __init__(self, current: BudgetLine) -> None:
        super().__init__(current.id)
        self.current = current


def lines_for(db: Session, plan_id: str) -> list[BudgetLine]:
    return list(
        db.exec(
            select(BudgetLine)
            .where(BudgetLine.plan_id == plan_id)
            .order_by(col(BudgetLine.position), col(BudgetLine.updated_at))
        )
    )


def as_domain(line: BudgetLine) -> Line:
    return Line(
        id=line.id,
        description=line.description,
        paid_by=PaidBy(line.paid_by),
        cost=LineCost(
            unit_pence=line.unit_pence,
            unit=CostUnit(line.unit),
            quantity=Decimal(line.quantity),
            often=Period(line.often),
        ),
        flexible=line.flexible,
    )


def get_line(db: Session, plan_id: str, line_id: str) -> BudgetLine | None:
    found = db.get(BudgetLine, line_id)
    return found if found is not None and found.plan_id == plan_id else None


def save_line(
    db: Session,
    plan_id: str,
    line: BudgetLine | None,
    fields: dict[str, Any],
    account_id: int,
    expected_version: int | None,
) -> BudgetLine:
    if line is None:
        line = BudgetLine(plan_id=plan_id, position=len(lines_for(db, plan_id)), **fields)
    else:
        changed = any(getattr(line, key) != value for key, value in fields.items())
        if expected_version is not None and expected_version != line.version and changed:
            raise LineConflict(line)
        for key, value in fields.items():
            setattr(line, key, value)
        line.version += 1
    line.updated_at = utcnow()
    line.updated_by = account_id
    db.add(line)
    db.flush()
    return line


def delete_line(db: Session, line: BudgetLine) -> None:
    db.delete(line)
    db.flush()


def settings_for(db: Session, plan_id: str) -> BudgetSettings:
    return db.get(BudgetSettings, plan_id) or BudgetSettings(plan_id=plan_id)


def save_settings(db: Session, settings: BudgetSettings) -> None:
    db.merge(settings)
    db.flush()


def add_challenge(db: Session, plan_id: str, account_id: int, reasons: str) -> BudgetChallenge:
    challenge = BudgetChallenge(plan_id=plan_id, account_id=account_id, reasons=reasons)
    db.add(challenge)
    db.flush()
    return challenge


def challenges_for(db: Session, plan_id: str) -> list[tuple[BudgetChallenge, str | None]]:
    rows = db.exec(
        select(BudgetChallenge, Account.display_name)
        .outerjoin(Account, col(Account.id) == BudgetChallenge.account_id)
        .where(BudgetChallenge.plan_id == plan_id)
        .order_by(col(BudgetChallenge.at).desc())
    ).all()
    return [(challenge, name) for challenge, name in rows]
