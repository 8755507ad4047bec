"""The re-audit report's section on the chairs' overrides (`summary.json` `chair_overrides`),
beside how often the audit found each rule not met."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from web.render import thousands
from web.tables import Row, Table, count, of


def overrides_view(
    summary: Mapping[str, Any], title_of: Callable[[str], str]
) -> dict[str, Any] | None:
    """None when the audit was run without counting overrides."""
    overrides = summary.get("chair_overrides")
    if overrides is None:
        return None
    decisions = int(overrides["decisions"])
    rules = {rule["rule_id"]: rule for rule in summary["rules"]}
    rows = []
    for entry in overrides["by_rule"]:
        rule = rules.get(entry["rule_id"])
        rows.append(
            Row(
                title_of(entry["rule_id"]),
                [
                    of(entry["decisions"], decisions),
                    count(entry["children"]),
                    of(rule["not_met"], rule["judged"]) if rule else count(0),
                ],
                detail=entry["rule_id"],
            )
        )
    return {
        "organisation": overrides["organisation"],
        "decisions": thousands(decisions),
        "deplanned_not_ready": thousands(int(overrides["children_deplanned_not_ready"])),
        "table": Table(
            "Rules the chairs overruled: decisions overruling the rule, of the decisions "
            "recorded; beside it, the families of this audit not meeting it, of those judged",
            ["rule", "decisions overruling it", "children", "not met in this audit"],
            rows,
        ),
    }
