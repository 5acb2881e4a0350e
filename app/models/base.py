import secrets
from datetime import UTC, datetime
from enum import StrEnum
from typing import Any

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

# Named constraints make migrations reproducible on SQLite and PostgreSQL alike.
SQLModel.metadata.naming_convention = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}
metadata = SQLModel.metadata


def utcnow() -> datetime:
    return datetime.now(UTC)


class UtcDateTime(sa.types.TypeDecorator[datetime]):
    """Times are aware UTC in Python on every database (SQLite keeps no time zone)."""

    impl = sa.DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: sa.Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("Refusing to store a naive datetime; use app.models.utcnow()")
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: datetime | None, dialect: sa.Dialect) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def timestamp(*, default_now: bool = False, index: bool = False) -> Any:
    """A column of aware UTC times, optionally defaulting to now."""
    if default_now:
        return Field(default_factory=utcnow, sa_type=UtcDateTime, index=index)
    return Field(default=None, sa_type=UtcDateTime, index=index)


def new_id() -> str:
    """An unguessable public identifier, safe to put in a URL."""
    return secrets.token_urlsafe(12)


def str_enum(enum_type: type[StrEnum]) -> sa.Enum:
    """Store an enum as its value in a plain VARCHAR, so migrations stay portable."""
    return sa.Enum(
        enum_type,
        native_enum=False,
        length=30,
        values_callable=lambda members: [member.value for member in members],
    )
