"""JSON for the wire, and subscription results encoded once for every subscriber.

A shared subscription execution (subscriptions/share_groups.py) produces one result per event for
a whole group of subscribers. Its `data` is an `EncodedOnce` dict: the first websocket frame
that carries it encodes it, and every other frame reuses the text, wrapped in the
subscriber's own operation id. So fan-out costs one `json.dumps` of the payload per event and
group, plus a short string join per subscriber.
"""

from __future__ import annotations

import json
from typing import Any

import orjson

RESULT_MESSAGES = frozenset({"next", "data"})  # graphql-transport-ws, legacy graphql-ws


def encode_json(value: object) -> str:
    """Chinese text as UTF-8, not \\u escapes (half the bytes on the wire), no spaces.

    orjson does it several times faster than the standard library; what it refuses (an
    integer beyond 64 bits, a key that is not a string) the standard library still writes.
    """
    try:
        return orjson.dumps(value).decode()
    except orjson.JSONEncodeError:
        return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


class EncodedOnce(dict[str, Any]):
    """A result's `data`, shared by many subscribers: its JSON text is computed once."""

    __slots__ = ("_text",)

    def text(self) -> str:
        try:
            return self._text
        except AttributeError:
            self._text: str = encode_json(self)
            return self._text


def encode_message(message: object) -> str:
    """Any message or response body; a result frame carrying only shared data reuses its text.

    The frame is built as the protocols define it ({"id", "type", "payload": {"data"}}), so a
    client cannot tell it from one encoded whole.
    """
    if isinstance(message, dict) and message.get("type") in RESULT_MESSAGES:
        payload = message.get("payload")
        if isinstance(payload, dict) and len(payload) == 1:
            data = payload.get("data")
            if isinstance(data, EncodedOnce):
                return (
                    f'{{"id":{encode_json(message["id"])},"type":"{message["type"]}",'
                    f'"payload":{{"data":{data.text()}}}}}'
                )
    return encode_json(message)
