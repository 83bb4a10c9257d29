"""Every model imported in one place, so the metadata is complete for migrations."""

from db.accounts.models import AccountRow, MemberAccountRow, RoleBindingRow
from db.activities.models import ActivityRow, RegistrationRow
from db.apikeys.models import ApiKeyRow
from db.audit import AuditEntryRow
from db.base import Base
from db.departments.models import DepartmentAccountRow, DepartmentRow, DispatchRow
from db.departments.tallies import DepartmentTallyRow
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
from db.evaluation.models import (
    FrameworkRow,
    IndicatorRow,
    IndicatorScoreRow,
    ManualEntryRow,
    MedianRow,
    RatingStepRow,
    ResultRow,
    SubtreeCountRow,
)
from db.events.log import EventPlaceRow, EventRow
from db.learning.models import (
    CheckInRow,
    CourseRow,
    CreditRow,
    MaterialRow,
    QuestionRow,
    QuizAttemptRow,
    QuizBestRow,
    RequirementRow,
    StudyAccountRow,
    StudySessionRow,
    StudyYearRow,
)
from db.learning.tallies import LearningTallyRow
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
from db.mobility.models import (
    CommunityRegistrationRow,
    MobilityRow,
    MobilityStepRow,
    RegistrationStepRow,
)
from db.organizations.models import OrganizationRow
from db.organizations.outlines import OutlineRow
from db.petitions.handling_hours import PetitionHandlingHourRow
from db.petitions.held_counts import PetitionHeldCountRow
from db.petitions.models import PetitionCategoryRow, PetitionRow, PetitionStepRow
from db.petitions.tallies import PetitionTallyRow
from db.petitions.vocabulary import HotWordStopRow, HotWordSynonymRow
from db.petitions.words import PetitionWordCountRow
from db.presence.models import PresenceMonthRow
from db.reminders.models import ReminderRow
from db.resources.models import ExchangeRow, ExchangeStepRow, NeedRow, ResourceRow
from db.stations.models import DeviceRow, StationLiveRow, StationRow
from db.stations.organization_hours import OrganizationHourRow, OrganizationHourServiceRow
from db.stations.telemetry import ReadingRow, StationHourRow, StationHourServiceRow
from db.transfers.models import TransferRow, TransferStepRow
from db.units.models import AgreementRow, UnitAccountRow, UnitRow
from db.volunteers.models import HoursEntryRow, HoursTallyRow, VolunteerRow

__all__ = [
    "AccountRow",
    "ActivityRow",
    "AgreementRow",
    "ApiKeyRow",
    "AuditEntryRow",
    "Base",
    "CheckInRow",
    "CommunityRegistrationRow",
    "ComplianceTallyRow",
    "CourseRow",
    "CreditRow",
    "DepartmentAccountRow",
    "DepartmentRow",
    "DepartmentTallyRow",
    "DevelopmentContactRow",
    "DevelopmentRow",
    "DevelopmentStepRow",
    "DevelopmentTrainingRow",
    "DeviceRow",
    "DispatchRow",
    "DuesAccountRow",
    "DuesBaseRow",
    "DuesBracketRow",
    "DuesPaidMonthRow",
    "DuesPaymentMonthRow",
    "DuesPaymentRow",
    "DuesTallyRow",
    "EventPlaceRow",
    "EventRow",
    "ExchangeRow",
    "ExchangeStepRow",
    "FrameworkRow",
    "HotWordStopRow",
    "HotWordSynonymRow",
    "HoursEntryRow",
    "HoursTallyRow",
    "IndicatorRow",
    "IndicatorScoreRow",
    "LearningTallyRow",
    "ManualEntryRow",
    "MaterialRow",
    "MedianRow",
    "MeetingAttendanceRow",
    "MeetingKindRow",
    "MeetingRow",
    "MeetingStepRow",
    "MeetingTallyRow",
    "MemberAccountRow",
    "MemberRow",
    "MemberTallyRow",
    "MobilityRow",
    "MobilityStepRow",
    "NeedRow",
    "OrganizationHourRow",
    "OrganizationHourServiceRow",
    "OrganizationRow",
    "OutlineRow",
    "PetitionCategoryRow",
    "PetitionHandlingHourRow",
    "PetitionHeldCountRow",
    "PetitionRow",
    "PetitionStepRow",
    "PetitionTallyRow",
    "PetitionWordCountRow",
    "PresenceMonthRow",
    "QuestionRow",
    "QuizAttemptRow",
    "QuizBestRow",
    "RatingStepRow",
    "ReadingRow",
    "RegistrationRow",
    "RegistrationStepRow",
    "ReminderRow",
    "RequirementRow",
    "ResourceRow",
    "ResultRow",
    "RoleBindingRow",
    "StationHourRow",
    "StationHourServiceRow",
    "StationLiveRow",
    "StationRow",
    "StudyAccountRow",
    "StudySessionRow",
    "StudyYearRow",
    "SubtreeCountRow",
    "TransferRow",
    "TransferStepRow",
    "UnitAccountRow",
    "UnitRow",
    "VolunteerRow",
]
