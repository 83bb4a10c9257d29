"""The hot-word vocabulary 热词词表: synonyms folded into one term, and generic words left out.

Kept word counts (`petition_word_counts`) hold the words as segmented; the vocabulary is applied
when they are read, in the same statement: a word with a synonym entry counts under its
canonical term, a word (or term) on the stop list is left out. So an administrator's edit
changes every window at once, past days included, and no tally has to be rewritten; the read
still covers the window's kept rows only, as before.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from datetime import date, datetime
from typing import Any

from sqlalchemy import String, delete, exists, func, or_, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Mapped, mapped_column

from db.base import Base, UtcDateTime, utcnow
from db.petitions.words import MAX_WORD_LENGTH, PetitionWordCountRow
from db.records import Connectable

# Words residents use for the same thing → the term a summary would use.
DEFAULT_SYNONYMS: dict[str, str] = {
    "电瓶车": "电动车", "电单车": "电动车", "电动自行车": "电动车",
    "感应灯": "楼道灯", "声控灯": "楼道灯",
    "噪声": "噪音", "扰民": "噪音扰民", "吵闹": "噪音",
    "垃圾桶": "垃圾", "垃圾箱": "垃圾", "垃圾房": "垃圾",
    "车位": "停车位", "停车场": "停车位", "停车": "停车位", "停车难": "停车位",
    "充电站": "充电桩", "煤气": "燃气", "煤气味": "燃气",
    "漏雨": "漏水", "渗水": "漏水",
    "物业费": "物业", "物业公司": "物业",
    "电梯故障": "电梯", "电梯坏": "电梯",
    "狗屎": "宠物粪便", "狗粪": "宠物粪便",
    "托育点": "托育", "私搭乱建": "违章搭建", "乱搭乱建": "违章搭建",
}  # fmt: skip
# Words that say nothing of the topic but survive segmentation's own stop list: the screen's
# top words were 服务, 孩子, 休息 before these.
DEFAULT_STOPS: tuple[str, ...] = (
    "服务", "孩子", "休息", "时间", "回家", "看见", "出门", "下班", "回来", "很大", "突出",
    "严重", "无法", "不能", "不了", "正常", "一周", "一个月", "半个月", "好几天", "几天",
    "业主", "住户", "居民区", "物业管理", "希望社区", "尽早", "确实", "有关", "联系", "反馈",
    "多次反映", "没有人", "容易", "安全隐患", "出行", "生活", "造成", "发现", "位置", "地方",
    "有人", "全是", "每天晚上", "根本", "不敢", "好几个", "越来越", "请问", "能不能", "一楼",
    # Who and how, not what: the people concerned and the state things are in.
    "老人", "老年人", "人员", "车辆", "维修", "损坏", "堆放", "气味", "占用", "满溢", "楼顶",
    "饭菜", "担心", "困难", "上下楼", "不到位", "一片", "漆黑", "台阶", "摔倒", "存在",
    "规范", "管理", "检查", "清理", "安排", "协调", "指导", "流程", "咨询", "办理", "提供",
    "隐患", "危险", "路面", "夜间", "外来", "出售", "开办", "过期", "旁边", "停放", "门口", "故障",
)  # fmt: skip


class HotWordSynonymRow(Base):
    """A word counted under another term 同义词 (电瓶车 → 电动车)."""

    __tablename__ = "hot_word_synonyms"

    word: Mapped[str] = mapped_column(String(MAX_WORD_LENGTH), primary_key=True)
    canonical: Mapped[str] = mapped_column(String(MAX_WORD_LENGTH))
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)


class HotWordStopRow(Base):
    """A word never shown as a hot word 停用词."""

    __tablename__ = "hot_word_stops"

    word: Mapped[str] = mapped_column(String(MAX_WORD_LENGTH), primary_key=True)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)


async def top_topics(
    session: Connectable, nodes: Sequence[str], since: date, until: date, limit: int
) -> list[tuple[str, int]]:
    """The most frequent terms under the given (disjoint) nodes, synonyms folded and stop
    words left out, most frequent first."""
    if not nodes:
        return []
    w = PetitionWordCountRow.__table__.c
    synonyms = HotWordSynonymRow.__table__.c
    stops = HotWordStopRow.__table__.c
    term = func.coalesce(synonyms.canonical, w.word).label("term")
    total = func.sum(w.count).label("total")
    query = (
        select(term, total)
        .select_from(
            PetitionWordCountRow.__table__.outerjoin(
                HotWordSynonymRow.__table__, synonyms.word == w.word
            )
        )
        .where(
            w.org_path.in_(nodes),
            w.day >= since,
            w.day <= until,
            ~exists().where(or_(stops.word == w.word, stops.word == synonyms.canonical)),
        )
        .group_by(term)
        .order_by(total.desc(), term)
        .limit(limit)
    )
    return [(word, int(n)) for word, n in await session.execute(query)]


async def vocabulary(session: Connectable) -> tuple[dict[str, str], frozenset[str]]:
    """The whole vocabulary (a few hundred rows): synonyms word → term, and the stop list."""
    synonyms = await session.execute(select(HotWordSynonymRow.word, HotWordSynonymRow.canonical))
    stops = await session.execute(select(HotWordStopRow.word))
    return {str(word): str(term) for word, term in synonyms}, frozenset(word for (word,) in stops)


def fold(
    words: Mapping[str, int], synonyms: Mapping[str, str], stops: frozenset[str]
) -> Counter[str]:
    """One text's words as the roll-ups count them: synonyms folded, stop words out."""
    folded: Counter[str] = Counter()
    for word, n in words.items():
        term = synonyms.get(word, word)
        if word not in stops and term not in stops:
            folded[term] += n
    return folded


