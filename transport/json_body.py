"""A response's JSON as the UTF-8 bytes it is sent as: orjson's own, not decoded to text and
encoded again by the response (Chinese text as UTF-8, not \\u escapes, no spaces)."""

from __future__ import annotations

import json

import orjson


def json_body(value: object) -> bytes:
    """What orjson refuses (an integer beyond 64 bits, a key that is not a string) the
    standard library still writes."""
    try:
        return orjson.dumps(value)
    except orjson.JSONEncodeError:
        return json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode()
