"""The results: the machine they were measured on, a printed table, and the JSON file."""

from __future__ import annotations

import datetime as dt
import json
import os
import platform
import subprocess
import sys
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.table import Table

ROOT = Path(__file__).resolve().parent.parent


def machine() -> dict[str, Any]:
    info: dict[str, Any] = {
        "cores": os.cpu_count(),
        "python": platform.python_version(),
        "platform": platform.platform(),
    }
    try:
        meminfo = Path("/proc/meminfo").read_text()
        total_kb = int(
            next(line for line in meminfo.splitlines() if line.startswith("MemTotal")).split()[1]
        )
        info["memory_gib"] = round(total_kb / 1024 / 1024, 1)
        cpuinfo = Path("/proc/cpuinfo").read_text()
        model = next((line for line in cpuinfo.splitlines() if line.startswith("model name")), "")
        info["cpu"] = model.split(":", 1)[1].strip() if model else platform.processor()
        info["loadavg"] = Path("/proc/loadavg").read_text().split()[:3]
    except (OSError, StopIteration, ValueError):
        pass
    return info


def git_state() -> dict[str, Any]:
    def git(*args: str) -> str:
        done = subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True, check=False)
        return done.stdout.strip()

    return {
        "commit": git("rev-parse", "--short", "HEAD"),
        "branch": git("rev-parse", "--abbrev-ref", "HEAD"),
    }


