"""SSD code sets to deplan's codes."""

import pytest

from engine.ssd.coding import administrative_reason, category, factor_codes, worker_role, yes_no
from models.codes import AbuseCategory, AdministrativeReason, WorkerRole


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("Neglect", AbuseCategory.NEG),
        ("NEG", AbuseCategory.NEG),
        ("Emotional abuse", AbuseCategory.EMO),
        ("physical abuse", AbuseCategory.PHY),
        ("Sexual abuse", AbuseCategory.SAB),
        ("Multiple: Neglect, Emotional abuse", AbuseCategory.MUL),
        ("Unknown", None),
    ],
)
def test_categories_of_abuse(value: str, expected: AbuseCategory | None) -> None:
    assert category(value) is expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ('["1B", "3B"]', ["1B", "3B"]),
        ('{"3B": "Yes", "4B": "No", "2B": "Y"}', ["3B", "2B"]),
        ("3b, 4B", ["3B", "4B"]),
        ("[]", []),
        ('["not a code"]', None),
        ("{broken", None),
        ('"3B"', None),
    ],
)
def test_assessment_factor_lists(value: str, expected: list[str] | None) -> None:
    assert factor_codes(value) == expected


def test_roles_yes_no_and_close_reasons() -> None:
    assert worker_role("Allocated Social Worker") is WorkerRole.SOCIAL_WORKER
    assert worker_role("Team Manager") is WorkerRole.TEAM_MANAGER
    assert worker_role("Child Protection Chair") is WorkerRole.CP_CHAIR
    assert worker_role("Family Support Worker") is None
    assert yes_no("Yes") is True
    assert yes_no("n") is False
    assert yes_no("maybe") is None
    assert administrative_reason("RC5 - Transferred") is (
        AdministrativeReason.TRANSFERRED_TO_ANOTHER_AUTHORITY
    )
    assert administrative_reason("RC7") is None
