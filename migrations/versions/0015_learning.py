"""learning 网上党校 and 学习打卡: courses with materials and quizzes, members' study accounts,
sessions, the credit-hours ledger (minutes), their years, check-ins, quiz attempts and best
scores, the yearly requirement, and the kept figures per subtree and year

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-06
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0015"
down_revision: str | None = "0014"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "learning_requirements",
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("required_minutes", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("year", name=op.f("pk_learning_requirements")),
    )
    op.create_table(
        "learning_courses",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column(
            "organization_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False
        ),
        sa.Column(
            "org_path",
            sa.String(length=512).with_variant(sa.String(length=512, collation="C"), "postgresql"),
            nullable=False,
        ),
        sa.Column("title", sa.String(length=100), nullable=False),
        sa.Column("summary", sa.String(length=1000), nullable=False),
        sa.Column("suggested_minutes", sa.Integer(), nullable=False),
        sa.Column("question_count", sa.Integer(), nullable=False),
        sa.Column("max_score", sa.Integer(), nullable=False),
        sa.Column(
            "published_by_account_id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            nullable=True,
        ),
        sa.Column("published_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["organization_id"],
            ["organizations.id"],
            name=op.f("fk_learning_courses_organization_id_organizations"),
        ),
        sa.ForeignKeyConstraint(
            ["published_by_account_id"],
            ["accounts.id"],
            name=op.f("fk_learning_courses_published_by_account_id_accounts"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_learning_courses")),
    )
    with op.batch_alter_table("learning_courses", schema=None) as batch_op:
        batch_op.create_index("ix_learning_courses_org_path_id", ["org_path", "id"], unique=False)

    op.create_table(
        "learning_tallies",
        sa.Column(
            "organization_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False
        ),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("learners", sa.Integer(), nullable=False),
        sa.Column("members_met", sa.Integer(), nullable=False),
        sa.Column("minutes", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("checkins", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("sessions", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.ForeignKeyConstraint(
            ["organization_id"],
            ["organizations.id"],
            name=op.f("fk_learning_tallies_organization_id_organizations"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("organization_id", "year", name=op.f("pk_learning_tallies")),
    )
    op.create_table(
        "learning_accounts",
        sa.Column(
            "member_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False
        ),
        sa.Column(
            "organization_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False
        ),
        sa.Column(
            "org_path",
            sa.String(length=512).with_variant(sa.String(length=512, collation="C"), "postgresql"),
            nullable=False,
        ),
        sa.Column(
            "open_session_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=True
        ),
        sa.Column("last_finished_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("last_checkin_day", sa.Date(), nullable=True),
        sa.Column("current_streak", sa.Integer(), nullable=False),
        sa.Column("longest_streak", sa.Integer(), nullable=False),
        sa.Column("checkins", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["member_id"], ["members.id"], name=op.f("fk_learning_accounts_member_id_members")
        ),
        sa.ForeignKeyConstraint(
            ["organization_id"],
            ["organizations.id"],
            name=op.f("fk_learning_accounts_organization_id_organizations"),
        ),
        sa.PrimaryKeyConstraint("member_id", name=op.f("pk_learning_accounts")),
    )
    op.create_table(
        "learning_materials",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column(
            "course_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False
        ),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column(
            "kind",
            sa.Enum(
                "text",
                "video",
                "document",
                name="learning_material_kind",
                native_enum=False,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("title", sa.String(length=100), nullable=False),
        sa.Column("body", sa.Text(), nullable=True),
        sa.Column("url", sa.String(length=500), nullable=True),
        sa.ForeignKeyConstraint(
            ["course_id"],
            ["learning_courses.id"],
            name=op.f("fk_learning_materials_course_id_learning_courses"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_learning_materials")),
    )
    with op.batch_alter_table("learning_materials", schema=None) as batch_op:
        batch_op.create_index(
            "ix_learning_materials_course_id_position", ["course_id", "position"], unique=False
        )

    op.create_table(
        "learning_questions",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column(
            "course_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False
        ),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("text", sa.String(length=500), nullable=False),
        sa.Column("choices", sa.JSON(), nullable=False),
        sa.Column("correct", sa.JSON(), nullable=False),
        sa.Column("points", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["course_id"],
            ["learning_courses.id"],
            name=op.f("fk_learning_questions_course_id_learning_courses"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_learning_questions")),
    )
    with op.batch_alter_table("learning_questions", schema=None) as batch_op:
        batch_op.create_index(
            "ix_learning_questions_course_id_position", ["course_id", "position"], unique=False
        )

    op.create_table(
        "learning_checkins",
        sa.Column(
            "member_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False
        ),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column(
            "org_path",
            sa.String(length=512).with_variant(sa.String(length=512, collation="C"), "postgresql"),
            nullable=False,
        ),
        sa.Column("streak", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["member_id"],
            ["learning_accounts.member_id"],
            name=op.f("fk_learning_checkins_member_id_learning_accounts"),
        ),
        sa.PrimaryKeyConstraint("member_id", "day", name=op.f("pk_learning_checkins")),
    )
    op.create_table(
        "learning_quiz_attempts",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column(
            "member_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False
        ),
        sa.Column(
            "course_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False
        ),
        sa.Column("score", sa.Integer(), nullable=False),
        sa.Column("max_score", sa.Integer(), nullable=False),
        sa.Column("answers", sa.JSON(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["course_id"],
            ["learning_courses.id"],
            name=op.f("fk_learning_quiz_attempts_course_id_learning_courses"),
        ),
        sa.ForeignKeyConstraint(
            ["member_id"],
            ["learning_accounts.member_id"],
            name=op.f("fk_learning_quiz_attempts_member_id_learning_accounts"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_learning_quiz_attempts")),
    )
    with op.batch_alter_table("learning_quiz_attempts", schema=None) as batch_op:
        batch_op.create_index(
            "ix_learning_quiz_attempts_member_id_id", ["member_id", "id"], unique=False
        )

    op.create_table(
        "learning_quiz_best",
        sa.Column(
            "member_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False
        ),
        sa.Column(
            "course_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False
        ),
        sa.Column("best_score", sa.Integer(), nullable=False),
        sa.Column("max_score", sa.Integer(), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("best_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["course_id"],
            ["learning_courses.id"],
            name=op.f("fk_learning_quiz_best_course_id_learning_courses"),
        ),
        sa.ForeignKeyConstraint(
            ["member_id"],
            ["learning_accounts.member_id"],
            name=op.f("fk_learning_quiz_best_member_id_learning_accounts"),
        ),
        sa.PrimaryKeyConstraint("member_id", "course_id", name=op.f("pk_learning_quiz_best")),
    )
    op.create_table(
        "learning_sessions",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column(
            "member_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False
        ),
        sa.Column(
            "course_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False
        ),
        sa.Column(
            "org_path",
            sa.String(length=512).with_variant(sa.String(length=512, collation="C"), "postgresql"),
            nullable=False,
        ),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("finished_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("minutes", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["course_id"],
            ["learning_courses.id"],
            name=op.f("fk_learning_sessions_course_id_learning_courses"),
        ),
        sa.ForeignKeyConstraint(
            ["member_id"],
            ["learning_accounts.member_id"],
            name=op.f("fk_learning_sessions_member_id_learning_accounts"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_learning_sessions")),
    )
    with op.batch_alter_table("learning_sessions", schema=None) as batch_op:
        batch_op.create_index(
            "ix_learning_sessions_member_id_id", ["member_id", "id"], unique=False
        )

    op.create_table(
        "learning_years",
        sa.Column(
            "member_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False
        ),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column(
            "org_path",
            sa.String(length=512).with_variant(sa.String(length=512, collation="C"), "postgresql"),
            nullable=False,
        ),
        sa.Column("minutes", sa.Integer(), nullable=False),
        sa.Column("checkins", sa.Integer(), nullable=False),
        sa.Column("sessions", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["member_id"],
            ["learning_accounts.member_id"],
            name=op.f("fk_learning_years_member_id_learning_accounts"),
        ),
        sa.PrimaryKeyConstraint("member_id", "year", name=op.f("pk_learning_years")),
    )
    op.create_table(
        "learning_credits",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column(
            "member_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False
        ),
        sa.Column(
            "org_path",
            sa.String(length=512).with_variant(sa.String(length=512, collation="C"), "postgresql"),
            nullable=False,
        ),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column(
            "kind",
            sa.Enum(
                "session",
                "manual",
                "reversal",
                name="learning_credit_kind",
                native_enum=False,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("minutes", sa.Integer(), nullable=False),
        sa.Column(
            "session_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=True
        ),
        sa.Column("idempotency_key", sa.String(length=80), nullable=False),
        sa.Column(
            "reverses_entry_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=True
        ),
        sa.Column("note", sa.String(length=200), nullable=True),
        sa.Column(
            "created_by_account_id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            nullable=True,
        ),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["created_by_account_id"],
            ["accounts.id"],
            name=op.f("fk_learning_credits_created_by_account_id_accounts"),
        ),
        sa.ForeignKeyConstraint(
            ["member_id"],
            ["learning_accounts.member_id"],
            name=op.f("fk_learning_credits_member_id_learning_accounts"),
        ),
        sa.ForeignKeyConstraint(
            ["reverses_entry_id"],
            ["learning_credits.id"],
            name=op.f("fk_learning_credits_reverses_entry_id_learning_credits"),
        ),
        sa.ForeignKeyConstraint(
            ["session_id"],
            ["learning_sessions.id"],
            name=op.f("fk_learning_credits_session_id_learning_sessions"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_learning_credits")),
        sa.UniqueConstraint(
            "member_id", "idempotency_key", name=op.f("uq_learning_credits_member_id")
        ),
        sa.UniqueConstraint(
            "reverses_entry_id", name=op.f("uq_learning_credits_reverses_entry_id")
        ),
    )
    with op.batch_alter_table("learning_credits", schema=None) as batch_op:
        batch_op.create_index("ix_learning_credits_member_id_id", ["member_id", "id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("learning_credits", schema=None) as batch_op:
        batch_op.drop_index("ix_learning_credits_member_id_id")

    op.drop_table("learning_credits")
    op.drop_table("learning_years")
    with op.batch_alter_table("learning_sessions", schema=None) as batch_op:
        batch_op.drop_index("ix_learning_sessions_member_id_id")

    op.drop_table("learning_sessions")
    op.drop_table("learning_quiz_best")
    with op.batch_alter_table("learning_quiz_attempts", schema=None) as batch_op:
        batch_op.drop_index("ix_learning_quiz_attempts_member_id_id")

    op.drop_table("learning_quiz_attempts")
    op.drop_table("learning_checkins")
    with op.batch_alter_table("learning_questions", schema=None) as batch_op:
        batch_op.drop_index("ix_learning_questions_course_id_position")

    op.drop_table("learning_questions")
    with op.batch_alter_table("learning_materials", schema=None) as batch_op:
        batch_op.drop_index("ix_learning_materials_course_id_position")

    op.drop_table("learning_materials")
    op.drop_table("learning_accounts")
    op.drop_table("learning_tallies")
    with op.batch_alter_table("learning_courses", schema=None) as batch_op:
        batch_op.drop_index("ix_learning_courses_org_path_id")

    op.drop_table("learning_courses")
    op.drop_table("learning_requirements")