def write(results: dict[str, Any], path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(path.name + ".tmp")
    partial.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    partial.replace(path)


def _mark(met: bool | None) -> str:
    return {True: "[green]met[/]", False: "[red]missed[/]", None: "[yellow]n/a[/]"}[met]


def _num(value: Any, digits: int = 1) -> str:
    if value is None:
        return "-"
    if isinstance(value, float):
        return f"{value:,.{digits}f}"
    return f"{value:,}" if isinstance(value, int) else str(value)


def print_tables(results: dict[str, Any], console: Console | None = None) -> None:
    console = console or Console(file=sys.stdout, width=120)
    info = results["machine"]
    console.print(
        f"[bold]deplan benchmarks[/] ({results['mode']}) {results['generated_at']} - "
        f"{info.get('cores')} cores, {info.get('memory_gib')} GiB, {info.get('cpu', '')}; "
        f"load average at start {' '.join(info.get('loadavg', []))}; "
        f"git {results['git']['commit']}; took {results['duration_s']:.0f} s"
    )
    if "engine" in results:
        _engine(console, results["engine"])
    if "cli" in results:
        _cli(console, results["cli"])
    if "http" in results:
        _http(console, results["http"])
    if "audit" in results:
        _audit(console, results["audit"])
    _targets(console, results["targets"])


def _engine(console: Console, engine: dict[str, Any]) -> None:
    corpus = engine["corpus"]
    table = Table(
        title=f"Engine, in process, one thread: {corpus['cases']} cases (~{corpus['mean_case_bytes']} "
        f"bytes of JSON each), median of {corpus['rounds']} rounds per case",
        title_justify="left",
    )
    for column in ("stage", "cases/s", "p50 µs", "p99 µs"):
        table.add_column(column, justify="left" if column == "stage" else "right")
    names = {
        "parse": "JSON parse + validation",
        "facts": "facts (derive)",
        "rules": "rules and findings (engine)",
        "end_to_end": "end to end (bytes in, JSON out)",
    }
    for key, label in names.items():
        stats = engine["stages"][key]
        table.add_row(
            label, _num(stats["cases_per_second"]), _num(stats["p50_us"]), _num(stats["p99_us"])
        )
    limit = engine["limit"]["rules"]
    table.add_row(
        "rules and findings, hand-written limit",
        _num(limit["cases_per_second"]),
        _num(limit["p50_us"]),
        _num(limit["p99_us"]),
    )
    outcomes = engine.get("engine_outcomes")
    if outcomes:
        table.add_row(
            "rule outcomes only (engine)",
            _num(outcomes["cases_per_second"]),
            _num(outcomes["p50_us"]),
            _num(outcomes["p99_us"]),
        )
    durable = engine["durable"]
    if durable.get("available"):
        stats = durable["outcomes"]
        table.add_row(
            f"rule outcomes, durable-rules {durable['version']} ({durable['agrees_on_cases']} cases)",
            _num(stats["cases_per_second"]),
            _num(stats["p50_us"]),
            _num(stats["p99_us"]),
        )
    else:
        table.add_row("durable-rules", "-", "-", f"skipped: {durable['reason']}")
    console.print(table)
    ratios = engine["ratios"]
    console.print(
        f"  engine / limit (findings) = {_num(ratios['engine_vs_limit'], 3)} (target >= 0.8); "
        f"engine / durable-rules (outcomes) = {_num(ratios.get('engine_vs_durable'), 2)} "
        f"(target >= 20); end to end / parse = {_num(ratios['end_to_end_vs_parse'], 2)} "
        f"(target <= 4); limit (findings) / durable-rules (outcomes) = "
        f"{_num(ratios.get('limit_vs_durable'), 2)}; "
        f"parse+facts+rules vs the same with the limit = {_num(ratios['pipeline_vs_limit_pipeline'], 3)}"
    )


def _cli(console: Console, cli: dict[str, Any]) -> None:
    table = Table(
        title=f"Command line, wall time per process: median of {cli['rounds']} runs, alternating",
        title_justify="left",
    )
    for column in (
        "bytecode",
        "deplan check ms",
        "import pydantic ms",
        "libraries only ms",
        "python only ms",
        "check / pydantic",
        "(CPU time)",
        "libraries / pydantic",
    ):
        table.add_column(column, justify="left" if column == "bytecode" else "right")
    for mode, timed in cli["modes"].items():
        table.add_row(
            mode.replace("_", " "),
            _num(timed["deplan_check"]["median_ms"]),
            _num(timed["import_pydantic"]["median_ms"]),
            _num(timed["libraries_only"]["median_ms"]),
            _num(timed["python_only"]["median_ms"]),
            _num(timed["check_vs_import_pydantic"], 2),
            _num(timed.get("check_vs_import_pydantic_cpu"), 2),
            _num(timed["libraries_vs_import_pydantic"], 2),
        )
    console.print(table)


def _http(console: Console, http: dict[str, Any]) -> None:
    table = Table(
        title=f"HTTP, loopback: {http['load_generator']}, {http['connections']} connections, "
        f"{http['rounds']} x {http['seconds_per_run']:g} s per endpoint (after a warm-up), "
        f"databases: {', '.join(http['databases'])}",
        title_justify="left",
    )
    for column in (
        "workers",
        "endpoint",
        "req/s",
        "p50 ms",
        "p99 ms",
        "CPU ms/req",
        "bytes",
        "CPU floor/this",
        "req/s /floor",
        "p99 /floor",
    ):
        if column == "endpoint":
            table.add_column(column, no_wrap=True)
        else:
            table.add_column(column, justify="right")
    for workers, scenarios in http["workers"].items():
        sizes = scenarios.get("response_bytes", {})
        for name, stats in scenarios.items():
            if name in ("keepalive_probe_ms", "response_bytes"):
                continue
            ratios = http["ratios"].get(f"{name}_w{workers}", {})
            table.add_row(
                workers,
                name,
                _num(stats["requests_per_second"]),
                _num(stats["p50_ms"], 2),
                _num(stats["p99_ms"], 2),
                _num(stats["server_cpu_ms_per_request"], 3),
                _num(sizes.get(name)),
                _num(ratios.get("cpu_vs_floor"), 3),
                _num(ratios.get("rps_vs_floor"), 3),
                _num(ratios.get("p99_vs_floor"), 3),
            )
    console.print(table)
    for workers, scenarios in http["workers"].items():
        probe = scenarios.get("keepalive_probe_ms", {})
        slow = {name: ms for name, ms in probe.items() if ms >= 30}
        if slow:
            console.print(
                f"  [yellow]{workers} workers: small keep-alive requests take "
                f"{', '.join(f'{n} {ms} ms' for n, ms in slow.items())}: no TCP_NODELAY on the "
                "listening socket (uvicorn issue #3149)[/]"
            )


def _audit(console: Console, audit: dict[str, Any]) -> None:
    table = Table(
        title="Batch re-audit (deplan audit, JSON Lines in, all outputs written)",
        title_justify="left",
    )
    for column in (
        "cases",
        "workers",
        "seconds",
        "cases/s",
        "cores used",
        "CPU ms/case",
        "parent CPU s",
        "peak PSS MB (tree)",
        "peak RSS sum MB",
        "output MB",
    ):
        table.add_column(column, justify="right")
    for run in audit["runs"]:
        table.add_row(
            _num(run["cases"]),
            _num(run["workers"]),
            _num(run["seconds"]),
            _num(run["cases_per_second"]),
            _num(run["cores_used"], 2),
            _num(run["cpu_ms_per_case"], 3),
            _num(run.get("parent_cpu_seconds"), 1),
            _num(run["peak_pss_mb"]),
            _num(run["peak_rss_sum_mb"]),
            _num(run["output_mb"]),
        )
    console.print(table)
    speedup = audit["speedup_2w_vs_1w"]
    growth = audit["memory_growth"]
    if speedup:
        console.print(
            f"  2 workers / 1 worker ({_num(speedup['cases'])} cases) = {_num(speedup['value'], 3)} "
            f"(target >= 1.8); CPU per case 1 vs 2 workers = {_num(speedup['cpu_per_case_1w_vs_2w'], 3)}; "
            f"cores the 2-worker run got = {_num(speedup['cores_used_2w'], 2)}"
        )
    if growth:
        console.print(
            f"  peak PSS {_num(growth['large'])} vs {_num(growth['small'])} cases "
            f"({growth['workers']} workers): {growth['value']:+.1%} (target <= +10%)"
        )


def _targets(console: Console, targets: dict[str, Any]) -> None:
    table = Table(title="Targets", title_justify="left")
    for column in ("target", "wanted", "measured", ""):
        table.add_column(column)
    for name, target in targets.items():
        value = target["value"]
        shown = value if isinstance(value, str) else _num(value, 3)
        table.add_row(name, target["target"], shown, _mark(target["met"]))
    console.print(table)


def now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
