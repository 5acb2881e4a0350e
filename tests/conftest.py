"""Test set-up shared by every kind of test.

Settings come from the environment and are read once, so this module sets the
environment before anything from ``app`` is imported: a database of this worker's own
(SQLite by default, PostgreSQL when ``MYPLAN_TEST_DB=postgresql``), real SMTP to an
aiosmtpd server on 127.0.0.1, and cheap password hashing.
"""

from __future__ import annotations

import os
import re
import socket
import tempfile
import threading
import time
from collections.abc import Iterator
from email import message_from_bytes
from email.message import Message
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest
import uvicorn
from aiosmtpd.controller import Controller
from aiosmtpd.handlers import Message as MessageHandler

WORKER = os.environ.get("PYTEST_XDIST_WORKER", "main")
RUN_DIR = Path(tempfile.mkdtemp(prefix=f"myplan-tests-{WORKER}-"))


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _postgres_url() -> str:
    base = os.environ.get("TEST_DATABASE_URL")
    if not base:
        pytest.exit("MYPLAN_TEST_DB=postgresql needs TEST_DATABASE_URL", returncode=2)
    import sqlalchemy as sa

    parts = urlsplit(base)
    name = f"myplan_test_{WORKER}"
    admin = sa.create_engine(base, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        connection.execute(sa.text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    return urlunsplit(parts._replace(path=f"/{name}"))


class _Inbox(MessageHandler):
    def __init__(self) -> None:
        super().__init__()
        self.messages: list[Message] = []

    def handle_message(self, message: Message) -> None:
        self.messages.append(message)


INBOX = _Inbox()
SMTP = Controller(INBOX, hostname="127.0.0.1", port=_free_port())
SMTP.start()

USING_POSTGRES = os.environ.get("MYPLAN_TEST_DB") == "postgresql"
os.environ.update(
    ENVIRONMENT="development",
    DATABASE_URL=_postgres_url() if USING_POSTGRES else f"sqlite:///{RUN_DIR / 'test.db'}",
    SECRET_KEY="test-secret-key-that-is-long-enough-for-tests",
    BASE_URL="http://testserver",
    MAIL_BACKEND="smtp",
    SMTP_HOST="127.0.0.1",
    SMTP_PORT=str(SMTP.port),
    OUTBOX_DIR=str(RUN_DIR / "outbox"),
    ARGON2_TIME_COST="1",
    ARGON2_MEMORY_KIB="64",
    UPLOAD_DIR=str(RUN_DIR / "uploads"),
)

from app import migrate  # noqa: E402
from app.db import get_engine  # noqa: E402
from app.models import metadata  # noqa: E402
from tests.factories import Factory  # noqa: E402
from tests.web import WebClient  # noqa: E402


def pytest_sessionstart(session: pytest.Session) -> None:
    migrate.upgrade()


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    SMTP.stop()


def empty_all_tables() -> None:
    with get_engine().begin() as connection:
        for table in reversed(metadata.sorted_tables):
            connection.execute(table.delete())


@pytest.fixture(autouse=True)
def _clean_database() -> Iterator[None]:
    yield
    empty_all_tables()


@pytest.fixture
def make() -> Factory:
    return Factory()


@pytest.fixture
def client() -> Iterator[WebClient]:
    with WebClient() as web_client:
        yield web_client


@pytest.fixture
def mailbox() -> Iterator[list[Message]]:
    INBOX.messages.clear()
    yield INBOX.messages
    INBOX.messages.clear()


def link_in(message: Message, path_prefix: str) -> str:
    """The path of the first link in an email that starts with ``path_prefix``."""
    raw = message.get_payload(decode=True)
    body = raw.decode() if isinstance(raw, bytes) else str(message.get_payload())
    found = re.search(r"https?://[^/\s]+(" + re.escape(path_prefix) + r"[^\s]*)", body)
    assert found, f"No link starting {path_prefix} in:\n{body}"
    return found.group(1)


def parse_message(raw: bytes) -> Message:
    return message_from_bytes(raw)


@pytest.fixture(scope="session")
def live_server() -> Iterator[str]:
    from app.main import app

    server = uvicorn.Server(
        uvicorn.Config(app, host="127.0.0.1", port=0, log_level="warning", access_log=False, ws="none")
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        if time.monotonic() > deadline:
            raise RuntimeError("live server did not start")
        time.sleep(0.02)
    port = server.servers[0].sockets[0].getsockname()[1]
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(timeout=10)


def subject_of(message: Message) -> str:
    from email.header import decode_header, make_header

    return str(make_header(decode_header(str(message["Subject"]))))
