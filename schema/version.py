"""The schema's version and its own description, as introspection and schema.graphql show
them. The version follows CHANGELOG.md (semantic versioning of the contract): a release that
only adds or deprecates raises the minor number, one that removes or retypes (after the
removal date its deprecation named) raises the major number."""

from __future__ import annotations

SCHEMA_VERSION = "1.4.0"

SCHEMA_DESCRIPTION = (
    f"zhdj 智慧党建 GraphQL API, schema version {SCHEMA_VERSION}. The organisation tree, Party "
    "members and their organisational life, residents' petitions and their closed-loop "
    "handling, party-mass service stations and co-building, live over subscriptions. "
    "Relay conventions (Node, cursor connections); errors carry `extensions.code`. What "
    "changed between versions: CHANGELOG.md in the repository. "
    "组织、党员、组织生活、诉求、阵地与共建。"
)
