"""petitions held off their grid's chain, by holder and day: a window's list count, kept

Revision ID: 0026
Revises: 0024
Create Date: 2026-12-07

A petition list's totalCount over a window of days reads the day tallies (the petitions
raised in the subtree) plus those handled in the subtree though raised outside it, which are
held off their grid's ancestor chain (db/petitions/window_counts.py): this index finds them
by holder and day without scanning the subtree's petitions.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from db.petitions.models import OFF_CHAIN_CONDITION

revision: str = "0026"
down_revision: str | None = "0024"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_index(
        "ix_petitions_off_chain_handling_org_path_day",
        "petitions",
        ["handling_org_path", "day"],
        postgresql_where=sa.text(OFF_CHAIN_CONDITION),
        sqlite_where=sa.text(OFF_CHAIN_CONDITION),
    )


def downgrade() -> None:
    op.drop_index("ix_petitions_off_chain_handling_org_path_day", table_name="petitions")
