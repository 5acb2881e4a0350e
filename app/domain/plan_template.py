"""The plan template: sections and questions declared as data in ``app/plan_template.yaml``.

One generic wizard engine renders whatever this file declares, so adding a question needs
no Python or template code. Strings here are English (UK) source text; they are extracted
into the translation catalogues by ``app.babel_extract`` and translated when shown.
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


@dataclass(frozen=True)
class Section:
    key: str
    title: str
    hint: str
    kind: SectionKind = SectionKind.QUESTIONS
    statutory: tuple[str, ...] = ()
    questions: tuple[Any, ...] = ()


@dataclass(frozen=True)
class PlanTemplate:
    version: str
    sections: dict[str, Section]
    variants: dict[Variant, tuple[str, ...]] = field(default_factory=dict)

    def sections_for(self, variant: Variant) -> list[Section]:
        return [self.sections[key] for key in self.variants[variant]]


class TemplateError(ValueError):
    """The template file does not describe a valid plan."""


def parse_template(data: dict[str, Any]) -> PlanTemplate:
    try:
        sections = {
            raw["key"]: Section(
                key=raw["key"],
                title=raw["title"],
                hint=raw.get("hint", ""),
                kind=SectionKind(raw.get("kind", "questions")),
                statutory=tuple(raw.get("statutory", ())),
            )
            for raw in data["sections"]
        }
        variants = {Variant(name): tuple(keys) for name, keys in data["variants"].items()}
    except (KeyError, TypeError, ValueError) as error:
        raise TemplateError(f"Plan template is not valid: {error!r}") from error
    for name, keys in variants.items():
        unknown = [key for key in keys if key not in sections]
        if unknown:
            raise TemplateError(f"Variant {name} lists unknown sections: {', '.join(unknown)}")
    return PlanTemplate(version=str(data["version"]), sections=sections, variants=variants)


@lru_cache
def load_template(path: Path = TEMPLATE_PATH) -> PlanTemplate:
    with path.open(encoding="utf-8") as template_file:
        return parse_template(yaml.safe_load(template_file))
