# SPDX-License-Identifier: EUPL-1.2
"""Public tracking without login: the page ``tra-cuu/`` (a GET form).

The page and its JSON form (the REST API's ``GET /api/v1/track/<code>``, ``motcua.api``) answer
a wrong code and a wrong second factor in the same way, refuse with 429 over the limits of
``ratelimit``, and are never stored by caches (``no-store``).
"""

import math
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_safe

from motcua.portal.track.attempt import track_attempt
from motcua.portal.track.forms import TrackForm

TEMPLATE = "portal/track/track.html"


def _private(response: HttpResponse, retry_after: int | None = None) -> HttpResponse:
    add_never_cache_headers(response)
    response["Referrer-Policy"] = "no-referrer"  # the query string holds the second factor
    if retry_after is not None:
        response["Retry-After"] = str(retry_after)
    return response


def too_many_message(retry_after: int) -> str:
    minutes = max(1, math.ceil(retry_after / 60))
    return ngettext(
        "Too many attempts. Please wait %(minutes)d minute and try again.",
        "Too many attempts. Please wait %(minutes)d minutes and try again.",
        minutes,
    ) % {"minutes": minutes}


@require_safe
def track(request: HttpRequest) -> HttpResponse:
    """The form (the receipt's QR code prefills the code), then the dossier's public status."""
    submitted = "verifier" in request.GET
    form = TrackForm(request.GET if submitted else None, initial={"code": _initial_code(request)})
    context: dict[str, Any] = {"form": form}
    if not submitted or not form.is_valid():
        return _private(render(request, TEMPLATE, context))
    attempt = track_attempt(request, form.cleaned_data["code"], form.cleaned_data["verifier"])
    if attempt.retry_after is not None:
        context["too_many"] = too_many_message(attempt.retry_after)
        response = render(request, TEMPLATE, context, status=429)
        return _private(response, attempt.retry_after)
    if attempt.found is None:
        form.add_error(
            None, _("No dossier matches this code and these digits. Check both and try again.")
        )
        return _private(render(request, TEMPLATE, context, status=404))
    context["result"] = attempt.found
    context["form"] = TrackForm(initial={"code": attempt.found.code})
    return _private(render(request, TEMPLATE, context))


def _initial_code(request: HttpRequest) -> str:
    return request.GET.get("code", "").strip()[:64]
