"""Demo data for the embedded default: a council, a person with a started plan, a planner."""

from __future__ import annotations

from app.data import accounts, councils, plans
from app.db import unit_of_work
from app.models import PlanFor

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


def seed_demo() -> bool:
    """Loads the demo data once; returns False if it was already there."""
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
        plan = plans.create_plan(db, owner_id=alex.id, council_id=demo.id, plan_for=PlanFor.MYSELF)
        plans.mark_section_completed(db, plan.id, "about_me", completed=True)
        plans.mark_section_started(db, plan.id, "one_page_profile")
        plans.mark_section_started(db, plan.id, "outcomes")
    return True
