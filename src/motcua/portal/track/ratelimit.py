# SPDX-License-Identifier: EUPL-1.2
"""Fixed-window counters against guessing dossier codes and their second factor.

Two limits (settings, docs/portal.md "Tracking"): lookups per client address, and wrong
second factors per dossier code. Counters live in Django's default cache under a key that
names the window, so they expire on their own: nobody can lock a code or an address for
longer than one window. The code counter counts every code typed, existing or not, so a 429
says nothing about whether the code exists.

The default local-memory cache is per process (enough for the embedded single-process
server); several processes or servers need a shared cache (e.g. Redis or the database
cache) or each process counts on its own.
"""

import hashlib
import ipaddress
import math
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest

from motcua.core import clock

PREFIX = "motcua:track"


@dataclass(frozen=True)
class Limit:
    name: str
    attempts: int
    window_seconds: int


def address_limit() -> Limit:
    return Limit(
        "address",
        getattr(settings, "MOTCUA_TRACK_RATE_PER_ADDRESS", 10),
        60 * getattr(settings, "MOTCUA_TRACK_RATE_PER_ADDRESS_MINUTES", 10),
    )


def code_limit() -> Limit:
    return Limit(
        "code",
        getattr(settings, "MOTCUA_TRACK_FAILURES_PER_CODE", 5),
        60 * getattr(settings, "MOTCUA_TRACK_FAILURES_PER_CODE_MINUTES", 60),
    )


def client_address(request: HttpRequest) -> str:
    """The client's address, IPv6 addresses grouped by /64 (one subscriber's block).

    ``MOTCUA_CLIENT_ADDRESS_HEADER`` names the request header (``request.META`` key) that
    holds it: ``REMOTE_ADDR`` unless a trusted reverse proxy sets another one; of a list
    (``X-Forwarded-For``) the last entry, the one the proxy added, is taken.
    """
    header = getattr(settings, "MOTCUA_CLIENT_ADDRESS_HEADER", "REMOTE_ADDR") or "REMOTE_ADDR"
    raw = str(request.META.get(header, "")).split(",")[-1].strip()
    try:
        address = ipaddress.ip_address(raw)
    except ValueError:
        return raw or "unknown"
    if isinstance(address, ipaddress.IPv6Address):
        if address.ipv4_mapped is not None:
            return str(address.ipv4_mapped)
        return str(ipaddress.ip_network(f"{address}/64", strict=False))
    return str(address)


def _key(limit: Limit, subject: str) -> tuple[str, int]:
    """The cache key of ``subject``'s counter in the current window, and seconds left in it."""
    now = clock.now().timestamp()
    window = int(now // limit.window_seconds)
    left = math.ceil((window + 1) * limit.window_seconds - now)
    digest = hashlib.sha256(subject.encode()).hexdigest()[:32]
    return f"{PREFIX}:{limit.name}:{window}:{digest}", max(left, 1)


def count(limit: Limit, subject: str) -> int:
    """Attempts of ``subject`` in the current window so far."""
    key, _left = _key(limit, subject)
    return int(cache.get(key, 0))


def hit(limit: Limit, subject: str) -> int:
    """Count one attempt of ``subject``; the new total in the current window."""
    key, left = _key(limit, subject)
    cache.add(key, 0, timeout=left + 1)
    try:
        return int(cache.incr(key))
    except ValueError:  # expired between add and incr: a new window
        cache.set(key, 1, timeout=left + 1)
        return 1


def retry_after(limit: Limit, subject: str) -> int:
    """Seconds until the current window of ``subject`` ends."""
    return _key(limit, subject)[1]
