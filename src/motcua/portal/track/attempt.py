# SPDX-License-Identifier: EUPL-1.2
"""One tracking attempt, shared by the page and the API: limits first, then the lookup.

1. Every attempt counts against the client's address; over the limit → refused.
2. A code that has had too many wrong second factors in the window → refused, before any
   lookup, whether or not the code exists.
3. The lookup; a wrong code or a wrong second factor is one and the same "not found", and
   counts as a failure of the code typed.
"""

from dataclasses import dataclass

from django.http import HttpRequest

from motcua.portal.track import ratelimit
from motcua.portal.track.public import PublicStatus, find_dossier, normalise_code, public_status


@dataclass(frozen=True)
class Attempt:
    found: PublicStatus | None = None
    retry_after: int | None = None  # seconds, when refused by a limit


def track_attempt(request: HttpRequest, code: str, verifier: str) -> Attempt:
    by_address = ratelimit.address_limit()
    address = ratelimit.client_address(request)
    if ratelimit.hit(by_address, address) > by_address.attempts:
        return Attempt(retry_after=ratelimit.retry_after(by_address, address))
    by_code = ratelimit.code_limit()
    code_key = normalise_code(code).upper()
    if ratelimit.count(by_code, code_key) >= by_code.attempts:
        return Attempt(retry_after=ratelimit.retry_after(by_code, code_key))
    dossier = find_dossier(code, verifier)
    if dossier is None:
        ratelimit.hit(by_code, code_key)
        return Attempt()
    return Attempt(found=public_status(dossier))
