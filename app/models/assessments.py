from datetime import date, datetime
from typing import Any

from sqlmodel import JSON, Column, Field, Index, SQLModel

from app.models.base import timestamp


class ImportedAssessment(SQLModel, table=True):
    """One version of a council's assessment of a person, exactly as imported. Never edited."""

    __tablename__ = "imported_assessment"
    __table_args__ = (Index("ix_imported_assessment_plan_id_current", "plan_id", "is_current"),)

    id: int | None = Field(default=None, primary_key=True)
    plan_id: str = Field(foreign_key="plan.id", ondelete="CASCADE", max_length=20)
    council_id: int = Field(foreign_key="council.id", ondelete="RESTRICT")
    source_id: str = Field(max_length=100)  # the council's id for the assessment
    assessed_on: date
    fingerprint: str = Field(max_length=64)
    content: dict[str, Any] = Field(sa_column=Column(JSON, nullable=False))  # the normalised assessment
    is_current: bool = True
    imported_at: datetime = timestamp(default_now=True)


class ImportLog(SQLModel, table=True):
    """Every import attempt: who, when, from where, and what came of it."""

    __tablename__ = "import_log"
    __table_args__ = (Index("ix_import_log_council_id_at", "council_id", "at"),)

    id: int | None = Field(default=None, primary_key=True)
    council_id: int | None = Field(default=None, foreign_key="council.id", ondelete="SET NULL")
    plan_id: str | None = Field(default=None, foreign_key="plan.id", ondelete="SET NULL", max_length=20)
    account_id: int | None = Field(default=None, foreign_key="account.id", ondelete="SET NULL")
    api_client_id: int | None = Field(default=None, foreign_key="api_client.id", ondelete="SET NULL")
    channel: str = Field(max_length=30)  # planner_upload, person_upload, api
    filename: str = Field(default="", max_length=255)
    result: str = Field(max_length=20)  # created, updated, unchanged, rejected
    problems: list[dict[str, str]] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    at: datetime = timestamp(default_now=True)


class ApiClient(SQLModel, table=True):
    """A council's case management system, allowed to send assessments for that council only."""

    __tablename__ = "api_client"

    id: int | None = Field(default=None, primary_key=True)
    council_id: int = Field(foreign_key="council.id", index=True, ondelete="CASCADE")
    client_id: str = Field(max_length=64, unique=True)
    secret_hash: str = Field(max_length=200)
    name: str = Field(max_length=200)
    scope: str = Field(default="assessments:write", max_length=200)
    created_at: datetime = timestamp(default_now=True)
    revoked_at: datetime | None = timestamp()


class ApiToken(SQLModel, table=True):
    """A bearer token issued by the client-credentials grant. Only its hash is stored."""

    __tablename__ = "api_token"

    token_hash: str = Field(primary_key=True, max_length=64)
    api_client_id: int = Field(foreign_key="api_client.id", index=True, ondelete="CASCADE")
    scope: str = Field(max_length=200)
    issued_at: datetime = timestamp(default_now=True)
    expires_at: datetime = timestamp()
