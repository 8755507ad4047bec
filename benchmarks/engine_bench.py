"""Engine, in process, one thread: cases per second and per-case latency, by stage.

Stages, each timed separately per case:
- parse: `Case.model_validate_json(text)` (JSON parse and validation);
- facts: `parameters.on(day)` and `derive_facts(case, day, parameters)` (one set per child);
- rules: each child's findings, one per rule in force (as `RuleSet.findings_by_child` makes
  them), and the family's (per rule the worst of the deciding children's, as
  `Assessment.findings` holds them before display order);
- end to end: `ruleset.assess(parse_case(text), source=text).model_dump_json()` (all of the
  above, plus the verdicts, counts, data quality, the case digest of the bytes, the
  `Assessment` and its JSON), timed on its own.

Against, on the same `CaseFacts` of the same cases:
- the limit (`benchmarks.limit`): the same findings, each child's and the family's, by hand;
- durable-rules (`benchmarks.durable_peer`): each child's outcomes (when installed).

Both are first checked to agree with the engine's public results (`findings_by_child`,
`assess`) on every case of the corpus; a disagreement stops the benchmark. Timing runs
several rounds over the corpus; within a case the engine, the limit and the peer run back to
back (their order alternating), so a burst of load from elsewhere on the machine hits them
alike. Each case's time is its median over the rounds; cases per second are the corpus over
the sum of those times.
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
from engine.evaluation import children_findings
from engine.facts import CaseFacts, derive_facts
from engine.findings import display_order, family_findings
from engine.rules import Rule
from engine.ruleset import RuleSet
from models.assessment import Finding
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
    # one limit and one peer for each set of rules in force among the corpus's decision dates
    # (family-hub-and-support-plan is in force from 2021 only)
    available, why_not = durable_available()
    contenders: dict[tuple[str, ...], tuple[Limit, DurablePeer | None]] = {}
    parameters_of: dict[tuple[str, ...], Any] = {}
    for day in sorted({case.decision_date for case in parsed}):
        key = tuple(rule.id for rule in ruleset.in_force(day))
        if key not in contenders:
            peer = DurablePeer(ruleset, day) if available else None
            contenders[key] = (Limit(ruleset, day), peer)
            parameters_of[key] = ruleset.parameters.on(day)
        elif ruleset.parameters.on(day) != parameters_of[key]:
            raise ValueError("the corpus spans days with different parameters for the same rules")
    keys = [tuple(rule.id for rule in ruleset.in_force(case.decision_date)) for case in parsed]
    facts = [
        derive_facts(case, case.decision_date, ruleset.parameters.on(case.decision_date))
        for case in parsed
    ]
    durable_n = min(durable_cases, cases) if available else 0

    log(f"engine: checking the limit and the peer agree with the engine on {cases} cases")
    outcomes: Counter[str] = Counter()
    for index, (case, children) in enumerate(zip(parsed, facts, strict=True)):
        limit, peer = contenders[keys[index]]
        expected = _check_agreement(
            ruleset, case, children, limit, peer if index < durable_n else None
        )
        outcomes.update(
            finding.outcome.value for findings in expected.values() for finding in findings
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

                limit, peer = contenders[keys[index]]
                order = (
                    _CONTENDERS if (index + round_number) % 2 == 0 else tuple(reversed(_CONTENDERS))
                )
                for name in order:
                    if name == "durable" and (peer is None or index >= durable_n):
                        continue
                    began = clock()
                    if name == "rules":
                        _engine_findings(
                            ruleset, ruleset.in_force(day_of), case_facts, day_parameters
                        )
                    elif name == "limit":
                        limit.family_findings(case_facts, limit.findings_by_child(case_facts))
                    elif name == "outcomes":
                        engine_outcomes(ruleset.in_force(day_of), case_facts, day_parameters)
                    else:
                        assert peer is not None
                        for child_facts in case_facts:
                            peer.outcomes(child_facts)
                    times[name].append(clock() - began)

                began = clock()
                ruleset.assess(parse_case(text), source=text).model_dump_json()
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
            "rules_in_force": sorted({len(key) for key in contenders}),
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
        "pipeline_vs_limit_pipeline": ratio(
            result["engine_pipeline"]["cases_per_second"],
            result["limit"]["pipeline_with_limit"]["cases_per_second"],
        ),
    }
    result["engine_outcomes"] = summarise(medians["outcomes"])
    ratios["end_to_end_vs_parse"] = ratio(
        stages["parse"]["cases_per_second"], stages["end_to_end"]["cases_per_second"]
    )
    if available:
        durable_stats = summarise(medians["durable"])
        outcomes_same = summarise(medians["outcomes"][:durable_n])
        engine_same = summarise(medians["rules"][:durable_n])
        limit_same = summarise(medians["limit"][:durable_n])
        result["durable"] = {
            "available": True,
            "version": "2.0.28",
            "durable_rules": sorted({p.rule_count for _, p in contenders.values() if p}),
            "agrees_on_cases": durable_n,
            "outcomes": durable_stats,
            "engine_outcomes_same_cases": outcomes_same,
            "engine_rules_same_cases": engine_same,
        }
        # Like with like: durable-rules computes outcomes only, so the engine's outcomes alone.
        ratios["engine_vs_durable"] = ratio(
            outcomes_same["cases_per_second"], durable_stats["cases_per_second"]
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
            "target": f">= {TARGET_VS_LIMIT}",
            "value": ratios["engine_vs_limit"],
            "met": _at_least(ratios["engine_vs_limit"], TARGET_VS_LIMIT),
        },
        "end_to_end_vs_parse": {
            "target": f"<= {TARGET_END_TO_END_VS_PARSE}",
            "value": ratios["end_to_end_vs_parse"],
            "met": None
            if ratios["end_to_end_vs_parse"] is None
            else ratios["end_to_end_vs_parse"] <= TARGET_END_TO_END_VS_PARSE,
        },
        "engine_vs_durable": {
            "target": f">= {TARGET_VS_DURABLE}",
            "value": ratios["engine_vs_durable"],
            "met": _at_least(ratios["engine_vs_durable"], TARGET_VS_DURABLE),
        },
    }
    return result


def _engine_findings(
    ruleset: RuleSet, rules: list[Rule], children: list[CaseFacts], parameters: dict[str, Any]
) -> list[Finding]:
    """The engine's rules stage, as `RuleSet.assess` runs it on derived facts: each child's
    findings, then the family's."""
    by_child = children_findings(rules, children, parameters, ruleset.severities)
    deciding = [
        by_child[facts.child_ref]
        for facts in children
        if facts.case["case.plan_ends_by_decision"] is True
    ] or list(by_child.values())
    return family_findings(deciding)


