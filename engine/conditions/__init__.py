"""The condition language: checked once against the fact vocabulary, compiled to closures
(the evaluation with evidence) and to generated source (the truth alone, `truth`).

A condition is one of:
- `{all: [...]}`, `{any: [...]}`, `{not: ...}` (`combinators`);
- a comparison `{fact: NAME, op: OP, value: V}` or `{fact: NAME, op: OP, param: P}`, or for a
  yes/no fact `{fact: NAME, is: true}`; unary ops (`known`, `empty`, `not_empty`) take no
  operand (`comparisons`, `operands`);
- a quantifier over a collection: `{every: adults, where: C, check: C}`,
  `{some: adults, where: C}`, `{none: adults, where: C}`; inside it the item's facts
  (`adult.*`) may be named. `where` is optional (`quantifiers`).

Each form compiles to a closure specialised for it (the fact, the operator, the operand kind
and whether the fact is the case's or a record's are fixed at load), so evaluating a rule runs
no interpretation of the YAML.
"""

from collections.abc import Mapping
from typing import Any

from engine.conditions.combinators import compile_combination, compile_negation
from engine.conditions.comparisons import compile_comparison
from engine.conditions.context import CompileContext, Condition
from engine.conditions.quantifiers import compile_quantifier
from engine.errors import did_you_mean
from engine.yaml_source import YamlPath

__all__ = ["CompileContext", "Condition", "compile_condition"]

_FORMS = ("all", "any", "not", "fact", "every", "some", "none")


def compile_condition(
    data: Any, path: YamlPath, context: CompileContext, scope: Mapping[str, str]
) -> Condition | None:
    """Compile `data` found at `path`; `scope` maps bound item names to their collections.
    Returns None after recording problems in `context`."""
    if not isinstance(data, dict):
        context.problem(path, f"a condition is a mapping with one of: {', '.join(_FORMS)}")
        return None
    forms = [form for form in _FORMS if form in data]
    if len(forms) != 1:
        unknown = next((key for key in data if key not in _FORMS), None)
        hint = did_you_mean(unknown, _FORMS) if unknown else None
        context.problem(path, f"a condition takes exactly one of: {', '.join(_FORMS)}", hint)
        return None
    form = forms[0]
    if form in ("all", "any"):
        return compile_combination(form, data, path, context, scope, compile_condition)
    if form == "not":
        return compile_negation(data, path, context, scope, compile_condition)
    if form == "fact":
        return compile_comparison(data, path, context, scope)
    return compile_quantifier(form, data, path, context, scope, compile_condition)
