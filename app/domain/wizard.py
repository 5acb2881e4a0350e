"""How a person moves through a section: which page comes next, and when it can be marked complete.

One runner for every section, driven by the template: no section has navigation of its own.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from app.domain.answers import is_answered
from app.domain.plan_template import AnswerType, Option, Question, Section
from app.i18n import _


def question_key(section: Section, question: Question) -> str:
    """How an answer is stored: the section and question keys together."""
    return f"{section.key}.{question.key}"


@dataclass(frozen=True)
class SectionRunner:
    plan_id: str
    section: Section

    @property
    def base(self) -> str:
        return f"/plans/{self.plan_id}/sections/{self.section.key}"

    @property
    def check_url(self) -> str:
        return f"{self.base}/check"

    @property
    def task_list_url(self) -> str:
        return f"/plans/{self.plan_id}"

    def question_url(self, question: Question, returning: bool = False) -> str:
        return f"{self.base}/{question.key}" + ("?return=check" if returning else "")

    def first_url(self) -> str:
        return self.question_url(self.section.questions[0])

    def next_url(self, question: Question, returning: bool) -> str:
        if returning:
            return self.check_url
        position = self.section.position(question.key)
        if position + 1 < len(self.section.questions):
            return self.question_url(self.section.questions[position + 1])
        return self.check_url

    def previous_url(self, question: Question, returning: bool) -> str:
        if returning:
            return self.check_url
        position = self.section.position(question.key)
        if position == 0:
            return self.task_list_url
        return self.question_url(self.section.questions[position - 1])

    def entry_url(self, started: bool) -> str:
        """Opening a section from the task list: the start if new, else what has been written so far."""
        return self.check_url if started else self.first_url()


@dataclass(frozen=True)
class Problem:
    question: Question
    message: str


def completion_problems(section: Section, values: Mapping[str, Any], unsaved: Sequence[str] = ()) -> list[Problem]:
    """What stops a section being marked complete: required answers missing, or input still to fix."""
    problems = []
    for question in section.questions:
        key = question_key(section, question)
        if key in unsaved:
            problems.append(Problem(question, _("Fix your answer to “%(question)s”", question=_(question.label))))
        elif question.required and not is_answered(values.get(key)):
            problems.append(
                Problem(
                    question,
                    _("Answer “%(question)s” before you mark this section as complete", question=_(question.label)),
                )
            )
    return problems


def need_options(imported: Sequence[tuple[str, str]], own_needs: Any) -> list[Option]:
    """The needs a person can link to: imported from the assessment, then their own."""
    options = [Option(value=f"a:{need_id}", text=text) for need_id, text in imported]
    if isinstance(own_needs, list):
        for item in own_needs:
            if isinstance(item, dict) and item.get("id"):
                description = str(item.get("need") or item.get("description") or "").strip()
                if description:
                    options.append(Option(value=f"m:{item['id']}", text=description))
    return options


def is_list(question: Question) -> bool:
    return question.type is AnswerType.LIST
