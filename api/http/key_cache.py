"""Verified API keys kept in memory for a few seconds, so most requests check their key
without the database (and never hold a connection for it).

An entry is the key's stored hash, client and revoked flag, read at most `ttl` seconds ago;
every request still compares its own secret against the hash. So a key revoked in the
database stops working within `ttl` seconds in every worker, and at once in the worker
that revoked it (`forget`). Unknown ids are not cached: a flood of made-up keys cannot
grow the cache (failed attempts are throttled instead, see `api.http.throttle`).
"""

import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy import Engine
from sqlmodel import Session
from starlette.concurrency import run_in_threadpool

from api.persistence.keys import Client, StoredKey, find_key, key_id_of, verify

MAX_ENTRIES = 4096


@dataclass(frozen=True, slots=True)
class _Entry:
    stored: StoredKey
    read_at: float


class KeyCache:
    def __init__(
        self,
        ttl: float,
        *,
        max_entries: int = MAX_ENTRIES,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.ttl = ttl
        self.max_entries = max_entries
        self.clock = clock
        self._entries: OrderedDict[str, _Entry] = OrderedDict()

    async def authenticate(self, db_engine: Engine, presented: str) -> Client | None:
        """The client a presented key belongs to, or None (unknown, malformed or revoked).
        Reads the key from the database, in a worker thread, only when not cached."""
        key_id = key_id_of(presented)
        if key_id is None:
            return verify(presented, None)
        entry = self._entries.get(key_id)
        if entry is None or self.clock() - entry.read_at >= self.ttl:
            stored = await run_in_threadpool(_read_key, db_engine, key_id)
            if stored is None:
                self._entries.pop(key_id, None)
                return verify(presented, None)
            self._remember(key_id, stored)
            return verify(presented, stored)
        return verify(presented, entry.stored)

    def forget(self, key_id: str) -> None:
        """This worker changed the key (revoked it): read it again next time."""
        self._entries.pop(key_id, None)

    def _remember(self, key_id: str, stored: StoredKey) -> None:
        self._entries[key_id] = _Entry(stored, self.clock())
        self._entries.move_to_end(key_id)
        while len(self._entries) > self.max_entries:
            self._entries.popitem(last=False)


def _read_key(db_engine: Engine, key_id: str) -> StoredKey | None:
    with Session(db_engine) as session:
        return find_key(session, key_id)
