"""Petition types and queries."""

from __future__ import annotations

from collections.abc import Awaitable, Sequence
from datetime import datetime
from typing import TYPE_CHECKING, Annotated

import strawberry

from db.petitions import models as rows
from db.petitions.queries import CategoryRecord, PetitionRecord, StepRecord
from db.records import record_of
from resolvers.context import Context
from resolvers.petitions import reads as resolvers
from resolvers.petitions.workflow import allowed_actions
from schema.answers import answer_all, shared_answer
from schema.enum_members import by_value
from schema.info import Info
from schema.organizations.types import TYPE_NAME as ORGANIZATION
from schema.organizations.types import Organization
from schema.petitions.enums import CategoryKind, PetitionAction, PetitionChannel, PetitionStatus
from schema.plain_fields import direct
from schema.relay import Node, to_global_id
from schema.selections import selects_listed

if TYPE_CHECKING:
    from schema.petitions.suggestions import DuplicateSuggestion, SuggestedAnswer

SUGGESTIONS = "schema.petitions.suggestions"
TYPE_NAME = "Petition"
CATEGORY = "PetitionCategory"
_KIND = by_value(rows.CategoryKind, CategoryKind)
_ACTION = by_value(rows.PetitionAction, PetitionAction)
_STATUS = by_value(rows.PetitionStatus, PetitionStatus)
_CHANNEL = by_value(rows.PetitionChannel, PetitionChannel)
CONTACT = (
    "Masked (e.g. 张* or 138****5678) unless your role may read personal data where the "
    "petition is handled, every unmasked read audited; null on anonymous petitions except "
    "for the resident who raised it."
)


@strawberry.type(description="A petition category 诉求分类: a major kind or a subcategory.")
class PetitionCategory(Node):
    row: strawberry.Private[CategoryRecord]
    code: str = strawberry.field(description="分类代码 Stable code, e.g. PM-ENV.")
    name: str = strawberry.field(description="Name, e.g. 环境卫生.")
    kind: CategoryKind = strawberry.field(description="所属大类 The major kind it belongs to.")
    deadline_hours: int = strawberry.field(description="Handling deadline 办理时限, in hours.")
    default_department: str | None = strawberry.field(
        description="The functional department 条 that would usually handle it (a name, e.g. "
        "街道城管中队), for dispatch."
    )
    retired_at: datetime | None = strawberry.field(
        description="停用时间 When it was closed to new petitions; null while in use."
    )
    parent_id: strawberry.ID | None = strawberry.field(
        description="所属大类标识 The major kind's ID; null for a major kind itself."
    )
    instant_answer: bool = strawberry.field(
        description="智能答复 Whether residents raising one are offered the answers of similar "
        "closed petitions at once (`petitionInstantAnswers`)."
    )

    @classmethod
    def from_row(cls, row: CategoryRecord | rows.PetitionCategoryRow) -> PetitionCategory:
        if isinstance(row, rows.PetitionCategoryRow):  # as a write path has just written it
            row = record_of(CategoryRecord, row)
        return cls(
            row=row,
            id=to_global_id(CATEGORY, row.id),
            code=row.code,
            name=row.name,
            kind=_KIND[row.kind],
            deadline_hours=row.deadline_hours,
            default_department=row.default_department,
            retired_at=row.retired_at,
            parent_id=to_global_id(CATEGORY, row.parent_id) if row.parent_id else None,
            instant_answer=row.instant_answer,
        )


@strawberry.type(description="One step of a petition's timeline 全过程留痕.")
class PetitionStep:
    action: PetitionAction = strawberry.field(description="操作 What was done.")
    from_status: PetitionStatus | None = strawberry.field(
        description="原状态 Status before the step."
    )
    to_status: PetitionStatus = strawberry.field(description="新状态 Status after the step.")
    actor_name: str | None = strawberry.field(
        description="Who took it (display name; 系统 for the deadline job)."
    )
    organization_id: strawberry.ID | None = strawberry.field(
        description="承办组织 The organisation holding the petition after the step."
    )
    note: str | None = strawberry.field(description="备注 Note, resolution or reason given.")
    at: datetime = strawberry.field(description="时间 When.")

    @classmethod
    def from_row(cls, row: StepRecord) -> PetitionStep:
        return cls(
            action=_ACTION[row.action],
            from_status=_STATUS[row.from_status] if row.from_status else None,
            to_status=_STATUS[row.to_status],
            actor_name=row.actor_name,
            organization_id=to_global_id(ORGANIZATION, row.organization_id)
            if row.organization_id
            else None,
            note=row.note,
            at=row.at,
        )


