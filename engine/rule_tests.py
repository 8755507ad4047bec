"""Rule tests as data: a case (or a patch on an example case), an as-of date, expected outcomes.

A test file in `rules/tests/` looks like:

    base: ../../examples/ready-step-down.json   # relative to this file
    tests:
      - name: change sustained for under three months
        as_of: 2024-03-14                        # optional; the case's decision date
        patch:                                   # optional; path: value, null removes
          risks[0].sustained_change_since: 2024-02-01
        expect:
          sustained-change: not_met
        verdict: not_ready                       # optional
        children:                                # optional; per child, by child_ref
          C2: {verdict: not_ready, expect: {sustained-change: not_met}}

`expect` and `verdict` are the family's (`Assessment.findings`, the worst among the children
whose plans end); `children` checks one child's own verdict and outcomes (`Assessment.children`),
e.g. a sibling whose plan continues. A test may give a whole `case:` instead of `base`/`patch`.
One runner runs them: the pytest plugin in engine/rule_test_plugin.py, which both pytest and
`deplan rules test` use; its coverage item reports the outcomes each rule can give that no
test expects, at the family's level or a child's.
"""

import copy
import datetime as dt
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from engine.errors import LoadProblem, did_you_mean
from engine.ruleset import RuleSet
from engine.yaml_source import YamlDocument, read_yaml
from models.assessment import Assessment, ChildAssessment, Finding, Outcome, Verdict
from models.case import parse_case
from models.validation import describe_validation_error

_PATH_PART = re.compile(r"([A-Za-z_][A-Za-z0-9_]*)|\[(\d+)\]")
TEST_KEYS = ("name", "as_of", "patch", "case", "expect", "verdict", "children")
CHILD_KEYS = ("verdict", "expect")


@dataclass(frozen=True, slots=True)
class ChildExpectation:
    """What one child's own assessment should say."""

    expect: dict[str, Outcome]
    verdict: Verdict | None


@dataclass(frozen=True, slots=True)
class RuleTest:
    file: str
    line: int | None
    name: str
    case_data: dict[str, Any]
    as_of: dt.date | None
    expect: dict[str, Outcome]
    verdict: Verdict | None
    children: dict[str, ChildExpectation] = field(default_factory=dict)

    @property
    def location(self) -> str:
        return f"{self.file}:{self.line}" if self.line else self.file


@dataclass(slots=True)
class RuleTestResult:
    test: RuleTest
    failures: list[str] = field(default_factory=list)
    covered: set[tuple[str, Outcome]] = field(default_factory=set)

    @property
    def passed(self) -> bool:
        return not self.failures


def load_rule_tests(directory: Path) -> tuple[list[RuleTest], list[LoadProblem]]:
    tests: list[RuleTest] = []
    problems: list[LoadProblem] = []
    for path in sorted(directory.glob("*.yaml")):
        loaded, found = read_test_file(path)
        tests.extend(loaded)
        problems.extend(found)
    return tests, problems


