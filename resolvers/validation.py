"""Input checks shared by mutations: each failure names the field and the fix."""

from __future__ import annotations

import re

from resolvers.errors import BadUserInput

_CODE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$")


def clean_text(value: str, *, field: str, max_length: int, required: bool = True) -> str:
    text = value.strip()
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
