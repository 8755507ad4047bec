"""The interventions of the family's plan, as of the date (`engine.facts.view` says how a
later start or end is read)."""

from engine.facts.fact import CollectionDef, FactDef, Record, declare
from engine.facts.view import ChildView, FamilyView
from engine.values import BOOL, TEXT, code
from models.codes import InterventionStatus, ProviderType


def _records(view: FamilyView, child: ChildView) -> list[Record] | None:
    if view.interventions is None:
        return None
    return view.once_per(_plan_records, child.on_plan)


def _plan_records(view: FamilyView, on_plan: frozenset[str]) -> list[Record]:
    """The records for each child with these risks on the plan (by ref)."""
    records: list[Record] = []
    for addressed, shared in view.once(_family_records):
        record = shared.copy()
        record["intervention.addresses_plan_risk"] = not on_plan.isdisjoint(addressed)
        records.append(record)
    return records


def _family_records(view: FamilyView) -> list[tuple[list[str], Record]]:
    """Each intervention's risks and record; whether it addresses a risk on a child's plan is
    set on a copy for each set of risks on a plan."""
    records: list[tuple[list[str], Record]] = []
    for intervention in view.interventions or ():
        status = view.intervention_status[intervention.intervention_ref]
        record: Record = {
            "intervention.ref": intervention.intervention_ref,
            "intervention.provider_type": intervention.provider_type,
            "intervention.status": status,
            "intervention.completed": status is InterventionStatus.COMPLETED,
            "intervention.addresses_plan_risk": False,  # the decision's
            "intervention.risks": ", ".join(intervention.addresses_risks),
        }
        records.append((intervention.addresses_risks, record))
    return records


INTERVENTIONS = CollectionDef(
    "interventions",
    "intervention",
    "Interventions of the family's plan; one starting after the as-of date counts as planned.",
    declare(
        FactDef(
            "intervention.ref",
            TEXT,
            "The intervention's reference.",
            "intervention_ref",
            always_known=True,
        ),
        FactDef(
            "intervention.provider_type",
            code(ProviderType),
            "Who provides it.",
            "provider_type",
            always_known=True,
        ),
        FactDef(
            "intervention.status",
            code(InterventionStatus),
            "Its status as of the as-of date (an end dated later counts as in progress, a start "
            "dated later as planned).",
            "status",
            always_known=True,
        ),
        FactDef(
            "intervention.completed",
            BOOL,
            "Whether completed by the as-of date.",
            "status",
            always_known=True,
        ),
        FactDef(
            "intervention.addresses_plan_risk",
            BOOL,
            "Whether it addresses a risk on the child's plan.",
            "addresses_risks",
            always_known=True,
        ),
        FactDef(
            "intervention.risks",
            TEXT,
            "The risks it addresses.",
            "addresses_risks",
            always_known=True,
        ),
    ),
    _records,
    optional=True,
)
