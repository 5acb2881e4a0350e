"""The person's answers: saving with version checks, history, drafts, own sections, attachments."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import delete
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlmodel import Session, SQLModel, col, select

from app.models import (
    Answer,
    AnswerChange,
    AnswerDraft,
    Attachment,
    AttachmentContent,
    OwnSection,
    utcnow,
)

COALESCE_CHANGES_WITHIN = timedelta(minutes=10)


class Conflict(Exception):
    """Someone else saved a different answer since this person's form was shown."""

    def __init__(self, current: Answer) -> None:
        super().__init__(current.question_key)
        self.current = current


def answers_for_plan(db: Session, plan_id: str) -> dict[str, Answer]:
    return {answer.question_key: answer for answer in db.exec(select(Answer).where(Answer.plan_id == plan_id))}


def answers_for_section(db: Session, plan_id: str, section_key: str) -> dict[str, Answer]:
    rows = db.exec(select(Answer).where(Answer.plan_id == plan_id, Answer.section_key == section_key))
    return {answer.question_key: answer for answer in rows}


def get_answer(db: Session, plan_id: str, question_key: str) -> Answer | None:
    return db.exec(select(Answer).where(Answer.plan_id == plan_id, Answer.question_key == question_key)).first()


def _insert_if_missing(db: Session, model: type[SQLModel], keys: list[str], values: dict[str, Any]) -> None:
    """INSERT … ON CONFLICT DO NOTHING: two requests saving the same new answer at once both succeed."""
    insert = sqlite_insert if db.get_bind().dialect.name == "sqlite" else postgresql_insert
    db.execute(insert(model).values(**values).on_conflict_do_nothing(index_elements=keys))


def _locked_answer(db: Session, plan_id: str, section_key: str, question_key: str) -> Answer:
    """The answer row, created empty if need be, locked until commit so saves of it take turns."""
    _insert_if_missing(
        db,
        Answer,
        ["plan_id", "question_key"],
        {
            "plan_id": plan_id,
            "section_key": section_key,
            "question_key": question_key,
            "version": 0,
            "updated_at": utcnow(),
        },
    )
    return db.exec(
        select(Answer)
        .where(Answer.plan_id == plan_id, Answer.question_key == question_key)
        .with_for_update()
        .execution_options(populate_existing=True)
    ).one()


def save_answer(
    db: Session,
    plan_id: str,
    section_key: str,
    question_key: str,
    value: Any,
    account_id: int,
    expected_version: int | None,
) -> tuple[Answer | None, bool]:
    """Saves a value and records the change. Returns the answer and whether anything changed.

    ``expected_version`` is the version the person's form was showing (0 for none); if someone
    else has saved a different value since, nothing is saved and ``Conflict`` is raised.
    """
    answer = _locked_answer(db, plan_id, section_key, question_key)
    current_version, current_value = answer.version, answer.value
    if current_value == value:
        clear_draft(db, plan_id, question_key, account_id)
        return answer, False
    if expected_version is not None and expected_version != current_version:
        raise Conflict(answer)
    now = utcnow()
    answer.value = value
    answer.version = current_version + 1
    answer.updated_at = now
    answer.updated_by = account_id
    db.add(answer)
    _record_change(db, plan_id, question_key, account_id, current_value, value, answer.version, now)
    clear_draft(db, plan_id, question_key, account_id)
    db.flush()
    return answer, True


def _record_change(
    db: Session,
    plan_id: str,
    question_key: str,
    account_id: int,
    old: Any,
    new: Any,
    version: int,
    now: datetime,
) -> None:
    """One row per change; quick successive saves by the same person (autosave) share a row."""
    last = db.exec(
        select(AnswerChange)
        .where(AnswerChange.plan_id == plan_id, AnswerChange.question_key == question_key)
        .order_by(col(AnswerChange.at).desc(), col(AnswerChange.id).desc())
        .limit(1)
    ).first()
    if last is not None and last.account_id == account_id and now - last.at < COALESCE_CHANGES_WITHIN:
        last.new_value = new
        last.version = version
        last.at = now
        db.add(last)
        return
    db.add(
        AnswerChange(
            plan_id=plan_id,
            question_key=question_key,
            account_id=account_id,
            old_value=old,
            new_value=new,
            version=version,
            at=now,
        )
    )


