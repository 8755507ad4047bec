"""The worker side of the re-audit: parse, validate and assess a chunk of records.

Each worker process holds one `Evaluator` (loaded once, in the pool's initializer), writes
each chunk's output lines to chunk files (`engine.audit.outputs.spill`) and returns their
names plus a partial summary for the parent to merge. Every case is assessed on the facts as
at its own decision date, by the rules in force on that date or, with `rules_on`, on that
one day for all (the briefing paper's method: today's rules on yesterday's facts).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from engine import RuleSet, load_ruleset
from engine.audit.compare import CompareSummary
from engine.audit.context import AuditContext, audit_context
from engine.audit.inputs import RawRecord
from engine.audit.outputs import ASSESSMENTS, CHANGES, FINDINGS, REJECTED, ChunkPart, spill
from engine.audit.report_config import ReportConfig
from engine.audit.summary import AuditSummary
from models.assessment import Assessment
from models.case import parse_case
from models.validation import FieldError, describe_validation_error

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
_ASSESSMENT_EXCLUDE: Any = {"findings": {"__all__": {"citation"}}}


@dataclass(slots=True)
class ChunkResult:
    parts: Mapping[str, ChunkPart]
    """The chunk's lines of each output it has lines for, UTF-8 (or their chunk file)."""
    summary: AuditSummary
    compare: CompareSummary | None


def findings_header() -> bytes:
    header = io.StringIO()
    csv.writer(header, lineterminator="\n").writerow(FINDINGS_HEADER)
    return header.getvalue().encode()


class Evaluator:
    """Parses, validates and assesses records with one rule set (and optionally an old one)."""

    def __init__(
        self,
        ruleset: RuleSet,
        old: RuleSet | None = None,
        rules_on: dt.date | None = None,
        config: ReportConfig | None = None,
    ) -> None:
        self.ruleset = ruleset
        self.old = old
        self.rules_on = rules_on
        self.config = config or ReportConfig()
        """What the report counts beyond each rule (`report.yaml`)."""

    def process(
        self, records: Iterable[RawRecord], spill_to: tuple[Path, int] | None = None
    ) -> ChunkResult:
        """`spill_to`: (output folder, chunk index) to write the lines to chunk files there."""
        assessments: list[str] = []
        findings = io.StringIO()
        rows = csv.writer(findings, lineterminator="\n")
        rejected: list[str] = []
        changes: list[str] = []
        summary = AuditSummary(self.config)
        compare = CompareSummary() if self.old is not None else None
        for record in records:
            where = f'"file":{json.dumps(record.file)},"line":{_json_line(record.line)}'
            judged = self._assess(record)
            if isinstance(judged, Rejection):
                summary.add_rejected(judged.stage)
                errors = _compact([e.model_dump() for e in judged.errors])
                rejected.append(f'{{{where},"stage":"{judged.stage}","errors":{errors}}}\n')
                continue
            case_ref, assessment = judged.case_ref, judged.assessment
            summary.add_assessment(assessment, judged.context)
            body = assessment.model_dump_json(exclude=_ASSESSMENT_EXCLUDE)
            assessments.append(
                f'{{{where},"case_ref":{json.dumps(case_ref)},'
                f'"context":{judged.context.model_dump_json()},"assessment":{body}}}\n'
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
            if compare is not None and judged.old is not None:
                changed = compare.add(judged.old, assessment)
                if changed is not None:
                    changes.append(
                        f'{{{where},"case_ref":{json.dumps(case_ref)},{_compact(changed)[1:-1]}}}\n'
                    )
        texts = {
            ASSESSMENTS: "".join(assessments),
            FINDINGS: findings.getvalue(),
            REJECTED: "".join(rejected),
            CHANGES: "".join(changes),
        }
        encoded = {name: text.encode() for name, text in texts.items() if text}
        parts = encoded if spill_to is None else spill(*spill_to, encoded)
        return ChunkResult(parts, summary, compare)

    def _assess(self, record: RawRecord) -> Rejection | Assessed:
        if record.read_error is not None:
            return Rejection("read", [FieldError(path="(record)", message=record.read_error)])
        data = record.data.rstrip(b"\r\n")
        if data.startswith(b"\xef\xbb\xbf"):
            data = data[3:]
        try:
            case = parse_case(data)
        except ValidationError as error:
            return Rejection("validate", _bounded(describe_validation_error(error)))
        decided = case.decision_date
        rules_on = self.rules_on or decided
        try:
            assessment = self.ruleset.assess_with_rules_on(case, decided, rules_on, source=data)
            old = (
                self.old.assess_with_rules_on(case, decided, rules_on, source=data)
                if self.old is not None
                else None
            )
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


MAX_ERRORS_PER_RECORD = 20
"""A rejected record names at most this many problems, so that `rejected.jsonl` stays in
proportion to what was accepted however broken a record is."""


def _bounded(errors: list[FieldError]) -> list[FieldError]:
    if len(errors) <= MAX_ERRORS_PER_RECORD:
        return errors
    more = len(errors) - MAX_ERRORS_PER_RECORD + 1
    kept = errors[: MAX_ERRORS_PER_RECORD - 1]
    return [*kept, FieldError(path="(record)", message=f"and {more} more problems")]


def _compact(value: Any) -> str:
    return json.dumps(value, separators=(",", ":"), ensure_ascii=False)


def _json_line(line: int | None) -> str:
    return "null" if line is None else str(line)


def _cell(text: str) -> str:
    """Keep a spreadsheet from reading a cell as a formula."""
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


@dataclass(frozen=True, slots=True)
class _Worker:
    evaluator: Evaluator
    out: Path
    """The output folder, where the chunk files go."""


_WORKER: _Worker | None = None


def init_worker(
    rules: Path | None,
    compare_rules: Path | None,
    rules_on: dt.date | None,
    config: ReportConfig,
    out: Path,
) -> None:
    global _WORKER  # one evaluator per worker process, loaded once
    evaluator = Evaluator(
        load_ruleset(rules),
        load_ruleset(compare_rules) if compare_rules is not None else None,
        rules_on,
        config,
    )
    _WORKER = _Worker(evaluator, out)


def process_chunk(index: int, records: list[RawRecord]) -> ChunkResult:
    """Assess chunk `index` and write its lines to chunk files (in a worker process)."""
    assert _WORKER is not None, "worker initializer did not run"
    return _WORKER.evaluator.process(records, spill_to=(_WORKER.out, index))
