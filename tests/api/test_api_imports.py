"""`POST /v1/imports/ssd`: an SSD extract over HTTP becomes a queued re-audit."""

import csv
import io
import json
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from api.http import ssd_upload
from api.settings import Settings
from models.api_keys import Scope
from tests.api.test_api_audits import wait_for

EXTRACT = Path(__file__).resolve().parents[2] / "examples" / "ssd"


@pytest.fixture(autouse=True)
def _one_worker(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DEPLAN_AUDIT_WORKERS", "1")
    monkeypatch.delenv("DEPLAN_SSD_KEY_FILE", raising=False)


@pytest.fixture
def audit_auth(make_key: Callable[..., str]) -> dict[str, str]:
    return {"Authorization": make_key(Scope.AUDIT, name="quality-team")}


def _files() -> list[tuple[str, tuple[str, bytes, str]]]:
    return [
        ("files", (path.name, path.read_bytes(), "text/csv"))
        for path in sorted(EXTRACT.glob("ssd_*.csv"))
    ]


def _zip(members: dict[str, bytes] | None = None) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as bundle:
        for name, data in (
            members or {f"extract/{p.name}": p.read_bytes() for p in EXTRACT.glob("ssd_*.csv")}
        ).items():
            bundle.writestr(name, data)
    return buffer.getvalue()


def _private_values() -> set[str]:
    with (EXTRACT / "ssd_person.csv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    columns = ("pers_forename", "pers_surname", "pers_dob", "pers_common_child_id", "pers_upn")
    return {row[column] for row in rows for column in columns}


def test_multipart_upload_imports_and_queues_an_audit_keeping_no_extract(
    client: TestClient, audit_auth: dict[str, str], settings: Settings, json_logs: io.StringIO
) -> None:
    response = client.post("/v1/imports/ssd", files=_files(), headers=audit_auth)
    assert response.status_code == 202, response.text
    body = response.json()
    assert response.headers["Location"] == f"/v1/audits/{body['audit']['id']}"
    report = body["report"]
    assert report["cases_written"] > 50
    assert report["cases_not_valid"]["cases"] == 0
    assert report["rows_not_used"]["problems"] == 2  # the example's two orphan rows
    job = wait_for(client, response.headers["Location"], audit_auth)
    assert job["status"] == "succeeded", job["error"]
    assert job["counts"]["read"] == report["cases_written"]
    assessments = client.get(job["links"]["assessments.jsonl"], headers=audit_auth).text

    stored = "".join(
        path.read_text(encoding="utf-8", errors="replace")
        for path in settings.data_dir.rglob("*")
        if path.is_file() and path.suffix in (".jsonl", ".json", ".csv", ".html")
    )
    assert not list(settings.data_dir.rglob("ssd_person.csv"))
    written = stored + assessments + response.text + json_logs.getvalue()
    leaked = {value for value in _private_values() if value in written}
    assert not leaked


def test_a_zip_gives_the_same_cases_with_the_services_key(
    client: TestClient, audit_auth: dict[str, str]
) -> None:
    first = client.post("/v1/imports/ssd", files=_files(), headers=audit_auth)
    second = client.post(
        "/v1/imports/ssd",
        content=_zip(),
        headers={**audit_auth, "Content-Type": "application/zip"},
    )
    assert second.status_code == 202, second.text
    assert second.json()["report"]["cases_written"] == first.json()["report"]["cases_written"]
    jobs = [wait_for(client, r.headers["Location"], audit_auth) for r in (first, second)]
    refs = [
        sorted(
            json.loads(line)["case_ref"]
            for line in client.get(
                job["links"]["assessments.jsonl"], headers=audit_auth
            ).text.splitlines()
        )
        for job in jobs
    ]
    assert refs[0] == refs[1]


def test_an_ambiguous_date_column_is_refused_naming_file_and_column(
    client: TestClient, audit_auth: dict[str, str], settings: Settings
) -> None:
    files = [f for f in _files() if f[1][0] != "ssd_cp_reviews.csv"]
    reviews = "cppr_cp_review_id,cppr_cp_plan_id,cppr_cp_review_date\nR1,CPP000015,05/01/2021\n"
    files.append(("files", ("ssd_cp_reviews.csv", reviews.encode(), "text/csv")))
    response = client.post("/v1/imports/ssd", files=files, headers=audit_auth)
    assert response.status_code == 422
    assert response.json()["errors"][0]["message"].startswith(
        "ssd_cp_reviews.csv, column cppr_cp_review_date: ambiguous dates"
    )
    assert not list((settings.data_dir / "audits").glob("*/*"))


@pytest.mark.parametrize(
    ("content", "media_type", "status"),
    [
        (b"not a zip", "application/zip", 422),
        (b"{}", "application/json", 415),
        (_zip({"notes.txt": b"nothing here"}), "application/zip", 422),
        (_zip({"ssd_person.csv": b"pers_person_id\nP1\n"}), "application/zip", 422),
    ],
)
def test_unusable_uploads_are_problems(
    client: TestClient, audit_auth: dict[str, str], content: bytes, media_type: str, status: int
) -> None:
    response = client.post(
        "/v1/imports/ssd", content=content, headers={**audit_auth, "Content-Type": media_type}
    )
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == "application/problem+json"


def test_uploads_are_bounded_and_need_the_audit_scope(
    client: TestClient,
    audit_auth: dict[str, str],
    make_key: Callable[..., str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    assessor = {"Authorization": make_key(Scope.ASSESS)}
    assert client.post("/v1/imports/ssd", files=_files(), headers=assessor).status_code == 403
    monkeypatch.setattr(ssd_upload, "MAX_UPLOAD_BYTES", 10_000)
    response = client.post("/v1/imports/ssd", files=_files(), headers=audit_auth)
    assert response.status_code == 413
