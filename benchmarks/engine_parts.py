"""Where one case's time goes, part by part: process time per case of each part of an
assessment, the best of several rounds over the seeded cohort's first 400 cases (the
collector frozen, as in the engine benchmark). Process time, not wall time: on a shared
machine it moves less with other work. A diagnostic, not a target:

    uv run python -m benchmarks.engine_parts [--rounds 7]

Prints one JSON object: microseconds per case of the strict parse, fact derivation, the
rules and findings of every child (`findings_by_child` less the facts), data quality, the
case digest of the bytes, the `Assessment` to JSON, and end to end (bytes in, JSON out),
with end to end over parse.
"""

from __future__ import annotations

import argparse
import gc
import json
import time
from collections.abc import Callable

from benchmarks.corpus import SEED, case_texts
from engine import load_ruleset
from engine.data_quality import data_quality
from engine.digest import case_digest
from engine.facts import derive_facts
from models.case import parse_case

CASES = 400


def measure(rounds: int) -> dict[str, float]:
    ruleset = load_ruleset()
    texts = case_texts(CASES, SEED)
    cases = [parse_case(text) for text in texts]
    assessments = [
        ruleset.assess(case, source=text) for case, text in zip(cases, texts, strict=True)
    ]
    gc.collect()
    gc.freeze()

    def best(work: Callable[[], object]) -> float:
        fastest = float("inf")
        for _ in range(rounds):
            began = time.process_time()
            work()
            fastest = min(fastest, time.process_time() - began)
        return round(fastest / CASES * 1e6, 1)

    def day_facts() -> None:
        for case in cases:
            day = case.decision_date
            derive_facts(case, day, ruleset.parameters.on(day))

    try:
        parts = {
            "parse": best(lambda: [parse_case(text) for text in texts]),
            "facts": best(day_facts),
            "facts_and_rules": best(
                lambda: [ruleset.findings_by_child(case, case.decision_date) for case in cases]
            ),
            "data_quality": best(
                lambda: [data_quality(case, case.decision_date) for case in cases]
            ),
            "digest": best(
                lambda: [case_digest(case, text) for case, text in zip(cases, texts, strict=True)]
            ),
            "json": best(lambda: [assessment.model_dump_json() for assessment in assessments]),
            "end_to_end": best(
                lambda: [
                    ruleset.assess(parse_case(text), source=text).model_dump_json()
                    for text in texts
                ]
            ),
        }
    finally:
        gc.unfreeze()
    parts["rules"] = round(parts.pop("facts_and_rules") - parts["facts"], 1)
    parts["end_to_end_vs_parse"] = round(parts["end_to_end"] / parts["parse"], 2)
    return parts


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.engine_parts")
    parser.add_argument("--rounds", type=int, default=7)
    args = parser.parse_args(argv)
    print(json.dumps(measure(args.rounds)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
