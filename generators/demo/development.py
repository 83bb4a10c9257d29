"""The demo's development pipeline 党员发展: every applicant, activist, development target and
probationary member gets the dates of the steps behind them (consistent with the legal
durations), activists and targets their two contacts and training records, and the timeline
of those steps; some activists and probationary members are due for their next step this
month, some are overdue, some not yet."""

from __future__ import annotations

import random
from datetime import date, timedelta
from typing import Any

from db.development.models import DevelopmentAction as Action
from db.members.models import MemberStatus as Stage
from resolvers.development.guards import eighteenth_birthday
from resolvers.development.workflow import one_year_after

Row = dict[str, Any]

TOPICS = (
    "党章学习",
    "党的基本理论",
    "党史学习教育",
    "入党积极分子培训班",
    "发展对象短期集中培训",
    "社区志愿服务实践",
)
REVIEWS = ("政治合格", "现实表现良好，政治审查合格")
EMPTY = dict.fromkeys(
    (
        "applied_on",
        "activist_since",
        "target_since",
        "political_review_on",
        "political_review_conclusion",
        "vote_on",
        "votes_for",
        "votes_against",
        "votes_abstain",
        "approved_on",
        "probation_since",
        "probation_ends_on",
        "full_since",
        "cancelled_on",
    )
)


def build_development(members: list[Row], seed: int, today: date) -> dict[str, list[Row]]:
    """Development rows, contacts, trainings and steps for the demo's members."""
    rng = random.Random(seed * 7919 + 13)
    full_by_branch: dict[int, list[int]] = {}
    for member in members:
        if member["status"] is Stage.FULL:
            full_by_branch.setdefault(member["branch_id"], []).append(member["id"])
    out: dict[str, list[Row]] = {"records": [], "contacts": [], "trainings": [], "steps": []}
    for member in members:
        status = member["status"]
        if status not in (
            Stage.APPLICANT,
            Stage.ACTIVIST,
            Stage.DEVELOPMENT_TARGET,
            Stage.PROBATIONARY,
        ):
            continue
        adult = eighteenth_birthday(member["birth_date"])
        changed = member["status_changed_at"].date()
        record: Row = EMPTY | {"member_id": member["id"], "probation_extended": False}
        steps: list[tuple[Action, Stage, Stage, date, str | None]] = []
        if status is Stage.PROBATIONARY:
            vote = member["join_date"]
            target = vote - timedelta(days=rng.randint(30, 120))
        elif status is Stage.DEVELOPMENT_TARGET:
            target = changed
        if status in (Stage.PROBATIONARY, Stage.DEVELOPMENT_TARGET):
            activist = target - timedelta(days=rng.randint(366, 560))
        elif status is Stage.ACTIVIST:
            # Between five months and two years ago: some due this month, some overdue.
            activist = today - timedelta(days=rng.randint(150, 700))
        if status is Stage.APPLICANT:
            applied = max(changed, adult)
        else:
            applied = max(activist - timedelta(days=rng.randint(30, 400)), adult)
            activist = max(activist, applied)
        if status in (Stage.DEVELOPMENT_TARGET, Stage.PROBATIONARY) and (
            one_year_after(activist) > target
        ):
            continue  # too young for the whole way (generators/demo/city.py makes none)
        record["applied_on"] = applied
        steps.append((Action.APPLICATION_RECORDED, Stage.APPLICANT, Stage.APPLICANT, applied, None))
        if status is not Stage.APPLICANT:
            record["activist_since"] = activist
            steps.append(
                (Action.ADMITTED_ACTIVIST, Stage.APPLICANT, Stage.ACTIVIST, activist, None)
            )
            pool = [
                key for key in full_by_branch.get(member["branch_id"], []) if key != member["id"]
            ]
            for contact in rng.sample(pool, 2) if len(pool) >= 2 else []:
                out["contacts"].append(
                    {"member_id": member["id"], "contact_id": contact, "assigned_on": activist}
                )
            end = vote - timedelta(days=1) if status is Stage.PROBATIONARY else today
            span = max((end - activist).days, 1)
            count = rng.randint(0 if status is Stage.ACTIVIST else 1, 3)
            for offset in sorted(rng.randint(1, span) for _ in range(count)):
                held = min(activist + timedelta(days=offset), end)
                topic = rng.choice(TOPICS)
                hours = rng.choice((8, 16, 24, 32))
                out["trainings"].append(
                    {"member_id": member["id"], "held_on": held, "topic": topic, "hours": hours}
                )
                later = status is not Stage.ACTIVIST and held >= target
                stage = Stage.DEVELOPMENT_TARGET if later else Stage.ACTIVIST
                steps.append((Action.TRAINING_RECORDED, stage, stage, held, f"{topic} ({hours}h)"))
        if status in (Stage.DEVELOPMENT_TARGET, Stage.PROBATIONARY):
            review = target - timedelta(days=rng.randint(0, 20))
            conclusion = rng.choice(REVIEWS)
            record |= {
                "target_since": target,
                "political_review_on": review,
                "political_review_conclusion": conclusion,
            }
            steps.append(
                (
                    Action.ADMITTED_TARGET,
                    Stage.ACTIVIST,
                    Stage.DEVELOPMENT_TARGET,
                    target,
                    conclusion,
                )
            )
        if status is Stage.PROBATIONARY:
            cast = rng.randint(8, 40)
            against = rng.randint(0, cast // 6)
            abstain = rng.randint(0, cast // 8)
            approved = min(vote + timedelta(days=rng.randint(10, 60)), today)
            record |= {
                "vote_on": vote,
                "votes_for": cast - against - abstain,
                "votes_against": against,
                "votes_abstain": abstain,
                "approved_on": approved,
                "probation_since": vote,
                "probation_ends_on": one_year_after(vote),
            }
            note = f"支部大会 {vote} 赞成/反对/弃权 {cast - against - abstain}/{against}/{abstain}"
            steps.append(
                (
                    Action.ADMITTED_PROBATIONARY,
                    Stage.DEVELOPMENT_TARGET,
                    Stage.PROBATIONARY,
                    approved,
                    note,
                )
            )
        out["records"].append(record)
        for action, before, after, day, remark in sorted(steps, key=lambda item: item[3]):
            out["steps"].append(
                {
                    "member_id": member["id"],
                    "action": action,
                    "from_status": before.value,
                    "to_status": after.value,
                    "effective_on": day,
                    "actor_id": None,
                    "recorded_at": member["created_at"],
                    "note": remark,
                }
            )
    return out
