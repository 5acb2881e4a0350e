"""Test data, made through the same data layer the app uses."""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from datetime import timedelta

from app.data import accounts, councils, plans
from app.db import unit_of_work
from app.models import Account, Council, Plan, PlanFor, StaffRole

PASSWORD = "correct horse battery"
_counter = itertools.count(1)


@dataclass
class Factory:
    def council(self, name: str | None = None) -> Council:
        number = next(_counter)
        with unit_of_work() as db:
            return councils.create_council(
                db,
                slug=f"council-{number}",
                name=name or f"Council {number}",
                email=f"care@council-{number}.example",
                phone="0300 000 0000",
                complaints_url="https://council.example/complaints",
                advocacy_name="Advocacy Hub",
            )

    def account(self, email: str | None = None, name: str = "Sam Person", password: str | None = PASSWORD) -> Account:
        with unit_of_work() as db:
            return accounts.create_account(
                db, email or f"person{next(_counter)}@example.org", password, name, verified=True
            )

    def planner(self, council: Council, email: str | None = None) -> Account:
        account = self.account(email or f"planner{next(_counter)}@example.org", name="Pat Planner")
        with unit_of_work() as db:
            assert council.id is not None
            councils.add_staff(db, council.id, account, StaffRole.PLANNER)
        return account

    def plan(self, owner: Account, council: Council, plan_for: PlanFor = PlanFor.MYSELF) -> Plan:
        assert owner.id is not None and council.id is not None
        with unit_of_work() as db:
            return plans.create_plan(db, owner_id=owner.id, council_id=council.id, plan_for=plan_for)

    def session_token(self, account: Account) -> str:
        assert account.id is not None
        with unit_of_work() as db:
            return accounts.start_session(db, account.id, timedelta(hours=1))
