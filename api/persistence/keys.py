"""API keys: generated once, stored as a SHA-256 hash, checked in constant time.

A key reads `deplan_<id>_<secret>`: the id finds the row, the secret (256 random bits) is
what proves possession. A fast hash is enough for secrets of that strength; nothing that
could recover the key is stored.
"""

import hashlib
import hmac
import re
import secrets
from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from models.api_keys import ApiKeyPublic, Scope
from models.tables import DEFAULT_ORGANISATION, ApiKey, as_utc, utcnow

PREFIX = "deplan"
NAME_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$")
_KEY_PATTERN = re.compile(rf"^{PREFIX}_([0-9a-f]{{16}})_([A-Za-z0-9_-]{{43}})$")
_DUMMY_HASH = hashlib.sha256(b"no such key").hexdigest()


class ApiKeyError(ValueError):
    """A key operation that cannot be done (bad name, duplicate name, unknown key)."""


@dataclass(frozen=True, slots=True)
class Client:
    """Who is calling: the key's id and name (logged and recorded), and what it may do."""

    key_id: str
    name: str
    scopes: frozenset[Scope]
    organisation: str = DEFAULT_ORGANISATION


def hash_key(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def create_key(
    session: Session,
    name: str,
    scopes: Iterable[Scope],
    organisation: str = DEFAULT_ORGANISATION,
) -> tuple[ApiKeyPublic, str]:
    """Store a new key and return it with its secret, which is never available again."""
    if not NAME_PATTERN.fullmatch(name):
        raise ApiKeyError(
            "a key name is 1-100 letters, digits and . _ - (name the system, not a person)"
        )
    if not NAME_PATTERN.fullmatch(organisation):
        raise ApiKeyError("an organisation is 1-100 letters, digits and . _ -")
    wanted = sorted(set(scopes))
    if not wanted:
        raise ApiKeyError("a key needs at least one scope")
    key_id = secrets.token_hex(8)
    key = f"{PREFIX}_{key_id}_{secrets.token_urlsafe(32)}"
    row = ApiKey(
        id=key_id,
        name=name,
        secret_hash=hash_key(key),
        organisation=organisation,
        scopes=" ".join(scope.value for scope in wanted),
    )
    session.add(row)
    try:
        session.commit()
    except IntegrityError as error:
        session.rollback()
        raise ApiKeyError("a key with this name already exists") from error
    session.refresh(row)
    return _public(row), key


def list_keys(session: Session, organisation: str | None = None) -> list[ApiKeyPublic]:
    """Every key, or one organisation's."""
    query = select(ApiKey).order_by(col(ApiKey.created_at), col(ApiKey.id))
    if organisation is not None:
        query = query.where(ApiKey.organisation == organisation)
    return [_public(row) for row in session.exec(query)]


def revoke_key(session: Session, id_or_name: str, organisation: str | None = None) -> ApiKeyPublic:
    """Revoke by id or name (within `organisation` when given); revoking twice keeps the
    first time."""
    row = (
        session.get(ApiKey, id_or_name)
        or session.exec(select(ApiKey).where(ApiKey.name == id_or_name)).first()
    )
    if row is None or (organisation is not None and row.organisation != organisation):
        raise ApiKeyError(f"no key with id or name {id_or_name!r}")
    if row.revoked_at is None:
        row.revoked_at = utcnow()
        session.add(row)
        session.commit()
        session.refresh(row)
    return _public(row)


def authenticate(session: Session, presented: str) -> Client | None:
    """The client a presented key belongs to, or None (unknown, malformed or revoked)."""
    key_id = key_id_of(presented)
    return verify(presented, find_key(session, key_id) if key_id else None)


def key_id_of(presented: str) -> str | None:
    """The id part of a well-formed key, or None."""
    match = _KEY_PATTERN.fullmatch(presented)
    return match.group(1) if match else None


@dataclass(frozen=True, slots=True)
class StoredKey:
    """What verifying a key needs from its row (kept in `api.http.key_cache`)."""

    secret_hash: str
    client: Client
    revoked: bool


def find_key(session: Session, key_id: str) -> StoredKey | None:
    row = session.get(ApiKey, key_id)
    if row is None:
        return None
    client = Client(
        key_id=row.id, name=row.name, scopes=_scopes(row.scopes), organisation=row.organisation
    )
    return StoredKey(row.secret_hash, client, revoked=row.revoked_at is not None)


def verify(presented: str, stored: StoredKey | None) -> Client | None:
    """The client if the presented key matches the stored one and is not revoked."""
    expected = stored.secret_hash if stored is not None else _DUMMY_HASH
    # Always compare, so a wrong secret and an unknown id take the same path.
    valid = hmac.compare_digest(hash_key(presented), expected)
    if stored is None or not valid or stored.revoked:
        return None
    return stored.client


def _scopes(raw: str) -> frozenset[Scope]:
    return frozenset(Scope(value) for value in raw.split())


def _public(row: ApiKey) -> ApiKeyPublic:
    return ApiKeyPublic(
        id=row.id,
        name=row.name,
        organisation=row.organisation,
        scopes=sorted(_scopes(row.scopes)),
        created_at=as_utc(row.created_at),
        revoked_at=as_utc(row.revoked_at) if row.revoked_at else None,
    )
