"""Demo learning 网上党校: courses published city-wide by the city committee and by the demo
community, and a season of study (the last 90 days) for the city's party members: sessions of
a quarter to an hour, a quiz now and then, the branch's monthly themed days and lectures
credited through the year (集中学习, the 七一 lecture among them), and check-ins in runs, so
completion, hours and streaks are true from the first start. The demo `member` studied most
days of the last weeks and has checked in every day of the past week up to yesterday: today's
check-in makes a run of eight.

Deterministic for a seed and a day; idempotent (nothing is written when the city has courses).
The kept figures are written with the rows (db/learning/tallies.py).
"""

from __future__ import annotations

import random
from collections import defaultdict
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from db.base import CHINA_STANDARD_TIME, china_day
from db.bulk import any_under, insert_rows, members_under, next_id, reset_id_sequences
from db.engine import Session
from db.learning.models import (
    DEFAULT_REQUIRED_MINUTES,
    CheckInRow,
    CourseRow,
    CreditKind,
    CreditRow,
    MaterialKind,
    MaterialRow,
    QuestionRow,
    QuizAttemptRow,
    QuizBestRow,
    StudyAccountRow,
    StudySessionRow,
    StudyYearRow,
)
from db.learning.tallies import StudyChange, add_to_learning_tallies
from db.members.models import MemberStatus
from generators.demo.learning_texts import CITY_COURSES, COMMUNITY_COURSES, Course
from generators.demo.orglife import demo_community_path

SEASON_DAYS = 90
_TABLES = ("learning_courses", "learning_materials", "learning_questions", "learning_sessions",
           "learning_credits", "learning_quiz_attempts")  # fmt: skip


@dataclass(frozen=True)
class LearningSeed:
    courses: int
    learners: int
    sessions: int
    check_ins: int


@dataclass
class StudyIds:
    course: int
    material: int
    question: int
    session: int
    credit: int
    attempt: int


def _moment(day: date, rng: random.Random) -> datetime:
    """A moment of the day (China time) people study: morning, lunch or evening."""
    hour = rng.choice((7, 8, 12, 12, 19, 20, 20, 21))
    local = datetime.combine(day, time(hour, rng.randint(0, 59)), CHINA_STANDARD_TIME)
    return local.astimezone(UTC)


def _runs(rng: random.Random, days: list[date]) -> list[date]:
    """Check-in days: runs of a few days with gaps between."""
    chosen, index = [], rng.randint(0, 10)
    while index < len(days):
        length = rng.choice((1, 2, 3, 3, 5, 7, 12))
        chosen += days[index : index + length]
        index += length + rng.randint(1, 9)
    return chosen


def _lectures(rng: random.Random, now: datetime, keen: float) -> list[tuple[datetime, int, str]]:
    """The branch's lectures and themed days 集中学习 of this year so far that the member
    attended (the keener, the more), held on the 15th of each month."""
    today = china_day(now)
    held = []
    for month in range(1, 13):
        at = datetime.combine(date(today.year, month, 15), time(15), CHINA_STANDARD_TIME)
        if at < now and rng.random() < 0.45 + 0.55 * keen:
            note = "七一专题党课（集中学习）" if month == 7 else f"{month}月主题党日集中学习"
            held.append((at.astimezone(UTC), rng.choice((120, 150, 180, 240)), note))
    return held


