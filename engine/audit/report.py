"""The re-audit report: one self-contained HTML file made from `summary.json`.

This module shapes the summary into what the page shows (labels, counts with their
denominators, the geometry of each chart); the HTML is the `audit/report.html` template of
the shared `web` package, autoescaped. No scripts, no external styles, fonts or images: the
stylesheet is inlined and the charts are inline SVG, each with a table of the same numbers.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

from engine.audit.context import RETURN_BAND_LABELS
from engine.audit.labels import (
    CATEGORY_LABELS,
    COLOURS,
    DIMENSION_LABELS,
    OUTCOME_LABELS,
    VERDICT_LABELS,
    group_label,
    rules_method,
)
from engine.audit.report_compare import compare_view
from engine.audit.report_figures import (
    cascade_view,
    children_statement,
    nested_view,
    trio_view,
)
from engine.audit.report_overrides import overrides_view
from web.charts import rate_bars, stacked_bars
from web.render import percent, render, thousands
from web.tables import (
    SMALL_GROUP,
    Figure,
    Row,
    Statement,
    Table,
    count,
    of,
    rate,
    share,
    small_group_flag,
    text,
)

_RULE_OUTCOMES = ("met", "not_met", "insufficient_information", "not_applicable")


def render_report(summary: dict[str, Any], compare: dict[str, Any] | None = None) -> str:
    return render("audit/report.html", r=report_view(summary, compare))


def report_view(summary: Mapping[str, Any], compare: Mapping[str, Any] | None) -> dict[str, Any]:
    titles = {rule["rule_id"]: rule["title"] for rule in summary["rules"]}

    def title_of(rule_id: str) -> str:
        return str(titles.get(rule_id, rule_id))

    ruleset = summary.get("ruleset", {})
    rule_statements, rules_figure = _rules(summary["rules"])
    pairs = _pairs(summary["co_occurrence"], title_of)
    return {
        "generated_at": summary.get("generated_at", ""),
        "ruleset": f"{ruleset.get('version', '')} ({str(ruleset.get('content_hash', ''))[:19]})",
        "engine_version": summary.get("engine_version", ""),
        "inputs": ", ".join(summary.get("inputs", [])),
        "rules_method": rules_method(summary.get("rules_on")),
        "small_group": SMALL_GROUP,
        "headlines": _headlines(summary),
        "nested": nested_view(summary["nested"], title_of),
        "cascade": cascade_view(summary["worker_changes"]),
        "trio": trio_view(summary["toxic_trio"]),
        "records": _records(summary["counts"]),
        "verdicts": _verdicts(summary["verdicts"], summary["counts"]["assessed"]),
        "rule_statements": rule_statements,
        "rules": rules_figure,
        "pairs": pairs,
        "pair_count": len(summary["co_occurrence"]["pairs"]),
        "return_statements": _return_statements(summary["returns"]),
        "bands": _bands(summary["returns"]),
        "returns_by_verdict": _returns_by_verdict(summary["returns"]["by_verdict"]),
        "returns_by_rule": _returns_by_rule(summary["returns"]["by_rule"], title_of),
        "category_codes": sorted(
            (row["group"], CATEGORY_LABELS.get(row["group"], "not a known code"))
            for row in summary["breakdowns"].get("category_of_abuse", [])
        ),
        "breakdowns": _breakdowns(summary["breakdowns"], title_of),
        "compare": None if compare is None else compare_view(compare, title_of),
        "overrides": overrides_view(summary, title_of),
    }


def _headlines(summary: Mapping[str, Any]) -> list[Statement]:
    assessed = summary["counts"]["assessed"]
    returns = summary["returns"]
    within_two = returns["within_2_years"]
    returned = returns["families_with_later_plan"]
    return [
        children_statement(summary),
        Statement(
            f"{thousands(returned)} of {thousands(assessed)}",
            f"families ({percent(returns['return_rate'])}) came back onto a CP plan;",
        ),
        Statement(
            f"{thousands(within_two)} of {thousands(returned)}",
            "of those returned within 2 years of the decision to end the plan (the paper: 8 "
            "of 16).",
        ),
    ]


def _records(counts: Mapping[str, Any]) -> Table:
    rows = [
        Row("read", [count(counts["records_read"])]),
        Row("assessed", [count(counts["assessed"])]),
        Row("rejected (see rejected.jsonl)", [count(counts["rejected"])]),
        *[Row(f"– rejected at {k}", [count(v)]) for k, v in counts["rejected_by_stage"].items()],
        Row("blank lines skipped", [count(counts["blank_lines_skipped"])]),
    ]
    return Table(
        "Records read, assessed and rejected (read = assessed + rejected)", ["", "records"], rows
    )


def _verdicts(verdicts: Mapping[str, int], assessed: int) -> Figure:
    return Figure(
        stacked_bars(
            "verdicts",
            "Families by verdict",
            [(VERDICT_LABELS[v], [n]) for v, n in verdicts.items()],
            [("families", COLOURS["bar"])],
        ),
        Table(
            f"Verdicts, of {thousands(assessed)} families assessed",
            ["verdict", "families", "share"],
            [Row(VERDICT_LABELS[v], [count(n), share(n, assessed)]) for v, n in verdicts.items()],
        ),
    )


def _rules(rules: Sequence[Mapping[str, Any]]) -> tuple[list[Statement], Figure]:
    ordered = sorted(rules, key=lambda r: (-r["not_met"], r["rule_id"]))
    statements = [
        Statement(
            f"{thousands(r['not_met'])} of {thousands(r['judged'])}",
            f"families judged: {r['title']} — not met ({r['severity']}).",
        )
        for r in ordered
        if r["not_met"]
    ]
    series = [(OUTCOME_LABELS[k], COLOURS[k]) for k in _RULE_OUTCOMES]
    chart = stacked_bars(
        "rules",
        "Outcome of each rule, families",
        [(r["title"], [r[k] for k in _RULE_OUTCOMES]) for r in ordered],
        series,
    )
    table = Table(
        "Families per rule and outcome; not met of the families the rule judged (met or not met)",
        [
            "rule",
            "severity",
            "not met, of judged",
            *[OUTCOME_LABELS[k] for k in _RULE_OUTCOMES],
            "not in force",
        ],
        [
            Row(
                r["title"],
                [
                    text(r["severity"]),
                    of(r["not_met"], r["judged"]),
                    *[count(r[k]) for k in _RULE_OUTCOMES],
                    count(r["not_in_force"]),
                ],
                detail=r["rule_id"],
            )
            for r in ordered
        ],
    )
    return statements, Figure(chart, table)


def _pairs(co: Mapping[str, Any], title_of: Callable[[str], str]) -> list[dict[str, Any]]:
    sections = []
    for key, heading in (
        ("top_blocking", "Blocking rules most often not met together"),
        ("top", "Any rules (advisory included) most often not met together"),
    ):
        if not co[key]:
            continue
        names = [(title_of(p["rules"][0]), title_of(p["rules"][1])) for p in co[key]]
        chart = stacked_bars(
            f"pairs-{key}",
            heading,
            [(f"{a} + {b}", [p["both_not_met"]]) for (a, b), p in zip(names, co[key], strict=True)],
            [("families", COLOURS["not_met"])],
        )
        table = Table(
            f"{heading}: both not met, of the families judged on both rules",
            [
                "not met",
                "and not met",
                "both",
                "first alone",
                "second alone",
                "returned",
                "return rate",
            ],
            [
                Row(
                    a,
                    [
                        text(b),
                        of(p["both_not_met"], p["both_judged"]),
                        count(p["first_not_met"]),
                        count(p["second_not_met"]),
                        count(p["returned"]),
                        rate(p["return_rate"]),
                    ],
                )
                for (a, b), p in zip(names, co[key], strict=True)
            ],
        )
        sections.append({"heading": heading, "chart": chart, "table": table})
    return sections


def _return_statements(returns: Mapping[str, Any]) -> list[Statement]:
    return [
        Statement(
            f"{thousands(returns['families_with_later_plan'])} of {thousands(returns['of'])}",
            f"families ({percent(returns['return_rate'])}) have a later CP plan in the extract.",
        )
    ]


def _bands(returns: Mapping[str, Any]) -> Figure:
    returned = returns["families_with_later_plan"]
    bands = returns["bands"]
    return Figure(
        stacked_bars(
            "bands",
            "Time to return",
            [(RETURN_BAND_LABELS[b], [n]) for b, n in bands.items()],
            [("families", COLOURS["bar"])],
        ),
        Table(
            f"Families by time from de-planning to the next CP plan, of {thousands(returned)} returned",
            ["time to return", "families", "share of returns"],
            [Row(RETURN_BAND_LABELS[b], [count(n), share(n, returned)]) for b, n in bands.items()],
        ),
    )


def _returns_by_verdict(by_verdict: Mapping[str, Any]) -> Table:
    return Table(
        "Return rate by the verdict the tool gives now",
        ["verdict", "returned, of families", "return rate"],
        [
            Row(
                VERDICT_LABELS[v],
                [of(e["returned"], e["families"]), rate(e["return_rate"])],
                flag=small_group_flag(e["families"]),
            )
            for v, e in by_verdict.items()
        ],
    )


def _returns_by_rule(
    by_rule: Sequence[Mapping[str, Any]], title_of: Callable[[str], str]
) -> Figure:
    ordered = sorted(
        by_rule,
        key=lambda r: -((r["not_met"]["return_rate"] or 0) - (r["met"]["return_rate"] or 0)),
    )
    chart = rate_bars(
        "returns-by-rule",
        "Return rate by rule outcome",
        [
            (title_of(r["rule_id"]), [r["not_met"]["return_rate"], r["met"]["return_rate"]])
            for r in ordered
        ],
        [("not met", COLOURS["not_met"]), ("met", COLOURS["met"])],
    )
    rows = []
    for r in ordered:
        cells = []
        for outcome in ("not_met", "met", "insufficient_information"):
            entry = r[outcome]
            cells += [of(entry["returned"], entry["families"]), rate(entry["return_rate"])]
        smallest = min(r["not_met"]["families"], r["met"]["families"])
        rows.append(Row(title_of(r["rule_id"]), cells, flag=small_group_flag(smallest)))
    table = Table(
        "Families returned, by rule outcome (a rule is flagged when its met or not-met group is small)",
        [
            "rule",
            "not met: returned",
            "rate",
            "met: returned",
            "rate",
            "lacked information: returned",
            "rate",
        ],
        rows,
    )
    return Figure(chart, table)


def _breakdowns(
    breakdowns: Mapping[str, Sequence[Mapping[str, Any]]], title_of: Callable[[str], str]
) -> list[dict[str, Any]]:
    verdict_series = [(VERDICT_LABELS[v], COLOURS[v]) for v in VERDICT_LABELS]
    sections: list[dict[str, Any]] = []
    for dimension, groups in breakdowns.items():
        heading = DIMENSION_LABELS.get(dimension, dimension)
        if not groups:
            sections.append({"heading": heading, "chart": None, "table": None})
            continue
        rows = []
        for group in groups:
            worst = max(group["not_met"].items(), key=lambda item: (item[1], item[0]), default=None)
            rows.append(
                Row(
                    group_label(dimension, group["group"]),
                    [
                        count(group["families"]),
                        *[count(group["verdicts"][v]) for v in VERDICT_LABELS],
                        of(group["returned"], group["families"]),
                        rate(group["return_rate"]),
                        text(
                            f"{title_of(worst[0])} ({thousands(worst[1])})"
                            if worst and worst[1]
                            else "–"
                        ),
                    ],
                    flag=small_group_flag(group["families"]),
                )
            )
        chart = stacked_bars(
            f"breakdown-{dimension}",
            f"{heading}: families by verdict",
            [
                (group_label(dimension, g["group"]), [g["verdicts"][v] for v in VERDICT_LABELS])
                for g in groups
            ],
            verdict_series,
        )
        table = Table(
            heading,
            [
                "group",
                "families",
                *VERDICT_LABELS.values(),
                "returned",
                "return rate",
                "rule most often not met",
            ],
            rows,
        )
        sections.append({"heading": heading, "chart": chart, "table": table})
    return sections
