"""Section status rules, shared by the task list and (later) submission."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from app.i18n import lazy_gettext as N_


class SectionStatus(StrEnum):
    NOT_STARTED = "not_started"
    IN_PROGRESS = "in_progress"
    COMPLETED = "completed"


STATUS_LABELS = {
    SectionStatus.NOT_STARTED: N_("Not started"),
    SectionStatus.IN_PROGRESS: N_("In progress"),
    SectionStatus.COMPLETED: N_("Completed"),
}

# GOV.UK task list: completed shows as plain text, the others as tags.
STATUS_TAG_CLASSES = {
    SectionStatus.NOT_STARTED: "govuk-tag--blue",
    SectionStatus.IN_PROGRESS: "govuk-tag--light-blue",
    SectionStatus.COMPLETED: "",
}


def section_status(started_at: datetime | None, completed_at: datetime | None, has_content: bool) -> SectionStatus:
    if completed_at is not None:
        return SectionStatus.COMPLETED
    if started_at is not None or has_content:
        return SectionStatus.IN_PROGRESS
    return SectionStatus.NOT_STARTED
