"""Batched reads of learning for one request."""

from __future__ import annotations

from collections import defaultdict

from db.learning.queries import (
    CourseRecord,
    CreditRecord,
    MaterialRecord,
    QuestionRecord,
    QuizBestRecord,
    SessionRecord,
    StudyAccountRecord,
    best_scores,
    courses_by_ids,
    credits_by_ids,
    materials_of_courses,
    questions_of_courses,
    sessions_by_ids,
    study_accounts_by_members,
)
from db.shared_reads import SharedReads
from resolvers.batches import LoaderSet, in_order

BestKey = tuple[int, int]  # (member, course)


class LearningLoaders(LoaderSet):
    def __init__(self, reads: SharedReads, *, cache: bool) -> None:
        super().__init__(reads, cache=cache)
        self.course = self.loader(self._courses)
        self.materials = self.loader(self._materials)
        self.questions = self.loader(self._questions)
        self.account = self.loader(self._accounts)
        self.study_session = self.loader(self._sessions)
        self.credit = self.loader(self._credits)
        self.best = self.loader(self._best)

    async def _courses(self, ids: list[int]) -> list[CourseRecord | None]:
        return in_order(ids, await self.read(lambda c: courses_by_ids(c, ids)))

    async def _materials(self, ids: list[int]) -> list[list[MaterialRecord]]:
        found = await self.read(lambda c: materials_of_courses(c, ids))
        return [found.get(key, []) for key in ids]

    async def _questions(self, ids: list[int]) -> list[list[QuestionRecord]]:
        found = await self.read(lambda c: questions_of_courses(c, ids))
        return [found.get(key, []) for key in ids]

    async def _accounts(self, member_ids: list[int]) -> list[StudyAccountRecord | None]:
        return in_order(
            member_ids, await self.read(lambda c: study_accounts_by_members(c, member_ids))
        )

    async def _sessions(self, ids: list[int]) -> list[SessionRecord | None]:
        return in_order(ids, await self.read(lambda c: sessions_by_ids(c, ids)))

    async def _credits(self, ids: list[int]) -> list[CreditRecord | None]:
        return in_order(ids, await self.read(lambda c: credits_by_ids(c, ids)))

    async def _best_of(self, member: int, ids: list[int]) -> dict[int, QuizBestRecord]:
        return await self.read(lambda c: best_scores(c, member, ids))

    async def _best(self, keys: list[BestKey]) -> list[QuizBestRecord | None]:
        """One statement per member in the batch (a page lists one viewer's scores)."""
        courses: dict[int, list[int]] = defaultdict(list)
        for member, course in keys:
            courses[member].append(course)
        found: dict[BestKey, QuizBestRecord] = {}
        for member, ids in courses.items():
            rows = await self._best_of(member, ids)
            found.update({(member, course): row for course, row in rows.items()})
        return in_order(keys, found)
