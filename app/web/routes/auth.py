"""Sign up, sign in (password or emailed link), sign out, password reset, staying signed in."""

from __future__ import annotations

from datetime import timedelta

from fastapi import APIRouter, BackgroundTasks, Request
from fastapi.responses import RedirectResponse, Response

from app import mail
from app.config import get_settings
from app.data import accounts
from app.i18n import _, current_locale
from app.models import Account
from app.security import hash_password, verify_password
from app.web import ratelimit
from app.web.cookies import SESSION_COOKIE, delete_cookie, set_cookie
from app.web.deps import CurrentUser, DbSession, Form, MaybeUser
from app.web.flash import flash
from app.web.forms import FormErrors, check_email, check_new_password, text
from app.web.templating import render

router = APIRouter()

LINK_LIFETIME = timedelta(hours=1)
CONFIRM_PURPOSE = "confirm_account"
SIGN_IN_PURPOSE = "sign_in"
RESET_PURPOSE = "reset_password"


def safe_next(value: str | None) -> str:
    """Only paths on this site, so a crafted link cannot send someone elsewhere after sign-in."""
    if value and value.startswith("/") and not value.startswith(("//", "/\\")) and "\n" not in value:
        return value
    return ""


def home_for(account_id: int, db: DbSession) -> str:
    return "/council" if accounts.is_staff(db, account_id) else "/plans"


def sign_in_as(request: Request, db: DbSession, account: Account, next_path: str) -> RedirectResponse:
    """Starts a fresh session (ending any the browser had) and goes on to where they were headed."""
    assert account.id is not None
    settings = get_settings()
    old = request.cookies.get(SESSION_COOKIE)
    if old:
        accounts.revoke_session(db, old)
    token = accounts.start_session(
        db, account.id, timedelta(hours=settings.session_max_hours), request.headers.get("user-agent", "")
    )
    response = RedirectResponse(next_path or home_for(account.id, db), status_code=303)
    set_cookie(response, SESSION_COOKIE, token, max_age=settings.session_max_hours * 3600)
    return response


# Sign in with a password ----------------------------------------------------------------


@router.get("/sign-in")
def sign_in_page(request: Request, user: MaybeUser, next: str = "", reason: str = "") -> Response:
    return render(
        request, "auth/sign_in.html", {"values": {"next": safe_next(next)}, "reason": reason, "already": user}
    )


@router.post("/sign-in")
def sign_in(request: Request, db: DbSession, form: Form) -> Response:
    email = text(form, "email", 320).strip()
    password = text(form, "password", 300)
    values = {"email": email, "next": safe_next(text(form, "next", 2000))}
    errors = FormErrors()
    check_email(errors, "email", email)
    if not password:
        errors.add("password", _("Enter your password"))
    if errors:
        return render(request, "auth/sign_in.html", {"values": values, "errors": errors}, status_code=400)
    limits = ratelimit.sign_in_limits(request, email)
    ratelimit.check(db, limits)
    account = accounts.get_account_by_email(db, email)
    if not verify_password(account.password_hash if account else None, password) or account is None:
        ratelimit.record(db, limits)
        errors.add("email", _("Enter a correct email address and password"))
        errors.add("password", _("Enter a correct email address and password"))
        return render(request, "auth/sign_in.html", {"values": values, "errors": errors}, status_code=400)
    return sign_in_as(request, db, account, values["next"])


# Sign in with an emailed link -------------------------------------------------------------


@router.get("/sign-in/email-link")
def email_link_page(request: Request, next: str = "") -> Response:
    return render(request, "auth/email_link.html", {"values": {"next": safe_next(next)}})


@router.post("/sign-in/email-link")
def email_link(request: Request, db: DbSession, form: Form, background: BackgroundTasks) -> Response:
    email = text(form, "email", 320).strip()
    values = {"email": email, "next": safe_next(text(form, "next", 2000))}
    errors = FormErrors()
    check_email(errors, "email", email)
    if errors:
        return render(request, "auth/email_link.html", {"values": values, "errors": errors}, status_code=400)
    limits = ratelimit.email_link_limits(request, email)
    ratelimit.check(db, limits)
    ratelimit.record(db, limits)
    account = accounts.get_account_by_email(db, email)
    token = accounts.issue_email_token(
        db,
        email,
        SIGN_IN_PURPOSE,
        LINK_LIFETIME,
        account_id=account.id if account else None,
        payload={"next": values["next"], "locale": current_locale()},
    )
    link = f"{get_settings().base_url}/sign-in/link/{token}"
    background.add_task(mail.send, mail.compose(email, "sign_in_link", link=link, new=account is None))
    return render(request, "auth/check_email.html", {"email": email})


