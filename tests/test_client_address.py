"""The client's address behind trusted proxies: read right to left, only through trusted hops."""

from __future__ import annotations

import pytest

from transport.client_address import TrustedProxies

PROXIES = TrustedProxies.parse(["10.0.0.0/8", "192.0.2.1"])


def test_without_trusted_proxies_the_socket_peer_is_the_client() -> None:
    assert TrustedProxies().client_address("10.1.1.1", ["198.51.100.7"]) == "10.1.1.1"


def test_an_untrusted_peer_cannot_claim_another_address() -> None:
    assert PROXIES.client_address("198.51.100.7", ["1.2.3.4"]) == "198.51.100.7"


def test_the_first_untrusted_hop_from_the_right_is_the_client() -> None:
    # Given a client that forged an entry, then two trusted proxies that appended theirs
    header = ["6.6.6.6, 198.51.100.7, 10.0.0.9"]
    # Then the forged entry left of the real client is ignored
    assert PROXIES.client_address("192.0.2.1", header) == "198.51.100.7"


def test_several_header_lines_read_as_one_list() -> None:
    assert PROXIES.client_address("10.0.0.2", ["6.6.6.6", "198.51.100.7"]) == "198.51.100.7"


def test_a_malformed_entry_stops_at_the_last_trusted_hop() -> None:
    assert PROXIES.client_address("10.0.0.2", ["198.51.100.7, garbage"]) == "10.0.0.2"


def test_forwarded_for_with_ports_and_ipv6() -> None:
    proxies = TrustedProxies.parse(["10.0.0.0/8"], header="forwarded")
    header = ['for=6.6.6.6, for="[2001:db8::17]:4711";proto=https, for=10.0.0.3:80']
    assert proxies.client_address("10.0.0.2", header) == "2001:db8::17"


def test_a_malformed_proxy_setting_stops_start_up() -> None:
    with pytest.raises(ValueError, match="ZHDJ_TRUSTED_PROXIES"):
        TrustedProxies.parse(["not-a-network"])
