from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlmodel import Session, col, select

from app.models import Account, AuditEvent, Plan, PlanFor, SectionState, utcnow


def create_plan(db: Session, owner_id: int, council_id: int, plan_for: PlanFor, subject_name: str = "") -> Plan:
    plan = Plan(owner_id=owner_id, council_id=council_id, plan_for=plan_for, subject_name=subject_name.strip())
    db.add(plan)
    db.flush()
    record_event(db, plan.id, owner_id, "created")
    return plan


def get_plan(db: Session, plan_id: str) -> Plan | None:
    """Unscoped: callers must ask ``app.domain.permissions`` before showing anything."""
    return db.get(Plan, plan_id)


def plans_owned_by(db: Session, account_id: int) -> list[Plan]:
    return list(db.exec(select(Plan).where(Plan.owner_id == account_id).order_by(col(Plan.created_at).desc())))


@dataclass(frozen=True)
class CouncilPlanRow:
    plan: Plan
    owner_email: str | None
    owner_name: str | None


def plans_in_council(db: Session, council_id: int) -> list[CouncilPlanRow]:
    """Every plan of one council: the only way staff lists are built, so no list crosses councils."""
    rows = db.exec(
        select(Plan, Account.email, Account.display_name)
        .outerjoin(Account, col(Account.id) == Plan.owner_id)
        .where(Plan.council_id == council_id)
        .order_by(col(Plan.updated_at).desc())
    ).all()
    return [CouncilPlanRow(plan, email, name) for plan, email, name in rows]


def section_states(db: Session, plan_id: str) -> dict[str, SectionState]:
    return {row.section_key: row for row in db.exec(select(SectionState).where(SectionState.plan_id == plan_id))}


def _section_state(db: Session, plan_id: str, section_key: str) -> SectionState:
    state = db.exec(
        select(SectionState).where(SectionState.plan_id == plan_id, SectionState.section_key == section_key)
    ).first()
    if state is None:
        state = SectionState(plan_id=plan_id, section_key=section_key)
    return state


def mark_section_started(db: Session, plan_id: str, section_key: str) -> None:
    state = _section_state(db, plan_id, section_key)
    now = utcnow()
    state.started_at = state.started_at or now
    state.completed_at = None
    state.updated_at = now
    db.add(state)
    db.flush()


def mark_section_completed(db: Session, plan_id: str, section_key: str, completed: bool) -> None:
    state = _section_state(db, plan_id, section_key)
    now = utcnow()
    state.started_at = state.started_at or now
    state.completed_at = now if completed else None
    state.updated_at = now
    db.add(state)
    db.flush()


def note_change(db: Session, plan: Plan, section_key: str, account_id: int) -> None:
    """After a saved change: the section is in progress again, and the person can see who changed it."""
    mark_section_started(db, plan.id, section_key)
    touch_plan(db, plan)
    since = utcnow() - timedelta(hours=1)
    recent = db.exec(
        select(AuditEvent.id).where(
            AuditEvent.plan_id == plan.id,
            AuditEvent.account_id == account_id,
            AuditEvent.action == "changed",
            AuditEvent.detail == section_key,
            AuditEvent.at > since,
        )
    ).first()
    if recent is None:
        record_event(db, plan.id, account_id, "changed", section_key)


def touch_plan(db: Session, plan: Plan) -> None:
    plan.updated_at = utcnow()
    db.add(plan)
    db.flush()


# Who looked and who changed ----------------------------------------------------------


def record_event(db: Session, plan_id: str, account_id: int | None, action: str, detail: str = "") -> None:
    db.add(AuditEvent(plan_id=plan_id, account_id=account_id, action=action, detail=detail[:500]))
    db.flush()


def record_view(db: Session, plan_id: str, account_id: int, quiet_for: timedelta = timedelta(hours=1)) -> None:
    """Records a look at the plan, once an hour per person, so the log stays readable."""
    since = utcnow() - quiet_for
    recent = db.exec(
        select(AuditEvent.id).where(
            AuditEvent.plan_id == plan_id,
            AuditEvent.account_id == account_id,
            AuditEvent.action == "viewed",
            AuditEvent.at > since,
        )
    ).first()
    if recent is None:
        record_event(db, plan_id, account_id, "viewed")


@dataclass(frozen=True)
class ActivityRow:
    at: datetime
    action: str
    detail: str
    who_email: str | None
    who_name: str | None
    who_id: int | None


def plan_activity(db: Session, plan_id: str, limit: int = 200) -> list[ActivityRow]:
    rows = db.exec(
        select(AuditEvent, Account.email, Account.display_name)
        .outerjoin(Account, col(Account.id) == AuditEvent.account_id)
        .where(AuditEvent.plan_id == plan_id)
        .order_by(col(AuditEvent.at).desc(), col(AuditEvent.id).desc())
        .limit(limit)
    ).all()
    return [ActivityRow(ev.at, ev.action, ev.detail, email, name, ev.account_id) for ev, email, name in rows]
