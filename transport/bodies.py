"""What a GraphQL request's body (or a websocket message) may be, checked before Strawberry
reads it: its size and how long it takes to arrive, its media type and encoding, and its JSON,
which must be UTF-8 text, no deeper and with no more values than the limits, and one object
of the shape GraphQL over HTTP defines. A body that fails gets a JSON answer with a stable
code (transport/refusals.py), never Strawberry's `text/plain` or a 500.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import orjson
from starlette.types import Receive
from strawberry.http import GraphQLRequestData
from strawberry.http.parse_content_type import parse_content_type

from resolvers.errors import ErrorCode
from transport.refusals import Refusal

SHAPE = (
    "a JSON object with `query` (a string) and, if needed, `variables` (an object), "
    "`operationName` (a string) and `extensions` (an object)"
)


@dataclass(frozen=True, slots=True)
class BodyLimits:
    max_bytes: int = 1 << 20
    timeout: float = 30.0  # seconds for the whole body to arrive
    max_depth: int = 16  # arrays and objects within each other
    max_values: int = 10_000  # every value counts: objects, arrays, strings, numbers…


class JsonRefused(json.JSONDecodeError):
    """JSON that is refused; a JSONDecodeError, so that the websocket protocols treat it as a
    message that is not JSON."""

    def __init__(self, message: str) -> None:
        super().__init__(message, "", 0)
        self.message = message


class ClientGone(Exception):
    """The client disconnected before its body arrived: there is no one to answer."""


def decode_json(data: str | bytes, limits: BodyLimits) -> object:
    """orjson first (a few times faster, one call); whatever it refuses, or gives in a way the
    standard library does not (an integer beyond 64 bits becomes a float), or the limits
    refuse, is decoded again by the standard library, so the value or the refusal is exactly
    what it always was."""
    try:
        value = orjson.loads(data)
    except orjson.JSONDecodeError:
        return _decode_standard(data, limits)
    try:
        exact = _check_values(value, limits)
    except JsonRefused:
        exact = False
    return value if exact else _decode_standard(data, limits)


def _decode_standard(data: str | bytes, limits: BodyLimits) -> object:
    if isinstance(data, bytes):
        try:
            data = data.decode()
        except UnicodeDecodeError as error:
            raise JsonRefused(
                f"The body is not UTF-8 (byte {error.start} is not): send JSON as UTF-8."
            ) from None
    try:
        value = json.loads(data)
    except RecursionError:
        raise JsonRefused(
            f"The JSON is nested too deeply: at most {limits.max_depth} levels are accepted."
        ) from None
    except json.JSONDecodeError as error:
        raise JsonRefused(f"The body is not JSON: {error.msg} at character {error.pos}.") from None
    except ValueError:  # an integer of thousands of digits
        raise JsonRefused("The JSON holds a number too long to read.") from None
    _check_values(value, limits)
    return value


# orjson reads an integer outside 64 bits as a float, at least this large.
_BEYOND_64_BITS = float(1 << 63)


def _check_values(value: object, limits: BodyLimits) -> bool:
    """Refuses what the limits do not allow; False when a float is as large as an integer
    beyond 64 bits (orjson's reading of such an integer)."""
    exact = True
    pending: list[tuple[Any, int]] = [(value, 1)]
    seen = 0
    while pending:
        item, depth = pending.pop()
        seen += 1
        if seen > limits.max_values:
            raise JsonRefused(
                f"The JSON holds more than {limits.max_values} values: send less at once."
            )
        kind = type(item)  # decoded JSON: exactly these types, no subclasses
        if kind is str:
            if not item.isascii():
                _check_text(item)
        elif kind is dict:
            if depth >= limits.max_depth and item:
                raise _too_deep(limits)
            for key, inner in item.items():
                if not key.isascii():
                    _check_text(key)
                pending.append((inner, depth + 1))
        elif kind is list:
            if depth >= limits.max_depth and item:
                raise _too_deep(limits)
            pending.extend((inner, depth + 1) for inner in item)
        elif kind is float and abs(item) >= _BEYOND_64_BITS:
            exact = False
    return exact


def _too_large(limits: BodyLimits) -> Refusal:
    return Refusal(
        413,
        ErrorCode.PAYLOAD_TOO_LARGE,
        f"The body is larger than {limits.max_bytes} bytes: send less in one request.",
    )


def _too_deep(limits: BodyLimits) -> JsonRefused:
    return JsonRefused(
        f"The JSON is nested more than {limits.max_depth} levels deep: send flatter values."
    )


def _check_text(text: str) -> None:
    """A lone surrogate (`\\ud800` alone) is valid JSON but not text: nothing can store it or
    write it back as UTF-8. (ASCII text, most of it, is not asked.)"""
    try:
        text.encode()
    except UnicodeEncodeError as error:
        raise JsonRefused(
            f"The JSON holds a lone surrogate (U+{ord(text[error.start]):04X}), which is "
            "not text: escape characters outside the BMP as surrogate pairs."
        ) from None


def check_content(headers: Mapping[str, str]) -> None:
    """A POST body must be JSON, as UTF-8, and not compressed."""
    encoding = headers.get("content-encoding", "identity").strip().lower()
    if encoding not in ("", "identity"):
        raise Refusal(
            415,
            ErrorCode.UNSUPPORTED_MEDIA_TYPE,
            f"Content-Encoding {encoding!r} is not accepted: send the body uncompressed.",
        )
    if not _is_json(headers.get("content-type", "")):
        raise Refusal(
            415,
            ErrorCode.UNSUPPORTED_MEDIA_TYPE,
            f"Send the body as application/json (UTF-8): {SHAPE}.",
        )


@lru_cache(maxsize=64)
def _is_json(content_type: str) -> bool:
    """Whether a Content-Type names JSON as UTF-8: parsed once per distinct header (clients
    send a handful), as the standard library's email parser costs ~45 calls a request."""
    media_type, parameters = parse_content_type(content_type)
    charset = parameters.get("charset", "utf-8").lower()
    return media_type.lower() == "application/json" and charset in ("utf-8", "utf8")


async def read_body(receive: Receive, headers: Mapping[str, str], limits: BodyLimits) -> bytes:
    """The whole body, refused as soon as it is known to be too large or too slow."""
    declared = headers.get("content-length")
    if declared is not None and not (declared.isascii() and declared.isdigit()):
        raise Refusal(400, ErrorCode.BAD_REQUEST, "Content-Length must be a number of bytes.")
    if declared is not None and (len(declared) > 15 or int(declared) > limits.max_bytes):
        raise _too_large(limits)
    body = bytearray()
    # asyncio.timeout's work without its state machine (~20 Python calls a request fewer): the
    # task cancelled at the deadline, and that cancellation alone answered 408. The loop is
    # asked for once: each asking is a getpid() system call on Python 3.11.
    loop = asyncio.get_running_loop()
    task = asyncio.current_task(loop)
    assert task is not None
    cancelling = task.cancelling()
    expired = False

    def expire() -> None:
        nonlocal expired
        expired = True
        task.cancel()

    deadline = loop.call_later(limits.timeout, expire)
    try:
        while True:
            message = await receive()
            if message["type"] == "http.disconnect":
                raise ClientGone
            body += message.get("body", b"")
            if len(body) > limits.max_bytes:
                raise _too_large(limits)
            if not message.get("more_body", False):
                return bytes(body)
    except asyncio.CancelledError:
        if expired and task.uncancel() <= cancelling:
            raise Refusal(
                408,
                ErrorCode.BAD_REQUEST,
                f"The body did not arrive within {limits.timeout:g} s: send it at once.",
            ) from None
        raise
    finally:
        deadline.cancel()


FIELDS = (
    ("query", str, "a string"),
    ("operationName", str, "a string"),
    ("variables", dict, "an object"),
    ("extensions", dict, "an object"),
)


def field_problem(data: Mapping[str, object]) -> str | None:
    """What is wrong with an operation's fields (over HTTP or in a websocket message)."""
    for key, kind, name in FIELDS:
        if data.get(key) is not None and not isinstance(data[key], kind):
            return f"`{key}` must be {name} (or left out)"
    return None


def request_data(data: object) -> GraphQLRequestData:
    """The operation a decoded body (or GET parameters) asks for."""
    if isinstance(data, list):
        raise Refusal(
            400,
            ErrorCode.BAD_REQUEST,
            "Batches are not accepted: send one operation per request (or many over one "
            "websocket).",
        )
    if not isinstance(data, dict):
        raise Refusal(400, ErrorCode.BAD_REQUEST, f"The body must be {SHAPE}.")
    query, variables = data.get("query"), data.get("variables")
    name, extensions = data.get("operationName"), data.get("extensions")
    if not (
        (query is None or type(query) is str)
        and (variables is None or type(variables) is dict)
        and (name is None or type(name) is str)
        and (extensions is None or type(extensions) is dict)
    ):  # decoded JSON has exactly these types: anything else is what `field_problem` names
        problem = field_problem(data)
        if problem is not None:
            raise Refusal(400, ErrorCode.BAD_REQUEST, f"{problem}: {SHAPE}.")
    return GraphQLRequestData(
        query=query, variables=variables, operation_name=name, extensions=extensions
    )
