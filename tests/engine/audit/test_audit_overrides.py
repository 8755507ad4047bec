"""The chairs' overrides in the re-audit: the counts a caller passes in reach the summary and
the report, beside each rule's outcomes; without them neither mentions overrides."""

import json
from pathlib import Path
from typing import Any

from engine.audit.overrides import ChairOverrides, RuleOverrides
from engine.audit.runner import AuditRequest, run_audit

COHORT = Path(__file__).resolve().parents[3] / "examples" / "cohort.jsonl"


def audit(out: Path, overrides: ChairOverrides | None) -> tuple[dict[str, Any], str]:
    run_audit(AuditRequest(inputs=[COHORT], out=out, workers=1, chair_overrides=overrides))
    return json.loads((out / "summary.json").read_text()), (out / "report.html").read_text()


def test_the_counts_passed_in_are_in_the_summary_and_the_report(tmp_path: Path) -> None:
    overrides = ChairOverrides(
        organisation="north",
        decisions=7,
        by_rule=(
            RuleOverrides("sustained-change", decisions=2, children=3),
            RuleOverrides("probation-mappa-check", decisions=5, children=6),
            RuleOverrides("a-retired-rule", decisions=1, children=1),
        ),
        deplanned_not_ready=4,
    )
    summary, report = audit(tmp_path / "out", overrides)
    assert summary["schema"] == "deplan-audit-summary/4"
    assert summary["chair_overrides"] == {
        "description": overrides.to_json()["description"],
        "organisation": "north",
        "decisions": 7,
        "children_deplanned_not_ready": 4,
        "by_rule": [
            {"rule_id": "probation-mappa-check", "decisions": 5, "children": 6},
            {"rule_id": "sustained-change", "decisions": 2, "children": 3},
            {"rule_id": "a-retired-rule", "decisions": 1, "children": 1},
        ],
    }
    section = report.split("Chairs’ overrides</h2>", 1)[1].split("<h2", 1)[0]
    assert "north" in section and "7 decisions in force" in section  # noqa: PT018
    assert "de-planned although the engine did not find them ready: <strong>4</strong>" in section
    rows = section.split("<tr")[2:]
    assert "probation-mappa-check" in rows[0] and "5 of 7" in rows[0]  # noqa: PT018
    assert "sustained-change" in rows[1] and "2 of 7" in rows[1]  # noqa: PT018
    # Beside it, how often this audit found the rule not met, of the families it judged.
    rule = next(r for r in summary["rules"] if r["rule_id"] == "sustained-change")
    assert f"{rule['not_met']} of {rule['judged']}" in rows[1]
    assert "a-retired-rule" in rows[2]


def test_no_decisions_is_said_plainly(tmp_path: Path) -> None:
    _, report = audit(tmp_path / "out", ChairOverrides("north", 0, ()))
    assert "No chair overruled a finding." in report


def test_without_counts_nothing_is_said_about_overrides(tmp_path: Path) -> None:
    summary, report = audit(tmp_path / "out", None)
    assert "chair_overrides" not in summary
    assert "Chairs’ overrides" not in report