async def _categories(context: Context, ids: list[int]) -> list[PetitionCategory | None]:
    found = await resolvers.resolve_categories(context, ids)
    return [PetitionCategory.from_row(row) if row else None for row in found]


async def _category(context: Context, category_id: int) -> PetitionCategory | None:
    return (await _categories(context, [category_id]))[0]


def _category_answers(context: Context) -> dict[int, object] | None:
    loaders = context.loaders.petitions
    return loaders.category_answers if loaders.cache else None


async def answer_categories(info: Info, petitions: Sequence[PetitionRecord]) -> None:
    """A page of petitions answers their categories, when the query asks for them, before
    its rows are completed (schema/answers.py `answer_all`)."""
    if selects_listed(info, "category"):
        context = info.context
        ids = [petition.category_id for petition in petitions]
        await answer_all(_category_answers(context), ids, lambda keys: _categories(context, keys))


@strawberry.type(description="A resident's petition 群众诉求 and where it stands.")
class Petition(Node):
    row: strawberry.Private[PetitionRecord]
    title: str = strawberry.field(description="标题 Title (at most 100 characters).")
    content: str = strawberry.field(description="诉求内容 What the resident asks (at most 2000).")
    channel: PetitionChannel = strawberry.field(description="诉求渠道 How it was raised.")
    status: PetitionStatus = strawberry.field(description="状态 Where it stands.")
    anonymous: bool = strawberry.field(description="Raised anonymously 匿名.")
    version: int = strawberry.field(
        description="版本 Increases with every step; pass it as `expectedVersion` to act on it."
    )
    submitted_at: datetime = strawberry.field(description="提交时间 When it was raised.")
    deadline_at: datetime = strawberry.field(description="Handling deadline 办理时限.")
    overdue_at: datetime | None = strawberry.field(
        description="When the deadline job first marked it overdue 超期 (and escalated it)."
    )
    escalations: int = strawberry.field(description="How often it was escalated 上报.")
    level_deadline_at: datetime | None = strawberry.field(
        description="The deadline at the level holding it now 层级时限: past it, it is escalated "
        "one level up (up to the district); null once nothing further happens."
    )
    supervised: bool = strawberry.field(
        description="Whether an upper level supervises it 督办 (see `supervisedAt`, the timeline)."
    )
    supervisions: int = strawberry.field(description="How often it was supervised 督办.")
    supervised_at: datetime | None = strawberry.field(
        description="督办时间 When it was last supervised."
    )
    supervisor_name: str | None = strawberry.field(description="Who last supervised it 督办人.")
    supervision_note: str | None = strawberry.field(
        description="What the last supervision asked 督办意见."
    )
    handler_name: str | None = strawberry.field(description="The assigned handler 承办人.")
    resolution: str | None = strawberry.field(description="How it was resolved 办理结果.")
    resolved_at: datetime | None = strawberry.field(description="办结时间 When it was resolved.")
    satisfaction: int | None = strawberry.field(description="Rating 1-5 满意度.")
    rating_comment: str | None = strawberry.field(description="评价意见 The resident's comment.")
    reject_reason: str | None = strawberry.field(description="不予受理原因 Why it was rejected.")
    closed_at: datetime | None = strawberry.field(
        description="归档时间 When it was closed or rejected."
    )
    reporters: int = strawberry.field(
        description="反映人数 How many residents reported the problem: 1, plus every duplicate "
        "report merged into it."
    )

    @classmethod
    def from_row(cls, row: PetitionRecord | rows.PetitionRow) -> Petition:
        if isinstance(row, rows.PetitionRow):  # as a write path has just written it
            row = record_of(PetitionRecord, row)
        return cls(
            row=row,
            id=to_global_id(TYPE_NAME, row.id),
            title=row.title,
            content=row.content,
            channel=_CHANNEL[row.channel],
            status=_STATUS[row.status],
            anonymous=row.anonymous,
            version=row.version,
            submitted_at=row.created_at,
            deadline_at=row.deadline_at,
            overdue_at=row.overdue_at,
            escalations=row.escalations,
            level_deadline_at=row.level_deadline_at,
            supervised=row.supervised_at is not None,
            supervisions=row.supervisions,
            supervised_at=row.supervised_at,
            supervisor_name=row.supervisor_name,
            supervision_note=row.supervision_note,
            handler_name=row.handler_name,
            resolution=row.resolution,
            resolved_at=row.resolved_at,
            satisfaction=row.satisfaction,
            rating_comment=row.rating_comment,
            reject_reason=row.reject_reason,
            closed_at=row.closed_at,
            reporters=row.reporters,
        )

    @strawberry.field(description="是否超期 Whether it is open and past its deadline now.")
    def is_overdue(self) -> bool:
        return resolvers.is_overdue(self.row)

    @strawberry.field(
        description="是否本人提出 Whether you raised it (only you see yourself as its author)."
    )
    def is_mine(self, info: Info) -> bool:
        return resolvers.is_submitter(info.context, self.row)

    @strawberry.field(
        description="可执行操作 Steps the status allows next (whether you may take them)."
    )
    def next_actions(self) -> list[PetitionAction]:
        return [PetitionAction(action.value) for action in allowed_actions(self.row)]

    @strawberry.field(description="诉求分类 Its category.", graphql_type=PetitionCategory | None)
    @direct  # once per listed petition
    def category(self, info: Info) -> Awaitable[PetitionCategory | None] | PetitionCategory | None:
        context = info.context
        return shared_answer(
            _category_answers(context), self.row.category_id, lambda key: _category(context, key)
        )

    @strawberry.field(description="The grid 网格 where the problem is.")
    async def grid(self, info: Info) -> Organization | None:
        found = await resolvers.resolve_grid(info.context, self.row)
        return Organization.from_row(found) if found else None

    @strawberry.field(description="The organisation that holds it now 承办组织.")
    async def handling_organization(self, info: Info) -> Organization | None:
        found = await resolvers.resolve_handling_organization(info.context, self.row)
        return Organization.from_row(found) if found else None

    @strawberry.field(
        description="是否脱敏 Whether the contact details below are shown masked to you."
    )
    def contact_masked(self, info: Info) -> bool:
        return not resolvers.may_read_contact(info.context, self.row)

    @strawberry.field(description="Contact name 联系人. " + CONTACT)
    async def contact_name(self, info: Info) -> str | None:
        return await resolvers.resolve_contact(info.context, self.row, "contact_name")

    @strawberry.field(description="Contact phone 联系电话. " + CONTACT)
    async def contact_phone(self, info: Info) -> str | None:
        return await resolvers.resolve_contact(info.context, self.row, "contact_phone")

    @strawberry.field(description="Every step so far, oldest first 全过程留痕.")
    async def timeline(self, info: Info) -> list[PetitionStep]:
        steps = await resolvers.resolve_steps(info.context, self.row)
        return [PetitionStep.from_row(step) for step in steps]

    @strawberry.field(
        description="主诉求 For a merged report 重复诉求: the petition it was merged into (null "
        "otherwise, or when your role may not read it); it takes that one's resolution."
    )
    async def merged_into(self, info: Info) -> Petition | None:
        if self.row.master_id is None:
            return None
        found = await resolvers.resolve_petition_by_id(info.context, self.row.master_id)
        return Petition.from_row(found) if found else None

    @strawberry.field(
        description="疑似重复 Open petitions of its grid that may report the same problem (for "
        "staff who read petitions here; empty otherwise)."
    )
    async def duplicate_candidates(
        self,
        info: Info,
        first: Annotated[int, strawberry.argument(description="数量 How many (1-20).")] = 5,
    ) -> list[Annotated[DuplicateSuggestion, strawberry.lazy(SUGGESTIONS)]]:
        from schema.petitions.suggestions import duplicate_candidates

        return await duplicate_candidates(info, self, first)

    @strawberry.field(
        description="参考答复 Resolutions of closed, well-rated petitions of its category that "
        "asked the same, for its handlers (from the petitions you may read)."
    )
    async def suggested_answers(
        self,
        info: Info,
        first: Annotated[int, strawberry.argument(description="数量 How many (1-20).")] = 3,
    ) -> list[Annotated[SuggestedAnswer, strawberry.lazy(SUGGESTIONS)]]:
        from schema.petitions.suggestions import suggested_answers

        return await suggested_answers(info, self, first)
