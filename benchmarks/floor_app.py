"""The HTTP floor: what any endpoint taking a case and answering deplan's answer costs.

`POST /v1/evaluations` here reads the body, validates it strictly with the same `Case` model
and the same `parse_case` deplan uses, and answers with deplan's assessment of that case,
serialised once at start-up: the same bytes, so the same size, as deplan's answer (the
benchmark checks they are equal). It does no key check, no database work, no logging and
no assessing: what is left is the framework, the server, reading and validating the body
and writing the response. The answers are made at start-up from the bodies the load
generator will post (`BENCH_BODIES`, a JSON Lines file), keyed by case reference; a case
the floor was not given is a 404.

`POST /v1/engine` (a diagnostic, not a target) validates the same way, assesses the case
and serialises the `Assessment` once: the engine's work with no key, database or
middleware. The difference between it and deplan's `/v1/evaluations` is what the service
adds around the engine.

Both are `async`, so no request waits for a thread-pool hop. The app is served by uvicorn
with the settings `deplan serve` uses (factory, a listener with TCP_NODELAY, no access log,
no server header, the same log level and worker count).

    BENCH_BODIES=bodies.jsonl python -m benchmarks.floor_app --port 8100 --workers 2
"""

from __future__ import annotations

import argparse
import os
from pathlib import Path

import uvicorn
from fastapi import FastAPI, Request, Response
from pydantic import ValidationError

from api.cli.serve import listening_socket
from engine import load_ruleset
from models.case import Case, parse_case

JSON = "application/json"


def _answers(bodies: Path) -> dict[str, bytes]:
    """deplan's assessment JSON of each case in `bodies`, by case reference."""
    ruleset = load_ruleset()
    answers: dict[str, bytes] = {}
    for line in bodies.read_bytes().splitlines():
        if not line.strip():
            continue
        case = parse_case(line)
        if case.case_ref in answers:
            raise ValueError(f"{bodies}: case reference {case.case_ref} appears twice")
        answers[case.case_ref] = ruleset.assess(case, source=line).model_dump_json().encode()
    return answers


def _invalid(error: ValidationError) -> Response:
    return Response(
        content=f'{{"status":422,"errors":{error.error_count()}}}',
        status_code=422,
        media_type="application/problem+json",
    )


async def _case(request: Request) -> tuple[Case, bytes]:
    body = await request.body()
    return parse_case(body), body


def create_app() -> FastAPI:
    app = FastAPI(title="deplan benchmark floor")
    ruleset = load_ruleset()
    bodies = os.environ.get("BENCH_BODIES")
    answers = _answers(Path(bodies)) if bodies else {}

    @app.get("/healthz")
    async def healthz() -> dict[str, str]:
        return {"status": "ok"}

    @app.post("/v1/evaluations")
    async def floor(request: Request) -> Response:
        try:
            case, _body = await _case(request)
        except ValidationError as error:
            return _invalid(error)
        answer = answers.get(case.case_ref)
        if answer is None:
            return Response(status_code=404)
        return Response(content=answer, media_type=JSON)

    @app.post("/v1/engine")
    async def engine_only(request: Request) -> Response:
        try:
            case, body = await _case(request)
        except ValidationError as error:
            return _invalid(error)
        return Response(
            content=ruleset.assess(case, source=body).model_dump_json(), media_type=JSON
        )

    return app


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8100)
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument("--log-level", default="info")
    args = parser.parse_args(argv)
    listener = listening_socket(args.host, args.port)
    uvicorn.run(
        "benchmarks.floor_app:create_app",
        factory=True,
        fd=listener.fileno(),
        workers=args.workers,
        log_config=None,
        log_level=args.log_level,
        access_log=False,
        server_header=False,
    )


if __name__ == "__main__":
    main()
