"""petitions climb the chain level by level 逐级上报, supervision 督办, the seeds' taxonomy

Revision ID: 0017
Revises: 0016
Create Date: 2026-12-06

Each open petition gets the deadline of the level that holds it (`level_deadline_at`): its
own deadline while it was never overdue; for one already escalated (which, before this, stayed
overdue at its new level forever) the new level's default deadline counted from when it was
marked overdue, so the deadline job carries it on up to the district.

The taxonomy becomes the seeds' three major kinds with nineteen subcategories (party-building
stays a fourth kind), each with a default department's name: the missing ones are added, and
a subcategory that moved kind (噪音扰民, from 公共管理 to 公共安全) takes over the old one's
petitions, whose tallies follow them; the old one is retired. Timelines are untouched.
"""

from collections.abc import Sequence
from datetime import UTC, datetime, timedelta

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql, sqlite

revision: str = "0017"
down_revision: str | None = "0016"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_OPEN = ("submitted", "accepted", "assigned", "in_progress")
# As resolvers/petitions/policy.py DEFAULT_LEVEL_DEADLINE_HOURS at the time of writing.
_LEVEL_HOURS = {"grid": 72.0, "community": 72.0, "street": 120.0, "district": 168.0}


# The taxonomy as of this revision (frozen here: db/petitions/categories.py may move on).
# (code, name, kind, deadline hours, default department, parent code or None)
_TAXONOMY = (
    ("PM", "公共管理", "public_management", 120, "街道城市运行管理中心", None),
    ("PS", "公共服务", "public_service", 120, "街道社区事务受理服务中心", None),
    ("SF", "公共安全", "public_safety", 48, "公安派出所", None),
    ("PB", "党建服务", "party_building", 168, "街道党群服务中心", None),
    ("PM-ENV", "环境卫生", "public_management", 48, "区绿化和市容管理局", "PM"),
    ("PM-PROPERTY", "物业管理", "public_management", 72, "区房屋管理局", "PM"),
    ("PM-PARKING", "停车管理", "public_management", 72, "街道城管中队", "PM"),
    ("PM-BUILD", "违章搭建", "public_management", 168, "街道城管中队", "PM"),
    ("PM-GREEN", "绿化养护", "public_management", 120, "区绿化和市容管理局", "PM"),
    ("PM-ORDER", "市容秩序", "public_management", 48, "街道城管中队", "PM"),
    ("PM-HOUSING", "房屋修缮", "public_management", 120, "区房屋管理局", "PM"),
    ("PS-ELDER", "养老助餐", "public_service", 48, "区民政局", "PS"),
    ("PS-FACILITY", "设施维修", "public_service", 72, "街道社区事务受理服务中心", "PS"),
    ("PS-MEDICAL", "医疗卫生", "public_service", 72, "区卫生健康委员会", "PS"),
    ("PS-EDU", "教育托育", "public_service", 120, "区教育局", "PS"),
    ("PS-UTILITY", "水电燃气", "public_service", 24, "供水、供电、燃气公司", "PS"),
    ("PS-JOBS", "就业社保", "public_service", 120, "区人力资源和社会保障局", "PS"),
    ("PS-CONVENIENCE", "便民服务", "public_service", 72, "街道社区事务受理服务中心", "PS"),
    ("SF-SECURITY", "治安隐患", "public_safety", 24, "公安派出所", "SF"),
    ("SF-FIRE", "消防安全", "public_safety", 24, "消防救援站", "SF"),
    ("SF-TRAFFIC", "交通安全", "public_safety", 48, "公安交通警察支队", "SF"),
    ("SF-NOISE", "噪音扰民", "public_safety", 24, "公安派出所", "SF"),
    ("SF-FOOD", "食品安全", "public_safety", 48, "市场监督管理所", "SF"),
    ("PB-MEMBER", "党员服务", "party_building", 168, "街道党群服务中心", "PB"),
)
_MOVED = {"PM-NOISE": "SF-NOISE"}
_FIGURES = (
    "petitions",
    "resolved",
    "on_time",
    "handled",
    "handling_seconds",
    "rated",
    "satisfied",
    "satisfaction",
)
_CATEGORIES = sa.table(
    "petition_categories",
    sa.column("id", sa.Integer()),
    sa.column("parent_id", sa.Integer()),
    sa.column("code", sa.String()),
    sa.column("name", sa.String()),
    sa.column("kind", sa.String()),
    sa.column("deadline_hours", sa.Integer()),
    sa.column("default_department", sa.String()),
    sa.column("retired_at", sa.DateTime(timezone=True)),
    sa.column("created_at", sa.DateTime(timezone=True)),
)


