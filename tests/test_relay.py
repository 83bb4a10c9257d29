"""Global IDs: the urlsafe base64 of "Type:key", read back as the type and the key."""

from __future__ import annotations

import base64

from schema.relay import from_global_id, to_global_id


def test_a_global_id_is_the_urlsafe_base64_of_type_and_key() -> None:
    # given keys whose texts pad differently and encode to "-" and "_" ("~" and "?" bytes)
    for type_name, key in [("Member", 1), ("Petition", 12), ("X", 123), ("a>?", 9_223_372_036), ("~~~", 7)]:
        # when encoded, then the bytes are base64.urlsafe_b64encode's
        expected = base64.urlsafe_b64encode(f"{type_name}:{key}".encode()).decode()
        assert to_global_id(type_name, key) == expected
        assert from_global_id(expected) == (type_name, key)
