# SPDX-License-Identifier: EUPL-1.2
"""Rate limits: requests per minute of each API client, and of each address on public endpoints.

Fixed one-minute windows counted in Django's cache (``CACHE_URL``), with the counters of public
tracking (``portal/track/ratelimit``): a shared cache is needed when several processes serve the
API. Over the limit → ``429`` with ``Retry-After`` (seconds until the window ends).
"""

from django.conf import settings
from django.http import HttpRequest

from motcua.api.models import ApiClient
from motcua.api.problems import too_many_requests
from motcua.portal.track import ratelimit

MINUTE = 60


def _check(limit: ratelimit.Limit, subject: str) -> None:
    if ratelimit.hit(limit, subject) > limit.attempts:
        raise too_many_requests(ratelimit.retry_after(limit, subject))


def limit_client(client: ApiClient) -> None:
    """Count one request of ``client``; refused over its ``requests_per_minute``."""
    _check(ratelimit.Limit("api-client", client.requests_per_minute, MINUTE), client.client_id)


def limit_address(request: HttpRequest) -> None:
    """Count one request to a public endpoint from the request's address (IPv6 per /64)."""
    per_minute = int(settings.MOTCUA_API_PUBLIC_RATE_PER_MINUTE)
    _check(ratelimit.Limit("api-public", per_minute, MINUTE), ratelimit.client_address(request))
