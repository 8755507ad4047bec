"""Run a re-audit: stream the inputs through the workers (engine/audit/pool.py, with
engine/audit/evaluator.py in each) and write the outputs (engine/audit/outputs.py).

The parent reads records and hands them out in chunks; at most `workers × 3` chunks are in
flight, so memory stays flat however many cases there are. Each worker loads the rule set
once (from the overlay path, in its initializer), then parses, validates and assesses each
record as at its own decision date, writes the output lines to chunk files and sends back
their names plus a partial summary. The parent appends the chunk files in input order and
merges the summaries, so the outputs are the same whatever the number of workers.

Outputs (in `out`): `assessments.jsonl`, `findings.csv`, `rejected.jsonl`, `summary.json`,
`report.html`, and with a comparison rule set `changes.jsonl` and `compare.json`. Each is
written under a `.partial` name and renamed when the audit has completed, `summary.json`
last: its presence means the audit completed. An `out` folder that is not empty is refused
unless the request forces it (then the previous outputs are removed first).
"""

from __future__ import annotations

import datetime as dt
import os
from collections import deque
from collections.abc import Callable, Sequence
from concurrent.futures import Future
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from engine import ENGINE_VERSION, RuleSet, load_ruleset
from engine.audit.compare import CompareSummary
from engine.audit.evaluator import ChunkResult, findings_header
from engine.audit.inputs import Reader, Source, resolve_inputs
from engine.audit.outputs import (
    ASSESSMENTS,
    CHANGES,
    FINDINGS,
    REJECTED,
    StreamedOutputs,
    prepare_out,
)
from engine.audit.overrides import ChairOverrides
from engine.audit.pool import CHUNK_RECORDS, chunks, start_workers
from engine.audit.report import render_report
from engine.audit.report_config import ReportConfig, load_report_config
from engine.audit.summary import AuditSummary


class AuditError(Exception):
    """The audit could not complete (a worker died, or it was stopped)."""


def default_workers() -> int:
    return max(1, os.cpu_count() or 1)


@dataclass(frozen=True, slots=True)
class AuditRequest:
    inputs: Sequence[Path]
    out: Path
    input_names: Sequence[str] | None = None
    """What outputs and errors call each input (None: the path as given). A service passes
    the upload's name, so that no server path reaches an output."""
    rules: Path | None = None
    """Overlay folder for the rules under audit (None: the base catalogue alone)."""
    compare_rules: Path | None = None
    """Overlay folder of the old rules, for an impact analysis."""
    rules_on: dt.date | None = None
    """Judge every case by the rules and parameters in force on this day (facts still as at
    its decision date); None: the rules in force on each case's decision date."""
    chair_overrides: ChairOverrides | None = None
    """How often chairs overruled each rule, counted by the caller from its database (the
    engine reads none): shown in the summary and the report when given."""
    force: bool = False
    """Write into a folder that is not empty, replacing the outputs of an earlier audit."""
    workers: int = field(default_factory=default_workers)
    chunk_records: int = CHUNK_RECORDS
    start_method: str | None = None
    """How worker processes start; None: fork when this process has a single thread (fast,
    nothing to re-import), else spawn (safe beside other threads, e.g. in the API)."""


@dataclass(frozen=True, slots=True)
class AuditProgress:
    bytes_done: int
    total_bytes: int
    read: int
    assessed: int
    rejected: int


@dataclass(frozen=True, slots=True)
class AuditResult:
    out: Path
    summary: dict[str, Any]
    compare: dict[str, Any] | None

    @property
    def read(self) -> int:
        return int(self.summary["counts"]["records_read"])

    @property
    def assessed(self) -> int:
        return int(self.summary["counts"]["assessed"])

    @property
    def rejected(self) -> int:
        return int(self.summary["counts"]["rejected"])

    def line(self) -> str:
        """The one-line final summary."""
        verdicts = self.summary["verdicts"]
        return (
            f"audited {self.read} records: {self.assessed} assessed "
            f"(ready {verdicts['ready']}, not ready {verdicts['not_ready']}, "
            f"insufficient {verdicts['insufficient_information']}, "
            f"out of scope {verdicts['out_of_scope']}), "
            f"{self.rejected} rejected -> {self.out}/"
        )


def ruleset_identity(ruleset: RuleSet) -> dict[str, str]:
    return {"version": ruleset.version, "content_hash": ruleset.content_hash}


