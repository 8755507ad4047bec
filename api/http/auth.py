"""Bearer API keys with scopes: 401 without a valid key, 403 without the scope.

    client: Annotated[Client, Security(authorised, scopes=[Scope.ASSESS])]

An empty scope list admits any valid key (reference data: rules, schema).
"""

from typing import Annotated

from fastapi import Depends, Request, Security
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer, SecurityScopes

from api.http.key_cache import KeyCache
from api.http.problems import ProblemError
from api.http.throttle import FailedAuthThrottle
from api.persistence.keys import Client
from models.api_keys import Scope

bearer = HTTPBearer(
    auto_error=False,
    scheme_name="ApiKey",
    bearerFormat="deplan API key",
    description="`Authorization: Bearer deplan_…`, a key from `deplan keys create`. Scopes: "
    "`assess` submits cases, `read` fetches stored assessments, `audit` runs re-audits, "
    "`admin` administers, `chair` signs in to the chair's pages (not the API); rules and "
    "schema need any valid key.",
)
CHALLENGE = {"WWW-Authenticate": 'Bearer realm="deplan"'}


async def authorised(
    security_scopes: SecurityScopes,
    request: Request,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)],
) -> Client:
    if credentials is None:
        raise ProblemError(
            401, "Send an API key: `Authorization: Bearer <key>`.", headers=CHALLENGE
        )
    throttle: FailedAuthThrottle = request.app.state.auth_throttle
    address = request.client.host if request.client else "unknown"
    wait = throttle.retry_after(address)
    if wait is not None:
        raise ProblemError(
            429,
            "Too many failed authentications from this address; try again later.",
            headers={"Retry-After": str(wait)},
        )
    cache: KeyCache = request.app.state.key_cache
    client = await cache.authenticate(request.app.state.db_engine, credentials.credentials)
    if client is None:
        throttle.failed(address)
        raise ProblemError(
            401,
            "The API key is not valid (unknown, malformed or revoked).",
            headers={"WWW-Authenticate": 'Bearer realm="deplan", error="invalid_token"'},
        )
    request.state.client_name = client.name
    request.state.key_id = client.key_id
    missing = [scope for scope in security_scopes.scopes if scope not in client.scopes]
    if missing:
        raise ProblemError(
            403,
            f"This API key lacks the scope {', '.join(sorted(missing))}.",
            headers={"WWW-Authenticate": 'Bearer realm="deplan", error="insufficient_scope"'},
        )
    return client


AdminClient = Annotated[Client, Security(authorised, scopes=[Scope.ADMIN])]
"""A key with the `admin` scope: manages its organisation's keys, erases stored cases."""
