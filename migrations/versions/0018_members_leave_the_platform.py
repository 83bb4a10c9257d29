"""members leave the platform 组织关系转出 and the absent count is kept 口袋党员

Revision ID: 0018
Revises: 0017
Create Date: 2026-12-07

A transfer out of the platform, completed, now leaves the member on record as
`transferred_out` (a stored status value: no schema change) and closes their dues account after
the month they left (`dues_accounts.closed_month`), so nothing is due from them after it and
they are never in arrears lists or reminders. Transfers completed before this stay as they were
recorded.

Each member's last month with any presence (`members.last_present_month`) is counted from the
kept presence months, and the Party members of every subtree are tallied by it (member tallies,
dimension `last_present`), so `absentMembers.totalCount` is a range read at any scale.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from db.presence.last_present import rebuild_last_present_now

revision: str = "0018"
down_revision: str | None = "0017"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("dues_accounts") as batch:
        batch.add_column(sa.Column("closed_month", sa.Date(), nullable=True))
    with op.batch_alter_table("members") as batch:
        batch.add_column(sa.Column("last_present_month", sa.Date(), nullable=True))
    rebuild_last_present_now(op.get_bind())


def downgrade() -> None:
    op.execute(sa.text("DELETE FROM member_tallies WHERE dimension = 'last_present'"))
    with op.batch_alter_table("members") as batch:
        batch.drop_column("last_present_month")
    with op.batch_alter_table("dues_accounts") as batch:
        batch.drop_column("closed_month")
