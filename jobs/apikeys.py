"""API keys' background job: write the uses this instance counted (resolvers/apikeys/usage.py).
Safe on every instance at once: each adds its own counts."""

from __future__ import annotations

import logging

from jobs.periodic import PeriodicJob
from resolvers.context import Services

logger = logging.getLogger("zhdj.jobs")


def api_key_jobs(services: Services) -> list[PeriodicJob]:
    async def flush() -> int:
        return await services.key_usage.flush(services.database)

    return [PeriodicJob("api-key-usage", services.keys.usage_flush_seconds, flush)]


async def flush_key_uses(services: Services) -> None:
    """The last flush, when the instance stops; a failure loses only these counts."""
    try:
        await services.key_usage.flush(services.database)
    except Exception:
        logger.warning("could not write the last API key uses", exc_info=True)
