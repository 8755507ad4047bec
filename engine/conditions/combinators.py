"""`all`, `any` and `not`: Kleene's three-valued `and`, `or` and negation of conditions."""

from collections.abc import Mapping
from typing import Any

from engine.conditions.context import CompileContext, CompilePart, Condition, expect_keys
from engine.conditions.truth import Combination, Negation
from engine.evidence import FALSE, TRUE, Env, Evaluate, Evidence, any_of, merge, negate
from engine.generated import define
from engine.yaml_source import YamlPath


def compile_combination(
    form: str,
    data: dict[str, Any],
    path: YamlPath,
    context: CompileContext,
    scope: Mapping[str, str],
    compile_part: CompilePart,
) -> Condition | None:
    expect_keys(data, {form}, path, context)
    items = data[form]
    if not isinstance(items, list) or not items:
        context.problem((*path, form), "takes a non-empty list of conditions")
        return None
    parts = [
        compile_part(item, (*path, form, index), context, scope) for index, item in enumerate(items)
    ]
    compiled = [part for part in parts if part is not None]
    if len(compiled) != len(parts):
        return None
    evaluators = tuple(part.evaluate for part in compiled)
    return Condition(
        _all(evaluators) if form == "all" else _any(evaluators),
        Combination(form == "any", tuple(part.truth for part in compiled)),
        frozenset.intersection(*(part.plain for part in compiled)),
    )


def compile_negation(
    data: dict[str, Any],
    path: YamlPath,
    context: CompileContext,
    scope: Mapping[str, str],
    compile_part: CompilePart,
) -> Condition | None:
    expect_keys(data, {"not"}, path, context)
    inner = compile_part(data["not"], (*path, "not"), context, scope)
    if inner is None:
        return None
    negated = inner.evaluate

    def evaluate(env: Env) -> Evidence:
        return negate(negated(env))

    plain = frozenset(None if truth is None else not truth for truth in inner.plain)
    return Condition(evaluate, Negation(inner.truth), plain)


def _all(parts: tuple[Evaluate, ...]) -> Evaluate:
    """All parts evaluated (every false part is evidence), unrolled into generated source:
    a plainly true result needs no merging."""
    calls = [f"    e{index} = part{index}(env)" for index in range(len(parts))]
    results = ", ".join(f"e{index}" for index in range(len(parts)))
    plainly_true = " and ".join(f"e{index} is TRUE" for index in range(len(parts)))
    source = "\n".join(
        [
            "def evaluate(env):",
            *calls,
            f"    if {plainly_true}:",
            "        return TRUE",
            f"    return by_truth(({results},))",
        ]
    )
    namespace: dict[str, Any] = {f"part{index}": part for index, part in enumerate(parts)}
    namespace.update(TRUE=TRUE, by_truth=_all_by_truth)
    evaluate: Evaluate = define(source, "<all>", "evaluate", namespace)
    return evaluate


def _all_by_truth(results: tuple[Evidence, ...]) -> Evidence:
    """Kleene `and`: false if a part is false, else unknown if one is, else true; with the
    evidence of the parts that decide it."""
    false_parts: list[Evidence] = []
    unknown_parts: list[Evidence] = []
    for evidence in results:
        truth = evidence.truth
        if truth is False:
            false_parts.append(evidence)
        elif truth is None:
            unknown_parts.append(evidence)
    if false_parts:
        return merge(False, false_parts, latest=True)
    if unknown_parts:
        return merge(None, unknown_parts, latest=True)
    return merge(True, list(results), latest=True)


def _any(parts: tuple[Evaluate, ...]) -> Evaluate:
    def evaluate(env: Env) -> Evidence:
        false_parts: list[Evidence] = []
        unknown_parts: list[Evidence] = []
        for part in parts:
            evidence = part(env)
            truth = evidence.truth
            if truth is True:
                return evidence
            if truth is False:
                false_parts.append(evidence)
            else:
                unknown_parts.append(evidence)
        if not unknown_parts and all(evidence is FALSE for evidence in false_parts):
            return FALSE  # every part plainly false: nothing to merge
        return any_of(false_parts, unknown_parts)

    return evaluate
