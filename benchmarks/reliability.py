"""Reliability under faults and load, against real `deplan serve` processes on loopback.

    uv run python -m benchmarks.reliability            # about 2 minutes
    uv run python -m benchmarks.reliability --quick    # about 1 minute

1. kill -9 durability: clients POST assessments; the server's process group is killed with
   SIGKILL mid-load; every acknowledged (201) id is then looked up in the database.
   SQLite with 1 and 2 workers, and PostgreSQL when it answers on 127.0.0.1:5432.
2. Overload: closed-loop clients at 4x the worker's admission limit (2x what it can hold
   in flight and queued); p50/p99 latency, the status mix (201 and 503 only), the server's
   RSS at start and end, and how soon it answers 201 after the load stops.
3. Stalled uploads: connections that send half a case and stop, more than the admission
   limit allows; other clients keep being served; the stalled ones get 408.

Bounded in time and requests; stops by itself; loopback only.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import signal
import socket
import sqlite3
import statistics
import tempfile
import time
import uuid
from collections import Counter
from pathlib import Path
from typing import Any

import httpx

from benchmarks.http_bench import Server, _base_env, _create_key, _deplan, _postgres

ROOT = Path(__file__).resolve().parent.parent
CASE = (ROOT / "examples" / "not-ready-step-down.json").read_text()
MAX_IN_FLIGHT = 16


def _server(name: str, data: Path, workers: int, extra: dict[str, str]) -> tuple[Server, str]:
    env = {**_base_env(), "DEPLAN_DATA_DIR": str(data), **extra}
    if "DEPLAN_DATABASE_URL" in extra:
        import subprocess

        subprocess.run([_deplan(), "db", "upgrade"], env=env, check=True, capture_output=True)
    server = Server(
        name,
        [_deplan(), "serve", "--port", "{port}", "--workers", str(workers), "--log-level", "error"],
        env,
        data / f"{name}.log",
    )
    token = _create_key(env)
    return server, token


async def _post_loop(
    url: str,
    token: str,
    deadline: float,
    statuses: Counter[int],
    acked: list[str] | None = None,
    latencies: list[float] | None = None,
) -> None:
    """POST assessments until the deadline, counting statuses; optionally keeping the ids
    acknowledged (201) and each answer's latency. After a 503 it waits 10 ms, as a client
    that honours Retry-After a little."""
    headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}
    async with httpx.AsyncClient(timeout=30) as client:
        while time.monotonic() < deadline:
            began = time.perf_counter()
            try:
                response = await client.post(f"{url}/v1/assessments", content=CASE, headers=headers)
            except httpx.HTTPError:
                statuses[0] += 1
                await asyncio.sleep(0.05)
                continue
            if latencies is not None:
                latencies.append(time.perf_counter() - began)
            statuses[response.status_code] += 1
            if response.status_code == 201 and acked is not None:
                acked.append(response.json()["id"])
            elif response.status_code == 503:
                await asyncio.sleep(0.01)


def _stored(database_url: str | None, data: Path, ids: list[str]) -> int:
    if database_url is None:
        embedded = sqlite3.connect(data / "deplan.sqlite3")
        rows = {row[0] for row in embedded.execute("SELECT id FROM assessments")}
        embedded.close()
        return sum(1 for one in ids if uuid.UUID(one).hex in rows)
    import psycopg

    with psycopg.connect(database_url) as connection:
        rows = {str(row[0]) for row in connection.execute("SELECT id FROM assessments")}
    return sum(1 for one in ids if one in rows)


def durability(name: str, workers: int, database_url: str | None, seconds: float) -> dict[str, Any]:
    with tempfile.TemporaryDirectory(prefix="deplan-rel-") as folder:
        data = Path(folder)
        extra = {"DEPLAN_DATABASE_URL": database_url} if database_url else {}
        server, token = _server(name, data, workers, extra)
        server.start()
        server.wait_ready()
        acked: list[str] = []
        statuses: Counter[int] = Counter()

        async def load_then_kill() -> None:
            deadline = time.monotonic() + seconds + 5
            clients = [
                asyncio.create_task(_post_loop(server.url, token, deadline, statuses, acked))
                for _ in range(8)
            ]
            await asyncio.sleep(seconds)
            assert server.process is not None
            os.killpg(server.process.pid, signal.SIGKILL)  # the group this script started
            await asyncio.gather(*clients)

        asyncio.run(asyncio.wait_for(load_then_kill(), seconds + 30))
        assert server.process is not None
        server.process.wait(timeout=10)
        stored = _stored(database_url, data, acked)
    return {"run": name, "acknowledged": len(acked), "stored": stored, "lost": len(acked) - stored}


def _rss_kib(pgid: int) -> int:
    total = 0
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            if os.getpgid(int(entry.name)) != pgid:
                continue
            status = (entry / "status").read_text()
        except (OSError, ProcessLookupError):
            continue
        for line in status.splitlines():
            if line.startswith("VmRSS:"):
                total += int(line.split()[1])
    return total


def overload(seconds: float) -> dict[str, Any]:
    with tempfile.TemporaryDirectory(prefix="deplan-rel-") as folder:
        data = Path(folder)
        extra = {"DEPLAN_MAX_IN_FLIGHT": str(MAX_IN_FLIGHT)}
        server, token = _server("overload", data, 1, extra)
        server.start()
        server.wait_ready()
        assert server.process is not None
        rss_start = _rss_kib(server.process.pid)
        latencies: list[float] = []
        statuses: Counter[int] = Counter()
        connections = 4 * MAX_IN_FLIGHT

        async def run() -> float:
            deadline = time.monotonic() + seconds
            await asyncio.gather(
                *(
                    _post_loop(server.url, token, deadline, statuses, latencies=latencies)
                    for _ in range(connections)
                )
            )
            stopped = time.monotonic()
            async with httpx.AsyncClient(timeout=5) as client:
                while True:
                    response = await client.post(
                        f"{server.url}/v1/assessments",
                        content=CASE,
                        headers={
                            "Authorization": f"Bearer {token}",
                            "Content-Type": "application/json",
                        },
                    )
                    if response.status_code == 201:
                        return time.monotonic() - stopped
                    await asyncio.sleep(0.05)

        recovered = asyncio.run(asyncio.wait_for(run(), seconds + 60))
        rss_end = _rss_kib(server.process.pid)
        server.stop()
    ordered = sorted(latencies)
    return {
        "connections": connections,
        "max_in_flight": MAX_IN_FLIGHT,
        "requests": len(latencies),
        "statuses": dict(sorted(statuses.items())),
        "p50_ms": round(statistics.median(ordered) * 1000, 1),
        "p99_ms": round(ordered[int(len(ordered) * 0.99) - 1] * 1000, 1),
        "rss_start_mib": round(rss_start / 1024, 1),
        "rss_end_mib": round(rss_end / 1024, 1),
        "recovered_after_s": round(recovered, 2),
    }


def stalled_uploads(seconds: float) -> dict[str, Any]:
    stalled_count = 2 * MAX_IN_FLIGHT
    timeout = 3
    with tempfile.TemporaryDirectory(prefix="deplan-rel-") as folder:
        data = Path(folder)
        extra = {
            "DEPLAN_MAX_IN_FLIGHT": str(4 * MAX_IN_FLIGHT),
            "DEPLAN_BODY_TIMEOUT_SECONDS": str(timeout),
        }
        server, token = _server("stalled", data, 1, extra)
        server.start()
        server.wait_ready()
        head = (
            f"POST /v1/assessments HTTP/1.1\r\nHost: 127.0.0.1\r\n"
            f"Authorization: Bearer {token}\r\nContent-Type: application/json\r\n"
            f"Content-Length: {len(CASE)}\r\n\r\n{CASE[:200]}"
        ).encode()
        sockets = []
        for _ in range(stalled_count):
            sock = socket.create_connection(("127.0.0.1", server.port), timeout=timeout + 10)
            sock.sendall(head)
            sockets.append(sock)
        acked: list[str] = []
        statuses: Counter[int] = Counter()

        async def others() -> None:
            deadline = time.monotonic() + seconds
            await asyncio.gather(
                *(_post_loop(server.url, token, deadline, statuses, acked) for _ in range(4))
            )

        asyncio.run(asyncio.wait_for(others(), seconds + 30))
        stalled_statuses: Counter[str] = Counter()
        for sock in sockets:
            try:
                reply = sock.recv(64).decode(errors="replace")
                stalled_statuses[
                    reply.split(" ")[1] if reply.startswith("HTTP/") else "closed"
                ] += 1
            except OSError:
                stalled_statuses["no answer"] += 1
            sock.close()
        server.stop()
    return {
        "stalled_connections": stalled_count,
        "body_timeout_s": timeout,
        "others_served": len(acked),
        "others_statuses": dict(sorted(statuses.items())),
        "stalled_answered": dict(stalled_statuses),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="shorter runs")
    args = parser.parse_args(argv)
    seconds = 3.0 if args.quick else 6.0
    results: dict[str, Any] = {"durability": []}
    for name, workers in (("sqlite-1-worker", 1), ("sqlite-2-workers", 2)):
        results["durability"].append(durability(name, workers, None, seconds))
        print(json.dumps(results["durability"][-1]), flush=True)
    with _postgres(lambda line: print(line, flush=True)) as database_url:
        if database_url is not None:
            results["durability"].append(durability("postgresql", 1, database_url, seconds))
            print(json.dumps(results["durability"][-1]), flush=True)
    results["overload"] = overload(2 * seconds)
    print(json.dumps({"overload": results["overload"]}), flush=True)
    results["stalled"] = stalled_uploads(seconds)
    print(json.dumps({"stalled": results["stalled"]}), flush=True)
    out = (
        ROOT
        / "benchmarks"
        / "results"
        / ("reliability-quick.json" if args.quick else "reliability.json")
    )
    out.write_text(json.dumps(results, indent=2) + "\n")
    lost = sum(run["lost"] for run in results["durability"])
    unexpected = set(results["overload"]["statuses"]) - {201, 503}
    return 1 if lost or unexpected else 0


if __name__ == "__main__":
    raise SystemExit(main())
