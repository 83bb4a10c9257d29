"""JSON for the wire, and subscription results encoded once for every subscriber.

A shared subscription execution (subscriptions/share_groups.py) produces one result per event for
a whole group of subscribers. Its `data` is an `EncodedOnce` dict: the first websocket frame
that carries it encodes it, and every other frame reuses the text, wrapped in the
subscriber's own operation id. So fan-out costs one `json.dumps` of the payload per event and
group, plus a short string join per subscriber.
"""

from __future__ import annotations

import json
import struct
from typing import Any

import orjson

RESULT_MESSAGES = frozenset({"next", "data"})  # graphql-transport-ws, legacy graphql-ws


def json_bytes(value: object) -> bytes:
    """Chinese text as UTF-8, not \\u escapes (half the bytes on the wire), no spaces.

    orjson does it several times faster than the standard library; what it refuses (an
    integer beyond 64 bits, a key that is not a string) the standard library still writes.
    """
    try:
        return orjson.dumps(value)
    except orjson.JSONEncodeError:
        return json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode()


def encode_json(value: object) -> str:
    """`json_bytes` as text, for websocket messages."""
    return json_bytes(value).decode()


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


TEXT_FINAL = 0x81  # FIN and the text opcode: a whole text message in one frame (RFC 6455 5.2)


class Frame:
    """One message for many sockets: its text as UTF-8, and the websocket frame that carries
    it from a server (unmasked), built on first need and then written as is to every socket
    that takes raw frames (transport/wire.py)."""

    __slots__ = ("_wire", "payload")

    def __init__(self, payload: bytes) -> None:
        self.payload = payload
        self._wire: bytes | None = None

    @property
    def text(self) -> str:
        """The message, for a socket that only takes ASGI messages."""
        return self.payload.decode()

    @property
    def wire(self) -> bytes:
        wire = self._wire
        if wire is None:
            size = len(self.payload)
            if size < 126:
                header = struct.pack("!BB", TEXT_FINAL, size)
            elif size < 1 << 16:
                header = struct.pack("!BBH", TEXT_FINAL, 126, size)
            else:
                header = struct.pack("!BBQ", TEXT_FINAL, 127, size)
            wire = self._wire = header + self.payload
        return wire
