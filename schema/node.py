"""`node(id:)` and `nodes(ids:)`: any object by its global ID, within the viewer's scope."""

from __future__ import annotations

import asyncio
from typing import Annotated

import strawberry

from resolvers.activities.reads import resolve_activity_by_id
from resolvers.departments.reads import resolve_department_by_id, resolve_dispatch_by_id
from resolvers.dues.reads import resolve_payment_by_id
from resolvers.errors import BadUserInput
from resolvers.evaluation.reads import resolve_framework_by_id, resolve_result_by_id
from resolvers.learning.courses import resolve_course_by_id
from resolvers.learning.reads import resolve_credit_by_id, resolve_session_by_id
from resolvers.meetings.reads import resolve_attendance_by_id, resolve_meeting_by_id
from resolvers.members.reads import resolve_member_by_id
from resolvers.mobility.reads import resolve_registration_by_id
from resolvers.organizations.reads import resolve_organization_by_id
from resolvers.petitions.reads import resolve_petition_by_id
from resolvers.reminders.reads import resolve_reminder_by_id
from resolvers.resources.reads import (
    resolve_exchange_by_id,
    resolve_need_by_id,
    resolve_resource_by_id,
)
from resolvers.transfers.reads import resolve_transfer_by_id
from resolvers.units.reads import resolve_unit_by_id
from resolvers.volunteers.reads import resolve_volunteer_by_id
from schema.activities.types import TYPE_NAME as ACTIVITY
from schema.activities.types import Activity
from schema.apikeys.types import TYPE_NAME as API_KEY
from schema.apikeys.types import resolve_api_key_node
from schema.departments.types import DISPATCH as PETITION_DISPATCH
from schema.departments.types import TYPE_NAME as DEPARTMENT
from schema.departments.types import Department, PetitionDispatch
from schema.dues.types import PAYMENT as DUES_PAYMENT
from schema.dues.types import DuesPayment
from schema.evaluation.types import FRAMEWORK as EVALUATION_FRAMEWORK
from schema.evaluation.types import RESULT as EVALUATION_RESULT
from schema.evaluation.types import EvaluationFramework, EvaluationResult
from schema.info import Info
from schema.learning.types import COURSE, CREDIT, SESSION, Course, StudyCredit, StudySession
from schema.meetings.types import ATTENDANCE as MEETING_ATTENDANCE
from schema.meetings.types import TYPE_NAME as MEETING
from schema.meetings.types import Meeting, MeetingAttendance
from schema.members.types import TYPE_NAME as MEMBER
from schema.members.types import Member
from schema.mobility.types import REGISTRATION, CommunityRegistration
from schema.organizations.types import TYPE_NAME as ORGANIZATION
from schema.organizations.types import Organization
from schema.petitions.types import CATEGORY as PETITION_CATEGORY
from schema.petitions.types import TYPE_NAME as PETITION
from schema.petitions.types import Petition, PetitionCategory
from schema.relay import Node, from_global_id
from schema.reminders.types import TYPE_NAME as REMINDER
from schema.reminders.types import Reminder
from schema.resources.types import (
    EXCHANGE,
    NEED,
    RESOURCE,
    CoBuildingExchange,
    CoBuildingNeed,
    CoBuildingResource,
)
from schema.stations.node import STATION, STATION_DEVICE, resolve_station_node
from schema.transfers.types import TYPE_NAME as TRANSFER
from schema.transfers.types import Transfer
from schema.units.types import TYPE_NAME as UNIT
from schema.units.types import CoBuildingUnit
from schema.volunteers.types import TYPE_NAME as VOLUNTEER
from schema.volunteers.types import Volunteer

MAX_NODES = 100


