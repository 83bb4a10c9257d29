"""Star ratings 星级评定: computed by the batch from the framework's thresholds, overridden
by the upper organisation with a reason (never by the organisation itself), and published by
the upper organisation for all its rated children at once. Each step is a conditional update
on the result's version, recorded on the rating's timeline, and publishing tells the upper
organisation's subtree (`evaluation.published`)."""

from __future__ import annotations

from db.base import utcnow
from db.evaluation.models import RatingAction
from db.evaluation.queries import ResultRecord, result_of, results_of_children
from db.evaluation.writes import add_steps, publish, set_stars
from db.events.types import EventType
from db.paths import ancestor_paths
from resolvers.access import Permission
from resolvers.changes import change
from resolvers.context import Context
from resolvers.errors import BadUserInput, Conflict, not_found
from resolvers.evaluation.reads import framework_for, resolve_result
from resolvers.organizations.reads import resolve_organization_by_id
from resolvers.validation import check_range, clean_text


def upper_path(path: str) -> str | None:
    paths = ancestor_paths(path)
    return paths[-2] if len(paths) > 1 else None


async def override_stars(
    context: Context,
    organization_id: int,
    global_id: str,
    year: int | None,
    stars: int,
    reason: str,
    version: int,
) -> ResultRecord:
    """Set the organisation's stars (its computed ones again, or others), with the reason."""
    result = await resolve_result(context, organization_id, global_id, year)
    if result is None:
        raise not_found("evaluation result", global_id, "organizationId")
    upper = upper_path(result.org_path)
    if upper is None:
        raise BadUserInput(
            "The tree's root has no upper organisation to rate it.", field="organizationId"
        )
    account_id = context.require(
        Permission.MANAGE_EVALUATION,
        upper,
        action="override this organisation's star rating (its upper organisation does)",
    )
    check_range(stars, field="stars", low=1, high=5, what="stars")
    why = clean_text(reason, field="reason", max_length=500)
    if len(why) < 4:
        raise BadUserInput(
            "`reason` must say why the rating differs from the computed one, e.g. "
            "“年度内发生重大负面事件，一票否决”.",
            field="reason",
        )
    if result.published_at is not None:
        raise Conflict(
            "This rating is already published; it stays as published.", field="organizationId"
        )
    async with change(context, account_id, conflict="changed meanwhile") as changes:
        session = changes.session
        kept = None if stars == result.computed_stars else why
        if not await set_stars(session, result.id, version, stars, kept):
            raise Conflict(
                "The rating changed meanwhile (or was published): read it again, then decide.",
                field="version",
            )
        await add_steps(
            session,
            [
                {
                    "result_id": result.id,
                    "action": RatingAction.OVERRIDDEN,
                    "stars": stars,
                    "reason": why,
                    "account_id": account_id,
                    "at": utcnow(),
                }
            ],
        )
        changes.record(
            EventType.EVALUATION_RATING_OVERRIDDEN,
            result.id,
            at=result.org_path,
            changes={
                "year": result.year,
                "stars": stars,
                "computedStars": result.computed_stars,
                "reason": why,
            },
        )
        found = await result_of(session, result.framework_id, result.organization_id)
    assert found is not None
    return found


async def publish_stars(
    context: Context, organization_id: int, global_id: str, year: int | None
) -> list[ResultRecord]:
    """Publish the year's ratings of the organisation's rated children (the upper
    organisation publishes); returns those it published now."""
    node = await resolve_organization_by_id(context, organization_id)
    if node is None:
        raise not_found("organization", global_id, "organizationId")
    account_id = context.require(
        Permission.MANAGE_EVALUATION, node.path, action="publish the star ratings of its children"
    )
    framework = await framework_for(context, year)
    if framework is None or not framework.frozen:
        raise BadUserInput(
            "There are no computed results for that year yet: run the evaluation batch first "
            "(`server.py evaluate --year N`).",
            field="year",
        )
    now = utcnow()
    async with change(context, account_id, conflict="published meanwhile") as changes:
        session = changes.session
        published = await publish(session, framework.id, node.id, now)
        if not published:
            raise Conflict(
                "Nothing to publish: the ratings of this organisation's children for that year "
                "are published already, or none were computed.",
                field="organizationId",
            )
        await add_steps(
            session,
            [
                {
                    "result_id": result_id,
                    "action": RatingAction.PUBLISHED,
                    "stars": stars,
                    "account_id": account_id,
                    "at": now,
                }
                for result_id, stars, _path in published
            ],
        )
        changes.record(
            EventType.EVALUATION_PUBLISHED,
            node.id,
            at=node.path,
            changes={
                "year": framework.year,
                "ratings": len(published),
                "frameworkVersion": framework.version,
            },
        )
        ids = {result_id for result_id, _stars, _path in published}
        children = await results_of_children(session, framework.id, node.id)
    return [row for row in children if row.id in ids]