def _check_agreement(
    ruleset: RuleSet,
    case: Case,
    children: list[CaseFacts],
    limit: Limit,
    peer: DurablePeer | None,
) -> dict[str, list[Finding]]:
    """The limit gives the engine's findings (each child's and the family's), the peer each
    child's outcomes; the engine's rules stage as timed here gives its own public results.
    Returns the engine's findings by child."""
    day = case.decision_date
    expected = ruleset.findings_by_child(case, day)
    family = ruleset.assess(case, day).findings
    by_child = limit.findings_by_child(children)
    if by_child != expected or display_order(limit.family_findings(children, by_child)) != family:
        raise DisagreementError(f"the limit disagrees with the engine on {case.case_ref}")
    parameters = ruleset.parameters.on(day)
    if (
        display_order(_engine_findings(ruleset, ruleset.in_force(day), children, parameters))
        != family
    ):
        raise DisagreementError(f"the timed rules stage is not the engine's on {case.case_ref}")
    outcomes = engine_outcomes(ruleset.in_force(day), children, parameters)
    for facts in children:
        wanted = [(finding.rule_id, finding.outcome) for finding in expected[facts.child_ref]]
        if outcomes[facts.child_ref] != wanted:
            raise DisagreementError(
                f"the engine's outcomes alone differ from its findings on {case.case_ref}"
            )
        if peer is not None and peer.outcomes(facts) != wanted:
            raise DisagreementError(
                f"durable-rules disagrees with the engine on {case.case_ref} ({facts.child_ref})"
            )
    return expected


def _at_least(value: float | None, target: float) -> bool | None:
    return None if value is None else value >= target
