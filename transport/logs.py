"""Log lines, zhdj's and uvicorn's alike, each with the id of the request it was written in:
plain text for a person at a terminal, or one JSON object per line (structlog) for a log
collector, with the fields a record carries (`operation`, `account`, `duration_ms`, …)."""

from __future__ import annotations

import logging
from typing import Literal

import orjson
import structlog

from transport.request_ids import RequestIdLogFilter

LogFormat = Literal["text", "json"]
TEXT = "%(levelname)s %(name)s [%(request_id)s]: %(message)s"


def _json_lines(data: object, **_: object) -> str:
    return orjson.dumps(data, default=str).decode()


def json_formatter() -> logging.Formatter:
    """Every record as one JSON object: time (UTC), level, logger, request id, message, and
    the record's extra fields."""
    return structlog.stdlib.ProcessorFormatter(
        foreign_pre_chain=[
            structlog.stdlib.add_log_level,
            structlog.stdlib.add_logger_name,
            structlog.stdlib.ExtraAdder(),
            structlog.processors.TimeStamper(fmt="iso", utc=True, key="time"),
        ],
        processors=[
            structlog.stdlib.ProcessorFormatter.remove_processors_meta,
            structlog.processors.format_exc_info,
            structlog.processors.EventRenamer("message"),
            structlog.processors.JSONRenderer(serializer=_json_lines),
        ],
    )


def configure_logging(level: str, log_format: LogFormat = "text") -> None:
    """One handler on the root logger (uvicorn's loggers propagate to it: `log_config=None`
    in `serve`), in the chosen format; as `logging.basicConfig`, nothing when the process has
    configured logging already (a host embedding zhdj, or pytest's capture)."""
    root = logging.getLogger()
    if root.handlers:
        return
    handler = logging.StreamHandler()
    handler.addFilter(RequestIdLogFilter())
    handler.setFormatter(json_formatter() if log_format == "json" else logging.Formatter(TEXT))
    root.addHandler(handler)
    root.setLevel(level.upper())
