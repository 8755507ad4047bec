"""Quantifiers over a collection of records: `{every: C, where: W, check: K}`,
`{some: C, where: W}`, `{none: C, where: W}`. Inside one the item's facts (`adult.*`) may be
named; `where` is optional. A collection the case did not record makes them unknown."""

from collections.abc import Mapping
from typing import Any

from engine.conditions.context import CompileContext, CompilePart, Condition, expect_keys
from engine.conditions.quantified import every_evidence, some_or_none_evidence
from engine.conditions.truth import Every, SomeOrNone
from engine.errors import did_you_mean
from engine.evidence import Bound, Env, Evaluate, Evidence
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
    outer = {key: value for key, value in scope.items() if key != item}
    if form != "every":
        some = form == "some"
        return Condition(
            _some_or_none(some, name)
            if where is None
            else some_or_none_evidence(some, name, item, where, outer),
            SomeOrNone(some, name, item, None if where is None else where.truth),
            _NEVER_PLAIN,
        )
    if "check" not in data:
        context.problem(path, "`every` needs a `check` condition")
        return None
    check = compile_part(data["check"], (*path, "check"), context, inner_scope)
    if check is None:
        return None
    return Condition(
        every_evidence(name, item, where, check, outer),
        Every(name, item, None if where is None else where.truth, check.truth),
        _NEVER_PLAIN,
    )


_NEVER_PLAIN: frozenset[bool | None] = frozenset()
"""A quantifier's evidence names the records it rests on."""


def _some_or_none(want_some: bool, collection: str) -> Evaluate:
    """`some` or `none` with no `where`: decided by whether there are records."""
    unrecorded = Evidence(None, (), (collection,))

    def evaluate(env: Env) -> Evidence:
        records = env.facts.collections[collection]
        if records is None:
            return unrecorded
        if records:
            return Evidence(want_some, tuple([Bound(collection, record) for record in records]))
        return Evidence(not want_some, ())

    return evaluate
