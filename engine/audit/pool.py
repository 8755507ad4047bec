"""The parent's side of the audit's workers: records in chunks, and the executor that runs
them (a pool of worker processes, or this process alone for one worker).

The parent hands out chunks of at most `CHUNK_RECORDS` records or `CHUNK_BYTES` bytes; each
worker holds one `Evaluator` (engine/audit/evaluator.py), loaded once in the pool's
initializer.
"""

from __future__ import annotations

import datetime as dt
import multiprocessing
import threading
from collections.abc import Callable, Iterator
from concurrent.futures import Executor, Future, ProcessPoolExecutor
from pathlib import Path
from typing import Any

from engine import RuleSet
from engine.audit.evaluator import ChunkResult, Evaluator, init_worker, process_chunk
from engine.audit.inputs import RawRecord, Reader
from engine.audit.report_config import ReportConfig

CHUNK_RECORDS = 200
CHUNK_BYTES = 1024 * 1024

Work = Callable[[int, list[RawRecord]], ChunkResult]
"""Called with each chunk's index (in input order) and records."""


class InlineExecutor(Executor):
    """Runs each submitted call at once in this process (one worker): no pool to start."""

    def submit(self, fn: Callable[..., Any], /, *args: Any, **kwargs: Any) -> Future[Any]:
        future: Future[Any] = Future()
        try:
            future.set_result(fn(*args, **kwargs))
        except BaseException as error:
            future.set_exception(error)
        return future


def start_workers(
    workers: int,
    rulesets: tuple[RuleSet, RuleSet | None],
    overlays: tuple[Path | None, Path | None],
    rules_on: dt.date | None,
    config: ReportConfig,
    start_method: str | None,
    out: Path,
) -> tuple[Executor, Work]:
    """The executor for `workers` workers and the call each chunk is submitted with. One
    worker uses the rule sets already loaded and returns the lines; a pool's workers load
    them from the overlays and write the lines to chunk files in `out`."""
    if workers == 1:
        evaluator = Evaluator(*rulesets, rules_on, config)
        return InlineExecutor(), lambda _index, records: evaluator.process(records)
    pool = ProcessPoolExecutor(
        max_workers=workers,
        mp_context=multiprocessing.get_context(_start_method(start_method)),
        initializer=init_worker,
        initargs=(*overlays, rules_on, config, out),
    )
    return pool, process_chunk


def _start_method(requested: str | None) -> str:
    if requested is not None:
        return requested
    if "fork" in multiprocessing.get_all_start_methods() and threading.active_count() == 1:
        return "fork"
    return "spawn"


_TAPER_MIN_RECORDS = 10


def chunks(reader: Reader, max_records: int, workers: int) -> Iterator[list[RawRecord]]:
    """The records in chunks of at most `max_records` records or `CHUNK_BYTES` bytes. With
    several workers the chunks shrink near the end of the input (each at most a share
    1 / (2 × workers) of the records left to read, estimated from the bytes left), so that
    the workers finish together instead of one idling while another does a full chunk."""
    chunk: list[RawRecord] = []
    size = records_read = 0
    limit = max_records
    for record in reader:
        chunk.append(record)
        size += record.size
        if len(chunk) >= limit or size >= CHUNK_BYTES:
            yield chunk
            records_read += len(chunk)
            if workers > 1:
                limit = _tapered(max_records, reader, records_read, workers)
            chunk, size = [], 0
    if chunk:
        yield chunk


def _tapered(max_records: int, reader: Reader, records_read: int, workers: int) -> int:
    bytes_per_record = reader.bytes_read / records_read
    records_left = (reader.total_bytes - reader.bytes_read) / bytes_per_record
    share = int(records_left / (2 * workers))
    return min(max_records, max(_TAPER_MIN_RECORDS, share))
