"""Progress of long commands (`deplan audit`, `deplan import ssd`): a bar when stderr is a
terminal, otherwise a structured log line every few seconds. Rich and structlog are imported
when a command runs, so registering the commands costs the others nothing at start-up."""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Protocol, TypeVar

if TYPE_CHECKING:
    from rich.progress import Progress

LOG_EVERY_SECONDS = 5.0


def progress_bar(verb: str) -> Progress:
    """A bar over bytes read, with a `counts` field. It refreshes only when told to: no
    refresh thread, so worker processes can be forked safely while it shows."""
    from rich.console import Console
    from rich.progress import (
        BarColumn,
        DownloadColumn,
        Progress,
        TaskProgressColumn,
        TextColumn,
        TimeElapsedColumn,
        TimeRemainingColumn,
    )

    return Progress(
        TextColumn(f"[bold]{verb}"),
        BarColumn(),
        TaskProgressColumn(),
        DownloadColumn(),
        TextColumn("{task.fields[counts]}"),
        TimeElapsedColumn(),
        TimeRemainingColumn(),
        console=Console(stderr=True),
        transient=False,
        auto_refresh=False,
    )


class BytesProgress(Protocol):
    @property
    def bytes_done(self) -> int: ...
    @property
    def total_bytes(self) -> int: ...


P = TypeVar("P", bound=BytesProgress)
R = TypeVar("R")


def with_progress_bar(
    verb: str,
    starting: str,
    run: Callable[[Callable[[P], None]], R],
    counts: Callable[[P], str],
) -> R:
    """`run(on_progress)` with a bar over the bytes done, and `counts(progress)` beside it."""
    with progress_bar(verb) as progress:
        task = progress.add_task(verb, total=None, counts=starting)

        def update(state: P) -> None:
            progress.update(
                task, completed=state.bytes_done, total=state.total_bytes, counts=counts(state)
            )
            progress.refresh()

        result = run(update)
        progress.update(task, completed=progress.tasks[0].total or 0)
        progress.refresh()
        return result


def log_lines() -> Any:
    """A logger writing `key=value` lines with a UTC timestamp to stderr."""
    import structlog

    return structlog.wrap_logger(
        structlog.PrintLogger(sys.stderr),
        processors=[
            structlog.processors.add_log_level,
            structlog.processors.TimeStamper(fmt="iso", utc=True),
            structlog.processors.KeyValueRenderer(
                key_order=["timestamp", "level", "event"], sort_keys=False
            ),
        ],
    )


class Throttle:
    """`due()` is true at most once every `seconds`."""

    def __init__(self, seconds: float = LOG_EVERY_SECONDS) -> None:
        self.seconds = seconds
        self.last = time.monotonic()

    def due(self) -> bool:
        now = time.monotonic()
        if now - self.last < self.seconds:
            return False
        self.last = now
        return True


def percent(done: int, total: int) -> float:
    return round(100 * done / total, 1) if total else 100.0
