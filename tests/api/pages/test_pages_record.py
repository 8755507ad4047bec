"""The conference record: everything the conference needs on one printable page, the chair's
decision and overrides beside the engine's verdict, and only for the chair's organisation."""

import html
import re
import shutil
import subprocess
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine
from sqlmodel import Session

from api.persistence.attestations import add_completed_assessment
from api.persistence.keys import Client
from engine import load_ruleset
from models.api_keys import Scope
from models.case import Case
from tests.api.pages.conftest import sign_in
from tests.api.pages.pages import INSUFFICIENT, load

JUSTIFICATION = "Probation confirmed at conference: neither adult is managed under MAPPA."
MAPPA = "probation-mappa-check"
STATIC = Path(__file__).resolve().parents[3] / "web" / "static"


@pytest.fixture
def assessment_id(
    client: TestClient, make_key: Callable[..., str], example_case: dict[str, Any]
) -> str:
    headers = {"Authorization": make_key(Scope.ASSESS, organisation="north")}
    response = client.post("/v1/assessments", json=example_case, headers=headers)
    assert response.status_code == 201
    return str(response.json()["id"])


def record_decision(client: TestClient, csrf: str, assessment_id: str, revision: int = 0) -> None:
    response = client.post(
        f"/assessments/{assessment_id}/decision",
        data={
            "csrf_token": csrf,
            "revision": str(revision),
            "decision/C1": "deplan",
            "decision/C2": "continue",
            f"position/{MAPPA}": "met",
            f"children/{MAPPA}": ["C1", "C2"],
            f"justification/{MAPPA}": JUSTIFICATION,
        },
        follow_redirects=False,
    )
    assert response.status_code == 303, response.text


def text_of(page: str) -> str:
    """The page's words, tags stripped and whitespace collapsed."""
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", page)).split())


def test_the_record_holds_verdicts_findings_decision_and_provenance(
    client: TestClient, chair: str, assessment_id: str
) -> None:
    record_decision(client, chair, assessment_id)
    page = client.get(f"/assessments/{assessment_id}/record")
    assert page.status_code == 200
    words = text_of(page.text)
    stored = client.get(f"/assessments/{assessment_id}/record").text
    assert "Conference record" in words
    assert assessment_id in words
    assert "FAM-2024-0173" in words and "14 March 2024" in words  # noqa: PT018
    # The rule set's version and its full hash, the engine.
    ruleset = load_ruleset()
    assert f"{ruleset.version} ({ruleset.content_hash})" in words
    # Verdicts: the family's and each child's, the engine's beside the chair's decision.
    assert "Family, by the engine: NOT READY" in words.replace("not ready", "NOT READY")
    assert re.search(r"C1 Step down to a CIN plan (?i:not ready) De-plan", words)
    assert re.search(r"C2 Step down to a CIN plan (?i:not ready) Continue", words)
    assert "De-plan for C1; continue for C2." in words
    assert "C1 de-planned, though the engine’s verdict is not ready." in words
    # A finding with its reason, records, next step, earliest date and the paper's sentence.
    assert "Three months' sustained change on every risk" in html.unescape(stored)
    assert "Keep the plan until change has been sustained for 3 months on every risk" in words
    assert "Earliest date it can be met 29 April 2024" in words
    assert "In 10 families, the decision to de-plan was made without there having been" in words
    assert "Risk R1 (domestic abuse)" in words
    # The override, beside its finding and in the decision's table; the verdict unchanged.
    assert "Overruled by the chair for C1, C2: the chair holds it met" in words
    assert JUSTIFICATION in words
    assert "Revision 1" in words
    assert "Printed" in words
    # The chronology: the drawing and the table with the same entries.
    assert '<figure class="chronology"' in page.text
    assert "Chronology" in words and "CP plan" in words  # noqa: PT018


@pytest.mark.usefixtures("chair")
def test_without_a_decision_the_record_says_so(client: TestClient, assessment_id: str) -> None:
    words = text_of(client.get(f"/assessments/{assessment_id}/record").text)
    assert "No decision has been recorded on this assessment." in words
    assert "Overruled by the chair" not in words
    assert "Record the decision" in words


def test_a_corrected_decision_lists_the_one_it_corrected(
    client: TestClient, chair: str, assessment_id: str
) -> None:
    record_decision(client, chair, assessment_id)
    record_decision(client, chair, assessment_id, revision=1)
    words = text_of(client.get(f"/assessments/{assessment_id}/record").text)
    assert "Revision 2" in words
    assert "Earlier decisions on this assessment, corrected" in words


