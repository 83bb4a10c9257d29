"""members leave the platform 组织关系转出: a dues account's last month due

Revision ID: 0018
Revises: 0017
Create Date: 2026-12-07

A transfer out of the platform, completed, now leaves the member on record as
`transferred_out` (a stored status value: no schema change) and closes their dues account after
the month they left (`closed_month`), so nothing is due from them after it and they are never
in arrears lists or reminders. Transfers completed before this stay as they were recorded.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0018"
down_revision: str | None = "0017"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("dues_accounts") as batch:
        batch.add_column(sa.Column("closed_month", sa.Date(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("dues_accounts") as batch:
        batch.drop_column("closed_month")
