# SPDX-License-Identifier: EUPL-1.2
"""Public tracking without login: the page ``tra-cuu/`` (a GET form) and its JSON API.

Both answer a wrong code and a wrong second factor in the same way, refuse with 429 over the
limits of ``ratelimit``, and are never stored by caches (``no-store``).
"""

import math
from datetime import datetime
from typing import Any

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_safe

from motcua.portal.track.attempt import Attempt, track_attempt
from motcua.portal.track.forms import TrackForm
from motcua.portal.track.public import PublicStatus, is_verifier

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


# --- API -------------------------------------------------------------------------------------

_TITLES = {400: "Bad Request", 404: "Not Found", 429: "Too Many Requests"}


def problem(status: int, code: str, detail: str, retry_after: int | None = None) -> HttpResponse:
    """An RFC 9457 problem document (``type`` about:blank, ``title`` the HTTP status phrase)."""
    body = {"type": "about:blank", "title": _TITLES[status], "status": status,
            "detail": detail, "code": code}  # fmt: skip
    response = JsonResponse(body, status=status, content_type="application/problem+json")
    return _private(response, retry_after)


def _iso(moment: datetime | None) -> str | None:
    return timezone.localtime(moment).isoformat() if moment is not None else None


def _document(found: PublicStatus) -> dict[str, Any]:
    return {
        "code": found.code,
        "procedure": found.procedure,
        "status": found.status,
        "status_label": found.status_label,
        "received_at": _iso(found.received_at),
        "due_at": _iso(found.due_at),
        "original_due_at": _iso(found.original_due_at),
        "current_unit": found.current_unit or None,
        "timeline": [
            {"at": _iso(entry.at), "title": entry.title, "unit": entry.unit or None}
            for entry in found.timeline
        ],
    }


def _answer(attempt: Attempt) -> HttpResponse:
    if attempt.retry_after is not None:
        return problem(429, "too_many_attempts", too_many_message(attempt.retry_after),
                       attempt.retry_after)  # fmt: skip
    if attempt.found is None:
        return problem(404, "not_found", _("No dossier matches this code and these digits."))
    return _private(JsonResponse(_document(attempt.found)))


@require_safe
def api_track(request: HttpRequest, code: str) -> HttpResponse:
    """``GET api/v1/track/<code>?verifier=<last 4 digits>`` → the public status as JSON."""
    verifier = "".join(request.GET.get("verifier", "").split())
    if not verifier:
        return problem(400, "verifier_missing",
                       _("Give the last 4 digits of the applicant's ID number or phone number "
                         "as the verifier parameter."))  # fmt: skip
    if not is_verifier(verifier):
        return problem(400, "verifier_invalid", _("The verifier must be exactly 4 digits."))
    return _answer(track_attempt(request, code, verifier))
