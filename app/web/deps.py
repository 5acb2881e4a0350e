"""FastAPI dependencies: the database session, who is signed in, and plan authorisation.

Every route that touches a plan takes ``plan_for(action)``; a test walks the routes and
fails if one does not.

Everything that touches the database is plain ``def``, so FastAPI runs it in the thread
pool: waiting for a connection or a lock must never block the event loop, or requests that
hold connections could not finish. Only work without I/O (reading the form) is ``async``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import timedelta
from typing import Annotated
from urllib.parse import quote

from fastapi import Depends, Request
from sqlmodel import Session
from starlette.datastructures import FormData

from app.config import get_settings
from app.data import accounts, councils, plans
from app.data.accounts import SignedIn
from app.db import unit_of_work
from app.domain.permissions import Action, Actor, PlanFacts, is_allowed
from app.models import Council, Plan, utcnow
from app.security import csrf_token_matches
from app.web.cookies import KEPT_FORM_COOKIE, SESSION_COOKIE, csrf_binding

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")
TOUCH_EVERY = timedelta(seconds=60)


class NotFound(Exception):
    """Shown as the 404 page. Also used when someone may not see a thing, so it is not revealed."""


class CsrfFailed(Exception):
    """A state-changing request without a valid form token."""


class SignInRequired(Exception):
    """No live session; carries the path to come back to and any typed input kept."""

    def __init__(self, next_path: str, kept_form_token: str | None = None) -> None:
        super().__init__(next_path)
        self.next_path = next_path
        self.kept_form_token = kept_form_token


def get_db() -> Iterator[Session]:
    with unit_of_work() as session:
        yield session


# "function" scope: the transaction commits when the route returns, before the response and any
# background task (such as sending an email with a link that must already work).
DbSession = Annotated[Session, Depends(get_db, scope="function")]


async def read_form(request: Request) -> FormData:
    return await request.form()


Form = Annotated[FormData, Depends(read_form)]


async def verify_csrf(request: Request) -> None:
    """Applied to the whole app: every unsafe request must carry the form token."""
    if request.method in SAFE_METHODS or request.url.path.startswith("/api/"):
        return
    submitted = request.headers.get("x-csrf-token", "")
    if not submitted and request.headers.get("content-type", "").startswith(FORM_TYPES):
        value = (await request.form()).get("csrf_token", "")
        submitted = value if isinstance(value, str) else ""
    origin = request.headers.get("origin")
    if origin and origin != f"{request.url.scheme}://{request.url.netloc}":
        raise CsrfFailed
    if not csrf_token_matches(csrf_binding(request), submitted):
        raise CsrfFailed


def current_user(request: Request, db: DbSession) -> SignedIn | None:
    return lookup_user(request, db)


def lookup_user(request: Request, db: Session) -> SignedIn | None:
    token = request.cookies.get(SESSION_COOKIE)
    if not token:
        return None
    settings = get_settings()
    signed_in = accounts.find_live_session(db, token, timedelta(minutes=settings.session_idle_minutes))
    if signed_in is None:
        return None
    if utcnow() - signed_in.last_seen_at > TOUCH_EVERY:
        accounts.touch_session(db, signed_in.token_hash)
    request.state.user = signed_in
    return signed_in


MaybeUser = Annotated[SignedIn | None, Depends(current_user)]


async def _typed_fields(request: Request) -> dict[str, list[str]]:
    if request.method in SAFE_METHODS or not request.headers.get("content-type", "").startswith(FORM_TYPES):
        return {}
    form = await request.form()
    return {
        key: [value for value in form.getlist(key) if isinstance(value, str)] for key in form if key != "csrf_token"
    }


def require_user(
    request: Request,
    db: DbSession,
    user: MaybeUser,
    kept_fields: Annotated[dict[str, list[str]], Depends(_typed_fields)],
) -> SignedIn:
    if user is not None:
        return user
    # Forms post to the page they are on, so the path is also where to come back to.
    next_path = request.url.path
    kept_token = None
    if request.method not in SAFE_METHODS:
        # Their session ended while they typed: keep what they sent, offer it back after sign-in.
        old_token = request.cookies.get(SESSION_COOKIE)
        owner = accounts.account_id_of_session(db, old_token) if old_token else None
        if owner is not None and kept_fields:
            # Its own transaction: the request's own is rolled back when SignInRequired is raised.
            with unit_of_work() as own:
                kept_token = accounts.keep_pending_form(own, owner, next_path, kept_fields)
    elif request.url.query:
        next_path += "?" + request.url.query
    raise SignInRequired(next_path, kept_token)


CurrentUser = Annotated[SignedIn, Depends(require_user)]


def require_staff(user: CurrentUser) -> SignedIn:
    if user.council_id is None:
        raise NotFound
    return user


CurrentStaff = Annotated[SignedIn, Depends(require_staff)]


def take_kept_form(request: Request, db: Session, user: SignedIn) -> dict[str, list[str]] | None:
    """What this person typed on this page before their session ended, if anything."""
    token = request.cookies.get(KEPT_FORM_COOKIE)
    if not token:
        return None
    return accounts.take_pending_form(db, token, user.account_id, request.url.path)


@dataclass(frozen=True)
class PlanContext:
    plan: Plan
    user: SignedIn
    council: Council
    action: Action

    def allows(self, action: Action) -> bool:
        return is_allowed(actor_of(self.user), action, facts_of(self.plan))


def actor_of(user: SignedIn) -> Actor:
    return Actor(account_id=user.account_id, council_id=user.council_id)


def facts_of(plan: Plan) -> PlanFacts:
    return PlanFacts(owner_id=plan.owner_id, council_id=plan.council_id)


def plan_for(action: Action) -> Callable[..., PlanContext]:
    """A dependency that loads ``{plan_id}`` and lets the request through only if ``action`` is allowed."""

    def authorised_plan(plan_id: str, request: Request, db: DbSession, user: CurrentUser) -> PlanContext:
        plan = plans.get_plan(db, plan_id)
        if plan is None or not is_allowed(actor_of(user), action, facts_of(plan)):
            raise NotFound
        council = councils.get_council(db, plan.council_id)
        assert council is not None
        request.state.council = council
        if plan.owner_id != user.account_id:
            plans.record_view(db, plan.id, user.account_id)
        return PlanContext(plan=plan, user=user, council=council, action=action)

    authorised_plan.plan_permission = action  # type: ignore[attr-defined]
    return authorised_plan


def login_redirect_target(next_path: str) -> str:
    return "/sign-in?next=" + quote(next_path, safe="/")