@pytest.mark.usefixtures("chair")
def test_the_record_shows_what_the_chair_supplied(
    client: TestClient,
    assessment_id: str,
    db_engine: Engine,
    make_key: Callable[..., str],
    example_case: dict[str, Any],
) -> None:
    header = make_key(Scope.CHAIR, name="chair-two", organisation="north")
    key_id = header.removeprefix("Bearer ").split("_")[1]
    case = Case.model_validate(example_case)
    with Session(db_engine) as session:
        row = add_completed_assessment(
            session,
            based_on=uuid.UUID(assessment_id),
            assessment=load_ruleset().assess(case),
            case=case,
            values={"family_network.understands_risks": True},
            client=Client(key_id, "chair-two", frozenset({Scope.CHAIR}), "north"),
            keep_case=True,
        )
        session.commit()
        completed_id = row.id
    words = text_of(client.get(f"/assessments/{completed_id}/record").text)
    assert "What the chair supplied" in words
    assert f"Key chair-two ({key_id})" in words


def test_only_the_chairs_organisation_sees_the_record(
    client: TestClient, chair_key: Callable[..., str], assessment_id: str
) -> None:
    sign_in(client, chair_key("south"))
    for path in ("record", "record.pdf", "decision"):
        response = client.get(f"/assessments/{assessment_id}/{path}")
        assert response.status_code == 404, path
        assert "Page not found" in response.text
    assert client.get("/assessments/not-an-id/record").status_code == 404


def test_without_a_session_the_record_asks_to_sign_in(
    client: TestClient, assessment_id: str
) -> None:
    response = client.get(f"/assessments/{assessment_id}/record", follow_redirects=False)
    assert response.status_code == 303
    assert response.headers["location"].startswith("/sign-in?next=")


@pytest.mark.usefixtures("chair")
def test_the_print_stylesheet_is_a4_without_navigation(
    client: TestClient, assessment_id: str
) -> None:
    page = client.get(f"/assessments/{assessment_id}/record").text
    assert '<link rel="stylesheet" href="/static/print.css" media="print">' in page
    css = client.get("/static/print.css")
    assert css.status_code == 200
    assert css.text == (STATIC / "print.css").read_text()
    assert "size: A4" in css.text
    assert re.search(r"\.app-header[^{]*\{ display: none", css.text.replace("\n", " "))


def test_the_record_downloads_as_an_a4_pdf(
    client: TestClient, chair: str, assessment_id: str, tmp_path: Path
) -> None:
    record_decision(client, chair, assessment_id)
    response = client.get(f"/assessments/{assessment_id}/record.pdf")
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/pdf"
    assert response.headers["content-disposition"] == (
        f'attachment; filename="conference-record-{assessment_id}.pdf"'
    )
    assert response.headers["cache-control"] == "no-store"
    assert response.content.startswith(b"%PDF-")
    assert response.content.rstrip().endswith(b"%%EOF")
    if shutil.which("pdftotext") is None or shutil.which("pdfinfo") is None:
        return  # pages and words are checked where poppler is installed (poppler-utils)
    path = tmp_path / "record.pdf"
    path.write_bytes(response.content)
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True)
    assert re.search(r"Page size:\s+595\.\d+ x 841\.\d+ pts \(A4\)", info.stdout)
    assert int(re.findall(r"Pages:\s+(\d+)", info.stdout)[0]) > 2
    words = " ".join(
        subprocess.run(
            ["pdftotext", str(path), "-"], capture_output=True, text=True, check=True
        ).stdout.split()
    )
    assert "Conference record" in words
    assert assessment_id in words
    assert JUSTIFICATION in words
    assert "Sign out" not in words, "no navigation in print"
    assert re.search(r"Page 1 of \d+", words)


def test_after_erasure_the_record_keeps_the_override_without_its_justification(
    client: TestClient, chair: str, assessment_id: str, make_key: Callable[..., str]
) -> None:
    record_decision(client, chair, assessment_id)
    admin = {"Authorization": make_key(Scope.ADMIN, organisation="north")}
    erased = client.delete("/v1/cases/FAM-2024-0173/stored-cases?reason=request", headers=admin)
    assert erased.status_code == 200, erased.text
    words = text_of(client.get(f"/assessments/{assessment_id}/record").text)
    assert "Overruled by the chair for C1, C2: the chair holds it met" in words
    assert "The justification was erased with the case." in words
    assert JUSTIFICATION not in words
    assert "its chronology cannot be drawn" in words
    form = client.get(f"/assessments/{assessment_id}/decision").text
    assert '<option value="met" selected>' in form, "a correction starts from the override"


def test_the_record_lists_the_problems_in_the_record_first(client: TestClient, chair: str) -> None:
    assessment_id = load(client, chair, INSUFFICIENT.read_bytes(), as_of="2024-03-01")
    page = client.get(f"/assessments/{assessment_id}/record").text
    assert page.index('id="data-quality"') < page.index('id="blocking"')
    assert "lies after the as-of date" in page
