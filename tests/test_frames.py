"""Wire JSON: shared results are encoded once and framed per subscriber, byte-compatibly."""

from __future__ import annotations

import json

from subscriptions.frames import EncodedOnce, encode_json, encode_message, json_bytes


def test_a_shared_result_frame_decodes_to_the_same_message_as_one_encoded_whole() -> None:
    data = EncodedOnce({"events": {"cursor": "ZXY=", "organization": {"name": "江州市委"}}})
    for kind in ("next", "data"):
        message = {"id": "7", "type": kind, "payload": {"data": data}}
        framed = encode_message(message)
        assert json.loads(framed) == json.loads(encode_json(message))
        assert "江州市委" in framed


def test_the_shared_text_is_encoded_once_for_every_frame() -> None:
    data = EncodedOnce({"value": 1})
    first = encode_message({"id": "1", "type": "next", "payload": {"data": data}})
    data["value"] = 2  # never mutated in practice: proves the second frame reused the text
    second = encode_message({"id": "2", "type": "next", "payload": {"data": data}})
    assert json.loads(first)["payload"] == json.loads(second)["payload"] == {"data": {"value": 1}}
    assert json.loads(second)["id"] == "2"


def test_results_with_errors_and_other_messages_are_encoded_whole() -> None:
    data = EncodedOnce({"value": 1})
    with_errors = {
        "id": "1",
        "type": "next",
        "payload": {"data": data, "errors": [{"message": "x"}]},
    }
    assert json.loads(encode_message(with_errors)) == with_errors
    assert encode_message({"type": "connection_ack"}) == '{"type":"connection_ack"}'
    assert encode_message({"data": {"名字": "值"}}) == '{"data":{"名字":"值"}}'


def test_json_bytes_writes_chinese_text_as_utf8_not_escapes() -> None:
    assert json_bytes({"name": "党支部"}) == '{"name":"党支部"}'.encode()


def test_json_bytes_still_writes_what_orjson_refuses() -> None:
    assert json_bytes({"n": 1 << 70}) == b'{"n":1180591620717411303424}'
