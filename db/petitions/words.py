"""Hot topics 热点: words of petition text, segmented once at write time, rolled up per node.

Each petition's title and content are segmented with jieba when it is written; its word counts
are added to `petition_word_counts` under every node on the grid's path (grid, community,
street, district, city) for the petition's day. A subtree's hot topics over a window are then
one index range on (org_path = node, day between …), whatever the size of the city.
"""

from __future__ import annotations

import re
import threading
import warnings
from collections import Counter
from collections.abc import Iterable, Sequence
from datetime import date
from typing import Any

from sqlalchemy import Date, Integer, String, UniqueConstraint, text
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Mapped, mapped_column

from db.base import FOLLOWS_MOVES, Base, BigId, PathString
from db.paths import SEPARATOR

# Function words, fillers and petition boilerplate that say nothing about the topic.
_STOP_WORDS_TEXT = """
的 了 是 在 我 我们 你 你们 他 她 他们 它 有 和 与 及 或 就 不 也 都 很 到 说 要 去 会 着 没有
没 看 好 自己 这 那 这个 那个 这些 那些 这里 那里 什么 怎么 怎么办 为什么 一个 一下 一些 一直
已经 还是 还有 因为 所以 但是 而且 如果 然后 可以 可能 应该 需要 希望 请 麻烦 谢谢 感谢 尽快
及时 问题 情况 反映 反应 现在 目前 最近 近期 经常 总是 非常 比较 特别 太 又 再 还 吗 呢 吧 啊 呀
哦 每天 晚上 白天 早上 多次 几次 很多 大家 居民 我家 家里 我们家 本人 相关 部门 处理 解决 一下子
能否 能不能 是否 进行 存在 导致 影响 帮忙 帮助 帮 给 让 被 把 对 从 向 跟 由 后 前 时 时候 以后
之前 一点 有点 有些 已 仍 至今 无人 没人 人 事 个 次 天 里 上 下 中 内 外 小区 社区
号楼 单元 不足 加强 安排 增加 提供 希望 不便 明显 随意 长期 多年 一旦 附近 突然 事先 定期 单元楼
"""
STOP_WORDS = frozenset(_STOP_WORDS_TEXT.split())
# Community-governance terms jieba's general dictionary would split (垃圾 / 分类).
DOMAIN_WORDS = (
    "楼道灯", "垃圾分类", "停车难", "充电桩", "独居老人", "老年食堂", "消防通道", "广场舞",
    "电动车", "违章搭建", "加装电梯", "飞线充电", "噪音扰民", "助餐",
    # Two-word terms a person would name a problem by, kept whole rather than split in parts.
    "电瓶车", "高空抛物", "占道经营", "楼道堆物", "宠物粪便", "垃圾清运", "共享单车", "电梯故障",
    "外墙脱落", "下水道", "化粪池", "路面破损", "积水", "停车位", "快递柜", "老旧小区",
    "装修噪音", "油烟扰民", "群租房", "流浪猫", "健身器材", "监控探头", "施工噪音", "污水外溢",
    "高龄老人", "过期食品", "疫苗接种", "课后托管", "组织关系转接", "居住证明",
)  # fmt: skip
_WORD = re.compile(r"^[\u4e00-\u9fffA-Za-z][\u4e00-\u9fffA-Za-z0-9]*$")
MAX_WORD_LENGTH = 32

_lock = threading.Lock()
_segmenter: Any = None


def segmenter() -> Any:
    """jieba, its dictionary loaded once per process (about a second: call it in a thread)."""
    global _segmenter
    with _lock:
        if _segmenter is None:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                import jieba  # type: ignore[import-untyped]

                jieba.setLogLevel(60)
                jieba.initialize()
                for word in DOMAIN_WORDS:
                    jieba.add_word(word)
            _segmenter = jieba
    return _segmenter


