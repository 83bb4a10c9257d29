"""City-scale learning 网上党校 for the benchmarks: the demo's courses published city-wide, a
course for every district and every street, and a season of study for every Party member
(sessions, the credit ledger, check-ins with streaks, some quizzes, the branch's lectures),
drawn as the demo draws a member's season (generators/demo/learning.py, `StudySeason`).

Deterministic: each member's season comes from its own seeded generator. Members are drawn a
batch at a time, each batch's rows COPYed before the next is drawn, so memory stays flat; the
kept figures (db/learning/tallies.py) are written once at the end, summed per branch and year,
the way the domain writes them with each change.
"""

from __future__ import annotations

import enum
import json
import random
from collections import defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from db.base import china_day
from db.learning.tallies import FIGURES, StudyChange
from db.paths import path_ids
from generators.demo.learning import SEASON_DAYS, StudyIds, StudySeason
from generators.demo.learning_texts import CITY_COURSES, COMMUNITY_COURSES

SEED = 15
BATCH = 10_000  # members drawn before their rows are written
# The tables in the order they are written (each batch's parents before its children), with
# the key of their rows in `StudySeason.rows`.
TABLES = (
    ("learning_courses", "courses"), ("learning_materials", "materials"),
    ("learning_questions", "questions"), ("learning_accounts", "accounts"),
    ("learning_sessions", "sessions"), ("learning_credits", "credits"),
    ("learning_years", "years"), ("learning_checkins", "check_ins"),
    ("learning_quiz_attempts", "attempts"), ("learning_quiz_best", "best"),
)  # fmt: skip
ID_TABLES = ("learning_courses", "learning_materials", "learning_questions", "learning_sessions",
             "learning_credits", "learning_quiz_attempts")  # fmt: skip


@dataclass(frozen=True, slots=True)
class Publisher:
    """A district or street that publishes its own course."""

    id: int
    path: str


@dataclass(frozen=True, slots=True)
class Learner:
    id: int
    branch_id: int
    path: str


def _value(value: Any) -> Any:
    """A row's value as COPY takes it (JSON columns as text, enums as their values)."""
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, list | dict):
        return json.dumps(value, ensure_ascii=False)
    return value


def records(rows: Sequence[dict[str, Any]]) -> tuple[tuple[str, ...], list[tuple[Any, ...]]]:
    """The rows' columns and their records in that order, for COPY."""
    if not rows:
        return (), []
    columns = tuple(rows[0])
    return columns, [tuple(_value(row[name]) for name in columns) for row in rows]


class LearningRecords:
    """The courses, then members' seasons a batch at a time; ids continue from `ids`."""

    def __init__(
        self,
        root: Publisher,
        publishers: Sequence[Publisher],
        learners: Sequence[Learner],
        ids: Sequence[int],
        now: datetime,
    ) -> None:
        self.season = StudySeason(now, StudyIds(*ids))
        self.learners = learners
        self.courses_at: dict[int, list[dict[str, Any]]] = {
            root.id: self.season.courses(CITY_COURSES, root.id, root.path)
        }
        for index, publisher in enumerate(publishers):
            course = COMMUNITY_COURSES[index % len(COMMUNITY_COURSES)]
            self.courses_at[publisher.id] = self.season.courses([course], publisher.id,
                                                                publisher.path)  # fmt: skip
        today = china_day(now)
        self.days = [today - timedelta(days=n) for n in range(SEASON_DAYS, 0, -1)]
        self.figures: dict[tuple[str, int], list[int]] = defaultdict(lambda: [0] * len(FIGURES))

    def _take(self) -> dict[str, list[dict[str, Any]]]:
        rows, self.season.rows = self.season.rows, defaultdict(list)
        rows["courses"] = [  # without their questions: the members' draws still need them
            {name: value for name, value in course.items() if name != "questions"}
            for course in rows["courses"]
        ]
        for change in self.season.changes:
            found = self.figures[change.org_path, change.year]
            for index, name in enumerate(FIGURES):
                found[index] += getattr(change, name)
        self.season.changes = []
        return rows

    def batches(self, size: int = BATCH) -> Iterator[tuple[int, dict[str, list[dict[str, Any]]]]]:
        """(members drawn so far, the rows of the batch): the courses come with the first."""
        for start in range(0, len(self.learners), size):
            for learner in self.learners[start : start + size]:
                rng = random.Random(SEED * 1_000_033 + learner.id)
                reach = [
                    course
                    for organization in path_ids(learner.path)
                    for course in self.courses_at.get(organization, ())
                ]
                member = (learner.id, learner.branch_id, learner.path)
                self.season.typical(rng, member, reach, self.days)
            yield min(start + size, len(self.learners)), self._take()
        if not self.learners:
            yield 0, self._take()

    def tally_changes(self) -> list[StudyChange]:
        """The kept figures' changes, summed per branch and year (after every batch)."""
        return [
            StudyChange(path, year, *figures)
            for (path, year), figures in sorted(self.figures.items())
        ]
