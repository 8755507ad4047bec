"""Run a re-audit: stream the inputs through worker processes and write the outputs.

The parent reads records and hands them out in chunks; at most `workers × 3` chunks are in
flight, so memory stays flat however many cases there are. Each worker loads the rule set
once (from the overlay path, in its initializer), then parses, validates and assesses each
record as at its own decision date, and sends back ready-made output lines plus a partial
summary. The parent writes the chunks in input order and merges the summaries, so the
outputs are the same whatever the number of workers.

Outputs (in `out`): `assessments.jsonl`, `findings.csv`, `rejected.jsonl`, `summary.json`,
`report.html`, and with a comparison rule set `changes.jsonl` and `compare.json`.
`summary.json` is written last: its presence means the audit completed.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import multiprocessing
import os
import threading
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Executor, Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TextIO

from pydantic import ValidationError

from engine import ENGINE_VERSION, RuleSet, load_ruleset
from engine.audit.compare import CompareSummary
from engine.audit.context import AuditContext, audit_context
from engine.audit.inputs import RawRecord, Reader, resolve_inputs
from engine.audit.report import render_report
from engine.audit.summary import AuditSummary
from models.assessment import Assessment
from models.case import parse_case
from models.validation import FieldError, describe_validation_error

ASSESSMENTS = "assessments.jsonl"
FINDINGS = "findings.csv"
REJECTED = "rejected.jsonl"
SUMMARY = "summary.json"
REPORT = "report.html"
CHANGES = "changes.jsonl"
COMPARE = "compare.json"

FINDINGS_HEADER = (
    "file",
    "line",
    "case_ref",
    "verdict",
    "rule_id",
    "severity",
    "outcome",
    "reason",
)
CHUNK_RECORDS = 200
CHUNK_BYTES = 1024 * 1024
_ASSESSMENT_EXCLUDE: Any = {"findings": {"__all__": {"citation"}}}


class AuditError(Exception):
    """The audit could not complete (a worker died, or it was stopped)."""


def default_workers() -> int:
    return max(1, os.cpu_count() or 1)


@dataclass(frozen=True, slots=True)
class AuditRequest:
    inputs: Sequence[Path]
    out: Path
    rules: Path | None = None
    """Overlay folder for the rules under audit (None: the base catalogue / DEPLAN_RULES)."""
    compare_rules: Path | None = None
    """Overlay folder of the old rules, for an impact analysis."""
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
            f"insufficient {verdicts['insufficient_information']}), "
            f"{self.rejected} rejected -> {self.out}/"
        )


# -- worker side -------------------------------------------------------------------------------


@dataclass(slots=True)
class ChunkResult:
    assessments: str
    findings: str
    rejected: str
    changes: str
    summary: AuditSummary
    compare: CompareSummary | None


class Evaluator:
    """Parses, validates and assesses records with one rule set (and optionally an old one)."""

    def __init__(self, ruleset: RuleSet, old: RuleSet | None = None) -> None:
        self.ruleset = ruleset
        self.old = old

    def process(self, records: Iterable[RawRecord]) -> ChunkResult:
        assessments: list[str] = []
        findings = io.StringIO()
        rows = csv.writer(findings, lineterminator="\n")
        rejected: list[str] = []
        changes: list[str] = []
        summary = AuditSummary()
        compare = CompareSummary() if self.old is not None else None
        for record in records:
            where = f'"file":{json.dumps(record.file)},"line":{_json_line(record.line)}'
            outcome = self._assess(record)
            if isinstance(outcome, Rejection):
                summary.add_rejected(outcome.stage)
                errors = _compact([e.model_dump() for e in outcome.errors])
                rejected.append(f'{{{where},"stage":"{outcome.stage}","errors":{errors}}}\n')
                continue
            case_ref, assessment = outcome.case_ref, outcome.assessment
            summary.add_assessment(assessment, outcome.context)
            body = assessment.model_dump_json(exclude=_ASSESSMENT_EXCLUDE)
            assessments.append(
                f'{{{where},"case_ref":{json.dumps(case_ref)},'
                f'"context":{outcome.context.model_dump_json()},"assessment":{body}}}\n'
            )
            for finding in assessment.findings:
                rows.writerow(
                    (
                        _cell(record.file),
                        "" if record.line is None else record.line,
                        case_ref,
                        assessment.verdict.value,
                        finding.rule_id,
                        finding.severity.value,
                        finding.outcome.value,
                        _cell(finding.reason),
                    )
                )
            if compare is not None and outcome.old is not None:
                changed = compare.add(outcome.old, assessment)
                if changed is not None:
                    changes.append(
                        f'{{{where},"case_ref":{json.dumps(case_ref)},{_compact(changed)[1:-1]}}}\n'
                    )
        return ChunkResult(
            assessments="".join(assessments),
            findings=findings.getvalue(),
            rejected="".join(rejected),
            changes="".join(changes),
            summary=summary,
            compare=compare,
        )

    def _assess(self, record: RawRecord) -> Rejection | Assessed:
        if record.read_error is not None:
            return Rejection("read", [FieldError(path="(record)", message=record.read_error)])
        data = record.data.rstrip(b"\r\n")
        if data.startswith(b"\xef\xbb\xbf"):
            data = data[3:]
        try:
            case = parse_case(data)
        except ValidationError as error:
            return Rejection("validate", describe_validation_error(error))
        try:
            assessment = self.ruleset.assess(case)
            old = self.old.assess(case) if self.old is not None else None
        except Exception as error:  # an engine fault must not lose the record
            message = f"the rules engine failed on this case ({type(error).__name__})"
            return Rejection("assess", [FieldError(path="(case)", message=message)])
        return Assessed(case.case_ref, assessment, audit_context(case), old)


@dataclass(frozen=True, slots=True)
class Assessed:
    case_ref: str
    assessment: Assessment
    context: AuditContext
    old: Assessment | None


@dataclass(frozen=True, slots=True)
class Rejection:
    stage: str
    errors: list[FieldError]


def _compact(value: Any) -> str:
    return json.dumps(value, separators=(",", ":"), ensure_ascii=False)


def _json_line(line: int | None) -> str:
    return "null" if line is None else str(line)


def _cell(text: str) -> str:
    """Keep a spreadsheet from reading a cell as a formula."""
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


_WORKER: Evaluator | None = None


def _init_worker(rules: Path | None, compare_rules: Path | None) -> None:
    global _WORKER  # one evaluator per worker process, loaded once
    _WORKER = Evaluator(
        load_ruleset(rules), load_ruleset(compare_rules) if compare_rules is not None else None
    )


def _process_chunk(records: list[RawRecord]) -> ChunkResult:
    assert _WORKER is not None, "worker initializer did not run"
    return _WORKER.process(records)


class _InlineExecutor(Executor):
    """Runs chunks in this process (workers=1): same code path, no pool."""

    def __init__(self, evaluator: Evaluator) -> None:
        self._evaluator = evaluator

    def submit(self, fn: Any, /, *args: Any, **kwargs: Any) -> Future[Any]:
        future: Future[Any] = Future()
        try:
            future.set_result(self._evaluator.process(*args))
        except BaseException as error:
            future.set_exception(error)
        return future


# -- parent side -------------------------------------------------------------------------------


def _start_method(requested: str | None) -> str:
    if requested is not None:
        return requested
    if "fork" in multiprocessing.get_all_start_methods() and threading.active_count() == 1:
        return "fork"
    return "spawn"


def _chunks(records: Iterator[RawRecord], max_records: int) -> Iterator[list[RawRecord]]:
    chunk: list[RawRecord] = []
    size = 0
    for record in records:
        chunk.append(record)
        size += record.size
        if len(chunk) >= max_records or size >= CHUNK_BYTES:
            yield chunk
            chunk, size = [], 0
    if chunk:
        yield chunk


class _Outputs:
    def __init__(self, out: Path, compare: bool) -> None:
        out.mkdir(parents=True, exist_ok=True)
        self.out = out
        self.assessments = (out / ASSESSMENTS).open("w", encoding="utf-8", newline="")
        self.findings = (out / FINDINGS).open("w", encoding="utf-8", newline="")
        self.rejected = (out / REJECTED).open("w", encoding="utf-8", newline="")
        self.changes: TextIO | None = None
        if compare:
            self.changes = (out / CHANGES).open("w", encoding="utf-8", newline="")
        else:
            (out / CHANGES).unlink(missing_ok=True)
            (out / COMPARE).unlink(missing_ok=True)
        for stale in (SUMMARY, REPORT):
            (out / stale).unlink(missing_ok=True)
        csv.writer(self.findings, lineterminator="\n").writerow(FINDINGS_HEADER)

    def write(self, result: ChunkResult) -> None:
        self.assessments.write(result.assessments)
        self.findings.write(result.findings)
        self.rejected.write(result.rejected)
        if self.changes is not None:
            self.changes.write(result.changes)

    def close(self) -> None:
        for handle in (self.assessments, self.findings, self.rejected, self.changes):
            if handle is not None:
                handle.close()


def _write_atomically(path: Path, text: str) -> None:
    temporary = path.with_name(path.name + ".tmp")
    temporary.write_text(text, encoding="utf-8")
    temporary.replace(path)


def ruleset_info(ruleset: RuleSet) -> dict[str, str]:
    return {"version": ruleset.version, "content_hash": ruleset.content_hash}


def run_audit(
    request: AuditRequest,
    on_progress: Callable[[AuditProgress], None] | None = None,
    should_stop: Callable[[], bool] | None = None,
) -> AuditResult:
    """Run the audit. Raises InputError (inputs), RuleLoadError (rules) before any output is
    written, and AuditError if it cannot complete."""
    sources = resolve_inputs(request.inputs)
    ruleset = load_ruleset(request.rules)
    old = load_ruleset(request.compare_rules) if request.compare_rules is not None else None
    reader = Reader(sources)
    total_bytes = reader.total_bytes
    summary = AuditSummary()
    compare = CompareSummary() if old is not None else None
    outputs = _Outputs(request.out, compare=old is not None)
    workers = max(1, request.workers)
    executor: Executor
    if workers == 1:
        executor = _InlineExecutor(Evaluator(ruleset, old))
    else:
        executor = ProcessPoolExecutor(
            max_workers=workers,
            mp_context=multiprocessing.get_context(_start_method(request.start_method)),
            initializer=_init_worker,
            initargs=(request.rules, request.compare_rules),
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
        outputs.write(result)
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
        for chunk in _chunks(iter(reader), max(1, request.chunk_records)):
            if should_stop is not None and should_stop():
                raise AuditError("the audit was stopped before it completed")
            dispatched += len(chunk)
            pending.append(
                (executor.submit(_process_chunk, chunk), sum(record.size for record in chunk))
            )
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
    meta: dict[str, Any] = {
        "generated_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "inputs": [source.label for source in sources],
        "ruleset": ruleset_info(ruleset),
        "engine_version": ENGINE_VERSION,
        "reconciled": True,
    }
    summary_json = summary.to_json(meta)
    compare_json = None
    if compare is not None and old is not None:
        compare_json = compare.to_json(
            {"old_ruleset": ruleset_info(old), "new_ruleset": ruleset_info(ruleset)}
        )
        _write_atomically(request.out / COMPARE, json.dumps(compare_json, indent=2) + "\n")
    _write_atomically(request.out / REPORT, render_report(summary_json, compare_json))
    _write_atomically(request.out / SUMMARY, json.dumps(summary_json, indent=2) + "\n")
    return AuditResult(out=request.out, summary=summary_json, compare=compare_json)
