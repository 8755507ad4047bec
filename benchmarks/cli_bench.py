"""The command line: `deplan check` on one case, wall time, against `import pydantic`.

Each command is its own process, started here and waited for; the runs alternate (check,
baseline, check, ...) so a burst of load from elsewhere hits both alike, and each figure is
the median over the rounds. Measured two ways:

- **bytecode cached** (the target): Python writes and reuses `.pyc` files, as an installed
  `deplan` does from its second run on. They go to a scratch folder (`PYTHONPYCACHEPREFIX`),
  never into the source tree, and a warm-up run of each command fills it.
- **no bytecode cache** (`PYTHONDONTWRITEBYTECODE=1`, this development container's setting):
  every module outside the standard library is compiled from source at every run, so
  start-up grows with the amount of source imported.

Either way the commands keep their other caches (deplan's parsed rule files) in a scratch
folder too (`XDG_CACHE_HOME`), filled by the warm-up runs, as from an installed `deplan`'s
second run on.

Each run's CPU time (user + system, from `RUSAGE_CHILDREN`) is recorded beside its wall
time: on a machine shared with other work, the ratio of CPU times moves less than the ratio
of wall times, which also counts the time a process waited for a core.

Also timed, to read the ratio by: `python -c pass` (the interpreter alone) and the
libraries `deplan check` cannot do without (Typer, Rich's console, table and panel,
pydantic's `BaseModel`, PyYAML) imported and nothing else: what is left of `deplan check`
over that is deplan's own modules and work.
"""

from __future__ import annotations

import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from benchmarks.stats import ratio

ROOT = Path(__file__).resolve().parent.parent
CASE = ROOT / "examples" / "not-ready-step-down.json"
CHECK_EXIT = 1  # the example is not ready
TARGET = 3.0
LIBRARIES = (
    "import typer, yaml, rich.console, rich.table, rich.panel; from pydantic import BaseModel"
)


class CliBenchError(RuntimeError):
    """A timed command did not exit as expected."""


def _deplan() -> str:
    beside = Path(sys.executable).with_name("deplan")
    found = str(beside) if beside.exists() else shutil.which("deplan")
    if not found:
        raise CliBenchError("the `deplan` command is not installed in this environment")
    return found


def _environment(scratch: Path, *, bytecode: bool) -> dict[str, str]:
    """With `bytecode`, it is written under `scratch` and reused; without, none is written.
    Other caches go under `scratch` either way."""
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DEPLAN_", "PYTHON")) or key == "PYTHONPATH"
    }
    env["XDG_CACHE_HOME"] = str(scratch / "cache-home")
    if bytecode:
        env["PYTHONPYCACHEPREFIX"] = str(scratch / "bytecode")
    else:
        env["PYTHONDONTWRITEBYTECODE"] = "1"
    return env


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _run_once(argv: list[str], env: dict[str, str], expected: int) -> tuple[float, float]:
    """(wall seconds, CPU seconds) of one run of the command."""
    cpu_before = _children_cpu()
    began = time.perf_counter()
    done = subprocess.run(argv, cwd=ROOT, env=env, capture_output=True, check=False, timeout=60)
    wall = time.perf_counter() - began
    cpu = _children_cpu() - cpu_before
    if done.returncode != expected:
        raise CliBenchError(
            f"{' '.join(argv[:3])} exited {done.returncode}, not {expected}: "
            f"{done.stderr.decode(errors='replace')[-500:]}"
        )
    return wall, cpu


def _timed(
    commands: dict[str, tuple[list[str], int]], env: dict[str, str], rounds: int, warmup: int
) -> dict[str, Any]:
    walls: dict[str, list[float]] = {name: [] for name in commands}
    cpus: dict[str, list[float]] = {name: [] for name in commands}
    for round_number in range(warmup + rounds):
        names = list(commands) if round_number % 2 == 0 else list(reversed(commands))
        for name in names:
            argv, expected = commands[name]
            wall, cpu = _run_once(argv, env, expected)
            if round_number >= warmup:
                walls[name].append(wall)
                cpus[name].append(cpu)
    return {
        name: {
            "median_ms": round(statistics.median(times) * 1000, 1),
            "min_ms": round(min(times) * 1000, 1),
            "max_ms": round(max(times) * 1000, 1),
            "cpu_median_ms": round(statistics.median(cpus[name]) * 1000, 1),
        }
        for name, times in walls.items()
    }


def run(*, rounds: int, log: Callable[[str], None]) -> dict[str, Any]:
    python = sys.executable
    commands = {
        "deplan_check": ([_deplan(), "check", str(CASE)], CHECK_EXIT),
        "import_pydantic": ([python, "-c", "import pydantic"], 0),
        "libraries_only": ([python, "-c", LIBRARIES], 0),
        "python_only": ([python, "-c", "pass"], 0),
    }
    modes: dict[str, Any] = {}
    for mode, bytecode in (("bytecode_cached", True), ("no_bytecode_cache", False)):
        log(f"cli: {mode}, {rounds} rounds")
        with tempfile.TemporaryDirectory(prefix="deplan-bench-cli-") as scratch:
            env = _environment(Path(scratch), bytecode=bytecode)
            timed = _timed(commands, env, rounds, warmup=2)
        timed["check_vs_import_pydantic"] = ratio(
            timed["deplan_check"]["median_ms"], timed["import_pydantic"]["median_ms"]
        )
        timed["libraries_vs_import_pydantic"] = ratio(
            timed["libraries_only"]["median_ms"], timed["import_pydantic"]["median_ms"]
        )
        timed["check_vs_import_pydantic_cpu"] = ratio(
            timed["deplan_check"]["cpu_median_ms"], timed["import_pydantic"]["cpu_median_ms"]
        )
        modes[mode] = timed
    value = modes["bytecode_cached"]["check_vs_import_pydantic"]
    return {
        "case": str(CASE.relative_to(ROOT)),
        "rounds": rounds,
        "modes": modes,
        "targets": {
            "check_vs_import_pydantic": {
                "target": f"<= {TARGET} (bytecode cached)",
                "value": value,
                "no_bytecode_cache": modes["no_bytecode_cache"]["check_vs_import_pydantic"],
                "met": None if value is None else value <= TARGET,
            }
        },
    }
