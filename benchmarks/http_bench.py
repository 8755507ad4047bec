"""HTTP: `POST /v1/evaluations` and `POST /v1/assessments` against the floor, loopback only.

Servers, each its own process group started here and stopped by its id at the end:
- the floor (`benchmarks.floor_app`): the same body validated by the same model, answered
  with deplan's own answer for that case, serialised at start-up (the same bytes);
- `deplan serve` with the embedded SQLite database;
- `deplan serve` with PostgreSQL (a database created for the run and dropped after it), when
  the server at 127.0.0.1:5432 answers.
All run under uvicorn with the settings `deplan serve` uses, with 1 and then 2 workers.

The load generator is a separate process: wrk (Debian's `wrk`, with `wrk_post.lua`), or
when it is not installed `benchmarks.loadgen` (asyncio + httpx). It shares the machine's
cores with the servers, so requests per second and latency depend on how much CPU it takes;
the servers' own CPU time per request (their process groups' user + system time, from
/proc) does not, and is the primary figure. Each measurement is bounded in time (a
warm-up, then the timed run) over a fixed number of keep-alive connections, posting the
corpus cases in turn. For each worker count every endpoint is measured in each round (the
order rotating); any error response fails the benchmark.
"""

from __future__ import annotations

import http.client
import json
import os
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path
from typing import Any

from benchmarks.corpus import SEED, case_texts
from benchmarks.stats import ratio

ROOT = Path(__file__).resolve().parent.parent
LUA = Path(__file__).with_name("wrk_post.lua")
PG_ADMIN = "host=127.0.0.1 port=5432 user=postgres dbname=test connect_timeout=3"
# Targets, 1 worker (issue 11): floor / deplan server CPU per request, deplan / floor req/s,
# deplan / floor p99.
TARGET_CPU = {"evaluations": 0.6, "assessments": 0.4}
TARGET_RPS = 0.6
TARGET_P99 = 2.0


class BenchError(RuntimeError):
    """The HTTP benchmark could not run as designed (a server failed, a request errored)."""


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


_TICKS = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100


def group_cpu_seconds(pgid: int) -> float | None:
    """CPU time (user + system) used so far by the live processes of a process group, from
    /proc (Linux); None elsewhere."""
    proc = Path("/proc")
    if not proc.is_dir():
        return None
    total = 0
    for entry in proc.iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        fields = stat[stat.rfind(")") + 2 :].split()
        if int(fields[2]) == pgid:
            total += int(fields[11]) + int(fields[12])
    return total / _TICKS


def _deplan() -> str:
    beside = Path(sys.executable).with_name("deplan")
    found = str(beside) if beside.exists() else shutil.which("deplan")
    if not found:
        raise BenchError("the `deplan` command is not installed in this environment")
    return found


def _base_env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("DEPLAN_")}
    env["PYTHONPATH"] = str(ROOT)
    return env


class Server:
    """A server process group, started on a free loopback port."""

    def __init__(self, name: str, argv: list[str], env: dict[str, str], log: Path) -> None:
        self.name = name
        self.port = _free_port()
        self.argv = [part.replace("{port}", str(self.port)) for part in argv]
        self.env = env
        self.log = log
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> None:
        with self.log.open("ab") as log:
            self.process = subprocess.Popen(
                self.argv,
                cwd=ROOT,
                env=self.env,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )

    def wait_ready(self, timeout: float = 60.0) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            assert self.process is not None
            if self.process.poll() is not None:
                raise BenchError(f"{self.name} exited at start; see {self.log}")
            try:
                with urllib.request.urlopen(f"{self.url}/healthz", timeout=2) as response:
                    if response.status == 200:
                        return
            except OSError:
                pass
            time.sleep(0.2)
        raise BenchError(f"{self.name} did not become ready in {timeout:.0f}s; see {self.log}")

    def stop(self) -> None:
        process = self.process
        if process is None or process.poll() is not None:
            return
        os.killpg(process.pid, signal.SIGTERM)  # the group this benchmark started
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=10)


def _post(url: str, body: str, token: str | None) -> tuple[int, bytes]:
    headers = {"Content-Type": "application/json"}
    if token:
        headers["Authorization"] = f"Bearer {token}"
    request = urllib.request.Request(url, data=body.encode(), headers=headers, method="POST")
    with urllib.request.urlopen(request, timeout=10) as response:
        return response.status, response.read()


