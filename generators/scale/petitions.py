"""City-scale petitions: two years of requests with their timelines and hot-topic word counts.

Statuses follow age as in the demo (the last day open, the last few days being resolved,
older ones mostly closed and rated, about one in a hundred still open and so overdue and
escalated to the grid's community). Texts are the demo's templates, each filled a few ways;
their words are segmented once here and rolled up per node and day in SQL after the COPY.
"""

from __future__ import annotations

import random
from bisect import bisect
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from itertools import accumulate
from typing import Any

from db.base import CHINA_STANDARD_TIME
from db.bulk import Progress, copy_records
from db.engine import Session
from db.organizations.models import GovernanceLevel
from db.petitions.models import PetitionAction, PetitionChannel, PetitionStatus
from db.petitions.words import count_words, roll_up_fillings
from generators.demo import petition_texts as texts
from resolvers.petitions.policy import DEFAULT_LEVEL_DEADLINE_HOURS

S = PetitionStatus
A = PetitionAction
PETITION_COLUMNS = ("id", "title", "content", "category_id", "channel", "status", "grid_id",
                    "org_path", "handling_org_id", "handling_org_path", "handler_name",
                    "created_by_account_id", "anonymous", "contact_name", "contact_phone",
                    "version", "day", "deadline_at", "overdue_at", "escalations",
                    "level_deadline_at", "resolution", "resolved_at", "handling_seconds",
                    "satisfaction", "rating_comment", "reject_reason", "closed_at", "created_at",
                    "updated_at")  # fmt: skip
STEP_COLUMNS = ("id", "petition_id", "action", "from_status", "to_status", "actor_name",
                "organization_id", "note", "at")  # fmt: skip
VARIANTS = 4  # fillings of each text template ({b} building, {u} unit, {d} days)
HANDLER = "网格员"
COMMUNITY_HOURS = timedelta(hours=DEFAULT_LEVEL_DEADLINE_HOURS[GovernanceLevel.COMMUNITY.value])
SYSTEM = "系统"
_PATH = (A.ACCEPT, A.ASSIGN, A.START, A.RESOLVE, A.RATE, A.CLOSE)
_AFTER = (S.ACCEPTED, S.ASSIGNED, S.IN_PROGRESS, S.RESOLVED, S.RATED, S.CLOSED)
_REACHED = {S.SUBMITTED: 0, S.ACCEPTED: 1, S.ASSIGNED: 2, S.IN_PROGRESS: 3, S.RESOLVED: 4,
            S.RATED: 5, S.CLOSED: 6}  # fmt: skip
_OPEN = (S.SUBMITTED, S.ACCEPTED, S.ASSIGNED, S.IN_PROGRESS)
_FRESH = ((S.SUBMITTED, 40), (S.ACCEPTED, 20), (S.ASSIGNED, 20), (S.IN_PROGRESS, 20))
_RECENT = ((S.ACCEPTED, 5), (S.ASSIGNED, 5), (S.IN_PROGRESS, 15), (S.RESOLVED, 55), (S.RATED, 20))
_OLD = ((S.CLOSED, 320), (S.RATED, 80), (S.RESOLVED, 30), (S.REJECTED, 30), (S.IN_PROGRESS, 3),
        (S.ASSIGNED, 2))  # fmt: skip
_CHANNELS = ((PetitionChannel.APP, 40), (PetitionChannel.HOTLINE, 25),
             (PetitionChannel.WECHAT, 20), (PetitionChannel.STATION, 12),
             (PetitionChannel.OTHER, 3))  # fmt: skip
_RATINGS = ((5, 55), (4, 27), (3, 10), (2, 5), (1, 3))


class _Weighted:
    """A weighted choice by one random number and a bisect (rng.choices is slow in a loop)."""

    def __init__(self, items: Sequence[tuple[Any, float]]) -> None:
        self.items = [item for item, _ in items]
        self.bounds = list(accumulate(weight for _, weight in items))

    def pick(self, rng: random.Random) -> Any:
        return self.items[bisect(self.bounds, rng.random() * self.bounds[-1])]


@dataclass(frozen=True)
class Grid:
    id: int
    path: str
    community_id: int
    community_path: str


@dataclass(frozen=True)
class Template:
    category_id: int
    deadline: timedelta
    title: str
    contents: tuple[str, ...]


def templates(categories: dict[str, tuple[int, int]]) -> list[Template]:
    """Every demo text template of a known category, filled VARIANTS ways (the same each run,
    so the word roll-up can be made by a later run than the petitions)."""
    rng = random.Random(4)
    found = []
    for code, (_weight, pairs) in texts.TEXTS.items():
        if code not in categories:
            continue
        category_id, hours = categories[code]
        for title, body in pairs:
            contents = tuple(
                body.format(b=rng.randint(1, 36), u=rng.randint(1, 4), d=rng.randint(2, 9))
                for _ in range(VARIANTS)
            )
            found.append(Template(category_id, timedelta(hours=hours), title, contents))
    return found


def template_weights(categories: dict[str, tuple[int, int]]) -> list[float]:
    weights = []
    for code, (weight, pairs) in texts.TEXTS.items():
        if code in categories:
            weights += [weight / len(pairs)] * len(pairs)
    return weights


