"""Every model imported in one place, so the metadata is complete for migrations."""

from db.accounts.models import AccountRow, MemberAccountRow, RoleBindingRow
from db.activities.models import ActivityRow, RegistrationRow
from db.audit import AuditEntryRow
from db.base import Base
from db.development.models import (
    DevelopmentContactRow,
    DevelopmentRow,
    DevelopmentStepRow,
    DevelopmentTrainingRow,
)
from db.dues.models import (
    DuesAccountRow,
    DuesBaseRow,
    DuesBracketRow,
    DuesPaidMonthRow,
    DuesPaymentMonthRow,
    DuesPaymentRow,
)
from db.dues.tallies import DuesTallyRow
from db.events.log import EventRow
from db.meetings.models import (
    MeetingAttendanceRow,
    MeetingKindRow,
    MeetingRow,
    MeetingStepRow,
)
from db.meetings.subtree_tallies import ComplianceTallyRow
from db.meetings.tallies import MeetingTallyRow
from db.members.models import MemberRow
from db.members.tallies import MemberTallyRow
from db.organizations.models import OrganizationRow
from db.organizations.outlines import OutlineRow
from db.petitions.models import PetitionCategoryRow, PetitionRow, PetitionStepRow
from db.petitions.tallies import PetitionTallyRow
from db.petitions.words import PetitionWordCountRow
from db.reminders.models import ReminderRow
from db.resources.models import ExchangeRow, ExchangeStepRow, NeedRow, ResourceRow
from db.stations.models import DeviceRow, StationLiveRow, StationRow
from db.stations.organization_hours import OrganizationHourRow, OrganizationHourServiceRow
from db.stations.telemetry import ReadingRow, StationHourRow, StationHourServiceRow
from db.units.models import AgreementRow, UnitAccountRow, UnitRow
from db.volunteers.models import HoursEntryRow, HoursTallyRow, VolunteerRow

__all__ = [
    "AccountRow",
    "ActivityRow",
    "AgreementRow",
    "AuditEntryRow",
    "Base",
    "ComplianceTallyRow",
    "DevelopmentContactRow",
    "DevelopmentRow",
    "DevelopmentStepRow",
    "DevelopmentTrainingRow",
    "DeviceRow",
    "DuesAccountRow",
    "DuesBaseRow",
    "DuesBracketRow",
    "DuesPaidMonthRow",
    "DuesPaymentMonthRow",
    "DuesPaymentRow",
    "DuesTallyRow",
    "EventRow",
    "ExchangeRow",
    "ExchangeStepRow",
    "HoursEntryRow",
    "HoursTallyRow",
    "MeetingAttendanceRow",
    "MeetingKindRow",
    "MeetingRow",
    "MeetingStepRow",
    "MeetingTallyRow",
    "MemberAccountRow",
    "MemberRow",
    "MemberTallyRow",
    "NeedRow",
    "OrganizationHourRow",
    "OrganizationHourServiceRow",
    "OrganizationRow",
    "OutlineRow",
    "PetitionCategoryRow",
    "PetitionRow",
    "PetitionStepRow",
    "PetitionTallyRow",
    "PetitionWordCountRow",
    "ReadingRow",
    "RegistrationRow",
    "ReminderRow",
    "ResourceRow",
    "RoleBindingRow",
    "StationHourRow",
    "StationHourServiceRow",
    "StationLiveRow",
    "StationRow",
    "UnitAccountRow",
    "UnitRow",
    "VolunteerRow",
]
