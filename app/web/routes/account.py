"""Your account: where you are signed in, and signing out everywhere."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import Response

from app.data import accounts
from app.web.deps import CurrentUser, DbSession
from app.web.templating import render

router = APIRouter()


@router.get("/account")
def account_page(request: Request, db: DbSession, user: CurrentUser) -> Response:
    sessions = accounts.list_live_sessions(db, user.account_id)
    return render(request, "account/index.html", {"sessions": sessions, "current_hash": user.token_hash})
