from datetime import datetime
from enum import StrEnum

from sqlmodel import Field, Index, SQLModel, UniqueConstraint

from app.models.base import new_id, str_enum, timestamp


class PlanFor(StrEnum):
    MYSELF = "myself"
    CARER = "carer"
    SOMEONE_I_SUPPORT = "someone_i_support"


class PlanStatus(StrEnum):
    DRAFT = "draft"
    SUBMITTED = "submitted"
    AGREED = "agreed"


class Plan(SQLModel, table=True):
    __table_args__ = (UniqueConstraint("council_id", "council_reference"),)

    id: str = Field(default_factory=new_id, primary_key=True, max_length=20)
    council_id: int = Field(foreign_key="council.id", index=True, ondelete="RESTRICT")
    # None until the person claims a plan their council started by importing an assessment.
    owner_id: int | None = Field(default=None, foreign_key="account.id", index=True, ondelete="CASCADE")
    council_reference: str | None = Field(default=None, max_length=100)
    plan_for: PlanFor = Field(sa_type=str_enum(PlanFor))
    # The name of the person the plan is about, when it is not the owner's own plan.
    subject_name: str = Field(default="", max_length=200)
    invited_email: str = Field(default="", max_length=320)
    template_version: str = Field(default="1", max_length=20)
    status: PlanStatus = Field(default=PlanStatus.DRAFT, sa_type=str_enum(PlanStatus))
    created_at: datetime = timestamp(default_now=True)
    updated_at: datetime = timestamp(default_now=True)


class SectionState(SQLModel, table=True):
    """Whether the person has started, and marked as complete, one section of their plan."""

    __tablename__ = "section_state"
    __table_args__ = (UniqueConstraint("plan_id", "section_key"),)

    id: int | None = Field(default=None, primary_key=True)
    plan_id: str = Field(foreign_key="plan.id", index=True, ondelete="CASCADE", max_length=20)
    section_key: str = Field(max_length=60)
    started_at: datetime | None = timestamp()
    completed_at: datetime | None = timestamp()
    updated_at: datetime = timestamp(default_now=True)


class AuditEvent(SQLModel, table=True):
    """Who looked at or changed a plan, shown to the person the plan belongs to."""

    __tablename__ = "audit_event"
    __table_args__ = (Index("ix_audit_event_plan_id_at", "plan_id", "at"),)

    id: int | None = Field(default=None, primary_key=True)
    plan_id: str = Field(foreign_key="plan.id", ondelete="CASCADE", max_length=20)
    account_id: int | None = Field(default=None, foreign_key="account.id", ondelete="SET NULL")
    action: str = Field(max_length=40)
    detail: str = Field(default="", max_length=500)
    at: datetime = timestamp(default_now=True)
