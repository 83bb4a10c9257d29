"""transfers 组织关系转接, and events concerning several places

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-06
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0013"
down_revision: str | None = "0012"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
_STATUSES = ("requested", "approved", "returned", "done", "cancelled")
_ACTIONS = ("request", "approve", "accept", "return", "complete", "cancel")
_PATH = sa.String(length=512).with_variant(sa.String(length=512, collation="C"), "postgresql")


def upgrade() -> None:
    with op.batch_alter_table("events", schema=None) as batch_op:
        batch_op.add_column(sa.Column("also_paths", sa.JSON(none_as_null=True), nullable=True))
    op.create_table(
        "event_places",
        sa.Column("org_path", _PATH, nullable=False),
        sa.Column("event_id", _ID, nullable=False),
        sa.ForeignKeyConstraint(
            ["event_id"],
            ["events.id"],
            name=op.f("fk_event_places_event_id_events"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("org_path", "event_id", name=op.f("pk_event_places")),
    )
    op.create_index("ix_event_places_event_id", "event_places", ["event_id"])
    op.create_table(
        "transfers",
        sa.Column("id", _ID, nullable=False),
        sa.Column("member_id", _ID, nullable=False),
        sa.Column("source_branch_id", _ID, nullable=False),
        sa.Column("source_path", _PATH, nullable=False),
        sa.Column("destination_branch_id", _ID, nullable=True),
        sa.Column("destination_path", _PATH, nullable=True),
        sa.Column("destination_text", sa.String(length=200), nullable=True),
        sa.Column("reason", sa.String(length=500), nullable=False),
        sa.Column(
            "status",
            sa.Enum(
                *_STATUSES,
                name="transfer_status",
                native_enum=False,
                create_constraint=False,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("letter_number", sa.String(length=64), nullable=True),
        sa.Column("return_reason", sa.String(length=500), nullable=True),
        sa.Column("requested_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("approved_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("answer_due_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("finished_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_by_account_id", _ID, nullable=True),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["member_id"], ["members.id"], name=op.f("fk_transfers_member_id_members")
        ),
        sa.ForeignKeyConstraint(
            ["source_branch_id"],
            ["organizations.id"],
            name=op.f("fk_transfers_source_branch_id_organizations"),
        ),
        sa.ForeignKeyConstraint(
            ["destination_branch_id"],
            ["organizations.id"],
            name=op.f("fk_transfers_destination_branch_id_organizations"),
        ),
        sa.ForeignKeyConstraint(
            ["created_by_account_id"],
            ["accounts.id"],
            name=op.f("fk_transfers_created_by_account_id_accounts"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_transfers")),
    )
    op.create_index("ix_transfers_member_id", "transfers", ["member_id"])
    op.create_index("ix_transfers_source_path_id", "transfers", ["source_path", "id"])
    op.create_index("ix_transfers_destination_path_id", "transfers", ["destination_path", "id"])
    op.create_index("ix_transfers_status_answer_due_at", "transfers", ["status", "answer_due_at"])
    op.create_table(
        "transfer_steps",
        sa.Column("id", _ID, nullable=False),
        sa.Column("transfer_id", _ID, nullable=False),
        sa.Column(
            "action",
            sa.Enum(
                *_ACTIONS,
                name="transfer_action",
                native_enum=False,
                create_constraint=False,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column(
            "from_status",
            sa.Enum(
                *_STATUSES,
                name="transfer_status",
                native_enum=False,
                create_constraint=False,
                length=32,
            ),
            nullable=True,
        ),
        sa.Column(
            "to_status",
            sa.Enum(
                *_STATUSES,
                name="transfer_status",
                native_enum=False,
                create_constraint=False,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("actor_account_id", _ID, nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["transfer_id"],
            ["transfers.id"],
            name=op.f("fk_transfer_steps_transfer_id_transfers"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["actor_account_id"],
            ["accounts.id"],
            name=op.f("fk_transfer_steps_actor_account_id_accounts"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_transfer_steps")),
    )
    op.create_index("ix_transfer_steps_transfer_id_id", "transfer_steps", ["transfer_id", "id"])


def downgrade() -> None:
    op.drop_table("transfer_steps")
    op.drop_table("transfers")
    op.drop_table("event_places")
    with op.batch_alter_table("events", schema=None) as batch_op:
        batch_op.drop_column("also_paths")
