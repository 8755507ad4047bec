"""The report's impact-analysis section: what changes between two rule sets."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from engine.audit.labels import COLOURS, OUTCOME_LABELS, VERDICT_LABELS
from web.charts import stacked_bars
from web.render import thousands
from web.tables import Figure, Row, Table, count, text


def compare_view(compare: Mapping[str, Any], title_of: Callable[[str], str]) -> dict[str, Any]:
    old, new = compare["old_ruleset"], compare["new_ruleset"]
    findings = None
    if compare["findings"]:
        findings = Figure(
            stacked_bars(
                "compare",
                "Cases whose finding changes, per rule",
                [(title_of(f["rule_id"]), [f["cases_changed"]]) for f in compare["findings"]],
                [("cases", COLOURS["alt"])],
            ),
            Table(
                "Changes of finding per rule",
                ["rule", "old outcome", "new outcome", "cases"],
                [
                    Row(
                        title_of(f["rule_id"]),
                        [
                            text(_outcome_with_severity(t["old"], t["old_severity"])),
                            text(_outcome_with_severity(t["new"], t["new_severity"])),
                            count(t["cases"]),
                        ],
                    )
                    for f in compare["findings"]
                    for t in f["transitions"]
                ],
            ),
        )
    return {
        "old": f"{old['version']} ({old['content_hash'][:19]})",
        "new": f"{new['version']} ({new['content_hash'][:19]})",
        "changed": f"{thousands(compare['cases_changed'])} of {thousands(compare['cases'])}",
        "verdict_changes": compare["verdict_changes"],
        "verdicts": Table(
            "Verdicts under the old and the new rules",
            ["old verdict", "new verdict", "cases"],
            [
                Row(VERDICT_LABELS[v["old"]], [text(VERDICT_LABELS[v["new"]]), count(v["cases"])])
                for v in compare["verdicts"]
            ],
        ),
        "findings": findings,
    }


def _outcome_with_severity(outcome: str, severity: str | None) -> str:
    label = OUTCOME_LABELS.get(outcome, outcome)
    return label if severity is None else f"{label} ({severity})"
