"""The report's sections for the briefing paper's own figures: children, the toxic trio, the
nested counts of `report.yaml` and the worker-change cascade."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from engine.audit.labels import COLOURS, trait_label
from web.charts import stacked_bars
from web.render import thousands
from web.tables import Figure, Row, Statement, Table, count, of, small_group_flag, text

ROLE_LABELS = {
    "social_worker": "a change of social worker",
    "team_manager": "a change of team manager",
    "cp_chair": "a change of CP chair",
}


def nested_view(
    nested: list[Mapping[str, Any]], title_of: Callable[[str], str]
) -> list[dict[str, Any]]:
    sections = []
    for chain in nested:
        rows = []
        for index, step in enumerate(chain["steps"]):
            whom = "families judged" if index == 0 else "of these"
            rows.append(
                Row(
                    step["label"],
                    [
                        of(step["families"], step["of"], whom),
                        count(step["judged"]),
                        text(step["paper"] or "–"),
                    ],
                    detail=" or ".join(title_of(rule_id) for rule_id in step["rule_ids"])
                    if step["kind"] == "rule"
                    else trait_label(step["name"]),
                    flag=small_group_flag(step["of"]),
                )
            )
        sections.append(
            {
                "heading": chain["title"],
                "table": Table(
                    f"{chain['title']}: each line counts, of the families on the line before, "
                    "those that did not meet its rule, or show what it names, too",
                    ["families", "counted", "judged on this line", "the paper"],
                    rows,
                ),
            }
        )
    return sections


def cascade_view(workers: Mapping[str, Any]) -> Figure:
    recorded = workers["recorded"]
    steps = workers["cascade"]
    labels = []
    for depth, step in enumerate(steps):
        label = ROLE_LABELS[step["role"]]
        labels.append(label if depth == 0 else f"… and also {label}")
    return Figure(
        stacked_bars(
            "worker-cascade",
            "Changes of worker during the plan, each nested in the one before",
            [(label, [step["families"]]) for label, step in zip(labels, steps, strict=True)],
            [("families", COLOURS["bar"])],
        ),
        Table(
            f"Changes of worker during the plan, of {thousands(recorded)} families with "
            "allocations recorded; each line of the families on the line before",
            ["families with", "families", "any change in the role"],
            [
                Row(
                    label,
                    [of(step["families"], step["of"]), count(workers["any"][step["role"]])],
                    flag=small_group_flag(step["of"]),
                )
                for label, step in zip(labels, steps, strict=True)
            ],
        ),
    )


def children_statement(summary: Mapping[str, Any]) -> Statement:
    return Statement(
        f"{thousands(summary['counts']['assessed'])} families, "
        f"{thousands(summary['children'])} children",
        "assessed.",
    )


def trio_view(trio: Mapping[str, Any]) -> dict[str, Any]:
    families = trio["of"]
    numbers = [
        ("no aspect of the toxic trio", trio["none"]),
        ("one aspect", trio["one"]),
        ("two or more aspects", trio["two_or_more"]),
    ]
    rows = [(f"with {aspect}", n) for aspect, n in trio["aspects"].items()] + numbers
    return {
        "figure": Figure(
            stacked_bars(
                "toxic-trio",
                "Families by the aspects of the toxic trio they show",
                [(label, [n]) for label, n in rows],
                [("families", COLOURS["bar"])],
            ),
            Table(
                f"The toxic trio, of {thousands(families)} families (a family counts in each "
                "aspect it shows)",
                ["families", "number"],
                [Row(label, [of(n, families)]) for label, n in rows],
            ),
        ),
        "combinations": Table(
            "Which aspects, together",
            ["aspects of the toxic trio", "families"],
            [
                Row(" + ".join(c["aspects"]) or "none", [count(c["families"])])
                for c in trio["combinations"]
            ],
        ),
    }