def keepalive_probe_ms(server: Server, requests: int = 6) -> float:
    """Median time of small sequential requests on one keep-alive connection. About 40 ms
    means the server's sockets lack TCP_NODELAY (Nagle's algorithm meets the client's delayed
    ACK): uvicorn's multi-worker mode binds its socket with proto 0, so asyncio does not set
    TCP_NODELAY on the accepted connections (uvicorn issue #3149)."""
    connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=5)
    times = []
    try:
        for _ in range(requests):
            began = time.perf_counter()
            connection.request("GET", "/healthz")
            connection.getresponse().read()
            times.append(time.perf_counter() - began)
    finally:
        connection.close()
    return round(statistics.median(times[1:]) * 1000, 2)


def _create_key(env: dict[str, str]) -> str:
    done = subprocess.run(
        [_deplan(), "keys", "create", "--name", "bench", "--scope", "assess"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        raise BenchError(f"deplan keys create failed: {done.stderr.strip()}")
    return done.stdout.strip().splitlines()[-1]


@contextmanager
def _postgres(log: Callable[[str], None]) -> Iterator[str | None]:
    """A fresh database's URL (dropped afterwards), or None when PostgreSQL does not answer."""
    try:
        import psycopg

        admin = psycopg.connect(PG_ADMIN, autocommit=True)
    except Exception as error:  # no server, no role: the PostgreSQL runs are skipped
        log(f"http: PostgreSQL not available ({type(error).__name__}); SQLite only")
        yield None
        return
    name = f"deplan_bench_{os.getpid()}"
    try:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.execute(f'CREATE DATABASE "{name}"')
        yield f"postgresql://postgres@127.0.0.1:5432/{name}"
    finally:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.close()


def _load(
    url: str, bodies: Path, token: str | None, connections: int, seconds: float
) -> dict[str, Any]:
    env = {**os.environ, "BENCH_BODIES": str(bodies), "BENCH_TOKEN": token or ""}
    wrk = shutil.which("wrk")
    if wrk:
        path = "/" + url.split("/", 3)[3]
        env["BENCH_PATH"] = path
        base = url[: -len(path)]
        argv = [
            wrk,
            "-t1",
            f"-c{connections}",
            f"-d{max(1, round(seconds))}s",
            "--timeout",
            "10s",
            "-s",
            str(LUA),
            base,
        ]
    else:
        argv = [
            sys.executable,
            "-m",
            "benchmarks.loadgen",
            "--url",
            url,
            "--bodies",
            str(bodies),
            "--connections",
            str(connections),
            "--duration",
            f"{seconds:g}",
        ]
    done = subprocess.run(
        argv, cwd=ROOT, env=env, capture_output=True, text=True, check=False, timeout=seconds + 60
    )
    summary = next(
        (line for line in reversed(done.stdout.splitlines()) if line.startswith("{")), None
    )
    if done.returncode != 0 or summary is None:
        raise BenchError(f"load generator failed: {done.stderr.strip() or done.stdout.strip()}")
    result: dict[str, Any] = json.loads(summary)
    return result


def _measure(
    server: Server, path: str, bodies: Path, token: str | None, connections: int, seconds: float
) -> dict[str, Any]:
    assert server.process is not None
    cpu_before = group_cpu_seconds(server.process.pid)
    raw = _load(f"{server.url}{path}", bodies, token, connections, seconds)
    cpu_after = group_cpu_seconds(server.process.pid)
    errors = sum(raw["errors"].values())
    if errors:
        raise BenchError(f"{server.name} {path}: {errors} failed requests: {raw['errors']}")
    if cpu_before is not None and cpu_after is not None:
        raw["server_cpu_s"] = cpu_after - cpu_before
    return raw


def _combine(runs: list[dict[str, Any]]) -> dict[str, Any]:
    requests = sum(run["requests"] for run in runs)
    seconds = sum(run["duration_us"] for run in runs) / 1e6
    latency = [run["latency_us"] for run in runs]
    cpu = [run["server_cpu_s"] for run in runs if "server_cpu_s" in run]
    received = [run["bytes"] for run in runs if "bytes" in run]  # wrk counts them, loadgen not
    return {
        "requests": requests,
        "seconds": round(seconds, 2),
        "requests_per_second": round(requests / seconds, 1),
        "p50_ms": round(statistics.median(item["p50"] for item in latency) / 1000, 2),
        "p99_ms": round(statistics.median(item["p99"] for item in latency) / 1000, 2),
        "server_cpu_ms_per_request": round(sum(cpu) / requests * 1000, 3)
        if cpu and len(cpu) == len(runs) and requests
        else None,
        "bytes_per_response": round(sum(received) / requests)
        if received and len(received) == len(runs) and requests
        else None,
        "runs": len(runs),
    }


def _generator_name() -> str:
    wrk = shutil.which("wrk")
    if not wrk:
        return "benchmarks.loadgen (asyncio + httpx; wrk not installed)"
    done = subprocess.run([wrk, "-v"], capture_output=True, text=True, check=False)
    first = (done.stdout or done.stderr).strip().splitlines()
    return first[0] if first else "wrk"


def run(
    *,
    workers: tuple[int, ...],
    connections: int,
    warmup: float,
    seconds: float,
    rounds: int,
    bodies_count: int,
    log: Callable[[str], None],
) -> dict[str, Any]:
    with tempfile.TemporaryDirectory(prefix="deplan-bench-http-") as scratch, ExitStack() as stack:
        work = Path(scratch)
        bodies = work / "bodies.jsonl"
        texts = case_texts(bodies_count, SEED)
        bodies.write_text("\n".join(texts) + "\n", encoding="utf-8")

        log("http: preparing the databases and API keys")
        floor_env = {**_base_env(), "BENCH_BODIES": str(bodies)}
        databases: dict[str, tuple[dict[str, str], str]] = {}
        sqlite_env = {**_base_env(), "DEPLAN_DATA_DIR": str(work / "sqlite")}
        databases["sqlite"] = (sqlite_env, _create_key(sqlite_env))
        pg_url = stack.enter_context(_postgres(log))
        if pg_url is not None:
            pg_env = {**_base_env(), "DEPLAN_DATABASE_URL": pg_url}
            upgrade = subprocess.run(
                [_deplan(), "db", "upgrade"],
                cwd=ROOT,
                env=pg_env,
                capture_output=True,
                text=True,
                check=False,
            )
            if upgrade.returncode != 0:
                raise BenchError(f"deplan db upgrade failed: {upgrade.stderr.strip()}")
            databases["postgresql"] = (pg_env, _create_key(pg_env))

        results: dict[str, Any] = {}
        for count in workers:
            log(f"http: {count} worker(s): starting servers")
            servers, plan = _servers_and_plan(count, databases, floor_env, work)
            runs: dict[str, list[dict[str, Any]]] = {}
            try:
                for server in servers.values():
                    server.start()
                for server in servers.values():
                    server.wait_ready()
                response_bytes = _check(servers, databases, texts[0])
                probes = {name: keepalive_probe_ms(server) for name, server in servers.items()}
                for _scenario, server_name, path, plan_token in plan:
                    url = f"{servers[server_name].url}{path}"
                    _load(url, bodies, plan_token, connections, warmup)
                for round_number in range(rounds):
                    shift = round_number % len(plan)
                    for scenario_name, server_name, path, plan_token in plan[shift:] + plan[:shift]:
                        log(f"http: {count} worker(s), round {round_number + 1}: {scenario_name}")
                        raw = _measure(
                            servers[server_name], path, bodies, plan_token, connections, seconds
                        )
                        runs.setdefault(scenario_name, []).append(raw)
            finally:
                for server in servers.values():
                    server.stop()
            results[str(count)] = {name: _combine(items) for name, items in runs.items()}
            results[str(count)]["keepalive_probe_ms"] = probes
            results[str(count)]["response_bytes"] = response_bytes

    ratios = _ratios(results)
    return {
        "load_generator": _generator_name(),
        "connections": connections,
        "warmup_s": warmup,
        "seconds_per_run": seconds,
        "rounds": rounds,
        "bodies": bodies_count,
        "databases": list(databases),
        "postgresql": "available" if "postgresql" in databases else "not available: skipped",
        "workers": results,
        "ratios": ratios,
        "targets": _targets(ratios, list(databases)),
    }


def _servers_and_plan(
    count: int,
    databases: dict[str, tuple[dict[str, str], str]],
    floor_env: dict[str, str],
    work: Path,
) -> tuple[dict[str, Server], list[tuple[str, str, str, str | None]]]:
    """The floor and a deplan server per database, with `count` workers each, and the plan:
    (scenario, server, path, token) for each scenario."""
    servers = {
        "floor": Server(
            "floor",
            [
                *(sys.executable, "-m", "benchmarks.floor_app"),
                *("--port", "{port}", "--workers", str(count)),
            ],
            floor_env,
            work / f"floor-{count}.log",
        )
    }
    for database, (env, _token) in databases.items():
        servers[database] = Server(
            f"deplan ({database})",
            [_deplan(), "serve", "--port", "{port}", "--workers", str(count)],
            env,
            work / f"deplan-{database}-{count}.log",
        )
    plan: list[tuple[str, str, str, str | None]] = [
        ("floor", "floor", "/v1/evaluations", None),
        ("engine_only", "floor", "/v1/engine", None),
    ]
    for database, (_env, token) in databases.items():
        plan.append((f"evaluations_{database}", database, "/v1/evaluations", token))
        plan.append((f"assessments_{database}", database, "/v1/assessments", token))
    return servers, plan


def _ratios(results: dict[str, Any]) -> dict[str, Any]:
    """Each scenario against the floor, per number of workers."""
    ratios: dict[str, Any] = {}
    for workers_key, scenario in results.items():
        floor = scenario["floor"]
        for name, stats in scenario.items():
            if name in ("floor", "keepalive_probe_ms", "response_bytes"):
                continue
            ratios[f"{name}_w{workers_key}"] = {
                "cpu_vs_floor": ratio(
                    floor["server_cpu_ms_per_request"], stats["server_cpu_ms_per_request"]
                ),
                "rps_vs_floor": ratio(stats["requests_per_second"], floor["requests_per_second"]),
                "p99_vs_floor": ratio(stats["p99_ms"], floor["p99_ms"]),
            }
    return ratios


def _targets(ratios: dict[str, Any], databases: list[str]) -> dict[str, Any]:
    """The issue's targets, on the 1-worker runs: `POST /v1/evaluations` at least 0.6 of the
    floor's CPU efficiency and req/s with p99 at most 2x the floor's; `POST /v1/assessments`
    (stored) at least 0.4 of its CPU efficiency."""
    targets: dict[str, Any] = {}
    for database in databases:
        evaluations = ratios.get(f"evaluations_{database}_w1", {})
        cpu, rps, p99 = (
            evaluations.get(key) for key in ("cpu_vs_floor", "rps_vs_floor", "p99_vs_floor")
        )
        targets[f"evaluations_{database}"] = {
            "target": f"floor / deplan server CPU per request >= {TARGET_CPU['evaluations']}, "
            f"req/s >= {TARGET_RPS} x floor, p99 <= {TARGET_P99} x floor (1 worker)",
            "value": {"cpu": cpu, "rps": rps, "p99": p99},
            "met": None
            if None in (cpu, rps, p99)
            else cpu >= TARGET_CPU["evaluations"] and rps >= TARGET_RPS and p99 <= TARGET_P99,
        }
        stored = ratios.get(f"assessments_{database}_w1", {}).get("cpu_vs_floor")
        targets[f"assessments_{database}"] = {
            "target": f"floor / deplan server CPU per request >= {TARGET_CPU['assessments']} "
            "(1 worker)",
            "value": stored,
            "met": None if stored is None else stored >= TARGET_CPU["assessments"],
        }
    return targets


def _check(
    servers: dict[str, Server], databases: dict[str, tuple[dict[str, str], str]], body: str
) -> dict[str, int]:
    """One request to each endpoint before timing anything: the right status, and the same
    assessment from the floor, the engine-only endpoint and deplan. Returns the size in
    bytes of each endpoint's answer."""
    floor = servers["floor"].url
    status, floor_bytes = _post(f"{floor}/v1/evaluations", body, None)
    if status != 200:
        raise BenchError(f"the floor answered {status}")
    expected = json.loads(floor_bytes)
    sizes = {"floor": len(floor_bytes)}
    status, answer = _post(f"{floor}/v1/engine", body, None)
    if status != 200 or json.loads(answer) != expected:
        raise BenchError(f"the engine-only endpoint answered {status}, not the floor's answer")
    sizes["engine_only"] = len(answer)
    for database, (_env, token) in databases.items():
        base = servers[database].url
        status, answer = _post(f"{base}/v1/evaluations", body, token)
        if status != 200 or json.loads(answer) != expected:
            raise BenchError(f"evaluations ({database}) answered {status}, not the floor's answer")
        sizes[f"evaluations_{database}"] = len(answer)
        status, answer = _post(f"{base}/v1/assessments", body, token)
        if status != 201 or json.loads(answer).get("assessment") != expected:
            raise BenchError(f"assessments ({database}) answered {status}")
        sizes[f"assessments_{database}"] = len(answer)
    return sizes
