"""petition held counts and handling-hour histograms: the list's counts and the percentile, kept

Revision ID: 0023
Revises: 0022
Create Date: 2026-12-07

Held counts (per organisation, status and category: the petitions raised or handled in its
subtree) answer a petition list's totalCount by key; handling-hour histograms (per
organisation, day and whole hour) answer a window's percentile. Both are filled from the
petitions (and the day tallies) already there. The index of handled petitions by day, which
only the percentile read, is dropped.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from db.petitions.models import HANDLED_CONDITION
from db.petitions.tallies import rebuild_hours_and_held_now

revision: str = "0023"
down_revision: str | None = "0022"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

BIG_ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    op.create_table(
        "petition_held_counts",
        sa.Column("organization_id", BIG_ID, nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("category_id", BIG_ID, nullable=False),
        sa.Column("petitions", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["organization_id"],
            ["organizations.id"],
            name=op.f("fk_petition_held_counts_organization_id_organizations"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint(
            "organization_id", "status", "category_id", name=op.f("pk_petition_held_counts")
        ),
    )
    op.create_table(
        "petition_handling_hours",
        sa.Column("organization_id", BIG_ID, nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("hours", sa.Integer(), nullable=False),
        sa.Column("petitions", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["organization_id"],
            ["organizations.id"],
            name=op.f("fk_petition_handling_hours_organization_id_organizations"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint(
            "organization_id", "day", "hours", name=op.f("pk_petition_handling_hours")
        ),
    )
    op.drop_index("ix_petitions_handled_day_org_path", table_name="petitions")
    rebuild_hours_and_held_now(op.get_bind())


def downgrade() -> None:
    op.create_index(
        "ix_petitions_handled_day_org_path",
        "petitions",
        ["day", "org_path"],
        postgresql_include=["handling_seconds"],
        postgresql_where=sa.text(HANDLED_CONDITION),
        sqlite_where=sa.text(HANDLED_CONDITION),
    )
    op.drop_table("petition_handling_hours")
    op.drop_table("petition_held_counts")
