"""The GraphQL surface's roots: every domain's queries, mutations and subscriptions.

The schema as served, with the transport's guards against heavy or malicious documents, is
built from them in transport/schema.py."""

from __future__ import annotations

import strawberry

from schema.accounts.mutations import AccountMutations
from schema.accounts.queries import AccountQueries
from schema.accounts.rate_limit import RateLimitQueries
from schema.activities.mutations import ActivityMutations
from schema.activities.queries import ActivityQueries
from schema.apikeys.mutations import ApiKeyMutations
from schema.apikeys.queries import ApiKeyQueries
from schema.departments.mutations import DepartmentMutations
from schema.departments.queries import DepartmentQueries
from schema.development.mutations import DevelopmentMutations
from schema.development.queries import DevelopmentQueries
from schema.dues.mutations import DuesMutations
from schema.dues.queries import DuesQueries
from schema.evaluation.mutations import EvaluationMutations
from schema.evaluation.queries import EvaluationQueries
from schema.events.payloads import PAYLOADS
from schema.events.queries import EventQueries
from schema.events.subscriptions import EventSubscriptions, StationStatusSubscriptions
from schema.events.types import (
    AccountEvent,
    ActivityEvent,
    ApiKeyEvent,
    CourseEvent,
    DuesEvent,
    EvaluationEvent,
    ExchangeEvent,
    MeetingEvent,
    MemberEvent,
    NeedEvent,
    OrganizationEvent,
    PetitionEvent,
    StationEvent,
    StudyEvent,
    TransferEvent,
)
from schema.learning.mutations import LearningMutations
from schema.learning.queries import LearningQueries
from schema.meetings.compliance import MeetingComplianceQueries
from schema.meetings.mutations import MeetingMutations
from schema.meetings.queries import MeetingQueries
from schema.meetings.screens import OrganizationalLifeQueries, OrganizationalLifeSubscriptions
from schema.members.mutations import MemberMutations
from schema.members.queries import MemberQueries
from schema.mobility.mutations import MobilityMutations
from schema.mobility.queries import MobilityQueries
from schema.node import NodeQueries
from schema.organizations.map import OrganizationMapQueries
from schema.organizations.mutations import OrganizationMutations
from schema.organizations.queries import OrganizationQueries
from schema.petitions.mine import MyPetitionQueries, MyPetitionSubscriptions
from schema.petitions.mutations import PetitionMutations
from schema.petitions.queries import PetitionQueries
from schema.petitions.statistics import PetitionStatisticsQueries, PetitionStatisticsSubscriptions
from schema.petitions.suggestions import PetitionMergeMutations, PetitionSuggestionQueries
from schema.petitions.vocabulary import HotWordVocabularyMutations, HotWordVocabularyQueries
from schema.presence.queries import PresenceQueries
from schema.reminders.mutations import ReminderMutations
from schema.reminders.queries import ReminderQueries
from schema.reminders.subscriptions import ReminderSubscriptions
from schema.resources.mutations import ResourceWallMutations
from schema.resources.queries import ResourceWallQueries
from schema.stations.awareness import AwarenessQueries
from schema.stations.mutations import StationMutations
from schema.stations.queries import StationQueries
from schema.stations.screens import StationSubscriptions
from schema.stations.telemetry import TelemetryMutations
from schema.transfers.mutations import TransferMutations
from schema.transfers.queries import TransferQueries
from schema.units.mutations import UnitMutations
from schema.units.queries import UnitQueries
from schema.volunteers.mutations import VolunteerMutations
from schema.volunteers.queries import VolunteerQueries


@strawberry.type(description="查询 Everything zhdj can be asked.")
class Query(
    NodeQueries,
    AccountQueries,
    RateLimitQueries,
    OrganizationQueries,
    MemberQueries,
    DevelopmentQueries,
    PetitionQueries,
    PetitionStatisticsQueries,
    DepartmentQueries,
    MyPetitionQueries,
    PetitionSuggestionQueries,
    HotWordVocabularyQueries,
    StationQueries,
    AwarenessQueries,
    EventQueries,
    OrganizationMapQueries,
    UnitQueries,
    ResourceWallQueries,
    ActivityQueries,
    VolunteerQueries,
    ReminderQueries,
    MeetingQueries,
    MeetingComplianceQueries,
    OrganizationalLifeQueries,
    DuesQueries,
    PresenceQueries,
    MobilityQueries,
    TransferQueries,
    LearningQueries,
    EvaluationQueries,
    ApiKeyQueries,
):
    pass


@strawberry.type(
    description="变更操作 Every change zhdj accepts; each is all-or-nothing and audited."
)
class Mutation(
    AccountMutations,
    OrganizationMutations,
    MemberMutations,
    DevelopmentMutations,
    PetitionMutations,
    DepartmentMutations,
    PetitionMergeMutations,
    HotWordVocabularyMutations,
    StationMutations,
    TelemetryMutations,
    UnitMutations,
    ResourceWallMutations,
    ActivityMutations,
    VolunteerMutations,
    ReminderMutations,
    MeetingMutations,
    DuesMutations,
    MobilityMutations,
    TransferMutations,
    LearningMutations,
    EvaluationMutations,
    ApiKeyMutations,
):
    pass


@strawberry.type(description="实时订阅 Live streams for screens and integrations.")
class Subscription(
    EventSubscriptions,
    PetitionStatisticsSubscriptions,
    StationStatusSubscriptions,
    StationSubscriptions,
    ReminderSubscriptions,
    MyPetitionSubscriptions,
    OrganizationalLifeSubscriptions,
):
    pass


# Types reached only through an interface (DomainEvent): listed so the schema holds them.
EXTRA_TYPES: list[type] = [
    OrganizationEvent,
    MemberEvent,
    PetitionEvent,
    StationEvent,
    ActivityEvent,
    NeedEvent,
    ExchangeEvent,
    MeetingEvent,
    DuesEvent,
    TransferEvent,
    CourseEvent,
    StudyEvent,
    ApiKeyEvent,
    AccountEvent,
    # each kind of event's typed payload, reached through the EventPayload interface
    *dict.fromkeys(declared.cls for declared in PAYLOADS.values()),
    EvaluationEvent,
]
