"""A council's assessment, as My Plan understands it: plain dataclasses, no I/O.

``app.domain.assessment_formats`` reads the JSON and CSV formats into these, or lists every
problem with where it is. See docs/assessment-format.md.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass, field
from datetime import date
from enum import StrEnum

from app.i18n import lazy_gettext as N_


class Eligible(StrEnum):
    YES = "yes"
    NO = "no"
    PARTLY = "partly"


class AssessmentType(StrEnum):
    ADULT = "adult"
    CARER = "carer"


class Period(StrEnum):
    WEEK = "week"
    FOUR_WEEKS = "four_weeks"
    MONTH = "month"
    YEAR = "year"


# The eligibility outcomes in the Care and Support (Eligibility Criteria) Regulations 2015.
ADULT_OUTCOMES: dict[str, str] = {
    "nutrition": N_("Managing and maintaining nutrition"),
    "hygiene": N_("Maintaining personal hygiene"),
    "toilet": N_("Managing toilet needs"),
    "clothing": N_("Being appropriately clothed"),
    "home_safety": N_("Being able to make use of the home safely"),
    "habitable_home": N_("Maintaining a habitable home environment"),
    "relationships": N_("Developing and maintaining family or other personal relationships"),
    "work_education": N_("Accessing and engaging in work, training, education or volunteering"),
    "community": N_("Making use of necessary facilities or services in the local community"),
    "caring_for_child": N_("Carrying out any caring responsibilities for a child"),
}
CARER_OUTCOMES: dict[str, str] = {
    "caring_for_child": N_("Carrying out any caring responsibilities for a child"),
    "caring_for_others": N_("Providing care to other persons for whom the carer provides care"),
    "habitable_home": N_("Maintaining a habitable home environment"),
    "nutrition": N_("Managing and maintaining nutrition"),
    "relationships": N_("Developing and maintaining family or other significant personal relationships"),
    "work_education": N_("Engaging in work, training, education or volunteering"),
    "community": N_("Making use of necessary facilities or services in the local community"),
    "recreation": N_("Engaging in recreational activities"),
}


def outcomes_for(kind: AssessmentType) -> dict[str, str]:
    return CARER_OUTCOMES if kind is AssessmentType.CARER else ADULT_OUTCOMES


@dataclass(frozen=True)
class Need:
    id: str  # the council's own id for the need; the person's words attach to it across re-imports
    outcome: str  # a key of ADULT_OUTCOMES or CARER_OUTCOMES
    description: str
    eligible: Eligible
    council_will_meet: bool
    met_by_carer: bool = False
    carer_name: str = ""
    wellbeing_impact: str = ""
    direct_payment_possible: bool = False
    not_meeting_reason: str = ""  # required when the council will not meet an eligible need, or it is not eligible
    advice: str = ""  # personal advice on reducing or delaying the need


@dataclass(frozen=True)
class DesiredOutcome:
    id: str
    text: str


@dataclass(frozen=True)
class Contribution:
    amount_pence: int
    period: Period


@dataclass(frozen=True)
class Budget:
    indicative_annual_pence: int
    contribution: Contribution
    explanation: str = ""
    direct_payment_available: bool = False


@dataclass(frozen=True)
class Person:
    name: str
    email: str = ""


@dataclass(frozen=True)
class Assessment:
    council: str  # the council's code (its slug in My Plan)
    council_reference: str  # the council's reference for the person
    person: Person
    assessment_id: str
    assessed_on: date
    assessor: str
    kind: AssessmentType
    needs: tuple[Need, ...]
    desired_outcomes: tuple[DesiredOutcome, ...]
    budget: Budget
    review_date: date | None = None

    def fingerprint(self) -> str:
        """The same assessment sent twice has the same fingerprint, so re-sending changes nothing."""
        canonical = json.dumps(asdict(self), sort_keys=True, default=str, separators=(",", ":"))
        return hashlib.sha256(canonical.encode()).hexdigest()

    def need(self, need_id: str) -> Need | None:
        return next((need for need in self.needs if need.id == need_id), None)


@dataclass(frozen=True)
class Problem:
    """One thing wrong with an import: where it is (a JSON path like ``$.needs[2].outcome`` or
    ``line 4, column "outcome"``), what is wrong, and how to fix it, in plain English."""

    where: str
    message: str
    fix: str = ""


@dataclass
class ParseResult:
    assessment: Assessment | None = None
    problems: list[Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.assessment is not None and not self.problems


def to_content(assessment: Assessment) -> dict[str, object]:
    """The assessment as JSON-ready data, for storing exactly what was imported."""
    content = asdict(assessment)
    content["assessed_on"] = assessment.assessed_on.isoformat()
    content["review_date"] = assessment.review_date.isoformat() if assessment.review_date else None
    return content


def from_content(content: dict[str, object]) -> Assessment:
    data: dict[str, object] = dict(content)
    person = data["person"]
    budget = data["budget"]
    assert isinstance(person, dict) and isinstance(budget, dict)
    contribution = budget["contribution"]
    review = data.get("review_date")
    needs = data["needs"]
    outcomes = data["desired_outcomes"]
    assert isinstance(needs, list) and isinstance(outcomes, list)
    return Assessment(
        council=str(data["council"]),
        council_reference=str(data["council_reference"]),
        person=Person(**person),
        assessment_id=str(data["assessment_id"]),
        assessed_on=date.fromisoformat(str(data["assessed_on"])),
        assessor=str(data["assessor"]),
        kind=AssessmentType(str(data["kind"])),
        needs=tuple(Need(**{**need, "eligible": Eligible(need["eligible"])}) for need in needs),
        desired_outcomes=tuple(DesiredOutcome(**outcome) for outcome in outcomes),
        budget=Budget(
            indicative_annual_pence=int(budget["indicative_annual_pence"]),
            contribution=Contribution(int(contribution["amount_pence"]), Period(contribution["period"])),
            explanation=str(budget.get("explanation", "")),
            direct_payment_available=bool(budget.get("direct_payment_available", False)),
        ),
        review_date=date.fromisoformat(str(review)) if review else None,
    )
