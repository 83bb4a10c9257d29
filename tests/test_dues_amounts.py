"""A member's monthly dues 党费: the brackets in force are data (seeded by the migration), the
rate applies to the whole base, a bracket includes its upper bound, and amounts are integer
fen rounded half up."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from db.dues.amounts import amount_fen, in_force, monthly_dues
from db.dues.models import DuesBracketRow, DuesCategory
from db.dues.queries import BaseRecord, BracketRecord, all_brackets
from db.engine import Database
from tests.dues_support import ensure_brackets

MONTH = date(2026, 3, 1)
IN_SERVICE, RETIRED = DuesCategory.IN_SERVICE, DuesCategory.RETIRED


async def rules(
    database: Database, category: DuesCategory, month: date = MONTH
) -> list[BracketRecord]:
    await ensure_brackets(database)
    async with database.read() as connection:
        return in_force(await all_brackets(connection), category, month)


@pytest.mark.parametrize(
    ("base_fen", "expected_fen"),
    [
        (0, 0),
        (100, 1),  # 0.5 fen exactly: half up
        (99, 0),  # 0.495 fen
        (299_999, 1_500),  # 2 999.99 yuan at 0.5 % = 14.99995 yuan
        (300_000, 1_500),  # 3 000 yuan: still 0.5 %
        (300_001, 3_000),  # 3 000.01 yuan: 1 % of the whole base = 30.0001 yuan
        (499_999, 5_000),
        (500_000, 5_000),  # 5 000 yuan: still 1 %
        (500_001, 7_500),  # 1.5 %
        (999_999, 15_000),
        (1_000_000, 15_000),  # 10 000 yuan: still 1.5 %
        (1_000_001, 20_000),  # 2 %
        (2_345_678, 46_914),  # 23 456.78 yuan at 2 % = 469.1356 yuan
    ],
)
async def test_in_service_members_pay_by_salary_bracket_at_and_around_each_bound(
    database: Database, base_fen: int, expected_fen: int
) -> None:
    # given the brackets in force for members in service
    brackets = await rules(database, IN_SERVICE)
    # when the monthly amount is worked out / then it is the bracket's rate of the whole base
    assert amount_fen(base_fen, brackets) == expected_fen


@pytest.mark.parametrize(
    ("base_fen", "expected_fen"),
    [(0, 0), (499_999, 2_500), (500_000, 2_500), (500_001, 5_000), (800_000, 8_000)],
)
async def test_retired_members_pay_by_pension_bracket_at_and_around_the_bound(
    database: Database, base_fen: int, expected_fen: int
) -> None:
    brackets = await rules(database, RETIRED)
    assert amount_fen(base_fen, brackets) == expected_fen


@pytest.mark.parametrize(
    "category", [DuesCategory.STUDENT, DuesCategory.FARMER, DuesCategory.UNEMPLOYED]
)
@pytest.mark.parametrize("base_fen", [0, 300_000, 5_000_000])
async def test_students_farmers_and_the_unemployed_pay_a_fixed_small_amount(
    database: Database, category: DuesCategory, base_fen: int
) -> None:
    brackets = await rules(database, category)
    assert amount_fen(base_fen, brackets) == 20


async def test_brackets_added_as_data_take_over_from_their_month(database: Database) -> None:
    # given new in-service brackets taking effect in 2027-01 (a flat 1 % in this example)
    async with database.transaction() as session:
        session.add(
            DuesBracketRow(
                category=IN_SERVICE,
                effective_month=date(2027, 1, 1),
                up_to_fen=None,
                rate_bp=100,
                fixed_fen=None,
            )
        )
    # when amounts are worked out before and from that month
    before = amount_fen(200_000, await rules(database, IN_SERVICE, date(2026, 12, 1)))
    after = amount_fen(200_000, await rules(database, IN_SERVICE, date(2027, 1, 1)))
    retired = amount_fen(200_000, await rules(database, RETIRED, date(2027, 1, 1)))
    # then the old rule holds until then, the new one from then, other categories unchanged
    assert (before, after, retired) == (1_000, 2_000, 1_000)


def _base(month: date, category: DuesCategory, base_fen: int, serial: int) -> BaseRecord:
    return BaseRecord(serial, 1, month, category, base_fen, datetime(2026, 1, 1, tzinfo=UTC))


async def test_the_base_in_force_is_the_latest_declared_by_the_month(database: Database) -> None:
    # given a member declared 4 000 yuan from 2026-01, then retired on 4 000 yuan from 2026-06
    await ensure_brackets(database)
    async with database.read() as connection:
        brackets = await all_brackets(connection)
    bases = [
        _base(date(2026, 1, 1), IN_SERVICE, 400_000, 1),
        _base(date(2026, 6, 1), RETIRED, 400_000, 2),
    ]
    # when their months are worked out
    december = monthly_dues(bases, brackets, date(2025, 12, 1))
    may = monthly_dues(bases, brackets, date(2026, 5, 1))
    june = monthly_dues(bases, brackets, date(2026, 6, 1))
    # then nothing before the first declaration, then each declaration from its month
    assert december is None
    assert may is not None
    assert (may.category, may.rate_bp, may.amount_fen) == (
        IN_SERVICE,
        100,
        4_000,
    )
    assert june is not None
    assert (june.category, june.rate_bp, june.amount_fen) == (
        RETIRED,
        50,
        2_000,
    )
