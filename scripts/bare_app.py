"""The comparison point for ``make bench``: bare Starlette rendering a trivial Jinja2 template.

Serve it with ``python -m uvicorn scripts.bare_app:app``.
"""

from __future__ import annotations

from jinja2 import DictLoader, Environment
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import HTMLResponse
from starlette.routing import Route

PAGE = """<!DOCTYPE html>
<html lang="en">
<head><meta charset="utf-8"><title>{{ title }}</title></head>
<body><h1>{{ title }}</h1><p>{{ message }}</p></body>
</html>
"""

templates = Environment(loader=DictLoader({"page.html": PAGE}), autoescape=True)


async def page(_request: Request) -> HTMLResponse:
    html = templates.get_template("page.html").render(title="Bare page", message="Hello from bare Starlette & Jinja2.")
    return HTMLResponse(html)


app = Starlette(routes=[Route("/", page)])
