"""The chair's decision in force, shown on the result page beside the engine's verdict
(`chair/decision_panel.html`)."""

import uuid
from typing import Any

from sqlalchemy import Engine
from sqlmodel import Session

from api.pages.views import OUTCOME_WORDS, ResultView
from api.persistence.decisions import current_decision


def decision_panel(db_engine: Engine, assessment_id: uuid.UUID) -> dict[str, Any]:
    """The panel's context; the caller has checked that the assessment is the chair's
    organisation's."""
    with Session(db_engine) as session:
        decision = current_decision(session, assessment_id)
    return {"decision": decision, "title_of": title_of, "outcome_words": OUTCOME_WORDS}


def title_of(result: ResultView, rule_id: str) -> str:
    """A rule's title as the assessment gives it (its id for a rule no longer in it)."""
    for finding in result.blocking + result.insufficient + result.advisories + result.settled:
        if finding.rule_id == rule_id:
            return finding.title
    return rule_id
