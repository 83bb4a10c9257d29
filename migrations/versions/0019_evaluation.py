"""evaluation 考核评价: indicator frameworks per year (versioned, frozen once used), their
indicators and manual entries, stored results with each indicator's score, the kept medians
portraits compare with, and star ratings' timelines

Revision ID: 0019
Revises: 0018
Create Date: 2026-12-07
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0019"
down_revision: str | None = "0018"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "evaluation_frameworks",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("level", sa.String(length=16), nullable=False),
        sa.Column("star_thresholds", sa.JSON(), nullable=False),
        sa.Column("frozen", sa.Boolean(), nullable=False),
        sa.Column(
            "copied_from_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=True
        ),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["copied_from_id"],
            ["evaluation_frameworks.id"],
            name=op.f("fk_evaluation_frameworks_copied_from_id_evaluation_frameworks"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_evaluation_frameworks")),
        sa.UniqueConstraint("year", "version", name=op.f("uq_evaluation_frameworks_year")),
    )
    op.create_table(
        "evaluation_indicator_scores",
        sa.Column(
            "framework_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False
        ),
        sa.Column(
            "organization_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False
        ),
        sa.Column(
            "indicator_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False
        ),
        sa.Column("raw", sa.Float(), nullable=True),
        sa.Column("points", sa.Float(), nullable=False),
        sa.Column("achievement", sa.Float(), nullable=False),
        sa.Column("figures", sa.JSON(), nullable=False),
        sa.Column("how", sa.String(length=500), nullable=False),
        sa.ForeignKeyConstraint(
            ["framework_id"],
            ["evaluation_frameworks.id"],
            name=op.f("fk_evaluation_indicator_scores_framework_id_evaluation_frameworks"),
        ),
        sa.PrimaryKeyConstraint(
            "framework_id",
            "organization_id",
            "indicator_id",
            name=op.f("pk_evaluation_indicator_scores"),
        ),
    )
    op.create_table(
        "evaluation_indicators",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column(
            "framework_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False
        ),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("category", sa.String(length=32), nullable=False),
        sa.Column("code", sa.String(length=32), nullable=False),
        sa.Column("name", sa.String(length=64), nullable=False),
        sa.Column(
            "kind",
            sa.Enum("positive", "negative", name="indicator_kind", native_enum=False, length=32),
            nullable=False,
        ),
        sa.Column(
            "direction",
            sa.Enum("higher", "lower", name="indicator_direction", native_enum=False, length=32),
            nullable=False,
        ),
        sa.Column("weight", sa.Float(), nullable=False),
        sa.Column("target", sa.Float(), nullable=False),
        sa.Column("cap", sa.Float(), nullable=False),
        sa.Column("period", sa.String(length=16), nullable=False),
        sa.Column("formula", sa.String(length=32), nullable=True),
        sa.ForeignKeyConstraint(
            ["framework_id"],
            ["evaluation_frameworks.id"],
            name=op.f("fk_evaluation_indicators_framework_id_evaluation_frameworks"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_evaluation_indicators")),
        sa.UniqueConstraint(
            "framework_id", "code", name=op.f("uq_evaluation_indicators_framework_id")
        ),
    )
    op.create_table(
        "evaluation_medians",
        sa.Column(
            "framework_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False
        ),
        sa.Column(
            "organization_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False
        ),
        sa.Column(
            "indicator_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False
        ),
        sa.Column("median", sa.Float(), nullable=False),
        sa.ForeignKeyConstraint(
            ["framework_id"],
            ["evaluation_frameworks.id"],
            name=op.f("fk_evaluation_medians_framework_id_evaluation_frameworks"),
        ),
        sa.PrimaryKeyConstraint(
            "framework_id", "organization_id", "indicator_id", name=op.f("pk_evaluation_medians")
        ),
    )
    op.create_table(
        "evaluation_results",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column(
            "framework_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False
        ),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column(
            "organization_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False
        ),
        sa.Column(
            "org_path",
            sa.String(length=512).with_variant(sa.String(length=512, collation="C"), "postgresql"),
            nullable=False,
        ),
        sa.Column("parent_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=True),
        sa.Column("total", sa.Float(), nullable=False),
        sa.Column("rank", sa.Integer(), nullable=False),
        sa.Column("siblings", sa.Integer(), nullable=False),
        sa.Column("standing", sa.Integer(), nullable=False),
        sa.Column("computed_stars", sa.Integer(), nullable=False),
        sa.Column("stars", sa.Integer(), nullable=False),
        sa.Column("override_reason", sa.String(length=500), nullable=True),
        sa.Column("published_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("computed_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["framework_id"],
            ["evaluation_frameworks.id"],
            name=op.f("fk_evaluation_results_framework_id_evaluation_frameworks"),
        ),
        sa.ForeignKeyConstraint(
            ["organization_id"],
            ["organizations.id"],
            name=op.f("fk_evaluation_results_organization_id_organizations"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_evaluation_results")),
        sa.UniqueConstraint(
            "framework_id", "organization_id", name=op.f("uq_evaluation_results_framework_id")
        ),
    )
    with op.batch_alter_table("evaluation_results", schema=None) as batch_op:
        batch_op.create_index(
            "ix_evaluation_results_framework_id_org_path",
            ["framework_id", "org_path"],
            unique=False,
        )
        batch_op.create_index(
            "ix_evaluation_results_organization_id_year", ["organization_id", "year"], unique=False
        )
        batch_op.create_index(
            "ix_evaluation_results_framework_id_standing",
            ["framework_id", "standing"],
            unique=False,
        )

    op.create_table(
        "evaluation_manual_entries",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column(
            "indicator_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False
        ),
        sa.Column(
            "organization_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False
        ),
        sa.Column("value", sa.Float(), nullable=False),
        sa.Column("note", sa.String(length=500), nullable=False),
        sa.Column("evidence", sa.String(length=500), nullable=False),
        sa.Column(
            "entered_by_account_id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            nullable=True,
        ),
        sa.Column("entered_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["entered_by_account_id"],
            ["accounts.id"],
            name=op.f("fk_evaluation_manual_entries_entered_by_account_id_accounts"),
        ),
        sa.ForeignKeyConstraint(
            ["indicator_id"],
            ["evaluation_indicators.id"],
            name=op.f("fk_evaluation_manual_entries_indicator_id_evaluation_indicators"),
        ),
        sa.ForeignKeyConstraint(
            ["organization_id"],
            ["organizations.id"],
            name=op.f("fk_evaluation_manual_entries_organization_id_organizations"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_evaluation_manual_entries")),
        sa.UniqueConstraint(
            "indicator_id",
            "organization_id",
            name=op.f("uq_evaluation_manual_entries_indicator_id"),
        ),
    )
    op.create_table(
        "evaluation_rating_steps",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column(
            "result_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False
        ),
        sa.Column(
            "action",
            sa.Enum(
                "computed",
                "overridden",
                "published",
                name="rating_action",
                native_enum=False,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("stars", sa.Integer(), nullable=False),
        sa.Column("reason", sa.String(length=500), nullable=True),
        sa.Column(
            "account_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=True
        ),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["account_id"],
            ["accounts.id"],
            name=op.f("fk_evaluation_rating_steps_account_id_accounts"),
        ),
        sa.ForeignKeyConstraint(
            ["result_id"],
            ["evaluation_results.id"],
            name=op.f("fk_evaluation_rating_steps_result_id_evaluation_results"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_evaluation_rating_steps")),
    )
    with op.batch_alter_table("evaluation_rating_steps", schema=None) as batch_op:
        batch_op.create_index(
            "ix_evaluation_rating_steps_result_id_id", ["result_id", "id"], unique=False
        )

    op.create_table(
        "evaluation_subtree_counts",
        sa.Column(
            "framework_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False
        ),
        sa.Column(
            "organization_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False
        ),
        sa.Column("results", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["framework_id"],
            ["evaluation_frameworks.id"],
            name=op.f("fk_evaluation_subtree_counts_framework_id_evaluation_frameworks"),
        ),
        sa.PrimaryKeyConstraint(
            "framework_id", "organization_id", name=op.f("pk_evaluation_subtree_counts")
        ),
    )


def downgrade() -> None:
    op.drop_table("evaluation_subtree_counts")
    with op.batch_alter_table("evaluation_rating_steps", schema=None) as batch_op:
        batch_op.drop_index("ix_evaluation_rating_steps_result_id_id")

    op.drop_table("evaluation_rating_steps")
    op.drop_table("evaluation_manual_entries")
    with op.batch_alter_table("evaluation_results", schema=None) as batch_op:
        batch_op.drop_index("ix_evaluation_results_framework_id_standing")
        batch_op.drop_index("ix_evaluation_results_organization_id_year")
        batch_op.drop_index("ix_evaluation_results_framework_id_org_path")

    op.drop_table("evaluation_results")
    op.drop_table("evaluation_medians")
    op.drop_table("evaluation_indicators")
    op.drop_table("evaluation_indicator_scores")
    op.drop_table("evaluation_frameworks")
