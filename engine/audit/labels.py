"""The words and colours of the re-audit report: labels for codes, the method statement."""

from __future__ import annotations

import datetime as dt

from engine.dates import plain_date

VERDICT_LABELS = {
    "ready": "ready",
    "not_ready": "not ready",
    "insufficient_information": "insufficient information",
    "out_of_scope": "outside the rules' scope",
}
OUTCOME_LABELS = {
    "met": "met",
    "not_met": "not met",
    "insufficient_information": "lacked information",
    "not_applicable": "not applicable",
    "not_in_force": "not in force",
}
DIMENSION_LABELS = {
    "category_of_abuse": "By category of abuse",
    "risk_present": "By risk present",
    "social_worker_changes": "By number of changes of social worker",
    "team_manager_changes": "By number of changes of team manager",
    "cp_chair_changes": "By number of changes of CP chair",
}
CATEGORY_LABELS = {
    "NEG": "neglect",
    "PHY": "physical abuse",
    "SAB": "sexual abuse",
    "EMO": "emotional abuse",
    "MUL": "multiple categories",
}
"""The categories of abuse of a CP plan (the codes of the children in need census)."""
# Colour-blind-safe palette (Okabe-Ito); every chart also has a legend and a table.
COLOURS = {
    "ready": "#009E73",
    "met": "#009E73",
    "not_ready": "#D55E00",
    "not_met": "#D55E00",
    "insufficient_information": "#E69F00",
    "not_applicable": "#999999",
    "out_of_scope": "#56B4E9",
    "bar": "#0072B2",
    "alt": "#CC79A7",
}


def rules_method(rules_on: str | None) -> str:
    if rules_on is None:
        return "The rules and thresholds in force on each case’s decision date."
    day = plain_date(dt.date.fromisoformat(rules_on))
    return (
        f"The rules and thresholds in force on {day}, applied to every case whatever its "
        "decision date (today’s rules on yesterday’s facts, as the briefing paper did)."
    )


def group_label(dimension: str, group: str) -> str:
    if dimension == "category_of_abuse":
        return f"{CATEGORY_LABELS.get(group, group)} ({group})"
    if dimension == "risk_present":
        return group.replace("_", " ")
    if dimension.endswith("_changes") and group[:1].isdigit():
        return "no change" if group == "0" else f"{group} change{'' if group == '1' else 's'}"
    return group


def trait_label(name: str) -> str:
    """A characteristic of `report.yaml` in words: "risk:domestic_abuse" -> "recorded: domestic
    abuse risk"."""
    if name.startswith("risk:"):
        return f"recorded: {name.removeprefix('risk:').replace('_', ' ')} risk"
    return f"recorded: {name.replace('_', ' ')}"
