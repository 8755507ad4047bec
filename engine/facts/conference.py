"""The conferences held by the as-of date, and which of them the child's decision needs."""

import datetime as dt

from engine.facts.fact import CaseFactGroup, CollectionDef, Collections, FactDef, Record, declare
from engine.facts.view import ChildView, FamilyView, known, of_plan
from engine.values import BOOL, DATE, TEXT, UNKNOWN, code
from models.codes import ConferenceKind


def _records(view: FamilyView, child: ChildView) -> list[Record] | None:
    if view.conferences is None:
        return None
    return view.once_per(_plan_records, child.plans.episode_start)


def _plan_records(view: FamilyView, start: dt.date | None) -> list[Record]:
    """The records for each child whose current plan started on `start`."""
    records: list[Record] = []
    for day, shared in view.once(_family_records):
        record = shared.copy()
        record["conference.of_current_plan"] = of_plan(day, start)
        records.append(record)
    return records


def _family_records(view: FamilyView) -> list[tuple[dt.date, Record]]:
    """Each conference's date and record; whether it was held during a child's current plan
    is set on a copy for each plan start."""
    decision_date = view.case.decision_date
    return [
        (
            conference.date,
            {
                "conference.ref": conference.conference_ref,
                "conference.kind": conference.kind,
                "conference.date": conference.date,
                "conference.of_current_plan": False,  # the decision's
                "conference.deciding": conference.date == decision_date,
                "conference.chronology_submitted": known(conference.chronology_submitted),
                "conference.genogram_submitted": known(conference.genogram_submitted),
                "conference.history_analysed": known(conference.history_analysed),
                "conference.repeat_plan_analysis": known(conference.repeat_plan_analysis),
                "conference.previous_deplanning_reviewed": known(
                    conference.previous_deplanning_reviewed
                ),
            },
        )
        for conference in view.conferences or ()
    ]


def _derive(view: FamilyView, child: ChildView, _collections: Collections) -> Record:
    return view.once_per(_plan_facts, child.plans.episode_start)


def _plan_facts(view: FamilyView, start: dt.date | None) -> Record:
    """The facts for each child whose current plan started on `start`."""
    conferences = view.once_per(_plan_records, start)
    return {
        "case.deciding_conference_recorded": True
        if any(c["conference.deciding"] is True for c in conferences)
        else UNKNOWN,
        "case.icpc_recorded": True
        if any(
            c["conference.kind"] is ConferenceKind.ICPC and c["conference.of_current_plan"] is True
            for c in conferences
        )
        else UNKNOWN,
    }


CONFERENCES = CollectionDef(
    "conferences",
    "conference",
    "Conferences held by the as-of date.",
    declare(
        FactDef(
            "conference.ref",
            TEXT,
            "The conference's reference.",
            "conference_ref",
            always_known=True,
        ),
        FactDef(
            "conference.kind", code(ConferenceKind), "Initial or review.", "kind", always_known=True
        ),
        FactDef("conference.date", DATE, "When it was held.", "date", always_known=True),
        FactDef(
            "conference.of_current_plan",
            BOOL,
            "Whether it was held during the child's current plan.",
            "date",
            always_known=True,
        ),
        FactDef(
            "conference.deciding",
            BOOL,
            "Whether it is the deciding conference (dated on the decision date).",
            "date",
            always_known=True,
        ),
        FactDef(
            "conference.chronology_submitted",
            BOOL,
            "Whether an updated chronology was submitted.",
            "chronology_submitted",
        ),
        FactDef(
            "conference.genogram_submitted",
            BOOL,
            "Whether a cultural genogram was submitted.",
            "genogram_submitted",
        ),
        FactDef(
            "conference.history_analysed",
            BOOL,
            "Whether the report analysed historical involvement.",
            "history_analysed",
        ),
        FactDef(
            "conference.repeat_plan_analysis",
            BOOL,
            "Whether the chair completed a repeat-plan analysis.",
            "repeat_plan_analysis",
        ),
        FactDef(
            "conference.previous_deplanning_reviewed",
            BOOL,
            "Whether the conference addressed why the previous de-planning did not hold.",
            "previous_deplanning_reviewed",
        ),
    ),
    _records,
    optional=True,
)

CONFERENCE_CASE_FACTS = CaseFactGroup(
    "Conferences",
    declare(
        FactDef(
            "case.deciding_conference_recorded",
            BOOL,
            "Whether the conference dated on the decision date is recorded (unknown when not).",
            "conferences",
        ),
        FactDef(
            "case.icpc_recorded",
            BOOL,
            "Whether the initial conference of the child's current plan is recorded (unknown "
            "when not).",
            "conferences",
        ),
    ),
    _derive,
)
