"""co-building 区域化党建: units and agreements, the resource wall, activities, volunteers and
their hours ledger, organisations' outlines

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-06
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "co_building_needs",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column(
            "organization_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False
        ),
        sa.Column(
            "org_path",
            sa.String(length=512).with_variant(sa.String(length=512, collation="C"), "postgresql"),
            nullable=False,
        ),
        sa.Column(
            "category",
            sa.Enum(
                "party_building",
                "mass_organization",
                "united_front",
                "culture",
                "commerce",
                "education",
                "health",
                "legal",
                "elderly",
                "children",
                "venue",
                "volunteering",
                "environment",
                "employment",
                "other",
                name="resource_category",
                native_enum=False,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("title", sa.String(length=100), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("people", sa.Integer(), nullable=False),
        sa.Column("needed_from", sa.Date(), nullable=False),
        sa.Column("needed_until", sa.Date(), nullable=False),
        sa.Column("requested_for", sa.String(length=100), nullable=True),
        sa.Column("longitude", sa.Float(), nullable=True),
        sa.Column("latitude", sa.Float(), nullable=True),
        sa.Column(
            "status",
            sa.Enum(
                "open",
                "claimed",
                "fulfilled",
                "withdrawn",
                name="need_status",
                native_enum=False,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("terms", sa.JSON(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column(
            "created_by_account_id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            nullable=False,
        ),
        sa.Column("idempotency_key", sa.String(length=64), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["created_by_account_id"],
            ["accounts.id"],
            name=op.f("fk_co_building_needs_created_by_account_id_accounts"),
        ),
        sa.ForeignKeyConstraint(
            ["organization_id"],
            ["organizations.id"],
            name=op.f("fk_co_building_needs_organization_id_organizations"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_co_building_needs")),
        sa.UniqueConstraint(
            "created_by_account_id",
            "idempotency_key",
            name=op.f("uq_co_building_needs_created_by_account_id"),
        ),
    )
    with op.batch_alter_table("co_building_needs", schema=None) as batch_op:
        batch_op.create_index(
            "ix_co_building_needs_org_path_status", ["org_path", "status"], unique=False
        )

    op.create_table(
        "co_building_units",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column(
            "sector",
            sa.Enum(
                "enterprise",
                "state_owned",
                "school",
                "hospital",
                "agency",
                "social_organization",
                "other",
                name="unit_sector",
                native_enum=False,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("contact_name", sa.String(length=64), nullable=False),
        sa.Column("contact_phone", sa.String(length=20), nullable=False),
        sa.Column("address", sa.String(length=200), nullable=True),
        sa.Column("longitude", sa.Float(), nullable=True),
        sa.Column("latitude", sa.Float(), nullable=True),
        sa.Column(
            "home_org_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False
        ),
        sa.Column(
            "home_path",
            sa.String(length=512).with_variant(sa.String(length=512, collation="C"), "postgresql"),
            nullable=False,
        ),
        sa.Column(
            "party_org_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=True
        ),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["home_org_id"],
            ["organizations.id"],
            name=op.f("fk_co_building_units_home_org_id_organizations"),
        ),
        sa.ForeignKeyConstraint(
            ["party_org_id"],
            ["organizations.id"],
            name=op.f("fk_co_building_units_party_org_id_organizations"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_co_building_units")),
        sa.UniqueConstraint("name", name=op.f("uq_co_building_units_name")),
    )
    with op.batch_alter_table("co_building_units", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_co_building_units_home_path"), ["home_path"], unique=False
        )

    op.create_table(
        "organization_outlines",
        sa.Column(
            "organization_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False
        ),
        sa.Column("geometry", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(
            ["organization_id"],
            ["organizations.id"],
            name=op.f("fk_organization_outlines_organization_id_organizations"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("organization_id", name=op.f("pk_organization_outlines")),
    )
    op.create_table(
        "volunteer_hour_tallies",
        sa.Column(
            "organization_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False
        ),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("minutes", sa.Integer(), nullable=False),
        sa.Column("entries", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["organization_id"],
            ["organizations.id"],
            name=op.f("fk_volunteer_hour_tallies_organization_id_organizations"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("organization_id", "day", name=op.f("pk_volunteer_hour_tallies")),
    )
    op.create_table(
        "activities",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("title", sa.String(length=100), nullable=False),
        sa.Column(
            "kind",
            sa.Enum(
                "themed_party_day",
                "volunteer_service",
                "culture",
                "training",
                "consultation",
                "sports",
                "other",
                name="activity_kind",
                native_enum=False,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column(
            "organization_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False
        ),
        sa.Column(
            "org_path",
            sa.String(length=512).with_variant(sa.String(length=512, collation="C"), "postgresql"),
            nullable=False,
        ),
        sa.Column("unit_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=True),
        sa.Column(
            "station_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=True
        ),
        sa.Column("address", sa.String(length=200), nullable=False),
        sa.Column("longitude", sa.Float(), nullable=False),
        sa.Column("latitude", sa.Float(), nullable=False),
        sa.Column("starts_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("ends_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("capacity", sa.Integer(), nullable=False),
        sa.Column(
            "audience",
            sa.Enum(
                "everyone",
                "party_members",
                "volunteers",
                "youth",
                "elderly",
                name="activity_audience",
                native_enum=False,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("credits_hours", sa.Boolean(), nullable=False),
        sa.Column("check_in_radius_meters", sa.Integer(), nullable=False),
        sa.Column(
            "status",
            sa.Enum("scheduled", "cancelled", name="activity_status", native_enum=False, length=32),
            nullable=False,
        ),
        sa.Column("signed_up", sa.Integer(), nullable=False),
        sa.Column("waitlisted", sa.Integer(), nullable=False),
        sa.Column("checked_in", sa.Integer(), nullable=False),
        sa.Column("feedback_count", sa.Integer(), nullable=False),
        sa.Column("feedback_sum", sa.Integer(), nullable=False),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("ended_at", sa.DateTime(timezone=True), nullable=True),
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
            name=op.f("fk_activities_created_by_account_id_accounts"),
        ),
        sa.ForeignKeyConstraint(
            ["organization_id"],
            ["organizations.id"],
            name=op.f("fk_activities_organization_id_organizations"),
        ),
        sa.ForeignKeyConstraint(
            ["station_id"], ["stations.id"], name=op.f("fk_activities_station_id_stations")
        ),
        sa.ForeignKeyConstraint(
            ["unit_id"],
            ["co_building_units.id"],
            name=op.f("fk_activities_unit_id_co_building_units"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_activities")),
    )
    with op.batch_alter_table("activities", schema=None) as batch_op:
        batch_op.create_index(
            "ix_activities_org_path_starts_at", ["org_path", "starts_at"], unique=False
        )
        batch_op.create_index(
            "ix_activities_starts_at_ends_at", ["starts_at", "ends_at"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_activities_station_id"), ["station_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_activities_unit_id"), ["unit_id"], unique=False)

    op.create_table(
        "co_building_agreements",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("unit_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column(
            "community_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False
        ),
        sa.Column(
            "community_path",
            sa.String(length=512).with_variant(sa.String(length=512, collation="C"), "postgresql"),
            nullable=False,
        ),
        sa.Column("starts_on", sa.Date(), nullable=False),
        sa.Column("ends_on", sa.Date(), nullable=True),
        sa.Column("content", sa.Text(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["community_id"],
            ["organizations.id"],
            name=op.f("fk_co_building_agreements_community_id_organizations"),
        ),
        sa.ForeignKeyConstraint(
            ["unit_id"],
            ["co_building_units.id"],
            name=op.f("fk_co_building_agreements_unit_id_co_building_units"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_co_building_agreements")),
        sa.UniqueConstraint(
            "unit_id", "community_id", "starts_on", name=op.f("uq_co_building_agreements_unit_id")
        ),
    )
    with op.batch_alter_table("co_building_agreements", schema=None) as batch_op:
        batch_op.create_index(
            "ix_co_building_agreements_community_path", ["community_path"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_co_building_agreements_unit_id"), ["unit_id"], unique=False
        )

    op.create_table(
        "co_building_resources",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("unit_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column(
            "category",
            sa.Enum(
                "party_building",
                "mass_organization",
                "united_front",
                "culture",
                "commerce",
                "education",
                "health",
                "legal",
                "elderly",
                "children",
                "venue",
                "volunteering",
                "environment",
                "employment",
                "other",
                name="resource_category",
                native_enum=False,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("title", sa.String(length=100), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("quantity", sa.Integer(), nullable=False),
        sa.Column("quantity_unit", sa.String(length=16), nullable=False),
        sa.Column("available_from", sa.Date(), nullable=False),
        sa.Column("available_until", sa.Date(), nullable=True),
        sa.Column("address", sa.String(length=200), nullable=True),
        sa.Column("longitude", sa.Float(), nullable=True),
        sa.Column("latitude", sa.Float(), nullable=True),
        sa.Column(
            "status",
            sa.Enum("open", "withdrawn", name="resource_status", native_enum=False, length=32),
            nullable=False,
        ),
        sa.Column("terms", sa.JSON(), nullable=False),
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
            name=op.f("fk_co_building_resources_created_by_account_id_accounts"),
        ),
        sa.ForeignKeyConstraint(
            ["unit_id"],
            ["co_building_units.id"],
            name=op.f("fk_co_building_resources_unit_id_co_building_units"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_co_building_resources")),
    )
    with op.batch_alter_table("co_building_resources", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_co_building_resources_unit_id"), ["unit_id"], unique=False
        )

    op.create_table(
        "co_building_unit_accounts",
        sa.Column(
            "account_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False
        ),
        sa.Column("unit_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.ForeignKeyConstraint(
            ["account_id"],
            ["accounts.id"],
            name=op.f("fk_co_building_unit_accounts_account_id_accounts"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["unit_id"],
            ["co_building_units.id"],
            name=op.f("fk_co_building_unit_accounts_unit_id_co_building_units"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("account_id", name=op.f("pk_co_building_unit_accounts")),
    )
    with op.batch_alter_table("co_building_unit_accounts", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_co_building_unit_accounts_unit_id"), ["unit_id"], unique=False
        )

    op.create_table(
        "volunteers",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column(
            "account_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False
        ),
        sa.Column("name", sa.String(length=64), nullable=False),
        sa.Column(
            "organization_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False
        ),
        sa.Column(
            "org_path",
            sa.String(length=512).with_variant(sa.String(length=512, collation="C"), "postgresql"),
            nullable=False,
        ),
        sa.Column("member_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=True),
        sa.Column("skills", sa.JSON(), nullable=False),
        sa.Column("availability", sa.String(length=200), nullable=True),
        sa.Column("total_minutes", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["account_id"], ["accounts.id"], name=op.f("fk_volunteers_account_id_accounts")
        ),
        sa.ForeignKeyConstraint(
            ["member_id"], ["members.id"], name=op.f("fk_volunteers_member_id_members")
        ),
        sa.ForeignKeyConstraint(
            ["organization_id"],
            ["organizations.id"],
            name=op.f("fk_volunteers_organization_id_organizations"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_volunteers")),
        sa.UniqueConstraint("account_id", name=op.f("uq_volunteers_account_id")),
        sa.UniqueConstraint("member_id", name=op.f("uq_volunteers_member_id")),
    )
    with op.batch_alter_table("volunteers", schema=None) as batch_op:
        batch_op.create_index(
            "ix_volunteers_org_path_total_minutes", ["org_path", "total_minutes"], unique=False
        )

    op.create_table(
        "activity_registrations",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column(
            "activity_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False
        ),
        sa.Column(
            "account_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False
        ),
        sa.Column(
            "volunteer_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False
        ),
        sa.Column(
            "status",
            sa.Enum(
                "confirmed",
                "waitlisted",
                "cancelled",
                name="registration_status",
                native_enum=False,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("code", sa.String(length=16), nullable=False),
        sa.Column("queued_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("confirmed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("cancelled_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("checked_in_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column(
            "check_in_method",
            sa.Enum(
                "self", "staff", "device", name="attendance_method", native_enum=False, length=32
            ),
            nullable=True,
        ),
        sa.Column("checked_out_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column(
            "check_out_method",
            sa.Enum(
                "self", "staff", "device", name="attendance_method", native_enum=False, length=32
            ),
            nullable=True,
        ),
        sa.Column("minutes", sa.Integer(), nullable=True),
        sa.Column("feedback_score", sa.Integer(), nullable=True),
        sa.Column("feedback_comment", sa.String(length=500), nullable=True),
        sa.ForeignKeyConstraint(
            ["account_id"],
            ["accounts.id"],
            name=op.f("fk_activity_registrations_account_id_accounts"),
        ),
        sa.ForeignKeyConstraint(
            ["activity_id"],
            ["activities.id"],
            name=op.f("fk_activity_registrations_activity_id_activities"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["volunteer_id"],
            ["volunteers.id"],
            name=op.f("fk_activity_registrations_volunteer_id_volunteers"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_activity_registrations")),
        sa.UniqueConstraint(
            "activity_id", "account_id", name=op.f("uq_activity_registrations_activity_id")
        ),
        sa.UniqueConstraint("code", name=op.f("uq_activity_registrations_code")),
    )
    with op.batch_alter_table("activity_registrations", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_activity_registrations_account_id"), ["account_id"], unique=False
        )
        batch_op.create_index(
            "ix_activity_registrations_activity_id_status_queued_at",
            ["activity_id", "status", "queued_at"],
            unique=False,
        )
        batch_op.create_index(
            batch_op.f("ix_activity_registrations_volunteer_id"), ["volunteer_id"], unique=False
        )

    op.create_table(
        "co_building_exchanges",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("unit_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("need_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=True),
        sa.Column(
            "resource_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=True
        ),
        sa.Column(
            "organization_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False
        ),
        sa.Column(
            "org_path",
            sa.String(length=512).with_variant(sa.String(length=512, collation="C"), "postgresql"),
            nullable=False,
        ),
        sa.Column(
            "status",
            sa.Enum(
                "posted",
                "claimed",
                "scheduled",
                "delivered",
                "rated_by_community",
                "rated_by_unit",
                "evaluated",
                "withdrawn",
                name="exchange_status",
                native_enum=False,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("scheduled_for", sa.DateTime(timezone=True), nullable=True),
        sa.Column("delivered_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("community_rating", sa.Integer(), nullable=True),
        sa.Column("community_comment", sa.String(length=500), nullable=True),
        sa.Column("unit_rating", sa.Integer(), nullable=True),
        sa.Column("unit_comment", sa.String(length=500), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column(
            "created_by_account_id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            nullable=False,
        ),
        sa.Column("idempotency_key", sa.String(length=64), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["created_by_account_id"],
            ["accounts.id"],
            name=op.f("fk_co_building_exchanges_created_by_account_id_accounts"),
        ),
        sa.ForeignKeyConstraint(
            ["need_id"],
            ["co_building_needs.id"],
            name=op.f("fk_co_building_exchanges_need_id_co_building_needs"),
        ),
        sa.ForeignKeyConstraint(
            ["organization_id"],
            ["organizations.id"],
            name=op.f("fk_co_building_exchanges_organization_id_organizations"),
        ),
        sa.ForeignKeyConstraint(
            ["resource_id"],
            ["co_building_resources.id"],
            name=op.f("fk_co_building_exchanges_resource_id_co_building_resources"),
        ),
        sa.ForeignKeyConstraint(
            ["unit_id"],
            ["co_building_units.id"],
            name=op.f("fk_co_building_exchanges_unit_id_co_building_units"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_co_building_exchanges")),
        sa.UniqueConstraint(
            "created_by_account_id",
            "idempotency_key",
            name=op.f("uq_co_building_exchanges_created_by_account_id"),
        ),
    )
    with op.batch_alter_table("co_building_exchanges", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_co_building_exchanges_need_id"), ["need_id"], unique=False
        )
        batch_op.create_index("ix_co_building_exchanges_org_path", ["org_path"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_co_building_exchanges_resource_id"), ["resource_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_co_building_exchanges_unit_id"), ["unit_id"], unique=False
        )

    op.create_table(
        "volunteer_hours",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column(
            "volunteer_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False
        ),
        sa.Column(
            "organization_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False
        ),
        sa.Column(
            "org_path",
            sa.String(length=512).with_variant(sa.String(length=512, collation="C"), "postgresql"),
            nullable=False,
        ),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("minutes", sa.Integer(), nullable=False),
        sa.Column(
            "kind",
            sa.Enum(
                "attendance",
                "correction",
                "reversal",
                name="hours_entry_kind",
                native_enum=False,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column(
            "activity_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=True
        ),
        sa.Column(
            "reverses_entry_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=True
        ),
        sa.Column("idempotency_key", sa.String(length=80), nullable=False),
        sa.Column("note", sa.String(length=200), nullable=True),
        sa.Column(
            "created_by_account_id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            nullable=True,
        ),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["activity_id"],
            ["activities.id"],
            name=op.f("fk_volunteer_hours_activity_id_activities"),
        ),
        sa.ForeignKeyConstraint(
            ["created_by_account_id"],
            ["accounts.id"],
            name=op.f("fk_volunteer_hours_created_by_account_id_accounts"),
        ),
        sa.ForeignKeyConstraint(
            ["organization_id"],
            ["organizations.id"],
            name=op.f("fk_volunteer_hours_organization_id_organizations"),
        ),
        sa.ForeignKeyConstraint(
            ["reverses_entry_id"],
            ["volunteer_hours.id"],
            name=op.f("fk_volunteer_hours_reverses_entry_id_volunteer_hours"),
        ),
        sa.ForeignKeyConstraint(
            ["volunteer_id"],
            ["volunteers.id"],
            name=op.f("fk_volunteer_hours_volunteer_id_volunteers"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_volunteer_hours")),
        sa.UniqueConstraint("idempotency_key", name=op.f("uq_volunteer_hours_idempotency_key")),
        sa.UniqueConstraint("reverses_entry_id", name=op.f("uq_volunteer_hours_reverses_entry_id")),
    )
    with op.batch_alter_table("volunteer_hours", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_volunteer_hours_activity_id"), ["activity_id"], unique=False
        )
        batch_op.create_index("ix_volunteer_hours_org_path_day", ["org_path", "day"], unique=False)
        batch_op.create_index(
            "ix_volunteer_hours_volunteer_id_day", ["volunteer_id", "day"], unique=False
        )

    op.create_table(
        "co_building_exchange_steps",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column(
            "exchange_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False
        ),
        sa.Column(
            "action",
            sa.Enum(
                "claim",
                "request",
                "accept",
                "schedule",
                "deliver",
                "rate",
                "withdraw",
                name="exchange_action",
                native_enum=False,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("side", sa.String(length=16), nullable=False),
        sa.Column(
            "from_status",
            sa.Enum(
                "posted",
                "claimed",
                "scheduled",
                "delivered",
                "rated_by_community",
                "rated_by_unit",
                "evaluated",
                "withdrawn",
                name="exchange_status",
                native_enum=False,
                length=32,
            ),
            nullable=True,
        ),
        sa.Column(
            "to_status",
            sa.Enum(
                "posted",
                "claimed",
                "scheduled",
                "delivered",
                "rated_by_community",
                "rated_by_unit",
                "evaluated",
                "withdrawn",
                name="exchange_status",
                native_enum=False,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column(
            "actor_account_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=True
        ),
        sa.Column("actor_name", sa.String(length=64), nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["exchange_id"],
            ["co_building_exchanges.id"],
            name=op.f("fk_co_building_exchange_steps_exchange_id_co_building_exchanges"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_co_building_exchange_steps")),
    )
    with op.batch_alter_table("co_building_exchange_steps", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_co_building_exchange_steps_exchange_id"), ["exchange_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("co_building_exchange_steps", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_co_building_exchange_steps_exchange_id"))

    op.drop_table("co_building_exchange_steps")
    with op.batch_alter_table("volunteer_hours", schema=None) as batch_op:
        batch_op.drop_index("ix_volunteer_hours_volunteer_id_day")
        batch_op.drop_index("ix_volunteer_hours_org_path_day")
        batch_op.drop_index(batch_op.f("ix_volunteer_hours_activity_id"))

    op.drop_table("volunteer_hours")
    with op.batch_alter_table("co_building_exchanges", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_co_building_exchanges_unit_id"))
        batch_op.drop_index(batch_op.f("ix_co_building_exchanges_resource_id"))
        batch_op.drop_index("ix_co_building_exchanges_org_path")
        batch_op.drop_index(batch_op.f("ix_co_building_exchanges_need_id"))

    op.drop_table("co_building_exchanges")
    with op.batch_alter_table("activity_registrations", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_activity_registrations_volunteer_id"))
        batch_op.drop_index("ix_activity_registrations_activity_id_status_queued_at")
        batch_op.drop_index(batch_op.f("ix_activity_registrations_account_id"))

    op.drop_table("activity_registrations")
    with op.batch_alter_table("volunteers", schema=None) as batch_op:
        batch_op.drop_index("ix_volunteers_org_path_total_minutes")

    op.drop_table("volunteers")
    with op.batch_alter_table("co_building_unit_accounts", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_co_building_unit_accounts_unit_id"))

    op.drop_table("co_building_unit_accounts")
    with op.batch_alter_table("co_building_resources", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_co_building_resources_unit_id"))

    op.drop_table("co_building_resources")
    with op.batch_alter_table("co_building_agreements", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_co_building_agreements_unit_id"))
        batch_op.drop_index("ix_co_building_agreements_community_path")

    op.drop_table("co_building_agreements")
    with op.batch_alter_table("activities", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_activities_unit_id"))
        batch_op.drop_index(batch_op.f("ix_activities_station_id"))
        batch_op.drop_index("ix_activities_starts_at_ends_at")
        batch_op.drop_index("ix_activities_org_path_starts_at")

    op.drop_table("activities")
    op.drop_table("volunteer_hour_tallies")
    op.drop_table("organization_outlines")
    with op.batch_alter_table("co_building_units", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_co_building_units_home_path"))

    op.drop_table("co_building_units")
    with op.batch_alter_table("co_building_needs", schema=None) as batch_op:
        batch_op.drop_index("ix_co_building_needs_org_path_status")

    op.drop_table("co_building_needs")
