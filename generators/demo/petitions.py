"""Demo petitions: 90 days of a city's requests and their handling, deterministic and bulk.

Statuses follow age (recent ones open, older ones mostly closed and rated, a few overdue and
escalated); every petition has its timeline, and its words are in the hot-topic roll-up.
"""

from __future__ import annotations

import random
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any, TypeVar

from db.accounts.models import get_bindings_with_paths
from db.base import china_day
from db.bulk import (
    accounts_by_username,
    insert_rows,
    next_id,
    organizations_under,
    reset_id_sequences,
)
from db.engine import Session
from db.organizations.models import GovernanceLevel
from db.paths import is_within
from db.petitions.categories import ensure_default_categories
from db.petitions.models import (
    PetitionAction,
    PetitionChannel,
    PetitionRow,
    PetitionStatus,
    PetitionStepRow,
    get_categories,
)
from db.petitions.words import add_word_counts, count_words, roll_up
from generators.demo import petition_texts as texts
from resolvers.petitions.policy import PetitionPolicy, climbs_from

DEFAULT_PETITIONS = 5000
T = TypeVar("T")
DAYS = 90
S = PetitionStatus
A = PetitionAction
_CHANNELS = ((PetitionChannel.APP, 40), (PetitionChannel.HOTLINE, 25), (PetitionChannel.WECHAT, 20),
             (PetitionChannel.STATION, 12), (PetitionChannel.OTHER, 3))  # fmt: skip
_RATINGS = ((5, 55), (4, 27), (3, 10), (2, 5), (1, 3))
_PATH = (A.ACCEPT, A.ASSIGN, A.START, A.RESOLVE, A.RATE, A.CLOSE)
_REACHED = {S.SUBMITTED: 0, S.ACCEPTED: 1, S.ASSIGNED: 2, S.IN_PROGRESS: 3, S.RESOLVED: 4,
            S.RATED: 5, S.CLOSED: 6}  # fmt: skip
_STATUS_AFTER = {A.ACCEPT: S.ACCEPTED, A.ASSIGN: S.ASSIGNED, A.START: S.IN_PROGRESS,
                 A.RESOLVE: S.RESOLVED, A.RATE: S.RATED, A.CLOSE: S.CLOSED}  # fmt: skip
_OPEN = (S.SUBMITTED, S.ACCEPTED, S.ASSIGNED, S.IN_PROGRESS)
_TABLES = ("petitions", "petition_steps", "petition_word_counts")
Step = tuple[PetitionAction, PetitionStatus | None, PetitionStatus, datetime, str | None]


def _actor(action: PetitionAction, handler: str, supervisor: str) -> str:
    if action is A.SUPERVISE:
        return supervisor
    return "系统" if action in (A.OVERDUE, A.ESCALATE) else handler


def _pick(rng: random.Random, weighted: tuple[tuple[T, float], ...]) -> T:
    return rng.choices([item for item, _ in weighted], [w for _, w in weighted])[0]


@dataclass
class _Grid:
    id: int
    path: str
    parent_id: int
    parent_path: str


@dataclass(frozen=True, slots=True)
class _Holder:
    id: int
    path: str
    level: GovernanceLevel | None
    parent_id: int | None


def _climb(
    holders: dict[int, _Holder], grid_id: int, deadline: datetime, now: datetime
) -> tuple[_Holder, int, datetime | None, list[tuple[datetime, bool]]]:
    """Where a petition ignored since `deadline` is now, as the deadline job would have carried
    it (resolvers/petitions/deadlines.py, with the default level deadlines): its holder, its
    escalations, its level deadline, and each overdue moment (True when it climbed then)."""
    holder, escalations, due = holders[grid_id], 0, deadline
    moments: list[tuple[datetime, bool]] = []
    policy = PetitionPolicy()
    while due < now:
        parent = holders.get(holder.parent_id or 0)
        if parent is None or not climbs_from(holder.level, parent.level):
            moments.append((due, False))
            return holder, escalations, None, moments
        moments.append((due, True))
        holder, escalations = parent, escalations + 1
        due = policy.level_deadline(parent.level, due) or now
    return holder, escalations, due, moments


@dataclass
class _Batch:
    petitions: list[dict[str, Any]] = field(default_factory=list)
    steps: list[dict[str, Any]] = field(default_factory=list)
    words: list[tuple[str, Any, Counter[str]]] = field(default_factory=list)


