"""Who may do what to a plan: the one table every plan route asks.

A person's relationship to a plan (owner, their council's staff, and later the people
they invite) decides the actions open to them. Anything not listed is refused.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Action(StrEnum):
    VIEW = "view"
    EDIT = "edit"
    VIEW_ACTIVITY = "view_activity"
    MANAGE = "manage"  # settings of the plan itself: who it is for, deleting it
    REVIEW = "review"  # council work on a plan: see it in the council's list, comment, import


class Relationship(StrEnum):
    OWNER = "owner"
    COUNCIL_STAFF = "council_staff"


PERMISSIONS: dict[Relationship, frozenset[Action]] = {
    Relationship.OWNER: frozenset({Action.VIEW, Action.EDIT, Action.VIEW_ACTIVITY, Action.MANAGE}),
    Relationship.COUNCIL_STAFF: frozenset({Action.VIEW, Action.REVIEW}),
}


@dataclass(frozen=True)
class Actor:
    account_id: int
    council_id: int | None  # set for council staff only


@dataclass(frozen=True)
class PlanFacts:
    owner_id: int | None  # None until the person claims a plan their council started
    council_id: int


def relationships(actor: Actor, plan: PlanFacts) -> frozenset[Relationship]:
    found = set()
    if plan.owner_id is not None and actor.account_id == plan.owner_id:
        found.add(Relationship.OWNER)
    if actor.council_id is not None and actor.council_id == plan.council_id:
        found.add(Relationship.COUNCIL_STAFF)
    return frozenset(found)


def is_allowed(actor: Actor, action: Action, plan: PlanFacts, section_key: str | None = None) -> bool:
    """The single permission check. ``section_key`` is for per-section sharing with invited people."""
    return any(action in PERMISSIONS[relationship] for relationship in relationships(actor, plan))
