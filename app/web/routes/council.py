"""Council staff: the plans of their own council, and no other."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import Response

from app.data import councils, plans
from app.web.deps import CurrentStaff, DbSession
from app.web.templating import render

router = APIRouter()


@router.get("/council")
def council_plans(request: Request, db: DbSession, staff: CurrentStaff) -> Response:
    assert staff.council_id is not None
    council = councils.get_council(db, staff.council_id)
    request.state.council = council
    return render(request, "council/index.html", {"rows": plans.plans_in_council(db, staff.council_id)})
