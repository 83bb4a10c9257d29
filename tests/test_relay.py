"""Global IDs: the urlsafe base64 of "Type:key", read back as the type and the key."""

from __future__ import annotations

import base64

import pytest

from schema.relay import from_global_id, to_global_id


# keys whose texts pad differently, and type names that encode to "_" and "-"
@pytest.mark.parametrize(
    ("type_name", "key"),
    [("Member", 1), ("Petition", 12), ("X", 123), ("a>?", 9_223_372_036), ("~~~", 7)],
)
def test_a_global_id_is_the_urlsafe_base64_of_type_and_key(type_name: str, key: int) -> None:
    # given a type and a key, when encoded
    encoded = to_global_id(type_name, key)
    # then the bytes are base64.urlsafe_b64encode's, and read back as the type and key
    assert encoded == base64.urlsafe_b64encode(f"{type_name}:{key}".encode()).decode()
    assert from_global_id(encoded) == (type_name, key)
