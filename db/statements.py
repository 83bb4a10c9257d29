"""Counting the SQL statements a request makes."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from sqlalchemy import event
from sqlalchemy.ext.asyncio import AsyncEngine

_counting: ContextVar[bool] = ContextVar("counting_statements", default=False)


@contextmanager
def count_statements(
    engine: AsyncEngine, *, this_context_only: bool = False
) -> Iterator[list[str]]:
    """Collects every statement sent through `engine` while the block runs.

    With `this_context_only`, only statements of the block's own context (the tasks it
    starts inherit it) count, not those of background tasks sharing the engine, such as the
    event hub's reads of the log; so an in-process request's statements are exactly counted.
    """
    statements: list[str] = []

    def record(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        if not this_context_only or _counting.get():
            statements.append(statement)

    marker = _counting.set(True)
    event.listen(engine.sync_engine, "before_cursor_execute", record)
    try:
        yield statements
    finally:
        event.remove(engine.sync_engine, "before_cursor_execute", record)
        _counting.reset(marker)