def _status(rng: random.Random, age_days: float) -> PetitionStatus:
    if age_days < 1:
        return _pick(
            rng, ((S.SUBMITTED, 40), (S.ACCEPTED, 20), (S.ASSIGNED, 20), (S.IN_PROGRESS, 20))
        )
    if age_days < 4:
        return _pick(rng, ((S.ACCEPTED, 5), (S.ASSIGNED, 5), (S.IN_PROGRESS, 15),
                           (S.RESOLVED, 55), (S.RATED, 20)))  # fmt: skip
    # About one in a hundred older petitions is still open (and so overdue): enough for the
    # escalation path to show, few enough that a demo screen's backlog looks like a city's.
    return _pick(rng, ((S.CLOSED, 320), (S.RATED, 80), (S.RESOLVED, 30), (S.REJECTED, 30),
                       (S.IN_PROGRESS, 3), (S.ASSIGNED, 2)))  # fmt: skip


async def seed_petitions(
    session: Session,
    *,
    seed: int,
    now: datetime,
    root_path: str,
    count: int = DEFAULT_PETITIONS,
) -> int:
    """Insert `count` petitions under the root's grids; returns how many were written."""
    rng = random.Random(seed)
    codes = await ensure_default_categories(session)
    categories = {row.code: row for row in await get_categories(session)}
    organizations = await organizations_under(session, root_path)
    parents = {row.id: row.path for row in organizations}
    holders = {row.id: _Holder(row.id, row.path, row.level, row.parent_id) for row in organizations}
    grids = [
        _Grid(row.id, row.path, row.parent_id or row.id, parents.get(row.parent_id or 0, row.path))
        for row in organizations
        if row.level == GovernanceLevel.GRID
    ]
    if not grids or count <= 0:
        return 0
    known = await accounts_by_username(session)
    accounts = {username: key for username, (key, _name) in known.items()}
    names = {username: name for username, (_key, name) in known.items()}
    resident = accounts.get("resident")
    # The demo resident raises petitions only where they live, under their own name and phone:
    # a resident reads their own petitions unmasked, so strangers' must never be theirs.
    home = (
        [path for _role, _org, path in await get_bindings_with_paths(session, resident)]
        if resident is not None
        else []
    )
    own_contact = (
        names.get("resident", "居民").split("（")[0],
        f"1390571{resident or 0:04d}",
    )
    staff = accounts.get("station") or accounts.get("admin") or next(iter(accounts.values()))
    handler = names.get("gridworker", "网格员")
    worker = accounts.get("gridworker")
    beat = (
        [path for _role, _org, path in await get_bindings_with_paths(session, worker)]
        if worker is not None
        else []
    )
    supervisor = names.get("admin", "市委组织部")
    supervising = random.Random(seed + 1)  # apart, so the rest of the history stays as it was
    first_id = await next_id(session, PetitionRow.__tablename__)
    weights = tuple((code, weight) for code, (weight, _) in texts.TEXTS.items() if code in codes)
    segmented: dict[str, Counter[str]] = {}
    batch = _Batch()
    for offset in range(count):
        code = _pick(rng, weights)
        category = categories[code]
        title, body = rng.choice(texts.TEXTS[code][1])
        content = body.format(b=rng.randint(1, 36), u=rng.randint(1, 4), d=rng.randint(2, 9))
        grid = rng.choice(grids)
        created = now - timedelta(days=DAYS * rng.random() ** 1.15, minutes=rng.randint(0, 600))
        age_days = (now - created).total_seconds() / 86400
        status = _status(rng, age_days)
        deadline = created + timedelta(hours=category.deadline_hours)
        drawn = rng.random() if resident is not None else 1.0
        own = drawn < 0.2 and any(is_within(grid.path, path) for path in home)
        petition_id = first_id + offset
        row: dict[str, Any] = {
            "id": petition_id, "title": title, "content": content, "category_id": category.id,
            "channel": PetitionChannel.APP if own else _pick(rng, _CHANNELS), "status": status,
            "grid_id": grid.id, "org_path": grid.path, "handling_org_id": grid.id,
            "handling_org_path": grid.path, "handler_account_id": None, "handler_name": None,
            "submitter_account_id": resident if own else None,
            "created_by_account_id": resident if own else staff, "idempotency_key": None,
            "request_hash": None, "anonymous": rng.random() < 0.08,
            "contact_name": own_contact[0] if own else (
                rng.choice(texts.SURNAMES) + rng.choice(texts.GIVEN)),
            "contact_phone": own_contact[1] if own else (
                f"1{rng.choice('3589')}{rng.randint(0, 999_999_999):09d}"),
            "version": 1, "day": china_day(created), "deadline_at": deadline, "overdue_at": None,
            "level_deadline_at": deadline if status in _OPEN else None,
            "escalations": 0, "supervisions": 0, "supervised_at": None, "supervisor_name": None,
            "supervision_note": None, "resolution": None, "resolved_at": None,
            "handling_seconds": None,
            "satisfaction": None, "rating_comment": None, "reject_reason": None, "closed_at": None,
            "created_at": created, "updated_at": created,
        }  # fmt: skip
        steps: list[Step] = [(A.SUBMIT, None, S.SUBMITTED, created, None)]
        if status is S.REJECTED:
            reason = rng.choice(texts.REJECTIONS)
            at = created + timedelta(hours=rng.uniform(1, 20))
            row |= {"reject_reason": reason, "closed_at": at}
            steps.append((A.REJECT, S.SUBMITTED, S.REJECTED, at, reason))
        else:
            span = min(deadline - created, now - created) * rng.lognormvariate(-0.6, 0.6)
            span = min(span, (now - created) * 0.95)
            reached = _REACHED[status]
            for index, action in enumerate(_PATH[:reached]):
                at = created + span * (index + 1) / max(reached, 4)
                previous = steps[-1][2]
                note = None
                if action is A.RESOLVE:
                    note = rng.choice(texts.RESOLUTIONS)
                    row |= {"resolution": note, "resolved_at": at,
                            "handling_seconds": int((at - created).total_seconds())}  # fmt: skip
                if action is A.ASSIGN:
                    # The demo grid worker's own account where they work, so their reminders
                    # (due soon, supervised) reach them; elsewhere a name only.
                    mine = any(is_within(grid.path, path) for path in beat)
                    row |= {"handler_name": handler, "handler_account_id": worker if mine else None}
                if action is A.RATE:
                    rating = _pick(rng, _RATINGS)
                    note = rng.choice(texts.COMMENTS) or None
                    row |= {"satisfaction": rating, "rating_comment": note}
                if action is A.CLOSE:
                    row |= {"closed_at": at}
                steps.append((action, previous, _STATUS_AFTER[action], at, note))
            if status in _OPEN and deadline < now:
                # Ignored: it climbed the chain level by level, as the deadline job does.
                holder, climbed, due, moments = _climb(holders, grid.id, deadline, now)
                escalated = S.ACCEPTED if status is not S.SUBMITTED and climbed else status
                row |= {"overdue_at": deadline, "status": escalated, "escalations": climbed,
                        "handling_org_id": holder.id, "handling_org_path": holder.path,
                        "level_deadline_at": due}  # fmt: skip
                if climbed:
                    row |= {"handler_name": None, "handler_account_id": None}
                for at, climbs in moments:
                    before = steps[-1][2]
                    steps.append((A.OVERDUE, before, before, at, "超过办理时限"))
                    if climbs:
                        steps.append((A.ESCALATE, before, escalated, at, "超期自动升级至上级组织"))
        if row["status"] in _OPEN and age_days > 2 and supervising.random() < 0.2:
            # An upper level stepped in 督办: the city's organisation department.
            last = steps[-1][3]
            at = last + (now - last) / 2
            note = supervising.choice(texts.SUPERVISIONS)
            row |= {"supervisions": 1, "supervised_at": at, "supervisor_name": supervisor,
                    "supervision_note": note}  # fmt: skip
            steps.append((A.SUPERVISE, row["status"], row["status"], at, f"督办：{note}"))
        row["version"] = len(steps)
        row["updated_at"] = steps[-1][3]
        batch.petitions.append(row)
        batch.steps += [
            {"petition_id": petition_id, "action": action, "from_status": before,
             "to_status": after, "actor_account_id": None,
             "actor_name": _actor(action, handler, supervisor),
             "organization_id": row["handling_org_id"], "note": note, "at": at}
            for action, before, after, at, note in steps
        ]  # fmt: skip
        key = f"{title}\n{content}"
        if key not in segmented:
            segmented[key] = count_words(key)
        batch.words.append((grid.path, row["day"], segmented[key]))
    await insert_rows(session, PetitionRow, batch.petitions, chunk=1000)
    await insert_rows(session, PetitionStepRow, batch.steps)
    await add_word_counts(session, roll_up(batch.words))
    await reset_id_sequences(session, _TABLES)
    return count
