"""Failed authentication, throttled per client address.

Each address may fail `per_minute` times in a sliding minute; beyond that every request
from it gets 429 with `Retry-After` until the minute has passed, valid key or not, so a key
cannot be guessed at speed. Each failure is logged with the address and its count, and a
running total for the worker. Memory is bounded: at most `MAX_ADDRESSES` are tracked, the
least recently seen forgotten first.
"""

import time
from collections import OrderedDict, deque
from collections.abc import Callable

import structlog

log = structlog.get_logger("deplan.api")
WINDOW_SECONDS = 60.0
MAX_ADDRESSES = 10_000


class FailedAuthThrottle:
    def __init__(self, per_minute: int, *, clock: Callable[[], float] = time.monotonic) -> None:
        self.per_minute = per_minute
        self.clock = clock
        self.total_failures = 0
        self._failures: OrderedDict[str, deque[float]] = OrderedDict()

    def retry_after(self, address: str) -> int | None:
        """Seconds until the address may try again, or None if it may now."""
        recent = self._recent(address)
        if recent is None or len(recent) < self.per_minute:
            return None
        return max(1, round(recent[0] + WINDOW_SECONDS - self.clock()))

    def failed(self, address: str) -> None:
        recent = self._recent(address)
        if recent is None:
            recent = self._failures[address] = deque()
            while len(self._failures) > MAX_ADDRESSES:
                self._failures.popitem(last=False)
        recent.append(self.clock())
        self._failures.move_to_end(address)
        self.total_failures += 1
        log.warning(
            "auth_failed",
            address=address,
            failures_last_minute=len(recent),
            failures_total=self.total_failures,
            throttled=len(recent) >= self.per_minute,
        )

    def _recent(self, address: str) -> deque[float] | None:
        recent = self._failures.get(address)
        if recent is None:
            return None
        horizon = self.clock() - WINDOW_SECONDS
        while recent and recent[0] <= horizon:
            recent.popleft()
        return recent
