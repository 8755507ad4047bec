"""Docs cannot drift: the facts reference is generated, and the rule example loads."""

import re
from pathlib import Path

from engine import load_ruleset
from engine.facts import facts_reference
from engine.reference import rules_reference

REPO = Path(__file__).resolve().parents[1]


def test_facts_reference_is_current() -> None:
    assert (REPO / "docs" / "facts.md").read_text() == facts_reference(), (
        "regenerate with: uv run deplan rules facts > docs/facts.md"
    )


def test_rule_language_example_loads_as_an_overlay_rule(tmp_path: Path) -> None:
    text = (REPO / "docs" / "rule-language.md").read_text()
    [example] = re.findall(r"```yaml\n(.*?)```", text, flags=re.DOTALL)
    (tmp_path / "catalogue").mkdir()
    (tmp_path / "catalogue" / "example.yaml").write_text(example)
    ruleset = load_ruleset(overlay=tmp_path)
    rule = ruleset.rule("household-checks-local")
    assert rule.severity.value == "blocking"


def test_rules_reference_is_current() -> None:
    expected = rules_reference(load_ruleset(overlay=""))
    assert (REPO / "docs" / "rules.md").read_text() == expected, (
        "regenerate with: uv run deplan rules docs > docs/rules.md"
    )


def test_every_base_rule_says_what_is_local_policy() -> None:
    assert all(rule.local_policy for rule in load_ruleset(overlay="").rules)
