"""Inputs and payloads of the petition mutations."""

from __future__ import annotations

from datetime import datetime

import strawberry

from schema.petitions.enums import PetitionChannel
from schema.petitions.types import Petition, PetitionCategory

VERSION = "版本 The `version` you last read; a stale one fails with CONFLICT. Optional."
NOTE = "备注 A note for the timeline (at most 500 characters)."


@strawberry.input(description="A new petition 群众诉求.")
class SubmitPetitionInput:
    title: str = strawberry.field(description="标题 Short title, at most 100 characters.")
    content: str = strawberry.field(
        description="诉求内容 What the problem is, at most 2000 characters."
    )
    category_id: strawberry.ID = strawberry.field(description="A subcategory, e.g. 环境卫生.")
    grid_id: strawberry.ID = strawberry.field(description="The grid 网格 where the problem is.")
    channel: PetitionChannel = strawberry.field(
        default=PetitionChannel.APP, description="诉求渠道 How it reached you."
    )
    anonymous: bool = strawberry.field(
        default=False, description="匿名 Hide who raised it (and the contact) from everyone else."
    )
    contact_name: str | None = strawberry.field(default=None, description="联系人 Contact name.")
    contact_phone: str | None = strawberry.field(
        default=None, description="联系电话 Contact phone (mobile or landline)."
    )
    on_behalf: bool = strawberry.field(
        default=False,
        description="代居民提出 Staff raising it for a resident (hotline, counter); needs a staff "
        "role.",
    )
    resident_username: str | None = strawberry.field(
        default=None,
        description="居民账号 With onBehalf: the resident's account, so they can follow and rate "
        "it.",
    )
    idempotency_key: str | None = strawberry.field(
        default=None,
        description="幂等键 Any unique string (a UUID): a retry with the same key and input "
        "returns the first petition; the same key with other input fails with CONFLICT.",
    )


@strawberry.input(description="诉求流转 A workflow step that needs no more than a note.")
class PetitionStepInput:
    id: strawberry.ID = strawberry.field(description="诉求 The petition.")
    expected_version: int | None = strawberry.field(default=None, description=VERSION)
    note: str | None = strawberry.field(default=None, description=NOTE)


@strawberry.input(description="Assign 派单 a petition to an organisation and a handler.")
class AssignPetitionInput:
    id: strawberry.ID = strawberry.field(description="诉求 The petition.")
    organization_id: strawberry.ID | None = strawberry.field(
        default=None,
        description="承办组织 Where to handle it, within your subtree; the current one if omitted.",
    )
    handler_username: str | None = strawberry.field(
        default=None, description="承办人 An account that handles petitions there (optional)."
    )
    expected_version: int | None = strawberry.field(default=None, description=VERSION)
    note: str | None = strawberry.field(default=None, description=NOTE)


@strawberry.input(description="Resolve 办结 a petition.")
class ResolvePetitionInput:
    id: strawberry.ID = strawberry.field(description="诉求 The petition.")
    resolution: str = strawberry.field(
        description="办理结果 What was done, at most 2000 characters."
    )
    expected_version: int | None = strawberry.field(default=None, description=VERSION)


@strawberry.input(description="Rate 评价 a resolved petition (the resident who raised it).")
class RatePetitionInput:
    id: strawberry.ID = strawberry.field(description="诉求 The petition.")
    satisfaction: int = strawberry.field(
        description="满意度 1 (very dissatisfied) to 5 (very satisfied)."
    )
    comment: str | None = strawberry.field(
        default=None, description="评价意见 A comment (at most 500)."
    )
    expected_version: int | None = strawberry.field(default=None, description=VERSION)


@strawberry.input(description="Reject 不予受理 a petition, saying why.")
class RejectPetitionInput:
    id: strawberry.ID = strawberry.field(description="诉求 The petition.")
    reason: str = strawberry.field(description="原因 Why, at most 500 characters.")
    expected_version: int | None = strawberry.field(default=None, description=VERSION)


@strawberry.input(
    description="Supervise 督办 an open petition held below your organisation: the handler is "
    "reminded, the timeline shows who asked what and when."
)
class SupervisePetitionInput:
    id: strawberry.ID = strawberry.field(description="诉求 The petition.")
    note: str = strawberry.field(description="What you ask of the handler 督办意见, at most 500.")
    deadline_at: datetime | None = strawberry.field(
        default=None,
        description="督办时限 A new deadline at the level holding it (with a time zone, within 90 "
        "days); past it, it climbs on as at any level deadline. Unchanged if omitted.",
    )
    expected_version: int | None = strawberry.field(default=None, description=VERSION)


@strawberry.type(description="诉求操作结果 The result of a petition mutation.")
class PetitionPayload:
    petition: Petition = strawberry.field(description="当前诉求 The petition as it is now.")


@strawberry.input(description="新增诉求小类 A new subcategory of a major kind.")
class CreatePetitionCategoryInput:
    parent_id: strawberry.ID = strawberry.field(description="诉求大类 The major kind.")
    code: str = strawberry.field(description="分类代码 Stable code, e.g. PM-PET.")
    name: str = strawberry.field(description="Name, e.g. 宠物管理.")
    deadline_hours: int = strawberry.field(
        description="办理时限（小时） Handling deadline in hours."
    )


@strawberry.type(description="诉求分类操作结果 The result of a category mutation.")
class PetitionCategoryPayload:
    category: PetitionCategory = strawberry.field(
        description="当前诉求分类 The category as it is now."
    )
