"""The client's address behind trusted proxies, for lockouts (issue 13, finding 8).

Behind a proxy every client shares the proxy's ``REMOTE_ADDR``, so keying lockouts on it
let anyone lock any account for everyone. When ``REMOTE_ADDR`` is a configured trusted
proxy (``SAFEHOLD_TRUSTED_PROXIES``), the client is the right-most address in
``X-Forwarded-For`` that is not itself a trusted proxy; addresses further left were
written by the client and cannot be trusted. Without configured proxies the header is
ignored entirely.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Sequence

from django.conf import settings
from django.http import HttpRequest

Network = ipaddress.IPv4Network | ipaddress.IPv6Network


def _networks(trusted: Sequence[str]) -> list[Network]:
    return [ipaddress.ip_network(t, strict=False) for t in trusted]


def _is_trusted(address: str, networks: Sequence[Network]) -> bool:
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    return any(ip in n for n in networks)


def client_address(remote_addr: str, forwarded_for: str, trusted: Sequence[str]) -> str:
    """The client's address given the connection's, the header and the trusted proxies."""
    networks = _networks(trusted)
    if not networks or not _is_trusted(remote_addr, networks):
        return remote_addr
    hops = [h.strip() for h in forwarded_for.split(",") if h.strip()]
    for hop in reversed(hops):
        if not _is_trusted(hop, networks):
            try:
                return str(ipaddress.ip_address(hop))
            except ValueError:
                return remote_addr  # a garbled header: fall back to the proxy
    return remote_addr


def client_ip(request: HttpRequest) -> str:
    """``AXES_CLIENT_IP_CALLABLE``: the client's address for this request."""
    return client_address(
        request.META.get("REMOTE_ADDR", "") or "",
        request.META.get("HTTP_X_FORWARDED_FOR", "") or "",
        getattr(settings, "SAFEHOLD_TRUSTED_PROXIES", []),
    )
