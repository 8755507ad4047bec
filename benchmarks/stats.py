"""Small statistics shared by the benchmarks."""

from __future__ import annotations

import math
import statistics
from collections.abc import Sequence
from typing import Any


def percentile(values: Sequence[float], q: float) -> float:
    """The q-th percentile (0-100) by the nearest-rank method."""
    if not values:
        return math.nan
    ordered = sorted(values)
    rank = max(1, math.ceil(q / 100 * len(ordered)))
    return ordered[rank - 1]


def per_case(samples: Sequence[Sequence[float]]) -> list[float]:
    """Each case's median over the rounds (samples[round][case])."""
    return [statistics.median(times) for times in zip(*samples, strict=True)]


def summarise(seconds: Sequence[float]) -> dict[str, Any]:
    """Cases per second (from the total) and per-case percentiles, in microseconds."""
    total = sum(seconds)
    return {
        "cases": len(seconds),
        "cases_per_second": round(len(seconds) / total, 1) if total else None,
        "mean_us": round(total / len(seconds) * 1e6, 1) if seconds else None,
        "p50_us": round(percentile(seconds, 50) * 1e6, 1),
        "p99_us": round(percentile(seconds, 99) * 1e6, 1),
    }


def ratio(numerator: float | None, denominator: float | None) -> float | None:
    if not numerator or not denominator:
        return None
    return round(numerator / denominator, 3)
