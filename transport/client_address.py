"""The client's address: the socket's peer, or what trusted proxies say it was.

Behind a load balancer every request comes from the balancer, so sign-in limits and
anonymous cost buckets would lump all clients together. Proxies report the address they saw
in `X-Forwarded-For` (or RFC 7239 `Forwarded`), each appending to the right; a client can
write anything to the left. So the header is read right to left, and only while the hop
that wrote an entry is one of the configured trusted proxies: the first address written by
an untrusted hop (or by the client itself) is the client.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Literal

ProxyHeader = Literal["x-forwarded-for", "forwarded"]
IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
IPNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network
MAX_HOPS = 32  # a longer chain is not a deployment, it is someone padding the header


def parse_address(text: str) -> IPAddress | None:
    """An address from a header entry: `1.2.3.4`, `1.2.3.4:80`, `[::1]:80`, `"[::1]"`."""
    value = text.strip().strip('"')
    if value.startswith("["):
        value = value[1 : value.find("]")] if "]" in value else ""
    elif value.count(":") == 1:
        value = value.partition(":")[0]
    try:
        address = ipaddress.ip_address(value)
    except ValueError:
        return None
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        return address.ipv4_mapped
    return address


def _forwarded_for(element: str) -> str:
    for pair in element.split(";"):
        name, _, value = pair.partition("=")
        if name.strip().lower() == "for":
            return value
    return ""


@dataclass(frozen=True, slots=True)
class TrustedProxies:
    networks: tuple[IPNetwork, ...] = ()
    header: ProxyHeader = "x-forwarded-for"

    @classmethod
    def parse(
        cls, entries: Iterable[str], *, header: ProxyHeader = "x-forwarded-for"
    ) -> TrustedProxies:
        """Addresses or networks (`10.0.0.0/8`); a malformed one stops start-up."""
        networks = []
        for entry in entries:
            try:
                networks.append(ipaddress.ip_network(entry.strip(), strict=False))
            except ValueError:
                raise ValueError(
                    f"ZHDJ_TRUSTED_PROXIES: {entry!r} is not an address or network "
                    "(e.g. 10.0.0.5 or 10.0.0.0/8)"
                ) from None
        return cls(tuple(networks), header)

    def trusts(self, address: IPAddress) -> bool:
        return any(address in network for network in self.networks)

    def client_address(self, peer: str | None, header_values: Sequence[str]) -> str | None:
        """The client's address for a connection from `peer` carrying the proxy header."""
        if peer is None or not self.networks:
            return peer
        current = parse_address(peer)
        if current is None or not self.trusts(current):
            return peer
        entries = [entry for value in header_values for entry in value.split(",")]
        for entry in reversed(entries[-MAX_HOPS:]):
            hop = parse_address(_forwarded_for(entry) if self.header == "forwarded" else entry)
            if hop is None:
                break  # a hop we cannot read: the last trusted proxy is as far as we know
            current = hop
            if not self.trusts(hop):
                break
        return str(current)
