"""Cursors of connections and the checks of a client's `first`/`after`/`last`/`before`; the
keyset pages themselves are read by db/pagination.py."""

from __future__ import annotations

import base64
import binascii

from db.pagination import PageRequest
from resolvers.errors import BadUserInput
from resolvers.validation import parse_key

DEFAULT_PAGE_SIZE = 20
MAX_PAGE_SIZE = 100
_CURSOR_PREFIX = "cursor:"


def encode_cursor(key: int) -> str:
    return base64.urlsafe_b64encode(f"{_CURSOR_PREFIX}{key}".encode()).decode()


def decode_cursor(cursor: str, *, field: str) -> int:
    try:
        text = base64.urlsafe_b64decode(cursor.encode()).decode()
        if not text.startswith(_CURSOR_PREFIX):
            raise ValueError(text)
        return parse_key(text.removeprefix(_CURSOR_PREFIX), minimum=0)
    except (ValueError, binascii.Error, UnicodeError):
        raise BadUserInput(
            f"`{field}` is not a cursor from this list; pass a `cursor` or "
            "`pageInfo.endCursor`/`startCursor` value you received.",
            field=field,
        ) from None


def page_request(
    *,
    first: int | None = None,
    after: str | None = None,
    last: int | None = None,
    before: str | None = None,
    rows: bool = True,
) -> PageRequest:
    """The slice asked for; `rows` False when the client selected only the count."""
    if first is not None and last is not None:
        raise BadUserInput(
            "Pass either `first` or `last`, not both: page forwards with first/after or "
            "backwards with last/before.",
            field="first",
        )
    for name, value in (("first", first), ("last", last)):
        if value is not None and not 0 <= value <= MAX_PAGE_SIZE:
            raise BadUserInput(
                f"`{name}` must be between 0 and {MAX_PAGE_SIZE}; fetch more with the "
                "cursors in pageInfo.",
                field=name,
            )
    after_key = decode_cursor(after, field="after") if after is not None else None
    before_key = decode_cursor(before, field="before") if before is not None else None
    if last is not None:
        return PageRequest(last, forwards=False, after=after_key, before=before_key, rows=rows)
    size = DEFAULT_PAGE_SIZE if first is None else first
    return PageRequest(size, forwards=True, after=after_key, before=before_key, rows=rows)
