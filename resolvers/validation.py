"""Input checks shared by mutations: each failure names the field and the fix."""

from __future__ import annotations

import re

from resolvers.errors import BadUserInput

_CODE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$")


def clean_text(value: str, *, field: str, max_length: int, required: bool = True) -> str:
    text = check_text(value, field=field).strip()
    if required and not text:
        raise BadUserInput(f"`{field}` must not be empty.", field=field)
    if len(text) > max_length:
        raise BadUserInput(
            f"`{field}` is {len(text)} characters long; shorten it to at most {max_length}.",
            field=field,
        )
    return text


def clean_code(value: str, *, field: str) -> str:
    code = value.strip()
    if not _CODE.match(code):
        raise BadUserInput(
            f"`{field}` must be 1-64 letters, digits, '-', '_' or '.', starting with a letter or "
            f"digit (for example JZ-01-02); got {value!r}.",
            field=field,
        )
    return code


def check_coordinates(longitude: float | None, latitude: float | None) -> None:
    if (longitude is None) != (latitude is None):
        raise BadUserInput(
            "Give both `longitude` and `latitude`, or neither.",
            field="longitude" if longitude is None else "latitude",
        )
    if longitude is not None and not -180 <= longitude <= 180:
        raise BadUserInput("`longitude` must be between -180 and 180 (WGS-84).", field="longitude")
    if latitude is not None and not -90 <= latitude <= 90:
        raise BadUserInput("`latitude` must be between -90 and 90 (WGS-84).", field="latitude")


# Database keys are signed 64-bit integers on both databases.
MAX_KEY = 2**63 - 1
MAX_SEARCH_LENGTH = 100
_DIGITS = re.compile(r"^[0-9]{1,19}$")


def parse_key(text: str, *, minimum: int = 1) -> int:
    """A database key written in ASCII digits, within the database's range; else ValueError
    (callers say which field held it)."""
    if not _DIGITS.match(text):
        raise ValueError(text)
    key = int(text)
    if not minimum <= key <= MAX_KEY:
        raise ValueError(text)
    return key


def text_problem(value: str) -> str | None:
    """Why text cannot be stored (NUL, which PostgreSQL refuses; a lone surrogate, which is
    no character at all), or None."""
    if "\x00" in value:
        return "contains a NUL character (\\u0000)"
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return "contains a lone UTF-16 surrogate, which is not a character"
    return None


def check_text(value: str, *, field: str) -> str:
    problem = text_problem(value)
    if problem is not None:
        raise BadUserInput(f"`{field}` {problem}; remove it and send the text again.", field=field)
    return value


def clean_search(value: str | None, *, field: str) -> str | None:
    """Words to look for in a list: at most MAX_SEARCH_LENGTH characters; blank is none."""
    if value is None:
        return None
    text = check_text(value, field=field).strip()
    if len(text) > MAX_SEARCH_LENGTH:
        raise BadUserInput(
            f"`{field}` is {len(text)} characters long; search for at most "
            f"{MAX_SEARCH_LENGTH} (a few words are enough).",
            field=field,
        )
    return text or None


_PHONE = re.compile(r"^(1[3-9]\d{9}|0\d{2,3}-?\d{7,8})$")
_IDEMPOTENCY_KEY = re.compile(r"^[A-Za-z0-9_.:-]{1,64}$")


def clean_phone(value: str, *, field: str) -> str:
    """A mainland mobile number or a landline with its area code."""
    phone = check_text(value, field=field).strip()
    if not _PHONE.match(phone):
        raise BadUserInput(
            f"`{field}` must be a mobile number such as 13812345678 or a landline such as "
            "0571-87654321.",
            field=field,
        )
    return phone


def clean_idempotency_key(value: str | None) -> str | None:
    """A client's retry key: the same key makes a retried mutation change nothing more."""
    if value is None:
        return None
    key = value.strip()
    if not _IDEMPOTENCY_KEY.match(key):
        raise BadUserInput(
            "`idempotencyKey` must be 1-64 letters, digits, '-', '_', '.' or ':' (a UUID works).",
            field="idempotencyKey",
        )
    return key


def check_range(value: int, *, field: str, low: int, high: int, what: str) -> int:
    if not low <= value <= high:
        raise BadUserInput(f"`{field}` must be between {low} and {high} {what}.", field=field)
    return value
