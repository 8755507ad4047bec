"""Engine, in process, one thread: cases per second and per-case latency, by stage.

Stages, each timed separately per case:
- parse: `parse_case(text)` (JSON parse and strict validation, as the API and CLI read);
- facts: `parameters.on(day)` and `derive_facts(case, day, parameters)`;
- rules: the findings of every rule in force, as `RuleSet.findings` makes them;
- end to end: `ruleset.assess(parse_case(text)).model_dump_json()` (bytes in, assessment
  JSON out: all of the above, plus the verdict, counts, case digest, the `Assessment` and
  its JSON), timed on its own. Target: at most 4 times the parse alone.

Against, on the same `CaseFacts` of the same cases, each compared on what it computes:
- the limit (`benchmarks.limit`): the same findings, hand-written; against the engine's
  rules stage (full findings);
- durable-rules (`benchmarks.durable_peer`, when installed): the same outcomes, no findings;
  against the engine's outcomes alone (`benchmarks.engine_outcomes`: its compiled
  conditions and the outcome precedence, no findings built).

All are first checked to agree with the engine on every case of the corpus; a
disagreement stops the benchmark. Timing runs several rounds over the corpus; within a
case the engine, the limit and the peer run back to back (their order alternating), so a
burst of load from elsewhere on the machine hits them alike. Each case's time is its median
over the rounds; cases per second are the corpus over the sum of those times.
"""

from __future__ import annotations

import gc
import time
from collections import Counter
from collections.abc import Callable
from typing import Any

from benchmarks.corpus import SEED, case_texts
from benchmarks.durable_peer import DurablePeer, durable_available
from benchmarks.engine_outcomes import engine_outcomes
from benchmarks.limit import Limit
from benchmarks.stats import per_case, ratio, summarise
from engine import load_ruleset
from engine.derive import derive_facts
from engine.findings import evaluate_rule
from models.case import Case, parse_case

TARGET_VS_LIMIT = 0.8
TARGET_VS_DURABLE = 20.0
TARGET_END_TO_END_VS_PARSE = 4.0
_CONTENDERS = ("rules", "limit", "outcomes", "durable")


class DisagreementError(AssertionError):
    """The limit or the peer does not give the engine's results on a corpus case."""


