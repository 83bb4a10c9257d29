"""The meeting workflow as a table: (status, action, actor) → next status.

Meeting steps (hold, minutes, close, cancel) are the secretary's, each a conditional update on
the meeting's version (CONFLICT when stale). Attendance steps (leave, its decision, check-in)
act on one attendee's row at its version; they leave the meeting's status as it is. Minutes
recorded after the close are allowed and stay on the timeline (a late edit leaves a trace).
"""

from __future__ import annotations

import enum

from db.meetings.models import AttendanceStatus, MeetingAction, MeetingStatus
from resolvers.errors import BadUserInput

S = MeetingStatus
A = MeetingAction


class Actor(enum.Enum):
    SECRETARY = "secretary"  # MANAGE_MEETINGS over the meeting's branch
    MEMBER = "member"  # the attendee themself (their own account)


TRANSITIONS: dict[tuple[MeetingStatus, MeetingAction, Actor], MeetingStatus] = {
    (S.SCHEDULED, A.HOLD, Actor.SECRETARY): S.HELD,
    (S.SCHEDULED, A.CANCEL, Actor.SECRETARY): S.CANCELLED,
    (S.HELD, A.RECORD_MINUTES, Actor.SECRETARY): S.HELD,
    (S.CLOSED, A.RECORD_MINUTES, Actor.SECRETARY): S.CLOSED,  # a late edit, on the timeline
    (S.HELD, A.CLOSE, Actor.SECRETARY): S.CLOSED,
    (S.SCHEDULED, A.REQUEST_LEAVE, Actor.MEMBER): S.SCHEDULED,
    **{
        (status, action, Actor.SECRETARY): status
        for status in (S.SCHEDULED, S.HELD)
        for action in (A.APPROVE_LEAVE, A.REFUSE_LEAVE, A.CHECK_IN)
    },
    **{(status, A.CHECK_IN, Actor.MEMBER): status for status in (S.SCHEDULED, S.HELD)},
}

# What an attendance step does to the attendee: the statuses it applies to → the new one.
ATTENDANCE: dict[MeetingAction, tuple[frozenset[AttendanceStatus], AttendanceStatus]] = {
    A.REQUEST_LEAVE: (
        frozenset({AttendanceStatus.EXPECTED, AttendanceStatus.LEAVE_REQUESTED}),
        AttendanceStatus.LEAVE_REQUESTED,
    ),
    A.APPROVE_LEAVE: (frozenset({AttendanceStatus.LEAVE_REQUESTED}), AttendanceStatus.EXCUSED),
    A.REFUSE_LEAVE: (frozenset({AttendanceStatus.LEAVE_REQUESTED}), AttendanceStatus.EXPECTED),
    A.CHECK_IN: (
        frozenset(
            {AttendanceStatus.EXPECTED, AttendanceStatus.LEAVE_REQUESTED, AttendanceStatus.EXCUSED}
        ),
        AttendanceStatus.PRESENT,
    ),
}


def allowed_actions(status: MeetingStatus, actor: Actor) -> list[MeetingAction]:
    return [a for (s, a, who) in TRANSITIONS if s == status and who is actor]


def next_status(status: MeetingStatus, action: MeetingAction, actor: Actor) -> MeetingStatus:
    """The status after the step; BAD_USER_INPUT naming the steps possible when it is not one."""
    found = TRANSITIONS.get((status, action, actor))
    if found is None:
        allowed = ", ".join(a.name for a in allowed_actions(status, actor)) or "none"
        raise BadUserInput(
            f"{action.name} is not a step a {status.name} meeting can take by its "
            f"{actor.value}; the steps it can take now: {allowed}.",
            field="id",
        )
    return found


def next_attendance(action: MeetingAction, current: AttendanceStatus) -> AttendanceStatus:
    applies_to, to = ATTENDANCE[action]
    if current not in applies_to:
        if action is A.CHECK_IN:
            raise BadUserInput("Already checked in: a member checks in once.", field="meetingId")
        raise BadUserInput(
            f"{action.name} does not apply to an attendee who is {current.name}.", field="id"
        )
    return to
