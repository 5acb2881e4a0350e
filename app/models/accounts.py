from datetime import datetime

from sqlmodel import JSON, Column, Field, Index, SQLModel

from app.models.base import timestamp


class Account(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    email: str = Field(max_length=320, unique=True)
    display_name: str = Field(default="", max_length=200)
    # None for people who only ever sign in with an emailed link.
    password_hash: str | None = Field(default=None, max_length=200)
    email_verified_at: datetime | None = timestamp()
    created_at: datetime = timestamp(default_now=True)


class UserSession(SQLModel, table=True):
    """A signed-in browser. The cookie holds a secret; only its SHA-256 is stored."""

    __tablename__ = "user_session"

    token_hash: str = Field(primary_key=True, max_length=64)
    account_id: int = Field(foreign_key="account.id", index=True, ondelete="CASCADE")
    created_at: datetime = timestamp(default_now=True)
    last_seen_at: datetime = timestamp(default_now=True)
    expires_at: datetime = timestamp()
    revoked_at: datetime | None = timestamp()
    user_agent: str = Field(default="", max_length=300)


class EmailToken(SQLModel, table=True):
    """A single-use link sent by email: confirm a new account, sign in, or reset a password.

    ``payload`` carries what the link will apply (a new account's name and password hash), so
    that nobody but the owner of the mailbox can set them.
    """

    __tablename__ = "email_token"

    id: int | None = Field(default=None, primary_key=True)
    token_hash: str = Field(max_length=64, unique=True)
    purpose: str = Field(max_length=30)
    email: str = Field(max_length=320)
    account_id: int | None = Field(default=None, foreign_key="account.id", index=True, ondelete="CASCADE")
    payload: dict[str, str] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    created_at: datetime = timestamp(default_now=True)
    expires_at: datetime = timestamp()
    used_at: datetime | None = timestamp()


class RateEvent(SQLModel, table=True):
    """One attempt at a rate-limited action, counted over a sliding window."""

    __tablename__ = "rate_event"
    __table_args__ = (Index("ix_rate_event_key_at", "key", "at"),)

    id: int | None = Field(default=None, primary_key=True)
    key: str = Field(max_length=200)
    at: datetime = timestamp(default_now=True)


class PendingForm(SQLModel, table=True):
    """What someone typed when their session had ended, kept to offer back after sign-in."""

    __tablename__ = "pending_form"

    token_hash: str = Field(primary_key=True, max_length=64)
    account_id: int = Field(foreign_key="account.id", index=True, ondelete="CASCADE")
    path: str = Field(max_length=500)
    fields: dict[str, list[str]] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    created_at: datetime = timestamp(default_now=True)
