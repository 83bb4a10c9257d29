"""petitions: categories (seeded with the default taxonomy), petitions, timelines, hot words

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-23
"""

from collections.abc import Sequence
from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

from db.petitions.categories import default_category_rows

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _seed_categories() -> None:
    categories = sa.table(
        "petition_categories",
        sa.column("id", sa.Integer()),
        sa.column("parent_id", sa.Integer()),
        sa.column("code", sa.String()),
        sa.column("name", sa.String()),
        sa.column("kind", sa.String()),
        sa.column("deadline_hours", sa.Integer()),
        sa.column("created_at", sa.DateTime(timezone=True)),
    )
    connection = op.get_bind()
    now = datetime.now(UTC)
    rows = default_category_rows()
    for children in (False, True):
        ids = dict(connection.execute(sa.select(categories.c.code, categories.c.id)).all())
        values = [
            {
                "code": row["code"],
                "name": row["name"],
                "kind": str(row["kind"]),
                "deadline_hours": row["deadline_hours"],
                "parent_id": ids.get(row.get("parent_code")),
                "created_at": now,
            }
            for row in rows
            if ("parent_code" in row) == children
        ]
        connection.execute(sa.insert(categories), values)


def upgrade() -> None:
    op.create_table(
        "petition_categories",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("parent_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=True),
        sa.Column("code", sa.String(length=64), nullable=False),
        sa.Column("name", sa.String(length=64), nullable=False),
        sa.Column(
            "kind",
            sa.Enum(
                "public_management",
                "public_service",
                "public_safety",
                "party_building",
                name="category_kind",
                native_enum=False,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("deadline_hours", sa.Integer(), nullable=False),
        sa.Column("retired_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["parent_id"],
            ["petition_categories.id"],
            name=op.f("fk_petition_categories_parent_id_petition_categories"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_petition_categories")),
        sa.UniqueConstraint("code", name=op.f("uq_petition_categories_code")),
    )
    op.create_table(
        "petition_word_counts",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column(
            "org_path",
            sa.String(length=512).with_variant(sa.String(length=512, collation="C"), "postgresql"),
            nullable=False,
        ),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("word", sa.String(length=32), nullable=False),
        sa.Column("count", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_petition_word_counts")),
        sa.UniqueConstraint(
            "org_path", "day", "word", name=op.f("uq_petition_word_counts_org_path")
        ),
    )
    op.create_table(
        "petitions",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("title", sa.String(length=100), nullable=False),
        sa.Column("content", sa.Text(), nullable=False),
        sa.Column(
            "category_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False
        ),
        sa.Column(
            "channel",
            sa.Enum(
                "app",
                "hotline",
                "station",
                "wechat",
                "other",
                name="channel",
                native_enum=False,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column(
            "status",
            sa.Enum(
                "submitted",
                "accepted",
                "assigned",
                "in_progress",
                "resolved",
                "rated",
                "closed",
                "rejected",
                name="petition_status",
                native_enum=False,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("grid_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column(
            "org_path",
            sa.String(length=512).with_variant(sa.String(length=512, collation="C"), "postgresql"),
            nullable=False,
        ),
        sa.Column(
            "handling_org_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False
        ),
        sa.Column(
            "handling_org_path",
            sa.String(length=512).with_variant(sa.String(length=512, collation="C"), "postgresql"),
            nullable=False,
        ),
        sa.Column(
            "handler_account_id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            nullable=True,
        ),
        sa.Column("handler_name", sa.String(length=64), nullable=True),
        sa.Column(
            "submitter_account_id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            nullable=True,
        ),
        sa.Column(
            "created_by_account_id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            nullable=False,
        ),
        sa.Column("idempotency_key", sa.String(length=64), nullable=True),
        sa.Column("request_hash", sa.String(length=64), nullable=True),
        sa.Column("anonymous", sa.Boolean(), nullable=False),
        sa.Column("contact_name", sa.String(length=64), nullable=True),
        sa.Column("contact_phone", sa.String(length=20), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("deadline_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("overdue_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("escalations", sa.Integer(), nullable=False),
        sa.Column("resolution", sa.Text(), nullable=True),
        sa.Column("resolved_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("handling_seconds", sa.Integer(), nullable=True),
        sa.Column("satisfaction", sa.Integer(), nullable=True),
        sa.Column("rating_comment", sa.String(length=500), nullable=True),
        sa.Column("reject_reason", sa.String(length=500), nullable=True),
        sa.Column("closed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["category_id"],
            ["petition_categories.id"],
            name=op.f("fk_petitions_category_id_petition_categories"),
        ),
        sa.ForeignKeyConstraint(
            ["created_by_account_id"],
            ["accounts.id"],
            name=op.f("fk_petitions_created_by_account_id_accounts"),
        ),
        sa.ForeignKeyConstraint(
            ["grid_id"], ["organizations.id"], name=op.f("fk_petitions_grid_id_organizations")
        ),
        sa.ForeignKeyConstraint(
            ["handler_account_id"],
            ["accounts.id"],
            name=op.f("fk_petitions_handler_account_id_accounts"),
        ),
        sa.ForeignKeyConstraint(
            ["handling_org_id"],
            ["organizations.id"],
            name=op.f("fk_petitions_handling_org_id_organizations"),
        ),
        sa.ForeignKeyConstraint(
            ["submitter_account_id"],
            ["accounts.id"],
            name=op.f("fk_petitions_submitter_account_id_accounts"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_petitions")),
        sa.UniqueConstraint(
            "created_by_account_id",
            "idempotency_key",
            name=op.f("uq_petitions_created_by_account_id"),
        ),
    )
    with op.batch_alter_table("petitions", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_petitions_category_id"), ["category_id"], unique=False)
        batch_op.create_index("ix_petitions_handling_org_path", ["handling_org_path"], unique=False)
        batch_op.create_index("ix_petitions_org_path_day", ["org_path", "day"], unique=False)
        batch_op.create_index(
            "ix_petitions_status_deadline_at", ["status", "deadline_at"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_petitions_submitter_account_id"), ["submitter_account_id"], unique=False
        )

    op.create_table(
        "petition_steps",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column(
            "petition_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False
        ),
        sa.Column(
            "action",
            sa.Enum(
                "submit",
                "accept",
                "assign",
                "start",
                "resolve",
                "rate",
                "close",
                "reject",
                "escalate",
                "reopen",
                "overdue",
                name="petition_action",
                native_enum=False,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column(
            "from_status",
            sa.Enum(
                "submitted",
                "accepted",
                "assigned",
                "in_progress",
                "resolved",
                "rated",
                "closed",
                "rejected",
                name="petition_status",
                native_enum=False,
                length=32,
            ),
            nullable=True,
        ),
        sa.Column(
            "to_status",
            sa.Enum(
                "submitted",
                "accepted",
                "assigned",
                "in_progress",
                "resolved",
                "rated",
                "closed",
                "rejected",
                name="petition_status",
                native_enum=False,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column(
            "actor_account_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=True
        ),
        sa.Column("actor_name", sa.String(length=64), nullable=True),
        sa.Column(
            "organization_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=True
        ),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["petition_id"],
            ["petitions.id"],
            name=op.f("fk_petition_steps_petition_id_petitions"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_petition_steps")),
    )
    with op.batch_alter_table("petition_steps", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_petition_steps_petition_id"), ["petition_id"], unique=False
        )

    _seed_categories()


def downgrade() -> None:
    with op.batch_alter_table("petition_steps", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_petition_steps_petition_id"))

    op.drop_table("petition_steps")
    with op.batch_alter_table("petitions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_petitions_submitter_account_id"))
        batch_op.drop_index("ix_petitions_status_deadline_at")
        batch_op.drop_index("ix_petitions_org_path_day")
        batch_op.drop_index("ix_petitions_handling_org_path")
        batch_op.drop_index(batch_op.f("ix_petitions_category_id"))

    op.drop_table("petitions")
    op.drop_table("petition_word_counts")
    op.drop_table("petition_categories")
