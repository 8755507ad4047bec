"""The chair's decisions: stored append-only, corrected by a new revision, never changing the
assessment, and counted per rule for the re-audit (API audit job and `deplan audit`)."""

import json
import time
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine, text
from sqlalchemy.exc import DBAPIError
from sqlmodel import Session
from typer.testing import CliRunner

from api.cli import app as cli
from api.persistence.decisions import (
    DecisionConflictError,
    current_decision,
    decision_history,
    override_counts,
    record_decision,
)
from models.api_keys import Scope
from models.assessment import Assessment, Outcome
from models.decisions import ChildDecision, DecisionEntry, OverrideEntry

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
TABLES = ("chair_decisions", "chair_decision_children", "chair_overrides")
JUSTIFICATIONS = "chair_justifications"
JUSTIFICATION = "Probation confirmed by phone on the day: no MAPPA involvement."


def key_client(header: str, name: str) -> dict[str, str]:
    """The key's id and name, as `record_decision` records who decided."""
    return {"key_id": header.removeprefix("Bearer ").split("_")[1], "key_name": name}


def stored(
    client: TestClient, headers: dict[str, str], case: dict[str, Any]
) -> tuple[uuid.UUID, Assessment]:
    record = client.post("/v1/assessments", json=case, headers=headers).json()
    return uuid.UUID(record["id"]), Assessment.model_validate(record["assessment"])


def entry(
    revision: int = 0, *, overrule: tuple[str, ...] = ("probation-mappa-check",)
) -> DecisionEntry:
    return DecisionEntry(
        children={"C1": ChildDecision.DEPLAN, "C2": ChildDecision.CONTINUE},
        overrides=[
            OverrideEntry(
                child_ref="C1", rule_id=rule_id, position=Outcome.MET, justification=JUSTIFICATION
            )
            for rule_id in overrule
        ],
        revision=revision,
    )


@pytest.fixture
def chair_header(make_key: Callable[..., str]) -> str:
    return make_key(Scope.READ, name="chair-one")


def test_a_decision_is_kept_with_the_engine_outcome_beside_it(
    client: TestClient,
    auth: dict[str, str],
    example_case: dict[str, Any],
    db_engine: Engine,
    chair_header: str,
) -> None:
    assessment_id, assessment = stored(client, auth, example_case)
    chair = key_client(chair_header, "chair-one")
    before = client.get(f"/v1/assessments/{assessment_id}", headers=auth).json()
    with Session(db_engine) as session:
        decision = record_decision(session, assessment_id, assessment, entry(), **chair)
    assert decision.revision == 1
    assert decision.key_id == chair["key_id"]
    assert decision.key_name == "chair-one"
    assert decision.family_verdict == assessment.verdict == "not_ready"
    assert [(c.child_ref, c.engine_verdict, c.decision) for c in decision.children] == [
        ("C1", "not_ready", "deplan"),
        ("C2", "not_ready", "continue"),
    ]
    [override] = decision.overrides
    assert (override.rule_id, override.engine_outcome, override.chair_position) == (
        "probation-mappa-check",
        Outcome.NOT_MET,
        Outcome.MET,
    )
    assert override.justification == JUSTIFICATION
    # The override never changes the engine's verdict or findings.
    assert client.get(f"/v1/assessments/{assessment_id}", headers=auth).json() == before


def test_decisions_cannot_be_updated_or_deleted(
    client: TestClient,
    auth: dict[str, str],
    example_case: dict[str, Any],
    db_engine: Engine,
    chair_header: str,
) -> None:
    assessment_id, assessment = stored(client, auth, example_case)
    with Session(db_engine) as session:
        record_decision(
            session, assessment_id, assessment, entry(), **key_client(chair_header, "chair-one")
        )
    statements = [
        "UPDATE chair_decisions SET family_verdict = 'ready'",
        "UPDATE chair_decision_children SET decision = 'deplan'",
        "UPDATE chair_overrides SET chair_position = 'not_applicable'",
        f"UPDATE {JUSTIFICATIONS} SET justification = 'x'",
        *[f"DELETE FROM {table}" for table in TABLES],
    ]
    if db_engine.dialect.name == "postgresql":
        statements += [f"TRUNCATE {table} CASCADE" for table in TABLES]
    for statement in statements:
        with pytest.raises(DBAPIError, match="append-only"), db_engine.begin() as connection:
            connection.execute(text(statement))
    with Session(db_engine) as session:
        decision = current_decision(session, assessment_id)
    assert decision is not None
    assert decision.overrides[0].justification == JUSTIFICATION