# Drafts: typed input with a problem, kept for the person who typed it ----------------


def keep_draft(db: Session, plan_id: str, question_key: str, account_id: int, typed: Any) -> None:
    _insert_if_missing(
        db,
        AnswerDraft,
        ["plan_id", "question_key", "account_id"],
        {"plan_id": plan_id, "question_key": question_key, "account_id": account_id, "updated_at": utcnow()},
    )
    draft = db.exec(
        select(AnswerDraft)
        .where(
            AnswerDraft.plan_id == plan_id,
            AnswerDraft.question_key == question_key,
            AnswerDraft.account_id == account_id,
        )
        .execution_options(populate_existing=True)
    ).one()
    draft.typed = typed
    draft.updated_at = utcnow()
    db.add(draft)
    db.flush()


def clear_draft(db: Session, plan_id: str, question_key: str, account_id: int) -> None:
    db.execute(
        delete(AnswerDraft).where(
            col(AnswerDraft.plan_id) == plan_id,
            col(AnswerDraft.question_key) == question_key,
            col(AnswerDraft.account_id) == account_id,
        )
    )


def drafts_for(db: Session, plan_id: str, account_id: int) -> dict[str, Any]:
    rows = db.exec(select(AnswerDraft).where(AnswerDraft.plan_id == plan_id, AnswerDraft.account_id == account_id))
    return {draft.question_key: draft.typed for draft in rows}


# Sections the person adds ----------------------------------------------------------------


def own_sections(db: Session, plan_id: str) -> list[OwnSection]:
    return list(
        db.exec(
            select(OwnSection)
            .where(OwnSection.plan_id == plan_id)
            .order_by(col(OwnSection.position), col(OwnSection.created_at))
        )
    )


def get_own_section(db: Session, plan_id: str, own_section_id: str) -> OwnSection | None:
    found = db.get(OwnSection, own_section_id)
    return found if found is not None and found.plan_id == plan_id else None


def save_own_section(
    db: Session, plan_id: str, own_section: OwnSection | None, title: str, body: str, expected_version: int | None
) -> OwnSection:
    if own_section is None:
        position = len(own_sections(db, plan_id))
        own_section = OwnSection(plan_id=plan_id, title=title, body=body, position=position)
    else:
        if (
            expected_version is not None
            and expected_version != own_section.version
            and (own_section.title != title or own_section.body != body)
        ):
            raise OwnSectionConflict(own_section)
        own_section.title, own_section.body = title, body
        own_section.version += 1
        own_section.updated_at = utcnow()
    db.add(own_section)
    db.flush()
    return own_section


class OwnSectionConflict(Exception):
    def __init__(self, current: OwnSection) -> None:
        super().__init__(current.id)
        self.current = current


def delete_own_section(db: Session, own_section: OwnSection) -> None:
    db.delete(own_section)
    db.flush()


# Attachments -------------------------------------------------------------------------------


def add_attachment(db: Session, attachment: Attachment, content: bytes | None) -> Attachment:
    db.add(attachment)
    db.flush()
    if content is not None:
        db.add(AttachmentContent(attachment_id=attachment.id, content=content))
        db.flush()
    return attachment


def attachments_for(db: Session, plan_id: str) -> list[Attachment]:
    return list(db.exec(select(Attachment).where(Attachment.plan_id == plan_id).order_by(col(Attachment.uploaded_at))))


def get_attachment(db: Session, plan_id: str, attachment_id: str) -> Attachment | None:
    found = db.get(Attachment, attachment_id)
    return found if found is not None and found.plan_id == plan_id else None


def attachment_content(db: Session, attachment_id: str) -> bytes | None:
    row = db.get(AttachmentContent, attachment_id)
    return row.content if row else None


def delete_attachment(db: Session, attachment: Attachment) -> None:
    db.delete(attachment)
    db.flush()
