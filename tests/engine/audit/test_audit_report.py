"""The report's content: what it says and how it writes numbers, labels and data."""

import copy
import json
import re
from pathlib import Path
from typing import Any

import pytest
from markupsafe import escape
from typer.testing import CliRunner

from api.cli import app
from engine.audit.report import render_report

COHORT = Path(__file__).resolve().parents[3] / "examples" / "cohort-with-errors.jsonl"


@pytest.fixture(scope="module")
def audited(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    out = tmp_path_factory.mktemp("report") / "out"
    result = CliRunner().invoke(
        app, ["audit", str(COHORT), "--out", str(out), "--workers", "1"], catch_exceptions=False
    )
    assert result.exit_code == 0, result.output
    loaded: dict[str, Any] = json.loads((out / "summary.json").read_text())
    return loaded


@pytest.fixture
def summary(audited: dict[str, Any]) -> dict[str, Any]:
    """A copy each test may change."""
    return copy.deepcopy(audited)


def svgs(html: str) -> str:
    return "".join(re.findall(r"<svg.*?</svg>", html, re.S))


def test_data_is_escaped(summary: dict[str, Any]) -> None:
    summary["rules"][0]["title"] = "<script>alert(1)</script> & co"
    summary["breakdowns"]["risk_present"][0]["group"] = '<img src=x onerror="y">'
    html = render_report(summary)
    assert "<script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; co" in html
    assert "<img" not in html


def test_charts_name_rules_by_title_never_by_id(summary: dict[str, Any]) -> None:
    charts = svgs(render_report(summary))
    for rule in summary["rules"]:
        assert str(escape(rule["title"][:20])) in charts
        assert f">{rule['rule_id']}<" not in charts
        assert f"{rule['rule_id']} +" not in charts


def test_large_counts_have_thousands_separators(summary: dict[str, Any]) -> None:
    summary["counts"]["records_read"] = 1_234_567
    summary["verdicts"]["not_ready"] = 12_345
    html = render_report(summary)
    assert ">1,234,567<" in html
    assert "12,345" in svgs(html)
    assert "1234567" not in html


def test_small_groups_are_flagged_and_codes_explained(summary: dict[str, Any]) -> None:
    html = render_report(summary)
    categories = summary["breakdowns"]["category_of_abuse"]
    small = [row for row in categories if row["families"] < 5]
    large = [row for row in categories if row["families"] >= 5]
    assert small
    assert large
    rows = re.findall(r"<tr( class=\"small-group\")?>\s*<th scope=\"row\">([^<]*)", html)
    flagged = {label for css, label in rows if css}
    for row in small:
        assert any(f"({row['group']})" in label for label in flagged), row["group"]
    for row in large:
        assert not any(f"({row['group']})" in label for label in flagged), row["group"]
    assert "<strong>NEG</strong> neglect" in html
    assert "emotional abuse (EMO)" in svgs(html)


def test_each_rule_count_is_of_the_families_it_judged(summary: dict[str, Any]) -> None:
    html = render_report(summary)
    for rule in summary["rules"]:
        judged = rule["met"] + rule["not_met"]
        assert rule["judged"] == judged
        if rule["not_met"]:
            assert f"<strong>{rule['not_met']} of {judged}</strong> families judged" in html


def test_the_header_says_which_rules_were_applied(summary: dict[str, Any]) -> None:
    assert "in force on each case’s decision date" in render_report(summary)
    summary["rules_on"] = "2025-06-01"
    assert "in force on 1 June 2025, applied to every case" in render_report(summary)
