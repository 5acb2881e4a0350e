from __future__ import annotations

from typing import Any

from sqlmodel import Session, col, select

from app.models import Account, Council, CouncilStaff, StaffRole


def list_councils(db: Session) -> list[Council]:
    return list(db.exec(select(Council).order_by(col(Council.name))))


def get_council(db: Session, council_id: int) -> Council | None:
    return db.get(Council, council_id)


def get_council_by_slug(db: Session, slug: str) -> Council | None:
    return db.exec(select(Council).where(Council.slug == slug)).first()


def create_council(db: Session, **fields: Any) -> Council:
    council = Council(**fields)
    db.add(council)
    db.flush()
    return council


def add_staff(db: Session, council_id: int, account: Account, role: StaffRole = StaffRole.PLANNER) -> CouncilStaff:
    assert account.id is not None
    staff = CouncilStaff(council_id=council_id, account_id=account.id, role=role)
    db.add(staff)
    db.flush()
    return staff


def staff_membership(db: Session, account_id: int) -> CouncilStaff | None:
    return db.exec(select(CouncilStaff).where(CouncilStaff.account_id == account_id)).first()
