"""The service's checks run as one extension, between persisted queries and error masking."""

from __future__ import annotations

from transport.errors import MaskInternalErrors
from transport.metrics import Metrics
from transport.persisted_queries import PersistedQueryExtension
from transport.schema import SchemaLimits, build_schema
from transport.served import ServedHooks


def test_the_checks_are_one_extension_between_persisted_queries_and_masking() -> None:
    # given the schema as served
    schema = build_schema(metrics=Metrics(dict))
    # when a request's extensions are made, then the checks are one object, in their place
    assert [type(e) for e in schema.get_extensions()] == [
        PersistedQueryExtension,
        ServedHooks,
        MaskInternalErrors,
    ]


def test_without_masking_the_checks_come_last() -> None:
    schema = build_schema(SchemaLimits(mask_internal_errors=False))
    assert [type(e) for e in schema.get_extensions()] == [PersistedQueryExtension, ServedHooks]
