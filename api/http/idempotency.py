"""`Idempotency-Key` on the POSTs that create something (an assessment, an audit job).

A client that lost the answer to a POST sends it again with the same key: if the request is
the same (method, route, query and body, compared by SHA-256), it gets the first result and
nothing new is made; if it differs, 409. Keys are per API key and kept as long as
`deplan purge` allows (docs/security.md). The key row is written in the same transaction as
what it made, so two racing retries cannot both create.
"""

import hashlib
import uuid
from dataclasses import dataclass
from typing import Annotated, Any

from fastapi import Depends, Header, Request
from sqlalchemy import Connection, insert
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session

from api.http.problems import ProblemError
from api.persistence.db import write_lock
from api.persistence.keys import Client
from models.tables import IdempotencyRecord, utcnow

REPLAYED_HEADER = "Idempotent-Replayed"


@dataclass(frozen=True, slots=True)
class Idempotency:
    key: str
    request: Request

    def fingerprint(self, body_digest: str) -> str:
        """The request, as far as idempotency is concerned: method, route, query, body."""
        url = self.request.url
        seen = f"{self.request.method}\n{url.path}\n{url.query}\n{body_digest}"
        return hashlib.sha256(seen.encode()).hexdigest()


async def idempotency_key(
    request: Request,
    key: Annotated[
        str | None,
        Header(
            alias="Idempotency-Key",
            min_length=1,
            max_length=255,
            pattern=r"^[\x21-\x7e]+$",
            description="Makes a retry safe: the same key and request give the first result; "
            "the same key with a different request is a 409. Printable ASCII, up to 255.",
        ),
    ] = None,
) -> Idempotency | None:
    return Idempotency(key, request) if key is not None else None


IdempotencyDep = Annotated[Idempotency | None, Depends(idempotency_key)]


def earlier_result(
    session: Session, client: Client, idempotency: Idempotency, fingerprint: str
) -> uuid.UUID | None:
    """What the first request with this key made, or None if there was none; 409 if that
    request was a different one."""
    row = session.get(IdempotencyRecord, (client.key_id, idempotency.key))
    if row is None:
        return None
    if row.fingerprint != fingerprint:
        raise ProblemError(
            409,
            "This Idempotency-Key was used for a different request; use a new key.",
        )
    return row.resource_id


def remember(
    session: Session,
    client: Client,
    idempotency: Idempotency,
    fingerprint: str,
    resource_id: uuid.UUID,
) -> None:
    """Add the key to the session, to be committed with what it made."""
    session.add(IdempotencyRecord(**_key_values(client, idempotency, fingerprint, resource_id)))


def insert_key(
    connection: Connection,
    client: Client,
    idempotency: Idempotency,
    fingerprint: str,
    resource_id: uuid.UUID,
) -> None:
    """`remember` as an SQL insert, in the connection's transaction."""
    connection.execute(
        insert(IdempotencyRecord), _key_values(client, idempotency, fingerprint, resource_id)
    )


def _key_values(
    client: Client, idempotency: Idempotency, fingerprint: str, resource_id: uuid.UUID
) -> dict[str, Any]:
    return {
        "client_key_id": client.key_id,
        "key": idempotency.key,
        "fingerprint": fingerprint,
        "resource_id": resource_id,
        "created_at": utcnow(),
    }


def commit_or_earlier(
    session: Session, client: Client, idempotency: Idempotency | None, fingerprint: str
) -> uuid.UUID | None:
    """Commit; None if that made the resource. If a concurrent retry with the same key
    committed first, roll back and return what that one made."""
    try:
        with write_lock(session.get_bind()):
            session.commit()
    except IntegrityError as error:
        if idempotency is None:
            raise
        session.rollback()
        return earlier_after_conflict(session, client, idempotency, fingerprint, error)
    return None


def earlier_after_conflict(
    session: Session,
    client: Client,
    idempotency: Idempotency,
    fingerprint: str,
    error: IntegrityError,
) -> uuid.UUID:
    """After a commit failed on a unique key: what a concurrent retry with the same key
    made; the error again if there is no such retry."""
    earlier = earlier_result(session, client, idempotency, fingerprint)
    if earlier is None:
        raise error
    return earlier
