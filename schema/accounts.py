"""The signed-in viewer and signing in."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

import strawberry

from resolvers import accounts as resolvers
from resolvers.access import Binding
from resolvers.organizations import resolve_organization_by_id
from schema.enums import Role
from schema.info import Info
from schema.organizations import Organization
from schema.relay import INPUT


@strawberry.type(description="A role held on an organisation; it applies to the whole subtree.")
class RoleBinding:
    binding: strawberry.Private[Binding]
    role: Role = strawberry.field(description="The role.")

    @strawberry.field(description="The organisation whose subtree the role covers.")
    async def organization(self, info: Info) -> Organization | None:
        found = await resolve_organization_by_id(info.context, self.binding.organization_id)
        return Organization.from_row(found) if found else None


@strawberry.type(description="The account making this request.")
class Viewer:
    username: str = strawberry.field(description="Sign-in name.")
    display_name: str = strawberry.field(description="Name shown to people.")
    roles: list[RoleBinding] = strawberry.field(description="Role bindings, outermost first.")

    @classmethod
    def of(cls, info: Info) -> Viewer:
        viewer = info.context.viewer
        return cls(
            username=viewer.username or "",
            display_name=viewer.display_name or "",
            roles=[RoleBinding(binding=b, role=Role(b.role.value)) for b in viewer.bindings],
        )


@strawberry.type
class AccountQueries:
    @strawberry.field(description="The signed-in account; UNAUTHENTICATED without a token.")
    def viewer(self, info: Info) -> Viewer:
        info.context.require_account()
        return Viewer.of(info)


@strawberry.input(description="Credentials for signing in.")
class LoginInput:
    username: str = strawberry.field(description="Sign-in name.")
    password: str = strawberry.field(description="Password.")


@strawberry.type(description="A bearer token for the Authorization header.")
class LoginPayload:
    token: str = strawberry.field(description="Send as `Authorization: Bearer <token>`.")
    expires_at: datetime = strawberry.field(description="When the token stops working.")
    viewer: Viewer = strawberry.field(description="The account signed in.")


@strawberry.type
class AccountMutations:
    @strawberry.mutation(description="Sign in with a username and password.")
    async def login(
        self,
        info: Info,
        input: Annotated[LoginInput, INPUT],
    ) -> LoginPayload:
        token, expires = await resolvers.login(info.context, input.username, input.password)
        return LoginPayload(token=token, expires_at=expires, viewer=Viewer.of(info))
