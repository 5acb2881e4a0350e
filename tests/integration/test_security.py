"""Form tokens, security headers, cookies and request size."""

import re

import pytest

from app.web.cookies import SESSION_COOKIE
from tests.routes import all_routes

UNSAFE = {"POST", "PUT", "PATCH", "DELETE"}


def _unsafe_routes() -> list[tuple[str, str]]:
    found = []
    for route in all_routes():
        if not route.path.startswith("/api/"):
            for method in sorted((route.methods or set()) & UNSAFE):
                found.append((method, route.path))
    return found


@pytest.mark.parametrize(("method", "path"), _unsafe_routes())
def test_every_state_change_needs_a_form_token(client, make, method, path):
    account = make.account()
    council = make.council()
    plan = make.plan(account, council)
    client.sign_in_as(account)
    concrete = re.sub(r"\{plan_id\}", plan.id, path)
    concrete = re.sub(r"\{[^}]+\}", "x", concrete)
    response = client.request(method, concrete, data={"anything": "1"})
    assert response.status_code == 403, f"{method} {path} answered {response.status_code} without a token"
    assert "Sorry, we could not save that" in response.text
    forged = client.request(method, concrete, data={"csrf_token": "0" * 64})
    assert forged.status_code == 403


def test_token_from_another_browser_is_refused(client, make):
    account = make.account()
    client.sign_in_as(account)
    token = client.page("/account").csrf_token()
    client.cookies.set(SESSION_COOKIE, make.session_token(account))
    response = client.post("/account/sign-out-everywhere", data={"csrf_token": token})
    assert response.status_code == 403


def test_cross_origin_post_is_refused(client, make):
    client.page("/sign-in")
    token = client.page("/sign-in").csrf_token()
    response = client.post(
        "/sign-in",
        data={"csrf_token": token, "email": "a@b.c", "password": "x"},
        headers={"origin": "https://evil.example"},
    )
    assert response.status_code == 403


def test_security_headers_on_pages_and_errors(client):
    for path, status in [("/", 200), ("/sign-in", 200), ("/no-such-page", 404)]:
        response = client.get(path)
        assert response.status_code == status
        csp = response.headers["content-security-policy"]
        assert "script-src 'self'" in csp and "unsafe-inline" not in csp
        assert "frame-ancestors 'none'" in csp
        assert response.headers["x-frame-options"] == "DENY"
        assert response.headers["referrer-policy"] == "same-origin"
        assert response.headers["x-content-type-options"] == "nosniff"
        assert response.headers["cache-control"] == "no-store"
        assert "strict-transport-security" not in response.headers  # only over https


def test_pages_have_no_inline_script_or_style(client, make):
    account = make.account()
    make.plan(account, make.council())
    client.sign_in_as(account)
    for path in ["/", "/sign-in", "/sign-up", "/plans", "/plans/new", "/account"]:
        html = client.get(path, follow_redirects=True).text
        assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html), path
        assert "<style" not in html and " style=" not in html, path
        assert " onclick=" not in html and "javascript:" not in html, path


def test_session_cookie_is_httponly_and_samesite(client, make):
    make.account("cookie@example.org")
    response = client.submit("/sign-in", {"email": "cookie@example.org", "password": "correct horse battery"})
    header = response.headers["set-cookie"]
    assert f"{SESSION_COOKIE}=" in header
    assert "HttpOnly" in header and "SameSite=lax" in header


def test_oversized_request_gets_a_clear_413(client):
    token = client.page("/sign-in").csrf_token()
    body = "x" * (2 * 1024 * 1024)
    response = client.post("/sign-in", data={"csrf_token": token, "email": body})
    assert response.status_code == 413
    assert "What you sent is too big" in response.text


def test_unknown_page_and_wrong_method_use_the_site_layout(client):
    missing = client.page("/plans/does-not-exist/nothing", expect=404)
    assert missing.h1 == "Page not found"
    wrong = client.put("/sign-in")
    assert wrong.status_code in (403, 405)


def test_https_deployments_send_hsts_and_secure_cookies(monkeypatch):
    from app import config
    from app.web.cookies import set_cookie
    from app.web.middleware import SecurityHeadersMiddleware

    monkeypatch.setenv("BASE_URL", "https://myplan.example")
    config.get_settings.cache_clear()
    try:
        headers = SecurityHeadersMiddleware.default_headers()
        assert headers["strict-transport-security"].startswith("max-age=")
        assert "upgrade-insecure-requests" in headers["content-security-policy"]
        from starlette.responses import Response

        response = Response()
        set_cookie(response, "example", "value")
        assert "Secure" in response.headers["set-cookie"]
    finally:
        monkeypatch.undo()
        config.get_settings.cache_clear()


def test_server_errors_get_the_sites_own_page():
    from fastapi.testclient import TestClient

    from app.main import app

    def broken() -> None:
        raise RuntimeError("boom")

    app.router.add_api_route("/test-only-broken", broken)
    try:
        response = TestClient(app, raise_server_exceptions=False).get("/test-only-broken")
    finally:
        app.router.routes.pop()
    assert response.status_code == 500
    assert "Sorry, there is a problem with the service" in response.text
    assert response.headers["content-security-policy"]
