"""The demo's development pipeline: people at every stage with dates that keep the legal
durations, contacts and trainings, a timeline, and some due for their next step this month."""

from __future__ import annotations

from collections import Counter

import pytest
from sqlalchemy import select

from db.base import china_day, utcnow
from db.development.models import (
    DevelopmentContactRow,
    DevelopmentRow,
    DevelopmentStepRow,
    DevelopmentTrainingRow,
)
from db.development.queries import funnel_rows
from db.engine import Database
from db.members.models import MemberRow, MemberStatus
from resolvers.development.funnel import funnel
from resolvers.development.guards import eighteenth_birthday
from resolvers.development.workflow import months_after, one_year_after
from tests.databases import SeedDemo


@pytest.fixture
async def seeded(database: Database, demo: SeedDemo) -> Database:
    await demo(database, members=1500, petitions=50, history_days=1)
    return database


async def test_pipeline_dates_keep_the_legal_durations(seeded: Database) -> None:
    # Given the seeded demo
    async with seeded.session() as session:
        pairs = (
            await session.execute(
                select(MemberRow, DevelopmentRow).join(
                    DevelopmentRow, DevelopmentRow.member_id == MemberRow.id
                )
            )
        ).all()
        contacts = Counter(await session.scalars(select(DevelopmentContactRow.member_id)))
        trained = Counter(await session.scalars(select(DevelopmentTrainingRow.member_id)))
        stepped = Counter(await session.scalars(select(DevelopmentStepRow.member_id)))
    today = china_day(utcnow())
    # Then there are people with records at every stage of the way
    stages = Counter(member.status for member, _ in pairs)
    for stage in (
        MemberStatus.APPLICANT,
        MemberStatus.ACTIVIST,
        MemberStatus.DEVELOPMENT_TARGET,
        MemberStatus.PROBATIONARY,
    ):
        assert stages[stage] > 0, stage
    # And every record keeps the order and durations the guards enforce
    for member, record in pairs:
        assert record.applied_on is not None
        assert eighteenth_birthday(member.birth_date) <= record.applied_on <= today
        assert stepped[member.id] >= 1
        if member.status is MemberStatus.APPLICANT:
            continue
        assert record.activist_since is not None
        assert record.applied_on <= record.activist_since <= today
        if member.status is MemberStatus.ACTIVIST:
            continue
        assert record.target_since is not None
        assert one_year_after(record.activist_since) <= record.target_since
        assert trained[member.id] >= 1
        assert contacts[member.id] in (0, 2)
        if member.status is MemberStatus.PROBATIONARY:
            assert record.vote_on is not None
            assert record.vote_on == member.join_date
            assert record.target_since <= record.vote_on
            assert record.approved_on is not None
            assert record.vote_on <= record.approved_on <= months_after(record.vote_on, 3)
            assert record.votes_for is not None
            assert record.votes_against is not None
            assert record.votes_abstain is not None
            assert record.votes_for * 2 > (
                record.votes_for + record.votes_against + record.votes_abstain
            )
            assert record.probation_ends_on == one_year_after(record.vote_on)


async def test_some_are_due_for_their_next_step_this_month(seeded: Database) -> None:
    async with seeded.read() as connection:
        root = (await connection.execute(select(MemberRow.org_path).limit(1))).scalar_one()
        figures = funnel(
            await funnel_rows(connection, ["/" + root.split("/")[1] + "/"]), china_day(utcnow())
        )
    due = {stage.status: stage.due_this_month for stage in figures.stages}
    assert due[MemberStatus.ACTIVIST] > 0
    assert due[MemberStatus.PROBATIONARY] > 0
    assert sum(stage.count for stage in figures.stages) > 0


async def test_every_target_and_probationary_member_has_the_dates_their_next_step_needs(
    seeded: Database,
) -> None:
    # Given the seeded demo
    async with seeded.session() as session:
        on_the_way = set(
            await session.scalars(
                select(MemberRow.id).where(
                    MemberRow.status.in_(
                        (MemberStatus.DEVELOPMENT_TARGET, MemberStatus.PROBATIONARY)
                    )
                )
            )
        )
        dated = set(
            await session.scalars(
                select(DevelopmentRow.member_id).where(DevelopmentRow.target_since.is_not(None))
            )
        )
    # Then each has a target date (and so a probationary member their vote and probation):
    # admitProbationary and confirmFullMember can move every one of them on
    assert on_the_way
    assert on_the_way <= dated
