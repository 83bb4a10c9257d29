"""Adding changes to kept figures: one multi-row upsert that adds each slot's amounts.

Rows go in key order, so concurrent writers lock the same rows in the same order and cannot
deadlock; slots whose change is all zero are left out (nothing to write, no lock taken).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from sqlalchemy.dialects import postgresql, sqlite


def adding_statement(
    dialect: str,
    table: Any,
    keys: Sequence[str],
    figures: Sequence[str],
    net: Mapping[tuple[Any, ...], Sequence[int]],
) -> Any | None:
    """INSERT … ON CONFLICT DO UPDATE adding `net` (key tuple → amounts per figure) to the
    table's rows; None when every change is zero."""
    rows = [
        dict(zip(keys, key, strict=True)) | dict(zip(figures, amounts, strict=True))
        for key, amounts in sorted(net.items())
        if any(amounts)
    ]
    if not rows:
        return None
    dialect_insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    statement = dialect_insert(table).values(rows)
    columns = table.__table__.c
    return statement.on_conflict_do_update(
        index_elements=list(keys),
        set_={name: columns[name] + statement.excluded[name] for name in figures},
    )
