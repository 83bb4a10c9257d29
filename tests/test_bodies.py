"""A body's JSON is read as the standard library reads it, whichever decoder reads it first."""

from __future__ import annotations

import pytest

from transport.bodies import BodyLimits, JsonRefused, decode_json

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
