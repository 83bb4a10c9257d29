"""Log lines in text or JSON, each with its request id and a record's own fields."""

from __future__ import annotations

import json
import logging
import sys
from collections.abc import Iterator

import pytest

from transport.logs import configure_logging, json_formatter
from transport.request_ids import REQUEST_ID, RequestIdLogFilter


@pytest.fixture
def root_logging() -> Iterator[logging.Logger]:
    """The root logger, put back as it was after the test (pytest's capture handlers are
    added for the test's call, so a test empties it itself as a fresh process has it)."""
    root = logging.getLogger()
    handlers, level = root.handlers[:], root.level
    yield root
    root.handlers, root.level = handlers, level


def record(message: str, **extra: object) -> logging.LogRecord:
    made = logging.getLogger("zhdj.operations").makeRecord(
        "zhdj.operations", logging.INFO, __file__, 1, message, (), None, extra=extra
    )
    RequestIdLogFilter().filter(made)
    return made


def test_a_json_line_holds_time_level_logger_request_id_message_and_fields() -> None:
    # given a record written during a request, with fields of its own
    marker = REQUEST_ID.set("req-42")
    try:
        written = record("query Me ok", operation="Me", duration_ms=1.5)
    finally:
        REQUEST_ID.reset(marker)

    # when formatted as JSON
    line = json.loads(json_formatter().format(written))

    # then
    assert line["level"] == "info"
    assert line["logger"] == "zhdj.operations"
    assert line["request_id"] == "req-42"
    assert line["message"] == "query Me ok"
    assert (line["operation"], line["duration_ms"]) == ("Me", 1.5)
    assert line["time"].endswith("Z")


def test_a_json_line_carries_the_exception_whole() -> None:
    try:
        raise ValueError("broken")
    except ValueError:
        written = logging.getLogger("zhdj").makeRecord(
            "zhdj", logging.ERROR, __file__, 1, "failed", (), sys.exc_info()
        )
    RequestIdLogFilter().filter(written)

    line = json.loads(json_formatter().format(written))

    assert "ValueError: broken" in line["exception"]


@pytest.mark.parametrize(("log_format", "json_lines"), [("json", True), ("text", False)])
def test_configure_logging_installs_one_handler_in_the_format(
    root_logging: logging.Logger, log_format: str, json_lines: bool
) -> None:
    root = root_logging
    root.handlers = []  # a fresh process

    configure_logging("warning", log_format)  # type: ignore[arg-type]

    (handler,) = root.handlers
    line = handler.format(record("hello"))
    assert root.level == logging.WARNING
    assert line.startswith("{") is json_lines
    assert "hello" in line


def test_configure_logging_leaves_a_configured_process_alone(
    root_logging: logging.Logger,
) -> None:
    # given a process that configured logging itself
    root = root_logging
    own = logging.NullHandler()
    root.handlers = [own]
    root.setLevel(logging.ERROR)

    # when zhdj's start-up configures logging
    configure_logging("debug", "json")

    # then its handler and level stay
    assert (root.handlers, root.level) == ([own], logging.ERROR)
