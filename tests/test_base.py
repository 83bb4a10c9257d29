"""Column types shared by every model: UTC timestamps read back aware on both databases."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

from sqlalchemy import select

from db.base import core_table
from db.engine import Database
from db.organizations.models import OrganizationRow
from tests.factories import create_organization

_TABLE = core_table(OrganizationRow).c


async def test_a_utc_timestamp_reads_back_aware_and_equal(database: Database) -> None:
    # given an organisation created at a known instant given in another zone
    at = datetime(2026, 3, 1, 9, 30, 15, 123456, tzinfo=UTC).astimezone(
        timezone(timedelta(hours=8))
    )
    async with database.transaction() as session:
        organization = await create_organization(session, created_at=at)
    # when its timestamp is read through SQLAlchemy Core
    async with database.read() as connection:
        read = (
            await connection.execute(select(_TABLE.created_at).where(_TABLE.id == organization.id))
        ).scalar_one()
    # then it is the same instant, told in UTC
    assert read == at
    assert read.utcoffset() == timedelta(0)
