"""A rule's outcome from the truth of its conditions, decided by one generated function.

Not applicable when `applies_when` is false; when it is unknown, met if the requirement holds
either way, else insufficient information (resting on what made applicability unknown);
otherwise the requirement's truth: met, not met or insufficient information.

The decision writes both conditions' truths inline (`engine.conditions.truth`) and answers
the outcome with the condition whose evidence the finding shows: that condition's evaluation
(`Condition.evaluate`), or None when its evidence for that outcome is plain (names no record,
missing field or date), so a finding evaluates it only when it can show something.
"""

from collections.abc import Callable
from typing import Any

from engine.conditions import Condition
from engine.conditions.truth import function_writer
from engine.evidence import Env, Evaluate
from engine.generated import define
from models.assessment import Outcome

Decision = tuple[Outcome, Evaluate | None]
"""The outcome, and what gathers the evidence it rests on (None: plain evidence)."""
Decide = Callable[[Env], Decision]


def decision(applies_when: Condition | None, requires: Condition) -> Decide:
    source, namespace = decision_source(applies_when, requires)
    decide: Decide = define(source, "<decision>", "decide", namespace)
    return decide


def decision_source(
    applies_when: Condition | None, requires: Condition
) -> tuple[str, dict[str, Any]]:
    """The decision's source and its globals."""
    out = function_writer("decide")
    if applies_when is not None:
        applies_when.truth.write(out, "applies", 1, {})
        out.line(1, "if applies is False:")
        out.line(2, "return NOT_APPLICABLE")
    requires.truth.write(out, "required", 1, {})
    if applies_when is not None:
        out.line(1, "if applies is None:")
        out.line(2, "return MET_EITHER_WAY if required is True else UNKNOWN_APPLICABILITY")
        out.namespace.update(
            NOT_APPLICABLE=_resting_on(Outcome.NOT_APPLICABLE, applies_when, False),
            MET_EITHER_WAY=_resting_on(Outcome.MET, requires, True),
            UNKNOWN_APPLICABILITY=_resting_on(Outcome.INSUFFICIENT_INFORMATION, applies_when, None),
        )
    out.lines += [
        "    if required is True:",
        "        return MET",
        "    if required is False:",
        "        return NOT_MET",
        "    return INSUFFICIENT",
    ]
    out.namespace.update(
        MET=_resting_on(Outcome.MET, requires, True),
        NOT_MET=_resting_on(Outcome.NOT_MET, requires, False),
        INSUFFICIENT=_resting_on(Outcome.INSUFFICIENT_INFORMATION, requires, None),
    )
    return "\n".join(out.lines) + "\n", out.namespace


def _resting_on(outcome: Outcome, condition: Condition, truth: bool | None) -> Decision:
    return outcome, None if truth in condition.plain else condition.evaluate
