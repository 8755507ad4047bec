"""A rule's outcome from its compiled conditions, with the evidence the finding shows.

Not applicable when `applies_when` is false; when it is unknown, met if the requirement holds
either way, else insufficient information (resting on what made applicability unknown);
otherwise the requirement's truth: met, not met or insufficient information.
"""

from collections.abc import Callable

from engine.evidence import Env, Evaluate, Evidence
from models.assessment import Outcome

Decide = Callable[[Env], tuple[Outcome, Evidence]]

_MET = Outcome.MET
_NOT_APPLICABLE = Outcome.NOT_APPLICABLE
_INSUFFICIENT = Outcome.INSUFFICIENT_INFORMATION
_OUTCOME_OF_TRUTH = {True: _MET, False: Outcome.NOT_MET, None: _INSUFFICIENT}


def decision(applies_when: Evaluate | None, requires: Evaluate) -> Decide:
    outcome_of = _OUTCOME_OF_TRUTH
    if applies_when is None:

        def required(env: Env) -> tuple[Outcome, Evidence]:
            evidence = requires(env)
            return outcome_of[evidence.truth], evidence

        return required

    def decide(env: Env) -> tuple[Outcome, Evidence]:
        applicability = applies_when(env)
        truth = applicability.truth
        if truth is False:
            return _NOT_APPLICABLE, applicability
        evidence = requires(env)
        if truth is None:
            return (_MET, evidence) if evidence.truth is True else (_INSUFFICIENT, applicability)
        return outcome_of[evidence.truth], evidence

    return decide
