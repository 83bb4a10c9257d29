"""organisational life 组织生活: party members' own accounts

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-06
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

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


def downgrade() -> None:
    op.drop_table("member_accounts")
