"""The standard indicator system 标准指标体系 a new year's framework starts from when there is
none to copy: 5 categories and 16 positive indicators worth 100 points, and 4 negative ones,
most computed from zhdj's own figures, the rest entered by the upper organisation."""

from __future__ import annotations

from dataclasses import dataclass

from db.evaluation.models import Direction, IndicatorKind
from resolvers.evaluation.formulas import Formula

STANDARD_THRESHOLDS = (60.0, 70.0, 80.0, 90.0)  # totals for 2, 3, 4 and 5 stars


@dataclass(frozen=True, slots=True)
class IndicatorDraft:
    category: str
    code: str
    name: str
    kind: IndicatorKind
    weight: float
    target: float
    cap: float
    formula: Formula | None
    direction: Direction = Direction.HIGHER


def _positive(
    category: str, code: str, name: str, weight: float, target: float, formula: Formula | None
) -> IndicatorDraft:
    kind = IndicatorKind.POSITIVE
    return IndicatorDraft(category, code, name, kind, weight, target, weight, formula)


def _negative(
    code: str, name: str, per: float, cap: float, formula: Formula | None
) -> IndicatorDraft:
    return IndicatorDraft(
        "负面清单", code, name, IndicatorKind.NEGATIVE, per, 0, cap, formula, Direction.LOWER
    )


F = Formula
MANUAL = None  # entered by the upper organisation, out of 100

STANDARD_INDICATORS: tuple[IndicatorDraft, ...] = (
    _positive("组织建设", "ORG_MEETINGS", "三会一课达标率", 8, 0.9, F.MEETING_COMPLIANCE),
    _positive("组织建设", "ORG_ATTENDANCE", "组织生活出勤率", 6, 0.85, F.MEETING_ATTENDANCE),
    _positive("组织建设", "ORG_PIPELINE", "发展党员梯队", 3, 5, F.PIPELINE_PER_HUNDRED),
    _positive("组织建设", "ORG_COMMITTEE", "班子建设", 3, 100, MANUAL),
    _positive("党员管理", "MEM_DUES", "党费收缴率", 7, 1, F.DUES_COLLECTION),
    _positive("党员管理", "MEM_STUDY", "学习达标率", 7, 0.9, F.STUDY_COMPLETION),
    _positive("党员管理", "MEM_EDUCATION", "党员教育管理", 6, 100, MANUAL),
    _positive("服务群众", "SRV_ON_TIME", "诉求按时办结率", 10, 0.95, F.PETITION_ON_TIME),
    _positive("服务群众", "SRV_SATISFACTION", "群众满意率", 10, 0.9, F.PETITION_SATISFACTION),
    _positive("服务群众", "SRV_PRACTICAL", "为民办实事", 5, 100, MANUAL),
    _positive("区域共建", "CO_VOLUNTEER", "人均志愿服务时长", 8, 4, F.VOLUNTEER_HOURS_PER_MEMBER),
    _positive("区域共建", "CO_PROJECTS", "共建项目落实", 4, 100, MANUAL),
    _positive("区域共建", "CO_EXCHANGES", "资源对接成效", 3, 100, MANUAL),
    _positive("阵地运行", "POS_SERVED", "阵地服务人次（人均）", 8, 50, F.STATION_SERVED_PER_MEMBER),
    _positive("阵地运行", "POS_STANDARD", "阵地规范化建设", 6, 100, MANUAL),
    _positive("阵地运行", "POS_OPENING", "阵地开放管理", 6, 100, MANUAL),
    _negative("NEG_PETITIONS_LATE", "诉求超期办结", 0.5, 5, F.PETITIONS_LATE),
    _negative("NEG_MEETINGS_MISSED", "组织生活缺项", 0.5, 5, F.MEETINGS_MISSED),
    _negative("NEG_DUES_ARREARS", "党费欠缴", 0.2, 4, F.DUES_ARREARS),
    _negative("NEG_COMPLAINTS", "有效投诉（查实）", 2, 6, MANUAL),
)  # fmt: skip
