"""The signed-in viewer and their role bindings."""

from __future__ import annotations

import strawberry

from resolvers.access import Binding
from resolvers.apikeys.reads import resolve_own_key
from resolvers.members.reads import resolve_own_member
from resolvers.organizations.reads import resolve_organization_by_id
from schema.accounts.enums import Role
from schema.apikeys.types import ApiKey
from schema.info import Info
from schema.members.types import Member
from schema.organizations.types import Organization


@strawberry.type(
    description="角色授权 A role held on an organisation; it applies to the whole subtree."
)
class RoleBinding:
    binding: strawberry.Private[Binding]
    role: Role = strawberry.field(description="角色 The role.")

    @strawberry.field(description="授权组织 The organisation whose subtree the role covers.")
    async def organization(self, info: Info) -> Organization | None:
        found = await resolve_organization_by_id(info.context, self.binding.organization_id)
        return Organization.from_row(found) if found else None


@strawberry.type(description="当前账号 The account making this request.")
class Viewer:
    username: str = strawberry.field(description="用户名 Sign-in name.")
    display_name: str = strawberry.field(description="显示名称 Name shown to people.")
    roles: list[RoleBinding] = strawberry.field(
        description="角色授权 Role bindings, outermost first."
    )

    @strawberry.field(
        description="Your own party-member record 我的党员档案, when the account is a party "
        "member's own (the `member` role); null otherwise."
    )
    async def member(self, info: Info) -> Member | None:
        found = await resolve_own_member(info.context)
        return Member.from_row(found) if found else None

    @strawberry.field(
        description="The API key making this request 当前接口密钥 (its name, scope, permissions "
        "and expiry; never its secret); null when a person's token is used. `username` is then "
        "the key's public start `zhdj_<public id>_`, and `roles` its one partner binding."
    )
    async def api_key(self, info: Info) -> ApiKey | None:
        found = await resolve_own_key(info.context)
        return ApiKey.from_row(found) if found else None

    @classmethod
    def of(cls, info: Info) -> Viewer:
        viewer = info.context.viewer
        return cls(
            username=viewer.username or "",
            display_name=viewer.display_name or "",
            roles=[RoleBinding(binding=b, role=Role(b.role.value)) for b in viewer.bindings],
        )
