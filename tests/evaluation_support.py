"""Evaluation test data: a framework from the standard set, kept figures written straight
into the domains' tally tables (fixed numbers to compute by hand), and the batch."""

from __future__ import annotations

from dataclasses import asdict
from datetime import date, datetime
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession
from starlette.applications import Starlette

from db.accounts.models import Role
from db.dues.tallies import DuesTallyRow
from db.engine import Database
from db.evaluation.models import ManualEntryRow
from db.evaluation.queries import indicators_of
from db.evaluation.writes import insert_framework
from db.learning.tallies import LearningTallyRow
from db.meetings.subtree_tallies import ComplianceTallyRow
from db.organizations.models import OrganizationRow
from db.petitions.tallies import PetitionTallyRow
from db.stations.organization_hours import OrganizationHourRow
from db.volunteers.models import HoursTallyRow
from resolvers.evaluation.batch import compute_scores
from resolvers.evaluation.standard import STANDARD_INDICATORS, STANDARD_THRESHOLDS, IndicatorDraft
from tests.factories import create_account, token_for
from tests.world import World

YEAR = 2026


def indicator_values(draft: IndicatorDraft) -> dict[str, Any]:
    return asdict(draft) | {"formula": draft.formula.value if draft.formula else None}


async def create_framework(
    session: AsyncSession,
    indicators: tuple[IndicatorDraft, ...] = STANDARD_INDICATORS,
    **overrides: Any,
) -> int:
    values: dict[str, Any] = {
        "year": YEAR,
        "version": 1,
        "name": f"{YEAR}年度社区党组织考核",
        "level": "community",
        "star_thresholds": list(STANDARD_THRESHOLDS),
    } | overrides
    return await insert_framework(session, values, [indicator_values(i) for i in indicators])


async def create_fixed_figures(session: AsyncSession, org: OrganizationRow) -> None:
    """Kept figures of `org`'s subtree, some inside 2026 and some just outside it."""
    o = org.id
    session.add_all(
        [
            ComplianceTallyRow(organization_id=o, month="2025-12", held=9, expected=9,
                               present=9, month_compliant=2, quarter_compliant=2, month_met=2),
            ComplianceTallyRow(organization_id=o, month="2026-01", held=3, expected=6,
                               present=5, month_compliant=2, quarter_compliant=0, month_met=2),
            ComplianceTallyRow(organization_id=o, month="2026-02", held=2, expected=4,
                               present=3, month_compliant=1, quarter_compliant=0, month_met=1),
            DuesTallyRow(organization_id=o, month=date(2025, 11, 1), opened=2, due_fen_delta=0,
                         paid_members=0, paid_fen=0),
            DuesTallyRow(organization_id=o, month=date(2025, 12, 1), opened=0, due_fen_delta=0,
                         paid_members=2, paid_fen=400),
            DuesTallyRow(organization_id=o, month=date(2026, 1, 1), opened=0, due_fen_delta=0,
                         paid_members=3, paid_fen=600),
            DuesTallyRow(organization_id=o, month=date(2026, 4, 1), opened=1, due_fen_delta=0,
                         paid_members=0, paid_fen=0),
            DuesTallyRow(organization_id=o, month=date(2026, 5, 1), opened=0, due_fen_delta=0,
                         paid_members=20, paid_fen=4000),
            PetitionTallyRow(organization_id=o, day=date(2026, 3, 1), status="closed",
                             category_id=1, petitions=4, resolved=4, on_time=3, handled=4,
                             handling_seconds=0, rated=2, satisfied=1, satisfaction=7),
            PetitionTallyRow(organization_id=o, day=date(2025, 12, 31), status="closed",
                             category_id=1, petitions=5, resolved=5, on_time=0, handled=5,
                             handling_seconds=0, rated=5, satisfied=0, satisfaction=5),
            HoursTallyRow(organization_id=o, day=date(2026, 6, 1), minutes=270, entries=3),
            HoursTallyRow(organization_id=o, day=date(2025, 12, 31), minutes=600, entries=1),
            OrganizationHourRow(organization_id=o, hour=datetime.fromisoformat(
                "2025-12-31T16:00+00:00"), local_hour=0, served=6, visitors_in=6),
            OrganizationHourRow(organization_id=o, hour=datetime.fromisoformat(
                "2025-12-31T15:00+00:00"), local_hour=23, served=100, visitors_in=100),
            LearningTallyRow(organization_id=o, year=2026, learners=3, members_met=2,
                             minutes=6000, checkins=10, sessions=12),
        ]
    )  # fmt: skip
    await session.flush()


async def run_batch(database: Database, framework_id: int) -> list[str]:
    """Compute the framework's results; the progress lines printed."""
    lines: list[str] = []
    await compute_scores(database, framework_id, progress=lines.append)
    return lines


async def street_admin_token(app: Starlette, database: Database, world: World) -> str:
    """An administrator of street A (the upper organisation of community A)."""
    async with database.transaction() as session:
        account = await create_account(
            session, [(Role.ADMINISTRATOR, world.orgs["street_a"])], username="street_a_admin"
        )
    return token_for(app.state.services.tokens, account)


async def evaluated_world(database: Database, world: World) -> int:
    """The standard framework computed for the world's two communities, A with fixed figures
    (and a hand-entered committee score), B with none."""
    async with database.transaction() as session:
        await create_fixed_figures(session, world.orgs["community_a"])
        framework = await create_framework(session)
        committee = next(
            i for i in await indicators_of(session, framework) if i.code == "ORG_COMMITTEE"
        )
        session.add(
            ManualEntryRow(indicator_id=committee.id, organization_id=world.orgs["community_a"].id,
                           value=90, note="班子团结有力", evidence="街道考察报告2026-07")
        )  # fmt: skip
    await run_batch(database, framework)
    return framework