def test_a_correction_is_a_new_revision_and_a_stale_one_is_refused(
    client: TestClient,
    auth: dict[str, str],
    example_case: dict[str, Any],
    db_engine: Engine,
    chair_header: str,
) -> None:
    assessment_id, assessment = stored(client, auth, example_case)
    chair = key_client(chair_header, "chair-one")
    with Session(db_engine) as session:
        first = record_decision(session, assessment_id, assessment, entry(), **chair)
        second = record_decision(session, assessment_id, assessment, entry(1, overrule=()), **chair)
        with pytest.raises(DecisionConflictError):
            record_decision(session, assessment_id, assessment, entry(1), **chair)
        history = decision_history(session, assessment_id)
        in_force = current_decision(session, assessment_id)
    assert [d.id for d in history] == [second.id, first.id]
    assert in_force == second
    assert in_force.overrides == []
    assert first.overrides, "the first revision keeps its overrides"


def test_overrides_are_counted_per_rule_for_the_organisation(
    client: TestClient,
    make_key: Callable[..., str],
    example_case: dict[str, Any],
    db_engine: Engine,
) -> None:
    mine = {"Authorization": make_key(Scope.ASSESS, Scope.READ, organisation="north")}
    theirs = {"Authorization": make_key(Scope.ASSESS, Scope.READ, organisation="south")}
    chair = key_client(make_key(Scope.READ, organisation="north"), "chair-n")
    other = key_client(make_key(Scope.READ, organisation="south"), "chair-s")
    both = ("probation-mappa-check", "sustained-change")
    with Session(db_engine) as session:
        first_id, first = stored(client, mine, example_case)
        # Corrected: only the correction counts.
        record_decision(session, first_id, first, entry(overrule=both), **chair)
        record_decision(session, first_id, first, entry(1), **chair)
        second_id, second = stored(client, mine, example_case)
        record_decision(session, second_id, second, entry(overrule=both), **chair)
        stored(client, mine, example_case)  # no decision: not counted
        siblings = json.loads((EXAMPLES / "sibling-step-down-and-continue.json").read_text())
        ready_id, ready = stored(client, mine, siblings)  # C1 ready, C2's plan continues
        assert [c.verdict for c in ready.children] == ["ready", "not_ready"]
        record_decision(session, ready_id, ready, entry(overrule=()), **chair)
        south_id, south = stored(client, theirs, example_case)
        record_decision(session, south_id, south, entry(overrule=both), **other)
        counts = override_counts(session, "north")
        nothing = override_counts(session, "east")
    assert counts.decisions == 3
    assert counts.deplanned_not_ready == 2, "C1 de-planned while not ready, twice; once ready"
    assert {(r.rule_id, r.decisions, r.children) for r in counts.by_rule} == {
        ("probation-mappa-check", 2, 2),
        ("sustained-change", 1, 1),
    }
    assert (nothing.decisions, nothing.by_rule) == (0, ())


