"""`report.yaml`: the paper's nested counts as data beside the catalogue, replaceable by an
overlay, checked against the rule set."""

from pathlib import Path

import pytest
from typer.testing import CliRunner

from api.cli import app
from engine import load_ruleset
from engine.audit.report_config import ReportConfigError, load_report_config

STEP_DOWN = Path(__file__).resolve().parents[3] / "examples" / "not-ready-step-down.json"


def test_the_base_chains_name_rules_of_the_catalogue() -> None:
    ruleset = load_ruleset(overlay="")
    config = load_report_config(None, ruleset)
    chains = config.nested
    assert chains[0].names[:2] == ("sustained-change", "risk-interventions-complete")
    assert {step.kind for chain in chains for step in chain.steps} == {"rule", "has"}
    assert all(step.label for chain in chains for step in chain.steps)
    assert dict(config.toxic_trio)["drug or alcohol misuse"] == (
        "parental_drug_misuse",
        "parental_alcohol_misuse",
    )


def test_an_overlay_replaces_the_chains(tmp_path: Path) -> None:
    (tmp_path / "report.yaml").write_text(
        "nested:\n  - title: Mine\n    steps:\n      - rule: safety-statement\n"
        "        label: without a safety statement\n",
        encoding="utf-8",
    )
    config = load_report_config(tmp_path, load_ruleset(tmp_path))
    chains = config.nested
    assert [chain.title for chain in chains] == ["Mine"]
    assert config.toxic_trio == ()
    assert chains[0].steps[0].paper is None


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            "nested:\n  - title: X\n    steps:\n      - rule: no-such-rule\n        label: x\n",
            "nested[0].steps[0].rule: not a rule of the rule set",
        ),
        ("nested:\n  - title: X\n    steps: []\n", "nested[0].steps: a list of 1 to 10 steps"),
        ("nested:\n  - steps: []\n", "nested[0]: each chain has a `title` and `steps`"),
        ("toxic_trio:\n  drink: [gin]\n", "toxic_trio.drink: a list of kinds of risk"),
        (
            "nested:\n  - title: X\n    steps:\n      - has: risk:gin\n        label: x\n",
            "nested[0].steps[0].has: not a characteristic the re-audit records",
        ),
        (
            "nested:\n  - title: X\n    steps:\n      - has: non_engagement\n"
            "        rule: safety-statement\n        label: x\n",
            "nested[0].steps[0]: each step has either a `rule` or a `has`",
        ),
    ],
)
def test_a_bad_report_yaml_is_a_rules_error_naming_where(
    tmp_path: Path, text: str, message: str
) -> None:
    (tmp_path / "report.yaml").write_text(text, encoding="utf-8")
    with pytest.raises(ReportConfigError, match=message.replace("[", r"\[").replace("]", r"\]")):
        load_report_config(tmp_path, load_ruleset(tmp_path))
    result = CliRunner().invoke(
        app,
        ["audit", str(STEP_DOWN), "--rules", str(tmp_path), "--out", str(tmp_path / "out")],
        catch_exceptions=False,
    )
    assert result.exit_code == 4
    assert message in result.stderr
    assert not (tmp_path / "out").exists()
