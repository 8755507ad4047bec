"""The re-audit's summary: an incremental, mergeable aggregate of the per-case results.

It holds counters only, keyed by verdicts, rules, pairs of rules and a bounded set of
groups, so its size is O(rules² + groups × rules) and does not grow with the number of
cases. Worker processes aggregate their chunk into an `AuditSummary` and the parent merges
them, so the parent never re-reads a case.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from itertools import combinations
from typing import Any

from engine.audit.context import RETURN_BANDS, AuditContext
from engine.audit.figures import PaperFigures
from engine.audit.report_config import ReportConfig
from models.assessment import Assessment, Outcome, Verdict

SUMMARY_SCHEMA = "deplan-audit-summary/4"
"""/2: the paper's figures (children, nested, worker_changes, returns.within_2_years),
judged counts per rule and pair; co_occurrence.headline gave way to nested.
/3: a nested step is a rule or a characteristic of the family (`kind`, `name`); its count
is `families` (was `not_met`).
/4: `chair_overrides` (when the caller counted them: `engine.audit.overrides`), per rule the
decisions in which a chair overruled it, and the children de-planned against the engine."""

VERDICTS = tuple(v.value for v in Verdict)
OUTCOMES = tuple(o.value for o in Outcome)
_JUDGED = frozenset({Outcome.MET.value, Outcome.NOT_MET.value})

BREAKDOWNS = (
    "category_of_abuse",
    "risk_present",
    "social_worker_changes",
    "team_manager_changes",
    "cp_chair_changes",
)
"""Dimensions a family is grouped by; a family with several categories or risks counts in
each of its groups."""

NOT_RECORDED = "not recorded"
_ROLE_DIMENSIONS = {
    "social_worker_changes": "social_worker",
    "team_manager_changes": "team_manager",
    "cp_chair_changes": "cp_chair",
}
CHANGE_GROUPS = ("0", "1", "2", "3+", NOT_RECORDED)


@dataclass(frozen=True, slots=True)
class CaseOutcome:
    """What one assessed case contributes to the summary (nothing that identifies it)."""

    verdict: str
    outcomes: tuple[tuple[str, str], ...]
    """(rule_id, outcome) for each rule in force on the case."""
    context: AuditContext


def case_outcome(assessment: Assessment, context: AuditContext) -> CaseOutcome:
    return CaseOutcome(
        verdict=assessment.verdict.value,
        outcomes=tuple((f.rule_id, f.outcome.value) for f in assessment.findings),
        context=context,
    )


def change_group(changes: int | None) -> str:
    if changes is None:
        return NOT_RECORDED
    return "3+" if changes >= 3 else str(changes)


def groups_of(context: AuditContext) -> Iterator[tuple[str, str]]:
    """The (dimension, group) pairs a case counts in."""
    for category in context.categories:
        yield "category_of_abuse", category
    for risk in context.risks_present:
        yield "risk_present", risk
    for dimension, role in _ROLE_DIMENSIONS.items():
        changes = None if context.worker_changes is None else context.worker_changes.get(role)
        yield dimension, change_group(changes)


def rate(part: int, whole: int) -> float | None:
    return round(part / whole, 4) if whole else None


class AuditSummary:
    """Counters over the cases assessed and the records rejected."""

    def __init__(self, config: ReportConfig | None = None) -> None:
        self.figures = PaperFigures(config or ReportConfig())
        self.assessed = 0
        self.rejected = 0
        self.blank_lines = 0
        self.rejected_by_stage: Counter[str] = Counter()
        self.verdicts: Counter[str] = Counter()
        self.verdict_returned: Counter[str] = Counter()
        self.rule_meta: dict[str, tuple[str, str]] = {}
        """rule_id -> (title, severity)."""
        self.rule_outcomes: Counter[tuple[str, str]] = Counter()
        self.rule_returned: Counter[tuple[str, str]] = Counter()
        self.pairs: Counter[tuple[str, str]] = Counter()
        """Both rules of the pair (sorted) not met on the same case."""
        self.pairs_returned: Counter[tuple[str, str]] = Counter()
        self.judged_sets: Counter[tuple[str, ...]] = Counter()
        """The set of rules that judged a case (met or not met), for the denominators of pairs:
        cases share a few such sets, so this stays small."""
        self.returned = 0
        self.bands: Counter[str] = Counter()
        self.group_families: Counter[tuple[str, str]] = Counter()
        self.group_verdicts: Counter[tuple[str, str, str]] = Counter()
        self.group_returned: Counter[tuple[str, str]] = Counter()
        self.group_not_met: Counter[tuple[str, str, str]] = Counter()

    # -- adding ---------------------------------------------------------------------------

    @property
    def records_read(self) -> int:
        return self.assessed + self.rejected

    def note_rules(self, rules: Iterable[tuple[str, str, str]]) -> None:
        """Record (rule_id, title, severity) of rules seen, for the report's labels."""
        for rule_id, title, severity in rules:
            self.rule_meta.setdefault(rule_id, (title, severity))

    def add_assessment(self, assessment: Assessment, context: AuditContext) -> None:
        self.note_rules((f.rule_id, f.title, f.severity.value) for f in assessment.findings)
        self.add(case_outcome(assessment, context))

    def add(self, case: CaseOutcome) -> None:
        returned = case.context.later_plan_start is not None
        self.assessed += 1
        self.figures.add(case.outcomes, case.context)
        self.verdicts[case.verdict] += 1
        not_met: list[str] = []
        judged: list[str] = []
        for rule_id, outcome in case.outcomes:
            self.rule_outcomes[rule_id, outcome] += 1
            if returned:
                self.rule_returned[rule_id, outcome] += 1
            if outcome == Outcome.NOT_MET:
                not_met.append(rule_id)
            if outcome in _JUDGED:
                judged.append(rule_id)
        not_met.sort()
        self.judged_sets[tuple(sorted(judged))] += 1
        for pair in combinations(not_met, 2):
            self.pairs[pair] += 1
            if returned:
                self.pairs_returned[pair] += 1
        if returned:
            self.returned += 1
            self.verdict_returned[case.verdict] += 1
            if case.context.return_band is not None:
                self.bands[case.context.return_band] += 1
        for group in groups_of(case.context):
            self.group_families[group] += 1
            self.group_verdicts[(*group, case.verdict)] += 1
            if returned:
                self.group_returned[group] += 1
            for rule_id in not_met:
                self.group_not_met[(*group, rule_id)] += 1

    def add_rejected(self, stage: str) -> None:
        self.rejected += 1
        self.rejected_by_stage[stage] += 1

    def merge(self, other: AuditSummary) -> None:
        self.assessed += other.assessed
        self.rejected += other.rejected
        self.returned += other.returned
        self.figures.merge(other.figures)
        for rule_id, meta in other.rule_meta.items():
            self.rule_meta.setdefault(rule_id, meta)
        for name in _COUNTERS:
            getattr(self, name).update(getattr(other, name))

    def footprint(self) -> int:
        """Entries held, for checking that memory does not grow with the number of cases."""
        counters = sum(len(getattr(self, name)) for name in _COUNTERS)
        return len(self.rule_meta) + counters + self.figures.footprint()

    # -- reporting --------------------------------------------------------------------------

    def rule_ids(self) -> list[str]:
        seen = {rule_id for rule_id, _ in self.rule_outcomes} | set(self.rule_meta)
        return sorted(seen)

    def to_json(
        self,
        meta: Mapping[str, Any] | None = None,
        top_pairs: int = 10,
    ) -> dict[str, Any]:
        """The summary as JSON-ready data; `meta` (inputs, rule set, ...) is included as is."""
        rules = []
        for rule_id in self.rule_ids():
            title, severity = self.rule_meta.get(rule_id, (rule_id, ""))
            counts = {o: self.rule_outcomes[rule_id, o] for o in OUTCOMES}
            rules.append(
                {
                    "rule_id": rule_id,
                    "title": title,
                    "severity": severity,
                    **counts,
                    "not_in_force": self.assessed - sum(counts.values()),
                    "judged": counts["met"] + counts["not_met"],
                }
            )
        ordered = sorted(self.pairs.items(), key=lambda item: (-item[1], item[0]))
        both_judged = JudgedSets(self.judged_sets)
        pairs = [self._pair_json(pair, both_judged) for pair, _ in ordered]
        blocking = {
            rule_id for rule_id, (_, severity) in self.rule_meta.items() if severity == "blocking"
        }
        top_blocking = [
            pair_json
            for pair_json in pairs
            if pair_json["rules"][0] in blocking and pair_json["rules"][1] in blocking
        ][:top_pairs]
        return {
            "schema": SUMMARY_SCHEMA,
            **(meta or {}),
            "counts": {
                "records_read": self.records_read,
                "assessed": self.assessed,
                "rejected": self.rejected,
                "rejected_by_stage": dict(sorted(self.rejected_by_stage.items())),
                "blank_lines_skipped": self.blank_lines,
            },
            "verdicts": {v: self.verdicts[v] for v in VERDICTS},
            "rules": rules,
            "co_occurrence": {
                "description": "Cases on which both rules were not met.",
                "of": self.assessed,
                "top": pairs[:top_pairs],
                "top_blocking": top_blocking,
                "pairs": pairs,
            },
            "breakdowns": self._breakdowns_json(),
            "returns": self._returns_json(),
            **self.figures.to_json(),
        }

    def _pair_json(self, pair: tuple[str, str], judged: JudgedSets) -> dict[str, Any]:
        first, second = pair
        return {
            "rules": [first, second],
            "both_not_met": self.pairs[pair],
            "of": self.assessed,
            "both_judged": judged.both(first, second),
            "first_not_met": self.rule_outcomes[first, Outcome.NOT_MET.value],
            "second_not_met": self.rule_outcomes[second, Outcome.NOT_MET.value],
            "returned": self.pairs_returned[pair],
            "return_rate": rate(self.pairs_returned[pair], self.pairs[pair]),
        }

    def _breakdowns_json(self) -> dict[str, list[dict[str, Any]]]:
        result: dict[str, list[dict[str, Any]]] = {}
        for dimension in BREAKDOWNS:
            groups = sorted(
                {group for dim, group in self.group_families if dim == dimension},
                key=_group_order(dimension),
            )
            rows = []
            for group in groups:
                families = self.group_families[dimension, group]
                returned = self.group_returned[dimension, group]
                rows.append(
                    {
                        "group": group,
                        "families": families,
                        "verdicts": {v: self.group_verdicts[dimension, group, v] for v in VERDICTS},
                        "not_met": {
                            rule_id: self.group_not_met[dimension, group, rule_id]
                            for rule_id in self.rule_ids()
                        },
                        "returned": returned,
                        "return_rate": rate(returned, families),
                    }
                )
            result[dimension] = rows
        return result

    def _returns_json(self) -> dict[str, Any]:
        by_rule = []
        for rule_id in self.rule_ids():
            entry: dict[str, Any] = {"rule_id": rule_id}
            for outcome in OUTCOMES:
                families = self.rule_outcomes[rule_id, outcome]
                returned = self.rule_returned[rule_id, outcome]
                entry[outcome] = {
                    "families": families,
                    "returned": returned,
                    "return_rate": rate(returned, families),
                }
            by_rule.append(entry)
        return {
            "description": "A family returned when a child's CP plan starts after the "
            "decision date; families without a later plan may still return after the extract.",
            "families_with_later_plan": self.returned,
            "of": self.assessed,
            "return_rate": rate(self.returned, self.assessed),
            "bands": {band: self.bands[band] for band in RETURN_BANDS},
            "within_2_years": self.bands["<1y"] + self.bands["1-2y"],
            "by_verdict": {
                v: {
                    "families": self.verdicts[v],
                    "returned": self.verdict_returned[v],
                    "return_rate": rate(self.verdict_returned[v], self.verdicts[v]),
                }
                for v in VERDICTS
            },
            "by_rule": by_rule,
        }


