"""The plan template: sections and questions declared as data in ``app/plan_template.yaml``.

One generic wizard engine renders whatever this file declares, so adding a question needs
no Python or template code (see docs/plan-template.md). Strings here are English (UK)
source text; they are extracted into the catalogues by ``app.babel_extract`` and
translated where they are shown.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

TEMPLATE_PATH = Path(__file__).resolve().parent.parent / "plan_template.yaml"


class Variant(StrEnum):
    PERSON = "person"
    CARER = "carer"


class SectionKind(StrEnum):
    QUESTIONS = "questions"
    BUDGET = "budget"
    OWN_SECTIONS = "own_sections"


class AnswerType(StrEnum):
    SHORT_TEXT = "short_text"
    LONG_TEXT = "long_text"
    CHOICE = "choice"
    YES_NO = "yes_no"
    DATE = "date"
    MONEY = "money"
    PERSON = "person"
    LIST = "list"


STATUTORY_ITEMS = (
    "needs",
    "eligibility",
    "needs_to_be_met",
    "outcomes",
    "personal_budget",
    "advice",
    "direct_payment",
)

DEFAULT_MAX_LENGTH = {AnswerType.SHORT_TEXT: 200, AnswerType.LONG_TEXT: 5000}


@dataclass(frozen=True)
class Option:
    value: str
    text: str
    hint: str = ""


@dataclass(frozen=True)
class Question:
    key: str
    type: AnswerType
    label: str
    why: str
    example: str
    hint: str = ""
    heading: str = ""  # how the answer is titled in the finished plan, in the first person
    required: bool = False
    max_length: int = 0
    statutory: str = ""
    options: tuple[Option, ...] = ()
    multiple: bool = False
    options_from: str = ""
    item_label: str = ""
    fields: tuple[Question, ...] = ()
    summary_field: str = ""
    flag: str = ""

    @property
    def plan_heading(self) -> str:
        return self.heading or self.label

    @property
    def text_limit(self) -> int:
        return self.max_length or DEFAULT_MAX_LENGTH.get(self.type, 200)

    def field(self, key: str) -> Question | None:
        return next((item for item in self.fields if item.key == key), None)


@dataclass(frozen=True)
class Section:
    key: str
    title: str
    hint: str
    intro: str = ""
    kind: SectionKind = SectionKind.QUESTIONS
    statutory: tuple[str, ...] = ()
    questions: tuple[Question, ...] = ()

    def question(self, key: str) -> Question | None:
        return next((question for question in self.questions if question.key == key), None)

    def position(self, key: str) -> int:
        return [question.key for question in self.questions].index(key)


@dataclass(frozen=True)
class PlanTemplate:
    version: str
    sections: dict[str, Section]
    variants: dict[Variant, tuple[str, ...]] = field(default_factory=dict)

    def sections_for(self, variant: Variant) -> list[Section]:
        return [self.sections[key] for key in self.variants[variant]]

    def section_for(self, variant: Variant, key: str) -> Section | None:
        return self.sections[key] if key in self.variants[variant] else None


class TemplateError(ValueError):
    """The template file does not describe a valid plan."""


def _question(raw: dict[str, Any], where: str, nested: bool = False) -> Question:
    where = f"{where}.{raw.get('key', '?')}"
    try:
        answer_type = AnswerType(raw["type"])
        fields = tuple(_question(item, where, nested=True) for item in raw.get("fields", ()))
        question = Question(
            key=str(raw["key"]),
            type=answer_type,
            label=str(raw["label"]),
            why=str(raw["why"]),
            example=str(raw["example"]),
            hint=str(raw.get("hint", "")),
            heading=str(raw.get("heading", "")),
            required=bool(raw.get("required", False)),
            max_length=int(raw.get("max_length", 0)),
            statutory=str(raw.get("statutory", "")),
            options=tuple(
                Option(str(option["value"]), str(option["text"]), str(option.get("hint", "")))
                for option in raw.get("options", ())
            ),
            multiple=bool(raw.get("multiple", False)),
            options_from=str(raw.get("options_from", "")),
            item_label=str(raw.get("item_label", "")),
            fields=fields,
            summary_field=str(raw.get("summary_field", "")),
            flag=str(raw.get("flag", "")),
        )
    except (KeyError, TypeError, ValueError) as error:
        raise TemplateError(f"{where}: {error!r}") from error
    problems = []
    if answer_type is AnswerType.CHOICE and not question.options and question.options_from != "needs":
        problems.append("a choice needs options or options_from: needs")
    if answer_type is AnswerType.LIST:
        if nested:
            problems.append("a list cannot be inside a list")
        if not fields or not question.item_label or question.field(question.summary_field) is None:
            problems.append("a list needs fields, item_label and a summary_field naming one of its fields")
    if question.statutory and question.statutory not in STATUTORY_ITEMS:
        problems.append(f"unknown statutory item {question.statutory}")
    if problems:
        raise TemplateError(f"{where}: " + "; ".join(problems))
    return question


def _section(raw: dict[str, Any]) -> Section:
    key = str(raw["key"])
    questions = tuple(_question(item, key) for item in raw.get("questions", ()))
    keys = [question.key for question in questions]
    if len(set(keys)) != len(keys):
        raise TemplateError(f"{key}: question keys must be unique")
    statutory = tuple(raw.get("statutory", ()))
    unknown = set(statutory) - set(STATUTORY_ITEMS)
    if unknown:
        raise TemplateError(f"{key}: unknown statutory items {sorted(unknown)}")
    return Section(
        key=key,
        title=str(raw["title"]),
        hint=str(raw.get("hint", "")),
        intro=str(raw.get("intro", "")),
        kind=SectionKind(raw.get("kind", "questions")),
        statutory=statutory,
        questions=questions,
    )


def parse_template(data: dict[str, Any]) -> PlanTemplate:
    try:
        sections = {section.key: section for section in (_section(raw) for raw in data["sections"])}
        variants = {Variant(name): tuple(keys) for name, keys in data["variants"].items()}
        version = str(data["version"])
    except (KeyError, TypeError, ValueError) as error:
        if isinstance(error, TemplateError):
            raise
        raise TemplateError(f"Plan template is not valid: {error!r}") from error
    for name, keys in variants.items():
        unknown = [key for key in keys if key not in sections]
        if unknown:
            raise TemplateError(f"Variant {name} lists unknown sections: {', '.join(unknown)}")
    for section in sections.values():
        if section.kind is SectionKind.QUESTIONS and not section.questions:
            raise TemplateError(f"{section.key}: a questions section needs questions")
    return PlanTemplate(version=version, sections=sections, variants=variants)


def load_template_text(text: str) -> PlanTemplate:
    return parse_template(yaml.safe_load(text))


@lru_cache
def load_template(path: Path = TEMPLATE_PATH) -> PlanTemplate:
    return load_template_text(path.read_text(encoding="utf-8"))
