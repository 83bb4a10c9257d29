"""Every model imported in one place, so the metadata is complete for migrations."""

from db.accounts.models import AccountRow, RoleBindingRow
from db.audit import AuditEntryRow
from db.base import Base
from db.events.log import EventRow
from db.members.models import MemberRow
from db.members.tallies import MemberTallyRow
from db.organizations.models import OrganizationRow
from db.petitions.models import PetitionCategoryRow, PetitionRow, PetitionStepRow
from db.petitions.tallies import PetitionTallyRow
from db.petitions.words import PetitionWordCountRow
from db.stations.models import DeviceRow, StationLiveRow, StationRow
from db.stations.organization_hours import OrganizationHourRow, OrganizationHourServiceRow
from db.stations.telemetry import ReadingRow, StationHourRow, StationHourServiceRow

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
