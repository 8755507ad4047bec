"""The HTTP floor: what any endpoint taking a case costs before it does anything.

`POST /v1/evaluations` here takes the same body as deplan's (the same `Case` model, the same
FastAPI body parameter, a sync endpoint run in the same thread pool) and returns a constant.
`POST /v1/engine` (a diagnostic, not a target) does the same and returns the engine's
`Assessment` as deplan does, with no key, database or middleware: the difference between it
and deplan's `/v1/evaluations` is what the service adds around the engine.
It is served by uvicorn with the settings `deplan serve` uses (factory, no access log, no
server header, the same log level and worker count), so deplan's endpoints are measured
against the cost of the framework, the server and the validation of the body alone.

    python -m benchmarks.floor_app --port 8100 --workers 2
"""

from __future__ import annotations

import argparse
from typing import Any

import uvicorn
from fastapi import FastAPI

from api.cli.serve import listening_socket
from api.evaluate import CaseBody, evaluate
from engine import load_ruleset
from models.assessment import Assessment

CONSTANT = {"status": "received"}


def create_app() -> FastAPI:
    app = FastAPI(title="deplan benchmark floor")
    ruleset = load_ruleset()

    @app.get("/healthz")
    def healthz() -> dict[str, str]:
        return {"status": "ok"}

    @app.post("/v1/evaluations")
    def floor(case: CaseBody) -> dict[str, Any]:
        return CONSTANT

    @app.post("/v1/engine")
    def engine_only(case: CaseBody) -> Assessment:
        return evaluate(ruleset, case, None)

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
