"""Every route of the app, however routers are nested."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from fastapi.routing import APIRoute

from app.main import app


def _walk(routes: Iterable[Any]) -> Iterator[APIRoute]:
    for route in routes:
        if isinstance(route, APIRoute):
            yield route
        elif hasattr(route, "original_router"):  # FastAPI wraps included routers
            yield from _walk(route.original_router.routes)
        elif hasattr(route, "routes") and not hasattr(route, "app"):
            yield from _walk(route.routes)


def all_routes() -> list[APIRoute]:
    return list(_walk(app.routes))
