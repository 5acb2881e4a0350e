"""What a plan's task list shows: sections in order with their status."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime

from app.domain.plan_template import PlanTemplate, Section, Variant
from app.domain.sections import SectionStatus, section_status
from app.models import PlanFor


def variant_for(plan_for: PlanFor) -> Variant:
    return Variant.CARER if plan_for is PlanFor.CARER else Variant.PERSON


@dataclass(frozen=True)
class SectionProgress:
    started_at: datetime | None = None
    completed_at: datetime | None = None
    has_content: bool = False


@dataclass(frozen=True)
class TaskListItem:
    section: Section
    status: SectionStatus


def task_list(template: PlanTemplate, plan_for: PlanFor, progress: Mapping[str, SectionProgress]) -> list[TaskListItem]:
    items = []
    for section in template.sections_for(variant_for(plan_for)):
        state = progress.get(section.key, SectionProgress())
        items.append(TaskListItem(section, section_status(state.started_at, state.completed_at, state.has_content)))
    return items


def count_completed(items: list[TaskListItem]) -> int:
    return sum(1 for item in items if item.status is SectionStatus.COMPLETED)
