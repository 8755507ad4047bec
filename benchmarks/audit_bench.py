"""Batch re-audit: `deplan audit` over generated JSON Lines files, with 1 and 2 workers.

Each run is the real command in its own process group, streaming a cached cohort file
(`benchmarks.corpus.cohort_file`) and writing all its outputs to a scratch folder that is
deleted afterwards. Bytecode is cached, as for an installed deplan (in the scratch folder,
whatever `PYTHONDONTWRITEBYTECODE` says), and written by an audit of the example cohort
before the first measured run, so that no run compiles deplan's modules. Measured per run:

- wall time from start to exit, and cases per second over it (start-up included);
- CPU time of the whole process tree (`RUSAGE_CHILDREN` of this process: the command and
  every worker it waited for), so `cores used` = CPU / wall shows how much of the machine
  the run actually got (on a shared machine, other work takes the rest); the parent's own
  CPU time (reading, handing out chunks, appending the workers' chunk files, merging, the
  summary and report) is taken from /proc, so that the workers' CPU per case can be told
  from the parent's (`worker_cpu_ms_per_case`: with one worker there are no workers, and
  the parent does it all);
- peak memory of the whole tree as PSS: /proc is sampled every 50 ms and the proportional
  set sizes (`Pss` of /proc/<pid>/smaps_rollup) of all processes in the group are summed;
  the largest sum is `peak_pss_mb`. PSS charges each page shared by n processes 1/n to each
  of them, so pages forked workers share with their parent (the interpreter, the rules)
  count once, where summed RSS (`peak_rss_sum_mb`, kept for comparison) counts them once per
  process. Each process's own kernel-kept RSS peak (VmHWM) is recorded too: the largest is
  what `ru_maxrss` of children would report.

The audit must complete: exit code 0 and a summary counting every case as assessed.
"""

from __future__ import annotations

import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, NamedTuple

from benchmarks.corpus import SEED, cohort_file
from benchmarks.stats import ratio

ROOT = Path(__file__).resolve().parent.parent
WARM_UP = ROOT / "examples" / "cohort.jsonl"
WARM_UP_CASES = 400
TARGET_SPEEDUP = 1.8
TARGET_MEMORY_GROWTH = 0.10


class AuditBenchError(RuntimeError):
    """The audit did not complete as expected."""


def _deplan() -> str:
    beside = Path(sys.executable).with_name("deplan")
    found = str(beside) if beside.exists() else shutil.which("deplan")
    if not found:
        raise AuditBenchError("the `deplan` command is not installed in this environment")
    return found


_TICKS = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100


def _group_of(pid: str) -> int | None:
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    return int(stat[stat.rfind(")") + 2 :].split()[2])


class ProcessMemory(NamedTuple):
    pss_kb: int
    rss_kb: int
    hwm_kb: int
    cpu_s: float


def _kb(text: str, key: str) -> int:
    start = text.find(f"\n{key}:")
    return int(text[start:].split(maxsplit=2)[1]) if start >= 0 else 0


def process_memory(pid: str) -> ProcessMemory | None:
    """A process's PSS, RSS and RSS peak (kB) and CPU seconds so far; None if it is gone."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
        status = Path(f"/proc/{pid}/status").read_text()
        rollup = Path(f"/proc/{pid}/smaps_rollup").read_text()
    except OSError:
        return None
    fields = stat[stat.rfind(")") + 2 :].split()
    cpu = (int(fields[11]) + int(fields[12])) / _TICKS
    return ProcessMemory(
        pss_kb=_kb(rollup, "Pss"),
        rss_kb=_kb(status, "VmRSS"),
        hwm_kb=_kb(status, "VmHWM"),
        cpu_s=cpu,
    )


class TreeMemory:
    """Samples the memory (PSS, and summed RSS) of a process group until stopped. The group's members
    are found by a scan of /proc every `rescan` samples (workers start once, early); in
    between only they are read, so the sampler itself stays cheap."""

    def __init__(self, group: int, interval: float = 0.05, rescan: int = 10) -> None:
        self.group = group
        self.interval = interval
        self.rescan = rescan
        self.peak_pss_kb = 0
        self.peak_rss_kb = 0
        self.hwm_kb: dict[str, int] = {}
        self.cpu_s: dict[str, float] = {}
        """Each process's CPU time when last seen (a little short for the last 50 ms)."""
        self.samples = 0
        self._members: set[str] = {str(group)}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        self._thread.join()

    def _run(self) -> None:
        while not self._stop.is_set():
            if self.samples % self.rescan == 0:
                self._members |= {
                    pid
                    for pid in os.listdir("/proc")
                    if pid.isdigit() and pid not in self._members and _group_of(pid) == self.group
                }
            pss = rss = 0
            for pid in list(self._members):
                memory = process_memory(pid)
                if memory is None:
                    self._members.discard(pid)
                    continue
                pss += memory.pss_kb
                rss += memory.rss_kb
                self.hwm_kb[pid] = max(self.hwm_kb.get(pid, 0), memory.hwm_kb)
                self.cpu_s[pid] = memory.cpu_s
            self.peak_pss_kb = max(self.peak_pss_kb, pss)
            self.peak_rss_kb = max(self.peak_rss_kb, rss)
            self.samples += 1
            self._stop.wait(self.interval)


def _loadavg() -> float | None:
    try:
        return float(Path("/proc/loadavg").read_text().split()[0])
    except OSError:
        return None


