"""Quantifiers over a collection of records: `{every: C, where: W, check: K}`,
`{some: C, where: W}`, `{none: C, where: W}`. Inside one the item's facts (`adult.*`) may be
named; `where` is optional. A collection the case did not record makes them unknown."""

from collections.abc import Mapping
from typing import Any

from engine.conditions.context import CompileContext, CompilePart, Condition, expect_keys
from engine.conditions.truth import Every, SomeOrNone
from engine.errors import did_you_mean
from engine.evidence import Bound, Env, Evaluate, Evidence, merge
from engine.facts import COLLECTION_BY_NAME, RECORD_FACTS
from engine.yaml_source import YamlPath


def compile_quantifier(
    form: str,
    data: dict[str, Any],
    path: YamlPath,
    context: CompileContext,
    scope: Mapping[str, str],
    compile_part: CompilePart,
) -> Condition | None:
    allowed = {form, "where", "check"} if form == "every" else {form, "where"}
    expect_keys(data, allowed, path, context)
    collection_name = data[form]
    collection = (
        COLLECTION_BY_NAME.get(collection_name) if isinstance(collection_name, str) else None
    )
    if collection is None:
        context.problem(
            (*path, form),
            f"unknown collection {collection_name!r}",
            did_you_mean(str(collection_name), RECORD_FACTS),
        )
        return None
    context.collections_used[collection.name] = None
    if collection.optional:
        context.may_be_unknown = True
    inner_scope = {**scope, collection.item: collection.name}
    where = (
        compile_part(data["where"], (*path, "where"), context, inner_scope)
        if "where" in data
        else None
    )
    if "where" in data and where is None:
        return None
    name, item = collection.name, collection.item
    where_evaluate, where_truth = (None, None) if where is None else (where.evaluate, where.truth)
    if form != "every":
        some = form == "some"
        return Condition(
            _some_or_none(some, name, item, where_evaluate),
            SomeOrNone(some, name, item, where_truth),
            _NEVER_PLAIN,
        )
    if "check" not in data:
        context.problem(path, "`every` needs a `check` condition")
        return None
    check = compile_part(data["check"], (*path, "check"), context, inner_scope)
    if check is None:
        return None
    return Condition(
        _every(name, item, where_evaluate, check.evaluate),
        Every(name, item, where_truth, check.truth),
        _NEVER_PLAIN,
    )


_NEVER_PLAIN: frozenset[bool | None] = frozenset()
"""A quantifier's evidence names the records it rests on."""


def _unrecorded(collection: str) -> Evidence:
    return Evidence(None, (), (collection,))


def _every(collection: str, item: str, where: Evaluate | None, check: Evaluate) -> Evaluate:
    unrecorded = _unrecorded(collection)

    def evaluate(env: Env) -> Evidence:
        records = env.facts.collections[collection]
        if records is None:
            return unrecorded
        bound = env.bound
        passing: list[Bound] = []
        failing: list[Evidence] = []
        unknown: list[Evidence] = []
        for record in records:
            bound[item] = record
            if where is None:
                selected_truth: bool | None = True
                selected_missing: tuple[str, ...] = ()
            else:
                selected = where(env)
                selected_truth = selected.truth
                if selected_truth is False:
                    continue
                selected_missing = selected.missing
            result = check(env)
            truth = result.truth
            if truth is True:
                # Passing whether or not it is selected (Kleene): shown as evidence either way.
                passing.append(Bound(collection, record))
            elif selected_truth is True and truth is False:
                failing.append(Evidence(False, (Bound(collection, record),), (), result.earliest))
            else:
                unknown.append(
                    Evidence(None, (Bound(collection, record),), selected_missing + result.missing)
                )
        bound.pop(item, None)
        if failing:
            return merge(False, failing, latest=True)
        if unknown:
            return merge(None, unknown, latest=True)
        return Evidence(True, tuple(passing))

    return evaluate


def _some_or_none(want_some: bool, collection: str, item: str, where: Evaluate | None) -> Evaluate:
    unrecorded = _unrecorded(collection)

    def evaluate(env: Env) -> Evidence:
        records = env.facts.collections[collection]
        if records is None:
            return unrecorded
        if where is None:
            if records:
                return Evidence(want_some, tuple([Bound(collection, record) for record in records]))
            return Evidence(not want_some, ())
        bound = env.bound
        matching: list[Bound] = []
        unknown: list[Evidence] = []
        for record in records:
            bound[item] = record
            selected = where(env)
            truth = selected.truth
            if truth is True:
                matching.append(Bound(collection, record))
            elif truth is None:
                unknown.append(Evidence(None, (Bound(collection, record),), selected.missing))
        bound.pop(item, None)
        if matching:
            return Evidence(want_some, tuple(matching))
        if unknown:
            return merge(None, unknown, latest=True)
        return Evidence(not want_some, tuple([Bound(collection, record) for record in records]))

    return evaluate
