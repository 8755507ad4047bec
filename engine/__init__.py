"""deplan's engine: load the rules once, then assess cases against them."""

from engine.errors import LoadProblem, RuleLoadError
from engine.loader import base_rules_dir, load_ruleset
from engine.ruleset import RuleSet
from engine.version import ENGINE_VERSION

__all__ = [
    "ENGINE_VERSION",
    "LoadProblem",
    "RuleLoadError",
    "RuleSet",
    "base_rules_dir",
    "load_ruleset",
]
