"""stations: registry, devices, live state, raw readings and hourly roll-ups

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-23
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "stations",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column(
            "organization_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False
        ),
        sa.Column(
            "org_path",
            sa.String(length=512).with_variant(sa.String(length=512, collation="C"), "postgresql"),
            nullable=False,
        ),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("address", sa.String(length=200), nullable=False),
        sa.Column("longitude", sa.Float(), nullable=False),
        sa.Column("latitude", sa.Float(), nullable=False),
        sa.Column("capacity", sa.Integer(), nullable=False),
        sa.Column("opens_at", sa.Time(), nullable=False),
        sa.Column("closes_at", sa.Time(), nullable=False),
        sa.Column("open_weekdays", sa.Integer(), nullable=False),
        sa.Column("services", sa.JSON(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["organization_id"],
            ["organizations.id"],
            name=op.f("fk_stations_organization_id_organizations"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_stations")),
    )
    with op.batch_alter_table("stations", schema=None) as batch_op:
        batch_op.create_index(
            "ix_stations_longitude_latitude", ["longitude", "latitude"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_stations_org_path"), ["org_path"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_stations_organization_id"), ["organization_id"], unique=False
        )

    op.create_table(
        "station_devices",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column(
            "station_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False
        ),
        sa.Column(
            "kind",
            sa.Enum(
                "door_counter",
                "camera",
                "service_terminal",
                name="device_kind",
                native_enum=False,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("last_seq", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=True),
        sa.Column("last_seen_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("reports_online", sa.Boolean(), nullable=False),
        sa.Column("reports_online_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["station_id"],
            ["stations.id"],
            name=op.f("fk_station_devices_station_id_stations"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_station_devices")),
        sa.UniqueConstraint("token_hash", name=op.f("uq_station_devices_token_hash")),
    )
    with op.batch_alter_table("station_devices", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_station_devices_station_id"), ["station_id"], unique=False
        )

    op.create_table(
        "station_hour_services",
        sa.Column(
            "station_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False
        ),
        sa.Column("hour", sa.DateTime(timezone=True), nullable=False),
        sa.Column(
            "service_type",
            sa.Enum(
                "party_affairs",
                "social_security",
                "civil_affairs",
                "elderly_care",
                "employment",
                "legal_aid",
                "health",
                "volunteering",
                "petition_reception",
                "other",
                name="service_type",
                native_enum=False,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("served", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["station_id"],
            ["stations.id"],
            name=op.f("fk_station_hour_services_station_id_stations"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint(
            "station_id", "hour", "service_type", name=op.f("pk_station_hour_services")
        ),
    )
    op.create_table(
        "station_hours",
        sa.Column(
            "station_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False
        ),
        sa.Column("hour", sa.DateTime(timezone=True), nullable=False),
        sa.Column("local_hour", sa.SmallInteger(), nullable=False),
        sa.Column("readings", sa.Integer(), nullable=False),
        sa.Column("visitors_in", sa.Integer(), nullable=False),
        sa.Column("visitors_out", sa.Integer(), nullable=False),
        sa.Column("served", sa.Integer(), nullable=False),
        sa.Column("peak_occupancy", sa.Integer(), nullable=False),
        sa.Column("peak_queue", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["station_id"],
            ["stations.id"],
            name=op.f("fk_station_hours_station_id_stations"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("station_id", "hour", name=op.f("pk_station_hours")),
    )
    op.create_table(
        "station_live",
        sa.Column(
            "station_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False
        ),
        sa.Column(
            "status",
            sa.Enum(
                "open",
                "busy",
                "closed",
                "offline",
                name="station_status",
                native_enum=False,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("status_changed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("last_heartbeat_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("occupancy", sa.Integer(), nullable=False),
        sa.Column("occupancy_base_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("queue_length", sa.Integer(), nullable=False),
        sa.Column("queue_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("staff_on_duty", sa.Integer(), nullable=False),
        sa.Column("staff_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("reported_open", sa.Boolean(), nullable=True),
        sa.Column("reported_open_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["station_id"],
            ["stations.id"],
            name=op.f("fk_station_live_station_id_stations"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("station_id", name=op.f("pk_station_live")),
    )
    with op.batch_alter_table("station_live", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_station_live_last_heartbeat_at"), ["last_heartbeat_at"], unique=False
        )

    op.create_table(
        "station_readings",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column(
            "device_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False
        ),
        sa.Column("seq", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column(
            "station_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False
        ),
        sa.Column(
            "kind",
            sa.Enum(
                "entered",
                "left",
                "occupancy",
                "queue",
                "staff",
                "camera",
                "service",
                "open_state",
                "heartbeat",
                name="reading_kind",
                native_enum=False,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("value", sa.Integer(), nullable=False),
        sa.Column(
            "service_type",
            sa.Enum(
                "party_affairs",
                "social_security",
                "civil_affairs",
                "elderly_care",
                "employment",
                "legal_aid",
                "health",
                "volunteering",
                "petition_reception",
                "other",
                name="service_type",
                native_enum=False,
                length=32,
            ),
            nullable=True,
        ),
        sa.Column("occurred_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("received_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("occupancy_after", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["device_id"],
            ["station_devices.id"],
            name=op.f("fk_station_readings_device_id_station_devices"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["station_id"],
            ["stations.id"],
            name=op.f("fk_station_readings_station_id_stations"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_station_readings")),
        sa.UniqueConstraint("device_id", "seq", name=op.f("uq_station_readings_device_id")),
    )
    with op.batch_alter_table("station_readings", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_station_readings_occurred_at"), ["occurred_at"], unique=False
        )
        batch_op.create_index(
            "ix_station_readings_station_id_occurred_at",
            ["station_id", "occurred_at"],
            unique=False,
        )


def downgrade() -> None:
    with op.batch_alter_table("station_readings", schema=None) as batch_op:
        batch_op.drop_index("ix_station_readings_station_id_occurred_at")
        batch_op.drop_index(batch_op.f("ix_station_readings_occurred_at"))

    op.drop_table("station_readings")
    with op.batch_alter_table("station_live", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_station_live_last_heartbeat_at"))

    op.drop_table("station_live")
    op.drop_table("station_hours")
    op.drop_table("station_hour_services")
    with op.batch_alter_table("station_devices", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_station_devices_station_id"))

    op.drop_table("station_devices")
    with op.batch_alter_table("stations", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_stations_organization_id"))
        batch_op.drop_index(batch_op.f("ix_stations_org_path"))
        batch_op.drop_index("ix_stations_longitude_latitude")

    op.drop_table("stations")
