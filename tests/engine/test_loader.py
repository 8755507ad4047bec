"""Loading the catalogue, and the errors a broken rule file gives."""

from collections.abc import Callable
from pathlib import Path

import pytest

from engine import RuleLoadError, load_ruleset
from models.assessment import Severity

VALID_TAIL = """
title: Test rule
severity: blocking
description: A rule for tests.
effective_from: 2018-07-01
source:
  section: Recommendations
  quote: A lead professional to be identified at point of closure and families being linked to family hubs.
reasons:
  met: ok
  not_met: not ok
  insufficient_information: "missing {missing}"
next_step:
  not_met: fix it
  insufficient_information: record it
"""


def load_problems(rules: Path) -> list[str]:
    with pytest.raises(RuleLoadError) as caught:
        load_ruleset(overlay="", base=rules)
    return [str(problem) for problem in caught.value.problems]


def test_base_catalogue_loads_with_a_stable_hash() -> None:
    first, second = load_ruleset(overlay=""), load_ruleset(overlay="")
    assert len(first.rules) >= 19
    assert first.content_hash == second.content_hash
    assert first.content_hash.startswith("sha256:")
    assert len({rule.id for rule in first.rules}) == len(first.rules)


def test_unknown_fact_names_file_line_rule_field_and_suggestion(
    rules_copy: Path, write_rule: Callable[[str, str], Path]
) -> None:
    write_rule(
        "99-broken.yaml",
        "id: broken-rule\nrequires:\n  every: adults\n  check: {fact: adult.police_chekced, is: true}\n"
        + VALID_TAIL,
    )
    [problem] = load_problems(rules_copy)
    assert "catalogue/99-broken.yaml:4" in problem
    assert "rule broken-rule" in problem
    assert "requires.check.fact" in problem
    assert "did you mean 'adult.police_checked'" in problem


def test_operator_must_fit_the_fact_type(
    rules_copy: Path, write_rule: Callable[[str, str], Path]
) -> None:
    write_rule(
        "99-broken.yaml",
        "id: broken-rule\nrequires: {fact: case.outcome, op: gte, value: close}\n" + VALID_TAIL,
    )
    [problem] = load_problems(rules_copy)
    assert "requires.op" in problem
    assert "'gte' does not fit case.outcome" in problem


def test_code_values_are_checked(rules_copy: Path, write_rule: Callable[[str, str], Path]) -> None:
    write_rule(
        "99-broken.yaml",
        "id: broken-rule\nrequires: {fact: case.outcome, op: eq, value: closed}\n" + VALID_TAIL,
    )
    [problem] = load_problems(rules_copy)
    assert "requires.value" in problem
    assert "did you mean 'close'" in problem


def test_record_fact_outside_its_quantifier(
    rules_copy: Path, write_rule: Callable[[str, str], Path]
) -> None:
    write_rule(
        "99-broken.yaml",
        "id: broken-rule\nrequires: {fact: adult.police_checked, is: true}\n" + VALID_TAIL,
    )
    [problem] = load_problems(rules_copy)
    assert "inside `every: adults`" in problem


def test_duplicate_ids_bad_dates_and_templates(
    rules_copy: Path, write_rule: Callable[[str, str], Path]
) -> None:
    tail = VALID_TAIL.replace("effective_from: 2018-07-01", "effective_from: 2018-13-01")
    tail = tail.replace('"missing {missing}"', '"missing {mising}"')
    write_rule(
        "99-broken.yaml",
        "id: sustained-change\nrequires: {fact: case.family_hub_linked, is: true}\n" + tail,
    )
    problems = "\n".join(load_problems(rules_copy))
    assert "effective_from: must be a date" in problems
    assert "template names unknown value {mising}" in problems
    assert "did you mean 'missing'" in problems


def test_duplicate_rule_id(rules_copy: Path, write_rule: Callable[[str, str], Path]) -> None:
    write_rule("99-copy.yaml", (rules_copy / "catalogue" / "01-sustained-change.yaml").read_text())
    [problem] = load_problems(rules_copy)
    assert "99-copy.yaml" in problem
    assert "duplicate id, first defined in" in problem


