"""an API key's own trusted documents 可信文档

Revision ID: 0022
Revises: 0021
Create Date: 2026-12-07

A key may be limited to a list of document hashes (SHA-256, comma-separated): that key runs
only those documents. Null: the key runs any document the instance allows.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0022"
down_revision: str | None = "0021"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("api_keys") as batch:
        batch.add_column(sa.Column("trusted_documents", sa.Text(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("api_keys") as batch:
        batch.drop_column("trusted_documents")