@router.get("/sign-in/link/{token}")
def email_link_landing(request: Request, db: DbSession, token: str) -> Response:
    # Opening the link does not use it up (mail scanners open links); the button does.
    if accounts.peek_email_token(db, token, SIGN_IN_PURPOSE) is None:
        return render(request, "auth/link_expired.html", {"retry": "/sign-in/email-link"}, status_code=410)
    return render(request, "auth/link_continue.html", {"action": f"/sign-in/link/{token}"})


@router.post("/sign-in/link/{token}")
def email_link_use(request: Request, db: DbSession, token: str) -> Response:
    used = accounts.consume_email_token(db, token, SIGN_IN_PURPOSE)
    if used is None:
        return render(request, "auth/link_expired.html", {"retry": "/sign-in/email-link"}, status_code=410)
    account = accounts.get_account_by_email(db, used.email) or accounts.create_account(db, used.email, None)
    accounts.mark_email_verified(db, account)
    return sign_in_as(request, db, account, safe_next(used.payload.get("next")))


# Create an account --------------------------------------------------------------------------


@router.get("/sign-up")
def sign_up_page(request: Request, next: str = "") -> Response:
    return render(request, "auth/sign_up.html", {"values": {"next": safe_next(next)}})


@router.post("/sign-up")
def sign_up(request: Request, db: DbSession, form: Form, background: BackgroundTasks) -> Response:
    name = text(form, "name", 200).strip()
    email = text(form, "email", 320).strip()
    password = text(form, "password", 300)
    values = {"name": name, "email": email, "next": safe_next(text(form, "next", 2000))}
    errors = FormErrors()
    if not name:
        errors.add("name", _("Enter your name"))
    elif len(name) > 200:
        errors.add("name", _("Name must be 200 characters or fewer"))
    check_email(errors, "email", email)
    check_new_password(errors, "password", password, email)
    if errors:
        return render(request, "auth/sign_up.html", {"values": values, "errors": errors}, status_code=400)
    limits = ratelimit.email_link_limits(request, email)
    ratelimit.check(db, limits)
    ratelimit.record(db, limits)
    existing = accounts.get_account_by_email(db, email)
    if existing is not None and existing.email_verified_at is not None:
        message = mail.compose(email, "already_registered", sign_in=f"{get_settings().base_url}/sign-in")
    else:
        token = accounts.issue_email_token(
            db,
            email,
            CONFIRM_PURPOSE,
            timedelta(hours=24),
            payload={"name": name, "password_hash": hash_password(password), "next": values["next"]},
        )
        message = mail.compose(email, "confirm_account", link=f"{get_settings().base_url}/sign-up/confirm/{token}")
    background.add_task(mail.send, message)
    # The same page whether or not the email has an account, so this form reveals nothing.
    return render(request, "auth/check_email.html", {"email": email})


@router.get("/sign-up/confirm/{token}")
def confirm_landing(request: Request, db: DbSession, token: str) -> Response:
    if accounts.peek_email_token(db, token, CONFIRM_PURPOSE) is None:
        return render(request, "auth/link_expired.html", {"retry": "/sign-up"}, status_code=410)
    return render(request, "auth/link_continue.html", {"action": f"/sign-up/confirm/{token}", "confirming": True})


@router.post("/sign-up/confirm/{token}")
def confirm_account(request: Request, db: DbSession, token: str) -> Response:
    used = accounts.consume_email_token(db, token, CONFIRM_PURPOSE)
    if used is None:
        return render(request, "auth/link_expired.html", {"retry": "/sign-up"}, status_code=410)
    account = accounts.get_account_by_email(db, used.email) or accounts.create_account(db, used.email, None)
    accounts.apply_confirmed_details(
        db, account, name=used.payload.get("name", ""), password_hash=used.payload.get("password_hash")
    )
    response = sign_in_as(request, db, account, safe_next(used.payload.get("next")) or "/plans/new")
    flash(response, _("Your account has been created"))
    return response


