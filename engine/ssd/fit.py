"""Fit an assembled case to the case model in force: drop the fields it does not define yet.

The importer assembles what the extract supplies; a field the model does not (yet) have is
left out rather than refused, so the case still validates and the field's data waits for it.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel

from models.case import Case, Child, CpPlan, Risk

_NESTED: dict[tuple[type[BaseModel], str], type[BaseModel]] = {
    (Case, "children"): Child,
    (Case, "risks"): Risk,
    (Child, "cp_plans"): CpPlan,
}


def fit(data: dict[str, Any], model: type[BaseModel] = Case) -> dict[str, Any]:
    fitted: dict[str, Any] = {}
    for name, value in data.items():
        if name not in model.model_fields:
            continue
        inner = _NESTED.get((model, name))
        fitted[name] = [fit(item, inner) for item in value] if inner is not None else value
    return fitted
