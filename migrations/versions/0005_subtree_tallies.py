"""subtree tallies: petition counts and sums per organisation, day, status and category;
station hours summed per organisation; a partial index for the overdue-now counts

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-23
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from db.petitions.models import OPEN_CONDITION
from db.petitions.tallies import rebuild_petition_tallies_now
from db.stations.organization_hours import rebuild_organization_hours_now

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

BIG_ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    op.create_table(
        "petition_tallies",
        sa.Column("organization_id", BIG_ID, nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("category_id", BIG_ID, nullable=False),
        sa.Column("petitions", sa.Integer(), nullable=False),
        sa.Column("resolved", sa.Integer(), nullable=False),
        sa.Column("on_time", sa.Integer(), nullable=False),
        sa.Column("handled", sa.Integer(), nullable=False),
        sa.Column("handling_seconds", sa.BigInteger(), nullable=False),
        sa.Column("rated", sa.Integer(), nullable=False),
        sa.Column("satisfied", sa.Integer(), nullable=False),
        sa.Column("satisfaction", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["organization_id"],
            ["organizations.id"],
            name=op.f("fk_petition_tallies_organization_id_organizations"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint(
            "organization_id", "day", "status", "category_id", name=op.f("pk_petition_tallies")
        ),
    )
    op.create_index(
        "ix_petitions_open_org_path_deadline_at",
        "petitions",
        ["org_path", "deadline_at"],
        postgresql_where=sa.text(OPEN_CONDITION),
        sqlite_where=sa.text(OPEN_CONDITION),
    )
    op.create_table(
        "organization_hours",
        sa.Column("organization_id", BIG_ID, nullable=False),
        sa.Column("hour", sa.DateTime(timezone=True), nullable=False),
        sa.Column("local_hour", sa.SmallInteger(), nullable=False),
        sa.Column("served", sa.BigInteger(), nullable=False),
        sa.Column("visitors_in", sa.BigInteger(), nullable=False),
        sa.ForeignKeyConstraint(
            ["organization_id"],
            ["organizations.id"],
            name=op.f("fk_organization_hours_organization_id_organizations"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("organization_id", "hour", name=op.f("pk_organization_hours")),
    )
    op.create_table(
        "organization_hour_services",
        sa.Column("organization_id", BIG_ID, nullable=False),
        sa.Column("hour", sa.DateTime(timezone=True), nullable=False),
        sa.Column("service_type", sa.String(length=32), nullable=False),
        sa.Column("served", sa.BigInteger(), nullable=False),
        sa.ForeignKeyConstraint(
            ["organization_id"],
            ["organizations.id"],
            name=op.f("fk_organization_hour_services_organization_id_organizations"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint(
            "organization_id", "hour", "service_type", name=op.f("pk_organization_hour_services")
        ),
    )
    connection = op.get_bind()  # what is already stored gets counted
    rebuild_petition_tallies_now(connection)
    rebuild_organization_hours_now(connection)


def downgrade() -> None:
    op.drop_index("ix_petitions_open_org_path_deadline_at", table_name="petitions")
    op.drop_table("organization_hour_services")
    op.drop_table("organization_hours")
    op.drop_table("petition_tallies")
