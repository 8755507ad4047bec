"""SSD import: time and peak memory for a small and a ten-times larger synthetic extract.

    uv run python -m benchmarks.ssd_import_bench                 # 500 and 5,000 families
    uv run python -m benchmarks.ssd_import_bench --families 2000 --factor 10

Each import runs `deplan import ssd` in a child process; its peak resident memory is the
child's `ru_maxrss`. The claim it checks: memory grows far less than the extract (the rows are
spilled to disk by family; only ids are held), so the ratio of peak memory is well under the
ratio of sizes. Writes `benchmarks/results/ssd-import.json`.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from examples.ssd.generate import generate, write

RESULTS = Path(__file__).resolve().parent / "results"


def measure(families: int, work: Path) -> dict[str, Any]:
    extract = work / f"extract-{families}"
    write(generate(seed=14, families=families), extract)
    key = work / "ssd.key"
    if not key.exists():
        key.write_text("benchmark-key-0123456789abcdef\n", encoding="ascii")
    deplan = Path(sys.executable).parent / "deplan"
    out = work / f"cases-{families}.jsonl"
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    started = time.perf_counter()
    subprocess.run(
        [str(deplan), "import", "ssd", str(extract), "--out", str(out), "--key-file", str(key)],
        check=True,
        capture_output=True,
    )
    seconds = time.perf_counter() - started
    peak_kb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    involvements = sum(1 for _ in (extract / "ssd_involvements.csv").open()) - 1
    return {
        "families": families,
        "extract_mb": round(sum(p.stat().st_size for p in extract.glob("*.csv")) / 2**20, 1),
        "involvement_rows": involvements,
        "cases": sum(1 for _ in out.open()),
        "seconds": round(seconds, 2),
        "peak_rss_mb": round(peak_kb / 1024, 1),
        "peak_rss_grew": peak_kb > before,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--families", type=int, default=500)
    parser.add_argument("--factor", type=int, default=10)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        small = measure(args.families, work)
        large = measure(args.families * args.factor, work)
    result = {
        "small": small,
        "large": large,
        "size_ratio": round(large["extract_mb"] / small["extract_mb"], 2),
        "memory_ratio": round(large["peak_rss_mb"] / small["peak_rss_mb"], 2),
    }
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "ssd-import.json").write_text(json.dumps(result, indent=2) + "\n")
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
