"""Structured logs: JSON lines on stderr, pseudonymous ids only.

What may be logged: request id, method, route template (never the raw path or query),
status, duration, API key name, case_ref and assessment id. Never case content, request
bodies, exception messages (they can quote input) or free text.
"""

import logging
import sys
import traceback
from collections.abc import MutableMapping
from typing import Any

import structlog

_SHARED: list[Any] = [
    structlog.contextvars.merge_contextvars,
    structlog.stdlib.add_log_level,
    structlog.stdlib.add_logger_name,
    structlog.processors.TimeStamper(fmt="iso", utc=True),
]


def configure_logging(level: str = "info") -> None:
    """Route structlog and the standard library (uvicorn, alembic) through one JSON renderer."""
    numeric = logging.getLevelNamesMapping().get(level.upper(), logging.INFO)
    structlog.configure(
        processors=[*_SHARED, structlog.stdlib.ProcessorFormatter.wrap_for_formatter],
        logger_factory=structlog.stdlib.LoggerFactory(),
        wrapper_class=structlog.stdlib.BoundLogger,
        cache_logger_on_first_use=True,
    )
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(
        structlog.stdlib.ProcessorFormatter(
            foreign_pre_chain=_SHARED,
            processors=[
                _drop_exception_text,
                structlog.stdlib.ProcessorFormatter.remove_processors_meta,
                structlog.processors.JSONRenderer(),
            ],
        )
    )
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(numeric)
    for name in ("uvicorn", "uvicorn.error", "uvicorn.access"):
        logger = logging.getLogger(name)
        logger.handlers.clear()
        logger.propagate = True
    logging.getLogger("uvicorn.access").disabled = True  # raw paths: our own access log instead


def _drop_exception_text(
    _logger: Any, _name: str, event: MutableMapping[str, Any]
) -> MutableMapping[str, Any]:
    """Exceptions logged by libraries: keep the type and where, never the message."""
    info = event.pop("exc_info", None)
    if info:
        if info is True:
            info = sys.exc_info()
        if isinstance(info, BaseException):
            info = (type(info), info, info.__traceback__)
        if isinstance(info, tuple) and info[0] is not None:
            event["error_type"] = info[0].__name__
            event["frames"] = stack_summary(info[2])
    return event


def stack_summary(tb: Any) -> list[str]:
    """Where an exception was raised, as `file:line function` frames: no locals, no message."""
    return [f"{frame.filename}:{frame.lineno} {frame.name}" for frame in traceback.extract_tb(tb)]
