"""Run the benchmarks: the engine, the HTTP API and the batch re-audit, side by side.

    uv run --group bench python -m benchmarks            # full run: about 15-20 minutes
    uv run --group bench python -m benchmarks --quick    # under 3 minutes
    uv run --group bench python -m benchmarks --only engine

Prints a table and writes `benchmarks/results/latest.json` (`latest-quick.json` with
`--quick`). Every comparison is a ratio measured in the same run; see docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path
from typing import Any

from benchmarks import audit_bench, engine_bench, http_bench, report

RESULTS = Path(__file__).resolve().parent / "results"
PARTS = ("engine", "http", "audit")

QUICK = {
    "engine": {"cases": 400, "rounds": 3, "durable_cases": 200},
    "http": {
        "workers": (1, 2),
        "connections": 8,
        "warmup": 1.0,
        "seconds": 2.0,
        "rounds": 1,
        "bodies_count": 100,
    },
    "audit": {"plan": [(2_000, 1), (2_000, 2), (20_000, 2)]},
}
FULL = {
    "engine": {"cases": 2_000, "rounds": 4, "durable_cases": 800},
    "http": {
        "workers": (1, 2),
        "connections": 8,
        "warmup": 1.0,
        "seconds": 3.0,
        "rounds": 2,
        "bodies_count": 500,
    },
    "audit": {"plan": [(100_000, 1), (100_000, 2), (1_000_000, 2)]},
}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks", description=__doc__.split("\n\n")[0]
    )
    parser.add_argument("--quick", action="store_true", help="small inputs, short runs (< 3 min)")
    parser.add_argument(
        "--only", action="append", choices=PARTS, help="run only this part (repeatable)"
    )
    parser.add_argument(
        "--audit-1m-single",
        action="store_true",
        help="also re-audit 1M cases with 1 worker (about 15-30 more minutes)",
    )
    parser.add_argument("--out", type=Path, help="where to write the JSON results")
    args = parser.parse_args(argv)
    settings = QUICK if args.quick else FULL
    parts = args.only or list(PARTS)
    out = args.out or RESULTS / ("latest-quick.json" if args.quick else "latest.json")
    started = time.monotonic()

    def log(message: str) -> None:
        print(f"[{time.monotonic() - started:6.1f}s] {message}", file=sys.stderr, flush=True)

    results: dict[str, Any] = {
        "generated_at": report.now(),
        "mode": "quick" if args.quick else "full",
        "command": "python -m benchmarks" + (" --quick" if args.quick else ""),
        "machine": report.machine(),
        "git": report.git_state(),
    }
    if "engine" in parts:
        results["engine"] = engine_bench.run(**settings["engine"], log=log)
    if "http" in parts:
        results["http"] = http_bench.run(**settings["http"], log=log)
    if "audit" in parts:
        plan = list(settings["audit"]["plan"])
        if args.audit_1m_single and not args.quick:
            plan.append((1_000_000, 1))
        results["audit"] = audit_bench.run(plan=plan, log=log)
    results["duration_s"] = round(time.monotonic() - started, 1)
    results["machine"]["loadavg_end"] = report.machine().get("loadavg")
    results["targets"] = _targets(results)
    report.write(results, out)
    report.print_tables(results)
    print(f"results written to {out}", file=sys.stderr)
    return 0


def _targets(results: dict[str, Any]) -> dict[str, Any]:
    targets: dict[str, Any] = {}
    if "engine" in results:
        targets["engine / hand-written limit"] = results["engine"]["targets"]["engine_vs_limit"]
        targets["engine / durable-rules"] = results["engine"]["targets"]["engine_vs_durable"]
    if "http" in results:
        http = results["http"]["targets"]["evaluations_vs_floor"]
        values = http["value"]
        rps = [item["rps_vs_floor"] for item in values.values() if item["rps_vs_floor"]]
        p99 = [item["p99_vs_floor"] for item in values.values() if item["p99_vs_floor"]]
        targets["POST /v1/evaluations vs floor"] = {
            "target": ">= 0.8 x floor req/s, p99 <= 2 x floor (every database, 1 and 2 workers)",
            "value": f"req/s {min(rps):.3f}..{max(rps):.3f}; p99 {min(p99):.3f}..{max(p99):.3f}"
            if rps and p99
            else None,
            "met": http["met"],
        }
    if "audit" in results:
        audit = results["audit"]["targets"]
        targets["re-audit 2 workers / 1 worker"] = audit["speedup_2w_vs_1w"]
        targets["re-audit peak memory growth"] = audit["memory_growth"]
    return targets


if __name__ == "__main__":
    sys.exit(main())