def test_the_api_audit_job_shows_the_organisations_overrides(
    client: TestClient,
    make_key: Callable[..., str],
    example_case: dict[str, Any],
    db_engine: Engine,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("DEPLAN_AUDIT_WORKERS", "1")
    headers = {
        "Authorization": make_key(Scope.ASSESS, Scope.READ, Scope.AUDIT, organisation="north")
    }
    chair = key_client(make_key(Scope.READ, organisation="north"), "chair-n")
    assessment_id, assessment = stored(client, headers, example_case)
    with Session(db_engine) as session:
        record_decision(session, assessment_id, assessment, entry(), **chair)
    upload = (EXAMPLES / "cohort.jsonl").read_bytes()
    location = client.post(
        "/v1/audits", content=upload, headers={**headers, "Content-Type": "application/x-ndjson"}
    ).headers["Location"]
    deadline = time.monotonic() + 120
    while (job := client.get(location, headers=headers).json())["status"] not in (
        "succeeded",
        "failed",
    ):
        assert time.monotonic() < deadline, "the audit did not finish in time"
        time.sleep(0.1)
    assert job["status"] == "succeeded", job["error"]
    summary = client.get(job["links"]["summary.json"], headers=headers).json()
    assert summary["chair_overrides"]["organisation"] == "north"
    assert summary["chair_overrides"]["decisions"] == 1
    assert summary["chair_overrides"]["children_deplanned_not_ready"] == 1
    assert summary["chair_overrides"]["by_rule"] == [
        {"rule_id": "probation-mappa-check", "decisions": 1, "children": 1}
    ]
    report = client.get(job["links"]["report.html"], headers=headers).text
    assert "Chairs’ overrides" in report
    assert "probation-mappa-check" in report.split("Chairs’ overrides")[1]


def test_deplan_audit_counts_the_overrides_of_an_organisation(
    client: TestClient,
    auth: dict[str, str],
    example_case: dict[str, Any],
    db_engine: Engine,
    chair_header: str,
    database_url: str,
    tmp_path: Path,
) -> None:
    assessment_id, assessment = stored(client, auth, example_case)
    with Session(db_engine) as session:
        record_decision(
            session,
            assessment_id,
            assessment,
            entry(overrule=("probation-mappa-check", "sustained-change")),
            **key_client(chair_header, "chair-one"),
        )
    out = tmp_path / "out"
    env = {"DEPLAN_DATABASE_URL": database_url, "DEPLAN_DATA_DIR": str(tmp_path / "data")}
    result = CliRunner().invoke(
        cli,
        [
            "audit",
            str(EXAMPLES / "cohort.jsonl"),
            "--out",
            str(out),
            "--workers",
            "1",
            "--chair-overrides",
            "default",
            "--no-figures",
        ],
        env=env,
        catch_exceptions=False,
    )
    assert result.exit_code == 0, result.output
    summary = json.loads((out / "summary.json").read_text())
    assert summary["chair_overrides"]["decisions"] == 1
    assert [r["rule_id"] for r in summary["chair_overrides"]["by_rule"]] == [
        "probation-mappa-check",
        "sustained-change",
    ]
    assert "Chairs’ overrides" in (out / "report.html").read_text()
    # Without the option the audit reads no database and shows no such section.
    plain = CliRunner().invoke(
        cli,
        [
            "audit",
            str(EXAMPLES / "cohort.jsonl"),
            "--out",
            str(tmp_path / "plain"),
            "--workers",
            "1",
            "--no-figures",
        ],
        catch_exceptions=False,
    )
    assert plain.exit_code == 0, plain.output
    assert "chair_overrides" not in json.loads((tmp_path / "plain" / "summary.json").read_text())
    assert "Chairs’ overrides" not in (tmp_path / "plain" / "report.html").read_text()


def test_erasing_the_case_erases_the_justifications_and_keeps_the_overrides(
    client: TestClient,
    make_key: Callable[..., str],
    auth: dict[str, str],
    example_case: dict[str, Any],
    db_engine: Engine,
    chair_header: str,
) -> None:
    assessment_id, assessment = stored(client, auth, example_case)
    with Session(db_engine) as session:
        record_decision(
            session, assessment_id, assessment, entry(), **key_client(chair_header, "chair-one")
        )
    admin = {"Authorization": make_key(Scope.ADMIN)}
    erased = client.delete(
        f"/v1/cases/{assessment.case_ref}/stored-cases?reason=request", headers=admin
    )
    assert erased.status_code == 200, erased.text
    with Session(db_engine) as session:
        decision = current_decision(session, assessment_id)
        counts = override_counts(session, "default")
    assert decision is not None
    [override] = decision.overrides
    assert (override.rule_id, override.chair_position) == ("probation-mappa-check", Outcome.MET)
    assert override.justification is None
    assert [(r.rule_id, r.decisions) for r in counts.by_rule] == [("probation-mappa-check", 1)]
    with db_engine.connect() as connection:
        left = connection.execute(text(f"SELECT count(*) FROM {JUSTIFICATIONS}")).scalar()
    assert left == 0