class JudgedSets:
    """The cases on which both rules of a pair were judged, counted from the judged sets
    (`AuditSummary.judged_sets`) with bit masks: bit i of a rule's mask says whether the
    i-th judged set holds the rule, and bit i of `weight_bits[k]` is bit k of that set's
    count of cases. A pair's count is then a few ANDs and popcounts, where a scan of the
    sets per pair took most of the summary's time at 20k cases (thousands of sets)."""

    def __init__(self, judged_sets: Mapping[tuple[str, ...], int]) -> None:
        size = (len(judged_sets) + 7) // 8
        rule_bits: dict[str, bytearray] = {}
        weight_bits: list[bytearray] = []
        for position, (rules, cases) in enumerate(judged_sets.items()):
            byte, bit = divmod(position, 8)
            for rule_id in rules:
                rule_bits.setdefault(rule_id, bytearray(size))[byte] |= 1 << bit
            level = 0
            while cases:
                if level == len(weight_bits):
                    weight_bits.append(bytearray(size))
                if cases & 1:
                    weight_bits[level][byte] |= 1 << bit
                cases >>= 1
                level += 1
        self._rules = {rule_id: int.from_bytes(b, "little") for rule_id, b in rule_bits.items()}
        self._weights = [int.from_bytes(b, "little") for b in weight_bits]

    def both(self, first: str, second: str) -> int:
        sets = self._rules.get(first, 0) & self._rules.get(second, 0)
        return sum(
            (sets & weight).bit_count() << level for level, weight in enumerate(self._weights)
        )


_COUNTERS = (
    "rejected_by_stage",
    "verdicts",
    "verdict_returned",
    "rule_outcomes",
    "rule_returned",
    "pairs",
    "pairs_returned",
    "judged_sets",
    "bands",
    "group_families",
    "group_verdicts",
    "group_returned",
    "group_not_met",
)


def _group_order(dimension: str) -> Any:
    if dimension in _ROLE_DIMENSIONS:
        return CHANGE_GROUPS.index
    return str
