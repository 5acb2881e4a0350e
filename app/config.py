"""Settings, read from environment variables.

Development mode works with no settings at all: an SQLite database and a generated
secret key under ``var/``, mail written to ``var/outbox/``. Production mode refuses to
start until every unsafe default has been replaced.
"""

from __future__ import annotations

import secrets
from enum import StrEnum
from functools import lru_cache
from pathlib import Path

from pydantic import Field, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

PROJECT_ROOT = Path(__file__).resolve().parent.parent
VAR_DIR = PROJECT_ROOT / "var"


class Environment(StrEnum):
    DEVELOPMENT = "development"
    PRODUCTION = "production"


class MailBackend(StrEnum):
    OUTBOX = "outbox"
    SMTP = "smtp"


class UnsafeSettings(RuntimeError):
    """Raised when production mode is asked to start with development defaults."""


def _development_secret_key() -> str:
    key_file = VAR_DIR / "secret_key"
    if not key_file.exists():
        VAR_DIR.mkdir(parents=True, exist_ok=True)
        key_file.write_text(secrets.token_urlsafe(48))
        key_file.chmod(0o600)
    return key_file.read_text().strip()


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="", extra="ignore", frozen=True)

    environment: Environment = Environment.DEVELOPMENT
    database_url: str = f"sqlite:///{VAR_DIR / 'myplan.db'}"
    secret_key: str = ""
    base_url: str = "http://127.0.0.1:8000"

    mail_backend: MailBackend = MailBackend.OUTBOX
    mail_from: str = "My Plan <no-reply@myplan.localhost>"
    outbox_dir: Path = VAR_DIR / "outbox"
    smtp_host: str = "127.0.0.1"
    smtp_port: int = 25
    smtp_username: str = ""
    smtp_password: str = ""
    smtp_starttls: bool = False

    session_idle_minutes: int = Field(default=30, ge=2)
    session_max_hours: int = Field(default=12, ge=1)
    session_warning_seconds: int = Field(default=120, ge=20)
    sign_in_attempts_per_window: int = Field(default=5, ge=1)
    email_links_per_window: int = Field(default=3, ge=1)
    rate_limit_window_minutes: int = Field(default=15, ge=1)
    max_request_bytes: int = Field(default=1024 * 1024, ge=1024)
    max_upload_mb: int = Field(default=25, ge=1)
    attachments_dir: Path | None = None
    template_auto_reload: bool = False
    argon2_time_cost: int = Field(default=3, ge=1)
    argon2_memory_kib: int = Field(default=65536, ge=64)

    @property
    def is_production(self) -> bool:
        return self.environment is Environment.PRODUCTION

    @property
    def max_upload_bytes(self) -> int:
        return self.max_upload_mb * 1024 * 1024

    @property
    def is_sqlite(self) -> bool:
        return self.database_url.startswith("sqlite")

    @property
    def uses_https(self) -> bool:
        return self.base_url.startswith("https://")

    @model_validator(mode="after")
    def _refuse_unsafe_production(self) -> Settings:
        if not self.is_production:
            if not self.secret_key:
                object.__setattr__(self, "secret_key", _development_secret_key())
            return self
        problems = []
        if len(self.secret_key) < 32:
            problems.append("SECRET_KEY must be set to a random value of at least 32 characters")
        if not self.uses_https:
            problems.append("BASE_URL must be the public https:// address of the service")
        if self.mail_backend is MailBackend.OUTBOX:
            problems.append("MAIL_BACKEND must be smtp, so that people receive their emails")
        if problems:
            raise UnsafeSettings(
                "My Plan will not start in production mode with unsafe settings:\n  - " + "\n  - ".join(problems)
            )
        return self


@lru_cache
def get_settings() -> Settings:
    return Settings()
