"""What the re-audit report counts beyond each rule: `report.yaml` beside the catalogue.

The paper's nested counts (which rules, or characteristics of the family, in which order,
with the paper's own figure to compare) and its toxic trio (which kinds of risk show each aspect) are data, so that the
engine holds nothing paper-specific and a local authority can change them in its overlay:
an overlay's `report.yaml` replaces the base one.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from engine import RuleSet, base_rules_dir
from engine.audit.traits import RISK_PREFIX, TRAITS, known_trait
from engine.yaml_source import read_yaml
from models.codes import RiskKind

REPORT_FILE = "report.yaml"
MAX_CHAINS = 50
MAX_STEPS = 10


class ReportConfigError(Exception):
    """`report.yaml` is malformed or names a rule the rule set does not have."""


@dataclass(frozen=True, slots=True)
class NestedStep:
    name: str
    """A rule id (`rule:`), or a characteristic of `engine.audit.traits` (`has:`)."""
    label: str
    paper: str | None
    kind: str = "rule"
    """"rule": families that did not meet the rule; "has": families that show the
    characteristic."""
    alternatives: tuple[str, ...] = ()
    """Further rules of a `rule:` list: the step counts a family that did not meet any."""

    @property
    def rule_ids(self) -> tuple[str, ...]:
        return (self.name, *self.alternatives) if self.kind == "rule" else ()


@dataclass(frozen=True, slots=True)
class NestedChain:
    title: str
    steps: tuple[NestedStep, ...]

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(step.name for step in self.steps)


@dataclass(frozen=True, slots=True)
class ReportConfig:
    nested: tuple[NestedChain, ...] = ()
    toxic_trio: tuple[tuple[str, tuple[str, ...]], ...] = ()
    """Each aspect of the toxic trio, with the kinds of risk that show it."""


def report_file(overlay: Path | None) -> Path:
    """The overlay's report.yaml when it has one, else the base catalogue's."""
    if overlay:
        candidate = Path(overlay) / REPORT_FILE
        if candidate.is_file():
            return candidate
    return base_rules_dir() / REPORT_FILE


def load_report_config(overlay: Path | None, ruleset: RuleSet) -> ReportConfig:
    path = report_file(overlay)
    if not path.is_file():
        return ReportConfig()
    document, problems = read_yaml(path, path.name)
    if document is None:
        raise ReportConfigError(f"{path}: {problems[0].message if problems else 'unreadable'}")
    data = document.data if isinstance(document.data, dict) else {}
    entries = data.get("nested", [])
    if not isinstance(entries, list) or len(entries) > MAX_CHAINS:
        raise ReportConfigError(f"{path}: `nested` is a list of at most {MAX_CHAINS} chains")
    known = {rule.id for rule in ruleset.rules}
    nested = tuple(
        _chain(entry, f"{path}: nested[{index}]", known) for index, entry in enumerate(entries)
    )
    return ReportConfig(nested, _toxic_trio(data.get("toxic_trio", {}), f"{path}: toxic_trio"))


def _toxic_trio(raw: Any, where: str) -> tuple[tuple[str, tuple[str, ...]], ...]:
    kinds = {kind.value for kind in RiskKind}
    if not isinstance(raw, dict) or len(raw) > MAX_STEPS:
        raise ReportConfigError(f"{where}: maps at most {MAX_STEPS} aspects to kinds of risk")
    aspects = []
    for aspect, risks in raw.items():
        if not isinstance(risks, list) or not risks or not set(risks) <= kinds:
            raise ReportConfigError(f"{where}.{aspect}: a list of kinds of risk of the case format")
        aspects.append((str(aspect), tuple(risks)))
    return tuple(aspects)


def _chain(entry: Any, where: str, known: set[str]) -> NestedChain:
    if not isinstance(entry, dict) or not isinstance(entry.get("title"), str):
        raise ReportConfigError(f"{where}: each chain has a `title` and `steps`")
    raw_steps = entry.get("steps")
    if not isinstance(raw_steps, list) or not 1 <= len(raw_steps) <= MAX_STEPS:
        raise ReportConfigError(f"{where}.steps: a list of 1 to {MAX_STEPS} steps")
    steps = []
    for number, step in enumerate(raw_steps):
        at = f"{where}.steps[{number}]"
        if not isinstance(step, dict) or not isinstance(step.get("label"), str):
            raise ReportConfigError(f"{at}: each step has a `rule` or `has`, and a `label`")
        if ("rule" in step) == ("has" in step):
            raise ReportConfigError(f"{at}: each step has either a `rule` or a `has`")
        kind = "rule" if "rule" in step else "has"
        names = step[kind] if kind == "rule" and isinstance(step[kind], list) else [step[kind]]
        if not 1 <= len(names) <= MAX_STEPS:
            raise ReportConfigError(f"{at}.rule: a rule id or a list of 1 to {MAX_STEPS}")
        if kind == "rule" and not set(names) <= known:
            raise ReportConfigError(f"{at}.rule: not a rule of the rule set")
        name = names[0]
        if kind == "has" and not (isinstance(name, str) and known_trait(name)):
            raise ReportConfigError(
                f"{at}.has: not a characteristic the re-audit records (one of "
                f"{', '.join(TRAITS)}, or {RISK_PREFIX}KIND)"
            )
        paper = step.get("paper")
        steps.append(
            NestedStep(
                str(name),
                step["label"],
                None if paper is None else str(paper),
                kind,
                tuple(str(other) for other in names[1:]),
            )
        )
    return NestedChain(entry["title"], tuple(steps))
