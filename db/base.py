"""Declarative base and column types shared by every model."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone
from typing import Any, cast

from sqlalchemy import BigInteger, DateTime, Integer, MetaData, String, Table, TypeDecorator
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

# SQLite only turns INTEGER PRIMARY KEY into an auto-incrementing rowid.
BigId = BigInteger().with_variant(Integer(), "sqlite")

# Materialized paths compare byte by byte on both databases, so a subtree is an index range.
PathString = String(512).with_variant(String(512, collation="C"), "postgresql")

# Marks a column holding an organisation's path that must follow the organisation when it
# moves (`db.moves.move_subtree` rewrites every such column).
FOLLOWS_MOVES = {"follows_moves": True}


class UtcDateTime(TypeDecorator[datetime]):
    """Timezone-aware UTC timestamps on SQLite too (which stores naive text)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given where UTC is required")
        return value.astimezone(UTC)

    def result_processor(self, dialect: Dialect, coltype: object) -> Any:
        # asyncpg already answers timestamptz as aware UTC datetimes: no call per value.
        if dialect.driver == "asyncpg":
            return None
        return super().result_processor(dialect, coltype)

    def process_result_value(self, value: Any, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        assert isinstance(value, datetime)
        return value if value.tzinfo else value.replace(tzinfo=UTC)


def utcnow() -> datetime:
    return datetime.now(UTC)


# Days, hours and ages are as people in China live them: China Standard Time (UTC+8, no DST).
CHINA_STANDARD_TIME = timezone(timedelta(hours=8), "CST")


def china_day(at: datetime) -> date:
    return at.astimezone(CHINA_STANDARD_TIME).date()


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


def core_table(model: type[Base]) -> Table:
    """The model's Core table. Bulk inserts go through it: the ORM's bulk path splits rows
    into one statement per pattern of None values, which made the demo seed 20 000 INSERTs."""
    return cast(Table, model.__table__)
