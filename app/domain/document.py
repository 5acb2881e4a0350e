"""The whole plan as one document, in the person's words: for the My plan page and printed copies."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from app.domain.answers import display, is_answered, item_title
from app.domain.plan_template import Option, PlanTemplate, Question, SectionKind, Variant
from app.domain.wizard import question_key


@dataclass(frozen=True)
class Entry:
    question: Question
    lines: list[str] = field(default_factory=list)
    items: list[tuple[str, list[tuple[Question, list[str]]]]] = field(default_factory=list)


@dataclass(frozen=True)
class DocumentSection:
    key: str
    title: str
    kind: SectionKind
    entries: list[Entry]
    own: list[Any] = field(default_factory=list)
    attachments: list[Any] = field(default_factory=list)

    @property
    def is_empty(self) -> bool:
        return not self.entries and not self.own and not self.attachments


def build_document(
    template: PlanTemplate,
    variant: Variant,
    values: Mapping[str, Any],
    options_for: Mapping[str, Sequence[Option]],
    own_sections: Sequence[Any] = (),
    attachments: Sequence[Any] = (),
) -> list[DocumentSection]:
    """Sections in plan order with only what has been answered. ``options_for`` is keyed by field key."""
    document = []
    for section in template.sections_for(variant):
        entries = []
        for question in section.questions:
            value = values.get(question_key(section, question))
            if not is_answered(value):
                continue
            if question.fields and isinstance(value, list):
                items = []
                for item in value:
                    details = [
                        (item_field, display(item_field, item.get(item_field.key), options_for.get(item_field.key, ())))
                        for item_field in question.fields
                        if item_field.key != question.summary_field and is_answered(item.get(item_field.key))
                    ]
                    items.append((item_title(question, item, options_for), details))
                entries.append(Entry(question, items=items))
            else:
                entries.append(Entry(question, lines=display(question, value, options_for.get(question.key, ()))))
        document.append(
            DocumentSection(
                key=section.key,
                title=section.title,
                kind=section.kind,
                entries=entries,
                own=list(own_sections) if section.kind is SectionKind.OWN_SECTIONS else [],
                attachments=[item for item in attachments if item.section_key == section.key],
            )
        )
    return document


def flagged(template: PlanTemplate, variant: Variant, values: Mapping[str, Any], flag: str) -> list[Entry]:
    """Answers marked with a flag (such as communication needs) that readers must see first."""
    found = []
    for section in template.sections_for(variant):
        for question in section.questions:
            value = values.get(question_key(section, question))
            if question.flag == flag and is_answered(value):
                found.append(Entry(question, lines=display(question, value)))
    return found