def count_words(text: str, *, with_parts: bool = False) -> Counter[str]:
    """Meaningful words of `text`: no stop words, no single characters, no numbers. With
    `with_parts`, a long word's words come too (楼道灯 and 楼道: jieba's search mode), so
    texts that name one thing in longer and shorter words meet."""
    jieba = segmenter()
    words = jieba.lcut_for_search(text) if with_parts else jieba.lcut(text)
    return Counter(
        word
        for word in (raw.strip() for raw in words)
        if len(word) >= 2
        and len(word) <= MAX_WORD_LENGTH
        and word not in STOP_WORDS
        and _WORD.match(word)
    )


class PetitionWordCountRow(Base):
    __tablename__ = "petition_word_counts"
    __table_args__ = (UniqueConstraint("org_path", "day", "word"),)

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    org_path: Mapped[str] = mapped_column(PathString, info=FOLLOWS_MOVES)
    day: Mapped[date] = mapped_column(Date)
    word: Mapped[str] = mapped_column(String(MAX_WORD_LENGTH))
    count: Mapped[int] = mapped_column(Integer)


def ancestor_paths(path: str) -> list[str]:
    """`/1/5/9/` → ['/1/', '/1/5/', '/1/5/9/']."""
    parts = path.strip(SEPARATOR).split(SEPARATOR)
    return [SEPARATOR + SEPARATOR.join(parts[: n + 1]) + SEPARATOR for n in range(len(parts))]


def roll_up(items: Iterable[tuple[str, date, Counter[str]]]) -> dict[tuple[str, date, str], int]:
    """(grid path, day, words) of many petitions → counts per (node path, day, word)."""
    totals: Counter[tuple[str, date, str]] = Counter()
    for path, day, words in items:
        for node in ancestor_paths(path):
            for word, n in words.items():
                totals[(node, day, word)] += n
    return dict(totals)


async def add_word_counts(session: AsyncSession, totals: dict[tuple[str, date, str], int]) -> None:
    """Add to the roll-up (an upsert, safe against concurrent writers on both databases)."""
    if not totals:
        return
    dialect = sqlite if session.get_bind().dialect.name == "sqlite" else postgresql
    rows = [
        {"org_path": path, "day": day, "word": word, "count": n}
        for (path, day, word), n in totals.items()
    ]
    table = PetitionWordCountRow.__table__
    for start in range(0, len(rows), 2000):
        statement = dialect.insert(table)
        statement = statement.on_conflict_do_update(
            index_elements=["org_path", "day", "word"],
            set_={"count": table.c.count + statement.excluded.count},
        )
        await session.execute(statement, rows[start : start + 2000])


async def roll_up_fillings(
    session: AsyncSession,
    fillings: Sequence[tuple[str, str, Counter[str]]],
    root_path: str,
    depth: int,
    since: date,
) -> int:
    """Word counts of petitions loaded in bulk (PostgreSQL), per node of every level down to
    `depth` and per day since `since`, in SQL; how many rows were written.

    `fillings` are the (title, content, words) of the texts the petitions were filled from. A
    temporary table maps each to its words; one INSERT … SELECT per level of the tree groups
    the petitions of the subtree by their ancestor's path at that level.
    """
    await session.execute(
        text(
            "CREATE TEMPORARY TABLE scale_words (title text, content text, word text, n int) "
            "ON COMMIT DROP"
        )
    )
    rows = [
        (title, content, word, n) for title, content, words in fillings for word, n in words.items()
    ]
    connection = await session.connection()
    raw = await connection.get_raw_connection()
    await raw.driver_connection.copy_records_to_table("scale_words", records=rows)  # type: ignore[union-attr]
    written = 0
    for level in range(1, depth + 2):
        result = await session.execute(
            text(
                "INSERT INTO petition_word_counts (org_path, day, word, count) "
                "SELECT '/' || array_to_string((string_to_array(trim(both '/' from p.org_path), "
                "'/'))[1:(:level)], '/') || '/', p.day, w.word, sum(w.n) "
                "FROM petitions p JOIN scale_words w "
                "ON w.title = p.title AND w.content = p.content "
                "WHERE p.org_path LIKE :prefix AND p.day >= :since GROUP BY 1, 2, 3"
            ),
            {"level": level, "prefix": f"{root_path}%", "since": since},
        )
        written += int(getattr(result, "rowcount", 0) or 0)
    return written
