"""Reading request bodies with bounds: a size limit checked while the bytes arrive (before
any parsing) and timeouts, so a slow or endless upload costs one admission slot for a
bounded time and never a database connection or a thread; and at most so many bodies
arriving at once per API key, so one key's stalled uploads cannot take every slot."""

from collections import Counter
from collections.abc import AsyncIterator, Iterator
from contextlib import contextmanager

import anyio
from fastapi import Request

from api.http.problems import ProblemError


class BodyReaders:
    """Bodies being received, counted per API key (one event loop: no lock needed)."""

    def __init__(self, per_key: int) -> None:
        self.per_key = per_key
        self.reading: Counter[str] = Counter()

    @contextmanager
    def slot(self, request: Request) -> Iterator[None]:
        """429 when the request's key already has `per_key` bodies arriving."""
        key_id: str | None = getattr(request.state, "key_id", None)
        if key_id is None:
            yield
            return
        if self.reading[key_id] >= self.per_key:
            raise ProblemError(
                429,
                f"This API key already has {self.per_key} request bodies arriving (the limit).",
                headers={"Retry-After": "1"},
            )
        self.reading[key_id] += 1
        try:
            yield
        finally:
            self.reading[key_id] -= 1
            if not self.reading[key_id]:
                del self.reading[key_id]


def reading_slot(request: Request) -> BodyReaders:
    readers: BodyReaders = request.app.state.body_readers
    return readers


def too_large(what: str, limit: int) -> ProblemError:
    return ProblemError(413, f"{what} is larger than the limit of {limit} bytes.")


async def stream_body(
    request: Request, *, what: str, limit: int, idle_timeout: float
) -> AsyncIterator[bytes]:
    """The body's chunks; 413 once more than `limit` bytes are declared or sent, 408 when
    the client sends nothing for `idle_timeout` seconds."""
    _check_declared_size(request, what, limit)
    chunks = request.stream()
    size = 0
    while True:
        try:
            with anyio.fail_after(idle_timeout):
                chunk = await anext(chunks, None)
        except TimeoutError:
            raise ProblemError(
                408, f"The body stopped arriving for {idle_timeout:g} seconds."
            ) from None
        if chunk is None:
            return
        size += len(chunk)
        if size > limit:
            raise too_large(what, limit)
        yield chunk


async def read_body(request: Request, *, what: str, limit: int, timeout: float) -> bytes:
    """The whole body, which must arrive within `timeout` seconds; 413 once more than
    `limit` bytes are declared or sent. One deadline for the whole body (a pause between
    chunks cannot outlast it, so it needs no timeout of its own)."""
    parts: list[bytes] = []
    size = 0
    try:
        with reading_slot(request).slot(request), anyio.fail_after(timeout):
            _check_declared_size(request, what, limit)
            async for chunk in request.stream():
                size += len(chunk)
                if size > limit:
                    raise too_large(what, limit)
                parts.append(chunk)
    except TimeoutError:
        raise ProblemError(408, f"The body did not arrive within {timeout:g} seconds.") from None
    return b"".join(parts)


def _check_declared_size(request: Request, what: str, limit: int) -> None:
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > limit:
        raise too_large(what, limit)
