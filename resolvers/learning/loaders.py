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
    requirements_of,
    sessions_by_ids,
    study_accounts_by_members,
)
from db.learning.tallies import YearFigures, subtree_years
from db.shared_reads import SharedReads
from resolvers.batches import LoaderSet, in_order

BestKey = tuple[int, int]  # (member, course)
YearKey = tuple[int, int]  # (organisation, year)


class LearningLoaders(LoaderSet):
    def __init__(self, reads: SharedReads, *, cache: bool) -> None:
        super().__init__(reads, cache=cache)
        # The courses a field answered this request, as the layer above built them
        # (schema/learning/types.py): a page of sessions names a few. Kept while reads are cached.
        self.course_answers: dict[int, object] = {}
        self.course = self.loader(self._courses)
        self.materials = self.loader(self._materials)
        self.questions = self.loader(self._questions)
        self.account = self.loader(self._accounts)
        self.study_session = self.loader(self._sessions)
        self.credit = self.loader(self._credits)
        self.best = self.loader(self._best)
        self.year = self.loader(self._years)
        self.requirement = self.loader(self._requirements)

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

    async def _years(self, keys: list[YearKey]) -> list[YearFigures]:
        """A subtree's kept figures per (organisation, year): one statement per year asked."""
        years: dict[int, list[int]] = defaultdict(list)
        for organization, year in keys:
            years[year].append(organization)
        found: dict[YearKey, YearFigures] = {}
        for year, ids in years.items():
            rows = await self._years_of(ids, year)
            found.update({(organization, year): row for organization, row in rows.items()})
        return [found.get(key) or YearFigures(key[1], 0, 0, 0, 0, 0) for key in keys]

    async def _years_of(self, ids: list[int], year: int) -> dict[int, YearFigures]:
        return await self.read(lambda c: subtree_years(c, ids, year))

    async def _requirements(self, years: list[int]) -> list[int]:
        found = await self.read(lambda c: requirements_of(c, years))
        return [found[year] for year in years]
