"""Demo data for the embedded default: enough to reach every page as each kind of user."""

from __future__ import annotations

from datetime import date, timedelta

from sqlmodel import Session

from app import mail
from app.data import accounts, budget, councils, plans
from app.data import answers as answer_data
from app.data import assessments as assessment_data
from app.domain.assessment import (
    Assessment,
    AssessmentType,
    Budget,
    Contribution,
    DesiredOutcome,
    Eligible,
    Need,
    Period,
    Person,
)
from app.imports import tell_the_person
from app.models import Council, PlanFor, new_id

DEMO_PASSWORD = "demo-password"  # noqa: S105  (published in the README for the demo)

DEMO_COUNCIL = {
    "slug": "demo",
    "name": "Demo Council",
    "email": "adult.social.care@demo-council.example",
    "phone": "0300 123 4567",
    "address": "Town Hall, 1 High Street, Demoton DM1 1AA",
    "website": "https://demo-council.example",
    "complaints_url": "https://demo-council.example/complaints",
    "complaints_phone": "0300 123 4568",
    "advocacy_name": "Demoton Advocacy Hub",
    "advocacy_url": "https://advocacy.demo-council.example",
    "advocacy_phone": "0300 123 4569",
}

OTHER_COUNCIL = {
    "slug": "other",
    "name": "Other Borough Council",
    "email": "care@other-borough.example",
    "phone": "0300 765 4321",
}


def demo_assessment(reference: str, name: str, email: str, assessed_on: date) -> Assessment:
    first = name.split()[0]
    return Assessment(
        council="demo",
        council_reference=reference,
        person=Person(name=name, email=email),
        assessment_id=f"ASM-{reference}",
        assessed_on=assessed_on,
        assessor="Jo Smith, social worker",
        kind=AssessmentType.ADULT,
        needs=(
            Need(
                id="N1",
                outcome="nutrition",
                description=f"{first} cannot stand long enough to prepare meals and often skips them.",
                eligible=Eligible.YES,
                council_will_meet=True,
                wellbeing_impact=f"{first} is losing weight and feels low.",
                direct_payment_possible=True,
            ),
            Need(
                id="N2",
                outcome="community",
                description=f"{first} cannot get to the shops or the library without help since the bus route changed.",
                eligible=Eligible.YES,
                council_will_meet=True,
                met_by_carer=True,
                carer_name="Sam (partner), on Saturdays",
                direct_payment_possible=True,
            ),
            Need(
                id="N3",
                outcome="habitable_home",
                description=f"{first} finds the garden hard to keep tidy.",
                eligible=Eligible.NO,
                council_will_meet=False,
                not_meeting_reason=f"This does not have a significant impact on {first}'s wellbeing at the moment.",
                advice=(
                    "The Demoton Garden Share scheme pairs people with volunteers who like gardening: 01632 960 100."
                ),
            ),
        ),
        desired_outcomes=(
            DesiredOutcome("O1", "I want to eat a proper meal every day."),
            DesiredOutcome("O2", "I want to get back to my knitting group on Thursdays."),
        ),
        budget=Budget(
            indicative_annual_pence=1248000,
            contribution=Contribution(3500, Period.WEEK),
            explanation=(
                "We worked this out from about 8 hours of support a week at £24 an hour, which is what "
                "support like this usually costs in Demoton. It can go up or down as you plan."
            ),
            direct_payment_available=True,
        ),
        review_date=assessed_on + timedelta(days=180),
    )


def _started_plan_for_alex(db: Session, demo: Council, alex_id: int) -> None:
    assert demo.id is not None
    plan = plans.create_plan(db, owner_id=alex_id, council_id=demo.id, plan_for=PlanFor.MYSELF)
    outcome = assessment_data.import_assessment(
        db, demo, demo_assessment("DC-000123", "Alex Morgan", "alex@example.org", date(2026, 3, 3)), into=plan
    )
    assert not outcome.problems
    for key, value in {
        "about_me.name": "Alex",
        "about_me.home": "I live in a ground-floor flat in Demoton with my partner Sam and our cat, Biscuit.",
        "about_me.first": "I am deaf in my left ear, so please sit on my right and face me when you talk.",
        "one_page_profile.important_to_me": "My knitting group, my cat, and eating proper meals.",
    }.items():
        answer_data.save_answer(db, plan.id, key.split(".")[0], key, value, alex_id, None)
    answer_data.save_answer(
        db,
        plan.id,
        "outcomes",
        "outcomes.my_outcomes",
        [{"id": new_id(), "outcome": "I want to eat a proper meal every day.", "needs": ["a:N1"]}],
        alex_id,
        None,
    )
    plans.mark_section_completed(db, plan.id, "about_me", completed=True)
    plans.mark_section_started(db, plan.id, "one_page_profile")
    plans.mark_section_started(db, plan.id, "outcomes")
    budget.save_line(
        db,
        plan.id,
        None,
        {
            "description": "A personal assistant to help me cook and go out",
            "provider": "Chosen by me",
            "paid_by": "direct_payment",
            "unit_pence": 1600,
            "unit": "hour",
            "quantity": "8",
            "often": "week",
            "flexible": False,
            "links": ["a:N1", "a:N2"],
        },
        alex_id,
        None,
    )
    plans.mark_section_started(db, plan.id, "budget")


def seed_demo() -> bool:
    """Loads the demo data once; returns False if it was already there."""
    from app.db import unit_of_work

    with unit_of_work() as db:
        if councils.get_council_by_slug(db, DEMO_COUNCIL["slug"]) is not None:
            return False
        demo = councils.create_council(db, **DEMO_COUNCIL)
        other = councils.create_council(db, **OTHER_COUNCIL)
        assert demo.id is not None and other.id is not None

        planner = accounts.create_account(db, "planner@example.org", DEMO_PASSWORD, "Priya Planner", verified=True)
        councils.add_staff(db, demo.id, planner)
        other_planner = accounts.create_account(
            db, "planner@other.example.org", DEMO_PASSWORD, "Omar Other", verified=True
        )
        councils.add_staff(db, other.id, other_planner)

        alex = accounts.create_account(db, "alex@example.org", DEMO_PASSWORD, "Alex Morgan", verified=True)
        assert alex.id is not None
        _started_plan_for_alex(db, demo, alex.id)

        carer = accounts.create_account(db, "sam@example.org", DEMO_PASSWORD, "Sam Patel", verified=True)
        assert carer.id is not None
        plans.create_plan(db, owner_id=carer.id, council_id=demo.id, plan_for=PlanFor.CARER)

        # Imported by the council, waiting for Jordan to claim it from the email in the outbox.
        jordan = demo_assessment("DC-000789", "Jordan Lee", "jordan@example.org", date(2026, 10, 1))
        waiting = assessment_data.import_assessment(db, demo, jordan)
        assert waiting.plan is not None
        emails = tell_the_person(db, waiting.plan, jordan)
    for email in emails:
        mail.send(email)
    return True
