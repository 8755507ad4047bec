"""Case field paths in plain words, for people rather than programs:
`adults[A2].parental_history_considered` -> "whether the father's own history was considered".

The records a path passes through are named from the case itself (an adult by their role,
a risk by its kind, a conference by its date); the field by a phrase written for it here, or
else the case model's own description of it. Pure: the case's JSON in, words out.
"""

import datetime as dt
import re
from collections.abc import Iterable, Mapping
from typing import Any

from engine.dates import plain_date
from models.case import Action
from models.case_paths import Record, Slot, locate
from models.codes import AdultRole, ConferenceKind, ProviderType, RiskKind, WorkerRole

# Phrases for the fields whose model description does not read as a question, or that
# concern a record: `{who}` is the record ("the partner"), `{whose}` its possessive.
PHRASES: dict[str, str] = {
    "Adult.role": "{whose} role in the family",
    "Adult.regularly_in_home": "whether {who} is regularly in the home",
    "Adult.joined_household_date": "when {who} joined the household",
    "Adult.alleged_perpetrator": "whether {who} is an alleged perpetrator of harm",
    "Adult.harm_history": "what harm {who} has a history of",
    "Adult.earlier_children_living_elsewhere": "whether children {who} parented earlier no "
    "longer live with them",
    "Adult.contact_with_earlier_children": "whether {who} has contact with those earlier children",
    "Adult.police_check": "whether police checks were done on {who}",
    "Adult.social_care_check": "whether children's social care checks were done on {who}",
    "Adult.probation_consulted": "whether probation was consulted about {who}",
    "Adult.mappa_enquiry": "whether probation was asked if {who} is managed under MAPPA",
    "Adult.care_experienced": "whether {who} is care-experienced",
    "Adult.adverse_childhood_experiences": "whether {whose} adverse childhood experiences are known",
    "Adult.parental_history_considered": "whether {whose} own history was considered",
    "Adult.mental_health_managed_by": "who manages {whose} mental health",
    "Adult.gp_treatment_adherence_report": "whether the GP reported on {whose} treatment adherence",
    "MappaEnquiry.done": "whether probation was asked if {who} is managed under MAPPA",
    "MappaEnquiry.date": "when probation was asked about {who}",
    "MappaEnquiry.outcome": "what probation said about {who}",
    "MappaEnquiry.category": "the MAPPA category of {who}",
    "MappaEnquiry.level": "the MAPPA level of {who}",
    "Risk.original": "whether {who} brought the family to conference",
    "Risk.status": "where {who} stands on the plan",
    "Risk.status_date": "since when the status of {who} holds",
    "Risk.sustained_change_since": "since when change on {who} has been sustained",
    "Risk.carried_to_cin_plan": "whether {who} was carried onto the CIN plan",
    "Risk.not_carried_rationale": "why {who} was removed or not carried onto the CIN plan",
    "Risk.no_intervention_reason": "why {who} needs no intervention of its own",
    "Risk.children": "which children {who} concerns",
    "Risk.adults": "which adults {who} is about",
    "Conference.agencies_invited": "which agencies were invited to {who}",
    "Conference.agencies_contributed": "which agencies contributed to {who}",
    "Conference.chronology_submitted": "whether a chronology was submitted to {who}",
    "Conference.genogram_submitted": "whether a genogram was submitted to {who}",
    "Conference.history_analysed": "whether the report to {who} analysed the family's history",
    "Conference.repeat_plan_analysis": "whether a repeat-plan analysis was done after {who}",
    "Conference.previous_deplanning_reviewed": "whether {who} addressed why the previous "
    "de-planning did not hold",
    "WorkerAllocation.transfer_review": "whether {who} reviewed the chronology and genogram "
    "on taking over",
    "Intervention.status": "where {who} stands",
    "Intervention.start_date": "when {who} started",
    "Intervention.end_date": "when {who} ended",
    "CpPlan.end_date": "when {who} ended",
    "CpPlan.transfer_in": "whether {who} continues one made by another authority",
    "Case.disguised_compliance_analysis": "whether signs of disguised compliance were analysed",
    "Case.safety_statement": "the safety statement",
    "SafetyStatement.agreed": "whether a safety statement was agreed",
    "SafetyStatement.evidence_of_change_defined": "whether the safety statement says what "
    "evidence of change looks like",
    "SafetyStatement.sustain_months_agreed": "for how many months the safety statement says "
    "change must be sustained",
    "FamilyNetwork.none_suitable": "whether no one in the family and friends network was "
    "found suitable",
    "FamilyNetwork.contingency_plan": "whether a family contingency plan was agreed",
    "ProposedOutcome.lead_practitioner": "whether a lead practitioner is named to co-ordinate "
    "support after the CP plan",
    "ProposedOutcome.lead_practitioner_after_cin": "whether a lead practitioner is named for "
    "after the CIN plan ends",
    "ProposedOutcome.family_hub_link": "whether the family has been linked to a family hub",
    "ProposedOutcome.universal_support_plan": "whether a universal support plan is in place",
    "ProposedOutcome.rationale": "the reasons given for ending the plan",
}
# Codes whose words are not their spelling with spaces.
CODE_WORDS: dict[str, str] = {
    "NEG": "neglect",
    "PHY": "physical abuse",
    "SAB": "sexual abuse",
    "EMO": "emotional abuse",
    "MUL": "multiple categories",
    "icpc": "initial conference",
    "rcpc": "review conference",
    "gp": "GP",
    "cp_chair": "CP chair",
    "step_down_to_cin": "step down to a CIN plan",
    "mappa_managed": "managed under MAPPA",
    "known_to_probation_not_mappa": "known to probation, not under MAPPA",
    "reached_18": "reached 18",
    "left_uk": "left the UK",
}
_CODED: dict[str, frozenset[str]] = {
    "role": frozenset(AdultRole) | frozenset(WorkerRole),
    "kind": frozenset(RiskKind) | frozenset(ConferenceKind),
    "provider_type": frozenset(ProviderType),
}
_OPENINGS = {"whether", "which", "what", "who", "how", "when", "why", "the", "a", "an"}
_STEP_TEXT = re.compile(r"([a-z_]+)(?:\[([A-Za-z0-9][A-Za-z0-9._:-]{0,63})\])?")
_ACRONYMS = {"cin": "CIN", "cp": "CP", "gp": "GP", "mappa": "MAPPA", "uk": "UK"}
_PATH_IN_TEXT = re.compile(
    r"(?<![\w.\[])[a-z][a-z_]*(?:\[[A-Za-z0-9][A-Za-z0-9._:-]{0,63}\])?"
    r"(?:\.[a-z][a-z_]*(?:\[[A-Za-z0-9][A-Za-z0-9._:-]{0,63}\])?)*"
)


