"""A response's JSON as UTF-8 bytes."""

from __future__ import annotations

from transport.json_body import json_body


def test_chinese_text_is_utf8_not_escapes() -> None:
    assert json_body({"name": "党支部"}) == '{"name":"党支部"}'.encode()


def test_what_orjson_refuses_is_still_written() -> None:
    assert json_body({"n": 1 << 70}) == b'{"n":1180591620717411303424}'
