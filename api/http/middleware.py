"""Request id, security headers, access log and last-resort error handling, as one pure
ASGI middleware.

Unexpected exceptions stop here: they are logged by type and stack frames only (an
exception message can quote case content) and answered with a 500 problem.
"""

import time
import uuid
from typing import Any

import structlog
from fastapi import Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from api.http.problems import problem_response
from api.http.security_headers import with_security_headers
from api.logging import stack_summary

log = structlog.get_logger("deplan.api")
REQUEST_ID_HEADER = "X-Request-ID"


class RequestContextMiddleware:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        request_id = str(uuid.uuid4())
        state: dict[str, Any] = scope.setdefault("state", {})
        state["request_id"] = request_id
        started = time.perf_counter()
        status = 500
        response_started = False

        async def send_with_id(message: Message) -> None:
            nonlocal status, response_started
            if message["type"] == "http.response.start":
                status = message["status"]
                response_started = True
                headers = with_security_headers(scope["path"], message.get("headers", []))
                headers.append((REQUEST_ID_HEADER.lower().encode(), request_id.encode()))
                message = {**message, "headers": headers}
            await send(message)

        try:
            await self.app(scope, receive, send_with_id)
        except Exception as error:
            log.error(
                "unhandled_error",
                request_id=request_id,
                error_type=type(error).__name__,
                frames=stack_summary(error.__traceback__),
            )
            if not response_started:
                response = problem_response(
                    Request(scope), 500, "An unexpected error; it has been logged."
                )
                await response(scope, receive, send_with_id)
        finally:
            route = scope.get("route")
            log.info(
                "request",
                request_id=request_id,
                method=scope["method"],
                route=getattr(route, "path", None),
                status=status,
                duration_ms=round((time.perf_counter() - started) * 1000, 1),
                client=state.get("client_name"),
                case_ref=state.get("case_ref"),
                assessment_id=state.get("assessment_id"),
            )