def read_test_file(path: Path) -> tuple[list[RuleTest], list[LoadProblem]]:
    document, problems = read_yaml(path, str(path))
    if document is None or problems:
        return [], problems
    data = document.data

    def problem(at: tuple[str | int, ...], message: str, hint: str | None = None) -> None:
        problems.append(
            LoadProblem(document.file, document.line(at), None, _dotted(at), message, hint)
        )

    if not isinstance(data, dict) or not isinstance(data.get("tests"), list):
        problem((), "a rule test file has `tests:` (a list) and optionally `base:` (a case file)")
        return [], problems
    base: dict[str, Any] | None = None
    if "base" in data:
        base_path = path.parent / str(data["base"])
        try:
            base = json.loads(base_path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as error:
            problem(("base",), f"cannot read the base case: {error}")
            return [], problems
    tests = []
    for index, entry in enumerate(data["tests"]):
        test = _read_test(entry, ("tests", index), base, document, problem)
        if test is not None:
            tests.append(test)
    return tests, problems


def _read_test(
    entry: Any,
    at: tuple[str | int, ...],
    base: dict[str, Any] | None,
    document: YamlDocument,
    problem: Any,
) -> RuleTest | None:
    if not isinstance(entry, dict):
        problem(at, "each test is a mapping")
        return None
    for key in entry:
        if key not in TEST_KEYS:
            problem((*at, key), "unknown key", did_you_mean(key, TEST_KEYS))
    name = entry.get("name")
    if not isinstance(name, str):
        problem(at, "a test needs a `name`")
        return None
    if "case" in entry:
        case_data = copy.deepcopy(entry["case"])
    elif base is not None:
        case_data = copy.deepcopy(base)
    else:
        problem(at, "give a `case`, or a `base` for the file")
        return None
    for patch_path, value in (entry.get("patch") or {}).items():
        error = apply_patch(case_data, patch_path, value)
        if error:
            problem((*at, "patch", patch_path), error)
            return None
    family = _read_expectation(entry, at, problem)
    children = _read_children(entry.get("children"), (*at, "children"), problem)
    if family is None or children is None:
        return None
    as_of = entry.get("as_of")
    if as_of is not None and not isinstance(as_of, dt.date):
        problem((*at, "as_of"), "must be a date (YYYY-MM-DD)")
        return None
    if not family.expect and family.verdict is None and not children:
        problem(at, "a test expects rule outcomes, a verdict, a child's, or more than one")
        return None
    return RuleTest(
        document.file,
        document.line(at),
        name,
        case_data,
        as_of,
        family.expect,
        family.verdict,
        children,
    )


def _read_expectation(
    entry: dict[str, Any], at: tuple[str | int, ...], problem: Any
) -> ChildExpectation | None:
    """The `expect:` and `verdict:` of a test, or of one child in its `children:`."""
    expect: dict[str, Outcome] = {}
    for rule_id, outcome in (entry.get("expect") or {}).items():
        try:
            expect[rule_id] = Outcome(outcome)
        except ValueError:
            problem(
                (*at, "expect", rule_id),
                "not an outcome",
                did_you_mean(str(outcome), [o.value for o in Outcome]),
            )
            return None
    verdict = entry.get("verdict")
    if verdict is not None and verdict not in {v.value for v in Verdict}:
        problem(
            (*at, "verdict"),
            "not a verdict",
            did_you_mean(str(verdict), [v.value for v in Verdict]),
        )
        return None
    return ChildExpectation(expect, Verdict(verdict) if verdict else None)


def _read_children(
    entry: Any, at: tuple[str | int, ...], problem: Any
) -> dict[str, ChildExpectation] | None:
    if entry is None:
        return {}
    if not isinstance(entry, dict):
        problem(at, "`children` maps a child_ref to its `verdict` and `expect`")
        return None
    children: dict[str, ChildExpectation] = {}
    for child_ref, child_entry in entry.items():
        child_at = (*at, str(child_ref))
        if not isinstance(child_entry, dict) or not child_entry:
            problem(child_at, "give the child's `verdict`, `expect`, or both")
            return None
        for key in child_entry:
            if key not in CHILD_KEYS:
                problem((*child_at, key), "unknown key", did_you_mean(key, CHILD_KEYS))
        expectation = _read_expectation(child_entry, child_at, problem)
        if expectation is None:
            return None
        children[str(child_ref)] = expectation
    return children


def apply_patch(case_data: dict[str, Any], path: str, value: Any) -> str | None:
    """Set `path` (e.g. `adults[1].police_check`) to `value`; None removes it."""
    parts = [name or int(index) for name, index in _PATH_PART.findall(path)]
    if (
        not parts
        or "".join(f".{p}" if isinstance(p, str) else f"[{p}]" for p in parts).lstrip(".") != path
    ):
        return "a patch path is like adults[1].police_check"
    target: Any = case_data
    for part in parts[:-1]:
        try:
            target = target[part]
        except (KeyError, IndexError, TypeError):
            return f"nothing at {part!r} in this path of the base case"
    last = parts[-1]
    value = _json_ready(value)
    try:
        if value is None:
            del target[last]
        else:
            target[last] = value
    except (KeyError, IndexError, TypeError):
        return f"cannot set {last!r} in the base case"
    return None


def _json_ready(value: Any) -> Any:
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, dict):
        return {key: _json_ready(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_json_ready(item) for item in value]
    return value


def run_rule_test(ruleset: RuleSet, test: RuleTest) -> RuleTestResult:
    result = RuleTestResult(test)
    try:
        case = parse_case(json.dumps(test.case_data))
    except ValidationError as error:
        result.failures.extend(
            f"case is invalid at {e.path}: {e.message}" for e in describe_validation_error(error)
        )
        return result
    assessment = ruleset.assess(case, test.as_of)
    family = {finding.rule_id: finding for finding in assessment.findings}
    _check(result, "", ChildExpectation(test.expect, test.verdict), family, assessment)
    by_ref = {child.child_ref: child for child in assessment.children}
    for child_ref, expectation in test.children.items():
        child = by_ref.get(child_ref)
        if child is None:
            result.failures.append(_unknown(child_ref, "no such child in the case", by_ref))
            continue
        # A child's findings list only those that differ from the family's; the rest are the
        # family's finding of the same rule.
        own = family | {finding.rule_id: finding for finding in child.findings}
        _check(result, f"{child_ref} ", expectation, own, child)
    return result


def _check(
    result: RuleTestResult,
    prefix: str,
    expectation: ChildExpectation,
    findings: dict[str, Finding],
    judged: Assessment | ChildAssessment,
) -> None:
    for rule_id, expected in expectation.expect.items():
        finding = findings.get(rule_id)
        if finding is None:
            result.failures.append(prefix + _unknown(rule_id, "no such rule in force", findings))
        elif finding.outcome is not expected:
            result.failures.append(
                f"{prefix}{rule_id}: expected {expected.value}, got {finding.outcome.value}: "
                f"{finding.reason}"
            )
        else:
            result.covered.add((rule_id, expected))
    verdict = expectation.verdict
    if verdict is not None and judged.verdict is not verdict:
        result.failures.append(
            f"{prefix}verdict: expected {verdict.value}, got {judged.verdict.value}: "
            f"{judged.verdict_reason}"
        )


def _unknown(name: str, message: str, known: Iterable[str]) -> str:
    hint = did_you_mean(name, known)
    return f"{name}: {message}" + (f" (did you mean {hint!r}?)" if hint else "")


def uncovered_outcomes(
    ruleset: RuleSet, results: Iterable[RuleTestResult]
) -> dict[str, list[Outcome]]:
    covered = {pair for result in results for pair in result.covered}
    missing: dict[str, list[Outcome]] = {}
    for rule in ruleset.rules:
        gaps = sorted(
            (o for o in rule.possible_outcomes if (rule.id, o) not in covered),
            key=lambda o: o.value,
        )
        if gaps:
            missing[rule.id] = gaps
    return missing


def _dotted(at: tuple[str | int, ...]) -> str:
    return "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in at).lstrip(".") or "(file)"
