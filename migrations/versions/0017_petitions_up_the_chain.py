"""petitions climb the chain level by level 逐级上报, supervision 督办

Revision ID: 0017
Revises: 0011
Create Date: 2026-12-06

Each open petition gets the deadline of the level that holds it (`level_deadline_at`): its
own deadline while it was never overdue; for one already escalated (which, before this, stayed
overdue at its new level forever) the new level's default deadline counted from when it was
marked overdue, so the deadline job carries it on up to the district.
"""

from collections.abc import Sequence
from datetime import timedelta

import sqlalchemy as sa
from alembic import op

revision: str = "0017"
down_revision: str | None = "0011"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_OPEN = ("submitted", "accepted", "assigned", "in_progress")
# As resolvers/petitions/policy.py DEFAULT_LEVEL_DEADLINE_HOURS at the time of writing.
_LEVEL_HOURS = {"grid": 72.0, "community": 72.0, "street": 120.0, "district": 168.0}


def upgrade() -> None:
    with op.batch_alter_table("petitions", schema=None) as batch_op:
        batch_op.add_column(sa.Column("level_deadline_at", sa.DateTime(timezone=True)))
        batch_op.add_column(
            sa.Column("supervisions", sa.Integer(), nullable=False, server_default="0")
        )
        batch_op.add_column(sa.Column("supervised_at", sa.DateTime(timezone=True)))
        batch_op.add_column(sa.Column("supervisor_name", sa.String(length=64)))
        batch_op.add_column(sa.Column("supervision_note", sa.String(length=500)))
        batch_op.create_index(
            "ix_petitions_status_level_deadline_at", ["status", "level_deadline_at"], unique=False
        )
    petitions = sa.table(
        "petitions",
        sa.column("id", sa.Integer()),
        sa.column("status", sa.String()),
        sa.column("deadline_at", sa.DateTime(timezone=True)),
        sa.column("overdue_at", sa.DateTime(timezone=True)),
        sa.column("level_deadline_at", sa.DateTime(timezone=True)),
        sa.column("handling_org_id", sa.Integer()),
    )
    organizations = sa.table(
        "organizations", sa.column("id", sa.Integer()), sa.column("level", sa.String())
    )
    connection = op.get_bind()
    connection.execute(
        petitions.update()
        .where(petitions.c.status.in_(_OPEN), petitions.c.overdue_at.is_(None))
        .values(level_deadline_at=petitions.c.deadline_at)
    )
    stuck = connection.execute(
        sa.select(petitions.c.id, petitions.c.overdue_at, organizations.c.level)
        .join(organizations, organizations.c.id == petitions.c.handling_org_id)
        .where(petitions.c.status.in_(_OPEN), petitions.c.overdue_at.is_not(None))
    ).all()
    for petition_id, overdue_at, level in stuck:
        if level == "city":
            continue  # held above the district: nothing further happens
        hours = _LEVEL_HOURS.get(level or "community", _LEVEL_HOURS["community"])
        connection.execute(
            petitions.update()
            .where(petitions.c.id == petition_id)
            .values(level_deadline_at=overdue_at + timedelta(hours=hours))
        )


def downgrade() -> None:
    with op.batch_alter_table("petitions", schema=None) as batch_op:
        batch_op.drop_index("ix_petitions_status_level_deadline_at")
        batch_op.drop_column("supervision_note")
        batch_op.drop_column("supervisor_name")
        batch_op.drop_column("supervised_at")
        batch_op.drop_column("supervisions")
        batch_op.drop_column("level_deadline_at")
