"""Alembic, configured in code so there is no alembic.ini to keep in step."""

from __future__ import annotations

from alembic import command
from alembic.config import Config

from app.config import PROJECT_ROOT, get_settings


def alembic_config(database_url: str | None = None) -> Config:
    config = Config()
    config.set_main_option("script_location", str(PROJECT_ROOT / "migrations"))
    config.set_main_option("sqlalchemy.url", (database_url or get_settings().database_url).replace("%", "%%"))
    return config


def upgrade(database_url: str | None = None, revision: str = "head") -> None:
    command.upgrade(alembic_config(database_url), revision)


def downgrade(database_url: str | None = None, revision: str = "base") -> None:
    command.downgrade(alembic_config(database_url), revision)


def make_revision(message: str) -> None:
    """Autogenerates the next migration, numbered in sequence (0001, 0002, ...)."""
    existing = sorted((PROJECT_ROOT / "migrations" / "versions").glob("[0-9][0-9][0-9][0-9]_*.py"))
    next_id = f"{len(existing) + 1:04d}"
    command.revision(alembic_config(), message=message, autogenerate=True, rev_id=next_id)
