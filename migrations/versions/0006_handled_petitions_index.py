"""handled petitions by day: an index for a window's handling-time percentile

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-23
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from db.petitions.models import HANDLED_CONDITION

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_index(
        "ix_petitions_handled_day_org_path",
        "petitions",
        ["day", "org_path"],
        postgresql_include=["handling_seconds"],
        postgresql_where=sa.text(HANDLED_CONDITION),
        sqlite_where=sa.text(HANDLED_CONDITION),
    )


def downgrade() -> None:
    op.drop_index("ix_petitions_handled_day_org_path", table_name="petitions")