class StudySeason:
    """The rows of everyone's study, and the figures they make (the demo's and the city-scale
    generator's, generators/scale/learning.py)."""

    def __init__(self, now: datetime, ids: StudyIds) -> None:
        self.now, self.ids = now, ids
        self.today = china_day(now)
        self.rows: dict[str, list[dict[str, Any]]] = defaultdict(list)
        self.changes: list[StudyChange] = []
        self.learners = 0

    def courses(self, courses: list[Course], org_id: int, path: str) -> list[dict[str, Any]]:
        published = []
        for title, summary, minutes, materials, questions in courses:
            course: dict[str, Any] = {"id": self.ids.course, "organization_id": org_id,
                      "org_path": path, "title": title, "summary": summary,
                      "suggested_minutes": minutes, "question_count": len(questions),
                      "max_score": len(questions), "published_by_account_id": None,
                      "published_at": self.now - timedelta(days=SEASON_DAYS + 20)}  # fmt: skip
            self.ids.course += 1
            self.rows["courses"].append(course)
            for n, (kind, name, body, url) in enumerate(materials):
                self.rows["materials"].append({"id": self.ids.material, "course_id": course["id"],
                    "position": n, "kind": MaterialKind(kind), "title": name, "body": body,
                    "url": url})  # fmt: skip
                self.ids.material += 1
            course["questions"] = []
            for n, (text, choices, right) in enumerate(questions):
                question = {"id": self.ids.question, "course_id": course["id"],
                            "position": n, "text": text, "choices": choices,
                            "correct": right, "points": 1}  # fmt: skip
                self.ids.question += 1
                self.rows["questions"].append(question)
                course["questions"].append(question)
            published.append(course)
        return published

    def member(
        self,
        rng: random.Random,
        member: tuple[int, int, str],
        courses: list[dict[str, Any]],
        *,
        study_days: list[date],
        check_ins: list[date],
        lectures: list[tuple[datetime, int, str]],
    ) -> None:
        member_id, branch_id, path = member
        years: dict[int, list[int]] = defaultdict(lambda: [0, 0, 0])  # minutes, check-ins, sessions
        last_finished = None
        best: dict[int, dict[str, Any]] = {}
        for day in study_days:
            course = rng.choice(courses)
            started = _moment(day, rng)
            minutes = rng.randint(15, 60)
            finished = min(
                started + timedelta(minutes=minutes, seconds=rng.randint(0, 50)), self.now
            )
            minutes = int((finished - started).total_seconds() // 60)
            session = self.ids.session
            self.ids.session += 1
            self.rows["sessions"].append({"id": session, "member_id": member_id,
                "course_id": course["id"], "org_path": path, "started_at": started,
                "finished_at": finished, "minutes": minutes})  # fmt: skip
            figures = years[china_day(finished).year]
            figures[2] += 1
            last_finished = finished
            if minutes:
                self._credit(member_id, path, finished, minutes, CreditKind.SESSION, session)
                figures[0] += minutes
            if course["questions"] and rng.random() < 0.4:
                self._attempt(rng, member_id, course, finished, best)
        for held, minutes, note in lectures:  # credited by the branch
            self._credit(member_id, path, held, minutes, CreditKind.MANUAL, None, note)
            years[china_day(held).year][0] += minutes
        streak = longest = 0
        previous: date | None = None
        for day in check_ins:
            streak = streak + 1 if previous == day - timedelta(days=1) else 1
            longest = max(longest, streak)
            previous = day
            self.rows["check_ins"].append({"member_id": member_id, "day": day, "org_path": path,
                "streak": streak, "created_at": _moment(day, rng)})  # fmt: skip
            years[day.year][1] += 1
        if not study_days and not check_ins and not lectures:
            return
        self.rows["accounts"].append({"member_id": member_id, "organization_id": branch_id,
            "org_path": path, "open_session_id": None, "last_finished_at": last_finished,
            "last_checkin_day": previous, "current_streak": streak, "longest_streak": longest,
            "checkins": len(check_ins), "version": 1, "updated_at": self.now})  # fmt: skip
        for year, (minutes, checkins, sessions) in years.items():
            self.rows["years"].append({"member_id": member_id, "year": year, "org_path": path,
                                       "minutes": minutes, "checkins": checkins,
                                       "sessions": sessions})  # fmt: skip
            self.changes.append(StudyChange(path, year, learners=minutes > 0,
                members_met=minutes >= DEFAULT_REQUIRED_MINUTES, minutes=minutes,
                checkins=checkins, sessions=sessions))  # fmt: skip
        self.rows["best"] += best.values()
        self.learners += 1

    def typical(
        self, rng: random.Random, member: tuple[int, int, str], courses: list[dict[str, Any]],
        days: list[date],
    ) -> None:  # fmt: skip
        """A member's season as most study: three in ten only at the branch's lectures, the
        others online on a few to twenty days, the keenest checking in in runs."""
        keen = rng.random()
        if keen < 0.3:  # has not studied online this season
            self.member(rng, member, courses, study_days=[], check_ins=[],
                        lectures=_lectures(rng, self.now, keen))  # fmt: skip
            return
        studied = sorted(rng.sample(days, rng.randint(2, 4 + int(keen * 16))))
        runs = _runs(rng, days[-45:]) if keen > 0.6 else []
        self.member(rng, member, courses, study_days=studied, check_ins=runs,
                    lectures=_lectures(rng, self.now, keen))  # fmt: skip

    def _credit(
        self,
        member: int,
        path: str,
        at: datetime,
        minutes: int,
        kind: CreditKind,
        session: int | None,
        note: str | None = None,
    ) -> None:
        key = f"session:{session}" if session else f"demo-{self.ids.credit}"
        self.rows["credits"].append({"id": self.ids.credit, "member_id": member, "org_path": path,
            "year": china_day(at).year, "kind": kind, "minutes": minutes, "session_id": session,
            "idempotency_key": key, "reverses_entry_id": None, "note": note,
            "created_by_account_id": None, "created_at": at})  # fmt: skip
        self.ids.credit += 1

    def _attempt(
        self, rng: random.Random, member: int, course: dict[str, Any], at: datetime,
        best: dict[int, dict[str, Any]],
    ) -> None:  # fmt: skip
        answers, score = {}, 0
        for question in course["questions"]:
            if rng.random() < 0.8:
                answers[str(question["id"])] = question["correct"]
                score += 1
            else:
                wrong = [n for n in range(len(question["choices"])) if [n] != question["correct"]]
                answers[str(question["id"])] = [rng.choice(wrong)]
        most = len(course["questions"])
        self.rows["attempts"].append({"id": self.ids.attempt, "member_id": member,
            "course_id": course["id"], "score": score, "max_score": most, "answers": answers,
            "created_at": at})  # fmt: skip
        self.ids.attempt += 1
        found = best.get(course["id"])
        if found is None:
            best[course["id"]] = {"member_id": member, "course_id": course["id"],
                "best_score": score, "max_score": most, "attempts": 1, "best_at": at}  # fmt: skip
        else:
            found["attempts"] += 1
            if score > found["best_score"]:
                found.update(best_score=score, best_at=at)


async def seed_learning(
    session: Session, *, root_path: str, root_id: int, seed: int, now: datetime,
    own_member: int | None,
) -> LearningSeed | None:  # fmt: skip
    """Courses and a season of study under `root_path` (once); None if there were already."""
    if await any_under(session, CourseRow.__tablename__, root_path):
        return None
    rng = random.Random(seed * 37 + 15)
    ids = StudyIds(*[await next_id(session, table) for table in _TABLES])
    season = StudySeason(now, ids)
    city = season.courses(CITY_COURSES, root_id, root_path)
    community = await demo_community_path(session, root_path)
    local: list[dict[str, Any]] = []
    if community:
        community_id = int(community.strip("/").split("/")[-1])
        local = season.courses(COMMUNITY_COURSES, community_id, community)
    today = season.today
    days = [today - timedelta(days=n) for n in range(SEASON_DAYS, 0, -1)]  # up to yesterday
    statuses = (MemberStatus.FULL, MemberStatus.PROBATIONARY)
    for member_id, _name, branch_id, path in await members_under(session, root_path, statuses):
        member = (member_id, branch_id, path)
        reach = city + (local if community and path.startswith(community) else [])
        if member_id == own_member:
            studied = [d for d in days[-40:] if rng.random() < 0.7]
            season.member(rng, member, reach, study_days=studied, check_ins=days[-7:],
                          lectures=_lectures(rng, now, 0.9))  # fmt: skip
            continue
        season.typical(rng, member, reach, days)
    rows = season.rows
    for course in rows["courses"]:
        course.pop("questions")
    for model, key in (
        (CourseRow, "courses"), (MaterialRow, "materials"), (QuestionRow, "questions"),
        (StudyAccountRow, "accounts"), (StudySessionRow, "sessions"), (CreditRow, "credits"),
        (StudyYearRow, "years"), (CheckInRow, "check_ins"), (QuizAttemptRow, "attempts"),
        (QuizBestRow, "best"),
    ):  # fmt: skip
        await insert_rows(session, model, rows[key])
    await add_to_learning_tallies(session, season.changes)
    await reset_id_sequences(session, _TABLES)
    return LearningSeed(
        courses=len(rows["courses"]),
        learners=season.learners,
        sessions=len(rows["sessions"]),
        check_ins=len(rows["check_ins"]),
    )
