"""The steps of the development pipeline 党员发展, each one: authorised, allowed by the
workflow table from the person's stage, held to its guards under the person's lock, written
with the member's status and tallies, put on the timeline (actor, time, note), recorded as an
event; all or nothing."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import date

from db.base import utcnow
from db.development import writes
from db.development.models import DevelopmentAction as Action
from db.development.models import DevelopmentRow
from db.events.types import EventType
from db.meetings.membership import follow_membership
from db.members.models import MemberRow, MemberStatus
from db.members.writes import change_member, lock_member
from resolvers.changes import ChangeSet, change
from resolvers.context import Context
from resolvers.development import guards
from resolvers.development.guards import Person
from resolvers.development.workflow import (
    STEP_PERMISSION,
    WORKFLOW,
    months_after,
    one_year_after,
    stages_for,
)
from resolvers.errors import BadUserInput, Conflict, not_found
from resolvers.members.reads import resolve_member_by_id
from resolvers.members.writes import check_version
from resolvers.validation import clean_text

MUTATION_OF = {
    Action.APPLICATION_RECORDED: "recordDevelopmentApplication",
    Action.ADMITTED_ACTIVIST: "admitActivist",
    Action.TRAINING_RECORDED: "recordDevelopmentTraining",
    Action.ADMITTED_TARGET: "admitDevelopmentTarget",
    Action.ADMITTED_PROBATIONARY: "admitProbationary",
    Action.CONFIRMED_FULL: "concludeProbation",
    Action.PROBATION_EXTENDED: "concludeProbation",
    Action.QUALIFICATION_CANCELLED: "concludeProbation",
}


@dataclass(frozen=True, slots=True)
class Step:
    """What a step decided: the day it takes effect, a note for the timeline."""

    effective_on: date
    note: str | None = None
    member_values: dict[str, object] | None = None


Decide = Callable[[ChangeSet, MemberRow, DevelopmentRow, Person], Awaitable[Step]]


async def take_step(
    context: Context,
    member_id: int,
    global_id: str,
    action: Action,
    decide: Decide,
    expected_version: int | None,
) -> MemberRow:
    current = await resolve_member_by_id(context, member_id)
    if current is None:
        raise not_found("member", global_id)
    account_id = context.require(
        STEP_PERMISSION, current.org_path, action="take development steps for this person"
    )
    _check_stage(current.name, current.status, action)
    async with change(
        context, account_id, conflict="The person changed meanwhile; retry."
    ) as changes:
        session = changes.session
        row = await lock_member(session, member_id)
        check_version(row, expected_version)
        if row.status != current.status:
            raise Conflict(
                f"{row.name}'s stage changed to {row.status.name} meanwhile; reload and retry."
            )
        development = await writes.development_of(session, member_id)
        _legacy_probation(row, development)
        person = Person(
            name=row.name,
            birth_date=row.birth_date,
            contacts=len(await writes.contact_ids(session, member_id)),
            trainings=await writes.training_count(session, member_id),
        )
        step = await decide(changes, row, development, person)
        before = row.status
        after = WORKFLOW[(before, action)]
        values: dict[str, object] = dict(step.member_values or {})
        if after != before:
            values |= {"status": after, "status_changed_at": utcnow()}
        await change_member(session, row, values)
        if after != before:  # a stage that starts or ends attending meetings
            await follow_membership(session, row, utcnow())
        await writes.add_step(
            session,
            member_id,
            action,
            from_status=before.value,
            to_status=after.value,
            effective_on=step.effective_on,
            actor_id=account_id,
            note=step.note,
        )
        changes.record(
            EventType.MEMBER_STATUS_CHANGED
            if after != before
            else EventType.MEMBER_DEVELOPMENT_RECORDED,
            row.id,
            at=row.org_path,
            changes={
                "from": before.value,
                "to": after.value,
                "action": action.value,
                "on": step.effective_on.isoformat(),
            },
        )
    return row


def _check_stage(name: str, status: MemberStatus, action: Action) -> None:
    if (status, action) in WORKFLOW:
        return
    allowed = " or ".join(stage.name for stage in stages_for(action))
    possible = sorted({MUTATION_OF[step] for stage, step in WORKFLOW if stage == status})
    then = f"; at {status.name} the steps are {', '.join(possible)}" if possible else ""
    raise BadUserInput(
        f"{name} is {status.name}: {MUTATION_OF[action]} applies to {allowed} only{then}.",
        field="id",
    )


def _legacy_probation(member: MemberRow, row: DevelopmentRow) -> None:
    """A probationary member admitted before the pipeline kept dates: their probation runs a
    year from their join date."""
    joined = member.join_date
    if member.status == MemberStatus.PROBATIONARY and row.probation_since is None and joined:
        row.probation_since = joined
        row.probation_ends_on = one_year_after(joined)


# ---------------------------------------------------------------- the steps


async def record_application(
    context: Context,
    member_id: int,
    global_id: str,
    applied_on: date,
    today: date,
    expected_version: int | None = None,
) -> MemberRow:
    async def decide(_c: ChangeSet, _m: MemberRow, row: DevelopmentRow, person: Person) -> Step:
        guards.check_application(person, applied_on, today)
        row.applied_on = applied_on
        return Step(applied_on)

    return await take_step(
        context, member_id, global_id, Action.APPLICATION_RECORDED, decide, expected_version
    )


async def admit_activist(
    context: Context,
    member_id: int,
    global_id: str,
    on: date,
    contacts: list[tuple[int, str]],
    today: date,
    expected_version: int | None = None,
) -> MemberRow:
    guards.check_contacts([key for key, _ in contacts])
    for key, contact_global_id in contacts:
        contact = await resolve_member_by_id(context, key)
        if contact is None:
            raise not_found("member", contact_global_id, field="contactIds")
        if contact.status != MemberStatus.FULL or key == member_id:
            raise BadUserInput(
                f"{contact.name} is {contact.status.name}; a contact 培养联系人 must be a full "
                "member 正式党员 other than the activist.",
                field="contactIds",
            )

    async def decide(c: ChangeSet, _m: MemberRow, row: DevelopmentRow, person: Person) -> Step:
        guards.check_activist(row, person, on, today)
        row.activist_since = on
        await writes.assign_contacts(c.session, member_id, [key for key, _ in contacts], on)
        return Step(on)

    return await take_step(
        context, member_id, global_id, Action.ADMITTED_ACTIVIST, decide, expected_version
    )


async def record_training(
    context: Context,
    member_id: int,
    global_id: str,
    held_on: date,
    topic: str,
    hours: int,
    today: date,
    expected_version: int | None = None,
) -> MemberRow:
    text = clean_text(topic, field="topic", max_length=100)

    async def decide(c: ChangeSet, _m: MemberRow, row: DevelopmentRow, _p: Person) -> Step:
        guards.check_training(row, held_on, hours, today)
        await writes.add_training(c.session, member_id, held_on, text, hours)
        return Step(held_on, note=f"{text} ({hours}h)")

    return await take_step(
        context, member_id, global_id, Action.TRAINING_RECORDED, decide, expected_version
    )


async def admit_target(
    context: Context,
    member_id: int,
    global_id: str,
    on: date,
    review_on: date,
    conclusion: str,
    today: date,
    expected_version: int | None = None,
) -> MemberRow:
    text = clean_text(conclusion, field="politicalReviewConclusion", max_length=200)

    async def decide(_c: ChangeSet, _m: MemberRow, row: DevelopmentRow, person: Person) -> Step:
        guards.check_target(row, person, on, review_on, today)
        row.target_since = on
        row.political_review_on = review_on
        row.political_review_conclusion = text
        return Step(on, note=f"政治审查 {review_on}: {text}")

    return await take_step(
        context, member_id, global_id, Action.ADMITTED_TARGET, decide, expected_version
    )


@dataclass(frozen=True, slots=True)
class Vote:
    vote_on: date
    votes_for: int
    votes_against: int
    votes_abstain: int
    approved_on: date


async def admit_probationary(
    context: Context,
    member_id: int,
    global_id: str,
    vote: Vote,
    today: date,
    expected_version: int | None = None,
) -> MemberRow:
    guards.check_vote(vote.votes_for, vote.votes_against, vote.votes_abstain)

    async def decide(_c: ChangeSet, _m: MemberRow, row: DevelopmentRow, person: Person) -> Step:
        guards.check_probationary(row, person, vote.vote_on, vote.approved_on, today)
        row.vote_on = vote.vote_on
        row.votes_for = vote.votes_for
        row.votes_against = vote.votes_against
        row.votes_abstain = vote.votes_abstain
        row.approved_on = vote.approved_on
        # Probation 预备期 counts from the branch meeting's vote, for a year.
        row.probation_since = vote.vote_on
        row.probation_ends_on = one_year_after(vote.vote_on)
        tally = f"{vote.votes_for}/{vote.votes_against}/{vote.votes_abstain}"
        return Step(
            vote.approved_on,
            note=f"支部大会 {vote.vote_on} 赞成/反对/弃权 {tally}; 上级党委审批 {vote.approved_on}",
            member_values={"join_date": vote.vote_on},
        )

    return await take_step(
        context, member_id, global_id, Action.ADMITTED_PROBATIONARY, decide, expected_version
    )


async def conclude_probation(
    context: Context,
    member_id: int,
    global_id: str,
    action: Action,
    on: date,
    extend_months: int | None,
    reason: str | None,
    today: date,
    expected_version: int | None = None,
) -> MemberRow:
    note = clean_text(reason, field="reason", max_length=200) if reason is not None else None
    if action == Action.QUALIFICATION_CANCELLED and not note:
        raise BadUserInput(
            "Cancelling a probationary qualification 取消预备党员资格 needs a `reason`.",
            field="reason",
        )
    if action == Action.PROBATION_EXTENDED and extend_months is None:
        raise BadUserInput(
            "Extending probation needs `extendMonths` (6 to 12).", field="extendMonths"
        )

    async def decide(_c: ChangeSet, _m: MemberRow, row: DevelopmentRow, person: Person) -> Step:
        if action == Action.CONFIRMED_FULL:
            guards.check_confirmation(row, person, on, today)
            row.full_since = on
        elif action == Action.PROBATION_EXTENDED:
            assert extend_months is not None
            guards.check_extension(row, person, on, extend_months, today)
            assert row.probation_ends_on is not None
            row.probation_ends_on = months_after(row.probation_ends_on, extend_months)
            row.probation_extended = True
            note_text = f"延长预备期 {extend_months} 个月, 至 {row.probation_ends_on}"
            return Step(on, note=f"{note_text}; {note}" if note else note_text)
        else:
            guards.check_cancellation(row, person, on, today)
            row.cancelled_on = on
        return Step(on, note=note)

    return await take_step(context, member_id, global_id, action, decide, expected_version)