def sentence(words: str) -> str:
    """Words as a sentence or label: the first letter a capital, the rest as they are."""
    return words[:1].upper() + words[1:]


def code_words(code: str) -> str:
    """A code in plain words: `step_down_to_cin` -> "step down to a CIN plan"."""
    if code in CODE_WORDS:
        return CODE_WORDS[code]
    return " ".join(_ACRONYMS.get(word, word) for word in code.split("_"))


def describe(path: str, case: Mapping[str, Any]) -> str:
    """The path in plain words; a path the case model does not know is returned as it is
    (our own text from the engine, never case content)."""
    slot = locate(case, path)
    if slot is None:
        return _unknown_path(path, case)
    if slot.whole_record:
        return _record_words(slot.records, case)
    return field_words(slot, case)


def field_words(slot: Slot, case: Mapping[str, Any]) -> str:
    """The field a slot names, in plain words, its records named from the case."""
    who = _record_words(slot.records, case) if slot.records else "the case"
    whose = _possessive(who)
    phrase = PHRASES.get(f"{slot.model.__name__}.{slot.field}")
    if phrase is None and slot.model is Action and "." in slot.path:
        parent = locate(case, slot.path.rsplit(".", 1)[0])
        if parent is not None and not parent.whole_record:
            words = field_words(parent, case)
            return words if slot.field == "done" else f"when {_unquestion(words)}"
    if phrase is None:
        phrase = _from_description(slot)
    return phrase.format(who=who, whose=whose)


def in_plain_words(text: str, case: Mapping[str, Any]) -> str:
    """Engine text (a reason, a next step) with each case field path in it put in words."""

    def replace(match: re.Match[str]) -> str:
        token = match.group(0)
        if "_" not in token and "." not in token and "[" not in token:
            return token
        slot = locate(case, token)
        return describe(token, case) if slot is not None else token

    return _PATH_IN_TEXT.sub(replace, text)


