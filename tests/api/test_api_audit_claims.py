"""Several servers on one database: each audit job is claimed by exactly one runner, however
many try at once, and a job whose server died is resumed by another."""

import datetime as dt
import threading
import uuid
from collections.abc import Callable

import pytest
from sqlalchemy import Engine
from sqlmodel import Session

from api.audit_jobs import AuditRunner
from api.db import make_engine
from api.keys import authenticate
from api.settings import Settings
from models.api_keys import Scope
from models.audit_tables import AuditJob
from models.tables import utcnow

RUNNERS = 6
JOBS = 12


def _queue(engine: Engine, key_id: str, count: int, **values: object) -> list[uuid.UUID]:
    ids = [uuid.uuid4() for _ in range(count)]
    with Session(engine) as session:
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
    runners = [AuditRunner(engine, settings, workers=1) for engine in engines]
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
    for engine in engines:
        engine.dispose()

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