def run_audit(
    request: AuditRequest,
    on_progress: Callable[[AuditProgress], None] | None = None,
    should_stop: Callable[[], bool] | None = None,
) -> AuditResult:
    """Run the audit. Raises InputError (inputs), RuleLoadError (rules) and OutputFolderError
    (out) before any output is written, and AuditError if it cannot complete (leaving no
    output that looks complete)."""
    sources = resolve_inputs(request.inputs, request.input_names)
    ruleset = load_ruleset(request.rules)
    old = load_ruleset(request.compare_rules) if request.compare_rules is not None else None
    config = load_report_config(request.rules, ruleset)
    prepare_out(request.out, request.force)
    outputs = StreamedOutputs(
        request.out, [ASSESSMENTS, FINDINGS, REJECTED] + ([CHANGES] if old is not None else [])
    )
    outputs.append(FINDINGS, findings_header())
    try:
        result = _run(request, sources, (ruleset, old), config, outputs, on_progress, should_stop)
    except BaseException:
        outputs.discard()
        raise
    return result


def _summary_meta(
    request: AuditRequest, sources: Sequence[Source], ruleset: RuleSet
) -> dict[str, Any]:
    meta: dict[str, Any] = {
        "generated_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "inputs": [source.label for source in sources],
        "ruleset": ruleset_identity(ruleset),
        "rules_on": None if request.rules_on is None else request.rules_on.isoformat(),
        "engine_version": ENGINE_VERSION,
        "reconciled": True,
    }
    if request.chair_overrides is not None:
        meta["chair_overrides"] = request.chair_overrides.to_json()
    return meta


def _run(
    request: AuditRequest,
    sources: Sequence[Source],
    rulesets: tuple[RuleSet, RuleSet | None],
    config: ReportConfig,
    outputs: StreamedOutputs,
    on_progress: Callable[[AuditProgress], None] | None,
    should_stop: Callable[[], bool] | None,
) -> AuditResult:
    ruleset, old = rulesets
    reader = Reader(sources)
    total_bytes = reader.total_bytes
    summary = AuditSummary(config)
    compare = CompareSummary() if old is not None else None
    workers = max(1, request.workers)
    executor, work = start_workers(
        workers,
        rulesets,
        (request.rules, request.compare_rules),
        request.rules_on,
        config,
        request.start_method,
        request.out,
    )
    pending: deque[tuple[Future[ChunkResult], int]] = deque()
    max_in_flight = workers * 3
    dispatched = 0

    def collect() -> None:
        future, _ = pending.popleft()
        try:
            result = future.result()
        except BrokenProcessPool as error:
            raise AuditError("a worker process died; the audit did not complete") from error
        for name, part in result.parts.items():
            outputs.append(name, part)
        summary.merge(result.summary)
        if compare is not None and result.compare is not None:
            compare.merge(result.compare)
        if on_progress is not None:
            done = reader.bytes_read - sum(size for _, size in pending)
            on_progress(
                AuditProgress(
                    bytes_done=done,
                    total_bytes=total_bytes,
                    read=summary.records_read,
                    assessed=summary.assessed,
                    rejected=summary.rejected,
                )
            )

    try:
        batches = chunks(reader, max(1, request.chunk_records), workers)
        for index, chunk in enumerate(batches):
            if should_stop is not None and should_stop():
                raise AuditError("the audit was stopped before it completed")
            dispatched += len(chunk)
            size = sum(record.size for record in chunk)
            pending.append((executor.submit(work, index, chunk), size))
            while len(pending) >= max_in_flight:
                collect()
        while pending:
            collect()
    finally:
        executor.shutdown(wait=True, cancel_futures=True)
        outputs.close()

    summary.blank_lines = reader.blank_lines
    if summary.records_read != dispatched:
        raise AuditError(
            f"counts do not reconcile: {dispatched} read, {summary.assessed} assessed, "
            f"{summary.rejected} rejected"
        )
    summary_json = summary.to_json(_summary_meta(request, sources, ruleset))
    compare_json = None
    if compare is not None and old is not None:
        compare_json = compare.to_json(
            {"old_ruleset": ruleset_identity(old), "new_ruleset": ruleset_identity(ruleset)}
        )
    report = render_report(summary_json, compare_json)  # before any file takes its real name
    outputs.publish_with(summary_json, compare_json, report)
    return AuditResult(out=request.out, summary=summary_json, compare=compare_json)
