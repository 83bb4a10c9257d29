"""Watching SQLAlchemy's pool from a test: how many times a connection was checked out."""

from __future__ import annotations

from typing import Any

from sqlalchemy import event

from db.engine import Database


def count_checkouts(database: Database) -> list[object]:
    """A list that grows by one at every checkout from the database's pool from now on."""
    checkouts: list[object] = []

    def checked_out(*_args: Any) -> None:
        checkouts.append(object())

    event.listen(database.engine.sync_engine.pool, "checkout", checked_out)
    return checkouts
