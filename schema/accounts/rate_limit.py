"""`rateLimit`: the cost budget a client has left, read in the query itself (as GitHub's)."""

from __future__ import annotations

import math
from datetime import datetime, timedelta

import strawberry

from db.base import utcnow
from schema.info import Info


@strawberry.type(description="Your query-cost budget 查询额度 after this query was charged.")
class RateLimit:
    limit: int = strawberry.field(description="The most points your bucket holds 额度上限.")
    cost: int = strawberry.field(
        description="What this query was charged up front 本次消耗 (points it did not use are "
        "given back after it runs; `extensions.cost.actualQueryCost` says how many it used)."
    )
    remaining: int = strawberry.field(description="Whole points left now 剩余额度.")
    restore_rate: float = strawberry.field(description="Points restored per second 恢复速率.")
    reset_at: datetime = strawberry.field(
        description="When the bucket is full again if you stop now 额度恢复时间."
    )


@strawberry.type
class RateLimitQueries:
    @strawberry.field(
        description="Your query-cost budget 查询额度: its size, this query's cost, what is left "
        "and when it is full again (also in the RateLimit-* headers of every answer). Null in "
        "a subscription, which is not charged per event."
    )
    def rate_limit(self, info: Info) -> RateLimit | None:
        budget = info.context.query_budget
        if budget is None:
            return None
        return RateLimit(
            limit=int(budget.limit),
            cost=budget.cost,
            remaining=max(0, math.floor(budget.remaining)),
            restore_rate=budget.restore_rate,
            reset_at=utcnow() + timedelta(seconds=budget.seconds_to_full),
        )
