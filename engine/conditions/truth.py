"""A condition's truth alone, written as statements of a rule's generated decision.

Deciding an outcome needs only each condition's three-valued truth, not the records, missing
fields and dates its evidence names: so a rule's `applies_when` and `requires` are written
out, inlined, as one function (`engine.decision`) that reads the facts into local variables,
stops at the first part that settles an `all` (false) or an `any` (true) and at the first
record that settles a quantifier, and makes no evidence. The evidence is gathered afterwards,
and only for the outcomes whose evidence can name something (`Condition.plain`).

Each node writes fixed text: the names of its values (`NAME3`, `EXPECTED3`, ...) are numbered
by node and the values passed in the function's globals, as everywhere in generated source
(`engine.generated`).
"""

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Protocol

from engine.values import UNKNOWN

_INDENT = "    "


@dataclass(slots=True)
class Writer:
    """The lines of a generated function being written, and the globals they name."""

    lines: list[str] = field(default_factory=list)
    namespace: dict[str, Any] = field(default_factory=dict)
    count: int = 0

    def number(self) -> int:
        self.count += 1
        return self.count

    def line(self, depth: int, text: str) -> None:
        self.lines.append(_INDENT * depth + text)

    def value(self, name: str, number: int, value: Any) -> str:
        """The global `name` + `number`, holding `value`."""
        numbered = f"{name}{number}"
        self.namespace[numbered] = value
        return numbered


def function_writer(name: str) -> Writer:
    """The start of `def name(env):` with the locals that truth code reads."""
    return Writer(
        lines=[
            f"def {name}(env):",
            "    facts = env.facts",
            "    case = facts.case",
            "    collections = facts.collections",
            "    parameters = env.parameters",
        ],
        namespace={"UNKNOWN": UNKNOWN},
    )


class TruthCode(Protocol):
    def write(self, out: Writer, target: str, depth: int, records: Mapping[str, str]) -> None:
        """Statements at `depth` setting the local `target` to the truth (True, False or
        None); `records` names the local holding each item bound by an enclosing quantifier."""


@dataclass(frozen=True, slots=True)
class Comparison:
    item: str
    """`case`, or the item of a quantifier in scope (`adult`, ...)."""
    name: str
    test: str | None
    """A test of `value` with `{expected}` (from `comparisons`); None for `known`."""
    expected: str
    """`constant`, `parameter` or `other_fact`."""
    operand: Any

    def write(self, out: Writer, target: str, depth: int, records: Mapping[str, str]) -> None:
        number = out.number()
        source = "case" if self.item == "case" else records[self.item]
        name = out.value("NAME", number, self.name)
        if self.test is None:
            out.line(depth, f"{target} = {source}[{name}] is not UNKNOWN")
            return
        if self.expected == "parameter":
            expected = f"parameters[{out.value('PARAMETER', number, self.operand)}]"
        elif self.expected == "other_fact":
            expected = f"case[{out.value('OTHER', number, self.operand)}]"
        else:
            expected = out.value("EXPECTED", number, self.operand)
        out.line(depth, f"value = {source}[{name}]")
        out.line(depth, "if value is UNKNOWN:")
        out.line(depth + 1, f"{target} = None")
        out.line(depth, f"elif {self.test.format(expected=expected)}:")
        out.line(depth + 1, f"{target} = True")
        out.line(depth, "else:")
        out.line(depth + 1, f"{target} = False")


@dataclass(frozen=True, slots=True)
class Combination:
    """Kleene's `all` (settled by a false part) or `any` (settled by a true part)."""

    settled_by: bool
    parts: tuple[TruthCode, ...]

    def write(self, out: Writer, target: str, depth: int, records: Mapping[str, str]) -> None:
        number = out.number()
        parts = [f"part{number}_{index}" for index in range(len(self.parts))]
        for part, local in zip(self.parts, parts, strict=True):
            part.write(out, local, depth, records)
            out.line(depth, f"if {local} is {self.settled_by}:")
            out.line(depth + 1, f"{target} = {self.settled_by}")
            out.line(depth, "else:")
            depth += 1
        unknown = " or ".join(f"{local} is None" for local in parts)
        out.line(depth, f"{target} = None if {unknown} else {not self.settled_by}")


@dataclass(frozen=True, slots=True)
class Negation:
    part: TruthCode

    def write(self, out: Writer, target: str, depth: int, records: Mapping[str, str]) -> None:
        local = f"negated{out.number()}"
        self.part.write(out, local, depth, records)
        out.line(depth, f"{target} = None if {local} is None else not {local}")


@dataclass(frozen=True, slots=True)
class Every:
    """True when every selected record passes the check; settled by one that fails."""

    collection: str
    item: str
    where: TruthCode | None
    check: TruthCode

    def write(self, out: Writer, target: str, depth: int, records: Mapping[str, str]) -> None:
        number = out.number()
        record, selected, checked = f"record{number}", f"selected{number}", f"checked{number}"
        inner = {**records, self.item: record}
        _records_or_unknown(out, number, self.collection, target, depth)
        out.line(depth + 1, f"{target} = True")
        out.line(depth + 1, f"for {record} in records{number}:")
        body = depth + 2
        if self.where is not None:
            self.where.write(out, selected, body, inner)
            out.line(body, f"if {selected} is False:")
            out.line(body + 1, "continue")
        self.check.write(out, checked, body, inner)
        out.line(body, f"if {checked} is True:")
        out.line(body + 1, "continue")
        fails = f"{checked} is False" + ("" if self.where is None else f" and {selected} is True")
        out.line(body, f"if {fails}:")
        out.line(body + 1, f"{target} = False")
        out.line(body + 1, "break")
        out.line(body, f"{target} = None")


@dataclass(frozen=True, slots=True)
class SomeOrNone:
    """`some` (true when a record is selected) or `none` (false when one is)."""

    some: bool
    collection: str
    item: str
    where: TruthCode | None

    def write(self, out: Writer, target: str, depth: int, records: Mapping[str, str]) -> None:
        number = out.number()
        _records_or_unknown(out, number, self.collection, target, depth)
        if self.where is None:
            out.line(depth + 1, f"{target} = {self.some} if records{number} else {not self.some}")
            return
        record, found = f"record{number}", f"found{number}"
        out.line(depth + 1, f"{target} = {not self.some}")
        out.line(depth + 1, f"for {record} in records{number}:")
        body = depth + 2
        self.where.write(out, found, body, {**records, self.item: record})
        out.line(body, f"if {found} is True:")
        out.line(body + 1, f"{target} = {self.some}")
        out.line(body + 1, "break")
        out.line(body, f"if {found} is None:")
        out.line(body + 1, f"{target} = None")


def _records_or_unknown(out: Writer, number: int, collection: str, target: str, depth: int) -> None:
    """`records<n>`, the collection's records; the target unknown if it was not recorded.
    Leaves an `else:` open at `depth + 1`."""
    name = out.value("COLLECTION", number, collection)
    out.line(depth, f"records{number} = collections[{name}]")
    out.line(depth, f"if records{number} is None:")
    out.line(depth + 1, f"{target} = None")
    out.line(depth, "else:")
