"""Chinese resident ID-card numbers (GB 11643) and the masks for personal data."""

from __future__ import annotations

import re
from datetime import date

from db.members.models import Gender

_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_CHECK_DIGITS = "10X98765432"
_ID_CARD = re.compile(r"^\d{17}[\dX]$")
_PHONE = re.compile(r"^1[3-9]\d{9}$")


def check_digit(first17: str) -> str:
    return _CHECK_DIGITS[sum(int(d) * w for d, w in zip(first17, _WEIGHTS, strict=True)) % 11]


def id_card_problem(number: str, *, birth_date: date, gender: Gender) -> str | None:
    """Why the number is not a valid ID card of this person, or None when it is."""
    if not _ID_CARD.match(number):
        return "must be 18 characters: 17 digits and a final digit or X"
    if check_digit(number[:17]) != number[17]:
        return "fails the GB 11643 checksum; check for a mistyped digit"
    try:
        encoded_birth = date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError:
        return "holds no valid birth date at positions 7-14"
    if encoded_birth != birth_date:
        return f"encodes birth date {encoded_birth.isoformat()}, not {birth_date.isoformat()}"
    encoded_gender = Gender.MALE if int(number[16]) % 2 else Gender.FEMALE
    if encoded_gender != gender:
        return f"encodes gender {encoded_gender.value}, not {gender.value}"
    return None


def is_valid_phone(phone: str) -> bool:
    return bool(_PHONE.match(phone))


def mask_id_card(number: str) -> str:
    return number[:4] + "*" * (len(number) - 8) + number[-4:]


def mask_phone(phone: str) -> str:
    return phone[:3] + "****" + phone[-4:]


def mask_address(address: str) -> str:
    return address[:6] + "****"
