"""SSD code sets mapped to deplan's coded values.

Categories of abuse and assessment factors follow the Children in Need census; worker roles
in `ssd_involvements` are local text, matched by the words roles are usually called by.
"""

from __future__ import annotations

import json
import re

from models.codes import AbuseCategory, AdministrativeReason, RiskKind, WorkerRole

_CATEGORY_WORDS = {
    "neg": AbuseCategory.NEG,
    "neglect": AbuseCategory.NEG,
    "phy": AbuseCategory.PHY,
    "physical": AbuseCategory.PHY,
    "sab": AbuseCategory.SAB,
    "sexual": AbuseCategory.SAB,
    "emo": AbuseCategory.EMO,
    "emotional": AbuseCategory.EMO,
    "mul": AbuseCategory.MUL,
    "multiple": AbuseCategory.MUL,
}

CATEGORY_RISKS = {
    AbuseCategory.NEG: RiskKind.NEGLECT,
    AbuseCategory.PHY: RiskKind.PHYSICAL_HARM,
    AbuseCategory.SAB: RiskKind.SEXUAL_HARM,
    AbuseCategory.EMO: RiskKind.EMOTIONAL_HARM,
}
"""The risk a plan's category of abuse records (a multiple category names none itself)."""

FACTOR_RISKS = {
    "1B": RiskKind.PARENTAL_ALCOHOL_MISUSE,
    "1C": RiskKind.PARENTAL_ALCOHOL_MISUSE,
    "2B": RiskKind.PARENTAL_DRUG_MISUSE,
    "2C": RiskKind.PARENTAL_DRUG_MISUSE,
    "3A": RiskKind.DOMESTIC_ABUSE,
    "3B": RiskKind.DOMESTIC_ABUSE,
    "3C": RiskKind.DOMESTIC_ABUSE,
    "4B": RiskKind.PARENTAL_MENTAL_HEALTH,
    "4C": RiskKind.PARENTAL_MENTAL_HEALTH,
    "16A": RiskKind.NEGLECT,
    "17A": RiskKind.EMOTIONAL_HARM,
    "18B": RiskKind.PHYSICAL_HARM,
    "18C": RiskKind.PHYSICAL_HARM,
    "19B": RiskKind.SEXUAL_HARM,
    "19C": RiskKind.SEXUAL_HARM,
    "11A": RiskKind.OTHER,
    "12A": RiskKind.OTHER,
    "13A": RiskKind.OTHER,
    "20": RiskKind.OTHER,
    "22A": RiskKind.OTHER,
    "23A": RiskKind.OTHER,
    "24A": RiskKind.OTHER,
}
"""Census assessment factors that name a risk of harm. The others (disability, young carer,
private fostering, the child's own substance misuse, ...) are needs, not risks on a plan."""

EXTRA_FAMILIAL_FACTORS = frozenset({"10A", "11A", "12A", "13A", "24A"})
"""Missing, sexual and criminal exploitation, trafficking, gangs: harm outside the home."""

_FACTOR = re.compile(r"^(\d{1,2}[A-F]?)$")
_YES = {"y", "yes", "true", "1"}
_NO = {"n", "no", "false", "0"}
_CLOSE_REASONS = {
    "RC2": AdministrativeReason.DIED,
    "RC5": AdministrativeReason.TRANSFERRED_TO_ANOTHER_AUTHORITY,
}


def category(value: str) -> AbuseCategory | None:
    first_word = re.split(r"[\s:_,/-]+", value.strip().lower(), maxsplit=1)[0]
    return _CATEGORY_WORDS.get(first_word)


def yes_no(value: str) -> bool | None:
    word = value.strip().lower()
    if word in _YES:
        return True
    if word in _NO:
        return False
    return None


def factor_codes(value: str) -> list[str] | None:
    """The factor codes of `cinf_assessment_factors_json`: a JSON array (`["3B", "4B"]`), a
    JSON object of flags (`{"3B": "Yes", ...}`) or a comma-separated list; None if none of
    these."""
    text = value.strip()
    codes: list[str]
    if text.startswith(("[", "{")):
        try:
            parsed = json.loads(text)
        except json.JSONDecodeError:
            return None
        if isinstance(parsed, list):
            codes = [str(item) for item in parsed]
        elif isinstance(parsed, dict):
            codes = [str(k) for k, flag in parsed.items() if yes_no(str(flag)) is True]
        else:
            return None
    else:
        codes = text.split(",")
    cleaned = [code.strip().upper() for code in codes if code.strip()]
    if not all(_FACTOR.match(code) for code in cleaned):
        return None
    return cleaned


def worker_role(value: str) -> WorkerRole | None:
    text = value.strip().lower()
    if "chair" in text or "conference" in text:
        return WorkerRole.CP_CHAIR
    if "manager" in text:
        return WorkerRole.TEAM_MANAGER
    if "social worker" in text or "case worker" in text or "caseworker" in text or text == "sw":
        return WorkerRole.SOCIAL_WORKER
    return None


def administrative_reason(close_reason: str) -> AdministrativeReason | None:
    return _CLOSE_REASONS.get(close_reason.strip().upper()[:3])
