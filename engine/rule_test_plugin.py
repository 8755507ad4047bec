"""The one runner of the YAML rule tests: a pytest plugin, as openfisca-core's `openfisca test`
is `pytest.main` with its plugin.

pytest collects `rules/tests/*.yaml` through it (`rules/tests/conftest.py` registers it) and
`deplan rules test` calls `run_rule_tests`, which is `pytest.main` with it. Each test case is one
item; when every file of the folder is collected, one more item, run last, checks that the
tests together expect every outcome each rule can give (from the results the items recorded, so
no test runs twice).
"""

import os
from collections.abc import Callable, Iterator
from functools import cache
from pathlib import Path

import pytest

from engine.errors import LoadProblem
from engine.rule_tests import (
    RuleTest,
    RuleTestResult,
    read_test_file,
    run_rule_test,
    uncovered_outcomes,
)
from engine.ruleset import RuleSet

COVERAGE_ITEM = "every outcome of every rule is expected by a test"


class RuleTestPlugin:
    """Collects the rule tests in `tests_dir` and keeps each one's result."""

    def __init__(self, tests_dir: Path, ruleset: Callable[[], RuleSet]) -> None:
        self.tests_dir = tests_dir.resolve()
        self.ruleset = cache(ruleset)
        self.results: dict[str, RuleTestResult] = {}
        self.problems: list[LoadProblem] = []

    def pytest_collect_file(self, parent: pytest.Collector, file_path: Path) -> pytest.File | None:
        if file_path.suffix == ".yaml" and file_path.resolve().parent == self.tests_dir:
            return RuleTestFile.from_parent(parent, path=file_path, plugin=self)
        return None

    def pytest_collection_modifyitems(self, items: list[pytest.Item]) -> None:
        ours = [item for item in items if isinstance(item, RuleTestItem) and item.plugin is self]
        files = {item.path.resolve() for item in ours}
        if not ours or files != {path.resolve() for path in self.tests_dir.glob("*.yaml")}:
            return
        folder = ours[-1].getparent(pytest.Dir) or ours[-1].session
        items.append(RuleCoverageItem.from_parent(folder, name=COVERAGE_ITEM, plugin=self))

    def run(self, test: RuleTest, key: str) -> RuleTestResult:
        if key not in self.results:
            self.results[key] = run_rule_test(self.ruleset(), test)
        return self.results[key]


class RuleTestFile(pytest.File):
    def __init__(self, *, plugin: RuleTestPlugin, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.plugin = plugin

    def collect(self) -> Iterator[pytest.Item]:
        tests, problems = read_test_file(self.path)
        if problems:
            self.plugin.problems.extend(problems)
            raise self.CollectError("\n".join(str(problem) for problem in problems))
        for test in tests:
            yield RuleTestItem.from_parent(self, name=test.name, test=test, plugin=self.plugin)


class RuleTestItem(pytest.Item):
    def __init__(self, *, test: RuleTest, plugin: RuleTestPlugin, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.test = test
        self.plugin = plugin

    def runtest(self) -> None:
        result = self.plugin.run(self.test, self.nodeid)
        if result.failures:
            lines = [f"{self.test.location}: {self.test.name}", *result.failures]
            pytest.fail("\n  ".join(lines), pytrace=False)

    def reportinfo(self) -> tuple[Path, int | None, str]:
        return self.path, (self.test.line or 1) - 1, self.test.name


class RuleCoverageItem(pytest.Item):
    """Fails naming each rule outcome that no test expects; runs the tests not yet run."""

    def __init__(self, *, plugin: RuleTestPlugin, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.plugin = plugin

    def runtest(self) -> None:
        assert self.session is not None
        results = [
            self.plugin.run(item.test, item.nodeid)
            for item in self.session.items
            if isinstance(item, RuleTestItem) and item.plugin is self.plugin
        ]
        ruleset = self.plugin.ruleset()
        impossible = sorted(
            f"{rule_id}: {outcome.value}"
            for result in results
            for rule_id, outcome in result.covered
            if outcome not in ruleset.rule(rule_id).possible_outcomes
        )
        if impossible:
            pytest.fail("expected outcomes a rule cannot give: " + ", ".join(impossible), False)
        gaps = uncovered_outcomes(ruleset, results)
        if gaps:
            described = (
                f"{rule}: {', '.join(o.value for o in found)}" for rule, found in gaps.items()
            )
            pytest.fail("no test expects:\n  " + "\n  ".join(described), pytrace=False)

    def reportinfo(self) -> tuple[Path, int | None, str]:
        return self.path, None, self.name


def run_rule_tests(tests_dir: Path, ruleset: RuleSet, *options: str) -> tuple[int, RuleTestPlugin]:
    """Run the rule tests in `tests_dir` against `ruleset` with pytest (its exit code, and the
    plugin holding each test's result). The checkout's own pytest configuration and conftests
    are left out, so the folder's tests are collected by this plugin only."""
    plugin = RuleTestPlugin(tests_dir, lambda: ruleset)
    args = [
        str(tests_dir),
        "--noconftest",
        "--continue-on-collection-errors",
        "--rootdir",
        str(tests_dir),
        "-c",
        os.devnull,
        "-p",
        "no:cacheprovider",
        # Leave stdout and stderr as they are: within another pytest (or a test runner) they are
        # already captured, and the items print nothing of their own.
        "--capture=no",
        "-p",
        "no:faulthandler",
        *options,
    ]
    return int(pytest.main(args, plugins=[plugin])), plugin
