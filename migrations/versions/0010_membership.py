"""membership: the portrait's tallies count Party members only (probationary and full)

Revision ID: 0010
Revises: 0007
Create Date: 2026-12-06
"""

from collections.abc import Sequence

from alembic import op

from db.members.tallies import rebuild_member_tallies_now

revision: str = "0010"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # Gender, education, ethnicity, occupation and birth year now count Party members only;
    # the status dimension keeps every stage.
    rebuild_member_tallies_now(op.get_bind())


def downgrade() -> None:
    rebuild_member_tallies_now(op.get_bind(), every_stage=True)
