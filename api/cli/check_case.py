"""What `deplan check` does, without Typer: assess one case file and show the verdict and
findings. The Typer command (api/cli/check.py) and the plain path (api/cli/plain_check.py)
both run it."""

import datetime as dt
from pathlib import Path

from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from api.cli.console import load_rules_or_exit, out, read_case_or_exit
from engine.ruleset import OUTCOME_WORDS
from models.assessment import Assessment, Finding, Outcome, Severity, Verdict
from models.codes import PlanDecision

VERDICT_STYLE = {
    Verdict.READY: ("READY", "bold green"),
    Verdict.NOT_READY: ("NOT READY", "bold red"),
    Verdict.INSUFFICIENT_INFORMATION: ("INSUFFICIENT INFORMATION", "bold yellow"),
    Verdict.OUT_OF_SCOPE: ("OUTSIDE THE SCOPE OF THESE RULES", "bold magenta"),
}
OUTCOME_STYLE = {
    Outcome.MET: "green",
    Outcome.NOT_MET: "red",
    Outcome.INSUFFICIENT_INFORMATION: "yellow",
    Outcome.NOT_APPLICABLE: "dim",
}


def assess_case_file(case_file: Path, as_of: dt.date | None, rules: Path | None) -> Assessment:
    """The case in `case_file` assessed against the rules with the overlay `rules` (else
    `DEPLAN_RULES`); exits with the code of a bad case or rules, having said why."""
    ruleset = load_rules_or_exit(rules)
    case, text = read_case_or_exit(case_file)
    return ruleset.assess(case, as_of, source=text)


def show_assessment(assessment: Assessment) -> None:
    label, style = VERDICT_STYLE[assessment.verdict]
    summary = Text.assemble(
        (label, style),
        f"\n{assessment.verdict_reason}\n",
        (
            f"case {assessment.case_ref} · as of {assessment.as_of} · rules {assessment.ruleset.version} "
            f"({assessment.ruleset.content_hash[:19]}…) · engine {assessment.engine_version}",
            "dim",
        ),
    )
    if assessment.earliest_ready_date:
        summary.append(
            f"\nEarliest date the time-based rules could be met: {assessment.earliest_ready_date}"
        )
    out.print(Panel(summary, title="deplan check", expand=False))
    if len(assessment.children) > 1:
        _show_children(assessment)
    if assessment.data_quality:
        out.print(Text("Data quality (read these first)", style="bold"))
        for problem in assessment.data_quality:
            out.print(Text.assemble("  • ", (problem.path, "bold"), f": {problem.message}"))
    _show_findings(assessment.findings)
    counts = assessment.counts
    out.print(
        f"{counts.met} met · {counts.not_met} not met · {counts.insufficient_information} "
        f"insufficient information · {counts.not_applicable} not applicable"
    )


def _show_children(assessment: Assessment) -> None:
    table = Table(title="Each child", expand=True)
    table.add_column("Child", no_wrap=True)
    table.add_column("Proposed", no_wrap=True)
    table.add_column("Verdict", no_wrap=True)
    table.add_column("Gaps of this child's own (beyond the family's findings)", ratio=1)
    for child in assessment.children:
        label, style = VERDICT_STYLE[child.verdict]
        differs = "; ".join(
            f"{f.rule_id}: {f.outcome.value.replace('_', ' ')}"
            for f in child.findings
            if f.outcome in (Outcome.NOT_MET, Outcome.INSUFFICIENT_INFORMATION)
        )
        table.add_row(
            child.child_ref,
            OUTCOME_WORDS[PlanDecision(child.proposed_outcome)],
            Text(label, style=style),
            differs or "none",
        )
    out.print(table)


def _show_findings(findings: list[Finding]) -> None:
    table = Table(show_lines=True, expand=True)
    table.add_column("Outcome", no_wrap=True)
    table.add_column("Rule", width=30)
    table.add_column("Reason and next step", ratio=1)
    for finding in findings:
        detail = Text(finding.reason)
        if finding.next_step:
            detail.append(f"\nNext: {finding.next_step}", style="italic")
        outcome = Text(finding.outcome.value.replace("_", " ").replace("information", "info"))
        outcome.stylize(OUTCOME_STYLE[finding.outcome])
        outcome.append(
            f"\n{finding.severity.value}",
            style="bold" if finding.severity is Severity.BLOCKING else "dim",
        )
        table.add_row(
            outcome,
            Text(f"{finding.rule_id}\n", style="bold").append(finding.title, style="dim"),
            detail,
        )
    out.print(table)
