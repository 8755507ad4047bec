"""pytest collects the YAML rule tests in this folder through deplan's rule-test plugin
(`engine/rule_test_plugin.py`), the runner `deplan rules test` uses too."""

from pathlib import Path

import pytest

from engine import load_ruleset
from engine.rule_test_plugin import RuleTestPlugin


def pytest_configure(config: pytest.Config) -> None:
    plugin = RuleTestPlugin(Path(__file__).parent, lambda: load_ruleset(overlay=""))
    config.pluginmanager.register(plugin, "deplan-rule-tests")