@dataclass
class PetitionRecords:
    """Generates petitions and, alongside, their steps (drained after each petition chunk)."""

    grids: Sequence[Grid]
    categories: dict[str, tuple[int, int]]
    account_id: int
    first_petition: int
    first_step: int
    now: datetime
    days: int

    def __post_init__(self) -> None:
        self.steps: list[tuple[Any, ...]] = []
        self.kinds = templates(self.categories)

    def petitions(self, count: int) -> Iterator[tuple[Any, ...]]:
        rng = random.Random(3)
        pick_template = _Weighted(
            list(zip(self.kinds, template_weights(self.categories), strict=True))
        )
        fresh, recent, old = _Weighted(_FRESH), _Weighted(_RECENT), _Weighted(_OLD)
        channels, ratings = _Weighted(_CHANNELS), _Weighted(_RATINGS)
        now, span_days, grids = self.now, self.days, self.grids
        step_id = self.first_step
        steps = self.steps
        for offset in range(count):
            petition_id = self.first_petition + offset
            kind: Template = pick_template.pick(rng)
            grid = grids[int(rng.random() * len(grids))]
            age = span_days * rng.random() ** 1.15
            created = now - timedelta(days=age, minutes=rng.randint(0, 600))
            age = (now - created).total_seconds() / 86400
            status = (fresh if age < 1 else recent if age < 4 else old).pick(rng)
            deadline = created + kind.deadline
            handling_id, handling_path = grid.id, grid.path
            resolution = resolved_at = handling = rating = comment = reason = closed = None
            overdue_at, escalations, handler = None, 0, None
            timeline: list[tuple[Any, ...]] = [(A.SUBMIT, None, S.SUBMITTED, created, None)]
            if status is S.REJECTED:
                reason = texts.REJECTIONS[int(rng.random() * len(texts.REJECTIONS))]
                closed = created + timedelta(hours=1 + 19 * rng.random())
                timeline.append((A.REJECT, S.SUBMITTED, S.REJECTED, closed, reason))
            else:
                reached = _REACHED[status]
                took = min(deadline - created, now - created) * rng.lognormvariate(-0.6, 0.6)
                took = min(took, (now - created) * 0.95)
                previous = S.SUBMITTED
                for index in range(reached):
                    action, after = _PATH[index], _AFTER[index]
                    at = created + took * (index + 1) / max(reached, 4)
                    note = None
                    if action is A.ASSIGN:
                        handler = HANDLER
                    elif action is A.RESOLVE:
                        note = resolution = texts.RESOLUTIONS[index % len(texts.RESOLUTIONS)]
                        resolved_at = at
                        handling = int((at - created).total_seconds())
                    elif action is A.RATE:
                        rating = ratings.pick(rng)
                        note = comment = texts.COMMENTS[offset % len(texts.COMMENTS)] or None
                    elif action is A.CLOSE:
                        closed = at
                    timeline.append((action, previous, after, at, note))
                    previous = after
                if status in _OPEN and deadline < now:
                    escalated = S.SUBMITTED if status is S.SUBMITTED else S.ACCEPTED
                    timeline.append((A.OVERDUE, status, status, deadline, "超过办理时限"))
                    timeline.append(
                        (A.ESCALATE, status, escalated, deadline, "超期自动升级至上级组织")
                    )
                    status, overdue_at, escalations, handler = escalated, deadline, 1, None
                    handling_id, handling_path = grid.community_id, grid.community_path
            # Open ones hold their level's deadline; the deadline job carries them on from there.
            level_due = None
            if status in _OPEN:
                level_due = deadline + COMMUNITY_HOURS * escalations if escalations else deadline
            for action, before, after, at, note in timeline:
                actor = SYSTEM if action is A.OVERDUE or action is A.ESCALATE else HANDLER
                steps.append((step_id, petition_id, action.value, before and before.value,
                              after.value, actor, handling_id, note, at))  # fmt: skip
                step_id += 1
            yield (
                petition_id, kind.title, kind.contents[offset % VARIANTS], kind.category_id,
                channels.pick(rng).value, status.value, grid.id, grid.path, handling_id,
                handling_path, handler, self.account_id, rng.random() < 0.08,
                texts.SURNAMES[offset % len(texts.SURNAMES)] + texts.GIVEN[offset % 15],
                f"1{'3589'[offset % 4]}{petition_id % 1_000_000_000:09d}", len(timeline),
                created.astimezone(CHINA_STANDARD_TIME).date(), deadline, overdue_at,
                escalations, level_due, resolution, resolved_at, handling, rating, comment,
                reason, closed, created, timeline[-1][3],
            )  # fmt: skip


async def load_petitions(
    session: Session, records: PetitionRecords, count: int, progress: Progress
) -> tuple[int, int]:
    """COPY the petitions and, after each chunk of them, the steps they made; (petitions, steps)."""
    total_steps = 0

    async def drain() -> None:
        nonlocal total_steps
        if records.steps:
            total_steps += await copy_records(
                session, "petition_steps", STEP_COLUMNS, records.steps, lambda _m: None
            )
            records.steps.clear()

    done = 0
    for chunk in _chunks(records.petitions(count), 50_000):
        done += await copy_records(session, "petitions", PETITION_COLUMNS, chunk, lambda _m: None)
        await drain()
        progress(f"petitions: {done:,} of {count:,}, steps: {total_steps:,}")
    return done, total_steps


def _chunks(items: Iterator[tuple[Any, ...]], size: int) -> Iterator[list[tuple[Any, ...]]]:
    chunk: list[tuple[Any, ...]] = []
    for item in items:
        chunk.append(item)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


async def roll_up_words(
    session: Session, kinds: Sequence[Template], root_path: str, depth: int, since: date
) -> int:
    """Hot-topic word counts of the scale petitions, per node of every level and day: each
    text filling segmented once here, rolled up in SQL (db/petitions/words.py)."""
    fillings = [
        (kind.title, content, count_words(f"{kind.title}\n{content}"))
        for kind in kinds
        for content in kind.contents
    ]
    return await roll_up_fillings(session, fillings, root_path, depth, since)
