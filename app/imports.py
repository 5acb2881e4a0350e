"""Bringing an assessment in: the same steps for every channel (planner, person, machine API).

Parse, import whole or not at all, log the attempt, and tell the person.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta

from sqlmodel import Session

from app import mail
from app.config import get_settings
from app.data import accounts
from app.data import assessments as assessment_data
from app.data import plans as plan_data
from app.domain.assessment import Assessment, Problem
from app.domain.assessment_formats import Change, diff, parse_file
from app.i18n import format_date
from app.models import Council, Plan

CLAIM_PURPOSE = "claim_plan"
CLAIM_LIFETIME = timedelta(days=30)


@dataclass
class ImportResult:
    result: str  # created, updated, unchanged, rejected
    plan: Plan | None = None
    assessment: Assessment | None = None
    problems: list[Problem] = field(default_factory=list)
    changes: list[Change] = field(default_factory=list)
    emails: list[mail.Email] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.result != "rejected"


def bring_in(
    db: Session,
    council: Council,
    raw: bytes,
    filename: str,
    channel: str,
    *,
    account_id: int | None = None,
    api_client_id: int | None = None,
    into: Plan | None = None,
) -> ImportResult:
    """Imports a file for a council. Nothing is saved unless all of it is right; every attempt is logged."""
    parsed = parse_file(raw, filename)
    result = ImportResult(result="rejected", problems=list(parsed.problems))
    if parsed.ok and parsed.assessment is not None:
        outcome = assessment_data.import_assessment(db, council, parsed.assessment, into)
        if outcome.problems:
            result.problems = outcome.problems
        else:
            result = ImportResult(result=outcome.result, plan=outcome.plan, assessment=parsed.assessment)
            if outcome.previous is not None:
                result.changes = diff(outcome.previous, parsed.assessment)
    assessment_data.log_import(
        db,
        council_id=council.id,
        channel=channel,
        result=result.result,
        filename=filename,
        plan_id=result.plan.id if result.plan else None,
        account_id=account_id,
        api_client_id=api_client_id,
        problems=result.problems,
    )
    if result.plan is not None and result.result in ("created", "updated"):
        plan_data.record_event(db, result.plan.id, account_id, "assessment_imported")
        assert result.assessment is not None
        result.emails = tell_the_person(db, result.plan, result.assessment)
    return result


def tell_the_person(db: Session, plan: Plan, assessment: Assessment) -> list[mail.Email]:
    """The email after an import: a link to claim the plan, or to see what changed in it."""
    base = get_settings().base_url
    when = format_date(assessment.assessed_on)
    if plan.owner_id is not None:
        owner = accounts.get_account(db, plan.owner_id)
        if owner is None:
            return []
        return [mail.compose(owner.email, "assessment_updated", link=f"{base}/plans/{plan.id}/assessment", date=when)]
    if not plan.invited_email:
        return []
    token = accounts.issue_email_token(
        db, plan.invited_email, CLAIM_PURPOSE, CLAIM_LIFETIME, payload={"plan_id": plan.id}
    )
    return [mail.compose(plan.invited_email, "assessment_ready", link=f"{base}/start/{token}", date=when)]
