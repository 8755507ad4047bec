"""Schemathesis against the app: every operation, every default check, authenticated.

The schema comes from `build_app()` (the OpenAPI document needs no database); requests go to
the running test's app, connected to a fresh database (SQLite, and PostgreSQL when set).
"""

from collections.abc import Callable, Iterator
from typing import Any

import pytest
import schemathesis
from fastapi import FastAPI
from hypothesis import HealthCheck, settings
from requests.structures import CaseInsensitiveDict
from schemathesis.checks import negative_data_rejection
from schemathesis.config import SchemathesisConfig
from starlette.types import Receive, Scope, Send

from api.http.app import build_app
from models.api_keys import Scope as KeyScope

# The case schema cannot say that references resolve (an intervention's risk is one of the
# case's risks), that refs are unique or that a done action has its date: a schema-valid case
# can still be unprocessable, and 422 is the right answer for it. A generated Idempotency-Key
# repeats with another body: 409 is right for that. Nothing else is relaxed.
CONFIG = """
[[operations]]
include-name-regex = "^POST /v1/(assessments|evaluations)$"
checks.positive_data_acceptance.expected-statuses = ["2xx", "401", "403", "404", "409", "422"]

# An upload may not be empty (the schema calls it a string); a key has a quota of waiting
# audits (429); a repeated Idempotency-Key with another upload is a conflict.
[[operations]]
include-name = "POST /v1/audits"
checks.positive_data_acceptance.expected-statuses = ["2xx", "401", "403", "404", "409", "422", "429"]

# Key names are unique: generated names repeat, and a repeated name is a conflict.
[[operations]]
include-name = "POST /v1/keys"
checks.positive_data_acceptance.expected-statuses = ["2xx", "401", "403", "404", "409", "422"]

# Schema-valid files need not be an SSD extract: 422; a key has a quota of waiting audits (429).
[[operations]]
include-name = "POST /v1/imports/ssd"
checks.positive_data_acceptance.expected-statuses = ["2xx", "401", "403", "404", "422", "429"]
"""


class AppUnderTest:
    """An ASGI app forwarding to the current test's app, with its API key."""

    def __init__(self) -> None:
        self.app: FastAPI | None = None
        self.key: str | None = None

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        assert self.app is not None, "no app under test"
        await self.app(scope, receive, send)


APP = AppUnderTest()
# Job uploads are JSON Lines; the schema calls the body a string.
schemathesis.serializer.alias("application/x-ndjson", "text/plain")
# An SSD extract may come as one zip: bytes, like any binary upload.
schemathesis.serializer.alias("application/zip", "application/octet-stream")
schema = schemathesis.openapi.from_dict(
    build_app().openapi(), config=SchemathesisConfig.from_str(CONFIG)
)
schema.app = APP


@schema.auth(refresh_interval=None)
class CurrentKey:
    def get(self, _case: schemathesis.Case[Any], _ctx: Any) -> str | None:
        return APP.key

    def set(self, case: schemathesis.Case[Any], data: str, _ctx: Any) -> None:
        headers: dict[str, Any] = dict(case.headers or {})
        case.headers = CaseInsensitiveDict({**headers, "Authorization": data})


@pytest.fixture
def app_under_test(
    limited_app: Callable[..., FastAPI], make_key: Callable[..., str]
) -> Iterator[None]:
    # Uploads queue up (no runner without a lifespan): lift the per-key quota of waiting
    # audits, which would otherwise answer 429 to schema-valid requests.
    APP.app = limited_app(max_audit_jobs_per_key=10_000)
    APP.key = make_key(
        KeyScope.ASSESS, KeyScope.READ, KeyScope.AUDIT, KeyScope.ADMIN, name="schemathesis"
    )
    yield
    APP.app = APP.key = None


# An audit upload is validated line by line by the job, not at upload (it may hold millions of
# cases): lines that are not cases are reported in rejected.jsonl, so a 202 for a body that is
# not a case is correct there.
NOT_VALIDATED_AT_UPLOAD = {"POST /v1/audits"}


@schema.parametrize()
@settings(max_examples=50, deadline=None, suppress_health_check=list(HealthCheck))
@pytest.mark.usefixtures("app_under_test")
def test_api(case: schemathesis.Case[Any]) -> None:
    if f"{case.method} {case.path}" in NOT_VALIDATED_AT_UPLOAD:
        case.call_and_validate(excluded_checks=[negative_data_rejection])
    else:
        case.call_and_validate()
