"""Development-only helpers: read the emails the app would have sent."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import Response

from app import mail
from app.config import get_settings
from app.web.deps import NotFound
from app.web.templating import render

router = APIRouter()


@router.get("/dev/mail")
def dev_mail(request: Request) -> Response:
    if get_settings().is_production:
        raise NotFound
    return render(request, "dev/mail.html", {"messages": mail.read_outbox()})
