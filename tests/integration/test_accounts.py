"""Creating an account, signing in and out, links by email, password reset, sessions."""

from datetime import timedelta

from sqlalchemy import update

from app.db import unit_of_work
from app.models import UserSession, utcnow
from app.security import hash_token
from app.web.cookies import SESSION_COOKIE
from tests.conftest import link_in
from tests.factories import PASSWORD


def test_sign_up_confirms_by_email_then_starts_a_plan(client, make, mailbox):
    make.council("Demo Council")
    response = client.submit(
        "/sign-up", {"name": "Jo Bloggs", "email": "Jo@Example.org", "password": "three random words"}
    )
    assert response.status_code == 200
    assert "Check your email" in response.text
    assert len(mailbox) == 1
    assert mailbox[0]["To"] == "Jo@Example.org"
    link = link_in(mailbox[0], "/sign-up/confirm/")

    landing = client.page(link)
    response = client.submit(link, form_page=link)
    assert response.status_code == 303
    assert response.headers["location"] == "/plans/new"
    assert client.page("/account").text().count("jo@example.org") == 1
    # The link is single-use.
    assert client.get(link).status_code == 410
    assert landing.h1 == "Confirm your email address"


def test_sign_up_with_an_existing_email_reveals_nothing(client, make, mailbox):
    make.account("taken@example.org")
    response = client.submit(
        "/sign-up", {"name": "Someone", "email": "taken@example.org", "password": "a new password!"}
    )
    assert response.status_code == 200
    assert "Check your email" in response.text
    assert mailbox[0]["Subject"] == "You already have a My Plan account"


def test_sign_up_errors_keep_typed_values(client):
    response = client.submit("/sign-up", {"name": "<b>Jo</b>", "email": "not-an-email", "password": "short"})
    assert response.status_code == 400
    assert "Enter an email address in the correct format, like name@example.com" in response.text
    assert "Password must be 10 characters or more" in response.text
    assert 'value="&lt;b&gt;Jo&lt;/b&gt;"' in response.text
    assert 'value="not-an-email"' in response.text
    assert "<title>Error:" in response.text


def test_sign_in_rotates_the_session_and_sign_out_ends_it(client, make):
    account = make.account("alex@example.org")
    client.page("/sign-in")
    response = client.submit("/sign-in", {"email": "ALEX@example.org ", "password": PASSWORD})
    assert response.status_code == 303
    first = client.cookies[SESSION_COOKIE]
    response = client.submit("/sign-in", {"email": "alex@example.org", "password": PASSWORD})
    second = client.cookies[SESSION_COOKIE]
    assert first != second
    # The old session no longer works even if someone kept the cookie.
    with unit_of_work() as db:
        old = db.get(UserSession, hash_token(first))
        assert old is not None and old.revoked_at is not None
    assert account.email == "alex@example.org"

    response = client.submit("/sign-out", form_page="/account")
    assert response.status_code == 303
    client.cookies.set(SESSION_COOKIE, second)
    assert client.get("/plans").status_code == 303


def test_wrong_password_and_unknown_email_get_the_same_message(client, make):
    make.account("known@example.org")
    wrong_password = client.submit("/sign-in", {"email": "known@example.org", "password": "wrong password"})
    unknown_email = client.submit("/sign-in", {"email": "nobody@example.org", "password": "wrong password"})
    assert wrong_password.status_code == unknown_email.status_code == 400
    message = "Enter a correct email address and password"
    assert message in wrong_password.text and message in unknown_email.text
    assert 'value="known@example.org"' in wrong_password.text


def test_sign_in_is_rate_limited_with_a_readable_page(client, make):
    make.account("target@example.org")
    for _ in range(5):
        assert client.submit("/sign-in", {"email": "target@example.org", "password": "guess"}).status_code == 400
    response = client.submit("/sign-in", {"email": "target@example.org", "password": PASSWORD})
    assert response.status_code == 429
    assert "Too many attempts" in response.text
    assert int(response.headers["retry-after"]) > 0


def test_email_link_requests_are_rate_limited(client, mailbox):
    for _ in range(3):
        assert client.submit("/sign-in/email-link", {"email": "many@example.org"}).status_code == 200
    assert client.submit("/sign-in/email-link", {"email": "many@example.org"}).status_code == 429
    assert len(mailbox) == 3