def _taxonomy(connection: sa.Connection) -> None:
    """Add the missing categories, name every one's default department, move the petitions
    (and their tallies) of a subcategory that changed kind, and retire it."""
    c = _CATEGORIES.c
    now = datetime.now(UTC)
    for code, name, kind, hours, department, parent in _TAXONOMY:
        ids = dict(connection.execute(sa.select(c.code, c.id)).all())
        if code in ids:
            connection.execute(
                _CATEGORIES.update()
                .where(c.id == ids[code], c.default_department.is_(None))
                .values(default_department=department)
            )
            continue
        connection.execute(
            _CATEGORIES.insert().values(
                code=code,
                name=name,
                kind=kind,
                deadline_hours=hours,
                default_department=department,
                parent_id=ids.get(parent) if parent else None,
                created_at=now,
            )
        )
    ids = dict(connection.execute(sa.select(c.code, c.id)).all())
    for old, new in _MOVED.items():
        if old not in ids:
            continue  # a database seeded after the move never had it
        _move_petitions(connection, ids[old], ids[new])
        connection.execute(
            _CATEGORIES.update()
            .where(c.id == ids[old], c.retired_at.is_(None))
            .values(retired_at=now)
        )


_KEYS = ("organization_id", "day", "status")
_TALLIES = sa.table(
    "petition_tallies",
    *(sa.column(name) for name in (*_KEYS, "category_id", *_FIGURES)),
)


def _move_petitions(connection: sa.Connection, old: int, new: int) -> None:
    """The petitions of category `old` become `new`'s; the tallies' rows of `old` are added to
    `new`'s (rows of both for the same organisation, day and status are summed), then dropped."""
    petitions = sa.table("petitions", sa.column("category_id"))
    connection.execute(
        petitions.update().where(petitions.c.category_id == old).values(category_id=new)
    )
    t = _TALLIES.c
    dialect_insert = postgresql.insert if connection.dialect.name == "postgresql" else sqlite.insert
    moved = sa.select(
        *(t[name] for name in _KEYS), sa.literal(new), *(t[name] for name in _FIGURES)
    ).where(t.category_id == old)
    statement = dialect_insert(_TALLIES).from_select([*_KEYS, "category_id", *_FIGURES], moved)
    connection.execute(
        statement.on_conflict_do_update(
            index_elements=[*_KEYS, "category_id"],
            set_={name: t[name] + statement.excluded[name] for name in _FIGURES},
        )
    )
    connection.execute(_TALLIES.delete().where(t.category_id == old))


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
    with op.batch_alter_table("petition_categories", schema=None) as batch_op:
        batch_op.add_column(sa.Column("default_department", sa.String(length=64)))
    _taxonomy(op.get_bind())
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
    """The columns go; the categories, and the petitions' new categories, stay. Dropped in
    place (SQLite 3.35+ and PostgreSQL alike): recreating the tables, as batch mode would,
    trips the foreign keys that point at them."""
    op.drop_index("ix_petitions_status_level_deadline_at", table_name="petitions")
    for table, column in (
        ("petition_categories", "default_department"),
        ("petitions", "supervision_note"),
        ("petitions", "supervisor_name"),
        ("petitions", "supervised_at"),
        ("petitions", "supervisions"),
        ("petitions", "level_deadline_at"),
    ):
        op.execute(f"ALTER TABLE {table} DROP COLUMN {column}")
