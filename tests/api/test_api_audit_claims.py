"""Several servers on one database: each audit job is claimed by exactly one runner, however
many try at once, and a job whose server died is resumed by another."""

import datetime as dt
import json
import threading
import time
import uuid
from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlalchemy import Engine
from sqlmodel import Session

from api.persistence.audit_jobs import AuditRunner
from api.persistence.db import make_engine
from api.persistence.keys import authenticate
from api.settings import Settings
from models.api_keys import Scope
from models.audit_tables import AuditJob
from models.tables import utcnow
from tests.api.serving import ServeProcess

RUNNERS = 6
JOBS = 12
COHORT = Path(__file__).resolve().parents[2] / "examples" / "cohort.jsonl"


def _queue(db_engine: Engine, key_id: str, count: int, **values: object) -> list[uuid.UUID]:
    ids = [uuid.uuid4() for _ in range(count)]
    with Session(db_engine) as session:
        for job_id in ids:
            session.add(
                AuditJob(
                    id=job_id,
                    client_key_id=key_id,
                    client_name="quality-team",
                    input_bytes=1,
                    **{"status": "queued", **values},  # type: ignore[arg-type]
                )
            )
        session.commit()
    return ids


@pytest.fixture
def key_id(db_engine: Engine, make_key: Callable[..., str]) -> str:
    header = make_key(Scope.AUDIT)
    with Session(db_engine) as session:
        client = authenticate(session, header.removeprefix("Bearer "))
    assert client is not None
    return client.key_id


def test_each_job_is_claimed_exactly_once_by_concurrent_runners(
    db_engine: Engine, settings: Settings, key_id: str
) -> None:
    """As several `deplan serve` processes would: each runner with its own engine (its own
    connections), all claiming at once."""
    jobs = _queue(db_engine, key_id, JOBS)
    engines = [make_engine(settings) for _ in range(RUNNERS)]
    runners = [AuditRunner(own, settings, workers=1) for own in engines]
    claims: dict[str, list[uuid.UUID]] = {runner.runner_id: [] for runner in runners}
    start = threading.Barrier(RUNNERS)
    failures: list[BaseException] = []

    def claim_all(runner: AuditRunner) -> None:
        start.wait()
        try:
            while (job_id := runner.claim()) is not None:
                claims[runner.runner_id].append(job_id)
        except BaseException as error:  # collected: a thread's assert would be lost
            failures.append(error)

    threads = [threading.Thread(target=claim_all, args=(runner,)) for runner in runners]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    for own in engines:
        own.dispose()

    if db_engine.dialect.name == "postgresql":
        assert failures == []
    claimed = [job_id for taken in claims.values() for job_id in taken]
    assert len(claimed) == len(set(claimed)), "a job was claimed twice"
    if not failures:
        assert sorted(claimed) == sorted(jobs)
    with Session(db_engine) as session:
        for job_id in claimed:
            row = session.get(AuditJob, job_id)
            assert row is not None
            assert row.attempts == 1
            assert row.runner_id in claims
            assert job_id in claims[row.runner_id]


def test_a_dead_servers_job_is_resumed_by_another(
    db_engine: Engine, settings: Settings, key_id: str
) -> None:
    first = AuditRunner(db_engine, settings, workers=1, stale_after=dt.timedelta(seconds=30))
    [job_id] = _queue(db_engine, key_id, 1)
    assert first.claim() == job_id
    second = AuditRunner(db_engine, settings, workers=1, stale_after=dt.timedelta(seconds=30))
    assert second.claim() is None  # alive: left alone
    with Session(db_engine) as session:  # the first server dies: no more heartbeats
        row = session.get(AuditJob, job_id)
        assert row is not None
        row.heartbeat_at = utcnow() - dt.timedelta(seconds=31)
        session.add(row)
        session.commit()
    assert second.claim() == job_id
    with Session(db_engine) as session:
        row = session.get(AuditJob, job_id)
        assert row is not None
        assert (row.runner_id, row.attempts) == (second.runner_id, 2)


@pytest.fixture
def two_servers(
    database_url: str,
    db_engine: Engine,  # noqa: ARG001 - for the migrated database it makes
    tmp_path: Path,
) -> Iterator[list[ServeProcess]]:
    if not database_url.startswith("postgresql"):
        pytest.skip("two servers share a PostgreSQL database")
    servers = [
        ServeProcess(
            tmp_path / "shared-data",
            tmp_path / f"server-{index}.log",
            DEPLAN_DATABASE_URL=database_url,
            DEPLAN_AUDIT_STALE_SECONDS="3",
            DEPLAN_AUDIT_WORKERS="1",
            DEPLAN_MAX_AUDIT_JOBS_PER_KEY="10",
        )
        for index in range(2)
    ]
    try:
        for server in servers:
            server.start()
        yield servers
    finally:
        for server in servers:
            server.stop()


def test_two_serve_processes_run_each_job_once_and_resume_a_dead_ones(
    two_servers: list[ServeProcess], make_key: Callable[..., str]
) -> None:
    headers = {"Authorization": make_key(Scope.AUDIT), "Content-Type": "application/x-ndjson"}
    cohort = COHORT.read_bytes()
    urls = []
    for index in range(4):
        alive = [server for server in two_servers if server.alive]
        server = alive[index % len(alive)]
        created = httpx.post(f"{server.url}/v1/audits", content=cohort, headers=headers, timeout=30)
        assert created.status_code == 202, created.text
        urls.append(created.headers["Location"])
        if index == 1:
            # Kill whichever server is running a job now: the other must resume it.
            victim = _wait_for_claim(two_servers)
            victim.kill()
    survivor = next(server for server in two_servers if server.alive)
    jobs = [_wait_done(survivor, url, headers) for url in urls]
    assert all(job["status"] == "succeeded" for job in jobs), jobs
    assert all(job["counts"]["read"] == 400 for job in jobs)
    assert max(job["attempts"] for job in jobs) == 2  # the killed server's job, resumed
    claims = Counter(
        json.loads(line)["audit_id"]
        for server in two_servers
        for line in server.logs.read_text().splitlines()
        if line.startswith("{") and '"audit_claimed"' in line
    )
    # Each job claimed once, but for the one resumed after its server died.
    assert sorted(claims.values()) == [1, 1, 1, 2]


def _wait_for_claim(servers: list[ServeProcess]) -> ServeProcess:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        for server in servers:
            if '"audit_claimed"' in server.logs.read_text():
                return server
        time.sleep(0.05)
    raise AssertionError("no server claimed a job")


def _wait_done(server: ServeProcess, url: str, headers: dict[str, str]) -> dict[str, Any]:
    deadline = time.monotonic() + 180
    while time.monotonic() < deadline:
        job: dict[str, Any] = httpx.get(f"{server.url}{url}", headers=headers, timeout=10).json()
        if job["status"] in ("succeeded", "failed"):
            return job
        time.sleep(0.2)
    raise AssertionError("the audit did not finish in time")
