"""Entry point for ASGI servers: ``uvicorn app.main:app``."""

from app.web.app import create_app

app = create_app()
