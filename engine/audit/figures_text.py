"""The paper's figures as plain text, for `deplan audit` to print after an audit: families
and children, returns, the toxic trio and each nested count of `report.yaml`, every count
with the families it is of (the report shows the same, with charts)."""

from typing import Any


def figures_text(summary: dict[str, Any]) -> str:
    assessed = summary["counts"]["assessed"]
    returns = summary["returns"]
    trio = summary["toxic_trio"]
    lines = [
        f"{assessed:,} families, {summary['children']:,} children assessed",
        f"returned: {returns['families_with_later_plan']:,} of {returns['of']:,} "
        f"({returns['within_2_years']:,} within 2 years; by years after the decision: "
        + ", ".join(f"{band} {count:,}" for band, count in returns["bands"].items())
        + ")",
        "toxic trio: "
        + ", ".join(f"{aspect} {count:,}" for aspect, count in trio["aspects"].items())
        + f"; none {trio['none']:,}, two or more {trio['two_or_more']:,} (of {trio['of']:,})",
    ]
    cascade = summary["worker_changes"]["cascade"]
    lines.append(
        "changes of worker during the plan: "
        + ", then ".join(
            f"{step['role'].replace('_', ' ')} {step['families']:,} of {step['of']:,}"
            for step in cascade
        )
    )
    lines.append("rules not met, by families judged:")
    for rule in sorted(summary["rules"], key=lambda rule: -rule["not_met"]):
        if rule["not_met"]:
            lines.append(f"  {rule['not_met']:,} of {rule['judged']:,}  {rule['title']}")
    for chain in summary["nested"]:
        lines.append(f"{chain['title']}:")
        for step in chain["steps"]:
            paper = f"  [paper: {step['paper']}]" if step.get("paper") else ""
            lines.append(f"  {step['families']:,} of {step['of']:,}  {step['label']}{paper}")
    return "\n".join(lines)