# Forgotten password --------------------------------------------------------------------------


@router.get("/password-reset")
def reset_request_page(request: Request) -> Response:
    return render(request, "auth/reset_request.html", {"values": {}})


@router.post("/password-reset")
def reset_request(request: Request, db: DbSession, form: Form, background: BackgroundTasks) -> Response:
    email = text(form, "email", 320).strip()
    errors = FormErrors()
    check_email(errors, "email", email)
    if errors:
        return render(
            request, "auth/reset_request.html", {"values": {"email": email}, "errors": errors}, status_code=400
        )
    limits = ratelimit.email_link_limits(request, email)
    ratelimit.check(db, limits)
    ratelimit.record(db, limits)
    account = accounts.get_account_by_email(db, email)
    if account is not None:
        token = accounts.issue_email_token(db, email, RESET_PURPOSE, LINK_LIFETIME, account_id=account.id)
        link = f"{get_settings().base_url}/password-reset/{token}"
        background.add_task(mail.send, mail.compose(email, "password_reset", link=link))
    return render(request, "auth/check_email.html", {"email": email, "reset": True})


@router.get("/password-reset/{token}")
def reset_page(request: Request, db: DbSession, token: str) -> Response:
    if accounts.peek_email_token(db, token, RESET_PURPOSE) is None:
        return render(request, "auth/link_expired.html", {"retry": "/password-reset"}, status_code=410)
    return render(request, "auth/reset_password.html", {"action": f"/password-reset/{token}"})


@router.post("/password-reset/{token}")
def reset_password(request: Request, db: DbSession, form: Form, token: str) -> Response:
    pending = accounts.peek_email_token(db, token, RESET_PURPOSE)
    if pending is None:
        return render(request, "auth/link_expired.html", {"retry": "/password-reset"}, status_code=410)
    password = text(form, "password", 300)
    errors = FormErrors()
    check_new_password(errors, "password", password, pending.email)
    if errors:
        return render(
            request,
            "auth/reset_password.html",
            {"action": f"/password-reset/{token}", "errors": errors},
            status_code=400,
        )
    used = accounts.consume_email_token(db, token, RESET_PURPOSE)
    account = accounts.get_account(db, used.account_id) if used and used.account_id else None
    if account is None:
        return render(request, "auth/link_expired.html", {"retry": "/password-reset"}, status_code=410)
    accounts.set_password(db, account, password)
    accounts.mark_email_verified(db, account)
    assert account.id is not None
    accounts.revoke_all_sessions(db, account.id)
    response = sign_in_as(request, db, account, "")
    flash(response, _("Your password has been changed. You have been signed out everywhere else."))
    return response


# Signing out and staying signed in ---------------------------------------------------------


def _signed_out(request: Request, reason: str = "") -> RedirectResponse:
    response = RedirectResponse("/signed-out" + (f"?reason={reason}" if reason else ""), status_code=303)
    delete_cookie(response, SESSION_COOKIE)
    return response


@router.post("/sign-out")
def sign_out(request: Request, db: DbSession) -> Response:
    token = request.cookies.get(SESSION_COOKIE)
    if token:
        accounts.revoke_session(db, token)
    return _signed_out(request)


@router.post("/account/sign-out-everywhere")
def sign_out_everywhere(request: Request, db: DbSession, user: CurrentUser) -> Response:
    accounts.revoke_all_sessions(db, user.account_id)
    return _signed_out(request, "everywhere")


@router.get("/signed-out")
def signed_out_page(request: Request, reason: str = "", next: str = "") -> Response:
    return render(request, "auth/signed_out.html", {"reason": reason, "next": safe_next(next)})


@router.post("/session/extend")
def extend_session(db: DbSession, user: CurrentUser) -> Response:
    accounts.touch_session(db, user.token_hash)
    return Response(status_code=204)