def audit_once(path: Path, cases: int, workers: int, scratch: Path) -> dict[str, Any]:
    out = scratch / f"out-{cases}-{workers}"
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in ("DEPLAN_RULES", "PYTHONDONTWRITEBYTECODE")
    }
    env["PYTHONPYCACHEPREFIX"] = str(scratch / "bytecode")
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    load_before = _loadavg()
    started = time.perf_counter()
    process = subprocess.Popen(
        [_deplan(), "audit", str(path), "--out", str(out), "--force", "--workers", str(workers)],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        start_new_session=True,
    )
    memory = TreeMemory(process.pid)
    memory.start()
    try:
        stdout, stderr = process.communicate()
    finally:
        memory.stop()
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    try:
        if process.returncode != 0:
            raise AuditBenchError(
                f"deplan audit exited {process.returncode}: {stderr.decode()[-2000:]}"
            )
        summary = json.loads((out / "summary.json").read_text())
        assessed = summary["counts"]["assessed"]
        if assessed != cases or summary["counts"]["rejected"]:
            raise AuditBenchError(f"expected {cases} cases assessed, the summary says {assessed}")
        output_bytes = sum(item.stat().st_size for item in out.iterdir())
    finally:
        shutil.rmtree(out, ignore_errors=True)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    parent_cpu = memory.cpu_s.get(str(process.pid), 0.0)
    del stdout
    return {
        "cases": cases,
        "workers": workers,
        "seconds": round(wall, 2),
        "cases_per_second": round(cases / wall, 1),
        "cpu_seconds": round(cpu, 2),
        "cpu_ms_per_case": round(cpu / cases * 1000, 3),
        "cores_used": round(cpu / wall, 2),
        "peak_pss_mb": round(memory.peak_pss_kb / 1024, 1),
        "peak_rss_sum_mb": round(memory.peak_rss_kb / 1024, 1),
        "max_process_hwm_mb": round(max(memory.hwm_kb.values(), default=0) / 1024, 1),
        "processes_seen": len(memory.hwm_kb),
        "parent_cpu_seconds": round(parent_cpu, 2),
        "worker_cpu_ms_per_case": round((cpu - parent_cpu) / cases * 1000, 3)
        if workers > 1
        else None,
        "memory_samples": memory.samples,
        "output_mb": round(output_bytes / 1e6, 1),
        "loadavg_before": load_before,
        "loadavg_after": _loadavg(),
    }


def run(*, plan: list[tuple[int, int]], log: Callable[[str], None]) -> dict[str, Any]:
    """`plan`: (cases, workers) runs, in order."""
    runs: list[dict[str, Any]] = []
    files: dict[int, Path] = {}
    with tempfile.TemporaryDirectory(prefix="deplan-bench-audit-") as scratch:
        audit_once(WARM_UP, WARM_UP_CASES, 1, Path(scratch))
        for cases, workers in plan:
            if cases not in files:
                log(f"audit: cohort of {cases} cases (seed {SEED}; cached after the first run)")
                files[cases] = cohort_file(cases)
            log(f"audit: {cases} cases, {workers} worker(s)")
            result = audit_once(files[cases], cases, workers, Path(scratch))
            result["input_mb"] = round(files[cases].stat().st_size / 1e6, 1)
            log(
                f"audit: {cases} cases, {workers} worker(s): {result['cases_per_second']} cases/s, "
                f"peak PSS {result['peak_pss_mb']} MB"
            )
            runs.append(result)

    by_key = {(run["cases"], run["workers"]): run for run in runs}
    sizes = sorted({run["cases"] for run in runs})
    both = [size for size in sizes if (size, 1) in by_key and (size, 2) in by_key]
    speedup: dict[str, Any] = {}
    if both:
        size = both[-1]
        one, two = by_key[size, 1], by_key[size, 2]
        speedup = {
            "cases": size,
            "value": ratio(two["cases_per_second"], one["cases_per_second"]),
            "cpu_per_case_1w_vs_2w": ratio(one["cpu_ms_per_case"], two["cpu_ms_per_case"]),
            "cores_used_2w": two["cores_used"],
            "parent_cpu_seconds_1w_2w": [one["parent_cpu_seconds"], two["parent_cpu_seconds"]],
        }
    growth: dict[str, Any] = {}
    if len(sizes) >= 2:
        small, large = sizes[0], sizes[-1]
        for workers in (2, 1):
            if (small, workers) in by_key and (large, workers) in by_key:
                a, b = by_key[small, workers], by_key[large, workers]
                growth = {
                    "small": small,
                    "large": large,
                    "workers": workers,
                    "value": round(b["peak_pss_mb"] / a["peak_pss_mb"] - 1, 3),
                    "rss_sum_value": round(b["peak_rss_sum_mb"] / a["peak_rss_sum_mb"] - 1, 3),
                }
                break
    return {
        "runs": runs,
        "speedup_2w_vs_1w": speedup,
        "memory_growth": growth,
        "targets": {
            "speedup_2w_vs_1w": {
                "target": f">= {TARGET_SPEEDUP}",
                "value": speedup.get("value"),
                "met": None if not speedup else speedup["value"] >= TARGET_SPEEDUP,
            },
            "memory_growth": {
                "target": f"<= {TARGET_MEMORY_GROWTH:.0%} peak PSS from {growth.get('small')} "
                f"to {growth.get('large')} cases",
                "value": growth.get("value"),
                "met": None if not growth else growth["value"] <= TARGET_MEMORY_GROWTH,
            },
        },
    }