def test_quote_must_be_in_the_cited_paper(
    rules_copy: Path, write_rule: Callable[[str, str], Path]
) -> None:
    text = "id: broken-rule\nrequires: {fact: case.family_hub_linked, is: true}\n" + VALID_TAIL
    write_rule("99-broken.yaml", text.replace("family hubs.", "family hubs quickly."))
    [problem] = load_problems(rules_copy)
    assert "source.quote" in problem


def test_yaml_syntax_error_names_the_line(
    rules_copy: Path, write_rule: Callable[[str, str], Path]
) -> None:
    write_rule("99-broken.yaml", "id: x\nrequires: [unclosed\n")
    [problem] = load_problems(rules_copy)
    assert "99-broken.yaml:" in problem
    assert "invalid YAML" in problem


def test_unknown_key_in_rule_suggests_the_right_one(
    rules_copy: Path, write_rule: Callable[[str, str], Path]
) -> None:
    write_rule(
        "99-broken.yaml",
        "id: broken-rule\nrequire: {fact: case.family_hub_linked, is: true}\n" + VALID_TAIL,
    )
    problems = "\n".join(load_problems(rules_copy))
    assert "did you mean 'requires'" in problems


def test_overlay_overrides_parameters_and_severity_and_adds_rules(tmp_path: Path) -> None:
    overlay = tmp_path / "local"
    (overlay / "catalogue").mkdir(parents=True)
    (overlay / "ruleset.yaml").write_text("name: southampton\nversion: 3\n")
    (overlay / "parameters.yaml").write_text(
        "sustained_change_months:\n  values:\n    2025-04-01: 6\n"
    )
    (overlay / "overrides.yaml").write_text("severity:\n  key-agencies-contributed: blocking\n")
    (overlay / "catalogue" / "50-local.yaml").write_text(
        "id: local-rule\nrequires: {fact: case.family_hub_linked, is: true}\n" + VALID_TAIL
    )
    base = load_ruleset(overlay="")
    local = load_ruleset(overlay=overlay)
    assert local.version == f"{base.version}+southampton.3"
    assert local.content_hash != base.content_hash
    assert local.severities["key-agencies-contributed"] is Severity.BLOCKING
    assert local.rule("local-rule").title == "Test rule"
    import datetime as dt

    assert local.parameters.on(dt.date(2025, 3, 31))["sustained_change_months"] == 3
    assert local.parameters.on(dt.date(2025, 4, 1))["sustained_change_months"] == 6


def test_the_engine_reads_no_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """`DEPLAN_RULES` is the service's and the CLI's setting, passed in as `overlay`."""
    overlay = tmp_path / "local"
    overlay.mkdir()
    (overlay / "overrides.yaml").write_text("severity:\n  key-agencies-contributd: blocking\n")
    monkeypatch.setenv("DEPLAN_RULES", str(overlay))
    assert load_ruleset().content_hash == load_ruleset(overlay="").content_hash
    with pytest.raises(RuleLoadError) as caught:
        load_ruleset(overlay)
    assert "did you mean 'key-agencies-contributed'" in str(caught.value)


def test_unknown_rule_lookup_suggests() -> None:
    with pytest.raises(KeyError, match="did you mean 'sustained-change'"):
        load_ruleset(overlay="").rule("sustained-chang")


def test_invalid_yaml_value_names_rule_and_field(
    rules_copy: Path, write_rule: Callable[[str, str], Path]
) -> None:
    tail = VALID_TAIL.replace("effective_from: 2018-07-01", "effective_from: 2018-02-30")
    write_rule(
        "99-broken.yaml",
        "id: broken-rule\nrequires: {fact: case.family_hub_linked, is: true}\n" + tail,
    )
    problems = load_problems(rules_copy)
    assert any(
        "99-broken.yaml:7: rule broken-rule: effective_from: not a valid value" in problem
        for problem in problems
    )
