"""Every kind of domain event, declared once: the log stores it, writers record it, the access
rules decide who hears of it, and the GraphQL enum `EventType` shows it to clients.

A new domain adds its events here, one member each: the stored value (`<entity>.<what
happened>`), what the event is about (its `EntityType`, the log's `entity_type`), and the
description clients read (None keeps an event internal: it is logged but never delivered).
A new entity type also needs its read permission in `resolvers/access.py` (EVENT_PERMISSIONS)
and, when delivered, its GraphQL event type in `schema/events/types.py`; every delivered event
type needs its typed payload declared in `schema/events/payloads/` (one small class: what the
event's `changes` hold, typed). tests/test_event_types.py and tests/test_event_payloads.py fail
until all exist.
"""

from __future__ import annotations

import enum
from typing import cast


class EntityType(enum.StrEnum):
    """What an event is about; a viewer hears of it with that entity's read permission."""

    ORGANIZATION = "organization"
    MEMBER = "member"
    PETITION = "petition"
    PETITION_CATEGORY = "petition_category"
    STATION = "station"
    # Telemetry's wake-ups for command-centre screens: one per station and batch, no figures.
    STATION_READINGS = "station_readings"
    # Co-building 区域化党建.
    ACTIVITY = "activity"
    NEED = "need"
    EXCHANGE = "exchange"
    UNIT = "unit"  # units, agreements and resources: logged and audited, not delivered
    # Functional departments 职能部门 and their staff: logged and audited, not delivered.
    DEPARTMENT = "department"
    VOLUNTEER = "volunteer"  # registrations and hours: personal, never delivered
    # Reminders 智慧提醒: personal; logged at the person's inbox (db/paths.py),
    # outside every subtree, and delivered only to that person by `reminderReceived`.
    REMINDER = "reminder"
    # A petition as the resident who raised it follows it: each of its steps is logged again
    # at that person's inbox and delivered only to them by `myPetitionChanged`.
    RAISED_PETITION = "raised_petition"
    # Organisational life 组织生活.
    MEETING = "meeting"
    # Dues 党费: a member's dues account (the entity id is the member's).
    DUES = "dues"
    # Transfers 组织关系转接: logged at the source branch and at the destination, so both
    # sides hear of each step.
    TRANSFER = "transfer"
    # Learning 网上党校: a published course; a member's study (the entity id is the member's),
    # heard by who reads members' study there, never by other members.
    COURSE = "course"
    STUDY = "study"
    LEARNING_REQUIREMENT = "learning_requirement"  # a year's required hours: audited only
    # Access 权限管理: API keys (logged at their scope) and accounts' standing (logged at the
    # places of their bindings), heard by the administrators there.
    API_KEY = "api_key"
    ACCOUNT = "account"
    # Evaluation 考核评价: a year's star ratings published by an upper organisation (the
    # entity id is that organisation's), heard by who reads evaluation there; frameworks,
    # manual entries and rating overrides are audited only.
    EVALUATION = "evaluation"
    EVALUATION_FRAMEWORK = "evaluation_framework"
    EVALUATION_RATING = "evaluation_rating"


