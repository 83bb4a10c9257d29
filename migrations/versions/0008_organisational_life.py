"""organisational life 组织生活: party members' own accounts; meetings 三会一课 and 主题党日
with their kinds (seeded), attendance, timelines and tallies

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-06
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from db.meetings.kinds import default_kind_rows

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    op.create_table(
        "member_accounts",
        sa.Column("account_id", _ID, nullable=False),
        sa.Column("member_id", _ID, nullable=False),
        sa.ForeignKeyConstraint(
            ["account_id"],
            ["accounts.id"],
            name=op.f("fk_member_accounts_account_id_accounts"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["member_id"], ["members.id"], name=op.f("fk_member_accounts_member_id_members")
        ),
        sa.PrimaryKeyConstraint("account_id", name=op.f("pk_member_accounts")),
        sa.UniqueConstraint("member_id", name=op.f("uq_member_accounts_member_id")),
    )
    op.create_table(
        "meeting_kinds",
        sa.Column("code", sa.String(length=32), nullable=False),
        sa.Column("name", sa.String(length=32), nullable=False),
        sa.Column(
            "cadence",
            sa.Enum("monthly", "quarterly", name="meeting_cadence", native_enum=False, length=32),
            nullable=False,
        ),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("code", name=op.f("pk_meeting_kinds")),
    )
    op.create_table(
        "meeting_tallies",
        sa.Column(
            "org_path",
            sa.String(length=512).with_variant(sa.String(length=512, collation="C"), "postgresql"),
            nullable=False,
        ),
        sa.Column("month", sa.String(length=7), nullable=False),
        sa.Column("kind_code", sa.String(length=32), nullable=False),
        sa.Column("held", sa.Integer(), nullable=False),
        sa.Column("expected", sa.Integer(), nullable=False),
        sa.Column("present", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["kind_code"],
            ["meeting_kinds.code"],
            name=op.f("fk_meeting_tallies_kind_code_meeting_kinds"),
        ),
        sa.PrimaryKeyConstraint("org_path", "month", "kind_code", name=op.f("pk_meeting_tallies")),
    )
    op.create_table(
        "meetings",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("kind_code", sa.String(length=32), nullable=False),
        sa.Column(
            "organization_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False
        ),
        sa.Column(
            "org_path",
            sa.String(length=512).with_variant(sa.String(length=512, collation="C"), "postgresql"),
            nullable=False,
        ),
        sa.Column("topic", sa.String(length=200), nullable=False),
        sa.Column("starts_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column(
            "station_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=True
        ),
        sa.Column("address", sa.String(length=200), nullable=False),
        sa.Column(
            "status",
            sa.Enum(
                "scheduled",
                "held",
                "closed",
                "cancelled",
                name="meeting_status",
                native_enum=False,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("minutes", sa.Text(), nullable=True),
        sa.Column("resolutions", sa.Text(), nullable=True),
        sa.Column("attendees", sa.Integer(), nullable=False),
        sa.Column("excused", sa.Integer(), nullable=False),
        sa.Column("present", sa.Integer(), nullable=False),
        sa.Column("held_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("closed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column(
            "created_by_account_id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            nullable=True,
        ),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["created_by_account_id"],
            ["accounts.id"],
            name=op.f("fk_meetings_created_by_account_id_accounts"),
        ),
        sa.ForeignKeyConstraint(
            ["kind_code"], ["meeting_kinds.code"], name=op.f("fk_meetings_kind_code_meeting_kinds")
        ),
        sa.ForeignKeyConstraint(
            ["organization_id"],
            ["organizations.id"],
            name=op.f("fk_meetings_organization_id_organizations"),
        ),
        sa.ForeignKeyConstraint(
            ["station_id"], ["stations.id"], name=op.f("fk_meetings_station_id_stations")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_meetings")),
    )
    with op.batch_alter_table("meetings", schema=None) as batch_op:
        batch_op.create_index(
            "ix_meetings_org_path_starts_at", ["org_path", "starts_at"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_meetings_organization_id"), ["organization_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_meetings_station_id"), ["station_id"], unique=False)

    op.create_table(
        "meeting_attendances",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column(
            "meeting_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False
        ),
        sa.Column(
            "member_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False
        ),
        sa.Column(
            "status",
            sa.Enum(
                "expected",
                "leave_requested",
                "excused",
                "present",
                name="meeting_attendance_status",
                native_enum=False,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("leave_reason", sa.String(length=500), nullable=True),
        sa.Column("checked_in_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column(
            "check_in_method",
            sa.Enum(
                "self", "secretary", name="meeting_check_in_method", native_enum=False, length=32
            ),
            nullable=True,
        ),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["meeting_id"],
            ["meetings.id"],
            name=op.f("fk_meeting_attendances_meeting_id_meetings"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["member_id"], ["members.id"], name=op.f("fk_meeting_attendances_member_id_members")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_meeting_attendances")),
        sa.UniqueConstraint(
            "meeting_id", "member_id", name=op.f("uq_meeting_attendances_meeting_id")
        ),
    )
    with op.batch_alter_table("meeting_attendances", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_meeting_attendances_member_id"), ["member_id"], unique=False
        )

    op.create_table(
        "meeting_steps",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column(
            "meeting_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False
        ),
        sa.Column(
            "action",
            sa.Enum(
                "schedule",
                "hold",
                "record_minutes",
                "close",
                "cancel",
                "request_leave",
                "approve_leave",
                "refuse_leave",
                "check_in",
                name="meeting_action",
                native_enum=False,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column(
            "from_status",
            sa.Enum(
                "scheduled",
                "held",
                "closed",
                "cancelled",
                name="meeting_status",
                native_enum=False,
                length=32,
            ),
            nullable=True,
        ),
        sa.Column(
            "to_status",
            sa.Enum(
                "scheduled",
                "held",
                "closed",
                "cancelled",
                name="meeting_status",
                native_enum=False,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("member_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=True),
        sa.Column(
            "actor_account_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=True
        ),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["actor_account_id"],
            ["accounts.id"],
            name=op.f("fk_meeting_steps_actor_account_id_accounts"),
        ),
        sa.ForeignKeyConstraint(
            ["meeting_id"],
            ["meetings.id"],
            name=op.f("fk_meeting_steps_meeting_id_meetings"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["member_id"], ["members.id"], name=op.f("fk_meeting_steps_member_id_members")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_meeting_steps")),
    )
    with op.batch_alter_table("meeting_steps", schema=None) as batch_op:
        batch_op.create_index("ix_meeting_steps_meeting_id_id", ["meeting_id", "id"], unique=False)
    _seed_kinds()


def _seed_kinds() -> None:
    kinds = sa.table(
        "meeting_kinds",
        sa.column("code", sa.String),
        sa.column("name", sa.String),
        sa.column("cadence", sa.String),
        sa.column("position", sa.Integer),
    )
    op.bulk_insert(kinds, default_kind_rows())


def downgrade() -> None:
    with op.batch_alter_table("meeting_steps", schema=None) as batch_op:
        batch_op.drop_index("ix_meeting_steps_meeting_id_id")

    op.drop_table("meeting_steps")
    with op.batch_alter_table("meeting_attendances", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_meeting_attendances_member_id"))

    op.drop_table("meeting_attendances")
    with op.batch_alter_table("meetings", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_meetings_station_id"))
        batch_op.drop_index(batch_op.f("ix_meetings_organization_id"))
        batch_op.drop_index("ix_meetings_org_path_starts_at")

    op.drop_table("meetings")
    op.drop_table("meeting_tallies")
    op.drop_table("meeting_kinds")
    op.drop_table("member_accounts")
