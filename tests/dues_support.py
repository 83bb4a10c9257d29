"""Dues test data: the default brackets (PostgreSQL's leg truncates the migration's seed)."""

from __future__ import annotations

from db.dues.brackets import ensure_default_brackets
from db.engine import Database


async def ensure_brackets(database: Database) -> None:
    async with database.transaction() as session:
        await ensure_default_brackets(session)
