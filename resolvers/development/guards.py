"""The guards of the development pipeline 党员发展: minimum durations and required records.

Each guard raises BAD_USER_INPUT naming what is missing, the field at fault, and, for a
duration, the day the step becomes possible. They read the person's development row as
it is under the step's lock.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from db.development.models import DevelopmentRow
from resolvers.development.workflow import months_after, one_year_after
from resolvers.errors import BadUserInput

CONTACTS = 2  # 两名正式党员作培养联系人
APPROVAL_MONTHS = 3  # the higher committee approves within three months of the vote
EXTENSION_MONTHS = (6, 12)  # probation is extended by half a year to a year, once


@dataclass(frozen=True, slots=True)
class Person:
    """What the guards need to know of the person beyond their development row."""

    name: str
    birth_date: date
    contacts: int
    trainings: int


def eighteenth_birthday(birth: date) -> date:
    return months_after(birth, 18 * 12)


def _not_future(day: date, today: date, field: str) -> None:
    if day > today:
        raise BadUserInput(
            f"`{field}` {day} is in the future; give a day up to {today}.", field=field
        )


def _not_before(day: date, earliest: date, field: str, what: str) -> None:
    if day < earliest:
        raise BadUserInput(
            f"`{field}` {day} is before {what} ({earliest}); give {earliest} or later.",
            field=field,
        )


def check_application(person: Person, applied_on: date, today: date) -> None:
    _not_future(applied_on, today, "appliedOn")
    adult = eighteenth_birthday(person.birth_date)
    if applied_on < adult:
        raise BadUserInput(
            f"{person.name} turns 18 on {adult}; an application 入党申请 counts from then: "
            f"give `appliedOn` {adult} or later.",
            field="appliedOn",
        )


def check_activist(row: DevelopmentRow, person: Person, on: date, today: date) -> None:
    if row.applied_on is None:
        raise BadUserInput(
            f"{person.name} has no application date 入党申请日期 recorded: record it with "
            "recordDevelopmentApplication first.",
            field="id",
        )
    _not_future(on, today, "on")
    _not_before(on, row.applied_on, "on", "the application")


def check_contacts(contact_ids: list[int]) -> None:
    if len(set(contact_ids)) != CONTACTS:
        raise BadUserInput(
            f"An activist needs exactly {CONTACTS} different contacts 培养联系人 (full members); "
            f"{len(set(contact_ids))} given.",
            field="contactIds",
        )


def check_training(row: DevelopmentRow, held_on: date, hours: int, today: date) -> None:
    _not_future(held_on, today, "heldOn")
    if row.activist_since is not None:
        _not_before(held_on, row.activist_since, "heldOn", "the day they became an activist")
    if not 1 <= hours <= 200:
        raise BadUserInput("`hours` must be between 1 and 200 class hours.", field="hours")


def check_target(
    row: DevelopmentRow, person: Person, on: date, review_on: date, today: date
) -> None:
    if row.activist_since is None:
        raise BadUserInput(
            f"{person.name} has no activist date 确定为积极分子日期 recorded; a development "
            "target needs a year as an activist from a recorded date.",
            field="id",
        )
    _not_future(on, today, "on")
    possible = one_year_after(row.activist_since)
    if on < possible:
        raise BadUserInput(
            f"{person.name} has been an activist since {row.activist_since}; a development "
            f"target 发展对象 needs at least a year as an activist: possible from {possible}.",
            field="on",
        )
    if person.contacts < CONTACTS:
        raise BadUserInput(
            f"{person.name} has {person.contacts} of the {CONTACTS} contacts 培养联系人 an "
            "activist needs; assign them before this step.",
            field="id",
        )
    if person.trainings < 1:
        raise BadUserInput(
            f"{person.name} has no training record 培训记录; record one with "
            "recordDevelopmentTraining before this step.",
            field="id",
        )
    _not_future(review_on, today, "politicalReviewOn")
    _not_before(review_on, row.activist_since, "politicalReviewOn", "the activist date")
    if review_on > on:
        raise BadUserInput(
            f"The political review 政治审查 ({review_on}) must be done by the day they become a "
            f"development target ({on}).",
            field="politicalReviewOn",
        )


def check_vote(votes_for: int, votes_against: int, votes_abstain: int) -> None:
    for field, value in (
        ("votesFor", votes_for),
        ("votesAgainst", votes_against),
        ("votesAbstain", votes_abstain),
    ):
        if not 0 <= value <= 10_000:
            raise BadUserInput(f"`{field}` must be between 0 and 10000.", field=field)
    cast = votes_for + votes_against + votes_abstain
    if votes_for * 2 <= cast:
        raise BadUserInput(
            f"The branch meeting's vote did not pass: {votes_for} for of {cast} votes; "
            "admission needs more than half in favour 赞成票超过半数.",
            field="votesFor",
        )


def check_probationary(
    row: DevelopmentRow, person: Person, vote_on: date, approved_on: date, today: date
) -> None:
    if row.target_since is None or row.activist_since is None:
        raise BadUserInput(
            f"{person.name} has no development-target date 列为发展对象日期 recorded; make them a "
            "development target with admitDevelopmentTarget first.",
            field="id",
        )
    possible = max(one_year_after(row.activist_since), row.target_since)
    if vote_on < possible:
        raise BadUserInput(
            f"{person.name} has been an activist since {row.activist_since} and a development "
            f"target since {row.target_since}; the branch meeting may vote 支部大会讨论 on "
            f"admission only after a full year as an activist: possible from {possible}.",
            field="voteOn",
        )
    _not_future(vote_on, today, "voteOn")
    _not_before(approved_on, vote_on, "approvedOn", "the branch meeting's vote")
    _not_future(approved_on, today, "approvedOn")
    latest = months_after(vote_on, APPROVAL_MONTHS)
    if approved_on > latest:
        raise BadUserInput(
            f"The higher committee approves 上级党委审批 within {APPROVAL_MONTHS} months of the "
            f"vote, by {latest}; hold a new vote.",
            field="approvedOn",
        )


def _probation(row: DevelopmentRow, person: Person) -> date:
    if row.probation_ends_on is None:
        raise BadUserInput(
            f"{person.name} has no probation dates 预备期 recorded; they were not admitted "
            "through admitProbationary.",
            field="id",
        )
    return row.probation_ends_on


def check_confirmation(row: DevelopmentRow, person: Person, on: date, today: date) -> None:
    ends = _probation(row, person)
    _not_future(on, today, "on")
    if on < ends:
        raise BadUserInput(
            f"{person.name}'s probation 预备期 runs until {ends}; full membership 转正 is "
            f"possible from {ends}.",
            field="on",
        )


def check_extension(
    row: DevelopmentRow, person: Person, on: date, months: int, today: date
) -> None:
    ends = _probation(row, person)
    if row.probation_extended:
        raise BadUserInput(
            f"{person.name}'s probation was already extended once (until {ends}); it can be "
            "extended only once: confirm or cancel instead.",
            field="decision",
        )
    low, high = EXTENSION_MONTHS
    if not low <= months <= high:
        raise BadUserInput(
            f"`extendMonths` must be {low} to {high} (half a year to a year).",
            field="extendMonths",
        )
    _not_future(on, today, "on")
    if on < ends:
        raise BadUserInput(
            f"{person.name}'s probation runs until {ends}; the branch decides on extending it "
            f"延长预备期 when it ends: possible from {ends}.",
            field="on",
        )


def check_cancellation(row: DevelopmentRow, person: Person, on: date, today: date) -> None:
    _probation(row, person)
    assert row.probation_since is not None
    _not_future(on, today, "on")
    _not_before(on, row.probation_since, "on", "the start of the probation")
