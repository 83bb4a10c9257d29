"""ID-card validation (GB 11643) and personal-data masks."""

from __future__ import annotations

from datetime import date

from db.members.models import Gender
from resolvers.members.identity import (
    check_digit,
    id_card_problem,
    is_valid_phone,
    mask_id_card,
    mask_phone,
)

# The standard's own worked example: 11010519491231002X, a woman born 1949-12-31.
EXAMPLE = "11010519491231002X"


def test_the_standards_example_is_valid() -> None:
    assert id_card_problem(EXAMPLE, birth_date=date(1949, 12, 31), gender=Gender.FEMALE) is None


def test_check_digits_follow_gb_11643() -> None:
    assert check_digit(EXAMPLE[:17]) == "X"
    assert check_digit("44052418800101001") == "4"


def test_a_changed_digit_fails_the_checksum() -> None:
    problem = id_card_problem(
        "11010519491231003X", birth_date=date(1949, 12, 31), gender=Gender.FEMALE
    )
    assert problem is not None
    assert "checksum" in problem


def test_the_birth_date_must_match() -> None:
    problem = id_card_problem(EXAMPLE, birth_date=date(1950, 1, 1), gender=Gender.FEMALE)
    assert problem is not None
    assert "1949-12-31" in problem


def test_the_gender_must_match() -> None:
    problem = id_card_problem(EXAMPLE, birth_date=date(1949, 12, 31), gender=Gender.MALE)
    assert problem is not None
    assert "female" in problem


def test_the_shape_is_checked_first() -> None:
    problem = id_card_problem("12345", birth_date=date(1949, 12, 31), gender=Gender.FEMALE)
    assert problem is not None
    assert "18 characters" in problem


def test_masks_keep_only_the_ends() -> None:
    assert mask_id_card(EXAMPLE) == "1101**********002X"
    assert mask_phone("13812345678") == "138****5678"


def test_phone_numbers_are_mainland_mobiles() -> None:
    assert is_valid_phone("13812345678")
    assert not is_valid_phone("1381234567")
    assert not is_valid_phone("23812345678")
