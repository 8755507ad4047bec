"""Load a case: the chair uploads a case file and chooses the decision date; the case is
assessed and stored as any case system's would be (`store.add_assessment`). A file that
does not validate is answered with an error summary naming each field in plain words."""

import datetime as dt
import json
import re
from collections.abc import Mapping
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response
from pydantic import ValidationError
from sqlalchemy import Engine
from sqlmodel import Session
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile

from api.http.problems import describe_detail
from api.pages.render import FieldProblem, page, redirect
from api.pages.session import ChairDep, PostedForm
from api.persistence.chair_sessions import SignedIn
from api.persistence.db import write_lock
from api.persistence.keys import Client
from api.persistence.store import add_assessment
from engine import RuleSet
from engine.plain_words import code_words, describe, in_plain_words, listed, sentence
from models.api_keys import Scope
from models.case import EARLIEST_DATE, LATEST_DATE, Case, parse_case

router = APIRouter()
FILE_FIELD = "case-file"
DATE_FIELD = "as-of"
MAX_ERRORS_SHOWN = 20
_QUOTED = re.compile(r"'([^']*)'")
# Pydantic's messages where plainer words serve a chair better.
_PLAIN_MESSAGES = {
    "missing": "is missing",
    "bool_type": "must be true or false",
    "date_type": "must be a date written like 2024-05-09",
    "date_from_datetime_parsing": "must be a date written like 2024-05-09",
    "date_parsing": "must be a date written like 2024-05-09",
    "string_type": "must be text",
    "int_type": "must be a whole number",
    "list_type": "must be a list",
    "model_type": "must be a group of fields",
    "string_pattern_mismatch": "is not a valid reference (letters, digits and . _ : -)",
    "too_short": "needs at least one entry",
    "too_long": "has too many entries, or is too long",
}


def client_of(chair: SignedIn) -> Client:
    """The signed-in chair as the store records who asked: their key."""
    return Client(
        key_id=chair.key_id,
        name=chair.key_name,
        scopes=frozenset({Scope.CHAIR}),
        organisation=chair.organisation,
    )


@router.get("/cases/new")
async def new_case(request: Request, chair: ChairDep) -> HTMLResponse:
    return _form(request, chair)


@router.post("/cases/new")
async def load_case(request: Request, posted: PostedForm) -> Response:
    chair, form = posted.chair, posted.form
    upload = form.get("case_file")
    raw = await upload.read() if isinstance(upload, UploadFile) else b""
    as_of_text = form.get("as_of")
    as_of_text = as_of_text.strip() if isinstance(as_of_text, str) else ""
    problems: list[FieldProblem] = []
    as_of: dt.date | None = None
    if as_of_text:
        try:
            as_of = dt.date.fromisoformat(as_of_text)
        except ValueError:
            problems.append(
                FieldProblem(DATE_FIELD, "The decision date must be a real date, like 9 5 2024")
            )
        else:
            if not EARLIEST_DATE <= as_of <= LATEST_DATE:
                problems.append(
                    FieldProblem(DATE_FIELD, "The decision date must be between 1900 and 2100")
                )
                as_of = None
    case: Case | None = None
    if not raw.strip():
        problems.insert(0, FieldProblem(FILE_FIELD, "Choose a case file to load"))
    else:
        case, file_problems = _read_case(raw)
        problems[:0] = file_problems
    if problems or case is None:
        return _form(request, chair, problems, status=400, as_of=as_of_text)
    settings = request.app.state.settings
    assessment_id = await run_in_threadpool(
        _assess_and_store,
        request.app.state.engine,
        request.app.state.ruleset,
        case,
        as_of,
        client_of(chair),
        settings.store_cases,
    )
    request.state.case_ref = case.case_ref
    return redirect(f"/assessments/{assessment_id}")


def _read_case(raw: bytes) -> tuple[Case | None, list[FieldProblem]]:
    """The case, or what is wrong with the file: never its content."""
    try:
        data = json.loads(raw)
    except (ValueError, UnicodeDecodeError):
        return None, [FieldProblem(FILE_FIELD, "The file is not a case file: it is not JSON")]
    if not isinstance(data, dict):
        return None, [
            FieldProblem(
                FILE_FIELD, "The file is not a case file: it holds no case (a JSON object)"
            )
        ]
    try:
        return parse_case(raw), []
    except ValidationError as error:
        return None, field_problems(error, data)


def field_problems(error: ValidationError, data: Mapping[str, Any]) -> list[FieldProblem]:
    """Each field of the case that does not validate, in plain words, never its value:
    records are named by their references and codes only."""
    data = _references_only(data)
    problems = []
    details = error.errors(include_url=False, include_input=False)
    for detail in details[:MAX_ERRORS_SHOWN]:
        path, message = describe_detail(detail["loc"], detail["type"], detail["msg"])
        message = (
            _PLAIN_MESSAGES.get(detail["type"]) or _choices(detail) or in_plain_words(message, data)
        )
        where = "The case" if path == "(case)" else sentence(describe(path, data))
        problems.append(FieldProblem(FILE_FIELD, f"{where}: {message}"))
    if len(details) > MAX_ERRORS_SHOWN:
        more = len(details) - MAX_ERRORS_SHOWN
        problems.append(FieldProblem(FILE_FIELD, f"And {more} more problem(s) in the file"))
    return problems


def _choices(detail: Any) -> str | None:
    """An enum's error as the choices in words (the codes are ours, not the sender's)."""
    expected = detail.get("ctx", {}).get("expected") if detail["type"] == "enum" else None
    if not isinstance(expected, str):
        return None
    return "must be one of: " + listed(
        [code_words(code) for code in _QUOTED.findall(expected)], "or"
    )


def _references_only(data: Mapping[str, Any]) -> dict[str, Any]:
    """The case's collections with only what names a record (its reference, role or kind)."""
    kept = {"role", "kind", "provider_type"}
    skeleton: dict[str, Any] = {}
    for name, value in data.items():
        if isinstance(value, list):
            skeleton[name] = [
                {
                    key: (_references_only({"x": inner})["x"] if isinstance(inner, list) else inner)
                    for key, inner in item.items()
                    if key.endswith("_ref") or key in kept or isinstance(inner, list)
                }
                if isinstance(item, Mapping)
                else {}
                for item in value
            ]
    return skeleton


def _assess_and_store(
    engine: Engine,
    ruleset: RuleSet,
    case: Case,
    as_of: dt.date | None,
    client: Client,
    keep_case: bool,
) -> str:
    assessment = ruleset.assess(case, as_of)
    with Session(engine) as session:
        row = add_assessment(session, assessment, case, client, keep_case=keep_case)
        with write_lock(session.get_bind()):
            session.commit()
        return str(row.id)


def _form(
    request: Request,
    chair: SignedIn,
    problems: list[FieldProblem] | None = None,
    *,
    status: int = 200,
    as_of: str = "",
) -> HTMLResponse:
    limit = request.app.state.settings.limits.max_case_bytes
    return page(
        request,
        "chair/new_case.html",
        chair=chair,
        status=status,
        errors=problems or [],
        as_of=as_of,
        max_kilobytes=limit // 1000,
        file_field=FILE_FIELD,
        date_field=DATE_FIELD,
    )
