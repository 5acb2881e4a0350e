from datetime import datetime
from typing import Any

from sqlmodel import JSON, Column, Field, Index, LargeBinary, SQLModel, UniqueConstraint

from app.models.base import new_id, timestamp


class Answer(SQLModel, table=True):
    """The person's own words for one question (imported and council text live elsewhere)."""

    __table_args__ = (UniqueConstraint("plan_id", "question_key"),)

    id: int | None = Field(default=None, primary_key=True)
    plan_id: str = Field(foreign_key="plan.id", index=True, ondelete="CASCADE", max_length=20)
    section_key: str = Field(max_length=60)
    question_key: str = Field(max_length=130)  # "<section>.<question>"
    value: Any = Field(default=None, sa_column=Column(JSON, nullable=True))
    version: int = 1
    updated_at: datetime = timestamp(default_now=True)
    updated_by: int | None = Field(default=None, foreign_key="account.id", ondelete="SET NULL")


class AnswerDraft(SQLModel, table=True):
    """What one person typed that could not be saved yet (it had a problem), kept to offer back."""

    __tablename__ = "answer_draft"
    __table_args__ = (UniqueConstraint("plan_id", "question_key", "account_id"),)

    id: int | None = Field(default=None, primary_key=True)
    plan_id: str = Field(foreign_key="plan.id", index=True, ondelete="CASCADE", max_length=20)
    question_key: str = Field(max_length=130)
    account_id: int = Field(foreign_key="account.id", ondelete="CASCADE")
    typed: Any = Field(default=None, sa_column=Column(JSON, nullable=True))
    updated_at: datetime = timestamp(default_now=True)


class AnswerChange(SQLModel, table=True):
    """One saved change to an answer: who, when, which question, before and after."""

    __tablename__ = "answer_change"
    __table_args__ = (Index("ix_answer_change_plan_id_at", "plan_id", "at"),)

    id: int | None = Field(default=None, primary_key=True)
    plan_id: str = Field(foreign_key="plan.id", ondelete="CASCADE", max_length=20)
    question_key: str = Field(max_length=130)
    account_id: int | None = Field(default=None, foreign_key="account.id", ondelete="SET NULL")
    old_value: Any = Field(default=None, sa_column=Column(JSON, nullable=True))
    new_value: Any = Field(default=None, sa_column=Column(JSON, nullable=True))
    version: int = 1
    at: datetime = timestamp(default_now=True)


class OwnSection(SQLModel, table=True):
    """A section the person added to their plan, with a title of their choosing."""

    __tablename__ = "own_section"

    id: str = Field(default_factory=new_id, primary_key=True, max_length=20)
    plan_id: str = Field(foreign_key="plan.id", index=True, ondelete="CASCADE", max_length=20)
    title: str = Field(max_length=200)
    body: str = Field(default="", max_length=20000)
    position: int = 0
    version: int = 1
    created_at: datetime = timestamp(default_now=True)
    updated_at: datetime = timestamp(default_now=True)


class Attachment(SQLModel, table=True):
    """A picture, recording, video or document attached to a section of a plan."""

    id: str = Field(default_factory=new_id, primary_key=True, max_length=20)
    plan_id: str = Field(foreign_key="plan.id", index=True, ondelete="CASCADE", max_length=20)
    section_key: str = Field(max_length=60)
    own_section_id: str | None = Field(default=None, foreign_key="own_section.id", ondelete="CASCADE", max_length=20)
    filename: str = Field(max_length=255)
    content_type: str = Field(max_length=100)
    kind: str = Field(max_length=20)  # image, audio, video, document
    size: int
    alt_text: str = Field(default="", max_length=1000)
    description: str = Field(default="", max_length=2000)
    # Either in the database (content) or in the attachments directory (stored_path).
    stored_path: str = Field(default="", max_length=300)
    uploaded_by: int | None = Field(default=None, foreign_key="account.id", ondelete="SET NULL")
    uploaded_at: datetime = timestamp(default_now=True)


class AttachmentContent(SQLModel, table=True):
    __tablename__ = "attachment_content"

    attachment_id: str = Field(primary_key=True, foreign_key="attachment.id", ondelete="CASCADE", max_length=20)
    content: bytes = Field(sa_column=Column(LargeBinary, nullable=False))
