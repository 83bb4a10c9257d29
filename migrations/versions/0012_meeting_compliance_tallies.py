"""meeting compliance tallies: kept compliance figures per organisation subtree and month
(组织生活达标统计), computed from the per-branch meeting tallies

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-06
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from db.meetings.subtree_rebuild import rebuild_compliance_tallies_now

revision: str = "0012"
down_revision: str | None = "0011"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    op.create_table(
        "meeting_compliance_tallies",
        sa.Column("organization_id", _ID, nullable=False),
        sa.Column("month", sa.String(length=7), nullable=False),
        sa.Column("held", sa.Integer(), nullable=False),
        sa.Column("expected", sa.Integer(), nullable=False),
        sa.Column("present", sa.Integer(), nullable=False),
        sa.Column("month_compliant", sa.Integer(), nullable=False),
        sa.Column("quarter_compliant", sa.Integer(), nullable=False),
        sa.Column("month_met", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["organization_id"],
            ["organizations.id"],
            name=op.f("fk_meeting_compliance_tallies_organization_id_organizations"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint(
            "organization_id", "month", name=op.f("pk_meeting_compliance_tallies")
        ),
    )
    rebuild_compliance_tallies_now(op.get_bind())


def downgrade() -> None:
    op.drop_table("meeting_compliance_tallies")