class EventType(enum.StrEnum):
    """A kind of event: its stored value, what it is about, and its description for clients."""

    entity_type: EntityType
    description: str | None  # None: internal, never delivered to clients
    audited: bool  # also written to the audit log (who changed what)

    def __new__(
        cls,
        value: str,
        entity_type: EntityType,
        description: str | None,
        audited: bool = True,
    ) -> EventType:
        member = str.__new__(cls, value)
        member._value_ = value
        member.entity_type = entity_type
        member.description = description
        member.audited = audited
        return member

    ORGANIZATION_CREATED = (
        "organization.created",
        EntityType.ORGANIZATION,
        "新建组织 An organisation was created.",
    )
    ORGANIZATION_UPDATED = (
        "organization.updated",
        EntityType.ORGANIZATION,
        "组织信息变更 An organisation's name, code, kind or place changed.",
    )
    ORGANIZATION_MOVED = (
        "organization.moved",
        EntityType.ORGANIZATION,
        "组织迁移 An organisation moved, with its subtree.",
    )
    MEMBER_CREATED = (
        "member.created",
        EntityType.MEMBER,
        "人员登记 A person was registered: a Party member (`changes.status` probationary or full) "
        "or someone on the way to membership (applicant, activist, development target).",
    )
    MEMBER_UPDATED = (
        "member.updated",
        EntityType.MEMBER,
        "人员信息变更 A registered person's profile changed (a Party member's or a person on the "
        "way's).",
    )
    MEMBER_STATUS_CHANGED = (
        "member.status_changed",
        EntityType.MEMBER,
        "A person moved one step along the development pipeline 党员发展 (`changes.from`, "
        "`changes.to`); only a step to probationary makes them a Party member.",
    )
    MEMBER_DEVELOPMENT_RECORDED = (
        "member.development_recorded",
        EntityType.MEMBER,
        "A record was added to a person's development 党员发展 without changing their stage: "
        "an application date, a training, an extended probation (`changes.action`).",
    )
    STATION_CREATED = (
        "station.created",
        EntityType.STATION,
        "新建党群服务站 A service station was registered.",
    )
    STATION_UPDATED = (
        "station.updated",
        EntityType.STATION,
        "服务站信息变更 A station's details (hours, capacity, place…) changed.",
    )
    STATION_DEVICE_ADDED = (
        "station.device_added",
        EntityType.STATION,
        "新增服务站终端 A device was added to a station.",
    )
    # Derived from device reports and the clock, as often as they change: logged, not audited.
    STATION_STATUS_CHANGED = (
        "station.status_changed",
        EntityType.STATION,
        "服务站状态变化 A station's derived status changed (changes {from, to}).",
        False,
    )
    STATION_READINGS = ("station.readings", EntityType.STATION_READINGS, None, False)
    PETITION_CREATED = (
        "petition.created",
        EntityType.PETITION,
        "A petition was raised 诉求提交.",
    )
    PETITION_TRANSITIONED = (
        "petition.transitioned",
        EntityType.PETITION,
        "诉求流转 A petition took a workflow step.",
    )
    PETITION_OVERDUE = (
        "petition.overdue",
        EntityType.PETITION,
        "A petition passed its deadline 超期.",
    )
    PETITION_ESCALATED = (
        "petition.escalated",
        EntityType.PETITION,
        "A petition was escalated 上报 to the parent (changes {fromOrganizationId, "
        "toOrganizationId, level}).",
    )
    PETITION_SUPERVISED = (
        "petition.supervised",
        EntityType.PETITION,
        "An upper level supervises a petition 督办 (changes {supervisions, levelDeadlineAt}).",
    )
    PETITION_DISPATCHED = (
        "petition.dispatched",
        EntityType.PETITION,
        "A petition's dispatch 派单 to a functional department 职能部门 took a step: dispatched, "
        "accepted 接单, returned 退单, a co-handler's part 协办, reported 反馈 or confirmed 确认 "
        "(changes {action, from, to, version, dispatchId, departmentId, lead, dispatchStatus}); "
        "heard by the petition's places and the departments concerned.",
    )
    PETITION_MERGED = (
        "petition.merged",
        EntityType.PETITION,
        "A duplicate report was merged 合并 into a master petition (changes {masterId, "
        "reporters}: the master and how many residents reported the problem now).",
    )
    # The hot-word vocabulary 热词词表 changed (synonyms, stop words): audited, not delivered.
    PETITION_VOCABULARY_CHANGED = (
        "petition_vocabulary.changed",
        EntityType.PETITION_CATEGORY,
        None,
    )
    PETITION_CATEGORY_CREATED = (
        "petition_category.created",
        EntityType.PETITION_CATEGORY,
        None,
    )
    PETITION_CATEGORY_RETIRED = (
        "petition_category.retired",
        EntityType.PETITION_CATEGORY,
        None,
    )

    ACTIVITY_CREATED = (
        "activity.created",
        EntityType.ACTIVITY,
        "An activity was published 活动发布.",
    )
    ACTIVITY_CANCELLED = (
        "activity.cancelled",
        EntityType.ACTIVITY,
        "活动取消 An activity was cancelled.",
    )
    ACTIVITY_SIGN_UPS_CHANGED = (
        "activity.sign_ups_changed",
        EntityType.ACTIVITY,
        "Someone signed up 报名, cancelled or moved up from the waiting list (changes: "
        "signedUp, waitlisted, capacity; never who).",
    )
    ACTIVITY_STARTED = (
        "activity.started",
        EntityType.ACTIVITY,
        "An activity began 活动开始.",
        False,
    )
    ACTIVITY_ENDED = ("activity.ended", EntityType.ACTIVITY, "An activity ended 活动结束.", False)
    ACTIVITY_ATTENDANCE = (
        "activity.attendance",
        EntityType.ACTIVITY,
        "Someone checked in 签到 or out 签退 (changes: checkedIn; never who).",
    )
    NEED_POSTED = ("need.posted", EntityType.NEED, "A community posted a need 发布需求.")
    NEED_CHANGED = (
        "need.changed",
        EntityType.NEED,
        "社区需求状态变化 A need was claimed, fulfilled, reopened or withdrawn (changes {from, "
        "to}).",
    )
    EXCHANGE_OPENED = (
        "exchange.opened",
        EntityType.EXCHANGE,
        "A unit claimed a need 认领, or a community requested a resource 申请资源.",
    )
    EXCHANGE_STEPPED = (
        "exchange.stepped",
        EntityType.EXCHANGE,
        "对接流转 An exchange took a step: accepted, scheduled, delivered, rated or withdrawn.",
    )
    UNIT_REGISTERED = ("unit.registered", EntityType.UNIT, None)
    UNIT_AGREEMENT_SIGNED = ("unit.agreement_signed", EntityType.UNIT, None)
    UNIT_ACCOUNT_BOUND = ("unit.account_bound", EntityType.UNIT, None)
    DEPARTMENT_REGISTERED = ("department.registered", EntityType.DEPARTMENT, None)
    DEPARTMENT_ACCOUNT_BOUND = ("department.account_bound", EntityType.DEPARTMENT, None)
    RESOURCE_PUBLISHED = ("unit.resource_published", EntityType.UNIT, None)
    RESOURCE_CHANGED = ("unit.resource_changed", EntityType.UNIT, None)
    VOLUNTEER_REGISTERED = ("volunteer.registered", EntityType.VOLUNTEER, None)
    VOLUNTEER_CHANGED = ("volunteer.changed", EntityType.VOLUNTEER, None)
    REMINDER_CREATED = ("reminder.created", EntityType.REMINDER, None, False)
    PETITION_CHANGED_FOR_SUBMITTER = (
        "petition.changed_for_submitter",
        EntityType.RAISED_PETITION,
        None,
        False,
    )
    HOURS_RECORDED = ("volunteer.hours_recorded", EntityType.VOLUNTEER, None)
    MEETING_SCHEDULED = (
        "meeting.scheduled",
        EntityType.MEETING,
        "A branch scheduled a meeting 会议安排 (三会一课 or 主题党日; changes: kind, startsAt, "
        "attendees).",
    )
    MEETING_CHANGED = (
        "meeting.changed",
        EntityType.MEETING,
        "会议变更 A meeting was rescheduled, cancelled, closed, or its minutes recorded (changes: "
        "action, status, version).",
    )
    MEETING_HELD = (
        "meeting.held",
        EntityType.MEETING,
        "A meeting was held 会议召开 (changes: kind, month, expected, present).",
    )
    MEETING_ATTENDANCE = (
        "meeting.attendance",
        EntityType.MEETING,
        "An attendee asked for leave 请假, was excused or refused, or checked in 签到 (changes: "
        "action, excused, present; never who).",
    )
    DUES_BASE_DECLARED = (
        "dues.base_declared",
        EntityType.DUES,
        "A member's dues base 党费基数 was declared (changes: effectiveMonth; never the base).",
    )
    DUES_PAID = (
        "dues.paid",
        EntityType.DUES,
        "A member paid dues 缴纳党费 (changes: months paid; never amounts, which reveal income).",
    )
    DUES_REVERSED = (
        "dues.reversed",
        EntityType.DUES,
        "A dues payment was reversed 冲正 (changes: the months freed).",
    )
    TRANSFER_REQUESTED = (
        "transfer.requested",
        EntityType.TRANSFER,
        "A member's relation was asked to move 申请组织关系转接 (changes: outOfPlatform).",
    )
    TRANSFER_STEPPED = (
        "transfer.stepped",
        EntityType.TRANSFER,
        "A transfer took a step: approved with its letter 开具介绍信, accepted 接收 (the member "
        "moved), returned 退回, completed or cancelled (changes: action, status, version).",
    )
    COURSE_PUBLISHED = (
        "course.published",
        EntityType.COURSE,
        "A course was published 课程发布 to a subtree (changes: title, suggestedMinutes, "
        "questions).",
    )
    STUDY_SESSION_FINISHED = (
        "study.session_finished",
        EntityType.STUDY,
        "A member finished a study session 学习 (changes: course, minutes credited).",
    )
    STUDY_CHECKED_IN = (
        "study.checked_in",
        EntityType.STUDY,
        "A member checked in for the day 学习打卡 (changes: day, streak).",
    )
    STUDY_CREDITED = (
        "study.credited",
        EntityType.STUDY,
        "Study minutes were credited by the branch 集中学习 or an entry reversed 冲销 (changes: "
        "kind, minutes, year).",
    )
    LEARNING_REQUIREMENT_SET = (
        "learning_requirement.set",
        EntityType.LEARNING_REQUIREMENT,
        None,
    )
    QUIZ_SUBMITTED = (
        "study.quiz_submitted",
        EntityType.STUDY,
        "A member's quiz answers were scored 测验 (changes: course, score, maxScore).",
    )

    API_KEY_CREATED = (
        "api_key.created",
        EntityType.API_KEY,
        "An API key 接口密钥 was created for a partner or a service (never its secret).",
    )
    API_KEY_ROTATED = (
        "api_key.rotated",
        EntityType.API_KEY,
        "An API key's secret was rotated 轮换; the previous one works until the grace ends.",
    )
    API_KEY_REVOKED = (
        "api_key.revoked",
        EntityType.API_KEY,
        "An API key was revoked 吊销: both its secrets stopped working.",
    )
    API_KEY_DOCUMENTS_SET = (
        "api_key.documents_set",
        EntityType.API_KEY,
        "An API key was held to its own trusted documents 可信文档, or the hold was lifted.",
    )
    ACCOUNT_DISABLED = (
        "account.disabled",
        EntityType.ACCOUNT,
        "An account was disabled 停用账号: it can no longer sign in.",
    )
    ACCOUNT_ENABLED = (
        "account.enabled",
        EntityType.ACCOUNT,
        "A disabled account was enabled again 启用账号.",
    )
    EVALUATION_PUBLISHED = (
        "evaluation.published",
        EntityType.EVALUATION,
        "An upper organisation published its children's star ratings 星级评定 for a year "
        "(changes: year, ratings, frameworkVersion).",
    )
    EVALUATION_FRAMEWORK_CHANGED = (
        "evaluation_framework.changed",
        EntityType.EVALUATION_FRAMEWORK,
        None,
    )
    EVALUATION_VALUE_ENTERED = (
        "evaluation_framework.value_entered",
        EntityType.EVALUATION_FRAMEWORK,
        None,
    )
    EVALUATION_RATING_OVERRIDDEN = (
        "evaluation_rating.overridden",
        EntityType.EVALUATION_RATING,
        None,
    )

    @classmethod
    def of(cls, value: str) -> EventType:
        """The type of a stored event (its `type` column); KeyError for an unknown value."""
        return cast(EventType, cls._value2member_map_[value])

    @property
    def delivered(self) -> bool:
        """Whether clients receive events of this type (in the stream, and in GraphQL)."""
        return self.description is not None
