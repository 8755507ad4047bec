"""The result page and completing what is missing: the chair's answers are applied to a
copy of the case, kept as attestations, and the new assessment joins the case's history."""

import re
import uuid
from collections.abc import Callable

from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import Engine
from sqlmodel import Session, select

from api.settings import Settings
from models.api_keys import Scope
from models.case import Case, parse_case
from models.chair_tables import Attestation
from models.tables import AssessmentRecord, CaseBody
from tests.api.pages.conftest import sign_in
from tests.api.pages.pages import INSUFFICIENT, NOT_READY, error_summary, family_verdict, load


def _question(html: str, label: str) -> str:
    """The form field name of the question with this label."""
    match = re.search(
        rf'<legend class="app-legend">{re.escape(label)}</legend>.*?name="(q\d+)"', html, re.S
    )
    assert match is not None, f"no question {label!r}"
    return match.group(1)


def test_the_result_page_orders_findings_and_speaks_plainly(client: TestClient, chair: str) -> None:
    page = client.get(f"/assessments/{load(client, chair, NOT_READY.read_bytes())}").text
    order = [
        page.index(f'id="{part}"') for part in ("blocking", "insufficient", "advisories", "settled")
    ]
    assert order == sorted(order)
    settled = page[page.index('id="settled"') :]
    assert "<details" in settled  # met and not applicable are collapsed
    # Each finding: its reason, records, next step, earliest date and the paper's sentence.
    assert "Three months&#39; sustained change on every risk" in page
    assert "Risk R1 (domestic abuse)" in page
    assert "Keep the plan until change has been sustained" in page
    assert "Earliest date it can be met" in page
    assert "evidence of sustainable change over the course of at least 3 months" in page
    assert "Repeat Child Protection Plan (CP) - Analysis Briefing Paper, Findings" in page
    # Plain words, never a JSON path; rule ids as their titles.
    assert "proposed_outcome.lead_practitioner_after_cin" not in page
    assert "conferences[CF-3]" not in page
    assert "Whether a lead practitioner is named for after the CIN plan ends" in page
    assert "(sustained-change," not in page


def test_completing_a_missing_field_reassesses_a_copy_and_keeps_the_answer_apart(
    client: TestClient, chair: str, db_engine: Engine
) -> None:
    first = load(client, chair, INSUFFICIENT.read_bytes())
    assert family_verdict(client.get(f"/assessments/{first}").text) == "insufficient-information"
    form = client.get(f"/assessments/{first}/complete?rule=disguised-compliance-analysis").text
    field = _question(form, "Whether signs of disguised compliance were analysed")
    response = client.post(
        f"/assessments/{first}/complete?rule=disguised-compliance-analysis",
        data={"csrf_token": chair, field: "no"},
        follow_redirects=False,
    )
    assert response.status_code == 303
    second = response.headers["location"].split("/")[2].split("?")[0]
    page = client.get(response.headers["location"]).text
    assert family_verdict(page) == "not-ready"
    assert "The case was assessed again with your answers" in page
    attested = page[page.index('id="attestations"') :]
    assert "Whether signs of disguised compliance were analysed" in attested
    assert "<td>No</td>" in attested
    # Both assessments are in the case's history; the first is unchanged.
    assert f'href="/assessments/{first}"' in page
    assert family_verdict(client.get(f"/assessments/{first}").text) == "insufficient-information"
    with Session(db_engine) as session:
        original = session.get(CaseBody, uuid.UUID(first))
        completed = session.get(CaseBody, uuid.UUID(second))
        assert original is not None
        assert completed is not None
        assert Case.model_validate(original.case_data) == parse_case(INSUFFICIENT.read_bytes())
        assert completed.case_data["disguised_compliance_analysis"]["done"] is False
        (attestation,) = session.exec(select(Attestation)).all()
        assert attestation.path == "disguised_compliance_analysis"
        assert attestation.value == {"done": False}
        assert attestation.based_on_id == uuid.UUID(first)
        assert attestation.assessment_id == uuid.UUID(second)
        record = session.get(AssessmentRecord, uuid.UUID(second))
        assert record is not None
        assert record.verdict == "not_ready"
        assert record.client_key_id == attestation.attested_by