async def resolve_node(info: Info, global_id: str, field: str) -> Node | None:
    type_name, key = from_global_id(global_id, field=field)
    if type_name == ORGANIZATION:
        organization = await resolve_organization_by_id(info.context, key)
        return Organization.from_row(organization) if organization else None
    if type_name == MEMBER:
        member = await resolve_member_by_id(info.context, key)
        return Member.from_row(member) if member else None
    if type_name == REGISTRATION:
        registration = await resolve_registration_by_id(info.context, key)
        return CommunityRegistration.from_row(registration) if registration else None
    if type_name == PETITION:
        petition = await resolve_petition_by_id(info.context, key)
        return Petition.from_row(petition) if petition else None
    if type_name in (DEPARTMENT, PETITION_DISPATCH):
        return await resolve_department_node(info, type_name, key)
    if type_name == PETITION_CATEGORY:
        category = await info.context.loaders.petitions.category.load(key)
        return PetitionCategory.from_row(category) if category else None
    if type_name in (STATION, STATION_DEVICE):
        return await resolve_station_node(info, type_name, key)
    if type_name == REMINDER:
        reminder = await resolve_reminder_by_id(info.context, key)
        return Reminder.from_row(reminder) if reminder else None
    if type_name == MEETING:
        meeting = await resolve_meeting_by_id(info.context, key)
        return Meeting.from_row(meeting) if meeting else None
    if type_name == MEETING_ATTENDANCE:
        attendance = await resolve_attendance_by_id(info.context, key)
        return MeetingAttendance.from_row(attendance) if attendance else None
    if type_name == TRANSFER:
        transfer = await resolve_transfer_by_id(info.context, key)
        return Transfer.from_row(transfer) if transfer else None
    if type_name == DUES_PAYMENT:
        payment = await resolve_payment_by_id(info.context, key)
        return DuesPayment.from_row(payment) if payment else None
    if type_name in (COURSE, SESSION, CREDIT):
        return await resolve_learning_node(info, type_name, key)
    if type_name == API_KEY:
        return await resolve_api_key_node(info, key)
    if type_name in (EVALUATION_FRAMEWORK, EVALUATION_RESULT):
        return await resolve_evaluation_node(info, type_name, key)
    return await resolve_co_building_node(info, type_name, key)


async def resolve_department_node(info: Info, type_name: str, key: int) -> Node | None:
    """Functional departments (their staff, and who may read organisations where they serve)
    and dispatches (the department's staff, and who may read the petition)."""
    if type_name == DEPARTMENT:
        department = await resolve_department_by_id(info.context, key)
        return Department.from_row(department) if department else None
    dispatch = await resolve_dispatch_by_id(info.context, key)
    return PetitionDispatch.from_row(dispatch) if dispatch else None


async def resolve_evaluation_node(info: Info, type_name: str, key: int) -> Node | None:
    """Frameworks (whoever reads evaluation anywhere) and results (within that scope)."""
    if type_name == EVALUATION_FRAMEWORK:
        framework = await resolve_framework_by_id(info.context, key)
        return EvaluationFramework.from_row(framework) if framework else None
    result = await resolve_result_by_id(info.context, key)
    return EvaluationResult.from_row(result) if result else None


async def resolve_learning_node(info: Info, type_name: str, key: int) -> Node | None:
    """Courses (where the viewer reads them), and a member's sessions and credits (the member
    and who reads learning at their branch)."""
    if type_name == COURSE:
        course = await resolve_course_by_id(info.context, key)
        return Course.from_row(course) if course else None
    if type_name == SESSION:
        session = await resolve_session_by_id(info.context, key)
        return StudySession.from_row(session) if session else None
    credit = await resolve_credit_by_id(info.context, key)
    return StudyCredit.from_row(credit) if credit else None


async def resolve_co_building_node(info: Info, type_name: str, key: int) -> Node | None:
    """Units, the resource wall, activities and volunteers, each within its own read rule."""
    context = info.context
    if type_name == UNIT:
        unit = await resolve_unit_by_id(context, key)
        return CoBuildingUnit.from_row(unit) if unit else None
    if type_name == RESOURCE:
        resource = await resolve_resource_by_id(context, key)
        return CoBuildingResource.from_row(resource) if resource else None
    if type_name == NEED:
        need = await resolve_need_by_id(context, key)
        return CoBuildingNeed.from_row(need) if need else None
    if type_name == EXCHANGE:
        exchange = await resolve_exchange_by_id(context, key)
        return CoBuildingExchange.from_row(exchange) if exchange else None
    if type_name == ACTIVITY:
        activity = await resolve_activity_by_id(context, key)
        return Activity.from_row(activity) if activity else None
    if type_name == VOLUNTEER:
        volunteer = await resolve_volunteer_by_id(context, key)
        return Volunteer.from_row(volunteer) if volunteer else None
    return None


@strawberry.type
class NodeQueries:
    @strawberry.field(
        description="按标识查询对象 Any object by its global ID; null if unknown or not in scope."
    )
    async def node(
        self,
        info: Info,
        id: Annotated[strawberry.ID, strawberry.argument(description="标识 Its ID.")],
    ) -> Node | None:
        info.context.require_account()
        return await resolve_node(info, id, "id")

    @strawberry.field(
        description="按标识批量查询对象 Objects by global ID, in the order given (at most 100)."
    )
    async def nodes(
        self,
        info: Info,
        ids: Annotated[list[strawberry.ID], strawberry.argument(description="标识列表 Their IDs.")],
    ) -> list[Node | None]:
        info.context.require_account()
        if len(ids) > MAX_NODES:
            raise BadUserInput(f"Ask for at most {MAX_NODES} ids at a time.", field="ids")
        return list(await asyncio.gather(*(resolve_node(info, key, "ids") for key in ids)))
