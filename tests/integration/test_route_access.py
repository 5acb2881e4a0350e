"""Every route states who may use it; plan routes all go through the one permission check."""

from collections.abc import Iterator
from typing import Any

from fastapi.dependencies.models import Dependant
from fastapi.routing import APIRoute

from app.web import deps
from tests.routes import all_routes

# Routes anyone may use, signed in or not. Adding a route here is a decision: review it.
PUBLIC = {
    "/",
    "/healthz",
    "/accessibility",
    "/contacts",
    "/language/{code}",
    "/sign-in",
    "/sign-in/email-link",
    "/sign-in/link/{token}",
    "/sign-up",
    "/sign-up/confirm/{token}",
    "/password-reset",
    "/password-reset/{token}",
    "/sign-out",
    "/signed-out",
    "/dev/mail",
    "/schemas/assessment-v1.json",
    "/docs/{name}",
    "/api/docs",
    "/start/{token}",  # opening an emailed link; using it (POST) needs sign-in
}


def _calls(dependant: Dependant) -> Iterator[Any]:
    for dependency in dependant.dependencies:
        if dependency.call is not None:
            yield dependency.call
        yield from _calls(dependency)


def test_every_plan_route_asks_the_permission_function():
    checked = 0
    for route in all_routes():
        if "{plan_id}" not in route.path:
            continue
        actions = [getattr(call, "plan_permission", None) for call in _calls(route.dependant)]
        assert any(actions), f"{route.path} does not go through plan_for(action)"
        checked += 1
    assert checked >= 3


def test_every_other_route_is_public_by_decision_or_needs_sign_in():
    for route in all_routes():
        if "{plan_id}" in route.path or route.path in PUBLIC:
            continue
        calls = set(_calls(route.dependant))
        assert deps.require_user in calls or route.path.startswith("/api/"), (
            f"{route.path} neither needs sign-in nor is listed as public"
        )


def test_public_list_has_no_stale_entries():
    paths = {route.path for route in all_routes()}
    assert paths >= PUBLIC, PUBLIC - paths


def test_machine_api_routes_need_a_token_except_the_token_endpoint():
    from app.web.api import _client, create_api

    api = create_api()
    for route in api.routes:
        if not isinstance(route, APIRoute) or route.path in ("/openapi.json", "/oauth/token"):
            continue
        assert _client in set(_calls(route.dependant)), f"/api/v1{route.path} does not check the bearer token"
