"""A body is read within its limits of size and time; its JSON as the standard library reads it,
whichever decoder reads it first."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest

from transport.bodies import BodyLimits, JsonRefused, decode_json, read_body
from transport.refusals import Refusal

LIMITS = BodyLimits()


def test_an_integer_beyond_64_bits_keeps_every_digit() -> None:
    value = decode_json(b'{"variables": {"n": 123456789012345678901234567890}}', LIMITS)
    assert value == {"variables": {"n": 123456789012345678901234567890}}


def test_a_float_stays_a_float() -> None:
    assert decode_json(b"[1e300, 0.1, -0.0]", LIMITS) == [1e300, 0.1, -0.0]


def test_a_lone_surrogate_is_refused_as_not_text() -> None:
    with pytest.raises(JsonRefused, match="lone surrogate"):
        decode_json(b'{"query": "\\ud800"}', LIMITS)


def test_a_body_that_is_not_utf8_is_refused_with_the_byte_named() -> None:
    with pytest.raises(JsonRefused, match="byte 9 is not"):
        decode_json(b'{"query":\xff}', LIMITS)


def test_json_deeper_than_the_limit_is_refused() -> None:
    with pytest.raises(JsonRefused, match="more than 3 levels"):
        decode_json(b'{"a": [[1]]}', BodyLimits(max_depth=3))


def _receiving(*messages: dict[str, Any]) -> Any:
    pending = list(messages)

    async def receive() -> dict[str, Any]:
        if pending:
            return pending.pop(0)
        await asyncio.Event().wait()  # a client that sends nothing more
        raise AssertionError("unreachable")

    return receive


async def test_a_body_that_arrives_is_read_and_leaves_no_deadline_behind() -> None:
    limits = BodyLimits(timeout=0.05)
    receive = _receiving(
        {"type": "http.request", "body": b'{"a"', "more_body": True},
        {"type": "http.request", "body": b": 1}", "more_body": False},
    )
    assert await read_body(receive, {}, limits) == b'{"a": 1}'
    # the task is not cancelled later by the deadline it set
    await asyncio.sleep(0.1)


async def test_a_body_that_does_not_arrive_in_time_is_refused_408() -> None:
    receive = _receiving({"type": "http.request", "body": b"{", "more_body": True})
    with pytest.raises(Refusal) as refused:
        await read_body(receive, {}, BodyLimits(timeout=0.05))
    assert refused.value.status == 408


async def test_a_request_cancelled_while_its_body_arrives_stays_cancelled() -> None:
    receive = _receiving({"type": "http.request", "body": b"{", "more_body": True})
    reading = asyncio.create_task(read_body(receive, {}, BodyLimits(timeout=10)))
    await asyncio.sleep(0.01)
    reading.cancel()
    with pytest.raises(asyncio.CancelledError):
        await reading
