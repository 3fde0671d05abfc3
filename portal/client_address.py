"""The address a request comes from, believing X-Forwarded-For only from a trusted proxy.

The connection's peer (`scope["client"]`) is the client unless it is one of
`MI_TRUSTED_PROXIES`; then X-Forwarded-For names the client: the right-most hop that is
not itself a trusted proxy (each proxy appends the address it was reached from, so
everything left of that hop is whatever the client chose to send). These are uvicorn's
ProxyHeadersMiddleware semantics; `mi serve` gives uvicorn the same list, and when
uvicorn has already replaced the peer this finds the same address again.
"""

from __future__ import annotations

import ipaddress
from functools import lru_cache

from starlette.requests import HTTPConnection

UNKNOWN = "unknown"
# An address is a key of the login limit; nothing longer is a real one.
_MAX_LENGTH = 100

IPNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network


class TrustedProxies:
    def __init__(self, entries: list[str]) -> None:
        self.any = "*" in entries
        self.networks: list[IPNetwork] = []
        self.literals: set[str] = set()
        for entry in entries:
            try:
                self.networks.append(ipaddress.ip_network(entry, strict=False))
            except ValueError:
                # Not an IP (e.g. a unix socket, or the test client's "testclient").
                self.literals.add(entry)

    def __contains__(self, host: str) -> bool:
        if self.any:
            return True
        try:
            ip = ipaddress.ip_address(host)
        except ValueError:
            return host in self.literals
        return any(ip in network for network in self.networks)


@lru_cache(maxsize=8)
def trusted_proxies(setting: str) -> TrustedProxies:
    return TrustedProxies([entry.strip() for entry in setting.split(",") if entry.strip()])


def _host(hop: str) -> str:
    """`1.2.3.4`, `1.2.3.4:5678`, `[::1]:5678` or `::1` → the host, canonical if an IP."""
    host = hop
    if hop.startswith("["):
        host = hop[1 : hop.find("]")] if "]" in hop else hop
    elif hop.count(":") == 1:
        host = hop.rsplit(":", 1)[0]
    try:
        ip = ipaddress.ip_address(host)
    except ValueError:
        return host[:_MAX_LENGTH]
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    return ip.compressed


def forwarded_client(peer: str, forwarded_for: list[str], trusted: TrustedProxies) -> str:
    """The client address given the peer and the X-Forwarded-For values, in order."""
    if peer not in trusted:
        return peer
    hops = [_host(hop.strip()) for value in forwarded_for for hop in value.split(",")]
    hops = [hop for hop in hops if hop]
    if not hops:
        return peer
    for hop in reversed(hops):
        if hop not in trusted:
            return hop
    # Every hop is a trusted proxy: the left-most is as near the client as we get.
    return hops[0]


def client_address(connection: HTTPConnection | None, trusted_setting: str) -> str:
    if connection is None or connection.client is None or not connection.client.host:
        return UNKNOWN
    peer = _host(connection.client.host)
    return forwarded_client(
        peer, connection.headers.getlist("x-forwarded-for"), trusted_proxies(trusted_setting)
    )