def _dialect(session: AsyncSession) -> Any:
    return sqlite if session.get_bind().dialect.name == "sqlite" else postgresql


async def synonyms_of(session: AsyncSession, term: str) -> list[str]:
    """The words counted under `term`."""
    query = select(HotWordSynonymRow.word).where(HotWordSynonymRow.canonical == term)
    return list(await session.scalars(query.order_by(HotWordSynonymRow.word)))


async def put_synonym(session: AsyncSession, word: str, canonical: str, now: datetime) -> None:
    """Count `word` under `canonical` from now on (replacing any earlier entry)."""
    statement = (
        _dialect(session)
        .insert(HotWordSynonymRow)
        .values(word=word, canonical=canonical, updated_at=now)
    )
    await session.execute(
        statement.on_conflict_do_update(
            index_elements=["word"], set_={"canonical": canonical, "updated_at": now}
        )
    )


async def put_stop(session: AsyncSession, word: str, now: datetime) -> None:
    statement = _dialect(session).insert(HotWordStopRow).values(word=word, updated_at=now)
    await session.execute(statement.on_conflict_do_nothing(index_elements=["word"]))


async def remove_synonym(session: AsyncSession, word: str) -> bool:
    result = await session.execute(delete(HotWordSynonymRow).where(HotWordSynonymRow.word == word))
    return bool(getattr(result, "rowcount", 0))


async def remove_stop(session: AsyncSession, word: str) -> bool:
    result = await session.execute(delete(HotWordStopRow).where(HotWordStopRow.word == word))
    return bool(getattr(result, "rowcount", 0))


async def ensure_default_vocabulary(session: AsyncSession) -> None:
    """Insert the default entries that are missing (the migration seeded them; a database
    whose tables were emptied gets them back), leaving every other entry as it is."""
    now = utcnow()
    synonyms = [
        {"word": word, "canonical": term, "updated_at": now}
        for word, term in DEFAULT_SYNONYMS.items()
    ]
    stops = [{"word": word, "updated_at": now} for word in dict.fromkeys(DEFAULT_STOPS)]
    for model, rows in ((HotWordSynonymRow, synonyms), (HotWordStopRow, stops)):
        statement = _dialect(session).insert(model).values(rows)
        await session.execute(statement.on_conflict_do_nothing(index_elements=["word"]))