def run(
    *, cases: int, rounds: int, durable_cases: int, log: Callable[[str], None]
) -> dict[str, Any]:
    ruleset = load_ruleset()
    texts = case_texts(cases, SEED)
    parsed = [Case.model_validate_json(text) for text in texts]
    days = {case.decision_date for case in parsed}
    day = min(days)
    parameters = ruleset.parameters.on(day)
    rules = ruleset.in_force(day)
    for other in days:
        if ruleset.parameters.on(other) != parameters or ruleset.in_force(other) != rules:
            raise ValueError("the corpus spans days with different rules or parameters")
    facts = [derive_facts(case, case.decision_date, parameters) for case in parsed]

    limit = Limit(ruleset, day)
    available, why_not = durable_available()
    peer = DurablePeer(ruleset, day) if available else None
    durable_n = min(durable_cases, cases) if peer is not None else 0

    log(f"engine: checking the limit and the peer agree with the engine on {cases} cases")
    outcomes: Counter[str] = Counter()
    for index, case_facts in enumerate(facts):
        severities = ruleset.severities
        expected = [
            evaluate_rule(rule, case_facts, parameters, severities[rule.id]) for rule in rules
        ]
        outcomes.update(finding.outcome.value for finding in expected)
        if limit.findings(case_facts) != expected:
            raise DisagreementError(
                f"the limit disagrees with the engine on {parsed[index].case_ref}"
            )
        wanted = [(finding.rule_id, finding.outcome) for finding in expected]
        if engine_outcomes(rules, case_facts, parameters) != wanted:
            raise DisagreementError(
                f"the engine's outcomes alone differ from its findings on {parsed[index].case_ref}"
            )
        if peer is not None and index < durable_n and peer.outcomes(case_facts) != wanted:
            raise DisagreementError(
                f"durable-rules disagrees with the engine on {parsed[index].case_ref}"
            )

    stage_names = ("parse", "facts", "rules", "end_to_end", "limit", "outcomes", "durable")
    samples: dict[str, list[list[float]]] = {name: [] for name in stage_names}
    gc.collect()
    gc.freeze()  # the corpus itself is not what is measured: keep it out of the collector's way
    clock = time.perf_counter
    try:
        for round_number in range(rounds):
            log(f"engine: round {round_number + 1} of {rounds}")
            times: dict[str, list[float]] = {name: [] for name in stage_names}
            for index, text in enumerate(texts):
                start = clock()
                case = parse_case(text)
                parsed_at = clock()
                day_of = case.decision_date
                day_parameters = ruleset.parameters.on(day_of)
                case_facts = derive_facts(case, day_of, day_parameters)
                derived_at = clock()
                times["parse"].append(parsed_at - start)
                times["facts"].append(derived_at - parsed_at)

                order = (
                    _CONTENDERS if (index + round_number) % 2 == 0 else tuple(reversed(_CONTENDERS))
                )
                for name in order:
                    if name == "durable" and (peer is None or index >= durable_n):
                        continue
                    began = clock()
                    if name == "rules":
                        for rule in ruleset.in_force(day_of):
                            evaluate_rule(
                                rule, case_facts, day_parameters, ruleset.severities[rule.id]
                            )
                    elif name == "limit":
                        limit.findings(case_facts)
                    elif name == "outcomes":
                        engine_outcomes(ruleset.in_force(day_of), case_facts, day_parameters)
                    else:
                        assert peer is not None
                        peer.outcomes(case_facts)
                    times[name].append(clock() - began)

                began = clock()
                ruleset.assess(parse_case(text)).model_dump_json()
                times["end_to_end"].append(clock() - began)
            for name in stage_names:
                samples[name].append(times[name])
            gc.collect()
    finally:
        gc.unfreeze()

    medians = {name: per_case(samples[name]) if samples[name][0] else [] for name in stage_names}
    stages = {name: summarise(medians[name]) for name in ("parse", "facts", "rules", "end_to_end")}
    limit_stats = summarise(medians["limit"])
    engine_plus_limit = [
        p + f + lim
        for p, f, lim in zip(medians["parse"], medians["facts"], medians["limit"], strict=True)
    ]
    engine_pipeline = [
        p + f + r
        for p, f, r in zip(medians["parse"], medians["facts"], medians["rules"], strict=True)
    ]
    result: dict[str, Any] = {
        "corpus": {
            "seed": SEED,
            "cases": cases,
            "rounds": rounds,
            "mean_case_bytes": round(sum(len(text) for text in texts) / len(texts)),
            "rules_in_force": len(rules),
            "outcomes": dict(sorted(outcomes.items())),
        },
        "stages": stages,
        "limit": {
            "rules": limit_stats,
            "agrees_on_cases": cases,
            "pipeline_with_limit": summarise(engine_plus_limit),
        },
        "engine_pipeline": summarise(engine_pipeline),
    }
    ratios: dict[str, Any] = {
        "engine_vs_limit": ratio(
            stages["rules"]["cases_per_second"], limit_stats["cases_per_second"]
        ),
        "engine_vs_limit_p50": ratio(limit_stats["p50_us"], stages["rules"]["p50_us"]),
        "end_to_end_vs_parse": ratio(stages["end_to_end"]["mean_us"], stages["parse"]["mean_us"]),
        "pipeline_vs_limit_pipeline": ratio(
            result["engine_pipeline"]["cases_per_second"],
            result["limit"]["pipeline_with_limit"]["cases_per_second"],
        ),
    }
    result["engine_outcomes"] = summarise(medians["outcomes"])
    if peer is not None:
        durable_stats = summarise(medians["durable"])
        outcomes_same = summarise(medians["outcomes"][:durable_n])
        engine_same = summarise(medians["rules"][:durable_n])
        limit_same = summarise(medians["limit"][:durable_n])
        result["durable"] = {
            "available": True,
            "version": "2.0.28",
            "durable_rules": peer.rule_count,
            "agrees_on_cases": durable_n,
            "outcomes": durable_stats,
            "engine_outcomes_same_cases": outcomes_same,
            "engine_rules_same_cases": engine_same,
        }
        ratios["engine_vs_durable"] = ratio(
            outcomes_same["cases_per_second"], durable_stats["cases_per_second"]
        )
        ratios["engine_findings_vs_durable_outcomes"] = ratio(
            engine_same["cases_per_second"], durable_stats["cases_per_second"]
        )
        ratios["limit_vs_durable"] = ratio(
            limit_same["cases_per_second"], durable_stats["cases_per_second"]
        )
    else:
        result["durable"] = {"available": False, "reason": why_not}
        ratios["engine_vs_durable"] = None
    result["ratios"] = ratios
    result["targets"] = {
        "engine_vs_limit": {
            "target": f">= {TARGET_VS_LIMIT} (the same findings on both sides)",
            "value": ratios["engine_vs_limit"],
            "met": _at_least(ratios["engine_vs_limit"], TARGET_VS_LIMIT),
        },
        "end_to_end_vs_parse": {
            "target": f"<= {TARGET_END_TO_END_VS_PARSE} (time per case; bytes in, JSON out)",
            "value": ratios["end_to_end_vs_parse"],
            "met": None
            if ratios["end_to_end_vs_parse"] is None
            else ratios["end_to_end_vs_parse"] <= TARGET_END_TO_END_VS_PARSE,
        },
        "engine_vs_durable": {
            "target": f">= {TARGET_VS_DURABLE} (outcomes only, on both sides)",
            "value": ratios["engine_vs_durable"],
            "met": _at_least(ratios["engine_vs_durable"], TARGET_VS_DURABLE),
        },
    }
    return result


def _at_least(value: float | None, target: float) -> bool | None:
    return None if value is None else value >= target
