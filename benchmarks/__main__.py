"""Run the benchmarks: the engine, the HTTP API and the batch re-audit, side by side.

    uv run --group bench python -m benchmarks            # full run: about 20-25 minutes
    uv run --group bench python -m benchmarks --quick    # about 5 minutes
    uv run --group bench python -m benchmarks --only engine --only cli

Prints a table and writes `benchmarks/results/latest.json` (`latest-quick.json` with
`--quick`). Every comparison is a ratio measured in the same run; see docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path
from typing import Any

from benchmarks import audit_bench, cli_bench, engine_bench, http_bench, report

RESULTS = Path(__file__).resolve().parent / "results"
PARTS = ("engine", "cli", "http", "audit")

QUICK: dict[str, dict[str, Any]] = {
    "engine": {"cases": 400, "rounds": 3, "durable_cases": 200},
    "cli": {"rounds": 10},
    "http": {
        "workers": (1, 2),
        "connections": 8,
        "warmup": 1.0,
        "seconds": 2.0,
        "rounds": 1,
        "bodies_count": 100,
    },
    # 20k cases at least for the 2-worker / 1-worker ratio: with fewer, start-up (loading
    # the rules, starting workers) is a large share of a run and hides the scaling
    "audit": {"plan": [(20_000, 1), (20_000, 2), (60_000, 2)]},
}
FULL: dict[str, dict[str, Any]] = {
    "engine": {"cases": 2_000, "rounds": 4, "durable_cases": 800},
    "cli": {"rounds": 30},
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
    parser.add_argument("--quick", action="store_true", help="smaller inputs, short runs (~5 min)")
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
    if "cli" in parts:
        results["cli"] = cli_bench.run(**settings["cli"], log=log)
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
        engine = results["engine"]["targets"]
        targets["engine / hand-written limit (findings)"] = engine["engine_vs_limit"]
        targets["one case end to end / strict parse"] = engine["end_to_end_vs_parse"]
        targets["engine / durable-rules (outcomes)"] = engine["engine_vs_durable"]
    if "cli" in results:
        targets["deplan check / import pydantic"] = results["cli"]["targets"][
            "check_vs_import_pydantic"
        ]
    if "http" in results:
        for name, target in results["http"]["targets"].items():
            endpoint, database = name.split("_", 1)
            value = target["value"]
            targets[f"POST /v1/{endpoint} ({database}) / floor"] = {
                **target,
                "value": ", ".join(f"{key} {number:.3f}" for key, number in value.items() if number)
                if isinstance(value, dict)
                else value,
            }
    if "audit" in results:
        audit = results["audit"]["targets"]
        targets["re-audit 2 workers / 1 worker"] = audit["speedup_2w_vs_1w"]
        targets["re-audit peak memory growth"] = audit["memory_growth"]
    return targets


if __name__ == "__main__":
    sys.exit(main())
