"""The chair's sessions: opened by signing in with a `chair` key, found by the cookie's
token (only its SHA-256 is stored), ended by signing out, idleness or age, or by the key
being revoked."""

import datetime as dt
import hashlib
import secrets
from dataclasses import dataclass

from sqlalchemy import Engine, delete, or_
from sqlmodel import Session, col

from api.persistence.db import write_lock
from api.persistence.keys import Client
from api.settings import Sessions
from models.chair_tables import ChairSession
from models.tables import ApiKey, as_utc, utcnow

TOUCH_AFTER = dt.timedelta(minutes=1)
"""A session's last-seen time is written at most this often (not on every page)."""


@dataclass(frozen=True, slots=True)
class SignedIn:
    """The chair behind a session: the key's id and name, the organisation whose cases they
    see, and the session's CSRF token."""

    key_id: str
    key_name: str
    organisation: str
    csrf_token: str
    token_hash: str


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def open_session(session: Session, client: Client) -> str:
    """A new session for the client; returns the token (the cookie's value), never stored."""
    token = secrets.token_urlsafe(32)
    session.add(
        ChairSession(
            token_hash=token_hash(token),
            key_id=client.key_id,
            organisation=client.organisation,
            csrf_token=secrets.token_urlsafe(32),
        )
    )
    with write_lock(session.get_bind()):
        session.commit()
    return token


def find_session(
    session: Session, token: str, sessions: Sessions, *, now: dt.datetime | None = None
) -> SignedIn | None:
    """The signed-in chair, or None when the session is unknown, ended, idle too long, too
    old, or its key revoked. Records that the session was seen."""
    now = now or utcnow()
    row = session.get(ChairSession, token_hash(token))
    if row is None or row.revoked_at is not None:
        return None
    key = session.get(ApiKey, row.key_id)
    idle = now - as_utc(row.last_seen_at)
    age = now - as_utc(row.created_at)
    if (
        key is None
        or key.revoked_at is not None
        or idle >= dt.timedelta(minutes=sessions.idle_minutes)
        or age >= dt.timedelta(hours=sessions.max_hours)
    ):
        return None
    if idle >= TOUCH_AFTER:
        row.last_seen_at = now
        session.add(row)
        with write_lock(session.get_bind()):
            session.commit()
    return SignedIn(
        key_id=key.id,
        key_name=key.name,
        organisation=row.organisation,
        csrf_token=row.csrf_token,
        token_hash=row.token_hash,
    )


def end_session(session: Session, hashed: str) -> None:
    """Sign out: the session stops working at once."""
    row = session.get(ChairSession, hashed)
    if row is not None and row.revoked_at is None:
        row.revoked_at = utcnow()
        session.add(row)
        with write_lock(session.get_bind()):
            session.commit()


def delete_ended_sessions(db_engine: Engine, sessions: Sessions, now: dt.datetime) -> int:
    """Delete the sessions that can no longer be used (signed out, idle too long, too old):
    kept no longer than they serve. Returns how many."""
    idle_since = now - dt.timedelta(minutes=sessions.idle_minutes)
    opened_before = now - dt.timedelta(hours=sessions.max_hours)
    with Session(db_engine) as session:
        deleted = session.exec(
            delete(ChairSession).where(
                or_(
                    col(ChairSession.revoked_at).is_not(None),
                    col(ChairSession.last_seen_at) <= idle_since,
                    col(ChairSession.created_at) <= opened_before,
                )
            )
        ).rowcount
        with write_lock(db_engine):
            session.commit()
    return int(deleted or 0)
