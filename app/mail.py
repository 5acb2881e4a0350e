"""Email: SMTP in production; in the embedded default, files in ``var/outbox/``."""

from __future__ import annotations

import logging
import smtplib
from dataclasses import dataclass
from datetime import UTC, datetime
from email.message import EmailMessage
from email.parser import BytesParser
from email.policy import default as default_policy
from email.utils import formatdate, make_msgid
from pathlib import Path

from app.config import MailBackend, get_settings
from app.web.templating import environment

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Email:
    to: str
    subject: str
    body: str


def compose(to: str, template: str, **context: object) -> Email:
    """Renders ``templates/email/<template>.txt``: first line the subject, the rest the body."""
    text = environment().get_template(f"email/{template}.txt").render(**context)
    subject, _sep, body = text.strip().partition("\n")
    return Email(to=to, subject=subject.strip(), body=body.strip() + "\n")


def _message(email: Email) -> EmailMessage:
    settings = get_settings()
    message = EmailMessage()
    message["From"] = settings.mail_from
    message["To"] = email.to
    message["Subject"] = email.subject
    message["Date"] = formatdate(localtime=False)
    message["Message-ID"] = make_msgid(domain="myplan.localhost")
    message.set_content(email.body)
    return message


def send(email: Email) -> None:
    settings = get_settings()
    message = _message(email)
    try:
        if settings.mail_backend is MailBackend.SMTP:
            with smtplib.SMTP(settings.smtp_host, settings.smtp_port, timeout=15) as smtp:
                if settings.smtp_starttls:
                    smtp.starttls()
                if settings.smtp_username:
                    smtp.login(settings.smtp_username, settings.smtp_password)
                smtp.send_message(message)
        else:
            settings.outbox_dir.mkdir(parents=True, exist_ok=True)
            stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%S-%f")
            (settings.outbox_dir / f"{stamp}.eml").write_bytes(message.as_bytes())
    except OSError:
        # Never tell the requester whether mail went out: that would reveal who has an account.
        log.exception("Could not send email %r", email.subject)


@dataclass(frozen=True)
class OutboxMessage:
    name: str
    to: str
    subject: str
    date: str
    body: str


def read_outbox(limit: int = 50) -> list[OutboxMessage]:
    outbox: Path = get_settings().outbox_dir
    if not outbox.exists():
        return []
    messages = []
    for path in sorted(outbox.glob("*.eml"), reverse=True)[:limit]:
        parsed = BytesParser(policy=default_policy).parsebytes(path.read_bytes())
        body_part = parsed.get_body(preferencelist=("plain",))
        body = body_part.get_content() if body_part is not None else ""
        messages.append(
            OutboxMessage(path.stem, str(parsed["To"]), str(parsed["Subject"]), str(parsed["Date"]), str(body))
        )
    return messages
