"""Plain rules: permissions, section status, the plan template and the wizard engine."""

import pytest

from app.domain import answers
from app.domain.permissions import Action, Actor, PlanFacts, is_allowed
from app.domain.plan_template import AnswerType, TemplateError, Variant, load_template, load_template_text
from app.domain.sections import SectionStatus, section_status
from app.domain.wizard import SectionRunner, completion_problems, need_options
from app.models import utcnow

EXTRA_TEMPLATE = """
version: "test"
variants:
  person: [pets]
sections:
  - key: pets
    title: My pets
    hint: The animals in my life
    questions:
      - key: name
        type: short_text
        label: What is your pet called?
        heading: My pet's name
        why: Pets matter.
        example: Biscuit
        required: true
        max_length: 20
      - key: born
        type: date
        label: When was your pet born?
        why: To know how old they are.
        example: 1 9 2020
      - key: kind
        type: choice
        label: What kind of animal?
        why: Care differs.
        example: A cat
        options:
          - {value: cat, text: A cat}
          - {value: dog, text: A dog}
"""


def test_owner_and_own_council_staff_only():
    plan = PlanFacts(owner_id=1, council_id=10)
    owner, planner, other_planner, stranger = Actor(1, None), Actor(2, 10), Actor(3, 11), Actor(4, None)
    assert is_allowed(owner, Action.EDIT, plan)
    assert is_allowed(planner, Action.VIEW, plan) and not is_allowed(planner, Action.EDIT, plan)
    assert not is_allowed(other_planner, Action.VIEW, plan)
    assert not is_allowed(stranger, Action.VIEW, plan)
    assert not is_allowed(planner, Action.VIEW_ACTIVITY, plan)
    unclaimed = PlanFacts(owner_id=None, council_id=10)
    assert is_allowed(planner, Action.REVIEW, unclaimed) and not is_allowed(stranger, Action.VIEW, unclaimed)


def test_section_status_rules():
    now = utcnow()
    assert section_status(None, None, False) is SectionStatus.NOT_STARTED
    assert section_status(None, None, True) is SectionStatus.IN_PROGRESS
    assert section_status(now, None, False) is SectionStatus.IN_PROGRESS
    assert section_status(now, now, True) is SectionStatus.COMPLETED


def test_a_question_added_to_the_data_file_appears_validates_and_saves():
    template = load_template_text(EXTRA_TEMPLATE)
    (section,) = template.sections_for(Variant.PERSON)
    name = section.question("name")
    assert name is not None and name.plan_heading == "My pet's name"
    too_long = answers.check(name, {"": "x" * 21}, "answer")
    assert too_long.errors == {"answer": "Your answer must be 20 characters or fewer. It is 21 characters."}
    assert answers.check(name, {"": "  Biscuit "}, "answer").value == "Biscuit"
    born = section.question("born")
    assert born is not None
    assert answers.check(born, {"day": "1", "month": "9", "year": "2020"}, "answer").value == "2020-09-01"
    assert "answer-day" in answers.check(born, {"day": "31", "month": "9", "year": "2020"}, "answer").errors
    kind = section.question("kind")
    assert kind is not None
    assert answers.check(kind, {"": "dog"}, "answer").value == "dog"
    assert answers.check(kind, {"": "lizard"}, "answer").errors
    runner = SectionRunner("p1", section)
    assert runner.first_url() == "/plans/p1/sections/pets/name"
    assert runner.next_url(name, returning=False) == "/plans/p1/sections/pets/born"
    assert runner.next_url(kind, returning=False) == "/plans/p1/sections/pets/check"
    assert runner.previous_url(name, returning=False) == "/plans/p1"
    assert [problem.question.key for problem in completion_problems(section, {})] == ["name"]
    assert completion_problems(section, {"pets.name": "Biscuit"}) == []
    assert [p.question.key for p in completion_problems(section, {"pets.name": "B"}, ["pets.born"])] == ["born"]


def test_template_errors_are_clear():
    with pytest.raises(TemplateError, match="a choice needs options"):
        load_template_text(
            EXTRA_TEMPLATE.replace(
                "          - {value: cat, text: A cat}\n          - {value: dog, text: A dog}\n", ""
            ).replace("        options:\n", "")
        )
    with pytest.raises(TemplateError, match="unknown sections"):
        load_template_text(EXTRA_TEMPLATE.replace("person: [pets]", "person: [pets, nothing]"))


def test_the_real_template_is_complete():
    template = load_template()
    for variant in Variant:
        sections = template.sections_for(variant)
        assert sections[0].key.startswith("about_me")
        assert {section.key for section in sections} >= {"budget", "own_sections", "review", "information"}
    types = {q.type for s in template.sections.values() for q in s.questions}
    assert {AnswerType.SHORT_TEXT, AnswerType.LONG_TEXT, AnswerType.LIST, AnswerType.CHOICE, AnswerType.DATE} <= types
    for section in template.sections.values():
        for question in section.questions:
            assert question.why and question.example and question.heading, (section.key, question.key)


@pytest.mark.parametrize(
    ("typed", "expected"),
    [("25", 2500), ("£1,250.50", 125050), ("0.5", 50), ("-1", None), ("12.345", None), ("ten", None)],
)
def test_money_answers(typed, expected):
    question = (
        load_template_text(EXTRA_TEMPLATE.replace("type: short_text", "type: money")).sections["pets"].questions[0]
    )
    checked = answers.check(question, {"": typed}, "answer")
    assert checked.value == expected
    assert bool(checked.errors) == (expected is None)


def test_need_options_combine_imported_and_own_needs():
    options = need_options([("N1", "Cooking")], [{"id": "x1", "need": "Getting out"}, {"id": "x2", "need": ""}])
    assert [(option.value, option.text) for option in options] == [("a:N1", "Cooking"), ("m:x1", "Getting out")]


def test_control_characters_are_removed_but_line_breaks_kept():
    assert answers.clean_text("a\x00b\r\nc\x1b") == "ab\nc"
