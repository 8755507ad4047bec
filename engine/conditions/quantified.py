"""The evidence of a quantifier over records, by generated source.

Each record's `where` and `check` truths are written inline (`truth`), so a record that
passes costs no call; only a record whose evidence can name more than itself (a failing
check's first date, an unknown part's missing fields) evaluates that part with its evidence,
bound to the record in `env.bound` as nested conditions read it.
"""

from collections.abc import Callable, Mapping
from typing import Any

from engine.conditions.context import Condition
from engine.conditions.truth import Writer, function_writer
from engine.evidence import Bound, Env, Evaluate, Evidence, merge
from engine.generated import define

_RECORD = "record"


def every_evidence(
    collection: str, item: str, where: Condition | None, check: Condition, outer: Mapping[str, str]
) -> Evaluate:
    """`every`: false with the failing records, else unknown with the undecided ones, else
    true with the passing ones. `outer`: the items of enclosing quantifiers."""
    out, records = _start(collection, item, outer)
    if where is not None:
        where.truth.write(out, "selected", 2, records)
        out.line(2, "if selected is False:")
        out.line(3, "continue")
    check.truth.write(out, "checked", 2, records)
    fails = "checked is False" + ("" if where is None else " and selected is True")
    undecided_arguments = "None" if where is None else "selected"
    out.lines += [
        "        if checked is True:",
        "            passing.append(new(Bound, (COLLECTION, record)))",
        f"        elif {fails}:",
        "            failing.append(failed(env, record))",
        "        else:",
        f"            unknown.append(undecided(env, record, {undecided_arguments}, checked))",
        "    bound.pop(ITEM, None)",
        "    if failing:",
        "        return merge(False, failing, latest=True)",
        "    if unknown:",
        "        return merge(None, unknown, latest=True)",
        "    return new(Evidence, (True, tuple(passing), (), None))",
    ]
    out.namespace.update(
        failed=_failed(collection, item, check),
        undecided=_undecided(collection, item, where, check),
    )
    evaluate: Evaluate = define("\n".join(out.lines) + "\n", "<every>", "evaluate", out.namespace)
    return evaluate


def some_or_none_evidence(
    some: bool, collection: str, item: str, where: Condition, outer: Mapping[str, str]
) -> Evaluate:
    """`some` true (`none` false) with the selected records, else unknown with the undecided
    ones, else the opposite with every record."""
    out, records = _start(collection, item, outer)
    where.truth.write(out, "selected", 2, records)
    out.lines += [
        "        if selected is True:",
        "            passing.append(new(Bound, (COLLECTION, record)))",
        "        elif selected is None:",
        "            unknown.append(undecided(env, record, None, None))",
        "    bound.pop(ITEM, None)",
        "    if passing:",
        f"        return new(Evidence, ({some}, tuple(passing), (), None))",
        "    if unknown:",
        "        return merge(None, unknown, latest=True)",
        "    every_record = tuple([new(Bound, (COLLECTION, record)) for record in records])",
        f"    return new(Evidence, ({not some}, every_record, (), None))",
    ]
    out.namespace["undecided"] = _undecided(collection, item, None, where)
    evaluate: Evaluate = define("\n".join(out.lines) + "\n", "<some>", "evaluate", out.namespace)
    return evaluate


def _start(collection: str, item: str, outer: Mapping[str, str]) -> tuple[Writer, dict[str, str]]:
    """`def evaluate(env):` up to the loop over the records; and the local naming each
    item's record (those of enclosing quantifiers are read from `env.bound`)."""
    out = function_writer("evaluate")
    out.line(1, "bound = env.bound")
    records = {}
    for index, outer_item in enumerate(outer):
        records[outer_item] = f"outer{index}"
        out.line(1, f"outer{index} = bound[{out.value('OUTER', index, outer_item)}]")
    records[item] = _RECORD
    out.lines += [
        "    records = collections[COLLECTION]",
        "    if records is None:",
        "        return UNRECORDED",
        "    passing = []",
        "    failing = []",
        "    unknown = []",
        "    for record in records:",
    ]
    out.namespace.update(
        COLLECTION=collection,
        ITEM=item,
        UNRECORDED=Evidence(None, (), (collection,)),
        Bound=Bound,
        Evidence=Evidence,
        new=tuple.__new__,  # a named tuple made without its `__new__`'s Python call
        merge=merge,
    )
    return out, records


def _failed(collection: str, item: str, check: Condition) -> Callable[[Env, Any], Evidence]:
    """A failing record's evidence: with the first date its check could pass, if any."""
    dated = False not in check.plain
    evaluate = check.evaluate

    def failed(env: Env, record: Any) -> Evidence:
        earliest = None
        if dated:
            env.bound[item] = record
            earliest = evaluate(env).earliest
        return Evidence(False, (Bound(collection, record),), (), earliest)

    return failed


def _undecided(
    collection: str, item: str, where: Condition | None, check: Condition
) -> Callable[[Env, Any, bool | None, bool | None], Evidence]:
    """An undecided record's evidence: with the missing fields of its unknown parts (`where`
    then `check`). With no `where`, `check` is called with the truth None."""
    parts = [(where, 0), (check, 1)] if where is not None else [(check, 1)]
    named = [(part.evaluate, index) for part, index in parts if None not in part.plain]

    def undecided(env: Env, record: Any, selected: bool | None, checked: bool | None) -> Evidence:
        truths = (selected, checked)
        missing: tuple[str, ...] = ()
        for evaluate, index in named:
            if truths[index] is None:
                env.bound[item] = record
                missing += evaluate(env).missing
        return Evidence(None, (Bound(collection, record),), missing)

    return undecided
