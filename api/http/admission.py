"""Admission control: at most `max_in_flight` requests in one worker at a time.

Above it a request is answered at once with 503 and `Retry-After`, so under overload the
service sheds load instead of queueing without bound, and recovers as soon as the load
stops. The health checks are always admitted, so a probe sees an overloaded worker as
alive.
"""

import structlog
from fastapi import Request
from starlette.types import ASGIApp, Receive, Scope, Send

from api.http.problems import problem_response

log = structlog.get_logger("deplan.api")
ALWAYS_ADMITTED = frozenset({"/healthz", "/readyz"})
RETRY_AFTER_SECONDS = 1


class AdmissionMiddleware:
    def __init__(self, app: ASGIApp, *, max_in_flight: int) -> None:
        self.app = app
        self.max_in_flight = max_in_flight
        self.in_flight = 0
        self.shed = 0

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["path"] in ALWAYS_ADMITTED:
            await self.app(scope, receive, send)
            return
        if self.in_flight >= self.max_in_flight:
            self.shed += 1
            if self.shed % 100 == 1:
                log.warning("load_shed", in_flight=self.in_flight, shed_total=self.shed)
            response = problem_response(
                Request(scope),
                503,
                f"The service is at its limit of {self.max_in_flight} requests in progress; "
                "try again shortly.",
                headers={"Retry-After": str(RETRY_AFTER_SECONDS)},
            )
            await response(scope, receive, send)
            return
        self.in_flight += 1
        try:
            await self.app(scope, receive, send)
        finally:
            self.in_flight -= 1
