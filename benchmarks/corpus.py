"""Benchmark inputs: synthetic cases from the seeded cohort generator the audit examples use.

Case *i* of seed *s* is always the same case, so every benchmark (and every run) sees the
same inputs. JSON Lines files for the re-audit are written in shards by parallel processes
(each streams its cases to its own file, never holding them) and cached by seed, count and
generator: a digest of the generator's and the case model's source is in the file name, so a
changed generator or model never reuses a cohort made by the old one.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from examples.generate_cohort import generate_case, generate_cases

SEED = 2024
ROOT = Path(__file__).resolve().parents[1]
CACHE_DIR = Path(os.environ.get("DEPLAN_BENCH_CACHE") or Path.home() / ".cache" / "deplan-bench")


def generator_digest() -> str:
    """A short digest of the sources that decide what the cohort's cases are."""
    digest = hashlib.sha256()
    for package in ("examples", "models"):
        for path in sorted((ROOT / package).glob("*.py")):
            digest.update(path.name.encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


def case_texts(count: int, seed: int = SEED) -> list[str]:
    """`count` cases as compact JSON, as a case system would send them."""
    return [json.dumps(case, separators=(",", ":")) for case in generate_cases(count, seed)]


def _write_shard(path: Path, start: int, count: int, seed: int) -> int:
    size = 0
    with path.open("w", encoding="utf-8", newline="\n") as out:
        for case in generate_cases(count, seed, start):
            line = json.dumps(case, separators=(",", ":")) + "\n"
            out.write(line)
            size += len(line)
    return size


def cohort_file(count: int, seed: int = SEED, processes: int = 2) -> Path:
    """A JSON Lines file of the first `count` cases of the cohort, made once and cached."""
    path = CACHE_DIR / f"cohort-{seed}-{count}-{generator_digest()}.jsonl"
    if path.exists():
        return path
    CACHE_DIR.mkdir(parents=True, exist_ok=True)
    shards = max(1, min(processes, count // 1000 or 1))
    bounds = [count * k // shards for k in range(shards + 1)]
    parts = [path.with_suffix(f".part{k}") for k in range(shards)]
    with ProcessPoolExecutor(max_workers=shards) as pool:
        futures = [
            pool.submit(_write_shard, parts[k], bounds[k], bounds[k + 1] - bounds[k], seed)
            for k in range(shards)
        ]
        for future in futures:
            future.result()
    partial = path.with_suffix(".tmp")
    with partial.open("wb") as out:
        for part in parts:
            with part.open("rb") as source:
                shutil.copyfileobj(source, out, 16 * 1024 * 1024)
            part.unlink()
    partial.replace(path)
    return path


def sample_case(seed: int = SEED, index: int = 0) -> dict[str, object]:
    return generate_case(seed, index)
