"""functional departments 职能部门 (条): departments, their staff, petition dispatches 派单 and the
departments' kept figures

Revision ID: 0020
Revises: 0019
Create Date: 2026-12-07
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0020"
down_revision: str | None = "0019"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
_PATH = sa.String(length=512).with_variant(sa.String(length=512, collation="C"), "postgresql")
_AT = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "departments",
        sa.Column("id", _ID, nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("org_id", _ID, nullable=False),
        sa.Column("org_path", _PATH, nullable=False),
        sa.Column("created_at", _AT, nullable=False),
        sa.ForeignKeyConstraint(
            ["org_id"], ["organizations.id"], name=op.f("fk_departments_org_id_organizations")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_departments")),
        sa.UniqueConstraint("name", name=op.f("uq_departments_name")),
    )
    op.create_index("ix_departments_org_path", "departments", ["org_path"], unique=False)
    op.create_table(
        "department_accounts",
        sa.Column("account_id", _ID, nullable=False),
        sa.Column("department_id", _ID, nullable=False),
        sa.ForeignKeyConstraint(
            ["account_id"],
            ["accounts.id"],
            name=op.f("fk_department_accounts_account_id_accounts"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["department_id"],
            ["departments.id"],
            name=op.f("fk_department_accounts_department_id_departments"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("account_id", name=op.f("pk_department_accounts")),
    )
    op.create_index(
        "ix_department_accounts_department_id",
        "department_accounts",
        ["department_id"],
        unique=False,
    )
    op.create_table(
        "petition_dispatches",
        sa.Column("id", _ID, nullable=False),
        sa.Column("petition_id", _ID, nullable=False),
        sa.Column("department_id", _ID, nullable=False),
        sa.Column("lead", sa.Boolean(), nullable=False),
        sa.Column("status", sa.String(length=32), nullable=False),
        sa.Column("deadline_at", _AT, nullable=False),
        sa.Column("dispatcher_account_id", _ID, nullable=False),
        sa.Column("dispatcher_org_id", _ID, nullable=False),
        sa.Column("dispatcher_org_path", _PATH, nullable=False),
        sa.Column("note", sa.String(length=500), nullable=True),
        sa.Column("answered_at", _AT, nullable=True),
        sa.Column("return_reason", sa.String(length=500), nullable=True),
        sa.Column("report", sa.Text(), nullable=True),
        sa.Column("reported_at", _AT, nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", _AT, nullable=False),
        sa.Column("updated_at", _AT, nullable=False),
        sa.ForeignKeyConstraint(
            ["petition_id"],
            ["petitions.id"],
            name=op.f("fk_petition_dispatches_petition_id_petitions"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["department_id"],
            ["departments.id"],
            name=op.f("fk_petition_dispatches_department_id_departments"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["dispatcher_account_id"],
            ["accounts.id"],
            name=op.f("fk_petition_dispatches_dispatcher_account_id_accounts"),
        ),
        sa.ForeignKeyConstraint(
            ["dispatcher_org_id"],
            ["organizations.id"],
            name=op.f("fk_petition_dispatches_dispatcher_org_id_organizations"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_petition_dispatches")),
    )
    op.create_index(
        "ix_petition_dispatches_petition_id", "petition_dispatches", ["petition_id"], unique=False
    )
    op.create_index(
        "ix_petition_dispatches_department_id",
        "petition_dispatches",
        ["department_id"],
        unique=False,
    )
    op.create_index(
        "ix_petition_dispatches_status_created_at",
        "petition_dispatches",
        ["status", "created_at"],
        unique=False,
    )
    op.create_table(
        "department_tallies",
        sa.Column("department_id", _ID, nullable=False),
        *(
            sa.Column(name, sa.Integer(), nullable=False)
            for name in (
                "dispatched",
                "returned",
                "answered",
                "on_time",
                "confirmed",
                "rated",
                "satisfied",
                "satisfaction",
            )
        ),
        sa.ForeignKeyConstraint(
            ["department_id"],
            ["departments.id"],
            name=op.f("fk_department_tallies_department_id_departments"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("department_id", name=op.f("pk_department_tallies")),
    )


def downgrade() -> None:
    op.drop_table("department_tallies")
    op.drop_index("ix_petition_dispatches_status_created_at", table_name="petition_dispatches")
    op.drop_index("ix_petition_dispatches_department_id", table_name="petition_dispatches")
    op.drop_index("ix_petition_dispatches_petition_id", table_name="petition_dispatches")
    op.drop_table("petition_dispatches")
    op.drop_index("ix_department_accounts_department_id", table_name="department_accounts")
    op.drop_table("department_accounts")
    op.drop_index("ix_departments_org_path", table_name="departments")
    op.drop_table("departments")
