from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import delete, func, update
from sqlmodel import Session, col, select

from app.models import Account, CouncilStaff, EmailToken, PendingForm, RateEvent, UserSession, utcnow
from app.security import hash_password, hash_token, new_token


def normalise_email(email: str) -> str:
    return email.strip().lower()


def get_account(db: Session, account_id: int) -> Account | None:
    return db.get(Account, account_id)


def get_account_by_email(db: Session, email: str) -> Account | None:
    return db.exec(select(Account).where(Account.email == normalise_email(email))).first()


def create_account(
    db: Session, email: str, password: str | None, display_name: str = "", verified: bool = False
) -> Account:
    account = Account(
        email=normalise_email(email),
        display_name=display_name.strip(),
        password_hash=hash_password(password) if password else None,
        email_verified_at=utcnow() if verified else None,
    )
    db.add(account)
    db.flush()
    return account


def set_password(db: Session, account: Account, password: str) -> None:
    account.password_hash = hash_password(password)
    db.add(account)
    db.flush()


def apply_confirmed_details(db: Session, account: Account, name: str, password_hash: str | None) -> None:
    """Applies what someone chose at sign-up, once they have proved the mailbox is theirs."""
    if name:
        account.display_name = name
    if password_hash:
        account.password_hash = password_hash
    account.email_verified_at = account.email_verified_at or utcnow()
    db.add(account)
    db.flush()


def is_staff(db: Session, account_id: int) -> bool:
    return db.exec(select(CouncilStaff.id).where(CouncilStaff.account_id == account_id)).first() is not None


def mark_email_verified(db: Session, account: Account) -> None:
    if account.email_verified_at is None:
        account.email_verified_at = utcnow()
        db.add(account)
        db.flush()


# Sessions -----------------------------------------------------------------------------


@dataclass(frozen=True)
class SignedIn:
    """The account behind a live session, with its council role if it is staff."""

    account_id: int
    email: str
    display_name: str
    token_hash: str
    last_seen_at: datetime
    council_id: int | None
    staff_role: str | None


def start_session(db: Session, account_id: int, lifetime: timedelta, user_agent: str = "") -> str:
    """Creates a session and returns the secret for the cookie (only its hash is stored)."""
    token = new_token()
    db.add(
        UserSession(
            token_hash=hash_token(token),
            account_id=account_id,
            expires_at=utcnow() + lifetime,
            user_agent=user_agent[:300],
        )
    )
    db.flush()
    return token


def find_live_session(db: Session, token: str, idle: timedelta) -> SignedIn | None:
    now = utcnow()
    row = db.exec(
        select(UserSession, Account, CouncilStaff)
        .join(Account, col(Account.id) == UserSession.account_id)
        .outerjoin(CouncilStaff, col(CouncilStaff.account_id) == Account.id)
        .where(
            UserSession.token_hash == hash_token(token),
            col(UserSession.revoked_at).is_(None),
            UserSession.expires_at > now,
            UserSession.last_seen_at > now - idle,
        )
    ).first()
    if row is None:
        return None
    session, account, staff = row
    assert account.id is not None
    return SignedIn(
        account_id=account.id,
        email=account.email,
        display_name=account.display_name,
        token_hash=session.token_hash,
        last_seen_at=session.last_seen_at,
        council_id=staff.council_id if staff else None,
        staff_role=str(staff.role) if staff else None,
    )


def account_id_of_session(db: Session, token: str) -> int | None:
    """Whose session this was, even if it has since ended (used to keep typed input safe)."""
    return db.exec(select(UserSession.account_id).where(UserSession.token_hash == hash_token(token))).first()


def touch_session(db: Session, token_hash: str) -> None:
    db.execute(update(UserSession).where(col(UserSession.token_hash) == token_hash).values(last_seen_at=utcnow()))


def revoke_session(db: Session, token: str) -> None:
    db.execute(
        update(UserSession)
        .where(col(UserSession.token_hash) == hash_token(token), col(UserSession.revoked_at).is_(None))
        .values(revoked_at=utcnow())
    )


def revoke_all_sessions(db: Session, account_id: int) -> int:
    result = db.execute(
        update(UserSession)
        .where(col(UserSession.account_id) == account_id, col(UserSession.revoked_at).is_(None))
        .values(revoked_at=utcnow())
    )
    return int(getattr(result, "rowcount", 0) or 0)


def list_live_sessions(db: Session, account_id: int) -> list[UserSession]:
    now = utcnow()
    return list(
        db.exec(
            select(UserSession)
            .where(
                UserSession.account_id == account_id,
                col(UserSession.revoked_at).is_(None),
                UserSession.expires_at > now,
            )
            .order_by(col(UserSession.last_seen_at).desc())
        )
    )


# Emailed links -------------------------------------------------------------------------


def issue_email_token(
    db: Session,
    email: str,
    purpose: str,
    lifetime: timedelta,
    account_id: int | None = None,
    payload: dict[str, str] | None = None,
) -> str:
    token = new_token()
    db.add(
        EmailToken(
            token_hash=hash_token(token),
            purpose=purpose,
            email=normalise_email(email),
            account_id=account_id,
            payload=payload or {},
            expires_at=utcnow() + lifetime,
        )
    )
    db.flush()
    return token


def peek_email_token(db: Session, token: str, purpose: str) -> EmailToken | None:
    """The token if it is still usable, without using it up."""
    found = db.exec(
        select(EmailToken).where(EmailToken.token_hash == hash_token(token), EmailToken.purpose == purpose)
    ).first()
    if found is None or found.used_at is not None or found.expires_at <= utcnow():
        return None
    return found


def consume_email_token(db: Session, token: str, purpose: str) -> EmailToken | None:
    """Uses up a single-use link; None if it is spent, wrong or expired. Safe against double use."""
    now = utcnow()
    result = db.execute(
        update(EmailToken)
        .where(
            col(EmailToken.token_hash) == hash_token(token),
            col(EmailToken.purpose) == purpose,
            col(EmailToken.used_at).is_(None),
            col(EmailToken.expires_at) > now,
        )
        .values(used_at=now)
    )
    if not getattr(result, "rowcount", 0):
        return None
    return db.exec(select(EmailToken).where(EmailToken.token_hash == hash_token(token))).first()


# Rate limits ---------------------------------------------------------------------------


def count_recent_attempts(db: Session, key: str, window: timedelta) -> int:
    since = utcnow() - window
    return int(
        db.exec(select(func.count()).select_from(RateEvent).where(RateEvent.key == key, RateEvent.at > since)).one()
    )


def record_attempt(db: Session, key: str) -> None:
    db.add(RateEvent(key=key))
    db.flush()


def forget_old_attempts(db: Session, older_than: timedelta) -> None:
    db.execute(delete(RateEvent).where(col(RateEvent.at) < utcnow() - older_than))


# Typed input kept across a sign-in ------------------------------------------------------


def keep_pending_form(db: Session, account_id: int, path: str, fields: dict[str, list[str]]) -> str:
    token = new_token()
    db.add(PendingForm(token_hash=hash_token(token), account_id=account_id, path=path, fields=fields))
    db.flush()
    return token


def take_pending_form(db: Session, token: str, account_id: int, path: str) -> dict[str, list[str]] | None:
    found = db.get(PendingForm, hash_token(token))
    if found is None or found.account_id != account_id or found.path != path:
        return None
    fields = dict(found.fields)
    db.delete(found)
    db.flush()
    return fields
