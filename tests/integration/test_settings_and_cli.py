"""Settings refuse unsafe production defaults; the command line does what it says."""

import pytest

from app.cli import main
from app.config import Settings, UnsafeSettings
from app.data import accounts, councils
from app.db import unit_of_work
from app.security import verify_password
from tests.conftest import link_in


def test_production_refuses_unsafe_defaults():
    with pytest.raises(UnsafeSettings) as raised:
        Settings(environment="production", secret_key="", base_url="http://example.org", mail_backend="outbox")
    message = str(raised.value)
    assert "SECRET_KEY" in message and "BASE_URL" in message and "MAIL_BACKEND" in message


def test_production_starts_with_safe_settings():
    settings = Settings(
        environment="production", secret_key="x" * 40, base_url="https://myplan.example", mail_backend="smtp"
    )
    assert settings.is_production and settings.uses_https


def test_cli_refuses_to_serve_unsafe_production(monkeypatch):
    monkeypatch.setenv("ENVIRONMENT", "production")
    monkeypatch.setenv("SECRET_KEY", "")
    from app import config

    config.get_settings.cache_clear()
    try:
        with pytest.raises(SystemExit) as raised:
            main(["serve"])
        assert "will not start in production mode" in str(raised.value)
    finally:
        monkeypatch.undo()
        config.get_settings.cache_clear()


def test_create_council_and_planner(monkeypatch, capsys):
    main(["create-council", "--slug", "leeds", "--name", "Leeds City Council", "--email", "care@leeds.example"])
    monkeypatch.setattr("sys.stdin", __import__("io").StringIO("a planner password\n"))
    main(
        [
            "create-planner",
            "--council",
            "leeds",
            "--email",
            "Planner@Leeds.example",
            "--name",
            "Lee",
            "--password-stdin",
        ]
    )
    assert "Created planner planner@leeds.example in Leeds City Council" in capsys.readouterr().out
    with unit_of_work() as db:
        council = councils.get_council_by_slug(db, "leeds")
        account = accounts.get_account_by_email(db, "planner@leeds.example")
        assert council is not None and account is not None and account.id is not None
        membership = councils.staff_membership(db, account.id)
        assert membership is not None and membership.council_id == council.id
        assert verify_password(account.password_hash, "a planner password")
    with pytest.raises(SystemExit):
        main(["create-council", "--slug", "leeds", "--name", "Again"])


def test_seed_demo_is_idempotent_and_signs_in(client, mailbox):
    main(["seed-demo"])
    main(["seed-demo"])
    (invitation,) = mailbox
    assert invitation["To"] == "jordan@example.org"
    claim = link_in(invitation, "/start/")
    assert "Start your plan" in client.page(claim).h1
    for email in ("alex@example.org", "planner@example.org"):
        client.cookies.clear()
        response = client.submit("/sign-in", {"email": email, "password": "demo-password"})
        assert response.status_code == 303, email
    assert response.headers["location"] == "/council"