def test_answering_every_blocking_gap_can_make_the_case_ready(
    client: TestClient, chair: str
) -> None:
    first = load(client, chair, INSUFFICIENT.read_bytes())
    form = client.get(f"/assessments/{first}/complete").text
    answers = {"csrf_token": chair}
    for label, value, day in [
        ("Whether signs of disguised compliance were analysed", "yes", "2024-04-01"),
        ("Whether a lead practitioner is named for after the CIN plan ends", "yes", "2024-05-09"),
        ("Whether the family and friends network was considered in planning", "yes", "2023-09-01"),
        ("Whether children the mother parented earlier no longer live with them", "no", None),
        ("Whether children the partner parented earlier no longer live with them", "no", None),
        ("What harm the mother has a history of", "none", None),
        ("What harm the partner has a history of", "none", None),
        ("Whether a safety statement was agreed", "yes", "2024-01-10"),
        ("Whether the safety statement says what evidence of change looks like", "yes", None),
    ]:
        field = _question(form, label)
        answers[field] = value
        if day:
            answers[f"{field}-date"] = day
    months = re.search(r'<label class="app-label" for="(q\d+)">For how many months', form)
    assert months is not None
    answers[months.group(1)] = "3"
    response = client.post(f"/assessments/{first}/complete", data=answers)
    assert response.status_code == 200
    assert family_verdict(response.text) == "ready"
    assert response.text.count("<td>Key ") == 10
    # Completing the completed assessment: its page lists the earlier answers too.
    second = str(response.url).split("/")[4].split("?")[0]
    more = client.get(f"/assessments/{second}/complete?rule=family-hub-and-support-plan").text
    hub = _question(more, "Whether the family has been linked to a family hub")
    third = client.post(
        f"/assessments/{second}/complete?rule=family-hub-and-support-plan",
        data={"csrf_token": chair, hub: "yes", f"{hub}-date": "2024-05-09"},
    )
    assert third.text.count("<td>Key ") == 11
    assert third.text.count("<td>Yes, on 9 May 2024</td>") == 2


def test_answers_that_do_not_fit_are_named_in_an_error_summary(
    client: TestClient, chair: str, db_engine: Engine
) -> None:
    first = load(client, chair, INSUFFICIENT.read_bytes())
    form = client.get(f"/assessments/{first}/complete?rule=safety-statement").text
    evidence = _question(
        form, "Whether the safety statement says what evidence of change looks like"
    )
    agreed = _question(form, "Whether a safety statement was agreed")
    url = f"/assessments/{first}/complete?rule=safety-statement"

    nothing = client.post(url, data={"csrf_token": chair})
    assert nothing.status_code == 400
    assert error_summary(nothing.text) == ["Answer at least one question, or go back to the result"]

    no_date = client.post(url, data={"csrf_token": chair, agreed: "yes", f"{agreed}-date": ""})
    assert error_summary(no_date.text) == [
        "Whether a safety statement was agreed: enter the date it was done"
    ]
    assert f'href="#{agreed}-date"' in no_date.text

    # The case model needs the statement's agreement before its details.
    partial = client.post(url, data={"csrf_token": chair, evidence: "yes"})
    assert partial.status_code == 400
    assert error_summary(partial.text) == ["Whether a safety statement was agreed: is missing"]
    assert 'value="yes" checked' in partial.text  # the answer given is kept in the form

    months = re.search(r'for="(q\d+)">For how many months', form)
    assert months is not None
    too_many = client.post(url, data={"csrf_token": chair, months.group(1): "99"})
    assert "enter a number from 0 to 60" in too_many.text
    with Session(db_engine) as session:
        assert session.exec(select(Attestation)).all() == []
        assert len(session.exec(select(AssessmentRecord)).all()) == 1


def test_completing_needs_the_csrf_token(client: TestClient, chair: str, db_engine: Engine) -> None:
    first = load(client, chair, INSUFFICIENT.read_bytes())
    response = client.post(f"/assessments/{first}/complete", data={"q0": "no"})
    assert response.status_code == 403
    with Session(db_engine) as session:
        assert session.exec(select(Attestation)).all() == []


def test_a_case_not_kept_cannot_be_completed(
    make_settings: Callable[..., Settings],
    db_engine: Engine,
    chair_key: Callable[..., str],
) -> None:
    from api.http.app import create_app

    app: FastAPI = create_app(make_settings(store_cases=False))
    try:
        with TestClient(app) as client:
            csrf = sign_in(client, chair_key())
            first = load(client, csrf, INSUFFICIENT.read_bytes())
            page = client.get(f"/assessments/{first}").text
            assert "The case itself was not kept" in page
            assert "Answer what is missing" not in page
            assert client.get(f"/assessments/{first}/complete").status_code == 409
    finally:
        app.state.engine.dispose()


def test_erasing_the_case_erases_the_chairs_answers_too(
    client: TestClient, chair: str, make_key: Callable[..., str], db_engine: Engine
) -> None:
    first = load(client, chair, INSUFFICIENT.read_bytes())
    form = client.get(f"/assessments/{first}/complete").text
    field = _question(form, "Whether signs of disguised compliance were analysed")
    done = client.post(f"/assessments/{first}/complete", data={"csrf_token": chair, field: "no"})
    assert "What the chair supplied" in done.text
    admin = {"Authorization": make_key(Scope.ADMIN, organisation="north")}
    erased = client.delete(
        "/v1/cases/FAM-2024-0288/stored-cases", params={"reason": "request"}, headers=admin
    )
    assert erased.status_code == 200
    with Session(db_engine) as session:
        assert session.exec(select(Attestation)).all() == []
    page = client.get(str(done.url)).text
    assert 'id="attestations"' not in page
    assert family_verdict(page) == "not-ready"  # the record itself stays
