"""Every model imported in one place, so the metadata is complete for migrations."""

from db.accounts import AccountRow, RoleBindingRow
from db.audit import AuditEntryRow
from db.base import Base
from db.events import EventRow
from db.member_tallies import MemberTallyRow
from db.members import MemberRow
from db.organization_hours import OrganizationHourRow, OrganizationHourServiceRow
from db.organizations import OrganizationRow
from db.petition_tallies import PetitionTallyRow
from db.petition_words import PetitionWordCountRow
from db.petitions import PetitionCategoryRow, PetitionRow, PetitionStepRow
from db.stations import DeviceRow, StationLiveRow, StationRow
from db.telemetry import ReadingRow, StationHourRow, StationHourServiceRow

__all__ = [
    "AccountRow",
    "AuditEntryRow",
    "Base",
    "DeviceRow",
    "EventRow",
    "MemberRow",
    "MemberTallyRow",
    "OrganizationHourRow",
    "OrganizationHourServiceRow",
    "OrganizationRow",
    "PetitionCategoryRow",
    "PetitionRow",
    "PetitionStepRow",
    "PetitionTallyRow",
    "PetitionWordCountRow",
    "ReadingRow",
    "RoleBindingRow",
    "StationHourRow",
    "StationHourServiceRow",
    "StationLiveRow",
    "StationRow",
]
