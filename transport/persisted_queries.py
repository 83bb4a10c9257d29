"""Automatic persisted queries (Apollo's APQ protocol): a client sends the SHA-256 of a
document instead of its text, and the server answers from the text it kept.

A request carries `extensions.persistedQuery = {version: 1, sha256Hash}`: with the query
text, the text is checked against the hash and kept; without it, the kept text is used, or
the answer is PERSISTED_QUERY_NOT_FOUND and the client sends the text with the hash once.
Over HTTP (POST, and GET with `extensions` in the address) and in websocket subscribe (or
legacy start) messages. The texts live in this process, the least recently used dropped
beyond a bound: APQ clients re-register any hash the server does not know, so a restart, an
eviction or another instance behind the load balancer costs one extra round trip, never a
failure. With the document cache, a known hash skips parsing and validation entirely.
"""

from __future__ import annotations

import hashlib
import re
from collections import OrderedDict
from collections.abc import Iterator, Mapping
from typing import Any

from strawberry.extensions import SchemaExtension
from strawberry.subscriptions.protocols.graphql_transport_ws.handlers import (
    BaseGraphQLTransportWSHandler,
)
from strawberry.subscriptions.protocols.graphql_ws.handlers import BaseGraphQLWSHandler

from resolvers.context import Context
from resolvers.errors import BadUserInput, ErrorCode, UserError
from transport.trusted_documents import TrustedDocuments, check_key_documents

SHA256_HEX = re.compile(r"[0-9a-fA-F]{64}")
DEFAULT_PERSISTED_QUERIES = 10_000
FIELD = "extensions.persistedQuery"


class PersistedQueryNotFound(UserError):
    code = ErrorCode.PERSISTED_QUERY_NOT_FOUND


class PersistedQueries:
    """Query texts by their SHA-256 (lower-case hex), at most `size` of them, besides the
    `trusted` documents (transport/trusted_documents.py), which stay and bind their clients."""

    def __init__(self, size: int, trusted: TrustedDocuments | None = None) -> None:
        self.size = size
        self.trusted = trusted
        self._pinned = dict(trusted.texts) if trusted else {}
        self._texts: OrderedDict[str, str] = OrderedDict()

    def check(self, query: str | None, context: object) -> None:
        """Hold the request's viewer to the trusted documents: an API key's own, and the
        instance's, when there are any."""
        if isinstance(context, Context):
            check_key_documents(query, context.viewer)
            if self.trusted is not None:
                self.trusted.check(query, context.viewer)

    def resolve(self, query: str | None, extensions: Mapping[str, Any] | None) -> str | None:
        """The text to run: `query` itself (kept under its hash when one is given), or the
        text kept for the hash; UserErrors for a bad or unknown hash."""
        persisted = (extensions or {}).get("persistedQuery")
        if persisted is None:
            return query
        digest = _digest(persisted)
        if query is not None:
            if hashlib.sha256(query.encode()).hexdigest() != digest:
                raise BadUserInput(
                    "persistedQuery.sha256Hash is not the SHA-256 of the query sent with it: "
                    "hash the exact text (UTF-8, hex digest) or send the text alone.",
                    field=FIELD,
                )
            if digest not in self._pinned:
                self._keep(digest, query)
            return query
        pinned = self._pinned.get(digest)
        if pinned is not None:
            return pinned
        text = self._texts.get(digest)
        if text is None:
            raise PersistedQueryNotFound(
                "PersistedQueryNotFound: this server does not know that sha256Hash (yet); "
                "send the same request once more with the query text, then the hash alone.",
                field=FIELD,
            )
        self._texts.move_to_end(digest)
        return text

    def _keep(self, digest: str, text: str) -> None:
        self._texts[digest] = text
        self._texts.move_to_end(digest)
        while len(self._texts) > self.size:
            self._texts.popitem(last=False)


def _digest(persisted: object) -> str:
    if not isinstance(persisted, Mapping) or persisted.get("version") != 1:
        raise BadUserInput(
            "persistedQuery must be {version: 1, sha256Hash: <hex>}; only version 1 exists.",
            field=FIELD,
        )
    digest = persisted.get("sha256Hash")
    if not isinstance(digest, str) or not SHA256_HEX.fullmatch(digest):
        raise BadUserInput(
            "persistedQuery.sha256Hash must be the 64 hex digits of the query's SHA-256.",
            field=FIELD,
        )
    return digest.lower()


class PersistedQueryExtension(SchemaExtension):
    """Fills in the query text from the hash before anything else looks at the request (the
    HTTP transports pass `extensions` through; the websocket handlers below do it first),
    then holds the clients bound to trusted documents to them."""

    def __init__(self, *, queries: PersistedQueries) -> None:
        self.queries = queries

    def on_operation(self) -> Iterator[None]:
        execution = self.execution_context
        execution.query = self.queries.resolve(execution.query, execution.operation_extensions)
        self.queries.check(execution.query, execution.context)
        yield


async def _with_text(handler: Any, message: Any, *, errors_as_list: bool) -> Any | None:
    """The websocket message with its query text filled in from the hash (and held to the
    trusted documents); None once an error message went back instead (the connection stays
    open for other operations)."""
    payload = message.get("payload")
    if not handler.connection_acknowledged or not isinstance(payload, dict):
        return message  # the protocol handler refuses these itself
    try:
        queries = handler.view.persisted_queries
        query = queries.resolve(payload.get("query"), payload.get("extensions"))
        queries.check(query, handler.context)
    except UserError as error:
        errors = [error.formatted] if errors_as_list else error.formatted
        await handler.send_message({"id": message["id"], "type": "error", "payload": errors})
        return None
    return {**message, "payload": {**payload, "query": query}}


class PersistedTransportWSHandler(BaseGraphQLTransportWSHandler[Any, None]):
    """graphql-transport-ws: a subscribe message may carry the hash instead of the text."""

    async def handle_subscribe(self, message: Any) -> None:
        resolved = await _with_text(self, message, errors_as_list=True)
        if resolved is not None:
            await super().handle_subscribe(resolved)


class PersistedLegacyWSHandler(BaseGraphQLWSHandler[Any, None]):
    """The legacy graphql-ws protocol: the same, in a start message (one error object)."""

    async def handle_start(self, message: Any) -> None:
        resolved = await _with_text(self, message, errors_as_list=False)
        if resolved is not None:
            await super().handle_start(resolved)
