"""Collect the YAML rule tests in this folder as pytest items, one per test case."""

from collections.abc import Iterator
from functools import cache
from pathlib import Path

import pytest

from engine import RuleSet, load_ruleset
from engine.rule_tests import RuleTest, read_test_file, run_rule_test


@cache
def _ruleset() -> RuleSet:
    return load_ruleset(overlay="")


def pytest_collect_file(parent: pytest.Collector, file_path: Path) -> pytest.Collector | None:
    if file_path.suffix == ".yaml" and file_path.parent == Path(__file__).parent:
        return RuleTestFile.from_parent(parent, path=file_path)
    return None


class RuleTestFile(pytest.File):
    def collect(self) -> Iterator[pytest.Item]:
        tests, problems = read_test_file(self.path)
        if problems:
            raise RuleTestFileError("\n".join(str(problem) for problem in problems))
        for test in tests:
            yield RuleTestItem.from_parent(self, name=test.name, test=test)


class RuleTestFileError(Exception):
    pass


class RuleTestItem(pytest.Item):
    def __init__(self, *, test: RuleTest, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.test = test

    def runtest(self) -> None:
        result = run_rule_test(_ruleset(), self.test)
        if result.failures:
            raise RuleTestFailedError(result.failures)

    def repr_failure(
        self, excinfo: pytest.ExceptionInfo[BaseException], style: object = None
    ) -> str:
        if isinstance(excinfo.value, RuleTestFailedError):
            return f"{self.test.location}: {self.test.name}\n  " + "\n  ".join(
                excinfo.value.args[0]
            )
        return str(super().repr_failure(excinfo))

    def reportinfo(self) -> tuple[Path, int | None, str]:
        return self.path, (self.test.line or 1) - 1, self.test.name


class RuleTestFailedError(Exception):
    pass
