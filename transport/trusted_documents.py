"""Trusted documents: an instance that runs, for the clients it applies to, only the documents
registered in a manifest, as production partners' apps ship them (Apollo's persisted query
lists, graphql-codegen's persisted documents). A registered document may be sent by its hash
alone from the first request (it is never evicted); any other is PERSISTED_QUERY_NOT_IN_LIST.

The manifest is a JSON file in either common shape: Apollo's
`{"format": "apollo-persisted-query-manifest", "version": 1, "operations": [{"id", "body", …}]}`
or a plain `{"<sha256 hex>": "<document>"}` map (graphql-codegen's client preset). Every id
must be the SHA-256 of its document's UTF-8 text, so a client's hash and ours agree."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any, Literal

from db.accounts.models import Role
from db.errors import ConfigurationError
from resolvers.access import Viewer
from resolvers.errors import ErrorCode, UserError

# Whose documents must be registered: partner accounts only, or every request.
TrustedFor = Literal["partners", "everyone"]

SETTING = "ZHDJ_TRUSTED_DOCUMENTS"
APOLLO_MANIFEST = "apollo-persisted-query-manifest"


class PersistedQueryNotInList(UserError):
    code = ErrorCode.PERSISTED_QUERY_NOT_IN_LIST


class TrustedDocuments:
    """The registered documents by SHA-256, and the clients they bind."""

    def __init__(self, texts: Mapping[str, str], applies_to: TrustedFor = "partners") -> None:
        self.texts = dict(texts)
        self.applies_to = applies_to

    @classmethod
    def load(cls, path: Path, applies_to: TrustedFor = "partners") -> TrustedDocuments:
        """The manifest at `path`; ConfigurationError naming what is wrong with it."""
        try:
            manifest = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
            raise ConfigurationError(f"{SETTING}={path} cannot be read as JSON: {error}") from None
        return cls(_texts_of(manifest, path), applies_to)

    def binds(self, viewer: Viewer) -> bool:
        if self.applies_to == "everyone":
            return True
        return any(binding.role is Role.PARTNER for binding in viewer.bindings)

    def check(self, query: str | None, viewer: Viewer) -> None:
        """Refuse a document that is not registered, when the viewer is bound to the list."""
        if query is None or not self.binds(viewer):
            return
        if hashlib.sha256(query.encode()).hexdigest() not in self.texts:
            raise PersistedQueryNotInList(
                "This document is not in this server's list of trusted documents: only the "
                "operations registered for your client run here. Register it with the "
                "operator (add it to the manifest) or send a registered one by its hash.",
                field="query",
            )


def check_key_documents(query: str | None, viewer: Viewer) -> None:
    """Refuse a document outside the API key's own trusted documents, when it has some."""
    allowed = viewer.trusted_documents
    if query is None or allowed is None:
        return
    digest = hashlib.sha256(query.encode()).hexdigest()
    if digest not in allowed:
        raise PersistedQueryNotInList(
            "This API key runs only the documents registered for it, and this is not one of "
            f"them. Ask an administrator to add its SHA-256 ({digest}) to the key with "
            "setApiKeyTrustedDocuments, or send a registered document.",
            field="query",
        )


def _texts_of(manifest: Any, path: Path) -> dict[str, str]:
    if (
        isinstance(manifest, Mapping)
        and manifest.get("format") == "apollo-persisted-query-manifest"
    ):
        operations = manifest.get("operations")
        if not isinstance(operations, list):
            raise ConfigurationError(f"{SETTING}={path}: `operations` must be a list")
        pairs = [
            (o.get("id"), o.get("body")) if isinstance(o, Mapping) else (None, None)
            for o in operations
        ]
    elif isinstance(manifest, Mapping):
        pairs = list(manifest.items())
    else:
        raise ConfigurationError(
            f"{SETTING}={path}: expected an Apollo persisted query manifest or a "
            '{"<sha256>": "<document>"} object'
        )
    texts: dict[str, str] = {}
    for digest, text in pairs:
        if not isinstance(digest, str) or not isinstance(text, str):
            raise ConfigurationError(f"{SETTING}={path}: every entry needs an id and a body")
        if hashlib.sha256(text.encode()).hexdigest() != digest.lower():
            raise ConfigurationError(
                f"{SETTING}={path}: {digest[:16]}… is not the SHA-256 of its document; "
                "generate the manifest with SHA-256 ids (e.g. graphql-codegen's "
                "persistedDocuments with hashAlgorithm sha256)"
            )
        texts[digest.lower()] = text
    return texts
