"""Bounded waits for what a test cannot await directly."""

from __future__ import annotations

import asyncio
from collections.abc import Callable

import pytest


async def until(condition: Callable[[], bool], seconds: float, what: str) -> None:
    """Until `condition()` holds, polled every 5 ms; the test fails naming `what` after
    `seconds` (bounds are generous: what is waited for takes a fraction of a second, but a
    loaded machine can take longer)."""
    try:
        async with asyncio.timeout(seconds):
            while not condition():
                await asyncio.sleep(0.005)
    except TimeoutError:
        pytest.fail(f"timed out after {seconds}s waiting for {what}")
