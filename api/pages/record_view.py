"""What the conference record shows beyond the result page: the chair's decision in force,
its overrides beside the engine's findings, and the decisions it corrected."""

import datetime as dt
import uuid
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import Engine
from sqlmodel import Session

from api.pages.decision_panel import title_of
from api.pages.result import load_result
from api.pages.views import OUTCOME_WORDS, ResultView
from api.persistence.decisions import decision_history
from engine.audit.labels import VERDICT_LABELS
from models.assessment import Outcome
from models.decisions import CHILD_DECISION_WORDS, DecisionView


@dataclass(frozen=True, slots=True)
class OverrideNote:
    """The chair's override of one rule, for the children it was recorded for with the same
    position and justification."""

    rule_id: str
    children: list[str]
    engine_words: str
    """The engine's outcome for those children, in words ("not met for C1; ...")."""
    position_words: str
    justification: str | None
    """None once erased with the case."""


@dataclass(frozen=True, slots=True)
class RecordView:
    result: ResultView
    decision: DecisionView | None
    earlier: list[DecisionView]
    """The decisions the one in force corrected, newest first."""
    overrides: list[OverrideNote]
    printed_at: dt.datetime

    def child_decision(self, child_ref: str) -> str | None:
        if self.decision is None:
            return None
        for child in self.decision.children:
            if child.child_ref == child_ref:
                return CHILD_DECISION_WORDS[child.decision]
        return None

    def title_of(self, rule_id: str) -> str:
        return title_of(self.result, rule_id)

    def overrides_of(self, rule_id: str, child_ref: str | None = None) -> list[OverrideNote]:
        """The notes on a rule (for one child, when given)."""
        return [
            note
            for note in self.overrides
            if note.rule_id == rule_id and (child_ref is None or child_ref in note.children)
        ]


def override_notes(decision: DecisionView | None) -> list[OverrideNote]:
    if decision is None:
        return []
    grouped: dict[tuple[str, Outcome, str | None], list[tuple[str, Outcome]]] = {}
    for o in decision.overrides:
        grouped.setdefault((o.rule_id, o.chair_position, o.justification), []).append(
            (o.child_ref, o.engine_outcome)
        )
    return [
        OverrideNote(
            rule_id=rule_id,
            children=[ref for ref, _ in children],
            engine_words="; ".join(
                f"{OUTCOME_WORDS[engine]} for {ref}" for ref, engine in children
            ),
            position_words=OUTCOME_WORDS[position],
            justification=justification,
        )
        for (rule_id, position, justification), children in grouped.items()
    ]


def load_record(db_engine: Engine, assessment_id: uuid.UUID, organisation: str) -> RecordView:
    """The record's view; PageError 404 when the assessment is not the organisation's."""
    result = load_result(db_engine, assessment_id, organisation)
    with Session(db_engine) as session:
        decisions: Sequence[DecisionView] = decision_history(session, assessment_id)
    decision = decisions[0] if decisions else None
    return RecordView(
        result=result,
        decision=decision,
        earlier=list(decisions[1:]),
        overrides=override_notes(decision),
        printed_at=dt.datetime.now(dt.UTC),
    )


def against_engine(decision: DecisionView) -> str:
    """The children de-planned although the engine did not find them ready, in words."""
    against = decision.deplanned_against_engine()
    if not against:
        return "None: no child is de-planned that the engine did not find ready."
    return (
        "; ".join(
            f"{c.child_ref} de-planned, though the engine’s verdict is {VERDICT_LABELS[c.engine_verdict]}"
            for c in against
        )
        + "."
    )
