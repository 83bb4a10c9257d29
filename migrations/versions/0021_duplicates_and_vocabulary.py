"""duplicate reports merged 重复诉求合并, smart answers 智能答复, the hot-word vocabulary 热词词表

Revision ID: 0021
Revises: 0020
Create Date: 2026-12-07

Petitions gain `master_id` (a duplicate report points at the petition it was merged into) and
`reporters` (how many residents reported the problem: 1 for every existing petition).
Categories gain `instant_answer` (residents may be offered the answers of similar closed
petitions at once), set for the kinds of question that recur. The hot-word vocabulary is two
tables, seeded with the default synonyms and stop words; kept word counts are untouched (the
vocabulary applies when they are read).
"""

from collections.abc import Sequence
from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

revision: str = "0021"
down_revision: str | None = "0020"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# As db/petitions/vocabulary.py and db/petitions/categories.py at the time of writing.
_INSTANT_ANSWER_CODES = ("PS-JOBS", "PS-CONVENIENCE", "PS-ELDER", "PS-EDU", "PB-MEMBER")
_SYNONYMS = {
    "电瓶车": "电动车", "电单车": "电动车", "电动自行车": "电动车",
    "感应灯": "楼道灯", "声控灯": "楼道灯",
    "噪声": "噪音", "扰民": "噪音扰民", "吵闹": "噪音",
    "垃圾桶": "垃圾", "垃圾箱": "垃圾", "垃圾房": "垃圾",
    "车位": "停车位", "停车场": "停车位",
    "充电站": "充电桩", "煤气": "燃气", "煤气味": "燃气",
    "漏雨": "漏水", "渗水": "漏水",
    "物业费": "物业", "物业公司": "物业",
    "电梯故障": "电梯", "电梯坏": "电梯",
    "狗屎": "宠物粪便", "狗粪": "宠物粪便",
    "托育点": "托育", "私搭乱建": "违章搭建", "乱搭乱建": "违章搭建",
}  # fmt: skip
_STOPS = (
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


def upgrade() -> None:
    with op.batch_alter_table("petitions", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("master_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"))
        )
        batch_op.add_column(
            sa.Column("reporters", sa.Integer(), nullable=False, server_default="1")
        )
        batch_op.create_index("ix_petitions_master_id", ["master_id"], unique=False)
    with op.batch_alter_table("petition_categories", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("instant_answer", sa.Boolean(), nullable=False, server_default="0")
        )
    categories = sa.table(
        "petition_categories",
        sa.column("code", sa.String()),
        sa.column("instant_answer", sa.Boolean()),
    )
    op.execute(
        categories.update()
        .where(categories.c.code.in_(_INSTANT_ANSWER_CODES))
        .values(instant_answer=True)
    )
    synonyms = op.create_table(
        "hot_word_synonyms",
        sa.Column("word", sa.String(length=32), nullable=False),
        sa.Column("canonical", sa.String(length=32), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("word"),
    )
    stops = op.create_table(
        "hot_word_stops",
        sa.Column("word", sa.String(length=32), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("word"),
    )
    now = datetime.now(UTC)
    op.bulk_insert(
        synonyms,
        [{"word": w, "canonical": c, "updated_at": now} for w, c in _SYNONYMS.items()],
    )
    op.bulk_insert(stops, [{"word": w, "updated_at": now} for w in dict.fromkeys(_STOPS)])


def downgrade() -> None:
    """The tables and columns go (merged reports keep their status). Columns are dropped in
    place, as 0017 does: recreating the tables, as batch mode would, trips the foreign keys
    that point at them."""
    op.drop_table("hot_word_stops")
    op.drop_table("hot_word_synonyms")
    op.drop_index("ix_petitions_master_id", table_name="petitions")
    for table, column in (
        ("petition_categories", "instant_answer"),
        ("petitions", "reporters"),
        ("petitions", "master_id"),
    ):
        op.execute(f"ALTER TABLE {table} DROP COLUMN {column}")