def record_words(record: Record, case: Mapping[str, Any]) -> str:
    """One record, named as a person would: "the partner", "risk R1 (neglect)". Only codes
    the case model knows are used, so a case that does not validate is never quoted."""
    item = {
        name: value
        for name, value in record.item.items()
        if name in _CODED and isinstance(value, str) and value in _CODED[name]
    }
    if record.collection == "adults":
        role = item.get("role")
        if not isinstance(role, str) or role == "other":
            return f"adult {record.ref}"
        adults = case.get("adults")  # roles compared, never shown
        same = (
            [a for a in adults if isinstance(a, Mapping) and a.get("role") == role]
            if isinstance(adults, list)
            else []
        )
        return (
            f"the {code_words(role)}" if len(same) <= 1 else f"the {code_words(role)} {record.ref}"
        )
    if record.collection == "children":
        return f"child {record.ref}"
    if record.collection == "risks":
        kind = item.get("kind")
        return f"risk {record.ref}" + (f" ({code_words(kind)})" if isinstance(kind, str) else "")
    if record.collection == "conferences":
        kind, day = item.get("kind"), _date(record.item.get("date"))
        words = f"the {code_words(kind)}" if isinstance(kind, str) else "the conference"
        return f"{words} {record.ref}" + (f" of {day}" if day else "")
    if record.collection == "interventions":
        provider = item.get("provider_type")
        extra = f" ({code_words(provider)})" if isinstance(provider, str) else ""
        return f"intervention {record.ref}{extra}"
    if record.collection == "allocations":
        role = item.get("role")
        return f"the {code_words(role)} {record.ref}" if isinstance(role, str) else record.ref
    if record.collection == "cp_plans":
        return f"CP plan {record.ref}"
    return f"{code_words(record.collection).rstrip('s')} {record.ref}"


def listed(items: list[str], conjunction: str = "and") -> str:
    """`a, b and c`."""
    if len(items) > 1:
        return ", ".join(items[:-1]) + f" {conjunction} " + items[-1]
    return "".join(items)


def _record_words(records: Iterable[Record], case: Mapping[str, Any]) -> str:
    """The innermost record, with the ones it belongs to: "CP plan P1 of child C1"."""
    named = [record_words(record, case) for record in records]
    return " of ".join(reversed(named)) if named else "the case"


def _possessive(who: str) -> str:
    return f"{who}'" if who.endswith("s") else f"{who}'s"


def _from_description(slot: Slot) -> str:
    field = slot.model.model_fields[slot.field]
    text = (field.description or "").strip().rstrip(".")
    if text and ":" not in text and not slot.records:
        text = text[0].lower() + text[1:]
        return text if text.split()[0] in _OPENINGS else f"the {text}"
    return "the " + code_words(slot.field) + (" of {who}" if slot.records else "")


def _unquestion(words: str) -> str:
    return words.removeprefix("whether ")


def _unknown_path(path: str, case: Mapping[str, Any]) -> str:
    """A path the case model does not have (the engine may name a pair of records, or
    several collections at once): its last field, and the records named on the way."""
    parts = [part.strip() for part in path.split(",")]
    if len(parts) > 1:
        return listed([_unknown_path(part, case) for part in parts])
    steps = [_STEP_TEXT.fullmatch(step) for step in path.split(".")]
    if not all(steps):
        return path
    named = []
    for match in steps[:-1]:
        assert match is not None
        collection, ref = match.groups()
        if ref is not None:
            items = case.get(collection)
            found = next(
                (
                    item
                    for item in (items if isinstance(items, list) else [])
                    if isinstance(item, Mapping) and ref in item.values()
                ),
                {},
            )
            named.append(record_words(Record(collection, ref, found), case))
    last = steps[-1]
    assert last is not None
    words = "the " + code_words(last.group(1))
    return f"{words} ({', '.join(named)})" if named else words


def _date(raw: Any) -> str | None:
    if not isinstance(raw, str):
        return None
    try:
        return plain_date(dt.date.fromisoformat(raw))
    except ValueError:
        return None


def record_ref_words(collection: str, ref: str, case: Mapping[str, Any]) -> str:
    """A finding's record (`adults`, `A2`) named from the case: "the partner"."""
    slot = locate(case, f"{collection}[{ref}]")
    if slot is not None and slot.records:
        return _record_words(slot.records[-1:], case)
    return record_words(Record(collection, ref, {}), case)


def value_words(value: Any) -> str:
    """A case value in plain words: yes/no, a date, a done-and-when, codes."""
    if value is True:
        return "yes"
    if value is False:
        return "no"
    if isinstance(value, Mapping) and "done" in value:
        day = _date(value.get("date"))
        return f"yes, on {day}" if value.get("done") and day else "no"
    if isinstance(value, list):
        return listed([value_words(item) for item in value]) if value else "none"
    if isinstance(value, str):
        return _date(value) or code_words(value)
    return str(value)
