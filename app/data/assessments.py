"""Imported assessments, the import log, and the council machine clients that send them."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta

from sqlalchemy import update
from sqlmodel import Session, col, select

from app.domain.assessment import Assessment, AssessmentType, Problem, from_content, to_content
from app.i18n import _
from app.models import ApiClient, ApiToken, Council, ImportedAssessment, ImportLog, Plan, PlanFor, utcnow
from app.security import hash_password, hash_token, new_token


def current_assessment(db: Session, plan_id: str) -> tuple[ImportedAssessment, Assessment] | None:
    row = db.exec(
        select(ImportedAssessment).where(ImportedAssessment.plan_id == plan_id, col(ImportedAssessment.is_current))
    ).first()
    return (row, from_content(row.content)) if row else None


def previous_assessment(db: Session, plan_id: str) -> Assessment | None:
    row = db.exec(
        select(ImportedAssessment)
        .where(ImportedAssessment.plan_id == plan_id, col(ImportedAssessment.is_current).is_(False))
        .order_by(col(ImportedAssessment.imported_at).desc(), col(ImportedAssessment.id).desc())
    ).first()
    return from_content(row.content) if row else None


def plan_by_reference(db: Session, council_id: int, reference: str) -> Plan | None:
    return db.exec(select(Plan).where(Plan.council_id == council_id, Plan.council_reference == reference)).first()


@dataclass
class ImportOutcome:
    result: str = "rejected"  # created, updated, unchanged, rejected
    plan: Plan | None = None
    previous: Assessment | None = None
    problems: list[Problem] = field(default_factory=list)


def import_assessment(db: Session, council: Council, assessment: Assessment, into: Plan | None = None) -> ImportOutcome:
    """Brings a parsed assessment into a plan, whole or not at all; the caller's transaction commits.

    ``into`` is the person's own plan when they upload a file themselves; otherwise the plan is
    found by the council's reference for the person, or started for them. Every check is made
    before anything is written, so a refused import leaves no trace but its log entry.
    """
    assert council.id is not None
    problem = _refusal(db, council, assessment, into)
    if problem is not None:
        return ImportOutcome(problems=[problem])
    plan = into or plan_by_reference(db, council.id, assessment.council_reference)
    current = current_assessment(db, plan.id) if plan is not None else None
    if current is not None and current[0].fingerprint == assessment.fingerprint():
        return ImportOutcome(result="unchanged", plan=plan, previous=current[1])
    if current is not None and assessment.assessed_on < current[1].assessed_on:
        return ImportOutcome(
            problems=[
                Problem(
                    "$.assessment.date",
                    _("This assessment is older than the one already in the plan"),
                    _("Send the most recent assessment"),
                )
            ]
        )
    if plan is None:
        plan = Plan(
            council_id=council.id,
            owner_id=None,
            plan_for=PlanFor.CARER if assessment.kind is AssessmentType.CARER else PlanFor.MYSELF,
            invited_email=assessment.person.email,
        )
    plan.council_reference = assessment.council_reference
    plan.updated_at = utcnow()
    db.add(plan)
    db.flush()
    if current is not None:
        db.execute(
            update(ImportedAssessment).where(col(ImportedAssessment.id) == current[0].id).values(is_current=False)
        )
    db.add(
        ImportedAssessment(
            plan_id=plan.id,
            council_id=council.id,
            source_id=assessment.assessment_id,
            assessed_on=assessment.assessed_on,
            fingerprint=assessment.fingerprint(),
            content=to_content(assessment),
        )
    )
    db.flush()
    return ImportOutcome(
        result="updated" if current is not None else "created",
        plan=plan,
        previous=current[1] if current else None,
    )


def _refusal(db: Session, council: Council, assessment: Assessment, into: Plan | None) -> Problem | None:
    assert council.id is not None
    if assessment.council != council.slug:
        return Problem(
            "$.council",
            _(
                "This assessment is for another council (“%(code)s”), not %(council)s",
                code=assessment.council,
                council=council.name,
            ),
            _("Send the assessment to My Plan through the council that carried it out"),
        )
    if into is None:
        return None
    check_file = _("Check you have the right file, or contact your council")
    if into.council_id != council.id:
        return Problem("$.council", _("This assessment is from a different council to your plan"), check_file)
    if into.council_reference and into.council_reference != assessment.council_reference:
        return Problem("$.council_reference", _("This assessment is for a different person"), check_file)
    existing = plan_by_reference(db, council.id, assessment.council_reference)
    if existing is not None and existing.id != into.id:
        return Problem(
            "$.council_reference",
            _("Your council has already sent this assessment to My Plan"),
            _("Use the link in the email your council sent you, or contact your council"),
        )
    return None


def log_import(
    db: Session,
    *,
    council_id: int | None,
    channel: str,
    result: str,
    filename: str = "",
    plan_id: str | None = None,
    account_id: int | None = None,
    api_client_id: int | None = None,
    problems: list[Problem] | None = None,
) -> None:
    db.add(
        ImportLog(
            council_id=council_id,
            plan_id=plan_id,
            account_id=account_id,
            api_client_id=api_client_id,
            channel=channel,
            filename=filename[:255],
            result=result,
            problems=[{"where": p.where, "message": p.message, "fix": p.fix} for p in problems or []],
        )
    )
    db.flush()


def recent_imports(db: Session, council_id: int, limit: int = 20) -> list[ImportLog]:
    return list(
        db.exec(
            select(ImportLog).where(ImportLog.council_id == council_id).order_by(col(ImportLog.at).desc()).limit(limit)
        )
    )


# Machine clients (OAuth2 client credentials) -------------------------------------------------


def create_api_client(db: Session, council_id: int, name: str) -> tuple[ApiClient, str]:
    """A new client for a council; returns it with its secret, which is shown once and stored hashed."""
    secret = new_token()
    client = ApiClient(
        council_id=council_id, client_id=f"myplan-{new_token()[:16]}", secret_hash=hash_password(secret), name=name
    )
    db.add(client)
    db.flush()
    return client, secret


def active_client(db: Session, client_id: str) -> ApiClient | None:
    return db.exec(
        select(ApiClient).where(ApiClient.client_id == client_id, col(ApiClient.revoked_at).is_(None))
    ).first()


def store_api_token(db: Session, client: ApiClient, token: str, lifetime: timedelta) -> None:
    """Keeps the hash of a token Authlib has issued, so the token can be checked and revoked."""
    assert client.id is not None
    db.add(
        ApiToken(
            token_hash=hash_token(token), api_client_id=client.id, scope=client.scope, expires_at=utcnow() + lifetime
        )
    )
    db.flush()


def client_for_token(db: Session, token: str) -> ApiClient | None:
    row = db.exec(
        select(ApiClient)
        .join(ApiToken, col(ApiToken.api_client_id) == ApiClient.id)
        .where(
            ApiToken.token_hash == hash_token(token),
            ApiToken.expires_at > utcnow(),
            col(ApiClient.revoked_at).is_(None),
        )
    ).first()
    return row
