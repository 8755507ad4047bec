"""The FastAPI application: `create_app()` builds it from settings (uvicorn `--factory`).

Routers are listed in `ROUTERS`; a feature adds its router there (or passes `routers=`).
"""

import gc
import os
from collections.abc import AsyncIterator, Callable, Sequence
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from importlib.metadata import PackageNotFoundError, version
from typing import Any

import structlog
from anyio import to_thread
from fastapi import APIRouter, FastAPI
from pydantic import BaseModel

from api.cli.exit_codes import ExitCode
from api.http.admission import AdmissionMiddleware
from api.http.bodies import BodyReaders
from api.http.docs import router as docs_router
from api.http.key_cache import KeyCache
from api.http.middleware import RequestContextMiddleware
from api.http.problems import errors_as_problem_json, install_problem_handlers
from api.http.routes import assessments, audits, evaluations, health, imports, keys, rules, schema
from api.http.throttle import FailedAuthThrottle
from api.logging import configure_logging
from api.pages import router as pages_router
from api.pages.render import install_page_handlers
from api.persistence import migrate
from api.persistence.db import make_engine
from api.settings import Limits, Settings, SettingsError
from engine import ENGINE_VERSION, RuleLoadError, load_ruleset
from models.api_keys import ApiKeyCreate
from models.case import Case

ROUTERS: list[APIRouter] = [
    health.router,
    assessments.router,
    evaluations.router,
    rules.router,
    schema.router,
    audits.router,
    imports.router,
    keys.router,
    pages_router,
]

DESCRIPTION = """\
Checks whether a child protection case is ready to be de-planned, against rules drawn from a
repeat-plan audit. A case system sends a family's case before a review conference and gets
the findings back; every assessment is kept, append-only, with the rule set that made it.

Authenticate with an API key from `deplan keys create`: `Authorization: Bearer <key>`.
Errors are RFC 9457 problem details (`application/problem+json`).
"""

BODY_MODELS: tuple[type[BaseModel], ...] = (Case, ApiKeyCreate)
log = structlog.get_logger("deplan.api")


def create_app(
    settings: Settings | None = None, *, routers: Sequence[APIRouter] | None = None
) -> FastAPI:
    """The service: `build_app()` connected to the database (which must be at the
    migrations' head) and the rules. Raises `migrate.DatabaseNotReadyError` or
    `engine.RuleLoadError`."""
    settings = settings or Settings.from_env()
    db_engine = make_engine(settings)
    try:
        migrate.require_head(db_engine, upgrade_embedded=False)
        ruleset = load_ruleset(overlay=settings.rules)
    except Exception:
        db_engine.dispose()
        raise

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        # Blocking work (rules, database) runs on as many threads as the pool has connections.
        to_thread.current_default_thread_limiter().total_tokens = settings.limits.threads
        log.info(
            "started",
            database=settings.url.get_backend_name(),
            ruleset_version=ruleset.version,
            ruleset_hash=ruleset.content_hash,
            store_cases=settings.store_cases,
        )
        yield
        db_engine.dispose()

    app = build_app(routers=routers, lifespan=lifespan, limits=settings.limits)
    app.state.settings = settings
    app.state.db_engine = db_engine
    app.state.key_cache = KeyCache(settings.limits.key_cache_seconds)
    app.state.auth_throttle = FailedAuthThrottle(settings.limits.failed_auth_per_minute)
    app.state.body_readers = BodyReaders(settings.limits.max_bodies_per_key)
    app.state.ruleset = ruleset
    return app


def build_app(
    *,
    routers: Sequence[APIRouter] | None = None,
    lifespan: Callable[[FastAPI], AbstractAsyncContextManager[None]] | None = None,
    limits: Limits | None = None,
) -> FastAPI:
    """Routes, middleware, error handling and the OpenAPI document, with no database or
    rules attached (enough to serve `/openapi.json`). Routers' own lifespans run inside
    `lifespan`."""
    app = FastAPI(
        title="deplan",
        version=_package_version(),
        summary="Is this child protection case ready to be de-planned?",
        description=DESCRIPTION,
        lifespan=lifespan,
        # One schema per model: the case is read back (GET .../case) exactly as it is sent.
        separate_input_output_schemas=False,
        # Served by `api.http.docs` from the app's own files, not FastAPI's CDN pages.
        docs_url=None,
        redoc_url=None,
    )
    install_problem_handlers(app)
    install_page_handlers(app)
    # The last added runs first: every request gets its id and log line, admitted or not.
    app.add_middleware(AdmissionMiddleware, max_in_flight=(limits or Limits()).max_in_flight)
    app.add_middleware(RequestContextMiddleware)
    for router in ROUTERS if routers is None else routers:
        app.include_router(router)
    app.include_router(docs_router)
    _problem_json_openapi(app)
    return app


def _problem_json_openapi(app: FastAPI) -> None:
    build = app.openapi

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            schema = errors_as_problem_json(build())
            for model in BODY_MODELS:
                _add_body_schema(schema, model)
            schema["info"]["x-engine-version"] = ENGINE_VERSION
            app.openapi_schema = schema
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]


def _add_body_schema(schema: dict[str, Any], model: type[BaseModel]) -> None:
    """Bodies read by a dependency (bounded, strict JSON) are not listed by FastAPI; the
    routes refer to `#/components/schemas/<Model>`."""
    body = model.model_json_schema(ref_template="#/components/schemas/{model}")
    components = schema.setdefault("components", {}).setdefault("schemas", {})
    for name, definition in body.pop("$defs", {}).items():
        components.setdefault(name, definition)
    # An `$id` would rebase the `$ref`s inside it away from this document.
    body.pop("$id", None)
    components[model.__name__] = body


def _package_version() -> str:
    try:
        return version("deplan")
    except PackageNotFoundError:  # pragma: no cover - running from a bare checkout
        return "0.0.0"


def serve_app() -> FastAPI:
    """Entry point for uvicorn workers (`deplan serve`): logging first, then the app."""
    try:
        settings = Settings.from_env()
    except SettingsError as error:
        configure_logging("info")
        log.error("startup_failed", reason=str(error))
        raise SystemExit(ExitCode.SETTINGS_INVALID) from error
    configure_logging(settings.log_level)
    # Everything this process creates (database, uploads, audit outputs) is owner-only.
    os.umask(0o077)
    try:
        app = create_app(settings)
    except (migrate.DatabaseNotReadyError, RuleLoadError) as error:
        # Our own messages (paths, revisions, rule files): no case data.
        log.error("startup_failed", reason=str(error))
        if isinstance(error, RuleLoadError):
            raise SystemExit(ExitCode.RULES_INVALID) from error
        raise SystemExit(ExitCode.STORE_ERROR) from error
    # The app, its rules and its libraries live as long as the process: kept out of the
    # collector's full passes, which would otherwise walk all of them (about 150k objects,
    # 100-160 ms under load) every few thousand requests.
    gc.collect()
    gc.freeze()
    return app
