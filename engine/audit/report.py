"""The re-audit report: one self-contained HTML file made from `summary.json`.

No scripts, no external styles, fonts or images: styles are inline in a `<style>` element,
charts are inline SVG, and every chart has a table beside it with the same numbers (the
table is what a screen reader reads; the SVG carries a title and description too).
Every string from the data is escaped.
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape
from typing import Any

from engine.audit.context import RETURN_BAND_LABELS

VERDICT_LABELS = {
    "ready": "ready",
    "not_ready": "not ready",
    "insufficient_information": "insufficient information",
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
# Colour-blind-safe palette (Okabe-Ito), each with a text label on the chart as well.
COLOURS = {
    "ready": "#009E73",
    "met": "#009E73",
    "not_ready": "#D55E00",
    "not_met": "#D55E00",
    "insufficient_information": "#E69F00",
    "not_applicable": "#999999",
    "bar": "#0072B2",
    "alt": "#CC79A7",
}

_CSS = """
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:0;color:#1b1b1b;
background:#fff;line-height:1.45}
main{max-width:1200px;margin:0 auto;padding:1rem 1.5rem 3rem}
h1{font-size:1.6rem;margin:.5rem 0}h2{font-size:1.3rem;margin-top:2.2rem;
border-bottom:2px solid #0072B2;padding-bottom:.2rem}h3{font-size:1.05rem;margin-top:1.6rem}
.meta{color:#444;font-size:.9rem}
.figure{display:flex;flex-wrap:wrap;gap:1.5rem;align-items:flex-start;margin:.8rem 0}
.figure svg{flex:0 0 auto;max-width:100%;height:auto}
.figure .table-wrap{flex:1 1 320px;overflow-x:auto}
table{border-collapse:collapse;font-size:.85rem}
caption{text-align:left;font-weight:600;padding:.3rem 0}
th,td{border:1px solid #ccc;padding:.25rem .5rem;text-align:right;vertical-align:top}
th[scope=row],td.text{text-align:left}thead th{background:#f0f4f8}
.callout{background:#f0f4f8;border-left:4px solid #0072B2;padding:.6rem 1rem;margin:.8rem 0}
.legend{font-size:.8rem}.note{color:#444;font-size:.85rem}
ul.findings li{margin:.2rem 0}
"""


def _e(value: object) -> str:
    return escape(str(value), quote=True)


def _pct(value: float | None) -> str:
    return "–" if value is None else f"{value * 100:.0f}%"


def _share(part: int, whole: int) -> str:
    return "–" if not whole else f"{part / whole * 100:.0f}%"


class _Ids:
    def __init__(self) -> None:
        self.n = 0

    def next(self) -> str:
        self.n += 1
        return f"c{self.n}"


def _short(text: str, limit: int = 46) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _stacked_bars(
    ids: _Ids,
    title: str,
    rows: Sequence[tuple[str, Sequence[int]]],
    series: Sequence[tuple[str, str]],
    scale: int | None = None,
) -> str:
    """Horizontal bars, one per row, each stacked from the series values."""
    chart_id = ids.next()
    label_w, bar_w, row_h, top = 330, 380, 24, 28
    total_max = scale or max((sum(values) for _, values in rows), default=0) or 1
    height = top + row_h * len(rows) + 10
    width = label_w + bar_w + 60
    parts = [
        f'<svg role="img" aria-labelledby="{chart_id}-t {chart_id}-d" width="{width}" '
        f'height="{height}" viewBox="0 0 {width} {height}">',
        f'<title id="{chart_id}-t">{_e(title)}</title>',
        f'<desc id="{chart_id}-d">Bar chart; the same numbers are in the table beside it.</desc>',
    ]
    parts.extend(_legend(series, label_w))
    for index, (label, values) in enumerate(rows):
        y = top + index * row_h
        parts.append(_row_label(label, label_w, y + 15))
        x0 = float(label_w)
        for (name, colour), value in zip(series, values, strict=True):
            w = bar_w * value / total_max
            if w > 0:
                parts.append(
                    f'<rect x="{x0:.1f}" y="{y + 3}" width="{w:.1f}" height="{row_h - 8}" '
                    f'fill="{colour}"><title>{_e(label)} – {_e(name)}: {value}</title></rect>'
                )
                if w >= 22 and len(series) > 1:
                    parts.append(
                        f'<text x="{x0 + w / 2:.1f}" y="{y + 15}" font-size="10" '
                        f'text-anchor="middle" fill="#fff">{value}</text>'
                    )
            x0 += w
        if len(series) == 1:
            parts.append(f'<text x="{x0 + 4:.1f}" y="{y + 15}" font-size="11">{values[0]}</text>')
    parts.append("</svg>")
    return "".join(parts)


def _rate_bars(
    ids: _Ids,
    title: str,
    rows: Sequence[tuple[str, Sequence[float | None]]],
    series: Sequence[tuple[str, str]],
) -> str:
    """Grouped horizontal bars of rates (0..1), one group per row."""
    chart_id = ids.next()
    label_w, bar_w, bar_h, top = 330, 330, 10, 28
    row_h = bar_h * len(series) + 10
    height = top + row_h * len(rows) + 10
    width = label_w + bar_w + 60
    parts = [
        f'<svg role="img" aria-labelledby="{chart_id}-t {chart_id}-d" width="{width}" '
        f'height="{height}" viewBox="0 0 {width} {height}">',
        f'<title id="{chart_id}-t">{_e(title)}</title>',
        f'<desc id="{chart_id}-d">Bar chart of rates; the same numbers are in the table '
        "beside it.</desc>",
    ]
    parts.extend(_legend(series, label_w))
    for index, (label, values) in enumerate(rows):
        y = top + index * row_h
        parts.append(_row_label(label, label_w, y + bar_h + 4))
        for n, ((name, colour), value) in enumerate(zip(series, values, strict=True)):
            yy = y + n * bar_h
            w = 0.0 if value is None else bar_w * value
            parts.append(
                f'<rect x="{label_w}" y="{yy}" width="{w:.1f}" height="{bar_h - 1}" '
                f'fill="{colour}"><title>{_e(label)} – {_e(name)}: {_pct(value)}</title></rect>'
            )
            parts.append(
                f'<text x="{label_w + w + 4:.1f}" y="{yy + bar_h - 1}" font-size="9">'
                f"{_pct(value)}</text>"
            )
    parts.append("</svg>")
    return "".join(parts)


def _table(caption: str, head: Sequence[str], rows: Sequence[Sequence[object]]) -> str:
    """A table whose first column is the row header; cells are escaped."""
    out = [f"<table><caption>{_e(caption)}</caption><thead><tr>"]
    out += [f'<th scope="col">{_e(h)}</th>' for h in head]
    out.append("</tr></thead><tbody>")
    for row in rows:
        out.append(f'<tr><th scope="row">{_e(row[0])}</th>')
        for cell in row[1:]:
            css = ' class="text"' if isinstance(cell, str) and not _numeric(cell) else ""
            out.append(f"<td{css}>{_e(cell)}</td>")
        out.append("</tr>")
    out.append("</tbody></table>")
    return "".join(out)


def _numeric(text: str) -> bool:
    return text.rstrip("%").replace(".", "", 1).replace("–", "").isdigit() or text == "–"


def _figure(svg: str, table: str) -> str:
    return f'<div class="figure">{svg}<div class="table-wrap">{table}</div></div>'


def render_report(summary: dict[str, Any], compare: dict[str, Any] | None = None) -> str:
    ids = _Ids()
    counts = summary["counts"]
    assessed = counts["assessed"]
    titles = {rule["rule_id"]: rule["title"] for rule in summary["rules"]}

    def title_of(rule_id: str) -> str:
        return str(titles.get(rule_id, rule_id))

    body: list[str] = ["<main>", "<h1>Repeat child protection plan re-audit</h1>"]
    ruleset = summary.get("ruleset", {})
    body.append(
        f'<p class="meta">Generated {_e(summary.get("generated_at", ""))} · rules '
        f"{_e(ruleset.get('version', ''))} ({_e(str(ruleset.get('content_hash', ''))[:12])}) · "
        f"engine {_e(summary.get('engine_version', ''))} · inputs: "
        f"{_e(', '.join(summary.get('inputs', [])))}</p>"
    )
    body.append(
        '<p class="note">Each case was assessed as at its own decision date, using only what '
        "had been recorded by then. A family <em>returned</em> when a child's CP plan starts "
        "after that date; families without a later plan in the extract may still return.</p>"
    )

    # Counts and verdicts ---------------------------------------------------------------------
    body.append("<h2>Records</h2>")
    body.append(
        _table(
            "Records read, assessed and rejected (read = assessed + rejected)",
            ["", "records"],
            [
                ("read", counts["records_read"]),
                ("assessed", assessed),
                ("rejected (see rejected.jsonl)", counts["rejected"]),
                *[(f"– rejected at {k}", v) for k, v in counts["rejected_by_stage"].items()],
                ("blank lines skipped", counts["blank_lines_skipped"]),
            ],
        )
    )
    verdicts = summary["verdicts"]
    body.append("<h2>Verdicts</h2>")
    verdict_rows = [(VERDICT_LABELS[v], [n]) for v, n in verdicts.items()]
    body.append(
        _figure(
            _stacked_bars(ids, "Families by verdict", verdict_rows, [("families", COLOURS["bar"])]),
            _table(
                f"Verdicts, of {assessed} families assessed",
                ["verdict", "families", "share"],
                [(VERDICT_LABELS[v], n, _share(n, assessed)) for v, n in verdicts.items()],
            ),
        )
    )

    # Per rule ----------------------------------------------------------------------------------
    body.append("<h2>Findings by rule</h2>")
    failing = sorted(summary["rules"], key=lambda r: (-r["not_met"], r["rule_id"]))
    body.append('<div class="callout"><ul class="findings">')
    for rule in failing:
        if rule["not_met"]:
            body.append(
                f"<li>In <strong>{rule['not_met']} of {assessed}</strong> families: "
                f"{_e(rule['title'])} — not met ({_e(rule['severity'])}).</li>"
            )
    body.append("</ul></div>")
    outcome_keys = ["met", "not_met", "insufficient_information", "not_applicable"]
    series = [(OUTCOME_LABELS[k], COLOURS[k]) for k in outcome_keys]
    rule_rows = [(r["title"], [r[k] for k in outcome_keys]) for r in failing]
    body.append(
        _figure(
            _stacked_bars(ids, "Outcome of each rule, families", rule_rows, series),
            _table(
                "Families per rule and outcome",
                [
                    "rule",
                    "id",
                    "severity",
                    *[OUTCOME_LABELS[k] for k in outcome_keys],
                    "not in force",
                ],
                [
                    (
                        r["title"],
                        r["rule_id"],
                        r["severity"],
                        *[r[k] for k in outcome_keys],
                        r["not_in_force"],
                    )
                    for r in failing
                ],
            ),
        )
    )

    # Co-occurrence -------------------------------------------------------------------------------
    co = summary["co_occurrence"]
    body.append("<h2>Failures that occur together</h2>")
    if co["headline"]:
        body.append('<div class="callout"><ul class="findings">')
        for pair in co["headline"]:
            body.append(
                f"<li><strong>{pair['both_not_met']} of {pair['of']}</strong>: "
                f"{_e(pair['description'])}.</li>"
            )
        body.append("</ul></div>")
    for key, heading in (
        ("top_blocking", "Blocking rules most often not met together"),
        ("top", "Any rules (advisory included) most often not met together"),
    ):
        if not co[key]:
            continue
        body.append(f"<h3>{_e(heading)}</h3>")
        pair_rows = [(f"{p['rules'][0]} + {p['rules'][1]}", [p["both_not_met"]]) for p in co[key]]
        body.append(
            _figure(
                _stacked_bars(
                    ids,
                    heading,
                    pair_rows,
                    [("families", COLOURS["not_met"])],
                ),
                _table(
                    f"{heading}, of {co['of']} families",
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
                        (
                            title_of(p["rules"][0]),
                            title_of(p["rules"][1]),
                            f"{p['both_not_met']} of {p['of']}",
                            p["first_not_met"],
                            p["second_not_met"],
                            p["returned"],
                            _pct(p["return_rate"]),
                        )
                        for p in co[key]
                    ],
                ),
            )
        )
    if co["pairs"]:
        body.append(
            f'<p class="note">All {len(co["pairs"])} pairs with at least one family are in '
            "summary.json.</p>"
        )
    else:
        body.append("<p>No family failed two rules.</p>")

    # Returns -----------------------------------------------------------------------------------
    returns = summary["returns"]
    body.append("<h2>Families coming back</h2>")
    body.append(
        f"<p><strong>{returns['families_with_later_plan']} of {returns['of']}</strong> families "
        f"({_pct(returns['return_rate'])}) have a later CP plan in the extract.</p>"
    )
    band_rows = [(RETURN_BAND_LABELS[b], [n]) for b, n in returns["bands"].items()]
    body.append(
        _figure(
            _stacked_bars(ids, "Time to return", band_rows, [("families", COLOURS["bar"])]),
            _table(
                "Families by time from de-planning to the next CP plan",
                ["time to return", "families", "share of returns"],
                [
                    (RETURN_BAND_LABELS[b], n, _share(n, returns["families_with_later_plan"]))
                    for b, n in returns["bands"].items()
                ],
            ),
        )
    )
    by_verdict = returns["by_verdict"]
    body.append(
        _table(
            "Return rate by the verdict the tool gives now",
            ["verdict", "families", "returned", "return rate"],
            [
                (VERDICT_LABELS[v], e["families"], e["returned"], _pct(e["return_rate"]))
                for v, e in by_verdict.items()
            ],
        )
    )
    body.append("<h3>Return rate when a rule was not met against when it was met</h3>")
    rule_returns = sorted(
        returns["by_rule"],
        key=lambda r: -((r["not_met"]["return_rate"] or 0) - (r["met"]["return_rate"] or 0)),
    )
    body.append(
        _figure(
            _rate_bars(
                ids,
                "Return rate by rule outcome",
                [
                    (title_of(r["rule_id"]), [r["not_met"]["return_rate"], r["met"]["return_rate"]])
                    for r in rule_returns
                ],
                [("not met", COLOURS["not_met"]), ("met", COLOURS["met"])],
            ),
            _table(
                "Families returned, by rule outcome",
                [
                    "rule",
                    "not met: returned",
                    "rate",
                    "met: returned",
                    "rate",
                    "lacked information: returned",
                    "rate",
                ],
                [
                    (
                        title_of(r["rule_id"]),
                        f"{r['not_met']['returned']} of {r['not_met']['families']}",
                        _pct(r["not_met"]["return_rate"]),
                        f"{r['met']['returned']} of {r['met']['families']}",
                        _pct(r["met"]["return_rate"]),
                        f"{r['insufficient_information']['returned']} of "
                        f"{r['insufficient_information']['families']}",
                        _pct(r["insufficient_information"]["return_rate"]),
                    )
                    for r in rule_returns
                ],
            ),
        )
    )

    # Breakdowns --------------------------------------------------------------------------------
    body.append("<h2>Breakdowns</h2>")
    body.append(
        '<p class="note">A family with several categories of abuse or several risks counts '
        "once in each of its groups. Changes of worker: distinct workers allocated in the role "
        "during the plan, minus one.</p>"
    )
    verdict_series = [(VERDICT_LABELS[v], COLOURS[v]) for v in VERDICT_LABELS]
    for dimension, rows in summary["breakdowns"].items():
        label = DIMENSION_LABELS.get(dimension, dimension)
        body.append(f"<h3>{_e(label)}</h3>")
        if not rows:
            body.append("<p>No families.</p>")
            continue
        table_rows = []
        for row in rows:
            worst = max(row["not_met"].items(), key=lambda item: (item[1], item[0]), default=None)
            table_rows.append(
                (
                    row["group"],
                    row["families"],
                    *[row["verdicts"][v] for v in VERDICT_LABELS],
                    row["returned"],
                    _pct(row["return_rate"]),
                    f"{title_of(worst[0])} ({worst[1]})" if worst and worst[1] else "–",
                )
            )
        body.append(
            _figure(
                _stacked_bars(
                    ids,
                    f"{label}: families by verdict",
                    [(row["group"], [row["verdicts"][v] for v in VERDICT_LABELS]) for row in rows],
                    verdict_series,
                ),
                _table(
                    label,
                    [
                        "group",
                        "families",
                        *VERDICT_LABELS.values(),
                        "returned",
                        "return rate",
                        "rule most often not met",
                    ],
                    table_rows,
                ),
            )
        )

    if compare is not None:
        body.append(_compare_section(ids, compare, title_of))

    body.append(
        '<p class="note">Counts are of families (one case per family). Figures are '
        "recomputable from assessments.jsonl and findings.csv.</p></main>"
    )
    return (
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        "<title>deplan re-audit report</title>"
        f"<style>{_CSS}</style></head><body>{''.join(body)}</body></html>\n"
    )


def _compare_section(ids: _Ids, compare: dict[str, Any], title_of: Any) -> str:
    old, new = compare["old_ruleset"], compare["new_ruleset"]
    parts = [
        "<h2>Impact of the rule change</h2>",
        f"<p>Old rules {_e(old['version'])} ({_e(old['content_hash'][:12])}), new rules "
        f"{_e(new['version'])} ({_e(new['content_hash'][:12])}): "
        f"<strong>{compare['cases_changed']} of {compare['cases']}</strong> cases change, "
        f"{compare['verdict_changes']} of them in verdict (details in changes.jsonl).</p>",
        _table(
            "Verdicts under the old and the new rules",
            ["old verdict", "new verdict", "cases"],
            [
                (VERDICT_LABELS[v["old"]], VERDICT_LABELS[v["new"]], v["cases"])
                for v in compare["verdicts"]
            ],
        ),
    ]
    if compare["findings"]:
        rows = [(title_of(f["rule_id"]), [f["cases_changed"]]) for f in compare["findings"]]
        parts.append(
            _figure(
                _stacked_bars(
                    ids, "Cases whose finding changes, per rule", rows, [("cases", COLOURS["alt"])]
                ),
                _table(
                    "Changes of finding per rule",
                    ["rule", "old outcome", "new outcome", "cases"],
                    [
                        (
                            title_of(f["rule_id"]),
                            _outcome_with_severity(t["old"], t["old_severity"]),
                            _outcome_with_severity(t["new"], t["new_severity"]),
                            t["cases"],
                        )
                        for f in compare["findings"]
                        for t in f["transitions"]
                    ],
                ),
            )
        )
    return "".join(parts)


def _outcome_with_severity(outcome: str, severity: str | None) -> str:
    label = OUTCOME_LABELS.get(outcome, outcome)
    return label if severity is None else f"{label} ({severity})"


def _legend(series: Sequence[tuple[str, str]], left: int) -> list[str]:
    """A chart's colour key, in a row above the bars."""
    parts: list[str] = []
    x = left
    for name, colour in series:
        parts.append(f'<rect x="{x}" y="6" width="12" height="12" fill="{colour}"/>')
        parts.append(f'<text x="{x + 16}" y="16" font-size="11">{_e(name)}</text>')
        x += 24 + 7 * len(name)
    return parts


def _row_label(label: str, label_w: int, baseline: float) -> str:
    """A bar row's label, shortened, with the full text as its tooltip."""
    return (
        f'<text x="{label_w - 8}" y="{baseline}" font-size="12" text-anchor="end">'
        f"<title>{_e(label)}</title>{_e(_short(label))}</text>"
    )