def test_email_link_signs_in_existing_account_and_creates_new_ones(client, make, mailbox):
    make.account("linked@example.org")
    client.submit("/sign-in/email-link", {"email": "linked@example.org", "next": "/account"})
    link = link_in(mailbox[-1], "/sign-in/link/")
    response = client.submit(link, form_page=link)
    assert response.headers["location"] == "/account"
    client.cookies.clear()

    client.submit("/sign-in/email-link", {"email": "brand-new@example.org"})
    link = link_in(mailbox[-1], "/sign-in/link/")
    assert "create your My Plan account" in str(mailbox[-1].get_payload())
    response = client.submit(link, form_page=link)
    assert response.headers["location"] == "/plans"
    assert "brand-new@example.org" in client.page("/account").text()


def test_email_link_does_not_redirect_off_site(client, make, mailbox):
    make.account("safe@example.org")
    client.submit("/sign-in/email-link", {"email": "safe@example.org", "next": "//evil.example/"})
    link = link_in(mailbox[-1], "/sign-in/link/")
    assert client.submit(link, form_page=link).headers["location"] == "/plans"


def test_password_reset_changes_password_and_signs_out_everywhere(client, make, mailbox):
    account = make.account("forgetful@example.org")
    other_device = make.session_token(account)
    client.submit("/password-reset", {"email": "forgetful@example.org"})
    link = link_in(mailbox[-1], "/password-reset/")
    response = client.submit(link, {"password": "short"})
    assert response.status_code == 400
    assert "Password must be 10 characters or more" in response.text
    response = client.submit(link, {"password": "a brand new password"})
    assert response.status_code == 303
    with unit_of_work() as db:
        revoked = db.get(UserSession, hash_token(other_device))
        assert revoked is not None and revoked.revoked_at is not None
    client.cookies.clear()
    ok = client.submit("/sign-in", {"email": "forgetful@example.org", "password": "a brand new password"})
    assert ok.status_code == 303


def test_password_reset_for_unknown_email_looks_the_same(client, mailbox):
    response = client.submit("/password-reset", {"email": "ghost@example.org"})
    assert response.status_code == 200
    assert "Check your email" in response.text
    assert mailbox == []


def test_sign_out_everywhere(client, make):
    account = make.account()
    phone = make.session_token(account)
    client.sign_in_as(account)
    response = client.submit("/account/sign-out-everywhere", form_page="/account")
    assert response.headers["location"] == "/signed-out?reason=everywhere"
    client.cookies.set(SESSION_COOKIE, phone)
    assert client.get("/account").status_code == 303


def test_idle_session_ends_and_typed_input_is_kept(client, make):
    council = make.council()
    account = make.account()
    client.sign_in_as(account)
    token = client.page("/plans/new").csrf_token()
    with unit_of_work() as db:
        db.execute(update(UserSession).values(last_seen_at=utcnow() - timedelta(hours=2)))
    response = client.post(
        "/plans/new",
        data={
            "csrf_token": token,
            "plan_for": "someone_i_support",
            "subject_name": "Grandad Joe",
            "council": str(council.id),
        },
    )
    assert response.status_code == 303
    assert response.headers["location"] == "/sign-in?next=/plans/new&reason=expired"
    client.cookies.delete(SESSION_COOKIE)
    client.submit("/sign-in", {"email": account.email, "password": PASSWORD, "next": "/plans/new"})
    page = client.page("/plans/new")
    assert page.value_of("subject_name") == "Grandad Joe"


def test_staying_signed_in_extends_the_session(client, make):
    account = make.account()
    client.sign_in_as(account)
    token = client.page("/account").csrf_token()
    with unit_of_work() as db:
        db.execute(update(UserSession).values(last_seen_at=utcnow() - timedelta(minutes=29)))
    assert client.post("/session/extend", headers={"X-CSRF-Token": token}).status_code == 204
    with unit_of_work() as db:
        db.execute(update(UserSession).values(last_seen_at=utcnow() - timedelta(minutes=10)))
    assert client.get("/account").status_code == 200


def test_attempts_older_than_the_window_are_forgotten(client):
    from sqlmodel import select

    from app.models import RateEvent

    with unit_of_work() as db:
        db.add(RateEvent(key="sign-in:old@example.org", at=utcnow() - timedelta(days=2)))
    client.submit("/sign-in", {"email": "someone@example.org", "password": "wrong password"})
    with unit_of_work() as db:
        keys = [event.key for event in db.exec(select(RateEvent))]
    assert "sign-in:old@example.org" not in keys
    assert "sign-in:someone@example.org" in keys
